//===- NormToVectorPass.cpp - convert-norm-to-vector --------*- C++ -*-===//

#include "NormToVector.h"
#include "norm/Conversion/NormToVector/NormToVector.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::norm {
#define GEN_PASS_DEF_CONVERTNORMTOVECTORPASS
#include "norm/Conversion/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

LogicalResult mlir::norm::verifyOptions(
    const ConvertNormToVectorPassOptions &options,
    function_ref<LogicalResult(const Twine &)> reportError) {
  if (options.vectorWidth <= 0)
    return reportError("'vector-width' must be positive");
  if (options.unroll <= 0)
    return reportError("'unroll' must be positive");
  if (options.blockElements <= 0)
    return reportError("'block-elements' must be positive");
  if (options.smallRunElements < 0)
    return reportError("'small-run-elements' must be positive or 0 (never)");
  if (options.streamMinBytes < 0)
    return reportError("'stream-min-bytes' must be positive or 0 (any size)");
  if (options.streamMinBytesPerPass < 0)
    return reportError(
        "'stream-min-bytes-per-pass' must be positive or 0 (always)");
  if (options.gradientTiles <= 0)
    return reportError("'gradient-tiles' must be positive");
  if (options.shortRowElements < 0)
    return reportError("'short-row-elements' must be positive or 0 (never)");
  if (options.shortRowGroup <= 0 || !llvm::isPowerOf2_64(options.shortRowGroup))
    return reportError("'short-row-group' must be a power of two");
  if (options.shortRowMaxBytes < 0)
    return reportError(
        "'short-row-max-bytes' must be positive or 0 (any size)");
  if (options.prefetchMaxBytes < 0)
    return reportError("'prefetch-max-bytes' must be positive or 0 (never)");
  return success();
}

void mlir::norm::populateNormToVectorConversionPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToVectorPassOptions &options) {
  populateRowNormToVectorPatterns(patterns, options);
  populateRowNormGradToVectorPatterns(patterns, options);
  populateBatchNormToVectorPatterns(patterns, options);
  populateGroupNormToVectorPatterns(patterns, options);
  populateBatchNormGradToVectorPatterns(patterns, options);
  populateGroupNormGradToVectorPatterns(patterns, options);
}

namespace {
/// Rewrites the row norms and batch norms it can into vector loops; leaves
/// everything else (other ops, other axes) to convert-norm-to-linalg.
struct ConvertNormToVectorPass
    : norm::impl::ConvertNormToVectorPassBase<ConvertNormToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    ConvertNormToVectorPassOptions options;
    options.vectorWidth = vectorWidth;
    options.unroll = unroll;
    options.streamStores = streamStores;
    options.blockElements = blockElements;
    options.smallRunElements = smallRunElements;
    options.nativeBF16 = nativeBF16;
    options.streamMinBytes = streamMinBytes;
    options.streamMinBytesPerPass = streamMinBytesPerPass;
    options.gradientTiles = gradientTiles;
    options.shortRowElements = shortRowElements;
    options.shortRowGroup = shortRowGroup;
    options.shortRowMaxBytes = shortRowMaxBytes;
    options.prefetchMaxBytes = prefetchMaxBytes;
    auto reportError = [&](const Twine &message) -> LogicalResult {
      return getOperation()->emitError("convert-norm-to-vector: ") << message;
    };
    if (failed(verifyOptions(options, reportError)))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    populateNormToVectorConversionPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
