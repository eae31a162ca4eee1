// A small model block: a residual add, a LayerNorm (transformer style), a
// projection, and a BatchNorm over the projected features with stored
// statistics. `norm-run` compiles it with norm-cpu-pipeline and runs @main.
func.func @main(%x: tensor<3x6xf32>, %residual: tensor<3x6xf32>,
                %ln_scale: tensor<6xf32>, %ln_bias: tensor<6xf32>,
                %weight: tensor<6x4xf32>,
                %bn_scale: tensor<4xf32>, %bn_bias: tensor<4xf32>,
                %bn_mean: tensor<4xf32>, %bn_var: tensor<4xf32>)
    -> (tensor<3x6xf32>, tensor<3x4xf32>) {
  %empty = tensor.empty() : tensor<3x6xf32>
  %h = linalg.add ins(%x, %residual : tensor<3x6xf32>, tensor<3x6xf32>)
                  outs(%empty : tensor<3x6xf32>) -> tensor<3x6xf32>
  %normed = norm.layer_norm %h scale(%ln_scale : tensor<6xf32>)
                               bias(%ln_bias : tensor<6xf32>) : tensor<3x6xf32>
  %zero = arith.constant 0.0 : f32
  %acc_empty = tensor.empty() : tensor<3x4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%acc_empty : tensor<3x4xf32>) -> tensor<3x4xf32>
  %projected = linalg.matmul ins(%normed, %weight : tensor<3x6xf32>, tensor<6x4xf32>)
                             outs(%acc : tensor<3x4xf32>) -> tensor<3x4xf32>
  %y = norm.batch_norm %projected
      scale(%bn_scale : tensor<4xf32>) bias(%bn_bias : tensor<4xf32>)
      mean(%bn_mean : tensor<4xf32>) var(%bn_var : tensor<4xf32>)
      {epsilon = 1.0e-03 : f32}
      : tensor<3x4xf32>
  return %normed, %y : tensor<3x6xf32>, tensor<3x4xf32>
}
