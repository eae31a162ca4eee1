// RUN: norm-opt %s --norm-expand-bf16-truncation | FileCheck %s

// f32 -> bf16 truncation becomes round-to-nearest-even on the i32 bits, an
// i32 select (before the narrowing) of the NaN quieted (bits | 0x400000:
// sign and upper payload kept, no rounding carry), and a single bitcast to
// bf16 (no bf16-typed select).

// CHECK-LABEL: func.func @vector
//  CHECK-SAME:   %[[X:.*]]: vector<8xf32>
//   CHECK-DAG:   %[[QUIET:.*]] = arith.constant dense<4194304> : vector<8xi32>
//       CHECK:   %[[BITS:.*]] = arith.bitcast %[[X]] : vector<8xf32> to vector<8xi32>
//       CHECK:   %[[HI:.*]] = arith.shrui %[[BITS]], %{{.*}} : vector<8xi32>
//       CHECK:   %[[LSB:.*]] = arith.andi %[[HI]], %{{.*}} : vector<8xi32>
//       CHECK:   %[[BIAS:.*]] = arith.addi %[[BITS]], %{{.*}} : vector<8xi32>
//       CHECK:   %[[RND:.*]] = arith.addi %[[BIAS]], %[[LSB]] : vector<8xi32>
//       CHECK:   %[[QNAN:.*]] = arith.ori %{{.*}}, %[[QUIET]] : vector<8xi32>
//       CHECK:   %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : vector<8xf32>
//       CHECK:   %[[SEL:.*]] = arith.select %[[NAN]], %[[QNAN]], %[[RND]] : vector<8xi1>, vector<8xi32>
// A vector is narrowed by picking the upper i16 halves, never by
// arith.trunci: LLVM 22 on AVX-512 folds a vector trunc into a truncating
// masked store and stores a one-lane constant mask 4 bytes wide (see
// test/Regression/bf16-one-lane-masked-store.mlir).
//       CHECK:   %[[HALVES:.*]] = vector.bitcast %[[SEL]] : vector<8xi32> to vector<16xi16>
//       CHECK:   %[[T:.*]] = vector.shuffle %[[HALVES]], %[[HALVES]] [1, 3, 5, 7, 9, 11, 13, 15] : vector<16xi16>, vector<16xi16>
//       CHECK:   %[[R:.*]] = arith.bitcast %[[T]] : vector<8xi16> to vector<8xbf16>
//       CHECK:   return %[[R]]
//   CHECK-NOT:   arith.trunci
func.func @vector(%x: vector<8xf32>) -> vector<8xbf16> {
  %y = arith.truncf %x : vector<8xf32> to vector<8xbf16>
  return %y : vector<8xbf16>
}

// An n-D vector goes through 1-D for the shuffle.
// CHECK-LABEL: func.func @vector_2d
//       CHECK:   %[[FLAT:.*]] = vector.shape_cast %{{.*}} : vector<2x4xi32> to vector<8xi32>
//       CHECK:   %[[HALVES:.*]] = vector.bitcast %[[FLAT]] : vector<8xi32> to vector<16xi16>
//       CHECK:   %[[T:.*]] = vector.shuffle %[[HALVES]], %[[HALVES]] [1, 3, 5, 7, 9, 11, 13, 15]
//       CHECK:   %[[BACK:.*]] = vector.shape_cast %[[T]] : vector<8xi16> to vector<2x4xi16>
//       CHECK:   arith.bitcast %[[BACK]] : vector<2x4xi16> to vector<2x4xbf16>
func.func @vector_2d(%x: vector<2x4xf32>) -> vector<2x4xbf16> {
  %y = arith.truncf %x : vector<2x4xf32> to vector<2x4xbf16>
  return %y : vector<2x4xbf16>
}

// CHECK-LABEL: func.func @scalar_and_others
//       CHECK:   arith.select %{{.*}}, %{{.*}}, %{{.*}} : i32
//       CHECK:   arith.trunci %{{.*}} : i32 to i16
//       CHECK:   arith.bitcast %{{.*}} : i16 to bf16
// Other truncations are left alone.
//       CHECK:   arith.truncf %{{.*}} : f32 to f16
//       CHECK:   arith.truncf %{{.*}} : f64 to bf16
func.func @scalar_and_others(%x: f32, %d: f64) -> (bf16, f16, bf16) {
  %a = arith.truncf %x : f32 to bf16
  %b = arith.truncf %x : f32 to f16
  %c = arith.truncf %d : f64 to bf16
  return %a, %b, %c : bf16, f16, bf16
}
