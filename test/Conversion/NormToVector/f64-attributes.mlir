// RUN: norm-opt %s --convert-norm-to-vector="vector-width=8" | FileCheck %s

// The vector kernels take epsilon and momentum rounded once to the
// accumulation type: the exact doubles for f64 attributes on f64 data (not
// the f32 roundings 9.9999997473787516E-6 and 0.89999997615814209), the f32
// constants for f64 attributes on f32 data.

// CHECK-LABEL: func.func @batch_norm_train_f64
//   CHECK-NOT:   0.89999997615814209
//   CHECK-NOT:   9.9999997473787516E-6
//   CHECK-DAG:   arith.constant dense<0.099999999999999978> : vector<4xf64>
//   CHECK-DAG:   arith.constant dense<9.000000e-01> : vector<4xf64>
//   CHECK-DAG:   arith.constant dense<1.000000e-05> : vector<4xf64>
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

// CHECK-LABEL: func.func @batch_norm_train_f32_data_f64_attributes
//   CHECK-DAG:   arith.constant dense<0.100000024> : vector<8xf32>
//   CHECK-DAG:   arith.constant dense<0.899999976> : vector<8xf32>
//   CHECK-DAG:   arith.constant dense<9.99999974E-6> : vector<8xf32>
func.func @batch_norm_train_f32_data_f64_attributes(%x: tensor<16x4xf32>, %p: tensor<4xf32>) -> tensor<4xf32> {
  %y, %bm, %bv, %nm, %nv = norm.batch_norm_train %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) running_mean(%p : tensor<4xf32>) running_var(%p : tensor<4xf32>)
      {epsilon = 1.0e-05 : f64, momentum = 0.9 : f64}
      : tensor<16x4xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %nv : tensor<4xf32>
}
