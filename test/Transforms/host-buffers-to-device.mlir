// RUN: norm-opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline="builtin.module(func.func(norm-host-buffers-to-device))" | FileCheck %s

// A returned buffer (through a view) becomes a gpu.alloc that is not freed; a
// temporary becomes a gpu.alloc freed before the return; copies become
// gpu.memcpy. Kernels are left alone.
// CHECK-LABEL: func.func @host(
// CHECK-SAME:      %[[IN:[a-z0-9]+]]: memref<?xf32>, %[[N:[a-z0-9]+]]: index
// CHECK:         %[[RESULT:.*]] = gpu.alloc {{ *}}(%[[N]]) : memref<?xf32>
// CHECK:         %[[TEMP:.*]] = gpu.alloc {{ *}}(%[[N]]) : memref<?xf32>
// CHECK:         gpu.memcpy {{ *}}%[[TEMP]], %[[IN]] : memref<?xf32>, memref<?xf32>
// CHECK:         gpu.launch
// CHECK:           memref.alloca
// CHECK:           memref.copy
// CHECK:           gpu.terminator
// CHECK:         gpu.memcpy {{ *}}%[[RESULT]], %[[TEMP]] : memref<?xf32>, memref<?xf32>
// CHECK:         %[[VIEW:.*]] = memref.cast %[[RESULT]]
// CHECK-NOT:     gpu.dealloc {{ *}}%[[RESULT]]
// CHECK:         gpu.dealloc {{ *}}%[[TEMP]] : memref<?xf32>
// CHECK-NOT:     gpu.dealloc
// CHECK:         return %[[VIEW]]

// CHECK-LABEL: func.func @free(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: memref<?xf32>
// CHECK-NEXT:    gpu.dealloc {{ *}}%[[A]] : memref<?xf32>
// CHECK-NEXT:    return
func.func @host(%in: memref<?xf32>, %n: index) -> memref<*xf32> {
  %c1 = arith.constant 1 : index
  %result = memref.alloc(%n) : memref<?xf32>
  %temp = memref.alloc(%n) : memref<?xf32>
  memref.copy %in, %temp : memref<?xf32> to memref<?xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %local = memref.alloca() : memref<4xf32>
    memref.copy %local, %local : memref<4xf32> to memref<4xf32>
    gpu.terminator
  }
  memref.copy %temp, %result : memref<?xf32> to memref<?xf32>
  %view = memref.cast %result : memref<?xf32> to memref<*xf32>
  return %view : memref<*xf32>
}

func.func @free(%a: memref<?xf32>) {
  memref.dealloc %a : memref<?xf32>
  return
}

// -----

func.func @symbols(%n: index) {
  // expected-error @+1 {{cannot allocate a memref with symbols on the GPU}}
  %a = memref.alloc(%n)[%n] : memref<?xf32, affine_map<(d0)[s0] -> (d0 + s0)>>
  return
}
