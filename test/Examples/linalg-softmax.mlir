// REQUIRES: numpy
// linalg.softmax (IREE's and the ONNX/TOSA importers' form) runs through
// norm-cpu-pipeline: norm-decompose-aggregated-ops turns it into max, exp,
// sum and division linalg.generic ops first.

// RUN: norm-opt %s --norm-decompose-aggregated-ops | FileCheck %s --check-prefix=DECOMPOSED
// DECOMPOSED-LABEL: func.func @softmax
// DECOMPOSED-NOT: linalg.softmax
// DECOMPOSED: arith.maxnumf
// DECOMPOSED: math.exp
// DECOMPOSED: arith.addf
// DECOMPOSED: arith.divf

// Rows with a large spread, a constant row and -inf (exp(-inf - max) = 0),
// against a float64 NumPy softmax.
// RUN: norm-run %s --function=softmax --output=@%t.npy \
// RUN:   --input="3x4xf32=1 2 3 4 0 0 0 0 -inf 0 100 -100"
// RUN: %python -c "import numpy as np; \
// RUN:   x = np.array([[1, 2, 3, 4], [0, 0, 0, 0], [-np.inf, 0, 100, -100]]); \
// RUN:   e = np.exp(x - x.max(1, keepdims=True)); ref = e / e.sum(1, keepdims=True); \
// RUN:   got = np.load('%t.npy'); assert got.dtype == np.float32; \
// RUN:   assert np.allclose(got, ref, rtol=1e-6, atol=1e-44), (got, ref); print('match')" \
// RUN:   | FileCheck %s
// CHECK: match

func.func @softmax(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %e = tensor.empty() : tensor<3x4xf32>
  %y = linalg.softmax dimension(1) ins(%x : tensor<3x4xf32>)
                                   outs(%e : tensor<3x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}
