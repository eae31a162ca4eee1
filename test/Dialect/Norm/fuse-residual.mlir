// RUN: norm-opt %s --norm-fuse-residual --split-input-file | FileCheck %s

// norm-fuse-residual: an elementwise add of two tensors of the norm input's
// type feeding a layer_norm or rms_norm becomes the op's residual; other
// uses of the sum (after the op) take its `sum` result.

// Post-LN: the sum feeds only the norm.
// CHECK-LABEL: func.func @post_ln_arith(
//  CHECK-SAME:   %[[X:[^:]+]]: tensor<8x768xf32>, %[[R:[^:]+]]: tensor<8x768xf32>, %[[G:[^:]+]]: tensor<768xf32>, %[[B:[^:]+]]: tensor<768xf32>
//   CHECK-NOT:   arith.addf
//       CHECK:   %[[Y:.*]] = norm.layer_norm %[[X]] residual(%[[R]] : tensor<8x768xf32>) scale(%[[G]] : tensor<768xf32>) bias(%[[B]] : tensor<768xf32>) {epsilon = 9.99999996E-13 : f32} : tensor<8x768xf32>{{$}}
//       CHECK:   return %[[Y]]
func.func @post_ln_arith(%x: tensor<8x768xf32>, %r: tensor<8x768xf32>, %g: tensor<768xf32>, %b: tensor<768xf32>) -> tensor<8x768xf32> {
  %s = arith.addf %x, %r : tensor<8x768xf32>
  %y = norm.layer_norm %s scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>) {epsilon = 1.0e-12 : f32} : tensor<8x768xf32>
  return %y : tensor<8x768xf32>
}

// -----

// Pre-LN: the running residual is used again after the norm; the statistics
// results keep their places.
// CHECK-LABEL: func.func @pre_ln_linalg_add(
//  CHECK-SAME:   %[[X:[^:]+]]: tensor<?x4096xbf16>, %[[R:[^:]+]]: tensor<?x4096xbf16>, %[[G:[^:]+]]: tensor<4096xbf16>
//   CHECK-NOT:   linalg.add
//       CHECK:   %[[Y:.*]], %[[S:.*]], %[[V:.*]] = norm.rms_norm %[[X]] residual(%[[R]] : tensor<?x4096xbf16>) scale(%[[G]] : tensor<4096xbf16>) : tensor<?x4096xbf16> -> sum, inv_rms{{$}}
//       CHECK:   %[[NEXT:.*]] = arith.addf %[[S]], %[[Y]]
//       CHECK:   return %[[NEXT]], %[[V]]
func.func @pre_ln_linalg_add(%x: tensor<?x4096xbf16>, %r: tensor<?x4096xbf16>, %g: tensor<4096xbf16>) -> (tensor<?x4096xbf16>, tensor<?x1xf32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x4096xbf16>
  %init = tensor.empty(%n) : tensor<?x4096xbf16>
  %h = linalg.add ins(%x, %r : tensor<?x4096xbf16>, tensor<?x4096xbf16>) outs(%init : tensor<?x4096xbf16>) -> tensor<?x4096xbf16>
  %y, %v = norm.rms_norm %h scale(%g : tensor<4096xbf16>) : tensor<?x4096xbf16> -> inv_rms
  // Stands for the block's sublayer and the next residual add.
  %next = arith.addf %h, %y : tensor<?x4096xbf16>
  return %next, %v : tensor<?x4096xbf16>, tensor<?x1xf32>
}

// -----

// An elementwise linalg.generic with the operands of the add commuted in its
// body, and a layer_norm with statistics; the sum is also returned.
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @generic_add_with_stats(
//  CHECK-SAME:   %[[X:[^:]+]]: tensor<2x3x16xf16>, %[[R:[^:]+]]: tensor<2x3x16xf16>
//   CHECK-NOT:   linalg.generic
//       CHECK:   %[[Y:.*]], %[[S:.*]], %[[M:.*]], %[[V:.*]] = norm.layer_norm %[[X]] residual(%[[R]] : tensor<2x3x16xf16>) : tensor<2x3x16xf16> -> sum, mean, inv_std_dev{{$}}
//       CHECK:   return %[[Y]], %[[S]], %[[M]], %[[V]]
func.func @generic_add_with_stats(%x: tensor<2x3x16xf16>, %r: tensor<2x3x16xf16>)
    -> (tensor<2x3x16xf16>, tensor<2x3x16xf16>, tensor<2x3x1xf32>, tensor<2x3x1xf32>) {
  %init = tensor.empty() : tensor<2x3x16xf16>
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %r : tensor<2x3x16xf16>, tensor<2x3x16xf16>) outs(%init : tensor<2x3x16xf16>) {
  ^bb0(%a: f16, %b: f16, %o: f16):
    %t = arith.addf %b, %a : f16
    linalg.yield %t : f16
  } -> tensor<2x3x16xf16>
  %y, %m, %v = norm.layer_norm %s : tensor<2x3x16xf16> -> mean, inv_std_dev
  return %y, %s, %m, %v : tensor<2x3x16xf16>, tensor<2x3x16xf16>, tensor<2x3x1xf32>, tensor<2x3x1xf32>
}

// -----

// linalg.map with an addf body.
// CHECK-LABEL: func.func @map_add(
//       CHECK:   norm.rms_norm %{{.*}} residual(%{{.*}} : tensor<4x64xf32>) : tensor<4x64xf32>{{$}}
func.func @map_add(%x: tensor<4x64xf32>, %r: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %init = tensor.empty() : tensor<4x64xf32>
  %s = linalg.map { arith.addf } ins(%x, %r : tensor<4x64xf32>, tensor<4x64xf32>) outs(%init : tensor<4x64xf32>)
  %y = norm.rms_norm %s : tensor<4x64xf32>
  return %y : tensor<4x64xf32>
}

// -----

// Two norms of the same sum: the first takes the add and returns the sum,
// the second normalizes that sum.
// CHECK-LABEL: func.func @two_norms_of_one_sum(
//       CHECK:   %[[Y:.*]], %[[S:.*]] = norm.rms_norm %{{.*}} residual(%{{.*}} : tensor<4x64xf32>) : tensor<4x64xf32> -> sum
//       CHECK:   norm.layer_norm %[[S]] : tensor<4x64xf32>{{$}}
func.func @two_norms_of_one_sum(%x: tensor<4x64xf32>, %r: tensor<4x64xf32>) -> (tensor<4x64xf32>, tensor<4x64xf32>) {
  %s = arith.addf %x, %r : tensor<4x64xf32>
  %y = norm.rms_norm %s : tensor<4x64xf32>
  %z = norm.layer_norm %s : tensor<4x64xf32>
  return %y, %z : tensor<4x64xf32>, tensor<4x64xf32>
}

// -----

// Negatives.

// A broadcasted add (the bias of a linear layer) is not a residual.
// CHECK-LABEL: func.func @broadcast_add(
//       CHECK:   linalg.generic
//       CHECK:   norm.layer_norm %{{.*}} : tensor<8x64xf32>{{$}}
#map = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @broadcast_add(%x: tensor<8x64xf32>, %b: tensor<64xf32>) -> tensor<8x64xf32> {
  %init = tensor.empty() : tensor<8x64xf32>
  %s = linalg.generic {indexing_maps = [#map, #row, #map], iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : tensor<8x64xf32>, tensor<64xf32>) outs(%init : tensor<8x64xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %t = arith.addf %a, %c : f32
    linalg.yield %t : f32
  } -> tensor<8x64xf32>
  %y = norm.layer_norm %s : tensor<8x64xf32>
  return %y : tensor<8x64xf32>
}

// -----

// An add of tensors of a different (less static) shape than the norm input.
// CHECK-LABEL: func.func @different_shapes(
//       CHECK:   linalg.add
//       CHECK:   norm.rms_norm %{{.*}} : tensor<8x64xf32>{{$}}
func.func @different_shapes(%x: tensor<?x64xf32>, %r: tensor<?x64xf32>) -> tensor<8x64xf32> {
  %init = tensor.empty() : tensor<8x64xf32>
  %s = linalg.add ins(%x, %r : tensor<?x64xf32>, tensor<?x64xf32>) outs(%init : tensor<8x64xf32>) -> tensor<8x64xf32>
  %y = norm.rms_norm %s : tensor<8x64xf32>
  return %y : tensor<8x64xf32>
}

// -----

// Not an add: a subtraction, and a generic that adds and scales.
// CHECK-LABEL: func.func @not_an_add(
//       CHECK:   arith.subf
//       CHECK:   norm.rms_norm %{{.*}} : tensor<4x64xf32>{{$}}
//       CHECK:   linalg.generic
//       CHECK:   norm.rms_norm %{{.*}} : tensor<4x64xf32>{{$}}
#m2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @not_an_add(%x: tensor<4x64xf32>, %r: tensor<4x64xf32>) -> (tensor<4x64xf32>, tensor<4x64xf32>) {
  %d = arith.subf %x, %r : tensor<4x64xf32>
  %y = norm.rms_norm %d : tensor<4x64xf32>
  %init = tensor.empty() : tensor<4x64xf32>
  %s = linalg.generic {indexing_maps = [#m2, #m2, #m2], iterator_types = ["parallel", "parallel"]}
      ins(%x, %r : tensor<4x64xf32>, tensor<4x64xf32>) outs(%init : tensor<4x64xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %t = arith.addf %a, %c : f32
    %u = arith.mulf %t, %t : f32
    linalg.yield %u : f32
  } -> tensor<4x64xf32>
  %z = norm.rms_norm %s : tensor<4x64xf32>
  return %y, %z : tensor<4x64xf32>, tensor<4x64xf32>
}

// -----

// The sum is used before the norm op: its `sum` result could not replace
// that use.
// CHECK-LABEL: func.func @sum_used_before(
//       CHECK:   %[[S:.*]] = arith.addf
//       CHECK:   norm.layer_norm %[[S]] : tensor<4x64xf32>{{$}}
func.func @sum_used_before(%x: tensor<4x64xf32>, %r: tensor<4x64xf32>) -> (tensor<4x64xf32>, tensor<4x64xf32>) {
  %s = arith.addf %x, %r : tensor<4x64xf32>
  %u = arith.mulf %s, %s : tensor<4x64xf32>
  %y = norm.layer_norm %s : tensor<4x64xf32>
  return %y, %u : tensor<4x64xf32>, tensor<4x64xf32>
}

// -----

// A norm that already has a residual is left alone.
// CHECK-LABEL: func.func @already_fused(
//       CHECK:   %[[S:.*]] = arith.addf
//       CHECK:   norm.rms_norm %[[S]] residual(%{{.*}} : tensor<4x64xf32>) : tensor<4x64xf32>{{$}}
func.func @already_fused(%x: tensor<4x64xf32>, %r: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %s = arith.addf %x, %r : tensor<4x64xf32>
  %y = norm.rms_norm %s residual(%r : tensor<4x64xf32>) : tensor<4x64xf32>
  return %y : tensor<4x64xf32>
}

// -----

// The bias of the layer before, merged with the residual add by elementwise
// fusion: one generic adds the matmul output, the bias (over the normalized
// dim, broadcast over rows) and the residual. The bias add stays an
// elementwise producer of the op's input (the CPU pipeline's tile-and-fuse
// computes it inside the row tile), in the order the body added it; the
// residual goes into the op.
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @post_ln_fused_bias(
//  CHECK-SAME:   %[[MM:[^:]+]]: tensor<4x16xf32>, %[[BIAS:[^:]+]]: tensor<16xf32>, %[[R:[^:]+]]: tensor<4x16xf32>, %[[G:[^:]+]]: tensor<16xf32>, %[[B:[^:]+]]: tensor<16xf32>
//       CHECK:   %[[XB:.*]] = linalg.generic {{.*}} ins(%[[MM]], %[[BIAS]] : tensor<4x16xf32>, tensor<16xf32>)
//       CHECK:     arith.addf
//   CHECK-NOT:     arith.addf
//       CHECK:   %[[Y:.*]] = norm.layer_norm %[[XB]] residual(%[[R]] : tensor<4x16xf32>) scale(%[[G]] : tensor<16xf32>) bias(%[[B]] : tensor<16xf32>) : tensor<4x16xf32>{{$}}
//   CHECK-NOT:   linalg.generic
//       CHECK:   return %[[Y]]
func.func @post_ln_fused_bias(%mm: tensor<4x16xf32>, %bias: tensor<16xf32>, %r: tensor<4x16xf32>,
                              %g: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %init = tensor.empty() : tensor<4x16xf32>
  %s = linalg.generic {indexing_maps = [#id, #col, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %bias, %r : tensor<4x16xf32>, tensor<16xf32>, tensor<4x16xf32>) outs(%init : tensor<4x16xf32>) {
  ^bb0(%a: f32, %c: f32, %d: f32, %o: f32):
    %t = arith.addf %a, %c : f32
    %u = arith.addf %t, %d : f32
    linalg.yield %u : f32
  } -> tensor<4x16xf32>
  %y = norm.layer_norm %s scale(%g : tensor<16xf32>) bias(%b : tensor<16xf32>) : tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// Pre-LN, `(x + r) + bias` (the inner add used only there), the sum used
// again: both adds go, the op returns the sum ((x + bias) + r).
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @pre_ln_nested_bias(
//  CHECK-SAME:   %[[X:[^:]+]]: tensor<?x16xf32>, %[[R:[^:]+]]: tensor<?x16xf32>, %[[BIAS:[^:]+]]: tensor<16xf32>, %[[G:[^:]+]]: tensor<16xf32>
//   CHECK-NOT:   linalg.add
//       CHECK:   %[[XB:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[BIAS]] : tensor<?x16xf32>, tensor<16xf32>)
//       CHECK:   %[[Y:.*]], %[[S:.*]] = norm.rms_norm %[[XB]] residual(%[[R]] : tensor<?x16xf32>) scale(%[[G]] : tensor<16xf32>) : tensor<?x16xf32> -> sum{{$}}
//   CHECK-NOT:   linalg
//       CHECK:   return %[[Y]], %[[S]]
func.func @pre_ln_nested_bias(%x: tensor<?x16xf32>, %r: tensor<?x16xf32>, %bias: tensor<16xf32>, %g: tensor<16xf32>)
    -> (tensor<?x16xf32>, tensor<?x16xf32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x16xf32>
  %init = tensor.empty(%n) : tensor<?x16xf32>
  %h = linalg.add ins(%x, %r : tensor<?x16xf32>, tensor<?x16xf32>) outs(%init : tensor<?x16xf32>) -> tensor<?x16xf32>
  %s = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%h, %bias : tensor<?x16xf32>, tensor<16xf32>) outs(%init : tensor<?x16xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %t = arith.addf %c, %a : f32
    linalg.yield %t : f32
  } -> tensor<?x16xf32>
  %y = norm.rms_norm %s scale(%g : tensor<16xf32>) : tensor<?x16xf32>
  return %y, %s : tensor<?x16xf32>, tensor<?x16xf32>
}

// -----

// Near misses of the bias form, left alone: a per-row vector (not over the
// normalized dim), a scaled residual, and a bias over the last dim of a
// layer_norm over the last two.
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#col = affine_map<(d0, d1) -> (d1)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#last3 = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @per_row_vector(
//       CHECK:   linalg.generic
//       CHECK:   norm.layer_norm %{{[^ ]*}} : tensor<4x16xf32>
func.func @per_row_vector(%mm: tensor<4x16xf32>, %v: tensor<4xf32>, %r: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %init = tensor.empty() : tensor<4x16xf32>
  %s = linalg.generic {indexing_maps = [#id, #row, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %v, %r : tensor<4x16xf32>, tensor<4xf32>, tensor<4x16xf32>) outs(%init : tensor<4x16xf32>) {
  ^bb0(%a: f32, %c: f32, %d: f32, %o: f32):
    %t = arith.addf %a, %c : f32
    %u = arith.addf %t, %d : f32
    linalg.yield %u : f32
  } -> tensor<4x16xf32>
  %y = norm.layer_norm %s : tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
// CHECK-LABEL: func.func @scaled_residual(
//       CHECK:   linalg.generic
//       CHECK:   arith.mulf
//       CHECK:   norm.layer_norm %{{[^ ]*}} : tensor<4x16xf32>
func.func @scaled_residual(%mm: tensor<4x16xf32>, %bias: tensor<16xf32>, %r: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %init = tensor.empty() : tensor<4x16xf32>
  %s = linalg.generic {indexing_maps = [#id, #col, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %bias, %r : tensor<4x16xf32>, tensor<16xf32>, tensor<4x16xf32>) outs(%init : tensor<4x16xf32>) {
  ^bb0(%a: f32, %c: f32, %d: f32, %o: f32):
    %t = arith.addf %a, %c : f32
    %d2 = arith.mulf %d, %d : f32
    %u = arith.addf %t, %d2 : f32
    linalg.yield %u : f32
  } -> tensor<4x16xf32>
  %y = norm.layer_norm %s : tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
// CHECK-LABEL: func.func @bias_not_over_all_normalized_dims(
//       CHECK:   linalg.generic
//       CHECK:   norm.layer_norm %{{[^ ]*}} {axis = 1 : i64} : tensor<2x4x16xf32>
func.func @bias_not_over_all_normalized_dims(%mm: tensor<2x4x16xf32>, %bias: tensor<16xf32>, %r: tensor<2x4x16xf32>) -> tensor<2x4x16xf32> {
  %init = tensor.empty() : tensor<2x4x16xf32>
  %s = linalg.generic {indexing_maps = [#id3, #last3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%mm, %bias, %r : tensor<2x4x16xf32>, tensor<16xf32>, tensor<2x4x16xf32>) outs(%init : tensor<2x4x16xf32>) {
  ^bb0(%a: f32, %c: f32, %d: f32, %o: f32):
    %t = arith.addf %a, %c : f32
    %u = arith.addf %t, %d : f32
    linalg.yield %u : f32
  } -> tensor<2x4x16xf32>
  %y = norm.layer_norm %s {axis = 1 : i64} : tensor<2x4x16xf32>
  return %y : tensor<2x4x16xf32>
}
