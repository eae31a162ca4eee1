// RUN: norm-opt %s -split-input-file -verify-diagnostics

// One case per parse error of the custom syntax shared by the six norm ops
// (NormSyntax.cpp): operand groups by name and in order, the `->` list of
// results by name and in order, and result types that cannot be inferred.

//===----------------------------------------------------------------------===//
// Operand groups
//===----------------------------------------------------------------------===//

func.func @unknown_operand(%x: tensor<4x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'gamma' is not an operand of 'norm.layer_norm' (expected 'residual', 'scale' or 'bias')}}
  %y = norm.layer_norm %x gamma(%g : tensor<8xf32>) : tensor<4x8xf32>
  return
}

// -----

func.func @rms_norm_has_no_bias(%x: tensor<4x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'bias' is not an operand of 'norm.rms_norm' (expected 'residual' or 'scale')}}
  %y = norm.rms_norm %x bias(%b : tensor<8xf32>) : tensor<4x8xf32>
  return
}

// -----

func.func @result_name_as_operand(%x: tensor<4x8xf32>, %m: tensor<4x1xf32>) {
  // expected-error @+1 {{'mean' is not an operand of 'norm.layer_norm' (expected 'residual', 'scale' or 'bias')}}
  %y = norm.layer_norm %x mean(%m : tensor<4x1xf32>) : tensor<4x8xf32>
  return
}

// -----

func.func @repeated_operand(%x: tensor<4x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{the operand 'scale' is given twice}}
  %y = norm.layer_norm %x scale(%g : tensor<8xf32>) scale(%g : tensor<8xf32>) : tensor<4x8xf32>
  return
}

// -----

func.func @operands_out_of_order(%x: tensor<4x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{the operand 'scale' must come before 'bias'}}
  %y = norm.layer_norm %x bias(%b : tensor<8xf32>) scale(%g : tensor<8xf32>) : tensor<4x8xf32>
  return
}

// -----

func.func @batch_norm_missing_mean(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm' expects the operand 'mean' before 'var'}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) var(%p : tensor<3xf32>) : tensor<2x3xf32>
  return
}

// -----

func.func @batch_norm_missing_var(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm' expects the operand 'var'}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) : tensor<2x3xf32>
  return
}

// -----

func.func @instance_norm_missing_scale(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'norm.instance_norm' expects the operand 'scale'}}
  %y = norm.instance_norm %x : tensor<2x3xf32>
  return
}

// -----

func.func @batch_norm_train_missing_bias(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' expects the operand 'bias' before 'running_mean'}}
  %y:5 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) running_mean(%p : tensor<3xf32>) running_var(%p : tensor<3xf32>) : tensor<2x3xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return
}

// -----

// The old positional form is rejected where it departs from the new one.
func.func @old_positional_operands(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.group_norm' expects the operand 'scale'}}
  %y = norm.group_norm %x, %p, %p {num_groups = 3 : i64} : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>
  return
}

// -----

func.func @old_running_group(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'running' is not an operand of 'norm.batch_norm_train' (expected 'scale', 'bias', 'running_mean' or 'running_var')}}
  %y:5 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) running(%p, %p : tensor<3xf32>, tensor<3xf32>) : tensor<2x3xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return
}

// -----

func.func @operand_group_without_type(%x: tensor<4x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{expected ':'}}
  %y = norm.layer_norm %x scale(%g) : tensor<4x8xf32>
  return
}

// -----

func.func @operand_group_type_mismatch(%x: tensor<4x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+2 {{use of value '%g' expects different type than prior uses: 'tensor<8xf16>' vs 'tensor<8xf32>'}}
  // expected-note @-2 {{prior use here}}
  %y = norm.layer_norm %x scale(%g : tensor<8xf16>) : tensor<4x8xf32>
  return
}

// -----

func.func @input_not_a_ranked_tensor(%x: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %y = norm.layer_norm %x : tensor<*xf32>
  return
}

// -----

func.func @bad_inherent_attribute(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'norm.layer_norm' op attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute}}
  %y = norm.layer_norm %x {axis = 1.0 : f32} : tensor<4x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// Results after `->`
//===----------------------------------------------------------------------===//

// -----

func.func @unknown_result(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expected a result of 'norm.layer_norm' after '->': 'sum', 'mean' or 'inv_std_dev'}}
  %y:2 = norm.layer_norm %x : tensor<4x8xf32> -> rstd
  return
}

// -----

func.func @unknown_second_result(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expected a result of 'norm.layer_norm' after ',': 'sum', 'mean' or 'inv_std_dev'}}
  %y:3 = norm.layer_norm %x : tensor<4x8xf32> -> mean, rstd
  return
}

// -----

func.func @empty_result_list(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expected a result of 'norm.layer_norm' after '->': 'sum', 'mean' or 'inv_std_dev'}}
  %y = norm.layer_norm %x : tensor<4x8xf32> ->
  return
}

// -----

func.func @repeated_result(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{the result 'mean' is given twice}}
  %y:3 = norm.layer_norm %x : tensor<4x8xf32> -> mean, mean
  return
}

// -----

func.func @results_out_of_order(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{the result 'mean' must come before 'inv_std_dev'}}
  %y:3 = norm.layer_norm %x : tensor<4x8xf32> -> inv_std_dev, mean
  return
}

// -----

func.func @trailing_comma(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expected a result of 'norm.layer_norm' after ',': 'sum', 'mean' or 'inv_std_dev'}}
  %y:2 = norm.layer_norm %x : tensor<4x8xf32> -> mean,
  return
}

// -----

func.func @batch_norm_train_without_results(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' expects '-> batch_mean, ...' after the input type}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) : tensor<2x3xf32>
  return
}

// -----

func.func @batch_norm_train_missing_batch_mean(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' expects the result 'batch_mean' before 'batch_var'}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) : tensor<2x3xf32> -> batch_var
  return
}

// -----

func.func @batch_norm_train_missing_batch_var(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' expects the result 'batch_var'}}
  %y:2 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) : tensor<2x3xf32> -> batch_mean
  return
}

// -----

func.func @operand_as_result(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expected a result of 'norm.layer_norm' after '->': 'sum', 'mean' or 'inv_std_dev'}}
  %y:2 = norm.layer_norm %x : tensor<4x8xf32> -> scale
  return
}

// -----

func.func @batch_norm_has_no_statistics(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm' has no results besides the output}}
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>) : tensor<2x3xf32> -> mean
  return
}

// -----

func.func @instance_norm_has_no_statistics(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.instance_norm' has no results besides the output}}
  %y = norm.instance_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) : tensor<2x3xf32> -> mean
  return
}

// -----

// The old result-type groups after the input type.
func.func @old_result_types(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expected '->' before the result 'mean'}}
  %y:2 = norm.layer_norm %x : tensor<4x8xf32> mean(tensor<4x1xf32>)
  return
}

// -----

// Running statistics without the new ones parse; the verifier rejects them.
func.func @batch_norm_train_running_without_new(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'new_running_mean' and 'new_running_var' results must be present exactly when 'running_mean' and 'running_var' are given}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) running_mean(%p : tensor<3xf32>) running_var(%p : tensor<3xf32>) : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

func.func @batch_norm_train_running_mean_alone(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'norm.batch_norm_train' op 'running_mean' and 'running_var' must be given together}}
  %y:4 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) running_mean(%p : tensor<3xf32>) : tensor<2x3xf32> -> batch_mean, batch_var, new_running_mean
  return
}

//===----------------------------------------------------------------------===//
// Result types that cannot be inferred
//===----------------------------------------------------------------------===//

// -----

func.func @infer_axis_out_of_range(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{cannot infer the type of 'mean' from 'tensor<4x8xf32>' and the attributes; write 'mean(<type>)'}}
  %y:2 = norm.layer_norm %x {axis = 2 : i64} : tensor<4x8xf32> -> mean
  return
}

// -----

func.func @infer_integer_input(%x: tensor<4x8xi32>) {
  // expected-error @+1 {{cannot infer the type of 'inv_rms' from 'tensor<4x8xi32>' and the attributes; write 'inv_rms(<type>)'}}
  %y:2 = norm.rms_norm %x : tensor<4x8xi32> -> inv_rms
  return
}

// -----

func.func @infer_feature_axis_out_of_range(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{cannot infer the type of 'batch_mean' from 'tensor<2x3xf32>' and the attributes; write 'batch_mean(<type>)'}}
  %y:3 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {feature_axis = 5 : i64} : tensor<2x3xf32> -> batch_mean, batch_var
  return
}

// -----

func.func @infer_without_num_groups(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{cannot infer the type of 'mean' from 'tensor<2x4xf32>' and the attributes; write 'mean(<type>)'}}
  %y:2 = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) : tensor<2x4xf32> -> mean
  return
}

// -----

func.func @infer_zero_groups(%x: tensor<2x4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{cannot infer the type of 'inv_std_dev' from 'tensor<2x4xf32>' and the attributes; write 'inv_std_dev(<type>)'}}
  %y:2 = norm.group_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) {num_groups = 0 : i64} : tensor<2x4xf32> -> inv_std_dev
  return
}

// -----

// Written out, the same result type reaches the verifier, which names the
// attribute at fault.
func.func @written_type_reaches_verifier(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'norm.layer_norm' op 'axis' = 2 is out of range [-2, 2) for an input of rank 2}}
  %y:2 = norm.layer_norm %x {axis = 2 : i64} : tensor<4x8xf32> -> mean(tensor<4x1xf32>)
  return
}
