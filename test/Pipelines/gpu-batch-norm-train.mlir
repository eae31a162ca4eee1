// BatchNorm training through norm-gpu-pipeline: two kernels per op
// (per-chunk Welford partials, then the fixed-order merge and the
// normalization), warp xor shuffles, one shared-memory stage and one barrier
// per kernel, and no atomic or reduction instruction anywhere.
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

// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}
// NOATOMIC:     .entry
// NOATOMIC-NOT: {{[[:space:]](atom|red)\.}}

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

// Kernel 1: the Welford sweep (one division per element), the warp
// butterfly (three values per step), lane 0 of each of the 8 warps to
// shared memory, one barrier, the butterfly over the 8 warp triples, and
// thread 0's three stores of the partial.
// CHECK:         TEXT #nvvm.target<chip = "sm_80"
// CHECK:         .entry train_kernel(
// CHECK:         .shared .align 4 .b8 {{.*}}[96];
// CHECK:         ld.global.b32
// CHECK:         div.rn.f32
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
// statistics and running statistics from block (c, 0), the normalization.
// CHECK:         TEXT #nvvm.target<chip = "sm_80"
// CHECK:         .entry train_kernel(
// CHECK-COUNT-3: ld.global.b32
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK:         bar.sync 0;
// CHECK-NOT:     bar.sync
// CHECK-COUNT-3: shfl.sync.bfly.b32 {{.*}}, 1, 31, -1;
// CHECK:         rsqrt.approx.f32
// CHECK:         st.global.b32
// CHECK:         ret;
// bf16 channels-last: loads converted to f32 before any arithmetic, the
// output rounded once.
// CHECK:         .entry nhwc_bf16_kernel(
// CHECK:         ld.global.b16
// CHECK-NEXT:    cvt.f32.bf16
// CHECK:         .entry nhwc_bf16_kernel(
// CHECK:         cvt.rn.bf16.f32
// CHECK:         st.global.b16

// SM90-COUNT-4: BINARY #nvvm.target<chip = "sm_90"{{.*}}> {{[1-9][0-9]*}} bytes magic 7f454c46
// GFX90A-COUNT-4: BINARY #rocdl.target<chip = "gfx90a"> {{[1-9][0-9]*}} bytes magic 7f454c46

func.func @train(%x: tensor<8x64x56x56xf32>, %g: tensor<64xf32>,
                 %b: tensor<64xf32>, %m: tensor<64xf32>, %v: tensor<64xf32>)
    -> (tensor<8x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>,
        tensor<64xf32>) {
  %y, %bm, %bv, %rm, %rv = norm.batch_norm_train %x, %g, %b
      running(%m, %v : tensor<64xf32>, tensor<64xf32>)
      {momentum = 0.9 : f32, unbiased_running_var = true}
      : tensor<8x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>
      -> tensor<64xf32>, tensor<64xf32> new_running(tensor<64xf32>, tensor<64xf32>)
  return %y, %bm, %bv, %rm, %rv : tensor<8x64x56x56xf32>, tensor<64xf32>,
      tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
}

func.func @nhwc_bf16(%x: tensor<?x28x28x128xbf16>, %g: tensor<128xbf16>,
                     %b: tensor<128xbf16>) -> tensor<?x28x28x128xbf16> {
  %y, %bm, %bv = norm.batch_norm_train %x, %g, %b {feature_axis = -1 : i64}
      : tensor<?x28x28x128xbf16>, tensor<128xbf16>, tensor<128xbf16>
      -> tensor<128xf32>, tensor<128xf32>
  return %y : tensor<?x28x28x128xbf16>
}
