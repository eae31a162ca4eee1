// RUN: norm-opt %s --convert-norm-to-vector="vector-width=8 unroll=2" --canonicalize --cse | FileCheck %s

// A row norm with a residual: every pass over the row reads x and r at the
// same column in the same loop and adds them (no separate add pass, no sum
// tensor read back); the normalization pass also writes the sum when the op
// returns it.

// CHECK-LABEL: func.func @rms_norm_residual_sum
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?xf32>, %[[R:[^:]*]]: tensor<?x?xf32>
//       CHECK:   scf.for %[[ROW:[^ ]*]] = {{.*}} iter_args(%[[OUT:.*]] = %{{.*}}, %[[SUM:.*]] = %{{.*}}) -> (tensor<?x?xf32>, tensor<?x?xf32>)
// The sum of squares: x + r, squared, accumulated.
//       CHECK:     scf.for %[[J:[^ ]*]] = {{.*}} -> (vector<8xf32>, vector<8xf32>)
//       CHECK:       %[[XV:.*]] = vector.transfer_read %[[X]][%[[ROW]], %[[J]]]
//       CHECK:       %[[RV:.*]] = vector.transfer_read %[[R]][%[[ROW]], %[[J]]]
//       CHECK:       %[[S:.*]] = arith.addf %[[XV]], %[[RV]] : vector<8xf32>
//       CHECK:       arith.mulf %[[S]], %[[S]]
// The masked tail of that pass.
//       CHECK:     scf.for
//       CHECK:       %[[M:.*]] = vector.create_mask
//       CHECK:       vector.transfer_read %[[X]]{{.*}}, %[[M]]
//       CHECK:       vector.transfer_read %[[R]]{{.*}}, %[[M]]
//       CHECK:       arith.addf
//       CHECK:     vector.reduction <add>
// The normalization pass: reads x + r again, writes the sum and the output.
//       CHECK:     scf.for %[[J2:[^ ]*]] = {{.*}} iter_args(%[[O2:.*]] = %[[OUT]], %[[S2:.*]] = %[[SUM]]) -> (tensor<?x?xf32>, tensor<?x?xf32>)
//       CHECK:       %[[XW:.*]] = vector.transfer_read %[[X]][%[[ROW]], %[[J2]]]
//       CHECK:       %[[RW:.*]] = vector.transfer_read %[[R]][%[[ROW]], %[[J2]]]
//       CHECK:       %[[SW:.*]] = arith.addf %[[XW]], %[[RW]] : vector<8xf32>
//       CHECK:       vector.transfer_write %[[SW]], %[[S2]][%[[ROW]], %[[J2]]]
//       CHECK:       %[[Y:.*]] = arith.mulf %[[SW]], %{{.*}} : vector<8xf32>
//       CHECK:       vector.transfer_write %{{.*}}, %[[O2]][%[[ROW]], %[[J2]]]
func.func @rms_norm_residual_sum(%x: tensor<?x?xf32>, %r: tensor<?x?xf32>, %g: tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %y, %s = norm.rms_norm %x residual(%r : tensor<?x?xf32>) scale(%g : tensor<?xf32>) : tensor<?x?xf32> -> sum
  return %y, %s : tensor<?x?xf32>, tensor<?x?xf32>
}

// bf16 LayerNorm: no pair mode; the sum is added in f32 and rounded to bf16
// once (the sum the op returns), then widened for the statistics.
// CHECK-LABEL: func.func @layer_norm_residual_bf16
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x768xbf16>, %[[R:[^:]*]]: tensor<?x768xbf16>
//   CHECK-NOT:   vector.bitcast
//       CHECK:   scf.for %[[ROW:[^ ]*]] =
//       CHECK:     scf.for %[[J:[^ ]*]] =
//       CHECK:       %[[XV:.*]] = vector.transfer_read %[[X]][%[[ROW]], %[[J]]]{{.*}} : tensor<?x768xbf16>, vector<8xbf16>
//       CHECK:       %[[RV:.*]] = vector.transfer_read %[[R]][%[[ROW]], %[[J]]]{{.*}} : tensor<?x768xbf16>, vector<8xbf16>
//       CHECK:       %[[XE:.*]] = arith.extf %[[XV]] : vector<8xbf16> to vector<8xf32>
//       CHECK:       %[[RE:.*]] = arith.extf %[[RV]] : vector<8xbf16> to vector<8xf32>
//       CHECK:       %[[S:.*]] = arith.addf %[[XE]], %[[RE]] : vector<8xf32>
//       CHECK:       %[[ST:.*]] = arith.truncf %[[S]] : vector<8xf32> to vector<8xbf16>
//       CHECK:       arith.extf %[[ST]] : vector<8xbf16> to vector<8xf32>
//   CHECK-NOT:   vector.bitcast
//       CHECK:   return
func.func @layer_norm_residual_bf16(%x: tensor<?x768xbf16>, %r: tensor<?x768xbf16>) -> tensor<?x768xbf16> {
  %y = norm.layer_norm %x residual(%r : tensor<?x768xbf16>) : tensor<?x768xbf16>
  return %y : tensor<?x768xbf16>
}
