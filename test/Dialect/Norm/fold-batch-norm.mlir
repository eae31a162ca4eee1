// RUN: norm-opt %s --norm-fold-batch-norm --split-input-file | FileCheck %s

// Constants chosen so that the folded values are exact: with ε = 1,
// var = [3, 15] gives √(var + ε) = [2, 4]; scale = [1, 2] gives
// a = scale / √(var + ε) = [0.5, 0.5]; bias = [0.5, 1] and mean = [1, 0]
// give b = bias − mean · a = [0, 1].

// 1×1 NCHW convolution into a zero-filled init: the filter of output
// channel f is scaled by a[f], the init becomes the broadcast b.
// CHECK-LABEL: func.func @conv_nchw_fill(
// CHECK-SAME:    %[[I:.*]]: tensor<1x1x3x3xf32>)
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}1.500000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[E:.*]] = tensor.empty() : tensor<1x2x3x3xf32>
// CHECK:         %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<2xf32>) outs(%[[E]] : tensor<1x2x3x3xf32>) dimensions = [0, 2, 3]
// CHECK:         %[[Y:.*]] = linalg.conv_2d_nchw_fchw {{.*}} ins(%[[I]], %[[W]] : {{.*}}) outs(%[[INIT]] : tensor<1x2x3x3xf32>)
// CHECK-NOT:     norm.batch_norm
// CHECK:         return %[[Y]]
func.func @conv_nchw_fill(%i: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%i, %w : tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %scale = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %bias = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = norm.batch_norm %c scale(%scale : tensor<2xf32>) bias(%bias : tensor<2xf32>) mean(%mean : tensor<2xf32>) var(%var : tensor<2xf32>) {epsilon = 1.0 : f32} : tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// NHWC convolution whose init is a broadcast conv bias [1, −1]: the new
// init is a · bias + b = [0.5, 0.5].
// CHECK-LABEL: func.func @conv_nhwc_broadcast_bias(
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 1.500000e+00]]]]> : tensor<1x1x1x2xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<5.000000e-01> : tensor<2xf32>
// CHECK:         %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<2xf32>) outs(%{{.*}} : tensor<1x3x3x2xf32>) dimensions = [0, 1, 2]
// CHECK:         %[[Y:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %[[W]] : {{.*}}) outs(%[[INIT]] : tensor<1x3x3x2xf32>)
// CHECK-NOT:     norm.batch_norm
// CHECK:         return %[[Y]]
func.func @conv_nhwc_broadcast_bias(%i: tensor<1x3x3x1xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[[[[2.0, 3.0]]]]> : tensor<1x1x1x2xf32>
  %cb = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %e = tensor.empty() : tensor<1x3x3x2xf32>
  %init = linalg.broadcast ins(%cb : tensor<2xf32>) outs(%e : tensor<1x3x3x2xf32>) dimensions = [0, 1, 2]
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%i, %w : tensor<1x3x3x1xf32>, tensor<1x1x1x2xf32>) outs(%init : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %scale = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %bias = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = norm.batch_norm %c scale(%scale : tensor<2xf32>) bias(%bias : tensor<2xf32>) mean(%mean : tensor<2xf32>) var(%var : tensor<2xf32>) {epsilon = 1.0 : f32, feature_axis = -1 : i64} : tensor<1x3x3x2xf32>
  return %y : tensor<1x3x3x2xf32>
}

// -----

// Depthwise NHWC convolution: the per-channel filter [KH, KW, C] is scaled
// along C.
// CHECK-LABEL: func.func @depthwise_nhwc(
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[}}[1.000000e+00, 1.500000e+00]]]> : tensor<1x1x2xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK:         %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<2xf32>)
// CHECK:         %[[Y:.*]] = linalg.depthwise_conv_2d_nhwc_hwc {{.*}} ins(%{{.*}}, %[[W]] : {{.*}}) outs(%[[INIT]] : tensor<1x3x3x2xf32>)
// CHECK:         return %[[Y]]
func.func @depthwise_nhwc(%i: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[[[2.0, 3.0]]]> : tensor<1x1x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x3x3x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%i, %w : tensor<1x3x3x2xf32>, tensor<1x1x2xf32>) outs(%init : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %scale = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %bias = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = norm.batch_norm %c scale(%scale : tensor<2xf32>) bias(%bias : tensor<2xf32>) mean(%mean : tensor<2xf32>) var(%var : tensor<2xf32>) {epsilon = 1.0 : f32, feature_axis = 3 : i64} : tensor<1x3x3x2xf32>
  return %y : tensor<1x3x3x2xf32>
}

// -----

// A matmul (a linear layer) followed by its bias add as a linalg.generic:
// the weight columns are scaled and the bias [2, 4] becomes
// a · bias + b = [1, 3].
// CHECK-LABEL: func.func @matmul_bias_add(
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[}}5.000000e-01, 1.000000e+00], [1.500000e+00, 2.000000e+00], [2.500000e+00, 3.000000e+00]]> : tensor<3x2xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[1.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[M:.*]] = linalg.matmul ins(%{{.*}}, %[[W]] : {{.*}})
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[M]], %[[B]] : tensor<4x2xf32>, tensor<2xf32>)
// CHECK-NOT:     norm.batch_norm
// CHECK:         return %[[Y]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @matmul_bias_add(%a: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %lb = arith.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %m = linalg.matmul ins(%a, %w : tensor<4x3xf32>, tensor<3x2xf32>) outs(%init : tensor<4x2xf32>) -> tensor<4x2xf32>
  %mb = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%m, %lb : tensor<4x2xf32>, tensor<2xf32>) outs(%e : tensor<4x2xf32>) {
  ^bb0(%x: f32, %b: f32, %o: f32):
    %s = arith.addf %x, %b : f32
    linalg.yield %s : f32
  } -> tensor<4x2xf32>
  %scale = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %bias = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = norm.batch_norm %mb scale(%scale : tensor<2xf32>) bias(%bias : tensor<2xf32>) mean(%mean : tensor<2xf32>) var(%var : tensor<2xf32>) {epsilon = 1.0 : f32} : tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// No foldable producer (a function argument): one per-channel multiply-add
// x · a + b, f16 computed in f32 and rounded once.
// CHECK-LABEL: func.func @multiply_add_f16(
// CHECK-SAME:    %[[X:.*]]: tensor<2x2x5xf16>)
// CHECK-DAG:     %[[A:.*]] = arith.constant dense<5.000000e-01> : tensor<2xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[A]], %[[B]] : tensor<2x2x5xf16>, tensor<2xf32>, tensor<2xf32>)
// CHECK:           arith.extf
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK:           arith.truncf
// CHECK-NOT:     norm.batch_norm
// CHECK:         return %[[Y]]
func.func @multiply_add_f16(%x: tensor<2x2x5xf16>) -> tensor<2x2x5xf16> {
  %scale = arith.constant dense<[1.0, 2.0]> : tensor<2xf16>
  %bias = arith.constant dense<[0.5, 1.0]> : tensor<2xf16>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf16>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf16>
  %y = norm.batch_norm %x scale(%scale : tensor<2xf16>) bias(%bias : tensor<2xf16>) mean(%mean : tensor<2xf16>) var(%var : tensor<2xf16>) {epsilon = 1.0 : f32} : tensor<2x2x5xf16>
  return %y : tensor<2x2x5xf16>
}

// -----

// Statistics that are not constants: nothing to fold.
// CHECK-LABEL: func.func @not_constant(
// CHECK:         norm.batch_norm
func.func @not_constant(%x: tensor<2x2xf32>, %v: tensor<2xf32>) -> tensor<2x2xf32> {
  %scale = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %bias = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %y = norm.batch_norm %x scale(%scale : tensor<2xf32>) bias(%bias : tensor<2xf32>) mean(%mean : tensor<2xf32>) var(%v : tensor<2xf32>) : tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// The convolution result is also used elsewhere: folding would change that
// use, so the batch norm becomes the multiply-add instead.
// CHECK-LABEL: func.func @conv_used_twice(
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK:         %[[C:.*]] = linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %[[W]] :
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[C]],
// CHECK:         return %[[Y]], %[[C]]
func.func @conv_used_twice(%i: tensor<1x1x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%i, %w : tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %scale = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %bias = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = norm.batch_norm %c scale(%scale : tensor<2xf32>) bias(%bias : tensor<2xf32>) mean(%mean : tensor<2xf32>) var(%var : tensor<2xf32>) {epsilon = 1.0 : f32} : tensor<1x2x3x3xf32>
  return %y, %c : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// tosa.conv2d after tosa-to-linalg-named: linalg.conv_2d_nhwc_fhwc (filter
// [F, KH, KW, C]) into the linalg.generic that broadcasts the conv bias
// [1, −1]; the new bias is a · bias + b = [0.5, 0.5], broadcast the same way.
// CHECK-LABEL: func.func @tosa_conv2d_lowered(
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}1.500000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<5.000000e-01> : tensor<2xf32>
// CHECK:         %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<2xf32>) outs(%{{.*}} : tensor<1x3x3x2xf32>) dimensions = [0, 1, 2]
// CHECK:         %[[Y:.*]] = linalg.conv_2d_nhwc_fhwc {{.*}} ins(%{{.*}}, %[[W]] : {{.*}}) outs(%[[INIT]] : tensor<1x3x3x2xf32>)
// CHECK-NOT:     norm.batch_norm
// CHECK:         return %[[Y]]
#vec = affine_map<(d0, d1, d2, d3) -> (d3)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @tosa_conv2d_lowered(%i: tensor<1x3x3x1xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %cb = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %e = tensor.empty() : tensor<1x3x3x2xf32>
  %init = linalg.generic {indexing_maps = [#vec, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%cb : tensor<2xf32>) outs(%e : tensor<1x3x3x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x3x3x2xf32>
  %c = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%i, %w : tensor<1x3x3x1xf32>, tensor<2x1x1x1xf32>) outs(%init : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %scale = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %bias = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = norm.batch_norm %c scale(%scale : tensor<2xf32>) bias(%bias : tensor<2xf32>) mean(%mean : tensor<2xf32>) var(%var : tensor<2xf32>) {epsilon = 1.0 : f32, feature_axis = -1 : i64} : tensor<1x3x3x2xf32>
  return %y : tensor<1x3x3x2xf32>
}
