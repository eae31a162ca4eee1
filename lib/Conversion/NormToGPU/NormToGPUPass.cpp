//===- NormToGPUPass.cpp - convert-norm-to-gpu --------------*- C++ -*-===//

#include "NormToGPU.h"
#include "norm/Conversion/Passes.h"

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

namespace {
/// Rewrites every layer_norm and rms_norm on tensors into its gpu.launch row
/// kernel, and batch_norm_train / batch_norm into their channel kernels
/// (two launches / one); leaves every other op to convert-norm-to-linalg.
struct ConvertNormToGPUPass
    : norm::impl::ConvertNormToGPUPassBase<ConvertNormToGPUPass> {
  using Base::Base;

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
    auto isPowerOf2 = [](int64_t v) { return v > 0 && llvm::isPowerOf2_64(v); };
    StringRef error;
    if (!isPowerOf2(threads) || threads > 1024)
      error = "'threads' must be a power of two in [1, 1024]";
    else if (rowsPerBlock != 0 &&
             (!isPowerOf2(rowsPerBlock) || rowsPerBlock > threads))
      error = "'rows-per-block' must be 0 or a power of two dividing "
              "'threads'";
    else if (vectorWidth != 0 && (!isPowerOf2(vectorWidth) || vectorWidth > 16))
      error = "'vector-width' must be 0 or a power of two in [1, 16]";
    else if (!isPowerOf2(warpSize))
      error = "'warp-size' must be a power of two";
    else if (maxRowPerWarp < 0)
      error = "'max-row-per-warp' must be non-negative";
    else if (maxCachedVectors < 0 || maxCachedVectors > 64)
      error = "'max-cached-vectors' must be in [0, 64]";
    else if (maxRowPerBlock < 0)
      error = "'max-row-per-block' must be non-negative";
    else if (blocksPerRow < 0 || blocksPerRow > 65535)
      error = "'blocks-per-row' must be in [0, 65535]";
    else if (blocksPerChannel < 0 || blocksPerChannel > 65535)
      error = "'blocks-per-channel' must be in [0, 65535]";
    if (!error.empty()) {
      getOperation()->emitError("convert-norm-to-gpu: ") << error;
      return signalPassFailure();
    }
    NormToGPUOptions options;
    options.threads = threads;
    options.rowsPerBlock = rowsPerBlock;
    options.vectorWidth = vectorWidth;
    options.warpSize = warpSize;
    options.maxRowPerWarp = maxRowPerWarp;
    options.maxCachedVectors = maxCachedVectors;
    options.maxRowPerBlock = maxRowPerBlock;
    options.blocksPerRow = blocksPerRow;
    options.blocksPerChannel = blocksPerChannel;
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
