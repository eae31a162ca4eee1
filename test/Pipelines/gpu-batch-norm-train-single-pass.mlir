// BatchNorm training through norm-gpu-pipeline with
// batch-norm-train-single-pass: one persistent launch that reads x once.
// 32x64x28x28 f32: P = 7 chunks per channel, 448 (channel, chunk) items on
// 132 blocks (4 items per block, 4 vectors of 16 bytes per thread and item:
// 16 cached vectors).
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa batch-norm-train-single-pass" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa batch-norm-train-single-pass" \
// RUN:   | FileCheck %s --check-prefix=HOST
// Without the option: the two launches.
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa" \
// RUN:   | FileCheck %s --check-prefix=TWO
// ptxas for sm_80 (264 blocks: 2 items per block) and sm_90 (132): no
// spills, and at most 128 registers per thread, so that two 256-thread
// blocks fit an SM.
// RUN: %if ptxas %{ norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa batch-norm-train-single-pass persistent-blocks=264" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | sed 1d > %t.sm80.ptx %}
// RUN: %if ptxas %{ ptxas -arch=sm_80 -v %t.sm80.ptx -o %t.sm80.cubin 2>&1 | FileCheck %s --check-prefix=PTXAS %}
// RUN: %if ptxas %{ norm-opt %s --norm-gpu-pipeline="chip=sm_90 format=isa batch-norm-train-single-pass" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | sed 1d > %t.sm90.ptx %}
// RUN: %if ptxas %{ ptxas -arch=sm_90 -v %t.sm90.ptx -o %t.sm90.cubin 2>&1 | FileCheck %s --check-prefix=PTXAS %}

// PTXAS: Function properties for train_kernel
// PTXAS-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// PTXAS-NEXT: Used {{([1-9]?[0-9]|1[01][0-9]|12[0-8])}} registers

// The host: the counter zeroed on the stream, one launch of 132 blocks, the
// scratch and the counter freed.
// HOST-LABEL: llvm.func @train(
// HOST:         llvm.call @mgpuMemset32
// HOST-NEXT:    gpu.launch_func <%{{.*}}> @train_kernel::@train_kernel blocks in
// HOST-NOT:     gpu.launch_func
// HOST:         llvm.call @mgpuMemFree
// HOST-NEXT:    llvm.call @mgpuMemFree
// HOST-NOT:     gpu.launch_func
// HOST:         llvm.return
// TWO-COUNT-2:  gpu.launch_func
// TWO-NOT:      gpu.launch_func
// TWO-NOT:      mgpuMemset32

// One kernel. Phase 1, per item: four 16-byte loads of x before any
// arithmetic, the block merge (one shared stage), thread 0's three stores of
// the partial; a barrier between two items' merges. No store of y yet.
// CHECK:         .entry train_kernel(
// CHECK-NOT:     st.global.v4
// CHECK:         ld.global.v4.b32
// CHECK-NEXT:    ld.global.v4.b32
// CHECK-NEXT:    ld.global.v4.b32
// CHECK-NEXT:    ld.global.v4.b32
// CHECK-NOT:     st.global.v4
// CHECK:         bar.sync 0;
// CHECK-NOT:     st.global.v4
// CHECK-COUNT-3: st.global.b32
// CHECK-NOT:     st.global.v4
// CHECK:         ld.global.v4.b32
// CHECK-COUNT-3: ld.global.v4.b32
// CHECK-NOT:     st.global.v4
// The grid barrier (after a block barrier): thread 0: fence, arrive, a spin
// loop on an atomic read of the counter until all 132 blocks arrived,
// fence; block barrier.
// CHECK-NOT:     st.global.v4
// CHECK:         fence.acq_rel.sys;
// CHECK-NEXT:    atom.global.add.u32 {{.*}}, 1;
// CHECK-NEXT:  {{^}}$L__BB0_[[SPIN:[0-9]+]]:
// CHECK-NEXT:    atom.global.{{or.b32|add.u32}} {{.*}}, 0;
// CHECK-NEXT:    setp.lt.u32 {{.*}}, 132;
// CHECK-NEXT:    bra {{.*}}$L__BB0_[[SPIN]];
// CHECK-NEXT:    fence.acq_rel.sys;
// CHECK:         bar.sync 0;
// Phase 2: the partials merged, then y from the cached values: 16-byte
// stores and no load of x.
// CHECK-NOT:     ld.global.v4
// CHECK:         rsqrt.approx.f32
// CHECK-NOT:     ld.global.v4
// CHECK:         st.global.v4.b32
// CHECK-NOT:     ld.global.v4
// CHECK-NOT:     atom.
// CHECK:         ret;
// CHECK-NOT:     .entry

func.func @train(%x: tensor<32x64x28x28xf32>, %g: tensor<64xf32>,
                 %b: tensor<64xf32>, %m: tensor<64xf32>, %v: tensor<64xf32>)
    -> (tensor<32x64x28x28xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>,
        tensor<64xf32>) {
  %y, %bm, %bv, %rm, %rv = norm.batch_norm_train %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) running_mean(%m : tensor<64xf32>) running_var(%v : tensor<64xf32>)
      {momentum = 0.9 : f32, unbiased_running_var = true}
      : tensor<32x64x28x28xf32>
      -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %bm, %bv, %rm, %rv : tensor<32x64x28x28xf32>, tensor<64xf32>,
      tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
}
