// RUN: norm-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the gradient ops: the shared interface checks
// (naming `dy`), the layouts of x, the statistics, the scale and the
// parameter gradients, and the ops' own attributes.

func.func @dy_int(%dy: tensor<4x8xi32>, %m: tensor<4x1xf32>) -> tensor<4x8xi32> {
  // expected-error @+1 {{'norm.layer_norm_grad' op 'dy' must have element type f16, bf16, f32 or f64, but has 'i32'}}
  %dx = norm.layer_norm_grad %dy x(%dy : tensor<4x8xi32>) mean(%m : tensor<4x1xf32>) inv_std_dev(%m : tensor<4x1xf32>) : tensor<4x8xi32>
  return %dx : tensor<4x8xi32>
}

// -----

func.func @x_type(%dy: tensor<4x8xf32>, %x: tensor<4x8xf16>, %m: tensor<4x1xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm_grad' op failed to verify that all of {dy, x, dx} have same type}}
  %dx = norm.layer_norm_grad %dy x(%x : tensor<4x8xf16>) mean(%m : tensor<4x1xf32>) inv_std_dev(%m : tensor<4x1xf32>) : tensor<4x8xf32>
  return %dx : tensor<4x8xf32>
}

// -----

func.func @axis_range(%dy: tensor<4x8xf32>, %m: tensor<4x1xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm_grad' op 'axis' = 2 is out of range [-2, 2) for an input of rank 2}}
  %dx = "norm.layer_norm_grad"(%dy, %dy, %m, %m) {axis = 2 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>, resultSegmentSizes = array<i32: 1, 0, 0>} : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  return %dx : tensor<4x8xf32>
}

// -----

func.func @mean_shape(%dy: tensor<4x8xf32>, %m: tensor<5x1xf32>, %r: tensor<4x1xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm_grad' op 'mean' must have shape [4, 1] to match 'dy', but has shape [5, 1]}}
  %dx = norm.layer_norm_grad %dy x(%dy : tensor<4x8xf32>) mean(%m : tensor<5x1xf32>) inv_std_dev(%r : tensor<4x1xf32>) : tensor<4x8xf32>
  return %dx : tensor<4x8xf32>
}

// -----

func.func @inv_std_dev_type(%dy: tensor<4x8xf16>, %m: tensor<4x1xf32>, %r: tensor<4x1xf16>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'norm.layer_norm_grad' op 'inv_std_dev' must have element type 'f32', but has 'f16'}}
  %dx = norm.layer_norm_grad %dy x(%dy : tensor<4x8xf16>) mean(%m : tensor<4x1xf32>) inv_std_dev(%r : tensor<4x1xf16>) : tensor<4x8xf16>
  return %dx : tensor<4x8xf16>
}

// -----

func.func @scale_shape(%dy: tensor<4x8xf32>, %m: tensor<4x1xf32>, %g: tensor<7xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm_grad' op 'scale' must have shape [8] to match 'dy', but has shape [7]}}
  %dx = norm.layer_norm_grad %dy x(%dy : tensor<4x8xf32>) mean(%m : tensor<4x1xf32>) inv_std_dev(%m : tensor<4x1xf32>) scale(%g : tensor<7xf32>) : tensor<4x8xf32>
  return %dx : tensor<4x8xf32>
}

// -----

func.func @dscale_shape(%dy: tensor<4x8xf32>, %m: tensor<4x1xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm_grad' op 'dscale' must have shape [8] to match 'dy', but has shape [4]}}
  %dx, %dg = norm.layer_norm_grad %dy x(%dy : tensor<4x8xf32>) mean(%m : tensor<4x1xf32>) inv_std_dev(%m : tensor<4x1xf32>) : tensor<4x8xf32> -> dscale(tensor<4xf32>)
  return %dx : tensor<4x8xf32>
}

// -----

func.func @dbias_type(%dy: tensor<4x8xf16>, %m: tensor<4x1xf32>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'norm.layer_norm_grad' op 'dbias' must have element type 'f16', but has 'f32'}}
  %dx, %db = norm.layer_norm_grad %dy x(%dy : tensor<4x8xf16>) mean(%m : tensor<4x1xf32>) inv_std_dev(%m : tensor<4x1xf32>) : tensor<4x8xf16> -> dbias(tensor<8xf32>)
  return %dx : tensor<4x8xf16>
}

// -----

func.func @acc_type(%dy: tensor<4x8xf64>, %m: tensor<4x1xf32>) -> tensor<4x8xf64> {
  // expected-error @+1 {{'norm.layer_norm_grad' op 'acc_type' must be f32 or f64 and at least as wide as the input element type 'f64', but is 'f32'}}
  %dx = norm.layer_norm_grad %dy x(%dy : tensor<4x8xf64>) mean(%m : tensor<4x1xf32>) inv_std_dev(%m : tensor<4x1xf32>) {acc_type = f32} : tensor<4x8xf64>
  return %dx : tensor<4x8xf64>
}

// -----

func.func @missing_mean(%dy: tensor<4x8xf32>, %m: tensor<4x1xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.layer_norm_grad' expects the operand 'mean' before 'inv_std_dev'}}
  %dx = norm.layer_norm_grad %dy x(%dy : tensor<4x8xf32>) inv_std_dev(%m : tensor<4x1xf32>) : tensor<4x8xf32>
  return %dx : tensor<4x8xf32>
}

// -----

func.func @rms_inv_rms_shape(%dy: tensor<4x8xf32>, %r: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'norm.rms_norm_grad' op 'inv_rms' must have shape [4, 1] to match 'dy', but has shape [4, 8]}}
  %dx = norm.rms_norm_grad %dy x(%dy : tensor<4x8xf32>) inv_rms(%r : tensor<4x8xf32>) : tensor<4x8xf32>
  return %dx : tensor<4x8xf32>
}

// -----

func.func @rms_dscale_shape(%dy: tensor<2x4x8xf32>, %r: tensor<2x1x1xf32>) -> tensor<2x4x8xf32> {
  // expected-error @+1 {{'norm.rms_norm_grad' op 'dscale' must have shape [4, 8] to match 'dy', but has shape [8]}}
  %dx, %dg = norm.rms_norm_grad %dy x(%dy : tensor<2x4x8xf32>) inv_rms(%r : tensor<2x1x1xf32>) {axis = 1 : i64} : tensor<2x4x8xf32> -> dscale(tensor<8xf32>)
  return %dx : tensor<2x4x8xf32>
}

// -----

func.func @bn_rank1(%dy: tensor<4xf32>, %m: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'norm.batch_norm_grad' op 'dy' must have rank >= 2, but has rank 1}}
  %dx = norm.batch_norm_grad %dy x(%dy : tensor<4xf32>) mean(%m : tensor<4xf32>) var(%m : tensor<4xf32>) scale(%m : tensor<4xf32>) : tensor<4xf32>
  return %dx : tensor<4xf32>
}

// -----

func.func @bn_var_shape(%dy: tensor<2x4x3xf32>, %m: tensor<4xf32>, %v: tensor<3xf32>) -> tensor<2x4x3xf32> {
  // expected-error @+1 {{'norm.batch_norm_grad' op 'var' must have shape [4] to match 'dy', but has shape [3]}}
  %dx = norm.batch_norm_grad %dy x(%dy : tensor<2x4x3xf32>) mean(%m : tensor<4xf32>) var(%v : tensor<3xf32>) scale(%m : tensor<4xf32>) : tensor<2x4x3xf32>
  return %dx : tensor<2x4x3xf32>
}

// -----

func.func @bn_mean_type(%dy: tensor<2x4x3xf16>, %m: tensor<4xf16>, %v: tensor<4xf32>, %g: tensor<4xf16>) -> tensor<2x4x3xf16> {
  // expected-error @+1 {{'norm.batch_norm_grad' op 'mean' must have element type 'f32', but has 'f16'}}
  %dx = norm.batch_norm_grad %dy x(%dy : tensor<2x4x3xf16>) mean(%m : tensor<4xf16>) var(%v : tensor<4xf32>) scale(%g : tensor<4xf16>) : tensor<2x4x3xf16>
  return %dx : tensor<2x4x3xf16>
}

// -----

func.func @bn_feature_axis(%dy: tensor<2x4x3xf32>, %m: tensor<4xf32>) -> tensor<2x4x3xf32> {
  // expected-error @+1 {{'norm.batch_norm_grad' op 'feature_axis' = -4 is out of range [-3, 3) for an input of rank 3}}
  %dx = "norm.batch_norm_grad"(%dy, %dy, %m, %m, %m) {feature_axis = -4 : i64, resultSegmentSizes = array<i32: 1, 0, 0>} : (tensor<2x4x3xf32>, tensor<2x4x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x3xf32>
  return %dx : tensor<2x4x3xf32>
}

// -----

func.func @bn_epsilon(%dy: tensor<2x4x3xf32>, %m: tensor<4xf32>) -> tensor<2x4x3xf32> {
  // expected-error @+1 {{'norm.batch_norm_grad' op 'epsilon' must be finite and non-negative}}
  %dx = norm.batch_norm_grad %dy x(%dy : tensor<2x4x3xf32>) mean(%m : tensor<4xf32>) var(%m : tensor<4xf32>) scale(%m : tensor<4xf32>) {epsilon = -1.0 : f32} : tensor<2x4x3xf32>
  return %dx : tensor<2x4x3xf32>
}

// -----

func.func @bn_dbias_shape(%dy: tensor<2x4x3xf32>, %m: tensor<4xf32>) -> tensor<2x4x3xf32> {
  // expected-error @+1 {{'norm.batch_norm_grad' op 'dbias' must have shape [4] to match 'dy', but has shape [3]}}
  %dx, %db = norm.batch_norm_grad %dy x(%dy : tensor<2x4x3xf32>) mean(%m : tensor<4xf32>) var(%m : tensor<4xf32>) scale(%m : tensor<4xf32>) : tensor<2x4x3xf32> -> dbias(tensor<3xf32>)
  return %dx : tensor<2x4x3xf32>
}

// -----

func.func @bn_missing_scale(%dy: tensor<2x4x3xf32>, %m: tensor<4xf32>) -> tensor<2x4x3xf32> {
  // expected-error @+1 {{'norm.batch_norm_grad' expects the operand 'scale'}}
  %dx = norm.batch_norm_grad %dy x(%dy : tensor<2x4x3xf32>) mean(%m : tensor<4xf32>) var(%m : tensor<4xf32>) : tensor<2x4x3xf32>
  return %dx : tensor<2x4x3xf32>
}

// -----

func.func @gn_groups(%dy: tensor<2x6x3xf32>, %m: tensor<2x4xf32>, %g: tensor<6xf32>) -> tensor<2x6x3xf32> {
  // expected-error @+1 {{'norm.group_norm_grad' op 'num_groups' = 4 must divide the channel count 6}}
  %dx = norm.group_norm_grad %dy x(%dy : tensor<2x6x3xf32>) mean(%m : tensor<2x4xf32>) inv_std_dev(%m : tensor<2x4xf32>) scale(%g : tensor<6xf32>) {num_groups = 4 : i64} : tensor<2x6x3xf32>
  return %dx : tensor<2x6x3xf32>
}

// -----

func.func @gn_groups_positive(%dy: tensor<2x6x3xf32>, %m: tensor<2x0xf32>, %g: tensor<6xf32>) -> tensor<2x6x3xf32> {
  // expected-error @+1 {{'norm.group_norm_grad' op 'num_groups' must be positive, but is 0}}
  %dx = norm.group_norm_grad %dy x(%dy : tensor<2x6x3xf32>) mean(%m : tensor<2x0xf32>) inv_std_dev(%m : tensor<2x0xf32>) scale(%g : tensor<6xf32>) {num_groups = 0 : i64} : tensor<2x6x3xf32>
  return %dx : tensor<2x6x3xf32>
}

// -----

func.func @gn_stats_shape(%dy: tensor<2x6x3xf32>, %m: tensor<2x3xf32>, %r: tensor<2x2xf32>, %g: tensor<6xf32>) -> tensor<2x6x3xf32> {
  // expected-error @+1 {{'norm.group_norm_grad' op 'inv_std_dev' must have shape [2, 3] to match 'dy', but has shape [2, 2]}}
  %dx = norm.group_norm_grad %dy x(%dy : tensor<2x6x3xf32>) mean(%m : tensor<2x3xf32>) inv_std_dev(%r : tensor<2x2xf32>) scale(%g : tensor<6xf32>) {num_groups = 3 : i64} : tensor<2x6x3xf32>
  return %dx : tensor<2x6x3xf32>
}

// -----

func.func @gn_scale_shape(%dy: tensor<2x6x3xf32>, %m: tensor<2x3xf32>, %g: tensor<3xf32>) -> tensor<2x6x3xf32> {
  // expected-error @+1 {{'norm.group_norm_grad' op 'scale' must have shape [6] to match 'dy', but has shape [3]}}
  %dx = norm.group_norm_grad %dy x(%dy : tensor<2x6x3xf32>) mean(%m : tensor<2x3xf32>) inv_std_dev(%m : tensor<2x3xf32>) scale(%g : tensor<3xf32>) {num_groups = 3 : i64} : tensor<2x6x3xf32>
  return %dx : tensor<2x6x3xf32>
}

// -----

func.func @gn_dscale_shape(%dy: tensor<2x6x3xf32>, %m: tensor<2x3xf32>, %g: tensor<6xf32>) -> tensor<2x6x3xf32> {
  // expected-error @+1 {{'norm.group_norm_grad' op 'dscale' must have shape [6] to match 'dy', but has shape [3]}}
  %dx, %dg = norm.group_norm_grad %dy x(%dy : tensor<2x6x3xf32>) mean(%m : tensor<2x3xf32>) inv_std_dev(%m : tensor<2x3xf32>) scale(%g : tensor<6xf32>) {num_groups = 3 : i64} : tensor<2x6x3xf32> -> dscale(tensor<3xf32>)
  return %dx : tensor<2x6x3xf32>
}
