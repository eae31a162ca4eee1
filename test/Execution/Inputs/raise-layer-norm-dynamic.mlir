// Source: torch-mlir, aten.native_layer_norm with a dynamic normalized dim
// (torch.export with a dynamic last dim), decomposed by
// DecomposeAtenNativeLayerNormOp and lowered by TorchToLinalg: the element
// count of the mean.dim is aten.size.int of the reduced dim
// (tensor.dim + arith.index_cast to i64), converted by the div.Scalar in
// its body with arith.sitofp; the empties take the sizes from tensor.dim.
#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @main(%x: tensor<?x?xf32>, %w: tensor<?xf32>, %b: tensor<?xf32>)
    -> (tensor<?x?xf32>, tensor<?x1xf32>, tensor<?x1xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %c1 = arith.constant 1 : i64
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %eps = arith.constant 9.9999997473787516E-6 : f64
  %d0 = tensor.dim %x, %i0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %i1 : tensor<?x?xf32>
  %n64 = arith.index_cast %d1 : index to i64
  %ek = tensor.empty(%d0) : tensor<?x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf32>) outs(%fill : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %n64 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %ex = tensor.empty(%d0, %d1) : tensor<?x?xf32>
  %xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %mean : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<?x?xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %xc : tensor<?x?xf32>, tensor<?x?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %fill2 = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum2 = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%sq : tensor<?x?xf32>) outs(%fill2 : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %var = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum2 : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %n64 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %vareps = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%var : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = arith.truncf %eps : f64 to f32
    %0 = arith.addf %in, %e : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%vareps : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.rsqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %norm = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %rstd : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%norm, %w : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%scaled, %b : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %0 = arith.addf %in, %bb : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  return %y, %mean, %rstd : tensor<?x?xf32>, tensor<?x1xf32>, tensor<?x1xf32>
}

