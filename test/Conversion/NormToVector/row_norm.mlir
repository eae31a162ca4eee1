// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 unroll=4 stream-stores=1" --canonicalize --cse | FileCheck %s

// LayerNorm over the last dim of a bf16 [rows, H] input: one loop over rows;
// per row three vector passes over H with 4 independent vector<16xf32>
// accumulators (bf16 widened to f32 before any add), the tail of each pass
// as full single vectors and one masked last vector (no scalar loop; the
// tail of every CPU kernel, VectorKernel.h), one vector.reduction per sum,
// and the
// normalization pass writing ((x - m1) - c) * rstd * scale + bias (one fma)
// rounded to bf16, its main loop marked for streaming stores.
// Pair mode: the unrolled main loops read 32 bf16 as 16 i32 words and widen
// them without shuffles (even elements shifted up, odd ones masked); the
// normalization packs the rounded even/odd results back into the words.
// The bf16 scale and bias are widened to f32 once, before the loop over
// rows: de-interleaved (evens, then odds of each 32) over the main loops'
// range, then full vectors, then one masked tail vector.

// CHECK-LABEL: func.func @layer_norm_bf16
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?xbf16>, %[[G:[^:]*]]: tensor<?xbf16>, %[[B:[^:]*]]: tensor<?xbf16>
//   CHECK-DAG:   %[[HALF:.*]] = arith.constant dense<32767> : vector<16xi32>
//   CHECK-DAG:   %[[ONE:.*]] = arith.constant dense<1> : vector<16xi32>
//   CHECK-DAG:   %[[HIGH:.*]] = arith.constant dense<-65536> : vector<16xi32>
//   CHECK-DAG:   %[[SIXTEEN:.*]] = arith.constant dense<16> : vector<16xi32>
//   CHECK-DAG:   %[[C64:.*]] = arith.constant 64 : index
//   CHECK-DAG:   %[[C32:.*]] = arith.constant 32 : index
//   CHECK-DAG:   %[[C16:.*]] = arith.constant 16 : index
//       CHECK:   %[[H:.*]] = tensor.dim %[[X]], %c1
//       CHECK:   %[[REM:.*]] = arith.remui %[[H]], %[[C64]]
//       CHECK:   %[[MAIN:.*]] = arith.subi %[[H]], %[[REM]]
//       CHECK:   %[[REM16:.*]] = arith.remui %[[H]], %[[C16]]
//       CHECK:   %[[FULL:.*]] = arith.subi %[[H]], %[[REM16]]
// The normalization streams when the tail (after the main loop) is at most an
// eighth of the row: tail * 8 <= H.
//       CHECK:   %[[TAIL:.*]] = arith.subi %[[H]], %[[MAIN]]
//       CHECK:   %[[TAIL8:.*]] = arith.muli %[[TAIL]], %c8
//       CHECK:   %[[SHORT:.*]] = arith.cmpi ule, %[[TAIL8]], %[[H]]
//       CHECK:   %[[SE:.*]] = arith.select %[[SHORT]], %[[MAIN]], %c0
// Widening of the scale: de-interleaved blocks, full vectors, masked tail.
//       CHECK:   %[[HG:.*]] = tensor.dim %[[G]], %c0
//       CHECK:   %[[PAIRED:.*]] = arith.subi %[[HG]], %{{.*}}
//       CHECK:   %[[GPAIR:.*]] = scf.for %[[JP:.*]] = %c0 to %[[PAIRED]] step %[[C32]] iter_args(%[[GP:.*]] = %{{.*}}) -> (tensor<?xf32>)
//       CHECK:     %[[GR2:.*]] = vector.transfer_read %[[G]][%[[JP]]], %{{.*}} {in_bounds = [true]} : tensor<?xbf16>, vector<32xbf16>
//       CHECK:     %[[GE2:.*]] = arith.extf %[[GR2]] : vector<32xbf16> to vector<32xf32>
//       CHECK:     %[[GS:.*]] = vector.shuffle %[[GE2]], %[[GE2]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]
//       CHECK:     vector.transfer_write %[[GS]], %[[GP]][%[[JP]]] {in_bounds = [true]} : vector<32xf32>, tensor<?xf32>
//       CHECK:   %[[GFULL:.*]] = scf.for %[[JG:.*]] = %[[PAIRED]] to %{{.*}} step %[[C16]] iter_args(%[[GA:.*]] = %[[GPAIR]]) -> (tensor<?xf32>)
//       CHECK:     %[[GR:.*]] = vector.transfer_read %[[G]][%[[JG]]], %{{.*}} {in_bounds = [true]} : tensor<?xbf16>, vector<16xbf16>
//       CHECK:     %[[GE:.*]] = arith.extf %[[GR]] : vector<16xbf16> to vector<16xf32>
//       CHECK:     vector.transfer_write %[[GE]], %[[GA]][%[[JG]]] {in_bounds = [true]} : vector<16xf32>, tensor<?xf32>
//       CHECK:   %[[GW:.*]] = scf.for %[[JGT:.*]] = %{{.*}} step %[[C16]] iter_args(%[[GT:.*]] = %[[GFULL]]) -> (tensor<?xf32>)
//       CHECK:     %[[GM:.*]] = vector.create_mask %{{.*}} : vector<16xi1>
//       CHECK:     vector.transfer_read %[[G]][%[[JGT]]], %{{.*}}, %[[GM]] {in_bounds = [true]} : tensor<?xbf16>, vector<16xbf16>
//       CHECK:     vector.transfer_write %{{.*}}, %[[GT]][%[[JGT]]], %[[GM]] {in_bounds = [true]} : vector<16xf32>, tensor<?xf32>
//       CHECK:   scf.for {{.*}} -> (tensor<?xf32>)
//       CHECK:     vector.transfer_read %[[B]]
//       CHECK:     vector.shuffle
//       CHECK:   scf.for {{.*}} -> (tensor<?xf32>)
//       CHECK:     vector.transfer_read %[[B]]
//       CHECK:   %[[BW:.*]] = scf.for {{.*}} -> (tensor<?xf32>)
//       CHECK:     vector.transfer_read %[[B]]
//       CHECK:   scf.for %[[R:.*]] = %c0 to %{{.*}} step %c1 iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<?x?xbf16>)
// Pass 1: sum(x), 2 reads of 32 bf16 per iteration, widened by bit operations.
//       CHECK:     %[[S1:.*]]:4 = scf.for %[[J:.*]] = %c0 to %[[MAIN]] step %[[C64]] iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
//   CHECK-NOT:       arith.extf
//       CHECK:       %[[V:.*]] = vector.transfer_read %[[X]][%[[R]], %[[J]]], %{{.*}} {in_bounds = [true]} : tensor<?x?xbf16>, vector<32xbf16>
//       CHECK:       %[[W:.*]] = vector.bitcast %[[V]] : vector<32xbf16> to vector<16xi32>
//       CHECK:       %[[EW:.*]] = arith.shli %[[W]], %[[SIXTEEN]] : vector<16xi32>
//       CHECK:       %[[OW:.*]] = arith.andi %[[W]], %[[HIGH]] : vector<16xi32>
//       CHECK:       %[[EVEN:.*]] = arith.bitcast %[[EW]] : vector<16xi32> to vector<16xf32>
//       CHECK:       %[[ODD:.*]] = arith.bitcast %[[OW]] : vector<16xi32> to vector<16xf32>
//       CHECK:       arith.addf %{{.*}}, %[[EVEN]] fastmath<reassoc,contract> : vector<16xf32>
//       CHECK:       arith.addf %{{.*}}, %[[ODD]] fastmath<reassoc,contract> : vector<16xf32>
//       CHECK:       vector.transfer_read %[[X]]{{.*}} vector<32xbf16>
//       CHECK:       scf.yield
//       CHECK:     %[[T1:.*]] = scf.for %[[JT:.*]] = %[[MAIN]] to %[[FULL]] step %[[C16]] iter_args(%{{.*}} = %[[S1]]#0) -> (vector<16xf32>)
//       CHECK:       %[[TF:.*]] = vector.transfer_read %[[X]][%[[R]], %[[JT]]], %{{.*}} {in_bounds = [true]} : tensor<?x?xbf16>, vector<16xbf16>
//       CHECK:       arith.extf %[[TF]] : vector<16xbf16> to vector<16xf32>
//       CHECK:     %[[PARTIAL:.*]] = arith.cmpi ult, %[[FULL]], %[[H]]
//       CHECK:     scf.if %[[PARTIAL]] -> (vector<16xf32>)
//       CHECK:       %[[LEFT:.*]] = arith.subi %[[H]], %[[FULL]]
//       CHECK:       %[[MASK:.*]] = vector.create_mask %[[LEFT]] : vector<16xi1>
//       CHECK:       %[[TR:.*]] = vector.transfer_read %[[X]][%[[R]], %[[FULL]]], %{{.*}}, %[[MASK]] {in_bounds = [true]} : tensor<?x?xbf16>, vector<16xbf16>
//       CHECK:       arith.extf %[[TR]] : vector<16xbf16> to vector<16xf32>
//       CHECK:     } else {
//       CHECK:       scf.yield %[[T1]]
//       CHECK:     vector.reduction <add>, %{{.*}} fastmath<reassoc> : vector<16xf32> into f32
// Pass 2: sum(d), sum(d^2) with d = x - m1 (8 accumulators), masked lanes
// zeroed; d^2 and its add are contractible (one FMA).
//       CHECK:     scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
//       CHECK:       vector.bitcast
//       CHECK:       %[[D:.*]] = arith.subf
//       CHECK:       %[[DD:.*]] = arith.mulf %[[D]], %[[D]] fastmath<contract> : vector<16xf32>
//       CHECK:       arith.addf %{{.*}}, %[[DD]] fastmath<reassoc,contract> : vector<16xf32>
//       CHECK:       arith.mulf
//       CHECK:     scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>)
//       CHECK:     scf.if %[[PARTIAL]] -> (vector<16xf32>, vector<16xf32>)
//       CHECK:       arith.select
//       CHECK:       arith.select
//       CHECK:     vector.reduction <add>
//       CHECK:     vector.reduction <add>
//       CHECK:     math.sqrt
// Pass 3: normalize (even then odd half of each 32), round to nearest even on
// the i32 lanes (no NaN select: a NaN from bf16 data has 16 low zero bits, so
// the rounding add keeps it), pack, write 32 bf16.
//       CHECK:     scf.for %[[JW:.*]] = %c0 to %[[SE]] step %[[C64]] iter_args(%[[O:.*]] = %[[OUT]]) -> (tensor<?x?xbf16>)
//       CHECK:       vector.transfer_read %[[X]][%[[R]], %[[JW]]], %{{.*}} : tensor<?x?xbf16>, vector<32xbf16>
//       CHECK:       %[[D1:.*]] = arith.subf %{{.*}}, %{{.*}} : vector<16xf32>
//       CHECK:       %[[D2:.*]] = arith.subf %[[D1]], %{{.*}} : vector<16xf32>
//       CHECK:       %[[N:.*]] = arith.mulf %[[D2]], %{{.*}} : vector<16xf32>
//       CHECK:       %[[GV:.*]] = vector.transfer_read %[[GW]][%[[JW]]], %{{.*}} {in_bounds = [true]} : tensor<?xf32>, vector<16xf32>
//       CHECK:       %[[BV:.*]] = vector.transfer_read %[[BW]][%[[JW]]], %{{.*}} {in_bounds = [true]} : tensor<?xf32>, vector<16xf32>
//       CHECK:       %[[YE:.*]] = math.fma %[[N]], %[[GV]], %[[BV]] : vector<16xf32>
//       CHECK:       %[[JODD:.*]] = arith.addi %[[JW]], %[[C16]]
//       CHECK:       vector.transfer_read %[[GW]][%[[JODD]]]
//       CHECK:       vector.transfer_read %[[BW]][%[[JODD]]]
//       CHECK:       %[[YO:.*]] = math.fma
//       CHECK:       %[[YEB:.*]] = arith.bitcast %[[YE]] : vector<16xf32> to vector<16xi32>
//       CHECK:       %[[LSB:.*]] = arith.andi %{{.*}}, %[[ONE]]
//       CHECK:       %[[BIASED:.*]] = arith.addi %[[YEB]], %[[HALF]]
//       CHECK:       %[[RND:.*]] = arith.addi %[[BIASED]], %[[LSB]]
//       CHECK:       %[[LOW:.*]] = arith.shrui %[[RND]], %[[SIXTEEN]]
//       CHECK:       %[[OB:.*]] = arith.bitcast %[[YO]] : vector<16xf32> to vector<16xi32>
//       CHECK:       %[[OBIASED:.*]] = arith.addi %[[OB]], %[[HALF]]
//       CHECK:       %[[RO:.*]] = arith.addi %[[OBIASED]], %{{.*}}
//       CHECK:       %[[HI:.*]] = arith.andi %[[RO]], %[[HIGH]]
//       CHECK:       %[[PACKED:.*]] = arith.ori %[[LOW]], %[[HI]] : vector<16xi32>
//       CHECK:       %[[Y:.*]] = vector.bitcast %[[PACKED]] : vector<16xi32> to vector<32xbf16>
//       CHECK:       vector.transfer_write %[[Y]], %[[O]][%[[R]], %[[JW]]] {in_bounds = [true]} : vector<32xbf16>, tensor<?x?xbf16>
//   CHECK-NOT:       arith.cmpf
//       CHECK:     } {norm.stream_stores}
// The rest of the main loop (all of it when the row does not stream): plain
// stores.
//       CHECK:     scf.for {{.*}} = %[[SE]] to %[[MAIN]] step %[[C64]]
//   CHECK-NOT:     norm.stream_stores
// The tail truncates with arith.truncf (norm-expand-bf16-truncation expands
// it later, NaN quieted): full vectors, then the masked last one.
//       CHECK:     scf.for {{.*}} = %[[MAIN]] to %[[FULL]] step %[[C16]]
//       CHECK:       %[[TY:.*]] = arith.truncf %{{.*}} : vector<16xf32> to vector<16xbf16>
//       CHECK:       vector.transfer_write %[[TY]], %{{.*}} {in_bounds = [true]} : vector<16xbf16>, tensor<?x?xbf16>
//       CHECK:     scf.if %[[PARTIAL]] -> (tensor<?x?xbf16>)
//       CHECK:       %[[LASTMASK:.*]] = vector.create_mask
//       CHECK:       %[[TL:.*]] = arith.truncf %{{.*}} : vector<16xf32> to vector<16xbf16>
//       CHECK:       vector.transfer_write %[[TL]], %{{.*}}[%[[R]], %[[FULL]]], %[[LASTMASK]] {in_bounds = [true]} : vector<16xbf16>, tensor<?x?xbf16>
//   CHECK-NOT:   norm.layer_norm
func.func @layer_norm_bf16(%x: tensor<?x?xbf16>, %g: tensor<?xbf16>, %b: tensor<?xbf16>) -> tensor<?x?xbf16> {
  %y = norm.layer_norm %x scale(%g : tensor<?xbf16>) bias(%b : tensor<?xbf16>) : tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}

// RMSNorm of a rank-3 f64 input (acc f64: 8 lanes) with inv_rms: two loops
// over the leading dims, one sum of squares, and the statistic written per
// row then expanded to the ONNX layout.

// CHECK-LABEL: func.func @rms_norm_rank3_f64
//       CHECK:   scf.for %[[I:[a-z0-9_]+]] = {{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<2x3x200xf64>, tensor<2x3xf64>)
//       CHECK:     scf.for %[[K:[a-z0-9_]+]] = {{.*}} -> (tensor<2x3x200xf64>, tensor<2x3xf64>)
//       CHECK:       scf.for {{.*}} -> (vector<8xf64>, vector<8xf64>, vector<8xf64>, vector<8xf64>)
//       CHECK:         %[[SQ:.*]] = arith.mulf %[[V:.*]], %[[V]] fastmath<contract> : vector<8xf64>
//   CHECK-NOT:       arith.subf
//       CHECK:       tensor.insert %{{.*}} into %{{.*}}[%[[I]], %[[K]]] : tensor<2x3xf64>
//       CHECK:   tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2]] output_shape [2, 3, 1] : tensor<2x3xf64> into tensor<2x3x1xf64>
func.func @rms_norm_rank3_f64(%x: tensor<2x3x200xf64>) -> (tensor<2x3x200xf64>, tensor<2x3x1xf64>) {
  %y, %r = norm.rms_norm %x : tensor<2x3x200xf64> -> inv_rms
  return %y, %r : tensor<2x3x200xf64>, tensor<2x3x1xf64>
}

// Normalizing more than the last dim, and other ops (here a batch norm with
// two dims after its channel, not flattened), stay for the linalg path.

// CHECK-LABEL: func.func @not_vectorized
//       CHECK:   norm.layer_norm %{{.*}} {axis = 1 : i64}
//       CHECK:   norm.batch_norm
func.func @not_vectorized(%x: tensor<2x3x4xf32>, %p: tensor<2xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %y = norm.layer_norm %x {axis = 1 : i64} : tensor<2x3x4xf32>
  %z = norm.batch_norm %x scale(%p : tensor<2xf32>) bias(%p : tensor<2xf32>) mean(%p : tensor<2xf32>) var(%p : tensor<2xf32>) {feature_axis = 0 : i64} : tensor<2x3x4xf32>
  return %y, %z : tensor<2x3x4xf32>, tensor<2x3x4xf32>
}
