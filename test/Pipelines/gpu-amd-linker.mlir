// REQUIRES: amdgpu-lld
// AMD code objects without toolkit=: norm-gpu-pipeline finds ld.lld itself
// (findGPUToolkit: $NORM_LD_LLD, a ROCm install, build/rocm-lld, then the
// ld.lld found at configure time, ld.lld-22 or ld.lld), as the NVVM path
// finds ptxas, and says what to do when there is none.

// The default format (fatbin) and format=bin, no ROCm, no toolkit=.
// RUN: env -u ROCM_PATH -u ROCM_ROOT -u ROCM_HOME -u NORM_LD_LLD \
// RUN:   norm-opt %s --norm-gpu-pipeline="chip=gfx942" | FileCheck %s --check-prefix=FATBIN
// FATBIN: gpu.binary @layer_norm_kernel [#gpu.object<#rocdl.target<chip = "gfx942">, {{.*}}bin = "\7FELF
// RUN: env -u ROCM_PATH -u ROCM_ROOT -u ROCM_HOME -u NORM_LD_LLD \
// RUN:   norm-opt %s --norm-gpu-pipeline="chip=gfx90a format=bin" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=BIN
// BIN: BINARY #rocdl.target<chip = "gfx90a"> {{[1-9][0-9]+}} bytes magic 7f454c46

// $NORM_LD_LLD names the linker: outside a ROCm layout, one is made of
// symbolic links in the user's cache directory.
// RUN: rm -rf %t && mkdir -p %t
// RUN: env -u ROCM_PATH XDG_CACHE_HOME=%t NORM_LD_LLD=$(readlink -f %rocm_lld_toolkit/llvm/bin/ld.lld) \
// RUN:   norm-opt %s --norm-gpu-pipeline="chip=gfx942 format=bin" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=ENV
// ENV: BINARY #rocdl.target<chip = "gfx942"> {{[1-9][0-9]+}} bytes magic 7f454c46
// RUN: ls %t/norm-mlir/*/llvm/bin/ld.lld

// A linker that is not there is an error that says so, before any pass runs.
// RUN: env NORM_LD_LLD=%t/no-such-ld.lld not norm-opt %s \
// RUN:   --norm-gpu-pipeline="chip=gfx942" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: norm-gpu-pipeline: NORM_LD_LLD='{{.*}}no-such-ld.lld' is not an executable ld.lld

// isa needs no linker.
// RUN: env NORM_LD_LLD=%t/no-such-ld.lld norm-opt %s \
// RUN:   --norm-gpu-pipeline="chip=gfx942 format=isa" | FileCheck %s --check-prefix=ISA
// ISA: gpu.binary @layer_norm_kernel

func.func @layer_norm(%x: tensor<64x1024xf32>, %g: tensor<1024xf32>, %b: tensor<1024xf32>) -> tensor<64x1024xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<1024xf32>) bias(%b : tensor<1024xf32>) : tensor<64x1024xf32>
  return %y : tensor<64x1024xf32>
}
