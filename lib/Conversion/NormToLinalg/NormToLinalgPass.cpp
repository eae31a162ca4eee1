//===- NormToLinalgPass.cpp - convert-norm-to-linalg --------*- C++ -*-===//

#include "NormToLinalg.h"
#include "norm/Conversion/NormToLinalg/NormToLinalg.h"
#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::norm {
#define GEN_PASS_DEF_CONVERTNORMTOLINALGPASS
#include "norm/Conversion/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

void mlir::norm::populateNormToLinalgConversionPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToLinalgPassOptions &options) {
  populateLayerNormToLinalgPatterns(patterns, options);
  populateBatchNormToLinalgPatterns(patterns, options);
  populateGroupNormToLinalgPatterns(patterns, options);
  populateGradientToLinalgPatterns(patterns, options);
}

namespace {
/// Rewrites every norm op into linalg on tensors; an op that cannot be
/// lowered is reported at its location and fails the pass.
struct ConvertNormToLinalgPass
    : norm::impl::ConvertNormToLinalgPassBase<ConvertNormToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addIllegalDialect<NormDialect>();
    // Run-time checks stay for norm-lower-runtime-checks.
    target.addLegalOp<AssertSizeOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(context);
    ConvertNormToLinalgPassOptions options;
    options.reassociateSums = reassociateSums;
    populateNormToLinalgConversionPatterns(patterns, options);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
