// RUN: norm-opt %s --split-input-file --norm-tile-and-fuse="tile-parallel-kernels=false" | FileCheck %s
// RUN: norm-opt %s --split-input-file --norm-tile-and-fuse | FileCheck %s --check-prefix=TILED

// norm-tile-and-fuse with tile-parallel-kernels=false asks each op whether
// its vector kernel runs its instances in parallel itself
// (NormOpInterface::hasParallelVectorKernel): group_norm and instance_norm of
// an (N, C, L) input, and a channels-last batch_norm (blocks of rows) stay
// whole; the same ops of another rank or layout, and the other ops, are
// tiled as by default.

// CHECK-LABEL: func.func @instance_norm_ncl(
// CHECK-NOT:     scf.forall
// CHECK:         norm.instance_norm
// TILED-LABEL: func.func @instance_norm_ncl(
// TILED:         scf.forall
// TILED:         norm.instance_norm
func.func @instance_norm_ncl(%x: tensor<2x4x16xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4x16xf32> {
  %y = norm.instance_norm %x scale(%g : tensor<4xf32>) bias(%b : tensor<4xf32>) : tensor<2x4x16xf32>
  return %y : tensor<2x4x16xf32>
}

// -----

// CHECK-LABEL: func.func @group_norm_nchw(
// CHECK:         scf.forall
// CHECK:         norm.group_norm
func.func @group_norm_nchw(%x: tensor<2x4x4x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4x4x4xf32> {
  %y = norm.group_norm %x scale(%g : tensor<4xf32>) bias(%b : tensor<4xf32>) {num_groups = 2 : i64} : tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @layer_norm_rows(
// CHECK:         scf.forall
// CHECK:         norm.layer_norm
func.func @layer_norm_rows(%x: tensor<16x32xf32>) -> tensor<16x32xf32> {
  %y = norm.layer_norm %x : tensor<16x32xf32>
  return %y : tensor<16x32xf32>
}

// -----

// CHECK-LABEL: func.func @batch_norm_nhwc(
// CHECK-NOT:     scf.forall
// CHECK:         norm.batch_norm
// TILED-LABEL: func.func @batch_norm_nhwc(
// TILED:         scf.forall
// TILED:         norm.batch_norm
func.func @batch_norm_nhwc(%x: tensor<?x7x7x64xf32>, %p: tensor<64xf32>) -> tensor<?x7x7x64xf32> {
  %y = norm.batch_norm %x scale(%p : tensor<64xf32>) bias(%p : tensor<64xf32>) mean(%p : tensor<64xf32>) var(%p : tensor<64xf32>) {feature_axis = -1 : i64} : tensor<?x7x7x64xf32>
  return %y : tensor<?x7x7x64xf32>
}

// -----

// CHECK-LABEL: func.func @batch_norm_nchw(
// CHECK:         scf.forall
// CHECK:         norm.batch_norm
func.func @batch_norm_nchw(%x: tensor<2x4x9xf32>, %p: tensor<4xf32>) -> tensor<2x4x9xf32> {
  %y = norm.batch_norm %x scale(%p : tensor<4xf32>) bias(%p : tensor<4xf32>) mean(%p : tensor<4xf32>) var(%p : tensor<4xf32>) : tensor<2x4x9xf32>
  return %y : tensor<2x4x9xf32>
}
