// RUN: norm-opt %s -norm-free-buffers-after-last-use -split-input-file | FileCheck %s

func.func private @produce(%n: index) -> memref<?xf32>
func.func private @consume(%a: memref<?xf32>, %b: memref<?xf32>) -> memref<?xf32>

// Each buffer a call returns is freed right after its last use; the base
// buffer view moves with its dealloc. The returned buffer stays in the
// dealloc at the end, with its retain.
// CHECK-LABEL: func.func @chain
// CHECK:         %[[A:.*]] = call @produce
// CHECK-NEXT:    %[[B:.*]] = call @consume(%[[A]], %[[A]])
// CHECK-NEXT:    %[[BASE_A:[^,]*]], {{.*}} = memref.extract_strided_metadata %[[A]]
// CHECK-NEXT:    bufferization.dealloc (%[[BASE_A]] : memref<f32>) if (%{{.*}})
// CHECK-NEXT:    %[[C:.*]] = call @consume(%[[B]], %[[B]])
// CHECK-NEXT:    %[[BASE_B:[^,]*]], {{.*}} = memref.extract_strided_metadata %[[B]]
// CHECK-NEXT:    bufferization.dealloc (%[[BASE_B]] : memref<f32>) if (%{{.*}})
// CHECK-NEXT:    %[[BASE_C:[^,]*]], {{.*}} = memref.extract_strided_metadata %[[C]]
// CHECK-NEXT:    bufferization.dealloc (%[[BASE_C]] : memref<f32>) if (%{{.*}}) retain (%[[C]] : memref<?xf32>)
func.func @chain(%n: index) -> memref<?xf32> {
  %true = arith.constant true
  %a = call @produce(%n) : (index) -> memref<?xf32>
  %b = call @consume(%a, %a) : (memref<?xf32>, memref<?xf32>) -> memref<?xf32>
  %c = call @consume(%b, %b) : (memref<?xf32>, memref<?xf32>) -> memref<?xf32>
  %base_a, %o0, %s0, %t0 = memref.extract_strided_metadata %a : memref<?xf32> -> memref<f32>, index, index, index
  %base_b, %o1, %s1, %t1 = memref.extract_strided_metadata %b : memref<?xf32> -> memref<f32>, index, index, index
  %base_c, %o2, %s2, %t2 = memref.extract_strided_metadata %c : memref<?xf32> -> memref<f32>, index, index, index
  %own = bufferization.dealloc (%base_a, %base_b, %base_c : memref<f32>, memref<f32>, memref<f32>) if (%true, %true, %true) retain (%c : memref<?xf32>)
  return %c : memref<?xf32>
}

// -----

func.func private @produce(%n: index) -> memref<?xf32>

// A use through a view (subview) and from a nested region counts: the dealloc
// follows the scf.if that reads the subview.
// CHECK-LABEL: func.func @view_in_region
// CHECK:         scf.if
// CHECK:           memref.load %{{.*}}
// CHECK:         } else {
// CHECK:         }
// CHECK-NEXT:    memref.extract_strided_metadata
// CHECK-NEXT:    bufferization.dealloc
// CHECK-NEXT:    call @produce
func.func @view_in_region(%n: index, %p: i1) -> f32 {
  %true = arith.constant true
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %a = call @produce(%n) : (index) -> memref<?xf32>
  %view = memref.subview %a[1] [%c1] [1] : memref<?xf32> to memref<?xf32, strided<[1], offset: 1>>
  %r = scf.if %p -> f32 {
    %v = memref.load %view[%c0] : memref<?xf32, strided<[1], offset: 1>>
    scf.yield %v : f32
  } else {
    scf.yield %zero : f32
  }
  %later = call @produce(%n) : (index) -> memref<?xf32>
  %base_a, %o0, %s0, %t0 = memref.extract_strided_metadata %a : memref<?xf32> -> memref<f32>, index, index, index
  %base_l, %o1, %s1, %t1 = memref.extract_strided_metadata %later : memref<?xf32> -> memref<f32>, index, index, index
  bufferization.dealloc (%base_a, %base_l : memref<f32>, memref<f32>) if (%true, %true)
  return %r : f32
}

// -----

func.func private @produce(%n: index) -> memref<?xf32>
func.func private @opaque(%a: memref<?xf32>) -> memref<?xf32>

// Left at the end: a buffer a non-view op may pass on (unrealized cast), a
// buffer whose retained value is not a call's fresh buffer (a function
// argument may alias it).
// CHECK-LABEL: func.func @kept
// CHECK:         call @produce
// CHECK-NEXT:    builtin.unrealized_conversion_cast
// CHECK-NEXT:    memref.extract_strided_metadata
// CHECK-NEXT:    bufferization.dealloc
// CHECK-NEXT:    return
func.func @kept(%n: index) -> memref<?xf32> {
  %true = arith.constant true
  %a = call @produce(%n) : (index) -> memref<?xf32>
  %cast = builtin.unrealized_conversion_cast %a : memref<?xf32> to memref<?xf32>
  %base_a, %o0, %s0, %t0 = memref.extract_strided_metadata %a : memref<?xf32> -> memref<f32>, index, index, index
  %own = bufferization.dealloc (%base_a : memref<f32>) if (%true) retain (%cast : memref<?xf32>)
  return %cast : memref<?xf32>
}

// -----

func.func private @produce(%n: index) -> memref<?xf32>

// A kernel (norm.kernel) is left alone: its own deallocation pipeline
// simplifies its deallocations.
// CHECK-LABEL: func.func @kernel
// CHECK:         call @produce
// CHECK-NEXT:    call @produce
// CHECK-NEXT:    memref.extract_strided_metadata
// CHECK-NEXT:    memref.extract_strided_metadata
// CHECK-NEXT:    bufferization.dealloc
func.func @kernel(%n: index) attributes {norm.kernel} {
  %true = arith.constant true
  %a = call @produce(%n) : (index) -> memref<?xf32>
  %b = call @produce(%n) : (index) -> memref<?xf32>
  %base_a, %o0, %s0, %t0 = memref.extract_strided_metadata %a : memref<?xf32> -> memref<f32>, index, index, index
  %base_b, %o1, %s1, %t1 = memref.extract_strided_metadata %b : memref<?xf32> -> memref<f32>, index, index, index
  bufferization.dealloc (%base_a, %base_b : memref<f32>, memref<f32>) if (%true, %true)
  return
}
