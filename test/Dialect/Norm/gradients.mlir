// RUN: norm-opt %s | norm-opt | FileCheck %s
// RUN: norm-opt %s --mlir-print-op-generic | norm-opt | FileCheck %s

// Round-trips the gradient ops through the custom and the generic printer:
// every optional operand and result present and absent, static, dynamic and
// zero-size shapes, the four element types, non-default attributes, and
// result types written where they differ from the inferred ones.

// CHECK-LABEL: func.func @layer_norm_grad_all(
// CHECK-SAME: %[[DY:[^:]+]]: tensor<?x768xf16>, %[[X:[^:]+]]: tensor<?x768xf16>, %[[M:[^:]+]]: tensor<?x1xf32>, %[[R:[^:]+]]: tensor<?x1xf32>, %[[G:[^:]+]]: tensor<768xf16>
// CHECK: %{{.+}}, %{{.+}}, %{{.+}} = norm.layer_norm_grad %[[DY]] x(%[[X]] : tensor<?x768xf16>) mean(%[[M]] : tensor<?x1xf32>) inv_std_dev(%[[R]] : tensor<?x1xf32>) scale(%[[G]] : tensor<768xf16>) : tensor<?x768xf16> -> dscale, dbias{{$}}
func.func @layer_norm_grad_all(%dy: tensor<?x768xf16>, %x: tensor<?x768xf16>, %m: tensor<?x1xf32>, %r: tensor<?x1xf32>, %g: tensor<768xf16>) -> (tensor<?x768xf16>, tensor<768xf16>, tensor<768xf16>) {
  %dx, %dg, %db = norm.layer_norm_grad %dy x(%x : tensor<?x768xf16>) mean(%m : tensor<?x1xf32>) inv_std_dev(%r : tensor<?x1xf32>) scale(%g : tensor<768xf16>) : tensor<?x768xf16> -> dscale, dbias
  return %dx, %dg, %db : tensor<?x768xf16>, tensor<768xf16>, tensor<768xf16>
}

// CHECK-LABEL: func.func @layer_norm_grad_plain(
// CHECK: %[[DX:.+]] = norm.layer_norm_grad %{{.+}} x(%{{.+}} : tensor<2x3x4xf64>) mean(%{{.+}} : tensor<2x1x1xf64>) inv_std_dev(%{{.+}} : tensor<2x1x1xf64>) {axis = 1 : i64} : tensor<2x3x4xf64>{{$}}
func.func @layer_norm_grad_plain(%dy: tensor<2x3x4xf64>, %x: tensor<2x3x4xf64>, %m: tensor<2x1x1xf64>, %r: tensor<2x1x1xf64>) -> tensor<2x3x4xf64> {
  %dx = norm.layer_norm_grad %dy x(%x : tensor<2x3x4xf64>) mean(%m : tensor<2x1x1xf64>) inv_std_dev(%r : tensor<2x1x1xf64>) {axis = 1 : i64} : tensor<2x3x4xf64>
  return %dx : tensor<2x3x4xf64>
}

// The mask: dbias alone, and a dscale type written with a dynamic dim.
// CHECK-LABEL: func.func @layer_norm_grad_mask(
// CHECK: norm.layer_norm_grad %{{.+}} x(%{{.+}} : tensor<4x8xbf16>) mean(%{{.+}} : tensor<4x1xf64>) inv_std_dev(%{{.+}} : tensor<4x1xf64>) {acc_type = f64} : tensor<4x8xbf16> -> dbias{{$}}
// CHECK: norm.layer_norm_grad %{{.+}} x(%{{.+}} : tensor<0x8xf32>) mean(%{{.+}} : tensor<0x1xf32>) inv_std_dev(%{{.+}} : tensor<0x1xf32>) : tensor<0x8xf32> -> dscale(tensor<?xf32>){{$}}
func.func @layer_norm_grad_mask(%dy: tensor<4x8xbf16>, %x: tensor<4x8xbf16>, %m: tensor<4x1xf64>, %r: tensor<4x1xf64>, %dy0: tensor<0x8xf32>, %m0: tensor<0x1xf32>) -> (tensor<4x8xbf16>, tensor<8xbf16>, tensor<0x8xf32>, tensor<?xf32>) {
  %dx, %db = norm.layer_norm_grad %dy x(%x : tensor<4x8xbf16>) mean(%m : tensor<4x1xf64>) inv_std_dev(%r : tensor<4x1xf64>) {acc_type = f64} : tensor<4x8xbf16> -> dbias
  %dx0, %dg0 = norm.layer_norm_grad %dy0 x(%dy0 : tensor<0x8xf32>) mean(%m0 : tensor<0x1xf32>) inv_std_dev(%m0 : tensor<0x1xf32>) : tensor<0x8xf32> -> dscale(tensor<?xf32>)
  return %dx, %db, %dx0, %dg0 : tensor<4x8xbf16>, tensor<8xbf16>, tensor<0x8xf32>, tensor<?xf32>
}

// CHECK-LABEL: func.func @rms_norm_grad(
// CHECK: norm.rms_norm_grad %{{.+}} x(%{{.+}} : tensor<?x4096xbf16>) inv_rms(%{{.+}} : tensor<?x1xf32>) scale(%{{.+}} : tensor<4096xbf16>) : tensor<?x4096xbf16> -> dscale{{$}}
// CHECK: norm.rms_norm_grad %{{.+}} x(%{{.+}} : tensor<?x4096xbf16>) inv_rms(%{{.+}} : tensor<?x1xf32>) : tensor<?x4096xbf16>{{$}}
func.func @rms_norm_grad(%dy: tensor<?x4096xbf16>, %x: tensor<?x4096xbf16>, %r: tensor<?x1xf32>, %g: tensor<4096xbf16>) -> (tensor<?x4096xbf16>, tensor<4096xbf16>, tensor<?x4096xbf16>) {
  %dx, %dg = norm.rms_norm_grad %dy x(%x : tensor<?x4096xbf16>) inv_rms(%r : tensor<?x1xf32>) scale(%g : tensor<4096xbf16>) : tensor<?x4096xbf16> -> dscale
  %dx2 = norm.rms_norm_grad %dy x(%x : tensor<?x4096xbf16>) inv_rms(%r : tensor<?x1xf32>) : tensor<?x4096xbf16>
  return %dx, %dg, %dx2 : tensor<?x4096xbf16>, tensor<4096xbf16>, tensor<?x4096xbf16>
}

// CHECK-LABEL: func.func @batch_norm_grad(
// CHECK: norm.batch_norm_grad %{{.+}} x(%{{.+}} : tensor<8x64x7x7xf32>) mean(%{{.+}} : tensor<64xf32>) var(%{{.+}} : tensor<64xf32>) scale(%{{.+}} : tensor<64xf32>) : tensor<8x64x7x7xf32> -> dscale, dbias{{$}}
// CHECK: norm.batch_norm_grad %{{.+}} x(%{{.+}} : tensor<8x7x7x64xf16>) mean(%{{.+}} : tensor<64xf32>) var(%{{.+}} : tensor<64xf32>) scale(%{{.+}} : tensor<64xf16>) {epsilon = 1.000000e-03 : f32, feature_axis = -1 : i64, training = false} : tensor<8x7x7x64xf16> -> dscale{{$}}
func.func @batch_norm_grad(%dy: tensor<8x64x7x7xf32>, %x: tensor<8x64x7x7xf32>, %m: tensor<64xf32>, %v: tensor<64xf32>, %g: tensor<64xf32>,
                           %dyh: tensor<8x7x7x64xf16>, %gh: tensor<64xf16>) -> (tensor<8x64x7x7xf32>, tensor<64xf32>, tensor<64xf32>, tensor<8x7x7x64xf16>, tensor<64xf16>) {
  %dx, %dg, %db = norm.batch_norm_grad %dy x(%x : tensor<8x64x7x7xf32>) mean(%m : tensor<64xf32>) var(%v : tensor<64xf32>) scale(%g : tensor<64xf32>) : tensor<8x64x7x7xf32> -> dscale, dbias
  %dxh, %dgh = norm.batch_norm_grad %dyh x(%dyh : tensor<8x7x7x64xf16>) mean(%m : tensor<64xf32>) var(%v : tensor<64xf32>) scale(%gh : tensor<64xf16>) {epsilon = 1.0e-3 : f32, feature_axis = -1 : i64, training = false} : tensor<8x7x7x64xf16> -> dscale
  return %dx, %dg, %db, %dxh, %dgh : tensor<8x64x7x7xf32>, tensor<64xf32>, tensor<64xf32>, tensor<8x7x7x64xf16>, tensor<64xf16>
}

// CHECK-LABEL: func.func @group_norm_grad(
// CHECK: norm.group_norm_grad %{{.+}} x(%{{.+}} : tensor<2x?x4x4xf32>) mean(%{{.+}} : tensor<2x4xf32>) inv_std_dev(%{{.+}} : tensor<2x4xf32>) scale(%{{.+}} : tensor<?xf32>) {num_groups = 4 : i64} : tensor<2x?x4x4xf32> -> dscale, dbias{{$}}
// CHECK: norm.group_norm_grad %{{.+}} {num_groups = 4 : i64} : tensor<2x?x4x4xf32>{{$}}
func.func @group_norm_grad(%dy: tensor<2x?x4x4xf32>, %x: tensor<2x?x4x4xf32>, %m: tensor<2x4xf32>, %r: tensor<2x4xf32>, %g: tensor<?xf32>) -> (tensor<2x?x4x4xf32>, tensor<?xf32>, tensor<?xf32>, tensor<2x?x4x4xf32>) {
  %dx, %dg, %db = norm.group_norm_grad %dy x(%x : tensor<2x?x4x4xf32>) mean(%m : tensor<2x4xf32>) inv_std_dev(%r : tensor<2x4xf32>) scale(%g : tensor<?xf32>) {num_groups = 4 : i64} : tensor<2x?x4x4xf32> -> dscale, dbias
  %dx2 = norm.group_norm_grad %dy x(%x : tensor<2x?x4x4xf32>) mean(%m : tensor<2x4xf32>) inv_std_dev(%r : tensor<2x4xf32>) scale(%g : tensor<?xf32>) {num_groups = 4 : i64} : tensor<2x?x4x4xf32>
  return %dx, %dg, %db, %dx2 : tensor<2x?x4x4xf32>, tensor<?xf32>, tensor<?xf32>, tensor<2x?x4x4xf32>
}
