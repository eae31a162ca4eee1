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
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
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
    // The sums of squares (buildSquare) accumulate with FMAs.
    contractSums = true;
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
/// returns the new ones. With `active` (an i1), the loops run only where it
/// holds (the outermost one has no iteration otherwise).
static SmallVector<Value> buildRowLoops(
    OpBuilder &b, Location loc, Value input, ValueRange inits,
    function_ref<SmallVector<Value>(ValueRange rowIndices, ValueRange carried)>
        body,
    Value active = nullptr) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t dim = 0; dim + 1 < rank; ++dim) {
    lbs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    ubs.push_back(tensor::DimOp::create(b, loc, input, dim));
    steps.push_back(arith::ConstantIndexOp::create(b, loc, 1));
  }
  if (active && !ubs.empty())
    ubs.front() = arith::SelectOp::create(b, loc, active, ubs.front(), lbs[0]);
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, inits,
      [&](OpBuilder &nb, Location nl, ValueRange ivs, ValueRange carried) {
        return body(ivs, carried);
      });
  return nest.results;
}

/// The row indices of each row of a group (buildRowGroupLoops).
using RowGroup = ArrayRef<SmallVector<Value>>;

/// Builds a loop nest over the rows of `input` (all dims but the last) in
/// groups of `group` rows of the innermost row dim, carrying `inits`; `body`
/// gets the row indices of each row of the group and the carried values and
/// returns the new ones. A group starts at a multiple of `group`, or, the
/// last one, early enough to end at the last row (its first rows were
/// already in the group before it); with fewer rows than `group`, the
/// missing rows repeat the last row. A row handled twice is computed the
/// same way both times, so its results are written again unchanged. With
/// `active`, as buildRowLoops.
static SmallVector<Value> buildRowGroupLoops(
    OpBuilder &b, Location loc, Value input, int64_t group, ValueRange inits,
    function_ref<SmallVector<Value>(RowGroup rows, ValueRange carried)> body,
    Value active = nullptr) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t dim = 0; dim + 1 < rank; ++dim) {
    lbs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    ubs.push_back(tensor::DimOp::create(b, loc, input, dim));
    steps.push_back(
        arith::ConstantIndexOp::create(b, loc, dim + 2 == rank ? group : 1));
  }
  Value rows = ubs.back();
  if (active)
    ubs.front() = arith::SelectOp::create(b, loc, active, ubs.front(), lbs[0]);
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, inits,
      [&](OpBuilder &nb, Location nl, ValueRange ivs, ValueRange carried) {
        Value last = arith::SubIOp::create(
            b, loc, rows, arith::ConstantIndexOp::create(b, loc, 1));
        Value start = arith::MaxSIOp::create(
            b, loc,
            arith::MinSIOp::create(
                b, loc, ivs.back(),
                arith::SubIOp::create(
                    b, loc, rows,
                    arith::ConstantIndexOp::create(b, loc, group))),
            arith::ConstantIndexOp::create(b, loc, 0));
        SmallVector<SmallVector<Value>> indices;
        for (int64_t r = 0; r < group; ++r) {
          Value row = start;
          if (r > 0)
            row = arith::MinSIOp::create(
                b, loc,
                arith::AddIOp::create(
                    b, loc, start, arith::ConstantIndexOp::create(b, loc, r)),
                last);
          SmallVector<Value> rowIndices(ivs.drop_back());
          rowIndices.push_back(row);
          indices.push_back(std::move(rowIndices));
        }
        return body(indices, carried);
      });
  return nest.results;
}

/// Loops over rows (buildRowLoops, buildRowGroupLoops) from `inits`, run
/// only where `active` holds when it is given.
using RowLoops =
    function_ref<SmallVector<Value>(ValueRange inits, Value active)>;

/// The row loops of a row norm: `perGroup` for rows of at most
/// short-row-elements of an input of fewer than short-row-max-bytes, else
/// `perRow`. When that is not known statically, both, one after the other on
/// the same tensors, each with no iteration unless the check picks it (an
/// `scf.if` yielding the tensors would make bufferization copy them). Inputs
/// of rank 1 (one row) and vectors of a lane count that is not a power of
/// two (reduceTogether) are always per row.
static SmallVector<Value>
buildRowKernels(RowKernelBuilder &kernel, ValueRange inits,
                const ConvertNormToVectorPassOptions &options, RowLoops perRow,
                RowLoops perGroup) {
  if (options.shortRowElements <= 0 || kernel.rank < 2 ||
      !llvm::isPowerOf2_64(kernel.lanes))
    return perRow(inits, nullptr);
  OpBuilder &b = kernel.b;
  Location loc = kernel.loc;
  // Folded to a constant where the sizes are static.
  Value length =
      b.createOrFold<tensor::DimOp>(loc, kernel.input, kernel.rank - 1);
  Value grouped =
      b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::ule, length,
                                    kernel.index(options.shortRowElements));
  if (options.shortRowMaxBytes > 0 && !isConstantIntValue(grouped, 0)) {
    Value bytes = kernel.index(kernel.elementType.getWidth() / 8);
    Value whole = kernel.input;
    if (auto slice = whole.getDefiningOp<tensor::ExtractSliceOp>())
      whole = slice.getSource();
    for (int64_t d = 0; d < kernel.rank; ++d)
      bytes = b.createOrFold<arith::MulIOp>(
          loc, bytes, b.createOrFold<tensor::DimOp>(loc, whole, d));
    grouped = b.createOrFold<arith::AndIOp>(
        loc, grouped,
        b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, bytes,
                                      kernel.index(options.shortRowMaxBytes)));
  }
  if (std::optional<int64_t> decided = getConstantIntValue(grouped))
    return *decided ? perGroup(inits, nullptr) : perRow(inits, nullptr);
  Value perRowNeeded = arith::XOrIOp::create(
      b, loc, grouped, arith::ConstantIntOp::create(b, loc, 1, 1));
  return perRow(perGroup(inits, grouped), perRowNeeded);
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

/// ((x - m1) - c) * rstd * scale + bias (the epsilon = 0 guard on the
/// deviation, buildScaledDeviation); `scale` and `bias` give the parameter
/// vectors when the op has them (null otherwise), asked for after the
/// deviation is built.
static Value buildLayerNormValue(OpBuilder &b, Location loc, Value x, Value m1,
                                 Value c, Value rstd, double epsilon,
                                 function_ref<Value()> scale,
                                 function_ref<Value()> bias) {
  Value d =
      arith::SubFOp::create(b, loc, arith::SubFOp::create(b, loc, x, m1), c);
  Value y = buildScaledDeviation(b, loc, d, rstd, epsilon);
  Value g = scale(), beta = bias();
  if (g && beta)
    return math::FmaOp::create(b, loc, y, g, beta);
  if (g)
    y = arith::MulFOp::create(b, loc, y, g);
  if (beta)
    y = arith::AddFOp::create(b, loc, y, beta);
  return y;
}

/// `value * value`, contractible: the accumulating add of the row sums
/// (contractSums) fuses it into one FMA (one rounding instead of two, one
/// instruction fewer per vector of the second pass).
static Value buildSquare(OpBuilder &b, Location loc, Value value) {
  return arith::MulFOp::create(b, loc, value, value,
                               arith::FastMathFlags::contract);
}

/// Per row (slot r), its lane of the group vectors `groupValues` (laid out
/// as reduceTogether left the sums) splat to a vector.
static SmallVector<Value>
splatPerRow(RowKernelBuilder &kernel, ArrayRef<Value> groupValues,
            ArrayRef<VectorKernelBuilder::LaneSlot> slots) {
  return llvm::map_to_vector(slots, [&](VectorKernelBuilder::LaneSlot slot) {
    return kernel.splatLane(groupValues[slot.vector], slot.lane);
  });
}

/// Lane `slot` of the group vectors `groupValues`, as a scalar.
static Value extractLane(OpBuilder &b, Location loc,
                         ArrayRef<Value> groupValues,
                         VectorKernelBuilder::LaneSlot slot) {
  return vector::ExtractOp::create(b, loc, groupValues[slot.vector],
                                   ArrayRef<int64_t>{slot.lane});
}

/// Rewrites `norm.layer_norm` over its last dim into loops over rows; per
/// row: a vector pass summing x (first mean m1), a vector pass summing
/// d = x - m1 and d^2, and a vector pass writing
/// ((x - m1) - c) * rstd * scale + bias with c = sum(d)/n. Statistics are
/// the same corrected two-pass ones as the linalg lowering. Short rows
/// (short-row-elements) go a group of rows at a time: the same three passes,
/// each over every row of the group, the statistics computed for the group
/// in the lanes of one vector.
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
    SmallVector<Value> inits =
        buildRowInits(rewriter, loc, op, op.getSum(), kernel);
    // The statistics tensors `stats` (those requested, in order) with the
    // statistics of the row at `rows` written.
    auto insertStats = [&](SmallVector<Value> stats, ValueRange rows,
                           Value mean, Value invStdDev) {
      unsigned statIndex = 0;
      if (op.getMean()) {
        stats[statIndex] =
            insertRowStat(rewriter, loc, mean, stats[statIndex], rows);
        ++statIndex;
      }
      if (op.getInvStdDev())
        stats[statIndex] =
            insertRowStat(rewriter, loc, invStdDev, stats[statIndex], rows);
      return stats;
    };
    auto perRow = [&](ValueRange inits, Value active) {
      // Half-precision scale and bias are widened once, not once per row
      // (in pair mode: in the order loadInputPair delivers the row).
      Value scale =
          op.getScale() ? kernel.convertParam(op.getScale()) : Value();
      Value bias = op.getBias() ? kernel.convertParam(op.getBias()) : Value();
      return buildRowLoops(
          rewriter, loc, input, inits,
          [&](ValueRange rows, ValueRange carried) -> SmallVector<Value> {
            Value sum = kernel.buildRowSums(
                rows, 1, [](Value x) { return SmallVector<Value>{x}; })[0];
            Value firstMean = buildMean(rewriter, loc, sum, kernel.count);
            Value m1 = kernel.splat(firstMean);
            SmallVector<Value> sums = kernel.buildRowSums(
                rows, 2, [&](Value x) -> SmallVector<Value> {
                  Value d = arith::SubFOp::create(rewriter, loc, x, m1);
                  return {d, buildSquare(rewriter, loc, d)};
                });
            CentredMoments moments = buildCentredMoments(
                rewriter, loc, firstMean, sums[0], sums[1], kernel.count);
            Value invStdDev =
                buildInverseSqrt(rewriter, loc, moments.variance, epsilon);
            Value c = kernel.splat(moments.correction);
            Value rstd = kernel.splat(invStdDev);
            Value residualSum = op.getSum() ? carried[1] : Value();
            Value output = kernel.buildRowWrite(
                rows, carried[0],
                [&](Value x, Value j, Value mask) -> Value {
                  return buildLayerNormValue(
                      rewriter, loc, x, m1, c, rstd, epsilon,
                      [&] {
                        return scale ? kernel.readVector(scale, j, mask)
                                     : Value();
                      },
                      [&] {
                        return bias ? kernel.readVector(bias, j, mask)
                                    : Value();
                      });
                },
                residualSum ? &residualSum : nullptr);
            SmallVector<Value> next = {output};
            if (residualSum)
              next.push_back(residualSum);
            next.append(
                insertStats(SmallVector<Value>(carried.drop_front(next.size())),
                            rows, moments.mean, invStdDev));
            return next;
          },
          active);
    };
    auto perGroup = [&](ValueRange inits, Value active) {
      return buildRowGroupLoops(
          rewriter, loc, input, options.shortRowGroup, inits,
          [&](RowGroup rows, ValueRange carried) -> SmallVector<Value> {
            int64_t group = rows.size();
            SmallVector<VectorKernelBuilder::LaneSlot> slots;
            SmallVector<Value> firstMeans = kernel.reduceTogether(
                kernel.accumulateRows(
                    rows, 1,
                    [](Value x, int64_t) { return SmallVector<Value>{x}; }),
                slots);
            for (Value &mean : firstMeans)
              mean = buildMean(rewriter, loc, mean, kernel.count);
            SmallVector<Value> m1 = splatPerRow(kernel, firstMeans, slots);
            SmallVector<Value> accs = kernel.accumulateRows(
                rows, 2, [&](Value x, int64_t r) -> SmallVector<Value> {
                  Value d = arith::SubFOp::create(rewriter, loc, x, m1[r]);
                  return {d, buildSquare(rewriter, loc, d)};
                });
            // Both sums have the layout of the first means (same count of
            // vectors, same tree).
            SmallVector<Value> sumsD = kernel.reduceTogether(
                ValueRange(accs).take_front(group), slots);
            SmallVector<Value> sumsD2 = kernel.reduceTogether(
                ValueRange(accs).drop_front(group), slots);
            SmallVector<Value> means, corrections, invStdDevs;
            for (auto [firstMean, sumD, sumD2] :
                 llvm::zip_equal(firstMeans, sumsD, sumsD2)) {
              CentredMoments moments = buildCentredMoments(
                  rewriter, loc, firstMean, sumD, sumD2, kernel.count);
              means.push_back(moments.mean);
              corrections.push_back(moments.correction);
              invStdDevs.push_back(
                  buildInverseSqrt(rewriter, loc, moments.variance, epsilon));
            }
            SmallVector<Value> c = splatPerRow(kernel, corrections, slots);
            SmallVector<Value> rstd = splatPerRow(kernel, invStdDevs, slots);
            Value residualSum = op.getSum() ? carried[1] : Value();
            Value output = kernel.writeRows(
                rows, carried[0],
                // The parameters in their element type, widened once per
                // vector position for the whole group.
                [&](Value j, Value mask) -> SmallVector<Value> {
                  Value scale = op.getScale(), bias = op.getBias();
                  return {scale ? kernel.readVector(scale, j, mask) : Value(),
                          bias ? kernel.readVector(bias, j, mask) : Value()};
                },
                [&](Value x, int64_t r, ValueRange params) -> Value {
                  return buildLayerNormValue(
                      rewriter, loc, x, m1[r], c[r], rstd[r], epsilon,
                      [&] { return params[0]; }, [&] { return params[1]; });
                },
                residualSum ? &residualSum : nullptr);
            SmallVector<Value> next = {output};
            if (residualSum)
              next.push_back(residualSum);
            SmallVector<Value> stats(carried.drop_front(next.size()));
            for (auto [rowIndices, slot] : llvm::zip_equal(rows, slots))
              stats = insertStats(stats, rowIndices,
                                  extractLane(rewriter, loc, means, slot),
                                  extractLane(rewriter, loc, invStdDevs, slot));
            next.append(stats);
            return next;
          },
          active);
    };
    SmallVector<Value> results =
        buildRowKernels(kernel, inits, options, perRow, perGroup);
    rewriter.replaceOp(op, finishStats(rewriter, loc, op, results));
    return success();
  }

  ConvertNormToVectorPassOptions options;
};

/// Rewrites `norm.rms_norm` over its last dim into loops over rows; per row:
/// a vector pass summing x^2 and a vector pass writing x * rstd * scale.
/// Short rows (short-row-elements) go a group of rows at a time.
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
    SmallVector<Value> inits =
        buildRowInits(rewriter, loc, op, op.getSum(), kernel);
    // x * rstd (the epsilon = 0 guard) * scale.
    auto normalize = [&](Value x, Value rstd, function_ref<Value()> g) {
      Value y = buildScaledDeviation(rewriter, loc, x, rstd, epsilon);
      if (Value gamma = g())
        y = arith::MulFOp::create(rewriter, loc, y, gamma);
      return y;
    };
    auto square = [&](Value x) -> SmallVector<Value> {
      return {buildSquare(rewriter, loc, x)};
    };
    auto perRow = [&](ValueRange inits, Value active) {
      Value scale =
          op.getScale() ? kernel.convertParam(op.getScale()) : Value();
      return buildRowLoops(
          rewriter, loc, input, inits,
          [&](ValueRange rows, ValueRange carried) -> SmallVector<Value> {
            Value sumSquares = kernel.buildRowSums(rows, 1, square)[0];
            Value meanSquare =
                buildMean(rewriter, loc, sumSquares, kernel.count);
            Value invRms = buildInverseSqrt(rewriter, loc, meanSquare, epsilon);
            Value rstd = kernel.splat(invRms);
            Value sum = op.getSum() ? carried[1] : Value();
            Value output = kernel.buildRowWrite(
                rows, carried[0],
                [&](Value x, Value j, Value mask) -> Value {
                  return normalize(x, rstd, [&] {
                    return scale ? kernel.readVector(scale, j, mask) : Value();
                  });
                },
                sum ? &sum : nullptr);
            SmallVector<Value> next = {output};
            if (sum)
              next.push_back(sum);
            if (op.getInvRms())
              next.push_back(insertRowStat(rewriter, loc, invRms,
                                           carried[next.size()], rows));
            return next;
          },
          active);
    };
    auto perGroup = [&](ValueRange inits, Value active) {
      return buildRowGroupLoops(
          rewriter, loc, input, options.shortRowGroup, inits,
          [&](RowGroup rows, ValueRange carried) -> SmallVector<Value> {
            SmallVector<VectorKernelBuilder::LaneSlot> slots;
            SmallVector<Value> invRms = kernel.reduceTogether(
                kernel.accumulateRows(
                    rows, 1, [&](Value x, int64_t) { return square(x); }),
                slots);
            for (Value &value : invRms)
              value = buildInverseSqrt(
                  rewriter, loc, buildMean(rewriter, loc, value, kernel.count),
                  epsilon);
            SmallVector<Value> rstd = splatPerRow(kernel, invRms, slots);
            Value sum = op.getSum() ? carried[1] : Value();
            Value output = kernel.writeRows(
                rows, carried[0],
                [&](Value j, Value mask) -> SmallVector<Value> {
                  Value scale = op.getScale();
                  return {scale ? kernel.readVector(scale, j, mask) : Value()};
                },
                [&](Value x, int64_t r, ValueRange params) -> Value {
                  return normalize(x, rstd[r], [&] { return params[0]; });
                },
                sum ? &sum : nullptr);
            SmallVector<Value> next = {output};
            if (sum)
              next.push_back(sum);
            if (op.getInvRms()) {
              Value stats = carried[next.size()];
              for (auto [rowIndices, slot] : llvm::zip_equal(rows, slots))
                stats = insertRowStat(rewriter, loc,
                                      extractLane(rewriter, loc, invRms, slot),
                                      stats, rowIndices);
              next.push_back(stats);
            }
            return next;
          },
          active);
    };
    SmallVector<Value> results =
        buildRowKernels(kernel, inits, options, perRow, perGroup);
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
