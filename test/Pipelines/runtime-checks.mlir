// RUN: norm-opt %s --norm-cpu-pipeline | FileCheck %s --check-prefix=CPU
// RUN: norm-opt %s --norm-cpu-pipeline="runtime-checks=false" | FileCheck %s --check-prefix=OFF
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_90 format=isa" | FileCheck %s --check-prefix=GPU
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_90 format=isa runtime-checks=false" | FileCheck %s --check-prefix=OFF

// The checks are one comparison per op and call, before its kernel: the
// dynamic function compares the scale's size with the row length once and
// calls dprintf and abort on a mismatch; the static one has no check at all.

// CPU-LABEL: llvm.func @dynamic(
//       CPU:   %[[FMT:.*]] = llvm.mlir.addressof @norm_check_message_0
//       CPU:   llvm.icmp "ne"
//       CPU:   llvm.cond_br
//       CPU:   llvm.call @dprintf(%{{.*}}, %[[FMT]], %{{.*}}, %{{.*}})
//       CPU:   llvm.call @abort()
//       CPU:   llvm.call @dynamic_rms_norm(
//       CPU: llvm.func @dynamic_rms_norm(
//       CPU:   omp.parallel
// CPU-LABEL: llvm.func @static(
//   CPU-NOT:   llvm.call @dprintf
//   CPU-NOT:   llvm.call @abort
//       CPU:   llvm.return

// The GPU pipeline checks on the host, before the launch.
// GPU-LABEL: llvm.func @dynamic(
//       GPU:   llvm.call @dprintf(
//       GPU:   llvm.call @abort()
//       GPU:   gpu.launch_func
// GPU-LABEL: llvm.func @static(
//   GPU-NOT:   llvm.call @dprintf
//       GPU:   llvm.return

// OFF-NOT: dprintf
// OFF-NOT: norm_check_message
func.func @dynamic(%x: tensor<?x?xf32>, %g: tensor<?xf32>) -> tensor<?x?xf32> {
  %y = norm.rms_norm %x scale(%g : tensor<?xf32>) : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

func.func @static(%x: tensor<?x64xf32>, %g: tensor<64xf32>) -> tensor<?x64xf32> {
  %y = norm.rms_norm %x scale(%g : tensor<64xf32>) : tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}
