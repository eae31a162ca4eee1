// RUN: norm-opt %s --convert-norm-to-vector="vector-width=8 unroll=4 stream-stores=1" --canonicalize --cse --split-input-file | FileCheck %s
// RUN: norm-opt %s --norm-flatten-batch-norm --convert-norm-to-vector="vector-width=8 unroll=4" --canonicalize --cse --split-input-file | FileCheck %s --check-prefix=FLAT

// GroupNorm of a bf16 (N, C, L) input (NCHW after norm-flatten-batch-norm)
// with its statistics. The C/G channels of a group are one contiguous run of
// C/G * L elements, swept through a (N, G, C/G * L) view (expand C into
// (G, C/G), merge C/G with L: views, no copy). One loop nest per (n, g):
// pass 1 sums x (bf16 pairs widened with bit operations, 4 f32
// accumulators), pass 2 sums d = x - m1 and d^2, then a loop over the
// group's channels writes each channel's run of L elements with
// a = rstd * scale[c] and bias[c] read once per channel. The (n, g) pairs
// are the iterations of one scf.forall over N * G (the op is not in a tile
// of norm-tile-and-fuse): each writes its group's C/G channels, one
// contiguous (1, C/G, L) slice of the output, and its (1, 1) statistics.

// CHECK-LABEL: func.func @group_norm_bf16_stats
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?xbf16>, %[[G:[^:]*]]: tensor<?xbf16>, %[[B:[^:]*]]: tensor<?xbf16>
//   CHECK-DAG:   %[[C4:.*]] = arith.constant 4 : index
//   CHECK-DAG:   %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
//       CHECK:   %[[C:.*]] = tensor.dim %[[X]], %c1
//       CHECK:   %[[PER:.*]] = arith.divui %[[C]], %[[C4]]
//       CHECK:   %[[SPLIT:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3]] output_shape [%{{.*}}, 4, %[[PER]], %{{.*}}] : tensor<?x?x?xbf16> into tensor<?x4x?x?xbf16>
//       CHECK:   %[[VIEW:.*]] = tensor.collapse_shape %[[SPLIT]] {{\[}}[0], [1], [2, 3]] : tensor<?x4x?x?xbf16> into tensor<?x4x?xbf16>
//       CHECK:   %[[LEN:.*]] = tensor.dim %[[VIEW]], %c2
//       CHECK:   %[[COUNT_I:.*]] = arith.index_castui %[[LEN]]
//       CHECK:   %[[COUNT:.*]] = arith.uitofp %[[COUNT_I]] : i64 to f32
//       CHECK:   %[[Y0:.*]] = tensor.empty(%{{.*}}) : tensor<?x?x?xbf16>
//       CHECK:   %[[STATS:.*]] = tensor.empty(%{{.*}}) : tensor<?x4xf32>
//       CHECK:   %[[PAIRS:.*]] = arith.muli %{{.*}}, %[[C4]] : index
//       CHECK:   scf.forall (%[[IV:[a-z0-9_]+]]) in (%[[PAIRS]]) shared_outs(%[[OUT:[a-z0-9_]+]] = %[[Y0]], %[[MEANS:[a-z0-9_]+]] = %[[STATS]], %[[RSTDS:[a-z0-9_]+]] = %[[STATS]]) -> (tensor<?x?x?xbf16>, tensor<?x4xf32>, tensor<?x4xf32>)
//       CHECK:     %[[N:.*]] = arith.divui %[[IV]], %[[C4]] : index
//       CHECK:     %[[GR:.*]] = arith.remui %[[IV]], %[[C4]] : index
// Pass 1 over the group's run: bf16 pairs, 4 accumulators.
//       CHECK:     scf.for %{{.*}} = %c0 to %{{.*}} step %c32 iter_args(%{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]]) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:       %[[PAIR:.*]] = vector.transfer_read %[[VIEW]][%[[N]], %[[GR]], %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<?x4x?xbf16>, vector<16xbf16>
//       CHECK:       vector.bitcast %[[PAIR]] : vector<16xbf16> to vector<8xi32>
//       CHECK:       arith.shli
//       CHECK:       arith.andi
//       CHECK:     %[[SUM:.*]] = vector.reduction <add>, %{{.*}} fastmath<reassoc> : vector<8xf32> into f32
//       CHECK:     %[[M1:.*]] = arith.divf %[[SUM]], %[[COUNT]] : f32
//       CHECK:     %[[M1V:.*]] = vector.broadcast %[[M1]] : f32 to vector<8xf32>
// Pass 2: d and d^2, 8 accumulators; each square is added with one FMA
// (contract on the square and its add).
//       CHECK:     scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:       vector.transfer_read %[[VIEW]][%[[N]], %[[GR]], %{{.*}}]
//       CHECK:       %[[D0:.*]] = arith.subf %{{.*}}, %[[M1V]] : vector<8xf32>
//       CHECK:       %[[SQ0:.*]] = arith.mulf %[[D0]], %[[D0]] fastmath<contract> : vector<8xf32>
//       CHECK:       arith.addf %{{.*}}, %[[D0]] fastmath<reassoc,contract> : vector<8xf32>
//       CHECK:       arith.addf %{{.*}}, %[[SQ0]] fastmath<reassoc,contract> : vector<8xf32>
//       CHECK:     %[[SD:.*]] = vector.reduction <add>
//       CHECK:     %[[SDD:.*]] = vector.reduction <add>
//       CHECK:     %[[CORR:.*]] = arith.divf %[[SD]], %[[COUNT]] : f32
//       CHECK:     %[[MEAN:.*]] = arith.addf %[[M1]], %[[CORR]] : f32
//       CHECK:     math.sqrt
//       CHECK:     %[[RSTD:.*]] = arith.divf %cst{{.*}}, %{{.*}} : f32
//       CHECK:     %[[CORRV:.*]] = vector.broadcast %[[CORR]] : f32 to vector<8xf32>
//       CHECK:     %[[FIRST:.*]] = arith.muli %[[GR]], %[[PER]] : index
// The group's channels: one slice of the input and of the shared output.
//       CHECK:     %[[XS:.*]] = tensor.extract_slice %[[X]][%[[N]], %[[FIRST]], 0] [1, %[[PER]], %[[L:.*]]] [1, 1, 1] : tensor<?x?x?xbf16> to tensor<1x?x?xbf16>
//       CHECK:     %[[YS:.*]] = tensor.extract_slice %[[OUT]][%[[N]], %[[FIRST]], 0] [1, %[[PER]], %[[L]]] [1, 1, 1] : tensor<?x?x?xbf16> to tensor<1x?x?xbf16>
// The output pass: per channel of the group, its run of L elements.
//       CHECK:     %[[Y:.*]] = scf.for %[[I:[a-z0-9_]+]] = %c0 to %[[PER]] step %c1 iter_args(%{{.*}} = %[[YS]])
//       CHECK:       %[[CH:.*]] = arith.addi %[[FIRST]], %[[I]] : index
//       CHECK:       %[[GAMMA:.*]] = tensor.extract %[[G]][%[[CH]]] : tensor<?xbf16>
//       CHECK:       %[[GAMMA32:.*]] = arith.extf %[[GAMMA]] : bf16 to f32
//       CHECK:       %[[A:.*]] = arith.mulf %[[RSTD]], %[[GAMMA32]] : f32
//       CHECK:       %[[AV:.*]] = vector.broadcast %[[A]] : f32 to vector<8xf32>
//       CHECK:       tensor.extract %[[B]][%[[CH]]] : tensor<?xbf16>
//       CHECK:       %[[BV:.*]] = vector.broadcast %{{.*}} : f32 to vector<8xf32>
//       CHECK:       scf.for
//       CHECK:         vector.transfer_read %[[XS]][%c0, %[[I]], %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<1x?x?xbf16>, vector<16xbf16>
//       CHECK:         %[[D0:.*]] = arith.subf %{{.*}}, %[[M1V]] : vector<8xf32>
//       CHECK:         %[[D:.*]] = arith.subf %[[D0]], %[[CORRV]] : vector<8xf32>
//       CHECK:         math.fma %[[D]], %[[AV]], %[[BV]] : vector<8xf32>
//       CHECK:         vector.transfer_write %{{.*}}, %{{.*}}[%c0, %[[I]], %{{.*}}] {in_bounds = [true]} : vector<16xbf16>, tensor<1x?x?xbf16>
//       CHECK:       } {norm.stream_stores = 64 : i64}
// The masked end of the channel's run.
//       CHECK:       vector.create_mask
//       CHECK:       vector.transfer_write %{{.*}}, %{{.*}}[%c0, %[[I]], %{{.*}}], %{{.*}} {in_bounds = [true]} : vector<8xbf16>, tensor<1x?x?xbf16>
//       CHECK:     %[[MEANT:.*]] = tensor.from_elements %[[MEAN]] : tensor<1x1xf32>
//       CHECK:     %[[RSTDT:.*]] = tensor.from_elements %[[RSTD]] : tensor<1x1xf32>
//       CHECK:     scf.forall.in_parallel
//       CHECK:       tensor.parallel_insert_slice %[[Y]] into %[[OUT]][%[[N]], %[[FIRST]], 0] [1, %[[PER]], %[[L]]] [1, 1, 1] : tensor<1x?x?xbf16> into tensor<?x?x?xbf16>
//       CHECK:       tensor.parallel_insert_slice %[[MEANT]] into %[[MEANS]][%[[N]], %[[GR]]] [1, 1] [1, 1] : tensor<1x1xf32> into tensor<?x4xf32>
//       CHECK:       tensor.parallel_insert_slice %[[RSTDT]] into %[[RSTDS]][%[[N]], %[[GR]]] [1, 1] [1, 1] : tensor<1x1xf32> into tensor<?x4xf32>
func.func @group_norm_bf16_stats(%x: tensor<?x?x?xbf16>, %g: tensor<?xbf16>, %b: tensor<?xbf16>) -> (tensor<?x?x?xbf16>, tensor<?x4xf32>, tensor<?x4xf32>) {
  %y, %m, %r = norm.group_norm %x scale(%g : tensor<?xbf16>) bias(%b : tensor<?xbf16>) {num_groups = 4 : i64} : tensor<?x?x?xbf16> -> mean, inv_std_dev
  return %y, %m, %r : tensor<?x?x?xbf16>, tensor<?x4xf32>, tensor<?x4xf32>
}

// -----

// A tile of norm-tile-and-fuse (one instance, all channels): the group view
// is taken of the whole source, then sliced (a view of the slice itself
// would not be known to be contiguous, and bufferization would copy it).

// CHECK-LABEL: func.func @group_norm_tile
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?xf32>, %{{[^:]*}}: tensor<?xf32>, %{{[^:]*}}: tensor<?xf32>, %[[IDX:[^:]*]]: index
//       CHECK:   %[[SLICE:.*]] = tensor.extract_slice %[[X]][%[[IDX]], 0, 0]
//       CHECK:   %[[SPLIT:.*]] = tensor.expand_shape %[[X]]
//       CHECK:   %[[VIEW:.*]] = tensor.collapse_shape %[[SPLIT]]
//       CHECK:   %[[LEN:.*]] = tensor.dim %[[VIEW]], %c2
//       CHECK:   %[[TILE:.*]] = tensor.extract_slice %[[VIEW]][%[[IDX]], 0, 0] [1, 8, %[[LEN]]] [1, 1, 1] : tensor<?x8x?xf32> to tensor<1x8x?xf32>
//       CHECK:   scf.forall (%[[IV:[a-z0-9_]+]]) in (8)
//       CHECK:     %[[GR:.*]] = arith.remui %[[IV]], %c8
//       CHECK:     vector.transfer_read %[[TILE]]
//       CHECK:     %[[FIRST:.*]] = arith.muli %[[GR]]
//       CHECK:     %[[RUNS:.*]] = tensor.extract_slice %[[SLICE]][%{{.*}}, %[[FIRST]], 0]
//       CHECK:     vector.transfer_read %[[RUNS]]
func.func @group_norm_tile(%x: tensor<?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>, %n: index) -> tensor<1x?x?xf32> {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c = tensor.dim %x, %c1 : tensor<?x?x?xf32>
  %l = tensor.dim %x, %c2 : tensor<?x?x?xf32>
  %s = tensor.extract_slice %x[%n, 0, 0] [1, %c, %l] [1, 1, 1] : tensor<?x?x?xf32> to tensor<1x?x?xf32>
  %y = norm.group_norm %s scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {num_groups = 8 : i64} : tensor<1x?x?xf32>
  return %y : tensor<1x?x?xf32>
}

// -----

// A slice of some of the channels has no contiguous group view: left to
// convert-norm-to-linalg.

// CHECK-LABEL: func.func @group_norm_partial_channels
//       CHECK:   norm.group_norm
func.func @group_norm_partial_channels(%x: tensor<2x16x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8x8xf32> {
  %s = tensor.extract_slice %x[0, 4, 0] [2, 8, 8] [1, 1, 1] : tensor<2x16x8xf32> to tensor<2x8x8xf32>
  %y = norm.group_norm %s scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>) {num_groups = 2 : i64} : tensor<2x8x8xf32>
  return %y : tensor<2x8x8xf32>
}

// -----

// InstanceNorm of f16 (one channel per group: the input is its own group
// view), epsilon = 0: f32 accumulators of the widened input, and the scaled
// deviation guarded (0 where d = 0) so that a constant plane gives exactly
// its bias even with rstd = inf.

// CHECK-LABEL: func.func @instance_norm_f16_eps0
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?xf16>
//   CHECK-NOT:   tensor.expand_shape
//       CHECK:   %[[C:.*]] = tensor.dim %[[X]], %c1
//       CHECK:   scf.forall (%[[IV:[a-z0-9_]+]]) in (%{{.*}}) shared_outs(%[[OUT:[a-z0-9_]+]] = %{{.*}}) -> (tensor<?x?x?xf16>)
//       CHECK:     %[[N:.*]] = arith.divui %[[IV]], %[[C]] : index
//       CHECK:     %[[CH:.*]] = arith.remui %[[IV]], %[[C]] : index
//       CHECK:       scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
//       CHECK:         %[[V:.*]] = vector.transfer_read %[[X]][%[[N]], %[[CH]], %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<?x?x?xf16>, vector<8xf16>
//       CHECK:         arith.extf %[[V]] : vector<8xf16> to vector<8xf32>
//       CHECK:       math.sqrt
//       CHECK:       tensor.extract_slice %[[X]][%[[N]], %[[CH]], 0] [1, 1, %{{.*}}] [1, 1, 1] : tensor<?x?x?xf16> to tensor<1x1x?xf16>
//       CHECK:       tensor.extract_slice %[[OUT]][%[[N]], %[[CH]], 0] [1, 1, %{{.*}}] [1, 1, 1] : tensor<?x?x?xf16> to tensor<1x1x?xf16>
//       CHECK:       scf.for
//       CHECK:         %[[D0:.*]] = arith.subf
//       CHECK:         %[[D:.*]] = arith.subf %[[D0]]
//       CHECK:         %[[P:.*]] = arith.mulf %[[D]], %{{.*}} : vector<8xf32>
//       CHECK:         %[[Z:.*]] = arith.cmpf oeq, %[[D]], %{{.*}} : vector<8xf32>
//       CHECK:         %[[S:.*]] = arith.select %[[Z]], %{{.*}}, %[[P]]
//       CHECK:         %[[Y:.*]] = arith.addf %[[S]], %{{.*}} : vector<8xf32>
//       CHECK:         arith.truncf %[[Y]] : vector<8xf32> to vector<8xf16>
func.func @instance_norm_f16_eps0(%x: tensor<?x?x?xf16>, %g: tensor<?xf16>, %b: tensor<?xf16>) -> tensor<?x?x?xf16> {
  %y = norm.instance_norm %x scale(%g : tensor<?xf16>) bias(%b : tensor<?xf16>) {epsilon = 0.0 : f32} : tensor<?x?x?xf16>
  return %y : tensor<?x?x?xf16>
}

// -----

// NCHW: the kernel takes (N, C, L); norm-flatten-batch-norm merges H and W
// first (FLAT), convert-norm-to-vector alone leaves the op to linalg.

// CHECK-LABEL: func.func @group_norm_nchw
//       CHECK:   norm.group_norm
// FLAT-LABEL: func.func @group_norm_nchw
//       FLAT:   %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<2x8x4x6xf32> into tensor<2x8x24xf32>
//       FLAT:   tensor.expand_shape %[[FLAT]] {{\[}}[0], [1, 2], [3]] output_shape [2, 2, 4, 24] : tensor<2x8x24xf32> into tensor<2x2x4x24xf32>
//       FLAT:   vector.reduction
//   FLAT-NOT:   norm.group_norm
//       FLAT:   tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [2, 8, 4, 6] : tensor<2x8x24xf32> into tensor<2x8x4x6xf32>
func.func @group_norm_nchw(%x: tensor<2x8x4x6xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8x4x6xf32> {
  %y = norm.group_norm %x scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>) {num_groups = 2 : i64} : tensor<2x8x4x6xf32>
  return %y : tensor<2x8x4x6xf32>
}
