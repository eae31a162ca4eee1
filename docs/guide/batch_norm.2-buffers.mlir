#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map1 = affine_map<(d0, d1, d2, d3) -> (d1)>
#map2 = affine_map<(d0) -> (d0)>
module {
  func.func @batch_norm_train(%arg0: memref<2x3x4x4xf32>, %arg1: memref<3xf32>, %arg2: memref<3xf32>, %arg3: memref<3xf32>, %arg4: memref<3xf32>) -> (memref<2x3x4x4xf32>, memref<3xf32>, memref<3xf32>) {
    %cst = arith.constant 3.100000e+01 : f32
    %cst_0 = arith.constant 0.100000024 : f32
    %cst_1 = arith.constant 0.899999976 : f32
    %cst_2 = arith.constant 1.000000e+00 : f32
    %cst_3 = arith.constant 9.99999974E-6 : f32
    %cst_4 = arith.constant 0.000000e+00 : f32
    %cst_5 = arith.constant 3.200000e+01 : f32
    %alloc = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    linalg.fill ins(%cst_4 : f32) outs(%alloc : memref<3xf32>)
    %alloc_6 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    memref.copy %alloc, %alloc_6 : memref<3xf32> to memref<3xf32>
    linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%arg0 : memref<2x3x4x4xf32>) outs(%alloc_6 : memref<3xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.addf %out, %in fastmath<reassoc> : f32
      linalg.yield %0 : f32
    }
    %alloc_7 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%alloc_6 : memref<3xf32>) outs(%alloc_7 : memref<3xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.divf %in, %cst_5 : f32
      linalg.yield %0 : f32
    }
    %alloc_8 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    memref.copy %alloc, %alloc_8 : memref<3xf32> to memref<3xf32>
    %alloc_9 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    memref.copy %alloc, %alloc_9 : memref<3xf32> to memref<3xf32>
    linalg.generic {indexing_maps = [#map, #map1, #map1, #map1], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%arg0, %alloc_7 : memref<2x3x4x4xf32>, memref<3xf32>) outs(%alloc_8, %alloc_9 : memref<3xf32>, memref<3xf32>) {
    ^bb0(%in: f32, %in_15: f32, %out: f32, %out_16: f32):
      %0 = arith.subf %in, %in_15 : f32
      %1 = arith.mulf %0, %0 : f32
      %2 = arith.addf %out, %0 fastmath<reassoc> : f32
      %3 = arith.addf %out_16, %1 fastmath<reassoc> : f32
      linalg.yield %2, %3 : f32, f32
    }
    %alloc_10 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    %alloc_11 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    %alloc_12 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    linalg.generic {indexing_maps = [#map2, #map2, #map2, #map2, #map2, #map2], iterator_types = ["parallel"]} ins(%alloc_7, %alloc_8, %alloc_9 : memref<3xf32>, memref<3xf32>, memref<3xf32>) outs(%alloc_10, %alloc_11, %alloc_12 : memref<3xf32>, memref<3xf32>, memref<3xf32>) {
    ^bb0(%in: f32, %in_15: f32, %in_16: f32, %out: f32, %out_17: f32, %out_18: f32):
      %0 = arith.divf %in_15, %cst_5 : f32
      %1 = arith.addf %in, %0 : f32
      %2 = arith.divf %in_16, %cst_5 : f32
      %3 = arith.mulf %0, %0 : f32
      %4 = arith.subf %2, %3 : f32
      %5 = arith.maximumf %4, %cst_4 : f32
      linalg.yield %1, %5, %0 : f32, f32, f32
    }
    linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%alloc_11 : memref<3xf32>) outs(%alloc : memref<3xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.addf %in, %cst_3 : f32
      %1 = math.sqrt %0 : f32
      %2 = arith.divf %cst_2, %1 : f32
      linalg.yield %2 : f32
    }
    %alloc_13 = memref.alloc() {alignment = 64 : i64} : memref<2x3x4x4xf32>
    linalg.generic {indexing_maps = [#map, #map1, #map1, #map1, #map1, #map1, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0, %alloc_7, %alloc_12, %alloc, %arg1, %arg2 : memref<2x3x4x4xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>) outs(%alloc_13 : memref<2x3x4x4xf32>) {
    ^bb0(%in: f32, %in_15: f32, %in_16: f32, %in_17: f32, %in_18: f32, %in_19: f32, %out: f32):
      %0 = arith.subf %in, %in_15 : f32
      %1 = arith.subf %0, %in_16 : f32
      %2 = arith.mulf %1, %in_17 : f32
      %3 = arith.mulf %2, %in_18 : f32
      %4 = arith.addf %3, %in_19 : f32
      linalg.yield %4 : f32
    }
    %alloc_14 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    linalg.generic {indexing_maps = [#map2, #map2, #map2, #map2, #map2, #map2], iterator_types = ["parallel"]} ins(%arg3, %arg4, %alloc_10, %alloc_11 : memref<3xf32>, memref<3xf32>, memref<3xf32>, memref<3xf32>) outs(%alloc, %alloc_14 : memref<3xf32>, memref<3xf32>) {
    ^bb0(%in: f32, %in_15: f32, %in_16: f32, %in_17: f32, %out: f32, %out_18: f32):
      %0 = arith.mulf %in_17, %cst_5 : f32
      %1 = arith.divf %0, %cst : f32
      %2 = arith.mulf %in, %cst_1 : f32
      %3 = arith.mulf %in_16, %cst_0 : f32
      %4 = arith.addf %2, %3 : f32
      %5 = arith.mulf %in_15, %cst_1 : f32
      %6 = arith.mulf %1, %cst_0 : f32
      %7 = arith.addf %5, %6 : f32
      linalg.yield %4, %7 : f32, f32
    }
    memref.dealloc %alloc_6 : memref<3xf32>
    memref.dealloc %alloc_7 : memref<3xf32>
    memref.dealloc %alloc_8 : memref<3xf32>
    memref.dealloc %alloc_9 : memref<3xf32>
    memref.dealloc %alloc_10 : memref<3xf32>
    memref.dealloc %alloc_11 : memref<3xf32>
    memref.dealloc %alloc_12 : memref<3xf32>
    return %alloc_13, %alloc, %alloc_14 : memref<2x3x4x4xf32>, memref<3xf32>, memref<3xf32>
  }
}

