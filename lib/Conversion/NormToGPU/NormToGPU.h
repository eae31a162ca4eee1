//===- NormToGPU.h - Shared pieces of the norm -> GPU lowering -*- C++ -*-===//
//
// Internal to lib/Conversion/NormToGPU: the per-family pattern population
// functions that the pass (and populateNormToGPUConversionPatterns) use.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOGPU_NORMTOGPU_H
#define LIB_CONVERSION_NORMTOGPU_NORMTOGPU_H

#include "norm/Conversion/Passes.h"

namespace mlir::norm {

/// Adds the patterns that rewrite batch_norm_train (two launches: per-chunk
/// Welford partials, then a fixed-order merge and the normalization) and
/// batch_norm (one streaming launch) on tensors into gpu.launch kernels over
/// the [A, C, B] view of their input.
void populateBatchNormToGPUPatterns(RewritePatternSet &patterns,
                                    const NormToGPUOptions &options);

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOGPU_NORMTOGPU_H
