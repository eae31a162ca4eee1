// RUN: norm-opt %s --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{row-tile-size=16 channel-tile-size=4},canonicalize,cse))" | FileCheck %s

// A LayerNorm after a residual add: one scf.forall over blocks of 16 rows
// whose body computes the add on the row slices and the LayerNorm of the
// block, then inserts the block (and its statistics) into the results.

// CHECK-LABEL: func.func @residual_layer_norm
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x768xf32>, %[[R:[^:]*]]: tensor<?x768xf32>, %[[G:[^:]*]]: tensor<768xf32>
//       CHECK:   %[[N:.*]] = tensor.dim %[[X]]
//       CHECK:   %[[LOOP:.*]]:2 = scf.forall (%[[OFF:.*]]) = (0) to (%[[N]]) step (16) shared_outs(%[[OUT:.*]] = %{{.*}}, %[[MEAN:.*]] = %{{.*}}) -> (tensor<?x768xf32>, tensor<?x1xf32>)
//       CHECK:     %[[SZ:.*]] = affine.min
//   CHECK-DAG:     %[[XS:.*]] = tensor.extract_slice %[[X]][%[[OFF]], 0] [%[[SZ]], 768] [1, 1]
//   CHECK-DAG:     %[[RS:.*]] = tensor.extract_slice %[[R]][%[[OFF]], 0] [%[[SZ]], 768] [1, 1]
//       CHECK:     %[[ADD:.*]] = linalg.add ins(%[[XS]], %[[RS]] :
//       CHECK:     %[[Y:.*]], %[[M:.*]] = norm.layer_norm %[[ADD]] scale(%[[G]] : tensor<768xf32>) : tensor<?x768xf32> -> mean
//       CHECK:     scf.forall.in_parallel
//       CHECK:       tensor.parallel_insert_slice %[[Y]] into %[[OUT]][%[[OFF]], 0] [%[[SZ]], 768] [1, 1]
//       CHECK:       tensor.parallel_insert_slice %[[M]] into %[[MEAN]][%[[OFF]], 0] [%[[SZ]], 1] [1, 1]
//   CHECK-NOT:   linalg.add
//       CHECK:   return %[[LOOP]]#0, %[[LOOP]]#1
func.func @residual_layer_norm(%x: tensor<?x768xf32>, %r: tensor<?x768xf32>, %g: tensor<768xf32>)
    -> (tensor<?x768xf32>, tensor<?x1xf32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x768xf32>
  %e = tensor.empty(%n) : tensor<?x768xf32>
  %h = linalg.add ins(%x, %r : tensor<?x768xf32>, tensor<?x768xf32>) outs(%e : tensor<?x768xf32>) -> tensor<?x768xf32>
  %y, %m = norm.layer_norm %h scale(%g : tensor<768xf32>) : tensor<?x768xf32> -> mean
  return %y, %m : tensor<?x768xf32>, tensor<?x1xf32>
}

// BatchNorm training is tiled over blocks of 4 channels: the input slice
// keeps every N, H, W; scale, bias and running statistics are sliced per
// channel, and so are the statistics results.

// CHECK-LABEL: func.func @batch_norm_train_channel_blocks
//       CHECK:   scf.forall (%[[OFF:.*]]) = (0) to (64) step (4) shared_outs(
//       CHECK:     %[[XS:.*]] = tensor.extract_slice %{{.*}}[0, %[[OFF]], 0, 0] [8, 4, 14, 14] [1, 1, 1, 1] : tensor<8x64x14x14xf32> to tensor<8x4x14x14xf32>
//       CHECK:     %[[GS:.*]] = tensor.extract_slice %{{.*}}[%[[OFF]]] [4] [1] : tensor<64xf32> to tensor<4xf32>
//       CHECK:     norm.batch_norm_train %[[XS]] scale(%[[GS]] : tensor<4xf32>) bias(%{{.*}} : tensor<4xf32>) running_mean(
//  CHECK-SAME:       : tensor<8x4x14x14xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
//       CHECK:     tensor.parallel_insert_slice {{.*}}[0, %[[OFF]], 0, 0] [8, 4, 14, 14]
func.func @batch_norm_train_channel_blocks(%x: tensor<8x64x14x14xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>,
                                           %rm: tensor<64xf32>, %rv: tensor<64xf32>)
    -> (tensor<8x64x14x14xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) {
  %y:5 = norm.batch_norm_train %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) running_mean(%rm : tensor<64xf32>) running_var(%rv : tensor<64xf32>)
      : tensor<8x64x14x14xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y#0, %y#1, %y#2, %y#3, %y#4
      : tensor<8x64x14x14xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
}

// GroupNorm is tiled per instance; its (N, G) statistics keep every group.
// A dynamic `?` in the declared statistics type is recovered by a cast.

// CHECK-LABEL: func.func @group_norm_per_instance
//       CHECK:   %[[L:.*]]:2 = scf.forall (%[[I:.*]]) in (%{{.*}}) shared_outs(
//       CHECK:     tensor.extract_slice %{{.*}}[%[[I]], 0, 0] [1, 32, 10] [1, 1, 1]
//       CHECK:     norm.group_norm {{.*}} scale(%{{.*}} : tensor<32xf32>) bias(%{{.*}} : tensor<32xf32>) {num_groups = 4 : i64} : tensor<1x32x10xf32> -> mean
//       CHECK:     tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%[[I]], 0] [1, 4] [1, 1] : tensor<1x4xf32> into tensor<?x4xf32>
//       CHECK:   %[[C:.*]] = tensor.cast %[[L]]#1 : tensor<?x4xf32> to tensor<?x?xf32>
//       CHECK:   return %[[L]]#0, %[[C]]
func.func @group_norm_per_instance(%x: tensor<?x32x10xf32>, %g: tensor<32xf32>, %b: tensor<32xf32>)
    -> (tensor<?x32x10xf32>, tensor<?x?xf32>) {
  %y, %m = norm.group_norm %x scale(%g : tensor<32xf32>) bias(%b : tensor<32xf32>) {num_groups = 4 : i64}
      : tensor<?x32x10xf32> -> mean(tensor<?x?xf32>)
  return %y, %m : tensor<?x32x10xf32>, tensor<?x?xf32>
}

// Nothing to tile: a static zero-size input and a row norm over every dim.

// CHECK-LABEL: func.func @untiled
//   CHECK-NOT:   scf.forall
//       CHECK:   norm.layer_norm
//       CHECK:   norm.rms_norm
func.func @untiled(%x: tensor<0x8xf32>, %z: tensor<4x8xf32>) -> (tensor<0x8xf32>, tensor<4x8xf32>) {
  %y = norm.layer_norm %x : tensor<0x8xf32>
  %w = norm.rms_norm %z {axis = 0 : i64} : tensor<4x8xf32>
  return %y, %w : tensor<0x8xf32>, tensor<4x8xf32>
}
