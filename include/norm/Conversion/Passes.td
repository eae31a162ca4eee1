//===- Passes.td - Norm conversion passes --------------------*- tablegen -*-===//

#ifndef NORM_CONVERSION_PASSES_TD
#define NORM_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNormToLinalgPass : Pass<"convert-norm-to-linalg"> {
  let summary = "Lower norm ops to linalg on tensors";
  let description = [{
    Rewrites every `norm` op into `linalg.generic` ops on tensors: a reduction
    for the mean, a centred reduction for the variance (corrected two-pass:
    the sum of deviations from the first mean corrects it, so a constant
    instance gives exactly `bias` and E[x^2] - E[x]^2 is never formed), and
    one elementwise normalization. f16/bf16 inputs are extended to the
    accumulation type before any sum and the result is truncated once.

    The patterns are available to other compilers through
    `mlir::norm::populateNormToLinalgConversionPatterns`.
  }];
  let options = [
    Option<"reassociateSums", "reassociate-sums", "bool", /*default=*/"false",
           "Mark the accumulating adds `reassoc` so the reductions vectorize">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertNormToVectorPass : Pass<"convert-norm-to-vector"> {
  let summary = "Lower layer_norm and rms_norm over their last dim to vector "
                "loops over rows";
  let description = [{
    Rewrites every `norm.layer_norm` / `norm.rms_norm` that normalizes only
    its last dim into a loop nest over the rows whose body streams the row
    through vector registers: per pass `unroll` independent vector
    accumulators in the accumulation type, one `vector.reduction` per pass,
    and masked `vector.transfer_read`/`transfer_write` for the tail, so no
    scalar loop is left. LayerNorm makes three passes over the row (sum;
    sum of d = x - m1 and d^2; normalize), RMSNorm two; after tiling the
    later passes read the row from cache. The numerics are those of
    convert-norm-to-linalg (corrected two-pass, deviations (x - m1) - c).
    Other ops and other axes are left alone.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "f32 lanes per vector register">,
    Option<"unroll", "unroll", "int64_t", /*default=*/"4",
           "Independent vector accumulators per pass">,
    Option<"streamStores", "stream-stores", "bool", /*default=*/"false",
           "Mark aligned normalization loops for norm-stream-stores">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // NORM_CONVERSION_PASSES_TD
