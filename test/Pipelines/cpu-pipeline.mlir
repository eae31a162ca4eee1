// RUN: norm-opt %s --split-input-file --norm-cpu-pipeline="vector-width=8" | FileCheck %s
// RUN: norm-opt %s --split-input-file --norm-cpu-pipeline | FileCheck %s --check-prefix=NOHIGH

// A model-like module: a residual add and a matmul (upstream linalg) around a
// LayerNorm and a BatchNorm go all the way to the LLVM dialect, with buffers
// allocated and freed and the function boundary bufferized.

// RUN: norm-opt %s --split-input-file --norm-cpu-pipeline="num-threads=1" | FileCheck %s --check-prefix=SERIAL

// By default the row tiles of the LayerNorm (residual add fused in) and the
// instances of the BatchNorm run in OpenMP worksharing loops; the LayerNorm
// rows are summed in vector registers (f32 accumulators, one horizontal
// reduction per pass); buffers come from aligned_alloc (noalias for LLVM)
// and are freed.

// CHECK-DAG: llvm.func @aligned_alloc
// CHECK-DAG: llvm.func @free
// CHECK-LABEL: llvm.func @block
//       CHECK:   omp.parallel
//       CHECK:     omp.wsloop
//       CHECK:       omp.loop_nest
//       CHECK:         llvm.fadd {{.*}} {fastmathFlags = #llvm.fastmath<reassoc>} : vector<8xf32>
//       CHECK:         "llvm.intr.vector.reduce.fadd"({{.*}}) <{fastmathFlags = #llvm.fastmath<reassoc>}> : (f32, vector<8xf32>) -> f32
//       CHECK:         llvm.intr.sqrt
//       CHECK:         llvm.call @free
//       CHECK:         omp.yield
//       CHECK:   omp.parallel
//       CHECK:   llvm.return

// With one thread the tiles are plain loops and OpenMP is not used at all.
// SERIAL-LABEL: llvm.func @block
//   SERIAL-NOT:   omp.
//       SERIAL:   llvm.return
// NOHIGH-NOT: {{[= ] norm\.}}
// NOHIGH-NOT: linalg.
// NOHIGH-NOT: tensor.
// NOHIGH-NOT: memref.
// NOHIGH-NOT: scf.
// NOHIGH-NOT: func.func
// NOHIGH-NOT: unrealized_conversion_cast
func.func @block(%x: tensor<64x8xf32>, %res: tensor<64x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>,
                 %w: tensor<8x8xf32>, %bn_g: tensor<8xf32>, %bn_b: tensor<8xf32>,
                 %bn_m: tensor<8xf32>, %bn_v: tensor<8xf32>) -> tensor<64x8xf32> {
  %e = tensor.empty() : tensor<64x8xf32>
  %h = linalg.add ins(%x, %res : tensor<64x8xf32>, tensor<64x8xf32>) outs(%e : tensor<64x8xf32>) -> tensor<64x8xf32>
  %n = norm.layer_norm %h scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>) : tensor<64x8xf32>
  %zero = arith.constant 0.0 : f32
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<64x8xf32>) -> tensor<64x8xf32>
  %p = linalg.matmul ins(%n, %w : tensor<64x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<64x8xf32>) -> tensor<64x8xf32>
  %y = norm.batch_norm %p scale(%bn_g : tensor<8xf32>) bias(%bn_b : tensor<8xf32>) mean(%bn_m : tensor<8xf32>) var(%bn_v : tensor<8xf32>)
      : tensor<64x8xf32>
  return %y : tensor<64x8xf32>
}

// -----

// RUN: norm-opt %s --split-input-file --norm-cpu-pipeline="vector-width=8" | FileCheck %s --check-prefix=STREAM

// A DRAM-sized LayerNorm: rows are written with aligned non-temporal vector
// stores when the row start is aligned, with plain stores otherwise, and the
// tail with a masked store; one fence ends each tile of rows.

// STREAM-LABEL: llvm.func @big_rows
//       STREAM:   omp.parallel
//       STREAM:     llvm.intr.masked.load
//       STREAM:     llvm.store %{{.*}}, %{{.*}} {alignment = 32 : i64, nontemporal} : vector<8xf32>, !llvm.ptr
//       STREAM:     llvm.store %{{.*}}, %{{.*}} {alignment = 4 : i64} : vector<8xf32>, !llvm.ptr
//       STREAM:     llvm.intr.masked.store
//       STREAM:     llvm.fence seq_cst
//       STREAM:     omp.yield
func.func @big_rows(%x: tensor<?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// RUN: norm-opt %s --split-input-file --norm-cpu-pipeline="vector-width=8" | FileCheck %s --check-prefix=BN

// BatchNorm-train of a dynamic NCHW input: H and W are merged
// (norm-flatten-batch-norm), the tiles of channels run in an OpenMP
// worksharing loop, each tile's sums are vector adds reduced once per
// channel, and runs of whole cache lines are written with aligned streaming
// stores; one fence ends a tile.

// BN-LABEL: llvm.func @bn_train_nchw
//       BN:   omp.parallel
//       BN:     omp.wsloop
//       BN:       llvm.fadd {{.*}} {fastmathFlags = #llvm.fastmath<reassoc>} : vector<8xf32>
//       BN:       "llvm.intr.vector.reduce.fadd"({{.*}}) <{fastmathFlags = #llvm.fastmath<reassoc>}> : (f32, vector<8xf32>) -> f32
//       BN:       llvm.intr.sqrt
//       BN:       llvm.store %{{.*}}, %{{.*}} {alignment = 32 : i64, nontemporal} : vector<8xf32>, !llvm.ptr
//       BN:       llvm.fence seq_cst
//       BN:       omp.yield
func.func @bn_train_nchw(%x: tensor<?x?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> (tensor<?x?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) : tensor<?x?x?x?xf32> -> batch_mean, batch_var
  return %y, %m, %v : tensor<?x?x?x?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// Channels-last BatchNorm-train: two OpenMP loops over blocks of images (the
// statistics of each block, then the output), vectorized across channels.

// BN-LABEL: llvm.func @bn_train_nhwc
//       BN:   omp.parallel
//       BN:     omp.wsloop
//       BN:       llvm.fadd {{.*}} : vector<8xf32>
//       BN:   omp.parallel
//       BN:     omp.wsloop
//       BN:       llvm.store %{{.*}}, %{{.*}} {alignment = 32 : i64, nontemporal} : vector<8xf32>, !llvm.ptr
func.func @bn_train_nhwc(%x: tensor<?x?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> (tensor<?x?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {feature_axis = -1 : i64} : tensor<?x?x?x?xf32> -> batch_mean, batch_var
  return %y, %m, %v : tensor<?x?x?x?xf32>, tensor<?xf32>, tensor<?xf32>
}
