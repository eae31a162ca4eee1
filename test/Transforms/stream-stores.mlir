// RUN: norm-opt %s --norm-stream-stores --split-input-file | FileCheck %s

// After bufferization, a marked normalization loop becomes: if the row start
// is 32-byte aligned, the loop with aligned non-temporal vector.store; else
// the original loop; one fence follows the outermost loop around it. Masked
// tail stores are left alone.

// CHECK-LABEL: func.func @row
//  CHECK-SAME:   %[[OUT:[^:]*]]: memref<?x?xf32, strided<[?, 1], offset: ?>>, %[[R:[^:]*]]: index
//       CHECK:   %[[BASE:.*]], %[[OFF:.*]], %[[SZ:.*]]:2, %[[ST:.*]]:2 = memref.extract_strided_metadata %[[OUT]]
//       CHECK:   %[[ROW:.*]] = arith.muli %[[R]], %[[ST]]#0
//       CHECK:   %[[LIN:.*]] = arith.addi %[[OFF]], %[[ROW]]
//       CHECK:   %[[PTR:.*]] = memref.extract_aligned_pointer_as_index %[[OUT]]
//       CHECK:   %[[BYTES:.*]] = arith.muli %[[LIN]], %c4
//       CHECK:   %[[ADDR:.*]] = arith.addi %[[PTR]], %[[BYTES]]
//       CHECK:   %[[MIS:.*]] = arith.remui %[[ADDR]], %c32
//       CHECK:   %[[OK:.*]] = arith.cmpi eq, %[[MIS]], %c0
//       CHECK:   scf.if %[[OK]] {
//       CHECK:     scf.for %[[J:.*]] =
//       CHECK:       vector.store %{{.*}}, %[[OUT]][%[[R]], %[[J]]] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
//       CHECK:       %[[J8:.*]] = arith.addi %[[J]], %c8
//       CHECK:       vector.store %{{.*}}, %[[OUT]][%[[R]], %[[J8]]] {alignment = 32 : i64, nontemporal = true}
//   CHECK-NOT:       vector.transfer_write
//   CHECK-NOT:     llvm.fence
//       CHECK:   } else {
//       CHECK:     scf.for
//       CHECK:       vector.transfer_write
//       CHECK:   }
//       CHECK:   llvm.fence seq_cst
//   CHECK-NOT:   norm.stream_stores
func.func @row(%out: memref<?x?xf32, strided<[?, 1], offset: ?>>, %r: index, %n: index, %v: vector<8xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  scf.for %j = %c0 to %n step %c16 {
    vector.transfer_write %v, %out[%r, %j] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
    %j8 = arith.addi %j, %c8 : index
    vector.transfer_write %v, %out[%r, %j8] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
  } {norm.stream_stores}
  return
}

// -----

// Not provably whole aligned vectors: a store at j + 4 (half a vector), so
// the loop keeps its stores and loses the mark.

// CHECK-LABEL: func.func @misaligned_offset
//   CHECK-NOT:   scf.if
//   CHECK-NOT:   vector.store
//       CHECK:   vector.transfer_write
//   CHECK-NOT:   norm.stream_stores
func.func @misaligned_offset(%out: memref<?x?xf32>, %r: index, %n: index, %v: vector<8xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  scf.for %j = %c0 to %n step %c8 {
    %j4 = arith.addi %j, %c4 : index
    vector.transfer_write %v, %out[%r, %j4] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32>
  } {norm.stream_stores}
  return
}

// -----

// Rows of a tile: the fence goes once after the loop over the rows, not
// into every row.

// CHECK-LABEL: func.func @rows
//       CHECK:   scf.for %[[R:.*]] =
//       CHECK:     scf.if
//       CHECK:       vector.store {{.*}}nontemporal = true
//   CHECK-NOT:     llvm.fence
//       CHECK:     } else {
//       CHECK:       vector.transfer_write
//  CHECK-NEXT: {{^ *\}$}}
//  CHECK-NEXT: {{^ *\}$}}
//  CHECK-NEXT: {{^ *\}$}}
//  CHECK-NEXT: llvm.fence seq_cst
//  CHECK-NEXT: return
func.func @rows(%out: memref<?x?xf32>, %rows: index, %n: index, %v: vector<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %r = %c0 to %rows step %c1 {
    scf.for %j = %c0 to %n step %c8 {
      vector.transfer_write %v, %out[%r, %j] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32>
    } {norm.stream_stores}
  }
  return
}

// -----

// An integer mark asks for a larger alignment of the row start: the
// batch-norm kernels ask for a cache line (64 bytes), so that no line is
// written partly by streaming stores; the stores keep the vector alignment.

// CHECK-LABEL: func.func @cache_line_aligned_run
//       CHECK:   %[[MIS:.*]] = arith.remui %{{.*}}, %c64
//       CHECK:   %[[OK:.*]] = arith.cmpi eq, %[[MIS]], %c0
//       CHECK:   scf.if %[[OK]] {
//       CHECK:     vector.store %{{.*}} {alignment = 32 : i64, nontemporal = true}
//       CHECK:   } else {
//       CHECK:   llvm.fence seq_cst
//   CHECK-NOT:   norm.stream_stores
func.func @cache_line_aligned_run(%out: memref<?x?x?xf32>, %a: index, %c: index, %n: index, %v: vector<8xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  scf.for %j = %c0 to %n step %c8 {
    vector.transfer_write %v, %out[%a, %c, %j] {in_bounds = [true]} : vector<8xf32>, memref<?x?x?xf32>
  } {norm.stream_stores = 64 : i64}
  return
}
