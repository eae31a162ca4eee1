//===- RunKernel.cpp - Vector kernels over contiguous runs -*- C++ -*-===//
//
// What the batch norms' vector kernels keep between runs: the per-channel
// state, the position-wise sums, the chunked sums across the channels; and
// the loop helpers and row blocks of their patterns.
//
//===----------------------------------------------------------------------===//

#include "RunKernel.h"
#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/NormToVector/NormToVector.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

Value RunKernelBuilder::zeroState(Value channels, int64_t numSums) {
  Value empty = tensor::EmptyOp::create(
      b, loc,
      ArrayRef<OpFoldResult>{channels, b.getIndexAttr(stateWidth(numSums))},
      accType);
  return buildLoop(b, loc, channels, ValueRange{empty},
                   [&](Value c, ValueRange carried) -> SmallVector<Value> {
                     return {writeState(
                         carried[0], c,
                         SmallVector<Value>(numSums, zeroVector()))};
                   })[0];
}

SmallVector<Value> RunKernelBuilder::readState(Value state, Value c,
                                               int64_t numSums) {
  SmallVector<Value> accs;
  Value pad = scalar(0.0);
  for (int64_t i = 0; i < numSums; ++i)
    accs.push_back(vector::TransferReadOp::create(
        b, loc, accVectorType, state, ValueRange{c, index(i * lanes)},
        stateMap(), pad, Value(), b.getBoolArrayAttr({true})));
  return accs;
}

Value RunKernelBuilder::writeState(Value state, Value c, ValueRange accs) {
  for (auto [i, acc] : llvm::enumerate(accs))
    state = vector::TransferWriteOp::create(
                b, loc, state.getType(), acc, state,
                ValueRange{c, index(i * lanes)}, stateMap(), Value(),
                b.getBoolArrayAttr({true}))
                .getResult();
  return state;
}

SmallVector<Value> RunKernelBuilder::accumulateRowsInto(
    ValueRange prefix, Value rows, ValueRange sums, int64_t numSums,
    function_ref<SmallVector<Value>(Value j, Value mask)> perVector,
    function_ref<SmallVector<Value>(Value x, ValueRange values)> terms) {
  return sweepRowChunks(
      prefix, rows, sums.take_front(numSums), Value(), perVector,
      [&](ValueRange row, Value j, Value mask, ValueRange values, Value *) {
        return terms(loadInputVector(row, j, mask), values);
      },
      /*maskTerms=*/false);
}

SmallVector<Value>
RunKernelBuilder::sweepRowChunks(ValueRange prefix, Value rows, ValueRange sums,
                                 Value output, ChunkValues values,
                                 ChunkRowStep step, bool maskTerms) {
  int64_t numSums = sums.size();
  // The chunk of vectors at `positions`; returns the updated tensors.
  auto addChunk = [&](ValueRange tensors, ArrayRef<Value> positions,
                      Value mask) {
    int64_t width = positions.size();
    SmallVector<SmallVector<Value>> chunkValues;
    for (Value j : positions)
      chunkValues.push_back(values(j, mask));
    SmallVector<Value> inits(numSums * width, zeroVector());
    if (output)
      inits.push_back(tensors.back());
    SmallVector<Value> carried =
        buildLoop(b, loc, rows, inits, [&](Value r, ValueRange carried) {
          SmallVector<Value> row = appendIndex(prefix, r);
          SmallVector<Value> next(carried);
          for (int64_t p = 0; p < width; ++p) {
            Value out;
            SmallVector<Value> terms =
                step(row, positions[p], mask, chunkValues[p],
                     output ? &out : nullptr);
            for (int64_t s = 0; s < numSums; ++s)
              next[s * width + p] =
                  add(next[s * width + p],
                      maskTerms ? keep(terms[s], mask) : terms[s]);
            if (output)
              next.back() =
                  storeOutputVector(out, next.back(), row, positions[p], mask);
          }
          return next;
        });
    SmallVector<Value> updated(tensors);
    for (int64_t s = 0; s < numSums; ++s)
      for (int64_t p = 0; p < width; ++p)
        updated[s] = writeVector(add(readVector(updated[s], positions[p], mask),
                                     carried[s * width + p]),
                                 updated[s], positions[p], mask);
    if (output)
      updated.back() = carried.back();
    return updated;
  };
  SmallVector<Value> inits(sums);
  if (output)
    inits.push_back(output);
  return sweep(
      inits,
      [&](Value j, ValueRange carried) {
        SmallVector<Value> positions;
        for (int64_t u = 0; u < unroll; ++u)
          positions.push_back(offset(j, u * lanes));
        return addChunk(carried, positions, nullptr);
      },
      [&](Value j, Value mask, ValueRange carried) {
        return addChunk(carried, {j}, mask);
      });
}

SmallVector<Value> RunKernelBuilder::accumulatePositions(
    ValueRange prefix, ValueRange accs,
    function_ref<SmallVector<Value>(Value x, Value j, Value mask)> terms) {
  auto addAt = [&](ValueRange tensors, Value j, Value mask) {
    SmallVector<Value> contributions =
        terms(loadInputVector(prefix, j, mask), j, mask);
    SmallVector<Value> next;
    for (auto [tensor, contribution] : llvm::zip(tensors, contributions))
      next.push_back(writeVector(
          add(readVector(tensor, j, mask), contribution),
          tensor, j, mask));
    return next;
  };
  return sweep(
      accs,
      [&](Value j, ValueRange carried) {
        SmallVector<Value> next(carried);
        for (int64_t u = 0; u < unroll; ++u)
          next = addAt(next, offset(j, u * lanes), nullptr);
        return next;
      },
      [&](Value j, Value mask, ValueRange carried) {
        return addAt(carried, j, mask);
      });
}

Value RunKernelBuilder::sumSegment(Value tensor, Value start, Value length) {
  Value sum = buildVectorLoop(
      length, ValueRange{zeroVector()},
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        Value at = arith::AddIOp::create(b, loc, start, j);
        return {add(carried[0], readVector(tensor, at, mask))};
      })[0];
  return reduce(sum)[0];
}

Value RunKernelBuilder::fillSegment(Value target, Value start, Value length,
                                    Value value) {
  Value vector = splat(value);
  return buildVectorLoop(
      length, ValueRange{target},
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        return {writeVector(vector, carried[0],
                            arith::AddIOp::create(b, loc, start, j), mask)};
      })[0];
}

Value RunKernelBuilder::zeroVectorTensor(OpFoldResult length) {
  Value empty =
      tensor::EmptyOp::create(b, loc, ArrayRef<OpFoldResult>{length}, accType);
  Value size = getValueOrCreateConstantIndexOp(b, loc, length);
  return buildVectorLoop(size, ValueRange{empty},
                         [&](Value j, Value mask, ValueRange carried) {
                           return SmallVector<Value>{
                               writeVector(zeroVector(), carried[0], j, mask)};
                         })[0];
}

AffineMap RunKernelBuilder::stateMap() {
  return b.getMultiDimIdentityMap(2).getMinorIdentityMap(2, 1, b.getContext());
}

/// Builds a loop nest over dims [firstDim, endDim) of `input` carrying
/// `inits`; `body` gets the indices and the carried values and returns the
/// new ones.
SmallVector<Value> mlir::norm::buildLoops(
    OpBuilder &b, Location loc, Value input, int64_t firstDim, int64_t endDim,
    ValueRange inits,
    function_ref<SmallVector<Value>(ValueRange ivs, ValueRange carried)> body) {
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t dim = firstDim; dim < endDim; ++dim) {
    lbs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    ubs.push_back(tensor::DimOp::create(b, loc, input, dim));
    steps.push_back(arith::ConstantIndexOp::create(b, loc, 1));
  }
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, inits,
      [&](OpBuilder &, Location, ValueRange ivs, ValueRange carried) {
        return body(ivs, carried);
      });
  return nest.results;
}

/// Builds a loop nest over dims [0, numDims) of `input`; see above.
SmallVector<Value> mlir::norm::buildLoops(
    OpBuilder &b, Location loc, Value input, int64_t numDims, ValueRange inits,
    function_ref<SmallVector<Value>(ValueRange ivs, ValueRange carried)> body) {
  return buildLoops(b, loc, input, 0, numDims, inits, body);
}

/// A loop over [0, count) carrying `inits`; `body` gets the induction
/// variable and the carried values and returns the new ones.
SmallVector<Value> mlir::norm::buildLoop(
    OpBuilder &b, Location loc, Value count, ValueRange inits,
    function_ref<SmallVector<Value>(Value iv, ValueRange carried)> body) {
  auto loop = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, 0), count,
      arith::ConstantIndexOp::create(b, loc, 1), inits,
      [&](OpBuilder &nb, Location, Value iv, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        scf::YieldOp::create(b, loc, body(iv, carried));
      });
  return SmallVector<Value>(loop.getResults());
}

/// The number of elements of `input` per index of dim `axis`, as a scalar of
/// type `accType`.
Value mlir::norm::buildCountPerChannel(OpBuilder &b, Location loc, Value input,
                                       int64_t axis, FloatType accType) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  sizes.erase(sizes.begin() + axis);
  return buildElementCount(b, loc, sizes, accType);
}

/// `value` as `type`, through a tensor.cast where the static sizes differ.
Value mlir::norm::castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

/// Appends `prefix` and `last` into one index list.
SmallVector<Value> mlir::norm::appendIndex(ValueRange prefix, Value last) {
  SmallVector<Value> all(prefix);
  all.push_back(last);
  return all;
}

/// An scf.forall over [0, count) with the shared `outputs`; `body` gets the
/// induction variable and the shared outputs' block arguments and returns the
/// slice each iteration inserts into each of them. Returns the results.
SmallVector<Value> mlir::norm::buildForall(
    OpBuilder &b, Location loc, Value count, ValueRange outputs,
    function_ref<SmallVector<SliceToInsert>(Value iv, ValueRange shared)>
        body) {
  auto forall = scf::ForallOp::create(b, loc, ArrayRef<OpFoldResult>{count},
                                      outputs, std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(forall.getTerminator());
  SmallVector<SliceToInsert> slices =
      body(forall.getInductionVars()[0], forall.getRegionIterArgs());
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  for (auto [slice, dest] : llvm::zip_equal(slices, forall.getRegionIterArgs()))
    tensor::ParallelInsertSliceOp::create(
        b, loc, slice.value, dest, slice.offsets, slice.sizes,
        SmallVector<OpFoldResult>(slice.offsets.size(), b.getIndexAttr(1)));
  return SmallVector<Value>(forall.getResults());
}

/// The [A..., C, B] `input` viewed as [A..., C * B] without a copy, or null:
/// a slice of whole runs (all of B, unit strides: a tile of channels)
/// becomes the same slice of its source with C and B merged; any other
/// value is merged itself (its buffer is contiguous unless it is a slice).
Value mlir::norm::buildFlatView(OpBuilder &b, Location loc, Value input,
                           int64_t axis) {
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t dim = 0; dim < axis; ++dim)
    reassociation.push_back({dim});
  reassociation.push_back({axis, axis + 1});
  auto slice = input.getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice)
    return tensor::CollapseShapeOp::create(b, loc, input, reassociation);
  Value source = slice.getSource();
  int64_t rank = axis + 2;
  if (slice.getSourceType().getRank() != rank ||
      slice.getResultType().getRank() != rank ||
      !llvm::all_of(slice.getMixedStrides(),
                    [](OpFoldResult s) { return isConstantIntValue(s, 1); }))
    return nullptr;
  SmallVector<OpFoldResult> offsets = slice.getMixedOffsets();
  SmallVector<OpFoldResult> sizes = slice.getMixedSizes();
  OpFoldResult run = tensor::getMixedSize(b, loc, source, axis + 1);
  if (!isConstantIntValue(offsets[axis + 1], 0) ||
      !isEqualConstantIntOrValue(sizes[axis + 1], run)) {
    // The run's size may be a tensor.dim of the source in another form.
    auto dim = dyn_cast_if_present<Value>(sizes[axis + 1])
                   ? cast<Value>(sizes[axis + 1]).getDefiningOp<tensor::DimOp>()
                   : nullptr;
    std::optional<int64_t> dimIndex =
        dim ? dim.getConstantIndex() : std::nullopt;
    if (!isConstantIntValue(offsets[axis + 1], 0) || !dim ||
        dim.getSource() != source || dimIndex != axis + 1)
      return nullptr;
  }
  Value collapsed =
      tensor::CollapseShapeOp::create(b, loc, source, reassociation);
  Value runValue = getValueOrCreateConstantIndexOp(b, loc, run);
  auto times = [&](OpFoldResult value) -> OpFoldResult {
    std::optional<int64_t> lhs = getConstantIntValue(value);
    std::optional<int64_t> rhs = getConstantIntValue(run);
    if (lhs && rhs)
      return b.getIndexAttr(*lhs * *rhs);
    return arith::MulIOp::create(
               b, loc, getValueOrCreateConstantIndexOp(b, loc, value), runValue)
        .getResult();
  };
  SmallVector<OpFoldResult> flatOffsets(offsets.begin(),
                                        offsets.begin() + axis);
  SmallVector<OpFoldResult> flatSizes(sizes.begin(), sizes.begin() + axis);
  flatOffsets.push_back(times(offsets[axis]));
  flatSizes.push_back(times(sizes[axis]));
  return tensor::ExtractSliceOp::create(
      b, loc, collapsed, flatOffsets, flatSizes,
      SmallVector<OpFoldResult>(axis + 1, b.getIndexAttr(1)));
}

RowBlocks::RowBlocks(OpBuilder &b, Location loc, Value input, int64_t axis,
                     int64_t blockElements)
    : b(b), loc(loc), sizes(tensor::getMixedSizes(b, loc, input)) {
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  outer = tensor::DimOp::create(b, loc, input, 0);
  Value perIndex = tensor::DimOp::create(b, loc, input, axis);
  for (int64_t dim = 1; dim < axis; ++dim)
    perIndex = arith::MulIOp::create(b, loc, perIndex,
                                     tensor::DimOp::create(b, loc, input, dim));
  perIndex = arith::MaxUIOp::create(b, loc, perIndex, index(1));
  step = arith::MaxUIOp::create(
      b, loc,
      arith::CeilDivUIOp::create(b, loc, index(blockElements), perIndex),
      index(1));
  numBlocks = arith::CeilDivUIOp::create(b, loc, outer, step);
}

std::pair<Value, Value> RowBlocks::range(Value block) {
  Value start = arith::MulIOp::create(b, loc, block, step);
  Value size = arith::MinUIOp::create(
      b, loc, step, arith::SubIOp::create(b, loc, outer, start));
  return {start, size};
}

std::pair<Value, SliceToInsert> RowBlocks::slice(Value tensor, Value start,
                                                 Value size) {
  SliceToInsert slice;
  slice.offsets.assign(sizes.size(), b.getIndexAttr(0));
  slice.offsets[0] = start;
  slice.sizes = sizes;
  slice.sizes[0] = size;
  Value extracted = tensor::ExtractSliceOp::create(
      b, loc, tensor, slice.offsets, slice.sizes,
      SmallVector<OpFoldResult>(sizes.size(), b.getIndexAttr(1)));
  return {extracted, slice};
}
