// RUN: norm-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic the norm op verifiers (NormOps.cpp) and the ODS
// traits can emit, for every op that can emit it.

//===----------------------------------------------------------------------===//
// layer_norm
//===----------------------------------------------------------------------===//

func.func @layer_norm_int_input(%x: tensor<4x8xi32>) -> tensor<4x8xi32> {
  // expected-error @+1 {{'norm.layer_norm' op 'input' must have element type f16, bf16, f32 or f64, but has 'i32'}}
  %y = norm.layer_norm %x : tensor<4x8xi32>
  return %y : tensor<4x8xi32>
}

// -----

func.func @layer_norm_f8_input(%x: tensor<4x8xf8E4M3FN>) -> tensor<4x8xf8E4M3FN> {
  // expected-error @+1 {{'norm.layer_norm' op 'input' must have element type f16, bf16, f32 or f64, but has 'f8E4M3FN'}}
  %y = norm.layer_norm %x : tensor<4x8xf8E4M3FN>
  return %y : tensor<4x8xf8E4M3FN>
}

// -----

func.func @layer_norm_rank0(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'norm.layer_norm' op 'input' must have rank >= 1, but has rank 0}}
  %y = norm.layer_norm %x : tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @layer_norm_axis_too_large(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'axis' = 2 is out of range [-2, 2) for an input of rank 2}}
  %y = norm.layer_norm %x {axis = 2 : i64} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_axis_too_small(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'axis' = -3 is out of range [-2, 2) for an input of rank 2}}
  %y = norm.layer_norm %x {axis = -3 : i64} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_scale_shape(%x: tensor<4x8xf32>, %g: tensor<4xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'scale' must have shape [8] to match 'input', but has shape [4]}}
  %y = norm.layer_norm %x scale(%g : tensor<4xf32>) : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// scale covers every dim in [axis, rank): with axis = 1 on rank 3 it is 2-D.
func.func @layer_norm_scale_rank(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'scale' must have shape [3, 4] to match 'input', but has shape [4]}}
  %y = norm.layer_norm %x scale(%g : tensor<4xf32>) {axis = 1 : i64} : tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @layer_norm_scale_element_type(%x: tensor<4x8xf16>, %g: tensor<8xf32>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'norm.layer_norm' op 'scale' must have element type 'f16', but has 'f32'}}
  %y = norm.layer_norm %x scale(%g : tensor<8xf32>) : tensor<4x8xf16>
  return %y : tensor<4x8xf16>
}

// -----

func.func @layer_norm_bias_shape(%x: tensor<?x8xf32>, %b: tensor<9xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'bias' must have shape [8] to match 'input', but has shape [9]}}
  %y = norm.layer_norm %x bias(%b : tensor<9xf32>) : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

func.func @layer_norm_bias_element_type(%x: tensor<4x8xbf16>, %b: tensor<8xf16>) -> tensor<4x8xbf16> {
  // expected-error @+1 {{'norm.layer_norm' op 'bias' must have element type 'bf16', but has 'f16'}}
  %y = norm.layer_norm %x bias(%b : tensor<8xf16>) : tensor<4x8xbf16>
  return %y : tensor<4x8xbf16>
}

// -----

// The statistics keep the ONNX layout input.shape[:axis] + [1] * (rank - axis).
func.func @layer_norm_mean_shape(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'mean' must have shape [4, 1] to match 'input', but has shape [4]}}
  %y, %m = norm.layer_norm %x : tensor<4x8xf32> -> mean(tensor<4xf32>)
  return %m : tensor<4xf32>
}

// -----

func.func @layer_norm_inv_std_dev_shape(%x: tensor<2x3x4xf32>) -> tensor<2x3x1xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'inv_std_dev' must have shape [2, 1, 1] to match 'input', but has shape [2, 3, 1]}}
  %y, %r = norm.layer_norm %x {axis = 1 : i64} : tensor<2x3x4xf32> -> inv_std_dev(tensor<2x3x1xf32>)
  return %r : tensor<2x3x1xf32>
}

// -----

// Statistics have the accumulation type (f32 for f16), not the input type.
func.func @layer_norm_mean_element_type(%x: tensor<4x8xf16>) -> tensor<4x1xf16> {
  // expected-error @+1 {{'norm.layer_norm' op 'mean' must have element type 'f32', but has 'f16'}}
  %y, %m = norm.layer_norm %x : tensor<4x8xf16> -> mean(tensor<4x1xf16>)
  return %m : tensor<4x1xf16>
}

// -----

// With acc_type = f64 the statistics must be f64.
func.func @layer_norm_inv_std_dev_acc_type(%x: tensor<4x8xf32>) -> tensor<4x1xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'inv_std_dev' must have element type 'f64', but has 'f32'}}
  %y, %r = norm.layer_norm %x {acc_type = f64} : tensor<4x8xf32> -> inv_std_dev(tensor<4x1xf32>)
  return %r : tensor<4x1xf32>
}

// -----

func.func @layer_norm_acc_type_int(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'acc_type' must be f32 or f64 and at least as wide as the input element type 'f32', but is 'i32'}}
  %y = norm.layer_norm %x {acc_type = i32} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_acc_type_f16(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'norm.layer_norm' op 'acc_type' must be f32 or f64 and at least as wide as the input element type 'f16', but is 'f16'}}
  %y = norm.layer_norm %x {acc_type = f16} : tensor<4x8xf16>
  return %y : tensor<4x8xf16>
}

// -----

func.func @layer_norm_acc_type_narrower(%x: tensor<4x8xf64>) -> tensor<4x8xf64> {
  // expected-error @+1 {{'norm.layer_norm' op 'acc_type' must be f32 or f64 and at least as wide as the input element type 'f64', but is 'f32'}}
  %y = norm.layer_norm %x {acc_type = f32} : tensor<4x8xf64>
  return %y : tensor<4x8xf64>
}

// -----

func.func @layer_norm_acc_type_not_a_type(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{Invalid attribute `acc_type` in property conversion: 3 : i32}}
  %y = "norm.layer_norm"(%x) <{acc_type = 3 : i32, operandSegmentSizes = array<i32: 1, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0>}> : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_epsilon_negative(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.layer_norm %x {epsilon = -1.0e-05 : f32} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_epsilon_inf(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.layer_norm %x {epsilon = 0x7F800000 : f32} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_epsilon_minus_inf(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.layer_norm %x {epsilon = 0xFF800000 : f32} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_epsilon_nan(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.layer_norm %x {epsilon = 0x7FC00000 : f32} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @layer_norm_output_type(%x: tensor<4x8xf32>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'norm.layer_norm' op failed to verify that all of {input, output} have same type}}
  %y = "norm.layer_norm"(%x) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0>}> : (tensor<4x8xf32>) -> tensor<4x8xf16>
  return %y : tensor<4x8xf16>
}

// -----

func.func @layer_norm_output_shape(%x: tensor<4x8xf32>) -> tensor<4x?xf32> {
  // expected-error @+1 {{'norm.layer_norm' op failed to verify that all of {input, output} have same type}}
  %y = "norm.layer_norm"(%x) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0>}> : (tensor<4x8xf32>) -> tensor<4x?xf32>
  return %y : tensor<4x?xf32>
}

//===----------------------------------------------------------------------===//
// rms_norm
//===----------------------------------------------------------------------===//

// -----

func.func @rms_norm_int_input(%x: tensor<4x8xi8>) -> tensor<4x8xi8> {
  // expected-error @+1 {{'norm.rms_norm' op 'input' must have element type f16, bf16, f32 or f64, but has 'i8'}}
  %y = norm.rms_norm %x : tensor<4x8xi8>
  return %y : tensor<4x8xi8>
}

// -----

func.func @rms_norm_rank0(%x: tensor<bf16>) -> tensor<bf16> {
  // expected-error @+1 {{'norm.rms_norm' op 'input' must have rank >= 1, but has rank 0}}
  %y = norm.rms_norm %x : tensor<bf16>
  return %y : tensor<bf16>
}

// -----

func.func @rms_norm_axis_too_large(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'norm.rms_norm' op 'axis' = 5 is out of range [-2, 2) for an input of rank 2}}
  %y = norm.rms_norm %x {axis = 5 : i64} : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

func.func @rms_norm_axis_too_small(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'norm.rms_norm' op 'axis' = -3 is out of range [-2, 2) for an input of rank 2}}
  %y = norm.rms_norm %x {axis = -3 : i64} : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

func.func @rms_norm_scale_shape(%x: tensor<4x4096xbf16>, %g: tensor<4095xbf16>) -> tensor<4x4096xbf16> {
  // expected-error @+1 {{'norm.rms_norm' op 'scale' must have shape [4096] to match 'input', but has shape [4095]}}
  %y = norm.rms_norm %x scale(%g : tensor<4095xbf16>) : tensor<4x4096xbf16>
  return %y : tensor<4x4096xbf16>
}

// -----

func.func @rms_norm_scale_element_type(%x: tensor<4x8xbf16>, %g: tensor<8xf32>) -> tensor<4x8xbf16> {
  // expected-error @+1 {{'norm.rms_norm' op 'scale' must have element type 'bf16', but has 'f32'}}
  %y = norm.rms_norm %x scale(%g : tensor<8xf32>) : tensor<4x8xbf16>
  return %y : tensor<4x8xbf16>
}

// -----

func.func @rms_norm_inv_rms_shape(%x: tensor<4x8xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'norm.rms_norm' op 'inv_rms' must have shape [4, 1] to match 'input', but has shape [1, 4]}}
  %y, %r = norm.rms_norm %x : tensor<4x8xf32> -> inv_rms(tensor<1x4xf32>)
  return %r : tensor<1x4xf32>
}

// -----

func.func @rms_norm_inv_rms_element_type(%x: tensor<4x8xf64>) -> tensor<4x1xf32> {
  // expected-error @+1 {{'norm.rms_norm' op 'inv_rms' must have element type 'f64', but has 'f32'}}
  %y, %r = norm.rms_norm %x : tensor<4x8xf64> -> inv_rms(tensor<4x1xf32>)
  return %r : tensor<4x1xf32>
}

// -----

func.func @rms_norm_acc_type(%x: tensor<4x8xbf16>) -> tensor<4x8xbf16> {
  // expected-error @+1 {{'norm.rms_norm' op 'acc_type' must be f32 or f64 and at least as wide as the input element type 'bf16', but is 'bf16'}}
  %y = norm.rms_norm %x {acc_type = bf16} : tensor<4x8xbf16>
  return %y : tensor<4x8xbf16>
}

// -----

func.func @rms_norm_epsilon_negative(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.rms_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.rms_norm %x {epsilon = -1.0 : f32} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @rms_norm_epsilon_nan(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.rms_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.rms_norm %x {epsilon = 0xFFC00000 : f32} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @rms_norm_output_type(%x: tensor<4x8xbf16>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.rms_norm' op failed to verify that all of {input, output} have same type}}
  %y = "norm.rms_norm"(%x) <{operandSegmentSizes = array<i32: 1, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<4x8xbf16>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

// -----

func.func @batch_norm_int_input(%x: tensor<2x3xi32>, %p: tensor<3xi32>) -> tensor<2x3xi32> {
  // expected-error @+1 {{'norm.batch_norm' op 'input' must have element type f16, bf16, f32 or f64, but has 'i32'}}
  %y = norm.batch_norm %x scale(%p : tensor<3xi32>) bias(%p : tensor<3xi32>) mean(%p : tensor<3xi32>) var(%p : tensor<3xi32>)
      : tensor<2x3xi32>
  return %y : tensor<2x3xi32>
}

// -----

func.func @batch_norm_rank1(%x: tensor<3xf32>, %p: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'norm.batch_norm' op 'input' must have rank >= 2, but has rank 1}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>)
      : tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @batch_norm_feature_axis_too_large(%x: tensor<2x3x4x4xf32>, %p: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+1 {{'norm.batch_norm' op 'feature_axis' = 4 is out of range [-4, 4) for an input of rank 4}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>) {feature_axis = 4 : i64}
      : tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

func.func @batch_norm_feature_axis_too_small(%x: tensor<2x3x4x4xf32>, %p: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+1 {{'norm.batch_norm' op 'feature_axis' = -5 is out of range [-4, 4) for an input of rank 4}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>) {feature_axis = -5 : i64}
      : tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

// Channels-last: with feature_axis = -1 the parameters have size 4, not 3.
func.func @batch_norm_scale_shape(%x: tensor<2x3x4xf32>, %g: tensor<3xf32>, %p: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'norm.batch_norm' op 'scale' must have shape [4] to match 'input', but has shape [3]}}
  %y = norm.batch_norm %x scale(%g : tensor<3xf32>) bias(%p : tensor<4xf32>) mean(%p : tensor<4xf32>) var(%p : tensor<4xf32>) {feature_axis = -1 : i64}
      : tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @batch_norm_bias_shape(%x: tensor<2x3xf32>, %p: tensor<3xf32>, %b: tensor<1x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'norm.batch_norm' op 'bias' must have shape [3] to match 'input', but has shape [1, 3]}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%b : tensor<1x3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>)
      : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_mean_shape(%x: tensor<2x3xf32>, %p: tensor<3xf32>, %m: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'norm.batch_norm' op 'mean' must have shape [3] to match 'input', but has shape [2]}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%m : tensor<2xf32>) var(%p : tensor<3xf32>)
      : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_var_shape(%x: tensor<?x3xf32>, %p: tensor<3xf32>, %v: tensor<4xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'norm.batch_norm' op 'var' must have shape [3] to match 'input', but has shape [4]}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%v : tensor<4xf32>)
      : tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

func.func @batch_norm_scale_element_type(%x: tensor<2x3xf16>, %g: tensor<3xf32>, %p: tensor<3xf16>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'norm.batch_norm' op 'scale' must have element type 'f16', but has 'f32'}}
  %y = norm.batch_norm %x scale(%g : tensor<3xf32>) bias(%p : tensor<3xf16>) mean(%p : tensor<3xf16>) var(%p : tensor<3xf16>)
      : tensor<2x3xf16>
  return %y : tensor<2x3xf16>
}

// -----

func.func @batch_norm_bias_element_type(%x: tensor<2x3xf16>, %b: tensor<3xbf16>, %p: tensor<3xf16>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'norm.batch_norm' op 'bias' must have element type 'f16', but has 'bf16'}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf16>) bias(%b : tensor<3xbf16>) mean(%p : tensor<3xf16>) var(%p : tensor<3xf16>)
      : tensor<2x3xf16>
  return %y : tensor<2x3xf16>
}

// -----

// Inference statistics have the input element type, not the accumulation type.
func.func @batch_norm_mean_element_type(%x: tensor<2x3xf16>, %m: tensor<3xf32>, %p: tensor<3xf16>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'norm.batch_norm' op 'mean' must have element type 'f16', but has 'f32'}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf16>) bias(%p : tensor<3xf16>) mean(%m : tensor<3xf32>) var(%p : tensor<3xf16>)
      : tensor<2x3xf16>
  return %y : tensor<2x3xf16>
}

// -----

func.func @batch_norm_var_element_type(%x: tensor<2x3xf64>, %v: tensor<3xf32>, %p: tensor<3xf64>) -> tensor<2x3xf64> {
  // expected-error @+1 {{'norm.batch_norm' op 'var' must have element type 'f64', but has 'f32'}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf64>) bias(%p : tensor<3xf64>) mean(%p : tensor<3xf64>) var(%v : tensor<3xf32>)
      : tensor<2x3xf64>
  return %y : tensor<2x3xf64>
}

// -----

func.func @batch_norm_acc_type(%x: tensor<2x3xf32>, %p: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'norm.batch_norm' op 'acc_type' must be f32 or f64 and at least as wide as the input element type 'f32', but is 'f16'}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>) {acc_type = f16}
      : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_epsilon_negative(%x: tensor<2x3xf32>, %p: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'norm.batch_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>) {epsilon = -1.0e-03 : f32}
      : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_epsilon_inf(%x: tensor<2x3xf32>, %p: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'norm.batch_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>) {epsilon = 0x7F800000 : f32}
      : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_output_type(%x: tensor<2x3xf32>, %p: tensor<3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'norm.batch_norm' op failed to verify that all of {input, output} have same type}}
  %y = "norm.batch_norm"(%x, %p, %p, %p, %p)
      : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

//===----------------------------------------------------------------------===//
// batch_norm_train
//===----------------------------------------------------------------------===//

// -----

func.func @batch_norm_train_int_input(%x: tensor<2x3xi16>, %p: tensor<3xi16>, %s: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'input' must have element type f16, bf16, f32 or f64, but has 'i16'}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xi16>) bias(%p : tensor<3xi16>)
      : tensor<2x3xi16> -> batch_mean(tensor<3xf32>), batch_var(tensor<3xf32>)
  return
}

// -----

func.func @batch_norm_train_rank1(%x: tensor<3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'input' must have rank >= 2, but has rank 1}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>)
      : tensor<3xf32> -> batch_mean(tensor<3xf32>), batch_var(tensor<3xf32>)
  return
}

// -----

func.func @batch_norm_train_feature_axis_too_large(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'feature_axis' = 2 is out of range [-2, 2) for an input of rank 2}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {feature_axis = 2 : i64}
      : tensor<2x3xf32> -> batch_mean(tensor<3xf32>), batch_var(tensor<3xf32>)
  return
}

// -----

func.func @batch_norm_train_feature_axis_too_small(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'feature_axis' = -3 is out of range [-2, 2) for an input of rank 2}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {feature_axis = -3 : i64}
      : tensor<2x3xf32> -> batch_mean(tensor<3xf32>), batch_var(tensor<3xf32>)
  return
}

// -----

func.func @batch_norm_train_scale_shape(%x: tensor<2x3xf32>, %g: tensor<2xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'scale' must have shape [3] to match 'input', but has shape [2]}}
  %y:3 = norm.batch_norm_train %x scale(%g : tensor<2xf32>) bias(%p : tensor<3xf32>)
      : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_bias_element_type(%x: tensor<2x3xf16>, %p: tensor<3xf16>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'bias' must have element type 'f16', but has 'f32'}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf16>) bias(%b : tensor<3xf32>)
      : tensor<2x3xf16> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_batch_mean_shape(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'batch_mean' must have shape [3] to match 'input', but has shape [2]}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>)
      : tensor<2x3xf32> -> batch_mean(tensor<2xf32>), batch_var
  return
}

// -----

func.func @batch_norm_train_batch_var_shape(%x: tensor<2x3x5xf32>, %p: tensor<5xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'batch_var' must have shape [5] to match 'input', but has shape [3]}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<5xf32>) bias(%p : tensor<5xf32>) {feature_axis = -1 : i64}
      : tensor<2x3x5xf32> -> batch_mean, batch_var(tensor<3xf32>)
  return
}

// -----

// Batch statistics have the accumulation type (f32 for bf16).
func.func @batch_norm_train_batch_mean_element_type(%x: tensor<2x3xbf16>, %p: tensor<3xbf16>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'batch_mean' must have element type 'f32', but has 'bf16'}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xbf16>) bias(%p : tensor<3xbf16>)
      : tensor<2x3xbf16> -> batch_mean(tensor<3xbf16>), batch_var
  return
}

// -----

func.func @batch_norm_train_batch_var_element_type(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'batch_var' must have element type 'f64', but has 'f32'}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {acc_type = f64}
      : tensor<2x3xf32> -> batch_mean, batch_var(tensor<3xf32>)
  return
}

// -----

func.func @batch_norm_train_running_mean_shape(%x: tensor<2x3xf32>, %p: tensor<3xf32>, %rm: tensor<4xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'running_mean' must have shape [3] to match 'input', but has shape [4]}}
  %y:5 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) running_mean(%rm : tensor<4xf32>) running_var(%p : tensor<3xf32>)
      : tensor<2x3xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return
}

// -----

func.func @batch_norm_train_running_var_shape(%x: tensor<2x3xf32>, %p: tensor<3xf32>, %rv: tensor<3x1xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'running_var' must have shape [3] to match 'input', but has shape [3, 1]}}
  %y:5 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) running_mean(%p : tensor<3xf32>) running_var(%rv : tensor<3x1xf32>)
      : tensor<2x3xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return
}

// -----

// Running statistics have the accumulation type (f32 for f16).
func.func @batch_norm_train_running_mean_element_type(%x: tensor<2x3xf16>, %p: tensor<3xf16>, %s: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'running_mean' must have element type 'f32', but has 'f16'}}
  %y:5 = norm.batch_norm_train %x scale(%p : tensor<3xf16>) bias(%p : tensor<3xf16>) running_mean(%p : tensor<3xf16>) running_var(%s : tensor<3xf32>)
      : tensor<2x3xf16> -> batch_mean, batch_var, new_running_mean, new_running_var
  return
}

// -----

func.func @batch_norm_train_running_var_element_type(%x: tensor<2x3xf64>, %p: tensor<3xf64>, %s: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'running_var' must have element type 'f64', but has 'f32'}}
  %y:5 = norm.batch_norm_train %x scale(%p : tensor<3xf64>) bias(%p : tensor<3xf64>) running_mean(%p : tensor<3xf64>) running_var(%s : tensor<3xf32>)
      : tensor<2x3xf64> -> batch_mean, batch_var, new_running_mean, new_running_var
  return
}

// -----

func.func @batch_norm_train_new_running_mean_shape(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'new_running_mean' must have shape [3] to match 'input', but has shape [2]}}
  %y:5 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) running_mean(%p : tensor<3xf32>) running_var(%p : tensor<3xf32>)
      : tensor<2x3xf32> -> batch_mean, batch_var, new_running_mean(tensor<2xf32>), new_running_var
  return
}

// -----

func.func @batch_norm_train_new_running_var_element_type(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'new_running_var' must have element type 'f32', but has 'f16'}}
  %y:5 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) running_mean(%p : tensor<3xf32>) running_var(%p : tensor<3xf32>)
      : tensor<2x3xf32> -> batch_mean, batch_var, new_running_mean, new_running_var(tensor<3xf16>)
  return
}

// -----

func.func @batch_norm_train_acc_type(%x: tensor<2x3xf64>, %p: tensor<3xf64>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'acc_type' must be f32 or f64 and at least as wide as the input element type 'f64', but is 'f32'}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf64>) bias(%p : tensor<3xf64>) {acc_type = f32}
      : tensor<2x3xf64> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_epsilon_negative(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'epsilon' must be finite and non-negative}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {epsilon = -1.0e-05 : f32}
      : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_epsilon_nan(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'epsilon' must be finite and non-negative}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {epsilon = 0x7FC00000 : f32}
      : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_momentum_negative(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'momentum' must be in [0, 1], but is -1.000000e-01}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {momentum = -0.1 : f32}
      : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_momentum_above_one(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'momentum' must be in [0, 1], but is 1.500000e+00}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {momentum = 1.5 : f32}
      : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_momentum_nan(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'momentum' must be in [0, 1], but is nan}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {momentum = 0x7FC00000 : f32}
      : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_momentum_inf(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'momentum' must be in [0, 1], but is INF}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {momentum = 0x7F800000 : f32}
      : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

// The custom form cannot spell running_mean without running_var.
func.func @batch_norm_train_running_mean_alone(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'running_mean' and 'running_var' must be given together}}
  %y:5 = "norm.batch_norm_train"(%x, %p, %p, %p)
      <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>, resultSegmentSizes = array<i32: 1, 1, 1, 1, 1>}>
      : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @batch_norm_train_running_var_alone(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'running_mean' and 'running_var' must be given together}}
  %y:3 = "norm.batch_norm_train"(%x, %p, %p, %p)
      <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 1>, resultSegmentSizes = array<i32: 1, 1, 1, 0, 0>}>
      : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @batch_norm_train_new_running_without_running(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'new_running_mean' and 'new_running_var' results must be present exactly when 'running_mean' and 'running_var' are given}}
  %y:5 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>)
      : tensor<2x3xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return
}

// -----

func.func @batch_norm_train_running_without_new_running(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'new_running_mean' and 'new_running_var' results must be present exactly when 'running_mean' and 'running_var' are given}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) running_mean(%p : tensor<3xf32>) running_var(%p : tensor<3xf32>)
      : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_new_running_mean_alone(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'new_running_mean' and 'new_running_var' results must be present exactly when 'running_mean' and 'running_var' are given}}
  %y:4 = "norm.batch_norm_train"(%x, %p, %p, %p, %p)
      <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1>, resultSegmentSizes = array<i32: 1, 1, 1, 1, 0>}>
      : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @batch_norm_train_output_type(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op failed to verify that all of {input, output} have same type}}
  %y:3 = "norm.batch_norm_train"(%x, %p, %p)
      <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>, resultSegmentSizes = array<i32: 1, 1, 1, 0, 0>}>
      : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> (tensor<?x3xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

// No elements per channel: the batch statistics are undefined (PyTorch:
// "Expected more than 1 value per channel when training").
func.func @batch_norm_train_empty_batch(%x: tensor<0x3x2xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'input' has 0 elements per channel (shape [0, 3, 2], channel axis 1): the batch statistics need at least one, and more than one with 'unbiased_running_var'}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>)
      : tensor<0x3x2xf32> -> batch_mean, batch_var
  return
}

// -----

// A static 0 decides the count even beside a dynamic dim.
func.func @batch_norm_train_empty_spatial_dynamic_batch(%x: tensor<?x2x0xf32>, %p: tensor<?xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'input' has 0 elements per channel (shape [?, 2, 0], channel axis 0)}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<?xf32>) bias(%p : tensor<?xf32>) {feature_axis = 0 : i64}
      : tensor<?x2x0xf32> -> batch_mean, batch_var
  return
}

// -----

// One element per channel and the unbiased running variance: m / (m - 1)
// divides by 0.
func.func @batch_norm_train_one_element_unbiased(%x: tensor<1x3x1xf64>, %p: tensor<3xf64>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'input' has 1 element per channel (shape [1, 3, 1], channel axis 1): the unbiased running variance (m / (m - 1) with m = 1) needs more than one; unset 'unbiased_running_var'}}
  %y:5 = norm.batch_norm_train %x scale(%p : tensor<3xf64>) bias(%p : tensor<3xf64>) running_mean(%p : tensor<3xf64>) running_var(%p : tensor<3xf64>)
      {unbiased_running_var = true}
      : tensor<1x3x1xf64> -> batch_mean, batch_var, new_running_mean, new_running_var
  return
}

// -----

//===----------------------------------------------------------------------===//
// epsilon and momentum: f32 or f64 float attributes
//===----------------------------------------------------------------------===//

func.func @batch_norm_train_momentum_f16(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op attribute 'momentum' failed to satisfy constraint: 32-bit or 64-bit float attribute}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {momentum = 0.9 : f16}
      : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_momentum_f64_negative(%x: tensor<2x3xf64>, %p: tensor<3xf64>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'momentum' must be in [0, 1], but is -1.000000e-01}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf64>) bias(%p : tensor<3xf64>) {momentum = -0.1 : f64}
      : tensor<2x3xf64> -> batch_mean, batch_var
  return
}

// -----

func.func @layer_norm_epsilon_f16(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'norm.layer_norm' op attribute 'epsilon' failed to satisfy constraint: 32-bit or 64-bit float attribute}}
  %y = norm.layer_norm %x {epsilon = 1.0e-05 : f16} : tensor<4x8xf16>
  return %y : tensor<4x8xf16>
}

// -----

func.func @rms_norm_epsilon_bf16(%x: tensor<4x8xbf16>) -> tensor<4x8xbf16> {
  // expected-error @+1 {{'norm.rms_norm' op attribute 'epsilon' failed to satisfy constraint: 32-bit or 64-bit float attribute}}
  %y = norm.rms_norm %x {epsilon = 1.0e-05 : bf16} : tensor<4x8xbf16>
  return %y : tensor<4x8xbf16>
}

// -----

func.func @batch_norm_epsilon_integer(%x: tensor<2x3xf32>, %p: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'norm.batch_norm' op attribute 'epsilon' failed to satisfy constraint: 32-bit or 64-bit float attribute}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>) {epsilon = 1 : i32}
      : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @group_norm_epsilon_f64_negative(%x: tensor<2x4xf64>, %p: tensor<4xf64>) -> tensor<2x4xf64> {
  // expected-error @+1 {{'norm.group_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.group_norm %x scale(%p : tensor<4xf64>) bias(%p : tensor<4xf64>) {num_groups = 2 : i64, epsilon = -1.0e-05 : f64}
      : tensor<2x4xf64>
  return %y : tensor<2x4xf64>
}

// -----

// An f64 epsilon is rounded to the accumulation type, where it must stay
// finite: 1e300 is a valid f64 epsilon on f64 data, not on f32 data.
func.func @instance_norm_epsilon_overflows_f32(%x: tensor<2x4x3xf32>, %p: tensor<4xf32>) -> tensor<2x4x3xf32> {
  // expected-error @+1 {{'norm.instance_norm' op 'epsilon' = 1.000000e+300 overflows the accumulation type 'f32'}}
  %y = norm.instance_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {epsilon = 1.0e+300 : f64}
      : tensor<2x4x3xf32>
  return %y : tensor<2x4x3xf32>
}

//===----------------------------------------------------------------------===//
// group_norm
//===----------------------------------------------------------------------===//

// -----

func.func @group_norm_int_input(%x: tensor<2x4xi32>, %p: tensor<4xi32>) {
  // expected-error @+1 {{'norm.group_norm' op 'input' must have element type f16, bf16, f32 or f64, but has 'i32'}}
  %y = norm.group_norm %x scale(%p : tensor<4xi32>) bias(%p : tensor<4xi32>) {num_groups = 2 : i64} : tensor<2x4xi32>
  return
}

// -----

func.func @group_norm_rank1(%x: tensor<4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'input' must have rank >= 2, but has rank 1}}
  %y = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {num_groups = 2 : i64} : tensor<4xf32>
  return
}

// -----

func.func @group_norm_missing_num_groups(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op requires attribute 'num_groups'}}
  %y = "norm.group_norm"(%x, %p, %p) <{resultSegmentSizes = array<i32: 1, 0, 0>}>
      : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @group_norm_num_groups_zero(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'num_groups' must be positive, but is 0}}
  %y = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {num_groups = 0 : i64} : tensor<2x4xf32>
  return
}

// -----

// Also checked when C is dynamic.
func.func @group_norm_num_groups_negative(%x: tensor<2x?xf32>, %p: tensor<?xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'num_groups' must be positive, but is -2}}
  %y = norm.group_norm %x scale(%p : tensor<?xf32>) bias(%p : tensor<?xf32>) {num_groups = -2 : i64} : tensor<2x?xf32>
  return
}

// -----

func.func @group_norm_num_groups_not_dividing(%x: tensor<2x320x8x8xf16>, %p: tensor<320xf16>) {
  // expected-error @+1 {{'norm.group_norm' op 'num_groups' = 7 must divide the channel count 320}}
  %y = norm.group_norm %x scale(%p : tensor<320xf16>) bias(%p : tensor<320xf16>) {num_groups = 7 : i64}
      : tensor<2x320x8x8xf16>
  return
}

// -----

func.func @group_norm_num_groups_above_channels(%x: tensor<2x4x3xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'num_groups' = 8 must divide the channel count 4}}
  %y = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {num_groups = 8 : i64} : tensor<2x4x3xf32>
  return
}

// -----

func.func @group_norm_scale_shape(%x: tensor<2x4x3xf32>, %g: tensor<3xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'scale' must have shape [4] to match 'input', but has shape [3]}}
  %y = norm.group_norm %x scale(%g : tensor<3xf32>) bias(%p : tensor<4xf32>) {num_groups = 2 : i64} : tensor<2x4x3xf32>
  return
}

// -----

func.func @group_norm_bias_shape(%x: tensor<2x4x3xf32>, %p: tensor<4xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'bias' must have shape [4] to match 'input', but has shape [2]}}
  %y = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%b : tensor<2xf32>) {num_groups = 2 : i64} : tensor<2x4x3xf32>
  return
}

// -----

func.func @group_norm_scale_element_type(%x: tensor<2x4x3xbf16>, %g: tensor<4xf32>, %p: tensor<4xbf16>) {
  // expected-error @+1 {{'norm.group_norm' op 'scale' must have element type 'bf16', but has 'f32'}}
  %y = norm.group_norm %x scale(%g : tensor<4xf32>) bias(%p : tensor<4xbf16>) {num_groups = 2 : i64} : tensor<2x4x3xbf16>
  return
}

// -----

// The statistics are shaped (N, G).
func.func @group_norm_mean_shape(%x: tensor<2x4x3xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'mean' must have shape [2, 2] to match 'input', but has shape [2, 4]}}
  %y:2 = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {num_groups = 2 : i64}
      : tensor<2x4x3xf32> -> mean(tensor<2x4xf32>)
  return
}

// -----

func.func @group_norm_inv_std_dev_shape(%x: tensor<?x4x3xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'inv_std_dev' must have shape [?, 2] to match 'input', but has shape [2]}}
  %y:2 = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {num_groups = 2 : i64}
      : tensor<?x4x3xf32> -> inv_std_dev(tensor<2xf32>)
  return
}

// -----

func.func @group_norm_mean_element_type(%x: tensor<2x4x3xf16>, %p: tensor<4xf16>) {
  // expected-error @+1 {{'norm.group_norm' op 'mean' must have element type 'f32', but has 'f16'}}
  %y:2 = norm.group_norm %x scale(%p : tensor<4xf16>) bias(%p : tensor<4xf16>) {num_groups = 2 : i64}
      : tensor<2x4x3xf16> -> mean(tensor<2x2xf16>)
  return
}

// -----

func.func @group_norm_inv_std_dev_element_type(%x: tensor<2x4x3xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'inv_std_dev' must have element type 'f64', but has 'f32'}}
  %y:3 = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {num_groups = 2 : i64, acc_type = f64}
      : tensor<2x4x3xf32> -> mean, inv_std_dev(tensor<2x2xf32>)
  return
}

// -----

func.func @group_norm_acc_type(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'acc_type' must be f32 or f64 and at least as wide as the input element type 'f32', but is 'index'}}
  %y = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {num_groups = 2 : i64, acc_type = index}
      : tensor<2x4xf32>
  return
}

// -----

func.func @group_norm_epsilon_negative(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {num_groups = 2 : i64, epsilon = -1.0e-05 : f32}
      : tensor<2x4xf32>
  return
}

// -----

func.func @group_norm_output_type(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.group_norm' op failed to verify that all of {input, output} have same type}}
  %y = "norm.group_norm"(%x, %p, %p) <{num_groups = 2 : i64, resultSegmentSizes = array<i32: 1, 0, 0>}>
      : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf64>
  return
}

//===----------------------------------------------------------------------===//
// instance_norm
//===----------------------------------------------------------------------===//

// -----

func.func @instance_norm_int_input(%x: tensor<2x4xi64>, %p: tensor<4xi64>) {
  // expected-error @+1 {{'norm.instance_norm' op 'input' must have element type f16, bf16, f32 or f64, but has 'i64'}}
  %y = norm.instance_norm %x scale(%p : tensor<4xi64>) bias(%p : tensor<4xi64>) : tensor<2x4xi64>
  return
}

// -----

func.func @instance_norm_rank1(%x: tensor<4xf16>, %p: tensor<4xf16>) {
  // expected-error @+1 {{'norm.instance_norm' op 'input' must have rank >= 2, but has rank 1}}
  %y = norm.instance_norm %x scale(%p : tensor<4xf16>) bias(%p : tensor<4xf16>) : tensor<4xf16>
  return
}

// -----

func.func @instance_norm_scale_shape(%x: tensor<2x4x3xf32>, %g: tensor<3xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.instance_norm' op 'scale' must have shape [4] to match 'input', but has shape [3]}}
  %y = norm.instance_norm %x scale(%g : tensor<3xf32>) bias(%p : tensor<4xf32>) : tensor<2x4x3xf32>
  return
}

// -----

func.func @instance_norm_bias_element_type(%x: tensor<2x4x3xf64>, %p: tensor<4xf64>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'norm.instance_norm' op 'bias' must have element type 'f64', but has 'f32'}}
  %y = norm.instance_norm %x scale(%p : tensor<4xf64>) bias(%b : tensor<4xf32>) : tensor<2x4x3xf64>
  return
}

// -----

func.func @instance_norm_acc_type(%x: tensor<2x4xf16>, %p: tensor<4xf16>) {
  // expected-error @+1 {{'norm.instance_norm' op 'acc_type' must be f32 or f64 and at least as wide as the input element type 'f16', but is 'f16'}}
  %y = norm.instance_norm %x scale(%p : tensor<4xf16>) bias(%p : tensor<4xf16>) {acc_type = f16} : tensor<2x4xf16>
  return
}

// -----

func.func @instance_norm_epsilon_inf(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.instance_norm' op 'epsilon' must be finite and non-negative}}
  %y = norm.instance_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {epsilon = 0x7F800000 : f32} : tensor<2x4xf32>
  return
}

// -----

func.func @instance_norm_output_type(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{'norm.instance_norm' op failed to verify that all of {input, output} have same type}}
  %y = "norm.instance_norm"(%x, %p, %p) : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @assert_size_placeholder(%a: index, %b: index) {
  // expected-error @+1 {{'norm.assert_size' op 'message' may only use the placeholders {0} and {1}, but has '{2}'}}
  norm.assert_size eq %a, %b, "{2} differs"
  return
}
