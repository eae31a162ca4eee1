// batch_norm inference with the feature axis last (NHWC) through
// norm-gpu-pipeline (PTX, sm_80): the channels-last elementwise kernel, 16-byte
// loads of consecutive vectors by consecutive threads (coalesced: no
// stride-C scalar loads), the channels' parameters in 16-byte vectors too, one
// rsqrt per element, 16-byte stores, no shared memory, no barrier.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s

// CHECK-LABEL: .visible .entry nhwc_kernel(
// CHECK-NOT:     .shared
// CHECK-NOT:     ld.global.b32
// CHECK-NOT:     ld.global.f32
// CHECK-COUNT-15: ld.global.v4.b32
// CHECK-NOT:     bar.sync
// CHECK:         rsqrt.approx.f32
// CHECK:         st.global.v4.b32
// CHECK-NOT:     ld.global.b32
// CHECK-NOT:     bar.sync
// CHECK-COUNT-3: st.global.v4.b32
// CHECK-NOT:     st.global
// CHECK:         ret;
func.func @nhwc(%x: tensor<?x7x7x2048xf32>, %g: tensor<2048xf32>, %b: tensor<2048xf32>, %m: tensor<2048xf32>, %v: tensor<2048xf32>) -> tensor<?x7x7x2048xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<2048xf32>) bias(%b : tensor<2048xf32>) mean(%m : tensor<2048xf32>) var(%v : tensor<2048xf32>) {epsilon = 1.0e-05 : f32, feature_axis = -1 : i64} : tensor<?x7x7x2048xf32>
  return %y : tensor<?x7x7x2048xf32>
}
