// RUN: norm-opt %s --convert-norm-to-vector="vector-width=0" -verify-diagnostics

// expected-error @+1 {{convert-norm-to-vector: 'vector-width' must be positive}}
module {
  func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %y = norm.layer_norm %x : tensor<4x8xf32>
    return %y : tensor<4x8xf32>
  }
}
