// Run-time size checks: inputs whose dynamic sizes disagree stop the program
// with the op, its location, the operand and both sizes, and norm-run exits
// with code 1 (no core dump, no wrong numbers). Each check runs through the
// vector kernels (the default pipeline) and the linalg lowering
// (vectorize=false); matching sizes run clean.

// The three cases of issue 11: scale and bias of 5 elements for rows of 8.
// RUN: not norm-run %s --function=layer_norm --input="2x8xf32=1 2 3 4 5 6 7 8 1 2 3 4 5 6 7 8" \
// RUN:   --input="5xf32=1 1 1 1 1" --input="5xf32=0 0 0 0 0" 2>&1 | FileCheck %s --check-prefix=LAYER
// RUN: not norm-run %s --function=layer_norm --pipeline-options="vectorize=false" \
// RUN:   --input="2x8xf32=1 2 3 4 5 6 7 8 1 2 3 4 5 6 7 8" \
// RUN:   --input="5xf32=1 1 1 1 1" --input="5xf32=0 0 0 0 0" 2>&1 | FileCheck %s --check-prefix=LAYER
// LAYER: norm.layer_norm at {{.*}}runtime-checks.mlir:[[@LINE+6]]:8: 'scale' has 5 elements but the normalized dim has 8
// LAYER-NEXT: norm-run: error: the compiled code stopped at a failed run-time check (message above)
// LAYER-NOT: result
// RUN: norm-run %s --function=layer_norm --input="1x2xf32=1 3" --input="2xf32=1 1" --input="2xf32=0 0" | FileCheck %s --check-prefix=LAYER-OK
// LAYER-OK: result[0]: 1x2xf32={{\[\[-0\.99[0-9]* 0\.99[0-9]*\]\]}}
func.func @layer_norm(%x: tensor<?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// A bias of 9 elements: the second check (the first passes).
// RUN: not norm-run %s --function=layer_norm --input="1x8xf32=1 2 3 4 5 6 7 8" \
// RUN:   --input="8xf32=1 1 1 1 1 1 1 1" --input="9xf32=0 0 0 0 0 0 0 0 0" 2>&1 | FileCheck %s --check-prefix=BIAS
// BIAS: norm.layer_norm at {{.*}}: 'bias' has 9 elements but the normalized dim has 8

// group_norm with a dynamic channel count C = 6 and num_groups = 4.
// RUN: not norm-run %s --function=group_norm --input="1x6x2xf32=1 2 3 4 5 6 7 8 9 10 11 12" \
// RUN:   --input="6xf32=1 1 1 1 1 1" --input="6xf32=0 0 0 0 0 0" 2>&1 | FileCheck %s --check-prefix=GROUP
// GROUP: norm.group_norm at {{.*}}runtime-checks.mlir:[[@LINE+5]]:8: 'input' has 6 channels, which 'num_groups' = 4 does not divide
// RUN: norm-run %s --function=group_norm --input="1x4x1xf32=1 2 3 4" \
// RUN:   --input="4xf32=1 1 1 1" --input="4xf32=0 0 0 0" | FileCheck %s --check-prefix=GROUP-OK
// GROUP-OK: result[0]: 1x4x1xf32={{\[\[\[0\]\[0\]\[0\]\[0\]\]\]}}
func.func @group_norm(%x: tensor<?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x?x?xf32> {
  %y = norm.group_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {num_groups = 4 : i64} : tensor<?x?x?xf32>
  return %y : tensor<?x?x?xf32>
}

// batch_norm_train over an empty batch (N = 0): an error, not NaN running
// statistics (PyTorch: "Expected more than 1 value per channel when
// training"); with unbiased_running_var, one element per channel is too few.
// RUN: not norm-run %s --function=batch_norm_train --input="0x2x3xf32=" --input="2xf32=1 1" \
// RUN:   --input="2xf32=0 0" --input="2xf32=0 0" --input="2xf32=1 1" 2>&1 | FileCheck %s --check-prefix=TRAIN
// RUN: not norm-run %s --function=batch_norm_train --pipeline-options="vectorize=false" --input="0x2x3xf32=" --input="2xf32=1 1" \
// RUN:   --input="2xf32=0 0" --input="2xf32=0 0" --input="2xf32=1 1" 2>&1 | FileCheck %s --check-prefix=TRAIN
// TRAIN: norm.batch_norm_train at {{.*}}runtime-checks.mlir:[[@LINE+8]]:26: 0 elements per channel, but the unbiased running variance needs at least 2
// RUN: not norm-run %s --function=batch_norm_train --input="1x2x1xf32=1 2" --input="2xf32=1 1" \
// RUN:   --input="2xf32=0 0" --input="2xf32=0 0" --input="2xf32=1 1" 2>&1 | FileCheck %s --check-prefix=TRAIN-ONE
// TRAIN-ONE: norm.batch_norm_train at {{.*}}: 1 elements per channel, but the unbiased running variance needs at least 2
// RUN: not norm-run %s --function=batch_norm_train --input="2x3x1xf32=1 2 3 4 5 6" --input="2xf32=1 1" \
// RUN:   --input="2xf32=0 0" --input="2xf32=0 0" --input="2xf32=1 1" 2>&1 | FileCheck %s --check-prefix=TRAIN-C
// TRAIN-C: norm.batch_norm_train at {{.*}}: 'scale' has 2 elements but the channel dim of 'input' has 3
func.func @batch_norm_train(%x: tensor<?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>, %rm: tensor<?xf32>, %rv: tensor<?xf32>) -> (tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %y, %m, %v, %nm, %nv = norm.batch_norm_train %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) running_mean(%rm : tensor<?xf32>) running_var(%rv : tensor<?xf32>) {unbiased_running_var = true} : tensor<?x?x?xf32> -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %m, %v, %nm, %nv : tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// The other ops: rms_norm's scale, batch_norm's variance (channels last),
// instance_norm's bias, and a static statistics result of layer_norm whose
// rows are dynamic.
// RUN: not norm-run %s --function=rms_norm --input="3x4xbf16=1 2 3 4 5 6 7 8 9 10 11 12" \
// RUN:   --input="3xbf16=1 1 1" 2>&1 | FileCheck %s --check-prefix=RMS
// RMS: norm.rms_norm at {{.*}}: 'scale' has 3 elements but the normalized dim has 4
func.func @rms_norm(%x: tensor<?x?xbf16>, %g: tensor<?xbf16>) -> tensor<?x?xbf16> {
  %y = norm.rms_norm %x scale(%g : tensor<?xbf16>) : tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}
// RUN: not norm-run %s --function=batch_norm --input="2x3xf16=1 2 3 4 5 6" --input="3xf16=1 1 1" \
// RUN:   --input="3xf16=0 0 0" --input="3xf16=0 0 0" --input="2xf16=1 1" 2>&1 | FileCheck %s --check-prefix=BN
// RUN: not norm-run %s --function=batch_norm --pipeline-options="vectorize=false" --input="2x3xf16=1 2 3 4 5 6" --input="3xf16=1 1 1" \
// RUN:   --input="3xf16=0 0 0" --input="3xf16=0 0 0" --input="2xf16=1 1" 2>&1 | FileCheck %s --check-prefix=BN
// BN: norm.batch_norm at {{.*}}: 'var' has 2 elements but the channel dim of 'input' has 3
func.func @batch_norm(%x: tensor<?x?xf16>, %g: tensor<?xf16>, %b: tensor<?xf16>, %m: tensor<?xf16>, %v: tensor<?xf16>) -> tensor<?x?xf16> {
  %y = norm.batch_norm %x scale(%g : tensor<?xf16>) bias(%b : tensor<?xf16>) mean(%m : tensor<?xf16>) var(%v : tensor<?xf16>) {feature_axis = -1 : i64} : tensor<?x?xf16>
  return %y : tensor<?x?xf16>
}
// RUN: not norm-run %s --function=instance_norm --input="1x2x2xf64=1 2 3 4" --input="2xf64=1 1" \
// RUN:   --input="4xf64=0 0 0 0" 2>&1 | FileCheck %s --check-prefix=INST
// INST: norm.instance_norm at {{.*}}: 'bias' has 4 elements but the channel dim of 'input' has 2
func.func @instance_norm(%x: tensor<?x?x?xf64>, %g: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?x?x?xf64> {
  %y = norm.instance_norm %x scale(%g : tensor<?xf64>) bias(%b : tensor<?xf64>) : tensor<?x?x?xf64>
  return %y : tensor<?x?x?xf64>
}
// RUN: not norm-run %s --function=layer_norm_stats --input="3x2xf32=1 2 3 4 5 6" 2>&1 | FileCheck %s --check-prefix=STATS
// STATS: norm.layer_norm at {{.*}}: result 'mean' has the static size 4 in dim 0 but dim 0 of 'input' has 3
func.func @layer_norm_stats(%x: tensor<?x2xf32>) -> (tensor<?x2xf32>, tensor<4x1xf32>, tensor<4x1xf32>) {
  %y, %m, %r = norm.layer_norm %x : tensor<?x2xf32> -> mean(tensor<4x1xf32>), inv_std_dev(tensor<4x1xf32>)
  return %y, %m, %r : tensor<?x2xf32>, tensor<4x1xf32>, tensor<4x1xf32>
}

// runtime-checks=false compiles no check (for callers that guarantee
// shapes); matching sizes give the same numbers.
// RUN: norm-run %s --function=layer_norm --pipeline-options="runtime-checks=false" --input="1x2xf32=1 3" \
// RUN:   --input="2xf32=1 1" --input="2xf32=0 0" | FileCheck %s --check-prefix=LAYER-OK
