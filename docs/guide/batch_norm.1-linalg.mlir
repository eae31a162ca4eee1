#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map1 = affine_map<(d0, d1, d2, d3) -> (d1)>
#map2 = affine_map<(d0) -> (d0)>
module {
  func.func @batch_norm_train(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>, %arg3: tensor<3xf32>, %arg4: tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) {
    %cst = arith.constant 3.100000e+01 : f32
    %cst_0 = arith.constant 0.100000024 : f32
    %cst_1 = arith.constant 0.899999976 : f32
    %cst_2 = arith.constant 1.000000e+00 : f32
    %cst_3 = arith.constant 9.99999974E-6 : f32
    %cst_4 = arith.constant 0.000000e+00 : f32
    %cst_5 = arith.constant 3.200000e+01 : f32
    %0 = tensor.empty() : tensor<3xf32>
    %1 = linalg.fill ins(%cst_4 : f32) outs(%0 : tensor<3xf32>) -> tensor<3xf32>
    %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%arg0 : tensor<2x3x4x4xf32>) outs(%1 : tensor<3xf32>) {
    ^bb0(%in: f32, %out: f32):
      %10 = arith.addf %out, %in fastmath<reassoc> : f32
      linalg.yield %10 : f32
    } -> tensor<3xf32>
    %3 = linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%2 : tensor<3xf32>) outs(%0 : tensor<3xf32>) {
    ^bb0(%in: f32, %out: f32):
      %10 = arith.divf %in, %cst_5 : f32
      linalg.yield %10 : f32
    } -> tensor<3xf32>
    %4:2 = linalg.generic {indexing_maps = [#map, #map1, #map1, #map1], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%arg0, %3 : tensor<2x3x4x4xf32>, tensor<3xf32>) outs(%1, %1 : tensor<3xf32>, tensor<3xf32>) {
    ^bb0(%in: f32, %in_6: f32, %out: f32, %out_7: f32):
      %10 = arith.subf %in, %in_6 : f32
      %11 = arith.mulf %10, %10 : f32
      %12 = arith.addf %out, %10 fastmath<reassoc> : f32
      %13 = arith.addf %out_7, %11 fastmath<reassoc> : f32
      linalg.yield %12, %13 : f32, f32
    } -> (tensor<3xf32>, tensor<3xf32>)
    %5:3 = linalg.generic {indexing_maps = [#map2, #map2, #map2, #map2, #map2, #map2], iterator_types = ["parallel"]} ins(%3, %4#0, %4#1 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) outs(%0, %0, %0 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
    ^bb0(%in: f32, %in_6: f32, %in_7: f32, %out: f32, %out_8: f32, %out_9: f32):
      %10 = arith.divf %in_6, %cst_5 : f32
      %11 = arith.addf %in, %10 : f32
      %12 = arith.divf %in_7, %cst_5 : f32
      %13 = arith.mulf %10, %10 : f32
      %14 = arith.subf %12, %13 : f32
      %15 = arith.maximumf %14, %cst_4 : f32
      linalg.yield %11, %15, %10 : f32, f32, f32
    } -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
    %6 = linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%5#1 : tensor<3xf32>) outs(%0 : tensor<3xf32>) {
    ^bb0(%in: f32, %out: f32):
      %10 = arith.addf %in, %cst_3 : f32
      %11 = math.sqrt %10 : f32
      %12 = arith.divf %cst_2, %11 : f32
      linalg.yield %12 : f32
    } -> tensor<3xf32>
    %7 = tensor.empty() : tensor<2x3x4x4xf32>
    %8 = linalg.generic {indexing_maps = [#map, #map1, #map1, #map1, #map1, #map1, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0, %3, %5#2, %6, %arg1, %arg2 : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) outs(%7 : tensor<2x3x4x4xf32>) {
    ^bb0(%in: f32, %in_6: f32, %in_7: f32, %in_8: f32, %in_9: f32, %in_10: f32, %out: f32):
      %10 = arith.subf %in, %in_6 : f32
      %11 = arith.subf %10, %in_7 : f32
      %12 = arith.mulf %11, %in_8 : f32
      %13 = arith.mulf %12, %in_9 : f32
      %14 = arith.addf %13, %in_10 : f32
      linalg.yield %14 : f32
    } -> tensor<2x3x4x4xf32>
    %9:2 = linalg.generic {indexing_maps = [#map2, #map2, #map2, #map2, #map2, #map2], iterator_types = ["parallel"]} ins(%arg3, %arg4, %5#0, %5#1 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) outs(%0, %0 : tensor<3xf32>, tensor<3xf32>) {
    ^bb0(%in: f32, %in_6: f32, %in_7: f32, %in_8: f32, %out: f32, %out_9: f32):
      %10 = arith.mulf %in_8, %cst_5 : f32
      %11 = arith.divf %10, %cst : f32
      %12 = arith.mulf %in, %cst_1 : f32
      %13 = arith.mulf %in_7, %cst_0 : f32
      %14 = arith.addf %12, %13 : f32
      %15 = arith.mulf %in_6, %cst_1 : f32
      %16 = arith.mulf %11, %cst_0 : f32
      %17 = arith.addf %15, %16 : f32
      linalg.yield %14, %17 : f32, f32
    } -> (tensor<3xf32>, tensor<3xf32>)
    return %8, %9#0, %9#1 : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>
  }
}

