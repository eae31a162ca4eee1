//===- NormToVectorPass.cpp - convert-norm-to-vector --------*- C++ -*-===//

#include "NormToVector.h"
#include "norm/Conversion/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::norm {
#define GEN_PASS_DEF_CONVERTNORMTOVECTORPASS
#include "norm/Conversion/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

void mlir::norm::populateNormToVectorConversionPatterns(
    RewritePatternSet &patterns, const NormToVectorOptions &options) {
  populateRowNormToVectorPatterns(patterns, options);
  populateBatchNormToVectorPatterns(patterns, options);
}

namespace {
/// Rewrites the row norms and batch norms it can into vector loops; leaves
/// everything else (other ops, other axes) to convert-norm-to-linalg.
struct ConvertNormToVectorPass
    : norm::impl::ConvertNormToVectorPassBase<ConvertNormToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    if (vectorWidth <= 0 || unroll <= 0 || blockElements <= 0 ||
        smallRunElements < 0) {
      getOperation()->emitError("convert-norm-to-vector: 'vector-width', "
                                "'unroll' and 'block-elements' must be "
                                "positive, 'small-run-elements' positive "
                                "or 0");
      return signalPassFailure();
    }
    NormToVectorOptions options;
    options.vectorWidth = vectorWidth;
    options.unroll = unroll;
    options.streamStores = streamStores;
    options.blockElements = blockElements;
    options.smallRunElements = smallRunElements;
    RewritePatternSet patterns(&getContext());
    populateNormToVectorConversionPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
