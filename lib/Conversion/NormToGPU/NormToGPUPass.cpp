//===- NormToGPUPass.cpp - convert-norm-to-gpu --------------*- C++ -*-===//

#include "NormToGPU.h"
#include "norm/Conversion/NormToGPU/NormToGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/ROCDL/ROCDLToLLVMIRTranslation.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/Support/MathExtras.h"

namespace mlir::norm {
#define GEN_PASS_DEF_CONVERTNORMTOGPUPASS
#include "norm/Conversion/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

LogicalResult mlir::norm::verifyOptions(
    const ConvertNormToGPUPassOptions &options,
    function_ref<LogicalResult(const Twine &)> reportError) {
  auto isPowerOf2 = [](int64_t v) { return v > 0 && llvm::isPowerOf2_64(v); };
  if (!isPowerOf2(options.threads) || options.threads > 1024)
    return reportError("'threads' must be a power of two in [1, 1024]");
  if (options.rowsPerBlock != 0 && (!isPowerOf2(options.rowsPerBlock) ||
                                    options.rowsPerBlock > options.threads))
    return reportError(
        "'rows-per-block' must be 0 or a power of two dividing 'threads'");
  if (options.vectorWidth != 0 &&
      (!isPowerOf2(options.vectorWidth) || options.vectorWidth > 16))
    return reportError("'vector-width' must be 0 or a power of two in [1, 16]");
  if (!isPowerOf2(options.warpSize))
    return reportError("'warp-size' must be a power of two");
  if (options.maxRowPerWarp < 0)
    return reportError("'max-row-per-warp' must be non-negative");
  if (options.maxCachedVectors < 0 || options.maxCachedVectors > 64)
    return reportError("'max-cached-vectors' must be in [0, 64]");
  if (options.maxRowPerBlock < 0)
    return reportError("'max-row-per-block' must be non-negative");
  if (options.blocksPerRow < 0 || options.blocksPerRow > 65535)
    return reportError("'blocks-per-row' must be in [0, 65535]");
  if (options.blocksPerChannel < 0 || options.blocksPerChannel > 65535)
    return reportError("'blocks-per-channel' must be in [0, 65535]");
  if (options.persistentBlocks < 1 || options.persistentBlocks > 65535)
    return reportError("'persistent-blocks' must be in [1, 65535]");
  if (options.maxGradPartials < 1 || options.maxGradPartials > 65535)
    return reportError("'max-grad-partials' must be in [1, 65535]");
  return success();
}

namespace {
/// Rewrites every layer_norm and rms_norm on tensors into its gpu.launch row
/// kernel, group_norm / instance_norm into the same row kernels with a
/// per-channel affine, and batch_norm_train / batch_norm into their channel
/// kernels (two launches / one); leaves every other op to
/// convert-norm-to-linalg.
struct ConvertNormToGPUPass
    : norm::impl::ConvertNormToGPUPassBase<ConvertNormToGPUPass> {
  using Base::Base;

  /// Reads the options, which the generated base keeps protected.
  template <typename Source>
  friend ConvertNormToGPUPassOptions
  norm::getNormToGPUOptions(const Source &source, int64_t warpSize);

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    // gpu-module-to-binary and the host translation at the end of
    // norm-gpu-pipeline, whose first pass this is, need these; registering
    // them here keeps the pipeline self-contained in any driver.
    registerBuiltinDialectTranslation(registry);
    registerLLVMDialectTranslation(registry);
    registerGPUDialectTranslation(registry);
    registerNVVMDialectTranslation(registry);
    registerROCDLDialectTranslation(registry);
  }

  void runOnOperation() override {
    ConvertNormToGPUPassOptions options = getNormToGPUOptions(*this, warpSize);
    auto reportError = [&](const Twine &message) -> LogicalResult {
      return getOperation()->emitError("convert-norm-to-gpu: ") << message;
    };
    if (failed(verifyOptions(options, reportError)))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    populateNormToGPUConversionPatterns(patterns, options);
    GreedyRewriteConfig config;
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      return signalPassFailure();
  }
};
} // namespace
