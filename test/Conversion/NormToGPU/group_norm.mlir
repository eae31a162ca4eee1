// group_norm and instance_norm through convert-norm-to-gpu: the layer_norm row
// kernels with a row per (instance, group) of C/G*H*W contiguous elements and
// the per-channel scale and bias (one scalar per vector: the vector width
// divides H*W) in the output pass.
// RUN: norm-opt %s --convert-norm-to-gpu | FileCheck %s
// Every group split over two blocks (two launches), the dynamic sizes too.
// RUN: norm-opt %s --convert-norm-to-gpu="blocks-per-row=2" \
// RUN:   | FileCheck %s --check-prefix=SPLIT

// SD-UNet 2x320x64x64, G = 32: groups of 10 * 4096 = 40960 elements, more
// than max-row-per-block, so 3 blocks per group (64 x 3 blocks of 256 threads):
// kernel 1 writes each chunk's (m1, c, M2) to a 64 * 3 * 3 scratch, kernel 2
// loads its chunk (14 vectors per thread) into registers, merges the triples
// in chunk order and writes its chunk with the scale and bias of channel
// (row mod 32) * 10 + column / 4096.
// CHECK-LABEL: func.func @sd_unet(
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C10:.*]] = arith.constant 10 : index
// CHECK-DAG:     %[[C4096:.*]] = arith.constant 4096 : index
// CHECK:         %[[SCALE:.*]] = bufferization.to_buffer %arg1
// CHECK:         %[[BIAS:.*]] = bufferization.to_buffer %arg2
// CHECK:         memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK:         gpu.launch blocks(%{{.*}}, %[[BY:.*]], %{{.*}}) in (%{{.*}} = %[[C64]], %{{.*}} = %[[C3]], %{{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C256]],
// CHECK-SAME:      workgroup(
// CHECK:           vector.load {{.*}} vector<4xf32>
// CHECK:           gpu.shuffle  xor
// CHECK:           gpu.barrier
// CHECK-NOT:       memref.load %[[SCALE]]
// CHECK:           gpu.terminator
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[C64]], %{{.*}} = %[[C3]], %{{.*}}) threads
// CHECK:           %[[GROUP:.*]] = arith.remui %{{.*}}, %[[C32]] : index
// CHECK:           %[[FIRST:.*]] = arith.muli %[[GROUP]], %[[C10]] : index
// CHECK:           %[[COL:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK-COUNT-14:  vector.load {{.*}} vector<4xf32>
// CHECK:           scf.for
// CHECK:           scf.if
// CHECK:             %[[CH:.*]] = arith.divui %[[COL]], %[[C4096]] : index
// CHECK:             %[[IDX:.*]] = arith.addi %[[FIRST]], %[[CH]] : index
// CHECK:             %[[G:.*]] = memref.load %[[SCALE]][%[[IDX]]] : memref<320xf32>
// CHECK:             vector.broadcast %[[G]] : f32 to vector<4xf32>
// CHECK:             memref.load %[[BIAS]]
// CHECK:             vector.store {{.*}} vector<4xf32>
func.func @sd_unet(%x: tensor<2x320x64x64xf32>, %g: tensor<320xf32>, %b: tensor<320xf32>) -> tensor<2x320x64x64xf32> {
  %y = norm.group_norm %x scale(%g : tensor<320xf32>) bias(%b : tensor<320xf32>) {num_groups = 32 : i64} : tensor<2x320x64x64xf32>
  return %y : tensor<2x320x64x64xf32>
}

// 8x512x32x32, G = 32: groups of 16384 elements, one block each (256 blocks),
// 16 vectors per thread in registers (one read), the (8, 32) mean and
// inv_std_dev stored by the first thread of each group at its row.
// CHECK-LABEL: func.func @cached_stats(
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK:         %[[MEAN:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1]] : memref<8x32xf32> into memref<256xf32>
// CHECK:         %[[RSTD:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1]] : memref<8x32xf32> into memref<256xf32>
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[C256]], %{{.*}}) threads({{.*}}) in (%{{.*}} = %[[C256]],
// CHECK-COUNT-16:  vector.load {{.*}} : memref<4194304xf32>, vector<4xf32>
// CHECK-NOT:       vector.load {{.*}} : memref<4194304xf32>
// CHECK:           memref.store %{{.*}}, %[[MEAN]][%[[ROW:.*]]] : memref<256xf32>
// CHECK:           memref.store %{{.*}}, %[[RSTD]][%[[ROW]]] : memref<256xf32>
// CHECK-COUNT-16:  vector.store {{.*}} : memref<4194304xf32>, vector<4xf32>
// CHECK-NOT:       vector.load {{.*}} : memref<4194304xf32>
// CHECK:           gpu.terminator
// CHECK-NOT:     gpu.launch
// CHECK:         return
func.func @cached_stats(%x: tensor<8x512x32x32xf32>, %g: tensor<512xf32>, %b: tensor<512xf32>) -> (tensor<8x512x32x32xf32>, tensor<8x32xf32>, tensor<8x32xf32>) {
  %y, %m, %r = norm.group_norm %x scale(%g : tensor<512xf32>) bias(%b : tensor<512xf32>) {num_groups = 32 : i64} : tensor<8x512x32x32xf32> -> mean, inv_std_dev
  return %y, %m, %r : tensor<8x512x32x32xf32>, tensor<8x32xf32>, tensor<8x32xf32>
}

// instance_norm bf16 2x320x64x64: a block per (n, c) (640 blocks), 16-byte
// loads of 8 bf16 extended to f32 before any arithmetic (f32 accumulation);
// one channel per row, so the parameters are at row mod 320, no division.
// CHECK-LABEL: func.func @instance_bf16(
// CHECK-DAG:     %[[C640:.*]] = arith.constant 640 : index
// CHECK-DAG:     %[[C320:.*]] = arith.constant 320 : index
// CHECK:         %[[SCALE:.*]] = bufferization.to_buffer %arg1
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[C640]],
// CHECK:           %[[CH:.*]] = arith.remui %{{.*}}, %[[C320]] : index
// CHECK:           %[[X:.*]] = vector.load {{.*}} {alignment = 16 : i64} : memref<2621440xbf16>, vector<8xbf16>
// CHECK-NEXT:      arith.extf %[[X]] : vector<8xbf16> to vector<8xf32>
// CHECK-NOT:       arith.divui
// CHECK:           %[[G:.*]] = memref.load %[[SCALE]][%[[CH]]] : memref<320xbf16>
// CHECK-NEXT:      arith.extf %[[G]] : bf16 to f32
// CHECK:           arith.truncf %{{.*}} : vector<8xf32> to vector<8xbf16>
// CHECK:           vector.store {{.*}} vector<8xbf16>
func.func @instance_bf16(%x: tensor<2x320x64x64xbf16>, %g: tensor<320xbf16>, %b: tensor<320xbf16>) -> tensor<2x320x64x64xbf16> {
  %y = norm.instance_norm %x scale(%g : tensor<320xbf16>) bias(%b : tensor<320xbf16>) : tensor<2x320x64x64xbf16>
  return %y : tensor<2x320x64x64xbf16>
}

// 7x7 instance_norm with a dynamic batch: 49 elements per row, a warp per
// row (8 rows per block, ceil(N * 64 / 8) blocks), scalar accesses (49 is
// odd), shuffles only: no workgroup memory, no barrier.
// CHECK-LABEL: func.func @instance_7x7(
// CHECK:         %[[ROWS:.*]] = arith.muli %{{.*}}, %c64 : index
// CHECK:         %[[BLOCKS:.*]] = arith.ceildivui %[[ROWS]], %c8 : index
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[BLOCKS]], {{.*}}) threads({{.*}}) in (%{{.*}} = %c256, %{{.*}} = %c1, %{{.*}} = %c1) {
// CHECK-NOT:       gpu.barrier
// CHECK:           vector.load {{.*}} : memref<?xf32>, vector<1xf32>
// CHECK:           gpu.shuffle  xor
// CHECK-NOT:       gpu.barrier
// CHECK:           gpu.terminator
func.func @instance_7x7(%x: tensor<?x64x7x7xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) -> tensor<?x64x7x7xf32> {
  %y = norm.instance_norm %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) : tensor<?x64x7x7xf32>
  return %y : tensor<?x64x7x7xf32>
}

// A fully dynamic group_norm: G from the attribute, C/G = dim 1 / 4, rows of
// C/G * H * W; every group split over two blocks.
// SPLIT-LABEL: func.func @dynamic(
// SPLIT:         %[[C:.*]] = tensor.dim %arg0, %c1
// SPLIT:         %[[CG:.*]] = arith.divui %[[C]], %c4 : index
// SPLIT:         gpu.launch blocks({{.*}}) in (%{{.*}} = %{{.*}}, %{{.*}} = %c2,
// SPLIT:         gpu.launch blocks({{.*}}) in (%{{.*}} = %{{.*}}, %{{.*}} = %c2,
// SPLIT:           arith.remui %{{.*}}, %c4 : index
// SPLIT:           arith.muli %{{.*}}, %[[CG]] : index
// SPLIT:           memref.load
// SPLIT-NOT:     gpu.launch
func.func @dynamic(%x: tensor<?x?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x?x?x?xf32> {
  %y = norm.group_norm %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>) {num_groups = 4 : i64} : tensor<?x?x?x?xf32>
  return %y : tensor<?x?x?x?xf32>
}
