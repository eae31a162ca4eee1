// RUN: norm-opt %s --norm-flatten-batch-norm --convert-norm-to-vector="vector-width=8 unroll=2" --canonicalize --cse | FileCheck %s

// group_norm_grad of an NCHW input, viewed as (N, C, H * W) by
// norm-flatten-batch-norm. One scf.forall over the N * G (n, g) pairs; each
// takes its group's (1, C/G, L) slices of dy and x:
//  1. per channel i of the group, one vector pass summing dy and dy * xhat
//     (f32 accumulators, the masked last vector adding 0 in its off lanes),
//     reduced once; the group's sums add scale[c] times them (fma), and the
//     channel's two sums are kept for dscale/dbias;
//  2. per channel, dx = dy * (istd * scale[c]) + xhat * p + q (two fmas).
// The pairs insert dx and their channels' partial sums into [N * C]
// tensors; dscale and dbias add those up over n, in order.

// CHECK-LABEL: func.func @group_norm_grad
//       CHECK:   %[[DY:.*]] = tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]]
//       CHECK:   %[[X:.*]] = tensor.collapse_shape %arg1 {{\[}}[0], [1], [2, 3]]
//       CHECK:   %[[PARTS0:.*]] = tensor.empty() : tensor<16xf32>
//       CHECK:   %[[R:.*]]:3 = scf.forall (%[[IV:[a-z0-9_]+]]) in (8) shared_outs(%[[OUT:[a-z0-9_]+]] = %{{.*}}, %[[DB:[a-z0-9_]+]] = %[[PARTS0]], %[[DG:[a-z0-9_]+]] = %[[PARTS0]])
//       CHECK:     %[[N:.*]] = arith.divui %[[IV]], %c4
//       CHECK:     %[[G:.*]] = arith.remui %[[IV]], %c4
//       CHECK:     %[[FIRST:.*]] = arith.muli %[[G]], %c2
//       CHECK:     %[[DYS:.*]] = tensor.extract_slice %[[DY]][%[[N]], %[[FIRST]], 0] [1, 2, 20] [1, 1, 1]
//       CHECK:     %[[XS:.*]] = tensor.extract_slice %[[X]][%[[N]], %[[FIRST]], 0] [1, 2, 20] [1, 1, 1]
//       CHECK:     %[[ISTD:.*]] = tensor.extract %arg3[%[[N]], %[[G]]] : tensor<2x4xf32>
// Pass 1: the sums of each channel, then the group's.
//       CHECK:     %[[SUMS:.*]]:4 = scf.for %[[I:[a-z0-9_]+]] = %c0 to %c2 {{.*}} -> (f32, f32, tensor<2xf32>, tensor<2xf32>)
//       CHECK:       %[[DYV:.*]] = vector.transfer_read %[[DYS]][%c0, %[[I]], %c0]
//       CHECK:       vector.transfer_read %[[XS]][%c0, %[[I]], %c0]
//       CHECK:       arith.addf %[[DYV]], %cst fastmath<reassoc> : vector<8xf32>
//       CHECK:       vector.constant_mask [4]
//       CHECK:       %[[A:.*]] = vector.reduction <add>, %{{.*}} fastmath<reassoc> : vector<8xf32> into f32
//       CHECK:       %[[B:.*]] = vector.reduction <add>, %{{.*}} fastmath<reassoc> : vector<8xf32> into f32
//       CHECK:       %[[SCALE:.*]] = tensor.extract %arg4[%{{.*}}] : tensor<8xf32>
//       CHECK:       math.fma %[[SCALE]], %[[A]], %{{.*}} : f32
//       CHECK:       math.fma %[[SCALE]], %[[B]], %{{.*}} : f32
//       CHECK:       tensor.insert %[[A]]
//       CHECK:       tensor.insert %[[B]]
// The coefficients: p = -istd * s2 / m, q = -istd * s1 / m (m = 40).
//       CHECK:     arith.divf %[[SUMS]]#1, %{{.*}} : f32
//       CHECK:     arith.mulf %[[ISTD]], %{{.*}} : f32
//       CHECK:     arith.negf
// Pass 2: dx per channel.
//       CHECK:     %[[DX:.*]] = scf.for {{.*}} -> (tensor<1x2x20xf32>)
//       CHECK:       %[[K:.*]] = arith.mulf %[[ISTD]], %{{.*}} : f32
//       CHECK:       %[[KV:.*]] = vector.broadcast %[[K]]
//       CHECK:       %[[XHATP:.*]] = math.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<8xf32>
//       CHECK:       math.fma %{{.*}}, %[[KV]], %[[XHATP]] : vector<8xf32>
//       CHECK:       vector.transfer_write
//       CHECK:     scf.forall.in_parallel
//       CHECK:       tensor.parallel_insert_slice %[[DX]] into %[[OUT]][%[[N]], %[[FIRST]], 0] [1, 2, 20]
//       CHECK:       tensor.parallel_insert_slice %[[SUMS]]#2 into %[[DB]][%{{.*}}] [2] [1]
//       CHECK:       tensor.parallel_insert_slice %[[SUMS]]#3 into %[[DG]][%{{.*}}] [2] [1]
// dbias and dscale: the partial sums added up over n in order.
//       CHECK:   %[[T:.*]]:2 = scf.for %[[NN:[a-z0-9_]+]] = %c0 to %c2
//       CHECK:     %[[OFF:.*]] = arith.muli %[[NN]], %c8
//       CHECK:     vector.transfer_read %[[R]]#1[%[[OFF]]]
//       CHECK:     vector.transfer_read %[[R]]#2[%[[OFF]]]
//       CHECK:   %[[DXR:.*]] = tensor.expand_shape %[[R]]#0
//       CHECK:   return %[[DXR]], %[[T]]#1, %[[T]]#0
func.func @group_norm_grad(%dy: tensor<2x8x4x5xf32>, %x: tensor<2x8x4x5xf32>, %m: tensor<2x4xf32>, %r: tensor<2x4xf32>, %g: tensor<8xf32>) -> (tensor<2x8x4x5xf32>, tensor<8xf32>, tensor<8xf32>) {
  %dx, %dg, %db = norm.group_norm_grad %dy x(%x : tensor<2x8x4x5xf32>) mean(%m : tensor<2x4xf32>) inv_std_dev(%r : tensor<2x4xf32>) scale(%g : tensor<8xf32>) {num_groups = 4 : i64} : tensor<2x8x4x5xf32> -> dscale, dbias
  return %dx, %dg, %db : tensor<2x8x4x5xf32>, tensor<8xf32>, tensor<8xf32>
}
