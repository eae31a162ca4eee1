// RUN: norm-opt %s --convert-norm-to-gpu="batch-norm-train-single-pass=true blocks-per-channel=64" | FileCheck %s
//
// The single-pass batch_norm_train schedule multiplies channels x chunks and
// the cached vectors per block; with 2^61 channels these overflow int64
// (UBSan in the sanitized suite). A schedule whose sizes overflow cannot fit
// the register cache: the op takes the two-launch kernels.

// CHECK-LABEL: func.func @huge_channels
// CHECK-COUNT-2: gpu.launch
// CHECK-NOT: gpu.launch
func.func @huge_channels(%x: tensor<2x2305843009213693952x1xf32>, %g: tensor<2305843009213693952xf32>, %b: tensor<2305843009213693952xf32>) -> tensor<2x2305843009213693952x1xf32> {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<2305843009213693952xf32>) bias(%b : tensor<2305843009213693952xf32>) {feature_axis = 1 : i64, epsilon = 1.0e-5 : f32, momentum = 0.9 : f32} : tensor<2x2305843009213693952x1xf32> -> batch_mean, batch_var
  return %y : tensor<2x2305843009213693952x1xf32>
}

// The same op at a size that fits takes the one persistent launch.
// CHECK-LABEL: func.func @fits
// CHECK-COUNT-1: gpu.launch
// CHECK-NOT: gpu.launch
func.func @fits(%x: tensor<2x8x4xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8x4xf32> {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>) {feature_axis = 1 : i64, epsilon = 1.0e-5 : f32, momentum = 0.9 : f32} : tensor<2x8x4xf32> -> batch_mean, batch_var
  return %y : tensor<2x8x4xf32>
}
