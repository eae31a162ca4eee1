// AMD (ROCDL, gfx90a, wave64). Debian's LLVM 22 has the AMDGPU backend; the
// AMDGCN assembly (format=isa) is checked here, the HSACO (format=bin) in
// gpu-amd-hsaco.mlir.
// A block of 256 lanes (four waves) per row:
// RUN: norm-opt %s --norm-gpu-pipeline="chip=gfx90a format=isa rows-per-block=1" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s
// The default for a 768-wide row: one 64-lane wave per row (four rows per
// block), so no shared-memory stage and no barrier.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=gfx90a format=isa" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=WAVE

// CHECK: TEXT #rocdl.target<chip = "gfx90a">
// CHECK: .amdgcn_target "amdgcn-amd-amdhsa--gfx90a"
// CHECK: global_load_dwordx4
// Cross-lane adds of the 64-lane wave, then the shared-memory stage.
// CHECK: ds_swizzle_b32
// CHECK: s_barrier

// WAVE: .amdgcn_target "amdgcn-amd-amdhsa--gfx90a"
// WAVE-NOT: s_barrier
// WAVE: global_load_dwordx4
// WAVE-NOT: s_barrier
// WAVE: ds_swizzle_b32
// WAVE-NOT: s_barrier

func.func @layer_norm(%x: tensor<?x768xf32>, %g: tensor<768xf32>,
                      %b: tensor<768xf32>) -> tensor<?x768xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>)
      {epsilon = 1.0e-05 : f32} : tensor<?x768xf32>
  return %y : tensor<?x768xf32>
}
