// RUN: norm-opt %s | FileCheck %s
// RUN: norm-opt %s | norm-opt | FileCheck %s
// RUN: norm-opt %s --mlir-print-op-generic | norm-opt | FileCheck %s
// RUN: norm-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// The result types of the custom syntax (NormSyntax.cpp): a statistics result
// written without a type gets the inferred one; written with the inferred
// type it prints short; written with a type that says more (a static size
// where the input's is dynamic) it prints long. The generic form of each op is
// the same op. ops.mlir covers every operand and attribute combination.

// CHECK-LABEL: func.func @layer_norm_short(
// CHECK: norm.layer_norm %{{.+}} : tensor<4x8xf32> -> mean, inv_std_dev{{$}}
// GENERIC-LABEL: sym_name = "layer_norm_short"
// GENERIC: "norm.layer_norm"(%{{.+}}) <{axis = -1 : i64, epsilon = 9.99999974E-6 : f32, operandSegmentSizes = array<i32: 1, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 1, 1>}> : (tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x1xf32>, tensor<4x1xf32>)
func.func @layer_norm_short(%x: tensor<4x8xf32>) -> (tensor<4x1xf32>, tensor<4x1xf32>) {
  %y, %m, %r = norm.layer_norm %x : tensor<4x8xf32> -> mean, inv_std_dev
  return %m, %r : tensor<4x1xf32>, tensor<4x1xf32>
}

// The long form with the inferred types prints short.
// CHECK-LABEL: func.func @layer_norm_long_inferred(
// CHECK: norm.layer_norm %{{.+}} : tensor<4x8xf32> -> mean, inv_std_dev{{$}}
func.func @layer_norm_long_inferred(%x: tensor<4x8xf32>) -> (tensor<4x1xf32>, tensor<4x1xf32>) {
  %y, %m, %r = norm.layer_norm %x : tensor<4x8xf32> -> mean(tensor<4x1xf32>), inv_std_dev(tensor<4x1xf32>)
  return %m, %r : tensor<4x1xf32>, tensor<4x1xf32>
}

// A static batch size where the input's is dynamic stays written; the other
// result, with the inferred type, prints short.
// CHECK-LABEL: func.func @layer_norm_long_extra(
// CHECK: norm.layer_norm %{{.+}} : tensor<?x8xf32> -> mean(tensor<4x1xf32>), inv_std_dev{{$}}
// GENERIC-LABEL: sym_name = "layer_norm_long_extra"
// GENERIC: -> (tensor<?x8xf32>, tensor<4x1xf32>, tensor<?x1xf32>)
func.func @layer_norm_long_extra(%x: tensor<?x8xf32>) -> (tensor<4x1xf32>, tensor<?x1xf32>) {
  %y, %m, %r = norm.layer_norm %x : tensor<?x8xf32> -> mean(tensor<4x1xf32>), inv_std_dev
  return %m, %r : tensor<4x1xf32>, tensor<?x1xf32>
}

// A dynamic size where the input's is static is allowed too, and written.
// CHECK-LABEL: func.func @layer_norm_long_less(
// CHECK: norm.layer_norm %{{.+}} : tensor<4x8xf32> -> inv_std_dev(tensor<?x1xf32>){{$}}
func.func @layer_norm_long_less(%x: tensor<4x8xf32>) -> tensor<?x1xf32> {
  %y, %r = norm.layer_norm %x : tensor<4x8xf32> -> inv_std_dev(tensor<?x1xf32>)
  return %r : tensor<?x1xf32>
}

// axis and acc_type decide the inferred type: rank-3 input, axis = 1, f16
// data accumulated in f64.
// CHECK-LABEL: func.func @layer_norm_axis_acc_type(
// CHECK: norm.layer_norm %{{.+}} {acc_type = f64, axis = 1 : i64} : tensor<?x3x4xf16> -> mean{{$}}
// GENERIC-LABEL: sym_name = "layer_norm_axis_acc_type"
// GENERIC: -> (tensor<?x3x4xf16>, tensor<?x1x1xf64>)
func.func @layer_norm_axis_acc_type(%x: tensor<?x3x4xf16>) -> tensor<?x1x1xf64> {
  %y, %m = norm.layer_norm %x {axis = 1 : i64, acc_type = f64} : tensor<?x3x4xf16> -> mean
  return %m : tensor<?x1x1xf64>
}

// CHECK-LABEL: func.func @rms_norm_forms(
// CHECK: norm.rms_norm %{{.+}} scale(%{{.+}} : tensor<64xbf16>) : tensor<2x?x64xbf16> -> inv_rms{{$}}
// CHECK: norm.rms_norm %{{.+}} {axis = 0 : i64} : tensor<2x?x64xbf16> -> inv_rms{{$}}
// CHECK: norm.rms_norm %{{.+}} : tensor<2x?x64xbf16> -> inv_rms(tensor<2x5x1xf32>){{$}}
// GENERIC-LABEL: sym_name = "rms_norm_forms"
// GENERIC: -> (tensor<2x?x64xbf16>, tensor<2x?x1xf32>)
// GENERIC: -> (tensor<2x?x64xbf16>, tensor<1x1x1xf32>)
// GENERIC: -> (tensor<2x?x64xbf16>, tensor<2x5x1xf32>)
func.func @rms_norm_forms(%x: tensor<2x?x64xbf16>, %g: tensor<64xbf16>)
    -> (tensor<2x?x1xf32>, tensor<1x1x1xf32>, tensor<2x5x1xf32>) {
  %y, %r = norm.rms_norm %x scale(%g : tensor<64xbf16>) : tensor<2x?x64xbf16> -> inv_rms
  %y2, %r2 = norm.rms_norm %x {axis = 0 : i64} : tensor<2x?x64xbf16> -> inv_rms(tensor<1x1x1xf32>)
  %y3, %r3 = norm.rms_norm %x : tensor<2x?x64xbf16> -> inv_rms(tensor<2x5x1xf32>)
  return %r, %r2, %r3 : tensor<2x?x1xf32>, tensor<1x1x1xf32>, tensor<2x5x1xf32>
}

// CHECK-LABEL: func.func @batch_norm_groups(
// CHECK: norm.batch_norm %{{.+}} scale(%{{.+}} : tensor<64xf32>) bias(%{{.+}} : tensor<64xf32>) mean(%{{.+}} : tensor<64xf32>) var(%{{.+}} : tensor<64xf32>) {feature_axis = -1 : i64} : tensor<8x56x56x64xf32>{{$}}
// GENERIC-LABEL: sym_name = "batch_norm_groups"
// GENERIC: "norm.batch_norm"(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) <{epsilon = 9.99999974E-6 : f32, feature_axis = -1 : i64}> : (tensor<8x56x56x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<8x56x56x64xf32>
func.func @batch_norm_groups(%x: tensor<8x56x56x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>,
                             %m: tensor<64xf32>, %v: tensor<64xf32>) -> tensor<8x56x56x64xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) mean(%m : tensor<64xf32>) var(%v : tensor<64xf32>) {feature_axis = -1 : i64} : tensor<8x56x56x64xf32>
  return %y : tensor<8x56x56x64xf32>
}

// batch_norm_train: statistics (C) in the accumulation type; f16 data gives
// f32 statistics; a static C where the input's is dynamic is written out.
// CHECK-LABEL: func.func @batch_norm_train_forms(
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<64xf16>) bias(%{{.+}} : tensor<64xf16>) running_mean(%{{.+}} : tensor<64xf32>) running_var(%{{.+}} : tensor<64xf32>) {momentum = 1.000000e-01 : f32} : tensor<8x64x7x7xf16> -> batch_mean, batch_var, new_running_mean, new_running_var{{$}}
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<?xf32>) bias(%{{.+}} : tensor<?xf32>) {feature_axis = -1 : i64} : tensor<?x?xf32> -> batch_mean(tensor<64xf32>), batch_var{{$}}
// GENERIC-LABEL: sym_name = "batch_norm_train_forms"
// GENERIC: "norm.batch_norm_train"({{.+}}) <{{.+}}operandSegmentSizes = array<i32: 1, 1, 1, 1, 1>, resultSegmentSizes = array<i32: 1, 1, 1, 1, 1>, unbiased_running_var = false}> : {{.+}} -> (tensor<8x64x7x7xf16>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>)
// GENERIC: "norm.batch_norm_train"({{.+}}) <{{.+}}operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>, resultSegmentSizes = array<i32: 1, 1, 1, 0, 0>, unbiased_running_var = false}> : {{.+}} -> (tensor<?x?xf32>, tensor<64xf32>, tensor<?xf32>)
func.func @batch_norm_train_forms(%x: tensor<8x64x7x7xf16>, %g: tensor<64xf16>, %rm: tensor<64xf32>,
                                  %d: tensor<?x?xf32>, %p: tensor<?xf32>)
    -> (tensor<64xf32>, tensor<64xf32>) {
  %y, %bm, %bv, %nm, %nv = norm.batch_norm_train %x scale(%g : tensor<64xf16>) bias(%g : tensor<64xf16>)
      running_mean(%rm : tensor<64xf32>) running_var(%rm : tensor<64xf32>) {momentum = 0.1 : f32}
      : tensor<8x64x7x7xf16> -> batch_mean(tensor<64xf32>), batch_var, new_running_mean, new_running_var(tensor<64xf32>)
  %y2, %bm2, %bv2 = norm.batch_norm_train %d scale(%p : tensor<?xf32>) bias(%p : tensor<?xf32>) {feature_axis = -1 : i64}
      : tensor<?x?xf32> -> batch_mean(tensor<64xf32>), batch_var
  return %nv, %bm2 : tensor<64xf32>, tensor<64xf32>
}

// group_norm: statistics (N, G).
// CHECK-LABEL: func.func @group_norm_forms(
// CHECK: norm.group_norm %{{.+}} scale(%{{.+}} : tensor<320xf16>) bias(%{{.+}} : tensor<320xf16>) {num_groups = 32 : i64} : tensor<2x320x64x64xf16> -> mean, inv_std_dev{{$}}
// CHECK: norm.group_norm %{{.+}} scale(%{{.+}} : tensor<?xf32>) bias(%{{.+}} : tensor<?xf32>) {num_groups = 4 : i64} : tensor<?x?x5xf32> -> inv_std_dev(tensor<2x4xf32>){{$}}
// GENERIC-LABEL: sym_name = "group_norm_forms"
// GENERIC: resultSegmentSizes = array<i32: 1, 1, 1>}> : {{.+}} -> (tensor<2x320x64x64xf16>, tensor<2x32xf32>, tensor<2x32xf32>)
// GENERIC: resultSegmentSizes = array<i32: 1, 0, 1>}> : {{.+}} -> (tensor<?x?x5xf32>, tensor<2x4xf32>)
func.func @group_norm_forms(%x: tensor<2x320x64x64xf16>, %g: tensor<320xf16>, %d: tensor<?x?x5xf32>,
                            %p: tensor<?xf32>) -> (tensor<2x32xf32>, tensor<2x4xf32>) {
  %y, %m, %r = norm.group_norm %x scale(%g : tensor<320xf16>) bias(%g : tensor<320xf16>) {num_groups = 32 : i64}
      : tensor<2x320x64x64xf16> -> mean, inv_std_dev(tensor<2x32xf32>)
  %y2, %r2 = norm.group_norm %d scale(%p : tensor<?xf32>) bias(%p : tensor<?xf32>) {num_groups = 4 : i64}
      : tensor<?x?x5xf32> -> inv_std_dev(tensor<2x4xf32>)
  return %m, %r2 : tensor<2x32xf32>, tensor<2x4xf32>
}

// CHECK-LABEL: func.func @instance_norm_groups(
// CHECK: norm.instance_norm %{{.+}} scale(%{{.+}} : tensor<64xf32>) bias(%{{.+}} : tensor<64xf32>) : tensor<2x64x?x?xf32>{{$}}
func.func @instance_norm_groups(%x: tensor<2x64x?x?xf32>, %g: tensor<64xf32>) -> tensor<2x64x?x?xf32> {
  %y = norm.instance_norm %x scale(%g : tensor<64xf32>) bias(%g : tensor<64xf32>) : tensor<2x64x?x?xf32>
  return %y : tensor<2x64x?x?xf32>
}

// The generic form parses into the same ops and prints in the custom syntax.
// CHECK-LABEL: func.func @from_generic(
// CHECK: norm.layer_norm %{{.+}} bias(%{{.+}} : tensor<8xf32>) : tensor<4x8xf32> -> inv_std_dev{{$}}
// CHECK: norm.layer_norm %{{.+}} : tensor<?x8xf32> -> mean(tensor<4x1xf32>){{$}}
// CHECK: norm.batch_norm_train %{{.+}} scale(%{{.+}} : tensor<8xf32>) bias(%{{.+}} : tensor<8xf32>) : tensor<4x8xf32> -> batch_mean, batch_var{{$}}
func.func @from_generic(%x: tensor<4x8xf32>, %d: tensor<?x8xf32>, %p: tensor<8xf32>)
    -> (tensor<4x1xf32>, tensor<4x1xf32>, tensor<8xf32>) {
  %y, %r = "norm.layer_norm"(%x, %p) <{operandSegmentSizes = array<i32: 1, 0, 0, 1>, resultSegmentSizes = array<i32: 1, 0, 0, 1>}>
      : (tensor<4x8xf32>, tensor<8xf32>) -> (tensor<4x8xf32>, tensor<4x1xf32>)
  %y2, %m2 = "norm.layer_norm"(%d) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 1, 0>}>
      : (tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<4x1xf32>)
  %y3, %bm, %bv = "norm.batch_norm_train"(%x, %p, %p) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>, resultSegmentSizes = array<i32: 1, 1, 1, 0, 0>}>
      : (tensor<4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<4x8xf32>, tensor<8xf32>, tensor<8xf32>)
  return %r, %m2, %bm : tensor<4x1xf32>, tensor<4x1xf32>, tensor<8xf32>
}
