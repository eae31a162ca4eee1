//===- RowKernel.cpp - The row norms' vector kernel builder --*- C++ -*-===//
//
// The row kernel builder, the loops over rows and groups of rows, and the
// tensors the row loops carry.
//
//===----------------------------------------------------------------------===//

#include "RowKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

using namespace mlir;
using namespace mlir::norm;

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

RowKernelBuilder::RowKernelBuilder(
    OpBuilder &b, Location loc, Value input, FloatType accType,
    const ConvertNormToVectorPassOptions &options)
    : VectorKernelBuilder(b, loc, input, accType, options,
                          /*allowPairs=*/true, /*splitShortSweeps=*/true) {
  count = buildIndexToFloat(b, loc, length, accType);
  // The sums of squares (buildSquare) accumulate with FMAs.
  contractSums = true;
}

void RowKernelBuilder::buildNextRowPrefetch() {
  if (rank < 2)
    return;
  std::tie(rowPrefetchBuffer, rowPrefetchFits) = buildPrefetchSource(input);
  if (rowPrefetchBuffer)
    innermostRows = tensor::DimOp::create(b, loc, input, rank - 2);
}

void RowKernelBuilder::prefetchNextRow(ValueRange rowIndices) {
  if (!rowPrefetchBuffer)
    return;
  Value row = rowIndices.back();
  Value next = arith::AddIOp::create(b, loc, row, index(1));
  Value inside = arith::AndIOp::create(
      b, loc, rowPrefetchFits,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, next,
                            innermostRows));
  SmallVector<Value> prefix(rowIndices);
  prefix.back() = arith::SelectOp::create(b, loc, inside, next, row);
  setPrefetch(rowPrefetchBuffer, prefix);
}

Value RowKernelBuilder::convertParam(Value param) {
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
  scf::ForOp mainLoop =
      buildStridedLoop(start, paramFullEnd, lanes, ValueRange{converted},
                       [&](Value j, ValueRange carried) -> SmallVector<Value> {
                         return {writeVector(readVector(param, j, Value()),
                                             carried[0], j, Value())};
                       });
  return buildVectorLoop(
      paramFullEnd, paramLength, ValueRange{mainLoop.getResult(0)},
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        return {writeVector(readVector(param, j, mask), carried[0], j, mask)};
      })[0];
}

Value RowKernelBuilder::buildPairedParam(Value param, Value pairedEnd,
                                         Value converted) {
  auto paramElementType =
      cast<RankedTensorType>(param.getType()).getElementType();
  AffineMap map = b.getMultiDimIdentityMap(1);
  Value pad = arith::ConstantOp::create(b, loc, paramElementType,
                                        b.getFloatAttr(paramElementType, 0.0));
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
        scf::YieldOp::create(nb, nl,
                             vector::TransferWriteOp::create(
                                 nb, nl, carried[0].getType(), split,
                                 carried[0], ValueRange{j}, map, Value(),
                                 nb.getBoolArrayAttr({true}))
                                 .getResult());
      });
  return pairLoop.getResult(0);
}

/// The bounds of the loops over the rows of `input` (all dims but the
/// last): from 0 to each dim, by `innerStep` over the innermost one and by 1
/// over the others.
static void buildRowBounds(OpBuilder &b, Location loc, Value input,
                           int64_t innerStep, SmallVectorImpl<Value> &lbs,
                           SmallVectorImpl<Value> &ubs,
                           SmallVectorImpl<Value> &steps) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  for (int64_t dim = 0; dim + 1 < rank; ++dim) {
    lbs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    ubs.push_back(tensor::DimOp::create(b, loc, input, dim));
    steps.push_back(arith::ConstantIndexOp::create(
        b, loc, dim + 2 == rank ? innerStep : 1));
  }
}

SmallVector<Value> mlir::norm::buildRowLoops(
    OpBuilder &b, Location loc, Value input, ValueRange inits,
    function_ref<SmallVector<Value>(ValueRange rowIndices, ValueRange carried)>
        body,
    Value active) {
  SmallVector<Value> lbs, ubs, steps;
  buildRowBounds(b, loc, input, /*innerStep=*/1, lbs, ubs, steps);
  if (active && !ubs.empty())
    ubs.front() = arith::SelectOp::create(b, loc, active, ubs.front(), lbs[0]);
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, inits,
      [&](OpBuilder &nb, Location nl, ValueRange ivs, ValueRange carried) {
        return body(ivs, carried);
      });
  return nest.results;
}

SmallVector<Value> mlir::norm::buildRowGroupLoops(
    OpBuilder &b, Location loc, Value input, int64_t group, ValueRange inits,
    function_ref<SmallVector<Value>(RowGroup rows, ValueRange carried)> body,
    Value active) {
  SmallVector<Value> lbs, ubs, steps;
  buildRowBounds(b, loc, input, group, lbs, ubs, steps);
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

/// Writes `value` at row `rowIndices` of a statistics tensor in the ONNX
/// layout (the row's indices, then zeros).
static Value insertRowStat(OpBuilder &b, Location loc, Value value, Value stats,
                           ValueRange rowIndices) {
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
SmallVector<Value> mlir::norm::finishStats(OpBuilder &b, Location loc,
                                           Operation *op,
                                           ArrayRef<Value> results) {
  SmallVector<Value> replacements = {results[0]};
  for (auto [value, result] :
       llvm::zip_equal(results.drop_front(), op->getResults().drop_front()))
    replacements.push_back(
        value.getType() == result.getType()
            ? value // The `sum`, in the input's type.
            : expandRowStats(b, loc, value, result.getType()));
  return replacements;
}

SmallVector<Value> mlir::norm::buildRowResults(OpBuilder &b, Location loc,
                                               ValueRange carried, Value output,
                                               Value sum, ValueRange rowIndices,
                                               ArrayRef<Value> values) {
  SmallVector<Value> next = {output};
  if (sum)
    next.push_back(sum);
  for (Value value : values) {
    if (!value)
      continue;
    next.push_back(
        insertRowStat(b, loc, value, carried[next.size()], rowIndices));
  }
  return next;
}

/// Lane `slot` of the group vectors `groupValues`, as a scalar.
static Value extractLane(OpBuilder &b, Location loc,
                         ArrayRef<Value> groupValues,
                         VectorKernelBuilder::LaneSlot slot) {
  return vector::ExtractOp::create(b, loc, groupValues[slot.vector],
                                   ArrayRef<int64_t>{slot.lane});
}

SmallVector<Value> mlir::norm::buildRowGroupResults(
    OpBuilder &b, Location loc, ValueRange carried, Value output, Value sum,
    RowGroup rows, ArrayRef<ArrayRef<Value>> groupValues,
    ArrayRef<VectorKernelBuilder::LaneSlot> slots) {
  SmallVector<Value> next = {output};
  if (sum)
    next.push_back(sum);
  SmallVector<Value> stats(carried.drop_front(next.size()));
  for (auto [rowIndices, slot] : llvm::zip_equal(rows, slots)) {
    // The row's statistics, all read before any is written.
    SmallVector<Value> values;
    for (ArrayRef<Value> group : groupValues)
      if (!group.empty())
        values.push_back(extractLane(b, loc, group, slot));
    for (auto [value, tensor] : llvm::zip_equal(values, stats))
      tensor = insertRowStat(b, loc, value, tensor, rowIndices);
  }
  next.append(stats);
  return next;
}

SmallVector<Value> mlir::norm::buildRowInits(OpBuilder &b, Location loc,
                                             Operation *op, Value sum,
                                             const RowKernelBuilder &kernel) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, kernel.input);
  SmallVector<Value> inits = {
      tensor::EmptyOp::create(b, loc, sizes, kernel.elementType)};
  for (unsigned result = 1; result < op->getNumResults(); ++result)
    inits.push_back(
        op->getResult(result) == sum
            ? tensor::EmptyOp::create(b, loc, sizes, kernel.elementType)
            : tensor::EmptyOp::create(b, loc,
                                      ArrayRef<OpFoldResult>(sizes).drop_back(),
                                      kernel.accType));
  return inits;
}

SmallVector<Value>
mlir::norm::splatPerRow(RowKernelBuilder &kernel, ArrayRef<Value> groupValues,
                        ArrayRef<VectorKernelBuilder::LaneSlot> slots) {
  return llvm::map_to_vector(slots, [&](VectorKernelBuilder::LaneSlot slot) {
    return kernel.splatLane(groupValues[slot.vector], slot.lane);
  });
}
