// The LayerNorm of the guide: 2 tokens of 8 features, f32, with scale and bias.
func.func @layer_norm(%x: tensor<2x8xf32>, %gamma: tensor<8xf32>, %beta: tensor<8xf32>) -> tensor<2x8xf32> {
  %y = norm.layer_norm %x scale(%gamma : tensor<8xf32>) bias(%beta : tensor<8xf32>)
      {epsilon = 1.0e-05 : f32} : tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}
