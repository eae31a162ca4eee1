module {
  func.func @torch_native_layer_norm(%arg0: tensor<5x2x2x3xf32>, %arg1: tensor<2x2x3xf32>, %arg2: tensor<2x2x3xf32>) -> tensor<5x2x2x3xf32> {
    %output = norm.layer_norm %arg0 scale(%arg1 : tensor<2x2x3xf32>) bias(%arg2 : tensor<2x2x3xf32>) {axis = 1 : i64, epsilon = 5.000000e-01 : f32} : tensor<5x2x2x3xf32>
    return %output : tensor<5x2x2x3xf32>
  }
}

// -----
module {
  func.func @torch_batch_norm_inference(%arg0: tensor<10x4x3xf32>) -> tensor<10x4x3xf32> {
    %0 = "tosa.const"() <{values = dense<[5.000000e-01, 4.000000e-01, 3.000000e-01, 6.000000e-01]> : tensor<4xf32>}> : () -> tensor<4xf32>
    %1 = "tosa.const"() <{values = dense<[3.000000e+00, 2.000000e+00, 4.000000e+00, 5.000000e+00]> : tensor<4xf32>}> : () -> tensor<4xf32>
    %2 = norm.batch_norm %arg0 scale(%1 : tensor<4xf32>) bias(%0 : tensor<4xf32>) mean(%0 : tensor<4xf32>) var(%1 : tensor<4xf32>) : tensor<10x4x3xf32>
    return %2 : tensor<10x4x3xf32>
  }
}

// -----
module {
  func.func @onnx_batch_norm_bf16(%arg0: tensor<2x3x4x4xbf16>, %arg1: tensor<3xbf16>, %arg2: tensor<3xbf16>, %arg3: tensor<3xbf16>, %arg4: tensor<3xbf16>) -> tensor<2x3x4x4xbf16> {
    %0 = norm.batch_norm %arg0 scale(%arg1 : tensor<3xbf16>) bias(%arg2 : tensor<3xbf16>) mean(%arg3 : tensor<3xbf16>) var(%arg4 : tensor<3xbf16>) {epsilon = 1.00135803E-5 : f32} : tensor<2x3x4x4xbf16>
    return %0 : tensor<2x3x4x4xbf16>
  }
}

// -----
module {
  func.func @onnx_layer_norm_opset17_f16(%arg0: tensor<2x4x8xf16>, %arg1: tensor<8xf16>, %arg2: tensor<8xf16>) -> tensor<2x4x8xf16> {
    %output = norm.layer_norm %arg0 scale(%arg1 : tensor<8xf16>) bias(%arg2 : tensor<8xf16>) {axis = 2 : i64} : tensor<2x4x8xf16>
    return %output : tensor<2x4x8xf16>
  }
}

// -----
module {
  func.func @torch_llama_rms_norm_f16(%arg0: tensor<2x3x16xf16>, %arg1: tensor<16xf16>) -> tensor<2x3x16xf16> {
    %output = norm.rms_norm %arg0 scale(%arg1 : tensor<16xf16>) {axis = 2 : i64, epsilon = 9.99999997E-7 : f32} : tensor<2x3x16xf16>
    return %output : tensor<2x3x16xf16>
  }
}

// -----
module {
  func.func @group_norm_reshape(%arg0: tensor<2x4x2x2xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xf32>) -> tensor<2x4x2x2xf32> {
    %output = norm.group_norm %arg0 scale(%arg1 : tensor<4xf32>) bias(%arg2 : tensor<4xf32>) {num_groups = 2 : i64} : tensor<2x4x2x2xf32>
    return %output : tensor<2x4x2x2xf32>
  }
}

// -----
module {
  func.func @onnx_instance_norm(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
    %0 = norm.instance_norm %arg0 scale(%arg1 : tensor<3xf32>) bias(%arg2 : tensor<3xf32>) {epsilon = 1.000000e-03 : f32} : tensor<2x3x4x4xf32>
    return %0 : tensor<2x3x4x4xf32>
  }
}

// -----
module {
  func.func @batch_norm_train_stats(%arg0: tensor<4x3x2x2xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>) -> (tensor<4x3x2x2xf32>, tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>) {
    %0 = tosa.const_shape  {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %output, %batch_mean, %batch_var = norm.batch_norm_train %arg0 scale(%arg1 : tensor<3xf32>) bias(%arg2 : tensor<3xf32>) : tensor<4x3x2x2xf32> -> batch_mean, batch_var
    %1 = tosa.reshape %batch_mean, %0 : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x3x1x1xf32>
    %2 = tosa.reshape %batch_var, %0 : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x3x1x1xf32>
    return %output, %1, %2 : tensor<4x3x2x2xf32>, tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>
  }
}

// -----
module {
  func.func @layer_norm_stats_commuted(%arg0: tensor<4x8xf32>, %arg1: tensor<1x8xf32>, %arg2: tensor<1x8xf32>) -> (tensor<4x8xf32>, tensor<4x1xf32>, tensor<4x1xf32>) {
    %0 = tosa.const_shape  {values = dense<8> : tensor<1xindex>} : () -> !tosa.shape<1>
    %1 = tosa.reshape %arg1, %0 : (tensor<1x8xf32>, !tosa.shape<1>) -> tensor<8xf32>
    %2 = tosa.reshape %arg2, %0 : (tensor<1x8xf32>, !tosa.shape<1>) -> tensor<8xf32>
    %output, %mean, %inv_std_dev = norm.layer_norm %arg0 scale(%1 : tensor<8xf32>) bias(%2 : tensor<8xf32>) {axis = 1 : i64} : tensor<4x8xf32> -> mean, inv_std_dev
    return %output, %mean, %inv_std_dev : tensor<4x8xf32>, tensor<4x1xf32>, tensor<4x1xf32>
  }
}

// -----
module {
  func.func @layer_norm_moments_bf16(%arg0: tensor<3x8xbf16>) -> tensor<3x8xbf16> {
    %output = norm.layer_norm %arg0 {axis = 1 : i64, epsilon = 9.99999974E-5 : f32} : tensor<3x8xbf16>
    return %output : tensor<3x8xbf16>
  }
}

// -----
module {
  func.func @tfl_keras_layer_norm(%arg0: tensor<2x3x8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<8xf32>) -> tensor<2x3x8xf32> {
    %output = norm.layer_norm %arg0 scale(%arg1 : tensor<8xf32>) bias(%arg2 : tensor<8xf32>) {axis = 2 : i64, epsilon = 1.000000e-03 : f32} : tensor<2x3x8xf32>
    return %output : tensor<2x3x8xf32>
  }
}

// -----
module {
  func.func @layer_norm_negated_centring(%arg0: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %output = norm.layer_norm %arg0 {axis = 1 : i64} : tensor<4x8xf32>
    return %output : tensor<4x8xf32>
  }
}

