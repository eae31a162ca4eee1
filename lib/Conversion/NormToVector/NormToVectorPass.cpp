//===- NormToVectorPass.cpp - convert-norm-to-vector --------*- C++ -*-===//

#include "norm/Conversion/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::norm {
#define GEN_PASS_DEF_CONVERTNORMTOVECTORPASS
#include "norm/Conversion/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Rewrites the row norms it can into vector loops; leaves everything else
/// (other ops, other axes) to convert-norm-to-linalg.
struct ConvertNormToVectorPass
    : norm::impl::ConvertNormToVectorPassBase<ConvertNormToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    if (vectorWidth <= 0 || unroll <= 0) {
      getOperation()->emitError("convert-norm-to-vector: 'vector-width' and "
                                "'unroll' must be positive");
      return signalPassFailure();
    }
    NormToVectorOptions options;
    options.vectorWidth = vectorWidth;
    options.unroll = unroll;
    options.streamStores = streamStores;
    RewritePatternSet patterns(&getContext());
    populateNormToVectorConversionPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
