// RUN: norm-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{channel-tile-size=0 channel-tile-elements=256},canonicalize,cse))" | FileCheck %s

// channel-tile-size=0: a batch_norm_train tile takes as many channels as fit
// their runs of B elements (the elements after the channel) in 256, at least
// one: 256 / 49 = 5 channels of 7 x 7 (after norm-flatten-batch-norm), and
// the last tile of 2048 = 409 * 5 + 3 is smaller.

// CHECK-LABEL: func.func @small_runs
//       CHECK:   scf.forall (%[[C:.*]]) = (0) to (2048) step (5)
//       CHECK:     %[[K:.*]] = affine.min #{{.*}}(%[[C]])
//       CHECK:     tensor.extract_slice %{{.*}}[0, %[[C]], 0] [8, %[[K]], 49] [1, 1, 1] : tensor<8x2048x49xf32> to tensor<8x?x49xf32>
//       CHECK:     norm.batch_norm_train %{{.*}} : tensor<8x?x49xf32>
func.func @small_runs(%x: tensor<8x2048x49xf32>, %p: tensor<2048xf32>) -> tensor<8x2048x49xf32> {
  %y, %m, %v = norm.batch_norm_train %x, %p, %p : tensor<8x2048x49xf32>, tensor<2048xf32>, tensor<2048xf32> -> tensor<2048xf32>, tensor<2048xf32>
  return %y : tensor<8x2048x49xf32>
}

// -----

// Runs of 14 x 14 = 196 or more elements: one channel per tile.

// CHECK-LABEL: func.func @large_runs
//       CHECK:   scf.forall (%[[C:.*]]) in (512)
//       CHECK:     tensor.extract_slice %{{.*}}[0, %[[C]], 0] [8, 1, 196] [1, 1, 1]
func.func @large_runs(%x: tensor<8x512x196xf32>, %p: tensor<512xf32>) -> tensor<8x512x196xf32> {
  %y, %m, %v = norm.batch_norm_train %x, %p, %p : tensor<8x512x196xf32>, tensor<512xf32>, tensor<512xf32> -> tensor<512xf32>, tensor<512xf32>
  return %y : tensor<8x512x196xf32>
}

// -----

// Dynamic runs: the tile size is computed at run time, max(1, 256 / max(B, 1)).

// CHECK-LABEL: func.func @dynamic_runs
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?xf32>
//   CHECK-DAG:   %[[B:.*]] = tensor.dim %[[X]], %c2
//       CHECK:   %[[NONZERO:.*]] = arith.maxui %[[B]], %c1 : index
//       CHECK:   %[[FIT:.*]] = arith.divui %c256, %[[NONZERO]] : index
//       CHECK:   %[[K:.*]] = arith.maxui %[[FIT]], %c1 : index
//       CHECK:   scf.forall (%{{.*}}) = (0) to (%{{.*}}) step (%[[K]])
func.func @dynamic_runs(%x: tensor<?x?x?xf32>, %p: tensor<?xf32>) -> tensor<?x?x?xf32> {
  %y, %m, %v = norm.batch_norm_train %x, %p, %p : tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>, tensor<?xf32>
  return %y : tensor<?x?x?xf32>
}
