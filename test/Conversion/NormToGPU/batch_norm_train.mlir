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
// channel, read as 6272 vectors of 4 (B' = 784 per run of B). P =
// min(ceil(1024 / 64), ceil(25088 / (256 * 16))) = 7 chunks of 896 vectors, a
// grid of 64 x 7 blocks of 256 threads (8 warps), a scratch buffer of
// 3 * 64 * 7 = 1344 partials and the 64 channels' pilots.
// CHECK-LABEL: func.func @nchw(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<8x64x56x56xf32>
// CHECK-DAG:     %[[COUNT_M1:.*]] = arith.constant 2.508700e+04 : f32
// CHECK-DAG:     %[[TAKE:.*]] = arith.constant 0.100000024 : f32
// CHECK-DAG:     %[[KEEP:.*]] = arith.constant 0.899999976 : f32
// CHECK-DAG:     %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK-DAG:     %[[COUNT:.*]] = arith.constant 2.508800e+04 : f32
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[SIXTEEN:.*]] = arith.constant 1.600000e+01 : f32
// CHECK-DAG:     %[[SIXTEENTH:.*]] = arith.constant 6.250000e-02 : f32
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C7:.*]] = arith.constant 7 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C784:.*]] = arith.constant 784 : index
// CHECK-DAG:     %[[C896:.*]] = arith.constant 896 : index
// CHECK-DAG:     %[[C1024:.*]] = arith.constant 1024 : index
// CHECK-DAG:     %[[C1344:.*]] = arith.constant 1344 : index
// CHECK-DAG:     %[[C1408:.*]] = arith.constant 1408 : index
// CHECK-DAG:     %[[C3136:.*]] = arith.constant 3136 : index
// CHECK-DAG:     %[[C6272:.*]] = arith.constant 6272 : index
// CHECK-DAG:     %[[C197568:.*]] = arith.constant 197568 : index
// CHECK-DAG:     %[[C200704:.*]] = arith.constant 200704 : index
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
// CHECK:         %[[SCRATCH:.*]] = gpu.alloc  (%[[C1408]]) : memref<?xf32>
//
// Kernel 1: block (c, p) reduces chunk p of channel c to one
// (count, mean, M2). Block x is the channel, block y the chunk.
// CHECK:         gpu.launch blocks(%[[BC:[a-z0-9_]+]], %[[BP:[a-z0-9_]+]], %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C64]], %{{[a-z0-9_]+}} = %[[C7]], %{{[a-z0-9_]+}} = %{{[a-z0-9_]+}})
// CHECK-SAME:        threads(%[[T:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C256]],
// CHECK-SAME:        workgroup(%[[SHARED:[a-z0-9_]+]] : memref<24xf32, #gpu.address_space<workgroup>>)
// CHECK:           %[[LANE:.*]] = arith.remui %[[T]], %c32 : index
// The pilot K of the channel, its first element x[0, c, 0]: the statistics
// are of x - K.
// CHECK:           %[[VALID:.*]] = arith.cmpi ult, %[[BC]], %[[C64]] : index
// CHECK:           %[[K:.*]] = scf.if %[[VALID]] -> (f32) {
// CHECK:             %[[KOFF:.*]] = arith.muli %[[BC]], %[[C3136]] : index
// CHECK:             memref.load %[[FLAT_IN]][%[[KOFF]]] : memref<1605632xf32>
// The chunk [start, end) in vectors; the thread takes vectors start + t,
// start + t + 256, ...: count of them, count / 4 full groups of 4 and a
// partial group of count mod 4.
// CHECK:           %[[START0:.*]] = arith.muli %[[BP]], %[[C896]] : index
// CHECK:           %[[START:.*]] = arith.minui %[[START0]], %[[C6272]] : index
// CHECK:           %[[FIRST:.*]] = arith.addi %[[START]], %[[T]] : index
// CHECK:           %[[SPAN:.*]] = arith.subi %{{.*}}, %[[FIRST]] : index
// CHECK:           %[[NUM:.*]] = arith.ceildivui %[[SPAN]], %[[C256]] : index
// CHECK:           %[[FULL:.*]] = arith.divui %[[NUM]], %[[C4]] : index
// CHECK:           %[[REST:.*]] = arith.remui %[[NUM]], %[[C4]] : index
// The thread's first vector: x[v / B', c, (v mod B') * 4], one division per
// thread.
// CHECK:           %[[OUTER:.*]] = arith.divui %[[FIRST]], %[[C784]] : index
// CHECK:           %[[GROUPS:.*]]:5 = scf.for %{{.*}} = %[[C0]] to %[[FULL]] step %[[C1]] iter_args(%[[OFF:.*]] = %{{.*}}, %[[INNER:.*]] = %{{.*}}, %[[N:.*]] = %[[ZERO]], %[[M:.*]] = %[[ZERO]], %[[M2:.*]] = %[[ZERO]]) -> (index, index, f32, f32, f32)
// Coalesced: vector k + 1 of the group is 256 vectors (1024 elements) after
// vector k; past the end of a run of B the offset jumps to the next image.
// CHECK:             %[[OFF1A:.*]] = arith.addi %[[OFF]], %[[C1024]] : index
// CHECK:             %[[INNER1:.*]] = arith.addi %[[INNER]], %[[C256]] : index
// CHECK:             %[[WRAPS:.*]] = arith.cmpi uge, %[[INNER1]], %[[C784]] : index
// CHECK:             %[[OFF1B:.*]] = arith.addi %[[OFF1A]], %[[C197568]] : index
// CHECK:             %[[OFF1:.*]] = arith.select %[[WRAPS]], %[[OFF1B]], %[[OFF1A]] : index
// CHECK-COUNT-3:     arith.cmpi uge
// Four 16-byte loads, all before any arithmetic.
// CHECK-NOT:         arith.addf
// CHECK:             %[[V0:.*]] = vector.load %[[FLAT_IN]][%[[OFF]]] {alignment = 16 : i64} : memref<1605632xf32>, vector<4xf32>
// CHECK-NEXT:        vector.load %[[FLAT_IN]][%[[OFF1]]] {alignment = 16 : i64}
// CHECK-NEXT:        vector.load %[[FLAT_IN]]
// CHECK-NEXT:        vector.load %[[FLAT_IN]]
// CHECK-NEXT:        %[[X0:.*]] = vector.extract %[[V0]][0] : f32 from vector<4xf32>
// The group's exact two-pass statistics about K: d = x - K,
// shift = (sum d) / 16 (an exact multiplication; the group's mean - K),
// M2 = sum (d - shift)^2; no difference of squares.
// CHECK-COUNT-15:    vector.extract
// CHECK:             %[[D0:.*]] = arith.subf %[[X0]], %[[K]] : f32
// CHECK-COUNT-15:    arith.subf %{{.*}}, %[[K]] : f32
// CHECK-COUNT-15:    arith.addf
// CHECK:             %[[SHIFT:.*]] = arith.mulf %{{.*}}, %[[SIXTEENTH]] : f32
// CHECK:             %[[E0:.*]] = arith.subf %[[D0]], %[[SHIFT]] : f32
// CHECK:             arith.mulf %[[E0]], %[[E0]] : f32
// CHECK-COUNT-15:    arith.addf
// Chan's merge into the thread's statistics, one division per group.
// CHECK:             %[[NS:.*]] = arith.addf %[[N]], %[[SIXTEEN]] : f32
// CHECK:             arith.divf %[[SIXTEEN]], %[[NS]] : f32
// CHECK:             %[[DELTA:.*]] = arith.subf %[[SHIFT]], %[[M]] : f32
// CHECK:             scf.yield
// The last group: vectors k < count mod 4 (at most 3); an invalid vector
// reloads vector 0 and is left out of the statistics.
// CHECK:           %[[HASREST:.*]] = arith.cmpi ne, %[[REST]], %[[C0]] : index
// CHECK:           %[[TAIL:.*]]:3 = scf.if %[[HASREST]] -> (f32, f32, f32) {
// CHECK:             vector.load %[[FLAT_IN]][%[[GROUPS]]#0]
// CHECK:             %[[IN1:.*]] = arith.cmpi ugt, %[[REST]], %[[C1]] : index
// CHECK:             %[[A1:.*]] = arith.select %[[IN1]], %{{.*}}, %[[GROUPS]]#0 : index
// CHECK:             vector.load %[[FLAT_IN]][%[[A1]]]
// CHECK:             vector.load %[[FLAT_IN]]
// CHECK-NOT:         vector.load
// CHECK:             arith.select %{{.*}}, %{{.*}}, %[[ZERO]] : f32
// CHECK:             %[[VALID:.*]] = arith.muli %[[REST]], %[[C4]] : index
// CHECK:             %[[VALIDI:.*]] = arith.index_castui %[[VALID]] : index to i64
// CHECK:             %[[VALIDF:.*]] = arith.uitofp %[[VALIDI]] : i64 to f32
// CHECK:             arith.divf %{{.*}}, %[[VALIDF]] : f32
// CHECK:             scf.yield
// CHECK:           } else {
// CHECK:             scf.yield %[[GROUPS]]#2, %[[GROUPS]]#3, %[[GROUPS]]#4 : f32, f32, f32
// CHECK:           }
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
// Chan: n = na + nb, w = nb / n, delta = mb - ma, m = ma + delta w,
// M2 = (M2a + M2b) + delta^2 (na w); an empty side gives the other.
// CHECK:           %[[NS:.*]] = arith.addf %[[NA]], %[[NB]] : f32
// CHECK:           %[[W:.*]] = arith.divf %[[NB]], %[[NS]] : f32
// CHECK:           %[[NW:.*]] = arith.mulf %[[NA]], %[[W]] : f32
// CHECK:           %[[DELTA:.*]] = arith.subf %[[MB]], %[[MA]] : f32
// CHECK:           %[[DW:.*]] = arith.mulf %[[DELTA]], %[[W]] : f32
// CHECK:           %[[MS:.*]] = arith.addf %[[MA]], %[[DW]] : f32
// CHECK:           %[[QS:.*]] = arith.addf %[[QA]], %[[QB]] : f32
// CHECK:           %[[DELTA2:.*]] = arith.mulf %[[DELTA]], %[[DELTA]] : f32
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
// Thread 0 writes the block's triple to scratch[k][c][p], and block (c, 0)
// the pilot to scratch[1344 + c].
// CHECK:           %[[FIRST:.*]] = arith.cmpi eq, %[[T]], %[[C0]] : index
// CHECK:           scf.if
// CHECK:             %[[CP:.*]] = arith.muli %[[BC]], %[[C7]] : index
// CHECK:             %[[SLOT:.*]] = arith.addi %[[CP]], %[[BP]] : index
// CHECK:             memref.store %{{.*}}, %[[SCRATCH]][%[[SLOT]]] : memref<?xf32>
// CHECK-COUNT-2:     memref.store %{{.*}}, %[[SCRATCH]]
// CHECK:             %[[CHUNK0:.*]] = arith.cmpi eq, %[[BP]], %[[C0]] : index
// CHECK:             scf.if %[[CHUNK0]] {
// CHECK:               %[[KSLOT:.*]] = arith.addi %[[BC]], %[[C1344]] : index
// CHECK:               memref.store %[[K]], %[[SCRATCH]][%[[KSLOT]]] : memref<?xf32>
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
// mean = K + (mean - K) with kernel 1's K; biased variance M2 / n with
// n = A * B; rstd = 1 / sqrt(var + eps).
// CHECK:           %[[K2:.*]] = scf.if %{{.*}} -> (f32) {
// CHECK:             %[[KSLOT2:.*]] = arith.addi %[[BC2]], %[[C1344]] : index
// CHECK:             memref.load %[[SCRATCH]][%[[KSLOT2]]] : memref<?xf32>
// CHECK:           %[[MEANV:.*]] = arith.addf %[[K2]], %[[REL:.*]] : f32
// CHECK:           %[[V:.*]] = arith.divf %{{.*}}, %[[COUNT]] : f32
// CHECK:           %[[VE:.*]] = arith.addf %[[V]], %[[EPS]] : f32
// CHECK:           %[[ROOT:.*]] = math.sqrt %[[VE]] : f32
// CHECK:           %[[RSTD:.*]] = arith.divf %[[ONE]], %[[ROOT]] : f32
// Block (c, 0), thread 0: batch statistics and the running update.
// CHECK:           arith.cmpi eq, %[[BP2]], %[[C0]] : index
// CHECK:           scf.if
// CHECK:             memref.store %[[MEANV]], %[[MEAN]][%[[BC2]]] : memref<64xf32>
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
// Scale and bias once per block, then
// y = ((x - K) - (mean - K)) * rstd * scale + bias over the same groups of
// four vectors: four loads, the arithmetic, four stores.
// CHECK:           %[[PARAMS:.*]]:2 = scf.if %{{.*}} -> (f32, f32)
// CHECK:           %[[NGROUPS:.*]]:2 = scf.for %{{.*}} -> (index, index)
// CHECK-COUNT-4:     vector.load %[[FLAT_IN]]
// CHECK-NEXT:        %[[XN:.*]] = vector.extract %{{.*}}[0] : f32 from vector<4xf32>
// CHECK-NOT:         vector.load
// CHECK:             %[[XK:.*]] = arith.subf %[[XN]], %[[K2]] : f32
// CHECK:             %[[DEV:.*]] = arith.subf %[[XK]], %[[REL]] : f32
// CHECK:             %[[NORM:.*]] = arith.mulf %[[DEV]], %[[RSTD]] : f32
// CHECK:             %[[SCALED:.*]] = arith.mulf %[[NORM]], %[[PARAMS]]#0 : f32
// CHECK:             %[[Y:.*]] = arith.addf %[[SCALED]], %[[PARAMS]]#1 : f32
// CHECK:             %[[YV:.*]] = vector.from_elements %[[Y]], %{{.*}}, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK:             vector.store %[[YV]], %[[FLAT_OUT]][%{{.*}}] {alignment = 16 : i64}
// CHECK-COUNT-3:     vector.store %{{.*}}, %[[FLAT_OUT]]
// CHECK-NEXT:        scf.yield
// The last group: vector 0 is stored, vectors 1 and 2 where they are valid.
// CHECK:           scf.if %{{.*}} {
// CHECK-COUNT-3:     vector.load %[[FLAT_IN]]
// CHECK:             vector.store %{{.*}}, %[[FLAT_OUT]][%[[NGROUPS]]#0]
// CHECK:             %[[IN1:.*]] = arith.cmpi ugt, %{{.*}}, %[[C1]] : index
// CHECK:             scf.if %[[IN1]] {
// CHECK:               vector.store %{{.*}}, %[[FLAT_OUT]]
// CHECK:             scf.if
// CHECK:               vector.store %{{.*}}, %[[FLAT_OUT]]
// CHECK:           gpu.terminator
// CHECK:         gpu.dealloc  %[[SCRATCH]] : memref<?xf32>
// CHECK:         %[[RES:.*]] = bufferization.to_tensor %[[OUT]] restrict writable
// CHECK:         return %[[RES]]

// OPT-LABEL: func.func @nchw(
// OPT:         gpu.alloc  (%c832) : memref<?xf32>
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
  %y, %bm, %bv, %rm, %rv = norm.batch_norm_train %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) running_mean(%m : tensor<64xf32>) running_var(%v : tensor<64xf32>)
      {momentum = 0.9 : f32, unbiased_running_var = true}
      : tensor<8x64x56x56xf32>
      -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %bm, %bv, %rm, %rv : tensor<8x64x56x56xf32>, tensor<64xf32>,
      tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
}

// NHWC (feature_axis = -1): B = 1, so a thread's element e of channel c is
// at e * C + c and it steps by 256 * 64 = 16384; no inner index to track
// (strided, uncoalesced, but correct). Scalar accesses: groups of 8 loads,
// all issued before the group's arithmetic.
// CHECK-LABEL: func.func @nhwc(
// CHECK:         gpu.launch blocks(%[[C:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %c64, %{{[a-z0-9_]+}} = %c7,
// CHECK-SAME:        threads(%[[T:[a-z0-9_]+]],
// CHECK:           %[[E:.*]] = arith.addi %{{.*}}, %[[T]] : index
// CHECK:           %[[NUM:.*]] = arith.ceildivui %{{.*}}, %c256 : index
// CHECK:           %[[FULL:.*]] = arith.divui %[[NUM]], %c8 : index
// CHECK:           %[[EC:.*]] = arith.muli %[[E]], %c64 : index
// CHECK:           %[[OFF:.*]] = arith.addi %[[EC]], %[[C]] : index
// CHECK:           scf.for %{{.*}} = %c0 to %[[FULL]] step %c1 iter_args(%[[O:.*]] = %[[OFF]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (index, f32, f32, f32)
// CHECK:             %[[O1:.*]] = arith.addi %[[O]], %c16384 : index
// CHECK-COUNT-7:     arith.addi %{{.*}}, %c16384 : index
// CHECK-NEXT:        memref.load %{{.*}}[%[[O]]] : memref<1605632xf32>
// CHECK-NEXT:        memref.load %{{.*}}[%[[O1]]] : memref<1605632xf32>
// CHECK-COUNT-6:     memref.load
// CHECK-NOT:         memref.load
// CHECK:             arith.mulf %{{.*}}, %cst_{{[0-9]+}} : f32
// CHECK:             scf.yield
// CHECK:         gpu.launch
// CHECK:         gpu.dealloc
func.func @nhwc(%x: tensor<8x56x56x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>)
    -> (tensor<8x56x56x64xf32>, tensor<64xf32>, tensor<64xf32>) {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>) {feature_axis = -1 : i64}
      : tensor<8x56x56x64xf32>
      -> batch_mean, batch_var
  return %y, %bm, %bv : tensor<8x56x56x64xf32>, tensor<64xf32>, tensor<64xf32>
}

// bf16: 16-byte accesses are 8 elements (B = 256, B' = 32 divides the
// block, so no inner index is tracked: 256 vectors are 8 images of
// 32 * 256 elements, a step of 65536); every element is extended to f32
// before it is accumulated, and the output is truncated once. Unused
// statistics are not stored. epsilon = 0: a zero deviation gives 0 (a
// constant channel gives exactly bias).
// CHECK-LABEL: func.func @bf16(
// CHECK:         %[[IN:.*]] = bufferization.to_buffer
// CHECK:         %[[FLAT:.*]] = memref.collapse_shape %[[IN]]
// CHECK-NOT:     memref.alloc() : memref<32xf32>
// CHECK:         gpu.launch
// CHECK:           scf.for %{{.*}} iter_args(%[[O:.*]] = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (index, f32, f32, f32)
// CHECK:             %[[O1:.*]] = arith.addi %[[O]], %c65536 : index
// CHECK:             %[[XB:.*]] = vector.load %[[FLAT]][%[[O]]] {alignment = 16 : i64} : memref<32768xbf16>, vector<8xbf16>
// CHECK-NEXT:        vector.load %[[FLAT]][%[[O1]]] {alignment = 16 : i64} : memref<32768xbf16>, vector<8xbf16>
// CHECK-COUNT-2:     vector.load
// CHECK-NEXT:        %[[X0:.*]] = vector.extract %[[XB]][0] : bf16 from vector<8xbf16>
// CHECK-NEXT:        %[[XF:.*]] = arith.extf %[[X0]] : bf16 to f32
// CHECK-NEXT:        vector.extract %[[XB]][1] : bf16 from vector<8xbf16>
// CHECK-NEXT:        arith.extf
// CHECK-COUNT-30:    arith.extf
// CHECK-NOT:         arith.extf
// CHECK:             arith.subf %[[XF]], %{{.*}} : f32
// CHECK:         gpu.launch
// CHECK-NOT:       memref.store %{{.*}} : memref<32xf32>
// CHECK:           scf.if %{{.*}} -> (f32, f32)
// CHECK:             arith.extf %{{.*}} : bf16 to f32
// CHECK:           scf.for
// CHECK-COUNT-4:     vector.load %[[FLAT]]
// CHECK-NEXT:        vector.extract
// CHECK-NEXT:        %[[XN:.*]] = arith.extf %{{.*}} : bf16 to f32
// CHECK:             %[[XK:.*]] = arith.subf %[[XN]], %{{.*}} : f32
// CHECK-NEXT:        %[[DEV:.*]] = arith.subf %[[XK]], %{{.*}} : f32
// CHECK-NEXT:        %[[NORM:.*]] = arith.mulf %[[DEV]], %{{.*}} : f32
// CHECK-NEXT:        %[[ISZERO:.*]] = arith.cmpf oeq, %[[DEV]], %{{.*}} : f32
// CHECK-NEXT:        %[[GUARD:.*]] = arith.select %[[ISZERO]], %{{.*}}, %[[NORM]] : f32
// CHECK-NEXT:        %[[SCALED:.*]] = arith.mulf %[[GUARD]], %{{.*}} : f32
// CHECK-NEXT:        %[[YF:.*]] = arith.addf %[[SCALED]], %{{.*}} : f32
// CHECK:             %[[YB:.*]] = arith.truncf %[[YF]] : f32 to bf16
// CHECK-COUNT-7:     arith.truncf
// CHECK-NEXT:        %[[YV:.*]] = vector.from_elements %[[YB]], {{.*}} : vector<8xbf16>
// CHECK-NEXT:        vector.store %[[YV]], %{{.*}} {alignment = 16 : i64} : memref<32768xbf16>, vector<8xbf16>
func.func @bf16(%x: tensor<4x32x16x16xbf16>, %g: tensor<32xbf16>,
                %b: tensor<32xbf16>) -> tensor<4x32x16x16xbf16> {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<32xbf16>) bias(%b : tensor<32xbf16>) {epsilon = 0.0 : f32}
      : tensor<4x32x16x16xbf16>
      -> batch_mean, batch_var
  return %y : tensor<4x32x16x16xbf16>
}

// Dynamic sizes: P is computed at run time,
// P = max(min(ceil(1024 / max(C, 1)), ceil(A * B / 4096)), 1), and the
// grid and the scratch size (3 * max(C, 1) * P partials, max(C, 1) pilots)
// follow it.
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
// CHECK:         %[[TRIPLES:.*]] = arith.muli %[[PARTIALS]], %c3 : index
// CHECK:         %[[SIZE:.*]] = arith.addi %[[TRIPLES]], %[[GRIDC]] : index
// CHECK:         %[[SCRATCH:.*]] = gpu.alloc  (%[[SIZE]]) : memref<?xf32>
// CHECK:         gpu.launch blocks(%{{.*}}) in (%{{.*}} = %[[GRIDC]], %{{.*}} = %[[P]], %{{.*}} = %c1)
// CHECK:           arith.muli %{{.*}}, %[[CHUNK]] : index
// CHECK:         gpu.launch blocks(%{{.*}}) in (%{{.*}} = %[[GRIDC]], %{{.*}} = %[[P]], %{{.*}} = %c1)
// CHECK:         gpu.dealloc  %[[SCRATCH]]
func.func @dynamic(%x: tensor<?x?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>)
    -> (tensor<?x?x?xf32>, tensor<?xf32>) {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<?xf32>) bias(%b : tensor<?xf32>)
      : tensor<?x?x?xf32> -> batch_mean, batch_var
  return %y, %bv : tensor<?x?x?xf32>, tensor<?xf32>
}

// Inference: one streaming launch over the same grid, no reduction.
// Block (c, p) loads mean, var, scale and bias of channel c once, forms
// 1 / sqrt(var + eps) once, and normalizes chunk p in groups of four 16-byte
// (8 x f16) vectors.
// CHECK-LABEL: func.func @inference(
// CHECK-NOT:     gpu.alloc
// CHECK:         gpu.launch blocks(%[[C:[a-z0-9_]+]], %{{.*}}) in (%{{.*}} = %c64, %{{.*}} = %c7, %{{.*}}) threads(%{{.*}}) in (%{{.*}} = %c256, %{{.*}} = %c1, %{{.*}} = %c1) {
// CHECK:           %[[P:.*]]:4 = scf.if %{{.*}} -> (f32, f32, f32, f32) {
// CHECK:             memref.load %{{.*}}[%[[C]]] : memref<64xf16>
// CHECK:           %[[VE:.*]] = arith.addf %[[P]]#1, %{{.*}} : f32
// CHECK:           %[[ROOT:.*]] = math.sqrt %[[VE]] : f32
// CHECK:           %[[RSTD:.*]] = arith.divf %{{.*}}, %[[ROOT]] : f32
// CHECK:           scf.for
// CHECK-COUNT-4:     vector.load %{{.*}} {alignment = 16 : i64} : memref<1605632xf16>, vector<8xf16>
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
  %y = norm.batch_norm %x scale(%g : tensor<64xf16>) bias(%b : tensor<64xf16>) mean(%m : tensor<64xf16>) var(%v : tensor<64xf16>) {epsilon = 0.0 : f32}
      : tensor<8x64x56x56xf16>
  return %y : tensor<8x64x56x56xf16>
}

// Inference with the feature axis last (NHWC, B = 1): no channel grid but an
// elementwise launch over the N*H*W*C / 4 vectors, consecutive threads on
// consecutive 16-byte vectors (coalesced), 4 per thread at a stride of 256
// vectors, each with the 4-channel vectors of mean, var, scale and bias at
// (vector * 4) mod C; all loads before the arithmetic, stores guarded.
// CHECK-LABEL: func.func @inference_nhwc(
// CHECK:         %[[VECS:.*]] = arith.divui %{{.*}}, %c4 : index
// CHECK:         %[[BLOCKS:.*]] = arith.ceildivui %[[VECS]], %c1024 : index
// CHECK:         gpu.launch blocks(%[[BX:[a-z0-9_]+]], %{{.*}}) in (%{{.*}} = %[[BLOCKS]], %{{.*}} = %c1, %{{.*}}) threads(%[[TX:[a-z0-9_]+]], %{{.*}}) in (%{{.*}} = %c256, %{{.*}} = %c1, %{{.*}} = %c1) {
// CHECK-NOT:       scf.for
// CHECK:           %[[OFF:.*]] = arith.muli %{{.*}}, %c4 : index
// CHECK:           %[[CH:.*]] = arith.remui %[[OFF]], %c2048 : index
// CHECK:           %[[X:.*]] = vector.load %{{.*}}[%[[OFF]]] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK-COUNT-4:   vector.load %{{.*}}[%[[CH]]] {alignment = 16 : i64} : memref<2048xf32>, vector<4xf32>
// CHECK-COUNT-15:  vector.load
// CHECK-NOT:       vector.load
// CHECK:           scf.if %{{.*}} {
// CHECK:             math.sqrt %{{.*}} : vector<4xf32>
// CHECK:             arith.subf %[[X]], %{{.*}} : vector<4xf32>
// CHECK:             vector.store %{{.*}}, %{{.*}}[%[[OFF]]] {alignment = 16 : i64} : memref<?xf32>, vector<4xf32>
// CHECK-COUNT-3:   vector.store
// CHECK-NOT:       gpu.shuffle
// CHECK-NOT:       gpu.barrier
// CHECK:           gpu.terminator
// CHECK-NOT:     gpu.launch
// CHECK:         return
func.func @inference_nhwc(%x: tensor<?x7x7x2048xf32>, %g: tensor<2048xf32>,
                          %b: tensor<2048xf32>, %m: tensor<2048xf32>,
                          %v: tensor<2048xf32>) -> tensor<?x7x7x2048xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<2048xf32>) bias(%b : tensor<2048xf32>) mean(%m : tensor<2048xf32>) var(%v : tensor<2048xf32>) {epsilon = 1.0e-05 : f32, feature_axis = -1 : i64}
      : tensor<?x7x7x2048xf32>
  return %y : tensor<?x7x7x2048xf32>
}
