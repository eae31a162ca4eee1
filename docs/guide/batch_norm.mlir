// The BatchNorm of the guide: training mode on NCHW (N=2, C=3, H=W=4), f32,
// updating running statistics with PyTorch's unbiased convention.
func.func @batch_norm_train(%x: tensor<2x3x4x4xf32>, %gamma: tensor<3xf32>, %beta: tensor<3xf32>,
                            %running_mean: tensor<3xf32>, %running_var: tensor<3xf32>)
    -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %mean, %var, %new_mean, %new_var = norm.batch_norm_train %x
      scale(%gamma : tensor<3xf32>) bias(%beta : tensor<3xf32>)
      running_mean(%running_mean : tensor<3xf32>) running_var(%running_var : tensor<3xf32>)
      {momentum = 0.9 : f32, unbiased_running_var = true}
      : tensor<2x3x4x4xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %new_mean, %new_var : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>
}
