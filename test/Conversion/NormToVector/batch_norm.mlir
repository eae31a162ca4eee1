// RUN: norm-opt %s --convert-norm-to-vector="vector-width=8 unroll=4 stream-stores=1" --canonicalize --cse --split-input-file | FileCheck %s
// RUN: norm-opt %s --convert-norm-to-vector="vector-width=8 unroll=4 stream-stores=1 small-run-elements=64" --canonicalize --cse --split-input-file | FileCheck %s --check-prefix=SMALL

// BatchNorm-train of a bf16 [A, C, B] input (NCHW after
// norm-flatten-batch-norm), epsilon = 0, with running statistics. Three
// passes, each a loop over A whose body visits the channels in turn; per run
// of B elements: 4 independent vector<8xf32> accumulators (bf16 extended
// before any add), a loop of single vectors, and for the end of the run one
// masked vector (no scalar loop; the tail of every CPU kernel,
// VectorKernel.h). A run's accumulators
// are added up into one vector per sum and channel, kept in a [C, 8] tensor
// between runs, and reduced with one vector.reduction per sum and channel.

// CHECK-LABEL: func.func @train_nchw_bf16
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?xbf16>, %[[G:[^:]*]]: tensor<?xbf16>, %[[B:[^:]*]]: tensor<?xbf16>, %[[RM:[^:]*]]: tensor<?xf32>, %[[RV:[^:]*]]: tensor<?xf32>
//   CHECK-DAG:   %[[C32:.*]] = arith.constant 32 : index
//   CHECK-DAG:   %[[C8:.*]] = arith.constant 8 : index
//   CHECK-DAG:   %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
//       CHECK:   %[[LEN:.*]] = tensor.dim %[[X]], %c2
//       CHECK:   %[[REM:.*]] = arith.remui %[[LEN]], %[[C32]]
//       CHECK:   %[[MAIN:.*]] = arith.subi %[[LEN]], %[[REM]]
//       CHECK:   %[[REM8:.*]] = arith.remui %[[LEN]], %[[C8]]
//       CHECK:   %[[FULL:.*]] = arith.subi %[[LEN]], %[[REM8]]
// Runs of whole cache lines (B * 2 bytes % 64 == 0) may stream.
//       CHECK:   %[[BYTES:.*]] = arith.muli %[[LEN]], %c2
//       CHECK:   %[[LINE:.*]] = arith.remui %[[BYTES]], %c64
//       CHECK:   %[[WHOLE:.*]] = arith.cmpi eq, %[[LINE]], %c0
//       CHECK:   %[[STREAM:.*]] = arith.select %[[WHOLE]], %[[MAIN]], %c0
// The state of pass 1 starts at 0: one vector per channel.
//       CHECK:   scf.for {{.*}} -> (tensor<?x8xf32>)
//       CHECK:     vector.transfer_write %[[ZERO]], %{{.*}}[%{{.*}}, %c0]
// Pass 1: sum(x) with 4 accumulators per run, added up into the channel's
// vector of the state tensor.
//       CHECK:   %[[S1:.*]] = scf.for %[[A:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c1 iter_args(%{{.*}} = %{{.*}}) -> (tensor<?x8xf32>)
//       CHECK:     scf.for %[[C:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c1 iter_args(%[[ST:[a-z0-9_#]+]] = %{{.*}}) -> (tensor<?x8xf32>)
//       CHECK:       %[[ACC:.*]]:4 = scf.for %[[J:[a-z0-9_#]+]] = %c0 to %[[MAIN]] step %[[C32]] iter_args(%{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]]) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:         %[[V:.*]] = vector.transfer_read %[[X]][%[[A]], %[[C]], %[[J]]], %{{.*}} {in_bounds = [true]} : tensor<?x?x?xbf16>, vector<8xbf16>
//       CHECK:         %[[E:.*]] = arith.extf %[[V]] : vector<8xbf16> to vector<8xf32>
//       CHECK:         arith.addf %{{.*}}, %[[E]] fastmath<reassoc> : vector<8xf32>
//       CHECK:       %[[ONE:.*]] = scf.for %[[JS:[a-z0-9_#]+]] = %[[MAIN]] to %[[FULL]] step %[[C8]] iter_args(%{{.*}} = %[[ACC]]#0) -> (vector<8xf32>)
//       CHECK:       %[[PARTIAL:.*]] = arith.cmpi ult, %[[FULL]], %[[LEN]]
//       CHECK:       scf.if %[[PARTIAL]] -> (vector<8xf32>)
//       CHECK:         %[[LEFT:.*]] = arith.subi %[[LEN]], %[[FULL]]
//       CHECK:         %[[MASK:.*]] = vector.create_mask %[[LEFT]] : vector<8xi1>
//       CHECK:         vector.transfer_read %[[X]][%[[A]], %[[C]], %[[FULL]]], %{{.*}}, %[[MASK]] {in_bounds = [true]}
//       CHECK:         arith.select %[[MASK]], %{{.*}}, %[[ZERO]]
//       CHECK:       } else {
//       CHECK:         scf.yield %[[ONE]]
//       CHECK:       %[[OLDSUM:.*]] = vector.transfer_read %[[ST]][%[[C]], %c0]
//       CHECK:       %[[NEWSUM:.*]] = arith.addf %[[OLDSUM]], %{{.*}} fastmath<reassoc> : vector<8xf32>
//       CHECK:       vector.transfer_write %[[NEWSUM]], %[[ST]][%[[C]], %c0] {in_bounds = [true]} : vector<8xf32>, tensor<?x8xf32>
// One horizontal reduction per channel: the first mean m1.
//       CHECK:   %[[M1:.*]] = scf.for %[[C1:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c1 iter_args(%{{.*}} = %{{.*}}) -> (tensor<?xf32>)
//       CHECK:     %[[RED:.*]] = vector.reduction <add>, %{{.*}} fastmath<reassoc> : vector<8xf32> into f32
//       CHECK:     arith.divf %[[RED]], %{{.*}} : f32
//   CHECK-NOT:     vector.reduction
//       CHECK:     tensor.insert
// Pass 2: sum(d), sum(d^2) of d = x - m1 (8 accumulators); the masked-off
// lanes of the last vector add 0.
//       CHECK:   scf.for {{.*}} -> (tensor<?x16xf32>)
//       CHECK:     vector.transfer_write %[[ZERO]], %{{.*}}[%{{.*}}, %c8]
//       CHECK:   scf.for {{.*}} -> (tensor<?x16xf32>)
//       CHECK:     scf.for %[[C2:[a-z0-9_#]+]] = {{.*}} -> (tensor<?x16xf32>)
//       CHECK:       %[[M1C:.*]] = tensor.extract %[[M1]][%[[C2]]] : tensor<?xf32>
//       CHECK:       %[[M1V:.*]] = vector.broadcast %[[M1C]] : f32 to vector<8xf32>
//       CHECK:       scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:         %[[D:.*]] = arith.subf %{{.*}}, %[[M1V]] : vector<8xf32>
//       CHECK:         arith.mulf %[[D]], %[[D]] : vector<8xf32>
//       CHECK:       scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>)
//       CHECK:       scf.if
//       CHECK:         %[[NEW2:.*]] = vector.create_mask
//       CHECK:         %[[DM:.*]] = arith.subf %{{.*}}, %[[M1V]] : vector<8xf32>
//       CHECK:         %[[DM2:.*]] = arith.mulf %[[DM]], %[[DM]] : vector<8xf32>
//       CHECK:         arith.select %[[NEW2]], %[[DM]], %[[ZERO]] : vector<8xi1>, vector<8xf32>
//       CHECK:         arith.select %[[NEW2]], %[[DM2]], %[[ZERO]] : vector<8xi1>, vector<8xf32>
// Per channel: two reductions, the corrected variance, rstd and the running
// statistics (ONNX momentum 0.9, unbiased variance x n / (n - 1)).
//       CHECK:   %[[ST:[a-z0-9_#]+]]:6 = scf.for
//       CHECK:     vector.reduction <add>
//       CHECK:     vector.reduction <add>
//   CHECK-NOT:     vector.reduction
//       CHECK:     %[[CORR:.*]] = arith.divf
//       CHECK:     %[[MSQ:.*]] = arith.divf
//       CHECK:     %[[CSQ:.*]] = arith.mulf %[[CORR]], %[[CORR]] : f32
//       CHECK:     %[[VAR0:.*]] = arith.subf %[[MSQ]], %[[CSQ]] : f32
//       CHECK:     %[[VAR:.*]] = arith.maximumf %[[VAR0]], %{{.*}} : f32
//       CHECK:     math.sqrt
//       CHECK:     tensor.extract %[[RM]]
//       CHECK:     arith.mulf %{{.*}}, %cst_{{.*}} : f32
//       CHECK:     tensor.extract %[[RV]]
// Pass 3: ((x - m1) - c) * rstd, 0 where the deviation is 0 (epsilon = 0),
// * scale + bias, truncated to bf16; the main loop is marked for streaming
// stores (of runs that start on a cache line) up to %[[STREAM]], and a plain
// copy of it does the rest; the last vector is written masked.
//       CHECK:   scf.for %[[A3:[a-z0-9_#]+]] = {{.*}} -> (tensor<?x?x?xbf16>)
//       CHECK:     scf.for %[[C3:[a-z0-9_#]+]] = {{.*}} -> (tensor<?x?x?xbf16>)
//       CHECK:       tensor.extract %[[G]][%[[C3]]] : tensor<?xbf16>
//       CHECK:       %[[W1:.*]] = scf.for %[[JW:[a-z0-9_#]+]] = %c0 to %[[STREAM]] step %[[C32]] iter_args(%[[O:[a-z0-9_#]+]] = %{{.*}}) -> (tensor<?x?x?xbf16>)
//       CHECK:         %[[D1:.*]] = arith.subf %{{.*}}, %{{.*}} : vector<8xf32>
//       CHECK:         %[[D2:.*]] = arith.subf %[[D1]], %{{.*}} : vector<8xf32>
//       CHECK:         %[[Y:.*]] = arith.mulf %[[D2]], %{{.*}} : vector<8xf32>
//       CHECK:         %[[IS0:.*]] = arith.cmpf oeq, %[[D2]], %[[ZERO]] : vector<8xf32>
//       CHECK:         arith.select %[[IS0]], %[[ZERO]], %[[Y]] : vector<8xi1>, vector<8xf32>
//       CHECK:         %[[T:.*]] = arith.truncf %{{.*}} : vector<8xf32> to vector<8xbf16>
//       CHECK:         vector.transfer_write %[[T]], %[[O]][%[[A3]], %[[C3]], %[[JW]]] {in_bounds = [true]} : vector<8xbf16>, tensor<?x?x?xbf16>
//       CHECK:       } {norm.stream_stores = 64 : i64}
//       CHECK:       scf.for %{{.*}} = %[[STREAM]] to %[[MAIN]] step %[[C32]] iter_args(%{{.*}} = %[[W1]])
//   CHECK-NOT:       norm.stream_stores
//       CHECK:       scf.for %{{.*}} = %[[MAIN]] to %[[FULL]] step %[[C8]]
//       CHECK:       scf.if
//       CHECK:         %[[MASK3:.*]] = vector.create_mask
//       CHECK:         vector.transfer_write %{{.*}}, %{{.*}}[%[[A3]], %[[C3]], %[[FULL]]], %[[MASK3]] {in_bounds = [true]} : vector<8xbf16>, tensor<?x?x?xbf16>
//       CHECK:   return %{{.*}}, %[[ST]]#2, %[[ST]]#3, %[[ST]]#4, %[[ST]]#5
//   CHECK-NOT:   norm.batch_norm_train
func.func @train_nchw_bf16(%x: tensor<?x?x?xbf16>, %g: tensor<?xbf16>, %b: tensor<?xbf16>, %rm: tensor<?xf32>, %rv: tensor<?xf32>)
    -> (tensor<?x?x?xbf16>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %y, %bm, %bv, %nrm, %nrv = norm.batch_norm_train %x scale(%g : tensor<?xbf16>) bias(%b : tensor<?xbf16>) running_mean(%rm : tensor<?xf32>) running_var(%rv : tensor<?xf32>)
      {epsilon = 0.0 : f32, unbiased_running_var = true}
      : tensor<?x?x?xbf16> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %bm, %bv, %nrm, %nrv : tensor<?x?x?xbf16>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// Inference over [N, C, B]: loops over N and the channels; per run one
// streaming pass writing (x - mean) * rstd * scale + bias, rstd computed once
// per run from var; no guard with epsilon > 0. B = 112 floats is 7 cache
// lines: the marked main loop covers [0, 96), single vectors the rest.

// CHECK-LABEL: func.func @inference_nchw
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<4x16x112xf32>, %[[G:[^:]*]]: tensor<16xf32>, %[[B:[^:]*]]: tensor<16xf32>, %[[M:[^:]*]]: tensor<16xf32>, %[[V:[^:]*]]: tensor<16xf32>
//       CHECK:   scf.for %[[N:[a-z0-9_#]+]] = %c0 to %c4 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (tensor<4x16x112xf32>)
//       CHECK:     scf.for %[[C:[a-z0-9_#]+]] = %c0 to %c16 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (tensor<4x16x112xf32>)
//       CHECK:       %[[MEAN:.*]] = tensor.extract %[[M]][%[[C]]]
//       CHECK:       %[[VAR:.*]] = tensor.extract %[[V]][%[[C]]]
//       CHECK:       %[[VE:.*]] = arith.addf %[[VAR]], %{{.*}} : f32
//       CHECK:       %[[SQ:.*]] = math.sqrt %[[VE]] : f32
//       CHECK:       %[[RSTD:.*]] = arith.divf %{{.*}}, %[[SQ]] : f32
//       CHECK:       scf.for %[[J:[a-z0-9_#]+]] = %c0 to %c96 step %c32
//       CHECK:         vector.transfer_read %[[X]][%[[N]], %[[C]], %[[J]]]
//   CHECK-NOT:         arith.select
//       CHECK:         vector.transfer_write {{.*}} {in_bounds = [true]} : vector<8xf32>, tensor<4x16x112xf32>
//       CHECK:       } {norm.stream_stores = 64 : i64}
//       CHECK:       scf.for %{{.*}} = %c96 to %c112 step %c8
//   CHECK-NOT:       vector.create_mask
//   CHECK-NOT:       vector.constant_mask
func.func @inference_nchw(%x: tensor<4x16x112xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) -> tensor<4x16x112xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<16xf32>) bias(%b : tensor<16xf32>) mean(%m : tensor<16xf32>) var(%v : tensor<16xf32>) {epsilon = 1.0e-05 : f32} : tensor<4x16x112xf32>
  return %y : tensor<4x16x112xf32>
}

// -----

// Runs of 81 floats are not whole cache lines: nothing streams (no marked
// loop); the last vector, at 80, is masked to its one element.

// CHECK-LABEL: func.func @inference_nchw_odd_runs
//   CHECK-NOT:   norm.stream_stores
//       CHECK:   scf.for %{{.*}} = %c0 to %c64 step %c32
//       CHECK:   scf.for %{{.*}} = %c64 to %c80 step %c8
//       CHECK:   %[[LAST:.*]] = vector.constant_mask [1] : vector<8xi1>
//       CHECK:   vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}, %c80], %[[LAST]] {in_bounds = [true]} : vector<8xf32>, tensor<4x16x81xf32>
//   CHECK-NOT:   vector.create_mask
func.func @inference_nchw_odd_runs(%x: tensor<4x16x81xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) -> tensor<4x16x81xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<16xf32>) bias(%b : tensor<16xf32>) mean(%m : tensor<16xf32>) var(%v : tensor<16xf32>) {epsilon = 1.0e-05 : f32} : tensor<4x16x81xf32>
  return %y : tensor<4x16x81xf32>
}

// -----

// Runs shorter than a vector (B = 3) keep the masked last vector.

// CHECK-LABEL: func.func @inference_nchw_short_runs
//       CHECK:   %[[MASK:.*]] = vector.constant_mask [3] : vector<8xi1>
//       CHECK:   vector.transfer_read %{{.*}}[%{{.*}}, %{{.*}}, %c0], %{{.*}}, %[[MASK]] {in_bounds = [true]}
//       CHECK:   vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}, %c0], %[[MASK]] {in_bounds = [true]}
func.func @inference_nchw_short_runs(%x: tensor<4x16x3xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) -> tensor<4x16x3xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<16xf32>) bias(%b : tensor<16xf32>) mean(%m : tensor<16xf32>) var(%v : tensor<16xf32>) {epsilon = 1.0e-05 : f32} : tensor<4x16x3xf32>
  return %y : tensor<4x16x3xf32>
}

// -----

// Channels last (NHWC) training: the statistics in one memory pass over
// blocks of images (whole indices of dim 0), in parallel (scf.forall), then
// merged with Chan's formula; a second parallel pass normalizes. Sums are
// vectorized across the channels: a chunk of 4 vectors of channels adds up
// the W rows of an (n, h) in registers, then adds them to the per-channel
// sums.

// CHECK-LABEL: func.func @train_nhwc
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?x?xf32>
// The shift K: the per-channel mean of the first block.
//       CHECK:   %[[FIRST:.*]] = tensor.extract_slice %[[X]][0, 0, 0, 0]
//       CHECK:   scf.for %[[N0:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c1 {{.*}} -> (tensor<?xf32>)
//       CHECK:     scf.for %[[H0:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c1 {{.*}} -> (tensor<?xf32>)
//       CHECK:       scf.for %[[J0:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c32 iter_args(%[[S0:[a-z0-9_#]+]] = %{{.*}}) -> (tensor<?xf32>)
//       CHECK:         %[[ROWS:.*]]:4 = scf.for %[[W0:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c1 iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:           vector.transfer_read %[[FIRST]][%[[N0]], %[[H0]], %[[W0]], %[[J0]]]
//       CHECK:         %[[OLD:.*]] = vector.transfer_read %[[S0]][%[[J0]]]
//       CHECK:         %[[NEW:.*]] = arith.addf %[[OLD]], %[[ROWS]]#0 fastmath<reassoc> : vector<8xf32>
//       CHECK:         vector.transfer_write %[[NEW]], %[[S0]][%[[J0]]] {in_bounds = [true]} : vector<8xf32>, tensor<?xf32>
//       CHECK:   %[[K:.*]] = scf.for %{{.*}} = %c0 to %{{.*}} step %c8 iter_args(%{{.*}} = %{{.*}}) -> (tensor<?xf32>)
//       CHECK:     vector.create_mask
//       CHECK:     arith.divf %{{.*}}, %{{.*}} : vector<8xf32>
// Per block, in parallel: the moments of y = x - K about the block's mean.
//       CHECK:   %[[MOM:.*]]:2 = scf.forall (%[[BLK:.*]]) in (%{{.*}}) shared_outs({{.*}}) -> (tensor<?xf32>, tensor<?xf32>)
//       CHECK:     %[[SLICE:.*]] = tensor.extract_slice %[[X]][%{{.*}}, 0, 0, 0]
//       CHECK:     scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:       %[[XV:.*]] = vector.transfer_read %[[SLICE]]
//       CHECK:       arith.subf %[[XV]], %{{.*}} : vector<8xf32>
//       CHECK:     scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:       %[[Y:.*]] = arith.subf %{{.*}}, %{{.*}} : vector<8xf32>
//       CHECK:       %[[D:.*]] = arith.subf %[[Y]], %{{.*}} : vector<8xf32>
//       CHECK:       arith.mulf %[[D]], %[[D]] : vector<8xf32>
//       CHECK:     arith.maximumf %{{.*}}, %{{.*}} : vector<8xf32>
//       CHECK:     scf.forall.in_parallel
//       CHECK:       tensor.parallel_insert_slice
//       CHECK:       tensor.parallel_insert_slice
// Chan's merge over the blocks, in order, vectorized over the channels.
//       CHECK:   %[[MERGED:.*]]:3 = scf.for %{{.*}} iter_args({{.*}}) -> (f32, tensor<?xf32>, tensor<?xf32>)
//       CHECK:     %[[AFTER:.*]] = arith.addf %{{.*}}, %{{.*}} : f32
//       CHECK:     arith.divf %{{.*}}, %[[AFTER]] : f32
//       CHECK:     scf.for {{.*}} -> (tensor<?xf32>, tensor<?xf32>)
//       CHECK:       %[[DELTA:.*]] = arith.subf %{{.*}}, %{{.*}} : vector<8xf32>
//       CHECK:       arith.mulf %[[DELTA]], %[[DELTA]] : vector<8xf32>
// Statistics as vectors over the channels.
//       CHECK:   scf.for {{.*}} -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>)
//       CHECK:     arith.maximumf %{{.*}}, %{{.*}} : vector<8xf32>
//       CHECK:     math.sqrt %{{.*}} : vector<8xf32>
// Per block, in parallel: ((x - K) - mean') * rstd * scale + bias, streamed
// when rows are whole cache lines; the blocks in reverse order (the last
// ones the statistics read, still in the cache, first).
//       CHECK:   %[[LASTBLK:.*]] = arith.subi %[[NBLK:.*]], %c1 : index
//       CHECK:   scf.forall (%[[IT:.*]]) in (%[[NBLK]])
//       CHECK:     %[[REV:.*]] = arith.subi %[[LASTBLK]], %[[IT]] : index
//       CHECK:     %[[REVSTART:.*]] = arith.muli %[[REV]], %{{.*}} : index
//       CHECK:     tensor.extract_slice %[[X]][%[[REVSTART]], 0, 0, 0]
//       CHECK:     scf.for
//       CHECK:       scf.for
//       CHECK:         scf.for
//       CHECK:           scf.for %[[JW:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c32
//       CHECK:             vector.transfer_read %[[K]][%[[JW]]], %{{.*}} {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
//       CHECK:             vector.transfer_read %[[MERGED]]#1[%[[JW]]], %{{.*}} {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
//       CHECK:           } {norm.stream_stores = 64 : i64}
//       CHECK:     scf.forall.in_parallel
func.func @train_nhwc(%x: tensor<?x?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> (tensor<?x?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {feature_axis = 3 : i64}
      : tensor<?x?x?x?xf32> -> batch_mean, batch_var
  return %y, %m, %v : tensor<?x?x?x?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// Channels-last inference, the rows of C channels in parallel blocks: per
// channel, once, a = rstd * scale and (f16: in f32) the mean and the bias;
// then each row is fma(x - mean, a, bias), 4 vectors of channels per
// iteration with the per-channel vectors read in the loop. Rows of 96
// halves are 3 cache lines: the whole row streams. The static 10 rows are
// one block (the forall folds away).

// CHECK-LABEL: func.func @inference_nhwc_f16
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<2x5x96xf16>, %[[G:[^:]*]]: tensor<96xf16>, %[[B:[^:]*]]: tensor<96xf16>, %[[M:[^:]*]]: tensor<96xf16>, %[[V:[^:]*]]: tensor<96xf16>
//       CHECK:   %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<2x5x96xf16> into tensor<10x96xf16>
//       CHECK:   %[[C:.*]]:3 = scf.for %[[JR:[a-z0-9_#]+]] = %c0 to %c96 step %c8 iter_args({{.*}}) -> (tensor<96xf32>, tensor<96xf32>, tensor<96xf32>)
//       CHECK:     %[[VAR:.*]] = vector.transfer_read %[[V]][%[[JR]]]
//       CHECK:     arith.extf %[[VAR]] : vector<8xf16> to vector<8xf32>
//       CHECK:     %[[SQRT:.*]] = math.sqrt %{{.*}} : vector<8xf32>
//       CHECK:     %[[RSTD:.*]] = arith.divf %{{.*}}, %[[SQRT]] : vector<8xf32>
//       CHECK:     %[[GV:.*]] = vector.transfer_read %[[G]][%[[JR]]]
//       CHECK:     %[[GF:.*]] = arith.extf %[[GV]] : vector<8xf16> to vector<8xf32>
//       CHECK:     arith.mulf %[[RSTD]], %[[GF]] : vector<8xf32>
//       CHECK:     vector.transfer_read %[[M]][%[[JR]]]
//       CHECK:     vector.transfer_read %[[B]][%[[JR]]]
//       CHECK:   scf.for %[[R:[a-z0-9_#]+]] = %c0 to %c10 step %c1
//       CHECK:     scf.for %[[J:[a-z0-9_#]+]] = %c0 to %c96 step %c32
//       CHECK:       %[[XV:.*]] = vector.transfer_read %[[ROWS]][%[[R]], %[[J]]]
//       CHECK:       %[[XF:.*]] = arith.extf %[[XV]] : vector<8xf16> to vector<8xf32>
//       CHECK:       %[[MV:.*]] = vector.transfer_read %[[C]]#1[%[[J]]]
//       CHECK:       %[[AV:.*]] = vector.transfer_read %[[C]]#0[%[[J]]]
//       CHECK:       %[[BV:.*]] = vector.transfer_read %[[C]]#2[%[[J]]]
//       CHECK:       %[[D:.*]] = arith.subf %[[XF]], %[[MV]] : vector<8xf32>
//       CHECK:       %[[Y:.*]] = math.fma %[[D]], %[[AV]], %[[BV]] : vector<8xf32>
//       CHECK:       arith.truncf %[[Y]] : vector<8xf32> to vector<8xf16>
//       CHECK-COUNT-3: math.fma
//       CHECK:     } {norm.stream_stores = 64 : i64}
//       CHECK:   tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2]] output_shape [2, 5, 96] : tensor<10x96xf16> into tensor<2x5x96xf16>
func.func @inference_nhwc_f16(%x: tensor<2x5x96xf16>, %g: tensor<96xf16>, %b: tensor<96xf16>, %m: tensor<96xf16>, %v: tensor<96xf16>) -> tensor<2x5x96xf16> {
  %y = norm.batch_norm %x scale(%g : tensor<96xf16>) bias(%b : tensor<96xf16>) mean(%m : tensor<96xf16>) var(%v : tensor<96xf16>) {feature_axis = -1 : i64} : tensor<2x5x96xf16>
  return %y : tensor<2x5x96xf16>
}

// -----

// Dynamic: blocks of ceil(4096 / C) rows in parallel, over the N * H * W
// rows of [N, H, W, C] viewed as [R, C]; the f32 mean and bias are read
// from the op's operands. Each row: the streaming main loop (whole cache
// lines) or the plain one, the full vectors left, then one masked vector
// for C % 8. The output goes back to 4 dynamic dims through tensor.reshape
// (a memref.expand_shape of several dynamic dims crashes LLVM 22).

// CHECK-LABEL: func.func @inference_nhwc_dynamic
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?x?xf32>, %{{[^:]*}}: tensor<?xf32>, %[[B:[^:]*]]: tensor<?xf32>, %[[M:[^:]*]]: tensor<?xf32>
//       CHECK:   %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2], [3]] : tensor<?x?x?x?xf32> into tensor<?x?xf32>
//   CHECK-DAG:   %[[C:.*]] = tensor.dim %[[ROWS]], %c1
//   CHECK-DAG:   %[[R:.*]] = tensor.dim %[[ROWS]], %c0
//       CHECK:   %[[A:.*]] = scf.for {{.*}} -> (tensor<?xf32>)
//       CHECK:     math.sqrt
//       CHECK:   %[[ATLEAST1:.*]] = arith.maxui %[[C]], %c1 : index
//       CHECK:   %[[PER:.*]] = arith.ceildivui %c4096, %[[ATLEAST1]] : index
//       CHECK:   %[[BLOCKS:.*]] = arith.ceildivui %[[R]], %[[PER]] : index
//       CHECK:   %[[OUT:.*]] = scf.forall (%[[BLK:.*]]) in (%[[BLOCKS]]) shared_outs(%{{.*}}) -> (tensor<?x?xf32>)
//       CHECK:     %[[START:.*]] = arith.muli %[[BLK]], %[[PER]] : index
//       CHECK:     %[[SLICE:.*]] = tensor.extract_slice %[[ROWS]][%[[START]], 0] [%[[SIZE:.*]], %{{.*}}] [1, 1]
//       CHECK:     scf.for %[[ROW:[a-z0-9_#]+]] = %c0 to %[[SIZE]] step %c1
//       CHECK:       scf.for %[[J:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c32
//       CHECK:         %[[XV:.*]] = vector.transfer_read %[[SLICE]][%[[ROW]], %[[J]]]
//       CHECK:         %[[MV:.*]] = vector.transfer_read %[[M]][%[[J]]]
//       CHECK:         %[[AV:.*]] = vector.transfer_read %[[A]][%[[J]]]
//       CHECK:         %[[BV:.*]] = vector.transfer_read %[[B]][%[[J]]]
//       CHECK:         %[[D:.*]] = arith.subf %[[XV]], %[[MV]] : vector<8xf32>
//       CHECK:         math.fma %[[D]], %[[AV]], %[[BV]] : vector<8xf32>
//       CHECK:       } {norm.stream_stores = 64 : i64}
//       CHECK:       scf.for %{{.*}} step %c32
//       CHECK:       scf.for %{{.*}} step %c8
//       CHECK:       scf.if
//       CHECK:         %[[MASK:.*]] = vector.create_mask %{{.*}} : vector<8xi1>
//       CHECK:         vector.transfer_read %[[SLICE]][%[[ROW]], %{{.*}}], %{{.*}}, %[[MASK]]
//       CHECK:         math.fma
//       CHECK:         vector.transfer_write %{{.*}}, %{{.*}}[%[[ROW]], %{{.*}}], %[[MASK]]
//       CHECK:     scf.forall.in_parallel
//       CHECK:       tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%[[START]], 0] [%[[SIZE]], %{{.*}}] [1, 1]
//       CHECK:   %[[SHAPE:.*]] = tensor.from_elements
//       CHECK:   tensor.reshape %[[OUT]](%[[SHAPE]]) : (tensor<?x?xf32>, tensor<4xindex>) -> tensor<?x?x?x?xf32>
func.func @inference_nhwc_dynamic(%x: tensor<?x?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>, %m: tensor<?xf32>, %v: tensor<?xf32>) -> tensor<?x?x?x?xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) mean(%m : tensor<?xf32>) var(%v : tensor<?xf32>) {feature_axis = 3 : i64} : tensor<?x?x?x?xf32>
  return %y : tensor<?x?x?x?xf32>
}

// -----

// A static C of at most `unroll` vectors (20 = 2 full vectors and one of 4
// lanes): the per-channel vectors are read once, before the parallel loop,
// and the input is one flat run swept a row (20 elements) per iteration:
// 3 fma per row, the last vector masked. epsilon = 0: a zero variance makes
// a infinite, so x == mean selects the bias. Masked rows do not stream.

// CHECK-LABEL: func.func @inference_nhwc_few_channels
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x3x20xf32>, %{{[^:]*}}: tensor<20xf32>, %[[B:[^:]*]]: tensor<20xf32>, %[[M:[^:]*]]: tensor<20xf32>
//       CHECK:   %[[A:.*]] = scf.for {{.*}} -> (tensor<20xf32>)
//       CHECK:   %[[M0:.*]] = vector.transfer_read %[[M]][%c0]
//       CHECK:   %[[A0:.*]] = vector.transfer_read %[[A]][%c0]
//       CHECK:   %[[B0:.*]] = vector.transfer_read %[[B]][%c0]
//       CHECK:   %[[M1:.*]] = vector.transfer_read %[[M]][%c8]
//       CHECK:   %[[A1:.*]] = vector.transfer_read %[[A]][%c8]
//       CHECK:   %[[B1:.*]] = vector.transfer_read %[[B]][%c8]
//       CHECK:   %[[LAST:.*]] = vector.constant_mask [4] : vector<8xi1>
//       CHECK:   %[[M2:.*]] = vector.transfer_read %[[M]][%c16], %{{.*}}, %[[LAST]]
//       CHECK:   %[[A2:.*]] = vector.transfer_read %[[A]][%c16], %{{.*}}, %[[LAST]]
//       CHECK:   %[[B2:.*]] = vector.transfer_read %[[B]][%c16], %{{.*}}, %[[LAST]]
//       CHECK:   %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<?x3x20xf32> into tensor<?xf32>
//       CHECK:   scf.forall
//       CHECK:     %[[SLICE:.*]] = tensor.extract_slice %[[FLAT]]
//       CHECK:     scf.for %[[ROW:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c20
//   CHECK-NOT:       vector.transfer_read %[[M]]
//       CHECK:       %[[X0:.*]] = vector.transfer_read %[[SLICE]][%[[ROW]]]
//       CHECK:       %[[D0:.*]] = arith.subf %[[X0]], %[[M0]]
//       CHECK:       %[[Y0:.*]] = math.fma %[[D0]], %[[A0]], %[[B0]]
//       CHECK:       %[[Z0:.*]] = arith.cmpf oeq, %[[D0]], %{{.*}} : vector<8xf32>
//       CHECK:       arith.select %[[Z0]], %[[B0]], %[[Y0]]
//       CHECK:       math.fma %{{.*}}, %[[A1]], %[[B1]]
//       CHECK:       %[[AT2:.*]] = arith.addi %[[ROW]], %c16
//       CHECK:       vector.transfer_read %[[SLICE]][%[[AT2]]], %{{.*}}, %[[LAST]]
//       CHECK:       math.fma %{{.*}}, %[[A2]], %[[B2]]
//       CHECK:       vector.transfer_write %{{.*}}, %{{.*}}[%[[AT2]]], %[[LAST]]
//   CHECK-NOT:     norm.stream_stores
//       CHECK:   tensor.expand_shape %{{.*}} {{\[}}[0, 1, 2]] output_shape [%{{.*}}, 3, 20] : tensor<?xf32> into tensor<?x3x20xf32>
func.func @inference_nhwc_few_channels(%x: tensor<?x3x20xf32>, %g: tensor<20xf32>, %b: tensor<20xf32>, %m: tensor<20xf32>, %v: tensor<20xf32>) -> tensor<?x3x20xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<20xf32>) bias(%b : tensor<20xf32>) mean(%m : tensor<20xf32>) var(%v : tensor<20xf32>) {epsilon = 0.0 : f32, feature_axis = -1 : i64} : tensor<?x3x20xf32>
  return %y : tensor<?x3x20xf32>
}

// -----

// Rows of 32 f32 (4 vectors, 2 cache lines, no mask): the flat row loop
// streams.

// CHECK-LABEL: func.func @inference_nhwc_few_channels_lines
//       CHECK:   scf.forall
//       CHECK:     scf.for %{{.*}} = %c0 to %{{.*}} step %c32
//  CHECK-COUNT-4:    math.fma
//       CHECK:     } {norm.stream_stores = 64 : i64}
func.func @inference_nhwc_few_channels_lines(%x: tensor<?x32xf32>, %g: tensor<32xf32>, %b: tensor<32xf32>, %m: tensor<32xf32>, %v: tensor<32xf32>) -> tensor<?x32xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<32xf32>) bias(%b : tensor<32xf32>) mean(%m : tensor<32xf32>) var(%v : tensor<32xf32>) {feature_axis = 1 : i64} : tensor<?x32xf32>
  return %y : tensor<?x32xf32>
}

// -----

// Two or more dims after the channel (not flattened) stay for the linalg
// path.

// CHECK-LABEL: func.func @not_flattened
//       CHECK:   norm.batch_norm_train
func.func @not_flattened(%x: tensor<2x3x4x4xf32>, %p: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %y, %m, %v = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) : tensor<2x3x4x4xf32> -> batch_mean, batch_var
  return %y : tensor<2x3x4x4xf32>
}

// -----

// Small runs (a tile of channels marked by norm-tile-and-fuse): the tile is
// viewed as [N, K * B] (the same slice of its source with C and B merged),
// and every pass sweeps the K * B contiguous elements of each n as one run.
// Pass 1 adds x position-wise into an accumulator of K * B elements
// (nothing carried in registers, no reduction per run); each channel's B
// positions are reduced once, after it, and m1 spread over them.

// SMALL-LABEL: func.func @train_small_runs_tile
//  SMALL-SAME:   %[[X:[^:]*]]: tensor<?x?x?xf32>, %{{[^:]*}}: tensor<?xf32>, %{{[^:]*}}: tensor<?xf32>, %[[C0:[^:]*]]: index, %[[K:[^:]*]]: index
//   SMALL-DAG:   %[[B:.*]] = tensor.dim %[[X]], %c2
//       SMALL:   %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2]] : tensor<?x?x?xf32> into tensor<?x?xf32>
//       SMALL:   %[[START:.*]] = arith.muli %[[C0]], %[[B]] : index
//       SMALL:   %[[LEN:.*]] = arith.muli %[[K]], %[[B]] : index
//       SMALL:   %[[TILE:.*]] = tensor.extract_slice %[[FLAT]][0, %[[START]]] [%{{.*}}, %[[LEN]]] [1, 1]
//       SMALL:   %[[SUMS:.*]] = scf.for %[[N1:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c1 iter_args(%{{.*}}) -> (tensor<?xf32>)
//       SMALL:     scf.for %[[P1:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c32 iter_args(%[[ACC1:[a-z0-9_#]+]] = %{{.*}}) -> (tensor<?xf32>)
//       SMALL:       %[[X1:.*]] = vector.transfer_read %[[TILE]][%[[N1]], %[[P1]]]
//       SMALL:       %[[A1:.*]] = vector.transfer_read %[[ACC1]][%[[P1]]]
//       SMALL:       %[[S1:.*]] = arith.addf %[[A1]], %[[X1]] fastmath<reassoc> : vector<8xf32>
//       SMALL:       vector.transfer_write %[[S1]], %[[ACC1]][%[[P1]]] {in_bounds = [true]} : vector<8xf32>, tensor<?xf32>
//   SMALL-NOT:   vector.reduction
//       SMALL:   %[[M1:.*]]:2 = scf.for %[[C1:[a-z0-9_#]+]] = %c0 to %[[K]] step %c1
//       SMALL:     %[[AT1:.*]] = arith.muli %[[C1]], %[[B]] : index
//       SMALL:     scf.for %[[J1:[a-z0-9_#]+]] = %c0 to %[[B]] step %c8 iter_args(%{{.*}}) -> (vector<8xf32>)
//       SMALL:       %[[Q1:.*]] = arith.addi %[[AT1]], %[[J1]] : index
//       SMALL:       vector.transfer_read %[[SUMS]][%[[Q1]]]
//       SMALL:     vector.reduction <add>
//       SMALL:     arith.divf
// Pass 2: d = x - m1 (m1 read per position), d and d^2 added position-wise,
// then each channel's B positions reduced once per sum.
//       SMALL:   %[[DEV:.*]]:2 = scf.for %[[N2:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c1 iter_args({{.*}}) -> (tensor<?xf32>, tensor<?xf32>)
//       SMALL:     scf.for %[[P2:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c32
//       SMALL:       %[[X2:.*]] = vector.transfer_read %[[TILE]][%[[N2]], %[[P2]]]
//       SMALL:       %[[MV:.*]] = vector.transfer_read %[[M1]]#1[%[[P2]]]
//       SMALL:       %[[D:.*]] = arith.subf %[[X2]], %[[MV]] : vector<8xf32>
//       SMALL:       arith.mulf %[[D]], %[[D]] : vector<8xf32>
//   SMALL-NOT:   vector.reduction
//       SMALL:   scf.for %{{.*}} = %c0 to %[[K]] step %c1
//       SMALL:     vector.transfer_read %[[DEV]]#0
//       SMALL:     vector.reduction <add>
//       SMALL:     vector.transfer_read %[[DEV]]#1
//       SMALL:     vector.reduction <add>
//       SMALL:   math.sqrt
// Pass 3: the per-channel values spread over the positions once, then the
// tile written as [N, K * B] (the main loop marked for streaming stores),
// expanded back to [N, K, B].
//       SMALL:   scf.for %{{.*}} = %c0 to %[[K]] step %c1 {{.*}} -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>)
//       SMALL:   %[[OUT:.*]] = scf.for %[[N3:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c1 iter_args({{.*}}) -> (tensor<?x?xf32>)
//       SMALL:     scf.for %[[P3:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c32 iter_args(%[[O:[a-z0-9_#]+]] = %{{.*}}) -> (tensor<?x?xf32>)
//       SMALL:       vector.transfer_read %[[TILE]][%[[N3]], %[[P3]]]
//       SMALL:       vector.transfer_write %{{.*}}, %[[O]][%[[N3]], %[[P3]]] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
//       SMALL:     } {norm.stream_stores = 64 : i64}
//       SMALL:   %[[Y:.*]] = tensor.expand_shape %[[OUT]] {{\[}}[0], [1, 2]] output_shape [%{{.*}}, %[[K]], %[[B]]]
//       SMALL:   return %[[Y]]
func.func @train_small_runs_tile(%x: tensor<?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>, %c0: index, %k: index)
    -> (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %i0 = arith.constant 0 : index
  %i2 = arith.constant 2 : index
  %n = tensor.dim %x, %i0 : tensor<?x?x?xf32>
  %run = tensor.dim %x, %i2 : tensor<?x?x?xf32>
  %xs = tensor.extract_slice %x[0, %c0, 0] [%n, %k, %run] [1, 1, 1] : tensor<?x?x?xf32> to tensor<?x?x?xf32>
  %gs = tensor.extract_slice %g[%c0] [%k] [1] : tensor<?xf32> to tensor<?xf32>
  %bs = tensor.extract_slice %b[%c0] [%k] [1] : tensor<?xf32> to tensor<?xf32>
  %y, %m, %v = norm.batch_norm_train %xs scale(%gs : tensor<?xf32>) bias(%bs : tensor<?xf32>) {norm.small_runs = true, epsilon = 0.0 : f32}
      : tensor<?x?x?xf32> -> batch_mean, batch_var
  return %y, %m, %v : tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// A dynamic B (no mark): an scf.if on B < small-run-elements chooses the
// position-wise statistics passes (over the input viewed as [N, C * B]) or
// the per-run ones; the write pass goes a run at a time.

// SMALL-LABEL: func.func @train_small_runs_dynamic
//  SMALL-SAME:   %[[X:[^:]*]]: tensor<?x?x?xf32>
//   SMALL-DAG:   %[[B:.*]] = tensor.dim %[[X]], %c2
//       SMALL:   %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2]]
//       SMALL:   %[[SMALL:.*]] = arith.cmpi ult, %[[B]], %c64 : index
//       SMALL:   scf.if %[[SMALL]] -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
//       SMALL:     scf.for %[[N1:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c1
//       SMALL:       scf.for %[[P1:[a-z0-9_#]+]] = %c0 to %{{.*}} step %c32
//       SMALL:         vector.transfer_read %[[FLAT]][%[[N1]], %[[P1]]]
//       SMALL:   } else {
//       SMALL:     scf.for {{.*}} -> (tensor<?x8xf32>)
//       SMALL:       scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       SMALL:   }
//       SMALL:   scf.for %{{.*}} -> (tensor<?x?x?xf32>)
//       SMALL:     scf.for %{{.*}} -> (tensor<?x?x?xf32>)
//   SMALL-NOT:   tensor.expand_shape
func.func @train_small_runs_dynamic(%x: tensor<?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>)
    -> (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>)
      : tensor<?x?x?xf32> -> batch_mean, batch_var
  return %y, %m, %v : tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// A static B below small-run-elements takes the position-wise passes with no
// scf.if; a tile marked norm.small_runs = false keeps the per-run ones.

// SMALL-LABEL: func.func @train_small_runs_static
//       SMALL:   tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : tensor<4x3x20xf32> into tensor<4x60xf32>
//   SMALL-NOT:   scf.if %{{.*}} -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
//       SMALL:   scf.for %{{.*}} = %c0 to %c4 step %c1 {{.*}} -> (tensor<60xf32>)
//       SMALL:   tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2]] output_shape [4, 3, 20] : tensor<4x60xf32> into tensor<4x3x20xf32>
func.func @train_small_runs_static(%x: tensor<4x3x20xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>)
    -> (tensor<4x3x20xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<3xf32>) bias(%b : tensor<3xf32>)
      : tensor<4x3x20xf32> -> batch_mean, batch_var
  return %y, %m, %v : tensor<4x3x20xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// SMALL-LABEL: func.func @train_marked_large_runs
//   SMALL-NOT:   tensor.collapse_shape
//       SMALL:   scf.for {{.*}} -> (tensor<3x8xf32>)
//   SMALL-NOT:   tensor.expand_shape
func.func @train_marked_large_runs(%x: tensor<4x3x20xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>)
    -> (tensor<4x3x20xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<3xf32>) bias(%b : tensor<3xf32>) {norm.small_runs = false}
      : tensor<4x3x20xf32> -> batch_mean, batch_var
  return %y, %m, %v : tensor<4x3x20xf32>, tensor<3xf32>, tensor<3xf32>
}
