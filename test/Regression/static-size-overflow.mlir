// RUN: norm-opt %s -split-input-file -verify-diagnostics --norm-cpu-pipeline
//
// Found by norm-fuzz (UBSan: signed integer overflow in buildElementCount,
// lib/Conversion/NormToLinalg/Moments.cpp): static sizes whose product
// overflows int64 reached the lowerings, which multiply the sizes of the
// reduced dims. The verifier now rejects them.

func.func @group_norm(%x: tensor<2x6x4611686018427387904xf32>, %g: tensor<6xf32>, %b: tensor<6xf32>) -> tensor<2x6x4611686018427387904xf32> {
  // expected-error @+1 {{'input' static sizes must have a product that fits in int64, but the shape is [2, 6, 4611686018427387904]}}
  %y = norm.group_norm %x scale(%g : tensor<6xf32>) bias(%b : tensor<6xf32>) {num_groups = 3 : i64} : tensor<2x6x4611686018427387904xf32>
  return %y : tensor<2x6x4611686018427387904xf32>
}

// -----

// A zero-size dim does not make the reduced dims' product fit.
func.func @layer_norm(%x: tensor<0x4611686018427387904x4xf32>) -> tensor<0x4611686018427387904x4xf32> {
  // expected-error @+1 {{'input' static sizes must have a product that fits in int64}}
  %y = norm.layer_norm %x {axis = 1 : i64} : tensor<0x4611686018427387904x4xf32>
  return %y : tensor<0x4611686018427387904x4xf32>
}

// -----

// Dynamic dims are not counted; the largest static product still verifies
// and lowers.
func.func @rms_norm(%x: tensor<?x4611686018427387904xf32>) -> tensor<?x4611686018427387904xf32> {
  %y = norm.rms_norm %x : tensor<?x4611686018427387904xf32>
  return %y : tensor<?x4611686018427387904xf32>
}
