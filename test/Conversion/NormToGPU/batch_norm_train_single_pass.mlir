// batch_norm_train with batch-norm-train-single-pass: one persistent launch
// with a grid barrier where the input has static sizes and fits the grid's
// register cache, the two launches otherwise.
// RUN: norm-opt %s --convert-norm-to-gpu="batch-norm-train-single-pass threads=64 blocks-per-channel=2 persistent-blocks=4" \
// RUN:   | FileCheck %s
// A share larger than the cache, and dynamic sizes: two launches.
// RUN: norm-opt %s --convert-norm-to-gpu="batch-norm-train-single-pass threads=64 blocks-per-channel=2 persistent-blocks=4 max-cached-vectors=4" \
// RUN:   | FileCheck %s --check-prefix=UNCACHED
// Off by default.
// RUN: norm-opt %s --convert-norm-to-gpu="threads=64 blocks-per-channel=2" \
// RUN:   | FileCheck %s --check-prefix=UNCACHED

// 2x3x4x8: C = 3 channels of 64 elements, 16 vectors of 4, P = 2 chunks of
// 8 vectors: 6 (channel, chunk) items on 4 blocks, 2 items per block, one
// group of 4 vectors per thread and item (8 cached vectors).
// CHECK-LABEL: func.func @small(
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG:     %[[BLOCKS:.*]] = arith.constant 4 : i32
// CHECK:         %[[SCRATCH:.*]] = gpu.alloc  (%{{.*}}) : memref<?xf32>
// CHECK:         %[[COUNTER:.*]] = gpu.alloc  () : memref<1xi32>
// CHECK:         gpu.memset  %[[COUNTER]], %[[ZERO]] : memref<1xi32>, i32
// CHECK:         gpu.launch blocks(%{{.*}}) in (%{{.*}} = %c4, %{{.*}} = %c1, %{{.*}} = %c1) threads
// Item 0, then item 1: four vector loads each, before the grid barrier.
// CHECK-COUNT-4:   vector.load
// CHECK-NOT:       vector.store
// CHECK-COUNT-4:   vector.load
// CHECK-NOT:       vector.{{load|store}}
// CHECK:             llvm.fence acq_rel
// CHECK-NEXT:        memref.atomic_rmw addi %[[ONE]], %[[COUNTER]][%{{.*}}] : (i32, memref<1xi32>) -> i32
// CHECK-NEXT:        scf.while : () -> () {
// CHECK-NEXT:          %[[SEEN:.*]] = memref.atomic_rmw addi %[[ZERO]], %[[COUNTER]][%{{.*}}] : (i32, memref<1xi32>) -> i32
// CHECK-NEXT:          %[[WAIT:.*]] = arith.cmpi ult, %[[SEEN]], %[[BLOCKS]] : i32
// CHECK-NEXT:          scf.condition(%[[WAIT]])
// CHECK-NEXT:        } do {
// CHECK-NEXT:          scf.yield
// CHECK-NEXT:        }
// CHECK-NEXT:        llvm.fence acq_rel
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.barrier
// After it: the stores of both items' y from the cached values, no load.
// CHECK-NOT:       vector.load
// CHECK-COUNT-4:   vector.store
// CHECK-NOT:       vector.load
// CHECK-COUNT-4:   vector.store
// CHECK-NOT:       vector.load
// CHECK:           gpu.terminator
// CHECK-NOT:     gpu.launch
// CHECK:         gpu.dealloc  %[[SCRATCH]]
// CHECK-NEXT:    gpu.dealloc  %[[COUNTER]]
// CHECK-LABEL: func.func @dynamic(
// CHECK-NOT:     atomic_rmw
// CHECK-COUNT-2: gpu.launch
// CHECK-NOT:     atomic_rmw

// UNCACHED-NOT:   atomic_rmw
// UNCACHED-NOT:   gpu.memset
// UNCACHED-COUNT-4: gpu.launch
// UNCACHED-NOT:   atomic_rmw

func.func @small(%x: tensor<2x3x4x8xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>)
    -> (tensor<2x3x4x8xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<3xf32>) bias(%b : tensor<3xf32>)
      : tensor<2x3x4x8xf32> -> batch_mean, batch_var
  return %y, %bm, %bv : tensor<2x3x4x8xf32>, tensor<3xf32>, tensor<3xf32>
}

func.func @dynamic(%x: tensor<?x3x4x8xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>)
    -> tensor<?x3x4x8xf32> {
  %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<3xf32>) bias(%b : tensor<3xf32>)
      : tensor<?x3x4x8xf32> -> batch_mean, batch_var
  return %y : tensor<?x3x4x8xf32>
}
