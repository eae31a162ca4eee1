// RUN: norm-opt %s --norm-inline-alloca-scopes | FileCheck %s

// A scope without stack allocations is replaced by its body, even when the
// body has ops of unknown effects (the fence after streaming stores); a scope
// that allocates on the stack stays.

// CHECK-LABEL: func.func @inline
//   CHECK-NOT:   memref.alloca_scope
//       CHECK:   %[[V:.*]] = arith.addi
//       CHECK:   llvm.fence seq_cst
//       CHECK:   return %[[V]]
func.func @inline(%a: index) -> index {
  %r = memref.alloca_scope -> (index) {
    %v = arith.addi %a, %a : index
    llvm.fence seq_cst
    memref.alloca_scope.return %v : index
  }
  return %r : index
}

// CHECK-LABEL: func.func @keep
//       CHECK:   memref.alloca_scope
//       CHECK:     memref.alloca
func.func @keep(%v: f32) {
  memref.alloca_scope {
    %m = memref.alloca() : memref<4xf32>
    %c0 = arith.constant 0 : index
    memref.store %v, %m[%c0] : memref<4xf32>
  }
  return
}
