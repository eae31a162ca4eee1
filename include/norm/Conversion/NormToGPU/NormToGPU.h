//===- NormToGPU.h - norm to GPU kernels --------------------*- C++ -*-===//
//
// convert-norm-to-gpu, its options (the kernels' schedule) and its patterns.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_CONVERSION_NORMTOGPU_NORMTOGPU_H
#define NORM_CONVERSION_NORMTOGPU_NORMTOGPU_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace norm {

#define GEN_PASS_DECL_CONVERTNORMTOGPUPASS
#include "norm/Conversion/Passes.h.inc"

/// The options of convert-norm-to-gpu read from `source`, any object with
/// fields of their names (the pass; a pipeline's options), and the subgroup
/// size `warpSize` (a pipeline derives it from its target): the one place
/// that copies every option.
template <typename Source>
ConvertNormToGPUPassOptions getNormToGPUOptions(const Source &source,
                                                int64_t warpSize) {
  ConvertNormToGPUPassOptions options;
  options.threads = source.threads;
  options.rowsPerBlock = source.rowsPerBlock;
  options.vectorWidth = source.vectorWidth;
  options.warpSize = warpSize;
  options.maxRowPerWarp = source.maxRowPerWarp;
  options.maxCachedVectors = source.maxCachedVectors;
  options.maxRowPerBlock = source.maxRowPerBlock;
  options.blocksPerRow = source.blocksPerRow;
  options.blocksPerChannel = source.blocksPerChannel;
  options.batchNormTrainSinglePass = source.batchNormTrainSinglePass;
  options.persistentBlocks = source.persistentBlocks;
  options.maxGradPartials = source.maxGradPartials;
  return options;
}

/// Checks `options`; at the first invalid value calls `reportError` with a
/// message that names the option and returns failure. The pass checks its
/// options with it, and so does norm-gpu-pipeline.
LogicalResult
verifyOptions(const ConvertNormToGPUPassOptions &options,
              function_ref<LogicalResult(const Twine &)> reportError);

/// Adds the patterns that rewrite layer_norm and rms_norm (row kernels) and
/// batch_norm_train / batch_norm (per-channel chunk kernels) on tensors into
/// gpu.launch ops over flat buffers, with the options of convert-norm-to-gpu
/// (valid ones, see verifyOptions).
void populateNormToGPUConversionPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToGPUPassOptions &options = {});

} // namespace norm
} // namespace mlir

#endif // NORM_CONVERSION_NORMTOGPU_NORMTOGPU_H
