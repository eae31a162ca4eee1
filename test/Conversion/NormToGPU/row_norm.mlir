// RUN: norm-opt %s --convert-norm-to-gpu | FileCheck %s
// Two rows of 16 threads per block: a row fits in a warp, so the reduction is
// shuffles only (no workgroup buffer, no barrier).
// RUN: norm-opt %s --convert-norm-to-gpu="threads=32 rows-per-block=2" \
// RUN:   | FileCheck %s --check-prefix=GROUP
// AMD wave64: shuffles of width 64, one warp partial per 64 lanes.
// RUN: norm-opt %s --convert-norm-to-gpu="warp-size=64" \
// RUN:   | FileCheck %s --check-prefix=WAVE64

// One block of 256 threads per row (8 warps): every thread sweeps its strided
// share of the row with vector<4> loads, each reduction is a warp xor-shuffle
// butterfly, one workgroup store per warp, a barrier and a butterfly over the
// 8 warp partials; LayerNorm has two reductions (sum x; sum d and sum d^2).
// CHECK-LABEL: func.func @layer_norm(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x1024xf32>
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[IN:.*]] = bufferization.to_buffer %[[X]] read_only
// CHECK:         %[[FLAT_IN:.*]] = memref.collapse_shape %[[IN]] {{\[\[}}0, 1]] : memref<?x1024xf32> into memref<?xf32>
// CHECK:         %[[OUT:.*]] = memref.alloc(%{{[a-z0-9_]+}}) : memref<?x1024xf32>
// CHECK:         %[[FLAT_OUT:.*]] = memref.collapse_shape %[[OUT]]
// CHECK:         %[[ROWS:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK:         gpu.launch blocks(%[[BX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[ROWS]], %{{[a-z0-9_]+}} = %[[C1]], %{{[a-z0-9_]+}} = %[[C1]])
// CHECK-SAME:        threads(%[[TX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C256]], %{{[a-z0-9_]+}} = %[[C1]], %{{[a-z0-9_]+}} = %[[C1]])
// CHECK-SAME:        workgroup(%[[SHARED:[a-z0-9_]+]] : memref<32xf32, #gpu.address_space<workgroup>>)
// CHECK:           %[[LANE:.*]] = arith.remui %[[TX]], %[[C256]] : index
// CHECK:           %[[ROW:.*]] = arith.addi %[[BX]], %{{[a-z0-9_]+}} : index
// CHECK:           arith.cmpi ult, %[[ROW]], %[[ROWS]] : index
// Pass 1: sum x.
// CHECK:           %[[SUM:.*]] = scf.for
// CHECK:             vector.load %[[FLAT_IN]][%{{[a-z0-9_]+}}] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK:           vector.reduction <add>, %[[SUM]] : vector<4xf32> into f32
// CHECK-COUNT-5:   gpu.shuffle {{ *}}xor %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %c32_i32 : f32
// CHECK:           scf.if
// CHECK:             memref.store %{{[a-z0-9_]+}}, %[[SHARED]][%{{[a-z0-9_]+}}] : memref<32xf32, #gpu.address_space<workgroup>>
// CHECK:           gpu.barrier
// CHECK:           memref.load %[[SHARED]]
// CHECK-COUNT-3:   gpu.shuffle {{ *}}xor
// Pass 2: sum d, sum d^2, each reduced the same way, through their own slots.
// CHECK:           %[[DEV:.*]]:2 = scf.for
// CHECK:             arith.subf
// CHECK:             arith.mulf
// CHECK-COUNT-10:  gpu.shuffle {{ *}}xor
// CHECK:           scf.if
// CHECK-COUNT-2:     memref.store %{{[a-z0-9_]+}}, %[[SHARED]]
// CHECK:           gpu.barrier
// CHECK-NOT:       gpu.barrier
// CHECK-COUNT-6:   gpu.shuffle {{ *}}xor
// CHECK:           math.sqrt
// Pass 3: normalize, scale, bias and store.
// CHECK:           scf.for
// CHECK:             vector.load %[[FLAT_IN]]
// CHECK:             vector.store %{{[a-z0-9_]+}}, %[[FLAT_OUT]][%{{[a-z0-9_]+}}] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK:           gpu.terminator
// CHECK:         %[[RES:.*]] = bufferization.to_tensor %[[OUT]] restrict writable
// CHECK:         return %[[RES]]
func.func @layer_norm(%x: tensor<?x1024xf32>, %g: tensor<1024xf32>,
                      %b: tensor<1024xf32>) -> tensor<?x1024xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<1024xf32>) bias(%b : tensor<1024xf32>)
      {epsilon = 1.0e-05 : f32} : tensor<?x1024xf32>
  return %y : tensor<?x1024xf32>
}

// A row size that 4 does not divide: scalar (vector<1>) accesses.
// CHECK-LABEL: func.func @rms_norm(
// CHECK:         gpu.launch
// CHECK:           scf.for
// CHECK:             vector.load {{.*}} : memref<624xf32>, vector<1xf32>
// CHECK:           gpu.barrier
// CHECK-NOT:       gpu.barrier
// CHECK:           vector.store {{.*}} : memref<624xf32>, vector<1xf32>

// GROUP-LABEL: func.func @rms_norm(
// GROUP-DAG:     %[[C2:.*]] = arith.constant 2 : index
// GROUP-DAG:     %[[C16:.*]] = arith.constant 16 : index
// GROUP-DAG:     %[[C4:.*]] = arith.constant 4 : index
// GROUP-DAG:     %[[C32:.*]] = arith.constant 32 : index
// GROUP:         gpu.launch blocks(%[[BX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C4]],
// GROUP-SAME:        threads(%[[TX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C32]],
// GROUP-NOT:         workgroup
// GROUP:           %[[GROUP:.*]] = arith.divui %[[TX]], %[[C16]] : index
// GROUP:           %[[FIRST:.*]] = arith.muli %[[BX]], %[[C2]] : index
// GROUP:           arith.addi %[[FIRST]], %[[GROUP]] : index
// GROUP-NOT:       gpu.barrier
// GROUP-COUNT-4:   gpu.shuffle {{ *}}xor %{{[a-z0-9_]+}}, %c{{(8|4|2|1)}}_i32, %c32_i32 : f32
// GROUP-NOT:       gpu.shuffle
// GROUP-NOT:       gpu.barrier
// GROUP:           gpu.terminator

// WAVE64-LABEL: func.func @rms_norm(
// WAVE64:         workgroup(%{{[a-z0-9_]+}} : memref<16xf32, #gpu.address_space<workgroup>>)
// WAVE64-COUNT-6: gpu.shuffle {{ *}}xor %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %c64_i32 : f32
// WAVE64:         gpu.barrier
// WAVE64-COUNT-2: gpu.shuffle {{ *}}xor %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %c64_i32 : f32
func.func @rms_norm(%x: tensor<8x78xf32>) -> tensor<8x78xf32> {
  %y = norm.rms_norm %x {epsilon = 1.0e-06 : f32} : tensor<8x78xf32>
  return %y : tensor<8x78xf32>
}
