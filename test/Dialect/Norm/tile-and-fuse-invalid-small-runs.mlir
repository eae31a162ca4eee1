// RUN: norm-opt %s --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{small-run-elements=-1}))" -verify-diagnostics
// RUN: norm-opt %s --norm-cpu-pipeline="small-run-elements=-1" -verify-diagnostics

// A negative small-run-elements is refused, by the pass and by the pipeline.
// expected-error @+1 {{norm-tile-and-fuse: 'row-tile-size' and 'channel-tile-elements' must be positive, 'channel-tile-size' positive or 0 (automatic), 'small-run-elements' positive or 0 (never)}}
func.func @bad_small_runs(%x: tensor<4x3x7x7xf32>, %p: tensor<3xf32>) -> tensor<4x3x7x7xf32> {
  %y, %m, %v = norm.batch_norm_train %x scale(%p : tensor<3xf32>) bias(%p : tensor<3xf32>) : tensor<4x3x7x7xf32> -> batch_mean, batch_var
  return %y : tensor<4x3x7x7xf32>
}
