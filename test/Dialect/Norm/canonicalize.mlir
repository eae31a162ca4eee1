// RUN: norm-opt %s -canonicalize | FileCheck %s

// norm.group_norm with one channel per group (num_groups == static C) and no
// statistics results is norm.instance_norm, its canonical form.

// CHECK-LABEL: func.func @group_norm_one_channel_per_group(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x64x8x8xf32>, %[[G:[^:]+]]: tensor<64xf32>, %[[B:[^:]+]]: tensor<64xf32>
// CHECK-NOT: norm.group_norm
// CHECK: %[[Y:.+]] = norm.instance_norm %[[X]] scale(%[[G]] : tensor<64xf32>) bias(%[[B]] : tensor<64xf32>) : tensor<2x64x8x8xf32>{{$}}
// CHECK-NOT: norm.group_norm
// CHECK: return %[[Y]]
func.func @group_norm_one_channel_per_group(%x: tensor<2x64x8x8xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>)
    -> tensor<2x64x8x8xf32> {
  %y = norm.group_norm %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) {num_groups = 64 : i64}
      : tensor<2x64x8x8xf32>
  return %y : tensor<2x64x8x8xf32>
}

// epsilon and acc_type carry over; dynamic N and spatial dims do not matter,
// only C must be static.
// CHECK-LABEL: func.func @group_norm_to_instance_norm_keeps_attrs(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x4x?xf16>, %[[G:[^:]+]]: tensor<4xf16>, %[[B:[^:]+]]: tensor<4xf16>
// CHECK-NOT: norm.group_norm
// CHECK: %[[Y:.+]] = norm.instance_norm %[[X]] scale(%[[G]] : tensor<4xf16>) bias(%[[B]] : tensor<4xf16>) {acc_type = f64, epsilon = 1.000000e-03 : f32} : tensor<?x4x?xf16>{{$}}
// CHECK: return %[[Y]]
func.func @group_norm_to_instance_norm_keeps_attrs(%x: tensor<?x4x?xf16>, %g: tensor<4xf16>, %b: tensor<4xf16>)
    -> tensor<?x4x?xf16> {
  %y = norm.group_norm %x scale(%g : tensor<4xf16>) bias(%b : tensor<4xf16>) {num_groups = 4 : i64, epsilon = 1.0e-03 : f32, acc_type = f64}
      : tensor<?x4x?xf16>
  return %y : tensor<?x4x?xf16>
}

// Several channels per group: stays a group norm.
// CHECK-LABEL: func.func @group_norm_several_channels_per_group(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x64x8x8xf32>, %[[G:[^:]+]]: tensor<64xf32>, %[[B:[^:]+]]: tensor<64xf32>
// CHECK-NOT: norm.instance_norm
// CHECK: %[[Y:.+]] = norm.group_norm %[[X]] scale(%[[G]] : tensor<64xf32>) bias(%[[B]] : tensor<64xf32>) {num_groups = 32 : i64} : tensor<2x64x8x8xf32>{{$}}
// CHECK-NOT: norm.instance_norm
// CHECK: return %[[Y]]
func.func @group_norm_several_channels_per_group(%x: tensor<2x64x8x8xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>)
    -> tensor<2x64x8x8xf32> {
  %y = norm.group_norm %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) {num_groups = 32 : i64}
      : tensor<2x64x8x8xf32>
  return %y : tensor<2x64x8x8xf32>
}

// G = 1 (a layer norm over C, H, W) is not an instance norm either.
// CHECK-LABEL: func.func @group_norm_single_group(
// CHECK-NOT: norm.instance_norm
// CHECK: norm.group_norm %{{.+}} scale(%{{.+}} : tensor<3xf32>) bias(%{{.+}} : tensor<3xf32>) {num_groups = 1 : i64} : tensor<2x3x5xf32>{{$}}
// CHECK-NOT: norm.instance_norm
func.func @group_norm_single_group(%x: tensor<2x3x5xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>)
    -> tensor<2x3x5xf32> {
  %y = norm.group_norm %x scale(%g : tensor<3xf32>) bias(%b : tensor<3xf32>) {num_groups = 1 : i64} : tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// C = 1 with G = 1 is one channel per group: it folds.
// CHECK-LABEL: func.func @group_norm_one_channel_one_group(
// CHECK-NOT: norm.group_norm
// CHECK: norm.instance_norm %{{.+}} scale(%{{.+}} : tensor<1xf32>) bias(%{{.+}} : tensor<1xf32>) : tensor<2x1x5xf32>{{$}}
func.func @group_norm_one_channel_one_group(%x: tensor<2x1x5xf32>, %g: tensor<1xf32>, %b: tensor<1xf32>)
    -> tensor<2x1x5xf32> {
  %y = norm.group_norm %x scale(%g : tensor<1xf32>) bias(%b : tensor<1xf32>) {num_groups = 1 : i64} : tensor<2x1x5xf32>
  return %y : tensor<2x1x5xf32>
}

// A dynamic C might not equal num_groups: stays a group norm.
// CHECK-LABEL: func.func @group_norm_dynamic_channels(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x?x8x8xf32>, %[[G:[^:]+]]: tensor<?xf32>, %[[B:[^:]+]]: tensor<?xf32>
// CHECK-NOT: norm.instance_norm
// CHECK: %[[Y:.+]] = norm.group_norm %[[X]] scale(%[[G]] : tensor<?xf32>) bias(%[[B]] : tensor<?xf32>) {num_groups = 64 : i64} : tensor<2x?x8x8xf32>{{$}}
// CHECK-NOT: norm.instance_norm
// CHECK: return %[[Y]]
func.func @group_norm_dynamic_channels(%x: tensor<2x?x8x8xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>)
    -> tensor<2x?x8x8xf32> {
  %y = norm.group_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {num_groups = 64 : i64}
      : tensor<2x?x8x8xf32>
  return %y : tensor<2x?x8x8xf32>
}

// instance_norm has no statistics results, so a group norm whose statistics
// are used stays.
// CHECK-LABEL: func.func @group_norm_stats_used(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x4x8xf32>, %[[G:[^:]+]]: tensor<4xf32>, %[[B:[^:]+]]: tensor<4xf32>
// CHECK-NOT: norm.instance_norm
// CHECK: %[[Y:[^,]+]], %[[M:[^,]+]], %[[R:[^ ]+]] = norm.group_norm %[[X]] scale(%[[G]] : tensor<4xf32>) bias(%[[B]] : tensor<4xf32>) {num_groups = 4 : i64} : tensor<2x4x8xf32> -> mean, inv_std_dev{{$}}
// CHECK-NOT: norm.instance_norm
// CHECK: return %[[Y]], %[[M]], %[[R]]
func.func @group_norm_stats_used(%x: tensor<2x4x8xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>)
    -> (tensor<2x4x8xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %y, %m, %r = norm.group_norm %x scale(%g : tensor<4xf32>) bias(%b : tensor<4xf32>) {num_groups = 4 : i64}
      : tensor<2x4x8xf32> -> mean, inv_std_dev
  return %y, %m, %r : tensor<2x4x8xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// Only the mean is used.
// CHECK-LABEL: func.func @group_norm_mean_used(
// CHECK-NOT: norm.instance_norm
// CHECK: %[[Y:[^,]+]], %[[M:[^ ]+]] = norm.group_norm %{{.+}} scale(%{{.+}} : tensor<4xf32>) bias(%{{.+}} : tensor<4xf32>) {num_groups = 4 : i64} : tensor<2x4x8xf32> -> mean{{$}}
// CHECK-NOT: norm.instance_norm
// CHECK: return %[[M]]
func.func @group_norm_mean_used(%x: tensor<2x4x8xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>)
    -> tensor<2x4xf32> {
  %y, %m = norm.group_norm %x scale(%g : tensor<4xf32>) bias(%b : tensor<4xf32>) {num_groups = 4 : i64}
      : tensor<2x4x8xf32> -> mean
  return %m : tensor<2x4xf32>
}

// The other ops are left alone (they are Pure, so they are kept only because
// their results are returned).
// CHECK-LABEL: func.func @other_ops_untouched(
// CHECK: norm.layer_norm
// CHECK: norm.rms_norm
// CHECK: norm.instance_norm
// CHECK: return
func.func @other_ops_untouched(%x: tensor<2x4x8xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>)
    -> (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) {
  %l = norm.layer_norm %x : tensor<2x4x8xf32>
  %r = norm.rms_norm %x : tensor<2x4x8xf32>
  %i = norm.instance_norm %x scale(%g : tensor<4xf32>) bias(%b : tensor<4xf32>) : tensor<2x4x8xf32>
  return %l, %r, %i : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>
}
