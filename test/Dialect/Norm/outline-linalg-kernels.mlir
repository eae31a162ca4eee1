// RUN: norm-opt %s --norm-outline-kernels=linalg-kernels=true | FileCheck %s
// RUN: norm-opt %s --norm-outline-kernels | FileCheck %s --check-prefix=NORM-ONLY

// With linalg-kernels, the matmuls and the row reduction become kernels too,
// each with the fills and elementwise ops that only it uses; the two blocks
// differ only in their weights (arguments), so each kernel exists once. The
// batch size reaches the kernels as an index, not as the model's input.

// CHECK-LABEL: func.func @blocks(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x64xf32>
// CHECK:         %[[N:.*]] = tensor.dim %[[X]]
// CHECK:         %[[L0:.*]] = call @[[LN:blocks_layer_norm]](%[[X]])
// CHECK:         %[[M0:.*]] = call @[[MM:blocks_matmul]](%[[N]], %[[L0]], %{{.*}})
// CHECK:         %[[S0:.*]] = call @[[RED:blocks_generic]](%[[N]], %[[M0]])
// CHECK:         %[[L1:.*]] = call @[[LN]](%[[M0]])
// CHECK:         %[[M1:.*]] = call @[[MM]](%[[N]], %[[L1]], %{{.*}})
// CHECK:         %[[S1:.*]] = call @[[RED]](%[[N]], %[[M1]])
// CHECK:         return %[[M1]], %[[S0]], %[[S1]]
// CHECK-NOT:     linalg.
// CHECK:       func.func private @[[LN]](
// CHECK:       func.func private @[[RED]](%{{.*}}: index, %{{.*}}: tensor<?x64xf32>) -> tensor<?xf32> attributes {norm.kernel}
// CHECK:         linalg.fill
// CHECK:         linalg.generic
// CHECK-SAME:      iterator_types = ["parallel", "reduction"]
// CHECK:       func.func private @[[MM]](%[[MN:.*]]: index, %[[MA:.*]]: tensor<?x64xf32>, %[[MW:.*]]: tensor<64x64xf32>) -> tensor<?x64xf32> attributes {norm.kernel}
// CHECK:         %[[ME:.*]] = tensor.empty(%[[MN]])
// CHECK:         %[[MF:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[ME]]
// CHECK:         linalg.matmul ins(%[[MA]], %[[MW]] : {{.*}}) outs(%[[MF]]
// CHECK-NOT:   func.func private

// Without it only the norm op moves.
// NORM-ONLY-LABEL: func.func @blocks(
// NORM-ONLY:         call @blocks_layer_norm(
// NORM-ONLY:         linalg.matmul
// NORM-ONLY:         linalg.generic
// NORM-ONLY:         call @blocks_layer_norm(
// NORM-ONLY:         linalg.matmul
#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @blocks(%x: tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?xf32>, tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x64xf32>
  %w0 = arith.constant dense<0.5> : tensor<64x64xf32>
  %w1 = arith.constant dense<0.25> : tensor<64x64xf32>
  %l0 = norm.layer_norm %x : tensor<?x64xf32>
  %e0 = tensor.empty(%n) : tensor<?x64xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %m0 = linalg.matmul ins(%l0, %w0 : tensor<?x64xf32>, tensor<64x64xf32>) outs(%f0 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %r0 = tensor.empty(%n) : tensor<?xf32>
  %z0 = linalg.fill ins(%zero : f32) outs(%r0 : tensor<?xf32>) -> tensor<?xf32>
  %s0 = linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%m0 : tensor<?x64xf32>) outs(%z0 : tensor<?xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %v = arith.addf %a, %acc : f32
    linalg.yield %v : f32
  } -> tensor<?xf32>
  %l1 = norm.layer_norm %m0 : tensor<?x64xf32>
  %e1 = tensor.empty(%n) : tensor<?x64xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %m1 = linalg.matmul ins(%l1, %w1 : tensor<?x64xf32>, tensor<64x64xf32>) outs(%f1 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %r1 = tensor.empty(%n) : tensor<?xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%r1 : tensor<?xf32>) -> tensor<?xf32>
  %s1 = linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%m1 : tensor<?x64xf32>) outs(%z1 : tensor<?xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %v = arith.addf %a, %acc : f32
    linalg.yield %v : f32
  } -> tensor<?xf32>
  return %m1, %s0, %s1 : tensor<?x64xf32>, tensor<?xf32>, tensor<?xf32>
}
