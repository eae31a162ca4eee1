//===- Raise.h - Raising decomposed normalizations ----------*- C++ -*-===//
//
// The pattern sets of norm-raise, for compilers that run them in their own
// pass.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_DIALECT_NORM_TRANSFORMS_RAISE_H
#define NORM_DIALECT_NORM_TRANSFORMS_RAISE_H

namespace mlir {
class RewritePatternSet;

namespace norm {

/// Patterns that replace normalizations decomposed into linalg ops on
/// tensors (linalg.generic and the named ops, with tensor reshapes) by norm
/// ops.
void populateRaiseLinalgPatterns(RewritePatternSet &patterns);

/// Patterns that replace normalizations decomposed into TOSA ops by norm ops.
void populateRaiseTosaPatterns(RewritePatternSet &patterns);

} // namespace norm
} // namespace mlir

#endif // NORM_DIALECT_NORM_TRANSFORMS_RAISE_H
