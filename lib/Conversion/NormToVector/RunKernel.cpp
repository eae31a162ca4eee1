//===- RunKernel.cpp - Vector kernels over contiguous runs -*- C++ -*-===//
//
// The vector loops over the runs of a batch norm's input: unrolled
// accumulators, the loop of single vectors, the last vector of a run, the
// per-channel state, the position-wise sums and the write pass.
//
//===----------------------------------------------------------------------===//

#include "RunKernel.h"
#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/NormToVector/NormToVector.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

RunKernelBuilder::RunKernelBuilder(OpBuilder &b, Location loc, Value input,
                                   FloatType accType,
                                   const ConvertNormToVectorPassOptions &options)
    : b(b), loc(loc), input(input), accType(accType),
      inputType(cast<RankedTensorType>(input.getType())),
      elementType(cast<FloatType>(inputType.getElementType())),
      unroll(options.unroll), streamStores(options.streamStores) {
  lanes = std::max<int64_t>(1, options.vectorWidth * 32 / accType.getWidth());
  accVectorType = VectorType::get({lanes}, accType);
  elementVectorType = VectorType::get({lanes}, elementType);
  rank = inputType.getRank();
  runLength = tensor::DimOp::create(b, loc, input, rank - 1);
  mainEnd = roundDown(runLength, lanes * unroll);
  fullEnd = roundDown(runLength, lanes);
  if (streamStores) {
    // Streaming pays only when every run streams: mixed with the plain
    // stores of runs that start elsewhere in a line it costs bandwidth. So
    // the marked loop covers the main loop only when a run is whole cache
    // lines (then all runs start alike; norm-stream-stores checks the
    // start), else nothing, and a plain copy of it does the work.
    Value runBytes = arith::MulIOp::create(b, loc, runLength,
                                           index(elementType.getWidth() / 8));
    Value wholeLines = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq,
        arith::RemUIOp::create(b, loc, runBytes, index(kStreamAlignment)),
        index(0));
    streamableEnd =
        arith::SelectOp::create(b, loc, wholeLines, mainEnd, index(0));
  }
}

SmallVector<Value> RunKernelBuilder::zeroAccumulators(int64_t numSums) {
  return SmallVector<Value>(numSums * unroll, zeroVector());
}

SmallVector<Value> RunKernelBuilder::accumulateRun(
    ValueRange prefix, ValueRange accs, int64_t numSums,
    function_ref<SmallVector<Value>(Value x)> terms) {
  auto mainLoop = scf::ForOp::create(
      b, loc, index(0), mainEnd, index(lanes * unroll), accs,
      [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        SmallVector<Value> next(carried);
        for (int64_t u = 0; u < unroll; ++u) {
          SmallVector<Value> contributions =
              terms(read(prefix, offset(j, u * lanes), nullptr));
          for (int64_t s = 0; s < numSums; ++s)
            next[s * unroll + u] = add(next[s * unroll + u], contributions[s]);
        }
        scf::YieldOp::create(b, loc, next);
      });
  SmallVector<Value> firsts;
  for (int64_t s = 0; s < numSums; ++s)
    firsts.push_back(mainLoop.getResult(s * unroll));
  auto addTerms = [&](ValueRange sums, Value j, Value readMask,
                      Value keepMask) {
    SmallVector<Value> contributions = terms(read(prefix, j, readMask));
    SmallVector<Value> next;
    for (int64_t s = 0; s < numSums; ++s)
      next.push_back(add(sums[s], keep(contributions[s], keepMask)));
    return next;
  };
  auto singles = scf::ForOp::create(
      b, loc, mainEnd, fullEnd, index(lanes), firsts,
      [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        scf::YieldOp::create(b, loc, addTerms(carried, j, nullptr, nullptr));
      });
  SmallVector<Value> lasts = buildPartial(
      singles.getResults(),
      [&](Value j, Value readMask, Value keepMask) -> SmallVector<Value> {
        return addTerms(singles.getResults(), j, readMask, keepMask);
      });
  SmallVector<Value> result(mainLoop.getResults());
  for (int64_t s = 0; s < numSums; ++s)
    result[s * unroll] = lasts[s];
  return result;
}

Value RunKernelBuilder::zeroState(Value channels, int64_t numSums) {
  Value empty = tensor::EmptyOp::create(
      b, loc,
      ArrayRef<OpFoldResult>{channels, b.getIndexAttr(stateWidth(numSums))},
      accType);
  auto loop = scf::ForOp::create(
      b, loc, index(0), channels, index(1), ValueRange{empty},
      [&](OpBuilder &nb, Location, Value c, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        scf::YieldOp::create(
            b, loc,
            writeState(carried[0], c,
                       SmallVector<Value>(numSums, zeroVector())));
      });
  return loop.getResult(0);
}

SmallVector<Value> RunKernelBuilder::readState(Value state, Value c,
                                               int64_t numSums) {
  SmallVector<Value> accs;
  Value pad = scalar(0.0);
  for (int64_t i = 0; i < numSums; ++i)
    accs.push_back(vector::TransferReadOp::create(
        b, loc, accVectorType, state, ValueRange{c, index(i * lanes)},
        b.getMultiDimIdentityMap(2).getMinorIdentityMap(2, 1, b.getContext()),
        pad, Value(), b.getBoolArrayAttr({true})));
  return accs;
}

Value RunKernelBuilder::writeState(Value state, Value c, ValueRange accs) {
  for (auto [i, acc] : llvm::enumerate(accs))
    state = vector::TransferWriteOp::create(
                b, loc, state.getType(), acc, state,
                ValueRange{c, index(i * lanes)},
                b.getMultiDimIdentityMap(2).getMinorIdentityMap(2, 1,
                                                                b.getContext()),
                Value(), b.getBoolArrayAttr({true}))
                .getResult();
  return state;
}

SmallVector<Value> RunKernelBuilder::accumulateRowsInto(
    ValueRange prefix, Value rows, ValueRange sums, int64_t numSums,
    function_ref<SmallVector<Value>(Value j, Value mask)> perVector,
    function_ref<SmallVector<Value>(Value x, ValueRange values)> terms) {
  // The chunk of vectors at `positions`; returns the updated sums.
  auto addChunk = [&](ValueRange tensors, ArrayRef<Value> positions,
                      Value readMask, Value keepMask) {
    int64_t width = positions.size();
    SmallVector<SmallVector<Value>> values;
    for (Value j : positions)
      values.push_back(perVector(j, readMask));
    SmallVector<Value> zeros(numSums * width, zeroVector());
    auto rowLoop = scf::ForOp::create(
        b, loc, index(0), rows, index(1), zeros,
        [&](OpBuilder &nb, Location, Value r, ValueRange carried) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToEnd(nb.getInsertionBlock());
          SmallVector<Value> row(prefix);
          row.push_back(r);
          SmallVector<Value> next(carried);
          for (int64_t p = 0; p < width; ++p) {
            SmallVector<Value> contributions =
                terms(read(row, positions[p], readMask), values[p]);
            for (int64_t s = 0; s < numSums; ++s)
              next[s * width + p] = add(next[s * width + p], contributions[s]);
          }
          scf::YieldOp::create(b, loc, next);
        });
    SmallVector<Value> updated(tensors);
    for (int64_t s = 0; s < numSums; ++s)
      for (int64_t p = 0; p < width; ++p)
        updated[s] =
            writeVector(add(readVector(updated[s], positions[p], readMask),
                            keep(rowLoop.getResult(s * width + p), keepMask)),
                        updated[s], positions[p], readMask);
    return updated;
  };
  auto mainLoop = scf::ForOp::create(
      b, loc, index(0), mainEnd, index(lanes * unroll), sums,
      [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        SmallVector<Value> positions;
        for (int64_t u = 0; u < unroll; ++u)
          positions.push_back(offset(j, u * lanes));
        scf::YieldOp::create(b, loc,
                             addChunk(carried, positions, nullptr, nullptr));
      });
  auto singles = scf::ForOp::create(
      b, loc, mainEnd, fullEnd, index(lanes), mainLoop.getResults(),
      [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        scf::YieldOp::create(b, loc, addChunk(carried, {j}, nullptr, nullptr));
      });
  return buildPartial(
      singles.getResults(),
      [&](Value j, Value readMask, Value keepMask) -> SmallVector<Value> {
        return addChunk(singles.getResults(), {j}, readMask, keepMask);
      });
}

SmallVector<Value> RunKernelBuilder::buildVectorLoop(
    Value length, ValueRange inits,
    function_ref<SmallVector<Value>(Value j, Value mask, ValueRange carried)>
        body) {
  auto loop = scf::ForOp::create(
      b, loc, index(0), length, index(lanes), inits,
      [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        Value remaining = arith::SubIOp::create(b, loc, length, j);
        Value mask = vector::CreateMaskOp::create(
            b, loc, VectorType::get({lanes}, b.getI1Type()),
            ValueRange{remaining});
        scf::YieldOp::create(b, loc, body(j, mask, carried));
      });
  return SmallVector<Value>(loop.getResults());
}

SmallVector<Value> RunKernelBuilder::accumulatePositions(
    ValueRange prefix, ValueRange accs,
    function_ref<SmallVector<Value>(Value x, Value j, Value mask)> terms) {
  auto addAt = [&](ValueRange tensors, Value j, Value readMask,
                   Value keepMask) {
    SmallVector<Value> contributions =
        terms(read(prefix, j, readMask), j, readMask);
    SmallVector<Value> next;
    for (auto [tensor, contribution] : llvm::zip(tensors, contributions))
      next.push_back(writeVector(
          add(readVector(tensor, j, readMask), keep(contribution, keepMask)),
          tensor, j, readMask));
    return next;
  };
  auto mainLoop = scf::ForOp::create(
      b, loc, index(0), mainEnd, index(lanes * unroll), accs,
      [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        SmallVector<Value> next(carried);
        for (int64_t u = 0; u < unroll; ++u)
          next = addAt(next, offset(j, u * lanes), nullptr, nullptr);
        scf::YieldOp::create(b, loc, next);
      });
  auto singles = scf::ForOp::create(
      b, loc, mainEnd, fullEnd, index(lanes), mainLoop.getResults(),
      [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        scf::YieldOp::create(b, loc, addAt(carried, j, nullptr, nullptr));
      });
  return buildPartial(
      singles.getResults(),
      [&](Value j, Value readMask, Value keepMask) -> SmallVector<Value> {
        return addAt(singles.getResults(), j, readMask, keepMask);
      });
}

Value RunKernelBuilder::sumSegment(Value tensor, Value start, Value length) {
  auto loop = scf::ForOp::create(
      b, loc, index(0), length, index(lanes), ValueRange{zeroVector()},
      [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        Value mask = vector::CreateMaskOp::create(
            b, loc, VectorType::get({lanes}, b.getI1Type()),
            ValueRange{arith::SubIOp::create(b, loc, length, j)});
        Value at = arith::AddIOp::create(b, loc, start, j);
        scf::YieldOp::create(b, loc,
                             add(carried[0], readVector(tensor, at, mask)));
      });
  return reduce(loop.getResults())[0];
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

Value RunKernelBuilder::readVector(Value tensor, Value j, Value mask) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto element = cast<FloatType>(type.getElementType());
  Value pad =
      arith::ConstantOp::create(b, loc, element, b.getFloatAttr(element, 0.0));
  Value x = vector::TransferReadOp::create(
      b, loc, VectorType::get({lanes}, element), tensor, ValueRange{j},
      b.getMultiDimIdentityMap(1), pad, mask, b.getBoolArrayAttr({true}));
  return convertVector(x, accVectorType);
}

Value RunKernelBuilder::writeVector(Value value, Value tensor, Value j,
                                    Value mask) {
  return vector::TransferWriteOp::create(
             b, loc, tensor.getType(), value, tensor, ValueRange{j},
             b.getMultiDimIdentityMap(1), mask, b.getBoolArrayAttr({true}))
      .getResult();
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

SmallVector<Value> RunKernelBuilder::fold(ValueRange accs, int64_t numSums) {
  SmallVector<Value> sums;
  for (int64_t s = 0; s < numSums; ++s) {
    Value total = accs[s * unroll];
    for (int64_t u = 1; u < unroll; ++u)
      total = add(total, accs[s * unroll + u]);
    sums.push_back(total);
  }
  return sums;
}

SmallVector<Value> RunKernelBuilder::reduce(ValueRange vectors) {
  return llvm::map_to_vector(vectors, [&](Value v) -> Value {
    return vector::ReductionOp::create(b, loc, vector::CombiningKind::ADD, v,
                                       arith::FastMathFlags::reassoc);
  });
}

Value RunKernelBuilder::writeRun(
    ValueRange prefix, Value output,
    function_ref<Value(Value x, Value j, Value mask)> body) {
  auto writeAt = [&](Value tensor, Value j, Value mask) -> Value {
    Value y =
        convertVector(body(read(prefix, j, mask), j, mask), elementVectorType);
    return vector::TransferWriteOp::create(b, loc, tensor.getType(), y, tensor,
                                           indices(prefix, j), minorMap(), mask,
                                           b.getBoolArrayAttr({true}))
        .getResult();
  };
  auto buildMainLoop = [&](Value lower, Value upper, Value init) {
    return scf::ForOp::create(
        b, loc, lower, upper, index(lanes * unroll), ValueRange{init},
        [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToEnd(nb.getInsertionBlock());
          Value tensor = carried[0];
          for (int64_t u = 0; u < unroll; ++u)
            tensor = writeAt(tensor, offset(j, u * lanes), nullptr);
          scf::YieldOp::create(b, loc, tensor);
        });
  };
  Value written = output;
  Value streamEnd = index(0);
  if (streamStores) {
    streamEnd = streamableEnd;
    auto streamLoop = buildMainLoop(index(0), streamEnd, written);
    NormDialect::StreamStoresAttrHelper(b.getContext())
        .setAttr(streamLoop, b.getI64IntegerAttr(kStreamAlignment));
    written = streamLoop.getResult(0);
  }
  auto mainLoop = buildMainLoop(streamEnd, mainEnd, written);
  auto singles = scf::ForOp::create(
      b, loc, mainEnd, fullEnd, index(lanes), ValueRange{mainLoop.getResult(0)},
      [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        scf::YieldOp::create(b, loc, writeAt(carried[0], j, nullptr));
      });
  // The last vector rewrites the lanes it shares with the one before it
  // with the same values.
  return buildPartial(
      singles.getResults(),
      [&](Value j, Value readMask, Value) -> SmallVector<Value> {
        return {writeAt(singles.getResult(0), j, readMask)};
      })[0];
}

Value RunKernelBuilder::extract(Value tensor, Value position) {
  Value value = tensor::ExtractOp::create(b, loc, tensor, position);
  auto type = cast<FloatType>(value.getType());
  if (type == accType)
    return value;
  if (type.getWidth() < accType.getWidth())
    return arith::ExtFOp::create(b, loc, accType, value);
  return arith::TruncFOp::create(b, loc, accType, value);
}

Value RunKernelBuilder::splat(Value scalar) {
  return vector::BroadcastOp::create(b, loc, accVectorType, scalar);
}

Value RunKernelBuilder::scalar(double value) {
  return arith::ConstantOp::create(b, loc, accType,
                                   b.getFloatAttr(accType, value));
}

Value RunKernelBuilder::add(Value lhs, Value rhs) {
  return arith::AddFOp::create(b, loc, lhs, rhs, arith::FastMathFlags::reassoc);
}

SmallVector<Value>
RunKernelBuilder::buildIf(Value condition, TypeRange types,
                          function_ref<SmallVector<Value>()> thenBody,
                          function_ref<SmallVector<Value>()> elseBody) {
  auto ifOp = scf::IfOp::create(b, loc, types, condition,
                                /*withElseRegion=*/true);
  for (Block *block : {ifOp.thenBlock(), ifOp.elseBlock()})
    if (!block->empty())
      block->getTerminator()->erase();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  scf::YieldOp::create(b, loc, thenBody());
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, loc, elseBody());
  return SmallVector<Value>(ifOp.getResults());
}

Value RunKernelBuilder::index(int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

Value RunKernelBuilder::offset(Value j, int64_t delta) {
  if (delta == 0)
    return j;
  return arith::AddIOp::create(b, loc, j, index(delta));
}

Value RunKernelBuilder::roundDown(Value value, int64_t multiple) {
  return arith::SubIOp::create(
      b, loc, value, arith::RemUIOp::create(b, loc, value, index(multiple)));
}

SmallVector<Value> RunKernelBuilder::indices(ValueRange prefix, Value j) {
  SmallVector<Value> all(prefix);
  all.push_back(j);
  return all;
}

AffineMap RunKernelBuilder::minorMap() {
  return b.getMultiDimIdentityMap(rank).getMinorIdentityMap(rank, 1,
                                                            b.getContext());
}

Value RunKernelBuilder::convertVector(Value value, VectorType type) {
  auto from =
      cast<FloatType>(cast<VectorType>(value.getType()).getElementType());
  auto to = cast<FloatType>(type.getElementType());
  if (from == to)
    return value;
  if (from.getWidth() < to.getWidth())
    return arith::ExtFOp::create(b, loc, type, value);
  return arith::TruncFOp::create(b, loc, type, value);
}

Value RunKernelBuilder::read(ValueRange prefix, Value j, Value mask) {
  Value pad = arith::ConstantOp::create(b, loc, elementType,
                                        b.getFloatAttr(elementType, 0.0));
  Value x = vector::TransferReadOp::create(b, loc, elementVectorType, input,
                                           indices(prefix, j), minorMap(), pad,
                                           mask, b.getBoolArrayAttr({true}));
  return convertVector(x, accVectorType);
}

SmallVector<Value> RunKernelBuilder::buildPartial(
    ValueRange passThrough,
    function_ref<SmallVector<Value>(Value j, Value readMask, Value keepMask)>
        partial) {
  VectorType maskType = VectorType::get({lanes}, b.getI1Type());
  Value isPartial = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                          fullEnd, runLength);
  return buildIf(
      isPartial, passThrough.getTypes(),
      [&] {
        Value remaining = arith::SubIOp::create(b, loc, runLength, fullEnd);
        Value isLong = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                             runLength, index(lanes));
        return buildIf(
            isLong, passThrough.getTypes(),
            [&] {
              Value seen = vector::CreateMaskOp::create(
                  b, loc, maskType,
                  ValueRange{
                      arith::SubIOp::create(b, loc, index(lanes), remaining)});
              Value all = arith::ConstantOp::create(
                  b, loc, DenseElementsAttr::get(maskType, true));
              Value fresh = arith::XOrIOp::create(b, loc, seen, all);
              return partial(
                  arith::SubIOp::create(b, loc, runLength, index(lanes)),
                  nullptr, fresh);
            },
            [&] {
              Value mask = vector::CreateMaskOp::create(b, loc, maskType,
                                                        ValueRange{remaining});
              return partial(fullEnd, mask, mask);
            });
      },
      [&] { return SmallVector<Value>(passThrough); });
}

Value RunKernelBuilder::keep(Value value, Value mask) {
  if (!mask)
    return value;
  return arith::SelectOp::create(b, loc, mask, value, zeroVector());
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

/// A slice of a shared output of an scf.forall iteration.
struct SliceToInsert {
  Value value;
  SmallVector<OpFoldResult> offsets, sizes;
};

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
