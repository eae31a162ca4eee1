// RUN: norm-opt %s --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{row-tile-size=0}))" -verify-diagnostics

// expected-error @+1 {{norm-tile-and-fuse: 'row-tile-size' must be positive}}
func.func @bad_tile_size(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.layer_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
