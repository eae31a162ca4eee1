// RUN: norm-opt %s --convert-norm-to-linalg=reassociate-sums=true --canonicalize --cse | FileCheck %s

// The gradient ops become linalg on tensors: the row sums sum(g) and
// sum(g * xhat) in one reduction over the normalized dims (accumulating in
// f32 for f16 inputs), dx in one elementwise generic, and dscale / dbias in
// one reduction over the rows, truncated once to the element type.

// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[STATS:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[COL:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @layer_norm_grad(
// CHECK-SAME: %[[DY:[^:]+]]: tensor<?x8xf16>, %[[X:[^:]+]]: tensor<?x8xf16>, %[[M:[^:]+]]: tensor<?x1xf32>, %[[R:[^:]+]]: tensor<?x1xf32>, %[[G:[^:]+]]: tensor<8xf16>
// CHECK-DAG: %[[N:.+]] = arith.constant 8.000000e+00 : f32
// CHECK: %[[SUMS:.+]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[STATS]], #[[STATS]], #[[COL]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[DY]], %[[X]], %[[M]], %[[R]], %[[G]] :
// CHECK:   %[[DYF:.+]] = arith.extf %{{.+}} : f16 to f32
// CHECK:   %[[XF:.+]] = arith.extf %{{.+}} : f16 to f32
// CHECK:   %[[DEV:.+]] = arith.subf %[[XF]], %{{.+}} : f32
// CHECK:   %[[XHAT:.+]] = arith.mulf %[[DEV]], %{{.+}} : f32
// CHECK:   %[[GF:.+]] = arith.extf %{{.+}} : f16 to f32
// CHECK:   %[[GDY:.+]] = arith.mulf %[[DYF]], %[[GF]] : f32
// CHECK:   %[[GX:.+]] = arith.mulf %[[GDY]], %[[XHAT]] : f32
// CHECK:   arith.addf %{{.+}}, %[[GDY]] fastmath<reassoc> : f32
// CHECK:   arith.addf %{{.+}}, %[[GX]] fastmath<reassoc> : f32
// CHECK: %[[DX:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[DY]], %[[X]], %[[M]], %[[R]], %[[G]], %[[SUMS]]#0, %[[SUMS]]#1 :
// CHECK:   %[[A1:.+]] = arith.divf %{{.+}}, %[[N]] : f32
// CHECK:   %[[C1:.+]] = arith.subf %{{.+}}, %[[A1]] : f32
// CHECK:   %[[A2:.+]] = arith.divf %{{.+}}, %[[N]] : f32
// CHECK:   %[[P:.+]] = arith.mulf %{{.+}}, %[[A2]] : f32
// CHECK:   %[[C2:.+]] = arith.subf %[[C1]], %[[P]] : f32
// CHECK:   %[[D:.+]] = arith.mulf %{{.+}}, %[[C2]] : f32
// CHECK:   arith.truncf %[[D]] : f32 to f16
// CHECK: %[[PSUMS:.+]]:2 = linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%[[DY]], %[[X]], %[[M]], %[[R]] : {{.*}}) outs(%{{.+}}, %{{.+}} : tensor<8xf32>, tensor<8xf32>)
// CHECK: %[[DG:.+]] = linalg.generic {{.*}} ins(%[[PSUMS]]#0 : tensor<8xf32>) outs(%{{.+}} : tensor<8xf16>)
// CHECK: %[[DB:.+]] = linalg.generic {{.*}} ins(%[[PSUMS]]#1 : tensor<8xf32>) outs(%{{.+}} : tensor<8xf16>)
// CHECK: return %[[DX]], %[[DG]], %[[DB]]
func.func @layer_norm_grad(%dy: tensor<?x8xf16>, %x: tensor<?x8xf16>, %m: tensor<?x1xf32>, %r: tensor<?x1xf32>, %g: tensor<8xf16>) -> (tensor<?x8xf16>, tensor<8xf16>, tensor<8xf16>) {
  %dx, %dg, %db = norm.layer_norm_grad %dy x(%x : tensor<?x8xf16>) mean(%m : tensor<?x1xf32>) inv_std_dev(%r : tensor<?x1xf32>) scale(%g : tensor<8xf16>) : tensor<?x8xf16> -> dscale, dbias
  return %dx, %dg, %db : tensor<?x8xf16>, tensor<8xf16>, tensor<8xf16>
}

// rms_norm_grad: one row sum, sum(g * xhat), and no mean.
// CHECK-LABEL: func.func @rms_norm_grad(
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} {{.*}} outs(%{{[^ ]+}} : tensor<4xf32>)
// CHECK-NOT: arith.subf
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]}
// CHECK: arith.subf
// CHECK-NOT: arith.subf
// CHECK: linalg.yield
func.func @rms_norm_grad(%dy: tensor<4x8xf32>, %x: tensor<4x8xf32>, %r: tensor<4x1xf32>) -> tensor<4x8xf32> {
  %dx = norm.rms_norm_grad %dy x(%x : tensor<4x8xf32>) inv_rms(%r : tensor<4x1xf32>) : tensor<4x8xf32>
  return %dx : tensor<4x8xf32>
}

// batch_norm_grad in inference mode: inv_std from var and epsilon, dx with
// no sums, dscale over every dim but the channel.
// CHECK-LABEL: func.func @batch_norm_grad_inference(
// CHECK: math.sqrt
// CHECK: arith.divf
// CHECK: %[[DX:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]} ins(%{{[^ ]+}}, %{{[^ ]+}}, %{{[^ ]+}}, %{{[^ ]+}}, %{{[^ ]+}} : tensor<2x4x3xf32>, tensor<2x4x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[DG:.+]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "reduction"]} {{.*}} outs(%{{[^ ]+}} : tensor<4xf32>)
// CHECK: return %[[DX]], %[[DG]]
func.func @batch_norm_grad_inference(%dy: tensor<2x4x3xf32>, %x: tensor<2x4x3xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %g: tensor<4xf32>) -> (tensor<2x4x3xf32>, tensor<4xf32>) {
  %dx, %dg = norm.batch_norm_grad %dy x(%x : tensor<2x4x3xf32>) mean(%m : tensor<4xf32>) var(%v : tensor<4xf32>) scale(%g : tensor<4xf32>) {training = false} : tensor<2x4x3xf32> -> dscale
  return %dx, %dg : tensor<2x4x3xf32>, tensor<4xf32>
}

// group_norm_grad on the (N, G, C / G, ...) view; dx and dbias collapsed back.
// CHECK-LABEL: func.func @group_norm_grad(
// CHECK: tensor.expand_shape %{{.+}} {{\[}}[0], [1, 2], [3]] output_shape [2, 2, 3, 5] : tensor<2x6x5xf32> into tensor<2x2x3x5xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]} {{.*}} outs(%{{[^ ]+}}, %{{[^ ]+}} : tensor<2x2xf32>, tensor<2x2xf32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "parallel", "reduction"]} {{.*}} outs(%{{[^ ]+}} : tensor<2x3xf32>)
// CHECK-DAG: tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3]] : tensor<2x2x3x5xf32> into tensor<2x6x5xf32>
// CHECK-DAG: tensor.collapse_shape %{{.+}} {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
func.func @group_norm_grad(%dy: tensor<2x6x5xf32>, %x: tensor<2x6x5xf32>, %m: tensor<2x2xf32>, %r: tensor<2x2xf32>, %g: tensor<6xf32>) -> (tensor<2x6x5xf32>, tensor<6xf32>) {
  %dx, %db = norm.group_norm_grad %dy x(%x : tensor<2x6x5xf32>) mean(%m : tensor<2x2xf32>) inv_std_dev(%r : tensor<2x2xf32>) scale(%g : tensor<6xf32>) {num_groups = 2 : i64} : tensor<2x6x5xf32> -> dbias
  return %dx, %db : tensor<2x6x5xf32>, tensor<6xf32>
}
