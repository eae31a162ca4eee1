// RUN: norm-opt %s --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{small-run-elements=-1}))" -verify-diagnostics
// RUN: not norm-opt %s --norm-cpu-pipeline="small-run-elements=-1" 2>&1 | FileCheck %s --check-prefix=PIPELINE

// A negative small-run-elements is refused, by the pass when it runs and by
// the pipeline when its options are parsed.
// PIPELINE: error: norm-cpu-pipeline: 'small-run-elements' must be positive or 0 (never)
// expected-error @+1 {{norm-tile-and-fuse: 'small-run-elements' must be positive or 0 (never)}}
func.func @bad_small_runs(%x: tensor<4x3x7x7xf32>, %p: tensor<3xf32>) -> tensor<4x3x7x7xf32> {
  %y, %m, %v = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) : tensor<4x3x7x7xf32> -> batch_mean, batch_var
  return %y : tensor<4x3x7x7xf32>
}
