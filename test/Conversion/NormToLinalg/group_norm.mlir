// RUN: norm-opt %s --convert-norm-to-linalg=reassociate-sums=true --canonicalize --cse | FileCheck %s

// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[NG:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-DAG: #[[GC:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[NC:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[C3:.*]] = affine_map<(d0, d1, d2) -> (d1)>

// GroupNorm views (N, C, S) as (N, G, C/G, S) (C/G from a dynamic C by
// division), reduces (C/G, S) per (n, g), indexes scale/bias viewed as
// (G, C/G) by (d1, d2), and collapses the result back.

// CHECK-LABEL: func.func @group_norm_dynamic_channels
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<2x?x5xf32>, %[[G:[^:]*]]: tensor<?xf32>, %[[B:[^:]*]]: tensor<?xf32>
//       CHECK:   %[[C:.*]] = tensor.dim %[[X]], %c1
//       CHECK:   %[[CPG:.*]] = arith.divui %[[C]], %c4
//       CHECK:   %[[XG:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2], [3]] output_shape [2, 4, %[[CPG]], 5] : tensor<2x?x5xf32> into tensor<2x4x?x5xf32>
//       CHECK:   %[[GG:.*]] = tensor.expand_shape %[[G]] {{\[\[}}0, 1]] {{.*}} : tensor<?xf32> into tensor<4x?xf32>
//       CHECK:   %[[BG:.*]] = tensor.expand_shape %[[B]] {{\[\[}}0, 1]] {{.*}} : tensor<?xf32> into tensor<4x?xf32>
//       CHECK:   linalg.generic {indexing_maps = [#[[ID4]], #[[NG]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%[[XG]] :
//       CHECK:   %[[DEV:.*]]:2 = linalg.generic {{.*}} ins(%[[XG]], %{{.*}} :
//       CHECK:   %[[STATS:.*]]:3 = linalg.generic {{.*}} ins(%[[M1:.*]], %[[DEV]]#0, %[[DEV]]#1 :
//       CHECK:   %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID4]], #[[NG]], #[[NG]], #[[NG]], #[[GC]], #[[GC]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
//  CHECK-SAME:     ins(%[[XG]], %[[M1]], %[[STATS]]#2, %{{.*}}, %[[GG]], %[[BG]] :
//       CHECK:   %[[YC:.*]] = tensor.collapse_shape %[[Y]] {{\[\[}}0], [1, 2], [3]] : tensor<2x4x?x5xf32> into tensor<2x?x5xf32>
//       CHECK:   return %[[YC]], %[[STATS]]#0 : tensor<2x?x5xf32>, tensor<2x4xf32>
func.func @group_norm_dynamic_channels(%x: tensor<2x?x5xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>)
    -> (tensor<2x?x5xf32>, tensor<2x4xf32>) {
  %y, %m = norm.group_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {num_groups = 4 : i64}
      : tensor<2x?x5xf32> -> mean
  return %y, %m : tensor<2x?x5xf32>, tensor<2x4xf32>
}

// InstanceNorm reduces the spatial dims per (n, c) with scale/bias by d1,
// without reshapes; bf16 is extended before the sums.

// CHECK-LABEL: func.func @instance_norm_bf16
//   CHECK-NOT:   tensor.expand_shape
//       CHECK:   linalg.generic {indexing_maps = [#[[ID3]], #[[NC]]], iterator_types = ["parallel", "parallel", "reduction"]}
//       CHECK:     arith.extf %{{.*}} : bf16 to f32
//       CHECK:   linalg.generic {indexing_maps = [#[[ID3]], #[[NC]], #[[NC]], #[[NC]], #[[C3]], #[[C3]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
//       CHECK:     arith.truncf %{{.*}} : f32 to bf16
//   CHECK-NOT:   tensor.collapse_shape
func.func @instance_norm_bf16(%x: tensor<2x3x5xbf16>, %g: tensor<3xbf16>, %b: tensor<3xbf16>) -> tensor<2x3x5xbf16> {
  %y = norm.instance_norm %x scale(%g : tensor<3xbf16>) bias(%b : tensor<3xbf16>) : tensor<2x3x5xbf16>
  return %y : tensor<2x3x5xbf16>
}
