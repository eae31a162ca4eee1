// Each invalid option value of convert-norm-to-vector fails the pass with an
// error naming the option (invalid-options.mlir: vector-width;
// invalid-small-runs.mlir: small-run-elements).
// RUN: not norm-opt %s --convert-norm-to-vector="unroll=0" 2>&1 | FileCheck %s --check-prefix=UNROLL
// RUN: not norm-opt %s --convert-norm-to-vector="block-elements=-1" 2>&1 | FileCheck %s --check-prefix=BLOCK-ELEMENTS
// RUN: not norm-opt %s --convert-norm-to-vector="stream-min-bytes=-1" 2>&1 | FileCheck %s --check-prefix=STREAM-MIN-BYTES

// UNROLL:         error: convert-norm-to-vector: 'unroll' must be positive
// BLOCK-ELEMENTS: error: convert-norm-to-vector: 'block-elements' must be positive
// STREAM-MIN-BYTES: error: convert-norm-to-vector: 'stream-min-bytes' must be positive or 0 (any size)

module {
}
