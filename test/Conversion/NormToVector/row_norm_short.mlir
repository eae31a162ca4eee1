// RUN: norm-opt %s --convert-norm-to-vector="vector-width=8 short-row-elements=64 short-row-group=4" --canonicalize --cse --split-input-file | FileCheck %s
// RUN: norm-opt %s --convert-norm-to-vector="vector-width=8 short-row-elements=64 short-row-group=2 short-row-max-bytes=1000" --canonicalize --cse --split-input-file | FileCheck %s --check-prefix=BYTES

// Short rows (at most short-row-elements) go a group of rows at a time. A
// static 10 x 40 f32 LayerNorm in groups of 4: a loop over the rows in steps
// of 4, the last group starting at min(i, 10 - 4) so that it ends at the last
// row; each pass is one loop over the vectors of the row (no unrolled main
// loop, no tail: 40 is whole vectors) that handles the 4 rows, one
// accumulator per row and sum; the 4 sums of a pass are reduced together by
// a shuffle tree (two vectors' lower and upper halves added, then the halves
// of each block swapped and added) into one vector whose lanes 0, 4, 2, 6
// hold the rows' sums; the statistics are vector ops on it, splat per row;
// the write pass reads the scale and bias once for the 4 rows.

// CHECK-LABEL: func.func @layer_norm_short
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<10x40xf32>, %[[G:[^:]*]]: tensor<40xf32>, %[[B:[^:]*]]: tensor<40xf32>
//   CHECK-DAG:   %[[N:.*]] = arith.constant dense<4.000000e+01> : vector<8xf32>
//       CHECK:   scf.for %[[I:.*]] = %c0 to %c10 step %c4 iter_args(%{{.*}}) -> (tensor<10x40xf32>)
//       CHECK:     %[[EARLY:.*]] = arith.minsi %[[I]], %c6
//       CHECK:     %[[R0:.*]] = arith.maxsi %[[EARLY]], %c0
//       CHECK:     %[[P1:.*]] = arith.addi %[[R0]], %c1
//       CHECK:     %[[R1:.*]] = arith.minsi %[[P1]], %c9
//       CHECK:     %[[R2:.*]] = arith.minsi %{{.*}}, %c9
//       CHECK:     %[[R3:.*]] = arith.minsi %{{.*}}, %c9
// Pass 1: sum(x) of the 4 rows.
//       CHECK:     %[[S:.*]]:4 = scf.for %[[J:.*]] = %c0 to %c40 step %c8 iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:       vector.transfer_read %[[X]][%[[R0]], %[[J]]]
//       CHECK:       vector.transfer_read %[[X]][%[[R1]], %[[J]]]
//       CHECK:       vector.transfer_read %[[X]][%[[R2]], %[[J]]]
//       CHECK:       vector.transfer_read %[[X]][%[[R3]], %[[J]]]
//       CHECK:       scf.yield
//   CHECK-NOT:     vector.reduction
//       CHECK:     %[[LO:.*]] = vector.shuffle %[[S]]#0, %[[S]]#1 [0, 1, 2, 3, 8, 9, 10, 11]
//       CHECK:     %[[HI:.*]] = vector.shuffle %[[S]]#0, %[[S]]#1 [4, 5, 6, 7, 12, 13, 14, 15]
//       CHECK:     arith.addf %[[LO]], %[[HI]] : vector<8xf32>
//       CHECK:     vector.shuffle %[[S]]#2, %[[S]]#3 [0, 1, 2, 3, 8, 9, 10, 11]
//       CHECK:     vector.shuffle %{{.*}}, %{{.*}} [0, 1, 8, 9, 4, 5, 12, 13]
//       CHECK:     vector.shuffle %{{.*}}, %{{.*}} [2, 3, 10, 11, 6, 7, 14, 15]
//       CHECK:     %[[SWAP:.*]] = vector.shuffle %[[T:.*]], %[[T]] [1, 0, 3, 2, 5, 4, 7, 6]
//       CHECK:     %[[SUMS:.*]] = arith.addf %[[T]], %[[SWAP]] : vector<8xf32>
//       CHECK:     %[[M1:.*]] = arith.divf %[[SUMS]], %[[N]] : vector<8xf32>
//       CHECK:     %[[M10:.*]] = vector.shuffle %[[M1]], %[[M1]] [0, 0, 0, 0, 0, 0, 0, 0]
//       CHECK:     vector.shuffle %[[M1]], %[[M1]] [4, 4, 4, 4, 4, 4, 4, 4]
//       CHECK:     vector.shuffle %[[M1]], %[[M1]] [2, 2, 2, 2, 2, 2, 2, 2]
//       CHECK:     vector.shuffle %[[M1]], %[[M1]] [6, 6, 6, 6, 6, 6, 6, 6]
// Pass 2: sum(d), sum(d^2) of the 4 rows (8 accumulators).
//       CHECK:     scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:       %[[X0:.*]] = vector.transfer_read %[[X]][%[[R0]]
//       CHECK:       arith.subf %[[X0]], %[[M10]] : vector<8xf32>
// The group's statistics, once, on vectors.
//       CHECK:     math.sqrt %{{.*}} : vector<8xf32>
//   CHECK-NOT:     math.sqrt
// Pass 3: scale and bias read once per vector position for the 4 rows.
//       CHECK:     scf.for %[[JW:.*]] = %c0 to %c40 step %c8 iter_args(%[[O:.*]] = %{{.*}}) -> (tensor<10x40xf32>)
//       CHECK:       %[[GV:.*]] = vector.transfer_read %[[G]][%[[JW]]]
//       CHECK:       %[[BV:.*]] = vector.transfer_read %[[B]][%[[JW]]]
//       CHECK:       vector.transfer_read %[[X]][%[[R0]], %[[JW]]]
//       CHECK:       arith.subf
//       CHECK:       arith.subf
//       CHECK:       arith.mulf
//       CHECK:       math.fma %{{.*}}, %[[GV]], %[[BV]] : vector<8xf32>
//       CHECK:       %[[W0:.*]] = vector.transfer_write %{{.*}}, %[[O]][%[[R0]], %[[JW]]]
//       CHECK:       vector.transfer_read %[[X]][%[[R1]], %[[JW]]]
//       CHECK:       math.fma %{{.*}}, %[[GV]], %[[BV]] : vector<8xf32>
//       CHECK:       %[[W1:.*]] = vector.transfer_write %{{.*}}, %[[W0]][%[[R1]], %[[JW]]]
//       CHECK:       vector.transfer_write %{{.*}}[%[[R2]], %[[JW]]]
//       CHECK:       vector.transfer_write %{{.*}}[%[[R3]], %[[JW]]]
//   CHECK-NOT:   scf.if
//   CHECK-NOT:   vector.reduction
//   CHECK-NOT:   norm.layer_norm
// BYTES-LABEL: func.func @layer_norm_short
// 10 x 40 f32 is 1600 bytes: not under short-row-max-bytes=1000, per row.
//       BYTES:   scf.for %{{.*}} = %c0 to %c10 step %c1
//       BYTES:     vector.reduction <add>
//   BYTES-NOT:   vector.shuffle
func.func @layer_norm_short(%x: tensor<10x40xf32>, %g: tensor<40xf32>, %b: tensor<40xf32>) -> tensor<10x40xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<40xf32>) bias(%b : tensor<40xf32>) : tensor<10x40xf32>
  return %y : tensor<10x40xf32>
}

// -----

// Rows of 65 elements (above short-row-elements): per row, as before.

// CHECK-LABEL: func.func @layer_norm_long
//       CHECK:   scf.for %{{.*}} = %c0 to %c10 step %c1
//       CHECK:     vector.reduction <add>
//   CHECK-NOT:   vector.shuffle
func.func @layer_norm_long(%x: tensor<10x65xf32>) -> tensor<10x65xf32> {
  %y = norm.layer_norm %x : tensor<10x65xf32>
  return %y : tensor<10x65xf32>
}

// -----

// A dynamic bf16 RMSNorm with inv_rms: whether the rows go in groups (of 2
// here) is decided at run time, length <= 64 and (with short-row-max-bytes)
// rows * length * 2 bytes < 1000. The group loops run first, over no rows
// unless grouped; the per-row loops follow on the same tensors, over no rows
// if grouped. In the groups the bf16 scale is read and widened per vector
// position (natural order: no pair mode), the last, partial vector of every
// pass is masked, and inv_rms is written for each row of the group.

// CHECK-LABEL: func.func @rms_norm_dynamic
// BYTES-LABEL: func.func @rms_norm_dynamic
//  BYTES-SAME:   %[[X:[^:]*]]: tensor<?x?xbf16>, %[[G:[^:]*]]: tensor<?xbf16>
//       BYTES:   %[[H:.*]] = tensor.dim %[[X]], %c1
//       BYTES:   %[[ROWS:.*]] = tensor.dim %[[X]], %c0
//       BYTES:   %[[SHORT:.*]] = arith.cmpi ule, %[[H]], %c64
//       BYTES:   %[[B2:.*]] = arith.muli %[[ROWS]], %c2
//       BYTES:   %[[BYTES:.*]] = arith.muli %[[B2]], %[[H]]
//       BYTES:   %[[SMALL:.*]] = arith.cmpi ult, %[[BYTES]], %c1000
//       BYTES:   %[[GROUPED:.*]] = arith.andi %[[SHORT]], %[[SMALL]]
//       BYTES:   %[[GUB:.*]] = arith.select %[[GROUPED]], %[[ROWS]], %c0
//       BYTES:   %[[GR:.*]]:2 = scf.for %{{.*}} = %c0 to %[[GUB]] step %c2 iter_args({{.*}}) -> (tensor<?x?xbf16>, tensor<?xf32>)
//       BYTES:     scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>)
//       BYTES:     scf.if %{{.*}} -> (vector<8xf32>, vector<8xf32>)
//       BYTES:       vector.create_mask
//       BYTES:     vector.shuffle
//       BYTES:     math.sqrt %{{.*}} : vector<8xf32>
//       BYTES:     %[[RMS:.*]] = arith.divf %{{.*}}, %{{.*}} : vector<8xf32>
//       BYTES:     scf.for {{.*}} -> (tensor<?x?xbf16>)
//       BYTES:       vector.transfer_read %[[G]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<?xbf16>, vector<8xbf16>
//       BYTES:       arith.truncf %{{.*}} : vector<8xf32> to vector<8xbf16>
//       BYTES:     scf.if %{{.*}} -> (tensor<?x?xbf16>)
//       BYTES:     %[[I0:.*]] = vector.extract %[[RMS]][0] : f32 from vector<8xf32>
//       BYTES:     tensor.insert %[[I0]]
//       BYTES:     %[[I1:.*]] = vector.extract %[[RMS]][4] : f32 from vector<8xf32>
//       BYTES:     tensor.insert %[[I1]]
//       BYTES:   %[[RUB:.*]] = arith.select %[[GROUPED]], %c0, %[[ROWS]]
//       BYTES:   scf.for %{{.*}} = %c0 to %[[RUB]] step %c1 iter_args(%{{.*}} = %[[GR]]#0, %{{.*}} = %[[GR]]#1)
//       BYTES:     vector.reduction <add>
func.func @rms_norm_dynamic(%x: tensor<?x?xbf16>, %g: tensor<?xbf16>) -> (tensor<?x?xbf16>, tensor<?x1xf32>) {
  %y, %r = norm.rms_norm %x scale(%g : tensor<?xbf16>) : tensor<?x?xbf16> -> inv_rms
  return %y, %r : tensor<?x?xbf16>, tensor<?x1xf32>
}
