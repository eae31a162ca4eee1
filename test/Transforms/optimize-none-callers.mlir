// RUN: norm-opt %s --norm-optimize-none-callers | FileCheck %s

// A straight-line caller of a kernel gets noinline and optnone for LLVM
// (keeping its other passthrough attributes); a caller with a loop, a
// function that calls no kernel and the kernel itself keep their
// optimizations.

// CHECK-LABEL: func.func @model(
// CHECK-SAME:    attributes {passthrough = ["nounwind", "noinline", "optnone"]}
func.func @model(%x: memref<4xf32>, %c: i1) attributes {passthrough = ["nounwind"]} {
  call @kernel(%x) : (memref<4xf32>) -> ()
  scf.if %c {
    memref.dealloc %x : memref<4xf32>
  }
  return
}

// CHECK-LABEL: func.func @with_loop(
// CHECK-NOT:     passthrough
// CHECK:         scf.for
func.func @with_loop(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    func.call @kernel(%x) : (memref<4xf32>) -> ()
  }
  return
}

// CHECK-LABEL: func.func @no_kernel(
// CHECK-NOT:     passthrough
// CHECK:         call @helper
func.func @no_kernel(%x: memref<4xf32>) {
  call @helper(%x) : (memref<4xf32>) -> ()
  return
}

// CHECK-LABEL: func.func private @kernel(
// CHECK-SAME:    attributes {norm.kernel}
func.func private @kernel(%x: memref<4xf32>) attributes {norm.kernel} {
  call @helper(%x) : (memref<4xf32>) -> ()
  return
}

func.func private @helper(%x: memref<4xf32>)
