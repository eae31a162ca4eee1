// BatchNorm training through norm-gpu-pipeline: two kernels per op
// (per-chunk partials, then the fixed-order merge and the normalization),
// groups of independent loads (16-byte vectors where B allows), warp xor
// shuffles, one shared-memory stage and one barrier per kernel, and no atomic
// or reduction instruction anywhere.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=NOATOMIC
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa" \
// RUN:   | FileCheck %s --check-prefix=HOST
// A cubin for sm_90 and HSACO for gfx90a, where ptxas / ld.lld are found.
// RUN: %if ptxas %{ norm-opt %s --norm-gpu-pipeline="chip=sm_90 format=bin" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=SM90 %}
// RUN: %if amdgpu-lld %{ norm-opt %s --norm-gpu-pipeline="chip=gfx90a format=bin toolkit=%rocm_lld_toolkit" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=GFX90A %}

// Two kernels per op (three ops), none with an atomic or reduction.
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC-NOT: .entry

// The host: the output, four statistics and the scratch buffer on the
// device, the two launches in order on one stream, and one free (of the
// scratch: the results are returned).
// HOST-LABEL: llvm.func @train(
// HOST:         llvm.call @mgpuStreamCreate
// HOST-COUNT-6: llvm.call @mgpuMemAlloc
// HOST:         gpu.launch_func <%{{.*}}> @train_kernel::@train_kernel blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in
// HOST-NEXT:    gpu.launch_func <%{{.*}}> @train_kernel_0::@train_kernel blocks in
// HOST-NEXT:    llvm.call @mgpuMemFree
// HOST-NEXT:    llvm.call @mgpuStreamSynchronize
// HOST-NOT:     llvm.call @mgpuMemFree
// HOST:         llvm.return

// Kernel 1 of NCHW 56x56 (B = 3136, a multiple of 4): the main loop loads
// a group of four 16-byte vectors before any arithmetic, forms their exact
// statistics (the division by 16 is a multiplication) and merges them into
// the thread's with one division (Chan); the last, partial group (at most 3
// vectors); the warp butterfly (three values per step), lane 0 of each of the
// 8 warps to shared memory, one barrier, the butterfly over the 8 warp
// triples, and thread 0's three stores of the partial.
// CHECK:         TEXT #nvvm.target<chip = "sm_80"
// CHECK:         .entry train_kernel(
// CHECK:         .shared .align 4 .b8 {{.*}}[96];
// CHECK:       {{^}}$L__BB0_[[LOOP:[0-9]+]]:
// CHECK-NOT:     {{(add|sub|mul|div)\.rn\.f32}}
// CHECK:         ld.global.v4.b32
// CHECK-NEXT:    ld.global.v4.b32
// CHECK-NEXT:    ld.global.v4.b32
// CHECK-NEXT:    ld.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK:         mul.rn.f32 {{.*}}, 0f3D800000;
// CHECK-NOT:     ld.global
// CHECK:         div.rn.f32
// CHECK-NOT:     {{ld.global|div.rn.f32}}
// CHECK:         bra {{.*}}$L__BB0_[[LOOP]];
// CHECK-COUNT-3: ld.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 8, 31, -1;
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 4, 31, -1;
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 2, 31, -1;
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 1, 31, -1;
// CHECK-COUNT-3: st.shared.b32
// CHECK:         bar.sync 0;
// CHECK-COUNT-3: ld.shared.b32
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 4, 31, -1;
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 1, 31, -1;
// CHECK-NOT:     bar.sync
// CHECK-COUNT-3: st.global.b32
// CHECK:         ret;
// Kernel 2: loads of the channel's partials, the same block merge, the
// statistics and running statistics from block (c, 0), the normalization in
// groups of four 16-byte loads then four 16-byte stores, and the last group's
// stores (vector 0, then vectors 1 and 2 where valid).
// CHECK:         TEXT #nvvm.target<chip = "sm_80"
// CHECK:         .entry train_kernel(
// CHECK-COUNT-3: ld.global.b32
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK:         bar.sync 0;
// CHECK-NOT:     bar.sync
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 1, 31, -1;
// CHECK:         rsqrt.approx.f32
// CHECK:       {{^}}$L__BB0_[[NLOOP:[0-9]+]]:
// CHECK-NOT:     st.global
// CHECK:         ld.global.v4.b32
// CHECK-NEXT:    ld.global.v4.b32
// CHECK-NEXT:    ld.global.v4.b32
// CHECK-NEXT:    ld.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK:         st.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK:         st.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK:         st.global.v4.b32
// CHECK-NOT:     ld.global
// CHECK:         st.global.v4.b32
// CHECK-NOT:     {{ld|st}}.global
// CHECK:         bra {{.*}}$L__BB0_[[NLOOP]];
// CHECK-COUNT-3: st.global.v4.b32
// CHECK-NOT:     st.global
// CHECK:         ret;
// bf16 channels-last (B = 1, scalar accesses): the pilot, then groups of 8
// loads, all issued before the first is converted to f32 for any arithmetic,
// the output rounded once.
// CHECK:         .entry nhwc_bf16_kernel(
// CHECK:         ld.global.b16
// CHECK-NEXT:    cvt.f32.bf16
// CHECK-COUNT-8: ld.global.b16
// CHECK-NEXT:    cvt.f32.bf16
// CHECK:         .entry nhwc_bf16_kernel(
// CHECK:         cvt.rn.bf16.f32
// CHECK:         st.global.b16
// NCHW 7x7 (B = 49, odd: scalar accesses): kernel 1's main loop issues its 8
// loads before any arithmetic, one division per group of 8; kernel 2 loads 8
// and stores 8.
// CHECK:         .entry spatial7_kernel(
// CHECK:       {{^}}$L__BB0_[[SLOOP:[0-9]+]]:
// CHECK-NOT:     {{(add|sub|mul|div)\.rn\.f32}}
// CHECK-COUNT-8: ld.global.b32
// CHECK-NOT:     ld.global
// CHECK:         mul.rn.f32 {{.*}}, 0f3E000000;
// CHECK-NOT:     ld.global
// CHECK:         div.rn.f32
// CHECK-NOT:     {{ld.global|div.rn.f32}}
// CHECK:         bra {{.*}}$L__BB0_[[SLOOP]];
// CHECK:         .entry spatial7_kernel(
// CHECK:         rsqrt.approx.f32
// CHECK:       {{^}}$L__BB0_[[SNLOOP:[0-9]+]]:
// CHECK-NOT:     st.global
// CHECK-COUNT-8: ld.global.b32
// CHECK-NOT:     ld.global
// CHECK-COUNT-8: st.global.b32
// CHECK-NOT:     {{ld|st}}.global
// CHECK:         bra {{.*}}$L__BB0_[[SNLOOP]];

// SM90-COUNT-6: BINARY #nvvm.target<chip = "sm_90"{{.*}}> {{[1-9][0-9]*}} bytes magic 7f454c46
// GFX90A-COUNT-6: BINARY #rocdl.target<chip = "gfx90a"> {{[1-9][0-9]*}} bytes magic 7f454c46

func.func @train(%x: tensor<8x64x56x56xf32>, %g: tensor<64xf32>,
                 %b: tensor<64xf32>, %m: tensor<64xf32>, %v: tensor<64xf32>)
    -> (tensor<8x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>,
        tensor<64xf32>) {
  %y, %bm, %bv, %rm, %rv = norm.batch_norm_train %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) running_mean(%m : tensor<64xf32>) running_var(%v : tensor<64xf32>)
      {momentum = 0.9 : f32, unbiased_running_var = true}
      : tensor<8x64x56x56xf32>
      -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %bm, %bv, %rm, %rv : tensor<8x64x56x56xf32>, tensor<64xf32>,
      tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
}

func.func @nhwc_bf16(%x: tensor<?x28x28x128xbf16>, %g: tensor<128xbf16>,
                     %b: tensor<128xbf16>) -> tensor<?x28x28x128xbf16> {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<128xbf16>) bias(%b : tensor<128xbf16>) {feature_axis = -1 : i64}
      : tensor<?x28x28x128xbf16>
      -> batch_mean, batch_var
  return %y : tensor<?x28x28x128xbf16>
}

func.func @spatial7(%x: tensor<128x1024x7x7xf32>, %g: tensor<1024xf32>,
                    %b: tensor<1024xf32>) -> tensor<128x1024x7x7xf32> {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<1024xf32>) bias(%b : tensor<1024xf32>)
      : tensor<128x1024x7x7xf32>
      -> batch_mean, batch_var
  return %y : tensor<128x1024x7x7xf32>
}
