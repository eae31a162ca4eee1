// RUN: norm-opt %s --norm-flatten-batch-norm --split-input-file | FileCheck %s

// NCHW: H and W merge into one dim; the op runs on [N, C, H*W] and its output
// is expanded back. The per-channel statistics are unchanged.

// CHECK-LABEL: func.func @train_nchw
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<2x3x4x5xf32>
//       CHECK:   %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1], [2, 3]] : tensor<2x3x4x5xf32> into tensor<2x3x20xf32>
//       CHECK:   %[[Y:.*]], %[[M:.*]], %[[V:.*]] = norm.batch_norm_train %[[FLAT]] scale(%{{.*}} : tensor<3xf32>) bias(%{{.*}} : tensor<3xf32>) : tensor<2x3x20xf32>
//       CHECK:   %[[OUT:.*]] = tensor.expand_shape %[[Y]] {{\[}}[0], [1], [2, 3]] output_shape [2, 3, 4, 5] : tensor<2x3x20xf32> into tensor<2x3x4x5xf32>
//       CHECK:   return %[[OUT]], %[[M]], %[[V]]
func.func @train_nchw(%x: tensor<2x3x4x5xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<3xf32>) bias(%b : tensor<3xf32>) : tensor<2x3x4x5xf32> -> batch_mean, batch_var
  return %y, %m, %v : tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// A negative feature_axis is rewritten as the dim it names (counting from the
// end would name another dim of the flattened input); the dims before the
// channel are kept.

// CHECK-LABEL: func.func @inference_ncdhw
//       CHECK:   %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4, 5]] : tensor<2x3x4x5x6x7xf16> into tensor<2x3x4x210xf16>
//       CHECK:   norm.batch_norm %[[FLAT]] {{.*}} {feature_axis = 2 : i64} : tensor<2x3x4x210xf16>
//       CHECK:   tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4, 5]] output_shape [2, 3, 4, 5, 6, 7]
func.func @inference_ncdhw(%x: tensor<2x3x4x5x6x7xf16>, %p: tensor<4xf16>) -> tensor<2x3x4x5x6x7xf16> {
  %y = norm.batch_norm %x scale(%p : tensor<4xf16>) bias(%p : tensor<4xf16>) mean(%p : tensor<4xf16>) var(%p : tensor<4xf16>) {feature_axis = -4 : i64} : tensor<2x3x4x5x6x7xf16>
  return %y : tensor<2x3x4x5x6x7xf16>
}

// -----

// With H and W both dynamic, the output is reshaped back with tensor.reshape
// (LLVM 22 cannot lower a memref.expand_shape that splits one dim into two
// dynamic ones).

// CHECK-LABEL: func.func @dynamic_spatial
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?x?xf32>
//   CHECK-DAG:   %[[N:.*]] = tensor.dim %[[X]], %c0
//   CHECK-DAG:   %[[C:.*]] = tensor.dim %[[X]], %c1
//   CHECK-DAG:   %[[H:.*]] = tensor.dim %[[X]], %c2
//   CHECK-DAG:   %[[W:.*]] = tensor.dim %[[X]], %c3
//       CHECK:   %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1], [2, 3]] : tensor<?x?x?x?xf32> into tensor<?x?x?xf32>
//       CHECK:   %[[Y:.*]] = norm.batch_norm %[[FLAT]]
//       CHECK:   %[[SHAPE:.*]] = tensor.from_elements %[[N]], %[[C]], %[[H]], %[[W]] : tensor<4xindex>
//       CHECK:   tensor.reshape %[[Y]](%[[SHAPE]]) : (tensor<?x?x?xf32>, tensor<4xindex>) -> tensor<?x?x?x?xf32>
func.func @dynamic_spatial(%x: tensor<?x?x?x?xf32>, %p: tensor<?xf32>) -> tensor<?x?x?x?xf32> {
  %y = norm.batch_norm %x scale(%p : tensor<?xf32>) bias(%p : tensor<?xf32>) mean(%p : tensor<?xf32>) var(%p : tensor<?xf32>) : tensor<?x?x?x?xf32>
  return %y : tensor<?x?x?x?xf32>
}

// -----

// Channels last, or one dim after the channel: nothing to merge.

// CHECK-LABEL: func.func @unchanged
//   CHECK-NOT:   tensor.collapse_shape
//       CHECK:   norm.batch_norm_train %{{.*}} {feature_axis = -1 : i64} : tensor<2x4x4x3xf32>
//       CHECK:   norm.batch_norm %{{.*}} : tensor<2x3x16xf32>
//   CHECK-NOT:   tensor.expand_shape
func.func @unchanged(%x: tensor<2x4x4x3xf32>, %z: tensor<2x3x16xf32>, %p: tensor<3xf32>) -> (tensor<2x4x4x3xf32>, tensor<2x3x16xf32>) {
  %y, %m, %v = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) {feature_axis = -1 : i64} : tensor<2x4x4x3xf32> -> batch_mean, batch_var
  %w = norm.batch_norm %z scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>) : tensor<2x3x16xf32>
  return %y, %w : tensor<2x4x4x3xf32>, tensor<2x3x16xf32>
}

// -----

// An empty input (a static 0 among its sizes) is left alone. (A 0 among the
// dims after the channel of a batch_norm_train is a verifier error; zero
// channels are not.)

// CHECK-LABEL: func.func @empty
//   CHECK-NOT:   tensor.collapse_shape
//       CHECK:   norm.batch_norm %{{.*}} : tensor<7x3x0x?xf32>
//       CHECK:   norm.batch_norm_train %{{.*}} : tensor<7x0x5x?xf32>
func.func @empty(%x: tensor<7x3x0x?xf32>, %p: tensor<3xf32>, %z: tensor<7x0x5x?xf32>, %q: tensor<0xf32>)
    -> (tensor<7x3x0x?xf32>, tensor<7x0x5x?xf32>) {
  %y = norm.batch_norm %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>) : tensor<7x3x0x?xf32>
  %y2, %m, %v = norm.batch_norm_train %z scale(%q : tensor<0xf32>) bias(%q : tensor<0xf32>) : tensor<7x0x5x?xf32> -> batch_mean, batch_var
  return %y, %y2 : tensor<7x3x0x?xf32>, tensor<7x0x5x?xf32>
}

// -----

// A layer_norm over C, H, W (axis = 1) becomes the same op over one row of
// C*H*W: the input viewed as [N, C*H*W], scale and bias as [C*H*W], the
// statistics as [N, 1]; every result is expanded back to its type.

// CHECK-LABEL: func.func @layer_norm_rows
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<2x3x4x5xf32>, %[[G:[^:]*]]: tensor<3x4x5xf32>, %[[B:[^:]*]]: tensor<3x4x5xf32>
//       CHECK:   %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2, 3]] : tensor<2x3x4x5xf32> into tensor<2x60xf32>
//       CHECK:   %[[GF:.*]] = tensor.collapse_shape %[[G]] {{\[}}[0, 1, 2]] : tensor<3x4x5xf32> into tensor<60xf32>
//       CHECK:   %[[BF:.*]] = tensor.collapse_shape %[[B]] {{\[}}[0, 1, 2]] : tensor<3x4x5xf32> into tensor<60xf32>
//       CHECK:   %[[Y:.*]], %[[M:.*]], %[[R:.*]] = norm.layer_norm %[[ROWS]] scale(%[[GF]] : tensor<60xf32>) bias(%[[BF]] : tensor<60xf32>) {axis = 1 : i64} : tensor<2x60xf32> -> mean, inv_std_dev
//       CHECK:   %[[YE:.*]] = tensor.expand_shape %[[Y]] {{\[}}[0], [1, 2, 3]] output_shape [2, 3, 4, 5] : tensor<2x60xf32> into tensor<2x3x4x5xf32>
//       CHECK:   %[[ME:.*]] = tensor.expand_shape %[[M]] {{\[}}[0], [1, 2, 3]] output_shape [2, 1, 1, 1] : tensor<2x1xf32> into tensor<2x1x1x1xf32>
//       CHECK:   %[[RE:.*]] = tensor.expand_shape %[[R]] {{\[}}[0], [1, 2, 3]] output_shape [2, 1, 1, 1] : tensor<2x1xf32> into tensor<2x1x1x1xf32>
//       CHECK:   return %[[YE]], %[[ME]], %[[RE]]
func.func @layer_norm_rows(%x: tensor<2x3x4x5xf32>, %g: tensor<3x4x5xf32>, %b: tensor<3x4x5xf32>)
    -> (tensor<2x3x4x5xf32>, tensor<2x1x1x1xf32>, tensor<2x1x1x1xf32>) {
  %y, %m, %r = norm.layer_norm %x scale(%g : tensor<3x4x5xf32>) bias(%b : tensor<3x4x5xf32>) {axis = 1 : i64} : tensor<2x3x4x5xf32> -> mean, inv_std_dev
  return %y, %m, %r : tensor<2x3x4x5xf32>, tensor<2x1x1x1xf32>, tensor<2x1x1x1xf32>
}

// -----

// Dynamic: an rms_norm over its last two dims (axis = -2, written as 1 on
// the rows); the output, whose row splits into two dynamic dims, is reshaped
// back with tensor.reshape, the statistics (unit dims) expanded.

// CHECK-LABEL: func.func @rms_norm_dynamic_rows
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?xbf16>, %[[G:[^:]*]]: tensor<?x?xbf16>
//   CHECK-DAG:   %[[N:.*]] = tensor.dim %[[X]], %c0
//   CHECK-DAG:   %[[H:.*]] = tensor.dim %[[X]], %c1
//   CHECK-DAG:   %[[W:.*]] = tensor.dim %[[X]], %c2
//       CHECK:   %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2]] : tensor<?x?x?xbf16> into tensor<?x?xbf16>
//       CHECK:   %[[GF:.*]] = tensor.collapse_shape %[[G]] {{\[}}[0, 1]] : tensor<?x?xbf16> into tensor<?xbf16>
//       CHECK:   %[[Y:.*]], %[[R:.*]] = norm.rms_norm %[[ROWS]] scale(%[[GF]] : tensor<?xbf16>) {axis = 1 : i64} : tensor<?x?xbf16> -> inv_rms
//       CHECK:   %[[SHAPE:.*]] = tensor.from_elements %[[N]], %[[H]], %[[W]] : tensor<3xindex>
//       CHECK:   %[[YE:.*]] = tensor.reshape %[[Y]](%[[SHAPE]]) : (tensor<?x?xbf16>, tensor<3xindex>) -> tensor<?x?x?xbf16>
//       CHECK:   %[[RE:.*]] = tensor.expand_shape %[[R]] {{\[}}[0], [1, 2]] output_shape [%[[N]], 1, 1] : tensor<?x1xf32> into tensor<?x1x1xf32>
//       CHECK:   return %[[YE]], %[[RE]]
func.func @rms_norm_dynamic_rows(%x: tensor<?x?x?xbf16>, %g: tensor<?x?xbf16>) -> (tensor<?x?x?xbf16>, tensor<?x1x1xf32>) {
  %y, %r = norm.rms_norm %x scale(%g : tensor<?x?xbf16>) {axis = -2 : i64} : tensor<?x?x?xbf16> -> inv_rms
  return %y, %r : tensor<?x?x?xbf16>, tensor<?x1x1xf32>
}

// -----

// Row norms over one dim, and empty inputs, are left alone.

// CHECK-LABEL: func.func @rows_unchanged
//   CHECK-NOT:   tensor.collapse_shape
//       CHECK:   norm.layer_norm %{{.*}} : tensor<2x3x4xf32>
//       CHECK:   norm.rms_norm %{{.*}} {axis = 1 : i64} : tensor<2x0x4xf32>
func.func @rows_unchanged(%x: tensor<2x3x4xf32>, %z: tensor<2x0x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x0x4xf32>) {
  %y = norm.layer_norm %x : tensor<2x3x4xf32>
  %w = norm.rms_norm %z {axis = 1 : i64} : tensor<2x0x4xf32>
  return %y, %w : tensor<2x3x4xf32>, tensor<2x0x4xf32>
}

// -----

// A statistic may declare a dim dynamic that the input has static: it is
// expanded back with that size as a value (difftest 20240601:158).

// CHECK-LABEL: func.func @rows_stats_more_dynamic
//       CHECK:   %[[Y:.*]], %[[R:.*]] = norm.rms_norm %{{.*}} : tensor<3x?xf64> -> inv_rms(tensor<?x1xf64>)
//       CHECK:   tensor.expand_shape %[[R]] {{\[}}[0], [1, 2]] output_shape [%{{.*}}, 1, 1] : tensor<?x1xf64> into tensor<?x1x1xf64>
func.func @rows_stats_more_dynamic(%x: tensor<3x5x?xf64>, %g: tensor<5x8xf64>) -> (tensor<3x5x?xf64>, tensor<?x1x1xf64>) {
  %y, %r = norm.rms_norm %x scale(%g : tensor<5x8xf64>) {axis = -2 : i64} : tensor<3x5x?xf64> -> inv_rms(tensor<?x1x1xf64>)
  return %y, %r : tensor<3x5x?xf64>, tensor<?x1x1xf64>
}

// -----

// The channel gradients: dy and x (one type) are both viewed as
// [N, C, H*W]; dx is expanded back, dscale and dbias are per channel.

// CHECK-LABEL: func.func @batch_norm_grad_nchw
//  CHECK-SAME:   %[[DY:[^:]*]]: tensor<2x3x4x5xf32>, %[[X:[^:]*]]: tensor<2x3x4x5xf32>
//       CHECK:   %[[DYF:.*]] = tensor.collapse_shape %[[DY]] {{\[}}[0], [1], [2, 3]] : tensor<2x3x4x5xf32> into tensor<2x3x20xf32>
//       CHECK:   %[[XF:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1], [2, 3]] : tensor<2x3x4x5xf32> into tensor<2x3x20xf32>
//       CHECK:   %[[DX:.*]], %[[DG:.*]], %[[DB:.*]] = norm.batch_norm_grad %[[DYF]] x(%[[XF]] : tensor<2x3x20xf32>) {{.*}} : tensor<2x3x20xf32> -> dscale, dbias
//       CHECK:   %[[OUT:.*]] = tensor.expand_shape %[[DX]] {{\[}}[0], [1], [2, 3]] output_shape [2, 3, 4, 5]
//       CHECK:   return %[[OUT]], %[[DG]], %[[DB]]
func.func @batch_norm_grad_nchw(%dy: tensor<2x3x4x5xf32>, %x: tensor<2x3x4x5xf32>, %p: tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>) {
  %dx, %dg, %db = norm.batch_norm_grad %dy x(%x : tensor<2x3x4x5xf32>) mean(%p : tensor<3xf32>) var(%p : tensor<3xf32>) scale(%p : tensor<3xf32>) : tensor<2x3x4x5xf32> -> dscale, dbias
  return %dx, %dg, %db : tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>
}

// CHECK-LABEL: func.func @group_norm_grad_nchw
//       CHECK:   %[[DYF:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<2x4x3x3xf16> into tensor<2x4x9xf16>
//       CHECK:   %[[XF:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<2x4x3x3xf16> into tensor<2x4x9xf16>
//       CHECK:   norm.group_norm_grad %[[DYF]] x(%[[XF]] : tensor<2x4x9xf16>) {{.*}} : tensor<2x4x9xf16>
//       CHECK:   tensor.expand_shape
func.func @group_norm_grad_nchw(%dy: tensor<2x4x3x3xf16>, %x: tensor<2x4x3x3xf16>, %s: tensor<2x2xf32>, %g: tensor<4xf16>) -> tensor<2x4x3x3xf16> {
  %dx = norm.group_norm_grad %dy x(%x : tensor<2x4x3x3xf16>) mean(%s : tensor<2x2xf32>) inv_std_dev(%s : tensor<2x2xf32>) scale(%g : tensor<4xf16>) {num_groups = 2 : i64} : tensor<2x4x3x3xf16>
  return %dx : tensor<2x4x3x3xf16>
}

// -----

// A parameter with a static 0 next to dynamic dims makes the op empty; it is
// left whole (collapsing ?x0 would give a static 0 that memref.collapse_shape
// rejects; difftest 20261207:105).
// CHECK-LABEL: func.func @rms_norm_grad_static_zero_scale
//   CHECK-NOT:   tensor.collapse_shape
//       CHECK:   norm.rms_norm_grad %{{.*}} x(%{{.*}} : tensor<?x2x?x?x?xf16>) {{.*}} : tensor<?x2x?x?x?xf16> -> dscale(tensor<?x0xf16>)
//   CHECK-NOT:   tensor.expand_shape
func.func @rms_norm_grad_static_zero_scale(%dy: tensor<?x2x?x?x?xf16>, %x: tensor<?x2x?x?x?xf16>, %r: tensor<3x?x?x1x1xf32>, %g: tensor<?x0xf16>) -> (tensor<?x2x?x?x?xf16>, tensor<?x0xf16>) {
  %dx, %dg = norm.rms_norm_grad %dy x(%x : tensor<?x2x?x?x?xf16>) inv_rms(%r : tensor<3x?x?x1x1xf32>) scale(%g : tensor<?x0xf16>) {axis = 3 : i64} : tensor<?x2x?x?x?xf16> -> dscale(tensor<?x0xf16>)
  return %dx, %dg : tensor<?x2x?x?x?xf16>, tensor<?x0xf16>
}
