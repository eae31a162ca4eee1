// The torch_batch_norm_inference input of test/Dialect/Norm/raise-linalg.mlir, for raise-linalg.test.
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch4 = affine_map<(d0, d1, d2, d3) -> (0, d1, 0, 0)>
func.func @main(%x: tensor<2x3x4x4xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>,
    %rm: tensor<3xf32>, %rv: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %c1 = arith.constant 1 : i64
  %eps = arith.constant 1.000000e-05 : f64
  %mbc = tensor.expand_shape %rm [[0, 1, 2, 3]] output_shape [1, 3, 1, 1] : tensor<3xf32> into tensor<1x3x1x1xf32>
  %vbc = tensor.expand_shape %rv [[0, 1, 2, 3]] output_shape [1, 3, 1, 1] : tensor<3xf32> into tensor<1x3x1x1xf32>
  %e1 = tensor.empty() : tensor<1x3x1x1xf32>
  %veps = linalg.generic {indexing_maps = [#ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%vbc : tensor<1x3x1x1xf32>) outs(%e1 : tensor<1x3x1x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %ef = arith.truncf %eps : f64 to f32
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %ef, %alpha : f32
    %1 = arith.addf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<1x3x1x1xf32>
  %invstd = linalg.generic {indexing_maps = [#ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%veps : tensor<1x3x1x1xf32>) outs(%e1 : tensor<1x3x1x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.rsqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<1x3x1x1xf32>
  %e = tensor.empty() : tensor<2x3x4x4xf32>
  %xc = linalg.generic {indexing_maps = [#id4, #ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %mbc : tensor<2x3x4x4xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x4x4xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x3x4x4xf32>
  %n = linalg.generic {indexing_maps = [#id4, #ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%xc, %invstd : tensor<2x3x4x4xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x4x4xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x4x4xf32>
  %wbc = tensor.expand_shape %w [[0, 1, 2, 3]] output_shape [1, 3, 1, 1] : tensor<3xf32> into tensor<1x3x1x1xf32>
  %s = linalg.generic {indexing_maps = [#id4, #ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%n, %wbc : tensor<2x3x4x4xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x4x4xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x4x4xf32>
  %bbc = tensor.expand_shape %b [[0, 1, 2, 3]] output_shape [1, 3, 1, 1] : tensor<3xf32> into tensor<1x3x1x1xf32>
  %y = linalg.generic {indexing_maps = [#id4, #ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s, %bbc : tensor<2x3x4x4xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x4x4xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %bb, %alpha : f32
    %1 = arith.addf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}
