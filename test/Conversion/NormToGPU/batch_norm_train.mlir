// RUN: norm-opt %s --convert-norm-to-gpu | FileCheck %s
// No atomics of any kind: the statistics are deterministic by construction.
// RUN: norm-opt %s --convert-norm-to-gpu | FileCheck %s --check-prefix=NOATOMIC
// Four chunks per channel, blocks of two warps.
// RUN: norm-opt %s --convert-norm-to-gpu="blocks-per-channel=4 threads=64" \
// RUN:   | FileCheck %s --check-prefix=OPT

// NOATOMIC-NOT: atomic
// NOATOMIC: func.func @inference
// NOATOMIC-NOT: atomic

// NCHW, 8x64x56x56: A = 8, C = 64, B = 56*56 = 3136, 25088 elements per
// channel. P = min(ceil(1024 / 64), ceil(25088 / (256 * 16))) = 7 chunks of
// 3584, a grid of 64 x 7 blocks of 256 threads (8 warps), a scratch buffer
// of 3 * 64 * 7 = 1344 partials.
// CHECK-LABEL: func.func @nchw(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<8x64x56x56xf32>
// CHECK-DAG:     %[[COUNT_M1:.*]] = arith.constant 2.508700e+04 : f32
// CHECK-DAG:     %[[TAKE:.*]] = arith.constant 0.100000024 : f32
// CHECK-DAG:     %[[KEEP:.*]] = arith.constant 0.899999976 : f32
// CHECK-DAG:     %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK-DAG:     %[[COUNT:.*]] = arith.constant 2.508800e+04 : f32
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C7:.*]] = arith.constant 7 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C1344:.*]] = arith.constant 1344 : index
// CHECK-DAG:     %[[C3136:.*]] = arith.constant 3136 : index
// CHECK-DAG:     %[[C3584:.*]] = arith.constant 3584 : index
// CHECK:         %[[IN:.*]] = bufferization.to_buffer %[[X]] read_only
// CHECK:         %[[FLAT_IN:.*]] = memref.collapse_shape %[[IN]] {{\[\[}}0, 1, 2, 3]] : memref<8x64x56x56xf32> into memref<1605632xf32>
// CHECK:         %[[OUT:.*]] = memref.alloc() : memref<8x64x56x56xf32>
// CHECK:         %[[FLAT_OUT:.*]] = memref.collapse_shape %[[OUT]]
// CHECK:         %[[MEAN:.*]] = memref.alloc() : memref<64xf32>
// CHECK:         %[[VAR:.*]] = memref.alloc() : memref<64xf32>
// CHECK:         %[[RMEAN:.*]] = memref.alloc() : memref<64xf32>
// CHECK:         %[[RVAR:.*]] = memref.alloc() : memref<64xf32>
// CHECK:         %[[RUN_MEAN:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<64xf32>
// CHECK:         %[[RUN_VAR:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<64xf32>
// CHECK:         %[[SCRATCH:.*]] = gpu.alloc  (%[[C1344]]) : memref<?xf32>
//
// Kernel 1: block (c, p) reduces chunk p of channel c to one
// (count, mean, M2). Block x is the channel, block y the chunk.
// CHECK:         gpu.launch blocks(%[[BC:[a-z0-9_]+]], %[[BP:[a-z0-9_]+]], %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C64]], %{{[a-z0-9_]+}} = %[[C7]], %{{[a-z0-9_]+}} = %{{[a-z0-9_]+}})
// CHECK-SAME:        threads(%[[T:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C256]],
// CHECK-SAME:        workgroup(%[[SHARED:[a-z0-9_]+]] : memref<24xf32, #gpu.address_space<workgroup>>)
// CHECK:           %[[LANE:.*]] = arith.remui %[[T]], %c32 : index
// CHECK:           %[[START:.*]] = arith.muli %[[BP]], %[[C3584]] : index
// The thread's first element: x[e / B, c, e mod B], one division per thread.
// CHECK:           arith.divui %{{.*}}, %[[C3136]] : index
// CHECK:           %{{.*}}:5 = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C256]] iter_args(%[[OFF:.*]] = %{{.*}}, %{{.*}} = %{{.*}}, %[[N:.*]] = %[[ZERO]], %[[M:.*]] = %[[ZERO]], %[[M2:.*]] = %[[ZERO]]) -> (index, index, f32, f32, f32)
// Coalesced: consecutive threads take consecutive elements of a run of B;
// past the end of the run the offset jumps to the next image.
// CHECK:             arith.cmpi uge, %{{.*}}, %[[C3136]] : index
// CHECK:             %[[XV:.*]] = memref.load %[[FLAT_IN]][%[[OFF]]] : memref<1605632xf32>
// Welford: n' = n + 1, d = x - m, m' = m + d / n', M2' = M2 + d (x - m').
// CHECK:             %[[N1:.*]] = arith.addf %[[N]], %[[ONE]] : f32
// CHECK:             %[[D:.*]] = arith.subf %[[XV]], %[[M]] : f32
// CHECK:             %[[DN:.*]] = arith.divf %[[D]], %[[N1]] : f32
// CHECK:             %[[M1:.*]] = arith.addf %[[M]], %[[DN]] : f32
// CHECK:             %[[D1:.*]] = arith.subf %[[XV]], %[[M1]] : f32
// CHECK:             %[[DD:.*]] = arith.mulf %[[D]], %[[D1]] : f32
// CHECK:             %[[M21:.*]] = arith.addf %[[M2]], %[[DD]] : f32
// CHECK:             scf.yield %{{.*}}, %{{.*}}, %[[N1]], %[[M1]], %[[M21]]
// Warp butterfly: the lane with the offset bit clear is always the first
// operand of Chan's merge, so both partners get the same bits.
// CHECK-COUNT-3:   gpu.shuffle  xor %{{.*}}, %c16_i32, %c32_i32 : f32
// CHECK:           %[[BIT:.*]] = arith.andi %[[LANE]], %c16 : index
// CHECK:           %[[UPPER:.*]] = arith.cmpi ne, %[[BIT]], %[[C0]] : index
// CHECK:           %[[NA:.*]] = arith.select %[[UPPER]], %{{.*}}, %{{.*}} : f32
// CHECK:           %[[NB:.*]] = arith.select %[[UPPER]], %{{.*}}, %{{.*}} : f32
// CHECK:           %[[MA:.*]] = arith.select %[[UPPER]], %{{.*}}, %{{.*}} : f32
// CHECK:           %[[MB:.*]] = arith.select %[[UPPER]], %{{.*}}, %{{.*}} : f32
// CHECK:           %[[QA:.*]] = arith.select %[[UPPER]], %{{.*}}, %{{.*}} : f32
// CHECK:           %[[QB:.*]] = arith.select %[[UPPER]], %{{.*}}, %{{.*}} : f32
// Chan: n = na + nb, delta = mb - ma, w = nb / n, m = ma + delta w,
// M2 = (M2a + M2b) + delta^2 (na w); an empty side gives the other.
// CHECK:           %[[NS:.*]] = arith.addf %[[NA]], %[[NB]] : f32
// CHECK:           %[[DELTA:.*]] = arith.subf %[[MB]], %[[MA]] : f32
// CHECK:           %[[W:.*]] = arith.divf %[[NB]], %[[NS]] : f32
// CHECK:           %[[DW:.*]] = arith.mulf %[[DELTA]], %[[W]] : f32
// CHECK:           %[[MS:.*]] = arith.addf %[[MA]], %[[DW]] : f32
// CHECK:           %[[QS:.*]] = arith.addf %[[QA]], %[[QB]] : f32
// CHECK:           %[[DELTA2:.*]] = arith.mulf %[[DELTA]], %[[DELTA]] : f32
// CHECK:           %[[NW:.*]] = arith.mulf %[[NA]], %[[W]] : f32
// CHECK:           %[[CROSS:.*]] = arith.mulf %[[DELTA2]], %[[NW]] : f32
// CHECK:           %[[Q:.*]] = arith.addf %[[QS]], %[[CROSS]] : f32
// CHECK:           %[[AEMPTY:.*]] = arith.cmpf oeq, %[[NA]], %[[ZERO]] : f32
// CHECK:           %[[BEMPTY:.*]] = arith.cmpf oeq, %[[NB]], %[[ZERO]] : f32
// CHECK:           %[[N_OR_B:.*]] = arith.select %[[AEMPTY]], %[[NB]], %[[NS]] : f32
// CHECK:           arith.select %[[BEMPTY]], %[[NA]], %[[N_OR_B]] : f32
// CHECK-COUNT-3:   gpu.shuffle  xor %{{.*}}, %c8_i32, %c32_i32 : f32
// CHECK-COUNT-3:   gpu.shuffle  xor %{{.*}}, %c4_i32, %c32_i32 : f32
// CHECK-COUNT-3:   gpu.shuffle  xor %{{.*}}, %c2_i32, %c32_i32 : f32
// CHECK-COUNT-3:   gpu.shuffle  xor %{{.*}}, %c1_i32, %c32_i32 : f32
// One shared-memory stage: lane 0 of each warp stores its triple, one
// barrier, every warp merges the 8 triples in the same tree.
// CHECK:           scf.if
// CHECK-COUNT-3:     memref.store %{{.*}}, %[[SHARED]][%{{.*}}] : memref<24xf32, #gpu.address_space<workgroup>>
// CHECK:           gpu.barrier
// CHECK-NOT:       gpu.barrier
// CHECK-COUNT-3:   memref.load %[[SHARED]]
// CHECK-COUNT-3:   gpu.shuffle  xor %{{.*}}, %c4_i32, %c32_i32 : f32
// CHECK-COUNT-6:   gpu.shuffle  xor
// Thread 0 writes the block's triple to scratch[k][c][p].
// CHECK:           %[[FIRST:.*]] = arith.cmpi eq, %[[T]], %[[C0]] : index
// CHECK:           scf.if
// CHECK:             %[[CP:.*]] = arith.muli %[[BC]], %[[C7]] : index
// CHECK:             %[[SLOT:.*]] = arith.addi %[[CP]], %[[BP]] : index
// CHECK:             memref.store %{{.*}}, %[[SCRATCH]][%[[SLOT]]] : memref<?xf32>
// CHECK-COUNT-2:     memref.store %{{.*}}, %[[SCRATCH]]
// CHECK:           gpu.terminator
//
// Kernel 2, same grid: merge, statistics, normalization.
// CHECK:         gpu.launch blocks(%[[BC2:[a-z0-9_]+]], %[[BP2:[a-z0-9_]+]], %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C64]], %{{[a-z0-9_]+}} = %[[C7]], %{{[a-z0-9_]+}} = %{{[a-z0-9_]+}})
// CHECK-SAME:        threads(%[[T2:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C256]],
// The fixed-order merge: thread t folds partials t, t + 256, ... of its
// channel in order, then the same block tree as kernel 1; every block of the
// channel computes the same bits.
// CHECK:           %[[END:.*]] = arith.select %{{.*}}, %[[C7]], %[[C0]] : index
// CHECK:           %[[FOLD:.*]]:3 = scf.for %[[Q:.*]] = %[[T2]] to %[[END]] step %[[C256]] iter_args(%{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]], %{{.*}} = %[[ZERO]]) -> (f32, f32, f32)
// CHECK:             %[[QC:.*]] = arith.muli %[[BC2]], %[[C7]] : index
// CHECK:             %[[QSLOT:.*]] = arith.addi %[[QC]], %[[Q]] : index
// CHECK:             memref.load %[[SCRATCH]][%[[QSLOT]]] : memref<?xf32>
// CHECK-COUNT-2:     memref.load %[[SCRATCH]]
// CHECK:             arith.divf
// CHECK:             scf.yield
// CHECK-COUNT-15:  gpu.shuffle  xor
// CHECK:           gpu.barrier
// CHECK-NOT:       gpu.barrier
// CHECK-COUNT-9:   gpu.shuffle  xor
// Biased variance M2 / n with n = A * B; rstd = 1 / sqrt(var + eps).
// CHECK:           %[[V:.*]] = arith.divf %{{.*}}, %[[COUNT]] : f32
// CHECK:           %[[VE:.*]] = arith.addf %[[V]], %[[EPS]] : f32
// CHECK:           %[[ROOT:.*]] = math.sqrt %[[VE]] : f32
// CHECK:           %[[RSTD:.*]] = arith.divf %[[ONE]], %[[ROOT]] : f32
// Block (c, 0), thread 0: batch statistics and the running update.
// CHECK:           arith.cmpi eq, %[[BP2]], %[[C0]] : index
// CHECK:           scf.if
// CHECK:             memref.store %[[MEANV:.*]], %[[MEAN]][%[[BC2]]] : memref<64xf32>
// CHECK:             memref.store %[[V]], %[[VAR]][%[[BC2]]] : memref<64xf32>
// CHECK:             %[[RM:.*]] = memref.load %[[RUN_MEAN]][%[[BC2]]]
// CHECK:             %[[RMK:.*]] = arith.mulf %[[RM]], %[[KEEP]] : f32
// CHECK:             %[[BMT:.*]] = arith.mulf %[[MEANV]], %[[TAKE]] : f32
// CHECK:             %[[NRM:.*]] = arith.addf %[[RMK]], %[[BMT]] : f32
// CHECK:             memref.store %[[NRM]], %[[RMEAN]][%[[BC2]]]
// Unbiased: var * n / (n - 1).
// CHECK:             %[[VN:.*]] = arith.mulf %[[V]], %[[COUNT]] : f32
// CHECK:             %[[UV:.*]] = arith.divf %[[VN]], %[[COUNT_M1]] : f32
// CHECK:             %[[RV:.*]] = memref.load %[[RUN_VAR]][%[[BC2]]]
// CHECK:             arith.mulf %[[RV]], %[[KEEP]] : f32
// CHECK:             arith.mulf %[[UV]], %[[TAKE]] : f32
// CHECK:             memref.store %{{.*}}, %[[RVAR]][%[[BC2]]]
// Scale and bias once per block, then y = (x - mean) * rstd * scale + bias.
// CHECK:           %[[PARAMS:.*]]:2 = scf.if %{{.*}} -> (f32, f32)
// CHECK:           scf.for
// CHECK:             %[[XN:.*]] = memref.load %[[FLAT_IN]]
// CHECK:             %[[DEV:.*]] = arith.subf %[[XN]], %[[MEANV]] : f32
// CHECK:             %[[NORM:.*]] = arith.mulf %[[DEV]], %[[RSTD]] : f32
// CHECK:             %[[SCALED:.*]] = arith.mulf %[[NORM]], %[[PARAMS]]#0 : f32
// CHECK:             %[[Y:.*]] = arith.addf %[[SCALED]], %[[PARAMS]]#1 : f32
// CHECK:             memref.store %[[Y]], %[[FLAT_OUT]]
// CHECK:           gpu.terminator
// CHECK:         gpu.dealloc  %[[SCRATCH]] : memref<?xf32>
// CHECK:         %[[RES:.*]] = bufferization.to_tensor %[[OUT]] restrict writable
// CHECK:         return %[[RES]]

// OPT-LABEL: func.func @nchw(
// OPT:         gpu.alloc  (%c768) : memref<?xf32>
// OPT:         gpu.launch blocks({{.*}}) in ({{.*}} = %c64, {{.*}} = %c4, {{.*}}) threads({{.*}}) in ({{.*}} = %c64,
// OPT-SAME:        workgroup({{.*}} : memref<6xf32, #gpu.address_space<workgroup>>)
// OPT:           arith.muli %{{.*}}, %c6272 : index
// OPT-COUNT-15:  gpu.shuffle  xor
// OPT:           gpu.barrier
// OPT-COUNT-3:   gpu.shuffle  xor %{{.*}}, %c1_i32, %c32_i32 : f32
// OPT:         gpu.launch blocks({{.*}}) in ({{.*}} = %c64, {{.*}} = %c4, {{.*}})
// OPT:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c64 iter_args({{.*}}) -> (f32, f32, f32)
func.func @nchw(%x: tensor<8x64x56x56xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>,
                %m: tensor<64xf32>, %v: tensor<64xf32>)
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

// NHWC (feature_axis = -1): B = 1, so a thread's element e of channel c is
// at e * C + c and it steps by 256 * 64 = 16384; no inner index to track
// (strided, uncoalesced, but correct).
// CHECK-LABEL: func.func @nhwc(
// CHECK:         gpu.launch blocks(%[[C:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %c64, %{{[a-z0-9_]+}} = %c7,
// CHECK-SAME:        threads(%[[T:[a-z0-9_]+]],
// CHECK:           %[[E:.*]] = arith.addi %{{.*}}, %[[T]] : index
// CHECK:           %[[EC:.*]] = arith.muli %[[E]], %c64 : index
// CHECK:           %[[OFF:.*]] = arith.addi %[[EC]], %[[C]] : index
// CHECK:           scf.for %{{.*}} = %[[E]] to %{{.*}} step %c256 iter_args(%[[O:.*]] = %[[OFF]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (index, f32, f32, f32)
// CHECK:             %[[NEXT:.*]] = arith.addi %[[O]], %c16384 : index
// CHECK:             memref.load %{{.*}}[%[[O]]] : memref<1605632xf32>
// CHECK:         gpu.launch
// CHECK:         gpu.dealloc
func.func @nhwc(%x: tensor<8x56x56x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>)
    -> (tensor<8x56x56x64xf32>, tensor<64xf32>, tensor<64xf32>) {
  %y, %bm, %bv = norm.batch_norm_train %x, %g, %b {feature_axis = -1 : i64}
      : tensor<8x56x56x64xf32>, tensor<64xf32>, tensor<64xf32>
      -> tensor<64xf32>, tensor<64xf32>
  return %y, %bm, %bv : tensor<8x56x56x64xf32>, tensor<64xf32>, tensor<64xf32>
}

// bf16: every element is extended to f32 before it is accumulated, and the
// output is truncated once. Unused statistics are not stored. epsilon = 0:
// a zero deviation gives 0 (a constant channel gives exactly bias).
// CHECK-LABEL: func.func @bf16(
// CHECK:         %[[IN:.*]] = bufferization.to_buffer
// CHECK:         %[[FLAT:.*]] = memref.collapse_shape %[[IN]]
// CHECK-NOT:     memref.alloc() : memref<32xf32>
// CHECK:         gpu.launch
// CHECK:           scf.for
// CHECK:             %[[XB:.*]] = memref.load %[[FLAT]][%{{.*}}] : memref<32768xbf16>
// CHECK-NEXT:        %[[XF:.*]] = arith.extf %[[XB]] : bf16 to f32
// CHECK-NEXT:        arith.addf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT:        arith.subf %[[XF]], %{{.*}} : f32
// CHECK:         gpu.launch
// CHECK-NOT:       memref.store %{{.*}} : memref<32xf32>
// CHECK:           scf.if %{{.*}} -> (f32, f32)
// CHECK:             arith.extf %{{.*}} : bf16 to f32
// CHECK:           scf.for
// CHECK:             %[[XN:.*]] = memref.load %[[FLAT]]
// CHECK-NEXT:        arith.extf %[[XN]] : bf16 to f32
// CHECK:             %[[DEV:.*]] = arith.subf
// CHECK:             %[[NORM:.*]] = arith.mulf %[[DEV]], %{{.*}} : f32
// CHECK:             %[[ISZERO:.*]] = arith.cmpf oeq, %[[DEV]], %{{.*}} : f32
// CHECK:             %[[GUARD:.*]] = arith.select %[[ISZERO]], %{{.*}}, %[[NORM]] : f32
// CHECK:             %[[SCALED:.*]] = arith.mulf %[[GUARD]], %{{.*}} : f32
// CHECK:             %[[YF:.*]] = arith.addf %[[SCALED]], %{{.*}} : f32
// CHECK:             %[[YB:.*]] = arith.truncf %[[YF]] : f32 to bf16
// CHECK:             memref.store %[[YB]], %{{.*}} : memref<32768xbf16>
func.func @bf16(%x: tensor<4x32x16x16xbf16>, %g: tensor<32xbf16>,
                %b: tensor<32xbf16>) -> tensor<4x32x16x16xbf16> {
  %y, %bm, %bv = norm.batch_norm_train %x, %g, %b {epsilon = 0.0 : f32}
      : tensor<4x32x16x16xbf16>, tensor<32xbf16>, tensor<32xbf16>
      -> tensor<32xf32>, tensor<32xf32>
  return %y : tensor<4x32x16x16xbf16>
}

// Dynamic sizes: P is computed at run time,
// P = max(min(ceil(1024 / max(C, 1)), ceil(A * B / 4096)), 1), and the
// grid and the scratch size follow it.
// CHECK-LABEL: func.func @dynamic(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x?x?xf32>
// CHECK:         %[[OUT:.*]] = memref.alloc(%{{.*}}, %{{.*}}, %{{.*}}) : memref<?x?x?xf32>
// CHECK:         %[[DC:.*]] = tensor.dim %[[X]], %c1 : tensor<?x?x?xf32>
// CHECK:         %[[VAR:.*]] = memref.alloc(%[[DC]]) : memref<?xf32>
// CHECK:         %[[A:.*]] = tensor.dim %[[X]], %c0
// CHECK:         %[[C:.*]] = tensor.dim %[[X]], %c1
// CHECK:         %[[GRIDC:.*]] = arith.maxui %[[C]], %c1 : index
// CHECK:         %[[B:.*]] = tensor.dim %[[X]], %c2
// CHECK:         %[[PER:.*]] = arith.muli %[[A]], %[[B]] : index
// CHECK:         %[[BYOCC:.*]] = arith.ceildivui %c1024, %[[GRIDC]] : index
// CHECK:         %[[BYWORK:.*]] = arith.ceildivui %[[PER]], %c4096 : index
// CHECK:         %[[PMIN:.*]] = arith.minui %[[BYOCC]], %[[BYWORK]] : index
// CHECK:         %[[P:.*]] = arith.maxui %[[PMIN]], %c1 : index
// CHECK:         %[[CHUNK:.*]] = arith.ceildivui %[[PER]], %[[P]] : index
// CHECK:         %[[PARTIALS:.*]] = arith.muli %[[GRIDC]], %[[P]] : index
// CHECK:         %[[SIZE:.*]] = arith.muli %[[PARTIALS]], %c3 : index
// CHECK:         %[[SCRATCH:.*]] = gpu.alloc  (%[[SIZE]]) : memref<?xf32>
// CHECK:         gpu.launch blocks(%{{.*}}) in (%{{.*}} = %[[GRIDC]], %{{.*}} = %[[P]], %{{.*}} = %c1)
// CHECK:           arith.muli %{{.*}}, %[[CHUNK]] : index
// CHECK:         gpu.launch blocks(%{{.*}}) in (%{{.*}} = %[[GRIDC]], %{{.*}} = %[[P]], %{{.*}} = %c1)
// CHECK:         gpu.dealloc  %[[SCRATCH]]
func.func @dynamic(%x: tensor<?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>)
    -> (tensor<?x?x?xf32>, tensor<?xf32>) {
  %y, %bm, %bv = norm.batch_norm_train %x, %g, %b
      : tensor<?x?x?xf32>, tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>, tensor<?xf32>
  return %y, %bv : tensor<?x?x?xf32>, tensor<?xf32>
}

// Inference: one streaming launch over the same grid, no reduction.
// Block (c, p) loads mean, var, scale and bias of channel c once, forms
// 1 / sqrt(var + eps) once, and normalizes chunk p.
// CHECK-LABEL: func.func @inference(
// CHECK-NOT:     gpu.alloc
// CHECK:         gpu.launch blocks(%[[C:[a-z0-9_]+]], %{{.*}}) in (%{{.*}} = %c64, %{{.*}} = %c7, %{{.*}}) threads(%{{.*}}) in (%{{.*}} = %c256, %{{.*}} = %c1, %{{.*}} = %c1) {
// CHECK:           %[[P:.*]]:4 = scf.if %{{.*}} -> (f32, f32, f32, f32) {
// CHECK:             memref.load %{{.*}}[%[[C]]] : memref<64xf16>
// CHECK:           %[[VE:.*]] = arith.addf %[[P]]#1, %{{.*}} : f32
// CHECK:           %[[ROOT:.*]] = math.sqrt %[[VE]] : f32
// CHECK:           %[[RSTD:.*]] = arith.divf %{{.*}}, %[[ROOT]] : f32
// CHECK:           scf.for
// CHECK:             %[[XF:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK:             %[[DEV:.*]] = arith.subf %[[XF]], %[[P]]#0 : f32
// CHECK:             %[[NORM:.*]] = arith.mulf %[[DEV]], %[[RSTD]] : f32
// CHECK:             %[[ISZERO:.*]] = arith.cmpf oeq, %[[DEV]], %{{.*}} : f32
// CHECK:             %[[GUARD:.*]] = arith.select %[[ISZERO]], %{{.*}}, %[[NORM]] : f32
// CHECK:             %[[SCALED:.*]] = arith.mulf %[[GUARD]], %[[P]]#2 : f32
// CHECK:             %[[YF:.*]] = arith.addf %[[SCALED]], %[[P]]#3 : f32
// CHECK:             arith.truncf %[[YF]] : f32 to f16
// CHECK-NOT:       gpu.shuffle
// CHECK-NOT:       gpu.barrier
// CHECK:           gpu.terminator
// CHECK-NOT:     gpu.launch
// CHECK:         return
func.func @inference(%x: tensor<8x64x56x56xf16>, %g: tensor<64xf16>,
                     %b: tensor<64xf16>, %m: tensor<64xf16>,
                     %v: tensor<64xf16>) -> tensor<8x64x56x56xf16> {
  %y = norm.batch_norm %x, %g, %b, %m, %v {epsilon = 0.0 : f32}
      : tensor<8x64x56x56xf16>, tensor<64xf16>, tensor<64xf16>, tensor<64xf16>,
        tensor<64xf16>
  return %y : tensor<8x64x56x56xf16>
}
