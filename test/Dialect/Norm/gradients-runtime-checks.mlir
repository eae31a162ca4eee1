// RUN: norm-opt %s --norm-insert-runtime-checks | FileCheck %s

// The gradient ops get the run-time checks of their layouts: x against dy,
// the statistics and the scale, and the static sizes of the parameter
// gradients; the messages name `dy`.

// CHECK-LABEL: func.func @layer_norm_grad_dynamic(
//  CHECK-SAME:   %[[DY:[^:]+]]: tensor<?x?xf32>, %[[X:[^:]+]]: tensor<?x?xf32>, %[[M:[^:]+]]: tensor<?x1xf32>, %[[R:[^:]+]]: tensor<?x1xf32>, %[[G:[^:]+]]: tensor<?xf32>
//       CHECK:   %[[COLS:.*]] = tensor.dim %[[DY]], %c1
//       CHECK:   norm.assert_size eq %{{.*}}, %[[COLS]], "norm.layer_norm_grad at {{.*}}: 'scale' has {0} elements but the normalized dim has {1}"
//       CHECK:   %[[ROWS:.*]] = tensor.dim %[[DY]], %c0
//       CHECK:   norm.assert_size eq %{{.*}}, %[[ROWS]], "norm.layer_norm_grad at {{.*}}: 'mean' has {0} in dim 0 but dim 0 of 'dy' has {1}"
//       CHECK:   norm.assert_size eq %{{.*}}, %[[ROWS]], "norm.layer_norm_grad at {{.*}}: 'inv_std_dev' has {0} in dim 0 but dim 0 of 'dy' has {1}"
//       CHECK:   norm.assert_size eq %{{.*}}, %[[ROWS]], "norm.layer_norm_grad at {{.*}}: 'x' has {0} in dim 0 but dim 0 of 'dy' has {1}"
//       CHECK:   norm.assert_size eq %{{.*}}, %[[COLS]], "norm.layer_norm_grad at {{.*}}: 'x' has {0} in dim 1 but dim 1 of 'dy' has {1}"
//       CHECK:   norm.assert_size eq %c8{{.*}}, %[[COLS]], "norm.layer_norm_grad at {{.*}}: result 'dscale' has the static size {0} in dim 0 but the normalized dim has {1}"
//       CHECK:   norm.layer_norm_grad
func.func @layer_norm_grad_dynamic(%dy: tensor<?x?xf32>, %x: tensor<?x?xf32>, %m: tensor<?x1xf32>, %r: tensor<?x1xf32>, %g: tensor<?xf32>) -> (tensor<?x?xf32>, tensor<8xf32>) {
  %dx, %dg = norm.layer_norm_grad %dy x(%x : tensor<?x?xf32>) mean(%m : tensor<?x1xf32>) inv_std_dev(%r : tensor<?x1xf32>) scale(%g : tensor<?xf32>) : tensor<?x?xf32> -> dscale(tensor<8xf32>)
  return %dx, %dg : tensor<?x?xf32>, tensor<8xf32>
}

// CHECK-LABEL: func.func @group_norm_grad_dynamic(
//       CHECK:   norm.assert_size eq {{.*}} "norm.group_norm_grad at {{.*}}: 'scale' has {0} elements but the channel dim of 'dy' has {1}"
//       CHECK:   norm.assert_size divisible_by {{.*}} "norm.group_norm_grad at {{.*}}: 'dy' has {0} channels, which 'num_groups' = {1} does not divide"
//       CHECK:   norm.group_norm_grad
func.func @group_norm_grad_dynamic(%dy: tensor<2x?x3xf32>, %m: tensor<2x2xf32>, %g: tensor<?xf32>) -> tensor<2x?x3xf32> {
  %dx = norm.group_norm_grad %dy x(%dy : tensor<2x?x3xf32>) mean(%m : tensor<2x2xf32>) inv_std_dev(%m : tensor<2x2xf32>) scale(%g : tensor<?xf32>) {num_groups = 2 : i64} : tensor<2x?x3xf32>
  return %dx : tensor<2x?x3xf32>
}

// Static shapes: nothing to check.
// CHECK-LABEL: func.func @batch_norm_grad_static(
//   CHECK-NOT:   norm.assert_size
//       CHECK:   norm.batch_norm_grad
func.func @batch_norm_grad_static(%dy: tensor<2x4x3xf32>, %m: tensor<4xf32>) -> tensor<2x4x3xf32> {
  %dx = norm.batch_norm_grad %dy x(%dy : tensor<2x4x3xf32>) mean(%m : tensor<4xf32>) var(%m : tensor<4xf32>) scale(%m : tensor<4xf32>) : tensor<2x4x3xf32>
  return %dx : tensor<2x4x3xf32>
}
