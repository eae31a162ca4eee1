// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 unroll=4 short-row-elements=0" --canonicalize --cse --split-input-file | FileCheck %s

// A short static row (fewer than 2 x unroll vectors) whose vectors unroll
// does not split into at least two main iterations takes the largest
// smaller unroll that does: 96 f32 = 6 vectors of 16 run as 2 iterations of
// 3 (3 accumulators per sum, no tail), not 1 of 4 and a tail of 2.

// CHECK-LABEL: func.func @f32_96
// Pass 1: sum(x).
//       CHECK:   scf.for %{{.*}} = %c0 to %c96 step %c48 {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>)
// Pass 2: sum(d), sum(d^2).
//       CHECK:   scf.for %{{.*}} = %c0 to %c96 step %c48 {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// Pass 3: the output.
//       CHECK:   scf.for %{{.*}} = %c0 to %c96 step %c48 {{.*}} -> (tensor<64x96xf32>)
// No loop of single vectors, no masked vector.
//   CHECK-NOT:   step %c16
//   CHECK-NOT:   vector.create_mask
//       CHECK:   return
func.func @f32_96(%x: tensor<64x96xf32>, %g: tensor<96xf32>, %b: tensor<96xf32>) -> tensor<64x96xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<96xf32>) bias(%b : tensor<96xf32>) {epsilon = 1.0e-05 : f32} : tensor<64x96xf32>
  return %y : tensor<64x96xf32>
}

// -----

// bf16 read in pairs of vectors needs an even unroll: 2 (3 iterations).

// CHECK-LABEL: func.func @bf16_96
//       CHECK:   scf.for %{{.*}} = %c0 to %c96 step %c32 {{.*}} -> (vector<16xf32>, vector<16xf32>)
//   CHECK-NOT:   vector.create_mask
//       CHECK:   return
func.func @bf16_96(%x: tensor<64x96xbf16>, %g: tensor<96xbf16>) -> tensor<64x96xbf16> {
  %y = norm.rms_norm %x scale(%g : tensor<96xbf16>) {epsilon = 1.0e-05 : f32} : tensor<64x96xbf16>
  return %y : tensor<64x96xbf16>
}

// -----

// 128 f32 = 8 vectors: unroll 4 already runs twice; it stays.

// CHECK-LABEL: func.func @f32_128
//       CHECK:   scf.for %{{.*}} = %c0 to %c128 step %c64 {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
func.func @f32_128(%x: tensor<64x128xf32>, %g: tensor<128xf32>, %b: tensor<128xf32>) -> tensor<64x128xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<128xf32>) bias(%b : tensor<128xf32>) {epsilon = 1.0e-05 : f32} : tensor<64x128xf32>
  return %y : tensor<64x128xf32>
}

// -----

// Rows of 16 or more vectors (here 22 f32 vectors) keep unroll, tail and
// all: a long row is not latency-bound.

// CHECK-LABEL: func.func @f32_352
//       CHECK:   scf.for %{{.*}} = %c0 to %c320 step %c64 {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
//       CHECK:   scf.for %{{.*}} = %c320 to %c352 step %c16 {{.*}} -> (vector<16xf32>)
func.func @f32_352(%x: tensor<64x352xf32>, %g: tensor<352xf32>, %b: tensor<352xf32>) -> tensor<64x352xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<352xf32>) bias(%b : tensor<352xf32>) {epsilon = 1.0e-05 : f32} : tensor<64x352xf32>
  return %y : tensor<64x352xf32>
}

// -----

// A dynamic row length keeps unroll (the main loop ends at the length
// rounded down to 64).

// CHECK-LABEL: func.func @f32_dynamic
//       CHECK:   scf.for %{{.*}} = %c0 to %{{.*}} step %c64 {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
//       CHECK:   scf.for %{{.*}} step %c16 {{.*}} -> (vector<16xf32>)
func.func @f32_dynamic(%x: tensor<64x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<64x?xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {epsilon = 1.0e-05 : f32} : tensor<64x?xf32>
  return %y : tensor<64x?xf32>
}
