//===- RaiseTosa.cpp - Norm ops from TOSA decompositions ----*- C++ -*-===//
//
// The pattern that replaces a normalization decomposed into TOSA ops by the
// norm op computing it: RaiseTosaPlan.cpp reads the decomposition, this file
// shapes the parameters with TOSA reshapes and casts, builds the op
// (RaiseUtils.h) and replaces the statistics the decomposition also
// returned.
//
//===----------------------------------------------------------------------===//

#include "RaiseTosa.h"

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Raise.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::raise;
using namespace mlir::norm::raise::tosa_raise;

/// `v` with the type `type`, by looking through the casts and reshapes that
/// made it, or by new ones.
static Value reshapeTo(PatternRewriter &rewriter, Location loc, Value v,
                       RankedTensorType type) {
  for (Value cur = v;;) {
    if (cur.getType() == type)
      return cur;
    Operation *def = cur.getDefiningOp();
    if (auto reshape = dyn_cast_or_null<tosa::ReshapeOp>(def))
      cur = reshape.getInput1();
    else if (auto cast = dyn_cast_or_null<tosa::CastOp>(def);
             cast && isa<FloatType>(getElementTypeOrSelf(cast.getInput())))
      cur = cast.getInput();
    else
      break;
  }
  auto vType = cast<RankedTensorType>(v.getType());
  if (vType.getElementType() != type.getElementType())
    v = tosa::CastOp::create(rewriter, loc, vType.clone(type.getElementType()),
                             v);
  if (v.getType() != type)
    v = tosa::ReshapeOp::create(
        rewriter, loc, type, v,
        tosa::getTosaConstShape(rewriter, loc, type.getShape()));
  return v;
}

/// γ or β of the op, of `shape`; `fill` where the decomposition has none but
/// the op needs one.
static Value buildParam(PatternRewriter &rewriter, Location loc,
                        const Param &param, ArrayRef<int64_t> shape,
                        Type elementType, std::optional<double> fill) {
  auto type = RankedTensorType::get(shape, elementType);
  if (param.value)
    return reshapeTo(rewriter, loc, param.value, type);
  if (!fill)
    return nullptr;
  return arith::ConstantOp::create(
      rewriter, loc,
      cast<TypedAttr>(
          DenseElementsAttr::get(type, FloatAttr::get(elementType, *fill))));
}

/// Replaces the uses of `old` outside the match by `stat`, reshaped.
static void replaceStatistic(PatternRewriter &rewriter, const Plan &plan,
                             Value old, Value stat) {
  if (!old || !stat)
    return;
  auto oldType = cast<RankedTensorType>(old.getType());
  if (oldType.getElementType() !=
      cast<RankedTensorType>(stat.getType()).getElementType())
    return;
  Value replacement = reshapeTo(rewriter, plan.root->getLoc(), stat, oldType);
  rewriter.replaceUsesWithIf(old, replacement, [&](OpOperand &use) {
    return !inMatch(plan, use.getOwner()) &&
           use.getOwner() != replacement.getDefiningOp();
  });
}

namespace {

/// Replaces a normalization decomposed into TOSA ops, whose output is the
/// matched op, by the norm op computing it.
struct RaiseTosaNormalization : RewritePattern {
  RaiseTosaNormalization(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    std::optional<Plan> maybePlan = planAt(op);
    if (!maybePlan)
      return failure();
    // Raise the largest decomposition: leave it to a user that extends it.
    for (Operation *user : op->getUsers())
      if (planAt(user))
        return rewriter.notifyMatchFailure(op, "a user extends the match");
    Plan &plan = *maybePlan;
    const Core &core = plan.core;
    Location loc = op->getLoc();
    rewriter.setInsertionPoint(op);

    auto inType = cast<RankedTensorType>(plan.input.getType());
    Type elementType = inType.getElementType();
    ArrayRef<int64_t> in = inType.getShape();
    RaisedNorm n;
    n.kind = plan.kind;
    n.x = plan.input;
    n.axis = plan.kind == NormKind::GroupNorm ? plan.groups : plan.axis;
    n.eps = core.epsilon;
    auto anyUsedOutside = [&](const Poly &stat) {
      return llvm::any_of(statisticValues(plan, stat),
                          [&](Value v) { return usedOutside(plan, v); });
    };
    if (plan.kind == NormKind::LayerNorm || plan.kind == NormKind::RmsNorm) {
      ArrayRef<int64_t> normalized = in.drop_front(plan.axis);
      n.scale = buildParam(rewriter, loc, plan.gamma, normalized, elementType,
                           std::nullopt);
      if (plan.kind == NormKind::LayerNorm)
        n.bias = buildParam(rewriter, loc, plan.beta, normalized, elementType,
                            std::nullopt);
    } else {
      int64_t channels = in[plan.axis];
      n.scale =
          buildParam(rewriter, loc, plan.gamma, {channels}, elementType, 1.0);
      n.bias =
          buildParam(rewriter, loc, plan.beta, {channels}, elementType, 0.0);
    }
    if (plan.kind == NormKind::BatchNorm) {
      auto channelType = RankedTensorType::get({in[plan.axis]}, elementType);
      n.mean = reshapeTo(rewriter, loc, core.storedMean, channelType);
      n.var = reshapeTo(rewriter, loc, core.storedVar, channelType);
    }
    // The statistics results the op has, and the polynomials of the values
    // of the decomposition they replace.
    SmallVector<std::pair<const Poly *, unsigned>> stats;
    switch (plan.kind) {
    case NormKind::LayerNorm:
    case NormKind::GroupNorm:
      n.withMean = anyUsedOutside(core.meanPoly);
      n.withInvStd = anyUsedOutside(core.rstdPoly);
      if (n.withMean)
        stats.push_back({&core.meanPoly, 1});
      if (n.withInvStd)
        stats.push_back({&core.rstdPoly, n.withMean ? 2 : 1});
      break;
    case NormKind::RmsNorm:
      n.withInvStd = anyUsedOutside(core.rstdPoly);
      if (n.withInvStd)
        stats.push_back({&core.rstdPoly, 1});
      break;
    case NormKind::BatchNormTrain:
      stats.push_back({&core.meanPoly, 1});
      stats.push_back({&core.varPoly, 2});
      break;
    case NormKind::InstanceNorm:
    case NormKind::BatchNorm:
      break;
    }
    Operation *normOp = buildNormOp(rewriter, loc, n);
    if (core.fromMoments) {
      SmallVector<Value> var = statisticValues(plan, core.varPoly);
      Operation *at = var.empty() ? op : var.front().getDefiningOp();
      at->emitRemark() << "raised to " << normOp->getName()
                       << ": its variance E[x^2] - E[x]^2 becomes the centred "
                          "variance of the norm op, which does not cancel";
    }
    for (auto [poly, result] : stats)
      for (Value old : statisticValues(plan, *poly))
        replaceStatistic(rewriter, plan, old, normOp->getResult(result));
    rewriter.replaceOp(op, normOp->getResult(0));
    return success();
  }
};

} // namespace

void mlir::norm::populateRaiseTosaPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseTosaNormalization>(patterns.getContext());
}
