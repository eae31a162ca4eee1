// Invalid options of norm-cpu-pipeline fail the parsing of the pipeline with
// an error naming the option, before any pass runs: the pipeline's own
// options, and those it passes on, checked by the passes' checks (also when
// `tile` or `vectorize` leaves the pass out).
// RUN: not norm-opt %s --norm-cpu-pipeline="vector-width=-1" 2>&1 | FileCheck %s --check-prefix=VECTOR-WIDTH
// RUN: not norm-opt %s --norm-cpu-pipeline="num-threads=-1" 2>&1 | FileCheck %s --check-prefix=NUM-THREADS
// RUN: not norm-opt %s --norm-cpu-pipeline="row-tile-size=0" 2>&1 | FileCheck %s --check-prefix=ROW-TILE-SIZE
// RUN: not norm-opt %s --norm-cpu-pipeline="tile=false row-tile-size=0" 2>&1 | FileCheck %s --check-prefix=ROW-TILE-SIZE
// RUN: not norm-opt %s --norm-cpu-pipeline="channel-tile-size=-1" 2>&1 | FileCheck %s --check-prefix=CHANNEL-TILE-SIZE
// RUN: not norm-opt %s --norm-cpu-pipeline="channel-tile-elements=0" 2>&1 | FileCheck %s --check-prefix=CHANNEL-TILE-ELEMENTS
// RUN: not norm-opt %s --norm-cpu-pipeline="block-elements=0" 2>&1 | FileCheck %s --check-prefix=BLOCK-ELEMENTS
// RUN: not norm-opt %s --norm-cpu-pipeline="vectorize=false block-elements=0" 2>&1 | FileCheck %s --check-prefix=BLOCK-ELEMENTS
// RUN: not norm-opt %s --norm-cpu-pipeline="vectorize=false small-run-elements=-1" 2>&1 | FileCheck %s --check-prefix=SMALL-RUN-ELEMENTS
// RUN: not norm-opt %s --pass-pipeline="builtin.module(norm-cpu-pipeline{num-threads=-1})" 2>&1 | FileCheck %s --check-prefix=NUM-THREADS
// RUN: not norm-opt %s --norm-cpu-pipeline="nontemporal-min-bytes=-1" 2>&1 | FileCheck %s --check-prefix=NONTEMPORAL-MIN-BYTES
// RUN: not norm-opt %s --norm-cpu-pipeline="nontemporal-min-bytes-per-pass=-1" 2>&1 | FileCheck %s --check-prefix=NONTEMPORAL-PER-PASS
// RUN: not norm-opt %s --norm-cpu-pipeline="target-cpu=no-such-cpu" 2>&1 | FileCheck %s --check-prefix=TARGET-CPU
// RUN: not norm-opt %s --norm-cpu-pipeline="target-features=avx512bf16" 2>&1 | FileCheck %s --check-prefix=TARGET-FEATURES-SIGN
// RUN: not norm-opt %s --norm-cpu-pipeline="target-features=+avx2,-no-such-feature" 2>&1 | FileCheck %s --check-prefix=TARGET-FEATURES-NAME
// RUN: not norm-run %s --function=f --pipeline-options="target-cpu=no-such-cpu" 2>&1 | FileCheck %s --check-prefix=NORM-RUN-TARGET-CPU

// VECTOR-WIDTH:          error: norm-cpu-pipeline: 'vector-width' must be positive or 0 (the host's)
// NUM-THREADS:           error: norm-cpu-pipeline: 'num-threads' must be positive or 0 (OpenMP's default)
// ROW-TILE-SIZE:         error: norm-cpu-pipeline: 'row-tile-size' must be positive
// CHANNEL-TILE-SIZE:     error: norm-cpu-pipeline: 'channel-tile-size' must be positive or 0 (automatic)
// CHANNEL-TILE-ELEMENTS: error: norm-cpu-pipeline: 'channel-tile-elements' must be positive
// BLOCK-ELEMENTS:        error: norm-cpu-pipeline: 'block-elements' must be positive
// SMALL-RUN-ELEMENTS:    error: norm-cpu-pipeline: 'small-run-elements' must be positive or 0 (never)
// NONTEMPORAL-MIN-BYTES: error: norm-cpu-pipeline: 'nontemporal-min-bytes' must be positive or 0 (any size)
// NONTEMPORAL-PER-PASS:  error: norm-cpu-pipeline: 'nontemporal-min-bytes-per-pass' must be positive or 0 (always)
// TARGET-CPU:            error: norm-cpu-pipeline: 'target-cpu' names no CPU of {{[a-z0-9_]+}} that LLVM knows: 'no-such-cpu'
// TARGET-FEATURES-SIGN:  error: norm-cpu-pipeline: 'target-features' takes comma-separated +name / -name entries of {{[a-z0-9_]+}} features that LLVM knows, not 'avx512bf16'
// TARGET-FEATURES-NAME:  error: norm-cpu-pipeline: 'target-features' takes comma-separated +name / -name entries of {{[a-z0-9_]+}} features that LLVM knows, not '-no-such-feature'
// NORM-RUN-TARGET-CPU:   norm-run: error: invalid --pipeline-options='target-cpu=no-such-cpu': 'target-cpu' names no CPU of {{[a-z0-9_]+}} that LLVM knows: 'no-such-cpu'

module {
  func.func @f() {
    return
  }
}
