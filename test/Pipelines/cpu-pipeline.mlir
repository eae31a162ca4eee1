// RUN: norm-opt %s --norm-cpu-pipeline | FileCheck %s
// RUN: norm-opt %s --norm-cpu-pipeline | FileCheck %s --check-prefix=NOHIGH

// A model-like module: a residual add and a matmul (upstream linalg) around a
// LayerNorm and a BatchNorm go all the way to the LLVM dialect, with buffers
// allocated and freed and the function boundary bufferized.

// CHECK-DAG: llvm.func @malloc
// CHECK-DAG: llvm.func @free
// CHECK-LABEL: llvm.func @block
//       CHECK:   llvm.fadd
//       CHECK:   llvm.intr.sqrt
//       CHECK:   llvm.fmul
//       CHECK:   llvm.call @free
//       CHECK:   llvm.return
// NOHIGH-NOT: norm.
// NOHIGH-NOT: linalg.
// NOHIGH-NOT: tensor.
// NOHIGH-NOT: memref.
// NOHIGH-NOT: scf.
// NOHIGH-NOT: func.func
// NOHIGH-NOT: unrealized_conversion_cast
func.func @block(%x: tensor<4x8xf32>, %res: tensor<4x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>,
                 %w: tensor<8x8xf32>, %bn_g: tensor<8xf32>, %bn_b: tensor<8xf32>,
                 %bn_m: tensor<8xf32>, %bn_v: tensor<8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %h = linalg.add ins(%x, %res : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %n = norm.layer_norm %h scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>) : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %p = linalg.matmul ins(%n, %w : tensor<4x8xf32>, tensor<8x8xf32>) outs(%acc : tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = norm.batch_norm %p, %bn_g, %bn_b, %bn_m, %bn_v
      : tensor<4x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
  return %y : tensor<4x8xf32>
}
