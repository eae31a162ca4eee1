// RUN: norm-opt %s --norm-insert-runtime-checks | FileCheck %s

// Every size relation that the verifier checks on static shapes gets a
// norm.assert_size when one of its sizes is dynamic; the message names the
// op, its location, the operand and has both sizes as {0} and {1}.

// CHECK-LABEL: func.func @layer_norm_dynamic(
//  CHECK-SAME:   %[[X:[^:]+]]: tensor<?x?xf32>, %[[G:[^:]+]]: tensor<?xf32>, %[[B:[^:]+]]: tensor<?xf32>
//   CHECK-DAG:   %[[C1:.*]] = arith.constant 1 : index
//       CHECK:   %[[ROW:.*]] = tensor.dim %[[X]], %[[C1]]
//       CHECK:   %[[GN:.*]] = tensor.dim %[[G]], %{{.*}}
//       CHECK:   norm.assert_size eq %[[GN]], %[[ROW]], "norm.layer_norm at {{.*}}insert-runtime-checks.mlir:[[@LINE+5]]:8: 'scale' has {0} elements but the normalized dim has {1}"
//       CHECK:   %[[BN:.*]] = tensor.dim %[[B]], %{{.*}}
//       CHECK:   norm.assert_size eq %[[BN]], %[[ROW]], "norm.layer_norm at {{.*}}: 'bias' has {0} elements but the normalized dim has {1}"
//       CHECK:   norm.layer_norm
func.func @layer_norm_dynamic(%x: tensor<?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// Static parameters against a dynamic row; static statistics results against
// a dynamic batch; several normalized dims.
// CHECK-LABEL: func.func @layer_norm_mixed(
//       CHECK:   norm.assert_size eq %{{.*}}, %{{.*}}, "norm.layer_norm at {{.*}}: 'scale' has {0} in dim 1 but normalized dim 2 of 'input' has {1}"
//       CHECK:   norm.assert_size eq %{{.*}}, %{{.*}}, "norm.layer_norm at {{.*}}: result 'mean' has the static size {0} in dim 0 but dim 0 of 'input' has {1}"
//       CHECK:   norm.assert_size eq %{{.*}}, %{{.*}}, "norm.layer_norm at {{.*}}: result 'inv_std_dev' has the static size {0} in dim 0 but dim 0 of 'input' has {1}"
//   CHECK-NOT:   norm.assert_size
//       CHECK:   norm.layer_norm
func.func @layer_norm_mixed(%x: tensor<?x4x?xf32>, %g: tensor<4x8xf32>) -> (tensor<?x4x?xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>) {
  %y, %m, %r = norm.layer_norm %x scale(%g : tensor<4x8xf32>) {axis = 1 : i64} : tensor<?x4x?xf32> -> mean(tensor<2x1x1xf32>), inv_std_dev(tensor<2x1x1xf32>)
  return %y, %m, %r : tensor<?x4x?xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>
}

// CHECK-LABEL: func.func @rms_norm_dynamic(
//       CHECK:   norm.assert_size eq %{{.*}}, %{{.*}}, "norm.rms_norm at {{.*}}: 'scale' has {0} elements but the normalized dim has {1}"
//   CHECK-NOT:   norm.assert_size
//       CHECK:   norm.rms_norm
func.func @rms_norm_dynamic(%x: tensor<3x?xf32>, %g: tensor<?xf32>) -> tensor<3x?xf32> {
  %y = norm.rms_norm %x scale(%g : tensor<?xf32>) : tensor<3x?xf32>
  return %y : tensor<3x?xf32>
}

// CHECK-LABEL: func.func @batch_norm_dynamic(
//       CHECK:   norm.assert_size eq {{.*}}'scale' has {0} elements but the channel dim of 'input' has {1}"
//       CHECK:   norm.assert_size eq {{.*}}'bias' has {0} elements
//       CHECK:   norm.assert_size eq {{.*}}'mean' has {0} elements
//       CHECK:   norm.assert_size eq {{.*}}'var' has {0} elements
//       CHECK:   norm.batch_norm
func.func @batch_norm_dynamic(%x: tensor<2x?x5xf16>, %g: tensor<4xf16>, %b: tensor<4xf16>, %m: tensor<?xf16>, %v: tensor<?xf16>) -> tensor<2x?x5xf16> {
  %y = norm.batch_norm %x scale(%g : tensor<4xf16>) bias(%b : tensor<4xf16>) mean(%m : tensor<?xf16>) var(%v : tensor<?xf16>) : tensor<2x?x5xf16>
  return %y : tensor<2x?x5xf16>
}

// batch_norm_train: parameters, running statistics, static statistics
// results, and the elements per channel (at least 2 for the unbiased running
// variance): the product of the other dims.
// CHECK-LABEL: func.func @batch_norm_train_dynamic(
//  CHECK-SAME:   %[[X:[^:]+]]: tensor<?x3x?xf32>
//       CHECK:   norm.assert_size eq {{.*}}'running_mean' has {0} elements
//       CHECK:   norm.assert_size eq {{.*}}'running_var' has {0} elements
//       CHECK:   %[[N:.*]] = tensor.dim %[[X]], %c0
//       CHECK:   %[[HW:.*]] = tensor.dim %[[X]], %c2
//       CHECK:   %[[COUNT:.*]] = arith.muli %[[N]], %[[HW]]
//       CHECK:   norm.assert_size ge %[[COUNT]], %{{.*}}, "norm.batch_norm_train at {{.*}}: {0} elements per channel, but the unbiased running variance needs at least {1}"
//       CHECK:   norm.batch_norm_train
func.func @batch_norm_train_dynamic(%x: tensor<?x3x?xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>, %rm: tensor<?xf32>, %rv: tensor<?xf32>) -> (tensor<?x3x?xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %bm, %bv, %nm, %nv = norm.batch_norm_train %x scale(%g : tensor<3xf32>) bias(%b : tensor<3xf32>) running_mean(%rm : tensor<?xf32>) running_var(%rv : tensor<?xf32>) {unbiased_running_var = true} : tensor<?x3x?xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %bm, %bv, %nm, %nv : tensor<?x3x?xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// A dynamic channel count: every per-channel operand and result is checked.
// CHECK-LABEL: func.func @batch_norm_train_dynamic_channels(
//   CHECK-COUNT-4:   norm.assert_size eq
//       CHECK:   norm.assert_size ge %{{.*}}, %{{.*}}, "norm.batch_norm_train at {{.*}}: {0} elements per channel: batch statistics need at least {1}"
func.func @batch_norm_train_dynamic_channels(%x: tensor<?x?xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<?x?xf32>, tensor<4xf32>, tensor<4xf32>) {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<4xf32>) bias(%b : tensor<4xf32>) : tensor<?x?xf32> -> batch_mean(tensor<4xf32>), batch_var(tensor<4xf32>)
  return %y, %bm, %bv : tensor<?x?xf32>, tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @group_norm_dynamic(
//       CHECK:   norm.assert_size eq {{.*}}'scale' has {0} elements
//       CHECK:   norm.assert_size eq {{.*}}'bias' has {0} elements
//       CHECK:   %[[C4:.*]] = arith.constant 4 : index
//       CHECK:   norm.assert_size divisible_by %{{.*}}, %[[C4]], "norm.group_norm at {{.*}}: 'input' has {0} channels, which 'num_groups' = {1} does not divide"
//       CHECK:   norm.assert_size eq {{.*}}"norm.group_norm at {{.*}}: result 'mean' has the static size {0} in dim 0 but dim 0 of 'input' has {1}"
//       CHECK:   norm.group_norm
func.func @group_norm_dynamic(%x: tensor<?x?x5xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> (tensor<?x?x5xf32>, tensor<2x4xf32>) {
  %y, %m = norm.group_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {num_groups = 4 : i64} : tensor<?x?x5xf32> -> mean(tensor<2x4xf32>)
  return %y, %m : tensor<?x?x5xf32>, tensor<2x4xf32>
}

// CHECK-LABEL: func.func @instance_norm_dynamic(
//  CHECK-COUNT-2:   norm.assert_size eq
//   CHECK-NOT:   norm.assert_size
//       CHECK:   norm.instance_norm
func.func @instance_norm_dynamic(%x: tensor<1x?x7xbf16>, %g: tensor<3xbf16>, %b: tensor<3xbf16>) -> tensor<1x?x7xbf16> {
  %y = norm.instance_norm %x scale(%g : tensor<3xbf16>) bias(%b : tensor<3xbf16>) : tensor<1x?x7xbf16>
  return %y : tensor<1x?x7xbf16>
}

// Static shapes, and dynamic dims that no relation involves (the batch of a
// row norm without statistics results), get no check.
// CHECK-LABEL: func.func @static_shapes(
//   CHECK-NOT:   norm.assert_size
//       CHECK:   return
func.func @static_shapes(%x: tensor<?x8xf32>, %g: tensor<8xf32>, %n: tensor<2x6x3xf32>, %s: tensor<6xf32>) -> (tensor<?x8xf32>, tensor<2x6x3xf32>, tensor<2x6x3xf32>, tensor<6xf32>, tensor<6xf32>) {
  %y = norm.layer_norm %x scale(%g : tensor<8xf32>) bias(%g : tensor<8xf32>) : tensor<?x8xf32>
  %z = norm.group_norm %n scale(%s : tensor<6xf32>) bias(%s : tensor<6xf32>) {num_groups = 3 : i64} : tensor<2x6x3xf32>
  %t, %bm, %bv = norm.batch_norm_train %n scale(%s : tensor<6xf32>) bias(%s : tensor<6xf32>) : tensor<2x6x3xf32> -> batch_mean, batch_var
  return %y, %z, %t, %bm, %bv : tensor<?x8xf32>, tensor<2x6x3xf32>, tensor<2x6x3xf32>, tensor<6xf32>, tensor<6xf32>
}
