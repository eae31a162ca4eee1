// RUN: norm-opt %s -split-input-file -norm-raise | FileCheck %s
// RUN: norm-opt %s -split-input-file -norm-raise -norm-fuse-residual | FileCheck %s --check-prefix=FUSED
//
// The residual add of a transformer block fused by elementwise fusion into
// every generic of the normalization after it (x + r computed inline in the
// mean's reduction, again in the variance's and in the output generic):
// raised to the norm op fed by one elementwise add, which
// norm-fuse-residual then folds into the op's residual operand.

// Source: IREE 3.10, llvm-cpu dispatch of GLPDepth's SegFormer encoder
// (ONNX main_graph), dispatch 97 `reduction_784x64_f32`, as configured in
// copparihollmann/merlin samples/core_pinning_single_workload/models/glpdepth/
// models/configs/configured_module_main_graph$async_dispatch_97.mlir: the
// residual add (x + (r + 0.0)) inline in the three generics, no γ/β left
// (+ 0.0). Adapted: the dispatch.tensor.loads are the function's arguments,
// the lowering_config attributes dropped, and the transpose that IREE fused
// into the output generic (maps (d1, d0)) left out.

// CHECK-LABEL: func.func @iree_fused_residual_layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<784x64xf32>, %[[R:.*]]: tensor<784x64xf32>)
// CHECK: %[[S:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[R]] : tensor<784x64xf32>, tensor<784x64xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[AB:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK-NEXT: linalg.yield %[[AB]] : f32
// CHECK: %[[Y:.*]] = norm.layer_norm %[[S]] {epsilon = 9.99999997E-7 : f32} : tensor<784x64xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]]
// FUSED-LABEL: func.func @iree_fused_residual_layer_norm
// FUSED-SAME: (%[[X:.*]]: tensor<784x64xf32>, %[[R:.*]]: tensor<784x64xf32>)
// FUSED-NOT: linalg.generic
// FUSED: norm.layer_norm %{{.*}} residual(%{{.*}} : tensor<784x64xf32>) {epsilon = 9.99999997E-7 : f32} : tensor<784x64xf32>
func.func @iree_fused_residual_layer_norm(%3: tensor<784x64xf32>, %4: tensor<784x64xf32>) -> tensor<784x64xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 6.400000e+01 : f32
  %cst_1 = arith.constant 9.99999997E-7 : f32
  %5 = tensor.empty() : tensor<784x64xf32>
  %6 = tensor.empty() : tensor<784xf32>
  %7 = linalg.fill ins(%cst : f32) outs(%6 : tensor<784xf32>) -> tensor<784xf32>
  %8 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%3, %4 : tensor<784x64xf32>, tensor<784x64xf32>) outs(%7 : tensor<784xf32>) {
  ^bb0(%in: f32, %in_2: f32, %out: f32):
    %11 = arith.addf %in_2, %cst : f32
    %12 = arith.addf %in, %11 : f32
    %13 = arith.addf %12, %out : f32
    linalg.yield %13 : f32
  } -> tensor<784xf32>
  %9 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%3, %4, %8 : tensor<784x64xf32>, tensor<784x64xf32>, tensor<784xf32>) outs(%7 : tensor<784xf32>) {
  ^bb0(%in: f32, %in_2: f32, %in_3: f32, %out: f32):
    %11 = arith.addf %in_2, %cst : f32
    %12 = arith.addf %in, %11 : f32
    %13 = arith.divf %in_3, %cst_0 : f32
    %14 = arith.subf %12, %13 : f32
    %15 = arith.mulf %14, %14 : f32
    %16 = arith.addf %15, %out : f32
    linalg.yield %16 : f32
  } -> tensor<784xf32>
  %10 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%3, %4, %8, %9 : tensor<784x64xf32>, tensor<784x64xf32>, tensor<784xf32>, tensor<784xf32>) outs(%5 : tensor<784x64xf32>) {
  ^bb0(%in: f32, %in_2: f32, %in_3: f32, %in_4: f32, %out: f32):
    %11 = arith.addf %in_2, %cst : f32
    %12 = arith.addf %in, %11 : f32
    %13 = arith.divf %in_3, %cst_0 : f32
    %14 = arith.subf %12, %13 : f32
    %15 = arith.divf %in_4, %cst_0 : f32
    %16 = arith.addf %15, %cst_1 : f32
    %17 = math.rsqrt %16 : f32
    %18 = arith.mulf %14, %17 : f32
    %19 = arith.addf %18, %cst : f32
    linalg.yield %19 : f32
  } -> tensor<784x64xf32>
  return %10 : tensor<784x64xf32>
}

// -----

// Source: the same IREE dispatch form (previous function) for a post-LN
// BERT block, LayerNorm(x · W + b + r) with γ and β: the matmul's bias add
// and the residual add fused into the three generics (x + bias[d1] + r),
// γ and β read per column in the output generic.

// CHECK-LABEL: func.func @iree_fused_bias_residual_layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<4x16xf32>, %[[BIAS:.*]]: tensor<16xf32>, %[[R:.*]]: tensor<4x16xf32>, %[[G:.*]]: tensor<16xf32>, %[[BETA:.*]]: tensor<16xf32>)
// CHECK: %[[S:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[R]], %[[BIAS]] : tensor<4x16xf32>, tensor<4x16xf32>, tensor<16xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[C:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[AB:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK-NEXT: %[[ABC:.*]] = arith.addf %[[AB]], %[[C]] : f32
// CHECK-NEXT: linalg.yield %[[ABC]] : f32
// CHECK: %[[Y:.*]] = norm.layer_norm %[[S]] scale(%[[G]] : tensor<16xf32>) bias(%[[BETA]] : tensor<16xf32>) {epsilon = 9.99999996E-13 : f32} : tensor<4x16xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]]
// FUSED-LABEL: func.func @iree_fused_bias_residual_layer_norm
// FUSED-SAME: (%[[X:.*]]: tensor<4x16xf32>, %[[BIAS:.*]]: tensor<16xf32>, %[[R:.*]]: tensor<4x16xf32>, %[[G:.*]]: tensor<16xf32>, %[[B:.*]]: tensor<16xf32>)
// FUSED: %[[XB:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[BIAS]] : tensor<4x16xf32>, tensor<16xf32>)
// FUSED: norm.layer_norm %[[XB]] residual(%[[R]] : tensor<4x16xf32>) scale(%[[G]] : tensor<16xf32>) bias(%[[B]] : tensor<16xf32>)
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @iree_fused_bias_residual_layer_norm(%x: tensor<4x16xf32>, %bias: tensor<16xf32>, %r: tensor<4x16xf32>,
    %g: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant 1.600000e+01 : f32
  %eps = arith.constant 9.99999996E-13 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %e4 = tensor.empty() : tensor<4xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e4 : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #col, #id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %bias, %r : tensor<4x16xf32>, tensor<16xf32>, tensor<4x16xf32>) outs(%fill : tensor<4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.addf %0, %in_1 : f32
    %2 = arith.addf %1, %out : f32
    linalg.yield %2 : f32
  } -> tensor<4xf32>
  %var = linalg.generic {indexing_maps = [#id, #col, #id, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %bias, %r, %sum : tensor<4x16xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) outs(%fill : tensor<4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %in_2: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.addf %0, %in_1 : f32
    %2 = arith.divf %in_2, %n : f32
    %3 = arith.subf %1, %2 : f32
    %4 = arith.mulf %3, %3 : f32
    %5 = arith.addf %4, %out : f32
    linalg.yield %5 : f32
  } -> tensor<4xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id, #row, #row, #col, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %bias, %r, %sum, %var, %g, %b : tensor<4x16xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>, tensor<4xf32>, tensor<16xf32>, tensor<16xf32>)
      outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %in_2: f32, %in_3: f32, %in_4: f32, %in_5: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.addf %0, %in_1 : f32
    %2 = arith.divf %in_2, %n : f32
    %3 = arith.subf %1, %2 : f32
    %4 = arith.divf %in_3, %n : f32
    %5 = arith.addf %4, %eps : f32
    %6 = math.rsqrt %5 : f32
    %7 = arith.mulf %3, %6 : f32
    %8 = arith.mulf %7, %in_4 : f32
    %9 = arith.addf %8, %in_5 : f32
    linalg.yield %9 : f32
  } -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// Source: a pre-LN Llama block after IREE's elementwise fusion: the running
// residual h = x + r is stored by an add of its own (the next block adds to
// it), and the RMSNorm's generics recompute x + r inline instead of reading
// h (IREE fuses the multi-use producer into the consumers). The norm reads
// the existing add; no second add is built.

// CHECK-LABEL: func.func @fused_residual_rms_norm_reuses_add
// CHECK-SAME: (%[[X:.*]]: tensor<4x16xf32>, %[[R:.*]]: tensor<4x16xf32>, %[[W:.*]]: tensor<16xf32>)
// CHECK: %[[H:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[R]]
// CHECK-NOT: linalg.generic
// CHECK: %[[Y:.*]] = norm.rms_norm %[[H]] scale(%[[W]] : tensor<16xf32>) {epsilon = 9.99999997E-7 : f32} : tensor<4x16xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]], %[[H]]
// FUSED-LABEL: func.func @fused_residual_rms_norm_reuses_add
// FUSED-NOT: linalg.generic
// FUSED: %[[Y:.*]], %[[H:.*]] = norm.rms_norm %{{.*}} residual(%{{.*}} : tensor<4x16xf32>) scale(%{{.*}} : tensor<16xf32>) {epsilon = 9.99999997E-7 : f32} : tensor<4x16xf32> -> sum
// FUSED: return %[[Y]], %[[H]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @fused_residual_rms_norm_reuses_add(%x: tensor<4x16xf32>, %r: tensor<4x16xf32>, %w: tensor<16xf32>)
    -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant 1.600000e+01 : f32
  %eps = arith.constant 9.99999997E-7 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %h = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %r : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<4x16xf32>
  %e4 = tensor.empty() : tensor<4xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e4 : tensor<4xf32>) -> tensor<4xf32>
  %ms = linalg.generic {indexing_maps = [#id, #id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %r : tensor<4x16xf32>, tensor<4x16xf32>) outs(%fill : tensor<4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.mulf %0, %0 : f32
    %2 = arith.addf %1, %out : f32
    linalg.yield %2 : f32
  } -> tensor<4xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #row, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %r, %ms, %w : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4xf32>, tensor<16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %in_2: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.divf %in_1, %n : f32
    %2 = arith.addf %1, %eps : f32
    %3 = math.rsqrt %2 : f32
    %4 = arith.mulf %0, %3 : f32
    %5 = arith.mulf %in_2, %4 : f32
    linalg.yield %5 : f32
  } -> tensor<4x16xf32>
  return %y, %h : tensor<4x16xf32>, tensor<4x16xf32>
}

// -----

// Near miss: the statistics of x + r, but the output centres x alone:
// (x − μ(x + r)) · rstd(x + r) is no normalization.
// CHECK-LABEL: func.func @fused_residual_centres_x_only
// CHECK-NOT: norm.
// CHECK: return
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @fused_residual_centres_x_only(%x: tensor<4x16xf32>, %r: tensor<4x16xf32>, %q: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant 1.600000e+01 : f32
  %eps = arith.constant 9.99999997E-7 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %e4 = tensor.empty() : tensor<4xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e4 : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #id, #id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %r, %q : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) outs(%fill : tensor<4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.addf %0, %out : f32
    linalg.yield %1 : f32
  } -> tensor<4xf32>
  %var = linalg.generic {indexing_maps = [#id, #id, #id, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %r, %q, %sum : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4xf32>) outs(%fill : tensor<4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %in_2: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.divf %in_2, %n : f32
    %2 = arith.subf %0, %1 : f32
    %3 = arith.mulf %2, %2 : f32
    %4 = arith.addf %3, %out : f32
    linalg.yield %4 : f32
  } -> tensor<4xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id, #row, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %r, %q, %sum, %var : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %in_2: f32, %in_3: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.divf %in_2, %n : f32
    %2 = arith.subf %in, %1 : f32
    %3 = arith.divf %in_3, %n : f32
    %4 = arith.addf %3, %eps : f32
    %5 = math.rsqrt %4 : f32
    %6 = arith.mulf %2, %5 : f32
    linalg.yield %6 : f32
  } -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// Near miss: the mean of x + r, the variance and the output of x + q.
// CHECK-LABEL: func.func @fused_residual_variance_of_other_sum
// CHECK-NOT: norm.
// CHECK: return
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @fused_residual_variance_of_other_sum(%x: tensor<4x16xf32>, %r: tensor<4x16xf32>, %q: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant 1.600000e+01 : f32
  %eps = arith.constant 9.99999997E-7 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %e4 = tensor.empty() : tensor<4xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e4 : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #id, #id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %r, %q : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) outs(%fill : tensor<4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.addf %0, %out : f32
    linalg.yield %1 : f32
  } -> tensor<4xf32>
  %var = linalg.generic {indexing_maps = [#id, #id, #id, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %r, %q, %sum : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4xf32>) outs(%fill : tensor<4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %in_2: f32, %out: f32):
    %0 = arith.addf %in, %in_1 : f32
    %1 = arith.divf %in_2, %n : f32
    %2 = arith.subf %0, %1 : f32
    %3 = arith.mulf %2, %2 : f32
    %4 = arith.addf %3, %out : f32
    linalg.yield %4 : f32
  } -> tensor<4xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id, #row, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %r, %q, %sum, %var : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %in_2: f32, %in_3: f32, %out: f32):
    %0 = arith.addf %in, %in_1 : f32
    %1 = arith.divf %in_2, %n : f32
    %2 = arith.subf %0, %1 : f32
    %3 = arith.divf %in_3, %n : f32
    %4 = arith.addf %3, %eps : f32
    %5 = math.rsqrt %4 : f32
    %6 = arith.mulf %2, %5 : f32
    linalg.yield %6 : f32
  } -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// Near miss: the mean of x + q, the variance and the output of x + r
// (each sum alone consistent, together no normalization).
// CHECK-LABEL: func.func @fused_residual_mean_of_other_sum
// CHECK-NOT: norm.
// CHECK: return
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @fused_residual_mean_of_other_sum(%x: tensor<4x16xf32>, %r: tensor<4x16xf32>, %q: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant 1.600000e+01 : f32
  %eps = arith.constant 9.99999997E-7 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %e4 = tensor.empty() : tensor<4xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e4 : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #id, #id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %r, %q : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) outs(%fill : tensor<4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %out: f32):
    %0 = arith.addf %in, %in_1 : f32
    %1 = arith.addf %0, %out : f32
    linalg.yield %1 : f32
  } -> tensor<4xf32>
  %var = linalg.generic {indexing_maps = [#id, #id, #id, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %r, %q, %sum : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4xf32>) outs(%fill : tensor<4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %in_2: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.divf %in_2, %n : f32
    %2 = arith.subf %0, %1 : f32
    %3 = arith.mulf %2, %2 : f32
    %4 = arith.addf %3, %out : f32
    linalg.yield %4 : f32
  } -> tensor<4xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id, #row, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %r, %q, %sum, %var : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %in_0: f32, %in_1: f32, %in_2: f32, %in_3: f32, %out: f32):
    %0 = arith.addf %in, %in_0 : f32
    %1 = arith.divf %in_2, %n : f32
    %2 = arith.subf %0, %1 : f32
    %3 = arith.divf %in_3, %n : f32
    %4 = arith.addf %3, %eps : f32
    %5 = math.rsqrt %4 : f32
    %6 = arith.mulf %2, %5 : f32
    linalg.yield %6 : f32
  } -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
