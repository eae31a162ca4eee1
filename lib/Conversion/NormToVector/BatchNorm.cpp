//===- BatchNorm.cpp - batch_norm(_train) to vector loops ---*- C++ -*-===//
//
// Lowers the batch norms whose channel is followed by one contiguous dim
// ([A..., C, B]: NCHW once norm-flatten-batch-norm has merged H and W)
// straight to loops whose bodies stream each run of B elements of a channel
// through vector registers: independent vector accumulators per run, added
// up into one vector per statistic and channel and reduced horizontally
// once, a loop of single vectors, and for the end of a run the full vector
// ending at it (or a masked one when the run is shorter than a vector). The
// statistics of training over short runs (a small H x W) are instead summed
// position-wise over the tile's channels, contiguous per index of A...,
// with no per-run work, and its output written the same way. The
// channels-last batch norms ([A..., C]) are vectorized across the channels.
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "norm/Conversion/NormCommon/BatchNormSchedule.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/Passes.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Builds the vector loops over the runs of `input`: its contiguous last dim
/// (B elements) at fixed indices (the "prefix") of every other dim. A run is
/// swept by a main loop of `unroll` vectors per iteration, a loop of single
/// vectors, and the last vector of buildPartial when B is not a multiple of
/// the lanes.
class RunKernelBuilder {
public:
  RunKernelBuilder(OpBuilder &b, Location loc, Value input, FloatType accType,
                   const NormToVectorOptions &options)
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

  /// `numSums * unroll` zero accumulators (sum s, accumulator u at
  /// s * unroll + u).
  SmallVector<Value> zeroAccumulators(int64_t numSums) {
    return SmallVector<Value>(numSums * unroll, zeroVector());
  }

  /// Adds `terms` of every element of the run at `prefix` to the
  /// accumulators `accs` (see zeroAccumulators) and returns the new ones.
  /// `terms` maps an accumulation-type vector to one term per sum; the terms
  /// of lanes of the last vector that are not new (see buildPartial) are
  /// replaced by 0.
  SmallVector<Value>
  accumulateRun(ValueRange prefix, ValueRange accs, int64_t numSums,
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
              next[s * unroll + u] =
                  add(next[s * unroll + u], contributions[s]);
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

  /// A [channels, numSums * lanes] accumulation-type tensor of zeros: one
  /// vector per sum and channel of a tile, kept (in L1) between the runs of
  /// a pass that visits the channels in turn.
  Value zeroState(Value channels, int64_t numSums) {
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

  /// The sums of channel `c` in `state` (see zeroState), one vector each.
  SmallVector<Value> readState(Value state, Value c, int64_t numSums) {
    SmallVector<Value> accs;
    Value pad = scalar(0.0);
    for (int64_t i = 0; i < numSums; ++i)
      accs.push_back(vector::TransferReadOp::create(
          b, loc, accVectorType, state, ValueRange{c, index(i * lanes)},
          b.getMultiDimIdentityMap(2).getMinorIdentityMap(2, 1, b.getContext()),
          pad, Value(), b.getBoolArrayAttr({true})));
    return accs;
  }

  /// `state` with the sums of channel `c` replaced by `accs`.
  Value writeState(Value state, Value c, ValueRange accs) {
    for (auto [i, acc] : llvm::enumerate(accs))
      state = vector::TransferWriteOp::create(
                  b, loc, state.getType(), acc, state,
                  ValueRange{c, index(i * lanes)},
                  b.getMultiDimIdentityMap(2).getMinorIdentityMap(
                      2, 1, b.getContext()),
                  Value(), b.getBoolArrayAttr({true}))
                  .getResult();
    return state;
  }

  /// Adds to the per-channel sums `sums` (1-D accumulation-type tensors, one
  /// per sum) the terms of every element of the `rows` runs at
  /// [prefix..., r, :], r in [0, rows): the runs are swept a chunk of
  /// channels at a time (`unroll` vectors, then single vectors, then the last
  /// vector of buildPartial), each chunk's sums accumulating in registers
  /// over the rows and added to `sums` once. `perVector(j, mask)` gives the
  /// per-channel values the terms of the vector at `j` need (read once per
  /// chunk); `terms(x, values)` the terms of a vector `x`.
  SmallVector<Value> accumulateRowsInto(
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
                next[s * width + p] =
                    add(next[s * width + p], contributions[s]);
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
          scf::YieldOp::create(b, loc,
                               addChunk(carried, {j}, nullptr, nullptr));
        });
    return buildPartial(
        singles.getResults(),
        [&](Value j, Value readMask, Value keepMask) -> SmallVector<Value> {
          return addChunk(singles.getResults(), {j}, readMask, keepMask);
        });
  }

  /// A loop over the vectors of [0, length) (every one masked to the
  /// length) carrying `inits`; `body` gets the position, the mask and the
  /// carried values and returns the new ones. For the O(C) per-channel work.
  SmallVector<Value> buildVectorLoop(
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

  /// Adds `terms` of every vector of the run at `prefix` position-wise to
  /// the 1-D accumulation-type tensors `accs` (one per sum, a run long):
  /// acc[s][j, j + lanes) += terms(x, j, mask)[s], `unroll` vectors per
  /// iteration, then single vectors, then the last vector of buildPartial
  /// (its lanes seen before add 0). No sum is carried from one vector to the
  /// next, so a run costs no per-run setup beyond its loops.
  SmallVector<Value> accumulatePositions(
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

  /// The sum of the `length` elements of the 1-D `tensor` from `start`: a
  /// loop of masked vectors, one horizontal reduction.
  Value sumSegment(Value tensor, Value start, Value length) {
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

  /// `target` (1-D) with `length` copies of `value` (a scalar) from `start`.
  Value fillSegment(Value target, Value start, Value length, Value value) {
    Value vector = splat(value);
    return buildVectorLoop(
        length, ValueRange{target},
        [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
          return {writeVector(vector, carried[0],
                              arith::AddIOp::create(b, loc, start, j), mask)};
        })[0];
  }

  /// `lanes` elements of the 1-D `tensor` from `j` in the accumulation type
  /// (masked-off lanes read 0).
  Value readVector(Value tensor, Value j, Value mask) {
    auto type = cast<RankedTensorType>(tensor.getType());
    auto element = cast<FloatType>(type.getElementType());
    Value pad = arith::ConstantOp::create(b, loc, element,
                                          b.getFloatAttr(element, 0.0));
    Value x = vector::TransferReadOp::create(
        b, loc, VectorType::get({lanes}, element), tensor, ValueRange{j},
        b.getMultiDimIdentityMap(1), pad, mask, b.getBoolArrayAttr({true}));
    return convertVector(x, accVectorType);
  }

  /// `tensor` (1-D, accumulation type) with `value` written from `j`.
  Value writeVector(Value value, Value tensor, Value j, Value mask) {
    return vector::TransferWriteOp::create(
               b, loc, tensor.getType(), value, tensor, ValueRange{j},
               b.getMultiDimIdentityMap(1), mask, b.getBoolArrayAttr({true}))
        .getResult();
  }

  /// A 1-D accumulation-type tensor of `length` zeros.
  Value zeroVectorTensor(OpFoldResult length) {
    Value empty = tensor::EmptyOp::create(
        b, loc, ArrayRef<OpFoldResult>{length}, accType);
    Value size = getValueOrCreateConstantIndexOp(b, loc, length);
    return buildVectorLoop(
        size, ValueRange{empty}, [&](Value j, Value mask, ValueRange carried) {
          return SmallVector<Value>{
              writeVector(zeroVector(), carried[0], j, mask)};
        })[0];
  }

  /// Adds up the `unroll` accumulators of each sum: one vector per sum.
  SmallVector<Value> fold(ValueRange accs, int64_t numSums) {
    SmallVector<Value> sums;
    for (int64_t s = 0; s < numSums; ++s) {
      Value total = accs[s * unroll];
      for (int64_t u = 1; u < unroll; ++u)
        total = add(total, accs[s * unroll + u]);
      sums.push_back(total);
    }
    return sums;
  }

  /// Reduces each vector horizontally, once.
  SmallVector<Value> reduce(ValueRange vectors) {
    return llvm::map_to_vector(vectors, [&](Value v) -> Value {
      return vector::ReductionOp::create(b, loc, vector::CombiningKind::ADD, v,
                                         arith::FastMathFlags::reassoc);
    });
  }

  /// Writes `body(x, j, mask)` (an accumulation-type vector) for every
  /// vector `x` at `j` of the run at `prefix` into the same run of `output`,
  /// truncated to the element type, and returns the updated tensor. The
  /// parameters a body reads at `j` must be per position (the last vector
  /// may rewrite lanes of the one before with the same values). With stream
  /// stores
  /// and runs of whole cache lines, the main loop is marked for
  /// norm-stream-stores, for runs that start on a cache line: its vectors
  /// start a multiple of `lanes * unroll` elements after the run start, so
  /// it writes whole lines, and no line is shared with the plain stores of
  /// the run's end or of a neighbouring run (a line written partly by
  /// streaming stores is flushed partially, which costs more than the read
  /// for ownership it saves).
  Value writeRun(ValueRange prefix, Value output,
                 function_ref<Value(Value x, Value j, Value mask)> body) {
    auto writeAt = [&](Value tensor, Value j, Value mask) -> Value {
      Value y = convertVector(body(read(prefix, j, mask), j, mask),
                              elementVectorType);
      return vector::TransferWriteOp::create(
                 b, loc, tensor.getType(), y, tensor, indices(prefix, j),
                 minorMap(), mask, b.getBoolArrayAttr({true}))
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
      streamLoop->setAttr(kStreamStoresAttrName,
                          b.getI64IntegerAttr(kStreamAlignment));
      written = streamLoop.getResult(0);
    }
    auto mainLoop = buildMainLoop(streamEnd, mainEnd, written);
    auto singles = scf::ForOp::create(
        b, loc, mainEnd, fullEnd, index(lanes),
        ValueRange{mainLoop.getResult(0)},
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

  /// Element `position` of the 1-D `tensor`, in the accumulation type.
  Value extract(Value tensor, Value position) {
    Value value = tensor::ExtractOp::create(b, loc, tensor, position);
    auto type = cast<FloatType>(value.getType());
    if (type == accType)
      return value;
    if (type.getWidth() < accType.getWidth())
      return arith::ExtFOp::create(b, loc, accType, value);
    return arith::TruncFOp::create(b, loc, accType, value);
  }

  Value splat(Value scalar) {
    return vector::BroadcastOp::create(b, loc, accVectorType, scalar);
  }
  Value scalar(double value) {
    return arith::ConstantOp::create(b, loc, accType,
                                     b.getFloatAttr(accType, value));
  }
  Value zeroVector() { return splat(scalar(0.0)); }
  Value add(Value lhs, Value rhs) {
    return arith::AddFOp::create(b, loc, lhs, rhs,
                                 arith::FastMathFlags::reassoc);
  }
  /// An `scf.if` with `types` results and both branches
  /// built by the callbacks.
  SmallVector<Value> buildIf(Value condition, TypeRange types,
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

  OpBuilder &b;
  Location loc;
  Value input;
  FloatType accType;
  RankedTensorType inputType;
  FloatType elementType;
  int64_t unroll;
  bool streamStores;
  int64_t lanes;
  int64_t rank;
  VectorType accVectorType, elementVectorType;
  Value runLength, mainEnd, fullEnd;
  /// With stream stores: mainEnd when a run is whole cache lines, else 0.
  Value streamableEnd;

private:
  /// The bytes of a cache line: the alignment of a run whose main loop may
  /// stream.
  static constexpr int64_t kStreamAlignment = 64;

  int64_t stateWidth(int64_t numSums) { return numSums * lanes; }
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value offset(Value j, int64_t delta) {
    if (delta == 0)
      return j;
    return arith::AddIOp::create(b, loc, j, index(delta));
  }
  /// The largest multiple of `multiple` not above `value`.
  Value roundDown(Value value, int64_t multiple) {
    return arith::SubIOp::create(
        b, loc, value, arith::RemUIOp::create(b, loc, value, index(multiple)));
  }
  SmallVector<Value> indices(ValueRange prefix, Value j) {
    SmallVector<Value> all(prefix);
    all.push_back(j);
    return all;
  }
  AffineMap minorMap() {
    return b.getMultiDimIdentityMap(rank).getMinorIdentityMap(rank, 1,
                                                              b.getContext());
  }
  Value convertVector(Value value, VectorType type) {
    auto from =
        cast<FloatType>(cast<VectorType>(value.getType()).getElementType());
    auto to = cast<FloatType>(type.getElementType());
    if (from == to)
      return value;
    if (from.getWidth() < to.getWidth())
      return arith::ExtFOp::create(b, loc, type, value);
    return arith::TruncFOp::create(b, loc, type, value);
  }
  /// Reads `lanes` elements of the run at `prefix` from `j` in the
  /// accumulation type; masked-off lanes read 0.
  Value read(ValueRange prefix, Value j, Value mask) {
    Value pad = arith::ConstantOp::create(b, loc, elementType,
                                          b.getFloatAttr(elementType, 0.0));
    Value x = vector::TransferReadOp::create(
        b, loc, elementVectorType, input, indices(prefix, j), minorMap(), pad,
        mask, b.getBoolArrayAttr({true}));
    return convertVector(x, accVectorType);
  }
  /// The last vector of a run whose length r = B - fullEnd past the full
  /// vectors is not 0: `partial(j, readMask, keepMask)` yields the values
  /// updated by the vector at `j`; else `passThrough`. A run of at least one
  /// vector takes the full vector ending at B (j = B - lanes, no read mask):
  /// its first lanes - r lanes were seen by the vector before, and `keepMask`
  /// marks the r new ones (a masked load or store costs far more than a
  /// plain one on some targets, AMD Zen among them). A shorter run takes the
  /// masked vector at fullEnd (both masks: its r lanes).
  SmallVector<Value> buildPartial(
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
          Value isLong = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::uge, runLength, index(lanes));
          return buildIf(
              isLong, passThrough.getTypes(),
              [&] {
                Value seen = vector::CreateMaskOp::create(
                    b, loc, maskType,
                    ValueRange{arith::SubIOp::create(b, loc, index(lanes),
                                                     remaining)});
                Value all = arith::ConstantOp::create(
                    b, loc, DenseElementsAttr::get(maskType, true));
                Value fresh = arith::XOrIOp::create(b, loc, seen, all);
                return partial(
                    arith::SubIOp::create(b, loc, runLength, index(lanes)),
                    nullptr, fresh);
              },
              [&] {
                Value mask = vector::CreateMaskOp::create(
                    b, loc, maskType, ValueRange{remaining});
                return partial(fullEnd, mask, mask);
              });
        },
        [&] { return SmallVector<Value>(passThrough); });
  }

  /// `value` where `mask` is set, 0 elsewhere (`value` itself without mask).
  Value keep(Value value, Value mask) {
    if (!mask)
      return value;
    return arith::SelectOp::create(b, loc, mask, value, zeroVector());
  }
};

/// Builds a loop nest over dims [firstDim, endDim) of `input` carrying
/// `inits`; `body` gets the indices and the carried values and returns the
/// new ones.
static SmallVector<Value> buildLoops(
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
static SmallVector<Value> buildLoops(
    OpBuilder &b, Location loc, Value input, int64_t numDims, ValueRange inits,
    function_ref<SmallVector<Value>(ValueRange ivs, ValueRange carried)> body) {
  return buildLoops(b, loc, input, 0, numDims, inits, body);
}

/// A loop over [0, count) carrying `inits`; `body` gets the induction
/// variable and the carried values and returns the new ones.
static SmallVector<Value>
buildLoop(OpBuilder &b, Location loc, Value count, ValueRange inits,
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
static Value buildCountPerChannel(OpBuilder &b, Location loc, Value input,
                                  int64_t axis, FloatType accType) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  sizes.erase(sizes.begin() + axis);
  return buildElementCount(b, loc, sizes, accType);
}

/// `value` as `type`, through a tensor.cast where the static sizes differ.
static Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

/// Appends `prefix` and `last` into one index list.
static SmallVector<Value> append(ValueRange prefix, Value last) {
  SmallVector<Value> all(prefix);
  all.push_back(last);
  return all;
}

/// The running statistics of `op` as vectors over the channels at `j`: the
/// momentum blends of the running values read at `j` with the batch mean and
/// the (unbiased when requested) batch variance.
static SmallVector<Value> buildRunningStats(RunKernelBuilder &kernel,
                                            BatchNormTrainOp op, Value count,
                                            Value j, Value mask, Value mean,
                                            Value variance) {
  OpBuilder &b = kernel.b;
  Location loc = kernel.loc;
  double momentum = op.getAccumulatorMomentum();
  Value batchVar = variance;
  if (op.getUnbiasedRunningVar())
    batchVar = buildUnbiasedVariance(b, loc, variance, count);
  return {buildMomentumBlend(b, loc,
                             kernel.readVector(op.getRunningMean(), j, mask),
                             mean, momentum),
          buildMomentumBlend(b, loc,
                             kernel.readVector(op.getRunningVar(), j, mask),
                             batchVar, momentum)};
}

/// A slice of a shared output of an scf.forall iteration.
struct SliceToInsert {
  Value value;
  SmallVector<OpFoldResult> offsets, sizes;
};

/// An scf.forall over [0, count) with the shared `outputs`; `body` gets the
/// induction variable and the shared outputs' block arguments and returns the
/// slice each iteration inserts into each of them. Returns the results.
static SmallVector<Value> buildForall(
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

/// Rewrites a channels-last `norm.batch_norm_train` ([A0, A..., C]) into
/// one memory pass for the statistics and one for the output, vectorized
/// across the channels and parallel over blocks of rows (indices of A0,
/// `blockElements` elements or more per block; scf.forall):
///
/// 1. K, a per-channel shift: the mean of the first block.
/// 2. Per block (in parallel): the corrected two-pass moments of y = x - K
///    over the block's rows, its first pass from memory and its second from
///    cache: m' = sum(y) / n_b, then sum(d) and sum(d^2) of d = y - m' give
///    mean_b = m' + sum(d) / n_b and M2_b = sum(d^2) - n_b (sum(d) / n_b)^2.
/// 3. Chan's formula merges the blocks in order: with delta = mean_b - mean,
///    mean += delta n_b / n and M2 += M2_b + delta^2 n_a n_b / n. No
///    difference of squares is ever formed; a constant channel has y the
///    same exact delta everywhere, so mean = K + delta is exact and M2 = 0.
/// 4. Per block (in parallel): ((x - K) - mean) * rstd * scale + bias, the
///    two-part deviation of the linalg lowering ((x - m1) - c) with K for m1.
///
/// A block's per-channel sums are 1-D tensors; a chunk of channels sums the
/// rows along the last leading dim (e.g. W) in registers and adds them to
/// those tensors once. The batch mean is K + mean, the batch variance M2 / n.
static LogicalResult rewriteChannelsLast(BatchNormTrainOp op,
                                         PatternRewriter &rewriter,
                                         const NormToVectorOptions &options) {
  // Nothing to stream in a statically empty input (and its block slices
  // would not verify): the linalg lowering handles it.
  if (llvm::is_contained(op.getInput().getType().getShape(), 0))
    return rewriter.notifyMatchFailure(op, "statically empty input");
  Location loc = op.getLoc();
  Value input = op.getInput();
  int64_t axis = op.getNormalizedFeatureAxis();
  FloatType accType = op.getAccumulatorType();
  RunKernelBuilder kernel(rewriter, loc, input, accType, options);
  double epsilon = op.getAccumulatorEpsilon();
  Value count = buildCountPerChannel(rewriter, loc, input, axis, accType);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
  Value channels = tensor::DimOp::create(rewriter, loc, input, axis);
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  auto toAcc = [&](Value indexValue) -> Value {
    return buildIndexToFloat(rewriter, loc, indexValue, accType);
  };
  auto perChannel = [&]() -> Value {
    return tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{sizes[axis]}, accType);
  };

  // Blocks of `step` indices of A0 (at least blockElements elements).
  Value outer = tensor::DimOp::create(rewriter, loc, input, 0);
  Value rowsPerIndex = index(1);
  for (int64_t dim = 1; dim < axis; ++dim)
    rowsPerIndex =
        arith::MulIOp::create(rewriter, loc, rowsPerIndex,
                              tensor::DimOp::create(rewriter, loc, input, dim));
  Value perIndex = arith::MaxUIOp::create(
      rewriter, loc,
      arith::MulIOp::create(rewriter, loc, rowsPerIndex, channels), index(1));
  Value step = arith::MaxUIOp::create(
      rewriter, loc,
      arith::CeilDivUIOp::create(rewriter, loc, index(options.blockElements),
                                 perIndex),
      index(1));
  Value numBlocks = arith::CeilDivUIOp::create(rewriter, loc, outer, step);
  // The rows [block * step, +size) of A0 of `tensor`, and their size.
  auto blockRange = [&](Value block) -> std::pair<Value, Value> {
    Value start = arith::MulIOp::create(rewriter, loc, block, step);
    Value size = arith::MinUIOp::create(
        rewriter, loc, step,
        arith::SubIOp::create(rewriter, loc, outer, start));
    return {start, size};
  };
  auto blockSlice = [&](Value tensor, Value start,
                        Value size) -> std::pair<Value, SliceToInsert> {
    SliceToInsert slice;
    slice.offsets.assign(sizes.size(), rewriter.getIndexAttr(0));
    slice.offsets[0] = start;
    slice.sizes = sizes;
    slice.sizes[0] = size;
    Value extracted = tensor::ExtractSliceOp::create(
        rewriter, loc, tensor, slice.offsets, slice.sizes,
        SmallVector<OpFoldResult>(sizes.size(), rewriter.getIndexAttr(1)));
    return {extracted, slice};
  };
  // Sums the terms of every row of `block` (a slice of the input) into
  // `numSums` per-channel tensors: the rows along the last leading dim
  // accumulate in registers, a chunk of channels at a time.
  auto blockSums =
      [&](Value block, int64_t numSums,
          function_ref<SmallVector<Value>(RunKernelBuilder &, Value j,
                                          Value mask)>
              perVector,
          function_ref<SmallVector<Value>(Value x, ValueRange values)> terms)
      -> SmallVector<Value> {
    RunKernelBuilder rows(rewriter, loc, block, accType, options);
    SmallVector<Value> zeros;
    for (int64_t i = 0; i < numSums; ++i)
      zeros.push_back(rows.zeroVectorTensor(sizes[axis]));
    Value innerRows = tensor::DimOp::create(rewriter, loc, block, axis - 1);
    return buildLoops(
        rewriter, loc, block, axis - 1, zeros,
        [&](ValueRange ivs, ValueRange sums) {
          return rows.accumulateRowsInto(
              ivs, innerRows, sums, numSums,
              [&](Value j, Value mask) { return perVector(rows, j, mask); },
              terms);
        });
  };
  auto noValues = [](RunKernelBuilder &, Value, Value) {
    return SmallVector<Value>();
  };
  // The elements of a block per channel, in the accumulation type.
  auto blockCount = [&](Value size) {
    return toAcc(arith::MulIOp::create(rewriter, loc, size, rowsPerIndex));
  };

  // 1. The shift K: the mean of the first block.
  auto [firstStart, firstSize] = blockRange(index(0));
  Value firstSum =
      blockSums(blockSlice(input, firstStart, firstSize).first, 1, noValues,
                [](Value x, ValueRange) { return SmallVector<Value>{x}; })[0];
  Value firstCount = kernel.splat(blockCount(firstSize));
  Value shift = kernel.buildVectorLoop(
      channels, ValueRange{perChannel()},
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        Value mean =
            buildMean(rewriter, loc, kernel.readVector(firstSum, j, mask),
                      firstCount);
        return {kernel.writeVector(mean, carried[0], j, mask)};
      })[0];

  // 2. Per block: mean_b and M2_b of y = x - K, into [blocks * C] tensors.
  Value flatSize = arith::MulIOp::create(rewriter, loc, numBlocks, channels);
  auto flatEmpty = [&]() -> Value {
    return tensor::EmptyOp::create(rewriter, loc,
                                   ArrayRef<OpFoldResult>{flatSize}, accType);
  };
  SmallVector<Value> blockMoments = buildForall(
      rewriter, loc, numBlocks, ValueRange{flatEmpty(), flatEmpty()},
      [&](Value block, ValueRange shared) -> SmallVector<SliceToInsert> {
        auto [start, size] = blockRange(block);
        Value slice = blockSlice(input, start, size).first;
        Value n = kernel.splat(blockCount(size));
        Value sum = blockSums(
            slice, 1,
            [&](RunKernelBuilder &rows, Value j, Value mask) {
              return SmallVector<Value>{rows.readVector(shift, j, mask)};
            },
            [&](Value x, ValueRange values) -> SmallVector<Value> {
              return {arith::SubFOp::create(rewriter, loc, x, values[0])};
            })[0];
        Value firstMeans = kernel.buildVectorLoop(
            channels, ValueRange{perChannel()},
            [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
              Value mean =
                  buildMean(rewriter, loc, kernel.readVector(sum, j, mask), n);
              return {kernel.writeVector(mean, carried[0], j, mask)};
            })[0];
        SmallVector<Value> deviations = blockSums(
            slice, 2,
            [&](RunKernelBuilder &rows, Value j, Value mask) {
              return SmallVector<Value>{rows.readVector(shift, j, mask),
                                        rows.readVector(firstMeans, j, mask)};
            },
            [&](Value x, ValueRange values) -> SmallVector<Value> {
              Value y = arith::SubFOp::create(rewriter, loc, x, values[0]);
              Value d = arith::SubFOp::create(rewriter, loc, y, values[1]);
              return {d, arith::MulFOp::create(rewriter, loc, d, d)};
            });
        Value offset = arith::MulIOp::create(rewriter, loc, block, channels);
        SmallVector<SliceToInsert> rows;
        SmallVector<Value> targets;
        for (Value dest : shared) {
          SliceToInsert row{nullptr, {offset}, {sizes[axis]}};
          targets.push_back(tensor::ExtractSliceOp::create(
              rewriter, loc, dest, row.offsets, row.sizes,
              ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)}));
          rows.push_back(row);
        }
        SmallVector<Value> written = kernel.buildVectorLoop(
            channels, targets,
            [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
              PartialMoments moments = buildCentredPartialMoments(
                  rewriter, loc, kernel.readVector(firstMeans, j, mask),
                  kernel.readVector(deviations[0], j, mask),
                  kernel.readVector(deviations[1], j, mask), n);
              return {kernel.writeVector(moments.mean, carried[0], j, mask),
                      kernel.writeVector(moments.m2, carried[1], j, mask)};
            });
        rows[0].value = written[0];
        rows[1].value = written[1];
        return rows;
      });

  // 3. Chan's merge of the blocks, in order.
  SmallVector<Value> merged = buildLoop(
      rewriter, loc, numBlocks,
      ValueRange{kernel.scalar(0.0), kernel.zeroVectorTensor(sizes[axis]),
                 kernel.zeroVectorTensor(sizes[axis])},
      [&](Value block, ValueRange carried) -> SmallVector<Value> {
        Value countBefore = carried[0];
        Value countOfBlock = blockCount(blockRange(block).second);
        ChanWeights weights =
            buildChanWeights(rewriter, loc, countBefore, countOfBlock);
        weights.meanWeight = kernel.splat(weights.meanWeight);
        weights.m2Weight = kernel.splat(weights.m2Weight);
        Value offset = arith::MulIOp::create(rewriter, loc, block, channels);
        SmallVector<Value> next = kernel.buildVectorLoop(
            channels, carried.drop_front(),
            [&](Value j, Value mask, ValueRange tensors) -> SmallVector<Value> {
              Value at = arith::AddIOp::create(rewriter, loc, offset, j);
              PartialMoments merged = buildChanMerge(
                  rewriter, loc, weights,
                  {countBefore, kernel.readVector(tensors[0], j, mask),
                   kernel.readVector(tensors[1], j, mask)},
                  {countOfBlock, kernel.readVector(blockMoments[0], at, mask),
                   kernel.readVector(blockMoments[1], at, mask)});
              return {kernel.writeVector(merged.mean, tensors[0], j, mask),
                      kernel.writeVector(merged.m2, tensors[1], j, mask)};
            });
        return {weights.count, next[0], next[1]};
      });
  Value correction = merged[1];

  // Per channel: rstd and the statistics results.
  bool running = static_cast<bool>(op.getRunningMean());
  SmallVector<Value> statInits(running ? 5 : 3);
  for (Value &init : statInits)
    init = perChannel();
  SmallVector<Value> stats = kernel.buildVectorLoop(
      channels, statInits,
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        Value variance = buildVariance(
            rewriter, loc,
            {count, Value(), kernel.readVector(merged[2], j, mask)});
        Value mean = arith::AddFOp::create(
            rewriter, loc, kernel.readVector(shift, j, mask),
            kernel.readVector(correction, j, mask));
        SmallVector<Value> values = {
            buildInverseSqrt(rewriter, loc, variance, epsilon), mean, variance};
        if (running)
          llvm::append_range(values, buildRunningStats(kernel, op, count, j,
                                                       mask, mean, variance));
        SmallVector<Value> next;
        for (auto [value, tensor] : llvm::zip(values, carried))
          next.push_back(kernel.writeVector(value, tensor, j, mask));
        return next;
      });

  // 4. Per block: ((x - K) - mean') * rstd * scale + bias.
  Value init =
      tensor::EmptyOp::create(rewriter, loc, sizes, kernel.elementType);
  Value output = buildForall(
      rewriter, loc, numBlocks, ValueRange{init},
      [&](Value block, ValueRange shared) -> SmallVector<SliceToInsert> {
        auto [start, size] = blockRange(block);
        Value slice = blockSlice(input, start, size).first;
        auto [target, insert] = blockSlice(shared[0], start, size);
        RunKernelBuilder rows(rewriter, loc, slice, accType, options);
        insert.value = buildLoops(
            rewriter, loc, slice, axis, ValueRange{target},
            [&](ValueRange ivs, ValueRange carried) -> SmallVector<Value> {
              return {rows.writeRun(
                  ivs, carried[0], [&](Value x, Value j, Value mask) -> Value {
                    Value d = arith::SubFOp::create(
                        rewriter, loc,
                        arith::SubFOp::create(rewriter, loc, x,
                                              rows.readVector(shift, j, mask)),
                        rows.readVector(correction, j, mask));
                    Value y = buildScaledDeviation(rewriter, loc, 
                        d, rows.readVector(stats[0], j, mask), epsilon);
                    y = arith::MulFOp::create(
                        rewriter, loc, y,
                        rows.readVector(op.getScale(), j, mask));
                    return arith::AddFOp::create(
                        rewriter, loc, y,
                        rows.readVector(op.getBias(), j, mask));
                  })};
            })[0];
        return {insert};
      })[0];

  SmallVector<Value> results = {output};
  llvm::append_range(results, ArrayRef<Value>(stats).drop_front(1));
  SmallVector<Value> replacements;
  for (auto [value, result] : llvm::zip_equal(results, op->getResults()))
    replacements.push_back(castTo(rewriter, loc, value, result.getType()));
  rewriter.replaceOp(op, replacements);
  return success();
}

/// Rewrites a channels-last `norm.batch_norm` ([A..., C]) into a loop nest
/// over its rows whose body makes one vector pass over the C channels,
/// writing (x - mean) * rstd * scale + bias with the parameters read as
/// vectors; rstd = 1 / sqrt(var + epsilon) is computed once per call into a
/// vector of the channels.
static LogicalResult rewriteChannelsLast(BatchNormOp op,
                                         PatternRewriter &rewriter,
                                         const NormToVectorOptions &options) {
  Location loc = op.getLoc();
  Value input = op.getInput();
  int64_t axis = op.getNormalizedFeatureAxis();
  FloatType accType = op.getAccumulatorType();
  RunKernelBuilder kernel(rewriter, loc, input, accType, options);
  double epsilon = op.getAccumulatorEpsilon();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
  Value channels = tensor::DimOp::create(rewriter, loc, input, axis);
  Value rstd = kernel.buildVectorLoop(
      channels,
      ValueRange{tensor::EmptyOp::create(
          rewriter, loc, ArrayRef<OpFoldResult>{sizes[axis]}, accType)},
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        Value inverse = buildInverseSqrt(rewriter, loc, 
            kernel.readVector(op.getVar(), j, mask), epsilon);
        return {kernel.writeVector(inverse, carried[0], j, mask)};
      })[0];
  Value init =
      tensor::EmptyOp::create(rewriter, loc, sizes, kernel.elementType);
  Value output = buildLoops(
      rewriter, loc, input, axis, ValueRange{init},
      [&](ValueRange ivs, ValueRange carried) -> SmallVector<Value> {
        return {kernel.writeRun(
            ivs, carried[0], [&](Value x, Value j, Value mask) -> Value {
              Value d = arith::SubFOp::create(
                  rewriter, loc, x, kernel.readVector(op.getMean(), j, mask));
              Value y = buildScaledDeviation(rewriter, loc, d, kernel.readVector(rstd, j, mask), epsilon);
              y = arith::MulFOp::create(
                  rewriter, loc, y, kernel.readVector(op.getScale(), j, mask));
              return arith::AddFOp::create(
                  rewriter, loc, y, kernel.readVector(op.getBias(), j, mask));
            })};
      })[0];
  rewriter.replaceOp(op, castTo(rewriter, loc, output, op.getType()));
  return success();
}
/// The [A..., C, B] `input` viewed as [A..., C * B] without a copy, or null:
/// a slice of whole runs (all of B, unit strides: a tile of channels)
/// becomes the same slice of its source with C and B merged; any other
/// value is merged itself (its buffer is contiguous unless it is a slice).
static Value buildFlatView(OpBuilder &b, Location loc, Value input,
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

/// Rewrites `norm.batch_norm_train` of an [A..., C, B] input into three
/// vector passes over its runs of B elements, each a loop nest over the
/// leading dims A... whose body visits the channels of the tile in turn, so
/// that every pass sweeps the tile's memory in order (a channel's runs alone
/// are scattered C * B elements apart): sum x per channel (first mean m1);
/// sum d = x - m1 and d^2 (the corrected two-pass moments of
/// convert-norm-to-linalg); and the write of ((x - m1) - c) * rstd * scale +
/// bias. A run's `unroll` vector accumulators are added up at its end into
/// one vector per sum and channel, kept in a small tensor between runs. The
/// first pass reads the tile from memory, the other two from cache. The batch
/// and running statistics are computed per channel by the formulas of the
/// linalg lowering.
///
/// With runs shorter than `smallRunElements` (an scf.if on B when it is
/// dynamic), where the per-run work (loop setup, the last vector, the
/// accumulators kept, added up and stored per run) would dominate, passes 1
/// and 2 are rewritten over the tile viewed as [A..., C * B] (its channels
/// are contiguous per index of A...): each index of A... adds x (pass 1), d
/// and d^2 (pass 2) into position-wise accumulators of C * B elements, in
/// one vector loop per index with nothing carried in registers; each
/// channel's B positions are then reduced once per tile. Pass 2 reads m1
/// from a position-wise copy built once per tile. The sums are the same
/// centred two-pass sums, in another order. When the choice is static (B
/// static, or the op marked `norm.small_runs = true` by norm-tile-and-fuse,
/// which inserts the tile into the output viewed as [A..., C * B]), pass 3
/// too writes ((x - m1) - c) * rstd * scale + bias as one run of C * B
/// elements per index of A..., its parameters spread over the positions
/// once per tile, into an [A..., C * B] tensor expanded back to
/// [A..., C, B]: whole cache lines of it stream. `norm.small_runs = false`
/// keeps the per-run passes.
struct BatchNormTrainToVector : OpRewritePattern<BatchNormTrainOp> {
  BatchNormTrainToVector(MLIRContext *context,
                         const NormToVectorOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(BatchNormTrainOp op,
                                PatternRewriter &rewriter) const override {
    Value input = op.getInput();
    int64_t rank = op.getInput().getType().getRank();
    int64_t axis = op.getNormalizedFeatureAxis();
    if (axis == rank - 1)
      return rewriteChannelsLast(op, rewriter, options);
    if (axis != rank - 2)
      return rewriter.notifyMatchFailure(
          op, "more than one dim after the feature axis");
    Location loc = op.getLoc();
    FloatType accType = op.getAccumulatorType();
    RunKernelBuilder kernel(rewriter, loc, input, accType, options);
    double epsilon = op.getAccumulatorEpsilon();
    Value count = buildCountPerChannel(rewriter, loc, input, axis, accType);
    Value channels = tensor::DimOp::create(rewriter, loc, input, axis);
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, input);
    auto perChannel = [&]() -> Value {
      return tensor::EmptyOp::create(
          rewriter, loc, ArrayRef<OpFoldResult>{sizes[axis]}, accType);
    };
    // One pass adding `terms` of every element to `numSums` sums per
    // channel; `terms` also gets `perRun(c)`, built once per run. Returns the
    // per-channel accumulators.
    auto accumulate =
        [&](int64_t numSums, function_ref<Value(Value c)> perRun,
            function_ref<SmallVector<Value>(Value x, Value run)> terms)
        -> Value {
      return buildLoops(
          rewriter, loc, input, axis,
          ValueRange{kernel.zeroState(channels, numSums)},
          [&](ValueRange ivs, ValueRange carried) {
            return buildLoop(
                rewriter, loc, channels, carried,
                [&](Value c, ValueRange state) -> SmallVector<Value> {
                  Value run = perRun ? perRun(c) : Value();
                  SmallVector<Value> accs = kernel.fold(
                      kernel.accumulateRun(
                          append(ivs, c), kernel.zeroAccumulators(numSums),
                          numSums, [&](Value x) { return terms(x, run); }),
                      numSums);
                  SmallVector<Value> totals =
                      kernel.readState(state[0], c, numSums);
                  for (auto [total, acc] : llvm::zip(totals, accs))
                    total = kernel.add(total, acc);
                  return {kernel.writeState(state[0], c, totals)};
                });
          })[0];
    };

    // Passes 1 and 2 over the runs: the first means m1 and, per channel, the
    // sums of d and d^2 (read through `moments`).
    auto runPasses = [&]() -> std::pair<Value, Value> {
      // Pass 1: sum(x), the first mean m1.
      Value sums = accumulate(
          1, nullptr, [](Value x, Value) { return SmallVector<Value>{x}; });
      Value firstMeans = buildLoop(
          rewriter, loc, channels, ValueRange{perChannel()},
          [&](Value c, ValueRange carried) -> SmallVector<Value> {
            Value sum = kernel.reduce(kernel.readState(sums, c, 1))[0];
            return {tensor::InsertOp::create(
                rewriter, loc, arith::DivFOp::create(rewriter, loc, sum, count),
                carried[0], c)};
          })[0];

      // Pass 2: sum(d), sum(d^2) of d = x - m1 (the lanes of a run's last
      // vector that are not new add 0).
      Value deviationSums = accumulate(
          2,
          [&](Value c) { return kernel.splat(kernel.extract(firstMeans, c)); },
          [&](Value x, Value m1) -> SmallVector<Value> {
            Value d = arith::SubFOp::create(rewriter, loc, x, m1);
            return {d, arith::MulFOp::create(rewriter, loc, d, d)};
          });
      return {firstMeans, deviationSums};
    };

    // The same over the positions of the flat view (small runs): per index
    // of A... the tile's channels are one contiguous run of C * B elements
    // summed position-wise into accumulators of that length, each channel's
    // B positions reduced once.
    // The schedule norm-tile-and-fuse tiled for (or, untiled, the same
    // policy's choice).
    RunSchedule schedule =
        getRunSchedule(op, op.getInput().getType(), options.smallRunElements);
    Value flat;
    if (schedule != RunSchedule::PerRun &&
        !llvm::is_contained(op.getInput().getType().getShape(), 0))
      flat = buildFlatView(rewriter, loc, input, axis);
    // Pass 3 too writes the channels of an index of A... as one run when
    // the small-run passes are chosen statically.
    bool flatWrite = flat && schedule == RunSchedule::SmallRuns;
    auto positionPasses = [&]() -> SmallVector<Value> {
      RunKernelBuilder positions(rewriter, loc, flat, accType, options);
      Value runLength = kernel.runLength;
      OpFoldResult length = positions.runLength;
      auto zeros = [&]() { return positions.zeroVectorTensor(length); };
      auto accumulatePositions =
          [&](ValueRange accs,
              function_ref<SmallVector<Value>(Value x, Value j, Value mask)>
                  terms) {
            return buildLoops(rewriter, loc, flat, axis, accs,
                              [&](ValueRange ivs, ValueRange carried) {
                                return positions.accumulatePositions(
                                    ivs, carried, terms);
                              });
          };
      auto startOf = [&](Value c) -> Value {
        return arith::MulIOp::create(rewriter, loc, c, runLength);
      };

      // Pass 1: sum(x) per position, then per channel: m1, spread over the
      // channel's positions for pass 2.
      Value sums =
          accumulatePositions(ValueRange{zeros()}, [](Value x, Value, Value) {
            return SmallVector<Value>{x};
          })[0];
      SmallVector<Value> means = buildLoop(
          rewriter, loc, channels,
          ValueRange{perChannel(),
                     tensor::EmptyOp::create(rewriter, loc,
                                             ArrayRef<OpFoldResult>{length},
                                             accType)},
          [&](Value c, ValueRange carried) -> SmallVector<Value> {
            Value mean = arith::DivFOp::create(
                rewriter, loc,
                positions.sumSegment(sums, startOf(c), runLength), count);
            return {
                tensor::InsertOp::create(rewriter, loc, mean, carried[0], c),
                positions.fillSegment(carried[1], startOf(c), runLength, mean)};
          });

      // Pass 2: sum(d), sum(d^2) of d = x - m1 per position, then per
      // channel.
      SmallVector<Value> deviations = accumulatePositions(
          ValueRange{zeros(), zeros()},
          [&](Value x, Value j, Value mask) -> SmallVector<Value> {
            Value d = arith::SubFOp::create(
                rewriter, loc, x, positions.readVector(means[1], j, mask));
            return {d, arith::MulFOp::create(rewriter, loc, d, d)};
          });
      SmallVector<Value> channelSums = buildLoop(
          rewriter, loc, channels, ValueRange{perChannel(), perChannel()},
          [&](Value c, ValueRange carried) -> SmallVector<Value> {
            SmallVector<Value> next;
            for (auto [sum, tensor] : llvm::zip(deviations, carried))
              next.push_back(tensor::InsertOp::create(
                  rewriter, loc,
                  positions.sumSegment(sum, startOf(c), runLength), tensor, c));
            return next;
          });
      return {means[0], channelSums[0], channelSums[1]};
    };

    Value firstMeans;
    std::function<SmallVector<Value>(Value c)> moments;
    auto momentsFrom = [&](Value sums, Value squares) {
      moments = [&, sums, squares](Value c) -> SmallVector<Value> {
        return {kernel.extract(sums, c), kernel.extract(squares, c)};
      };
    };
    if (!flat) {
      std::pair<Value, Value> passes = runPasses();
      firstMeans = passes.first;
      Value deviationSums = passes.second;
      moments = [&, deviationSums](Value c) {
        return kernel.reduce(kernel.readState(deviationSums, c, 2));
      };
    } else if (flatWrite) {
      SmallVector<Value> results = positionPasses();
      firstMeans = results[0];
      momentsFrom(results[1], results[2]);
    } else {
      // B known at run time only: the position-wise passes for small runs.
      Value small = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::ult, kernel.runLength,
          arith::ConstantIndexOp::create(rewriter, loc,
                                         options.smallRunElements));
      Type perChannelType = RankedTensorType::get(
          {op.getInput().getType().getDimSize(axis)}, accType);
      SmallVector<Value> results = kernel.buildIf(
          small, TypeRange{perChannelType, perChannelType, perChannelType},
          positionPasses, [&]() -> SmallVector<Value> {
            auto [means, deviationState] = runPasses();
            Value deviationSums = deviationState;
            SmallVector<Value> sums = buildLoop(
                rewriter, loc, channels, ValueRange{perChannel(), perChannel()},
                [&](Value c, ValueRange carried) -> SmallVector<Value> {
                  SmallVector<Value> next;
                  for (auto [sum, tensor] : llvm::zip(
                           kernel.reduce(kernel.readState(deviationSums, c, 2)),
                           carried))
                    next.push_back(tensor::InsertOp::create(rewriter, loc, sum,
                                                            tensor, c));
                  return next;
                });
            return {means, sums[0], sums[1]};
          });
      firstMeans = results[0];
      momentsFrom(results[1], results[2]);
    }

    // Per channel: the correction c, rstd and the statistics results.
    bool running = static_cast<bool>(op.getRunningMean());
    SmallVector<Value> statInits(running ? 6 : 4);
    for (Value &init : statInits)
      init = perChannel();
    SmallVector<Value> stats = buildLoop(
        rewriter, loc, channels, statInits,
        [&](Value c, ValueRange carried) -> SmallVector<Value> {
          SmallVector<Value> sums = moments(c);
          Value firstMean = kernel.extract(firstMeans, c);
          CentredMoments centred = buildCentredMoments(
              rewriter, loc, firstMean, sums[0], sums[1], count);
          SmallVector<Value> values = {
              centred.correction,
              buildInverseSqrt(rewriter, loc, centred.variance, epsilon),
              centred.mean, centred.variance};
          if (running) {
            // The running values are read next to their blends.
            double momentum = op.getAccumulatorMomentum();
            Value batchVar = centred.variance;
            if (op.getUnbiasedRunningVar())
              batchVar = buildUnbiasedVariance(rewriter, loc, batchVar, count);
            values.push_back(buildMomentumBlend(
                rewriter, loc, kernel.extract(op.getRunningMean(), c),
                centred.mean, momentum));
            values.push_back(buildMomentumBlend(
                rewriter, loc, kernel.extract(op.getRunningVar(), c), batchVar,
                momentum));
          }
          SmallVector<Value> next;
          for (auto [value, tensor] : llvm::zip(values, carried))
            next.push_back(
                tensor::InsertOp::create(rewriter, loc, value, tensor, c));
          return next;
        });

    // Pass 3: ((x - m1) - c) * rstd * scale + bias.
    Value output;
    if (flatWrite) {
      // Over the flat view: the per-channel values spread over the
      // channel's positions once per tile, the output written as
      // [A..., C * B] (whole cache lines stream) and expanded back.
      RunKernelBuilder positions(rewriter, loc, flat, accType, options);
      OpFoldResult length = positions.runLength;
      Value runLength = kernel.runLength;
      SmallVector<Value> inits;
      for (int64_t i = 0; i < 5; ++i)
        inits.push_back(tensor::EmptyOp::create(
            rewriter, loc, ArrayRef<OpFoldResult>{length}, accType));
      SmallVector<Value> spread = buildLoop(
          rewriter, loc, channels, inits,
          [&](Value c, ValueRange carried) -> SmallVector<Value> {
            Value start = arith::MulIOp::create(rewriter, loc, c, runLength);
            Value values[] = {
                kernel.extract(firstMeans, c), kernel.extract(stats[0], c),
                kernel.extract(stats[1], c), kernel.extract(op.getScale(), c),
                kernel.extract(op.getBias(), c)};
            SmallVector<Value> next;
            for (auto [value, tensor] : llvm::zip(values, carried))
              next.push_back(
                  positions.fillSegment(tensor, start, runLength, value));
            return next;
          });
      Value flatInit = tensor::EmptyOp::create(
          rewriter, loc, tensor::getMixedSizes(rewriter, loc, flat),
          kernel.elementType);
      Value flatOutput = buildLoops(
          rewriter, loc, flat, axis, ValueRange{flatInit},
          [&](ValueRange ivs, ValueRange carried) -> SmallVector<Value> {
            return {positions.writeRun(
                ivs, carried[0], [&](Value x, Value j, Value mask) -> Value {
                  auto at = [&](int64_t i) {
                    return positions.readVector(spread[i], j, mask);
                  };
                  Value d = arith::SubFOp::create(
                      rewriter, loc,
                      arith::SubFOp::create(rewriter, loc, x, at(0)), at(1));
                  Value y = buildScaledDeviation(rewriter, loc, d, at(2), epsilon);
                  y = arith::MulFOp::create(rewriter, loc, y, at(3));
                  return arith::AddFOp::create(rewriter, loc, y, at(4));
                })};
          })[0];
      SmallVector<ReassociationIndices> reassociation;
      for (int64_t dim = 0; dim < axis; ++dim)
        reassociation.push_back({dim});
      reassociation.push_back({axis, axis + 1});
      output = tensor::ExpandShapeOp::create(
          rewriter, loc,
          RankedTensorType::get(op.getInput().getType().getShape(),
                                kernel.elementType),
          flatOutput, reassociation, sizes);
    } else {
      Value init =
          tensor::EmptyOp::create(rewriter, loc, sizes, kernel.elementType);
      output = buildLoops(
          rewriter, loc, input, axis, ValueRange{init},
          [&](ValueRange ivs, ValueRange carried) {
            return buildLoop(
                rewriter, loc, channels, carried,
                [&](Value c, ValueRange tensors) -> SmallVector<Value> {
                  Value m1 = kernel.splat(kernel.extract(firstMeans, c));
                  Value shift = kernel.splat(kernel.extract(stats[0], c));
                  Value rstd = kernel.splat(kernel.extract(stats[1], c));
                  Value scale = kernel.splat(kernel.extract(op.getScale(), c));
                  Value bias = kernel.splat(kernel.extract(op.getBias(), c));
                  return {kernel.writeRun(
                      append(ivs, c), tensors[0],
                      [&](Value x, Value, Value) -> Value {
                        Value d = arith::SubFOp::create(
                            rewriter, loc,
                            arith::SubFOp::create(rewriter, loc, x, m1), shift);
                        Value y = buildScaledDeviation(rewriter, loc, d, rstd, epsilon);
                        y = arith::MulFOp::create(rewriter, loc, y, scale);
                        return arith::AddFOp::create(rewriter, loc, y, bias);
                      })};
                });
          })[0];
    }

    SmallVector<Value> results = {output};
    llvm::append_range(results, ArrayRef<Value>(stats).drop_front(2));
    SmallVector<Value> replacements;
    for (auto [value, result] : llvm::zip_equal(results, op->getResults()))
      replacements.push_back(castTo(rewriter, loc, value, result.getType()));
    rewriter.replaceOp(op, replacements);
    return success();
  }

  NormToVectorOptions options;
};

/// Rewrites `norm.batch_norm` of an [A..., C, B] input into loops over the
/// leading dims and the channels whose body makes one vector pass over the
/// run of B elements, writing (x - mean) * rstd * scale + bias with
/// rstd = 1 / sqrt(var + epsilon) computed once per run, the formula of the
/// linalg lowering.
struct BatchNormToVector : OpRewritePattern<BatchNormOp> {
  BatchNormToVector(MLIRContext *context, const NormToVectorOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Value input = op.getInput();
    int64_t rank = op.getInput().getType().getRank();
    int64_t axis = op.getNormalizedFeatureAxis();
    if (axis == rank - 1)
      return rewriteChannelsLast(op, rewriter, options);
    if (axis != rank - 2)
      return rewriter.notifyMatchFailure(
          op, "more than one dim after the feature axis");
    Location loc = op.getLoc();
    RunKernelBuilder kernel(rewriter, loc, input, op.getAccumulatorType(),
                            options);
    double epsilon = op.getAccumulatorEpsilon();
    Value init = tensor::EmptyOp::create(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, input),
        kernel.elementType);
    Value channels = tensor::DimOp::create(rewriter, loc, input, axis);
    Value output = buildLoops(
        rewriter, loc, input, axis, ValueRange{init},
        [&](ValueRange ivs, ValueRange carried) {
          return buildLoop(
              rewriter, loc, channels, carried,
              [&](Value c, ValueRange tensors) -> SmallVector<Value> {
                Value mean = kernel.splat(kernel.extract(op.getMean(), c));
                Value rstd = kernel.splat(buildInverseSqrt(rewriter, loc, 
                    kernel.extract(op.getVar(), c), epsilon));
                Value scale = kernel.splat(kernel.extract(op.getScale(), c));
                Value bias = kernel.splat(kernel.extract(op.getBias(), c));
                return {kernel.writeRun(
                    append(ivs, c), tensors[0],
                    [&](Value x, Value, Value) -> Value {
                      Value d = arith::SubFOp::create(rewriter, loc, x, mean);
                      Value y = buildScaledDeviation(rewriter, loc, d, rstd, epsilon);
                      y = arith::MulFOp::create(rewriter, loc, y, scale);
                      return arith::AddFOp::create(rewriter, loc, y, bias);
                    })};
              });
        })[0];
    rewriter.replaceOp(op, castTo(rewriter, loc, output, op.getType()));
    return success();
  }

  NormToVectorOptions options;
};
} // namespace

void mlir::norm::populateBatchNormToVectorPatterns(
    RewritePatternSet &patterns, const NormToVectorOptions &options) {
  patterns.add<BatchNormTrainToVector, BatchNormToVector>(patterns.getContext(),
                                                          options);
}
