// RUN: norm-opt %s --norm-flatten-batch-norm --convert-norm-to-vector="vector-width=8 unroll=2" --canonicalize --cse --split-input-file | FileCheck %s

// batch_norm_grad of an f16 NCHW input (dynamic): norm-flatten-batch-norm
// views dy and x as [N, C, H * W]. Pass 1 visits the channels of each n in
// turn and sums dy and dy * xhat of the run (f16 widened to f32, 2 f32
// accumulators per sum in the unrolled main loop, the masked last vector
// adding 0 in its off lanes) into one vector per sum and channel (the
// [C, 2 * 8] state). Per channel the state is reduced once: dbias, dscale
// and the coefficients of dx = dy * k + xhat * p + q. Pass 2 writes dx with
// two fmas per vector, rounded to f16.

// CHECK-LABEL: func.func @nchw_f16
//  CHECK-SAME:   %[[DY:[^:]*]]: tensor<?x?x?x?xf16>, %[[X:[^:]*]]: tensor<?x?x?x?xf16>
//       CHECK:   %[[DYF:.*]] = tensor.collapse_shape %[[DY]] {{\[}}[0], [1], [2, 3]]
//       CHECK:   %[[XF:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1], [2, 3]]
//       CHECK:   %[[STATE0:.*]] = tensor.empty(%{{.*}}) : tensor<?x16xf32>
//       CHECK:   %[[ZEROS:.*]] = scf.for
//  CHECK-NEXT:     vector.transfer_write %cst
// Pass 1: the sums.
//       CHECK:   scf.for %[[N:[a-z0-9_]+]] = %c0 to %{{.*}} -> (tensor<?x16xf32>)
//  CHECK-NEXT:     scf.for %[[C:[a-z0-9_]+]] = %c0 to %{{.*}} -> (tensor<?x16xf32>)
//       CHECK:       scf.for %[[J:[a-z0-9_]+]] = %c0 to %{{.*}} step %c16 iter_args(%[[A0:.*]] = %cst, %[[A1:.*]] = %cst, %[[B0:.*]] = %cst, %[[B1:.*]] = %cst) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:         %[[DYV:.*]] = vector.transfer_read %[[DYF]][%[[N]], %[[C]], %[[J]]]{{.*}} : tensor<?x?x?xf16>, vector<8xf16>
//       CHECK:         %[[DY32:.*]] = arith.extf %[[DYV]] : vector<8xf16> to vector<8xf32>
//       CHECK:         %[[XV:.*]] = vector.transfer_read %[[XF]][%[[N]], %[[C]], %[[J]]]
//       CHECK:         %[[X32:.*]] = arith.extf %[[XV]]
//       CHECK:         %[[D:.*]] = arith.subf %[[X32]], %{{.*}} : vector<8xf32>
//       CHECK:         %[[XHAT:.*]] = arith.mulf %[[D]], %{{.*}} : vector<8xf32>
//       CHECK:         %[[T:.*]] = arith.mulf %[[DY32]], %[[XHAT]] : vector<8xf32>
//       CHECK:         arith.addf %[[A0]], %[[DY32]] fastmath<reassoc> : vector<8xf32>
//       CHECK:         arith.addf %[[B0]], %[[T]] fastmath<reassoc> : vector<8xf32>
//       CHECK:       vector.create_mask
//       CHECK:       arith.select %{{.*}}, %{{.*}}, %cst : vector<8xi1>, vector<8xf32>
//       CHECK:       vector.transfer_write %{{.*}}, %{{.*}}[%[[C]], %c0] {{.*}} : vector<8xf32>, tensor<?x16xf32>
//       CHECK:       vector.transfer_write %{{.*}}, %{{.*}}[%[[C]], %c8] {{.*}} : vector<8xf32>, tensor<?x16xf32>
// Per channel: the sums and the coefficients.
//       CHECK:   %[[PER:.*]]:5 = scf.for
//       CHECK:     vector.reduction <add>, %{{.*}} fastmath<reassoc> : vector<8xf32> into f32
//       CHECK:     vector.reduction <add>, %{{.*}} fastmath<reassoc> : vector<8xf32> into f32
// Pass 2: dx.
//       CHECK:   %[[OUT:.*]] = scf.for
//       CHECK:     scf.for
//       CHECK:       scf.for
//       CHECK:         math.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<8xf32>
//       CHECK:         %[[DX:.*]] = math.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<8xf32>
//       CHECK:         %[[DX16:.*]] = arith.truncf %[[DX]] : vector<8xf32> to vector<8xf16>
//       CHECK:         vector.transfer_write %[[DX16]]
// dscale and dbias rounded to f16.
//       CHECK:   arith.truncf %{{.*}} : vector<8xf32> to vector<8xf16>
//       CHECK:   arith.truncf %{{.*}} : vector<8xf32> to vector<8xf16>
//       CHECK:   %[[DXR:.*]] = tensor.reshape %[[OUT]]
//       CHECK:   return %[[DXR]]
func.func @nchw_f16(%dy: tensor<?x?x?x?xf16>, %x: tensor<?x?x?x?xf16>, %m: tensor<?xf32>, %v: tensor<?xf32>, %g: tensor<?xf16>) -> (tensor<?x?x?x?xf16>, tensor<?xf16>, tensor<?xf16>) {
  %dx, %dg, %db = norm.batch_norm_grad %dy x(%x : tensor<?x?x?x?xf16>) mean(%m : tensor<?xf32>) var(%v : tensor<?xf32>) scale(%g : tensor<?xf16>) : tensor<?x?x?x?xf16> -> dscale, dbias
  return %dx, %dg, %db : tensor<?x?x?x?xf16>, tensor<?xf16>, tensor<?xf16>
}

// -----

// Channels last: an scf.forall over blocks of rows writes each block's
// per-channel partial sums into [blocks * C] tensors (a chunk of 2 vectors
// of channels at a time, its 2 x 2 accumulators in registers over the rows
// of the last leading dim, then added to the block's per-channel tensors); an scf.for over the blocks adds them up
// in block order (the same bits for any thread count); a second scf.forall
// writes dx.

// CHECK-LABEL: func.func @nhwc
//       CHECK:   %[[PARTS:.*]]:2 = scf.forall (%[[BLOCK:[a-z0-9_]+]]) in (%[[BLOCKS:[a-z0-9_]+]]) shared_outs(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<?xf32>, tensor<?xf32>)
//       CHECK:     scf.for {{.*}} -> (tensor<?xf32>, tensor<?xf32>)
//       CHECK:       scf.for {{.*}} step %c16 {{.*}} -> (tensor<?xf32>, tensor<?xf32>)
//       CHECK:         scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:           arith.addf {{.*}} fastmath<reassoc> : vector<8xf32>
//       CHECK:         vector.transfer_read
//       CHECK:         arith.addf {{.*}} fastmath<reassoc> : vector<8xf32>
//       CHECK:         vector.transfer_write
//       CHECK:     scf.forall.in_parallel
//       CHECK:       tensor.parallel_insert_slice
//       CHECK:       tensor.parallel_insert_slice
//       CHECK:   %[[SUMS:.*]]:2 = scf.for %[[B:[a-z0-9_]+]] = %c0 to %[[BLOCKS]] step %c1 iter_args
//       CHECK:     %[[OFFSET:.*]] = arith.muli %[[B]], %{{.*}} : index
//       CHECK:     scf.for %[[J:[a-z0-9_]+]] = %c0 to %{{.*}} step %c8
//       CHECK:       %[[AT:.*]] = arith.addi %[[OFFSET]], %[[J]] : index
//       CHECK:       vector.transfer_read %[[PARTS]]#0[%[[AT]]]
//       CHECK:       vector.transfer_read %[[PARTS]]#1[%[[AT]]]
//       CHECK:   %[[DX:.*]] = scf.forall (%{{.*}}) in (%[[BLOCKS]]) shared_outs({{.*}}) -> (tensor<?x?x?xf32>)
//       CHECK:     math.fma
//       CHECK:     math.fma
//       CHECK:     tensor.parallel_insert_slice
//       CHECK:   return %[[DX]], %[[SUMS]]#1, %[[SUMS]]#0
func.func @nhwc(%dy: tensor<?x?x?xf32>, %x: tensor<?x?x?xf32>, %m: tensor<?xf32>, %v: tensor<?xf32>, %g: tensor<?xf32>) -> (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %dx, %dg, %db = norm.batch_norm_grad %dy x(%x : tensor<?x?x?xf32>) mean(%m : tensor<?xf32>) var(%v : tensor<?xf32>) scale(%g : tensor<?xf32>) {feature_axis = -1 : i64} : tensor<?x?x?xf32> -> dscale, dbias
  return %dx, %dg, %db : tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// Constant statistics (training = false) with dbias: one pass that sums dy
// and dy * xhat and writes dx = dy * k (k = scale * invStd) of the same
// vectors. Without dscale and dbias: one pass writing dx = dy * k, x never
// read.

// CHECK-LABEL: func.func @inference_dbias
//       CHECK:   %[[ONE:.*]]:2 = scf.for {{.*}} -> (tensor<?x16xf32>, tensor<4x8x20xbf16>)
//       CHECK:     scf.for
//       CHECK:       %[[DYV:.*]] = vector.transfer_read %arg0
//       CHECK:       %[[DY32:.*]] = arith.extf %[[DYV]] : vector<8xbf16> to vector<8xf32>
//       CHECK:       vector.transfer_read %arg1
//       CHECK:       arith.addf %[[DY32]], %cst fastmath<reassoc>
//       CHECK:       %[[DX:.*]] = arith.mulf %[[DY32]], %{{.*}} : vector<8xf32>
//       CHECK:       %[[DX16:.*]] = arith.truncf %[[DX]] : vector<8xf32> to vector<8xbf16>
//       CHECK:       vector.transfer_write %[[DX16]]
//   CHECK-NOT:   math.fma
//       CHECK:   return %[[ONE]]#1
func.func @inference_dbias(%dy: tensor<4x8x20xbf16>, %x: tensor<4x8x20xbf16>, %m: tensor<8xf32>, %v: tensor<8xf32>, %g: tensor<8xbf16>) -> (tensor<4x8x20xbf16>, tensor<8xbf16>) {
  %dx, %db = norm.batch_norm_grad %dy x(%x : tensor<4x8x20xbf16>) mean(%m : tensor<8xf32>) var(%v : tensor<8xf32>) scale(%g : tensor<8xbf16>) {training = false} : tensor<4x8x20xbf16> -> dbias
  return %dx, %db : tensor<4x8x20xbf16>, tensor<8xbf16>
}

// CHECK-LABEL: func.func @inference_dx
//   CHECK-NOT:   vector.transfer_read %arg1
//   CHECK-NOT:   vector.reduction
//       CHECK:   scf.for
//       CHECK:     scf.for
//       CHECK:       %[[DYV:.*]] = vector.transfer_read %arg0
//       CHECK:       %[[DX:.*]] = arith.mulf %[[DYV]], %{{.*}} : vector<8xf32>
//       CHECK:       vector.transfer_write %[[DX]]
//   CHECK-NOT:   vector.transfer_read %arg1
func.func @inference_dx(%dy: tensor<4x8x20xf32>, %x: tensor<4x8x20xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>, %g: tensor<8xf32>) -> tensor<4x8x20xf32> {
  %dx = norm.batch_norm_grad %dy x(%x : tensor<4x8x20xf32>) mean(%m : tensor<8xf32>) var(%v : tensor<8xf32>) scale(%g : tensor<8xf32>) {training = false} : tensor<4x8x20xf32>
  return %dx : tensor<4x8x20xf32>
}
