// RUN: norm-opt %s --norm-raise --split-input-file --verify-diagnostics | FileCheck %s

// norm-raise on TOSA: normalizations as the TOSA front ends emit them
// (MLIR 22 TOSA: tosa.mul with its shift operand, tosa.reshape with a
// !tosa.shape, tosa.reduce_sum keeping dims). Each case names its source.

// Source: torch-mlir test/Conversion/TorchToTosa/basic.mlir,
// @torch.aten.native_layer_norm$basic: the TorchToTosa output, torch_c
// casts dropped. The centring is emitted twice (%21, %38); both are one.
// CHECK-LABEL: func.func @torch_native_layer_norm(
// CHECK-SAME:    %[[X:.*]]: tensor<5x2x2x3xf32>, %[[W:.*]]: tensor<2x2x3xf32>, %[[B:.*]]: tensor<2x2x3xf32>)
// CHECK-NEXT:    %[[Y:.*]] = norm.layer_norm %[[X]] scale(%[[W]] : tensor<2x2x3xf32>) bias(%[[B]] : tensor<2x2x3xf32>) {axis = 1 : i64, epsilon = 5.000000e-01 : f32} : tensor<5x2x2x3xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @torch_native_layer_norm(%x: tensor<5x2x2x3xf32>, %w: tensor<2x2x3xf32>, %b: tensor<2x2x3xf32>) -> tensor<5x2x2x3xf32> {
  %10 = "tosa.const"() <{values = dense<1.200000e+01> : tensor<1xf32>}> : () -> tensor<1xf32>
  %11 = tosa.reciprocal %10 : (tensor<1xf32>) -> tensor<1xf32>
  %12 = tosa.const_shape  {values = dense<1> : tensor<4xindex>} : () -> !tosa.shape<4>
  %13 = tosa.reshape %11, %12 : (tensor<1xf32>, !tosa.shape<4>) -> tensor<1x1x1x1xf32>
  %14 = tosa.reduce_sum %x {axis = 3 : i32} : (tensor<5x2x2x3xf32>) -> tensor<5x2x2x1xf32>
  %15 = tosa.reduce_sum %14 {axis = 2 : i32} : (tensor<5x2x2x1xf32>) -> tensor<5x2x1x1xf32>
  %16 = tosa.reduce_sum %15 {axis = 1 : i32} : (tensor<5x2x1x1xf32>) -> tensor<5x1x1x1xf32>
  %17 = tosa.const_shape  {values = dense<[5, 1, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %18 = tosa.reshape %16, %17 : (tensor<5x1x1x1xf32>, !tosa.shape<4>) -> tensor<5x1x1x1xf32>
  %19 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %20 = tosa.mul %18, %13, %19 : (tensor<5x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<5x1x1x1xf32>
  %21 = tosa.sub %x, %20 : (tensor<5x2x2x3xf32>, tensor<5x1x1x1xf32>) -> tensor<5x2x2x3xf32>
  %22 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %23 = tosa.mul %21, %21, %22 : (tensor<5x2x2x3xf32>, tensor<5x2x2x3xf32>, tensor<1xi8>) -> tensor<5x2x2x3xf32>
  %24 = tosa.reduce_sum %23 {axis = 3 : i32} : (tensor<5x2x2x3xf32>) -> tensor<5x2x2x1xf32>
  %25 = tosa.reduce_sum %24 {axis = 2 : i32} : (tensor<5x2x2x1xf32>) -> tensor<5x2x1x1xf32>
  %26 = tosa.reduce_sum %25 {axis = 1 : i32} : (tensor<5x2x1x1xf32>) -> tensor<5x1x1x1xf32>
  %27 = tosa.const_shape  {values = dense<[5, 1, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %28 = tosa.reshape %26, %27 : (tensor<5x1x1x1xf32>, !tosa.shape<4>) -> tensor<5x1x1x1xf32>
  %29 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %30 = tosa.mul %28, %13, %29 : (tensor<5x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<5x1x1x1xf32>
  %31 = tosa.const_shape  {values = dense<[1, 2, 2, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %32 = tosa.reshape %w, %31 : (tensor<2x2x3xf32>, !tosa.shape<4>) -> tensor<1x2x2x3xf32>
  %33 = tosa.const_shape  {values = dense<[1, 2, 2, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %34 = tosa.reshape %b, %33 : (tensor<2x2x3xf32>, !tosa.shape<4>) -> tensor<1x2x2x3xf32>
  %35 = "tosa.const"() <{values = dense<5.000000e-01> : tensor<f32>}> : () -> tensor<f32>
  %36 = tosa.const_shape  {values = dense<1> : tensor<4xindex>} : () -> !tosa.shape<4>
  %37 = tosa.reshape %35, %36 : (tensor<f32>, !tosa.shape<4>) -> tensor<1x1x1x1xf32>
  %38 = tosa.sub %x, %20 : (tensor<5x2x2x3xf32>, tensor<5x1x1x1xf32>) -> tensor<5x2x2x3xf32>
  %39 = tosa.add %30, %37 : (tensor<5x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<5x1x1x1xf32>
  %40 = tosa.rsqrt %39 : (tensor<5x1x1x1xf32>) -> tensor<5x1x1x1xf32>
  %41 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %42 = tosa.mul %38, %40, %41 : (tensor<5x2x2x3xf32>, tensor<5x1x1x1xf32>, tensor<1xi8>) -> tensor<5x2x2x3xf32>
  %43 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %44 = tosa.mul %42, %32, %43 : (tensor<5x2x2x3xf32>, tensor<1x2x2x3xf32>, tensor<1xi8>) -> tensor<5x2x2x3xf32>
  %45 = tosa.add %44, %34 : (tensor<5x2x2x3xf32>, tensor<1x2x2x3xf32>) -> tensor<5x2x2x3xf32>
  return %45 : tensor<5x2x2x3xf32>
}

// -----

// Source: torch-mlir test/Conversion/TorchToTosa/basic.mlir,
// @torch.aten.native_batch_norm$basic (aten.batch_norm, training = false):
// stored statistics reshaped [4] -> [4, 1] -> [1, 4, 1].
// CHECK-LABEL: func.func @torch_batch_norm_inference(
// CHECK-SAME:    %[[X:.*]]: tensor<10x4x3xf32>)
// CHECK-DAG:     %[[A:.*]] = "tosa.const"() <{values = dense<[5.000000e-01, {{.*}}]> : tensor<4xf32>}>
// CHECK-DAG:     %[[C:.*]] = "tosa.const"() <{values = dense<[3.000000e+00, {{.*}}]> : tensor<4xf32>}>
// CHECK:         %[[Y:.*]] = norm.batch_norm %[[X]] scale(%[[C]] : tensor<4xf32>) bias(%[[A]] : tensor<4xf32>) mean(%[[A]] : tensor<4xf32>) var(%[[C]] : tensor<4xf32>) : tensor<10x4x3xf32>
// CHECK-NOT:     tosa.rsqrt
// CHECK:         return %[[Y]]
func.func @torch_batch_norm_inference(%x: tensor<10x4x3xf32>) -> tensor<10x4x3xf32> {
  %2 = "tosa.const"() <{values = dense<[5.000000e-01, 4.000000e-01, 3.000000e-01, 6.000000e-01]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %3 = "tosa.const"() <{values = dense<[3.000000e+00, 2.000000e+00, 4.000000e+00, 5.000000e+00]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %8 = tosa.const_shape  {values = dense<[4, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %9 = tosa.reshape %2, %8 : (tensor<4xf32>, !tosa.shape<2>) -> tensor<4x1xf32>
  %10 = tosa.const_shape  {values = dense<[4, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %11 = tosa.reshape %3, %10 : (tensor<4xf32>, !tosa.shape<2>) -> tensor<4x1xf32>
  %12 = tosa.const_shape  {values = dense<[4, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %13 = tosa.reshape %3, %12 : (tensor<4xf32>, !tosa.shape<2>) -> tensor<4x1xf32>
  %14 = tosa.const_shape  {values = dense<[4, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %15 = tosa.reshape %2, %14 : (tensor<4xf32>, !tosa.shape<2>) -> tensor<4x1xf32>
  %16 = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<f32>}> : () -> tensor<f32>
  %17 = tosa.const_shape  {values = dense<[1, 4, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %18 = tosa.reshape %9, %17 : (tensor<4x1xf32>, !tosa.shape<3>) -> tensor<1x4x1xf32>
  %19 = tosa.const_shape  {values = dense<[1, 4, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %20 = tosa.reshape %11, %19 : (tensor<4x1xf32>, !tosa.shape<3>) -> tensor<1x4x1xf32>
  %21 = tosa.const_shape  {values = dense<1> : tensor<3xindex>} : () -> !tosa.shape<3>
  %22 = tosa.reshape %16, %21 : (tensor<f32>, !tosa.shape<3>) -> tensor<1x1x1xf32>
  %23 = tosa.const_shape  {values = dense<[1, 4, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %24 = tosa.reshape %13, %23 : (tensor<4x1xf32>, !tosa.shape<3>) -> tensor<1x4x1xf32>
  %25 = tosa.const_shape  {values = dense<[1, 4, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %26 = tosa.reshape %15, %25 : (tensor<4x1xf32>, !tosa.shape<3>) -> tensor<1x4x1xf32>
  %27 = tosa.sub %x, %18 : (tensor<10x4x3xf32>, tensor<1x4x1xf32>) -> tensor<10x4x3xf32>
  %28 = tosa.add %20, %22 : (tensor<1x4x1xf32>, tensor<1x1x1xf32>) -> tensor<1x4x1xf32>
  %29 = tosa.rsqrt %28 : (tensor<1x4x1xf32>) -> tensor<1x4x1xf32>
  %30 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %31 = tosa.mul %27, %29, %30 : (tensor<10x4x3xf32>, tensor<1x4x1xf32>, tensor<1xi8>) -> tensor<10x4x3xf32>
  %32 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %33 = tosa.mul %31, %24, %32 : (tensor<10x4x3xf32>, tensor<1x4x1xf32>, tensor<1xi8>) -> tensor<10x4x3xf32>
  %34 = tosa.add %33, %26 : (tensor<10x4x3xf32>, tensor<1x4x1xf32>) -> tensor<10x4x3xf32>
  return %34 : tensor<10x4x3xf32>
}

// -----

// Source: onnx-mlir test/mlir/conversion/onnx_to_tosa/NN/BatchNorm.mlir,
// @test_batchnorm_bf16_dynamic (onnx.BatchNormalizationInferenceMode), with
// static spatial dims and MLIR 22's shift operand and !tosa.shape.
// CHECK-LABEL: func.func @onnx_batch_norm_bf16(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x4x4xbf16>, %[[S:.*]]: tensor<3xbf16>, %[[B:.*]]: tensor<3xbf16>, %[[M:.*]]: tensor<3xbf16>, %[[V:.*]]: tensor<3xbf16>)
// CHECK-NEXT:    %[[Y:.*]] = norm.batch_norm %[[X]] scale(%[[S]] : tensor<3xbf16>) bias(%[[B]] : tensor<3xbf16>) mean(%[[M]] : tensor<3xbf16>) var(%[[V]] : tensor<3xbf16>) {epsilon = 1.00135803E-5 : f32} : tensor<2x3x4x4xbf16>
// CHECK-NEXT:    return %[[Y]]
func.func @onnx_batch_norm_bf16(%x: tensor<2x3x4x4xbf16>, %s: tensor<3xbf16>, %b: tensor<3xbf16>, %m: tensor<3xbf16>, %v: tensor<3xbf16>) -> tensor<2x3x4x4xbf16> {
  %shape = tosa.const_shape {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %0 = tosa.reshape %m, %shape : (tensor<3xbf16>, !tosa.shape<4>) -> tensor<1x3x1x1xbf16>
  %1 = tosa.reshape %s, %shape : (tensor<3xbf16>, !tosa.shape<4>) -> tensor<1x3x1x1xbf16>
  %2 = tosa.reshape %b, %shape : (tensor<3xbf16>, !tosa.shape<4>) -> tensor<1x3x1x1xbf16>
  %3 = tosa.reshape %v, %shape : (tensor<3xbf16>, !tosa.shape<4>) -> tensor<1x3x1x1xbf16>
  %eps = "tosa.const"() <{values = dense<1.001360e-05> : tensor<1x1x1x1xbf16>}> : () -> tensor<1x1x1x1xbf16>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %4 = tosa.sub %x, %0 : (tensor<2x3x4x4xbf16>, tensor<1x3x1x1xbf16>) -> tensor<2x3x4x4xbf16>
  %5 = tosa.add %3, %eps : (tensor<1x3x1x1xbf16>, tensor<1x1x1x1xbf16>) -> tensor<1x3x1x1xbf16>
  %6 = tosa.rsqrt %5 : (tensor<1x3x1x1xbf16>) -> tensor<1x3x1x1xbf16>
  %7 = tosa.mul %4, %6, %shift : (tensor<2x3x4x4xbf16>, tensor<1x3x1x1xbf16>, tensor<1xi8>) -> tensor<2x3x4x4xbf16>
  %8 = tosa.mul %7, %1, %shift : (tensor<2x3x4x4xbf16>, tensor<1x3x1x1xbf16>, tensor<1xi8>) -> tensor<2x3x4x4xbf16>
  %9 = tosa.add %8, %2 : (tensor<2x3x4x4xbf16>, tensor<1x3x1x1xbf16>) -> tensor<2x3x4x4xbf16>
  return %9 : tensor<2x3x4x4xbf16>
}

// -----

// Source: the ONNX opset-17 LayerNormalization function body (onnx/defs/nn,
// stash_type = f32, axis = -1) on an f16 input, each ONNX op as onnx-mlir's
// ONNX-to-TOSA lowers it: Flatten and Reshape -> tosa.reshape, ReduceMean ->
// tosa.reduce_sum and a tosa.mul by the constant 1/N, Div -> tosa.reciprocal
// and tosa.mul; TOSA has no sqrt, so Sqrt is tosa.pow(·, 0.5). The variance
// is E[x²] − E[x]²: the raised op computes the centred one, with a remark.
// CHECK-LABEL: func.func @onnx_layer_norm_opset17_f16(
// CHECK-SAME:    %[[X:.*]]: tensor<2x4x8xf16>, %[[S:.*]]: tensor<8xf16>, %[[B:.*]]: tensor<8xf16>)
// CHECK-NEXT:    %[[Y:.*]] = norm.layer_norm %[[X]] scale(%[[S]] : tensor<8xf16>) bias(%[[B]] : tensor<8xf16>) {axis = 2 : i64} : tensor<2x4x8xf16>
// CHECK-NEXT:    return %[[Y]]
func.func @onnx_layer_norm_opset17_f16(%x: tensor<2x4x8xf16>, %scale: tensor<8xf16>, %bias: tensor<8xf16>) -> tensor<2x4x8xf16> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %half = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %s2d = tosa.const_shape {values = dense<[8, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %x2d = tosa.reshape %x, %s2d : (tensor<2x4x8xf16>, !tosa.shape<2>) -> tensor<8x8xf16>
  %xu = tosa.cast %x2d : (tensor<8x8xf16>) -> tensor<8x8xf32>
  %sum = tosa.reduce_sum %xu {axis = 1 : i32} : (tensor<8x8xf32>) -> tensor<8x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<8x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<8x1xf32>
  %sq = tosa.mul %xu, %xu, %shift : (tensor<8x8xf32>, tensor<8x8xf32>, tensor<1xi8>) -> tensor<8x8xf32>
  %sqsum = tosa.reduce_sum %sq {axis = 1 : i32} : (tensor<8x8xf32>) -> tensor<8x1xf32>
  %meansq = tosa.mul %sqsum, %inv_n, %shift : (tensor<8x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<8x1xf32>
  %sqmean = tosa.mul %mean, %mean, %shift : (tensor<8x1xf32>, tensor<8x1xf32>, tensor<1xi8>) -> tensor<8x1xf32>
  // expected-remark @+1 {{raised to norm.layer_norm: its variance E[x^2] - E[x]^2 becomes the centred variance}}
  %var = tosa.sub %meansq, %sqmean : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
  %vareps = tosa.add %var, %eps : (tensor<8x1xf32>, tensor<1x1xf32>) -> tensor<8x1xf32>
  %std = tosa.pow %vareps, %half : (tensor<8x1xf32>, tensor<1x1xf32>) -> tensor<8x1xf32>
  %dev = tosa.sub %xu, %mean : (tensor<8x8xf32>, tensor<8x1xf32>) -> tensor<8x8xf32>
  %inv = tosa.reciprocal %std : (tensor<8x1xf32>) -> tensor<8x1xf32>
  %norm = tosa.mul %dev, %inv, %shift : (tensor<8x8xf32>, tensor<8x1xf32>, tensor<1xi8>) -> tensor<8x8xf32>
  %normt = tosa.cast %norm : (tensor<8x8xf32>) -> tensor<8x8xf16>
  %s1 = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %scale2d = tosa.reshape %scale, %s1 : (tensor<8xf16>, !tosa.shape<2>) -> tensor<1x8xf16>
  %scaled = tosa.mul %normt, %scale2d, %shift : (tensor<8x8xf16>, tensor<1x8xf16>, tensor<1xi8>) -> tensor<8x8xf16>
  %bias2d = tosa.reshape %bias, %s1 : (tensor<8xf16>, !tosa.shape<2>) -> tensor<1x8xf16>
  %biased = tosa.add %scaled, %bias2d : (tensor<8x8xf16>, tensor<1x8xf16>) -> tensor<8x8xf16>
  %s3 = tosa.const_shape {values = dense<[2, 4, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %y = tosa.reshape %biased, %s3 : (tensor<8x8xf16>, !tosa.shape<3>) -> tensor<2x4x8xf16>
  return %y : tensor<2x4x8xf16>
}

// -----

// Source: Hugging Face LlamaRMSNorm (hidden.to(f32); var = h.pow(2).mean(-1,
// keepdim=True); h * rsqrt(var + eps); weight * h.to(f16)) through
// torch-mlir's TorchToTosa: aten.pow.Tensor_Scalar -> tosa.pow by a constant,
// aten.mean.dim -> tosa.reduce_sum and a tosa.mul by 1/N, the f16 casts as
// tosa.cast; the weight multiplies from the left.
// CHECK-LABEL: func.func @torch_llama_rms_norm_f16(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x16xf16>, %[[W:.*]]: tensor<16xf16>)
// CHECK-NEXT:    %[[Y:.*]] = norm.rms_norm %[[X]] scale(%[[W]] : tensor<16xf16>) {axis = 2 : i64, epsilon = 9.99999997E-7 : f32} : tensor<2x3x16xf16>
// CHECK-NEXT:    return %[[Y]]
func.func @torch_llama_rms_norm_f16(%x: tensor<2x3x16xf16>, %w: tensor<16xf16>) -> tensor<2x3x16xf16> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %two = "tosa.const"() <{values = dense<2.000000e+00> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %inv_n = "tosa.const"() <{values = dense<6.250000e-02> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999997E-7> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %h = tosa.cast %x : (tensor<2x3x16xf16>) -> tensor<2x3x16xf32>
  %sq = tosa.pow %h, %two : (tensor<2x3x16xf32>, tensor<1x1x1xf32>) -> tensor<2x3x16xf32>
  %sum = tosa.reduce_sum %sq {axis = 2 : i32} : (tensor<2x3x16xf32>) -> tensor<2x3x1xf32>
  %var = tosa.mul %sum, %inv_n, %shift : (tensor<2x3x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<2x3x1xf32>
  %ve = tosa.add %var, %eps : (tensor<2x3x1xf32>, tensor<1x1x1xf32>) -> tensor<2x3x1xf32>
  %r = tosa.rsqrt %ve : (tensor<2x3x1xf32>) -> tensor<2x3x1xf32>
  %n = tosa.mul %h, %r, %shift : (tensor<2x3x16xf32>, tensor<2x3x1xf32>, tensor<1xi8>) -> tensor<2x3x16xf32>
  %n16 = tosa.cast %n : (tensor<2x3x16xf32>) -> tensor<2x3x16xf16>
  %ws = tosa.const_shape {values = dense<[1, 1, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %w3 = tosa.reshape %w, %ws : (tensor<16xf16>, !tosa.shape<3>) -> tensor<1x1x16xf16>
  %y = tosa.mul %w3, %n16, %shift : (tensor<1x1x16xf16>, tensor<2x3x16xf16>, tensor<1xi8>) -> tensor<2x3x16xf16>
  return %y : tensor<2x3x16xf16>
}

// -----

// GroupNorm as torch's native_group_norm decomposition reaches TOSA: the
// input reshaped to [N, G, C/G·H·W], the statistics over the last dim, the
// result reshaped back to [N, C, H, W] and the per-channel affine after it.
// The rstd is pow(var + ε, −0.5) and the mean a sum times reciprocal(N).
// CHECK-LABEL: func.func @group_norm_reshape(
// CHECK-SAME:    %[[X:.*]]: tensor<2x4x2x2xf32>, %[[G:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[Y:.*]] = norm.group_norm %[[X]] scale(%[[G]] : tensor<4xf32>) bias(%[[B]] : tensor<4xf32>) {num_groups = 2 : i64} : tensor<2x4x2x2xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @group_norm_reshape(%x: tensor<2x4x2x2xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4x2x2xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %n = "tosa.const"() <{values = dense<8.000000e+00> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %inv_n = tosa.reciprocal %n : (tensor<1x1x1xf32>) -> tensor<1x1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %mhalf = "tosa.const"() <{values = dense<-5.000000e-01> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %s3 = tosa.const_shape {values = dense<[2, 2, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %xr = tosa.reshape %x, %s3 : (tensor<2x4x2x2xf32>, !tosa.shape<3>) -> tensor<2x2x8xf32>
  %sum = tosa.reduce_sum %xr {axis = 2 : i32} : (tensor<2x2x8xf32>) -> tensor<2x2x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<2x2x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<2x2x1xf32>
  %d = tosa.sub %xr, %mean : (tensor<2x2x8xf32>, tensor<2x2x1xf32>) -> tensor<2x2x8xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<1xi8>) -> tensor<2x2x8xf32>
  %vs = tosa.reduce_sum %d2 {axis = 2 : i32} : (tensor<2x2x8xf32>) -> tensor<2x2x1xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<2x2x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<2x2x1xf32>
  %ve = tosa.add %eps, %var : (tensor<1x1x1xf32>, tensor<2x2x1xf32>) -> tensor<2x2x1xf32>
  %r = tosa.pow %ve, %mhalf : (tensor<2x2x1xf32>, tensor<1x1x1xf32>) -> tensor<2x2x1xf32>
  %nr = tosa.mul %d, %r, %shift : (tensor<2x2x8xf32>, tensor<2x2x1xf32>, tensor<1xi8>) -> tensor<2x2x8xf32>
  %s4 = tosa.const_shape {values = dense<[2, 4, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %n4 = tosa.reshape %nr, %s4 : (tensor<2x2x8xf32>, !tosa.shape<4>) -> tensor<2x4x2x2xf32>
  %c = tosa.const_shape {values = dense<[1, 4, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %g4 = tosa.reshape %g, %c : (tensor<4xf32>, !tosa.shape<4>) -> tensor<1x4x1x1xf32>
  %b4 = tosa.reshape %b, %c : (tensor<4xf32>, !tosa.shape<4>) -> tensor<1x4x1x1xf32>
  %sc = tosa.mul %n4, %g4, %shift : (tensor<2x4x2x2xf32>, tensor<1x4x1x1xf32>, tensor<1xi8>) -> tensor<2x4x2x2xf32>
  %y = tosa.add %sc, %b4 : (tensor<2x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<2x4x2x2xf32>
  return %y : tensor<2x4x2x2xf32>
}

// -----

// InstanceNormalization as the ONNX function body (ReduceMean over the
// spatial dims, (x − mean)², ReduceMean, + ε, Sqrt, Div, · scale + B) through
// onnx-mlir's ONNX-to-TOSA ReduceMean (one tosa.reduce_sum per axis, axes in
// order) and TFL's sqrt legalization (reciprocal of rsqrt), so 1/√ is
// reciprocal(reciprocal(rsqrt(·))); the affine is per channel.
// CHECK-LABEL: func.func @onnx_instance_norm(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x4x4xf32>, %[[G:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK-NEXT:    %[[Y:.*]] = norm.instance_norm %[[X]] scale(%[[G]] : tensor<3xf32>) bias(%[[B]] : tensor<3xf32>) {epsilon = 1.000000e-03 : f32} : tensor<2x3x4x4xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @onnx_instance_norm(%x: tensor<2x3x4x4xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<6.250000e-02> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %eps = "tosa.const"() <{values = dense<1.000000e-03> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %s0 = tosa.reduce_sum %x {axis = 2 : i32} : (tensor<2x3x4x4xf32>) -> tensor<2x3x1x4xf32>
  %s1 = tosa.reduce_sum %s0 {axis = 3 : i32} : (tensor<2x3x1x4xf32>) -> tensor<2x3x1x1xf32>
  %mean = tosa.mul %s1, %inv_n, %shift : (tensor<2x3x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<2x3x1x1xf32>
  %d = tosa.sub %x, %mean : (tensor<2x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<2x3x4x4xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>, tensor<1xi8>) -> tensor<2x3x4x4xf32>
  %v0 = tosa.reduce_sum %d2 {axis = 2 : i32} : (tensor<2x3x4x4xf32>) -> tensor<2x3x1x4xf32>
  %v1 = tosa.reduce_sum %v0 {axis = 3 : i32} : (tensor<2x3x1x4xf32>) -> tensor<2x3x1x1xf32>
  %var = tosa.mul %v1, %inv_n, %shift : (tensor<2x3x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<2x3x1x1xf32>
  %ve = tosa.add %var, %eps : (tensor<2x3x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<2x3x1x1xf32>
  %rs = tosa.rsqrt %ve : (tensor<2x3x1x1xf32>) -> tensor<2x3x1x1xf32>
  %std = tosa.reciprocal %rs : (tensor<2x3x1x1xf32>) -> tensor<2x3x1x1xf32>
  %inv = tosa.reciprocal %std : (tensor<2x3x1x1xf32>) -> tensor<2x3x1x1xf32>
  %nr = tosa.mul %d, %inv, %shift : (tensor<2x3x4x4xf32>, tensor<2x3x1x1xf32>, tensor<1xi8>) -> tensor<2x3x4x4xf32>
  %c = tosa.const_shape {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %g4 = tosa.reshape %g, %c : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x3x1x1xf32>
  %b4 = tosa.reshape %b, %c : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x3x1x1xf32>
  %sc = tosa.mul %nr, %g4, %shift : (tensor<2x3x4x4xf32>, tensor<1x3x1x1xf32>, tensor<1xi8>) -> tensor<2x3x4x4xf32>
  %y = tosa.add %b4, %sc : (tensor<1x3x1x1xf32>, tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

// Training BatchNorm with the batch statistics computed in the graph (torch's
// batch_norm(training=True) decomposed as var_mean over N, H, W), the batch
// mean and variance also returned (for the running-statistics update): they
// become the op's batch_mean and batch_var, reshaped to [1, C, 1, 1].
// CHECK-LABEL: func.func @batch_norm_train_stats(
// CHECK-SAME:    %[[X:.*]]: tensor<4x3x2x2xf32>, %[[G:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK:         %[[Y:.*]], %[[M:.*]], %[[V:.*]] = norm.batch_norm_train %[[X]] scale(%[[G]] : tensor<3xf32>) bias(%[[B]] : tensor<3xf32>) : tensor<4x3x2x2xf32> -> batch_mean, batch_var
// CHECK-DAG:     %[[M4:.*]] = tosa.reshape %[[M]], %{{.*}} : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x3x1x1xf32>
// CHECK-DAG:     %[[V4:.*]] = tosa.reshape %[[V]], %{{.*}} : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x3x1x1xf32>
// CHECK-NOT:     tosa.reduce_sum
// CHECK:         return %[[Y]], %[[M4]], %[[V4]]
func.func @batch_norm_train_stats(%x: tensor<4x3x2x2xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<4x3x2x2xf32>, tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>) {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<6.250000e-02> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %s0 = tosa.reduce_sum %x {axis = 0 : i32} : (tensor<4x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %s1 = tosa.reduce_sum %s0 {axis = 2 : i32} : (tensor<1x3x2x2xf32>) -> tensor<1x3x1x2xf32>
  %s2 = tosa.reduce_sum %s1 {axis = 3 : i32} : (tensor<1x3x1x2xf32>) -> tensor<1x3x1x1xf32>
  %mean = tosa.mul %s2, %inv_n, %shift : (tensor<1x3x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x3x1x1xf32>
  %d = tosa.sub %x, %mean : (tensor<4x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<4x3x2x2xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<4x3x2x2xf32>, tensor<4x3x2x2xf32>, tensor<1xi8>) -> tensor<4x3x2x2xf32>
  %v0 = tosa.reduce_sum %d2 {axis = 0 : i32} : (tensor<4x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %v1 = tosa.reduce_sum %v0 {axis = 2 : i32} : (tensor<1x3x2x2xf32>) -> tensor<1x3x1x2xf32>
  %v2 = tosa.reduce_sum %v1 {axis = 3 : i32} : (tensor<1x3x1x2xf32>) -> tensor<1x3x1x1xf32>
  %var = tosa.mul %v2, %inv_n, %shift : (tensor<1x3x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x3x1x1xf32>
  %ve = tosa.add %var, %eps : (tensor<1x3x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x3x1x1xf32>
  %r = tosa.rsqrt %ve : (tensor<1x3x1x1xf32>) -> tensor<1x3x1x1xf32>
  %nr = tosa.mul %d, %r, %shift : (tensor<4x3x2x2xf32>, tensor<1x3x1x1xf32>, tensor<1xi8>) -> tensor<4x3x2x2xf32>
  %c = tosa.const_shape {values = dense<[1, 3, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %g4 = tosa.reshape %g, %c : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x3x1x1xf32>
  %b4 = tosa.reshape %b, %c : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x3x1x1xf32>
  %sc = tosa.mul %nr, %g4, %shift : (tensor<4x3x2x2xf32>, tensor<1x3x1x1xf32>, tensor<1xi8>) -> tensor<4x3x2x2xf32>
  %y = tosa.add %sc, %b4 : (tensor<4x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<4x3x2x2xf32>
  return %y, %mean, %var : tensor<4x3x2x2xf32>, tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>
}

// -----

// LayerNorm with its mean and rstd also returned (native_layer_norm's
// results 1 and 2, for the backward pass), commuted operands everywhere
// (rstd · (x − mean), β + γ · y, ε + var), no γ/β reshape needed.
// CHECK-LABEL: func.func @layer_norm_stats_commuted(
// CHECK-SAME:    %[[X:.*]]: tensor<4x8xf32>, %[[G:.*]]: tensor<1x8xf32>, %[[B:.*]]: tensor<1x8xf32>)
// CHECK-DAG:     %[[G1:.*]] = tosa.reshape %[[G]], %{{.*}} : (tensor<1x8xf32>, !tosa.shape<1>) -> tensor<8xf32>
// CHECK-DAG:     %[[B1:.*]] = tosa.reshape %[[B]], %{{.*}} : (tensor<1x8xf32>, !tosa.shape<1>) -> tensor<8xf32>
// CHECK:         %[[Y:.*]], %[[M:.*]], %[[R:.*]] = norm.layer_norm %[[X]] scale(%[[G1]] : tensor<8xf32>) bias(%[[B1]] : tensor<8xf32>) {axis = 1 : i64} : tensor<4x8xf32> -> mean, inv_std_dev
// CHECK-NOT:     tosa.
// CHECK:         return %[[Y]], %[[M]], %[[R]]
func.func @layer_norm_stats_commuted(%x: tensor<4x8xf32>, %g: tensor<1x8xf32>, %b: tensor<1x8xf32>) -> (tensor<4x8xf32>, tensor<4x1xf32>, tensor<4x1xf32>) {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %mean = tosa.mul %inv_n, %sum, %shift : (tensor<1x1xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %d = tosa.sub %x, %mean : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %vs = tosa.reduce_sum %d2 {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %ve = tosa.add %eps, %var : (tensor<1x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
  %r = tosa.rsqrt %ve : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %nr = tosa.mul %r, %d, %shift : (tensor<4x1xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %sc = tosa.mul %g, %nr, %shift : (tensor<1x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %y = tosa.add %b, %sc : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y, %mean, %r : tensor<4x8xf32>, tensor<4x1xf32>, tensor<4x1xf32>
}

// -----

// LayerNorm without γ/β, E[x²] − E[x]² with the squares as pow(·, 2), and
// 1/√ as reciprocal(pow(·, 0.5)) on bf16 with casts around the statistics.
// CHECK-LABEL: func.func @layer_norm_moments_bf16(
// CHECK-SAME:    %[[X:.*]]: tensor<3x8xbf16>)
// CHECK-NEXT:    %[[Y:.*]] = norm.layer_norm %[[X]] {axis = 1 : i64, epsilon = 9.99999974E-5 : f32} : tensor<3x8xbf16>
// CHECK-NEXT:    return %[[Y]]
func.func @layer_norm_moments_bf16(%x16: tensor<3x8xbf16>) -> tensor<3x8xbf16> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-5> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %two = "tosa.const"() <{values = dense<2.000000e+00> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %half = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %x = tosa.cast %x16 : (tensor<3x8xbf16>) -> tensor<3x8xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<3x8xf32>) -> tensor<3x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<3x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<3x1xf32>
  %x2 = tosa.pow %x, %two : (tensor<3x8xf32>, tensor<1x1xf32>) -> tensor<3x8xf32>
  %s2 = tosa.reduce_sum %x2 {axis = 1 : i32} : (tensor<3x8xf32>) -> tensor<3x1xf32>
  %ex2 = tosa.mul %s2, %inv_n, %shift : (tensor<3x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<3x1xf32>
  %m2 = tosa.pow %mean, %two : (tensor<3x1xf32>, tensor<1x1xf32>) -> tensor<3x1xf32>
  // expected-remark @+1 {{raised to norm.layer_norm}}
  %var = tosa.sub %ex2, %m2 : (tensor<3x1xf32>, tensor<3x1xf32>) -> tensor<3x1xf32>
  %ve = tosa.add %var, %eps : (tensor<3x1xf32>, tensor<1x1xf32>) -> tensor<3x1xf32>
  %std = tosa.pow %ve, %half : (tensor<3x1xf32>, tensor<1x1xf32>) -> tensor<3x1xf32>
  %inv = tosa.reciprocal %std : (tensor<3x1xf32>) -> tensor<3x1xf32>
  %d = tosa.sub %x, %mean : (tensor<3x8xf32>, tensor<3x1xf32>) -> tensor<3x8xf32>
  %nr = tosa.mul %d, %inv, %shift : (tensor<3x8xf32>, tensor<3x1xf32>, tensor<1xi8>) -> tensor<3x8xf32>
  %y = tosa.cast %nr : (tensor<3x8xf32>) -> tensor<3x8xbf16>
  return %y : tensor<3x8xbf16>
}

// -----

// Keras LayerNormalization as the TFLite converter writes it (the
// tf.nn.batch_normalization form: a = rsqrt(var + ε) · γ, y = x · a +
// (β − mean · a)) through TensorFlow's TFL-to-TOSA legalization: tfl.mean ->
// tosa.reduce_sum and a tosa.mul by 1/N (legalize_common's
// convertReduceMeanOp), tfl.squared_difference -> tosa.sub and tosa.mul,
// the [C] weights reshaped to the input's rank.
// CHECK-LABEL: func.func @tfl_keras_layer_norm(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x8xf32>, %[[G:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK-NEXT:    %[[Y:.*]] = norm.layer_norm %[[X]] scale(%[[G]] : tensor<8xf32>) bias(%[[B]] : tensor<8xf32>) {axis = 2 : i64, epsilon = 1.000000e-03 : f32} : tensor<2x3x8xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @tfl_keras_layer_norm(%x: tensor<2x3x8xf32>, %gamma: tensor<8xf32>, %beta: tensor<8xf32>) -> tensor<2x3x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %eps = "tosa.const"() <{values = dense<1.000000e-03> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %s = tosa.const_shape {values = dense<[1, 1, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %g = tosa.reshape %gamma, %s : (tensor<8xf32>, !tosa.shape<3>) -> tensor<1x1x8xf32>
  %b = tosa.reshape %beta, %s : (tensor<8xf32>, !tosa.shape<3>) -> tensor<1x1x8xf32>
  %sum = tosa.reduce_sum %x {axis = 2 : i32} : (tensor<2x3x8xf32>) -> tensor<2x3x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<2x3x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<2x3x1xf32>
  %d = tosa.sub %x, %mean : (tensor<2x3x8xf32>, tensor<2x3x1xf32>) -> tensor<2x3x8xf32>
  %sqd = tosa.mul %d, %d, %shift : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<1xi8>) -> tensor<2x3x8xf32>
  %vs = tosa.reduce_sum %sqd {axis = 2 : i32} : (tensor<2x3x8xf32>) -> tensor<2x3x1xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<2x3x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<2x3x1xf32>
  %ve = tosa.add %var, %eps : (tensor<2x3x1xf32>, tensor<1x1x1xf32>) -> tensor<2x3x1xf32>
  %r = tosa.rsqrt %ve : (tensor<2x3x1xf32>) -> tensor<2x3x1xf32>
  %a = tosa.mul %r, %g, %shift : (tensor<2x3x1xf32>, tensor<1x1x8xf32>, tensor<1xi8>) -> tensor<2x3x8xf32>
  %xa = tosa.mul %x, %a, %shift : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<1xi8>) -> tensor<2x3x8xf32>
  %ma = tosa.mul %mean, %a, %shift : (tensor<2x3x1xf32>, tensor<2x3x8xf32>, tensor<1xi8>) -> tensor<2x3x8xf32>
  %bm = tosa.sub %b, %ma : (tensor<1x1x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  %y = tosa.add %xa, %bm : (tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  return %y : tensor<2x3x8xf32>
}

// -----

// A spelling no front end above uses, recognized because the TOSA core is
// matched as a polynomial (the same matcher as the linalg raise): the
// centring as x + negate(mean), the mean as (1/N) · Σx, 1/√ as 1/(v^0.5).
// CHECK-LABEL: func.func @layer_norm_negated_centring(
// CHECK-SAME:    %[[X:.*]]: tensor<4x8xf32>)
// CHECK-NEXT:    %[[Y:.*]] = norm.layer_norm %[[X]] {axis = 1 : i64} : tensor<4x8xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @layer_norm_negated_centring(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %mean = tosa.mul %inv_n, %sum, %shift : (tensor<1x1xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %neg = tosa.negate %mean, %zp, %zp : (tensor<4x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<4x1xf32>
  %d = tosa.add %neg, %x : (tensor<4x1xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %dd = tosa.mul %d, %d, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %dds = tosa.reduce_sum %dd {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %var = tosa.mul %dds, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %ve = tosa.add %var, %eps : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %half = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %std = tosa.pow %ve, %half : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %r = tosa.reciprocal %std : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %y = tosa.mul %d, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
