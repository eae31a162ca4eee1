// RUN: norm-opt %s -split-input-file -norm-raise | FileCheck %s
//
// Near misses: computations that look like a normalization and are not one
// (or not one a norm op can take over): norm-raise must leave each alone.
// Each is the named-op layer norm of raise-linalg.mlir (the StableHLO
// primitive-op form) with one thing changed, named in the function.

// The layer norm itself, for reference: raised.
// CHECK-LABEL: func.func @reference_layer_norm
// CHECK: norm.layer_norm
func.func @reference_layer_norm(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %sq = linalg.mul ins(%xc, %xc : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %v = linalg.div ins(%s2, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ve = linalg.add ins(%v, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.map { math.rsqrt } ins(%ve : tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %rb = linalg.broadcast ins(%r : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.mul ins(%xc, %rb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

// The mean is broadcast along the wrong axis: mean[j] is subtracted from x[i, j].
// CHECK-LABEL: func.func @mean_broadcast_along_wrong_axis
// CHECK-NOT: norm.
func.func @mean_broadcast_along_wrong_axis(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [0]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %sq = linalg.mul ins(%xc, %xc : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %v = linalg.div ins(%s2, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ve = linalg.add ins(%v, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.map { math.rsqrt } ins(%ve : tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %rb = linalg.broadcast ins(%r : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.mul ins(%xc, %rb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

// The mean divides by 7, not by the 8 elements summed.
// CHECK-LABEL: func.func @mean_wrong_count
// CHECK-NOT: norm.
func.func @mean_wrong_count(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %n7 = arith.constant dense<7.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n7 : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %sq = linalg.mul ins(%xc, %xc : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %v = linalg.div ins(%s2, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ve = linalg.add ins(%v, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.map { math.rsqrt } ins(%ve : tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %rb = linalg.broadcast ins(%r : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.mul ins(%xc, %rb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

// The unbiased variance (divided by N − 1, torch.var's default): no norm op
// normalizes with it.
// CHECK-LABEL: func.func @unbiased_variance
// CHECK-NOT: norm.
func.func @unbiased_variance(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %n7 = arith.constant dense<7.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %sq = linalg.mul ins(%xc, %xc : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %v = linalg.div ins(%s2, %n7 : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ve = linalg.add ins(%v, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.map { math.rsqrt } ins(%ve : tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %rb = linalg.broadcast ins(%r : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.mul ins(%xc, %rb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

// ε added after the square root: 1 / (√σ² + ε).
// CHECK-LABEL: func.func @epsilon_outside_the_sqrt
// CHECK-NOT: norm.
func.func @epsilon_outside_the_sqrt(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %sq = linalg.mul ins(%xc, %xc : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %v = linalg.div ins(%s2, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %sd = linalg.map { math.sqrt } ins(%v : tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %sde = linalg.add ins(%sd, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %sdb = linalg.broadcast ins(%sde : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.div ins(%xc, %sdb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

// The centred tensor x − μ is also returned: the norm op cannot provide it,
// and raising would compute the mean twice.
// CHECK-LABEL: func.func @centred_tensor_used_elsewhere
// CHECK-NOT: norm.
func.func @centred_tensor_used_elsewhere(%x: tensor<8x8xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %sq = linalg.mul ins(%xc, %xc : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %v = linalg.div ins(%s2, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ve = linalg.add ins(%v, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.map { math.rsqrt } ins(%ve : tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %rb = linalg.broadcast ins(%r : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.mul ins(%xc, %rb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y, %xc : tensor<8x8xf32>, tensor<8x8xf32>
}

// -----

// The row sums (N · mean, not the mean) are also returned.
// CHECK-LABEL: func.func @sum_used_elsewhere
// CHECK-NOT: norm.
func.func @sum_used_elsewhere(%x: tensor<8x8xf32>) -> (tensor<8x8xf32>, tensor<8xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %sq = linalg.mul ins(%xc, %xc : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %v = linalg.div ins(%s2, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ve = linalg.add ins(%v, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.map { math.rsqrt } ins(%ve : tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %rb = linalg.broadcast ins(%r : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.mul ins(%xc, %rb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y, %s : tensor<8x8xf32>, tensor<8xf32>
}

// -----

// The rstd of row 0 is used for every row (a constant-0 map).
// CHECK-LABEL: func.func @rstd_broadcast_mismatch
// CHECK-NOT: norm.
func.func @rstd_broadcast_mismatch(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %sq = linalg.mul ins(%xc, %xc : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %v = linalg.div ins(%s2, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ve = linalg.add ins(%v, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %ve : tensor<8x8xf32>, tensor<8xf32>) outs(%e : tensor<8x8xf32>) {
  ^bb0(%a: f32, %vv: f32, %out: f32):
    %0 = math.rsqrt %vv : f32
    %1 = arith.mulf %a, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

// The variance sums the squares over the other axis than the mean.
// CHECK-LABEL: func.func @variance_over_other_axis
// CHECK-NOT: norm.
func.func @variance_over_other_axis(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %sq = linalg.mul ins(%xc, %xc : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [0]
  %v = linalg.div ins(%s2, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ve = linalg.add ins(%v, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.map { math.rsqrt } ins(%ve : tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %rb = linalg.broadcast ins(%r : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.mul ins(%xc, %rb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

// pow(σ² + ε, −0.25): not the inverse standard deviation.
// CHECK-LABEL: func.func @wrong_exponent
// CHECK-NOT: norm.
func.func @wrong_exponent(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %q = arith.constant dense<-2.500000e-01> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %sq = linalg.mul ins(%xc, %xc : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %v = linalg.div ins(%s2, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ve = linalg.add ins(%v, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.map { math.powf } ins(%ve, %q : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %rb = linalg.broadcast ins(%r : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.mul ins(%xc, %rb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

// Mean subtraction alone, without a variance.
// CHECK-LABEL: func.func @mean_subtraction_only
// CHECK-NOT: norm.
func.func @mean_subtraction_only(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mb = linalg.broadcast ins(%m : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %xc : tensor<8x8xf32>
}

// -----

// L2 normalization: x / √(Σx² + ε), a sum where RMSNorm has a mean.
// CHECK-LABEL: func.func @l2_normalize
// CHECK-NOT: norm.
func.func @l2_normalize(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %eps = arith.constant dense<1.000000e-12> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %sq = linalg.mul ins(%x, %x : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s2 = linalg.reduce { arith.addf } ins(%sq : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %ve = linalg.add ins(%s2, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.map { math.rsqrt } ins(%ve : tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %rb = linalg.broadcast ins(%r : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.mul ins(%x, %rb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

// Softmax (torch-mlir's decomposition: max, x − max, exp, sum, divide).
// CHECK-LABEL: func.func @softmax
// CHECK-NOT: norm.
func.func @softmax(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %fm = linalg.fill ins(%ninf : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %mx = linalg.reduce { arith.maximumf } ins(%x : tensor<8x8xf32>) outs(%fm : tensor<8xf32>) dimensions = [1]
  %mb = linalg.broadcast ins(%mx : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %xc = linalg.sub ins(%x, %mb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %ex = linalg.map { math.exp } ins(%xc : tensor<8x8xf32>) outs(%e : tensor<8x8xf32>)
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%ex : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %sb = linalg.broadcast ins(%s : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.div ins(%ex, %sb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// -----

// RMS scaling of the mean instead of the mean square: x · (E[x] + ε)^-½.
// CHECK-LABEL: func.func @rms_of_the_mean
// CHECK-NOT: norm.
func.func @rms_of_the_mean(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant dense<8.000000e+00> : tensor<8xf32>
  %eps = arith.constant dense<1.000000e-05> : tensor<8xf32>
  %e = tensor.empty() : tensor<8x8xf32>
  %e1 = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.reduce { arith.addf } ins(%x : tensor<8x8xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
  %m = linalg.div ins(%s, %n : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %ve = linalg.add ins(%m, %eps : tensor<8xf32>, tensor<8xf32>) outs(%e1 : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.map { math.rsqrt } ins(%ve : tensor<8xf32>) outs(%e1 : tensor<8xf32>)
  %rb = linalg.broadcast ins(%r : tensor<8xf32>) outs(%e : tensor<8x8xf32>) dimensions = [1]
  %y = linalg.mul ins(%x, %rb : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}
