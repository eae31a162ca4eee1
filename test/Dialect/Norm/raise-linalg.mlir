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
