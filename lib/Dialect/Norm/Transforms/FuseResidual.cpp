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
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SetVector.h"

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

/// A residual add with the bias of the layer before it: `x + r + bias`, the
/// bias a vector over the normalized dims (`[axis, rank)`) broadcast over the
/// rows, as the matmul's bias add of a transformer block leaves it once
/// elementwise fusion has merged it with the residual add.
struct BiasedAdd {
  /// `x` gets the bias; the fused op computes `(x + bias) + residual`.
  Value x, residual, bias;
};

/// Whether `map` reads exactly the dims `[axis, rank)` of its loops, in
/// order: a vector over the normalized dims broadcast over the rows.
static bool isTrailingProjection(AffineMap map, int64_t axis) {
  int64_t rank = map.getNumDims();
  if (map.getNumResults() != rank - axis || map.getNumSymbols())
    return false;
  for (auto [i, expr] : llvm::enumerate(map.getResults())) {
    auto d = dyn_cast<AffineDimExpr>(expr);
    if (!d || d.getPosition() != axis + static_cast<int64_t>(i))
      return false;
  }
  return true;
}

/// The body of `op` is a tree of arith.addf over its input block arguments,
/// each used once, yielded; `order` gets the arguments from the innermost
/// add out (the first two are added first).
static bool isAddTree(linalg::LinalgOp op, SmallVectorImpl<unsigned> &order) {
  Block *body = op.getBlock();
  auto yield =
      dyn_cast_or_null<linalg::YieldOp>(body ? body->getTerminator() : nullptr);
  if (!yield || yield->getNumOperands() != 1)
    return false;
  unsigned numInputs = op.getNumDpsInputs();
  if (body->getOperations().size() != numInputs)
    return false; // numInputs - 1 adds and the yield.
  // Walks the tree from the yield: the deeper operand first.
  std::function<bool(Value)> walk = [&](Value v) -> bool {
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      if (arg.getOwner() != body || arg.getArgNumber() >= numInputs ||
          !arg.hasOneUse())
        return false;
      order.push_back(arg.getArgNumber());
      return true;
    }
    auto add = v.getDefiningOp<arith::AddFOp>();
    if (!add || add->getBlock() != body || !add->hasOneUse())
      return false;
    Value lhs = add.getLhs(), rhs = add.getRhs();
    if (isa<BlockArgument>(lhs) && !isa<BlockArgument>(rhs))
      std::swap(lhs, rhs);
    return walk(lhs) && walk(rhs);
  };
  return walk(yield->getOperand(0)) && order.size() == numInputs;
}

/// `sum` as `x + r + bias` for a norm over `[axis, rank)`: one elementwise
/// linalg op adding two tensors of `sum`'s type and the bias vector (in any
/// order), or `(x + r) + bias` with the inner add used only there.
static std::optional<BiasedAdd> matchBiasedAdd(Value sum, int64_t axis) {
  auto type = dyn_cast<RankedTensorType>(sum.getType());
  auto op = sum.getDefiningOp<linalg::LinalgOp>();
  if (!type || !op || op->getNumResults() != 1 || op.getNumDpsInits() != 1 ||
      !op.hasPureTensorSemantics() ||
      op.getNumParallelLoops() != op.getNumLoops() ||
      op.getNumLoops() != static_cast<unsigned>(type.getRank()) ||
      !op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity())
    return std::nullopt;
  auto biasType = RankedTensorType::get(type.getShape().drop_front(axis),
                                        type.getElementType());
  SmallVector<unsigned> order;
  if ((op.getNumDpsInputs() != 2 && op.getNumDpsInputs() != 3) ||
      !isAddTree(op, order))
    return std::nullopt;
  SmallVector<Value> full;
  Value bias;
  for (unsigned i : order) {
    OpOperand *operand = op.getDpsInputOperand(i);
    AffineMap map = op.getMatchingIndexingMap(operand);
    if (map.isIdentity() && operand->get().getType() == type)
      full.push_back(operand->get());
    else if (!bias && isTrailingProjection(map, axis) &&
             operand->get().getType() == biasType)
      bias = operand->get();
    else
      return std::nullopt;
  }
  if (!bias)
    return std::nullopt;
  if (full.size() == 2)
    return BiasedAdd{full[0], full[1], bias};
  // (x + r) + bias: the inner add only feeds this one.
  if (full.size() != 1 || !full[0].hasOneUse())
    return std::nullopt;
  std::optional<std::pair<Value, Value>> inner = matchElementwiseAdd(full[0]);
  if (!inner)
    return std::nullopt;
  return BiasedAdd{inner->first, inner->second, bias};
}

/// Whether `user` comes after `op` in `op`'s block (itself, or the ancestor
/// of it that is in that block).
static bool isAfter(Operation *op, Operation *user) {
  Operation *ancestor = op->getBlock()->findAncestorOpInBlock(*user);
  return ancestor && ancestor != op && op->isBeforeInBlock(ancestor);
}

/// `x + bias`, the bias over the dims `[axis, rank)` of x broadcast over the
/// rows, as an elementwise linalg.generic.
static Value addBias(OpBuilder &b, Location loc, Value x, Value bias,
                     int64_t axis) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, x);
  Value init = tensor::EmptyOp::create(b, loc, sizes, type.getElementType());
  MLIRContext *ctx = b.getContext();
  AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
  SmallVector<AffineExpr> trailing;
  for (int64_t d = axis; d < rank; ++d)
    trailing.push_back(getAffineDimExpr(d, ctx));
  AffineMap biasMap = AffineMap::get(rank, 0, trailing, ctx);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{x, bias}, ValueRange{init},
      ArrayRef<AffineMap>{id, biasMap, id}, iterators,
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        Value sum = arith::AddFOp::create(nb, nloc, args[0], args[1]);
        linalg::YieldOp::create(nb, nloc, sum);
      });
  return generic.getResult(0);
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
    std::optional<BiasedAdd> biased;
    if (!operands)
      biased = matchBiasedAdd(sum, op.getNormalizedAxis());
    if (!operands && !biased)
      return rewriter.notifyMatchFailure(
          op, "input is not an elementwise add of two tensors of its type "
              "(and of a bias over the normalized dims)");
    bool sumUsedElsewhere = false;
    for (OpOperand &use : sum.getUses()) {
      if (use.getOwner() == op.getOperation())
        continue;
      if (!isAfter(op, use.getOwner()))
        return rewriter.notifyMatchFailure(
            op, "the sum is used before the norm op");
      sumUsedElsewhere = true;
    }

    Value x, residual;
    if (operands) {
      std::tie(x, residual) = *operands;
    } else {
      // The bias add stays an elementwise producer of the op's input (the
      // CPU pipeline's tile-and-fuse computes it inside the row tile); the
      // residual goes into the op.
      x = addBias(rewriter, op.getLoc(), biased->x, biased->bias,
                  op.getNormalizedAxis());
      residual = biased->residual;
    }
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
    if (add->use_empty()) {
      // (x + r) + bias: the inner add goes with it.
      llvm::SetVector<Operation *> producers;
      for (Value operand : add->getOperands())
        if (Operation *def = operand.getDefiningOp())
          producers.insert(def);
      rewriter.eraseOp(add);
      if (biased)
        for (Operation *def : producers)
          if (isOpTriviallyDead(def))
            rewriter.eraseOp(def);
    }
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
