// PTX of the streaming LayerNorm row kernel (one block of 256 threads per
// row, 8 warps: shuffles within a warp, one shared-memory stage per
// reduction; every pass sweeps the row). The default schedules (cached rows,
// warp per row, several blocks per row) are in gpu-row-schedules.mlir.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa rows-per-block=1 max-cached-vectors=0" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefixes=CHECK,F32
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_90 format=isa rows-per-block=1 max-cached-vectors=0" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefixes=CHECK,BF16
// One warp per row: eight rows per block of 256 threads, no shared memory.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa rows-per-block=8" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=WARP

// CHECK: TEXT #nvvm.target<chip = "sm_{{80|90}}"
// CHECK: .entry layer_norm_f32_kernel(
// Pass 1 (sum x): 16-byte vector loads, warp xor shuffles, one shared stage.
// F32: ld.global.v4.b32
// F32: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// F32: shfl.sync.bfly.b32 {{.*}}, 1, 31, -1;
// F32: st.shared.b32
// F32: bar.sync 0;
// F32: ld.shared.b32
// Pass 2 (sum d, sum d^2): its own shared slots and barrier.
// F32: ld.global.v4.b32
// F32: bar.sync 0;
// F32-NOT: bar.sync
// F32: st.global.v4.b32
// F32: ret;

// bf16: 16-byte loads of eight bf16 (the default vector width is 16 bytes),
// each converted to f32 before it is accumulated.
// BF16: .entry layer_norm_bf16_kernel(
// BF16: ld.global.v4.b32
// BF16-COUNT-8: cvt.f32.bf16
// BF16: add.rn.f32
// BF16: shfl.sync.bfly.b32
// BF16: bar.sync 0;
// Four f32 -> packed bf16 pairs, one 16-byte store.
// BF16-COUNT-4: cvt.rn.bf16x2.f32
// BF16: st.global.v4.b32

// WARP: .entry layer_norm_f32_kernel(
// WARP-NOT: bar.sync
// WARP-NOT: .shared
// WARP: shfl.sync.bfly.b32
// WARP: .entry layer_norm_bf16_kernel(
// WARP-NOT: bar.sync
// WARP: shfl.sync.bfly.b32

func.func @layer_norm_f32(%x: tensor<?x768xf32>, %g: tensor<768xf32>,
                          %b: tensor<768xf32>) -> tensor<?x768xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>)
      {epsilon = 1.0e-05 : f32} : tensor<?x768xf32>
  return %y : tensor<?x768xf32>
}

func.func @layer_norm_bf16(%x: tensor<?x4096xbf16>, %g: tensor<4096xbf16>,
                           %b: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %y = norm.layer_norm %x scale(%g : tensor<4096xbf16>) bias(%b : tensor<4096xbf16>)
      {epsilon = 1.0e-05 : f32} : tensor<?x4096xbf16>
  return %y : tensor<?x4096xbf16>
}
