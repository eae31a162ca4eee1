// RUN: norm-opt %s --convert-norm-to-linalg=reassociate-sums=true --canonicalize --cse | FileCheck %s

// CHECK-DAG: #[[V:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[C4:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[C2:.*]] = affine_map<(d0, d1) -> (d1)>

// Inference: 1/sqrt(var + eps) once per channel (f16 extended to f32), then
// a single elementwise pass over NCHW indexed per channel by d1.

// CHECK-LABEL: func.func @batch_norm_nchw_f16
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<2x3x4x4xf16>, %[[G:[^:]*]]: tensor<3xf16>, %[[B:[^:]*]]: tensor<3xf16>, %[[M:[^:]*]]: tensor<3xf16>, %[[VAR:[^:]*]]: tensor<3xf16>
//       CHECK:   %[[RSTD:.*]] = linalg.generic {indexing_maps = [#[[V]], #[[V]]], iterator_types = ["parallel"]} ins(%[[VAR]] : tensor<3xf16>) outs(%{{.*}} : tensor<3xf32>)
//       CHECK:     arith.extf %{{.*}} : f16 to f32
//       CHECK:     math.sqrt
//       CHECK:   %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[C4]], #[[C4]], #[[C4]], #[[C4]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
//  CHECK-SAME:     ins(%[[X]], %[[M]], %[[RSTD]], %[[G]], %[[B]] :
//       CHECK:     arith.truncf %{{.*}} : f32 to f16
//   CHECK-NOT:   linalg.generic
//       CHECK:   return %[[Y]]
func.func @batch_norm_nchw_f16(%x: tensor<2x3x4x4xf16>, %g: tensor<3xf16>, %b: tensor<3xf16>,
                               %m: tensor<3xf16>, %v: tensor<3xf16>) -> tensor<2x3x4x4xf16> {
  %y = norm.batch_norm %x scale(%g : tensor<3xf16>) bias(%b : tensor<3xf16>) mean(%m : tensor<3xf16>) var(%v : tensor<3xf16>)
      : tensor<2x3x4x4xf16>
  return %y : tensor<2x3x4x4xf16>
}

// Training, channels-last: per-channel moments reduce d0 and keep d1; the
// count is the dynamic batch size; the running update blends with momentum
// and, with unbiased_running_var, scales the variance by m / (m - 1).

// CHECK-LABEL: func.func @batch_norm_train_nhwc
//       CHECK:   %[[D0:.*]] = tensor.dim %{{.*}}, %c0
//       CHECK:   %[[CI:.*]] = arith.index_castui %[[D0]] : index to i64
//       CHECK:   %[[CNT:.*]] = arith.uitofp %[[CI]] : i64 to f32
//       CHECK:   linalg.generic {indexing_maps = [#[[ID2]], #[[C2]]], iterator_types = ["reduction", "parallel"]}
//       CHECK:   %[[DEV:.*]]:2 = linalg.generic {indexing_maps = [#[[ID2]], #[[C2]], #[[C2]], #[[C2]]], iterator_types = ["reduction", "parallel"]}
//       CHECK:     arith.subf
//       CHECK:   %[[STATS:.*]]:3 = linalg.generic
//       CHECK:   %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[C2]], #[[C2]], #[[C2]], #[[C2]], #[[C2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
//       CHECK:   %[[UPD:.*]]:2 = linalg.generic {indexing_maps = [#[[V]], #[[V]], #[[V]], #[[V]], #[[V]], #[[V]]], iterator_types = ["parallel"]}
//  CHECK-SAME:     ins(%{{.*}}, %{{.*}}, %[[STATS]]#0, %[[STATS]]#1 :
//       CHECK:     %[[MM1:.*]] = arith.subf %[[CNT]], %{{.*}} : f32
//       CHECK:     %[[VM:.*]] = arith.mulf %{{.*}}, %[[CNT]] : f32
//       CHECK:     arith.divf %[[VM]], %[[MM1]] : f32
//       CHECK:   return %[[Y]], %[[STATS]]#0, %[[STATS]]#1, %[[UPD]]#0, %[[UPD]]#1
func.func @batch_norm_train_nhwc(%x: tensor<?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>,
                                 %m: tensor<?xf32>, %v: tensor<?xf32>)
    -> (tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %y:5 = norm.batch_norm_train %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) running_mean(%m : tensor<?xf32>) running_var(%v : tensor<?xf32>)
      {feature_axis = -1 : i64, unbiased_running_var = true}
      : tensor<?x?xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y#0, %y#1, %y#2, %y#3, %y#4
      : tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// Without running statistics there is no update generic; static result types
// declared with `?` get a tensor.cast.

// CHECK-LABEL: func.func @batch_norm_train_no_running
//       CHECK:   %[[DEV:.*]]:2 = linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "reduction"]
//       CHECK:   %[[STATS:.*]]:3 = linalg.generic {{.*}} ins(%[[M1:.*]], %[[DEV]]#0, %[[DEV]]#1 :
//       CHECK:   %[[RSTD:.*]] = linalg.generic {{.*}} ins(%[[STATS]]#1 :
//       CHECK:   %[[Y:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[M1]], %[[STATS]]#2, %[[RSTD]],
//   CHECK-NOT:   linalg.generic
//       CHECK:   %[[CM:.*]] = tensor.cast %[[STATS]]#0 : tensor<3xf32> to tensor<?xf32>
//       CHECK:   return %[[Y]], %[[CM]], %[[STATS]]#1
func.func @batch_norm_train_no_running(%x: tensor<2x3x5xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>)
    -> (tensor<2x3x5xf32>, tensor<?xf32>, tensor<3xf32>) {
  %y:3 = norm.batch_norm_train %x scale(%g : tensor<3xf32>) bias(%b : tensor<3xf32>)
      : tensor<2x3x5xf32> -> batch_mean(tensor<?xf32>), batch_var
  return %y#0, %y#1, %y#2 : tensor<2x3x5xf32>, tensor<?xf32>, tensor<3xf32>
}
