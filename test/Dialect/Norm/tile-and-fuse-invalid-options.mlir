// Each invalid option value of norm-tile-and-fuse fails the pass with an
// error naming the option (tile-and-fuse-invalid.mlir: row-tile-size;
// tile-and-fuse-invalid-small-runs.mlir: small-run-elements).
// RUN: not norm-opt %s --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{channel-tile-size=-1}))" 2>&1 | FileCheck %s --check-prefix=CHANNEL-TILE-SIZE
// RUN: not norm-opt %s --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{channel-tile-elements=0}))" 2>&1 | FileCheck %s --check-prefix=CHANNEL-TILE-ELEMENTS
// RUN: not norm-opt %s --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{row-tile-bytes=-1}))" 2>&1 | FileCheck %s --check-prefix=ROW-TILE-BYTES
// RUN: not norm-opt %s --norm-cpu-pipeline="row-tile-bytes=-1" 2>&1 | FileCheck %s --check-prefix=ROW-TILE-BYTES-CPU

// CHANNEL-TILE-SIZE:     error: norm-tile-and-fuse: 'channel-tile-size' must be positive or 0 (automatic)
// CHANNEL-TILE-ELEMENTS: error: norm-tile-and-fuse: 'channel-tile-elements' must be positive
// ROW-TILE-BYTES:        error: norm-tile-and-fuse: 'row-tile-bytes' must be positive or 0 (rows only)
// ROW-TILE-BYTES-CPU:    error: norm-cpu-pipeline: 'row-tile-bytes' must be positive or 0 (rows only)

func.func @f() {
  return
}
