//===- Gradients.cpp - The norm gradient ops to linalg -------*- C++ -*-===//
//
// Lowers layer_norm_grad, rms_norm_grad, batch_norm_grad and group_norm_grad
// through one builder: each op is a view of its tensors on an iteration
// space (the input's, or group_norm's (N, G, C / G, ...)) in which the
// statistics run over some dims and the parameters over others.
//
//===----------------------------------------------------------------------===//

#include "NormToLinalg.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::norm;

namespace {
/// A normalization's gradient on an iteration space shaped like `dy`.
struct GradientOperands {
  /// Read through the identity map; `x` has the type of `dy`.
  Value dy, x;
  /// The statistics, read through `statsMap`; `mean` is null for rms_norm.
  Value mean, invStdDev;
  AffineMap statsMap;
  /// The dims each statistic runs over (the others index it).
  SmallVector<bool> reduced;
  /// Null or read through `paramMap`.
  Value scale;
  AffineMap paramMap;
  /// The dims `paramMap` reads, in order: dscale and dbias are over them.
  SmallVector<int64_t> paramDims;
  /// The statistics were constants of the forward op (batch_norm in
  /// inference): dx = inv_std * scale * dy.
  bool constantStatistics = false;
  bool withDscale = false, withDbias = false;
  FloatType accType;
  arith::FastMathFlags sumFlags;
};

/// dx, and dscale / dbias over `paramDims` (null when not asked for), in the
/// element type of `dy`.
struct GradientResults {
  Value dx, dscale, dbias;
};

/// The elements of the operands of a gradient's linalg.generic, converted
/// to the accumulation type: which block argument holds what.
struct GradientArgs {
  int64_t dy = -1, x = -1, mean = -1, invStdDev = -1, scale = -1;
};
} // namespace

/// Appends dy, x, the statistics and (with `withScale`) the scale to
/// `inputs` and `maps`.
static GradientArgs addGradientInputs(const GradientOperands &ops,
                                      bool withScale,
                                      SmallVectorImpl<Value> &inputs,
                                      SmallVectorImpl<AffineMap> &maps) {
  AffineMap identity = AffineMap::getMultiDimIdentityMap(
      ops.reduced.size(), ops.statsMap.getContext());
  GradientArgs args;
  auto add = [&](Value value, AffineMap map) -> int64_t {
    if (!value)
      return -1;
    inputs.push_back(value);
    maps.push_back(map);
    return inputs.size() - 1;
  };
  args.dy = add(ops.dy, identity);
  args.x = add(ops.x, identity);
  args.mean = add(ops.mean, ops.statsMap);
  args.invStdDev = add(ops.invStdDev, ops.statsMap);
  if (withScale)
    args.scale = add(ops.scale, ops.paramMap);
  return args;
}

/// Builds, from the block arguments `values` of a generic laid out as
/// `args`: dy, xhat = (x - mean) * inv_std (x * inv_std without a mean) and,
/// with a scale, g = dy * scale (else g = dy), all in `accType`.
static void buildNormalizedTerms(OpBuilder &b, Location loc, ValueRange values,
                                 const GradientArgs &args, FloatType accType,
                                 Value &dy, Value &xhat, Value &g) {
  auto arg = [&](int64_t index) {
    return convertFloat(b, loc, values[index], accType);
  };
  dy = arg(args.dy);
  // The statistics have the accumulation type: arg() converts only x.
  Value x = arg(args.x);
  Value mean = args.mean >= 0 ? arg(args.mean) : Value();
  xhat = buildNormalizedInput(b, loc, x, mean, arg(args.invStdDev));
  g = args.scale >= 0
          ? arith::MulFOp::create(b, loc, dy, arg(args.scale)).getResult()
          : dy;
}

/// `tensor` (of `accType`) converted elementwise to `elementType`.
static Value buildConvertTensor(OpBuilder &b, Location loc, Value tensor,
                                FloatType elementType) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (type.getElementType() == elementType)
    return tensor;
  Value init = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, tensor), elementType);
  SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{tensor}, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(
                   nb, nl, convertFloat(nb, nl, args[0], elementType));
             })
      .getResult(0);
}

/// Builds the gradient of `ops`:
///   s1 = sum(g), s2 = sum(g * xhat) over the statistic's dims (n elements),
///   dx = inv_std * (g - s1 / n - xhat * s2 / n)   (no s1 without a mean;
///        dx = inv_std * g with constant statistics),
///   dscale = sum(dy * xhat), dbias = sum(dy) over the dims but `paramDims`,
/// every sum in the accumulation type, in a fixed order.
static GradientResults buildNormGradient(OpBuilder &b, Location loc,
                                         const GradientOperands &ops) {
  auto dyType = cast<RankedTensorType>(ops.dy.getType());
  auto elementType = cast<FloatType>(dyType.getElementType());
  FloatType accType = ops.accType;
  int64_t rank = dyType.getRank();
  MLIRContext *context = b.getContext();
  bool withMean = static_cast<bool>(ops.mean);
  GradientResults results;

  // The row sums: sum(g) (with a mean) and sum(g * xhat).
  SmallVector<Value> rowSums;
  Value count;
  if (!ops.constantStatistics) {
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    GradientArgs args =
        addGradientInputs(ops, /*withScale=*/true, inputs, maps);
    rowSums = buildSumsOf(
        b, loc, inputs, maps, ops.reduced, accType, ops.sumFlags,
        withMean ? 2 : 1, [&](OpBuilder &nb, Location nl, ValueRange values) {
          Value dy, xhat, g;
          buildNormalizedTerms(nb, nl, values, args, accType, dy, xhat, g);
          SmallVector<Value> terms;
          if (withMean)
            terms.push_back(g);
          terms.push_back(arith::MulFOp::create(nb, nl, g, xhat));
          return terms;
        });
    count = buildReducedCount(b, loc, ops.dy, ops.reduced, accType);
  }

  // dx, elementwise.
  {
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    GradientArgs args =
        addGradientInputs(ops, /*withScale=*/true, inputs, maps);
    int64_t firstSum = inputs.size();
    AffineMap keptMap = getProjection(context, rank, getKeptDims(ops.reduced));
    for (Value sum : rowSums) {
      inputs.push_back(sum);
      maps.push_back(keptMap);
    }
    Value init = tensor::EmptyOp::create(
        b, loc, tensor::getMixedSizes(b, loc, ops.dy), elementType);
    maps.push_back(b.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    results.dx =
        linalg::GenericOp::create(
            b, loc, init.getType(), inputs, ValueRange{init}, maps, iterators,
            [&](OpBuilder &nb, Location nl, ValueRange values) {
              Value dy, xhat, g;
              buildNormalizedTerms(nb, nl, values, args, accType, dy, xhat, g);
              Value invStd =
                  convertFloat(nb, nl, values[args.invStdDev], accType);
              Value inner = g;
              if (!ops.constantStatistics) {
                int64_t next = firstSum;
                if (withMean)
                  inner = arith::SubFOp::create(
                      nb, nl, inner, buildMean(nb, nl, values[next++], count));
                Value projection = arith::MulFOp::create(
                    nb, nl, xhat, buildMean(nb, nl, values[next], count));
                inner = arith::SubFOp::create(nb, nl, inner, projection);
              }
              Value dx = arith::MulFOp::create(nb, nl, invStd, inner);
              linalg::YieldOp::create(nb, nl,
                                      convertFloat(nb, nl, dx, elementType));
            })
            .getResult(0);
  }

  // dscale = sum(dy * xhat), dbias = sum(dy) over the dims but paramDims.
  if (ops.withDscale || ops.withDbias) {
    SmallVector<bool> paramReduced(rank, true);
    for (int64_t dim : ops.paramDims)
      paramReduced[dim] = false;
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    GradientArgs args =
        addGradientInputs(ops, /*withScale=*/false, inputs, maps);
    SmallVector<Value> sums = buildSumsOf(
        b, loc, inputs, maps, paramReduced, accType, ops.sumFlags,
        int64_t(ops.withDscale) + int64_t(ops.withDbias),
        [&](OpBuilder &nb, Location nl, ValueRange values) {
          Value dy, xhat, g;
          buildNormalizedTerms(nb, nl, values, args, accType, dy, xhat, g);
          SmallVector<Value> terms;
          if (ops.withDscale)
            terms.push_back(arith::MulFOp::create(nb, nl, dy, xhat));
          if (ops.withDbias)
            terms.push_back(dy);
          return terms;
        });
    int64_t next = 0;
    if (ops.withDscale)
      results.dscale = buildConvertTensor(b, loc, sums[next++], elementType);
    if (ops.withDbias)
      results.dbias = buildConvertTensor(b, loc, sums[next], elementType);
  }
  return results;
}

/// The map of a row statistic of layout `x.shape[:axis] + [1] * (rank -
/// axis)`: the leading dims, then constant 0 for the unit dims.
static AffineMap getRowStatisticsMap(MLIRContext *context, int64_t rank,
                                     int64_t axis) {
  SmallVector<AffineExpr> exprs;
  for (int64_t dim = 0; dim < rank; ++dim)
    exprs.push_back(dim < axis ? getAffineDimExpr(dim, context)
                               : getAffineConstantExpr(0, context));
  return AffineMap::get(rank, /*symbolCount=*/0, exprs, context);
}

/// The operands of a row norm's gradient (layer_norm_grad, rms_norm_grad).
template <typename OpTy>
static GradientOperands
getRowGradientOperands(OpTy op, const ConvertNormToLinalgPassOptions &options) {
  MLIRContext *context = op.getContext();
  int64_t rank = op.getDy().getType().getRank();
  int64_t axis = op.getNormalizedAxis();
  GradientOperands ops;
  ops.dy = op.getDy();
  ops.x = op.getX();
  ops.statsMap = getRowStatisticsMap(context, rank, axis);
  ops.reduced.assign(rank, false);
  std::fill(ops.reduced.begin() + axis, ops.reduced.end(), true);
  ops.scale = op.getScale();
  ops.paramDims = llvm::to_vector(llvm::seq<int64_t>(axis, rank));
  ops.paramMap = getProjection(context, rank, ops.paramDims);
  ops.withDscale = static_cast<bool>(op.getDscale());
  ops.accType = op.getAccumulatorType();
  ops.sumFlags = getSumFlags(options);
  return ops;
}

/// Replaces `op` by dx and the present parameter gradients.
static void replaceGradientOp(PatternRewriter &rewriter, Operation *op,
                              const GradientResults &results) {
  Location loc = op->getLoc();
  SmallVector<Value> replacements;
  auto resultsIt = op->result_begin();
  for (Value value : {results.dx, results.dscale, results.dbias}) {
    if (!value)
      continue;
    replacements.push_back(
        castToType(rewriter, loc, value, (*resultsIt++).getType()));
  }
  rewriter.replaceOp(op, replacements);
}

namespace {
/// The row statistics a row norm's gradient reads: layer_norm_grad's mean
/// and 1/σ (and whether it has dbias), rms_norm_grad's 1/rms.
static void setRowStatistics(GradientOperands &ops, LayerNormGradOp op) {
  ops.mean = op.getMean();
  ops.invStdDev = op.getInvStdDev();
  ops.withDbias = static_cast<bool>(op.getDbias());
}
static void setRowStatistics(GradientOperands &ops, RMSNormGradOp op) {
  ops.invStdDev = op.getInvRms();
}

/// Rewrites `norm.layer_norm_grad` into one reduction of the row sums
/// sum(g) and sum(g * xhat), one elementwise generic for dx, and (when
/// asked for) one reduction over the rows for dscale and dbias;
/// `norm.rms_norm_grad` likewise without a mean: one row sum, sum(g * xhat).
template <typename OpTy>
struct RowNormGradToLinalg : NormToLinalgPattern<OpTy> {
  using NormToLinalgPattern<OpTy>::NormToLinalgPattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    GradientOperands ops = getRowGradientOperands(op, this->options);
    setRowStatistics(ops, op);
    replaceGradientOp(rewriter, op,
                      buildNormGradient(rewriter, op.getLoc(), ops));
    return success();
  }
};

/// Rewrites `norm.batch_norm_grad`: the inverse standard deviation per
/// channel from `var` and `epsilon`, then the per-channel sums over every
/// other dim (none for dx in inference mode) and dx.
struct BatchNormGradToLinalg : NormToLinalgPattern<BatchNormGradOp> {
  using NormToLinalgPattern::NormToLinalgPattern;

  LogicalResult matchAndRewrite(BatchNormGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t rank = op.getDy().getType().getRank();
    int64_t channelAxis = op.getNormalizedFeatureAxis();
    GradientOperands ops;
    ops.dy = op.getDy();
    ops.x = op.getX();
    ops.accType = op.getAccumulatorType();
    ops.mean = op.getMean();
    ops.invStdDev = buildInverseSqrt(rewriter, loc, op.getVar(),
                                     op.getAccumulatorEpsilon(), ops.accType);
    ops.statsMap = getProjection(rewriter.getContext(), rank, {channelAxis});
    ops.reduced.assign(rank, true);
    ops.reduced[channelAxis] = false;
    ops.scale = op.getScale();
    ops.paramDims = {channelAxis};
    ops.paramMap = ops.statsMap;
    ops.constantStatistics = !op.getTraining();
    ops.withDscale = static_cast<bool>(op.getDscale());
    ops.withDbias = static_cast<bool>(op.getDbias());
    ops.sumFlags = getSumFlags(options);
    replaceGradientOp(rewriter, op, buildNormGradient(rewriter, loc, ops));
    return success();
  }
};

/// Rewrites `norm.group_norm_grad` on the (N, G, C / G, ...) view of dy and
/// x (scale as (G, C / G)), as group_norm is lowered; dx and the parameter
/// gradients are collapsed back to (N, C, ...) and (C).
struct GroupNormGradToLinalg : NormToLinalgPattern<GroupNormGradOp> {
  using NormToLinalgPattern::NormToLinalgPattern;

  LogicalResult matchAndRewrite(GroupNormGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t groups = op.getNumGroups();
    int64_t rank = op.getDy().getType().getRank();
    MLIRContext *context = rewriter.getContext();
    GradientOperands ops;
    ops.dy = splitDim(rewriter, loc, op.getDy(), 1, groups);
    ops.x = splitDim(rewriter, loc, op.getX(), 1, groups);
    ops.mean = op.getMean();
    ops.invStdDev = op.getInvStdDev();
    ops.statsMap = getProjection(context, rank + 1, {0, 1});
    ops.reduced.assign(rank + 1, true);
    ops.reduced[0] = ops.reduced[1] = false;
    ops.scale = splitDim(rewriter, loc, op.getScale(), 0, groups);
    ops.paramDims = {1, 2};
    ops.paramMap = getProjection(context, rank + 1, ops.paramDims);
    ops.withDscale = static_cast<bool>(op.getDscale());
    ops.withDbias = static_cast<bool>(op.getDbias());
    ops.accType = op.getAccumulatorType();
    ops.sumFlags = getSumFlags(options);
    GradientResults results = buildNormGradient(rewriter, loc, ops);
    results.dx = tensor::CollapseShapeOp::create(
        rewriter, loc, results.dx, getSplitReassociation(rank, 1));
    for (Value *gradient : {&results.dscale, &results.dbias})
      if (*gradient)
        *gradient = tensor::CollapseShapeOp::create(
            rewriter, loc, *gradient, getSplitReassociation(1, 0));
    replaceGradientOp(rewriter, op, results);
    return success();
  }
};
} // namespace

void mlir::norm::populateGradientToLinalgPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToLinalgPassOptions &options) {
  patterns.add<RowNormGradToLinalg<LayerNormGradOp>,
               RowNormGradToLinalg<RMSNormGradOp>, BatchNormGradToLinalg,
               GroupNormGradToLinalg>(patterns.getContext(), options);
}
