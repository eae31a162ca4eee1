// The GPU kernels of the gradient ops (convert-norm-to-gpu): for
// layer_norm_grad and rms_norm_grad a group per row with the forward's
// schedules, the two row sums by xor shuffles (and one shared-memory stage for a block per row), f32
// accumulators for bf16, and dscale / dbias through per-block partials in a
// scratch buffer and a second, merge kernel (no atomics); batch_norm_grad on
// the grid of batch_norm_train; group_norm_grad by the row-gradient kernel
// and channel partials. Numbers: test/GPU/row-grad-emulated.test,
// batch-norm-grad-emulated.test and group-norm-grad-emulated.test.
// RUN: norm-opt %s --convert-norm-to-gpu | FileCheck %s --check-prefix=IR
// RUN: norm-opt %s --convert-norm-to-gpu="max-grad-partials=16" \
// RUN:   | FileCheck %s --check-prefix=PARTIALS
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s
// Streamed rows: a column kernel computes the partials (three launches).
// RUN: norm-opt %s --norm-gpu-pipeline="chip=sm_80 format=isa rows-per-block=1 max-cached-vectors=0" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=STREAM

// IR-LABEL: func.func @layer_norm_grad_f32(
// IR-NOT: atomic
// The partials [dscale | dbias][block][column]: R = ceil(rows / (256 * 8))
// rows per chunk (a warp's), eight chunks per block.
// IR: %[[PER:.*]] = arith.ceildivui %[[ROWS:.*]], %c2048
// IR: %[[R:.*]] = arith.maxui %[[PER]], %c1
// With max-grad-partials=16: R = ceil(rows / (16 * 8)).
// PARTIALS-LABEL: func.func @layer_norm_grad_f32(
// PARTIALS: %[[PER:.*]] = arith.ceildivui %{{.*}}, %c128
// PARTIALS: arith.maxui %[[PER]], %c1
// IR: %[[BLOCKROWS:.*]] = arith.muli %[[R]], %c8
// IR: %[[BLOCKS:.*]] = arith.ceildivui %[[ROWS]], %[[BLOCKROWS]]
// IR: %[[SCRATCH:.*]] = memref.alloc(%{{.*}}) : memref<?xf32>
// Launch 1: a group (a warp: eight per block) per chunk, its rows in order,
// the scale and the partials of its six columns' vectors in registers; then
// the block's warps add theirs in order in workgroup memory.
// IR: gpu.launch blocks({{.*}}) in (%{{.*}} = %[[BLOCKS]], {{.*}} workgroup(%[[SHARED:.*]] : memref<1536xf32, #gpu.address_space<workgroup>>)
// IR-COUNT-6: vector.load %{{.*}} : memref<768xf32>, vector<4xf32>
// IR: scf.for %{{.*}} = %c0 to %[[R]] step %c1 iter_args({{.*}}) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>)
// IR-COUNT-12: vector.load %{{.*}} : memref<?xf32>, vector<4xf32>
// sum(g) and sum(g * xhat), reduced over the warp.
// IR: vector.reduction <add>
// IR: vector.reduction <add>
// IR: gpu.shuffle  xor %{{.*}}, %c16_i32, %c32_i32 : f32
// IR-NOT: gpu.barrier
// IR: vector.store %{{.*}} : memref<?xf32>, vector<4xf32>
// IR: scf.yield
// IR: vector.store %{{.*}}, %[[SHARED]]
// IR: gpu.barrier
// IR: vector.load %[[SHARED]]
// IR: gpu.barrier
// IR: vector.store %{{.*}}, %[[SCRATCH]][%{{.*}}] {{.*}}: memref<?xf32>, vector<4xf32>
// IR: gpu.terminator
// Launch 2: every column adds the blocks' partials in order.
// IR: gpu.launch
// IR: scf.for %{{.*}} = %c0 to %[[BLOCKS]] step %c1 iter_args
// IR: vector.load %[[SCRATCH]]
// IR: arith.addf
// IR: vector.load %[[SCRATCH]]
// IR: arith.addf
// IR: vector.store %{{.*}} : memref<768xf32>, vector<4xf32>
// IR: vector.store %{{.*}} : memref<768xf32>, vector<4xf32>
// IR: gpu.terminator
// IR-NOT: gpu.launch
// IR: return

// CHECK-LABEL: .entry layer_norm_grad_f32_kernel(
// The row kernel of a warp: dy and x loaded once (six 16-byte vectors
// each), two sums over the warp and no barrier per row; the warps' partials
// added in shared memory at the end.
// CHECK: .shared .align 4 .b8 {{.*}}[6144];
// CHECK-COUNT-12: ld.global.v4.b32
// CHECK: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK: shfl.sync.bfly.b32 {{.*}}, 1, 31, -1;
// CHECK: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK: shfl.sync.bfly.b32 {{.*}}, 1, 31, -1;
// CHECK-NOT: bar.sync
// CHECK: st.global.v4.b32
// CHECK: st.shared.v4.b32
// CHECK: bar.sync 0;
// CHECK: ld.shared.v4.b32
// CHECK: ret;
// The merge of the partials: f32 sums in chunk order, 16-byte stores.
// CHECK: .entry layer_norm_grad_f32_kernel(
// CHECK-NOT: shfl
// CHECK: ld.global.v4.b32
// CHECK: add.rn.f32
// CHECK: st.global.v4.b32
// CHECK: st.global.v4.b32
// CHECK: ret;

// bf16 rows of 4096: a block per row, two 16-byte vectors of eight bf16 per
// thread for each of dy and x, widened to f32 before any arithmetic; one
// sum (rms), one shared-memory stage; dx rounded once to bf16.
// CHECK-LABEL: .entry rms_norm_grad_bf16_kernel(
// CHECK: .shared .align 4
// CHECK: ld.global.v4.b32
// CHECK-COUNT-8: cvt.f32.bf16
// CHECK: add.rn.f32
// CHECK: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK: bar.sync 0;
// CHECK-COUNT-4: cvt.rn.bf16x2.f32
// CHECK: st.global.v4.b32
// CHECK: ret;

// batch_norm_grad on the C x P grid of batch_norm_train: kernel 1, per-chunk
// sums of dy and dy * xhat (16-byte loads of both, xor shuffles, one shared
// stage), two partials per block; kernel 2 adds the channel's partials in
// the same fixed order in every block and writes dx.
// CHECK-LABEL: .entry batch_norm_grad_f32_kernel(
// CHECK: .shared .align 4
// CHECK: rsqrt.approx.f32
// CHECK: ld.global.v4.b32
// CHECK: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK: bar.sync 0;
// CHECK: st.global.b32
// CHECK: st.global.b32
// CHECK-NOT: st.global
// CHECK: ret;
// CHECK: .entry batch_norm_grad_f32_kernel(
// CHECK: ld.global.b32
// CHECK: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK: bar.sync 0;
// CHECK: ld.global.v4.b32
// CHECK: st.global.v4.b32
// CHECK: ret;

// group_norm_grad (SD UNet 2x320x64x64, G = 32): dx by the row-gradient
// kernel over the 64 rows of 40960 elements (streamed: larger than half the
// register cache), then the channel partials and their merge.
// CHECK-LABEL: .entry group_norm_grad_f32_kernel(
// CHECK: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK: bar.sync 0;
// CHECK: st.global.v4.b32
// CHECK: ret;
// CHECK: .entry group_norm_grad_f32_kernel(
// CHECK: ld.global.v4.b32
// CHECK: shfl.sync.bfly.b32 {{.*}}, 16, 31, -1;
// CHECK: bar.sync 0;
// CHECK: st.global.b32
// CHECK: ret;
// CHECK: .entry group_norm_grad_f32_kernel(
// CHECK-NOT: shfl
// CHECK: ld.global.b32
// CHECK: add.rn.f32
// CHECK: st.global.b32
// CHECK: ret;

// STREAM-LABEL: .entry layer_norm_grad_f32_kernel(
// STREAM: ld.global.v4.b32
// STREAM: shfl.sync.bfly.b32
// STREAM: bar.sync 0;
// STREAM: st.global.v4.b32
// STREAM: ret;
// The column kernel: per chunk and column, dy and x of the chunk's rows.
// STREAM: .entry layer_norm_grad_f32_kernel(
// STREAM-NOT: shfl
// STREAM: ld.global.v4.b32
// STREAM: ld.global.v4.b32
// STREAM: st.global.v4.b32
// STREAM: st.global.v4.b32
// STREAM: ret;
// STREAM: .entry layer_norm_grad_f32_kernel(
// STREAM: add.rn.f32
// STREAM: st.global.v4.b32
// STREAM: ret;

func.func @layer_norm_grad_f32(%dy: tensor<?x768xf32>, %x: tensor<?x768xf32>,
                               %m: tensor<?x1xf32>, %r: tensor<?x1xf32>,
                               %g: tensor<768xf32>)
    -> (tensor<?x768xf32>, tensor<768xf32>, tensor<768xf32>) {
  %dx, %dg, %db = norm.layer_norm_grad %dy x(%x : tensor<?x768xf32>)
      mean(%m : tensor<?x1xf32>) inv_std_dev(%r : tensor<?x1xf32>)
      scale(%g : tensor<768xf32>) : tensor<?x768xf32> -> dscale, dbias
  return %dx, %dg, %db : tensor<?x768xf32>, tensor<768xf32>, tensor<768xf32>
}

func.func @rms_norm_grad_bf16(%dy: tensor<?x4096xbf16>, %x: tensor<?x4096xbf16>,
                              %r: tensor<?x1xf32>, %g: tensor<4096xbf16>)
    -> tensor<?x4096xbf16> {
  %dx = norm.rms_norm_grad %dy x(%x : tensor<?x4096xbf16>)
      inv_rms(%r : tensor<?x1xf32>) scale(%g : tensor<4096xbf16>)
      : tensor<?x4096xbf16>
  return %dx : tensor<?x4096xbf16>
}

func.func @batch_norm_grad_f32(%dy: tensor<8x64x56x56xf32>,
                               %x: tensor<8x64x56x56xf32>, %m: tensor<64xf32>,
                               %v: tensor<64xf32>, %g: tensor<64xf32>)
    -> (tensor<8x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>) {
  %dx, %dg, %db = norm.batch_norm_grad %dy x(%x : tensor<8x64x56x56xf32>)
      mean(%m : tensor<64xf32>) var(%v : tensor<64xf32>)
      scale(%g : tensor<64xf32>) : tensor<8x64x56x56xf32> -> dscale, dbias
  return %dx, %dg, %db
      : tensor<8x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>
}

func.func @group_norm_grad_f32(%dy: tensor<2x320x64x64xf32>,
                               %x: tensor<2x320x64x64xf32>,
                               %m: tensor<2x32xf32>, %r: tensor<2x32xf32>,
                               %g: tensor<320xf32>)
    -> (tensor<2x320x64x64xf32>, tensor<320xf32>, tensor<320xf32>) {
  %dx, %dg, %db = norm.group_norm_grad %dy x(%x : tensor<2x320x64x64xf32>)
      mean(%m : tensor<2x32xf32>) inv_std_dev(%r : tensor<2x32xf32>)
      scale(%g : tensor<320xf32>) {num_groups = 32 : i64}
      : tensor<2x320x64x64xf32> -> dscale, dbias
  return %dx, %dg, %db
      : tensor<2x320x64x64xf32>, tensor<320xf32>, tensor<320xf32>
}
