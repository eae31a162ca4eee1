// The torch_group_norm input of test/Dialect/Norm/raise-linalg.mlir, for raise-linalg.test.
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#k3 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#w4 = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
func.func @main(%x: tensor<2x4x2x2xf32>, %w: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4x2x2xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %c8 = arith.constant 8 : i64
  %c1 = arith.constant 1 : i64
  %eps = arith.constant 1.000000e-05 : f64
  %xe = tensor.expand_shape %x [[0], [1, 2], [3], [4]] output_shape [2, 2, 2, 2, 2] : tensor<2x4x2x2xf32> into tensor<2x2x2x2x2xf32>
  %xr = tensor.collapse_shape %xe [[0], [1], [2, 3, 4]] : tensor<2x2x2x2x2xf32> into tensor<2x2x8xf32>
  %e1 = tensor.empty() : tensor<2x2x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x2x1xf32>) -> tensor<2x2x1xf32>
  %s = linalg.generic {indexing_maps = [#id3, #k3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%xr : tensor<2x2x8xf32>) outs(%f : tensor<2x2x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<2x2x1xf32>
  %mean = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s : tensor<2x2x1xf32>) outs(%e1 : tensor<2x2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<2x2x1xf32>
  %e = tensor.empty() : tensor<2x2x8xf32>
  %d = linalg.generic {indexing_maps = [#id3, #k3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%xr, %mean : tensor<2x2x8xf32>, tensor<2x2x1xf32>) outs(%e : tensor<2x2x8xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x2x8xf32>
  %d2 = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%d, %d : tensor<2x2x8xf32>, tensor<2x2x8xf32>) outs(%e : tensor<2x2x8xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %0 = arith.mulf %in, %in2 : f32
    linalg.yield %0 : f32
  } -> tensor<2x2x8xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x2x1xf32>) -> tensor<2x2x1xf32>
  %s2 = linalg.generic {indexing_maps = [#id3, #k3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%d2 : tensor<2x2x8xf32>) outs(%f2 : tensor<2x2x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<2x2x1xf32>
  %var = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s2 : tensor<2x2x1xf32>) outs(%e1 : tensor<2x2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    %ef = arith.truncf %eps : f64 to f32
    %1 = arith.addf %0, %ef : f32
    %2 = math.rsqrt %1 : f32
    linalg.yield %2 : f32
  } -> tensor<2x2x1xf32>
  %xc = linalg.generic {indexing_maps = [#id3, #k3, #k3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%xr, %mean, %var : tensor<2x2x8xf32>, tensor<2x2x1xf32>, tensor<2x2x1xf32>) outs(%e : tensor<2x2x8xf32>) {
  ^bb0(%in: f32, %m: f32, %r: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    %1 = arith.mulf %0, %r : f32
    linalg.yield %1 : f32
  } -> tensor<2x2x8xf32>
  %ye = tensor.expand_shape %xc [[0], [1], [2, 3, 4]] output_shape [2, 2, 2, 2, 2] : tensor<2x2x8xf32> into tensor<2x2x2x2x2xf32>
  %yr = tensor.collapse_shape %ye [[0], [1, 2], [3], [4]] : tensor<2x2x2x2x2xf32> into tensor<2x4x2x2xf32>
  %wv = tensor.expand_shape %w [[0, 1, 2]] output_shape [4, 1, 1] : tensor<4xf32> into tensor<4x1x1xf32>
  %bv = tensor.expand_shape %b [[0, 1, 2]] output_shape [4, 1, 1] : tensor<4xf32> into tensor<4x1x1xf32>
  %e4 = tensor.empty() : tensor<2x4x2x2xf32>
  %y = linalg.generic {indexing_maps = [#id4, #w4, #w4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%yr, %wv, %bv : tensor<2x4x2x2xf32>, tensor<4x1x1xf32>, tensor<4x1x1xf32>) outs(%e4 : tensor<2x4x2x2xf32>) {
  ^bb0(%in: f32, %g: f32, %bb: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    %1 = arith.addf %0, %bb : f32
    linalg.yield %1 : f32
  } -> tensor<2x4x2x2xf32>
  return %y : tensor<2x4x2x2xf32>
}
