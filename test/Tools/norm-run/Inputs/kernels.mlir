// Small kernels built from plain linalg/arith/tensor ops that the norm-run
// tests run through norm-cpu-pipeline (the same path as the norm ops take).

#id0 = affine_map<() -> ()>
#id1 = affine_map<(d0) -> (d0)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#last = affine_map<(d0, d1) -> (d1)>
#to0 = affine_map<(d0) -> ()>

// a + b on dynamic 2-D f32 tensors.
func.func @add_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %a, %c0 : tensor<?x?xf32>
  %d1 = tensor.dim %a, %c1 : tensor<?x?xf32>
  %init = tensor.empty(%d0, %d1) : tensor<?x?xf32>
  %r = linalg.generic {indexing_maps = [#id2, #id2, #id2],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%init : tensor<?x?xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// a + b on static 2x3 f32 tensors.
func.func @add_static(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %r = linalg.generic {indexing_maps = [#id2, #id2, #id2],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<2x3xf32>, tensor<2x3xf32>) outs(%init : tensor<2x3xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// 2 * x on a rank-0 f32 tensor.
func.func @scale_scalar(%a: tensor<f32>) -> tensor<f32> {
  %init = tensor.empty() : tensor<f32>
  %r = linalg.generic {indexing_maps = [#id0, #id0], iterator_types = []}
      ins(%a : tensor<f32>) outs(%init : tensor<f32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %x : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  return %r : tensor<f32>
}

// Two results: 2 * x and sum(x).
func.func @double_and_sum(%a: tensor<?xf32>) -> (tensor<?xf32>, tensor<f32>) {
  %c0 = arith.constant 0 : index
  %d0 = tensor.dim %a, %c0 : tensor<?xf32>
  %init = tensor.empty(%d0) : tensor<?xf32>
  %twice = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%a : tensor<?xf32>) outs(%init : tensor<?xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %x : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%empty : tensor<f32>) -> tensor<f32>
  %sum = linalg.generic {indexing_maps = [#id1, #to0], iterator_types = ["reduction"]}
      ins(%a : tensor<?xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %o : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  return %twice, %sum : tensor<?xf32>, tensor<f32>
}

// a * b + 1 on dynamic 2-D f64 tensors.
func.func @fma_f64(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f64
  %d0 = tensor.dim %a, %c0 : tensor<?x?xf64>
  %d1 = tensor.dim %a, %c1 : tensor<?x?xf64>
  %init = tensor.empty(%d0, %d1) : tensor<?x?xf64>
  %r = linalg.generic {indexing_maps = [#id2, #id2, #id2],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<?x?xf64>, tensor<?x?xf64>) outs(%init : tensor<?x?xf64>) {
  ^bb0(%x: f64, %y: f64, %o: f64):
    %m = arith.mulf %x, %y : f64
    %s = arith.addf %m, %one : f64
    linalg.yield %s : f64
  } -> tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}

// a - b on i32 and a * b on i64 vectors.
func.func @sub_i32_mul_i64(%a: tensor<?xi32>, %b: tensor<?xi32>,
                           %c: tensor<?xi64>, %d: tensor<?xi64>)
    -> (tensor<?xi32>, tensor<?xi64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xi32>
  %m = tensor.dim %c, %c0 : tensor<?xi64>
  %init32 = tensor.empty(%n) : tensor<?xi32>
  %init64 = tensor.empty(%m) : tensor<?xi64>
  %r = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%a, %b : tensor<?xi32>, tensor<?xi32>) outs(%init32 : tensor<?xi32>) {
  ^bb0(%x: i32, %y: i32, %o: i32):
    %s = arith.subi %x, %y : i32
    linalg.yield %s : i32
  } -> tensor<?xi32>
  %p = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%c, %d : tensor<?xi64>, tensor<?xi64>) outs(%init64 : tensor<?xi64>) {
  ^bb0(%x: i64, %y: i64, %o: i64):
    %s = arith.muli %x, %y : i64
    linalg.yield %s : i64
  } -> tensor<?xi64>
  return %r, %p : tensor<?xi32>, tensor<?xi64>
}

// x * gamma (gamma broadcast along rows), f16 storage, f32 arithmetic.
func.func @scale_f16(%a: tensor<?x?xf16>, %g: tensor<?xf16>) -> tensor<?x?xf16> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %a, %c0 : tensor<?x?xf16>
  %d1 = tensor.dim %a, %c1 : tensor<?x?xf16>
  %init = tensor.empty(%d0, %d1) : tensor<?x?xf16>
  %r = linalg.generic {indexing_maps = [#id2, #last, #id2],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %g : tensor<?x?xf16>, tensor<?xf16>) outs(%init : tensor<?x?xf16>) {
  ^bb0(%x: f16, %y: f16, %o: f16):
    %xf = arith.extf %x : f16 to f32
    %yf = arith.extf %y : f16 to f32
    %m = arith.mulf %xf, %yf : f32
    %t = arith.truncf %m : f32 to f16
    linalg.yield %t : f16
  } -> tensor<?x?xf16>
  return %r : tensor<?x?xf16>
}

// x * gamma (gamma broadcast along rows), bf16 storage, f32 arithmetic.
func.func @scale_bf16(%a: tensor<?x?xbf16>, %g: tensor<?xbf16>) -> tensor<?x?xbf16> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %a, %c0 : tensor<?x?xbf16>
  %d1 = tensor.dim %a, %c1 : tensor<?x?xbf16>
  %init = tensor.empty(%d0, %d1) : tensor<?x?xbf16>
  %r = linalg.generic {indexing_maps = [#id2, #last, #id2],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a, %g : tensor<?x?xbf16>, tensor<?xbf16>) outs(%init : tensor<?x?xbf16>) {
  ^bb0(%x: bf16, %y: bf16, %o: bf16):
    %xf = arith.extf %x : bf16 to f32
    %yf = arith.extf %y : bf16 to f32
    %m = arith.mulf %xf, %yf : f32
    %t = arith.truncf %m : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<?x?xbf16>
  return %r : tensor<?x?xbf16>
}

// x * x computed directly in bf16: LLVM promotes to f32 and calls the
// __truncsfbf2 builtin that norm-run provides.
func.func @square_bf16(%a: tensor<?xbf16>) -> tensor<?xbf16> {
  %c0 = arith.constant 0 : index
  %d0 = tensor.dim %a, %c0 : tensor<?xbf16>
  %init = tensor.empty(%d0) : tensor<?xbf16>
  %r = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%a : tensor<?xbf16>) outs(%init : tensor<?xbf16>) {
  ^bb0(%x: bf16, %o: bf16):
    %m = arith.mulf %x, %x : bf16
    linalg.yield %m : bf16
  } -> tensor<?xbf16>
  return %r : tensor<?xbf16>
}

// -x on memrefs, written with explicit loops (no bufferization involved).
func.func @negate_memref(%a: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?xf32>
  %r = memref.alloc(%n) : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<?xf32>
    %neg = arith.negf %v : f32
    memref.store %neg, %r[%i] : memref<?xf32>
  }
  return %r : memref<?xf32>
}
