func.func @layer_norm(%x: tensor<?x?xf32>, %gamma: tensor<?xf32>, %beta: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = norm.layer_norm %x scale(%gamma : tensor<?xf32>) bias(%beta : tensor<?xf32>)
      {epsilon = 1.0e-05 : f32} : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}
