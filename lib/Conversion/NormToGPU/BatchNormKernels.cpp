//===- BatchNormKernels.cpp - batch_norm(_train) kernel bodies -*- C++ -*-===//
//
// The bodies of the channel kernels, on top of ChannelKernelBuilder.
// batch_norm_train is two launches: per-chunk partials (count, mean, M2) into
// a scratch buffer, each thread's from exact two-pass statistics of its groups
// merged with Chan's formula, then, in every block, a merge of the channel's
// P partials in a fixed order followed by the normalization of the block's
// chunk. batch_norm (inference) is one streaming launch.
//
//===----------------------------------------------------------------------===//

#include "ChannelKernel.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <limits>

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

/// The index of value `k` (0: count, 1: mean - K, 2: M2) of the partials of
/// chunk `chunk` of the builder's channel in `scratch`.
static Value getPartialSlot(ChannelKernelBuilder &kb, OpBuilder &nb,
                            const TrainScratch &scratch, Value chunk,
                            int64_t k) {
  Location loc = kb.loc;
  Value slot = kb.getChunkSlot(nb, chunk);
  if (k == 0)
    return slot;
  return arith::AddIOp::create(
      nb, loc, slot,
      arith::MulIOp::create(nb, loc, scratch.partials, kb.index(nb, k)));
}

/// Thread 0 of a block with a valid item stores the block's partial moments
/// `block` in its chunk's slots; `then` adds more stores under the same guard.
static void storeBlockPartials(
    ChannelKernelBuilder &kb, OpBuilder &b, const TrainScratch &scratch,
    const PartialMoments &block,
    function_ref<void(OpBuilder &)> then = nullptr) {
  Location loc = kb.loc;
  kb.buildGuarded(b, kb.isWriter(/*firstChunkOnly=*/false), [&](OpBuilder &nb) {
    for (auto [k, value] : llvm::enumerate(getValues(block)))
      memref::StoreOp::create(nb, loc, value, scratch.buffer,
                              getPartialSlot(kb, nb, scratch, kb.chunk, k));
    if (then)
      then(nb);
  });
}

/// The index of the builder's channel's pilot in `scratch`.
static Value getPilotSlot(ChannelKernelBuilder &kb, OpBuilder &nb,
                          const TrainScratch &scratch) {
  return arith::AddIOp::create(nb, kb.loc, scratch.pilotsStart, kb.channel);
}

//===----------------------------------------------------------------------===//
// batch_norm_train, kernel 1
//===----------------------------------------------------------------------===//

void to_gpu::buildTrainPartialsKernel(ChannelKernelBuilder &kb, Value input,
                                      const TrainScratch &scratch) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value pilot = kb.loadPilot(input);
  Value zero = kb.accConstant(0.0);
  // Each group's exact statistics about the pilot, merged into the thread's
  // in order.
  SmallVector<Value> sums = kb.sweep(
      ValueRange{zero, zero, zero}, [&](OpBuilder &nb, ArrayRef<Value> offsets,
                                        Value validCount, ValueRange accs) {
        SmallVector<Value> xs = kb.loadGroup(nb, input, offsets, validCount);
        PartialMoments group = kb.groupStats(nb, xs, validCount, pilot);
        return getValues(buildChanMerge(nb, loc, getPartialMoments(accs), group,
                                        /*keepEmptySides=*/true));
      });
  PartialMoments block = kb.reduceBlock(getPartialMoments(sums));
  storeBlockPartials(kb, b, scratch, block, [&](OpBuilder &nb) {
    // Block (c, 0) also hands K on to kernel 2, which then need not read x
    // outside its chunk (where an in-place output may already have been
    // written).
    Value isFirstChunk = arith::CmpIOp::create(
        nb, loc, arith::CmpIPredicate::eq, kb.chunk, kb.index(nb, 0));
    kb.buildGuarded(nb, isFirstChunk, [&](OpBuilder &pb) {
      memref::StoreOp::create(pb, loc, pilot, scratch.buffer,
                              ValueRange{getPilotSlot(kb, pb, scratch)});
    });
  });
}

//===----------------------------------------------------------------------===//
// batch_norm_train, kernel 2
//===----------------------------------------------------------------------===//

/// The channel's statistics from kernel 1's partials: thread t folds
/// partials t, t + threads, ... in order, then the block tree merges the
/// threads: the same order in every block.
static PartialMoments buildChannelStats(ChannelKernelBuilder &kb,
                                        const TrainScratch &scratch) {
  Location loc = kb.loc;
  Value zero = kb.accConstant(0.0);
  SmallVector<Value> stats = kb.foldChunks(
      ValueRange{zero, zero, zero},
      [&](OpBuilder &nb, Value chunk, ValueRange accs) {
        SmallVector<Value> partial;
        for (int64_t k = 0; k < 3; ++k)
          partial.push_back(memref::LoadOp::create(
              nb, loc, scratch.buffer,
              getPartialSlot(kb, nb, scratch, chunk, k)));
        PartialMoments merged =
            buildChanMerge(nb, loc, getPartialMoments(accs),
                           getPartialMoments(partial), /*keepEmptySides=*/true);
        return getValues(merged);
      });
  return kb.reduceBlock(getPartialMoments(stats));
}

/// Kernel 1's pilot K of the builder's channel, or 0 in a block past the
/// channels.
static Value loadStoredPilot(ChannelKernelBuilder &kb,
                             const TrainScratch &scratch) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  auto pilotIf = scf::IfOp::create(b, loc, TypeRange{kb.accType}, kb.valid,
                                   /*withElseRegion=*/true);
  OpBuilder nb = pilotIf.getThenBodyBuilder();
  scf::YieldOp::create(
      nb, loc,
      ValueRange{memref::LoadOp::create(
          nb, loc, scratch.buffer, ValueRange{getPilotSlot(kb, nb, scratch)})});
  nb = pilotIf.getElseBodyBuilder();
  scf::YieldOp::create(nb, loc, ValueRange{kb.accConstant(nb, 0.0)});
  return pilotIf.getResult(0);
}

/// new = running * momentum + batch * (1 - momentum) (ONNX); the variance
/// folded in is batch_var * n / (n - 1) with `unbiased_running_var`
/// (PyTorch; NaN for n = 1), exactly as the CPU lowering computes it.
static void buildRunningUpdate(ChannelKernelBuilder &kb, OpBuilder &nb,
                               BatchNormTrainOp op, const TrainBuffers &buffers,
                               Value mean, Value variance, Value count) {
  Location loc = kb.loc;
  double momentum = op.getAccumulatorMomentum();
  if (buffers.newRunningMean) {
    Value running = kb.load(nb, buffers.runningMean, kb.channel);
    kb.store(nb, buildMomentumBlend(nb, loc, running, mean, momentum),
             buffers.newRunningMean, kb.channel);
  }
  if (buffers.newRunningVar) {
    Value batchVar = variance;
    if (op.getUnbiasedRunningVar())
      batchVar = buildUnbiasedVariance(nb, loc, variance, count);
    Value running = kb.load(nb, buffers.runningVar, kb.channel);
    kb.store(nb, buildMomentumBlend(nb, loc, running, batchVar, momentum),
             buffers.newRunningVar, kb.channel);
  }
}

/// The statistics of the builder's channel from the partials in `scratch`:
/// merges them (buildChannelStats), gets the pilot K from `getPilot`, writes
/// the batch and running statistics from thread 0 of the channel's chunk 0,
/// and returns (mean - K, 1 / sqrt(var + epsilon)).
static std::pair<Value, Value>
buildMergedStatistics(ChannelKernelBuilder &kb, BatchNormTrainOp op,
                      const TrainBuffers &buffers, const TrainScratch &scratch,
                      function_ref<Value()> getPilot) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  double epsilon = op.getAccumulatorEpsilon();
  PartialMoments channelStats = buildChannelStats(kb, scratch);

  // mean = K + (mean - K) with kernel 1's pilot K, biased var = M2 / n with
  // n = A * B as the CPU lowering counts it; an empty channel (n = 0) has NaN
  // statistics.
  Value pilot = getPilot();
  Value count = kb.toAcc(b, kb.view.perChannel);
  Value isEmpty = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                        count, kb.accConstant(0.0));
  Value mean = arith::SelectOp::create(
      b, loc, isEmpty, kb.accConstant(std::numeric_limits<double>::quiet_NaN()),
      arith::AddFOp::create(b, loc, pilot, channelStats.mean));
  Value variance = arith::DivFOp::create(b, loc, channelStats.m2, count);
  Value invStdDev = buildInverseSqrt(b, loc, variance, epsilon);

  // Block (c, 0), thread 0: batch and running statistics.
  if (buffers.batchMean || buffers.batchVar || buffers.newRunningMean ||
      buffers.newRunningVar) {
    kb.buildGuarded(
        b, kb.isWriter(/*firstChunkOnly=*/true), [&](OpBuilder &nb) {
          if (buffers.batchMean)
            kb.store(nb, mean, buffers.batchMean, kb.channel);
          if (buffers.batchVar)
            kb.store(nb, variance, buffers.batchVar, kb.channel);
          buildRunningUpdate(kb, nb, op, buffers, mean, variance, count);
        });
  }
  return {channelStats.mean, invStdDev};
}

void to_gpu::buildTrainNormalizeKernel(ChannelKernelBuilder &kb,
                                       BatchNormTrainOp op,
                                       const TrainBuffers &buffers,
                                       const TrainScratch &scratch) {
  Value pilot;
  auto [mean, invStdDev] =
      buildMergedStatistics(kb, op, buffers, scratch, [&] {
        pilot = loadStoredPilot(kb, scratch);
        return pilot;
      });
  SmallVector<Value> params =
      kb.loadChannelParams({buffers.scale, buffers.bias});
  kb.normalizeChunk(buffers.input, buffers.output, pilot, mean, invStdDev,
                    params[0], params[1], op.getAccumulatorEpsilon());
}

//===----------------------------------------------------------------------===//
// batch_norm_train, single pass
//===----------------------------------------------------------------------===//

/// The grid-wide barrier of a persistent grid of `blocks` blocks (all
/// resident): the block's threads are done (block barrier), thread 0 makes
/// the block's writes visible (fence), arrives on the zeroed `counter`
/// (atomic add) and spins on atomic reads of it until every block has
/// arrived, then fences again, and the block's threads wait for it.
static void buildGridBarrier(ChannelKernelBuilder &kb, Value counter,
                             int64_t blocks) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  gpu::BarrierOp::create(b, loc);
  Value isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                        kb.tid, kb.index(0));
  kb.buildGuarded(b, isFirst, [&](OpBuilder &nb) {
    Type i32 = nb.getI32Type();
    auto constant = [&](OpBuilder &cb, int64_t value) -> Value {
      return arith::ConstantOp::create(cb, loc, cb.getIntegerAttr(i32, value));
    };
    Value first = kb.index(nb, 0);
    LLVM::FenceOp::create(nb, loc, LLVM::AtomicOrdering::acq_rel);
    memref::AtomicRMWOp::create(nb, loc, arith::AtomicRMWKind::addi,
                                constant(nb, 1), counter, ValueRange{first});
    scf::WhileOp::create(
        nb, loc, TypeRange{}, ValueRange{},
        [&](OpBuilder &wb, Location, ValueRange) {
          Value seen = memref::AtomicRMWOp::create(
              wb, loc, arith::AtomicRMWKind::addi, constant(wb, 0), counter,
              ValueRange{first});
          Value waits =
              arith::CmpIOp::create(wb, loc, arith::CmpIPredicate::ult, seen,
                                    constant(wb, blocks));
          scf::ConditionOp::create(wb, loc, waits, ValueRange{});
        },
        [&](OpBuilder &wb, Location, ValueRange) {
          scf::YieldOp::create(wb, loc);
        });
    LLVM::FenceOp::create(nb, loc, LLVM::AtomicOrdering::acq_rel);
  });
  gpu::BarrierOp::create(b, loc);
}

void to_gpu::buildSinglePassTrainKernel(
    ChannelKernelBuilder &kb, BatchNormTrainOp op, const TrainBuffers &buffers,
    const TrainScratch &scratch, Value counter,
    const SinglePassTrainSchedule &schedule) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  const ChannelView &view = kb.view;
  int64_t width = view.width;
  int64_t unroll = view.unroll;
  int64_t slots = schedule.groups * unroll;
  bool sharedStage = kb.options.threads > kb.warpSize;
  Value blockId = kb.channel;
  struct Item {
    Value channel, chunk, valid, pilot;
    ChannelKernelBuilder::CachedShare share;
    SmallVector<Value> values;
  };
  SmallVector<Item> cached;

  // Phase 1: each item's loads (all before any use), its partial from the
  // groups of the two-launch sweep (the same groups in the same order, so
  // the same bits), the block merge and thread 0's store of the partial.
  Value numItems = arith::MulIOp::create(b, loc, view.channels, view.chunks);
  for (int64_t i = 0; i < schedule.itemsPerBlock; ++i) {
    Item item;
    Value index = arith::AddIOp::create(
        b, loc, blockId, kb.index(i * schedule.blocks));
    item.valid =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, index,
                              numItems);
    item.channel = arith::DivUIOp::create(b, loc, index, view.chunks);
    item.chunk = arith::RemUIOp::create(b, loc, index, view.chunks);
    kb.channel = item.channel;
    kb.chunk = item.chunk;
    kb.valid = item.valid;
    item.pilot = kb.loadPilot(buffers.input);
    item.share = kb.getCachedShare(slots);
    item.values = kb.loadGroup(b, buffers.input, item.share.offsets,
                               /*validCount=*/nullptr);
    Value zero = kb.accConstant(0.0);
    PartialMoments stats{zero, zero, zero};
    for (int64_t g = 0; g < schedule.groups; ++g) {
      // validCount = clamp(count - g * unroll, 0, unroll).
      Value count = item.share.count;
      Value before = kb.index(g * unroll);
      Value rest = arith::SelectOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, count,
                                before),
          arith::SubIOp::create(b, loc, count, before), kb.index(0));
      Value validCount =
          arith::MinUIOp::create(b, loc, rest, kb.index(unroll));
      ArrayRef<Value> values =
          ArrayRef<Value>(item.values).slice(g * unroll * width, unroll * width);
      PartialMoments group =
          kb.groupStats(b, values, validCount, item.pilot);
      stats = buildChanMerge(b, loc, stats, group, /*keepEmptySides=*/true);
    }
    if (i > 0 && sharedStage)
      gpu::BarrierOp::create(b, loc); // the previous merge read the stage
    PartialMoments block = kb.reduceBlock(stats);
    storeBlockPartials(kb, b, scratch, block);
    cached.push_back(std::move(item));
  }

  buildGridBarrier(kb, counter, schedule.blocks);

  // Phase 2: every item's channel statistics from all its partials (the
  // merge of the two-launch kernel), and the normalization of the cached
  // values.
  double epsilon = op.getAccumulatorEpsilon();
  auto elementType = cast<FloatType>(
      cast<MemRefType>(buffers.output.getType()).getElementType());
  for (size_t i = 0, e = cached.size(); i < e; ++i) {
    const Item &item = cached[i];
    kb.channel = item.channel;
    kb.chunk = item.chunk;
    kb.valid = item.valid;
    if (i > 0 && sharedStage)
      gpu::BarrierOp::create(b, loc);
    Value mean, invStdDev;
    std::tie(mean, invStdDev) = buildMergedStatistics(
        kb, op, buffers, scratch, [&] { return item.pilot; });
    SmallVector<Value> params =
        kb.loadChannelParams({buffers.scale, buffers.bias});
    SmallVector<Value> ys;
    for (Value x : item.values)
      ys.push_back(kb.normalizeValue(b, x, item.pilot, mean, invStdDev,
                                     params[0], params[1], epsilon));
    for (int64_t k = 0; k < slots; ++k) {
      SmallVector<Value> lanes;
      for (Value y : ArrayRef<Value>(ys).slice(k * width, width))
        lanes.push_back(kb.convert(b, y, elementType));
      kb.buildGuarded(b, item.share.inChunk[k], [&](OpBuilder &sb) {
        Value offset = item.share.offsets[k];
        if (width == 1) {
          memref::StoreOp::create(sb, loc, lanes[0], buffers.output,
                                  ValueRange{offset});
          return;
        }
        Value vector = vector::FromElementsOp::create(
            sb, loc, VectorType::get({width}, elementType), lanes);
        kb.storeVector(sb, vector, buffers.output, offset);
      });
    }
  }
}

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

void to_gpu::buildInferenceKernel(ChannelKernelBuilder &kb, double epsilon,
                                  Value input, ArrayRef<Value> params,
                                  Value output) {
  SmallVector<Value> values = kb.loadChannelParams(params);
  Value invStdDev = buildInverseSqrt(kb.b, kb.loc, values[1], epsilon);
  kb.normalizeChunk(input, output, /*pilot=*/nullptr, values[0], invStdDev,
                    values[2], values[3], epsilon);
}

void to_gpu::buildChannelsLastInferenceKernel(
    KernelBuilder &kb, gpu::LaunchOp launch, Value vectors, Value channels,
    int64_t width, int64_t unroll, int64_t threads, FloatType elementType,
    double epsilon, Value input, ArrayRef<Value> params, Value output) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value tid = launch.getThreadIds().x;
  Value first = arith::MulIOp::create(b, loc, launch.getBlockIds().x,
                                      kb.index(unroll * threads));
  Value lastVector = arith::SubIOp::create(b, loc, vectors, kb.index(1));
  auto load = [&](Value buffer, Value offset) {
    return kb.convert(b, kb.loadVector(b, buffer, offset, width), kb.accType);
  };
  struct Loaded {
    Value inBounds, offset, x;
    SmallVector<Value> params;
  };
  SmallVector<Loaded> loaded;
  for (int64_t k = 0; k < unroll; ++k) {
    Value v = arith::AddIOp::create(
        b, loc, arith::AddIOp::create(b, loc, first, kb.index(k * threads)),
        tid);
    Loaded l;
    l.inBounds =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, v, vectors);
    Value clamped = arith::MinUIOp::create(b, loc, v, lastVector);
    l.offset = arith::MulIOp::create(b, loc, clamped, kb.index(width));
    Value channel = arith::RemUIOp::create(b, loc, l.offset, channels);
    l.x = load(input, l.offset);
    for (Value param : params)
      l.params.push_back(load(param, channel));
    loaded.push_back(std::move(l));
  }
  for (Loaded &l : loaded) {
    kb.buildGuarded(b, l.inBounds, [&](OpBuilder &nb) {
      Value invStdDev = buildInverseSqrt(nb, loc, l.params[1], epsilon);
      Value deviation = arith::SubFOp::create(nb, loc, l.x, l.params[0]);
      Value y = buildScaledDeviation(nb, loc, deviation, invStdDev, epsilon);
      y = arith::MulFOp::create(nb, loc, y, l.params[2]);
      y = arith::AddFOp::create(nb, loc, y, l.params[3]);
      kb.storeVector(nb, kb.convert(nb, y, elementType), output, l.offset);
    });
  }
}
