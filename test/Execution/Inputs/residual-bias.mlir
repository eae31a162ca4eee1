// The residual add of a transformer block with the bias of the matmul before
// it, as elementwise fusion leaves it (one generic: x + bias + r), feeding a
// LayerNorm (post-LN) and, as `(x + r) + bias` with the sum used again, an
// RMSNorm (pre-LN). norm-fuse-residual (raise=true) moves r into the ops.
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @post_ln(%x: tensor<?x24xf32>, %bias: tensor<24xf32>, %r: tensor<?x24xf32>,
                   %g: tensor<24xf32>, %b: tensor<24xf32>) -> tensor<?x24xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x24xf32>
  %init = tensor.empty(%n) : tensor<?x24xf32>
  %s = linalg.generic {indexing_maps = [#id, #col, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %bias, %r : tensor<?x24xf32>, tensor<24xf32>, tensor<?x24xf32>) outs(%init : tensor<?x24xf32>) {
  ^bb0(%a: f32, %c: f32, %d: f32, %o: f32):
    %t = arith.addf %a, %c : f32
    %u = arith.addf %t, %d : f32
    linalg.yield %u : f32
  } -> tensor<?x24xf32>
  %y = norm.layer_norm %s scale(%g : tensor<24xf32>) bias(%b : tensor<24xf32>) : tensor<?x24xf32>
  return %y : tensor<?x24xf32>
}
func.func @pre_ln(%x: tensor<?x24xf32>, %bias: tensor<24xf32>, %r: tensor<?x24xf32>,
                  %g: tensor<24xf32>) -> (tensor<?x24xf32>, tensor<?x24xf32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x24xf32>
  %init = tensor.empty(%n) : tensor<?x24xf32>
  %h = linalg.add ins(%x, %r : tensor<?x24xf32>, tensor<?x24xf32>) outs(%init : tensor<?x24xf32>) -> tensor<?x24xf32>
  %s = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%h, %bias : tensor<?x24xf32>, tensor<24xf32>) outs(%init : tensor<?x24xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %t = arith.addf %a, %c : f32
    linalg.yield %t : f32
  } -> tensor<?x24xf32>
  %y = norm.rms_norm %s scale(%g : tensor<24xf32>) {epsilon = 1.0e-06 : f32} : tensor<?x24xf32>
  return %y, %s : tensor<?x24xf32>, tensor<?x24xf32>
}
