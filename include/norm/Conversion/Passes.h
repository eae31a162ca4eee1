//===- Passes.h - Norm conversion passes --------------------*- C++ -*-===//

#ifndef NORM_CONVERSION_PASSES_H
#define NORM_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace norm {

#define GEN_PASS_DECL
#include "norm/Conversion/Passes.h.inc"

/// Options of the norm -> linalg patterns.
struct NormToLinalgOptions {
  /// Mark the accumulating adds of every sum `reassoc`, so that LLVM may
  /// vectorize the reductions with several independent accumulators. Off, the
  /// sums are strictly sequential.
  bool reassociateSums = false;
};

/// Adds the patterns that rewrite every norm op into linalg on tensors.
void populateNormToLinalgConversionPatterns(
    RewritePatternSet &patterns, const NormToLinalgOptions &options = {});

#define GEN_PASS_REGISTRATION
#include "norm/Conversion/Passes.h.inc"

} // namespace norm
} // namespace mlir

#endif // NORM_CONVERSION_PASSES_H
