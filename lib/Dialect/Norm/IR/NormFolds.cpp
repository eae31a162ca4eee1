//===- NormFolds.cpp - Norm dialect canonicalization --------*- C++ -*-===//
//
// Canonicalization patterns of the norm ops.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Rewrites `norm.group_norm` with one channel per group (num_groups equal to
/// the static channel count) and no statistics results into the equivalent
/// `norm.instance_norm`, the canonical form of that computation.
struct GroupNormWithOneChannelPerGroupToInstanceNorm
    : OpRewritePattern<GroupNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GroupNormOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getMean() || op.getInvStdDev())
      return rewriter.notifyMatchFailure(op, "statistics results are used");
    int64_t channels = op.getInput().getType().getDimSize(1);
    if (ShapedType::isDynamic(channels) || channels != static_cast<int64_t>(op.getNumGroups()))
      return rewriter.notifyMatchFailure(op, "groups hold several channels");
    rewriter.replaceOpWithNewOp<InstanceNormOp>(
        op, op.getOutput().getType(), op.getInput(), op.getScale(),
        op.getBias(), op.getEpsilonAttr(), op.getAccTypeAttr());
    return success();
  }
};
} // namespace

void GroupNormOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<GroupNormWithOneChannelPerGroupToInstanceNorm>(context);
}
