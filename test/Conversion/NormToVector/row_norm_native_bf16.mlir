// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 unroll=4 stream-stores=1 native-bf16=true" --canonicalize --cse | FileCheck %s
// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 unroll=4 stream-stores=1" --canonicalize --cse | FileCheck %s --check-prefix=INTEGER

// native-bf16 (a target with AVX-512 BF16): the pair-mode main loop of the
// normalization still reads 32 bf16 as i32 words widened by bit operations,
// but writes each pair of f32 result vectors with two arith.truncf (LLVM
// selects vcvtneps2bf16, which rounds to nearest even and quiets NaNs),
// packed back into element order as i32 words (even | odd << 16: one
// vpermt2w), not with the rounding sequence on the i32 lanes (no 0x7FFF
// bias) and not as a shuffle of bf16 vectors (whose streamed store x86
// selects as a plain one). The tails truncate as before.
// Without it (INTEGER), the words are rounded with integer arithmetic.

// CHECK-LABEL: func.func @layer_norm_bf16
//   CHECK-NOT:   dense<32767>
//       CHECK:   scf.for %[[R:.*]] = %c0 to %{{.*}} step %c1
//       CHECK:     scf.for %[[JW:.*]] = %c0 to %{{.*}} step %c64 iter_args(%[[O:.*]] = %{{.*}}) -> (tensor<?x?xbf16>)
//       CHECK:       %[[W:.*]] = vector.bitcast %{{.*}} : vector<32xbf16> to vector<16xi32>
//       CHECK:       %[[YE:.*]] = math.fma %{{.*}} : vector<16xf32>
//       CHECK:       %[[YO:.*]] = math.fma %{{.*}} : vector<16xf32>
//       CHECK:       %[[BE:.*]] = arith.truncf %[[YE]] : vector<16xf32> to vector<16xbf16>
//       CHECK:       %[[HE:.*]] = arith.bitcast %[[BE]] : vector<16xbf16> to vector<16xi16>
//       CHECK:       %[[WE:.*]] = arith.extui %[[HE]] : vector<16xi16> to vector<16xi32>
//       CHECK:       %[[BO:.*]] = arith.truncf %[[YO]] : vector<16xf32> to vector<16xbf16>
//       CHECK:       %[[HO:.*]] = arith.bitcast %[[BO]] : vector<16xbf16> to vector<16xi16>
//       CHECK:       %[[WO:.*]] = arith.extui %[[HO]] : vector<16xi16> to vector<16xi32>
//       CHECK:       %[[SO:.*]] = arith.shli %[[WO]], %{{.*}} : vector<16xi32>
//       CHECK:       %[[WY:.*]] = arith.ori %[[WE]], %[[SO]] : vector<16xi32>
//       CHECK:       %[[Y:.*]] = vector.bitcast %[[WY]] : vector<16xi32> to vector<32xbf16>
//       CHECK:       vector.transfer_write %[[Y]], %[[O]][%[[R]], %[[JW]]] {in_bounds = [true]} : vector<32xbf16>, tensor<?x?xbf16>
//   CHECK-NOT:       vector.interleave
//       CHECK:     } {norm.stream_stores}
//       CHECK:     arith.truncf %{{.*}} : vector<16xf32> to vector<16xbf16>
//       CHECK:     arith.truncf %{{.*}} : vector<16xf32> to vector<16xbf16>

// INTEGER-LABEL: func.func @layer_norm_bf16
//       INTEGER:   dense<32767> : vector<16xi32>
//   INTEGER-NOT:   vector.interleave
//       INTEGER:   arith.ori %{{.*}}, %{{.*}} : vector<16xi32>
//   INTEGER-NOT:   vector.interleave
func.func @layer_norm_bf16(%x: tensor<?x?xbf16>, %g: tensor<?xbf16>, %b: tensor<?xbf16>) -> tensor<?x?xbf16> {
  %y = norm.layer_norm %x scale(%g : tensor<?xbf16>) bias(%b : tensor<?xbf16>) : tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}

// RMSNorm takes the same store.
// CHECK-LABEL: func.func @rms_norm_bf16
//       CHECK:     scf.for %{{.*}} step %c64 iter_args(%{{.*}}) -> (tensor<?x?xbf16>)
//       CHECK:       arith.truncf %{{.*}} : vector<16xf32> to vector<16xbf16>
//       CHECK:       arith.truncf %{{.*}} : vector<16xf32> to vector<16xbf16>
//       CHECK:       %[[W:.*]] = arith.ori %{{.*}}, %{{.*}} : vector<16xi32>
//       CHECK:       vector.bitcast %[[W]] : vector<16xi32> to vector<32xbf16>
func.func @rms_norm_bf16(%x: tensor<?x?xbf16>, %g: tensor<?xbf16>) -> tensor<?x?xbf16> {
  %y = norm.rms_norm %x scale(%g : tensor<?xbf16>) : tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}
