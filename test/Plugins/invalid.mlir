// The norm op verifiers run in the stock mlir-opt with the dialect plugin.
// REQUIRES: norm-package
// RUN: mlir-opt %s --split-input-file --verify-diagnostics \
// RUN:   --load-dialect-plugin=%norm_lib_dir/NormDialectPlugin.so

func.func @layer_norm_int_input(%x: tensor<4x8xi32>) -> tensor<4x8xi32> {
  // expected-error @+1 {{'norm.layer_norm' op 'input' must have element type f16, bf16, f32 or f64, but has 'i32'}}
  %y = norm.layer_norm %x : tensor<4x8xi32>
  return %y : tensor<4x8xi32>
}
