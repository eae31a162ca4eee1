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

#endif // NORM_CONVERSION_PASSES_TD
