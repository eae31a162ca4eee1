//===- NormToVector.h - norm to vector loops ----------------*- C++ -*-===//
//
// convert-norm-to-vector, its options and its patterns.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_CONVERSION_NORMTOVECTOR_NORMTOVECTOR_H
#define NORM_CONVERSION_NORMTOVECTOR_NORMTOVECTOR_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace norm {

#define GEN_PASS_DECL_CONVERTNORMTOVECTORPASS
#include "norm/Conversion/Passes.h.inc"

/// Checks `options`; at the first invalid value calls `reportError` with a
/// message that names the option and returns failure. The pass checks its
/// options with it, and so do the pipelines that build the pass.
LogicalResult
verifyOptions(const ConvertNormToVectorPassOptions &options,
              function_ref<LogicalResult(const Twine &)> reportError);

/// Adds the patterns that rewrite layer_norm and rms_norm over their last
/// dim into vector loops over rows, and batch_norm / batch_norm_train with
/// one dim after the channel or the channel last into vector loops over runs
/// of channels, with the options of convert-norm-to-vector (valid ones, see
/// verifyOptions).
void populateNormToVectorConversionPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToVectorPassOptions &options = {});

} // namespace norm
} // namespace mlir

#endif // NORM_CONVERSION_NORMTOVECTOR_NORMTOVECTOR_H
