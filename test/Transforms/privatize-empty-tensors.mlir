// RUN: norm-opt %s --norm-privatize-empty-tensors | FileCheck %s

// A tensor.empty defined before a parallel loop and used inside it (CSE
// merges a tile's accumulator init with an identical one of another op) gets
// a clone at each use inside, so that bufferization allocates per iteration
// instead of one buffer that every thread writes. The forall's shared_outs
// keep the outer one.

// CHECK-LABEL: func.func @shared_init(
//       CHECK:   %[[OUTER:.*]] = tensor.empty() : tensor<1x2xf64>
//       CHECK:   %[[USE:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%[[OUTER]] : tensor<1x2xf64>)
//       CHECK:   scf.forall (%{{.*}}) in (17) shared_outs(%{{[a-z0-9]+}} = %[[OUTER]])
//       CHECK:     %[[INNER:.*]] = tensor.empty() : tensor<1x2xf64>
//       CHECK:     linalg.fill ins(%{{.*}} : f64) outs(%[[INNER]] : tensor<1x2xf64>)
func.func @shared_init(%f: f64) -> (tensor<1x2xf64>, tensor<1x2xf64>) {
  %empty = tensor.empty() : tensor<1x2xf64>
  %before = linalg.fill ins(%f : f64) outs(%empty : tensor<1x2xf64>) -> tensor<1x2xf64>
  %r = scf.forall (%i) in (17) shared_outs(%out = %empty) -> (tensor<1x2xf64>) {
    %tile = linalg.fill ins(%f : f64) outs(%empty : tensor<1x2xf64>) -> tensor<1x2xf64>
    %slice = tensor.extract_slice %tile[0, 0] [1, 1] [1, 1] : tensor<1x2xf64> to tensor<1x1xf64>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %slice into %out[0, 0] [1, 1] [1, 1] : tensor<1x1xf64> into tensor<1x2xf64>
    }
  }
  return %before, %r : tensor<1x2xf64>, tensor<1x2xf64>
}

// Dynamic sizes come along; a tensor.empty only used inside one loop body,
// or outside any parallel loop, is left alone.
// CHECK-LABEL: func.func @dynamic(
//  CHECK-SAME:   %[[N:[^:]+]]: index
//       CHECK:   scf.forall
//       CHECK:     %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
//       CHECK:     linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?xf32>)
//       CHECK:   %[[E2:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
//       CHECK:   scf.for
//   CHECK-NOT:     tensor.empty
//       CHECK:     linalg.fill ins(%{{.*}} : f32) outs(%[[E2]] : tensor<?xf32>)
//       CHECK:   return
func.func @dynamic(%n: index, %f: f32, %t: tensor<4xf32>) -> tensor<4xf32> {
  %empty = tensor.empty(%n) : tensor<?xf32>
  %r = scf.forall (%i) in (4) shared_outs(%out = %t) -> (tensor<4xf32>) {
    %tile = linalg.fill ins(%f : f32) outs(%empty : tensor<?xf32>) -> tensor<?xf32>
    %x = tensor.extract %tile[%i] : tensor<?xf32>
    %s = tensor.from_elements %x : tensor<1xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %out[%i] [1] [1] : tensor<1xf32> into tensor<4xf32>
    }
  }
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %e2 = tensor.empty(%n) : tensor<?xf32>
  %s = scf.for %j = %c0 to %c4 step %c1 iter_args(%acc = %r) -> (tensor<4xf32>) {
    %fill = linalg.fill ins(%f : f32) outs(%e2 : tensor<?xf32>) -> tensor<?xf32>
    %y = tensor.extract %fill[%j] : tensor<?xf32>
    %u = tensor.insert %y into %acc[%j] : tensor<4xf32>
    scf.yield %u : tensor<4xf32>
  }
  return %s : tensor<4xf32>
}
