// RUN: norm-opt %s | FileCheck %s
// RUN: norm-opt %s | norm-opt | FileCheck %s
// RUN: norm-opt %s --mlir-print-op-generic | norm-opt | FileCheck %s
// RUN: norm-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// The `residual` operand and the `sum` result of the row norms: the operand
// comes first among the operand groups, the result first among the result
// items, and `sum` has the input's type (printed without one).

// CHECK-LABEL: func.func @layer_norm_residual(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>, %[[R:[^:]+]]: tensor<4x8xf32>
// CHECK: %[[Y:.+]] = norm.layer_norm %[[X]] residual(%[[R]] : tensor<4x8xf32>) : tensor<4x8xf32>{{$}}
// GENERIC-LABEL: sym_name = "layer_norm_residual"
// GENERIC: "norm.layer_norm"(%{{.+}}, %{{.+}}) <{{.*}}operandSegmentSizes = array<i32: 1, 1, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0>}> : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
func.func @layer_norm_residual(%x: tensor<4x8xf32>, %r: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.layer_norm %x residual(%r : tensor<4x8xf32>) : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// Every group: residual, scale, bias; sum, mean, inv_std_dev.
// CHECK-LABEL: func.func @layer_norm_residual_all(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x768xbf16>, %[[R:[^:]+]]: tensor<?x768xbf16>, %[[G:[^:]+]]: tensor<768xbf16>, %[[B:[^:]+]]: tensor<768xbf16>
// CHECK: %[[Y:.+]], %[[S:.+]], %[[M:.+]], %[[V:.+]] = norm.layer_norm %[[X]] residual(%[[R]] : tensor<?x768xbf16>) scale(%[[G]] : tensor<768xbf16>) bias(%[[B]] : tensor<768xbf16>) {epsilon = 9.99999997E-7 : f32} : tensor<?x768xbf16> -> sum, mean, inv_std_dev{{$}}
// CHECK: return %[[Y]], %[[S]], %[[M]], %[[V]] : tensor<?x768xbf16>, tensor<?x768xbf16>, tensor<?x1xf32>, tensor<?x1xf32>
// GENERIC-LABEL: sym_name = "layer_norm_residual_all"
// GENERIC: operandSegmentSizes = array<i32: 1, 1, 1, 1>, resultSegmentSizes = array<i32: 1, 1, 1, 1>
func.func @layer_norm_residual_all(%x: tensor<?x768xbf16>, %r: tensor<?x768xbf16>, %g: tensor<768xbf16>, %b: tensor<768xbf16>)
    -> (tensor<?x768xbf16>, tensor<?x768xbf16>, tensor<?x1xf32>, tensor<?x1xf32>) {
  %y, %s, %m, %v = norm.layer_norm %x residual(%r : tensor<?x768xbf16>) scale(%g : tensor<768xbf16>) bias(%b : tensor<768xbf16>) {epsilon = 1.0e-06 : f32} : tensor<?x768xbf16> -> sum, mean, inv_std_dev
  return %y, %s, %m, %v : tensor<?x768xbf16>, tensor<?x768xbf16>, tensor<?x1xf32>, tensor<?x1xf32>
}

// The residual may say more than the input (a static size where the input's
// is dynamic); `sum` written with the input type prints short.
// CHECK-LABEL: func.func @layer_norm_residual_static(
// CHECK: norm.layer_norm %{{.+}} residual(%{{.+}} : tensor<2x8xf16>) : tensor<?x8xf16> -> sum{{$}}
func.func @layer_norm_residual_static(%x: tensor<?x8xf16>, %r: tensor<2x8xf16>) -> tensor<?x8xf16> {
  %y, %s = norm.layer_norm %x residual(%r : tensor<2x8xf16>) : tensor<?x8xf16> -> sum(tensor<?x8xf16>)
  return %s : tensor<?x8xf16>
}

// CHECK-LABEL: func.func @rms_norm_residual(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x?x64xf16>, %[[R:[^:]+]]: tensor<2x?x64xf16>, %[[G:[^:]+]]: tensor<64xf16>
// CHECK: %{{.+}}, %{{.+}}, %{{.+}} = norm.rms_norm %[[X]] residual(%[[R]] : tensor<2x?x64xf16>) scale(%[[G]] : tensor<64xf16>) : tensor<2x?x64xf16> -> sum, inv_rms{{$}}
// GENERIC-LABEL: sym_name = "rms_norm_residual"
// GENERIC: "norm.rms_norm"(%{{.+}}, %{{.+}}, %{{.+}}) <{{.*}}operandSegmentSizes = array<i32: 1, 1, 1>, resultSegmentSizes = array<i32: 1, 1, 1>}>
func.func @rms_norm_residual(%x: tensor<2x?x64xf16>, %r: tensor<2x?x64xf16>, %g: tensor<64xf16>)
    -> (tensor<2x?x64xf16>, tensor<2x?x64xf16>, tensor<2x?x1xf32>) {
  %y, %s, %v = norm.rms_norm %x residual(%r : tensor<2x?x64xf16>) scale(%g : tensor<64xf16>) : tensor<2x?x64xf16> -> sum, inv_rms
  return %y, %s, %v : tensor<2x?x64xf16>, tensor<2x?x64xf16>, tensor<2x?x1xf32>
}

// Without the residual the rms_norm's generic form has empty segments.
// CHECK-LABEL: func.func @rms_norm_plain(
// CHECK: norm.rms_norm %{{.+}} : tensor<4x8xf32>{{$}}
// GENERIC-LABEL: sym_name = "rms_norm_plain"
// GENERIC: "norm.rms_norm"(%{{.+}}) <{axis = -1 : i64, epsilon = 9.99999974E-6 : f32, operandSegmentSizes = array<i32: 1, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0>}>
func.func @rms_norm_plain(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// Zero-size batch.
// CHECK-LABEL: func.func @rms_norm_residual_empty(
// CHECK: norm.rms_norm %{{.+}} residual(%{{.+}} : tensor<0x16xbf16>) : tensor<0x16xbf16> -> sum{{$}}
func.func @rms_norm_residual_empty(%x: tensor<0x16xbf16>, %r: tensor<0x16xbf16>) -> (tensor<0x16xbf16>, tensor<0x16xbf16>) {
  %y, %s = norm.rms_norm %x residual(%r : tensor<0x16xbf16>) : tensor<0x16xbf16> -> sum
  return %y, %s : tensor<0x16xbf16>, tensor<0x16xbf16>
}
