// RUN: norm-opt %S/Inputs/shared-empty-tensor-race/model.mlir --norm-cpu-pipeline="num-threads=2" \
// RUN:   --mlir-print-ir-after=one-shot-bufferize -o /dev/null 2>&1 | FileCheck %s
// The IR side of shared-empty-tensor-race.test (which needs the TSan build):
// after bufferization, no buffer allocated before the group_norm's tile
// loop is an output of a linalg op inside it; the tile's statistics buffers
// are allocated in the loop body.
// CHECK-LABEL: func.func @main(
//       CHECK:   %[[SHARED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x2xf64>
//       CHECK:   scf.forall (%{{.*}}) in (17) {
//   CHECK-NOT:     outs(%[[SHARED]]{{[ ,]}}
//       CHECK:     memref.alloc() {alignment = 64 : i64} : memref<1x2xf64>
//   CHECK-NOT:     outs(%[[SHARED]]{{[ ,]}}
//       CHECK:   return
