// RUN: norm-opt %s --pass-pipeline='builtin.module(func.func(norm-tile-and-fuse{row-tile-size=2}))' | FileCheck %s

// A gradient op is tiled over its instances only when no result sums over
// them: dscale/dbias would get a partial sum per tile, so an op returning
// them stays whole (its loops are reductions in its TilingInterface).

// CHECK-LABEL: func.func @layer_norm_grad_dx_only(
// CHECK: scf.forall
// CHECK:   norm.layer_norm_grad {{.*}} : tensor<2x8xf32>{{$}}
func.func @layer_norm_grad_dx_only(%dy: tensor<6x8xf32>, %x: tensor<6x8xf32>, %m: tensor<6x1xf32>, %r: tensor<6x1xf32>) -> tensor<6x8xf32> {
  %dx = norm.layer_norm_grad %dy x(%x : tensor<6x8xf32>) mean(%m : tensor<6x1xf32>) inv_std_dev(%r : tensor<6x1xf32>) : tensor<6x8xf32>
  return %dx : tensor<6x8xf32>
}

// CHECK-LABEL: func.func @layer_norm_grad_with_dscale(
// CHECK-NOT: scf.forall
// CHECK: norm.layer_norm_grad {{.*}} : tensor<6x8xf32> -> dscale
func.func @layer_norm_grad_with_dscale(%dy: tensor<6x8xf32>, %x: tensor<6x8xf32>, %m: tensor<6x1xf32>, %r: tensor<6x1xf32>) -> (tensor<6x8xf32>, tensor<8xf32>) {
  %dx, %dg = norm.layer_norm_grad %dy x(%x : tensor<6x8xf32>) mean(%m : tensor<6x1xf32>) inv_std_dev(%r : tensor<6x1xf32>) : tensor<6x8xf32> -> dscale
  return %dx, %dg : tensor<6x8xf32>, tensor<8xf32>
}

// batch_norm_grad: dscale/dbias are per channel, so channel tiles are exact.
// CHECK-LABEL: func.func @batch_norm_grad_channels(
// CHECK: scf.forall
// CHECK:   norm.batch_norm_grad {{.*}} -> dscale, dbias
func.func @batch_norm_grad_channels(%dy: tensor<2x4x3xf32>, %m: tensor<4xf32>) -> (tensor<2x4x3xf32>, tensor<4xf32>, tensor<4xf32>) {
  %dx, %dg, %db = norm.batch_norm_grad %dy x(%dy : tensor<2x4x3xf32>) mean(%m : tensor<4xf32>) var(%m : tensor<4xf32>) scale(%m : tensor<4xf32>) : tensor<2x4x3xf32> -> dscale, dbias
  return %dx, %dg, %db : tensor<2x4x3xf32>, tensor<4xf32>, tensor<4xf32>
}

// With the vector kernels (tile-parallel-kernels=false, small-run-elements set,
// as the CPU pipeline runs it): an (N, C, L) group_norm_grad is left whole
// (its kernel makes the (n, group) pairs parallel), and batch_norm_grad's
// channel tiles are plain per-run tiles (no small-run flat output).
// RUN: norm-opt %s --pass-pipeline='builtin.module(func.func(norm-tile-and-fuse{tile-parallel-kernels=false small-run-elements=512 channel-tile-size=2}))' | FileCheck %s --check-prefix=VEC

// VEC-LABEL: func.func @group_norm_grad_dx_only(
//   VEC-NOT:   scf.forall
//       VEC:   norm.group_norm_grad {{.*}} : tensor<2x4x9xf32>{{$}}
func.func @group_norm_grad_dx_only(%dy: tensor<2x4x9xf32>, %s: tensor<2x2xf32>, %g: tensor<4xf32>) -> tensor<2x4x9xf32> {
  %dx = norm.group_norm_grad %dy x(%dy : tensor<2x4x9xf32>) mean(%s : tensor<2x2xf32>) inv_std_dev(%s : tensor<2x2xf32>) scale(%g : tensor<4xf32>) {num_groups = 2 : i64} : tensor<2x4x9xf32>
  return %dx : tensor<2x4x9xf32>
}

// VEC-LABEL: func.func @batch_norm_grad_small_runs(
//   VEC-NOT:   tensor.collapse_shape
//       VEC:   scf.forall
//       VEC:     norm.batch_norm_grad {{.*}} : tensor<2x2x3xf32> -> dscale, dbias
//   VEC-NOT:   norm.small_runs
//   VEC-NOT:   tensor.expand_shape
func.func @batch_norm_grad_small_runs(%dy: tensor<2x4x3xf32>, %m: tensor<4xf32>) -> (tensor<2x4x3xf32>, tensor<4xf32>, tensor<4xf32>) {
  %dx, %dg, %db = norm.batch_norm_grad %dy x(%dy : tensor<2x4x3xf32>) mean(%m : tensor<4xf32>) var(%m : tensor<4xf32>) scale(%m : tensor<4xf32>) : tensor<2x4x3xf32> -> dscale, dbias
  return %dx, %dg, %db : tensor<2x4x3xf32>, tensor<4xf32>, tensor<4xf32>
}
