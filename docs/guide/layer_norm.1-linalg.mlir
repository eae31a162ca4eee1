#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d0)>
#map2 = affine_map<(d0) -> (d0)>
#map3 = affine_map<(d0, d1) -> (d1)>
module {
  func.func @layer_norm(%arg0: tensor<2x8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<8xf32>) -> tensor<2x8xf32> {
    %cst = arith.constant 1.000000e+00 : f32
    %cst_0 = arith.constant 9.99999974E-6 : f32
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant 8.000000e+00 : f32
    %0 = tensor.empty() : tensor<2xf32>
    %1 = linalg.fill ins(%cst_1 : f32) outs(%0 : tensor<2xf32>) -> tensor<2xf32>
    %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<2x8xf32>) outs(%1 : tensor<2xf32>) {
    ^bb0(%in: f32, %out: f32):
      %9 = arith.addf %out, %in fastmath<reassoc> : f32
      linalg.yield %9 : f32
    } -> tensor<2xf32>
    %3 = linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%2 : tensor<2xf32>) outs(%0 : tensor<2xf32>) {
    ^bb0(%in: f32, %out: f32):
      %9 = arith.divf %in, %cst_2 : f32
      linalg.yield %9 : f32
    } -> tensor<2xf32>
    %4:2 = linalg.generic {indexing_maps = [#map, #map1, #map1, #map1], iterator_types = ["parallel", "reduction"]} ins(%arg0, %3 : tensor<2x8xf32>, tensor<2xf32>) outs(%1, %1 : tensor<2xf32>, tensor<2xf32>) {
    ^bb0(%in: f32, %in_3: f32, %out: f32, %out_4: f32):
      %9 = arith.subf %in, %in_3 : f32
      %10 = arith.mulf %9, %9 : f32
      %11 = arith.addf %out, %9 fastmath<reassoc> : f32
      %12 = arith.addf %out_4, %10 fastmath<reassoc> : f32
      linalg.yield %11, %12 : f32, f32
    } -> (tensor<2xf32>, tensor<2xf32>)
    %5:3 = linalg.generic {indexing_maps = [#map2, #map2, #map2, #map2, #map2, #map2], iterator_types = ["parallel"]} ins(%3, %4#0, %4#1 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) outs(%0, %0, %0 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
    ^bb0(%in: f32, %in_3: f32, %in_4: f32, %out: f32, %out_5: f32, %out_6: f32):
      %9 = arith.divf %in_3, %cst_2 : f32
      %10 = arith.addf %in, %9 : f32
      %11 = arith.divf %in_4, %cst_2 : f32
      %12 = arith.mulf %9, %9 : f32
      %13 = arith.subf %11, %12 : f32
      %14 = arith.maximumf %13, %cst_1 : f32
      linalg.yield %10, %14, %9 : f32, f32, f32
    } -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
    %6 = linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%5#1 : tensor<2xf32>) outs(%0 : tensor<2xf32>) {
    ^bb0(%in: f32, %out: f32):
      %9 = arith.addf %in, %cst_0 : f32
      %10 = math.sqrt %9 : f32
      %11 = arith.divf %cst, %10 : f32
      linalg.yield %11 : f32
    } -> tensor<2xf32>
    %7 = tensor.empty() : tensor<2x8xf32>
    %8 = linalg.generic {indexing_maps = [#map, #map1, #map1, #map1, #map3, #map3, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %3, %5#2, %6, %arg1, %arg2 : tensor<2x8xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<8xf32>, tensor<8xf32>) outs(%7 : tensor<2x8xf32>) {
    ^bb0(%in: f32, %in_3: f32, %in_4: f32, %in_5: f32, %in_6: f32, %in_7: f32, %out: f32):
      %9 = arith.subf %in, %in_3 : f32
      %10 = arith.subf %9, %in_4 : f32
      %11 = arith.mulf %10, %in_5 : f32
      %12 = arith.mulf %11, %in_6 : f32
      %13 = arith.addf %12, %in_7 : f32
      linalg.yield %13 : f32
    } -> tensor<2x8xf32>
    return %8 : tensor<2x8xf32>
  }
}

