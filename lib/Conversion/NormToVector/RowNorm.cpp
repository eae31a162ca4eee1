//===- RowNorm.cpp - layer_norm and rms_norm to vector loops -*- C++ -*-===//
//
// Lowers a row norm (normalizing its last dim) straight to loops over rows
// whose body streams the row through vector registers: independent vector
// accumulators per pass, one horizontal reduction per pass, masked tails,
// and a normalization pass that reads the row back while it is in cache.
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "VectorKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/NormToVector/NormToVector.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Builds the vector loops of one row norm. The row is the last dim of
/// `input`; every other dim is a loop over rows. The main loops of a bf16
/// row accumulated in f32 read and write it in pairs (loadInputPair).
class RowKernelBuilder : public VectorKernelBuilder {
public:
  RowKernelBuilder(OpBuilder &b, Location loc, Value input, FloatType accType,
                   const ConvertNormToVectorPassOptions &options)
      : VectorKernelBuilder(b, loc, input, accType, options,
                            /*allowPairs=*/true) {
    count = buildIndexToFloat(b, loc, length, accType);
  }

  /// One pass over the row at `rowIndices` that sums `numSums` terms of each
  /// element (see accumulate), then reduces each sum horizontally once.
  SmallVector<Value>
  buildRowSums(ValueRange rowIndices, int64_t numSums,
               function_ref<SmallVector<Value>(Value x)> terms) {
    return reduce(accumulate(rowIndices, numSums, terms));
  }

  /// The normalization pass: writes `body(x, j, mask)` of every element of
  /// the row into `output` and returns the updated tensor. With
  /// `streamStores`, the main loop is marked for norm-stream-stores.
  /// With a residual and `sum`, it also writes the row's
  /// `input + residual` into `*sum` and updates it.
  Value buildRowWrite(ValueRange rowIndices, Value output,
                      function_ref<Value(Value x, Value j, Value mask)> body,
                      Value *sum = nullptr) {
    return write(rowIndices, output, body, StreamPolicy::AlignedRow, sum);
  }

  /// `param` (1-D, e.g. a bf16 scale) converted once to a tensor of the
  /// accumulation type by a vector loop (full vectors, then one masked tail
  /// vector: AVX2 has no masked 16-bit loads, so masking every vector would
  /// scalarize the loop), so that the normalization pass of every row reads
  /// it without converting it again. Returns `param` itself when it already
  /// has the accumulation type.
  Value convertParam(Value param) {
    auto paramType = cast<RankedTensorType>(param.getType());
    auto paramElementType = cast<FloatType>(paramType.getElementType());
    if (paramElementType == accType && !pairs)
      return param;
    // Hoisted above the enclosing loops (e.g. the row tiles of
    // norm-tile-and-fuse) that `param` does not depend on.
    OpBuilder::InsertionGuard guard(b);
    if (Operation *loop = outermostInvariantLoop(param, b.getInsertionBlock()))
      b.setInsertionPoint(loop);
    Value paramLength = tensor::DimOp::create(b, loc, param, 0);
    Value empty = tensor::EmptyOp::create(
        b, loc, tensor::getMixedSizes(b, loc, param), accType);
    // Pair mode: each 2 x lanes block of the unrolled main loops' range is
    // stored as its even elements, then its odd ones (the order in which
    // loadInputPair delivers the row).
    Value start = index(0);
    Value converted = empty;
    if (pairs) {
      Value pairedEnd = roundDown(paramLength, lanes * unroll);
      converted = buildPairedParam(param, pairedEnd, empty);
      start = pairedEnd;
    }
    Value paramFullEnd = roundDown(paramLength, lanes);
    auto mainLoop = scf::ForOp::create(
        b, loc, start, paramFullEnd, index(lanes), ValueRange{converted},
        [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToEnd(nb.getInsertionBlock());
          scf::YieldOp::create(
              b, loc,
              writeVector(readVector(param, j, Value()), carried[0], j,
                          Value()));
        });
    return buildVectorLoop(
        paramFullEnd, paramLength, ValueRange{mainLoop.getResult(0)},
        [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
          return {writeVector(readVector(param, j, mask), carried[0], j, mask)};
        })[0];
  }

  /// The element count of a row, in the accumulation type.
  Value count;

private:
  /// Pair mode: `param` over [0, pairedEnd) widened into `converted` with
  /// each 2 x lanes block's even elements first, then its odd ones.
  Value buildPairedParam(Value param, Value pairedEnd, Value converted) {
    auto paramElementType =
        cast<RankedTensorType>(param.getType()).getElementType();
    AffineMap map = b.getMultiDimIdentityMap(1);
    Value pad = arith::ConstantOp::create(
        b, loc, paramElementType, b.getFloatAttr(paramElementType, 0.0));
    VectorType blockType = VectorType::get({2 * lanes}, paramElementType);
    VectorType wideBlockType = VectorType::get({2 * lanes}, accType);
    SmallVector<int64_t> evensThenOdds;
    for (int64_t parity = 0; parity < 2; ++parity)
      for (int64_t i = parity; i < 2 * lanes; i += 2)
        evensThenOdds.push_back(i);
    auto pairLoop = scf::ForOp::create(
        b, loc, index(0), pairedEnd, index(2 * lanes), ValueRange{converted},
        [&](OpBuilder &nb, Location nl, Value j, ValueRange carried) {
          Value read = vector::TransferReadOp::create(
              nb, nl, blockType, param, ValueRange{j}, map, pad, Value(),
              nb.getBoolArrayAttr({true}));
          Value wide = read;
          if (paramElementType != accType)
            wide = arith::ExtFOp::create(nb, nl, wideBlockType, read);
          Value split =
              vector::ShuffleOp::create(nb, nl, wide, wide, evensThenOdds);
          scf::YieldOp::create(
              nb, nl,
              vector::TransferWriteOp::create(
                  nb, nl, carried[0].getType(), split, carried[0],
                  ValueRange{j}, map, Value(), nb.getBoolArrayAttr({true}))
                  .getResult());
        });
    return pairLoop.getResult(0);
  }

  /// The outermost loop around `block` whose body does not define `value`
  /// (code that depends only on `value` can go before it), or null.
  static Operation *outermostInvariantLoop(Value value, Block *block) {
    Operation *definer = value.getParentBlock()->getParentOp();
    Operation *loop = nullptr;
    for (Operation *parent = block->getParentOp();
         parent && isa<LoopLikeOpInterface>(parent) &&
         !parent->isAncestor(definer);
         parent = parent->getParentOp())
      loop = parent;
    return loop;
  }
};

/// Builds a loop nest over every row of `input` (all dims but the last),
/// carrying `inits`; `body` gets the row indices and the carried values and
/// returns the new ones.
static SmallVector<Value> buildRowLoops(
    OpBuilder &b, Location loc, Value input, ValueRange inits,
    function_ref<SmallVector<Value>(ValueRange rowIndices, ValueRange carried)>
        body) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t dim = 0; dim + 1 < rank; ++dim) {
    lbs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    ubs.push_back(tensor::DimOp::create(b, loc, input, dim));
    steps.push_back(arith::ConstantIndexOp::create(b, loc, 1));
  }
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, inits,
      [&](OpBuilder &nb, Location nl, ValueRange ivs, ValueRange carried) {
        return body(ivs, carried);
      });
  return nest.results;
}

/// Writes `value` at row `rowIndices` of a statistics tensor in the ONNX
/// layout (the row's indices, then zeros).
static Value insertRowStat(OpBuilder &b, Location loc, Value value,
                           Value stats, ValueRange rowIndices) {
  int64_t rank = cast<RankedTensorType>(stats.getType()).getRank();
  SmallVector<Value> indices(rowIndices);
  while (static_cast<int64_t>(indices.size()) < rank)
    indices.push_back(arith::ConstantIndexOp::create(b, loc, 0));
  return tensor::InsertOp::create(b, loc, value, stats, indices);
}

/// Reshapes per-row statistics (a tensor over the leading dims) into the
/// declared ONNX-layout type `shape[:-1] + [1]`.
static Value expandRowStats(OpBuilder &b, Location loc, Value stats,
                            Type type) {
  auto statsType = cast<RankedTensorType>(stats.getType());
  int64_t keptRank = statsType.getRank();
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t dim = 0; dim < keptRank; ++dim)
    reassociation.push_back({dim});
  if (!reassociation.empty())
    reassociation.back().push_back(keptRank);
  SmallVector<int64_t> shape(statsType.getShape());
  shape.push_back(1);
  SmallVector<OpFoldResult> outputShape = tensor::getMixedSizes(b, loc, stats);
  outputShape.push_back(b.getIndexAttr(1));
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, statsType.getElementType()), stats,
      reassociation, outputShape);
  if (expanded.getType() != type)
    expanded = tensor::CastOp::create(b, loc, type, expanded);
  return expanded;
}

/// The replacement values of a row norm: the output, then each requested
/// statistic reshaped to its declared type.
static SmallVector<Value> finishStats(OpBuilder &b, Location loc,
                                      Operation *op, ArrayRef<Value> results) {
  SmallVector<Value> replacements = {results[0]};
  for (auto [value, result] :
       llvm::zip_equal(results.drop_front(), op->getResults().drop_front()))
    replacements.push_back(value.getType() == result.getType()
                               ? value // The `sum`, in the input's type.
                               : expandRowStats(b, loc, value,
                                                result.getType()));
  return replacements;
}

/// Whether the vector kernel handles `op`: one normalized dim (the last).
template <typename OpTy> static LogicalResult isVectorizable(OpTy op) {
  RankedTensorType type = op.getInput().getType();
  if (op.getNormalizedAxis() != type.getRank() - 1)
    return failure();
  return success();
}

/// The initial tensors of a row kernel: the output, the `sum` if requested
/// (the input's shape and element type), then one tensor over the rows (the
/// leading dims, accumulation type) per requested statistic.
static SmallVector<Value> buildRowInits(OpBuilder &b, Location loc,
                                        Operation *op, Value sum,
                                        const RowKernelBuilder &kernel) {
  SmallVector<OpFoldResult> sizes =
      tensor::getMixedSizes(b, loc, kernel.input);
  SmallVector<Value> inits = {
      tensor::EmptyOp::create(b, loc, sizes, kernel.elementType)};
  for (unsigned result = 1; result < op->getNumResults(); ++result)
    inits.push_back(
        op->getResult(result) == sum
            ? tensor::EmptyOp::create(b, loc, sizes, kernel.elementType)
            : tensor::EmptyOp::create(
                  b, loc, ArrayRef<OpFoldResult>(sizes).drop_back(),
                  kernel.accType));
  return inits;
}

/// Rewrites `norm.layer_norm` over its last dim into loops over rows; per
/// row: a vector pass summing x (first mean m1), a vector pass summing
/// d = x - m1 and d^2, and a vector pass writing
/// ((x - m1) - c) * rstd * scale + bias with c = sum(d)/n. Statistics are
/// the same corrected two-pass ones as the linalg lowering.
struct LayerNormToVector : OpRewritePattern<LayerNormOp> {
  LayerNormToVector(MLIRContext *context,
                    const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(isVectorizable(op)))
      return rewriter.notifyMatchFailure(op, "normalizes more than one dim");
    Location loc = op.getLoc();
    Value input = op.getInput();
    RowKernelBuilder kernel(rewriter, loc, input, op.getAccumulatorType(),
                            options);
    kernel.setResidual(op.getResidual());
    double epsilon = op.getAccumulatorEpsilon();
    // Half-precision scale and bias are widened once, not once per row.
    Value scale = op.getScale() ? kernel.convertParam(op.getScale()) : Value();
    Value bias = op.getBias() ? kernel.convertParam(op.getBias()) : Value();
    SmallVector<Value> inits =
        buildRowInits(rewriter, loc, op, op.getSum(), kernel);
    // Statistics tensors are built over the rows, then reshaped.
    SmallVector<Value> results = buildRowLoops(
        rewriter, loc, input, inits,
        [&](ValueRange rows, ValueRange carried) -> SmallVector<Value> {
          Value sum = kernel.buildRowSums(
              rows, 1, [](Value x) { return SmallVector<Value>{x}; })[0];
          Value firstMean = buildMean(rewriter, loc, sum, kernel.count);
          Value m1 = kernel.splat(firstMean);
          SmallVector<Value> sums = kernel.buildRowSums(
              rows, 2, [&](Value x) -> SmallVector<Value> {
                Value d = arith::SubFOp::create(rewriter, loc, x, m1);
                return {d, arith::MulFOp::create(rewriter, loc, d, d)};
              });
          CentredMoments moments = buildCentredMoments(
              rewriter, loc, firstMean, sums[0], sums[1], kernel.count);
          Value invStdDev =
              buildInverseSqrt(rewriter, loc, moments.variance, epsilon);
          Value c = kernel.splat(moments.correction);
          Value rstd = kernel.splat(invStdDev);
          Value residualSum = op.getSum() ? carried[1] : Value();
          Value output = kernel.buildRowWrite(
              rows, carried[0], [&](Value x, Value j, Value mask) -> Value {
                Value d = arith::SubFOp::create(
                    rewriter, loc, arith::SubFOp::create(rewriter, loc, x, m1),
                    c);
                Value y = buildScaledDeviation(rewriter, loc, d, rstd, epsilon);
                if (scale && bias)
                  return math::FmaOp::create(rewriter, loc, y,
                                             kernel.readVector(scale, j, mask),
                                             kernel.readVector(bias, j, mask));
                if (scale)
                  y = arith::MulFOp::create(rewriter, loc, y,
                                            kernel.readVector(scale, j, mask));
                if (bias)
                  y = arith::AddFOp::create(rewriter, loc, y,
                                            kernel.readVector(bias, j, mask));
                return y;
              },
              residualSum ? &residualSum : nullptr);
          SmallVector<Value> next = {output};
          if (residualSum)
            next.push_back(residualSum);
          int64_t statIndex = next.size();
          if (op.getMean())
            next.push_back(insertRowStat(rewriter, loc, moments.mean,
                                         carried[statIndex++], rows));
          if (op.getInvStdDev())
            next.push_back(insertRowStat(rewriter, loc, invStdDev,
                                         carried[statIndex++], rows));
          return next;
        });
    rewriter.replaceOp(op, finishStats(rewriter, loc, op, results));
    return success();
  }

  ConvertNormToVectorPassOptions options;
};

/// Rewrites `norm.rms_norm` over its last dim into loops over rows; per row:
/// a vector pass summing x^2 and a vector pass writing x * rstd * scale.
struct RMSNormToVector : OpRewritePattern<RMSNormOp> {
  RMSNormToVector(MLIRContext *context,
                  const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(RMSNormOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(isVectorizable(op)))
      return rewriter.notifyMatchFailure(op, "normalizes more than one dim");
    Location loc = op.getLoc();
    Value input = op.getInput();
    RowKernelBuilder kernel(rewriter, loc, input, op.getAccumulatorType(),
                            options);
    kernel.setResidual(op.getResidual());
    double epsilon = op.getAccumulatorEpsilon();
    Value scale = op.getScale() ? kernel.convertParam(op.getScale()) : Value();
    SmallVector<Value> inits =
        buildRowInits(rewriter, loc, op, op.getSum(), kernel);
    SmallVector<Value> results = buildRowLoops(
        rewriter, loc, input, inits,
        [&](ValueRange rows, ValueRange carried) -> SmallVector<Value> {
          Value sumSquares = kernel.buildRowSums(
              rows, 1, [&](Value x) -> SmallVector<Value> {
                return {arith::MulFOp::create(rewriter, loc, x, x)};
              })[0];
          Value meanSquare = buildMean(rewriter, loc, sumSquares, kernel.count);
          Value invRms = buildInverseSqrt(rewriter, loc, meanSquare, epsilon);
          Value rstd = kernel.splat(invRms);
          Value sum = op.getSum() ? carried[1] : Value();
          Value output = kernel.buildRowWrite(
              rows, carried[0],
              [&](Value x, Value j, Value mask) -> Value {
                Value y = buildScaledDeviation(rewriter, loc, x, rstd, epsilon);
                if (scale)
                  y = arith::MulFOp::create(rewriter, loc, y,
                                            kernel.readVector(scale, j, mask));
                return y;
              },
              sum ? &sum : nullptr);
          SmallVector<Value> next = {output};
          if (sum)
            next.push_back(sum);
          if (op.getInvRms())
            next.push_back(insertRowStat(rewriter, loc, invRms,
                                         carried[next.size()], rows));
          return next;
        });
    rewriter.replaceOp(op, finishStats(rewriter, loc, op, results));
    return success();
  }

  ConvertNormToVectorPassOptions options;
};
} // namespace

void mlir::norm::populateRowNormToVectorPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToVectorPassOptions &options) {
  patterns.add<LayerNormToVector, RMSNormToVector>(patterns.getContext(),
                                                   options);
}
