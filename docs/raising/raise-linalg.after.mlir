module {
  func.func @torch_native_layer_norm(%arg0: tensor<2x8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>) {
    %output, %mean, %inv_std_dev = norm.layer_norm %arg0 scale(%arg1 : tensor<8xf32>) bias(%arg2 : tensor<8xf32>) : tensor<2x8xf32> -> mean, inv_std_dev
    return %output, %mean, %inv_std_dev : tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>
  }
}

// -----
module {
  func.func @iree_fused_layer_norm(%arg0: tensor<128x384xf32>) -> tensor<128x384xf32> {
    %output = norm.layer_norm %arg0 {epsilon = 9.99999996E-13 : f32} : tensor<128x384xf32>
    return %output : tensor<128x384xf32>
  }
}

// -----
module {
  func.func @torch_rms_norm(%arg0: tensor<4x16xf32>, %arg1: tensor<16xf32>) -> tensor<4x16xf32> {
    %output = norm.rms_norm %arg0 scale(%arg1 : tensor<16xf32>) {epsilon = 9.99999997E-7 : f32} : tensor<4x16xf32>
    return %output : tensor<4x16xf32>
  }
}

// -----
module {
  func.func @torch_batch_norm_inference(%arg0: tensor<2x3x4x4xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>, %arg3: tensor<3xf32>, %arg4: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
    %0 = norm.batch_norm %arg0 scale(%arg1 : tensor<3xf32>) bias(%arg2 : tensor<3xf32>) mean(%arg3 : tensor<3xf32>) var(%arg4 : tensor<3xf32>) : tensor<2x3x4x4xf32>
    return %0 : tensor<2x3x4x4xf32>
  }
}

// -----
#map = affine_map<(d0) -> (d0)>
module {
  func.func @torch_batch_norm_training(%arg0: tensor<2x3x2x2xf32>) -> (tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>) {
    %cst = arith.constant 9.99999974E-6 : f32
    %cst_0 = arith.constant dense<1.000000e+00> : tensor<3xf32>
    %cst_1 = arith.constant dense<0.000000e+00> : tensor<3xf32>
    %output, %batch_mean, %batch_var = norm.batch_norm_train %arg0 scale(%cst_0 : tensor<3xf32>) bias(%cst_1 : tensor<3xf32>) : tensor<2x3x2x2xf32> -> batch_mean, batch_var
    %0 = tensor.empty() : tensor<3xf32>
    %1 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%batch_var : tensor<3xf32>) outs(%0 : tensor<3xf32>) {
    ^bb0(%in: f32, %out: f32):
      %2 = arith.addf %in, %cst : f32
      %3 = math.rsqrt %2 : f32
      linalg.yield %3 : f32
    } -> tensor<3xf32>
    return %output, %batch_mean, %1 : tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>
  }
}

// -----
module {
  func.func @torch_group_norm(%arg0: tensor<2x4x2x2xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xf32>) -> tensor<2x4x2x2xf32> {
    %output = norm.group_norm %arg0 scale(%arg1 : tensor<4xf32>) bias(%arg2 : tensor<4xf32>) {num_groups = 2 : i64} : tensor<2x4x2x2xf32>
    return %output : tensor<2x4x2x2xf32>
  }
}

// -----
module {
  func.func @torch_instance_norm_f16(%arg0: tensor<1x2x3x3xf16>, %arg1: tensor<2xf16>, %arg2: tensor<2xf16>) -> tensor<1x2x3x3xf16> {
    %0 = norm.instance_norm %arg0 scale(%arg1 : tensor<2xf16>) bias(%arg2 : tensor<2xf16>) : tensor<1x2x3x3xf16>
    return %0 : tensor<1x2x3x3xf16>
  }
}

// -----
module {
  func.func @named_ops_one_pass_layer_norm_bf16(%arg0: tensor<3x5xbf16>, %arg1: tensor<5xbf16>, %arg2: tensor<5xbf16>) -> tensor<3x5xbf16> {
    %output = norm.layer_norm %arg0 scale(%arg1 : tensor<5xbf16>) bias(%arg2 : tensor<5xbf16>) {epsilon = 1.000000e-03 : f32} : tensor<3x5xbf16>
    return %output : tensor<3x5xbf16>
  }
}

