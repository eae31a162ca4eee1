// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 unroll=4 prefetch-max-bytes=65536 short-row-elements=64" --canonicalize --cse | FileCheck %s
// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 unroll=4 short-row-elements=64" --canonicalize --cse | FileCheck %s --check-prefix=OFF
// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 unroll=4 prefetch-max-bytes=1024 short-row-elements=64" --canonicalize --cse | FileCheck %s --check-prefix=SMALL
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=znver4 num-threads=1" | FileCheck %s --check-prefix=LLVM
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=znver4 num-threads=1 prefetch-max-bytes=0" | FileCheck %s --check-prefix=LLVM-OFF
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=znver4 num-threads=1" | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O3 -mcpu=znver4 | FileCheck %s --check-prefix=ASM

// prefetch-max-bytes for the row norms: while the write pass of a row of at
// most that many bytes writes it, it prefetches the next row of the input
// (the next index of the innermost row dim) at the same positions, one
// memref.prefetch per 64-byte line that its main loop reads; the last row
// of that dim prefetches itself. The next row's two statistics passes then
// find it in the cache (docs/performance.md, "Streaming stores per op and
// the next row prefetched"). The sum passes do not prefetch, nor do the
// groups of short rows (short-row-elements). Off by default in the pass
// (prefix OFF); in norm-cpu-pipeline 512 KiB (prefix LLVM; the prefetches
// reach LLVM as llvm.intr.prefetch, prefetcht0 on x86; prefix LLVM-OFF,
// prefetch-max-bytes=0 removes them).

// CHECK-LABEL: func.func @layer_norm_dynamic(
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?xf32>
//       CHECK:   %[[H:.*]] = tensor.dim %[[X]], %c1
// First the groups of rows of at most 64 elements, which do not prefetch.
//       CHECK:   arith.cmpi ule, %[[H]], %c64 : index
//       CHECK:   scf.for %{{.*}} step %c8
//   CHECK-NOT:   memref.prefetch
//       CHECK:   %[[BUF:.*]] = bufferization.to_buffer %[[X]] read_only : tensor<?x?xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// 64 KiB of f32: rows of at most 16384 elements prefetch.
//       CHECK:   %[[FITS:.*]] = arith.cmpi ule, %[[H]], %c16384 : index
// The rows left to the per-row kernel: all of them or none.
//       CHECK:   %[[UB:.*]] = arith.select %{{.*}}, %[[ROWS:.*]], %c0 : index
//       CHECK:   scf.for %[[I:.*]] = %c0 to %[[UB]] step %c1
//       CHECK:     %[[NEXT:.*]] = arith.addi %[[I]], %c1 : index
//       CHECK:     %[[BEFORE_END:.*]] = arith.cmpi ult, %[[NEXT]], %[[ROWS]] : index
//       CHECK:     %[[USE:.*]] = arith.andi %[[FITS]], %[[BEFORE_END]] : i1
//       CHECK:     %[[P:.*]] = arith.select %[[USE]], %[[NEXT]], %[[I]] : index
// The two sum passes do not prefetch.
//   CHECK-NOT:     memref.prefetch
//       CHECK:     vector.reduction
//   CHECK-NOT:     memref.prefetch
//       CHECK:     vector.reduction
//   CHECK-NOT:     memref.prefetch
// The write pass's main loop: 4 vectors of 16 f32 (4 lines), 4 prefetches
// of the next row at the positions of the 4 loads; its tail none.
//       CHECK:     scf.for %[[J:.*]] = %c0 to %{{.*}} step %c64
//  CHECK-NEXT:       memref.prefetch %[[BUF]][%[[P]], %[[J]]], read, locality<3>, data
//  CHECK-NEXT:       vector.transfer_read %[[X]][%[[I]], %[[J]]]
//       CHECK:       %[[J1:.*]] = arith.addi %[[J]], %c16 : index
//  CHECK-NEXT:       memref.prefetch %[[BUF]][%[[P]], %[[J1]]]
//       CHECK:       %[[J2:.*]] = arith.addi %[[J]], %c32 : index
//  CHECK-NEXT:       memref.prefetch %[[BUF]][%[[P]], %[[J2]]]
//       CHECK:       %[[J3:.*]] = arith.addi %[[J]], %c48 : index
//  CHECK-NEXT:       memref.prefetch %[[BUF]][%[[P]], %[[J3]]]
//   CHECK-NOT:       memref.prefetch
//       CHECK:       scf.yield
//   CHECK-NOT:     memref.prefetch
//       CHECK:     scf.yield
func.func @layer_norm_dynamic(%x: tensor<?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {epsilon = 1.0e-05 : f32} : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// Three dims: rows (n, t); the next row is (n, t + 1), and the last t of
// each n prefetches itself. bf16 in pair mode: one load of 32 bf16 (a line)
// per pair of vectors, so 2 prefetches per iteration of 4 vectors.
// CHECK-LABEL: func.func @rms_norm_bf16_3d(
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<2x3x128xbf16>
//       CHECK:   %[[BUF:.*]] = bufferization.to_buffer %[[X]] read_only : tensor<2x3x128xbf16> to memref<2x3x128xbf16, strided<[?, ?, ?], offset: ?>>
//       CHECK:   scf.for %[[N:.*]] = %c0 to %c2 step %c1
//       CHECK:     scf.for %[[T:.*]] = %c0 to %c3 step %c1
//       CHECK:       %[[NEXT:.*]] = arith.addi %[[T]], %c1 : index
//       CHECK:       %[[USE:.*]] = arith.cmpi ult, %[[NEXT]], %c3 : index
//       CHECK:       %[[P:.*]] = arith.select %[[USE]], %[[NEXT]], %[[T]] : index
//   CHECK-NOT:       memref.prefetch
//       CHECK:       vector.reduction
//   CHECK-NOT:       memref.prefetch
//       CHECK:       scf.for %[[J:.*]] = %c0 to %c128 step %c64
//  CHECK-NEXT:         memref.prefetch %[[BUF]][%[[N]], %[[P]], %[[J]]], read, locality<3>, data
//  CHECK-NEXT:         vector.transfer_read %[[X]][%[[N]], %[[T]], %[[J]]], %{{.*}} {in_bounds = [true]} : tensor<2x3x128xbf16>, vector<32xbf16>
//       CHECK:         %[[J2:.*]] = arith.addi %[[J]], %c32 : index
//  CHECK-NEXT:         memref.prefetch %[[BUF]][%[[N]], %[[P]], %[[J2]]]
//   CHECK-NOT:         memref.prefetch
//       CHECK:         scf.yield
func.func @rms_norm_bf16_3d(%x: tensor<2x3x128xbf16>, %g: tensor<128xbf16>) -> tensor<2x3x128xbf16> {
  %y = norm.rms_norm %x scale(%g : tensor<128xbf16>) {epsilon = 1.0e-05 : f32} : tensor<2x3x128xbf16>
  return %y : tensor<2x3x128xbf16>
}

// Short rows (at most short-row-elements) go in groups: no prefetch.
// CHECK-LABEL: func.func @layer_norm_short(
//   CHECK-NOT:   bufferization.to_buffer
//   CHECK-NOT:   memref.prefetch
//       CHECK:   return
func.func @layer_norm_short(%x: tensor<64x48xf32>) -> tensor<64x48xf32> {
  %y = norm.layer_norm %x : tensor<64x48xf32>
  return %y : tensor<64x48xf32>
}

// Rows of 2 KiB prefetch with the 64 KiB limit.
// CHECK-LABEL: func.func @layer_norm_long(
//       CHECK:   bufferization.to_buffer
//       CHECK:   memref.prefetch
func.func @layer_norm_long(%x: tensor<4x512xf32>) -> tensor<4x512xf32> {
  %y = norm.layer_norm %x : tensor<4x512xf32>
  return %y : tensor<4x512xf32>
}

// OFF-LABEL: func.func @layer_norm_dynamic(
//   OFF-NOT:   bufferization.to_buffer
//   OFF-NOT:   memref.prefetch
// OFF-LABEL: func.func @rms_norm_bf16_3d(
//   OFF-NOT:   bufferization.to_buffer
//   OFF-NOT:   memref.prefetch

// 1 KiB: a dynamic row is checked at run time (256 f32); the static rows
// of 128 bf16 (256 bytes) prefetch, those of 512 f32 (2 KiB) do not.
// SMALL-LABEL: func.func @layer_norm_dynamic(
//       SMALL:   bufferization.to_buffer
//       SMALL:   arith.cmpi ule, %{{.*}}, %c256 : index
//       SMALL:   memref.prefetch
// SMALL-LABEL: func.func @rms_norm_bf16_3d(
//       SMALL:   memref.prefetch
// SMALL-LABEL: func.func @layer_norm_long(
//   SMALL-NOT:   bufferization.to_buffer
//   SMALL-NOT:   memref.prefetch
//       SMALL:   return

// LLVM-LABEL: llvm.func @layer_norm_dynamic_layer_norm(
//       LLVM:   "llvm.intr.prefetch"(%{{.*}}) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}>
// LLVM-LABEL: llvm.func @rms_norm_bf16_3d_rms_norm(
//       LLVM:   "llvm.intr.prefetch"

// LLVM-OFF-NOT: llvm.intr.prefetch

// ASM-LABEL: layer_norm_dynamic_layer_norm:
//       ASM:   prefetcht0
// ASM-LABEL: rms_norm_bf16_3d_rms_norm:
//       ASM:   prefetcht0
