// RUN: norm-opt %s --pass-pipeline="builtin.module(func.func(norm-map-parallel-loops-to-gpu{threads=128}))" \
// RUN:   | FileCheck %s
// RUN: not norm-opt %s --pass-pipeline="builtin.module(func.func(norm-map-parallel-loops-to-gpu{threads=0}))" \
// RUN:   2>&1 | FileCheck %s --check-prefix=INVALID

// INVALID: error: norm-map-parallel-loops-to-gpu: 'threads' must be positive

// The innermost dim is tiled by 128: the tile loop maps to blocks (innermost
// dim to block x), the intra-tile loop's innermost dim to thread x, and the
// body is guarded by the original bounds.
// CHECK-LABEL: func.func @copy(
// CHECK-SAME:      %[[N:[a-z0-9]+]]: index, %[[M:[a-z0-9]+]]: index
// CHECK:         %[[C128:.*]] = arith.constant 128 : index
// CHECK:         %[[STEP:.*]] = arith.muli %{{[a-z0-9_]+}}, %[[C128]] : index
// CHECK:         scf.parallel (%[[I:[a-z0-9]+]], %[[J:[a-z0-9]+]]) = {{.*}} to (%[[N]], %[[M]]) step (%{{[a-z0-9]+}}, %[[STEP]])
// CHECK:           scf.parallel (%[[TI:[a-z0-9]+]], %[[TJ:[a-z0-9]+]]) = {{.*}} to (%{{[a-z0-9]+}}, %[[STEP]])
// CHECK:             scf.if
// CHECK:               memref.load
// CHECK:               memref.store
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = sequential, {{.*}}>, #gpu.loop_dim_map<processor = thread_x, {{.*}}>]}
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_y, {{.*}}>, #gpu.loop_dim_map<processor = block_x, {{.*}}>]}
func.func @copy(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<?x?xf32>
    memref.store %x, %b[%i, %j] : memref<?x?xf32>
    scf.reduce
  }
  return
}

// Beyond three dims, the outermost tile dims run sequentially.
// CHECK-LABEL: func.func @rank4(
// CHECK:         scf.parallel
// CHECK:           scf.parallel
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = sequential, {{.*}}>, #gpu.loop_dim_map<processor = sequential, {{.*}}>, #gpu.loop_dim_map<processor = sequential, {{.*}}>, #gpu.loop_dim_map<processor = thread_x, {{.*}}>]}
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = sequential, {{.*}}>, #gpu.loop_dim_map<processor = block_z, {{.*}}>, #gpu.loop_dim_map<processor = block_y, {{.*}}>, #gpu.loop_dim_map<processor = block_x, {{.*}}>]}
func.func @rank4(%a: memref<?x?x?x?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 0.0 : f32
  scf.parallel (%i, %j, %k, %l) = (%c0, %c0, %c0, %c0) to (%n, %n, %n, %n) step (%c1, %c1, %c1, %c1) {
    memref.store %f, %a[%i, %j, %k, %l] : memref<?x?x?x?xf32>
    scf.reduce
  }
  return
}

// Loops already inside a kernel are left alone.
// CHECK-LABEL: func.func @in_kernel(
// CHECK:         gpu.launch
// CHECK:           scf.parallel
// CHECK-NOT:         scf.parallel
// CHECK-NOT:       mapping
// CHECK:           gpu.terminator
func.func @in_kernel(%a: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 0.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      memref.store %f, %a[%i] : memref<?xf32>
      scf.reduce
    }
    gpu.terminator
  }
  return
}
