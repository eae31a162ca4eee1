// RUN: norm-opt %s --norm-raise --split-input-file | FileCheck %s

// Near misses: TOSA graphs that look like normalizations but are not (or
// whose intermediates the norm op cannot provide). None is raised, and every
// intermediate used outside stays.

// The statistics over dim 0 of a rank-3 tensor: neither trailing dims nor
// every dim but one.
// CHECK-LABEL: func.func @wrong_axis(
// CHECK-NOT:     norm.
// CHECK:         tosa.rsqrt
func.func @wrong_axis(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 0 : i32} : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<1x3x4xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<1x3x4xf32>
  %d = tosa.sub %x, %mean : (tensor<2x3x4xf32>, tensor<1x3x4xf32>) -> tensor<2x3x4xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<1xi8>) -> tensor<2x3x4xf32>
  %vs = tosa.reduce_sum %d2 {axis = 0 : i32} : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<1x3x4xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<1x3x4xf32>
  %ve = tosa.add %var, %eps : (tensor<1x3x4xf32>, tensor<1x1x1xf32>) -> tensor<1x3x4xf32>
  %r = tosa.rsqrt %ve : (tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  %y = tosa.mul %d, %r, %shift : (tensor<2x3x4xf32>, tensor<1x3x4xf32>, tensor<1xi8>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

// The mean divides by 7 where 8 elements are summed.
// CHECK-LABEL: func.func @wrong_count(
// CHECK-NOT:     norm.
// CHECK:         tosa.rsqrt
func.func @wrong_count(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_7 = "tosa.const"() <{values = dense<0.142857149> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %mean = tosa.mul %sum, %inv_7, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %d = tosa.sub %x, %mean : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %vs = tosa.reduce_sum %d2 {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %ve = tosa.add %var, %eps : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %r = tosa.rsqrt %ve : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %y = tosa.mul %d, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// The unbiased variance (÷ (N − 1), torch.var's default): not the norm ops'.
// CHECK-LABEL: func.func @unbiased_variance(
// CHECK-NOT:     norm.
// CHECK:         tosa.rsqrt
func.func @unbiased_variance(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_7 = "tosa.const"() <{values = dense<0.142857149> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %d = tosa.sub %x, %mean : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %vs = tosa.reduce_sum %d2 {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %var = tosa.mul %vs, %inv_7, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %ve = tosa.add %var, %eps : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %r = tosa.rsqrt %ve : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %y = tosa.mul %d, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// ε added after the rsqrt instead of under it.
// CHECK-LABEL: func.func @epsilon_in_wrong_op(
// CHECK-NOT:     norm.
// CHECK:         tosa.rsqrt
func.func @epsilon_in_wrong_op(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %d = tosa.sub %x, %mean : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %vs = tosa.reduce_sum %d2 {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %r0 = tosa.rsqrt %var : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %r = tosa.add %r0, %eps : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %y = tosa.mul %d, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// ε is not a constant (a function argument): the op's ε is an attribute.
// CHECK-LABEL: func.func @epsilon_not_constant(
// CHECK-NOT:     norm.
// CHECK:         tosa.rsqrt
func.func @epsilon_not_constant(%x: tensor<4x8xf32>, %eps: tensor<1x1xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %d = tosa.sub %x, %mean : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %vs = tosa.reduce_sum %d2 {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %ve = tosa.add %var, %eps : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %r = tosa.rsqrt %ve : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %y = tosa.mul %d, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// The centred x − mean is also returned: no norm op provides it, so raising
// would compute the statistics twice. Nothing is raised, the sub stays.
// CHECK-LABEL: func.func @centred_used_elsewhere(
// CHECK-NOT:     norm.
// CHECK:         %[[D:.*]] = tosa.sub
// CHECK:         return %{{.*}}, %[[D]]
func.func @centred_used_elsewhere(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %d = tosa.sub %x, %mean : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %vs = tosa.reduce_sum %d2 {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %ve = tosa.add %var, %eps : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %r = tosa.rsqrt %ve : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %y = tosa.mul %d, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y, %d : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// An instance norm whose variance is also returned: no norm op returns the
// variance of an instance (layer/instance norms return 1/√(var + ε)), so
// nothing is raised and the variance stays.
// CHECK-LABEL: func.func @instance_variance_used_elsewhere(
// CHECK-NOT:     norm.
// CHECK:         %[[V:.*]] = tosa.mul %{{.*}} : (tensor<1x2x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>)
// CHECK:         %[[V:.*]] = tosa.mul %{{.*}} : (tensor<1x2x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>)
// CHECK:         return %{{.*}}, %[[V]]
func.func @instance_variance_used_elsewhere(%x: tensor<1x2x4xf32>, %g: tensor<1x2x1xf32>) -> (tensor<1x2x4xf32>, tensor<1x2x1xf32>) {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<2.500000e-01> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 2 : i32} : (tensor<1x2x4xf32>) -> tensor<1x2x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<1x2x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<1x2x1xf32>
  %d = tosa.sub %x, %mean : (tensor<1x2x4xf32>, tensor<1x2x1xf32>) -> tensor<1x2x4xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1xi8>) -> tensor<1x2x4xf32>
  %vs = tosa.reduce_sum %d2 {axis = 2 : i32} : (tensor<1x2x4xf32>) -> tensor<1x2x1xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<1x2x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<1x2x1xf32>
  %ve = tosa.add %var, %eps : (tensor<1x2x1xf32>, tensor<1x1x1xf32>) -> tensor<1x2x1xf32>
  %r = tosa.rsqrt %ve : (tensor<1x2x1xf32>) -> tensor<1x2x1xf32>
  %n = tosa.mul %d, %r, %shift : (tensor<1x2x4xf32>, tensor<1x2x1xf32>, tensor<1xi8>) -> tensor<1x2x4xf32>
  %y = tosa.mul %n, %g, %shift : (tensor<1x2x4xf32>, tensor<1x2x1xf32>, tensor<1xi8>) -> tensor<1x2x4xf32>
  return %y, %var : tensor<1x2x4xf32>, tensor<1x2x1xf32>
}

// -----

// The mean of x subtracted from another tensor z: (z − mean(x)) · rstd(x) is
// not a normalization of anything.
// CHECK-LABEL: func.func @mismatched_centring(
// CHECK-NOT:     norm.
// CHECK:         tosa.rsqrt
func.func @mismatched_centring(%x: tensor<4x8xf32>, %z: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %d = tosa.sub %x, %mean : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %dz = tosa.sub %z, %mean : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %vs = tosa.reduce_sum %d2 {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %ve = tosa.add %var, %eps : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %r = tosa.rsqrt %ve : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %y = tosa.mul %dz, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// γ broadcast over the normalized dims ([1, 1, 3] against [2, 3] normalized
// dims) is not a layer_norm scale: the normalization is raised without it
// and the tosa.mul by γ stays.
// CHECK-LABEL: func.func @mismatched_gamma_broadcast(
// CHECK-SAME:    %[[X:.*]]: tensor<2x2x3xf32>, %[[G:.*]]: tensor<1x1x3xf32>)
// CHECK:         %[[N:.*]] = norm.layer_norm %[[X]] {axis = 1 : i64} : tensor<2x2x3xf32>
// CHECK:         %[[Y:.*]] = tosa.mul %[[N]], %[[G]]
// CHECK:         return %[[Y]]
func.func @mismatched_gamma_broadcast(%x: tensor<2x2x3xf32>, %g: tensor<1x1x3xf32>) -> tensor<2x2x3xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<0.166666672> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %s0 = tosa.reduce_sum %x {axis = 2 : i32} : (tensor<2x2x3xf32>) -> tensor<2x2x1xf32>
  %s1 = tosa.reduce_sum %s0 {axis = 1 : i32} : (tensor<2x2x1xf32>) -> tensor<2x1x1xf32>
  %mean = tosa.mul %s1, %inv_n, %shift : (tensor<2x1x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<2x1x1xf32>
  %d = tosa.sub %x, %mean : (tensor<2x2x3xf32>, tensor<2x1x1xf32>) -> tensor<2x2x3xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<2x2x3xf32>, tensor<2x2x3xf32>, tensor<1xi8>) -> tensor<2x2x3xf32>
  %v0 = tosa.reduce_sum %d2 {axis = 2 : i32} : (tensor<2x2x3xf32>) -> tensor<2x2x1xf32>
  %v1 = tosa.reduce_sum %v0 {axis = 1 : i32} : (tensor<2x2x1xf32>) -> tensor<2x1x1xf32>
  %var = tosa.mul %v1, %inv_n, %shift : (tensor<2x1x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<2x1x1xf32>
  %ve = tosa.add %var, %eps : (tensor<2x1x1xf32>, tensor<1x1x1xf32>) -> tensor<2x1x1xf32>
  %r = tosa.rsqrt %ve : (tensor<2x1x1xf32>) -> tensor<2x1x1xf32>
  %n = tosa.mul %d, %r, %shift : (tensor<2x2x3xf32>, tensor<2x1x1xf32>, tensor<1xi8>) -> tensor<2x2x3xf32>
  %y = tosa.mul %n, %g, %shift : (tensor<2x2x3xf32>, tensor<1x1x3xf32>, tensor<1xi8>) -> tensor<2x2x3xf32>
  return %y : tensor<2x2x3xf32>
}

// -----

// Softmax as TFL's legalization emits it (reduce_max, sub, exp, reduce_sum,
// reciprocal, mul).
// CHECK-LABEL: func.func @softmax(
// CHECK-NOT:     norm.
// CHECK:         tosa.exp
func.func @softmax(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.reduce_max %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %d = tosa.sub %x, %m : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %e = tosa.exp %d : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %s = tosa.reduce_sum %e {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %r = tosa.reciprocal %s : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %y = tosa.mul %e, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// L2-normalize as TFL's L2Normalization legalization emits it: x times
// rsqrt(Σx² + ε), a sum, not a mean.
// CHECK-LABEL: func.func @l2_normalize(
// CHECK-NOT:     norm.
// CHECK:         tosa.rsqrt
func.func @l2_normalize(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %eps = "tosa.const"() <{values = dense<9.99999996E-13> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sq = tosa.mul %x, %x, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %s = tosa.reduce_sum %sq {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %se = tosa.add %s, %eps : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %r = tosa.rsqrt %se : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %y = tosa.mul %x, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// Mean subtraction without a variance.
// CHECK-LABEL: func.func @mean_subtract_only(
// CHECK-NOT:     norm.
// CHECK:         tosa.sub
func.func @mean_subtract_only(%x: tensor<4x8xf32>, %g: tensor<1x8xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %d = tosa.sub %x, %mean : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %y = tosa.mul %d, %g, %shift : (tensor<4x8xf32>, tensor<1x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// The variance over dim 1 of x − mean taken over dim 2.
// CHECK-LABEL: func.func @variance_over_other_axis(
// CHECK-NOT:     norm.
// CHECK:         tosa.rsqrt
func.func @variance_over_other_axis(%x: tensor<2x4x4xf32>) -> tensor<2x4x4xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<2.500000e-01> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 2 : i32} : (tensor<2x4x4xf32>) -> tensor<2x4x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<2x4x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<2x4x1xf32>
  %d = tosa.sub %x, %mean : (tensor<2x4x4xf32>, tensor<2x4x1xf32>) -> tensor<2x4x4xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<2x4x4xf32>, tensor<2x4x4xf32>, tensor<1xi8>) -> tensor<2x4x4xf32>
  %vs = tosa.reduce_sum %d2 {axis = 1 : i32} : (tensor<2x4x4xf32>) -> tensor<2x1x4xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<2x1x4xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<2x1x4xf32>
  %ve = tosa.add %var, %eps : (tensor<2x1x4xf32>, tensor<1x1x1xf32>) -> tensor<2x1x4xf32>
  %r = tosa.rsqrt %ve : (tensor<2x1x4xf32>) -> tensor<2x1x4xf32>
  %y = tosa.mul %d, %r, %shift : (tensor<2x4x4xf32>, tensor<2x1x4xf32>, tensor<1xi8>) -> tensor<2x4x4xf32>
  return %y : tensor<2x4x4xf32>
}

// -----

// pow(var + ε, −1) is 1/variance, not 1/√variance.
// CHECK-LABEL: func.func @wrong_exponent(
// CHECK-NOT:     norm.
// CHECK:         tosa.pow
func.func @wrong_exponent(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %m1 = "tosa.const"() <{values = dense<-1.000000e+00> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sum = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %mean = tosa.mul %sum, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %d = tosa.sub %x, %mean : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %d2 = tosa.mul %d, %d, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %vs = tosa.reduce_sum %d2 {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %var = tosa.mul %vs, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %ve = tosa.add %var, %eps : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %r = tosa.pow %ve, %m1 : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %y = tosa.mul %d, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// RMSNorm followed by a bias: rms_norm has no bias, so the op is raised
// without it and the tosa.add stays.
// CHECK-LABEL: func.func @rms_norm_with_bias(
// CHECK:         %[[N:.*]] = norm.rms_norm
// CHECK:         %[[Y:.*]] = tosa.add %[[N]]
// CHECK:         return %[[Y]]
func.func @rms_norm_with_bias(%x: tensor<4x8xf32>, %b: tensor<1x8xf32>) -> tensor<4x8xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %inv_n = "tosa.const"() <{values = dense<1.250000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %eps = "tosa.const"() <{values = dense<9.99999974E-6> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sq = tosa.mul %x, %x, %shift : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %s = tosa.reduce_sum %sq {axis = 1 : i32} : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %ms = tosa.mul %s, %inv_n, %shift : (tensor<4x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x1xf32>
  %se = tosa.add %ms, %eps : (tensor<4x1xf32>, tensor<1x1xf32>) -> tensor<4x1xf32>
  %r = tosa.rsqrt %se : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %n = tosa.mul %x, %r, %shift : (tensor<4x8xf32>, tensor<4x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
  %y = tosa.add %n, %b : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
