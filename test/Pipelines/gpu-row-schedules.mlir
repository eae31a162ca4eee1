// PTX of the default row-norm schedules (sm_80): a warp or a block per row
// with the row cached in registers (one global read of the row), and the
// two-kernel multi-block scheme for rows above max-row-per-block.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s
// bf16 with vector-width=8: 16-byte loads and stores of eight bf16.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_90 format=isa vector-width=8" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=V8

// 768 elements: one warp per row. 768 / (32 * 4) = 6 vectors per lane, each
// loaded once (no other global load, so no loop reloads the row); a 5-step
// shuffle butterfly; no shared memory, no barrier; the only branch skips the
// stores of rows past the end (a forward branch: no loop).
// CHECK-LABEL: .visible .entry warp_per_row_kernel(
// CHECK-NOT:     .shared
// CHECK-NOT:     bar.sync
// CHECK-COUNT-6: ld.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK-NOT:     bar.sync
// CHECK:         shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK:         shfl.sync.bfly.b32 {{.*}}, 8, 31, -1;
// CHECK:         shfl.sync.bfly.b32 {{.*}}, 4, 31, -1;
// CHECK:         shfl.sync.bfly.b32 {{.*}}, 2, 31, -1;
// CHECK:         shfl.sync.bfly.b32 {{.*}}, 1, 31, -1;
// CHECK-NOT:     shfl.sync
// CHECK:         @%p{{[0-9]+}} bra $L__BB0_[[END:[0-9]+]];
// CHECK-NOT:     bra
// CHECK-NOT:     ld.global
// CHECK-COUNT-6: st.global.v4.b32
// CHECK-NOT:     bra
// CHECK:       $L__BB0_[[END]]:
// CHECK-NEXT:    ret;
func.func @warp_per_row(%x: tensor<?x768xf32>) -> tensor<?x768xf32> {
  %y = norm.rms_norm %x {epsilon = 1.0e-06 : f32} : tensor<?x768xf32>
  return %y : tensor<?x768xf32>
}

// 4096 elements: a block of 256 threads per row, 4 cached vectors per thread.
// LayerNorm's two reductions (sum x; sum d and sum d^2) each need one
// shared-memory stage: exactly two bar.sync. Every branch is forward.
// CHECK-LABEL: .visible .entry block_per_row_kernel(
// CHECK-COUNT-4: ld.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK:         shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK:         @%p{{[0-9]+}} bra $L__BB0_[[S1:[0-9]+]];
// CHECK:         st.shared.b32
// CHECK:       $L__BB0_[[S1]]:
// CHECK-NEXT:    bar.sync 0;
// CHECK:         ld.shared.b32
// CHECK:         @%p{{[0-9]+}} bra $L__BB0_[[S2:[0-9]+]];
// CHECK:         st.shared.b32
// CHECK:       $L__BB0_[[S2]]:
// CHECK-NOT:     ld.global
// CHECK:         bar.sync 0;
// CHECK-NOT:     bar.sync
// CHECK:         @%p{{[0-9]+}} bra $L__BB0_[[END:[0-9]+]];
// CHECK-NOT:     bra
// CHECK-NOT:     ld.global
// CHECK-COUNT-4: st.global.v4.b32
// CHECK-NOT:     bra
// CHECK:       $L__BB0_[[END]]:
// CHECK-NEXT:    ret;
func.func @block_per_row(%x: tensor<?x4096xf32>) -> tensor<?x4096xf32> {
  %y = norm.layer_norm %x {epsilon = 1.0e-05 : f32} : tensor<?x4096xf32>
  return %y : tensor<?x4096xf32>
}

// 1000 = 7 * 128 + 104: 7 unguarded loads and one from a clamped column (8
// in all, each once); the 8th store is guarded by its own forward branch.
// CHECK-LABEL: .visible .entry cached_tail_kernel(
// CHECK-COUNT-8: ld.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK-NOT:     bar.sync
// CHECK:         @%p{{[0-9]+}} bra $L__BB0_[[END:[0-9]+]];
// CHECK-COUNT-7: st.global.v4.b32
// CHECK:         @%p{{[0-9]+}} bra $L__BB0_[[END]];
// CHECK:         st.global.v4.b32
// CHECK-NOT:     bra
// CHECK:       $L__BB0_[[END]]:
// CHECK-NEXT:    ret;
func.func @cached_tail(%x: tensor<?x1000xf32>) -> tensor<?x1000xf32> {
  %y = norm.rms_norm %x {epsilon = 1.0e-06 : f32} : tensor<?x1000xf32>
  return %y : tensor<?x1000xf32>
}

// 65536 elements (> max-row-per-block = 32768): 4 blocks per row, two
// kernels, no atomics. Kernel 1: the block's chunk of 16384 cached (16
// vectors per thread), two shared stages, three scalar stores of the chunk's
// (m1, c, M2). Kernel 2: the fixed-order merge reads the row's 4 triples
// (LLVM unrolls the 4-iteration loop) while the chunk's 16 vectors per thread
// load into registers (all in flight), no barrier, then the normalization of
// the registers: one read of x, one write of y, no loop.
// CHECK-LABEL: .visible .entry multi_block_kernel(
// CHECK-NOT:     {{[[:space:]](atom|red)}}.
// CHECK-COUNT-16: ld.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK-NOT:     {{[[:space:]](atom|red)}}.
// CHECK:         bar.sync 0;
// CHECK:         bar.sync 0;
// CHECK-NOT:     bar.sync
// CHECK-NOT:     {{[[:space:]](atom|red)}}.
// CHECK-COUNT-3: st.global.b32
// CHECK-NOT:     st.global
// CHECK-NOT:     {{[[:space:]](atom|red)}}.
// CHECK:         ret;
// CHECK:       .visible .entry multi_block_kernel(
// CHECK-NOT:     bar.sync
// CHECK-NOT:     {{[[:space:]](atom|red)}}.
// CHECK-COUNT-12: ld.global.b32
// CHECK-NOT:     bar.sync
// CHECK-NOT:     {{[[:space:]](atom|red)}}.
// CHECK-COUNT-16: ld.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK-COUNT-16: st.global.v4.b32
// CHECK-NOT:     st.global
// CHECK-NOT:     bra
// CHECK-NOT:     bar.sync
// CHECK-NOT:     {{[[:space:]](atom|red)}}.
// CHECK:         ret;
func.func @multi_block(%x: tensor<?x65536xf32>) -> tensor<?x65536xf32> {
  %y = norm.layer_norm %x {epsilon = 1.0e-05 : f32} : tensor<?x65536xf32>
  return %y : tensor<?x65536xf32>
}

// bf16 4096 with vector-width=8: 4096 / (256 * 8) = 2 cached vectors of eight
// bf16, each one 16-byte load; the output in 16-byte stores.
// V8-LABEL: .visible .entry bf16_block_per_row_kernel(
// V8-COUNT-2: ld.global.v4.b32
// V8-NOT:     ld.global
// V8:         cvt.f32.bf16
// V8:         shfl.sync.bfly.b32
// V8:         bar.sync 0;
// V8-NOT:     bar.sync
// V8:         cvt.rn.bf16x2.f32
// V8-COUNT-2: st.global.v4.b32
// V8-NOT:     st.global
// V8:         ret;
func.func @bf16_block_per_row(%x: tensor<?x4096xbf16>) -> tensor<?x4096xbf16> {
  %y = norm.rms_norm %x {epsilon = 1.0e-06 : f32} : tensor<?x4096xbf16>
  return %y : tensor<?x4096xbf16>
}
