//===- NormToLinalg.h - norm to linalg on tensors -----------*- C++ -*-===//
//
// convert-norm-to-linalg, its options and its patterns.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_CONVERSION_NORMTOLINALG_NORMTOLINALG_H
#define NORM_CONVERSION_NORMTOLINALG_NORMTOLINALG_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace norm {

#define GEN_PASS_DECL_CONVERTNORMTOLINALGPASS
#include "norm/Conversion/Passes.h.inc"

/// Adds the patterns that rewrite every norm op into linalg on tensors, with
/// the options of convert-norm-to-linalg.
void populateNormToLinalgConversionPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToLinalgPassOptions &options = {});

} // namespace norm
} // namespace mlir

#endif // NORM_CONVERSION_NORMTOLINALG_NORMTOLINALG_H
