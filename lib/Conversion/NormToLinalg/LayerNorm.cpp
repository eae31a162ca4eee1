//===- LayerNorm.cpp - layer_norm and rms_norm to linalg ----*- C++ -*-===//
//
// Lowers the row norms, whose statistics are taken over the trailing dims
// [axis, rank) of every instance.
//
//===----------------------------------------------------------------------===//

#include "NormToLinalg.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;
using namespace mlir::norm;

/// `reduced` marks the dims [axis, rank).
static SmallVector<bool> getTrailingReduction(int64_t rank, int64_t axis) {
  SmallVector<bool> reduced(rank, false);
  std::fill(reduced.begin() + axis, reduced.end(), true);
  return reduced;
}

/// Expands statistics over the leading dims [0, axis) into the ONNX layout
/// `shape[:axis] + [1] * (rank - axis)`, cast to the declared `resultType`.
static Value expandRowStats(OpBuilder &b, Location loc, Value stats,
                            Type resultType) {
  auto statsType = cast<RankedTensorType>(stats.getType());
  auto declaredType = cast<RankedTensorType>(resultType);
  int64_t keptRank = statsType.getRank();
  int64_t rank = declaredType.getRank();
  SmallVector<int64_t> shape(statsType.getShape());
  shape.append(rank - keptRank, 1);
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t dim = 0; dim < keptRank; ++dim)
    reassociation.push_back({dim});
  // The last kept dim absorbs the trailing unit dims.
  for (int64_t dim = keptRank; dim < rank; ++dim) {
    if (reassociation.empty())
      break;
    reassociation.back().push_back(dim);
  }
  SmallVector<OpFoldResult> outputShape = tensor::getMixedSizes(b, loc, stats);
  outputShape.append(rank - keptRank, b.getIndexAttr(1));
  auto expandedType =
      RankedTensorType::get(shape, statsType.getElementType());
  Value expanded = tensor::ExpandShapeOp::create(b, loc, expandedType, stats,
                                                 reassociation, outputShape);
  return castToType(b, loc, expanded, resultType);
}

/// The tensor a row norm normalizes: `input`, or with a `residual` the
/// elementwise `input + residual` in the element type (one linalg.generic
/// reading both tensors once), which is also the op's `sum` result.
static Value buildRowNormInput(OpBuilder &b, Location loc, Value input,
                               Value residual) {
  if (!residual)
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  Value init = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, input), type.getElementType());
  SmallVector<AffineMap> maps(3, b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, type, ValueRange{input, residual}, ValueRange{init}, maps,
      iterators, [](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(
            nb, nl, arith::AddFOp::create(nb, nl, args[0], args[1]).getResult());
      });
  return generic.getResult(0);
}

namespace {
/// What the row-norm patterns share: the input after the residual add, its
/// reduced dims [axis, rank), and the normalization's operands with the
/// statistics indexed by the kept dims and the parameters by [axis, rank).
struct RowNormalization {
  template <typename OpTy>
  RowNormalization(OpBuilder &b, OpTy op)
      : reduced(getTrailingReduction(op.getInput().getType().getRank(),
                                     op.getNormalizedAxis())),
        accType(op.getAccumulatorType()) {
    MLIRContext *context = b.getContext();
    int64_t rank = op.getInput().getType().getRank();
    operands.input =
        buildRowNormInput(b, op.getLoc(), op.getInput(), op.getResidual());
    operands.statsMap = getProjection(context, rank, getKeptDims(reduced));
    operands.scale = op.getScale();
    operands.paramMap = getProjection(
        context, rank,
        llvm::to_vector(llvm::seq<int64_t>(op.getNormalizedAxis(), rank)));
    operands.accType = accType;
    operands.epsilon = op.getAccumulatorEpsilon();
  }

  /// The normalized tensor, then the `sum` when `withSum`.
  SmallVector<Value> buildOutputs(OpBuilder &b, Location loc,
                                  bool withSum) const {
    SmallVector<Value> results = {buildNormalize(b, loc, operands)};
    if (withSum)
      results.push_back(operands.input);
    return results;
  }

  SmallVector<bool> reduced;
  FloatType accType;
  NormalizeOperands operands;
};

/// Rewrites `norm.layer_norm` into the corrected two-pass moments over
/// [axis, rank) followed by one elementwise normalization, all linalg.generic
/// on tensors; requested statistics are reshaped into the ONNX layout. A
/// residual is added first by one elementwise generic, whose result is the
/// normalized tensor and the `sum`.
struct LayerNormToLinalg : NormToLinalgPattern<LayerNormOp> {
  using NormToLinalgPattern::NormToLinalgPattern;

  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RowNormalization row(rewriter, op);
    NormalizeOperands &operands = row.operands;
    Moments moments = buildMoments(rewriter, loc, operands.input, row.reduced,
                                   row.accType, getSumFlags(options));
    operands.mean = moments.firstMean;
    operands.meanCorrection = moments.correction;
    operands.invStdDev = buildInverseSqrt(rewriter, loc, moments.variance,
                                          operands.epsilon, row.accType);
    operands.bias = op.getBias();

    SmallVector<Value> results =
        row.buildOutputs(rewriter, loc, static_cast<bool>(op.getSum()));
    if (Value mean = op.getMean())
      results.push_back(
          expandRowStats(rewriter, loc, moments.mean, mean.getType()));
    if (Value stat = op.getInvStdDev())
      results.push_back(
          expandRowStats(rewriter, loc, operands.invStdDev, stat.getType()));
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Rewrites `norm.rms_norm` into one reduction of x^2 over [axis, rank) and
/// one elementwise scaling by the inverse root mean square.
struct RMSNormToLinalg : NormToLinalgPattern<RMSNormOp> {
  using NormToLinalgPattern::NormToLinalgPattern;

  LogicalResult matchAndRewrite(RMSNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RowNormalization row(rewriter, op);
    NormalizeOperands &operands = row.operands;
    Value meanSquare =
        buildMeanOfSquares(rewriter, loc, operands.input, row.reduced,
                           row.accType, getSumFlags(options));
    operands.invStdDev = buildInverseSqrt(rewriter, loc, meanSquare,
                                          operands.epsilon, row.accType);

    SmallVector<Value> results =
        row.buildOutputs(rewriter, loc, static_cast<bool>(op.getSum()));
    if (Value stat = op.getInvRms())
      results.push_back(
          expandRowStats(rewriter, loc, operands.invStdDev, stat.getType()));
    rewriter.replaceOp(op, results);
    return success();
  }
};
} // namespace

void mlir::norm::populateLayerNormToLinalgPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToLinalgPassOptions &options) {
  patterns.add<LayerNormToLinalg, RMSNormToLinalg>(patterns.getContext(), options);
}
