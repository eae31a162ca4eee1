// RUN: norm-opt %s -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{threads=100}))"
// RUN: not norm-opt %s \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{threads=64 rows-per-block=128}))" \
// RUN:   2>&1 | FileCheck %s --check-prefix=ROWS
// RUN: not norm-opt %s \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{vector-width=3}))" \
// RUN:   2>&1 | FileCheck %s --check-prefix=VEC

// ROWS: error: convert-norm-to-gpu: 'rows-per-block' must be a power of two dividing 'threads'
// VEC: error: convert-norm-to-gpu: 'vector-width' must be a power of two in [1, 16]

// expected-error @+1 {{convert-norm-to-gpu: 'threads' must be a power of two in [1, 1024]}}
func.func @bad_threads(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
