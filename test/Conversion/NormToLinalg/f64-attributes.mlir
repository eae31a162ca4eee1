// RUN: norm-opt %s --convert-norm-to-linalg | FileCheck %s

// epsilon and momentum reach the lowered IR rounded once to the accumulation
// type: f64 attributes on f64 data are the exact doubles (not the f32
// roundings 9.9999997473787516E-6 and 0.89999997615814209), an f32 attribute
// on f64 data is its f32 value widened exactly, and f64 attributes on f32 data
// are the same f32 constants an f32 attribute gives.

// CHECK-LABEL: func.func @batch_norm_train_f64
//   CHECK-NOT:   0.89999997615814209
//   CHECK-NOT:   9.9999997473787516E-6
//       CHECK:   arith.constant 1.000000e-05 : f64
//       CHECK:   arith.constant 9.000000e-01 : f64
//       CHECK:   arith.constant 0.099999999999999978 : f64
//       CHECK:   return
func.func @batch_norm_train_f64(%x: tensor<16x4xf64>, %p: tensor<4xf64>)
    -> (tensor<16x4xf64>, tensor<4xf64>, tensor<4xf64>) {
  %y, %bm, %bv, %nm, %nv = norm.batch_norm_train %x scale(%p : tensor<4xf64>) bias(%p : tensor<4xf64>) running_mean(%p : tensor<4xf64>) running_var(%p : tensor<4xf64>)
      {epsilon = 1.0e-05 : f64, momentum = 0.9 : f64, unbiased_running_var = true}
      : tensor<16x4xf64> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %nm, %nv : tensor<16x4xf64>, tensor<4xf64>, tensor<4xf64>
}

// CHECK-LABEL: func.func @layer_norm_f64
//   CHECK-NOT:   9.9999997473787516E-6
//       CHECK:   arith.constant 1.000000e-05 : f64
//       CHECK:   return
func.func @layer_norm_f64(%x: tensor<4x8xf64>) -> tensor<4x8xf64> {
  %y = norm.layer_norm %x {epsilon = 1.0e-05 : f64} : tensor<4x8xf64>
  return %y : tensor<4x8xf64>
}

// CHECK-LABEL: func.func @layer_norm_f32_epsilon_f64_data
//       CHECK:   arith.constant 9.9999997473787516E-6 : f64
func.func @layer_norm_f32_epsilon_f64_data(%x: tensor<4x8xf64>) -> tensor<4x8xf64> {
  %y = norm.layer_norm %x {epsilon = 1.0e-05 : f32} : tensor<4x8xf64>
  return %y : tensor<4x8xf64>
}

// CHECK-LABEL: func.func @batch_norm_train_f32_data_f64_attributes
//       CHECK:   arith.constant 9.99999974E-6 : f32
//       CHECK:   arith.constant 0.899999976 : f32
//       CHECK:   arith.constant 0.100000024 : f32
func.func @batch_norm_train_f32_data_f64_attributes(%x: tensor<16x4xf32>, %p: tensor<4xf32>) -> tensor<4xf32> {
  %y, %bm, %bv, %nm, %nv = norm.batch_norm_train %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) running_mean(%p : tensor<4xf32>) running_var(%p : tensor<4xf32>)
      {epsilon = 1.0e-05 : f64, momentum = 0.9 : f64}
      : tensor<16x4xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %nv : tensor<4xf32>
}

// An f64 epsilon below the f32 range rounds to 0 in f32 accumulation, and the
// op is then lowered as epsilon = 0: with the zero-deviation guard (a compare
// and a select), and no epsilon add of a nonzero constant.
// CHECK-LABEL: func.func @layer_norm_f64_epsilon_rounds_to_zero
//   CHECK-NOT:   1.000000e-50
//       CHECK:   arith.cmpf oeq
//       CHECK:   arith.select
func.func @layer_norm_f64_epsilon_rounds_to_zero(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.layer_norm %x {epsilon = 1.0e-50 : f64} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
