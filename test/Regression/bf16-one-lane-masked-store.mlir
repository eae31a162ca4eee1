// A bf16 result written by a masked store of one lane must be stored 2 bytes
// wide. LLVM 22 on AVX-512 folds a vector `trunc` i32 -> i16 into a
// truncating masked store and, when the mask is a constant with one lane set,
// stores that lane with the i32 width: 4 bytes, so it also writes the next
// bf16 element. With two threads that element can belong to the other
// thread's tile, which then loses its row (../shared/repro/lost-row-two-threads,
// difftest 4242:163 and 20240601:74: element 4 came back as 0.0); at the end
// of a buffer it is a write out of bounds. norm-expand-bf16-truncation now
// narrows vectors with a shuffle of the upper i16 halves, which LLVM stores
// with `vpextrw` (one lane) or `vpmovdw` (full and variable masks).
//
// Checked on the machine code for AVX-512 and AVX2 targets named explicitly,
// whatever the host; the stores of the kernels below write only bf16 data, so
// any 4- or 8-byte scalar store outside the stack is the bug.

// RUN: norm-opt %s --norm-cpu-pipeline="vector-width=16 num-threads=2 target-cpu=skylake-avx512" \
// RUN:   | mlir-translate --mlir-to-llvmir | opt -O3 -mcpu=skylake-avx512 \
// RUN:   | llc -O3 -mcpu=skylake-avx512 | FileCheck %s --check-prefixes=CHECK,INT
// RUN: norm-opt %s --norm-cpu-pipeline="vector-width=16 num-threads=2 target-cpu=znver4 target-features=-avx512bf16" \
// RUN:   | mlir-translate --mlir-to-llvmir | opt -O3 -mcpu=znver4 -mattr=-avx512bf16 \
// RUN:   | llc -O3 -mcpu=znver4 -mattr=-avx512bf16 | FileCheck %s --check-prefixes=CHECK,INT
// RUN: norm-opt %s --norm-cpu-pipeline="vector-width=8 num-threads=2 target-cpu=skylake-avx512" \
// RUN:   | mlir-translate --mlir-to-llvmir | opt -O3 -mcpu=skylake-avx512 \
// RUN:   | llc -O3 -mcpu=skylake-avx512 | FileCheck %s --check-prefixes=CHECK,INT
// RUN: norm-opt %s --norm-cpu-pipeline="vector-width=8 num-threads=2 target-cpu=x86-64-v3" \
// RUN:   | mlir-translate --mlir-to-llvmir | opt -O3 -mcpu=x86-64-v3 \
// RUN:   | llc -O3 -mcpu=x86-64-v3 | FileCheck %s --check-prefixes=CHECK,INT
// The same with the per-row kernel for the short rows of @layer_norm_tail_of_one
// (by default they go several rows at a time, short-row-elements).
// RUN: norm-opt %s --norm-cpu-pipeline="vector-width=16 num-threads=2 target-cpu=skylake-avx512 short-row-elements=0" \
// RUN:   | mlir-translate --mlir-to-llvmir | opt -O3 -mcpu=skylake-avx512 \
// RUN:   | llc -O3 -mcpu=skylake-avx512 | FileCheck %s --check-prefixes=CHECK,INT
// With AVX-512 BF16 (the rounding is vcvtneps2bf16's, the narrowing too) the
// lane is stored from the low word.
// RUN: norm-opt %s --norm-cpu-pipeline="vector-width=16 num-threads=2 target-cpu=znver4" \
// RUN:   | mlir-translate --mlir-to-llvmir | opt -O3 -mcpu=znver4 \
// RUN:   | llc -O3 -mcpu=znver4 | FileCheck %s --check-prefixes=CHECK,NATIVE

// Channels-last batch norm with one channel: one lane per row, the rows in
// parallel blocks (the reproducer's op; rows dynamic, so that the parallel
// loop over the blocks stays).
// CHECK-LABEL: channels_last_one_channel_batch_norm..omp_par:
//   CHECK-NOT:   {{^[[:space:]]+(movl|vmovss|vmovd|vextractps|vmovlps|movq|vmovq)[[:space:]]+%[a-z0-9]+, [^%]*\(%r(ax|bx|cx|dx|si|di|bp|[0-9]+)}}
//         INT:   vpextrw $1, %xmm{{[0-9]+}}, (
//      NATIVE:   vpextrw $0, %xmm{{[0-9]+}}, {{-?[0-9]*}}(
//   CHECK-NOT:   {{^[[:space:]]+(movl|vmovss|vmovd|vextractps|vmovlps|movq|vmovq)[[:space:]]+%[a-z0-9]+, [^%]*\(%r(ax|bx|cx|dx|si|di|bp|[0-9]+)}}
//       CHECK: .Lfunc_end
func.func @channels_last_one_channel(%x: tensor<?x1xbf16>, %g: tensor<1xbf16>, %b: tensor<1xbf16>, %m: tensor<1xbf16>, %v: tensor<1xbf16>) -> tensor<?x1xbf16> {
  %y = norm.batch_norm %x scale(%g : tensor<1xbf16>) bias(%b : tensor<1xbf16>) mean(%m : tensor<1xbf16>) var(%v : tensor<1xbf16>) {epsilon = 1.0e-05 : f32, feature_axis = -1 : i64} : tensor<?x1xbf16>
  return %y : tensor<?x1xbf16>
}

// Batch norm of [N, C] with C = 1, runs of one element (the CI failure's
// op; channels last: rows dynamic, as above).
// CHECK-LABEL: runs_of_one_batch_norm..omp_par:
//   CHECK-NOT:   {{^[[:space:]]+(movl|vmovss|vmovd|vextractps|vmovlps|movq|vmovq)[[:space:]]+%[a-z0-9]+, [^%]*\(%r(ax|bx|cx|dx|si|di|bp|[0-9]+)}}
//         INT:   vpextrw $1, %xmm{{[0-9]+}}, (
//      NATIVE:   vpextrw $0, %xmm{{[0-9]+}}, {{-?[0-9]*}}(
//   CHECK-NOT:   {{^[[:space:]]+(movl|vmovss|vmovd|vextractps|vmovlps|movq|vmovq)[[:space:]]+%[a-z0-9]+, [^%]*\(%r(ax|bx|cx|dx|si|di|bp|[0-9]+)}}
//       CHECK: .Lfunc_end
func.func @runs_of_one(%x: tensor<?x1xbf16>, %g: tensor<1xbf16>, %b: tensor<1xbf16>, %m: tensor<1xbf16>, %v: tensor<1xbf16>) -> tensor<?x1xbf16> {
  %y = norm.batch_norm %x scale(%g : tensor<1xbf16>) bias(%b : tensor<1xbf16>) mean(%m : tensor<1xbf16>) var(%v : tensor<1xbf16>) {epsilon = 1.0e-06 : f32, feature_axis = 1 : i64} : tensor<?x1xbf16>
  return %y : tensor<?x1xbf16>
}

// RMSNorm over rows of one element.
// CHECK-LABEL: rms_norm_rows_of_one_rms_norm..omp_par:
//   CHECK-NOT:   {{^[[:space:]]+(movl|vmovss|vmovd|vextractps|vmovlps|movq|vmovq)[[:space:]]+%[a-z0-9]+, [^%]*\(%r(ax|bx|cx|dx|si|di|bp|[0-9]+)}}
//         INT:   vpextrw $1, %xmm{{[0-9]+}}, (
//      NATIVE:   vpextrw $0, %xmm{{[0-9]+}}, {{-?[0-9]*}}(
//   CHECK-NOT:   {{^[[:space:]]+(movl|vmovss|vmovd|vextractps|vmovlps|movq|vmovq)[[:space:]]+%[a-z0-9]+, [^%]*\(%r(ax|bx|cx|dx|si|di|bp|[0-9]+)}}
//       CHECK: .Lfunc_end
func.func @rms_norm_rows_of_one(%x: tensor<9x1xbf16>) -> tensor<9x1xbf16> {
  %y = norm.rms_norm %x {epsilon = 1.0e-05 : f32} : tensor<9x1xbf16>
  return %y : tensor<9x1xbf16>
}

// LayerNorm whose rows end in a tail of one element after full vectors: the
// tail lane is stored 2 bytes wide (the f32 copies of scale and bias are
// written before, with 4-byte stores of their own).
// CHECK-LABEL: layer_norm_tail_of_one_layer_norm:
//         INT:   vpextrw $1, %xmm{{[0-9]+}}, {{-?[0-9]*}}(
//      NATIVE:   vpextrw $0, %xmm{{[0-9]+}}, {{-?[0-9]*}}(
//       CHECK: .Lfunc_end
func.func @layer_norm_tail_of_one(%x: tensor<5x17xbf16>, %g: tensor<17xbf16>, %b: tensor<17xbf16>) -> tensor<5x17xbf16> {
  %y = norm.layer_norm %x scale(%g : tensor<17xbf16>) bias(%b : tensor<17xbf16>) {epsilon = 1.0e-05 : f32} : tensor<5x17xbf16>
  return %y : tensor<5x17xbf16>
}
