// RUN: norm-opt %s --norm-flatten-batch-norm --convert-norm-to-vector="vector-width=16 unroll=2 gradient-tiles=8" --canonicalize --cse --split-input-file | FileCheck %s

// layer_norm_grad with dscale and dbias: the rows split into at most 8 tiles
// of ceil(M / 8) rows, one scf.forall whose iterations write their rows of dx
// and their own row of a [tiles, 2 * N rounded up to 16] f32 partial tensor
// (dscale's and dbias's sums of the vector at j at 2 * j and 2 * j + 16).
// Per row, pass 1 reads x and dy once (main loop of 2 x 16 lanes, then
// single vectors, then one masked vector): sum(g) and sum(g * xhat) in two
// accumulators each, dy * xhat and dy added position-wise to the partials;
// pass 2 writes dx. After the loop each result's partial rows are added up
// in tile order, one vector of columns at a time.

// CHECK-LABEL: func.func @layer_norm_grad_params
//  CHECK-SAME:   %[[DY:[^:]*]]: tensor<?x?xf32>, %[[X:[^:]*]]: tensor<?x?xf32>, %[[M:[^:]*]]: tensor<?x1xf32>, %[[R:[^:]*]]: tensor<?x1xf32>, %[[G:[^:]*]]: tensor<?xf32>
//   CHECK-DAG:   %[[ROWS:.*]] = tensor.dim %[[X]], %c0
//   CHECK-DAG:   %[[N:.*]] = tensor.dim %[[X]], %c1
//       CHECK:   %[[PER:.*]] = arith.ceildivui %[[ROWS]], %c8
//       CHECK:   %[[RPT:.*]] = arith.maxui %[[PER]], %c1
//       CHECK:   %[[TILES:.*]] = arith.ceildivui %[[ROWS]], %[[RPT]]
//       CHECK:   %[[VECS:.*]] = arith.ceildivui %[[N]], %c16
//       CHECK:   %[[P:.*]] = arith.muli %[[VECS]], %c32
//       CHECK:   %[[DX0:.*]] = tensor.empty(%[[ROWS]], %[[N]]) : tensor<?x?xf32>
//       CHECK:   %[[PARTIALS:.*]] = tensor.empty(%[[TILES]], %[[P]]) : tensor<?x?xf32>
//       CHECK:   %[[LOOP:.*]]:2 = scf.forall (%[[T:.*]]) in (%[[TILES]]) shared_outs(%[[SDX:.*]] = %[[DX0]], %[[SP:.*]] = %[[PARTIALS]])
//       CHECK:     %[[FIRST:.*]] = arith.muli %[[T]], %[[RPT]]
//       CHECK:     %[[DYT:.*]] = tensor.extract_slice %[[DY]][%[[FIRST]], 0]
//       CHECK:     %[[XT:.*]] = tensor.extract_slice %[[X]][%[[FIRST]], 0]
//       CHECK:     %[[PT:.*]] = tensor.extract_slice %[[SP]][%[[T]], 0] [1, %[[P]]] [1, 1] : tensor<?x?xf32> to tensor<?xf32>
//       CHECK:     vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}], %{{.*}} {in_bounds = [true]} : vector<16xf32>, tensor<?xf32>
//       CHECK:     %[[TILE:.*]]:2 = scf.for %[[I:.*]] = %c0 to %{{.*}} step %c1 iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<?x?xf32>, tensor<?xf32>)
//       CHECK:       %[[ROW:.*]] = arith.addi %[[FIRST]], %[[I]]
//       CHECK:       tensor.extract %[[M]][%[[ROW]], %c0]
//       CHECK:       tensor.extract %[[R]][%[[ROW]], %c0]
// Pass 1: two sums, two accumulators each, and the partials.
//       CHECK:       scf.for %[[J:.*]] = %c0 to %{{.*}} step %c32 iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, tensor<?xf32>)
//       CHECK:         %[[XV:.*]] = vector.transfer_read %[[XT]][%[[I]], %[[J]]]{{.*}} : tensor<?x?xf32>, vector<16xf32>
//       CHECK:         %[[DYV:.*]] = vector.transfer_read %[[DYT]][%[[I]], %[[J]]]{{.*}} : tensor<?x?xf32>, vector<16xf32>
//       CHECK:         %[[DEV:.*]] = arith.subf %[[XV]], %{{.*}} : vector<16xf32>
//       CHECK:         %[[XHAT:.*]] = arith.mulf %[[DEV]], %{{.*}} : vector<16xf32>
//       CHECK:         %[[GV:.*]] = arith.mulf %[[DYV]], %{{.*}} : vector<16xf32>
//       CHECK:         arith.addf %{{.*}}, %[[GV]] fastmath<reassoc> : vector<16xf32>
//       CHECK:         math.fma %[[GV]], %[[XHAT]], %{{.*}} : vector<16xf32>
//       CHECK:         %[[PS:.*]] = arith.muli %[[J]], %c2
//       CHECK:         %[[OLDS:.*]] = vector.transfer_read %{{.*}}[%[[PS]]]
//       CHECK:         %[[NEWS:.*]] = math.fma %[[DYV]], %[[XHAT]], %[[OLDS]] : vector<16xf32>
//       CHECK:         %[[WS:.*]] = vector.transfer_write %[[NEWS]], %{{.*}}[%[[PS]]]
//       CHECK:         %[[PB:.*]] = arith.addi %[[PS]], %c16
//       CHECK:         %[[OLDB:.*]] = vector.transfer_read %[[WS]][%[[PB]]]
//       CHECK:         %[[NEWB:.*]] = arith.addf %[[OLDB]], %[[DYV]] fastmath<reassoc> : vector<16xf32>
//       CHECK:         vector.transfer_write %[[NEWB]], %[[WS]][%[[PB]]]
//       CHECK:       scf.for %{{.*}} step %c16 iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, tensor<?xf32>)
//       CHECK:       scf.if
//       CHECK:         vector.create_mask
//       CHECK:         arith.select
//       CHECK:       vector.reduction <add>
//       CHECK:       vector.reduction <add>
// Pass 2: dx = fma(g, rstd, fma(xhat, -rstd * s2 / n, -rstd * s1 / n)).
//       CHECK:       scf.for %[[J2:.*]] = %c0 to %{{.*}} step %c32 iter_args(%{{.*}}) -> (tensor<?x?xf32>)
//       CHECK:         vector.transfer_read %[[XT]][%[[I]], %[[J2]]]
//       CHECK:         vector.transfer_read %[[DYT]][%[[I]], %[[J2]]]
//       CHECK:         math.fma
//       CHECK:         math.fma
//       CHECK:         vector.transfer_write %{{.*}}, %{{.*}}[%[[I]], %[[J2]]] {in_bounds = [true]} : vector<16xf32>, tensor<?x?xf32>
//       CHECK:       scf.for %{{.*}} step %c16 iter_args(%{{.*}}) -> (tensor<?x?xf32>)
//       CHECK:       scf.if
//       CHECK:     scf.forall.in_parallel
//  CHECK-NEXT:       tensor.parallel_insert_slice %[[TILE]]#0 into %[[SDX]][%[[FIRST]], 0]
//  CHECK-NEXT:       tensor.parallel_insert_slice %[[TILE]]#1 into %[[SP]][%[[T]], 0] [1, %[[P]]] [1, 1] : tensor<?xf32> into tensor<?x?xf32>
// The merges: per vector of columns, the partial rows in tile order.
//       CHECK:   %[[DSCALE:.*]] = scf.for %[[C:.*]] = %c0 to %[[N]] step %c16
//       CHECK:     %[[CS:.*]] = arith.muli %[[C]], %c2
//       CHECK:     scf.for %[[TT:.*]] = %c0 to %[[TILES]] step %c1 iter_args(%[[ACC:.*]] = %{{.*}}) -> (vector<16xf32>)
//       CHECK:       %[[PV:.*]] = vector.transfer_read %[[LOOP]]#1[%[[TT]], %[[CS]]]
//       CHECK:       arith.addf %[[ACC]], %[[PV]] fastmath<reassoc> : vector<16xf32>
//       CHECK:   %[[DBIAS:.*]] = scf.for %[[C2:.*]] = %c0 to %[[N]] step %c16
//       CHECK:     %[[CS2:.*]] = arith.muli %[[C2]], %c2
//       CHECK:     %[[CB:.*]] = arith.addi %[[CS2]], %c16
//       CHECK:     scf.for %[[TT2:.*]] = %c0 to %[[TILES]] step %c1
//       CHECK:       vector.transfer_read %[[LOOP]]#1[%[[TT2]], %[[CB]]]
//       CHECK:   return %[[LOOP]]#0, %[[DSCALE]], %[[DBIAS]]
//   CHECK-NOT:   linalg.
func.func @layer_norm_grad_params(%dy: tensor<?x?xf32>, %x: tensor<?x?xf32>, %m: tensor<?x1xf32>, %r: tensor<?x1xf32>, %g: tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %dx, %dg, %db = norm.layer_norm_grad %dy x(%x : tensor<?x?xf32>) mean(%m : tensor<?x1xf32>) inv_std_dev(%r : tensor<?x1xf32>) scale(%g : tensor<?xf32>) : tensor<?x?xf32> -> dscale, dbias
  return %dx, %dg, %db : tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// rms_norm_grad of bf16 without parameter gradients: a plain loop over the
// rows (norm-tile-and-fuse makes the parallel tiles), every vector widened
// to f32 before it is used, one f32 sum (g * xhat) in two accumulators,
// dx rounded back to bf16 on the store.

// CHECK-LABEL: func.func @rms_norm_grad_bf16
//  CHECK-SAME:   %[[DY:[^:]*]]: tensor<?x?xbf16>, %[[X:[^:]*]]: tensor<?x?xbf16>, %[[R:[^:]*]]: tensor<?x1xf32>, %[[G:[^:]*]]: tensor<?xbf16>
//   CHECK-NOT:   scf.forall
//       CHECK:   scf.for %[[I:.*]] = %c0 to %{{.*}} step %c1 iter_args(%{{.*}}) -> (tensor<?x?xbf16>)
//       CHECK:     %[[RSTD:.*]] = tensor.extract %[[R]][%[[I]], %c0]
//       CHECK:     scf.for %[[J:.*]] = %c0 to %{{.*}} step %c32 iter_args(%{{.*}}, %{{.*}}) -> (vector<16xf32>, vector<16xf32>)
//       CHECK:       %[[XB:.*]] = vector.transfer_read %[[X]][%[[I]], %[[J]]]{{.*}} : tensor<?x?xbf16>, vector<16xbf16>
//       CHECK:       arith.extf %[[XB]] : vector<16xbf16> to vector<16xf32>
//       CHECK:       %[[DYB:.*]] = vector.transfer_read %[[DY]][%[[I]], %[[J]]]{{.*}} : tensor<?x?xbf16>, vector<16xbf16>
//       CHECK:       arith.extf %[[DYB]] : vector<16xbf16> to vector<16xf32>
//       CHECK:       %[[GB:.*]] = vector.transfer_read %[[G]][%[[J]]]{{.*}} : tensor<?xbf16>, vector<16xbf16>
//       CHECK:       arith.extf %[[GB]] : vector<16xbf16> to vector<16xf32>
//       CHECK:       math.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<16xf32>
//       CHECK:     vector.reduction <add>, %{{.*}} fastmath<reassoc> : vector<16xf32> into f32
//   CHECK-NOT:     vector.reduction
//       CHECK:     scf.for %[[J2:.*]] = %c0 to %{{.*}} step %c32 iter_args(%{{.*}}) -> (tensor<?x?xbf16>)
//       CHECK:       math.fma
//       CHECK:       arith.truncf %{{.*}} : vector<16xf32> to vector<16xbf16>
//       CHECK:       vector.transfer_write %{{.*}}, %{{.*}}[%[[I]], %[[J2]]] {in_bounds = [true]} : vector<16xbf16>, tensor<?x?xbf16>
//   CHECK-NOT:   linalg.
func.func @rms_norm_grad_bf16(%dy: tensor<?x?xbf16>, %x: tensor<?x?xbf16>, %r: tensor<?x1xf32>, %g: tensor<?xbf16>) -> tensor<?x?xbf16> {
  %dx = norm.rms_norm_grad %dy x(%x : tensor<?x?xbf16>) inv_rms(%r : tensor<?x1xf32>) scale(%g : tensor<?xbf16>) : tensor<?x?xbf16>
  return %dx : tensor<?x?xbf16>
}

// -----

// An rms_norm_grad over two dims (axis = 1) with dscale: norm-flatten-batch-
// norm views dy and x as rows of C * L, inv_rms as [N, 1]; the kernel's
// 8 rows make 8 tiles of one row (one partial sum per position); dscale is
// merged in f32, rounded to f16 once, and expanded back to [C, L].

// CHECK-LABEL: func.func @rms_norm_grad_flattened
//  CHECK-SAME:   %[[DY:[^:]*]]: tensor<8x4x?xf16>, %[[X:[^:]*]]: tensor<8x4x?xf16>, %[[R:[^:]*]]: tensor<8x1x1xf32>
//   CHECK-DAG:   %[[DYF:.*]] = tensor.collapse_shape %[[DY]] {{\[}}[0], [1, 2]] : tensor<8x4x?xf16> into tensor<8x?xf16>
//   CHECK-DAG:   %[[XF:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2]] : tensor<8x4x?xf16> into tensor<8x?xf16>
//   CHECK-DAG:   %[[RF:.*]] = tensor.collapse_shape %[[R]] {{\[}}[0], [1, 2]] : tensor<8x1x1xf32> into tensor<8x1xf32>
//       CHECK:   %[[PARTIALS:.*]] = tensor.empty(%{{.*}}) : tensor<8x?xf32>
//       CHECK:   %[[LOOP:.*]]:2 = scf.forall (%{{.*}}) in (8) shared_outs(%{{.*}} = %{{.*}}, %{{.*}} = %[[PARTIALS]]) -> (tensor<8x?xf16>, tensor<8x?xf32>)
//       CHECK:     tensor.extract %[[RF]]
//       CHECK:   %[[DSCALE:.*]] = scf.for {{.*}} -> (tensor<?xf16>)
//       CHECK:     scf.for %{{.*}} = %c0 to %c8 step %c1 iter_args(%{{.*}}) -> (vector<16xf32>)
//       CHECK:     arith.truncf %{{.*}} : vector<16xf32> to vector<16xf16>
//   CHECK-DAG:   %[[DX:.*]] = tensor.expand_shape %[[LOOP]]#0 {{\[}}[0], [1, 2]] output_shape [8, 4, %{{.*}}] : tensor<8x?xf16> into tensor<8x4x?xf16>
//   CHECK-DAG:   %[[DS:.*]] = tensor.expand_shape %[[DSCALE]] {{\[}}[0, 1]] output_shape [4, %{{.*}}] : tensor<?xf16> into tensor<4x?xf16>
//       CHECK:   return %[[DX]], %[[DS]]
func.func @rms_norm_grad_flattened(%dy: tensor<8x4x?xf16>, %x: tensor<8x4x?xf16>, %r: tensor<8x1x1xf32>) -> (tensor<8x4x?xf16>, tensor<4x?xf16>) {
  %dx, %dg = norm.rms_norm_grad %dy x(%x : tensor<8x4x?xf16>) inv_rms(%r : tensor<8x1x1xf32>) {axis = 1 : i64} : tensor<8x4x?xf16> -> dscale
  return %dx, %dg : tensor<8x4x?xf16>, tensor<4x?xf16>
}

// -----

// Statistics with a static 0 next to a dynamic dy (difftest --ops gradients
// 20261207:65): the op is empty, and its matrix view would collapse a static
// 0 with dynamic sizes (rejected by memref.collapse_shape); the vector pattern
// leaves it to the linalg path.
// CHECK-LABEL: func.func @layer_norm_grad_static_zero_statistics
//   CHECK-NOT:   scf.forall
//   CHECK-NOT:   tensor.collapse_shape
//       CHECK:   norm.layer_norm_grad
func.func @layer_norm_grad_static_zero_statistics(%dy: tensor<?x1x3x?x?xf16>, %x: tensor<?x1x3x?x?xf16>, %s: tensor<0x?x?x1x1xf32>) -> (tensor<?x1x3x?x?xf16>, tensor<?xf16>, tensor<?xf16>) {
  %dx, %dg, %db = norm.layer_norm_grad %dy x(%x : tensor<?x1x3x?x?xf16>) mean(%s : tensor<0x?x?x1x1xf32>) inv_std_dev(%s : tensor<0x?x?x1x1xf32>) {axis = 4 : i64} : tensor<?x1x3x?x?xf16> -> dscale, dbias
  return %dx, %dg, %db : tensor<?x1x3x?x?xf16>, tensor<?xf16>, tensor<?xf16>
}
