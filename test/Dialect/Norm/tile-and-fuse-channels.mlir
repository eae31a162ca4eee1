// RUN: norm-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{channel-tile-size=0 channel-tile-elements=256},canonicalize,cse))" | FileCheck %s
// RUN: norm-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{channel-tile-size=0 channel-tile-elements=256 small-run-elements=512},canonicalize,cse))" | FileCheck %s --check-prefix=SMALL

// small-run-elements=512: runs below 512 elements take tiles of whole cache
// lines per leading index (16 channels of 49 floats, 4 of 196), inserted
// into the output viewed as [N, C * B], the tiled op marked
// norm.small_runs = true.

// SMALL-LABEL: func.func @small_runs
//       SMALL:   %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : tensor<8x2048x49xf32> into tensor<8x100352xf32>
//       SMALL:   %[[LOOP:.*]] = scf.forall (%[[C:.*]]) = (0) to (2048) step (16) shared_outs(%[[OUT:.*]] = %[[FLAT]]) -> (tensor<8x100352xf32>)
//       SMALL:     norm.batch_norm_train {{.*}} {norm.small_runs = true} : tensor<8x16x49xf32>
//       SMALL:     %[[AT:.*]] = arith.muli %[[C]], %c49 : index
//       SMALL:     tensor.parallel_insert_slice %{{.*}} into %[[OUT]][0, %[[AT]]] [8, 784] [1, 1] : tensor<8x784xf32> into tensor<8x100352xf32>
//       SMALL:   tensor.expand_shape %[[LOOP]] {{\[}}[0], [1, 2]] output_shape [8, 2048, 49]

// SMALL-LABEL: func.func @large_runs
//       SMALL:   scf.forall (%{{.*}}) = (0) to (512) step (4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<8x100352xf32>)
//       SMALL:     norm.batch_norm_train {{.*}} {norm.small_runs = true} : tensor<8x4x196xf32>

// A dynamic B: both tilings in turn, each over no tile unless B chooses it,
// the second continuing from the first one's outputs.

// SMALL-LABEL: func.func @dynamic_runs
//  SMALL-SAME:   %[[X:[^:]*]]: tensor<?x?x?xf32>
//       SMALL:   %[[B:.*]] = tensor.dim %[[X]], %c2
//       SMALL:   %[[SMALL:.*]] = arith.cmpi ult, %[[B]], %c512 : index
//       SMALL:   %[[LARGE:.*]] = arith.cmpi uge, %[[B]], %c512 : index
//       SMALL:   %[[C:.*]] = tensor.dim %[[X]], %c1
//       SMALL:   %[[UB1:.*]] = arith.select %[[SMALL]], %[[C]], %c0 : index
//       SMALL:   %[[FIRST:.*]] = scf.forall (%{{.*}}) = (0) to (%[[UB1]]) step (%{{.*}}) shared_outs(%{{.*}}) -> (tensor<?x?xf32>)
//       SMALL:     norm.batch_norm_train {{.*}} {norm.small_runs = true}
//       SMALL:   %[[VIEW:.*]] = tensor.reshape %[[FIRST]]
//       SMALL:   %[[UB2:.*]] = arith.select %[[LARGE]], %[[C]], %c0 : index
//       SMALL:   scf.forall (%{{.*}}) = (0) to (%[[UB2]]) step (%{{.*}}) shared_outs(%{{.*}} = %[[VIEW]]) -> (tensor<?x?x?xf32>)
//       SMALL:     norm.batch_norm_train {{.*}} {norm.small_runs = false}

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
  %y, %m, %v = norm.batch_norm_train %x scale(%p : tensor<2048xf32>) bias(%p : tensor<2048xf32>) : tensor<8x2048x49xf32> -> batch_mean, batch_var
  return %y : tensor<8x2048x49xf32>
}

// -----

// Runs of 14 x 14 = 196 or more elements: one channel per tile.

// CHECK-LABEL: func.func @large_runs
//       CHECK:   scf.forall (%[[C:.*]]) in (512)
//       CHECK:     tensor.extract_slice %{{.*}}[0, %[[C]], 0] [8, 1, 196] [1, 1, 1]
func.func @large_runs(%x: tensor<8x512x196xf32>, %p: tensor<512xf32>) -> tensor<8x512x196xf32> {
  %y, %m, %v = norm.batch_norm_train %x scale(%p : tensor<512xf32>) bias(%p : tensor<512xf32>) : tensor<8x512x196xf32> -> batch_mean, batch_var
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
  %y, %m, %v = norm.batch_norm_train %x scale(%p : tensor<?xf32>) bias(%p : tensor<?xf32>) : tensor<?x?x?xf32> -> batch_mean, batch_var
  return %y : tensor<?x?x?xf32>
}
