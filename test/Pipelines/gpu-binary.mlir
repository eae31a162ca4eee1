// gpu-module-to-binary with format=bin: ptxas produces a cubin (an ELF
// object) for sm_80 and sm_90, embedded in a gpu.binary.
// REQUIRES: ptxas
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=bin" \
// RUN:   | FileCheck %s --check-prefix=IR
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=bin" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=SM80
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_90 format=bin" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=SM90

// The host side: device allocation of the result, the kernel launch (lowered
// when translated to LLVM IR), a stream around it.
// IR-LABEL: llvm.func @layer_norm(
// IR: llvm.call @mgpuStreamCreate
// IR: llvm.call @mgpuMemAlloc
// IR: gpu.launch_func {{.*}} @layer_norm_kernel::@layer_norm_kernel
// IR: llvm.call @mgpuStreamSynchronize
// IR: llvm.call @mgpuStreamDestroy
// IR: gpu.binary @layer_norm_kernel [#gpu.object<#nvvm.target<chip = "sm_80"
// IR-SAME: bin = "\7FELF

// 7f454c46: "\x7fELF".
// SM80: BINARY #nvvm.target<chip = "sm_80"{{.*}}> {{[1-9][0-9]*}} bytes magic 7f454c46
// SM90: BINARY #nvvm.target<chip = "sm_90"{{.*}}> {{[1-9][0-9]*}} bytes magic 7f454c46

func.func @layer_norm(%x: tensor<?x768xf32>, %g: tensor<768xf32>,
                      %b: tensor<768xf32>) -> tensor<?x768xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>)
      {epsilon = 1.0e-05 : f32} : tensor<?x768xf32>
  return %y : tensor<?x768xf32>
}
