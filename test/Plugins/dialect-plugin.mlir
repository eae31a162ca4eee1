// The stock mlir-opt of mlir-22-tools (not norm-opt) parses and prints norm
// ops with NormDialectPlugin.so, in the custom and the generic form; the
// verifiers run (invalid.mlir).
// REQUIRES: norm-package
// RUN: mlir-opt %s --load-dialect-plugin=%norm_lib_dir/NormDialectPlugin.so \
// RUN:   | FileCheck %s
// RUN: mlir-opt %s --load-dialect-plugin=%norm_lib_dir/NormDialectPlugin.so \
// RUN:   --mlir-print-op-generic \
// RUN:   | mlir-opt --load-dialect-plugin=%norm_lib_dir/NormDialectPlugin.so \
// RUN:   | FileCheck %s
// Without the plugin, mlir-opt knows no norm dialect.
// RUN: not mlir-opt %s 2>&1 | FileCheck %s --check-prefix=NOPLUGIN
// NOPLUGIN: Dialect `norm' not found

// CHECK-LABEL: func.func @ln
//       CHECK:   %{{.*}}, %{{.*}}, %{{.*}} = norm.layer_norm %{{.*}} scale(%{{.*}} : tensor<16xf32>) bias(%{{.*}} : tensor<16xf32>) {epsilon = 1.000000e-03 : f32} : tensor<4x16xf32> -> mean, inv_std_dev
func.func @ln(%x: tensor<4x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>)
    -> (tensor<4x16xf32>, tensor<4x1xf32>, tensor<4x1xf32>) {
  %y, %mean, %rstd = norm.layer_norm %x scale(%g : tensor<16xf32>)
      bias(%b : tensor<16xf32>) {epsilon = 1.0e-03 : f32}
      : tensor<4x16xf32> -> mean, inv_std_dev
  return %y, %mean, %rstd : tensor<4x16xf32>, tensor<4x1xf32>, tensor<4x1xf32>
}
