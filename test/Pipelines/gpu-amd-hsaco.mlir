// REQUIRES: amdgpu-lld
// HSACO for gfx90a and gfx942 (format=bin): gpu-module-to-binary links the
// AMDGPU object with ld.lld found in the ROCm layout <toolkit>/llvm/bin,
// which build/rocm-lld provides around Debian's ld.lld-22.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=gfx90a format=bin toolkit=%rocm_lld_toolkit" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=GFX90A
// RUN: norm-opt %s --norm-gpu-pipeline="chip=gfx942 format=bin toolkit=%rocm_lld_toolkit" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=GFX942

// An ELF shared object (HSACO) for each chip, not empty.
// GFX90A: BINARY #rocdl.target<chip = "gfx90a"> {{[1-9][0-9]+}} bytes magic 7f454c46
// GFX942: BINARY #rocdl.target<chip = "gfx942"> {{[1-9][0-9]+}} bytes magic 7f454c46
func.func @layer_norm(%x: tensor<64x1024xf32>, %g: tensor<1024xf32>, %b: tensor<1024xf32>) -> tensor<64x1024xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<1024xf32>) bias(%b : tensor<1024xf32>) : tensor<64x1024xf32>
  return %y : tensor<64x1024xf32>
}
