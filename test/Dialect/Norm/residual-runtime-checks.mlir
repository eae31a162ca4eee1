// RUN: norm-opt %s --norm-insert-runtime-checks | FileCheck %s

// A residual with a dynamic size, or one whose size the input leaves dynamic,
// is checked against the input dim by dim; static equal dims need no check.

// CHECK-LABEL: func.func @layer_norm_residual_dynamic(
//  CHECK-SAME:   %[[X:[^:]+]]: tensor<?x?xf32>, %[[R:[^:]+]]: tensor<?x?xf32>
//       CHECK:   %[[X0:.*]] = tensor.dim %[[X]], %{{.*}}
//       CHECK:   %[[X1:.*]] = tensor.dim %[[X]], %{{.*}}
//       CHECK:   %[[R0:.*]] = tensor.dim %[[R]], %{{.*}}
//       CHECK:   norm.assert_size eq %[[R0]], %[[X0]], "norm.layer_norm at {{.*}}residual-runtime-checks.mlir:[[@LINE+6]]:12: 'residual' has {0} in dim 0 but dim 0 of 'input' has {1}"
//       CHECK:   %[[R1:.*]] = tensor.dim %[[R]], %{{.*}}
//       CHECK:   norm.assert_size eq %[[R1]], %[[X1]], "norm.layer_norm at {{.*}}: 'residual' has {0} in dim 1 but dim 1 of 'input' has {1}"
//   CHECK-NOT:   norm.assert_size
//       CHECK:   norm.layer_norm
func.func @layer_norm_residual_dynamic(%x: tensor<?x?xf32>, %r: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %y, %s = norm.layer_norm %x residual(%r : tensor<?x?xf32>) : tensor<?x?xf32> -> sum
  return %y, %s : tensor<?x?xf32>, tensor<?x?xf32>
}

// Only the dim that is dynamic on one side is checked.
// CHECK-LABEL: func.func @rms_norm_residual_mixed(
//       CHECK:   norm.assert_size eq %{{.*}}, %{{.*}}, "norm.rms_norm at {{.*}}: 'residual' has {0} in dim 0 but dim 0 of 'input' has {1}"
//   CHECK-NOT:   norm.assert_size
//       CHECK:   norm.rms_norm
func.func @rms_norm_residual_mixed(%x: tensor<?x64xbf16>, %r: tensor<8x64xbf16>) -> tensor<?x64xbf16> {
  %y = norm.rms_norm %x residual(%r : tensor<8x64xbf16>) : tensor<?x64xbf16>
  return %y : tensor<?x64xbf16>
}

// Static and equal: nothing to check.
// CHECK-LABEL: func.func @rms_norm_residual_static(
//   CHECK-NOT:   norm.assert_size
//       CHECK:   norm.rms_norm
func.func @rms_norm_residual_static(%x: tensor<8x64xf32>, %r: tensor<8x64xf32>) -> tensor<8x64xf32> {
  %y = norm.rms_norm %x residual(%r : tensor<8x64xf32>) : tensor<8x64xf32>
  return %y : tensor<8x64xf32>
}
