// RUN: norm-opt %s -split-input-file -norm-raise -verify-diagnostics | FileCheck %s
//
// Normalizations decomposed into linalg on tensors, as front ends emit them,
// raised to norm ops. The source of each input is named above it.

// Source: torch-mlir, aten.native_layer_norm decomposed by
// DecomposeAtenNativeLayerNormOp (lib/Dialect/Torch/Transforms/
// DecomposeComplexOps.cpp: mean.dim keepdim, sub.Tensor, mul.Tensor,
// mean.dim, add.Scalar, rsqrt, mul.Tensor, then weight and bias), then
// TorchToLinalg: a keepdim sum whose output map reads (d0, 0)
// (Reduction.cpp), div.Scalar by sitofp of the i64 count, sub/add with the
// alpha operand, size-1 dims broadcast through constant-0 map results
// (Utils.cpp). The mean and rstd results are returned for the backward pass.

// CHECK-LABEL: func.func @torch_native_layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>, %[[W:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[Y:.*]], %[[M:.*]], %[[R:.*]] = norm.layer_norm %[[X]] scale(%[[W]] : tensor<8xf32>) bias(%[[B]] : tensor<8xf32>) : tensor<2x8xf32> -> mean, inv_std_dev
// CHECK-NOT: linalg
// CHECK: return %[[Y]], %[[M]], %[[R]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @torch_native_layer_norm(%x: tensor<2x8xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>)
    -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %c8 = arith.constant 8 : i64
  %c1 = arith.constant 1 : i64
  %eps = arith.constant 9.9999997473787516E-6 : f64
  %e21 = tensor.empty() : tensor<2x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e21 : tensor<2x1xf32>) -> tensor<2x1xf32>
  %sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<2x8xf32>) outs(%fill : tensor<2x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<2x1xf32>
  %mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<2x1xf32>) outs(%e21 : tensor<2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<2x1xf32>
  %e28 = tensor.empty() : tensor<2x8xf32>
  %xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %mean : tensor<2x8xf32>, tensor<2x1xf32>) outs(%e28 : tensor<2x8xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x8xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %xc : tensor<2x8xf32>, tensor<2x8xf32>) outs(%e28 : tensor<2x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<2x8xf32>
  %fill2 = linalg.fill ins(%zero : f32) outs(%e21 : tensor<2x1xf32>) -> tensor<2x1xf32>
  %sum2 = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%sq : tensor<2x8xf32>) outs(%fill2 : tensor<2x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<2x1xf32>
  %var = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum2 : tensor<2x1xf32>) outs(%e21 : tensor<2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<2x1xf32>
  %vareps = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%var : tensor<2x1xf32>) outs(%e21 : tensor<2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = arith.truncf %eps : f64 to f32
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %e, %alpha : f32
    %1 = arith.addf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x1xf32>
  %rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%vareps : tensor<2x1xf32>) outs(%e21 : tensor<2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.rsqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<2x1xf32>
  %norm = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %rstd : tensor<2x8xf32>, tensor<2x1xf32>) outs(%e28 : tensor<2x8xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<2x8xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%norm, %w : tensor<2x8xf32>, tensor<8xf32>) outs(%e28 : tensor<2x8xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<2x8xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%scaled, %b : tensor<2x8xf32>, tensor<8xf32>) outs(%e28 : tensor<2x8xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %bb, %alpha : f32
    %1 = arith.addf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x8xf32>
  return %y, %mean, %rstd : tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>
}

// -----

// Source: IREE, tests/e2e/regression/layernorm.mlir: a TOSA layer norm after
// IREE's elementwise fusion (the mean folded into the subtraction as
// sum · (1/N), the square into the second reduction, the variance, ε, rsqrt
// and the product into one generic; 1/N read from a tensor constant). The
// util.optimization_barrier ops of the test are left out.

// CHECK-LABEL: func.func @iree_fused_layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<128x384xf32>)
// CHECK: %[[Y:.*]] = norm.layer_norm %[[X]] {epsilon = 9.99999996E-13 : f32} : tensor<128x384xf32>
// CHECK-NOT: linalg
// CHECK: return %[[Y]]
func.func @iree_fused_layer_norm(%x: tensor<128x384xf32>) -> tensor<128x384xf32> {
  %cst = arith.constant 1.000000e+00 : f32
  %cst_0 = arith.constant 0.000000e+00 : f32
  %cst_2 = arith.constant dense<9.99999996E-13> : tensor<128x1xf32>
  %cst_3 = arith.constant dense<3.840000e+02> : tensor<128x1xf32>
  %2 = tensor.empty() : tensor<128xf32>
  %3 = linalg.fill ins(%cst_0 : f32) outs(%2 : tensor<128xf32>) -> tensor<128xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<128x384xf32>) outs(%3 : tensor<128xf32>) {
  ^bb0(%arg0: f32, %arg1: f32):
    %15 = arith.addf %arg0, %arg1 : f32
    linalg.yield %15 : f32
  } -> tensor<128xf32>
  %5 = tensor.empty() : tensor<128x1xf32>
  %6 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%cst_3 : tensor<128x1xf32>) outs(%5 : tensor<128x1xf32>) {
  ^bb0(%arg0: f32, %arg1: f32):
    %15 = arith.divf %cst, %arg0 : f32
    linalg.yield %15 : f32
  } -> tensor<128x1xf32>
  %7 = tensor.collapse_shape %6 [[0, 1]] : tensor<128x1xf32> into tensor<128xf32>
  %8 = tensor.empty() : tensor<128x384xf32>
  %9 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %4, %7 : tensor<128x384xf32>, tensor<128xf32>, tensor<128xf32>) outs(%8 : tensor<128x384xf32>) {
  ^bb0(%arg0: f32, %arg1: f32, %arg2: f32, %arg3: f32):
    %15 = arith.mulf %arg1, %arg2 : f32
    %16 = arith.subf %arg0, %15 : f32
    linalg.yield %16 : f32
  } -> tensor<128x384xf32>
  %10 = linalg.fill ins(%cst_0 : f32) outs(%2 : tensor<128xf32>) -> tensor<128xf32>
  %11 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%9 : tensor<128x384xf32>) outs(%10 : tensor<128xf32>) {
  ^bb0(%arg0: f32, %arg1: f32):
    %15 = arith.mulf %arg0, %arg0 : f32
    %16 = arith.addf %15, %arg1 : f32
    linalg.yield %16 : f32
  } -> tensor<128xf32>
  %13 = tensor.collapse_shape %cst_2 [[0, 1]] : tensor<128x1xf32> into tensor<128xf32>
  %14 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%9, %11, %7, %13 : tensor<128x384xf32>, tensor<128xf32>, tensor<128xf32>, tensor<128xf32>) outs(%8 : tensor<128x384xf32>) {
  ^bb0(%arg0: f32, %arg1: f32, %arg2: f32, %arg3: f32, %arg4: f32):
    %15 = arith.mulf %arg1, %arg2 : f32
    %16 = arith.addf %15, %arg3 : f32
    %17 = math.rsqrt %16 : f32
    %18 = arith.mulf %arg0, %17 : f32
    linalg.yield %18 : f32
  } -> tensor<128x384xf32>
  return %14 : tensor<128x384xf32>
}

// -----

// Source: torch-mlir, aten.rms_norm decomposed by DecomposeAtenRMSLayerNormOp
// (square, mean.dim keepdim, add.Scalar ε, rsqrt, x · rsqrt, · weight), then
// TorchToLinalg as above.

// CHECK-LABEL: func.func @torch_rms_norm
// CHECK-SAME: (%[[X:.*]]: tensor<4x16xf32>, %[[W:.*]]: tensor<16xf32>)
// CHECK: %[[Y:.*]] = norm.rms_norm %[[X]] scale(%[[W]] : tensor<16xf32>) {epsilon = 9.99999997E-7 : f32} : tensor<4x16xf32>
// CHECK-NOT: linalg
// CHECK: return %[[Y]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @torch_rms_norm(%x: tensor<4x16xf32>, %w: tensor<16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %c16 = arith.constant 16 : i64
  %c1 = arith.constant 1 : i64
  %eps = arith.constant 9.9999999999999995E-7 : f64
  %e = tensor.empty() : tensor<4x16xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.mulf %in, %in : f32
    linalg.yield %0 : f32
  } -> tensor<4x16xf32>
  %e1 = tensor.empty() : tensor<4x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4x1xf32>) -> tensor<4x1xf32>
  %sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%sq : tensor<4x16xf32>) outs(%fill : tensor<4x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<4x1xf32>
  %ms = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<4x1xf32>) outs(%e1 : tensor<4x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c16 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<4x1xf32>
  %rinv = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ms : tensor<4x1xf32>) outs(%e1 : tensor<4x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %ef = arith.truncf %eps : f64 to f32
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %ef, %alpha : f32
    %1 = arith.addf %in, %0 : f32
    %2 = math.rsqrt %1 : f32
    linalg.yield %2 : f32
  } -> tensor<4x1xf32>
  %n = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %rinv : tensor<4x16xf32>, tensor<4x1xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<4x16xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%n, %w : tensor<4x16xf32>, tensor<16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// Source: torch-mlir, aten.native_batch_norm with training=False decomposed
// by DecomposeAtenNativeBatchNormOp (running mean and var unsqueezed to
// [1, C, 1, 1], add.Scalar ε, rsqrt, (x − mean) · invstd, · weight, + bias,
// each unsqueezed), then TorchToLinalg: unsqueeze as tensor.expand_shape,
// the size-1 dims broadcast through constant-0 map results.

// CHECK-LABEL: func.func @torch_batch_norm_inference
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x4xf32>, %[[W:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK: %[[Y:.*]] = norm.batch_norm %[[X]] scale(%[[W]] : tensor<3xf32>) bias(%[[B]] : tensor<3xf32>) mean(%[[M]] : tensor<3xf32>) var(%[[V]] : tensor<3xf32>) : tensor<2x3x4x4xf32>
// CHECK-NOT: linalg
// CHECK: return %[[Y]]
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch4 = affine_map<(d0, d1, d2, d3) -> (0, d1, 0, 0)>
func.func @torch_batch_norm_inference(%x: tensor<2x3x4x4xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>,
    %rm: tensor<3xf32>, %rv: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %c1 = arith.constant 1 : i64
  %eps = arith.constant 1.000000e-05 : f64
  %mbc = tensor.expand_shape %rm [[0, 1, 2, 3]] output_shape [1, 3, 1, 1] : tensor<3xf32> into tensor<1x3x1x1xf32>
  %vbc = tensor.expand_shape %rv [[0, 1, 2, 3]] output_shape [1, 3, 1, 1] : tensor<3xf32> into tensor<1x3x1x1xf32>
  %e1 = tensor.empty() : tensor<1x3x1x1xf32>
  %veps = linalg.generic {indexing_maps = [#ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%vbc : tensor<1x3x1x1xf32>) outs(%e1 : tensor<1x3x1x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %ef = arith.truncf %eps : f64 to f32
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %ef, %alpha : f32
    %1 = arith.addf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<1x3x1x1xf32>
  %invstd = linalg.generic {indexing_maps = [#ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%veps : tensor<1x3x1x1xf32>) outs(%e1 : tensor<1x3x1x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.rsqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<1x3x1x1xf32>
  %e = tensor.empty() : tensor<2x3x4x4xf32>
  %xc = linalg.generic {indexing_maps = [#id4, #ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %mbc : tensor<2x3x4x4xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x4x4xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x3x4x4xf32>
  %n = linalg.generic {indexing_maps = [#id4, #ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%xc, %invstd : tensor<2x3x4x4xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x4x4xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x4x4xf32>
  %wbc = tensor.expand_shape %w [[0, 1, 2, 3]] output_shape [1, 3, 1, 1] : tensor<3xf32> into tensor<1x3x1x1xf32>
  %s = linalg.generic {indexing_maps = [#id4, #ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%n, %wbc : tensor<2x3x4x4xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x4x4xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x4x4xf32>
  %bbc = tensor.expand_shape %b [[0, 1, 2, 3]] output_shape [1, 3, 1, 1] : tensor<3xf32> into tensor<1x3x1x1xf32>
  %y = linalg.generic {indexing_maps = [#id4, #ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s, %bbc : tensor<2x3x4x4xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x4x4xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %bb, %alpha : f32
    %1 = arith.addf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

// Source: torch-mlir, aten.native_batch_norm with training=True decomposed by
// DecomposeAtenNativeBatchNormOp: batch_mean = mean.dim(x, [0, 2, 3],
// keepdim=false), batch_var = var.dim(x, [0, 2, 3], unbiased=false) (itself
// a keepdim mean, x − mean, its square, a sum and a division), invstd =
// rsqrt(batch_var + ε), no weight nor bias; the batch mean and invstd are
// returned (native_batch_norm's results 1 and 2). batch_norm_train returns
// the variance: the invstd becomes one small generic on it.

// CHECK-LABEL: func.func @torch_batch_norm_training
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x2x2xf32>)
// CHECK-DAG: %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<3xf32>
// CHECK-DAG: %[[ZEROS:.*]] = arith.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK: %[[Y:.*]], %[[BM:.*]], %[[BV:.*]] = norm.batch_norm_train %[[X]] scale(%[[ONES]] : tensor<3xf32>) bias(%[[ZEROS]] : tensor<3xf32>) : tensor<2x3x2x2xf32> -> batch_mean, batch_var
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[BV]] : tensor<3xf32>)
// CHECK:   arith.addf %{{.*}}, %{{.*}} : f32
// CHECK:   math.rsqrt
// CHECK:   linalg.yield
// CHECK-NOT: linalg
// CHECK: return %[[Y]], %[[BM]], %[[R]]
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#c4 = affine_map<(d0, d1, d2, d3) -> (d1)>
#k4 = affine_map<(d0, d1, d2, d3) -> (0, d1, 0, 0)>
#id1 = affine_map<(d0) -> (d0)>
func.func @torch_batch_norm_training(%x: tensor<2x3x2x2xf32>) -> (tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %c8 = arith.constant 8 : i64
  %c1 = arith.constant 1 : i64
  %eps = arith.constant 1.000000e-05 : f64
  %e3 = tensor.empty() : tensor<3xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %s = linalg.generic {indexing_maps = [#id4, #c4], iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
      ins(%x : tensor<2x3x2x2xf32>) outs(%f3 : tensor<3xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %bm = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%s : tensor<3xf32>) outs(%e3 : tensor<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  // var.dim: its own keepdim mean.
  %e1 = tensor.empty() : tensor<1x3x1x1xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x3x1x1xf32>) -> tensor<1x3x1x1xf32>
  %s1 = linalg.generic {indexing_maps = [#id4, #k4], iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
      ins(%x : tensor<2x3x2x2xf32>) outs(%f1 : tensor<1x3x1x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<1x3x1x1xf32>
  %m1 = linalg.generic {indexing_maps = [#k4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s1 : tensor<1x3x1x1xf32>) outs(%e1 : tensor<1x3x1x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<1x3x1x1xf32>
  %e = tensor.empty() : tensor<2x3x2x2xf32>
  %d = linalg.generic {indexing_maps = [#id4, #k4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %m1 : tensor<2x3x2x2xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x2x2xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x3x2x2xf32>
  %d2 = linalg.generic {indexing_maps = [#id4, #id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%d, %d : tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) outs(%e : tensor<2x3x2x2xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %0 = arith.mulf %in, %in2 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  %f3b = linalg.fill ins(%zero : f32) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %s2 = linalg.generic {indexing_maps = [#id4, #c4], iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
      ins(%d2 : tensor<2x3x2x2xf32>) outs(%f3b : tensor<3xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %bv = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%s2 : tensor<3xf32>) outs(%e3 : tensor<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %invstd = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%bv : tensor<3xf32>) outs(%e3 : tensor<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %ef = arith.truncf %eps : f64 to f32
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %ef, %alpha : f32
    %1 = arith.addf %in, %0 : f32
    %2 = math.rsqrt %1 : f32
    linalg.yield %2 : f32
  } -> tensor<3xf32>
  %mbc = tensor.expand_shape %bm [[0, 1, 2, 3]] output_shape [1, 3, 1, 1] : tensor<3xf32> into tensor<1x3x1x1xf32>
  %rbc = tensor.expand_shape %invstd [[0, 1, 2, 3]] output_shape [1, 3, 1, 1] : tensor<3xf32> into tensor<1x3x1x1xf32>
  %xc = linalg.generic {indexing_maps = [#id4, #k4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %mbc : tensor<2x3x2x2xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x2x2xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x3x2x2xf32>
  %y = linalg.generic {indexing_maps = [#id4, #k4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%xc, %rbc : tensor<2x3x2x2xf32>, tensor<1x3x1x1xf32>) outs(%e : tensor<2x3x2x2xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  return %y, %bm, %invstd : tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// Source: torch-mlir, aten.native_group_norm decomposed by
// DecomposeAtenNativeGroupNormOp: x viewed as [N, G, C/G·H·W], mean.dim and
// var.dim (unbiased=false, its own mean) over the last dim, (x − mean) ·
// rsqrt(var + ε), viewed back to [N, C, H, W], weight and bias viewed as
// [C, 1, 1]; TorchToLinalg turns each view into expand_shape/collapse_shape.

// CHECK-LABEL: func.func @torch_group_norm
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x2x2xf32>, %[[W:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[Y:.*]] = norm.group_norm %[[X]] scale(%[[W]] : tensor<4xf32>) bias(%[[B]] : tensor<4xf32>) {num_groups = 2 : i64} : tensor<2x4x2x2xf32>
// CHECK-NOT: linalg
// CHECK: return %[[Y]]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#k3 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#w4 = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
func.func @torch_group_norm(%x: tensor<2x4x2x2xf32>, %w: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4x2x2xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %c8 = arith.constant 8 : i64
  %c1 = arith.constant 1 : i64
  %eps = arith.constant 1.000000e-05 : f64
  %xe = tensor.expand_shape %x [[0], [1, 2], [3], [4]] output_shape [2, 2, 2, 2, 2] : tensor<2x4x2x2xf32> into tensor<2x2x2x2x2xf32>
  %xr = tensor.collapse_shape %xe [[0], [1], [2, 3, 4]] : tensor<2x2x2x2x2xf32> into tensor<2x2x8xf32>
  %e1 = tensor.empty() : tensor<2x2x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x2x1xf32>) -> tensor<2x2x1xf32>
  %s = linalg.generic {indexing_maps = [#id3, #k3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%xr : tensor<2x2x8xf32>) outs(%f : tensor<2x2x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<2x2x1xf32>
  %mean = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s : tensor<2x2x1xf32>) outs(%e1 : tensor<2x2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<2x2x1xf32>
  %e = tensor.empty() : tensor<2x2x8xf32>
  %d = linalg.generic {indexing_maps = [#id3, #k3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%xr, %mean : tensor<2x2x8xf32>, tensor<2x2x1xf32>) outs(%e : tensor<2x2x8xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<2x2x8xf32>
  %d2 = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%d, %d : tensor<2x2x8xf32>, tensor<2x2x8xf32>) outs(%e : tensor<2x2x8xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %0 = arith.mulf %in, %in2 : f32
    linalg.yield %0 : f32
  } -> tensor<2x2x8xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x2x1xf32>) -> tensor<2x2x1xf32>
  %s2 = linalg.generic {indexing_maps = [#id3, #k3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%d2 : tensor<2x2x8xf32>) outs(%f2 : tensor<2x2x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<2x2x1xf32>
  %var = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s2 : tensor<2x2x1xf32>) outs(%e1 : tensor<2x2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c8 : i64 to f32
    %0 = arith.divf %in, %n : f32
    %ef = arith.truncf %eps : f64 to f32
    %1 = arith.addf %0, %ef : f32
    %2 = math.rsqrt %1 : f32
    linalg.yield %2 : f32
  } -> tensor<2x2x1xf32>
  %xc = linalg.generic {indexing_maps = [#id3, #k3, #k3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%xr, %mean, %var : tensor<2x2x8xf32>, tensor<2x2x1xf32>, tensor<2x2x1xf32>) outs(%e : tensor<2x2x8xf32>) {
  ^bb0(%in: f32, %m: f32, %r: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    %1 = arith.mulf %0, %r : f32
    linalg.yield %1 : f32
  } -> tensor<2x2x8xf32>
  %ye = tensor.expand_shape %xc [[0], [1], [2, 3, 4]] output_shape [2, 2, 2, 2, 2] : tensor<2x2x8xf32> into tensor<2x2x2x2x2xf32>
  %yr = tensor.collapse_shape %ye [[0], [1, 2], [3], [4]] : tensor<2x2x2x2x2xf32> into tensor<2x4x2x2xf32>
  %wv = tensor.expand_shape %w [[0, 1, 2]] output_shape [4, 1, 1] : tensor<4xf32> into tensor<4x1x1xf32>
  %bv = tensor.expand_shape %b [[0, 1, 2]] output_shape [4, 1, 1] : tensor<4xf32> into tensor<4x1x1xf32>
  %e4 = tensor.empty() : tensor<2x4x2x2xf32>
  %y = linalg.generic {indexing_maps = [#id4, #w4, #w4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%yr, %wv, %bv : tensor<2x4x2x2xf32>, tensor<4x1x1xf32>, tensor<4x1x1xf32>) outs(%e4 : tensor<2x4x2x2xf32>) {
  ^bb0(%in: f32, %g: f32, %bb: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    %1 = arith.addf %0, %bb : f32
    linalg.yield %1 : f32
  } -> tensor<2x4x2x2xf32>
  return %y : tensor<2x4x2x2xf32>
}

// -----

// Source: torch-mlir, aten.instance_norm on f16 decomposed by
// DecomposeAtenInstanceNormOp: input, weight and bias upcast to the f32
// accumulation type (aten.to.dtype: arith.extf generics), mean.dim keepdim
// over [2, 3], x − mean, its square, sum.dim_IntList / (H·W), add.Scalar ε,
// rsqrt, weight and bias unsqueezed to [1, C, 1, 1], downcast once at the
// end (arith.truncf).

// CHECK-LABEL: func.func @torch_instance_norm_f16
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x3xf16>, %[[W:.*]]: tensor<2xf16>, %[[B:.*]]: tensor<2xf16>)
// CHECK: %[[Y:.*]] = norm.instance_norm %[[X]] scale(%[[W]] : tensor<2xf16>) bias(%[[B]] : tensor<2xf16>) : tensor<1x2x3x3xf16>
// CHECK-NOT: linalg
// CHECK: return %[[Y]]
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#k4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>
#c4 = affine_map<(d0, d1, d2, d3) -> (0, d1, 0, 0)>
#id1 = affine_map<(d0) -> (d0)>
func.func @torch_instance_norm_f16(%x: tensor<1x2x3x3xf16>, %w: tensor<2xf16>, %b: tensor<2xf16>) -> tensor<1x2x3x3xf16> {
  %zero = arith.constant 0.000000e+00 : f32
  %c9 = arith.constant 9 : i64
  %eps = arith.constant 1.000000e-05 : f64
  %e = tensor.empty() : tensor<1x2x3x3xf32>
  %xf = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x2x3x3xf16>) outs(%e : tensor<1x2x3x3xf32>) {
  ^bb0(%in: f16, %out: f32):
    %0 = arith.extf %in : f16 to f32
    linalg.yield %0 : f32
  } -> tensor<1x2x3x3xf32>
  %e2 = tensor.empty() : tensor<2xf32>
  %wf = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%w : tensor<2xf16>) outs(%e2 : tensor<2xf32>) {
  ^bb0(%in: f16, %out: f32):
    %0 = arith.extf %in : f16 to f32
    linalg.yield %0 : f32
  } -> tensor<2xf32>
  %bf = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%b : tensor<2xf16>) outs(%e2 : tensor<2xf32>) {
  ^bb0(%in: f16, %out: f32):
    %0 = arith.extf %in : f16 to f32
    linalg.yield %0 : f32
  } -> tensor<2xf32>
  %e1 = tensor.empty() : tensor<1x2x1x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  %s = linalg.generic {indexing_maps = [#id4, #k4], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%xf : tensor<1x2x3x3xf32>) outs(%f : tensor<1x2x1x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x1x1xf32>
  %mean = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s : tensor<1x2x1x1xf32>) outs(%e1 : tensor<1x2x1x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c9 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x1x1xf32>
  %d = linalg.generic {indexing_maps = [#id4, #k4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%xf, %mean : tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) outs(%e : tensor<1x2x3x3xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x3x3xf32>
  %d2 = linalg.generic {indexing_maps = [#id4, #id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%d, %d : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) outs(%e : tensor<1x2x3x3xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %0 = arith.mulf %in, %in2 : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x3x3xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  %s2 = linalg.generic {indexing_maps = [#id4, #k4], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%d2 : tensor<1x2x3x3xf32>) outs(%f2 : tensor<1x2x1x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x1x1xf32>
  %r = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s2 : tensor<1x2x1x1xf32>) outs(%e1 : tensor<1x2x1x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c9 : i64 to f32
    %0 = arith.divf %in, %n : f32
    %ef = arith.truncf %eps : f64 to f32
    %1 = arith.addf %0, %ef : f32
    %2 = math.rsqrt %1 : f32
    linalg.yield %2 : f32
  } -> tensor<1x2x1x1xf32>
  %wv = tensor.expand_shape %wf [[0, 1, 2, 3]] output_shape [1, 2, 1, 1] : tensor<2xf32> into tensor<1x2x1x1xf32>
  %bv = tensor.expand_shape %bf [[0, 1, 2, 3]] output_shape [1, 2, 1, 1] : tensor<2xf32> into tensor<1x2x1x1xf32>
  %eh = tensor.empty() : tensor<1x2x3x3xf16>
  %y = linalg.generic {indexing_maps = [#id4, #k4, #c4, #c4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%d, %r, %wv, %bv : tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) outs(%eh : tensor<1x2x3x3xf16>) {
  ^bb0(%in: f32, %rr: f32, %g: f32, %bb: f32, %out: f16):
    %0 = arith.mulf %in, %rr : f32
    %1 = arith.mulf %0, %g : f32
    %2 = arith.addf %1, %bb : f32
    %3 = arith.truncf %2 : f32 to f16
    linalg.yield %3 : f16
  } -> tensor<1x2x3x3xf16>
  return %y : tensor<1x2x3x3xf16>
}

// -----

// Source: linalg's named ops (linalg.reduce, linalg.broadcast, linalg.map as
// StableHLO's stablehlo-legalize-to-linalg emits them with primitive ops
// enabled, and linalg.sub/mul/div/add), spelling a bf16 layer norm the other
// way round: f32 casts around the statistics, the one-pass variance
// E[x²] − E[x]², sum/N, pow(v + ε, −0.5), β added first and γ on the left.

// CHECK-LABEL: func.func @named_ops_one_pass_layer_norm_bf16
// CHECK-SAME: (%[[X:.*]]: tensor<3x5xbf16>, %[[W:.*]]: tensor<5xbf16>, %[[B:.*]]: tensor<5xbf16>)
// CHECK: %[[Y:.*]] = norm.layer_norm %[[X]] scale(%[[W]] : tensor<5xbf16>) bias(%[[B]] : tensor<5xbf16>) {epsilon = 1.000000e-03 : f32} : tensor<3x5xbf16>
// CHECK-NOT: linalg
// CHECK: return %[[Y]]
func.func @named_ops_one_pass_layer_norm_bf16(%x: tensor<3x5xbf16>, %w: tensor<5xbf16>, %b: tensor<5xbf16>) -> tensor<3x5xbf16> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<5.000000e+00> : tensor<3xf32>
  %epsv = arith.constant dense<1.000000e-03> : tensor<3xf32>
  %half = arith.constant dense<-5.000000e-01> : tensor<3xf32>
  %e = tensor.empty() : tensor<3x5xf32>
  %xf = linalg.map { arith.extf } ins(%x : tensor<3x5xbf16>) outs(%e : tensor<3x5xf32>)
  %x2 = linalg.mul ins(%xf, %xf : tensor<3x5xf32>, tensor<3x5xf32>) outs(%e : tensor<3x5xf32>) -> tensor<3x5xf32>
  %e3 = tensor.empty() : tensor<3xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %s = linalg.reduce { arith.addf } ins(%xf : tensor<3x5xf32>) outs(%f : tensor<3xf32>) dimensions = [1]
  %s2 = linalg.reduce { arith.addf } ins(%x2 : tensor<3x5xf32>) outs(%f : tensor<3xf32>) dimensions = [1]
  %mean = linalg.div ins(%s, %n : tensor<3xf32>, tensor<3xf32>) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %ex2 = linalg.div ins(%s2, %n : tensor<3xf32>, tensor<3xf32>) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %m2 = linalg.mul ins(%mean, %mean : tensor<3xf32>, tensor<3xf32>) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %var = linalg.sub ins(%ex2, %m2 : tensor<3xf32>, tensor<3xf32>) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %ve = linalg.add ins(%var, %epsv : tensor<3xf32>, tensor<3xf32>) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %r = linalg.map { math.powf } ins(%ve, %half : tensor<3xf32>, tensor<3xf32>) outs(%e3 : tensor<3xf32>)
  %mb = linalg.broadcast ins(%mean : tensor<3xf32>) outs(%e : tensor<3x5xf32>) dimensions = [1]
  %rb = linalg.broadcast ins(%r : tensor<3xf32>) outs(%e : tensor<3x5xf32>) dimensions = [1]
  %eb = tensor.empty() : tensor<5xf32>
  %wf = linalg.map { arith.extf } ins(%w : tensor<5xbf16>) outs(%eb : tensor<5xf32>)
  %bf = linalg.map { arith.extf } ins(%b : tensor<5xbf16>) outs(%eb : tensor<5xf32>)
  %wb = linalg.broadcast ins(%wf : tensor<5xf32>) outs(%e : tensor<3x5xf32>) dimensions = [0]
  %bb = linalg.broadcast ins(%bf : tensor<5xf32>) outs(%e : tensor<3x5xf32>) dimensions = [0]
  %xc = linalg.sub ins(%xf, %mb : tensor<3x5xf32>, tensor<3x5xf32>) outs(%e : tensor<3x5xf32>) -> tensor<3x5xf32>
  %xn = linalg.mul ins(%rb, %xc : tensor<3x5xf32>, tensor<3x5xf32>) outs(%e : tensor<3x5xf32>) -> tensor<3x5xf32>
  %xs = linalg.mul ins(%wb, %xn : tensor<3x5xf32>, tensor<3x5xf32>) outs(%e : tensor<3x5xf32>) -> tensor<3x5xf32>
  %yf = linalg.add ins(%bb, %xs : tensor<3x5xf32>, tensor<3x5xf32>) outs(%e : tensor<3x5xf32>) -> tensor<3x5xf32>
  %eh = tensor.empty() : tensor<3x5xbf16>
  // The remark is on the op the norm op replaces (the last one).
  // expected-remark @below {{raised a one-pass variance E[x^2] - E[x]^2 to 'norm.layer_norm', which computes the variance about the mean (more accurate)}}
  %y = linalg.map { arith.truncf } ins(%yf : tensor<3x5xf32>) outs(%eh : tensor<3x5xbf16>)
  return %y : tensor<3x5xbf16>
}
