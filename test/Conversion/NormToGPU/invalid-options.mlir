// Every invalid option value of convert-norm-to-gpu fails the pass with an
// error on each function that names the option. One file per value.
// RUN: rm -rf %t && split-file %s %t
// RUN: norm-opt %t/threads.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{threads=100}))"
// RUN: norm-opt %t/rows-per-block.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{threads=64 rows-per-block=128}))"
// RUN: norm-opt %t/rows-per-block.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{rows-per-block=3}))"
// RUN: norm-opt %t/vector-width.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{vector-width=3}))"
// RUN: norm-opt %t/max-row-per-warp.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{max-row-per-warp=-1}))"
// RUN: norm-opt %t/max-cached-vectors.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{max-cached-vectors=65}))"
// RUN: norm-opt %t/max-cached-vectors.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{max-cached-vectors=-1}))"
// RUN: norm-opt %t/max-row-per-block.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{max-row-per-block=-1}))"
// RUN: norm-opt %t/blocks-per-row.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{blocks-per-row=65536}))"
// RUN: norm-opt %t/blocks-per-row.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{blocks-per-row=-2}))"
// RUN: norm-opt %t/blocks-per-channel.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{blocks-per-channel=65536}))"
// RUN: norm-opt %t/blocks-per-channel.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{blocks-per-channel=-1}))"
// RUN: norm-opt %t/persistent-blocks.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{persistent-blocks=0}))"
// RUN: norm-opt %t/persistent-blocks.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{persistent-blocks=65536}))"
// RUN: norm-opt %t/max-grad-partials.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{max-grad-partials=0}))"
// RUN: norm-opt %t/max-grad-partials.mlir -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(convert-norm-to-gpu{max-grad-partials=65536}))"

//--- threads.mlir
// expected-error @+1 {{convert-norm-to-gpu: 'threads' must be a power of two in [1, 1024]}}
func.func @bad_threads(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

//--- rows-per-block.mlir
// expected-error @+1 {{convert-norm-to-gpu: 'rows-per-block' must be 0 or a power of two dividing 'threads'}}
func.func @bad_rows_per_block(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

//--- vector-width.mlir
// expected-error @+1 {{convert-norm-to-gpu: 'vector-width' must be 0 or a power of two in [1, 16]}}
func.func @bad_vector_width(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

//--- max-row-per-warp.mlir
// expected-error @+1 {{convert-norm-to-gpu: 'max-row-per-warp' must be non-negative}}
func.func @bad_max_row_per_warp(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

//--- max-cached-vectors.mlir
// expected-error @+1 {{convert-norm-to-gpu: 'max-cached-vectors' must be in [0, 64]}}
func.func @bad_max_cached_vectors(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

//--- max-row-per-block.mlir
// expected-error @+1 {{convert-norm-to-gpu: 'max-row-per-block' must be non-negative}}
func.func @bad_max_row_per_block(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

//--- blocks-per-row.mlir
// expected-error @+1 {{convert-norm-to-gpu: 'blocks-per-row' must be in [0, 65535]}}
func.func @bad_blocks_per_row(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

//--- blocks-per-channel.mlir
// expected-error @+1 {{convert-norm-to-gpu: 'blocks-per-channel' must be in [0, 65535]}}
func.func @bad_blocks_per_channel(%x: tensor<4x8xf32>, %g: tensor<8xf32>,
                                  %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>)
      : tensor<4x8xf32> -> batch_mean, batch_var
  return %y : tensor<4x8xf32>
}

//--- persistent-blocks.mlir
// expected-error @+1 {{convert-norm-to-gpu: 'persistent-blocks' must be in [1, 65535]}}
func.func @bad_persistent_blocks(%x: tensor<4x8xf32>, %g: tensor<8xf32>,
                                 %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %y, %m, %v = norm.batch_norm_train %x scale(%g : tensor<8xf32>) bias(%b : tensor<8xf32>)
      : tensor<4x8xf32> -> batch_mean, batch_var
  return %y : tensor<4x8xf32>
}

//--- max-grad-partials.mlir
// expected-error @+1 {{convert-norm-to-gpu: 'max-grad-partials' must be in [1, 65535]}}
func.func @bad_max_grad_partials(%dy: tensor<4x8xf32>, %x: tensor<4x8xf32>,
                                 %r: tensor<4x1xf32>) -> tensor<4x8xf32> {
  %dx = norm.rms_norm_grad %dy x(%x : tensor<4x8xf32>)
      inv_rms(%r : tensor<4x1xf32>) : tensor<4x8xf32>
  return %dx : tensor<4x8xf32>
}
