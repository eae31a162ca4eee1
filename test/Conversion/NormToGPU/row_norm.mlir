// The streaming kernel (a block per row, every pass sweeps the row).
// RUN: norm-opt %s --convert-norm-to-gpu="rows-per-block=1 max-cached-vectors=0" \
// RUN:   | FileCheck %s
// Two rows of 16 threads per block: a row fits in a warp, so the reduction is
// shuffles only (no workgroup buffer, no barrier).
// RUN: norm-opt %s --convert-norm-to-gpu="threads=32 rows-per-block=2" \
// RUN:   | FileCheck %s --check-prefix=GROUP
// AMD wave64: shuffles of width 64, one warp partial per 64 lanes.
// RUN: norm-opt %s --convert-norm-to-gpu="warp-size=64 rows-per-block=1 max-cached-vectors=0" \
// RUN:   | FileCheck %s --check-prefix=WAVE64
// The default schedule: chosen from the row size (warp or block per row, the
// row cached in registers, several blocks per row for very large rows).
// RUN: norm-opt %s --convert-norm-to-gpu | FileCheck %s --check-prefix=AUTO
// Every row split over three blocks, dynamic row size included.
// RUN: norm-opt %s --convert-norm-to-gpu="blocks-per-row=3" \
// RUN:   | FileCheck %s --check-prefix=SPLIT

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

// A 768-wide row is at most 1024 elements: one warp per row, eight rows per
// block of 256 threads, no workgroup memory and no barrier. A lane's share is
// 768 / (32 * 4) = 6 vectors, each loaded once into registers: sum x, then
// sum d and sum d^2 and the normalization all run on them (no loop).
// AUTO-LABEL: func.func @auto_warp_per_row(
// AUTO-DAG:     %[[C8:.*]] = arith.constant 8 : index
// AUTO-DAG:     %[[C32:.*]] = arith.constant 32 : index
// AUTO-DAG:     %[[C256:.*]] = arith.constant 256 : index
// AUTO:         %[[IN:.*]] = memref.collapse_shape %{{.*}} : memref<?x768xf32> into memref<?xf32>
// AUTO:         %[[OUT:.*]] = memref.collapse_shape %{{.*}} : memref<?x768xf32> into memref<?xf32>
// AUTO:         %[[BLOCKS:.*]] = arith.ceildivui %{{.*}}, %[[C8]] : index
// AUTO:         gpu.launch blocks(%{{.*}}) in (%{{[a-z0-9_]+}} = %[[BLOCKS]],
// AUTO-SAME:        threads(%[[TX:[a-z0-9_]+]], %{{.*}}) in (%{{[a-z0-9_]+}} = %[[C256]],
// AUTO-NOT:         workgroup
// AUTO:           arith.divui %[[TX]], %[[C32]] : index
// AUTO:           %[[VALID:.*]] = arith.cmpi ult
// AUTO-NOT:       scf.for
// AUTO-COUNT-6:   vector.load %[[IN]][%{{.*}}] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// AUTO-NOT:       vector.load %[[IN]]
// AUTO-NOT:       scf.for
// AUTO-NOT:       gpu.barrier
// AUTO-COUNT-5:   gpu.shuffle {{ *}}xor %{{.*}}, %c32_i32 : f32
// AUTO-COUNT-10:  gpu.shuffle {{ *}}xor %{{.*}}, %c32_i32 : f32
// AUTO:           math.sqrt
// AUTO:           scf.if %[[VALID]] {
// AUTO-COUNT-6:     vector.store %{{.*}}, %[[OUT]]
// AUTO:           }
// AUTO-NOT:       vector.load %[[IN]]
// AUTO-NOT:       gpu.barrier
// AUTO:           gpu.terminator
func.func @auto_warp_per_row(%x: tensor<?x768xf32>, %g: tensor<768xf32>,
                             %b: tensor<768xf32>) -> tensor<?x768xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>)
      {epsilon = 1.0e-05 : f32} : tensor<?x768xf32>
  return %y : tensor<?x768xf32>
}

// A 4096-wide row: a block of 256 threads per row (8 warps, so one shared
// stage per reduction), 4096 / (256 * 4) = 4 cached vectors per thread.
// AUTO-LABEL: func.func @auto_block_per_row(
// AUTO-DAG:     %[[C256:.*]] = arith.constant 256 : index
// AUTO:         %[[IN:.*]] = memref.collapse_shape %{{.*}} : memref<?x4096xf32> into memref<?xf32>
// AUTO:         gpu.launch blocks(%{{.*}}) in (%{{[a-z0-9_]+}} = %{{dim[_0-9]*}},
// AUTO-SAME:        threads(%{{.*}}) in (%{{[a-z0-9_]+}} = %[[C256]],
// AUTO-SAME:        workgroup(%{{.*}} : memref<32xf32, #gpu.address_space<workgroup>>)
// AUTO-NOT:       scf.for
// AUTO-COUNT-4:   vector.load %[[IN]]
// AUTO-NOT:       vector.load %[[IN]]
// AUTO:           gpu.barrier
// AUTO:           gpu.barrier
// AUTO-NOT:       gpu.barrier
// AUTO-NOT:       scf.for
// AUTO:           gpu.terminator
func.func @auto_block_per_row(%x: tensor<?x4096xf32>) -> tensor<?x4096xf32> {
  %y = norm.layer_norm %x {epsilon = 1.0e-05 : f32} : tensor<?x4096xf32>
  return %y : tensor<?x4096xf32>
}

// 1000 = 7 * 128 + 104: a warp's 7 vectors are always in the row, the 8th
// only for lanes 0..25. It loads from a column clamped into the row, is
// replaced by zeros past the end (so it adds nothing to the sums), and is
// stored only when in bounds.
// AUTO-LABEL: func.func @auto_cached_tail(
// AUTO-DAG:     %[[C1000:.*]] = arith.constant 1000 : index
// AUTO-DAG:     %[[C996:.*]] = arith.constant 996 : index
// AUTO-DAG:     %[[ZEROS:.*]] = arith.constant dense<0.000000e+00> : vector<4xf32>
// AUTO:         %[[IN:.*]] = memref.collapse_shape %{{.*}} : memref<?x1000xf32> into memref<?xf32>
// AUTO:         %[[OUT:.*]] = memref.collapse_shape %{{.*}} : memref<?x1000xf32> into memref<?xf32>
// AUTO:         gpu.launch
// AUTO:           %[[VALID:.*]] = arith.cmpi ult
// AUTO-COUNT-7:   vector.load %[[IN]]
// AUTO:           %[[COL:.*]] = arith.addi %{{.*}}, %c896 : index
// AUTO:           %[[IN_BOUNDS:.*]] = arith.cmpi ult, %[[COL]], %[[C1000]] : index
// AUTO:           %[[CLAMPED:.*]] = arith.minui %[[COL]], %[[C996]] : index
// AUTO:           %[[TAIL_AT:.*]] = arith.addi %{{.*}}, %[[CLAMPED]] : index
// AUTO:           %[[TAIL:.*]] = vector.load %[[IN]][%[[TAIL_AT]]]
// AUTO:           %[[MASKED:.*]] = arith.select %[[IN_BOUNDS]], %[[TAIL]], %[[ZEROS]] : vector<4xf32>
// AUTO-NOT:       vector.load %[[IN]]
// AUTO:           arith.mulf %[[MASKED]], %[[MASKED]]
// AUTO:           scf.if %[[VALID]] {
// AUTO-COUNT-7:     vector.store %{{.*}}, %[[OUT]]
// AUTO:             scf.if %[[IN_BOUNDS]] {
// AUTO:               vector.store %{{.*}}, %[[OUT]][%{{.*}}]
// AUTO:             }
// AUTO:           }
// AUTO:           gpu.terminator
func.func @auto_cached_tail(%x: tensor<?x1000xf32>) -> tensor<?x1000xf32> {
  %y = norm.rms_norm %x {epsilon = 1.0e-06 : f32} : tensor<?x1000xf32>
  return %y : tensor<?x1000xf32>
}

// A 65536-wide row is more than max-row-per-block (32768): it is split into
// 65536 / (256 * 4 * 16) = 4 chunks of 16384, one block each, in two kernels.
// Kernel 1 (grid rows x 4): the chunk cached in registers, its m1, c and M2
// to a scratch buffer of 3 values per (row, chunk). Kernel 2: every block
// loads its chunk into registers (16 vectors per thread, all in flight),
// merges its row's 4 triples in chunk order (an scf.for, no atomics), chunk 0
// stores the statistics, every block normalizes its chunk from the registers.
// AUTO-LABEL: func.func @auto_multi_block(
// AUTO-DAG:     %[[C4:.*]] = arith.constant 4 : index
// AUTO-DAG:     %[[C12:.*]] = arith.constant 12 : index
// AUTO:         %[[IN:.*]] = memref.collapse_shape %{{.*}} : memref<?x65536xf32> into memref<?xf32>
// AUTO:         %[[MEAN:.*]] = memref.collapse_shape %{{.*}} : memref<?x1xf32> into memref<?xf32>
// AUTO:         %[[SIZE:.*]] = arith.muli %[[ROWS:.*]], %[[C12]] : index
// AUTO:         %[[SCRATCH:.*]] = memref.alloc(%[[SIZE]]) : memref<?xf32>
// AUTO:         gpu.launch blocks(%{{[a-z0-9_]+}}, %[[BY:[a-z0-9_]+]], %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[ROWS]], %{{[a-z0-9_]+}} = %[[C4]],
// AUTO-SAME:        workgroup(
// AUTO:           arith.muli %[[BY]], %c16384 : index
// AUTO-NOT:       scf.for
// AUTO-COUNT-16:  vector.load %[[IN]]
// AUTO-NOT:       vector.load %[[IN]]
// AUTO:           gpu.barrier
// AUTO:           gpu.barrier
// AUTO:           scf.if
// AUTO-COUNT-3:     memref.store %{{.*}}, %[[SCRATCH]][%{{.*}}] : memref<?xf32>
// AUTO:           gpu.terminator
// AUTO:         gpu.launch blocks(%{{[a-z0-9_]+}}, %[[BY2:[a-z0-9_]+]], %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[ROWS]], %{{[a-z0-9_]+}} = %[[C4]],
// AUTO-NOT:         workgroup
// AUTO-NOT:       scf.for
// AUTO-COUNT-16:  vector.load %[[IN]]
// AUTO:           %[[PILOT:.*]] = memref.load %[[SCRATCH]]
// AUTO:           %[[MERGED:.*]]:3 = scf.for %[[K:.*]] = %c0 to %[[C4]] step %c1 iter_args(%[[N:.*]] = %{{.*}}, %[[O:.*]] = %{{.*}}, %[[M2:.*]] = %{{.*}}) -> (f32, f32, f32) {
// AUTO-COUNT-3:     memref.load %[[SCRATCH]]
// AUTO:             arith.subf %{{.*}}, %[[PILOT]] : f32
// AUTO:             %[[EMPTY:.*]] = arith.cmpi eq
// AUTO-COUNT-3:     arith.select %[[EMPTY]]
// AUTO:             scf.yield
// AUTO:           }
// AUTO-NOT:       gpu.barrier
// AUTO:           %[[FIRST:.*]] = arith.cmpi eq, %[[BY2]], %c0 : index
// AUTO:           %[[MEAN_VAL:.*]] = arith.addf %[[PILOT]], %[[MERGED]]#1 : f32
// AUTO:           scf.if
// AUTO:             memref.store %[[MEAN_VAL]], %[[MEAN]]
// AUTO-NOT:       scf.for
// AUTO-NOT:       vector.load %[[IN]]
// AUTO-COUNT-16:  vector.store
// AUTO-NOT:       gpu.barrier
// AUTO:           gpu.terminator
// AUTO-NOT:     memref.atomic_rmw
// AUTO-NOT:     gpu.all_reduce
// AUTO:         return
func.func @auto_multi_block(%x: tensor<?x65536xf32>) -> (tensor<?x65536xf32>, tensor<?x1xf32>) {
  %y, %m = norm.layer_norm %x {epsilon = 1.0e-05 : f32} : tensor<?x65536xf32> -> mean
  return %y, %m : tensor<?x65536xf32>, tensor<?x1xf32>
}

// A dynamic row size: a block per row, every pass a strided sweep.
// AUTO-LABEL: func.func @auto_dynamic(
// AUTO:         gpu.launch
// AUTO-SAME:        workgroup(
// AUTO:           scf.for
// AUTO:             vector.load {{.*}} : memref<?xf32>, vector<1xf32>
// AUTO:           gpu.barrier
// AUTO:           scf.for
// AUTO:             vector.store
// AUTO:           gpu.terminator

// blocks-per-row=3 splits a dynamic row too: chunk = ceil(n / 3), block y's
// chunk [min(y * chunk, n), min(y * chunk + chunk, n)). Kernel 1 writes each
// chunk's sum of squares; kernel 2 adds the three in order and normalizes.
// SPLIT-LABEL: func.func @auto_dynamic(
// SPLIT-DAG:     %[[C3:.*]] = arith.constant 3 : index
// SPLIT:         %[[SIZE:.*]] = arith.muli %[[ROWS:.*]], %[[C3]] : index
// SPLIT:         %[[SCRATCH:.*]] = memref.alloc(%[[SIZE]]) : memref<?xf32>
// SPLIT:         gpu.launch blocks(%{{[a-z0-9_]+}}, %[[BY:[a-z0-9_]+]], %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[ROWS]], %{{[a-z0-9_]+}} = %[[C3]],
// SPLIT:           arith.muli %{{.*}}, %[[N:dim_[0-9]+]] : index
// SPLIT:           %[[CHUNK:.*]] = arith.ceildivui %[[N]], %[[C3]] : index
// SPLIT:           %[[START:.*]] = arith.muli %[[BY]], %[[CHUNK]] : index
// SPLIT:           %[[BEGIN:.*]] = arith.minui %[[START]], %[[N]] : index
// SPLIT:           %[[LIMIT:.*]] = arith.addi %[[BEGIN]], %[[CHUNK]] : index
// SPLIT:           %[[END:.*]] = arith.minui %[[LIMIT]], %[[N]] : index
// SPLIT:           scf.for
// SPLIT:             arith.mulf
// SPLIT:           gpu.barrier
// SPLIT:           scf.if
// SPLIT:             memref.store %{{.*}}, %[[SCRATCH]]
// SPLIT:           gpu.terminator
// SPLIT:         gpu.launch
// SPLIT:           %[[TOTAL:.*]] = scf.for %{{.*}} = %c0 to %[[C3]] step %c1 iter_args(%[[ACC:.*]] = %{{.*}}) -> (f32) {
// SPLIT:             %[[PART:.*]] = memref.load %[[SCRATCH]]
// SPLIT:             %[[SUM:.*]] = arith.addf %[[ACC]], %[[PART]] : f32
// SPLIT:             scf.yield %[[SUM]] : f32
// SPLIT:           }
// SPLIT:           arith.divf %[[TOTAL]]
// SPLIT-NOT:       gpu.barrier
// SPLIT:           scf.for
// SPLIT:             vector.store
// SPLIT:           gpu.terminator
func.func @auto_dynamic(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = norm.rms_norm %x {epsilon = 1.0e-05 : f32} : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}
