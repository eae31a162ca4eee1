// PENDING: needs the norm-raise patterns for TOSA and norm-fold-batch-norm
// (lib/Dialect/Norm/Transforms/Raise*.cpp, the raise branches of issue 13).
// Left out of lit by its .pending suffix: rename it to
// raise-resnet-block.mlir once they are merged.
//
// norm-raise finds the two inference batch norms of the ResNet basic block
// (torch-mlir's TorchToTosa form: tosa.const statistics reshaped to
// [1, C, 1, 1], tosa.sub, tosa.add of eps, tosa.rsqrt, tosa.mul, tosa.mul,
// tosa.add) over the channel dim 1 of the NCHW activations.
// RUN: norm-opt %norm_src_root/examples/resnet_block.mlir --norm-raise \
// RUN:   | FileCheck %s --check-prefix=RAISED
// RAISED-LABEL: func.func @resnet_block
// RAISED-COUNT-2: norm.batch_norm
// RAISED-NOT: norm.batch_norm
// RAISED-NOT: tosa.rsqrt
//
// With constant statistics and weights, norm-fold-batch-norm folds both into
// the convolutions (after the TOSA lowering of norm-cpu-pipeline's raise=true
// they are linalg convolutions with folded constant weights): no batch norm
// and no rsqrt is left.
// RUN: norm-opt %norm_src_root/examples/resnet_block.mlir --norm-raise \
// RUN:   --norm-fold-batch-norm | FileCheck %s --check-prefix=FOLDED
// FOLDED-LABEL: func.func @resnet_block
// FOLDED-NOT: norm.batch_norm
// FOLDED-NOT: rsqrt
// FOLDED: return
