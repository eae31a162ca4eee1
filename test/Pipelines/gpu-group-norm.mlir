// group_norm and instance_norm through norm-gpu-pipeline (PTX, sm_80): the
// row kernels, a row per (instance, group), with per-channel parameters.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=NOATOMIC
// A cubin for sm_90, where ptxas is found.
// RUN: %if ptxas %{ norm-opt %s --norm-gpu-pipeline="chip=sm_90 format=bin" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=SM90 %}

// No atomic or reduction instruction in any of the four kernels.
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry group_kernel(
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry split_kernel(
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry split_kernel(
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry instance_kernel(
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// SM90-COUNT-4: BINARY #nvvm.target<chip = "sm_90"{{.*}} magic 7f454c46

// 8x512x32x32, G = 32: a block per group of 16 * 1024 elements, 16
// ld.global.v4.b32 per thread before any other global access (the group read
// once, into registers), f32 shuffle butterflies (5 steps within a warp, then
// over the 8 warp partials) around one bar.sync per reduction; the output
// pass loads one scale and one bias (scalars) per vector and stores 16-byte
// vectors.
// CHECK-LABEL: .visible .entry group_kernel(
// CHECK-COUNT-16: ld.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK:         shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK:         shfl.sync.bfly.b32 {{.*}}, 1, 31, -1;
// CHECK:         bar.sync 0;
// CHECK-NOT:     ld.global
// CHECK:         bar.sync 0;
// CHECK-NOT:     bar.sync
// CHECK:         ld.global.b32
// CHECK:         ld.global.b32
// CHECK:         st.global.v4.b32
// CHECK-NOT:     bar.sync
// CHECK:         ret;

// SD-UNet 2x320x64x64, G = 32: groups of 40960 split over 3 blocks, two
// kernels. Kernel 1: 14 cached vectors per thread, the chunk's (m1, c, M2) in
// three scalar stores. Kernel 2: the chunk's 14 vectors in flight, the
// scratch loads of the merge, no barrier, then per vector its channel's
// scale and bias and a 16-byte store.
// CHECK-LABEL: .visible .entry split_kernel(
// CHECK-COUNT-14: ld.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK:         bar.sync 0;
// CHECK:         bar.sync 0;
// CHECK-NOT:     bar.sync
// CHECK-COUNT-3: st.global.b32
// CHECK-NOT:     st.global
// CHECK:         ret;
// CHECK-LABEL: .visible .entry split_kernel(
// CHECK-NOT:     bar.sync
// CHECK-COUNT-14: ld.global.v4.b32
// CHECK-NOT:     bar.sync
// CHECK:         ld.global.b32
// CHECK-NOT:     bar.sync
// CHECK:         st.global.v4.b32
// CHECK-NOT:     bar.sync
// CHECK:         ret;

// instance_norm bf16 2x320x64x64: 16-byte loads of eight bf16 converted to
// f32 (cvt.f32.bf16) before the f32 reductions, the channel's scale and bias
// loaded once per row (one ld.global.b16 each), the output rounded with
// cvt.rn.bf16x2.f32 and stored 16 bytes at a time.
// CHECK-LABEL: .visible .entry instance_kernel(
// CHECK:         ld.global.v4.b32
// CHECK:         cvt.f32.bf16
// CHECK:         ld.global.v4.b32
// CHECK:         cvt.f32.bf16
// CHECK-NOT:     ld.global
// CHECK:         shfl.sync.bfly.b32
// CHECK:         bar.sync 0;
// CHECK:         bar.sync 0;
// CHECK:         ld.global.b16
// CHECK:         ld.global.b16
// CHECK-NOT:     ld.global
// CHECK:         cvt.rn.bf16x2.f32
// CHECK:         st.global.v4.b32
// CHECK:         st.global.v4.b32
// CHECK-NOT:     st.global
// CHECK:         ret;
func.func @group(%x: tensor<8x512x32x32xf32>, %g: tensor<512xf32>, %b: tensor<512xf32>) -> tensor<8x512x32x32xf32> {
  %y = norm.group_norm %x scale(%g : tensor<512xf32>) bias(%b : tensor<512xf32>) {num_groups = 32 : i64} : tensor<8x512x32x32xf32>
  return %y : tensor<8x512x32x32xf32>
}
func.func @split(%x: tensor<2x320x64x64xf32>, %g: tensor<320xf32>, %b: tensor<320xf32>) -> tensor<2x320x64x64xf32> {
  %y = norm.group_norm %x scale(%g : tensor<320xf32>) bias(%b : tensor<320xf32>) {num_groups = 32 : i64} : tensor<2x320x64x64xf32>
  return %y : tensor<2x320x64x64xf32>
}
func.func @instance(%x: tensor<2x320x64x64xbf16>, %g: tensor<320xbf16>, %b: tensor<320xbf16>) -> tensor<2x320x64x64xbf16> {
  %y = norm.instance_norm %x scale(%g : tensor<320xbf16>) bias(%b : tensor<320xbf16>) : tensor<2x320x64x64xbf16>
  return %y : tensor<2x320x64x64xbf16>
}
