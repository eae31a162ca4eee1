// RUN: norm-opt %s --norm-lower-function-ifs | FileCheck %s

// Result-less ifs of a function body become branches around their inlined
// regions, in the original order; an if inside a loop is left to
// convert-scf-to-cf.

// CHECK-LABEL: func.func @frees(
// CHECK-SAME:      %[[A:[^:]*]]: memref<4xf32>, %[[B:[^:]*]]: memref<4xf32>, %[[CA:[^:]*]]: i1, %[[CB:[^:]*]]: i1)
// CHECK:         cf.cond_br %[[CA]], ^[[FREE_A:.*]], ^[[AFTER_A:[^ ]*]]
// CHECK:       ^[[FREE_A]]:
// CHECK-NEXT:    memref.dealloc %[[A]]
// CHECK-NEXT:    cf.br ^[[AFTER_A]]
// CHECK:       ^[[AFTER_A]]:
// CHECK-NEXT:    cf.cond_br %[[CB]], ^[[FREE_B:.*]], ^[[ELSE_B:[^ ]*]]
// CHECK:       ^[[FREE_B]]:
// CHECK-NEXT:    memref.dealloc %[[B]]
// CHECK-NEXT:    cf.br ^[[AFTER_B:[^ ]*]]
// CHECK:       ^[[ELSE_B]]:
// CHECK-NEXT:    memref.dealloc %[[A]]
// CHECK-NEXT:    cf.br ^[[AFTER_B]]
// CHECK:       ^[[AFTER_B]]:
// CHECK:         scf.for
// CHECK-NEXT:      scf.if %[[CA]] {
// CHECK:         return
// CHECK-NOT:   scf.if
func.func @frees(%a: memref<4xf32>, %b: memref<4xf32>, %ca: i1, %cb: i1) {
  scf.if %ca {
    memref.dealloc %a : memref<4xf32>
  }
  scf.if %cb {
    memref.dealloc %b : memref<4xf32>
  } else {
    memref.dealloc %a : memref<4xf32>
  }
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    scf.if %ca {
      %v = arith.constant 1.0 : f32
      memref.store %v, %a[%i] : memref<4xf32>
    }
  }
  return
}
