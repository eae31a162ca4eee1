// PTX of the streaming RMSNorm row kernel (a block per row): one reduction
// (sum x^2), so one barrier.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa rows-per-block=1 max-cached-vectors=0" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s
// A row of 32 threads: pure warp shuffles, no shared memory, no barrier.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa threads=32" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=WARP
// A row size that vector-width does not divide: scalar loads.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa vector-width=8" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=V8

// CHECK: .entry rms_norm_f32_kernel(
// CHECK: ld.global.v4.b32
// CHECK: shfl.sync.bfly.b32
// CHECK: bar.sync 0;
// CHECK-NOT: bar.sync
// CHECK: st.global.v4.b32
// bf16: the default vector width is 16 bytes, eight bf16 per load.
// CHECK: .entry rms_norm_bf16_kernel(
// CHECK: ld.global.v4.b32
// CHECK-COUNT-8: cvt.f32.bf16
// CHECK: mul.rn.f32
// CHECK: add.rn.f32
// CHECK: shfl.sync.bfly.b32
// CHECK: bar.sync 0;
// CHECK-NOT: bar.sync
// CHECK-COUNT-4: cvt.rn.bf16x2.f32
// CHECK: st.global.v4.b32

// WARP: .entry rms_norm_f32_kernel(
// WARP-NOT: bar.sync
// WARP: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// WARP-NOT: bar.sync
// WARP: .entry rms_norm_bf16_kernel(

// V8: .entry rms_norm_f32_kernel(
// V8-NOT: ld.global.v
// V8: ld.global.b32
// V8: .entry rms_norm_bf16_kernel(
// V8: ld.global.v4.b32

func.func @rms_norm_f32(%x: tensor<?x100xf32>, %g: tensor<100xf32>) -> tensor<?x100xf32> {
  %y = norm.rms_norm %x scale(%g : tensor<100xf32>) {epsilon = 1.0e-06 : f32}
      : tensor<?x100xf32>
  return %y : tensor<?x100xf32>
}

func.func @rms_norm_bf16(%x: tensor<?x4096xbf16>, %g: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %y = norm.rms_norm %x scale(%g : tensor<4096xbf16>) {epsilon = 1.0e-06 : f32}
      : tensor<?x4096xbf16>
  return %y : tensor<?x4096xbf16>
}
