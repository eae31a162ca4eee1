// RUN: norm-opt %s --convert-norm-to-linalg --canonicalize --cse | FileCheck %s
// RUN: norm-opt %s --convert-norm-to-linalg=reassociate-sums=true --canonicalize --cse | FileCheck %s --check-prefix=REASSOC

// Without reassociate-sums (the pass default) every sum is one sequential
// chain, compensated with Neumaier's algorithm: each reduction generic has a
// second output per sum that accumulates the rounding error of every add,
// and an elementwise generic adds it back where the sum is finite.

// CHECK-LABEL: func.func @layer_norm_compensated
//   CHECK-DAG:   %[[INF:.*]] = arith.constant 0x7F800000 : f32
//       CHECK:   %[[S1:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
//  CHECK-SAME:     outs(%[[Z:.*]], %[[Z]] : tensor<?xf32>, tensor<?xf32>)
//  CHECK-NEXT:   ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %[[C:.*]]: f32):
//  CHECK-NEXT:     %[[T:.*]] = arith.addf %[[S]], %[[X]] : f32
//  CHECK-NEXT:     %[[AS:.*]] = math.absf %[[S]] : f32
//  CHECK-NEXT:     %[[AX:.*]] = math.absf %[[X]] : f32
//  CHECK-NEXT:     %[[GE:.*]] = arith.cmpf oge, %[[AS]], %[[AX]] : f32
//  CHECK-NEXT:     %[[BIG:.*]] = arith.select %[[GE]], %[[S]], %[[X]] : f32
//  CHECK-NEXT:     %[[SMALL:.*]] = arith.select %[[GE]], %[[X]], %[[S]] : f32
//  CHECK-NEXT:     %[[LOST:.*]] = arith.subf %[[BIG]], %[[T]] : f32
//  CHECK-NEXT:     %[[ERR:.*]] = arith.addf %[[LOST]], %[[SMALL]] : f32
//  CHECK-NEXT:     %[[C2:.*]] = arith.addf %[[C]], %[[ERR]] : f32
//  CHECK-NEXT:     linalg.yield %[[T]], %[[C2]] : f32, f32
//       CHECK:   %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[S1]]#0, %[[S1]]#1 : tensor<?xf32>, tensor<?xf32>)
//  CHECK-NEXT:   ^bb0(%[[SS:.*]]: f32, %[[CC:.*]]: f32, %{{.*}}: f32):
//  CHECK-NEXT:     %[[ABS:.*]] = math.absf %[[SS]] : f32
//  CHECK-NEXT:     %[[FINITE:.*]] = arith.cmpf one, %[[ABS]], %[[INF]] : f32
//  CHECK-NEXT:     %[[FIXED:.*]] = arith.addf %[[SS]], %[[CC]] : f32
//  CHECK-NEXT:     %[[R:.*]] = arith.select %[[FINITE]], %[[FIXED]], %[[SS]] : f32
//  CHECK-NEXT:     linalg.yield %[[R]] : f32
// Pass 2 compensates both of its sums: four outputs.
//       CHECK:   %[[S2:.*]]:4 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
//       CHECK:     linalg.yield %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : f32, f32, f32, f32
//       CHECK:   linalg.generic {{.*}} ins(%[[S2]]#0, %[[S2]]#1, %[[S2]]#2, %[[S2]]#3 :
//   CHECK-NOT:   fastmath

// REASSOC-LABEL: func.func @layer_norm_compensated
//   REASSOC-NOT:   math.absf
//       REASSOC:   linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
//       REASSOC:     arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f32
//  REASSOC-NEXT:     linalg.yield %{{.*}} : f32
//   REASSOC-NOT:   math.absf
func.func @layer_norm_compensated(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = norm.layer_norm %x : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// The sum of squares of rms_norm is compensated the same way.

// CHECK-LABEL: func.func @rms_norm_compensated
//       CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
//  CHECK-NEXT:   ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %[[C:.*]]: f32):
//  CHECK-NEXT:     %[[SQ:.*]] = arith.mulf %[[X]], %[[X]] : f32
//  CHECK-NEXT:     %[[T:.*]] = arith.addf %[[S]], %[[SQ]] : f32
//       CHECK:     arith.cmpf oge
//       CHECK:     linalg.yield %[[T]], %{{.*}} : f32, f32
//       CHECK:   arith.cmpf one
func.func @rms_norm_compensated(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = norm.rms_norm %x : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}
