// RUN: norm-opt %s --norm-tile-and-fuse="tile-parallel-kernels=false" --convert-norm-to-vector="vector-width=8 unroll=4" --canonicalize --cse | FileCheck %s
// RUN: norm-opt %s --norm-tile-and-fuse --convert-norm-to-vector="vector-width=8 unroll=4" --canonicalize --cse | FileCheck %s --check-prefix=TILED

// The parallel iterations of a group_norm of one instance (N = 1, G = 4).
// With tile-parallel-kernels=false (the CPU pipeline's choice with vectorize),
// norm-tile-and-fuse leaves the op whole and its vector kernel makes the
// N * G = 4 (n, g) pairs the iterations of one scf.forall, each writing its
// group's 2 channels of 16 elements and its statistics. Tiled by instance
// (the default), the one tile holds every group: a forall of one iteration
// (folded away) whose groups run in order, on one thread.

// CHECK-LABEL: func.func @group_norm_one_instance
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<1x8x16xf32>
//   CHECK-NOT:   scf.for
//       CHECK:   scf.forall (%[[IV:[a-z0-9_]+]]) in (4) shared_outs(%[[OUT:[a-z0-9_]+]] = %{{.*}}, %[[MEANS:[a-z0-9_]+]] = %{{.*}}, %[[RSTDS:[a-z0-9_]+]] = %{{.*}}) -> (tensor<1x8x16xf32>, tensor<1x4xf32>, tensor<1x4xf32>)
//   CHECK-NOT:   scf.forall
//       CHECK:     %[[N:.*]] = arith.divui %[[IV]], %c4 : index
//       CHECK:     %[[GR:.*]] = arith.remui %[[IV]], %c4 : index
//       CHECK:     vector.transfer_read %{{.*}}[%[[N]], %[[GR]], %{{.*}}]
//       CHECK:     %[[FIRST:.*]] = arith.muli %[[GR]], %c2 : index
//       CHECK:     tensor.extract_slice %[[X]][%[[N]], %[[FIRST]], 0] [1, 2, 16] [1, 1, 1] : tensor<1x8x16xf32> to tensor<1x2x16xf32>
//       CHECK:     tensor.extract_slice %[[OUT]][%[[N]], %[[FIRST]], 0] [1, 2, 16] [1, 1, 1] : tensor<1x8x16xf32> to tensor<1x2x16xf32>
//       CHECK:     scf.forall.in_parallel
//  CHECK-NEXT:       tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%[[N]], %[[FIRST]], 0] [1, 2, 16] [1, 1, 1] : tensor<1x2x16xf32> into tensor<1x8x16xf32>
//  CHECK-NEXT:       tensor.parallel_insert_slice %{{.*}} into %[[MEANS]][%[[N]], %[[GR]]] [1, 1] [1, 1] : tensor<1x1xf32> into tensor<1x4xf32>
//  CHECK-NEXT:       tensor.parallel_insert_slice %{{.*}} into %[[RSTDS]][%[[N]], %[[GR]]] [1, 1] [1, 1] : tensor<1x1xf32> into tensor<1x4xf32>

// TILED-LABEL: func.func @group_norm_one_instance
//   TILED-NOT:   scf.forall
//       TILED:   scf.for %{{.*}} = %c0 to %c4 step %c1 iter_args
//   TILED-NOT:   scf.forall
func.func @group_norm_one_instance(%x: tensor<1x8x16xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<1x8x16xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %y, %m, %r = norm.group_norm %x scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>) {num_groups = 4 : i64} : tensor<1x8x16xf32> -> mean, inv_std_dev
  return %y, %m, %r : tensor<1x8x16xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}
