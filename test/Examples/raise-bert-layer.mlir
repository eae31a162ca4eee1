// norm-raise finds the two decomposed LayerNorms of the BERT encoder layer
// (torch-mlir's TorchToLinalg form: sum / N, x - mean, mean of squares,
// + eps, rsqrt, * weight, + bias) and leaves the softmax (a near miss: a max,
// not a mean, and exp) alone.
// RUN: norm-opt %norm_src_root/examples/bert_layer.mlir --norm-raise \
// RUN:   | FileCheck %s
// CHECK-LABEL: func.func @bert_layer
// CHECK-COUNT-2: norm.layer_norm
// CHECK-NOT: norm.layer_norm
// CHECK-NOT: math.rsqrt
// CHECK: return
// The softmax's reductions are still there.
// RUN: norm-opt %norm_src_root/examples/bert_layer.mlir --norm-raise \
// RUN:   | FileCheck %s --check-prefix=SOFTMAX
// SOFTMAX: arith.maximumf
// SOFTMAX: math.exp
//
// The raised model computes the same (the execution test,
// bert-layer.test, runs it with raise=true too).
// RUN: norm-opt %norm_src_root/examples/bert_layer.mlir \
// RUN:   --norm-cpu-pipeline="raise=true" -o /dev/null
