// RUN: norm-opt %s --convert-norm-to-vector="small-run-elements=-1" -verify-diagnostics

// expected-error @+1 {{convert-norm-to-vector: 'small-run-elements' must be positive or 0 (never)}}
module {
  func.func @f(%x: tensor<4x3x49xf32>, %p: tensor<3xf32>) -> tensor<4x3x49xf32> {
    %y, %m, %v = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) : tensor<4x3x49xf32> -> batch_mean, batch_var
    return %y : tensor<4x3x49xf32>
  }
}
