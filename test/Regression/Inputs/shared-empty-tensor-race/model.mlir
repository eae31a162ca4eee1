func.func @main(%arg3: tensor<1x2x1x1xf64>, %arg4: tensor<1xf64>, %arg5: tensor<1xf64>, %arg6: tensor<1xf64>, %arg7: tensor<1xf64>, %arg8: tensor<17x2xf64>, %arg9: tensor<2xf64>, %arg10: tensor<2xf64>) -> (tensor<1x2x1x1xf64>, tensor<17x2xf64>) {
  %p1_0 = norm.batch_norm %arg3 scale(%arg4 : tensor<1xf64>) bias(%arg5 : tensor<1xf64>) mean(%arg6 : tensor<1xf64>) var(%arg7 : tensor<1xf64>) {epsilon = 9.999999747e-06 : f32, feature_axis = 0 : i64} : tensor<1x2x1x1xf64>
  %p2_0 = norm.group_norm %arg8 scale(%arg9 : tensor<2xf64>) bias(%arg10 : tensor<2xf64>) {num_groups = 2 : i64, epsilon = 9.999999747e-06 : f32, acc_type = f64} : tensor<17x2xf64>
  return %p1_0, %p2_0 : tensor<1x2x1x1xf64>, tensor<17x2xf64>
}
