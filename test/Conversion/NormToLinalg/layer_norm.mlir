// RUN: norm-opt %s --convert-norm-to-linalg=reassociate-sums=true --canonicalize --cse | FileCheck %s

// LayerNorm over the last dim of a bf16 input: two reductions accumulate in
// f32 (the input is extended before any sum), the second one on deviations
// from the first mean m1 (never E[x^2] - E[x]^2), the mean is corrected by the
// mean deviation c, and one elementwise pass normalizes (x - m1) - c (the
// unrounded deviation) and truncates to bf16 once.

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[LEAD:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-DAG: #[[TRAIL:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @layer_norm_bf16
//  CHECK-SAME:   %[[X:.*]]: tensor<?x8xbf16>, %[[G:.*]]: tensor<8xbf16>, %[[B:.*]]: tensor<8xbf16>
//   CHECK-DAG:   %[[N:.*]] = arith.constant 8.000000e+00 : f32
//   CHECK-DAG:   %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
//       CHECK:   %[[ZEROS:.*]] = linalg.fill {{.*}} -> tensor<?xf32>
//       CHECK:   %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
//  CHECK-SAME:     ins(%[[X]] : tensor<?x8xbf16>) outs(%[[ZEROS]] : tensor<?xf32>)
//       CHECK:     %[[XE:.*]] = arith.extf %{{.*}} : bf16 to f32
//       CHECK:     arith.addf %{{.*}}, %[[XE]] fastmath<reassoc> : f32
//       CHECK:   %[[M1:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<?xf32>)
//       CHECK:     arith.divf %{{.*}}, %[[N]] : f32
//       CHECK:   %[[DEV:.*]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
//  CHECK-SAME:     ins(%[[X]], %[[M1]] : tensor<?x8xbf16>, tensor<?xf32>)
//       CHECK:     %[[XE2:.*]] = arith.extf %{{.*}} : bf16 to f32
//       CHECK:     %[[D:.*]] = arith.subf %[[XE2]], %{{.*}} : f32
//       CHECK:     %[[DD:.*]] = arith.mulf %[[D]], %[[D]] : f32
//       CHECK:     %[[SD:.*]] = arith.addf %{{.*}}, %[[D]] fastmath<reassoc> : f32
//       CHECK:     %[[SDD:.*]] = arith.addf %{{.*}}, %[[DD]] fastmath<reassoc> : f32
//       CHECK:     linalg.yield %[[SD]], %[[SDD]] : f32, f32
//       CHECK:   %[[STATS:.*]]:3 = linalg.generic {{.*}} ins(%[[M1]], %[[DEV]]#0, %[[DEV]]#1 :
//       CHECK:     %[[CORR:.*]] = arith.divf %{{.*}}, %[[N]] : f32
//       CHECK:     %[[MEAN:.*]] = arith.addf %{{.*}}, %[[CORR]] : f32
//       CHECK:     %[[VAR:.*]] = arith.maximumf
//       CHECK:     linalg.yield %[[MEAN]], %[[VAR]], %[[CORR]] : f32, f32, f32
//       CHECK:   %[[RSTD:.*]] = linalg.generic {{.*}} ins(%[[STATS]]#1 : tensor<?xf32>)
//       CHECK:     arith.addf %{{.*}}, %[[EPS]] : f32
//       CHECK:     math.sqrt
//       CHECK:   %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[ROW]], #[[COL]], #[[COL]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
//  CHECK-SAME:     ins(%[[X]], %[[M1]], %[[STATS]]#2, %[[RSTD]], %[[G]], %[[B]] : tensor<?x8xbf16>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<8xbf16>, tensor<8xbf16>)
//       CHECK:     %[[XN:.*]] = arith.extf
//       CHECK:     %[[D1:.*]] = arith.subf %[[XN]], %{{.*}} : f32
//       CHECK:     arith.subf %[[D1]], %{{.*}} : f32
//       CHECK:     arith.mulf
//       CHECK:     arith.mulf
//       CHECK:     arith.addf
//       CHECK:     %[[T:.*]] = arith.truncf %{{.*}} : f32 to bf16
//       CHECK:     linalg.yield %[[T]] : bf16
//       CHECK:   %[[MEANX:.*]] = tensor.expand_shape %[[STATS]]#0 {{\[\[}}0, 1]] {{.*}} : tensor<?xf32> into tensor<?x1xf32>
//       CHECK:   %[[RSTDX:.*]] = tensor.expand_shape %[[RSTD]] {{\[\[}}0, 1]] {{.*}} : tensor<?xf32> into tensor<?x1xf32>
//       CHECK:   return %[[Y]], %[[MEANX]], %[[RSTDX]]
func.func @layer_norm_bf16(%x: tensor<?x8xbf16>, %g: tensor<8xbf16>, %b: tensor<8xbf16>)
    -> (tensor<?x8xbf16>, tensor<?x1xf32>, tensor<?x1xf32>) {
  %y, %m, %r = norm.layer_norm %x scale(%g : tensor<8xbf16>) bias(%b : tensor<8xbf16>)
      : tensor<?x8xbf16> -> mean, inv_std_dev
  return %y, %m, %r : tensor<?x8xbf16>, tensor<?x1xf32>, tensor<?x1xf32>
}

// axis = 1 of a rank-3 input reduces dims 1 and 2; the reduced element count
// is the product of the dynamic sizes; scale/bias are indexed by (d1, d2);
// acc_type = f64 widens the f32 input.

// CHECK-LABEL: func.func @layer_norm_axis1_f64_acc
//       CHECK:   %[[D1:.*]] = tensor.dim %{{.*}}, %c1
//       CHECK:   %[[D2:.*]] = tensor.dim %{{.*}}, %c2
//       CHECK:   %[[CNT:.*]] = arith.muli %[[D1]], %[[D2]] : index
//       CHECK:   %[[CNT64:.*]] = arith.index_castui %[[CNT]] : index to i64
//       CHECK:   arith.uitofp %[[CNT64]] : i64 to f64
//       CHECK:   linalg.generic {indexing_maps = [#[[ID3]], #[[LEAD]]], iterator_types = ["parallel", "reduction", "reduction"]}
//       CHECK:     arith.extf %{{.*}} : f32 to f64
//       CHECK:   linalg.generic {indexing_maps = [#[[ID3]], #[[LEAD]], #[[LEAD]], #[[LEAD]], #[[TRAIL]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
//       CHECK:     arith.truncf %{{.*}} : f64 to f32
//   CHECK-NOT:   tensor.expand_shape
func.func @layer_norm_axis1_f64_acc(%x: tensor<4x?x?xf32>, %g: tensor<?x?xf32>) -> tensor<4x?x?xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<?x?xf32>) {axis = 1 : i64, acc_type = f64} : tensor<4x?x?xf32>
  return %y : tensor<4x?x?xf32>
}

// RMSNorm: one reduction of x*x, no mean subtracted, and with epsilon = 0 the
// zero-deviation guard (0 * inf would be NaN) selects 0.

// CHECK-LABEL: func.func @rms_norm_eps0
//       CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
//       CHECK:     %[[SQ:.*]] = arith.mulf %[[IN:.*]], %[[IN]] : f32
//       CHECK:     arith.addf %{{.*}}, %[[SQ]] fastmath<reassoc> : f32
//   CHECK-NOT:   arith.subf
//       CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
//       CHECK:     %[[P:.*]] = arith.mulf
//       CHECK:     %[[Z:.*]] = arith.cmpf oeq
//       CHECK:     arith.select %[[Z]], %{{.*}}, %[[P]] : f32
func.func @rms_norm_eps0(%x: tensor<3x16xf32>) -> tensor<3x16xf32> {
  %y = norm.rms_norm %x {epsilon = 0.0 : f32} : tensor<3x16xf32>
  return %y : tensor<3x16xf32>
}

// axis = 0: the statistics cover the whole tensor and expand from rank 0.

// CHECK-LABEL: func.func @rms_norm_axis0_stats
//       CHECK:   linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
//       CHECK:   tensor.expand_shape %{{.*}} [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
func.func @rms_norm_axis0_stats(%x: tensor<3x16xf16>) -> (tensor<3x16xf16>, tensor<1x1xf32>) {
  %y, %r = norm.rms_norm %x {axis = 0 : i64} : tensor<3x16xf16> -> inv_rms
  return %y, %r : tensor<3x16xf16>, tensor<1x1xf32>
}
