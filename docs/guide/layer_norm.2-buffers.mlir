#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d0)>
#map2 = affine_map<(d0) -> (d0)>
#map3 = affine_map<(d0, d1) -> (d1)>
module {
  func.func @layer_norm(%arg0: memref<2x8xf32>, %arg1: memref<8xf32>, %arg2: memref<8xf32>) -> memref<2x8xf32> {
    %cst = arith.constant 1.000000e+00 : f32
    %cst_0 = arith.constant 9.99999974E-6 : f32
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant 8.000000e+00 : f32
    %alloc = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    linalg.fill ins(%cst_1 : f32) outs(%alloc : memref<2xf32>)
    %alloc_3 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    memref.copy %alloc, %alloc_3 : memref<2xf32> to memref<2xf32>
    linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%arg0 : memref<2x8xf32>) outs(%alloc_3 : memref<2xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.addf %out, %in fastmath<reassoc> : f32
      linalg.yield %0 : f32
    }
    %alloc_4 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%alloc_3 : memref<2xf32>) outs(%alloc_4 : memref<2xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.divf %in, %cst_2 : f32
      linalg.yield %0 : f32
    }
    %alloc_5 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    memref.copy %alloc, %alloc_5 : memref<2xf32> to memref<2xf32>
    %alloc_6 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    memref.copy %alloc, %alloc_6 : memref<2xf32> to memref<2xf32>
    linalg.generic {indexing_maps = [#map, #map1, #map1, #map1], iterator_types = ["parallel", "reduction"]} ins(%arg0, %alloc_4 : memref<2x8xf32>, memref<2xf32>) outs(%alloc_5, %alloc_6 : memref<2xf32>, memref<2xf32>) {
    ^bb0(%in: f32, %in_10: f32, %out: f32, %out_11: f32):
      %0 = arith.subf %in, %in_10 : f32
      %1 = arith.mulf %0, %0 : f32
      %2 = arith.addf %out, %0 fastmath<reassoc> : f32
      %3 = arith.addf %out_11, %1 fastmath<reassoc> : f32
      linalg.yield %2, %3 : f32, f32
    }
    %alloc_7 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    %alloc_8 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    linalg.generic {indexing_maps = [#map2, #map2, #map2, #map2, #map2, #map2], iterator_types = ["parallel"]} ins(%alloc_4, %alloc_5, %alloc_6 : memref<2xf32>, memref<2xf32>, memref<2xf32>) outs(%alloc, %alloc_7, %alloc_8 : memref<2xf32>, memref<2xf32>, memref<2xf32>) {
    ^bb0(%in: f32, %in_10: f32, %in_11: f32, %out: f32, %out_12: f32, %out_13: f32):
      %0 = arith.divf %in_10, %cst_2 : f32
      %1 = arith.addf %in, %0 : f32
      %2 = arith.divf %in_11, %cst_2 : f32
      %3 = arith.mulf %0, %0 : f32
      %4 = arith.subf %2, %3 : f32
      %5 = arith.maximumf %4, %cst_1 : f32
      linalg.yield %1, %5, %0 : f32, f32, f32
    }
    linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%alloc_7 : memref<2xf32>) outs(%alloc : memref<2xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.addf %in, %cst_0 : f32
      %1 = math.sqrt %0 : f32
      %2 = arith.divf %cst, %1 : f32
      linalg.yield %2 : f32
    }
    %alloc_9 = memref.alloc() {alignment = 64 : i64} : memref<2x8xf32>
    linalg.generic {indexing_maps = [#map, #map1, #map1, #map1, #map3, #map3, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %alloc_4, %alloc_8, %alloc, %arg1, %arg2 : memref<2x8xf32>, memref<2xf32>, memref<2xf32>, memref<2xf32>, memref<8xf32>, memref<8xf32>) outs(%alloc_9 : memref<2x8xf32>) {
    ^bb0(%in: f32, %in_10: f32, %in_11: f32, %in_12: f32, %in_13: f32, %in_14: f32, %out: f32):
      %0 = arith.subf %in, %in_10 : f32
      %1 = arith.subf %0, %in_11 : f32
      %2 = arith.mulf %1, %in_12 : f32
      %3 = arith.mulf %2, %in_13 : f32
      %4 = arith.addf %3, %in_14 : f32
      linalg.yield %4 : f32
    }
    memref.dealloc %alloc : memref<2xf32>
    memref.dealloc %alloc_3 : memref<2xf32>
    memref.dealloc %alloc_4 : memref<2xf32>
    memref.dealloc %alloc_5 : memref<2xf32>
    memref.dealloc %alloc_6 : memref<2xf32>
    memref.dealloc %alloc_7 : memref<2xf32>
    memref.dealloc %alloc_8 : memref<2xf32>
    return %alloc_9 : memref<2x8xf32>
  }
}

