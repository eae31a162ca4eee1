// RUN: norm-opt %s -resolve-ranked-shaped-type-result-dims -cse | FileCheck %s

// The norm ops implement ReifyRankedShapedTypeOpInterface: `tensor.dim` of a
// result resolves to `tensor.dim` of the input (or to a constant for the unit
// dims of row statistics and the G dim of group statistics), so the norm op
// is no longer needed to know the size (and, now unused, is erased). -cse
// merges the duplicate input dims so that the returned values can be named.

// CHECK-LABEL: func.func @layer_norm_dims(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x?xf32>
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[D0:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?x?xf32>
// CHECK-DAG: %[[D1:.+]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?x?xf32>
// CHECK-DAG: %[[D2:.+]] = tensor.dim %[[X]], %[[C2]] : tensor<?x?x?xf32>
// CHECK-NOT: norm.layer_norm
// CHECK: return %[[D2]], %[[D0]], %[[D1]], %[[C1]], %[[D0]], %[[C1]]
func.func @layer_norm_dims(%x: tensor<?x?x?xf32>)
    -> (index, index, index, index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  // The statistics are typed with dynamic unit dims (compatible with the
  // layout [?, ?, 1, 1]) so that their sizes have to be reified.
  %y, %m, %r = norm.layer_norm %x {axis = 2 : i64}
      : tensor<?x?x?xf32> -> mean(tensor<?x?x?xf32>), inv_std_dev(tensor<?x?x?xf32>)
  %y2 = tensor.dim %y, %c2 : tensor<?x?x?xf32>
  %m0 = tensor.dim %m, %c0 : tensor<?x?x?xf32>
  %m1 = tensor.dim %m, %c1 : tensor<?x?x?xf32>
  %m2 = tensor.dim %m, %c2 : tensor<?x?x?xf32>
  %r0 = tensor.dim %r, %c0 : tensor<?x?x?xf32>
  %r2 = tensor.dim %r, %c2 : tensor<?x?x?xf32>
  return %y2, %m0, %m1, %m2, %r0, %r2 : index, index, index, index, index, index
}

// Only inv_std_dev present: its result index is 1, not 2.
// CHECK-LABEL: func.func @layer_norm_inv_std_dev_only(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?xf16>
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[D0:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?xf16>
// CHECK-NOT: norm.layer_norm
// CHECK: return %[[D0]], %[[C1]]
func.func @layer_norm_inv_std_dev_only(%x: tensor<?x?xf16>) -> (index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %y, %r = norm.layer_norm %x : tensor<?x?xf16> -> inv_std_dev(tensor<?x?xf32>)
  %r0 = tensor.dim %r, %c0 : tensor<?x?xf32>
  %r1 = tensor.dim %r, %c1 : tensor<?x?xf32>
  return %r0, %r1 : index, index
}

// CHECK-LABEL: func.func @rms_norm_dims(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?xbf16>
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[D0:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?xbf16>
// CHECK-DAG: %[[D1:.+]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?xbf16>
// CHECK-NOT: norm.rms_norm
// CHECK: return %[[D1]], %[[D0]], %[[C1]]
func.func @rms_norm_dims(%x: tensor<?x?xbf16>) -> (index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %y, %r = norm.rms_norm %x : tensor<?x?xbf16> -> inv_rms(tensor<?x?xf32>)
  %y1 = tensor.dim %y, %c1 : tensor<?x?xbf16>
  %r0 = tensor.dim %r, %c0 : tensor<?x?xf32>
  %r1 = tensor.dim %r, %c1 : tensor<?x?xf32>
  return %y1, %r0, %r1 : index, index, index
}

// CHECK-LABEL: func.func @batch_norm_dims(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x?x?xf32>
// CHECK-DAG: %[[C3:.+]] = arith.constant 3 : index
// CHECK-DAG: %[[D3:.+]] = tensor.dim %[[X]], %[[C3]] : tensor<?x?x?x?xf32>
// CHECK-NOT: norm.batch_norm
// CHECK: return %[[D3]]
func.func @batch_norm_dims(%x: tensor<?x?x?x?xf32>, %p: tensor<?xf32>) -> index {
  %c3 = arith.constant 3 : index
  %y = norm.batch_norm %x scale(%p : tensor<?xf32>) bias(%p : tensor<?xf32>) mean(%p : tensor<?xf32>) var(%p : tensor<?xf32>)
      : tensor<?x?x?x?xf32>
  %d = tensor.dim %y, %c3 : tensor<?x?x?x?xf32>
  return %d : index
}

// The batch and running statistics have size C = dim feature_axis of the
// input: dim 1 for NCHW, dim 3 for channels-last.
// CHECK-LABEL: func.func @batch_norm_train_dims(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x?x?xf32>
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C3:.+]] = arith.constant 3 : index
// CHECK-DAG: %[[D0:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?x?x?xf32>
// CHECK-DAG: %[[D1:.+]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?x?x?xf32>
// CHECK-DAG: %[[D3:.+]] = tensor.dim %[[X]], %[[C3]] : tensor<?x?x?x?xf32>
// CHECK-NOT: norm.batch_norm_train
// CHECK: return %[[D0]], %[[D1]], %[[D1]], %[[D3]], %[[D3]]
func.func @batch_norm_train_dims(%x: tensor<?x?x?x?xf32>, %p: tensor<?xf32>)
    -> (index, index, index, index, index) {
  %c0 = arith.constant 0 : index
  %y, %bm, %bv = norm.batch_norm_train %x scale(%p : tensor<?xf32>) bias(%p : tensor<?xf32>)
      : tensor<?x?x?x?xf32> -> batch_mean, batch_var
  %y0 = tensor.dim %y, %c0 : tensor<?x?x?x?xf32>
  %bm0 = tensor.dim %bm, %c0 : tensor<?xf32>
  %bv0 = tensor.dim %bv, %c0 : tensor<?xf32>
  %y2, %bm2, %bv2, %nm, %nv = norm.batch_norm_train %x scale(%p : tensor<?xf32>) bias(%p : tensor<?xf32>) running_mean(%p : tensor<?xf32>) running_var(%p : tensor<?xf32>)
      {feature_axis = -1 : i64}
      : tensor<?x?x?x?xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  %bm20 = tensor.dim %bm2, %c0 : tensor<?xf32>
  %nv0 = tensor.dim %nv, %c0 : tensor<?xf32>
  return %y0, %bm0, %bv0, %bm20, %nv0 : index, index, index, index, index
}

// group_norm statistics are (N, G): N from the input, G a constant.
// CHECK-LABEL: func.func @group_norm_dims(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x?xf32>
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C8:.+]] = arith.constant 8 : index
// CHECK-DAG: %[[D0:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?x?xf32>
// CHECK-DAG: %[[D1:.+]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?x?xf32>
// CHECK-NOT: norm.group_norm
// CHECK: return %[[D1]], %[[D0]], %[[C8]], %[[C8]]
func.func @group_norm_dims(%x: tensor<?x?x?xf32>, %p: tensor<?xf32>) -> (index, index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %y, %m, %r = norm.group_norm %x scale(%p : tensor<?xf32>) bias(%p : tensor<?xf32>) {num_groups = 8 : i64}
      : tensor<?x?x?xf32> -> mean(tensor<?x?xf32>), inv_std_dev(tensor<?x?xf32>)
  %y1 = tensor.dim %y, %c1 : tensor<?x?x?xf32>
  %m0 = tensor.dim %m, %c0 : tensor<?x?xf32>
  %m1 = tensor.dim %m, %c1 : tensor<?x?xf32>
  %r1 = tensor.dim %r, %c1 : tensor<?x?xf32>
  return %y1, %m0, %m1, %r1 : index, index, index, index
}

// CHECK-LABEL: func.func @instance_norm_dims(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x?x?xf64>
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[D2:.+]] = tensor.dim %[[X]], %[[C2]] : tensor<2x?x?xf64>
// CHECK-NOT: norm.instance_norm
// CHECK: return %[[D2]]
func.func @instance_norm_dims(%x: tensor<2x?x?xf64>, %p: tensor<?xf64>) -> index {
  %c2 = arith.constant 2 : index
  %y = norm.instance_norm %x scale(%p : tensor<?xf64>) bias(%p : tensor<?xf64>) : tensor<2x?x?xf64>
  %d = tensor.dim %y, %c2 : tensor<2x?x?xf64>
  return %d : index
}
