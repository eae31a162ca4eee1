// AMD (ROCDL, gfx90a, wave64). Debian's LLVM 22 has the AMDGPU backend; the
// AMDGCN assembly (format=isa) is checked here, the HSACO (format=bin) in
// gpu-amd-hsaco.mlir.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=gfx90a format=isa" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s

// CHECK: TEXT #rocdl.target<chip = "gfx90a">
// CHECK: .amdgcn_target "amdgcn-amd-amdhsa--gfx90a"
// CHECK: global_load_dwordx4
// Cross-lane adds of the 64-lane wave, then the shared-memory stage.
// CHECK: ds_swizzle_b32
// CHECK: s_barrier

func.func @layer_norm(%x: tensor<?x768xf32>, %g: tensor<768xf32>,
                      %b: tensor<768xf32>) -> tensor<?x768xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>)
      {epsilon = 1.0e-05 : f32} : tensor<?x768xf32>
  return %y : tensor<?x768xf32>
}
