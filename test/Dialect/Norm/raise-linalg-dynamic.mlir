// RUN: norm-opt %s -split-input-file -norm-raise | FileCheck %s
//
// Decompositions whose reduced dim is dynamic: the mean divides by an
// element count computed at run time from tensor.dim. norm-raise reads the
// count as the product of the dims' sizes (through the ops that make two
// tensors' sizes equal) and raises only when it is the count of the dims the
// sums reduce. Execution: test/Execution/raise-linalg.test
// (Inputs/raise-layer-norm-dynamic.mlir).

// Source: torch-mlir, aten.native_layer_norm with a dynamic normalized dim,
// decomposed by DecomposeAtenNativeLayerNormOp, then TorchToLinalg:
// aten.size.int is tensor.dim + arith.index_cast to i64, the div.Scalar
// converts it with arith.sitofp in its body.
// CHECK-LABEL: func.func @torch_native_layer_norm_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>, %[[W:.*]]: tensor<?xf32>, %[[B:.*]]: tensor<?xf32>)
// CHECK: %[[Y:.*]], %[[M:.*]], %[[R:.*]] = norm.layer_norm %[[X]] scale(%[[W]] : tensor<?xf32>) bias(%[[B]] : tensor<?xf32>) : tensor<?x?xf32> -> mean, inv_std_dev
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]], %[[M]], %[[R]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @torch_native_layer_norm_dynamic(%x: tensor<?x?xf32>, %w: tensor<?xf32>, %b: tensor<?xf32>)
    -> (tensor<?x?xf32>, tensor<?x1xf32>, tensor<?x1xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %c1 = arith.constant 1 : i64
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %eps = arith.constant 9.9999997473787516E-6 : f64
  %d0 = tensor.dim %x, %i0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %i1 : tensor<?x?xf32>
  %n64 = arith.index_cast %d1 : index to i64
  %ek = tensor.empty(%d0) : tensor<?x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf32>) outs(%fill : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %n64 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %ex = tensor.empty(%d0, %d1) : tensor<?x?xf32>
  %xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %mean : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<?x?xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %xc : tensor<?x?xf32>, tensor<?x?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %fill2 = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum2 = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%sq : tensor<?x?xf32>) outs(%fill2 : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %var = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum2 : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %n64 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %vareps = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%var : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = arith.truncf %eps : f64 to f32
    %0 = arith.addf %in, %e : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%vareps : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.rsqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %norm = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %rstd : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%norm, %w : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%scaled, %b : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %0 = arith.addf %in, %bb : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  return %y, %mean, %rstd : tensor<?x?xf32>, tensor<?x1xf32>, tensor<?x1xf32>
}

// -----

// The count converted before the body (index_castui, uitofp to f32) and
// taken from a tensor.cast of x: the same size.
// CHECK-LABEL: func.func @layer_norm_dynamic_uitofp_outside
// CHECK: norm.layer_norm
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @layer_norm_dynamic_uitofp_outside(%x: tensor<?x?xf32>, %w: tensor<?xf32>, %b: tensor<?xf32>)
    -> (tensor<?x?xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %c1 = arith.constant 1 : i64
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %eps = arith.constant 9.9999997473787516E-6 : f64
  %d0 = tensor.dim %x, %i0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %i1 : tensor<?x?xf32>
  %xs = tensor.cast %x : tensor<?x?xf32> to tensor<?x?xf32>
  %ds = tensor.dim %xs, %i1 : tensor<?x?xf32>
  %n32 = arith.index_castui %ds : index to i32
  %n = arith.uitofp %n32 : i32 to f32
  %ek = tensor.empty(%d0) : tensor<?x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf32>) outs(%fill : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %ex = tensor.empty(%d0, %d1) : tensor<?x?xf32>
  %xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %mean : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<?x?xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %xc : tensor<?x?xf32>, tensor<?x?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %fill2 = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum2 = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%sq : tensor<?x?xf32>) outs(%fill2 : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %var = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum2 : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %vareps = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%var : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = arith.truncf %eps : f64 to f32
    %0 = arith.addf %in, %e : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%vareps : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.rsqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %norm = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %rstd : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%norm, %w : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%scaled, %b : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %0 = arith.addf %in, %bb : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// Near miss: the count of the other (row) dim.
// CHECK-LABEL: func.func @count_of_the_other_dim
// CHECK-NOT: norm.
// CHECK: math.rsqrt
#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @count_of_the_other_dim(%x: tensor<?x?xf32>, %w: tensor<?xf32>, %b: tensor<?xf32>)
    -> (tensor<?x?xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %c1 = arith.constant 1 : i64
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %eps = arith.constant 9.9999997473787516E-6 : f64
  %d0 = tensor.dim %x, %i0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %i1 : tensor<?x?xf32>
  %n64 = arith.index_cast %d0 : index to i64
  %ek = tensor.empty(%d0) : tensor<?x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf32>) outs(%fill : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %n64 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %ex = tensor.empty(%d0, %d1) : tensor<?x?xf32>
  %xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %mean : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<?x?xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %xc : tensor<?x?xf32>, tensor<?x?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %fill2 = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum2 = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%sq : tensor<?x?xf32>) outs(%fill2 : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %var = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum2 : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %n64 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %vareps = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%var : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = arith.truncf %eps : f64 to f32
    %0 = arith.addf %in, %e : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%vareps : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.rsqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %norm = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %rstd : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%norm, %w : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%scaled, %b : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %0 = arith.addf %in, %bb : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// Near miss: the count of another tensor's dim, equal only if the caller
// makes it so.
// CHECK-LABEL: func.func @count_of_another_tensor
// CHECK-NOT: norm.
// CHECK: math.rsqrt
#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @count_of_another_tensor(%x: tensor<?x?xf32>, %w: tensor<?xf32>, %b: tensor<?xf32>, %other: tensor<?x?xf32>)
    -> (tensor<?x?xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %c1 = arith.constant 1 : i64
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %eps = arith.constant 9.9999997473787516E-6 : f64
  %d0 = tensor.dim %x, %i0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %i1 : tensor<?x?xf32>
  %dy = tensor.dim %other, %i1 : tensor<?x?xf32>
  %n64 = arith.index_cast %dy : index to i64
  %ek = tensor.empty(%d0) : tensor<?x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf32>) outs(%fill : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %n64 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %ex = tensor.empty(%d0, %d1) : tensor<?x?xf32>
  %xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %mean : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<?x?xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %xc : tensor<?x?xf32>, tensor<?x?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %fill2 = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum2 = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%sq : tensor<?x?xf32>) outs(%fill2 : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %var = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum2 : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %n64 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %vareps = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%var : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = arith.truncf %eps : f64 to f32
    %0 = arith.addf %in, %e : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%vareps : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.rsqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %norm = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %rstd : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%norm, %w : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%scaled, %b : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %0 = arith.addf %in, %bb : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// Near miss: twice the count.
// CHECK-LABEL: func.func @count_times_two
// CHECK-NOT: norm.
// CHECK: math.rsqrt
#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @count_times_two(%x: tensor<?x?xf32>, %w: tensor<?xf32>, %b: tensor<?xf32>)
    -> (tensor<?x?xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %c1 = arith.constant 1 : i64
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %eps = arith.constant 9.9999997473787516E-6 : f64
  %d0 = tensor.dim %x, %i0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %i1 : tensor<?x?xf32>
  %c2 = arith.constant 2 : i64
  %m64 = arith.index_cast %d1 : index to i64
  %n64 = arith.muli %m64, %c2 : i64
  %ek = tensor.empty(%d0) : tensor<?x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf32>) outs(%fill : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %n64 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %ex = tensor.empty(%d0, %d1) : tensor<?x?xf32>
  %xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %mean : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.sitofp %c1 : i64 to f32
    %0 = arith.mulf %m, %alpha : f32
    %1 = arith.subf %in, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<?x?xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %xc : tensor<?x?xf32>, tensor<?x?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.mulf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %fill2 = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1xf32>) -> tensor<?x1xf32>
  %sum2 = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%sq : tensor<?x?xf32>) outs(%fill2 : tensor<?x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.addf %in, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %var = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum2 : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.sitofp %n64 : i64 to f32
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %vareps = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%var : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = arith.truncf %eps : f64 to f32
    %0 = arith.addf %in, %e : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%vareps : tensor<?x1xf32>) outs(%ek : tensor<?x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.rsqrt %in : f32
    linalg.yield %0 : f32
  } -> tensor<?x1xf32>
  %norm = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xc, %rstd : tensor<?x?xf32>, tensor<?x1xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %0 = arith.mulf %in, %r : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%norm, %w : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %0 = arith.mulf %in, %g : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%scaled, %b : tensor<?x?xf32>, tensor<?xf32>) outs(%ex : tensor<?x?xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %0 = arith.addf %in, %bb : f32
    linalg.yield %0 : f32
  } -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}


// -----

// Two dynamic reduced dims: the count is the product of their sizes
// (arith.muli of the two i64 sizes), as aten.mean.dim over [1, 2] has it.
// CHECK-LABEL: func.func @rms_norm_two_dynamic_dims
// CHECK: norm.rms_norm %{{.*}} {axis = 1 : i64, epsilon = 9.99999997E-7 : f32} : tensor<?x?x?xf32>
// CHECK-NOT: linalg.generic
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#k3 = affine_map<(d0, d1, d2) -> (d0, 0, 0)>
func.func @rms_norm_two_dynamic_dims(%x: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %eps = arith.constant 1.000000e-06 : f32
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %i2 = arith.constant 2 : index
  %d0 = tensor.dim %x, %i0 : tensor<?x?x?xf32>
  %d1 = tensor.dim %x, %i1 : tensor<?x?x?xf32>
  %d2 = tensor.dim %x, %i2 : tensor<?x?x?xf32>
  %n1 = arith.index_cast %d1 : index to i64
  %n2 = arith.index_cast %d2 : index to i64
  %n = arith.muli %n1, %n2 : i64
  %ek = tensor.empty(%d0) : tensor<?x1x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1x1xf32>) -> tensor<?x1x1xf32>
  %ss = linalg.generic {indexing_maps = [#id3, #k3], iterator_types = ["parallel", "reduction", "reduction"]}
      ins(%x : tensor<?x?x?xf32>) outs(%fill : tensor<?x1x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.mulf %in, %in : f32
    %1 = arith.addf %0, %acc : f32
    linalg.yield %1 : f32
  } -> tensor<?x1x1xf32>
  %e = tensor.empty(%d0, %d1, %d2) : tensor<?x?x?xf32>
  %y = linalg.generic {indexing_maps = [#id3, #k3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %ss : tensor<?x?x?xf32>, tensor<?x1x1xf32>) outs(%e : tensor<?x?x?xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %nf = arith.sitofp %n : i64 to f32
    %0 = arith.divf %s, %nf : f32
    %1 = arith.addf %0, %eps : f32
    %2 = math.rsqrt %1 : f32
    %3 = arith.mulf %in, %2 : f32
    linalg.yield %3 : f32
  } -> tensor<?x?x?xf32>
  return %y : tensor<?x?x?xf32>
}

// -----

// Near miss: d1 · d1 instead of d1 · d2 (equal only if the two sizes are).
// CHECK-LABEL: func.func @count_of_one_of_two_dims
// CHECK-NOT: norm.
// CHECK: math.rsqrt
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#k3 = affine_map<(d0, d1, d2) -> (d0, 0, 0)>
func.func @count_of_one_of_two_dims(%x: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %eps = arith.constant 1.000000e-06 : f32
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %i2 = arith.constant 2 : index
  %d0 = tensor.dim %x, %i0 : tensor<?x?x?xf32>
  %d1 = tensor.dim %x, %i1 : tensor<?x?x?xf32>
  %d2 = tensor.dim %x, %i2 : tensor<?x?x?xf32>
  %n1 = arith.index_cast %d1 : index to i64
  %n2 = arith.index_cast %d2 : index to i64
  %n = arith.muli %n1, %n1 : i64
  %ek = tensor.empty(%d0) : tensor<?x1x1xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%ek : tensor<?x1x1xf32>) -> tensor<?x1x1xf32>
  %ss = linalg.generic {indexing_maps = [#id3, #k3], iterator_types = ["parallel", "reduction", "reduction"]}
      ins(%x : tensor<?x?x?xf32>) outs(%fill : tensor<?x1x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %0 = arith.mulf %in, %in : f32
    %1 = arith.addf %0, %acc : f32
    linalg.yield %1 : f32
  } -> tensor<?x1x1xf32>
  %e = tensor.empty(%d0, %d1, %d2) : tensor<?x?x?xf32>
  %y = linalg.generic {indexing_maps = [#id3, #k3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %ss : tensor<?x?x?xf32>, tensor<?x1x1xf32>) outs(%e : tensor<?x?x?xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %nf = arith.sitofp %n : i64 to f32
    %0 = arith.divf %s, %nf : f32
    %1 = arith.addf %0, %eps : f32
    %2 = math.rsqrt %1 : f32
    %3 = arith.mulf %in, %2 : f32
    linalg.yield %3 : f32
  } -> tensor<?x?x?xf32>
  return %y : tensor<?x?x?xf32>
}
