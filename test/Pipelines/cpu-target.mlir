// REQUIRES: x86_64-host
// norm-cpu-pipeline's target-cpu / target-features name the CPU the lowering
// is for (default: the host), so that a module can be compiled for another
// x86 machine. They set the vector width (with vector-width=0) and the f32 ->
// bf16 rounding: with AVX-512 BF16 (and VL) it stays an arith.truncf that
// LLVM selects as vcvtneps2bf16 (convert-norm-to-vector{native-bf16=true},
// no norm-expand-bf16-truncation, arith-expand without its bf16 expansion);
// without it, integer arithmetic.

// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="target-cpu=sapphirerapids" 2>&1 | FileCheck %s --check-prefix=NATIVE
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="target-cpu=znver4" 2>&1 | FileCheck %s --check-prefix=NATIVE
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="target-cpu=skylake-avx512 target-features=+avx512bf16" 2>&1 | FileCheck %s --check-prefix=NATIVE
// NATIVE:     convert-norm-to-vector{block-elements=4096 gradient-tiles=64 native-bf16=true prefetch-max-bytes=524288 short-row-elements=256 short-row-group=8 short-row-max-bytes=8388608 small-run-elements=512 stream-min-bytes=8388608 stream-min-bytes-per-pass=2 stream-stores=true unroll=4 vector-width=16}
// NATIVE-NOT: norm-expand-bf16-truncation
// NATIVE:     arith-expand{include-bf16=false

// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="target-cpu=skylake-avx512" 2>&1 | FileCheck %s --check-prefix=INTEGER16
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="target-cpu=sapphirerapids target-features=-avx512bf16" 2>&1 | FileCheck %s --check-prefix=INTEGER16
// INTEGER16: convert-norm-to-vector{block-elements=4096 gradient-tiles=64 native-bf16=false prefetch-max-bytes=524288 short-row-elements=256 short-row-group=8 short-row-max-bytes=8388608 small-run-elements=512 stream-min-bytes=8388608 stream-min-bytes-per-pass=2 stream-stores=true unroll=4 vector-width=16}
// INTEGER16: norm-expand-bf16-truncation
// INTEGER16: arith-expand{include-bf16=true

// Removing AVX-512F removes what depends on it (BF16 included).
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="target-cpu=znver4 target-features=-avx512f" 2>&1 | FileCheck %s --check-prefix=INTEGER8
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="target-cpu=haswell" 2>&1 | FileCheck %s --check-prefix=INTEGER8
// INTEGER8: convert-norm-to-vector{block-elements=4096 gradient-tiles=64 native-bf16=false prefetch-max-bytes=524288 short-row-elements=256 short-row-group=8 short-row-max-bytes=8388608 small-run-elements=512 stream-min-bytes=8388608 stream-min-bytes-per-pass=2 stream-stores=true unroll=4 vector-width=8}
// INTEGER8: norm-expand-bf16-truncation

// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="target-cpu=x86-64" 2>&1 | FileCheck %s --check-prefix=SSE
// SSE: convert-norm-to-vector{block-elements=4096 gradient-tiles=64 native-bf16=false prefetch-max-bytes=524288 short-row-elements=256 short-row-group=8 short-row-max-bytes=8388608 small-run-elements=512 stream-min-bytes=8388608 stream-min-bytes-per-pass=2 stream-stores=true unroll=4 vector-width=4}

// An explicit vector-width wins over the target's.
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="target-cpu=haswell vector-width=16" 2>&1 | FileCheck %s --check-prefix=WIDTH
// WIDTH: convert-norm-to-vector{{.*}} vector-width=16}

// The lowered code: llvm.fptrunc to bf16 vectors (two per 32 elements, then
// packed into element order as i32 words: even | odd << 16), or the integer
// rounding and no bf16 fptrunc at all. The streamed store is of integers
// (x86 has no non-temporal store of bf16 vectors). A bf16 layer_norm streams
// only with nontemporal-min-bytes-per-pass=0 (by default it writes through
// the cache, test/Conversion/NormToVector/row_norm_stream_per_pass.mlir).
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=sapphirerapids num-threads=1 nontemporal-min-bytes-per-pass=0" | FileCheck %s --check-prefix=LLVM-NATIVE
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=sapphirerapids target-features=-avx512bf16 num-threads=1" | FileCheck %s --check-prefix=LLVM-INTEGER
// LLVM-NATIVE-LABEL: llvm.func @layer_norm_bf16_layer_norm(
//   LLVM-NATIVE-NOT:   llvm.mlir.constant(dense<32767> : vector<16xi32>)
//       LLVM-NATIVE:   %[[E:.*]] = llvm.fptrunc %{{.*}} : vector<16xf32> to vector<16xbf16>
//       LLVM-NATIVE:   %[[EI:.*]] = llvm.bitcast %[[E]] : vector<16xbf16> to vector<16xi16>
//       LLVM-NATIVE:   %[[EW:.*]] = llvm.zext %[[EI]] : vector<16xi16> to vector<16xi32>
//       LLVM-NATIVE:   %[[O:.*]] = llvm.fptrunc %{{.*}} : vector<16xf32> to vector<16xbf16>
//       LLVM-NATIVE:   %[[OI:.*]] = llvm.bitcast %[[O]] : vector<16xbf16> to vector<16xi16>
//       LLVM-NATIVE:   %[[OW:.*]] = llvm.zext %[[OI]] : vector<16xi16> to vector<16xi32>
//       LLVM-NATIVE:   %[[OS:.*]] = llvm.shl %[[OW]], %{{.*}} : vector<16xi32>
//       LLVM-NATIVE:   %[[W:.*]] = llvm.or %[[EW]], %[[OS]] : vector<16xi32>
//       LLVM-NATIVE:   %[[P:.*]] = llvm.bitcast %[[W]] : vector<16xi32> to vector<32xi16>
//       LLVM-NATIVE:   llvm.store %[[P]], %{{.*}} {alignment = 64 : i64, nontemporal} : vector<32xi16>, !llvm.ptr
// LLVM-INTEGER-LABEL: llvm.func @layer_norm_bf16_layer_norm(
//       LLVM-INTEGER:   llvm.mlir.constant(dense<32767> : vector<16xi32>)
//   LLVM-INTEGER-NOT:   llvm.fptrunc

// The machine code of the kernel (norm-outline-kernels): vcvtneps2bf16
// where the target has it, never a call to the soft-float __truncsfbf2;
// each pair of converted halves is interleaved by one word permutation and
// the streamed loop stores it with vmovntdq (a bf16 vector store would be a
// plain vmovaps/vmovdqu).
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=sapphirerapids num-threads=1 nontemporal-min-bytes-per-pass=0" | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O3 -mcpu=sapphirerapids | FileCheck %s --check-prefix=ASM-NATIVE
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=znver4 num-threads=1 nontemporal-min-bytes-per-pass=0" | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O3 -mcpu=znver4 | FileCheck %s --check-prefix=ASM-NATIVE
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=skylake-avx512 num-threads=1" | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O3 -mcpu=skylake-avx512 | FileCheck %s --check-prefix=ASM-INTEGER
// ASM-NATIVE-LABEL: layer_norm_bf16_layer_norm:
//   ASM-NATIVE-NOT:   __truncsfbf2
//       ASM-NATIVE:   vcvtneps2bf16 %zmm{{[0-9]+}}, %ymm{{[0-9]+}}
//       ASM-NATIVE:   vcvtneps2bf16 %zmm{{[0-9]+}}, %ymm{{[0-9]+}}
//       ASM-NATIVE:   {{vpermt2w|vpermi2w}} %zmm{{[0-9]+}}, %zmm{{[0-9]+}}, %zmm[[P:[0-9]+]]
//       ASM-NATIVE:   vmovntdq %zmm[[P]], {{.*}}(%r{{.*}})
//   ASM-NATIVE-NOT:   __truncsfbf2
//       ASM-NATIVE: .Lfunc_end
// ASM-INTEGER-LABEL: layer_norm_bf16_layer_norm:
//   ASM-INTEGER-NOT:   {{vcvtneps2bf16|__truncsfbf2}}
//       ASM-INTEGER: .Lfunc_end
func.func @layer_norm_bf16(%x: tensor<?x768xbf16>, %g: tensor<768xbf16>, %b: tensor<768xbf16>) -> tensor<?x768xbf16> {
  %y = norm.layer_norm %x scale(%g : tensor<768xbf16>) bias(%b : tensor<768xbf16>) {epsilon = 1.0e-05 : f32} : tensor<?x768xbf16>
  return %y : tensor<?x768xbf16>
}
