//===- NormToLinalg.h - Shared pieces of the norm lowering --*- C++ -*-===//
//
// Internal to lib/Conversion/NormToLinalg: the builders every op family's
// lowering shares, and the per-family pattern population functions.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOLINALG_NORMTOLINALG_H
#define LIB_CONVERSION_NORMTOLINALG_NORMTOLINALG_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::norm {

void populateLayerNormToLinalgPatterns(RewritePatternSet &patterns);
void populateBatchNormToLinalgPatterns(RewritePatternSet &patterns);
void populateGroupNormToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOLINALG_NORMTOLINALG_H
