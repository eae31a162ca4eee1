// RUN: norm-opt %s --convert-norm-to-linalg --canonicalize --cse | FileCheck %s

// The reference lowering of a row norm with a residual: one elementwise
// generic reads x and r in the same loop and adds them in the element type;
// its result is what the moments and the normalization read, and the `sum`.

// CHECK-LABEL: func.func @rms_norm_residual(
//  CHECK-SAME:   %[[X:[^:]+]]: tensor<?x?xf32>, %[[R:[^:]+]]: tensor<?x?xf32>
//       CHECK:   %[[SUM:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]{{.*}} ins(%[[X]], %[[R]] : tensor<?x?xf32>, tensor<?x?xf32>)
//       CHECK:   ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
//       CHECK:     %[[ADD:.*]] = arith.addf %[[A]], %[[B]] : f32
//       CHECK:     linalg.yield %[[ADD]]
//       CHECK:   linalg.generic {{.*}}ins(%[[SUM]] : tensor<?x?xf32>)
//   CHECK-NOT:   ins(%[[X]]
//       CHECK:   %[[Y:[^ ]*]] = linalg.generic {{.*}}ins(%[[SUM]], %{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>)
//       CHECK:   return %[[Y]], %[[SUM]]
func.func @rms_norm_residual(%x: tensor<?x?xf32>, %r: tensor<?x?xf32>, %g: tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %y, %s = norm.rms_norm %x residual(%r : tensor<?x?xf32>) scale(%g : tensor<?xf32>) : tensor<?x?xf32> -> sum
  return %y, %s : tensor<?x?xf32>, tensor<?x?xf32>
}

// bf16: the add is in bf16 (the element type), as arith.addf of the pair.
// CHECK-LABEL: func.func @layer_norm_residual_bf16(
//  CHECK-SAME:   %[[X:[^:]+]]: tensor<4x64xbf16>, %[[R:[^:]+]]: tensor<4x64xbf16>
//       CHECK:   %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[R]] : tensor<4x64xbf16>, tensor<4x64xbf16>)
//       CHECK:     arith.addf %{{.*}}, %{{.*}} : bf16
//       CHECK:   %[[Y:[^ ]*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]{{.*}}ins(%[[SUM]], 
//       CHECK:   return %[[Y]], %[[SUM]], %{{.*}}, %{{.*}} : tensor<4x64xbf16>, tensor<4x64xbf16>, tensor<4x1xf32>, tensor<4x1xf32>
func.func @layer_norm_residual_bf16(%x: tensor<4x64xbf16>, %r: tensor<4x64xbf16>) -> (tensor<4x64xbf16>, tensor<4x64xbf16>, tensor<4x1xf32>, tensor<4x1xf32>) {
  %y, %s, %m, %v = norm.layer_norm %x residual(%r : tensor<4x64xbf16>) : tensor<4x64xbf16> -> sum, mean, inv_std_dev
  return %y, %s, %m, %v : tensor<4x64xbf16>, tensor<4x64xbf16>, tensor<4x1xf32>, tensor<4x1xf32>
}
