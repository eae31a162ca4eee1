// RUN: norm-opt %s --norm-flatten-batch-norm --convert-norm-to-vector="vector-width=8 unroll=4" --canonicalize --cse --split-input-file | FileCheck %s

// A layer_norm over C, H, W (axis = 1) reaches the row kernel once
// norm-flatten-batch-norm has viewed its normalized dims as one row of
// C*H*W = 245 elements: a single loop over N whose body makes the three
// vector passes over the row (main loop of 4 x 8, full vectors, one masked
// last vector), with scale and bias read as 1-D; the output is expanded back
// once. No linalg, no other loop nest.

// CHECK-LABEL: func.func @layer_norm_chw
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<16x5x7x7xf32>, %[[G:[^:]*]]: tensor<5x7x7xf32>, %[[B:[^:]*]]: tensor<5x7x7xf32>
//   CHECK-DAG:   %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2, 3]] : tensor<16x5x7x7xf32> into tensor<16x245xf32>
//   CHECK-DAG:   %[[GF:.*]] = tensor.collapse_shape %[[G]] {{\[}}[0, 1, 2]] : tensor<5x7x7xf32> into tensor<245xf32>
//   CHECK-DAG:   %[[BF:.*]] = tensor.collapse_shape %[[B]] {{\[}}[0, 1, 2]] : tensor<5x7x7xf32> into tensor<245xf32>
//       CHECK:   %[[OUT:.*]] = scf.for %[[N:[a-z0-9_]+]] = %c0 to %c16 step %c1 iter_args(%{{.*}}) -> (tensor<16x245xf32>)
// Pass 1: sum(x).
//       CHECK:     scf.for %[[J1:[a-z0-9_]+]] = %c0 to %c224 step %c32 {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:       vector.transfer_read %[[ROWS]][%[[N]], %[[J1]]]
//       CHECK:     scf.for %{{.*}} = %c224 to %c240 step %c8 {{.*}} -> (vector<8xf32>)
//       CHECK:     vector.transfer_read %[[ROWS]][%[[N]], %c240], %{{.*}}, %{{.*}} {in_bounds = [true]}
//       CHECK:     vector.reduction <add>
// Pass 2: sum(d), sum(d^2).
//       CHECK:     scf.for %{{.*}} = %c0 to %c224 step %c32 {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:     vector.reduction <add>
//       CHECK:     vector.reduction <add>
// Pass 3: the normalization, scale and bias read along the row.
//       CHECK:     scf.for %[[J3:[a-z0-9_]+]] = %c0 to %c224 step %c32 {{.*}} -> (tensor<16x245xf32>)
//       CHECK:       vector.transfer_read %[[ROWS]][%[[N]], %[[J3]]]
//       CHECK:       vector.transfer_read %[[GF]][%[[J3]]]
//       CHECK:       vector.transfer_read %[[BF]][%[[J3]]]
//       CHECK:       vector.transfer_write %{{.*}}[%[[N]], %[[J3]]] {in_bounds = [true]} : vector<8xf32>, tensor<16x245xf32>
//       CHECK:     vector.transfer_write %{{.*}}[%[[N]], %c240], %{{.*}} {in_bounds = [true]} : vector<8xf32>, tensor<16x245xf32>
//       CHECK:   %[[Y:.*]] = tensor.expand_shape %[[OUT]] {{\[}}[0], [1, 2, 3]] output_shape [16, 5, 7, 7] : tensor<16x245xf32> into tensor<16x5x7x7xf32>
//       CHECK:   return %[[Y]]
//   CHECK-NOT:   linalg.
//   CHECK-NOT:   norm.layer_norm
func.func @layer_norm_chw(%x: tensor<16x5x7x7xf32>, %g: tensor<5x7x7xf32>, %b: tensor<5x7x7xf32>) -> tensor<16x5x7x7xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<5x7x7xf32>) bias(%b : tensor<5x7x7xf32>) {axis = 1 : i64} : tensor<16x5x7x7xf32>
  return %y : tensor<16x5x7x7xf32>
}

// -----

// Dynamic: an rms_norm over its last two dims is one loop over the rows
// (dim 0) with the row kernel's passes over the [?, ?] view; its output is
// reshaped back (two dynamic dims in the row), its statistic expanded from
// the per-row tensor in one step.

// CHECK-LABEL: func.func @rms_norm_dynamic
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?xf32>
//       CHECK:   %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2]] : tensor<?x?x?xf32> into tensor<?x?xf32>
//       CHECK:   %[[OUT:.*]]:2 = scf.for %[[N:[a-z0-9_]+]] = %c0 to %{{.*}} step %c1 iter_args({{.*}}) -> (tensor<?x?xf32>, tensor<?xf32>)
//       CHECK:     scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:       vector.transfer_read %[[ROWS]][%[[N]], %{{.*}}]
//       CHECK:     vector.reduction <add>
//       CHECK:     scf.for {{.*}} -> (tensor<?x?xf32>)
//       CHECK:   tensor.reshape %[[OUT]]#0
//       CHECK:   tensor.expand_shape %[[OUT]]#1 {{\[}}[0, 1, 2]] output_shape [%{{.*}}, 1, 1] : tensor<?xf32> into tensor<?x1x1xf32>
//   CHECK-NOT:   linalg.
func.func @rms_norm_dynamic(%x: tensor<?x?x?xf32>, %g: tensor<?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x1x1xf32>) {
  %y, %r = norm.rms_norm %x scale(%g : tensor<?x?xf32>) {axis = 1 : i64} : tensor<?x?x?xf32> -> inv_rms
  return %y, %r : tensor<?x?x?xf32>, tensor<?x1x1xf32>
}
