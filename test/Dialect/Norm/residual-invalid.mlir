// RUN: norm-opt %s -split-input-file -verify-diagnostics

// The diagnostics of the `residual` operand and the `sum` result of the row
// norms (NormOps.cpp: verifyResidual) and of their syntax (NormSyntax.cpp).

func.func @layer_norm_residual_shape(%x: tensor<4x8xf32>, %r: tensor<4x9xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'residual' must have shape [4, 8] to match 'input', but has shape [4, 9]}}
  %y = norm.layer_norm %x residual(%r : tensor<4x9xf32>) : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_residual_rank(%x: tensor<4x8xf32>, %r: tensor<8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'residual' must have shape [4, 8] to match 'input', but has shape [8]}}
  %y = norm.layer_norm %x residual(%r : tensor<8xf32>) : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_residual_element_type(%x: tensor<4x8xbf16>, %r: tensor<4x8xf32>) -> tensor<4x8xbf16> {
  // expected-error @+1 {{'norm.layer_norm' op 'residual' must have element type 'bf16', but has 'f32'}}
  %y = norm.layer_norm %x residual(%r : tensor<4x8xf32>) : tensor<4x8xbf16>
  return %y : tensor<4x8xbf16>
}

// -----

func.func @layer_norm_sum_without_residual(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op the 'sum' result requires a 'residual' operand}}
  %y, %s = norm.layer_norm %x : tensor<4x8xf32> -> sum
  return %s : tensor<4x8xf32>
}

// -----

func.func @layer_norm_sum_type(%x: tensor<?x8xf32>, %r: tensor<?x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'sum' must have the input type 'tensor<?x8xf32>', but has 'tensor<2x8xf32>'}}
  %y, %s = norm.layer_norm %x residual(%r : tensor<?x8xf32>) : tensor<?x8xf32> -> sum(tensor<2x8xf32>)
  return %s : tensor<2x8xf32>
}

// -----

func.func @rms_norm_residual_shape(%x: tensor<2x3x8xf16>, %r: tensor<2x4x8xf16>) -> tensor<2x3x8xf16> {
  // expected-error @+1 {{'norm.rms_norm' op 'residual' must have shape [2, 3, 8] to match 'input', but has shape [2, 4, 8]}}
  %y = norm.rms_norm %x residual(%r : tensor<2x4x8xf16>) : tensor<2x3x8xf16>
  return %y : tensor<2x3x8xf16>
}

// -----

func.func @rms_norm_residual_element_type(%x: tensor<4x8xf32>, %r: tensor<4x8xf16>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.rms_norm' op 'residual' must have element type 'f32', but has 'f16'}}
  %y = norm.rms_norm %x residual(%r : tensor<4x8xf16>) : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @rms_norm_sum_without_residual(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.rms_norm' op the 'sum' result requires a 'residual' operand}}
  %y, %s = norm.rms_norm %x : tensor<4x8xf32> -> sum
  return %s : tensor<4x8xf32>
}

// -----

func.func @rms_norm_sum_type(%x: tensor<4x8xf32>, %r: tensor<4x8xf32>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'norm.rms_norm' op 'sum' must have the input type 'tensor<4x8xf32>', but has 'tensor<4x8xf16>'}}
  %y, %s = norm.rms_norm %x residual(%r : tensor<4x8xf32>) : tensor<4x8xf32> -> sum(tensor<4x8xf16>)
  return %s : tensor<4x8xf16>
}

// -----

// The syntax: groups in order.
func.func @rms_norm_residual_after_scale(%x: tensor<4x8xf32>, %r: tensor<4x8xf32>, %g: tensor<8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{the operand 'residual' must come before 'scale'}}
  %y = norm.rms_norm %x scale(%g : tensor<8xf32>) residual(%r : tensor<4x8xf32>) : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_sum_after_mean(%x: tensor<4x8xf32>, %r: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{the result 'sum' must come before 'mean'}}
  %y, %m, %s = norm.layer_norm %x residual(%r : tensor<4x8xf32>) : tensor<4x8xf32> -> mean, sum
  return %s : tensor<4x8xf32>
}

// -----

func.func @batch_norm_no_residual(%x: tensor<2x4xf32>, %r: tensor<2x4xf32>, %g: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'residual' is not an operand of 'norm.batch_norm'}}
  %y = norm.batch_norm %x residual(%r : tensor<2x4xf32>) scale(%g : tensor<4xf32>) bias(%g : tensor<4xf32>) mean(%g : tensor<4xf32>) var(%g : tensor<4xf32>) : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
