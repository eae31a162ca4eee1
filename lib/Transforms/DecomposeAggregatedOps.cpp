//===- DecomposeAggregatedOps.cpp - norm-decompose-aggregated-ops -*- C++ -*-===//
//
// Decomposes linalg.softmax and the other aggregated linalg ops into the
// linalg.generic ops their interface describes.
//
//===----------------------------------------------------------------------===//

#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMDECOMPOSEAGGREGATEDOPSPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Replaces each op implementing linalg::AggregatedOpInterface (linalg.softmax:
/// max, exp of the shifted input, sum, division) by its decomposition.
struct NormDecomposeAggregatedOpsPass
    : norm::impl::NormDecomposeAggregatedOpsPassBase<
          NormDecomposeAggregatedOpsPass> {
  void runOnOperation() override {
    SmallVector<linalg::AggregatedOpInterface> ops;
    getOperation()->walk(
        [&](linalg::AggregatedOpInterface op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::AggregatedOpInterface op : ops) {
      rewriter.setInsertionPoint(op);
      FailureOr<SmallVector<Value>> results =
          op.decomposeOperation(rewriter);
      if (failed(results)) {
        op->emitError("cannot be decomposed into linalg.generic ops");
        return signalPassFailure();
      }
      rewriter.replaceOp(op, *results);
    }
  }
};
} // namespace
