//===- FuseResidual.cpp - norm-fuse-residual ----------------*- C++ -*-===//
//
// Folds the residual add of a transformer block into the layer_norm or
// rms_norm it feeds: `norm(x + r)` becomes `norm x residual(r)`, which reads
// both tensors in one pass, and returns the sum when it is used later.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMFUSERESIDUALPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// The two operands of `sum` when it is an elementwise add of two tensors of
/// its own type: `arith.addf` on tensors, or a linalg op (`linalg.add`, an
/// elementwise `linalg.generic` or `linalg.map`) with identity maps whose
/// body is one `arith.addf` of its two inputs. Nothing otherwise.
static std::optional<std::pair<Value, Value>> matchElementwiseAdd(Value sum) {
  Type type = sum.getType();
  auto sameType = [&](Value value) { return value.getType() == type; };
  if (auto add = sum.getDefiningOp<arith::AddFOp>()) {
    if (!sameType(add.getLhs()) || !sameType(add.getRhs()))
      return std::nullopt;
    return std::pair(add.getLhs(), add.getRhs());
  }
  auto linalgOp = sum.getDefiningOp<linalg::LinalgOp>();
  if (!linalgOp || linalgOp->getNumResults() != 1 ||
      linalgOp.getNumDpsInputs() != 2 || linalgOp.getNumDpsInits() != 1 ||
      !linalgOp.hasPureTensorSemantics() ||
      linalgOp.getNumParallelLoops() != linalgOp.getNumLoops() ||
      !llvm::all_of(linalgOp.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return std::nullopt;
  Value lhs = linalgOp.getDpsInputOperand(0)->get();
  Value rhs = linalgOp.getDpsInputOperand(1)->get();
  if (!sameType(lhs) || !sameType(rhs))
    return std::nullopt;
  // The body: %s = arith.addf %in0, %in1; linalg.yield %s.
  Block *body = linalgOp.getBlock();
  if (!body || body->getOperations().size() != 2)
    return std::nullopt;
  auto add = dyn_cast<arith::AddFOp>(body->front());
  auto yield = dyn_cast<linalg::YieldOp>(body->getTerminator());
  if (!add || !yield || yield->getNumOperands() != 1 ||
      yield->getOperand(0) != add.getResult())
    return std::nullopt;
  Value in0 = body->getArgument(0), in1 = body->getArgument(1);
  if (!((add.getLhs() == in0 && add.getRhs() == in1) ||
        (add.getLhs() == in1 && add.getRhs() == in0)))
    return std::nullopt;
  return std::pair(lhs, rhs);
}

/// Whether `user` comes after `op` in `op`'s block (itself, or the ancestor
/// of it that is in that block).
static bool isAfter(Operation *op, Operation *user) {
  Operation *ancestor = op->getBlock()->findAncestorOpInBlock(*user);
  return ancestor && ancestor != op && op->isBeforeInBlock(ancestor);
}

namespace {
/// Rewrites `norm.layer_norm (x + r)` / `norm.rms_norm (x + r)` without a
/// residual into the op with `residual(r)`; the other uses of the sum, all
/// after the op, take its `sum` result.
template <typename OpTy> struct FuseResidualAdd : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (op.getResidual())
      return rewriter.notifyMatchFailure(op, "already has a residual");
    Value sum = op.getInput();
    std::optional<std::pair<Value, Value>> operands = matchElementwiseAdd(sum);
    if (!operands)
      return rewriter.notifyMatchFailure(
          op, "input is not an elementwise add of two tensors of its type");
    bool sumUsedElsewhere = false;
    for (OpOperand &use : sum.getUses()) {
      if (use.getOwner() == op.getOperation())
        continue;
      if (!isAfter(op, use.getOwner()))
        return rewriter.notifyMatchFailure(
            op, "the sum is used before the norm op");
      sumUsedElsewhere = true;
    }

    auto [x, residual] = *operands;
    OpTy fused;
    if constexpr (std::is_same_v<OpTy, LayerNormOp>)
      fused = LayerNormOp::create(
          rewriter, op.getLoc(), op.getInput().getType(),
          sumUsedElsewhere ? sum.getType() : Type(),
          op.getMean() ? op.getMean().getType() : Type(),
          op.getInvStdDev() ? op.getInvStdDev().getType() : Type(), x,
          residual, op.getScale(), op.getBias(), op.getAxisAttr(),
          op.getEpsilonAttr(), op.getAccTypeAttr());
    else
      fused = RMSNormOp::create(
          rewriter, op.getLoc(), op.getInput().getType(),
          sumUsedElsewhere ? sum.getType() : Type(),
          op.getInvRms() ? op.getInvRms().getType() : Type(), x, residual,
          op.getScale(), op.getAxisAttr(), op.getEpsilonAttr(),
          op.getAccTypeAttr());
    fused->setDiscardableAttrs(op->getDiscardableAttrDictionary());

    if (sumUsedElsewhere)
      rewriter.replaceUsesWithIf(sum, fused.getSum(), [&](OpOperand &use) {
        return use.getOwner() != op.getOperation();
      });
    SmallVector<Value> replacements = {fused.getOutput()};
    for (Value result : llvm::drop_begin(fused->getResults(),
                                         sumUsedElsewhere ? 2 : 1))
      replacements.push_back(result);
    Operation *add = sum.getDefiningOp();
    rewriter.replaceOp(op, replacements);
    if (add->use_empty())
      rewriter.eraseOp(add);
    return success();
  }
};

/// Runs the patterns of populateNormFuseResidualPatterns.
struct NormFuseResidualPass
    : norm::impl::NormFuseResidualPassBase<NormFuseResidualPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateNormFuseResidualPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace

void mlir::norm::populateNormFuseResidualPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseResidualAdd<LayerNormOp>, FuseResidualAdd<RMSNormOp>>(
      patterns.getContext());
}
