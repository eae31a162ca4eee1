// Each invalid option value of convert-norm-to-vector fails the pass with an
// error naming the option (invalid-options.mlir: vector-width;
// invalid-small-runs.mlir: small-run-elements).
// RUN: not norm-opt %s --convert-norm-to-vector="unroll=0" 2>&1 | FileCheck %s --check-prefix=UNROLL
// RUN: not norm-opt %s --norm-cpu-pipeline="unroll=-3" 2>&1 | FileCheck %s --check-prefix=PIPELINE-UNROLL
// RUN: not norm-opt %s --convert-norm-to-vector="block-elements=-1" 2>&1 | FileCheck %s --check-prefix=BLOCK-ELEMENTS
// RUN: not norm-opt %s --convert-norm-to-vector="stream-min-bytes=-1" 2>&1 | FileCheck %s --check-prefix=STREAM-MIN-BYTES
// RUN: not norm-opt %s --convert-norm-to-vector="stream-min-bytes-per-pass=-2" 2>&1 | FileCheck %s --check-prefix=STREAM-PER-PASS
// RUN: not norm-opt %s --convert-norm-to-vector="gradient-tiles=0" 2>&1 | FileCheck %s --check-prefix=GRADIENT-TILES
// RUN: not norm-opt %s --norm-cpu-pipeline="gradient-tiles=-2" 2>&1 | FileCheck %s --check-prefix=PIPELINE-GRADIENT-TILES
// RUN: not norm-opt %s --convert-norm-to-vector="short-row-elements=-1" 2>&1 | FileCheck %s --check-prefix=SHORT-ROW-ELEMENTS
// RUN: not norm-opt %s --convert-norm-to-vector="short-row-group=3" 2>&1 | FileCheck %s --check-prefix=SHORT-ROW-GROUP
// RUN: not norm-opt %s --convert-norm-to-vector="short-row-group=0" 2>&1 | FileCheck %s --check-prefix=SHORT-ROW-GROUP
// RUN: not norm-opt %s --convert-norm-to-vector="short-row-max-bytes=-1" 2>&1 | FileCheck %s --check-prefix=SHORT-ROW-MAX-BYTES
// RUN: not norm-opt %s --norm-cpu-pipeline="short-row-group=6" 2>&1 | FileCheck %s --check-prefix=PIPELINE-GROUP
// RUN: not norm-opt %s --convert-norm-to-vector="prefetch-max-bytes=-1" 2>&1 | FileCheck %s --check-prefix=PREFETCH-MAX-BYTES
// RUN: not norm-opt %s --norm-cpu-pipeline="prefetch-max-bytes=-64" 2>&1 | FileCheck %s --check-prefix=PIPELINE-PREFETCH

// UNROLL:         error: convert-norm-to-vector: 'unroll' must be positive
// PIPELINE-UNROLL: norm-cpu-pipeline: 'unroll' must be positive
// BLOCK-ELEMENTS: error: convert-norm-to-vector: 'block-elements' must be positive
// STREAM-MIN-BYTES: error: convert-norm-to-vector: 'stream-min-bytes' must be positive or 0 (any size)
// STREAM-PER-PASS: error: convert-norm-to-vector: 'stream-min-bytes-per-pass' must be positive or 0 (always)
// GRADIENT-TILES: error: convert-norm-to-vector: 'gradient-tiles' must be positive
// PIPELINE-GRADIENT-TILES: norm-cpu-pipeline: 'gradient-tiles' must be positive
// SHORT-ROW-ELEMENTS: error: convert-norm-to-vector: 'short-row-elements' must be positive or 0 (never)
// SHORT-ROW-GROUP: error: convert-norm-to-vector: 'short-row-group' must be a power of two
// SHORT-ROW-MAX-BYTES: error: convert-norm-to-vector: 'short-row-max-bytes' must be positive or 0 (any size)
// PIPELINE-GROUP: 'short-row-group' must be a power of two
// PREFETCH-MAX-BYTES: error: convert-norm-to-vector: 'prefetch-max-bytes' must be positive or 0 (never)
// PIPELINE-PREFETCH: norm-cpu-pipeline: 'prefetch-max-bytes' must be positive or 0 (never)

module {
}
