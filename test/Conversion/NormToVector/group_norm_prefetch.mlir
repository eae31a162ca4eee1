// RUN: norm-opt %s --norm-tile-and-fuse="tile-parallel-kernels=false" --convert-norm-to-vector="vector-width=16 unroll=4 prefetch-max-bytes=65536" --canonicalize --cse | FileCheck %s
// RUN: norm-opt %s --norm-tile-and-fuse="tile-parallel-kernels=false" --convert-norm-to-vector="vector-width=16 unroll=4" --canonicalize --cse | FileCheck %s --check-prefix=OFF
// RUN: norm-opt %s --norm-tile-and-fuse="tile-parallel-kernels=false" --convert-norm-to-vector="vector-width=16 unroll=4 prefetch-max-bytes=128" --canonicalize --cse | FileCheck %s --check-prefix=SMALL
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=znver4 num-threads=1" | FileCheck %s --check-prefix=LLVM
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=znver4 num-threads=1 prefetch-max-bytes=0" | FileCheck %s --check-prefix=LLVM-OFF
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=znver4 num-threads=1" | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O3 -mcpu=znver4 | FileCheck %s --check-prefix=ASM

// prefetch-max-bytes: while the output pass of a group_norm / instance_norm
// writes a group of at most that many bytes, it prefetches the input of the
// group that follows in memory, at the same positions, one memref.prefetch
// per 64-byte line it reads: the channel c + C/G of the same instance, or of
// the next instance after the last group, and nothing new (its own
// positions) after the last instance. The statistics passes (the next
// group's first reads) then find it in the cache instead of waiting for the
// memory (docs/performance.md, "Prefetching the next group"). The
// prefetches read the input's own buffer through a read_only
// bufferization.to_buffer. Off by default in the pass (prefix OFF) and
// where every group is statically longer (prefix SMALL, with 128 bytes,
// less than the 256 bytes of a bf16 instance of 128; a dynamic group is
// checked at run time); 512 KiB in norm-cpu-pipeline (prefix LLVM, where the
// prefetches reach LLVM as llvm.intr.prefetch; prefix LLVM-OFF, where
// prefetch-max-bytes=0 turns them off).

// CHECK-LABEL: func.func @group_norm_dynamic
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?x?xf32>
//       CHECK:   %[[C:.*]] = tensor.dim %[[X]], %c1
//       CHECK:   %[[CPG:.*]] = arith.divui %[[C]], %c4 : index
//       CHECK:   %[[N:.*]] = tensor.dim %[[X]], %c0
//       CHECK:   %[[GROUP:.*]] = tensor.dim %{{.*}}, %c2 : tensor<?x4x?xf32>
//       CHECK:   %[[BUF:.*]] = bufferization.to_buffer %[[X]] read_only : tensor<?x?x?xf32> to memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
// 64 KiB of f32: groups of at most 16384 elements prefetch.
//       CHECK:   %[[FITS:.*]] = arith.cmpi ule, %[[GROUP]], %c16384 : index
//       CHECK:   scf.forall (%[[IV:.*]]) in
//       CHECK:     %[[IN:.*]] = arith.divui %[[IV]], %c4
//       CHECK:     %[[G:.*]] = arith.remui %[[IV]], %c4
// The two statistics passes do not prefetch.
//   CHECK-NOT:     memref.prefetch
//       CHECK:     %[[FIRST:.*]] = arith.muli %[[G]], %[[CPG]] : index
//   CHECK-NOT:     memref.prefetch
// The output pass, channel by channel: the next group's channel, or the
// group's own when it is the last or too long.
//       CHECK:     scf.for %[[I:.*]] = %c0 to %[[CPG]] step %c1
//       CHECK:       %[[CH:.*]] = arith.addi %[[FIRST]], %[[I]] : index
//       CHECK:       %[[BASE:.*]] = arith.muli %[[IN]], %[[C]] : index
//       CHECK:       %[[LIN:.*]] = arith.addi %[[BASE]], %[[CH]] : index
//       CHECK:       %[[NEXT:.*]] = arith.addi %[[LIN]], %[[CPG]] : index
//       CHECK:       %[[ALL:.*]] = arith.muli %[[N]], %[[C]] : index
//       CHECK:       %[[BEFORE_END:.*]] = arith.cmpi ult, %[[NEXT]], %[[ALL]] : index
//       CHECK:       %[[USE:.*]] = arith.andi %[[FITS]], %[[BEFORE_END]] : i1
//       CHECK:       %[[NN:.*]] = arith.divui %[[NEXT]], %[[C]] : index
//       CHECK:       %[[PN:.*]] = arith.select %[[USE]], %[[NN]], %[[IN]] : index
//       CHECK:       %[[NC:.*]] = arith.remui %[[NEXT]], %[[C]] : index
//       CHECK:       %[[PC:.*]] = arith.select %[[USE]], %[[NC]], %[[CH]] : index
// The main loop, 4 vectors of 16 f32 (4 lines) per iteration: 4 prefetches
// at the same positions as the 4 loads; the tail prefetches nothing.
//       CHECK:       scf.for %[[J:.*]] = %c0 to %{{.*}} step %c64
//  CHECK-NEXT:         memref.prefetch %[[BUF]][%[[PN]], %[[PC]], %[[J]]], read, locality<3>, data
//  CHECK-NEXT:         vector.transfer_read %{{.*}}[%c0, %{{.*}}, %[[J]]]
//       CHECK:         %[[J1:.*]] = arith.addi %[[J]], %c16 : index
//  CHECK-NEXT:         memref.prefetch %[[BUF]][%[[PN]], %[[PC]], %[[J1]]]
//       CHECK:         %[[J2:.*]] = arith.addi %[[J]], %c32 : index
//  CHECK-NEXT:         memref.prefetch %[[BUF]][%[[PN]], %[[PC]], %[[J2]]]
//       CHECK:         %[[J3:.*]] = arith.addi %[[J]], %c48 : index
//  CHECK-NEXT:         memref.prefetch %[[BUF]][%[[PN]], %[[PC]], %[[J3]]]
//   CHECK-NOT:         memref.prefetch
//       CHECK:         scf.yield
//   CHECK-NOT:       memref.prefetch
//       CHECK:       scf.forall.in_parallel
func.func @group_norm_dynamic(%x: tensor<?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x?x?xf32> {
  %y = norm.group_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {num_groups = 4 : i64, epsilon = 1.0e-05 : f32} : tensor<?x?x?xf32>
  return %y : tensor<?x?x?xf32>
}

// bf16 in pair mode: one load of 32 bf16 (a 64-byte line) per pair of
// vectors, so 2 prefetches per iteration of 4 vectors. Instance (n, c) =
// iteration 4n + c of 8; the next instance in memory is the next iteration.
// CHECK-LABEL: func.func @instance_norm_bf16
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<2x4x128xbf16>
//       CHECK:   %[[BUF:.*]] = bufferization.to_buffer %[[X]] read_only : tensor<2x4x128xbf16> to memref<2x4x128xbf16, strided<[?, ?, ?], offset: ?>>
//       CHECK:   scf.forall (%[[IV:.*]]) in (8)
//       CHECK:     %[[IN:.*]] = arith.divui %[[IV]], %c4
//       CHECK:     %[[CH:.*]] = arith.remui %[[IV]], %c4
//   CHECK-NOT:     memref.prefetch
//       CHECK:     %[[BASE:.*]] = arith.muli %[[IN]], %c4 : index
//       CHECK:     %[[LIN:.*]] = arith.addi %[[BASE]], %[[CH]] : index
//       CHECK:     %[[NEXT:.*]] = arith.addi %[[LIN]], %c1 : index
//       CHECK:     %[[USE:.*]] = arith.cmpi ult, %[[NEXT]], %c8 : index
//       CHECK:     %[[NN:.*]] = arith.divui %[[NEXT]], %c4 : index
//       CHECK:     %[[PN:.*]] = arith.select %[[USE]], %[[NN]], %[[IN]] : index
//       CHECK:     %[[NC:.*]] = arith.remui %[[NEXT]], %c4 : index
//       CHECK:     %[[PC:.*]] = arith.select %[[USE]], %[[NC]], %[[CH]] : index
//       CHECK:     scf.for %[[J:.*]] = %c0 to %c128 step %c64
//  CHECK-NEXT:       memref.prefetch %[[BUF]][%[[PN]], %[[PC]], %[[J]]], read, locality<3>, data : memref<2x4x128xbf16, strided<[?, ?, ?], offset: ?>>
//  CHECK-NEXT:       vector.transfer_read %{{.*}}[%c0, %c0, %[[J]]], %{{.*}} {in_bounds = [true]} : tensor<1x1x128xbf16>, vector<32xbf16>
//       CHECK:       vector.transfer_write
//  CHECK-NEXT:       %[[J2:.*]] = arith.addi %[[J]], %c32 : index
//  CHECK-NEXT:       memref.prefetch %[[BUF]][%[[PN]], %[[PC]], %[[J2]]]
//  CHECK-NEXT:       vector.transfer_read %{{.*}}[%c0, %c0, %[[J2]]], %{{.*}} {in_bounds = [true]} : tensor<1x1x128xbf16>, vector<32xbf16>
//   CHECK-NOT:       memref.prefetch
//       CHECK:       scf.yield
func.func @instance_norm_bf16(%x: tensor<2x4x128xbf16>, %g: tensor<4xbf16>, %b: tensor<4xbf16>) -> tensor<2x4x128xbf16> {
  %y = norm.instance_norm %x scale(%g : tensor<4xbf16>) bias(%b : tensor<4xbf16>) {epsilon = 1.0e-05 : f32} : tensor<2x4x128xbf16>
  return %y : tensor<2x4x128xbf16>
}

// OFF-LABEL: func.func @group_norm_dynamic
//   OFF-NOT:   bufferization.to_buffer
//   OFF-NOT:   memref.prefetch
// OFF-LABEL: func.func @instance_norm_bf16
//   OFF-NOT:   bufferization.to_buffer
//   OFF-NOT:   memref.prefetch

// SMALL-LABEL: func.func @group_norm_dynamic
//       SMALL:   bufferization.to_buffer
//       SMALL:   arith.cmpi ule, %{{.*}}, %c32 : index
//       SMALL:   memref.prefetch
// SMALL-LABEL: func.func @instance_norm_bf16
//   SMALL-NOT:   bufferization.to_buffer
//   SMALL-NOT:   memref.prefetch

// LLVM-LABEL: llvm.func @group_norm_dynamic
//       LLVM:   "llvm.intr.prefetch"(%{{.*}}) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}>
// LLVM-LABEL: llvm.func @instance_norm_bf16
//       LLVM:   "llvm.intr.prefetch"

// LLVM-OFF-NOT: llvm.intr.prefetch

// On x86, each llvm.intr.prefetch (read, locality 3, data) is a prefetcht0:
// f32 lines 4 x 64 bytes apart (scale 4), bf16 pairs 2 x 64 apart (scale 2).
// ASM-LABEL: group_norm_dynamic_group_norm:
//       ASM:   prefetcht0 -192(%{{[a-z0-9]+}},%{{[a-z0-9]+}},4)
//       ASM:   prefetcht0 -128(%{{[a-z0-9]+}},%{{[a-z0-9]+}},4)
//       ASM:   prefetcht0 -64(%{{[a-z0-9]+}},%{{[a-z0-9]+}},4)
//       ASM:   prefetcht0 (%{{[a-z0-9]+}},%{{[a-z0-9]+}},4)
// ASM-LABEL: instance_norm_bf16_instance_norm:
//       ASM:   prefetcht0 {{-?[0-9]*}}(%{{[a-z0-9]+}},%{{[a-z0-9]+}},2)
