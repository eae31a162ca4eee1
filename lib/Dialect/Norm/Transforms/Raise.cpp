//===- Raise.cpp - norm-raise -------------------------------*- C++ -*-===//
//
// Replaces decomposed normalizations by norm ops: the pass that runs the
// linalg and the TOSA pattern sets.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"
#include "norm/Dialect/Norm/Transforms/Raise.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMRAISEPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

namespace {
struct NormRaisePass : norm::impl::NormRaisePassBase<NormRaisePass> {
  void runOnOperation() override {
    // Fold first: front ends write `x * 1.0` (torch's alpha of sub and add)
    // and constant expressions (eps * 1.0) inside generic bodies, which the
    // matchers then see as the plain values.
    // Raising is an optimization: when the greedy driver stops before a
    // fixed point, the IR is still valid and the pass says so instead of
    // failing the compilation without a word.
    auto warnIfNotConverged = [&](LogicalResult converged) {
      if (failed(converged))
        getOperation()->emitWarning(
            "norm-raise: the rewrite did not reach a fixed point; some "
            "decomposed norms may be left as they are");
    };
    warnIfNotConverged(applyPatternsGreedily(
        getOperation(),
        FrozenRewritePatternSet(RewritePatternSet(&getContext()))));
    RewritePatternSet patterns(&getContext());
    populateRaiseLinalgPatterns(patterns);
    populateRaiseTosaPatterns(patterns);
    // Top-down: a norm whose input is computed from an earlier norm (the
    // residual chain of a transformer) is matched once that one is raised,
    // so the tracer reads the earlier norm as one op, not its decomposition.
    warnIfNotConverged(applyPatternsGreedily(
        getOperation(), std::move(patterns),
        GreedyRewriteConfig().setUseTopDownTraversal(true)));
  }
};
} // namespace
