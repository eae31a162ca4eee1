func.func @ln(%x: tensor<4x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>)
    -> tensor<4x16xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<16xf32>) bias(%b : tensor<16xf32>)
      : tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
