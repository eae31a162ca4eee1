// RUN: norm-opt %s -split-input-file -norm-raise 2>/dev/null | FileCheck %s
//
// Variants every front end emits: no γ/β (torch elementwise_affine=False,
// GroupNorm affine=False, RMSNorm without weight), a layer norm over the
// last two dims, f32 parameters with f16 activations (autocast, PyTorch's
// mixed-dtype layer norm), StableHLO's batch norms as IREE unfuses them and
// stablehlo-legalize-to-linalg lowers them. The source of each input is
// named above it. (TOSA after tosa-to-linalg: raise-tosa-to-linalg.test.)

// Source: torch-mlir, aten.native_layer_norm with weight and bias None
// (nn.LayerNorm(elementwise_affine=False); ONNX LayerNormalization imported
// by torch-mlir's TorchOnnxToTorch without them): the form of
// @torch_native_layer_norm in raise-linalg.mlir without the two affine
// generics, mean and rstd returned.

// CHECK-LABEL: func.func @torch_layer_norm_no_affine
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[Y:.*]], %[[M:.*]], %[[R:.*]] = norm.layer_norm %[[X]] : tensor<2x8xf32> -> mean, inv_std_dev
// CHECK-NOT: linalg
// CHECK: return %[[Y]], %[[M]], %[[R]]


#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @torch_layer_norm_no_affine(%x: tensor<2x8xf32>)
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
  return %norm, %mean, %rstd : tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>
}

// -----

// Source: torch-mlir, aten.rms_norm with weight None
// (DecomposeAtenRMSLayerNormOp skips the weight): @torch_rms_norm of
// raise-linalg.mlir without its last generic.

// CHECK-LABEL: func.func @torch_rms_norm_no_weight
// CHECK-SAME: (%[[X:.*]]: tensor<4x16xf32>)
// CHECK: %[[Y:.*]] = norm.rms_norm %[[X]] {epsilon = 9.99999997E-7 : f32} : tensor<4x16xf32>
// CHECK-NOT: linalg
// CHECK: return %[[Y]]

#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @torch_rms_norm_no_weight(%x: tensor<4x16xf32>) -> tensor<4x16xf32> {
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
  return %n : tensor<4x16xf32>
}

// -----

// Source: torch-mlir, aten.native_group_norm with weight and bias None
// (nn.GroupNorm(affine=False)): @torch_group_norm of raise-linalg.mlir
// without the per-channel affine generic; the result is the view back.

// CHECK-LABEL: func.func @torch_group_norm_no_affine
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x2x2xf32>)
// CHECK-DAG: %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[ZEROS:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: %[[Y:.*]] = norm.group_norm %[[X]] scale(%[[ONES]] : tensor<4xf32>) bias(%[[ZEROS]] : tensor<4xf32>) {num_groups = 2 : i64} : tensor<2x4x2x2xf32>
// CHECK-NOT: linalg
// CHECK: return %[[Y]]

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#k3 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#w4 = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
func.func @torch_group_norm_no_affine(%x: tensor<2x4x2x2xf32>) -> tensor<2x4x2x2xf32> {
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
  return %yr : tensor<2x4x2x2xf32>
}

// -----

// Source: torch-mlir, aten.native_layer_norm with normalized_shape of rank
// 2 (nn.LayerNorm([3, 4])): DecomposeAtenNativeLayerNormOp's mean.dim and
// the variance over dims [-2, -1], TorchToLinalg's keepdim reduction
// (output map (d0, 0, 0)) over two reduction loops, weight and bias [3, 4].

// CHECK-LABEL: func.func @torch_layer_norm_last_two_dims
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[W:.*]]: tensor<3x4xf32>, %[[B:.*]]: tensor<3x4xf32>)
// CHECK: %[[Y:.*]] = norm.layer_norm %[[X]] scale(%[[W]] : tensor<3x4xf32>) bias(%[[B]] : tensor<3x4xf32>) {axis = 1 : i64} : tensor<2x3x4xf32>
// CHECK-NOT: linalg
// CHECK: return %[[Y]]
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#keep = affine_map<(d0, d1, d2) -> (d0, 0, 0)>
#row = affine_map<(d0, d1, d2) -> (d1, d2)>
func.func @torch_layer_norm_last_two_dims(%x: tensor<2x3x4xf32>, %w: tensor<3x4xf32>, %b: tensor<3x4xf32>) -> tensor<2x3x4xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %c12 = arith.constant 12 : i64
  %eps = arith.constant 9.9999997473787516E-6 : f64
  %e1 = tensor.empty() : tensor<2x1x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x1x1xf32>) -> tensor<2x1x1xf32>
  %sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction", "reduction"]}
      ins(%x : tensor<2x3x4xf32>) outs(%fill : tensor<2x1x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<2x1x1xf32>
  %mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%sum : tensor<2x1x1xf32>) outs(%e1 : tensor<2x1x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c12 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<2x1x1xf32>
  %e = tensor.empty() : tensor<2x3x4xf32>
  %xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %mean : tensor<2x3x4xf32>, tensor<2x1x1xf32>) outs(%e : tensor<2x3x4xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x4xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%xc : tensor<2x3x4xf32>) outs(%e : tensor<2x3x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.mulf %in, %in : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x4xf32>
  %fill2 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x1x1xf32>) -> tensor<2x1x1xf32>
  %sum2 = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction", "reduction"]}
      ins(%sq : tensor<2x3x4xf32>) outs(%fill2 : tensor<2x1x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<2x1x1xf32>
  %rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%sum2 : tensor<2x1x1xf32>) outs(%e1 : tensor<2x1x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %c12 : i64 to f32
    %0 = arith.divf %in, %n : f32
    %ef = arith.truncf %eps : f64 to f32
    %1 = arith.addf %0, %ef : f32
    %2 = math.rsqrt %1 : f32
    linalg.yield %2 : f32
  } -> tensor<2x1x1xf32>
  %y = linalg.generic {indexing_maps = [#id, #keep, #row, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%xc, %rstd, %w, %b : tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<3x4xf32>, tensor<3x4xf32>) outs(%e : tensor<2x3x4xf32>) {
  ^bb0(%in: f32, %r: f32, %g: f32, %bb: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    %1 = arith.mulf %0, %g : f32
    %2 = arith.addf %1, %bb : f32
    linalg.yield %2 : f32
  } -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

// Source: torch-mlir, aten.native_layer_norm under torch.autocast: the f16
// input upcast to f32 (aten.to.dtype: an arith.extf generic), f32 weight
// and bias, an f32 result: the op computes on the upcast input.

// CHECK-LABEL: func.func @torch_autocast_layer_norm_f16
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf16>, %[[W:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[XF:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<2x8xf16>) outs(%{{.*}} : tensor<2x8xf32>)
// CHECK: arith.extf
// CHECK: %[[Y:.*]], %[[M:.*]], %[[R:.*]] = norm.layer_norm %[[XF]] scale(%[[W]] : tensor<8xf32>) bias(%[[B]] : tensor<8xf32>) : tensor<2x8xf32> -> mean, inv_std_dev
// CHECK-NOT: linalg
// CHECK: return %[[Y]], %[[M]], %[[R]]


#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @torch_autocast_layer_norm_f16(%xh: tensor<2x8xf16>, %w: tensor<8xf32>, %b: tensor<8xf32>)
    -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>) {
  %eup = tensor.empty() : tensor<2x8xf32>
  %x = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xh : tensor<2x8xf16>) outs(%eup : tensor<2x8xf32>) {
  ^bb0(%in: f16, %out: f32):
    %0 = arith.extf %in : f16 to f32
    linalg.yield %0 : f32
  } -> tensor<2x8xf32>
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

// Source: PyTorch's mixed-dtype layer norm (f16 input, f32 weight and
// bias, f16 output; torch-mlir's decomposition upcasts the input, computes
// in f32 and downcasts once): the op computes in f32 between one exact
// upcast and one rounding.

// CHECK-LABEL: func.func @torch_mixed_dtype_layer_norm_f16
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf16>, %[[W:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[XF:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<2x8xf16>) outs(%{{.*}} : tensor<2x8xf32>)
// CHECK: arith.extf
// CHECK: %[[Y:.*]] = norm.layer_norm %[[XF]] scale(%[[W]] : tensor<8xf32>) bias(%[[B]] : tensor<8xf32>) : tensor<2x8xf32>
// CHECK: %[[YH:.*]] = linalg.generic {{.*}} ins(%[[Y]] : tensor<2x8xf32>) outs(%{{.*}} : tensor<2x8xf16>)
// CHECK: arith.truncf
// CHECK-NOT: linalg.generic
// CHECK: return %[[YH]]


#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @torch_mixed_dtype_layer_norm_f16(%xh: tensor<2x8xf16>, %w: tensor<8xf32>, %b: tensor<8xf32>)
    -> tensor<2x8xf16> {
  %eup = tensor.empty() : tensor<2x8xf32>
  %x = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xh : tensor<2x8xf16>) outs(%eup : tensor<2x8xf32>) {
  ^bb0(%in: f16, %out: f32):
    %0 = arith.extf %in : f16 to f32
    linalg.yield %0 : f32
  } -> tensor<2x8xf32>
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
  %edown = tensor.empty() : tensor<2x8xf16>
  %yh = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%y : tensor<2x8xf32>) outs(%edown : tensor<2x8xf16>) {
  ^bb0(%in: f32, %out: f16):
    %0 = arith.truncf %in : f32 to f16
    linalg.yield %0 : f16
  } -> tensor<2x8xf16>
  return %yh : tensor<2x8xf16>
}

// -----

// Source: StableHLO stablehlo.batch_norm_inference as IREE's
// iree-stablehlo-preprocessing-unfuse-batch-norm unfuses it
// (compiler/plugins/input/StableHLO/Conversion/Preprocessing/test/
// unfuse_batch_norm.mlir: sqrt(var + broadcast ε), (x − mean) · scale /
// stddev + offset, each broadcast_in_dim along the feature dim), then
// stablehlo-legalize-to-linalg without primitive ops (every op a
// linalg.generic, broadcasts reading through a projection, ε a 0-d
// constant read through () ).

// CHECK-LABEL: func.func @stablehlo_batch_norm_inference
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x2x2xf32>, %[[S:.*]]: tensor<3xf32>, %[[O:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK: %[[Y:.*]] = norm.batch_norm %[[X]] scale(%[[S]] : tensor<3xf32>) bias(%[[O]] : tensor<3xf32>) mean(%[[M]] : tensor<3xf32>) var(%[[V]] : tensor<3xf32>) {epsilon = 1.001000e-05 : f32} : tensor<2x3x2x2xf32>
// CHECK-NOT: linalg
// CHECK: return %[[Y]]
func.func @stablehlo_batch_norm_inference(%x: tensor<2x3x2x2xf32>, %scale: tensor<3xf32>, %offset: tensor<3xf32>, %mean: tensor<3xf32>, %variance: tensor<3xf32>) -> tensor<2x3x2x2xf32> {
  %eps = arith.constant dense<1.001000e-05> : tensor<f32>
  %e1 = tensor.empty() : tensor<3xf32>
  %v2 = linalg.generic {indexing_maps = [affine_map<(d0) -> ()>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%eps : tensor<f32>) outs(%e1 : tensor<3xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<3xf32>
  %e3 = tensor.empty() : tensor<3xf32>
  %v4 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%variance, %v2 : tensor<3xf32>, tensor<3xf32>) outs(%e3 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.addf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e5 = tensor.empty() : tensor<3xf32>
  %v6 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v4 : tensor<3xf32>) outs(%e5 : tensor<3xf32>) {
  ^bb0(%in0: f32, %out: f32):
    %0 = math.sqrt %in0 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e7 = tensor.empty() : tensor<2x3x2x2xf32>
  %v8 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v6 : tensor<3xf32>) outs(%e7 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x2x2xf32>
  %e9 = tensor.empty() : tensor<2x3x2x2xf32>
  %v10 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%scale : tensor<3xf32>) outs(%e9 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x2x2xf32>
  %e11 = tensor.empty() : tensor<2x3x2x2xf32>
  %v12 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%offset : tensor<3xf32>) outs(%e11 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x2x2xf32>
  %e13 = tensor.empty() : tensor<2x3x2x2xf32>
  %v14 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%mean : tensor<3xf32>) outs(%e13 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x2x2xf32>
  %e15 = tensor.empty() : tensor<2x3x2x2xf32>
  %v16 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x, %v14 : tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) outs(%e15 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.subf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  %e17 = tensor.empty() : tensor<2x3x2x2xf32>
  %v18 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v16, %v10 : tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) outs(%e17 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.mulf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  %e19 = tensor.empty() : tensor<2x3x2x2xf32>
  %v20 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v18, %v8 : tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) outs(%e19 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.divf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  %e21 = tensor.empty() : tensor<2x3x2x2xf32>
  %v22 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v20, %v12 : tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) outs(%e21 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.addf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  return %v22 : tensor<2x3x2x2xf32>
}

// -----

// Source: StableHLO stablehlo.batch_norm_training as the same pass unfuses
// it (the one-pass variance E[x²] − E[x]² over dims [0, 2, 3], sqrt,
// divide; the batch mean and variance returned), then
// stablehlo-legalize-to-linalg: each reduce a generic iterating the kept
// dim first (x read through (d1, d0, d2, d3)), its init a tensor.extract of
// the 0-d zero constant (reduce.mlir, @reduce_multi_dimensions), the
// divisions by a splat constant tensor.

// CHECK-LABEL: func.func @stablehlo_batch_norm_training
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x2x2xf32>, %[[S:.*]]: tensor<3xf32>, %[[O:.*]]: tensor<3xf32>)
// CHECK: %[[Y:.*]], %[[M:.*]], %[[V:.*]] = norm.batch_norm_train %[[X]] scale(%[[S]] : tensor<3xf32>) bias(%[[O]] : tensor<3xf32>) {epsilon = 1.001000e-05 : f32} : tensor<2x3x2x2xf32> -> batch_mean, batch_var
// CHECK-NOT: linalg
// CHECK: return %[[Y]], %[[M]], %[[V]]
func.func @stablehlo_batch_norm_training(%x: tensor<2x3x2x2xf32>, %scale: tensor<3xf32>, %offset: tensor<3xf32>) -> (tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>) {
  %zero = arith.constant dense<0.000000e+00> : tensor<f32>
  %eps = arith.constant dense<1.001000e-05> : tensor<f32>
  %e1 = tensor.empty() : tensor<3xf32>
  %v2 = linalg.generic {indexing_maps = [affine_map<(d0) -> ()>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%eps : tensor<f32>) outs(%e1 : tensor<3xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<3xf32>
  %num = arith.constant dense<8.000000e+00> : tensor<3xf32>
  %init = tensor.extract %zero[] : tensor<f32>
  %e4 = tensor.empty() : tensor<3xf32>
  %f3 = linalg.fill ins(%init : f32) outs(%e4 : tensor<3xf32>) -> tensor<3xf32>
  %v5 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0)>], iterator_types = ["parallel", "reduction", "reduction", "reduction"]} ins(%x : tensor<2x3x2x2xf32>) outs(%f3 : tensor<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e6 = tensor.empty() : tensor<2x3x2x2xf32>
  %v7 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x, %x : tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) outs(%e6 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.mulf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  %e9 = tensor.empty() : tensor<3xf32>
  %f8 = linalg.fill ins(%init : f32) outs(%e9 : tensor<3xf32>) -> tensor<3xf32>
  %v10 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0)>], iterator_types = ["parallel", "reduction", "reduction", "reduction"]} ins(%v7 : tensor<2x3x2x2xf32>) outs(%f8 : tensor<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e11 = tensor.empty() : tensor<3xf32>
  %v12 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v5, %num : tensor<3xf32>, tensor<3xf32>) outs(%e11 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.divf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e13 = tensor.empty() : tensor<3xf32>
  %v14 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v10, %num : tensor<3xf32>, tensor<3xf32>) outs(%e13 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.divf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e15 = tensor.empty() : tensor<3xf32>
  %v16 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v12, %v12 : tensor<3xf32>, tensor<3xf32>) outs(%e15 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.mulf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e17 = tensor.empty() : tensor<3xf32>
  %v18 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v14, %v16 : tensor<3xf32>, tensor<3xf32>) outs(%e17 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.subf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e19 = tensor.empty() : tensor<3xf32>
  %v20 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v18, %v2 : tensor<3xf32>, tensor<3xf32>) outs(%e19 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.addf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e21 = tensor.empty() : tensor<3xf32>
  %v22 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v20 : tensor<3xf32>) outs(%e21 : tensor<3xf32>) {
  ^bb0(%in0: f32, %out: f32):
    %0 = math.sqrt %in0 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e23 = tensor.empty() : tensor<2x3x2x2xf32>
  %v24 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v12 : tensor<3xf32>) outs(%e23 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x2x2xf32>
  %e25 = tensor.empty() : tensor<2x3x2x2xf32>
  %v26 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x, %v24 : tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) outs(%e25 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.subf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  %e27 = tensor.empty() : tensor<2x3x2x2xf32>
  %v28 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v22 : tensor<3xf32>) outs(%e27 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x2x2xf32>
  %e29 = tensor.empty() : tensor<2x3x2x2xf32>
  %v30 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v26, %v28 : tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) outs(%e29 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.divf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  %e31 = tensor.empty() : tensor<2x3x2x2xf32>
  %v32 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%scale : tensor<3xf32>) outs(%e31 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x2x2xf32>
  %e33 = tensor.empty() : tensor<2x3x2x2xf32>
  %v34 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v30, %v32 : tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) outs(%e33 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.mulf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  %e35 = tensor.empty() : tensor<2x3x2x2xf32>
  %v36 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%offset : tensor<3xf32>) outs(%e35 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x2x2xf32>
  %e37 = tensor.empty() : tensor<2x3x2x2xf32>
  %v38 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v34, %v36 : tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) outs(%e37 : tensor<2x3x2x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.addf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x2x2xf32>
  return %v38, %v12, %v18 : tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// Near miss: @stablehlo_batch_norm_training on a 2x3x3x2 input with the
// batch mean broadcast back along dim 2 (also of size 3) instead of the
// feature dim 1 when centring: the reduction loops bound by the summed
// tensor's reads do not make it a normalization.

// CHECK-LABEL: func.func @stablehlo_batch_norm_training_mean_along_other_dim
// CHECK-NOT: norm.
// CHECK: return
func.func @stablehlo_batch_norm_training_mean_along_other_dim(%x: tensor<2x3x3x2xf32>, %scale: tensor<3xf32>, %offset: tensor<3xf32>) -> (tensor<2x3x3x2xf32>, tensor<3xf32>, tensor<3xf32>) {
  %zero = arith.constant dense<0.000000e+00> : tensor<f32>
  %eps = arith.constant dense<1.001000e-05> : tensor<f32>
  %e1 = tensor.empty() : tensor<3xf32>
  %v2 = linalg.generic {indexing_maps = [affine_map<(d0) -> ()>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%eps : tensor<f32>) outs(%e1 : tensor<3xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<3xf32>
  %num = arith.constant dense<1.200000e+01> : tensor<3xf32>
  %init = tensor.extract %zero[] : tensor<f32>
  %e4 = tensor.empty() : tensor<3xf32>
  %f3 = linalg.fill ins(%init : f32) outs(%e4 : tensor<3xf32>) -> tensor<3xf32>
  %v5 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0)>], iterator_types = ["parallel", "reduction", "reduction", "reduction"]} ins(%x : tensor<2x3x3x2xf32>) outs(%f3 : tensor<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e6 = tensor.empty() : tensor<2x3x3x2xf32>
  %v7 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x, %x : tensor<2x3x3x2xf32>, tensor<2x3x3x2xf32>) outs(%e6 : tensor<2x3x3x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.mulf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x3x2xf32>
  %e9 = tensor.empty() : tensor<3xf32>
  %f8 = linalg.fill ins(%init : f32) outs(%e9 : tensor<3xf32>) -> tensor<3xf32>
  %v10 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0)>], iterator_types = ["parallel", "reduction", "reduction", "reduction"]} ins(%v7 : tensor<2x3x3x2xf32>) outs(%f8 : tensor<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e11 = tensor.empty() : tensor<3xf32>
  %v12 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v5, %num : tensor<3xf32>, tensor<3xf32>) outs(%e11 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.divf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e13 = tensor.empty() : tensor<3xf32>
  %v14 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v10, %num : tensor<3xf32>, tensor<3xf32>) outs(%e13 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.divf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e15 = tensor.empty() : tensor<3xf32>
  %v16 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v12, %v12 : tensor<3xf32>, tensor<3xf32>) outs(%e15 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.mulf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e17 = tensor.empty() : tensor<3xf32>
  %v18 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v14, %v16 : tensor<3xf32>, tensor<3xf32>) outs(%e17 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.subf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e19 = tensor.empty() : tensor<3xf32>
  %v20 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v18, %v2 : tensor<3xf32>, tensor<3xf32>) outs(%e19 : tensor<3xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.addf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e21 = tensor.empty() : tensor<3xf32>
  %v22 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%v20 : tensor<3xf32>) outs(%e21 : tensor<3xf32>) {
  ^bb0(%in0: f32, %out: f32):
    %0 = math.sqrt %in0 : f32
    linalg.yield %0 : f32
  } -> tensor<3xf32>
  %e23 = tensor.empty() : tensor<2x3x3x2xf32>
  %v24 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v12 : tensor<3xf32>) outs(%e23 : tensor<2x3x3x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x3x2xf32>
  %e25 = tensor.empty() : tensor<2x3x3x2xf32>
  %v26 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x, %v24 : tensor<2x3x3x2xf32>, tensor<2x3x3x2xf32>) outs(%e25 : tensor<2x3x3x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.subf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x3x2xf32>
  %e27 = tensor.empty() : tensor<2x3x3x2xf32>
  %v28 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v22 : tensor<3xf32>) outs(%e27 : tensor<2x3x3x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x3x2xf32>
  %e29 = tensor.empty() : tensor<2x3x3x2xf32>
  %v30 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v26, %v28 : tensor<2x3x3x2xf32>, tensor<2x3x3x2xf32>) outs(%e29 : tensor<2x3x3x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.divf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x3x2xf32>
  %e31 = tensor.empty() : tensor<2x3x3x2xf32>
  %v32 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%scale : tensor<3xf32>) outs(%e31 : tensor<2x3x3x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x3x2xf32>
  %e33 = tensor.empty() : tensor<2x3x3x2xf32>
  %v34 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v30, %v32 : tensor<2x3x3x2xf32>, tensor<2x3x3x2xf32>) outs(%e33 : tensor<2x3x3x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.mulf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x3x2xf32>
  %e35 = tensor.empty() : tensor<2x3x3x2xf32>
  %v36 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%offset : tensor<3xf32>) outs(%e35 : tensor<2x3x3x2xf32>) {
  ^bb0(%in0: f32, %out: f32):
    linalg.yield %in0 : f32
  } -> tensor<2x3x3x2xf32>
  %e37 = tensor.empty() : tensor<2x3x3x2xf32>
  %v38 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v34, %v36 : tensor<2x3x3x2xf32>, tensor<2x3x3x2xf32>) outs(%e37 : tensor<2x3x3x2xf32>) {
  ^bb0(%in0: f32, %in1: f32, %out: f32):
    %0 = arith.addf %in0, %in1 : f32
    linalg.yield %0 : f32
  } -> tensor<2x3x3x2xf32>
  return %v38, %v12, %v18 : tensor<2x3x3x2xf32>, tensor<3xf32>, tensor<3xf32>
}
