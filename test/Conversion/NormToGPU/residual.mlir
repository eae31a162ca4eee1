// The streaming kernel: every sweep loads x and r at the same offset and adds
// them; the normalization sweep stores the sum beside the output.
// RUN: norm-opt %s --convert-norm-to-gpu="rows-per-block=1 max-cached-vectors=0" \
// RUN:   | FileCheck %s
// The default schedule caches the row in registers: x + r is loaded once.
// RUN: norm-opt %s --convert-norm-to-gpu | FileCheck %s --check-prefix=CACHED

// CHECK-LABEL: func.func @rms_norm_residual(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x1024xf32>, %[[R:[a-z0-9]+]]: tensor<?x1024xf32>
// CHECK:         %[[IN:.*]] = bufferization.to_buffer %[[X]] read_only
// CHECK:         %[[FLAT_IN:.*]] = memref.collapse_shape %[[IN]]
// CHECK:         %[[RES:.*]] = bufferization.to_buffer %[[R]] read_only
// CHECK:         %[[FLAT_RES:.*]] = memref.collapse_shape %[[RES]]
// CHECK:         %[[FLAT_OUT:.*]] = memref.collapse_shape
// CHECK:         %[[FLAT_SUM:.*]] = memref.collapse_shape
// CHECK:         gpu.launch
// Pass 1: sum (x + r)^2.
// CHECK:           scf.for
// CHECK:             %[[XV:.*]] = vector.load %[[FLAT_IN]][%[[AT:[a-z0-9_]+]]]{{.*}} : memref<?xf32>, vector<4xf32>
// CHECK:             %[[RV:.*]] = vector.load %[[FLAT_RES]][%[[AT]]]{{.*}} : memref<?xf32>, vector<4xf32>
// CHECK:             %[[S:.*]] = arith.addf %[[XV]], %[[RV]] : vector<4xf32>
// CHECK:             arith.mulf %[[S]], %[[S]]
// The normalization sweep: x + r again, stored to the sum and normalized.
// CHECK:           scf.for
// CHECK:             %[[XW:.*]] = vector.load %[[FLAT_IN]][%[[AW:[a-z0-9_]+]]]
// CHECK:             %[[RW:.*]] = vector.load %[[FLAT_RES]][%[[AW]]]
// CHECK:             %[[SW:.*]] = arith.addf %[[XW]], %[[RW]] : vector<4xf32>
// CHECK:             vector.store %[[SW]], %[[FLAT_SUM]]
// CHECK:             arith.mulf %[[SW]]
// CHECK:             vector.store %{{.*}}, %[[FLAT_OUT]]
// CHECK:         return

// CACHED-LABEL: func.func @rms_norm_residual(
// CACHED:         gpu.launch
// CACHED:           %[[XV:.*]] = vector.load %{{.*}} : memref<?xf32>, vector<4xf32>
// CACHED-NEXT:      %[[RV:.*]] = vector.load %{{.*}} : memref<?xf32>, vector<4xf32>
// CACHED-NEXT:      arith.addf %[[XV]], %[[RV]] : vector<4xf32>
// CACHED-NOT:       scf.for
// CACHED:           vector.store
// CACHED:         return
func.func @rms_norm_residual(%x: tensor<?x1024xf32>, %r: tensor<?x1024xf32>, %g: tensor<1024xf32>) -> (tensor<?x1024xf32>, tensor<?x1024xf32>) {
  %y, %s = norm.rms_norm %x residual(%r : tensor<?x1024xf32>) scale(%g : tensor<1024xf32>) : tensor<?x1024xf32> -> sum
  return %y, %s : tensor<?x1024xf32>, tensor<?x1024xf32>
}
