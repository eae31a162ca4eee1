//===- RaiseLinalg.cpp - Norm ops from linalg decompositions -*- C++ -*-===//
//
// Patterns that find normalizations decomposed into linalg ops on tensors.
//
// A candidate root (an elementwise linalg op, or a reshape) is read as a
// polynomial over its own iteration space by the tracer of RaiseUtils.h
// (elementwise linalg ops, sum reductions, broadcasts, splat constants,
// fills and unit reshapes; anything else is a leaf). The matcher then
// guesses the parts of a normalization from that polynomial (the rsqrt
// factor, ε, the normalized tensor x, the summed dims, γ and β), builds the
// polynomial of the normalization those parts define, and raises only when
// the two are equal: every spelling the algebra identifies is accepted, and
// nothing else. RaiseLinalgPlan.cpp decides the op; this file builds it.
//
//===----------------------------------------------------------------------===//

#include "RaiseLinalg.h"

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Raise.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::raise;
using namespace mlir::norm::raise::linalg_raise;

//===----------------------------------------------------------------------===//
// Building the norm op
//===----------------------------------------------------------------------===//

/// Groups the dims of `shape` around its non-unit dims: the reassociation
/// that collapses it to those dims alone.
static SmallVector<ReassociationIndices>
groupAroundNonUnit(ArrayRef<int64_t> shape) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
    pending.push_back(d);
    if (shape[d] != 1) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!pending.empty() && !groups.empty())
    groups.back().append(pending.begin(), pending.end());
  return groups;
}

/// `src` reshaped to `dstType` by dropping and adding unit dims.
static FailureOr<Value> reshapeUnitDims(OpBuilder &b, Location loc, Value src,
                                        RankedTensorType dstType) {
  auto srcType = cast<RankedTensorType>(src.getType());
  if (srcType == dstType)
    return src;
  if (srcType.getElementType() != dstType.getElementType())
    return failure();
  SmallVector<int64_t> srcCore, dstCore;
  for (int64_t s : srcType.getShape())
    if (s != 1)
      srcCore.push_back(s);
  for (int64_t s : dstType.getShape())
    if (s != 1)
      dstCore.push_back(s);
  if (srcCore != dstCore || llvm::any_of(srcCore, ShapedType::isDynamic))
    return failure();
  auto coreType = RankedTensorType::get(srcCore, srcType.getElementType());
  Value v = src;
  if (srcType.getRank() != coreType.getRank())
    v = tensor::CollapseShapeOp::create(b, loc, coreType, v,
                                        groupAroundNonUnit(srcType.getShape()));
  if (coreType.getRank() != dstType.getRank())
    v = tensor::ExpandShapeOp::create(b, loc, dstType, v,
                                      groupAroundNonUnit(dstType.getShape()));
  return v;
}

/// The parameter `leaf` as the op wants it: a tensor of the sizes of the
/// frame dims `dims`; a splat of `fill` when absent (required operands).
static FailureOr<Value>
materializeParam(OpBuilder &b, Location loc, const std::optional<Leaf> &leaf,
                 ArrayRef<int64_t> dims, ArrayRef<int64_t> frameShape,
                 Type elementType, std::optional<double> fill) {
  SmallVector<int64_t> shape;
  for (int64_t d : dims)
    shape.push_back(frameShape[d]);
  auto type = RankedTensorType::get(shape, elementType);
  if (!leaf) {
    if (!fill)
      return Value();
    if (!type.hasStaticShape())
      return failure();
    auto attr = DenseElementsAttr::get(
        type, FloatAttr::get(elementType, *fill).getValue());
    return Value(arith::ConstantOp::create(b, loc, attr));
  }
  return reshapeUnitDims(b, loc, leaf->value, type);
}

/// 1/√(var + ε), elementwise.
static Value invStdFromVar(OpBuilder &b, Location loc, Value var, double eps) {
  auto type = cast<RankedTensorType>(var.getType());
  Value init = tensor::EmptyOp::create(b, loc, type, ValueRange());
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, type, var, init, ArrayRef<AffineMap>{id, id}, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value e = arith::ConstantOp::create(
            nb, nloc, FloatAttr::get(type.getElementType(), eps));
        Value sum = arith::AddFOp::create(nb, nloc, args[0], e);
        Value r = math::RsqrtOp::create(nb, nloc, sum);
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

/// The sum of `terms`, each read through its projection of the frame of
/// `x`'s type, as one elementwise linalg.generic adding them in order (the
/// form norm-fuse-residual folds into the op's residual operand).
static Value buildSum(OpBuilder &b, Location loc, ArrayRef<Leaf> terms,
                      Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, x);
  Value init = tensor::EmptyOp::create(b, loc, sizes, type.getElementType());
  SmallVector<AffineMap> maps;
  SmallVector<Value> inputs;
  for (const Leaf &t : terms) {
    SmallVector<AffineExpr> exprs;
    for (int64_t d : t.map)
      exprs.push_back(d >= 0 ? getAffineDimExpr(d, ctx)
                             : getAffineConstantExpr(0, ctx));
    maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
    inputs.push_back(t.value);
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value acc = args[0];
        for (Value arg : args.drop_front().drop_back())
          acc = arith::AddFOp::create(nb, nloc, acc, arg);
        linalg::YieldOp::create(nb, nloc, acc);
      });
  return generic.getResult(0);
}

/// `v` converted elementwise to `elementType` (arith.extf or arith.truncf).
static Value convertElements(OpBuilder &b, Location loc, Value v,
                             Type elementType) {
  auto type = cast<RankedTensorType>(v.getType());
  auto resultType = type.clone(elementType);
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, v);
  Value init = tensor::EmptyOp::create(b, loc, sizes, elementType);
  AffineMap id = b.getMultiDimIdentityMap(rank);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  bool extend = cast<FloatType>(elementType).getWidth() >
                cast<FloatType>(type.getElementType()).getWidth();
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, ValueRange{v}, ValueRange{init},
      ArrayRef<AffineMap>{id, id}, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value r = extend ? arith::ExtFOp::create(nb, nloc, elementType, args[0])
                               .getResult()
                         : arith::TruncFOp::create(nb, nloc, elementType,
                                                   args[0])
                               .getResult();
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

namespace {

/// Replaces a normalization decomposed into linalg ops on tensors, whose
/// output is the matched op, by the norm op computing it.
struct RaiseLinalgNorm : public RewritePattern {
  RaiseLinalgNorm(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<linalg::LinalgOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
            op))
      return failure();
    std::string why;
    FailureOr<Plan> plan = planRaise(op, why);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, why);

    // A normalization followed by its γ, β or cast is raised from the last
    // of them.
    Operation *current = op;
    for (int depth = 0; depth < 4; ++depth) {
      Value result = current->getResult(0);
      if (!result.hasOneUse())
        break;
      Operation *user = *result.getUsers().begin();
      if (user->getNumResults() != 1 ||
          !isa<linalg::LinalgOp, tensor::ExpandShapeOp,
               tensor::CollapseShapeOp>(user))
        break;
      std::string ignored;
      if (succeeded(planRaise(user, ignored)))
        return rewriter.notifyMatchFailure(
            op, "a later op completes the normalization");
      current = user;
    }
    return raise(op, *plan, rewriter);
  }

  LogicalResult raise(Operation *root, const Plan &plan,
                      PatternRewriter &rewriter) const {
    Location loc = root->getLoc();
    Value x = plan.x;
    auto xType = cast<RankedTensorType>(x.getType());
    Type elementType =
        plan.computeType ? plan.computeType : xType.getElementType();

    // Everything the op reads is defined before the first use of anything
    // it replaces: put it right after the last of its operands.
    Block *block = root->getBlock();
    SmallVector<Value> operands = {x};
    for (const Leaf &term : plan.xTerms)
      operands.push_back(term.value);
    for (const std::optional<Leaf> &leaf :
         {plan.gamma, plan.beta, plan.mean, plan.var})
      if (leaf)
        operands.push_back(leaf->value);
    Operation *after = nullptr;
    for (Value v : operands) {
      Operation *def = v.getDefiningOp();
      if (!def)
        continue;
      Operation *inBlock = block->findAncestorOpInBlock(*def);
      if (!inBlock)
        continue;
      if (!after || after->isBeforeInBlock(inBlock))
        after = inBlock;
    }
    SmallVector<Value> replaced = {root->getResult(0)};
    for (const StatUse &use : plan.stats)
      replaced.push_back(use.value);
    for (Value v : replaced)
      for (Operation *user : v.getUsers()) {
        Operation *inBlock = block->findAncestorOpInBlock(*user);
        if (!inBlock || (after && !after->isBeforeInBlock(inBlock)))
          return rewriter.notifyMatchFailure(
              root, "a replaced value is used before the norm op's operands "
                    "are defined");
      }
    OpBuilder::InsertionGuard guard(rewriter);
    if (after)
      rewriter.setInsertionPointAfter(after);
    else
      rewriter.setInsertionPointToStart(block);

    // scale and bias are optional for the row norms only.
    bool required = requiresParams(plan.kind);
    FailureOr<Value> scale = materializeParam(
        rewriter, loc, plan.gamma, plan.paramDims, plan.paramFrameShape,
        elementType, required ? std::optional<double>(1.0) : std::nullopt);
    FailureOr<Value> bias = materializeParam(
        rewriter, loc, plan.beta, plan.paramDims, plan.paramFrameShape,
        elementType, required ? std::optional<double>(0.0) : std::nullopt);
    if (failed(scale) || failed(bias))
      return rewriter.notifyMatchFailure(root, "cannot shape the parameters");

    RaisedNorm n;
    n.kind = plan.kind;
    n.x = x;
    n.scale = *scale;
    n.bias = *bias;
    n.eps = plan.eps;
    n.withMean = n.withInvStd = !plan.stats.empty();
    // The last dim alone is the row norms' default axis, -1.
    n.axis = plan.kind == NormKind::LayerNorm || plan.kind == NormKind::RmsNorm
                 ? (plan.axis == xType.getRank() - 1 ? -1 : plan.axis)
                 : plan.axis;
    if (plan.kind == NormKind::BatchNorm) {
      FailureOr<Value> mean =
          materializeParam(rewriter, loc, plan.mean, plan.paramDims,
                           plan.paramFrameShape, elementType, std::nullopt);
      FailureOr<Value> var =
          materializeParam(rewriter, loc, plan.var, plan.paramDims,
                           plan.paramFrameShape, elementType, std::nullopt);
      if (failed(mean) || failed(var))
        return rewriter.notifyMatchFailure(root, "cannot shape the statistics");
      n.mean = *mean;
      n.var = *var;
    }
    // x + r fused into the decomposition: the op's input is the sum.
    if (!plan.xTerms.empty())
      n.x = buildSum(rewriter, loc, plan.xTerms, x);
    // Mixed types: x extended to the parameters' type, exactly.
    if (elementType != xType.getElementType())
      n.x = convertElements(rewriter, loc, x, elementType);
    Operation *normOp = buildNormOp(rewriter, loc, n);

    // The statistics the decomposition also returned (collectStats checked
    // that they differ from the op's results in unit dims only).
    SmallVector<Value> statValues;
    for (const StatUse &use : plan.stats) {
      Value result =
          use.result == kInvStdFromVar
              ? invStdFromVar(rewriter, loc, normOp->getResult(2), plan.eps)
              : normOp->getResult(use.result);
      FailureOr<Value> stat = reshapeUnitDims(
          rewriter, loc, result, cast<RankedTensorType>(use.value.getType()));
      if (failed(stat))
        return failure();
      statValues.push_back(*stat);
    }
    for (auto [use, stat] : llvm::zip_equal(plan.stats, statValues))
      rewriter.replaceAllUsesWith(use.value, stat);
    if (plan.onePass)
      root->emitRemark()
          << "raised a one-pass variance E[x^2] - E[x]^2 to '"
          << normOp->getName()
          << "', which computes the variance about the mean (more accurate)";
    Value output = normOp->getResult(0);
    auto rootType = cast<RankedTensorType>(root->getResult(0).getType());
    if (rootType.getElementType() != elementType)
      output = convertElements(rewriter, loc, output, rootType.getElementType());
    rewriter.replaceOp(root, output);
    return success();
  }
};

} // namespace

void mlir::norm::populateRaiseLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseLinalgNorm>(patterns.getContext());
}
