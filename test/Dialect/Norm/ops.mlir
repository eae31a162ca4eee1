// RUN: norm-opt %s | norm-opt | FileCheck %s
// RUN: norm-opt %s --mlir-print-op-generic | norm-opt | FileCheck %s

// Round-trips every norm op through the custom and the generic printer, with
// every optional operand/result group present and absent, static, dynamic and
// zero-size shapes, the four element types, and non-default attributes.
// Default-valued attributes (axis = -1, epsilon = 1e-5, feature_axis = 1,
// momentum = 0.9, unbiased_running_var = false) are elided by the printer.

//===----------------------------------------------------------------------===//
// layer_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @layer_norm_plain(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>
// CHECK: %[[Y:.+]] = norm.layer_norm %[[X]] : tensor<4x8xf32>{{$}}
// CHECK: return %[[Y]] : tensor<4x8xf32>
func.func @layer_norm_plain(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.layer_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// Explicit default attributes are dropped by the printer.
// CHECK-LABEL: func.func @layer_norm_explicit_defaults(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>
// CHECK: norm.layer_norm %[[X]] : tensor<4x8xf32>{{$}}
func.func @layer_norm_explicit_defaults(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.layer_norm %x {axis = -1 : i64, epsilon = 1.0e-05 : f32} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @layer_norm_scale_only_f16(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x768xf16>, %[[G:[^:]+]]: tensor<768xf16>
// CHECK: %[[Y:.+]] = norm.layer_norm %[[X]] scale(%[[G]] : tensor<768xf16>) : tensor<2x768xf16>{{$}}
// CHECK: return %[[Y]]
func.func @layer_norm_scale_only_f16(%x: tensor<2x768xf16>, %g: tensor<768xf16>) -> tensor<2x768xf16> {
  %y = norm.layer_norm %x scale(%g : tensor<768xf16>) : tensor<2x768xf16>
  return %y : tensor<2x768xf16>
}

// CHECK-LABEL: func.func @layer_norm_bias_only_bf16(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x768xbf16>, %[[B:[^:]+]]: tensor<768xbf16>
// CHECK: %[[Y:.+]] = norm.layer_norm %[[X]] bias(%[[B]] : tensor<768xbf16>) : tensor<2x768xbf16>{{$}}
// CHECK: return %[[Y]]
func.func @layer_norm_bias_only_bf16(%x: tensor<2x768xbf16>, %b: tensor<768xbf16>) -> tensor<2x768xbf16> {
  %y = norm.layer_norm %x bias(%b : tensor<768xbf16>) : tensor<2x768xbf16>
  return %y : tensor<2x768xbf16>
}

// f64 input: the default accumulation type, and so the statistics, are f64.
// CHECK-LABEL: func.func @layer_norm_all_f64(
// CHECK-SAME: %[[X:[^:]+]]: tensor<3x6xf64>, %[[G:[^:]+]]: tensor<6xf64>, %[[B:[^:]+]]: tensor<6xf64>
// CHECK: %[[Y:[^,]+]], %[[M:[^,]+]], %[[R:[^ ]+]] = norm.layer_norm %[[X]] scale(%[[G]] : tensor<6xf64>) bias(%[[B]] : tensor<6xf64>) : tensor<3x6xf64> -> mean, inv_std_dev{{$}}
// CHECK: return %[[Y]], %[[M]], %[[R]] : tensor<3x6xf64>, tensor<3x1xf64>, tensor<3x1xf64>
func.func @layer_norm_all_f64(%x: tensor<3x6xf64>, %g: tensor<6xf64>, %b: tensor<6xf64>)
    -> (tensor<3x6xf64>, tensor<3x1xf64>, tensor<3x1xf64>) {
  %y, %m, %r = norm.layer_norm %x scale(%g : tensor<6xf64>) bias(%b : tensor<6xf64>)
      : tensor<3x6xf64> -> mean, inv_std_dev
  return %y, %m, %r : tensor<3x6xf64>, tensor<3x1xf64>, tensor<3x1xf64>
}

// CHECK-LABEL: func.func @layer_norm_mean_only(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>
// CHECK: %[[Y:[^,]+]], %[[M:[^ ]+]] = norm.layer_norm %[[X]] : tensor<4x8xf32> -> mean{{$}}
// CHECK: return %[[Y]], %[[M]] : tensor<4x8xf32>, tensor<4x1xf32>
func.func @layer_norm_mean_only(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x1xf32>) {
  %y, %m = norm.layer_norm %x : tensor<4x8xf32> -> mean
  return %y, %m : tensor<4x8xf32>, tensor<4x1xf32>
}

// CHECK-LABEL: func.func @layer_norm_inv_std_dev_only(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf16>
// CHECK: %[[Y:[^,]+]], %[[R:[^ ]+]] = norm.layer_norm %[[X]] : tensor<4x8xf16> -> inv_std_dev{{$}}
// CHECK: return %[[Y]], %[[R]] : tensor<4x8xf16>, tensor<4x1xf32>
func.func @layer_norm_inv_std_dev_only(%x: tensor<4x8xf16>) -> (tensor<4x8xf16>, tensor<4x1xf32>) {
  %y, %r = norm.layer_norm %x : tensor<4x8xf16> -> inv_std_dev
  return %y, %r : tensor<4x8xf16>, tensor<4x1xf32>
}

// Dynamic shapes, axis = 1 over a rank-3 input, acc_type f64 on f16 (the
// statistics then are f64), and a non-default epsilon.
// CHECK-LABEL: func.func @layer_norm_dynamic_axis1(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x?xf16>, %[[G:[^:]+]]: tensor<?x?xf16>, %[[B:[^:]+]]: tensor<?x?xf16>
// CHECK: %[[Y:[^,]+]], %[[M:[^,]+]], %[[R:[^ ]+]] = norm.layer_norm %[[X]] scale(%[[G]] : tensor<?x?xf16>) bias(%[[B]] : tensor<?x?xf16>) {acc_type = f64, axis = 1 : i64, epsilon = 1.000000e-03 : f32} : tensor<?x?x?xf16> -> mean, inv_std_dev{{$}}
// CHECK: return %[[Y]], %[[M]], %[[R]]
func.func @layer_norm_dynamic_axis1(%x: tensor<?x?x?xf16>, %g: tensor<?x?xf16>, %b: tensor<?x?xf16>)
    -> (tensor<?x?x?xf16>, tensor<?x1x1xf64>, tensor<?x1x1xf64>) {
  %y, %m, %r = norm.layer_norm %x scale(%g : tensor<?x?xf16>) bias(%b : tensor<?x?xf16>)
      {axis = 1 : i64, epsilon = 1.0e-03 : f32, acc_type = f64}
      : tensor<?x?x?xf16> -> mean, inv_std_dev
  return %y, %m, %r : tensor<?x?x?xf16>, tensor<?x1x1xf64>, tensor<?x1x1xf64>
}

// Negative axis counts from the end: -2 on rank 3 normalizes over dims [1, 3).
// CHECK-LABEL: func.func @layer_norm_negative_axis_bf16(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3x4xbf16>, %[[G:[^:]+]]: tensor<3x4xbf16>
// CHECK: %[[Y:[^,]+]], %[[M:[^ ]+]] = norm.layer_norm %[[X]] scale(%[[G]] : tensor<3x4xbf16>) {axis = -2 : i64} : tensor<2x3x4xbf16> -> mean{{$}}
func.func @layer_norm_negative_axis_bf16(%x: tensor<2x3x4xbf16>, %g: tensor<3x4xbf16>)
    -> (tensor<2x3x4xbf16>, tensor<2x1x1xf32>) {
  %y, %m = norm.layer_norm %x scale(%g : tensor<3x4xbf16>) {axis = -2 : i64}
      : tensor<2x3x4xbf16> -> mean
  return %y, %m : tensor<2x3x4xbf16>, tensor<2x1x1xf32>
}

// axis = 0 normalizes over the whole tensor; the statistics are all ones.
// CHECK-LABEL: func.func @layer_norm_axis0_f32(
// CHECK-SAME: %[[X:[^:]+]]: tensor<5x7xf32>, %[[B:[^:]+]]: tensor<5x7xf32>
// CHECK: norm.layer_norm %[[X]] bias(%[[B]] : tensor<5x7xf32>) {axis = 0 : i64, epsilon = 0.000000e+00 : f32} : tensor<5x7xf32> -> inv_std_dev{{$}}
func.func @layer_norm_axis0_f32(%x: tensor<5x7xf32>, %b: tensor<5x7xf32>)
    -> (tensor<5x7xf32>, tensor<1x1xf32>) {
  %y, %r = norm.layer_norm %x bias(%b : tensor<5x7xf32>) {axis = 0 : i64, epsilon = 0.0 : f32}
      : tensor<5x7xf32> -> inv_std_dev
  return %y, %r : tensor<5x7xf32>, tensor<1x1xf32>
}

// Zero-size batch and zero-size normalized dim.
// CHECK-LABEL: func.func @layer_norm_zero_size(
// CHECK-SAME: %[[X:[^:]+]]: tensor<0x768xf32>, %[[G:[^:]+]]: tensor<768xf32>, %[[Z:[^:]+]]: tensor<4x0xf64>
// CHECK: norm.layer_norm %[[X]] scale(%[[G]] : tensor<768xf32>) : tensor<0x768xf32> -> mean, inv_std_dev{{$}}
// CHECK: norm.layer_norm %[[Z]] : tensor<4x0xf64> -> mean{{$}}
func.func @layer_norm_zero_size(%x: tensor<0x768xf32>, %g: tensor<768xf32>, %z: tensor<4x0xf64>)
    -> (tensor<0x768xf32>, tensor<0x1xf32>, tensor<0x1xf32>, tensor<4x0xf64>, tensor<4x1xf64>) {
  %y, %m, %r = norm.layer_norm %x scale(%g : tensor<768xf32>)
      : tensor<0x768xf32> -> mean, inv_std_dev
  %y2, %m2 = norm.layer_norm %z : tensor<4x0xf64> -> mean
  return %y, %m, %r, %y2, %m2
      : tensor<0x768xf32>, tensor<0x1xf32>, tensor<0x1xf32>, tensor<4x0xf64>, tensor<4x1xf64>
}

// An f64 epsilon round-trips as f64 (a PyTorch model's eps, a double), on
// f64 data and on narrower data, where the lowerings round it once to the
// accumulation type.
// CHECK-LABEL: func.func @layer_norm_f64_epsilon(
// CHECK: norm.layer_norm %{{.+}} {epsilon = 1.000000e-05 : f64} : tensor<4x8xf64>{{$}}
// CHECK: norm.layer_norm %{{.+}} {epsilon = 1.000000e-01 : f64} : tensor<4x8xf16>{{$}}
func.func @layer_norm_f64_epsilon(%x: tensor<4x8xf64>, %h: tensor<4x8xf16>)
    -> (tensor<4x8xf64>, tensor<4x8xf16>) {
  %y = norm.layer_norm %x {epsilon = 1.0e-05 : f64} : tensor<4x8xf64>
  %y2 = norm.layer_norm %h {epsilon = 0.1 : f64} : tensor<4x8xf16>
  return %y, %y2 : tensor<4x8xf64>, tensor<4x8xf16>
}

//===----------------------------------------------------------------------===//
// rms_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @rms_norm_plain_f32(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>
// CHECK: %[[Y:.+]] = norm.rms_norm %[[X]] : tensor<4x8xf32>{{$}}
// CHECK: return %[[Y]]
func.func @rms_norm_plain_f32(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x {axis = -1 : i64, epsilon = 1.0e-05 : f32} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @rms_norm_scale_bf16(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x4096xbf16>, %[[G:[^:]+]]: tensor<4096xbf16>
// CHECK: %[[Y:.+]] = norm.rms_norm %[[X]] scale(%[[G]] : tensor<4096xbf16>) {epsilon = 9.99999997E-7 : f32} : tensor<?x4096xbf16>{{$}}
// CHECK: return %[[Y]]
func.func @rms_norm_scale_bf16(%x: tensor<?x4096xbf16>, %g: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %y = norm.rms_norm %x scale(%g : tensor<4096xbf16>) {epsilon = 1.0e-06 : f32} : tensor<?x4096xbf16>
  return %y : tensor<?x4096xbf16>
}

// CHECK-LABEL: func.func @rms_norm_scale_inv_rms_f16(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x?x64xf16>, %[[G:[^:]+]]: tensor<64xf16>
// CHECK: %[[Y:[^,]+]], %[[R:[^ ]+]] = norm.rms_norm %[[X]] scale(%[[G]] : tensor<64xf16>) : tensor<2x?x64xf16> -> inv_rms{{$}}
// CHECK: return %[[Y]], %[[R]] : tensor<2x?x64xf16>, tensor<2x?x1xf32>
func.func @rms_norm_scale_inv_rms_f16(%x: tensor<2x?x64xf16>, %g: tensor<64xf16>)
    -> (tensor<2x?x64xf16>, tensor<2x?x1xf32>) {
  %y, %r = norm.rms_norm %x scale(%g : tensor<64xf16>) : tensor<2x?x64xf16> -> inv_rms
  return %y, %r : tensor<2x?x64xf16>, tensor<2x?x1xf32>
}

// CHECK-LABEL: func.func @rms_norm_inv_rms_only_f64(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?xf64>
// CHECK: %[[Y:[^,]+]], %[[R:[^ ]+]] = norm.rms_norm %[[X]] {axis = 0 : i64} : tensor<?x?xf64> -> inv_rms{{$}}
func.func @rms_norm_inv_rms_only_f64(%x: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<1x1xf64>) {
  %y, %r = norm.rms_norm %x {axis = 0 : i64} : tensor<?x?xf64> -> inv_rms
  return %y, %r : tensor<?x?xf64>, tensor<1x1xf64>
}

// CHECK-LABEL: func.func @rms_norm_acc_f64_axis_neg2(
// CHECK-SAME: %[[X:[^:]+]]: tensor<0x3x4xf32>, %[[G:[^:]+]]: tensor<3x4xf32>
// CHECK: norm.rms_norm %[[X]] scale(%[[G]] : tensor<3x4xf32>) {acc_type = f64, axis = -2 : i64} : tensor<0x3x4xf32> -> inv_rms{{$}}
func.func @rms_norm_acc_f64_axis_neg2(%x: tensor<0x3x4xf32>, %g: tensor<3x4xf32>)
    -> (tensor<0x3x4xf32>, tensor<0x1x1xf64>) {
  %y, %r = norm.rms_norm %x scale(%g : tensor<3x4xf32>) {axis = -2 : i64, acc_type = f64}
      : tensor<0x3x4xf32> -> inv_rms
  return %y, %r : tensor<0x3x4xf32>, tensor<0x1x1xf64>
}

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @batch_norm_nchw_f32(
// CHECK-SAME: %[[X:[^:]+]]: tensor<8x64x56x56xf32>, %[[G:[^:]+]]: tensor<64xf32>, %[[B:[^:]+]]: tensor<64xf32>, %[[M:[^:]+]]: tensor<64xf32>, %[[V:[^:]+]]: tensor<64xf32>
// CHECK: %[[Y:.+]] = norm.batch_norm %[[X]] scale(%[[G]] : tensor<64xf32>) bias(%[[B]] : tensor<64xf32>) mean(%[[M]] : tensor<64xf32>) var(%[[V]] : tensor<64xf32>) : tensor<8x64x56x56xf32>{{$}}
// CHECK: return %[[Y]]
func.func @batch_norm_nchw_f32(%x: tensor<8x64x56x56xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>,
                               %m: tensor<64xf32>, %v: tensor<64xf32>) -> tensor<8x64x56x56xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) mean(%m : tensor<64xf32>) var(%v : tensor<64xf32>) {feature_axis = 1 : i64}
      : tensor<8x64x56x56xf32>
  return %y : tensor<8x64x56x56xf32>
}

// Channels-last with dynamic dims.
// CHECK-LABEL: func.func @batch_norm_nhwc_f16(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x?x64xf16>, %[[G:[^:]+]]: tensor<64xf16>, %[[B:[^:]+]]: tensor<?xf16>, %[[M:[^:]+]]: tensor<64xf16>, %[[V:[^:]+]]: tensor<?xf16>
// CHECK: norm.batch_norm %[[X]] scale(%[[G]] : tensor<64xf16>) bias(%[[B]] : tensor<?xf16>) mean(%[[M]] : tensor<64xf16>) var(%[[V]] : tensor<?xf16>) {feature_axis = -1 : i64} : tensor<?x?x?x64xf16>{{$}}
func.func @batch_norm_nhwc_f16(%x: tensor<?x?x?x64xf16>, %g: tensor<64xf16>, %b: tensor<?xf16>,
                               %m: tensor<64xf16>, %v: tensor<?xf16>) -> tensor<?x?x?x64xf16> {
  %y = norm.batch_norm %x scale(%g : tensor<64xf16>) bias(%b : tensor<?xf16>) mean(%m : tensor<64xf16>) var(%v : tensor<?xf16>) {feature_axis = -1 : i64}
      : tensor<?x?x?x64xf16>
  return %y : tensor<?x?x?x64xf16>
}

// CHECK-LABEL: func.func @batch_norm_bf16_acc_f64(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x?xbf16>
// CHECK: norm.batch_norm %[[X]] scale(%{{.+}} : tensor<?xbf16>) bias(%{{.+}} : tensor<?xbf16>) mean(%{{.+}} : tensor<?xbf16>) var(%{{.+}} : tensor<?xbf16>) {acc_type = f64, epsilon = 1.000000e-03 : f32} : tensor<2x?xbf16>{{$}}
func.func @batch_norm_bf16_acc_f64(%x: tensor<2x?xbf16>, %g: tensor<?xbf16>, %b: tensor<?xbf16>,
                                   %m: tensor<?xbf16>, %v: tensor<?xbf16>) -> tensor<2x?xbf16> {
  %y = norm.batch_norm %x scale(%g : tensor<?xbf16>) bias(%b : tensor<?xbf16>) mean(%m : tensor<?xbf16>) var(%v : tensor<?xbf16>) {epsilon = 1.0e-03 : f32, acc_type = f64}
      : tensor<2x?xbf16>
  return %y : tensor<2x?xbf16>
}

// feature_axis = 0 and a zero-size dim, f64.
// CHECK-LABEL: func.func @batch_norm_f64_zero_size(
// CHECK-SAME: %[[X:[^:]+]]: tensor<3x0x5xf64>
// CHECK: norm.batch_norm %[[X]] scale(%{{.+}} : tensor<3xf64>) bias(%{{.+}} : tensor<3xf64>) mean(%{{.+}} : tensor<3xf64>) var(%{{.+}} : tensor<3xf64>) {feature_axis = 0 : i64} : tensor<3x0x5xf64>{{$}}
func.func @batch_norm_f64_zero_size(%x: tensor<3x0x5xf64>, %g: tensor<3xf64>, %b: tensor<3xf64>,
                                    %m: tensor<3xf64>, %v: tensor<3xf64>) -> tensor<3x0x5xf64> {
  %y = norm.batch_norm %x scale(%g : tensor<3xf64>) bias(%b : tensor<3xf64>) mean(%m : tensor<3xf64>) var(%v : tensor<3xf64>) {feature_axis = 0 : i64}
      : tensor<3x0x5xf64>
  return %y : tensor<3x0x5xf64>
}

// f64 epsilon on every other op.
// CHECK-LABEL: func.func @f64_epsilon_channel_and_rms_norms(
// CHECK: norm.rms_norm %{{.+}} {epsilon = 9.9999999999999995E-7 : f64} : tensor<4x8xf64>{{$}}
// CHECK: norm.batch_norm %{{.+}} {epsilon = 1.000000e-03 : f64} : tensor<2x4xf64>
// CHECK: norm.group_norm %{{.+}} {epsilon = 1.000000e-05 : f64, num_groups = 2 : i64} : tensor<2x4xf64>
// CHECK: norm.instance_norm %{{.+}} {acc_type = f64, epsilon = 1.000000e-05 : f64} : tensor<2x4xf32>
func.func @f64_epsilon_channel_and_rms_norms(%r: tensor<4x8xf64>, %x: tensor<2x4xf64>, %p: tensor<4xf64>,
                                             %x32: tensor<2x4xf32>, %p32: tensor<4xf32>)
    -> (tensor<4x8xf64>, tensor<2x4xf64>, tensor<2x4xf64>, tensor<2x4xf32>) {
  %y0 = norm.rms_norm %r {epsilon = 1.0e-06 : f64} : tensor<4x8xf64>
  %y1 = norm.batch_norm %x scale(%p : tensor<4xf64>) bias(%p : tensor<4xf64>) mean(%p : tensor<4xf64>) var(%p : tensor<4xf64>) {epsilon = 1.0e-03 : f64}
      : tensor<2x4xf64>
  %y2 = norm.group_norm %x scale(%p : tensor<4xf64>) bias(%p : tensor<4xf64>) {num_groups = 2 : i64, epsilon = 1.0e-05 : f64}
      : tensor<2x4xf64>
  %y3 = norm.instance_norm %x32 scale(%p32 : tensor<4xf32>) bias(%p32 : tensor<4xf32>) {epsilon = 1.0e-05 : f64, acc_type = f64}
      : tensor<2x4xf32>
  return %y0, %y1, %y2, %y3 : tensor<4x8xf64>, tensor<2x4xf64>, tensor<2x4xf64>, tensor<2x4xf32>
}

//===----------------------------------------------------------------------===//
// batch_norm_train
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @batch_norm_train_no_running_f32(
// CHECK-SAME: %[[X:[^:]+]]: tensor<8x64x56x56xf32>, %[[G:[^:]+]]: tensor<64xf32>, %[[B:[^:]+]]: tensor<64xf32>
// CHECK: %[[Y:[^,]+]], %[[BM:[^,]+]], %[[BV:[^ ]+]] = norm.batch_norm_train %[[X]] scale(%[[G]] : tensor<64xf32>) bias(%[[B]] : tensor<64xf32>) : tensor<8x64x56x56xf32> -> batch_mean, batch_var{{$}}
// CHECK: return %[[Y]], %[[BM]], %[[BV]] : tensor<8x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>
func.func @batch_norm_train_no_running_f32(%x: tensor<8x64x56x56xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>)
    -> (tensor<8x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>) {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>)
      {momentum = 0.9 : f32, feature_axis = 1 : i64, unbiased_running_var = false}
      : tensor<8x64x56x56xf32> -> batch_mean, batch_var
  return %y, %bm, %bv : tensor<8x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>
}

// f16 parameters; statistics and running statistics have the f32
// accumulation type.
// CHECK-LABEL: func.func @batch_norm_train_running_f16(
// CHECK-SAME: %[[X:[^:]+]]: tensor<8x64x7x7xf16>, %[[G:[^:]+]]: tensor<64xf16>, %[[B:[^:]+]]: tensor<64xf16>, %[[RM:[^:]+]]: tensor<64xf32>, %[[RV:[^:]+]]: tensor<64xf32>
// CHECK: %[[Y:[^,]+]], %[[BM:[^,]+]], %[[BV:[^,]+]], %[[NM:[^,]+]], %[[NV:[^ ]+]] = norm.batch_norm_train %[[X]] scale(%[[G]] : tensor<64xf16>) bias(%[[B]] : tensor<64xf16>) running_mean(%[[RM]] : tensor<64xf32>) running_var(%[[RV]] : tensor<64xf32>) : tensor<8x64x7x7xf16> -> batch_mean, batch_var, new_running_mean, new_running_var{{$}}
// CHECK: return %[[Y]], %[[BM]], %[[BV]], %[[NM]], %[[NV]]
func.func @batch_norm_train_running_f16(%x: tensor<8x64x7x7xf16>, %g: tensor<64xf16>, %b: tensor<64xf16>,
                                        %rm: tensor<64xf32>, %rv: tensor<64xf32>)
    -> (tensor<8x64x7x7xf16>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) {
  %y, %bm, %bv, %nm, %nv = norm.batch_norm_train %x scale(%g : tensor<64xf16>) bias(%b : tensor<64xf16>) running_mean(%rm : tensor<64xf32>) running_var(%rv : tensor<64xf32>)
      : tensor<8x64x7x7xf16> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %bm, %bv, %nm, %nv
      : tensor<8x64x7x7xf16>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
}

// Every non-default attribute: PyTorch-style momentum written in ONNX terms,
// unbiased running variance, channels-last, epsilon, acc_type f64 (so every
// statistic is f64), dynamic shapes, bf16.
// CHECK-LABEL: func.func @batch_norm_train_all_attrs_bf16(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x?xbf16>, %[[G:[^:]+]]: tensor<?xbf16>, %[[B:[^:]+]]: tensor<?xbf16>, %[[RM:[^:]+]]: tensor<?xf64>, %[[RV:[^:]+]]: tensor<?xf64>
// CHECK: norm.batch_norm_train %[[X]] scale(%[[G]] : tensor<?xbf16>) bias(%[[B]] : tensor<?xbf16>) running_mean(%[[RM]] : tensor<?xf64>) running_var(%[[RV]] : tensor<?xf64>) {acc_type = f64, epsilon = 1.000000e-03 : f32, feature_axis = -1 : i64, momentum = 1.000000e-01 : f32, unbiased_running_var = true} : tensor<?x?x?xbf16> -> batch_mean, batch_var, new_running_mean, new_running_var{{$}}
func.func @batch_norm_train_all_attrs_bf16(%x: tensor<?x?x?xbf16>, %g: tensor<?xbf16>, %b: tensor<?xbf16>,
                                           %rm: tensor<?xf64>, %rv: tensor<?xf64>)
    -> (tensor<?x?x?xbf16>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %y, %bm, %bv, %nm, %nv = norm.batch_norm_train %x scale(%g : tensor<?xbf16>) bias(%b : tensor<?xbf16>) running_mean(%rm : tensor<?xf64>) running_var(%rv : tensor<?xf64>)
      {momentum = 0.1 : f32, unbiased_running_var = true, feature_axis = -1 : i64,
       epsilon = 1.0e-03 : f32, acc_type = f64}
      : tensor<?x?x?xbf16> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %bm, %bv, %nm, %nv
      : tensor<?x?x?xbf16>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// momentum at both ends of [0, 1], rank 2, f64 statistics by default.
// CHECK-LABEL: func.func @batch_norm_train_f64_momentum_bounds(
// CHECK-SAME: %[[X:[^:]+]]: tensor<16x4xf64>
// CHECK: norm.batch_norm_train %[[X]] scale(%{{.+}} : tensor<4xf64>) bias(%{{.+}} : tensor<4xf64>) {momentum = 0.000000e+00 : f32} : tensor<16x4xf64> -> batch_mean, batch_var{{$}}
// CHECK: norm.batch_norm_train %[[X]] scale(%{{.+}} : tensor<4xf64>) bias(%{{.+}} : tensor<4xf64>) running_mean(%{{.+}} : tensor<4xf64>) running_var(%{{.+}} : tensor<4xf64>) {momentum = 1.000000e+00 : f32} : tensor<16x4xf64> -> batch_mean, batch_var, new_running_mean, new_running_var{{$}}
func.func @batch_norm_train_f64_momentum_bounds(%x: tensor<16x4xf64>, %g: tensor<4xf64>, %b: tensor<4xf64>,
                                                %rm: tensor<4xf64>, %rv: tensor<4xf64>)
    -> (tensor<16x4xf64>, tensor<16x4xf64>, tensor<4xf64>, tensor<4xf64>) {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<4xf64>) bias(%b : tensor<4xf64>) {momentum = 0.0 : f32}
      : tensor<16x4xf64> -> batch_mean, batch_var
  %y2, %bm2, %bv2, %nm, %nv = norm.batch_norm_train %x scale(%g : tensor<4xf64>) bias(%b : tensor<4xf64>) running_mean(%rm : tensor<4xf64>) running_var(%rv : tensor<4xf64>) {momentum = 1.0 : f32}
      : tensor<16x4xf64> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %y2, %nm, %nv : tensor<16x4xf64>, tensor<16x4xf64>, tensor<4xf64>, tensor<4xf64>
}

// Zero channels of 8 elements each. (A zero-size batch, 0 elements per
// channel, is rejected: see invalid.mlir.)
// CHECK-LABEL: func.func @batch_norm_train_zero_size(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x0x2x2xf32>
// CHECK: norm.batch_norm_train %[[X]] scale(%{{.+}} : tensor<0xf32>) bias(%{{.+}} : tensor<0xf32>) : tensor<2x0x2x2xf32> -> batch_mean, batch_var{{$}}
func.func @batch_norm_train_zero_size(%x: tensor<2x0x2x2xf32>, %g: tensor<0xf32>, %b: tensor<0xf32>)
    -> (tensor<2x0x2x2xf32>, tensor<0xf32>, tensor<0xf32>) {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<0xf32>) bias(%b : tensor<0xf32>)
      : tensor<2x0x2x2xf32> -> batch_mean, batch_var
  return %y, %bm, %bv : tensor<2x0x2x2xf32>, tensor<0xf32>, tensor<0xf32>
}

// One element per channel: the batch variance is 0. Valid with the biased
// running variance, and with 'unbiased_running_var' when there are no running
// statistics (the flag then has no effect).
// CHECK-LABEL: func.func @batch_norm_train_one_element_per_channel(
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<3xf32>) bias(%{{.+}} : tensor<3xf32>) running_mean(%{{.+}} : tensor<3xf32>) running_var(%{{.+}} : tensor<3xf32>) : tensor<1x3x1xf32> -> batch_mean, batch_var, new_running_mean, new_running_var{{$}}
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<3xf32>) bias(%{{.+}} : tensor<3xf32>) {unbiased_running_var = true} : tensor<1x3x1xf32> -> batch_mean, batch_var{{$}}
func.func @batch_norm_train_one_element_per_channel(%x: tensor<1x3x1xf32>, %p: tensor<3xf32>)
    -> (tensor<3xf32>, tensor<3xf32>) {
  %y, %bm, %bv, %nm, %nv = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) running_mean(%p : tensor<3xf32>) running_var(%p : tensor<3xf32>)
      : tensor<1x3x1xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  %y2, %bm2, %bv2 = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {unbiased_running_var = true}
      : tensor<1x3x1xf32> -> batch_mean, batch_var
  return %nv, %bv2 : tensor<3xf32>, tensor<3xf32>
}

// A dynamic dim leaves the element count per channel to a run-time check.
// CHECK-LABEL: func.func @batch_norm_train_dynamic_one_element(
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<3xf32>) bias(%{{.+}} : tensor<3xf32>) running_mean(%{{.+}} : tensor<3xf32>) running_var(%{{.+}} : tensor<3xf32>) {unbiased_running_var = true} : tensor<?x3x1xf32>
func.func @batch_norm_train_dynamic_one_element(%x: tensor<?x3x1xf32>, %p: tensor<3xf32>) -> tensor<3xf32> {
  %y, %bm, %bv, %nm, %nv = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) running_mean(%p : tensor<3xf32>) running_var(%p : tensor<3xf32>)
      {unbiased_running_var = true}
      : tensor<?x3x1xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %nv : tensor<3xf32>
}

// f64 epsilon and momentum state a double exactly (a PyTorch model's eps,
// momentum 0.9 on f64 data) and round-trip as f64; f32 stays the default.
// CHECK-LABEL: func.func @batch_norm_train_f64_attributes(
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<4xf64>) bias(%{{.+}} : tensor<4xf64>) running_mean(%{{.+}} : tensor<4xf64>) running_var(%{{.+}} : tensor<4xf64>) {epsilon = 1.000000e-05 : f64, momentum = 9.000000e-01 : f64, unbiased_running_var = true} : tensor<16x4xf64> -> batch_mean, batch_var, new_running_mean, new_running_var{{$}}
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<4xf64>) bias(%{{.+}} : tensor<4xf64>) {momentum = 1.000000e-01 : f64} : tensor<16x4xf64>
func.func @batch_norm_train_f64_attributes(%x: tensor<16x4xf64>, %p: tensor<4xf64>)
    -> (tensor<4xf64>, tensor<4xf64>) {
  %y, %bm, %bv, %nm, %nv = norm.batch_norm_train %x scale(%p : tensor<4xf64>) bias(%p : tensor<4xf64>) running_mean(%p : tensor<4xf64>) running_var(%p : tensor<4xf64>)
      {epsilon = 1.0e-05 : f64, momentum = 0.9 : f64, unbiased_running_var = true}
      : tensor<16x4xf64> -> batch_mean, batch_var, new_running_mean, new_running_var
  // A mix of an explicit f32 default and an f64 momentum (the f32 default
  // spelled out is elided; spelled as f64 it is not the default and stays).
  %y2, %bm2, %bv2 = norm.batch_norm_train %x scale(%p : tensor<4xf64>) bias(%p : tensor<4xf64>)
      {epsilon = 1.0e-05 : f32, momentum = 0.1 : f64}
      : tensor<16x4xf64> -> batch_mean, batch_var
  return %nv, %bv2 : tensor<4xf64>, tensor<4xf64>
}

//===----------------------------------------------------------------------===//
// group_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @group_norm_f16(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x320x64x64xf16>, %[[G:[^:]+]]: tensor<320xf16>, %[[B:[^:]+]]: tensor<320xf16>
// CHECK: %[[Y:.+]] = norm.group_norm %[[X]] scale(%[[G]] : tensor<320xf16>) bias(%[[B]] : tensor<320xf16>) {num_groups = 32 : i64} : tensor<2x320x64x64xf16>{{$}}
// CHECK: return %[[Y]]
func.func @group_norm_f16(%x: tensor<2x320x64x64xf16>, %g: tensor<320xf16>, %b: tensor<320xf16>)
    -> tensor<2x320x64x64xf16> {
  %y = norm.group_norm %x scale(%g : tensor<320xf16>) bias(%b : tensor<320xf16>) {num_groups = 32 : i64}
      : tensor<2x320x64x64xf16>
  return %y : tensor<2x320x64x64xf16>
}

// CHECK-LABEL: func.func @group_norm_mean_only_f32(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x8x5xf32>
// CHECK: %[[Y:[^,]+]], %[[M:[^ ]+]] = norm.group_norm %[[X]] scale(%{{.+}} : tensor<8xf32>) bias(%{{.+}} : tensor<8xf32>) {num_groups = 4 : i64} : tensor<2x8x5xf32> -> mean{{$}}
// CHECK: return %[[Y]], %[[M]]
func.func @group_norm_mean_only_f32(%x: tensor<2x8x5xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>)
    -> (tensor<2x8x5xf32>, tensor<2x4xf32>) {
  %y, %m = norm.group_norm %x scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>) {num_groups = 4 : i64}
      : tensor<2x8x5xf32> -> mean
  return %y, %m : tensor<2x8x5xf32>, tensor<2x4xf32>
}

// CHECK-LABEL: func.func @group_norm_inv_std_dev_only_bf16(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x8x5xbf16>
// CHECK: %[[Y:[^,]+]], %[[R:[^ ]+]] = norm.group_norm %[[X]] scale(%{{.+}} : tensor<8xbf16>) bias(%{{.+}} : tensor<8xbf16>) {epsilon = 1.000000e-03 : f32, num_groups = 1 : i64} : tensor<2x8x5xbf16> -> inv_std_dev{{$}}
func.func @group_norm_inv_std_dev_only_bf16(%x: tensor<2x8x5xbf16>, %g: tensor<8xbf16>, %b: tensor<8xbf16>)
    -> (tensor<2x8x5xbf16>, tensor<2x1xf32>) {
  %y, %r = norm.group_norm %x scale(%g : tensor<8xbf16>) bias(%b : tensor<8xbf16>) {num_groups = 1 : i64, epsilon = 1.0e-03 : f32}
      : tensor<2x8x5xbf16> -> inv_std_dev
  return %y, %r : tensor<2x8x5xbf16>, tensor<2x1xf32>
}

// Dynamic N, C and spatial dims (num_groups need not divide a dynamic C),
// both statistics, f64.
// CHECK-LABEL: func.func @group_norm_dynamic_stats_f64(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x?x?xf64>, %[[G:[^:]+]]: tensor<?xf64>, %[[B:[^:]+]]: tensor<?xf64>
// CHECK: %[[Y:[^,]+]], %[[M:[^,]+]], %[[R:[^ ]+]] = norm.group_norm %[[X]] scale(%[[G]] : tensor<?xf64>) bias(%[[B]] : tensor<?xf64>) {num_groups = 3 : i64} : tensor<?x?x?x?xf64> -> mean, inv_std_dev{{$}}
// CHECK: return %[[Y]], %[[M]], %[[R]]
func.func @group_norm_dynamic_stats_f64(%x: tensor<?x?x?x?xf64>, %g: tensor<?xf64>, %b: tensor<?xf64>)
    -> (tensor<?x?x?x?xf64>, tensor<?x3xf64>, tensor<?x3xf64>) {
  %y, %m, %r = norm.group_norm %x scale(%g : tensor<?xf64>) bias(%b : tensor<?xf64>) {num_groups = 3 : i64}
      : tensor<?x?x?x?xf64> -> mean, inv_std_dev
  return %y, %m, %r : tensor<?x?x?x?xf64>, tensor<?x3xf64>, tensor<?x3xf64>
}

// acc_type f64 on f32, zero-size spatial dims.
// CHECK-LABEL: func.func @group_norm_acc_f64_zero_size(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x6x0x0xf32>
// CHECK: norm.group_norm %[[X]] scale(%{{.+}} : tensor<6xf32>) bias(%{{.+}} : tensor<6xf32>) {acc_type = f64, num_groups = 2 : i64} : tensor<2x6x0x0xf32> -> mean, inv_std_dev{{$}}
func.func @group_norm_acc_f64_zero_size(%x: tensor<2x6x0x0xf32>, %g: tensor<6xf32>, %b: tensor<6xf32>)
    -> (tensor<2x6x0x0xf32>, tensor<2x2xf64>, tensor<2x2xf64>) {
  %y, %m, %r = norm.group_norm %x scale(%g : tensor<6xf32>) bias(%b : tensor<6xf32>) {num_groups = 2 : i64, acc_type = f64}
      : tensor<2x6x0x0xf32> -> mean, inv_std_dev
  return %y, %m, %r : tensor<2x6x0x0xf32>, tensor<2x2xf64>, tensor<2x2xf64>
}

//===----------------------------------------------------------------------===//
// instance_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @instance_norm_f32(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x64x?x?xf32>, %[[G:[^:]+]]: tensor<64xf32>, %[[B:[^:]+]]: tensor<64xf32>
// CHECK: %[[Y:.+]] = norm.instance_norm %[[X]] scale(%[[G]] : tensor<64xf32>) bias(%[[B]] : tensor<64xf32>) : tensor<2x64x?x?xf32>{{$}}
// CHECK: return %[[Y]]
func.func @instance_norm_f32(%x: tensor<2x64x?x?xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>)
    -> tensor<2x64x?x?xf32> {
  %y = norm.instance_norm %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) {epsilon = 1.0e-05 : f32}
      : tensor<2x64x?x?xf32>
  return %y : tensor<2x64x?x?xf32>
}

// CHECK-LABEL: func.func @instance_norm_element_types(
// CHECK: norm.instance_norm %{{.+}} scale(%{{.+}} : tensor<?xf16>) bias(%{{.+}} : tensor<?xf16>) {acc_type = f64, epsilon = 1.000000e-03 : f32} : tensor<?x?x?xf16>{{$}}
// CHECK: norm.instance_norm %{{.+}} scale(%{{.+}} : tensor<4xbf16>) bias(%{{.+}} : tensor<4xbf16>) : tensor<1x4x3xbf16>{{$}}
// CHECK: norm.instance_norm %{{.+}} scale(%{{.+}} : tensor<4xf64>) bias(%{{.+}} : tensor<4xf64>) : tensor<0x4x3x3x3xf64>{{$}}
func.func @instance_norm_element_types(
    %a: tensor<?x?x?xf16>, %ag: tensor<?xf16>, %ab: tensor<?xf16>,
    %b: tensor<1x4x3xbf16>, %bg: tensor<4xbf16>, %bb: tensor<4xbf16>,
    %c: tensor<0x4x3x3x3xf64>, %cg: tensor<4xf64>, %cb: tensor<4xf64>)
    -> (tensor<?x?x?xf16>, tensor<1x4x3xbf16>, tensor<0x4x3x3x3xf64>) {
  %ya = norm.instance_norm %a scale(%ag : tensor<?xf16>) bias(%ab : tensor<?xf16>) {acc_type = f64, epsilon = 1.0e-03 : f32}
      : tensor<?x?x?xf16>
  %yb = norm.instance_norm %b scale(%bg : tensor<4xbf16>) bias(%bb : tensor<4xbf16>) : tensor<1x4x3xbf16>
  %yc = norm.instance_norm %c scale(%cg : tensor<4xf64>) bias(%cb : tensor<4xf64>) : tensor<0x4x3x3x3xf64>
  return %ya, %yb, %yc : tensor<?x?x?xf16>, tensor<1x4x3xbf16>, tensor<0x4x3x3x3xf64>
}

//===----------------------------------------------------------------------===//
// Every op on every element type.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @element_types(
// CHECK: norm.layer_norm %{{.+}} : tensor<2x3xf16> -> mean{{$}}
// CHECK: norm.layer_norm %{{.+}} : tensor<2x3xbf16> -> mean{{$}}
// CHECK: norm.layer_norm %{{.+}} : tensor<2x3xf32> -> mean{{$}}
// CHECK: norm.layer_norm %{{.+}} : tensor<2x3xf64> -> mean{{$}}
// CHECK: norm.rms_norm %{{.+}} : tensor<2x3xf16> -> inv_rms{{$}}
// CHECK: norm.rms_norm %{{.+}} : tensor<2x3xbf16> -> inv_rms{{$}}
// CHECK: norm.rms_norm %{{.+}} : tensor<2x3xf32> -> inv_rms{{$}}
// CHECK: norm.rms_norm %{{.+}} : tensor<2x3xf64> -> inv_rms{{$}}
// CHECK: norm.batch_norm %{{.+}} scale(%{{.+}} : tensor<3xf16>) bias(%{{.+}} : tensor<3xf16>) mean(%{{.+}} : tensor<3xf16>) var(%{{.+}} : tensor<3xf16>) : tensor<2x3xf16>{{$}}
// CHECK: norm.batch_norm %{{.+}} scale(%{{.+}} : tensor<3xbf16>) bias(%{{.+}} : tensor<3xbf16>) mean(%{{.+}} : tensor<3xbf16>) var(%{{.+}} : tensor<3xbf16>) : tensor<2x3xbf16>{{$}}
// CHECK: norm.batch_norm %{{.+}} scale(%{{.+}} : tensor<3xf32>) bias(%{{.+}} : tensor<3xf32>) mean(%{{.+}} : tensor<3xf32>) var(%{{.+}} : tensor<3xf32>) : tensor<2x3xf32>{{$}}
// CHECK: norm.batch_norm %{{.+}} scale(%{{.+}} : tensor<3xf64>) bias(%{{.+}} : tensor<3xf64>) mean(%{{.+}} : tensor<3xf64>) var(%{{.+}} : tensor<3xf64>) : tensor<2x3xf64>{{$}}
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<3xf16>) bias(%{{.+}} : tensor<3xf16>) : tensor<2x3xf16> -> batch_mean, batch_var{{$}}
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<3xbf16>) bias(%{{.+}} : tensor<3xbf16>) : tensor<2x3xbf16> -> batch_mean, batch_var{{$}}
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<3xf32>) bias(%{{.+}} : tensor<3xf32>) : tensor<2x3xf32> -> batch_mean, batch_var{{$}}
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<3xf64>) bias(%{{.+}} : tensor<3xf64>) : tensor<2x3xf64> -> batch_mean, batch_var{{$}}
// CHECK: norm.group_norm %{{.+}} scale(%{{.+}} : tensor<3xf16>) bias(%{{.+}} : tensor<3xf16>) {num_groups = 3 : i64} : tensor<2x3xf16> -> mean{{$}}
// CHECK: norm.group_norm %{{.+}} scale(%{{.+}} : tensor<3xbf16>) bias(%{{.+}} : tensor<3xbf16>) {num_groups = 3 : i64} : tensor<2x3xbf16> -> mean{{$}}
// CHECK: norm.group_norm %{{.+}} scale(%{{.+}} : tensor<3xf32>) bias(%{{.+}} : tensor<3xf32>) {num_groups = 3 : i64} : tensor<2x3xf32> -> mean{{$}}
// CHECK: norm.group_norm %{{.+}} scale(%{{.+}} : tensor<3xf64>) bias(%{{.+}} : tensor<3xf64>) {num_groups = 3 : i64} : tensor<2x3xf64> -> mean{{$}}
// CHECK: norm.instance_norm %{{.+}} scale(%{{.+}} : tensor<3xf16>) bias(%{{.+}} : tensor<3xf16>) : tensor<2x3xf16>{{$}}
// CHECK: norm.instance_norm %{{.+}} scale(%{{.+}} : tensor<3xbf16>) bias(%{{.+}} : tensor<3xbf16>) : tensor<2x3xbf16>{{$}}
// CHECK: norm.instance_norm %{{.+}} scale(%{{.+}} : tensor<3xf32>) bias(%{{.+}} : tensor<3xf32>) : tensor<2x3xf32>{{$}}
// CHECK: norm.instance_norm %{{.+}} scale(%{{.+}} : tensor<3xf64>) bias(%{{.+}} : tensor<3xf64>) : tensor<2x3xf64>{{$}}
func.func @element_types(%h: tensor<2x3xf16>, %hp: tensor<3xf16>,
                         %bf: tensor<2x3xbf16>, %bfp: tensor<3xbf16>,
                         %s: tensor<2x3xf32>, %sp: tensor<3xf32>,
                         %d: tensor<2x3xf64>, %dp: tensor<3xf64>) {
  %l0, %lm0 = norm.layer_norm %h : tensor<2x3xf16> -> mean
  %l1, %lm1 = norm.layer_norm %bf : tensor<2x3xbf16> -> mean
  %l2, %lm2 = norm.layer_norm %s : tensor<2x3xf32> -> mean
  %l3, %lm3 = norm.layer_norm %d : tensor<2x3xf64> -> mean
  %r0, %rr0 = norm.rms_norm %h : tensor<2x3xf16> -> inv_rms
  %r1, %rr1 = norm.rms_norm %bf : tensor<2x3xbf16> -> inv_rms
  %r2, %rr2 = norm.rms_norm %s : tensor<2x3xf32> -> inv_rms
  %r3, %rr3 = norm.rms_norm %d : tensor<2x3xf64> -> inv_rms
  %b0 = norm.batch_norm %h scale(%hp : tensor<3xf16>) bias(%hp : tensor<3xf16>) mean(%hp : tensor<3xf16>) var(%hp : tensor<3xf16>)
      : tensor<2x3xf16>
  %b1 = norm.batch_norm %bf scale(%bfp : tensor<3xbf16>) bias(%bfp : tensor<3xbf16>) mean(%bfp : tensor<3xbf16>) var(%bfp : tensor<3xbf16>)
      : tensor<2x3xbf16>
  %b2 = norm.batch_norm %s scale(%sp : tensor<3xf32>) bias(%sp : tensor<3xf32>) mean(%sp : tensor<3xf32>) var(%sp : tensor<3xf32>)
      : tensor<2x3xf32>
  %b3 = norm.batch_norm %d scale(%dp : tensor<3xf64>) bias(%dp : tensor<3xf64>) mean(%dp : tensor<3xf64>) var(%dp : tensor<3xf64>)
      : tensor<2x3xf64>
  %t0:3 = norm.batch_norm_train %h scale(%hp : tensor<3xf16>) bias(%hp : tensor<3xf16>)
      : tensor<2x3xf16> -> batch_mean, batch_var
  %t1:3 = norm.batch_norm_train %bf scale(%bfp : tensor<3xbf16>) bias(%bfp : tensor<3xbf16>)
      : tensor<2x3xbf16> -> batch_mean, batch_var
  %t2:3 = norm.batch_norm_train %s scale(%sp : tensor<3xf32>) bias(%sp : tensor<3xf32>)
      : tensor<2x3xf32> -> batch_mean, batch_var
  %t3:3 = norm.batch_norm_train %d scale(%dp : tensor<3xf64>) bias(%dp : tensor<3xf64>)
      : tensor<2x3xf64> -> batch_mean, batch_var
  %g0:2 = norm.group_norm %h scale(%hp : tensor<3xf16>) bias(%hp : tensor<3xf16>) {num_groups = 3 : i64}
      : tensor<2x3xf16> -> mean
  %g1:2 = norm.group_norm %bf scale(%bfp : tensor<3xbf16>) bias(%bfp : tensor<3xbf16>) {num_groups = 3 : i64}
      : tensor<2x3xbf16> -> mean
  %g2:2 = norm.group_norm %s scale(%sp : tensor<3xf32>) bias(%sp : tensor<3xf32>) {num_groups = 3 : i64}
      : tensor<2x3xf32> -> mean
  %g3:2 = norm.group_norm %d scale(%dp : tensor<3xf64>) bias(%dp : tensor<3xf64>) {num_groups = 3 : i64}
      : tensor<2x3xf64> -> mean
  %i0 = norm.instance_norm %h scale(%hp : tensor<3xf16>) bias(%hp : tensor<3xf16>) : tensor<2x3xf16>
  %i1 = norm.instance_norm %bf scale(%bfp : tensor<3xbf16>) bias(%bfp : tensor<3xbf16>) : tensor<2x3xbf16>
  %i2 = norm.instance_norm %s scale(%sp : tensor<3xf32>) bias(%sp : tensor<3xf32>) : tensor<2x3xf32>
  %i3 = norm.instance_norm %d scale(%dp : tensor<3xf64>) bias(%dp : tensor<3xf64>) : tensor<2x3xf64>
  return
}

//===----------------------------------------------------------------------===//
// assert_size
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @assert_size(
// CHECK-SAME: %[[A:[^:]+]]: index, %[[B:[^:]+]]: index
// CHECK: norm.assert_size eq %[[A]], %[[B]], "'scale' has {0} elements but {1} rows"
// CHECK: norm.assert_size divisible_by %[[A]], %[[B]], "{0} % {1}"
// CHECK: norm.assert_size ge %[[A]], %[[B]], ""
func.func @assert_size(%a: index, %b: index) {
  norm.assert_size eq %a, %b, "'scale' has {0} elements but {1} rows"
  norm.assert_size divisible_by %a, %b, "{0} % {1}"
  norm.assert_size ge %a, %b, ""
  return
}
