// The torch_native_layer_norm input of test/Dialect/Norm/raise-linalg.mlir, for raise-linalg.test.
#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @main(%x: tensor<2x8xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>)
    -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %c8 = arith.constant 8 : i64
  %c1 = arith.constant 1 : i64
  %eps = arith.constant 9.9999997473787516E-6 : f64
  %e21 = tensor.empty() : tensor<2x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e21 : tensor<2x1xf32>) -> tensor<2x1xf32>
  %sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<2x8xf32>) outs(%fill : tensor<2x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<2x1xf32>
  %mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<2x1xf32>) outs(%e21 : tensor<2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<2x1xf32>
  %e28 = tensor.empty() : tensor<2x8xf32>
  %xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %mean : tensor<2x8xf32>, tensor<2x1xf32>) outs(%e28 : tensor<2x8xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x8xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %xc : tensor<2x8xf32>, tensor<2x8xf32>) outs(%e28 : tensor<2x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<2x8xf32>
  %fill2 = linalg.fill ins(%zero : f32) outs(%e21 : tensor<2x1xf32>) -> tensor<2x1xf32>
  %sum2 = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%sq : tensor<2x8xf32>) outs(%fill2 : tensor<2x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<2x1xf32>
  %var = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum2 : tensor<2x1xf32>) outs(%e21 : tensor<2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<2x1xf32>
  %vareps = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%var : tensor<2x1xf32>) outs(%e21 : tensor<2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = arith.truncf %eps : f64 to f32
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %e, %alpha : f32
    %1 = arith.addf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x1xf32>
  %rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%vareps : tensor<2x1xf32>) outs(%e21 : tensor<2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.rsqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<2x1xf32>
  %norm = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %rstd : tensor<2x8xf32>, tensor<2x1xf32>) outs(%e28 : tensor<2x8xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<2x8xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%norm, %w : tensor<2x8xf32>, tensor<8xf32>) outs(%e28 : tensor<2x8xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<2x8xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%scaled, %b : tensor<2x8xf32>, tensor<8xf32>) outs(%e28 : tensor<2x8xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %bb, %alpha : f32
    %1 = arith.addf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x8xf32>
  return %y, %mean, %rstd : tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>
}
