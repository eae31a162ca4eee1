//===- RowKernel.cpp - Builder of the GPU row-norm kernels ---*- C++ -*-===//
//
// A group of threads (one warp for small rows, a whole block for larger ones)
// owns a row, or one chunk of a split row; each thread handles a strided
// share of it in `vector-width` chunks, streaming or cached in registers, and
// accumulates in the accumulation type; the group reduces with xor shuffles
// (and one workgroup-memory stage when it spans several warps).
//
//===----------------------------------------------------------------------===//

#include "RowKernel.h"
#include "NormToGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

RowKernelBuilder::RowKernelBuilder(OpBuilder &b, Location loc,
                                   const ConvertNormToGPUPassOptions &options,
                                   const RowSchedule &schedule,
                                   gpu::LaunchOp launch, Value rows,
                                   Value rowSize, FloatType elementType,
                                   FloatType accType)
    : KernelBuilder(b, loc, accType, options.warpSize), schedule(schedule),
      vectorWidth(schedule.vectorWidth), groupSize(schedule.groupSize),
      elementType(elementType), rowSize(rowSize) {
  Value tid = launch.getThreadIds().x;
  Value group = arith::DivUIOp::create(b, loc, tid, index(groupSize));
  laneInGroup = arith::RemUIOp::create(b, loc, tid, index(groupSize));
  laneInWarp = arith::RemUIOp::create(b, loc, tid, index(warpSize));
  warpInGroup = arith::DivUIOp::create(b, loc, laneInGroup, index(warpSize));
  groupInBlock = group;
  Value firstRow = arith::MulIOp::create(b, loc, launch.getBlockIds().x,
                                         index(schedule.rowsPerBlock));
  row = arith::AddIOp::create(b, loc, firstRow, group);
  // Threads of a row past the end still take part in the shuffles and
  // barriers; their sweeps are empty, cached loads read the last row, and
  // they store nothing.
  valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row, rows);
  rowOffset = arith::MulIOp::create(b, loc, row, rowSize);
  if (schedule.cachedVectors > 0 || schedule.blocksPerRow > 1) {
    Value lastRow = arith::SubIOp::create(b, loc, rows, index(1));
    loadRow = arith::MinUIOp::create(b, loc, row, lastRow);
    loadRowOffset = arith::MulIOp::create(b, loc, loadRow, rowSize);
  }
  if (schedule.blocksPerRow > 1) {
    chunkIndex = launch.getBlockIds().y;
    std::tie(spanBegin, spanEnd) = chunkBounds(b, chunkIndex);
  } else {
    spanBegin = index(0);
    spanEnd = rowSize;
  }
  if (!launch.getWorkgroupAttributions().empty())
    sharedBuffer = launch.getWorkgroupAttributions().front();
}

int64_t RowKernelBuilder::getWorkgroupValues(const RowSchedule &schedule,
                                             int64_t warpSize) {
  if (schedule.groupSize <= warpSize)
    return 0;
  return kMaxStages * schedule.rowsPerBlock * kMaxValues *
         (schedule.groupSize / warpSize);
}

Value RowKernelBuilder::splat(Value scalar) {
  return vector::BroadcastOp::create(b, loc, accVectorType(), scalar);
}

Value RowKernelBuilder::chunkSize(OpBuilder &nb) {
  if (schedule.chunkSize)
    return index(nb, *schedule.chunkSize);
  Value chunk = arith::CeilDivUIOp::create(nb, loc, rowSize,
                                           index(nb, schedule.blocksPerRow));
  Value width = index(nb, vectorWidth);
  return arith::MulIOp::create(
      nb, loc, arith::CeilDivUIOp::create(nb, loc, chunk, width), width);
}

std::pair<Value, Value> RowKernelBuilder::chunkBounds(OpBuilder &nb, Value k) {
  Value chunk = chunkSize(nb);
  Value begin = arith::MinUIOp::create(
      nb, loc, arith::MulIOp::create(nb, loc, k, chunk), rowSize);
  Value end = arith::MinUIOp::create(
      nb, loc, arith::AddIOp::create(nb, loc, begin, chunk), rowSize);
  return {begin, end};
}

Value RowKernelBuilder::spanCount() {
  return toAcc(b, arith::SubIOp::create(b, loc, spanEnd, spanBegin));
}

Value RowKernelBuilder::load(OpBuilder &nb, Value buffer, Value offset) {
  Value value = loadVector(nb, buffer, offset, vectorWidth);
  if (residualBuffer && buffer == inputBuffer) {
    Value residual = loadVector(nb, residualBuffer, offset, vectorWidth);
    Value sum =
        arith::AddFOp::create(nb, loc, convert(nb, value, accType),
                              convert(nb, residual, accType));
    value = convert(nb, sum, elementType);
  }
  return convert(nb, value, accType);
}

void RowKernelBuilder::store(OpBuilder &nb, Value value, Value buffer,
                             Value offset) {
  storeVector(nb, convert(nb, value, elementType), buffer, offset);
}

SmallVector<Value> RowKernelBuilder::sweep(ValueRange inits, SweepBody body) {
  Value start = arith::AddIOp::create(
      b, loc, spanBegin,
      arith::MulIOp::create(b, loc, laneInGroup, index(vectorWidth)));
  Value end = arith::SelectOp::create(b, loc, valid, spanEnd, index(0));
  Value step = index(groupSize * vectorWidth);
  auto loop = scf::ForOp::create(
      b, loc, start, end, step, inits,
      [&](OpBuilder &nb, Location, Value column, ValueRange accs) {
        scf::YieldOp::create(nb, loc, body(nb, column, accs));
      });
  return SmallVector<Value>(loop.getResults());
}

CachedSpan RowKernelBuilder::loadCached(Value buffer) {
  CachedSpan cache;
  Value laneStart = arith::AddIOp::create(
      b, loc, spanBegin,
      arith::MulIOp::create(b, loc, laneInGroup, index(vectorWidth)));
  Value lastColumn = index(*schedule.rowSize - vectorWidth);
  Value zeros = splat(accConstant(0.0));
  for (int64_t j = 0; j < schedule.cachedVectors; ++j) {
    Value column = arith::AddIOp::create(b, loc, laneStart,
                                         index(j * groupSize * vectorWidth));
    cache.columns.push_back(column);
    if (j < schedule.unguardedVectors) {
      cache.values.push_back(load(
          b, buffer, arith::AddIOp::create(b, loc, loadRowOffset, column)));
      cache.inBounds.push_back(nullptr);
      continue;
    }
    Value inBounds = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                           column, spanEnd);
    Value clamped = arith::MinUIOp::create(b, loc, column, lastColumn);
    Value x =
        load(b, buffer, arith::AddIOp::create(b, loc, loadRowOffset, clamped));
    cache.values.push_back(arith::SelectOp::create(b, loc, inBounds, x, zeros));
    cache.inBounds.push_back(inBounds);
  }
  return cache;
}

void RowKernelBuilder::forEachCached(
    const CachedSpan &cache,
    function_ref<void(OpBuilder &, Value, Value)> body) {
  buildGuarded(b, valid, [&](OpBuilder &nb) {
    for (auto [j, inBounds] : llvm::enumerate(cache.inBounds)) {
      Value x = cache.values[j], column = cache.columns[j];
      buildGuarded(nb, inBounds, [&](OpBuilder &gb) { body(gb, x, column); });
    }
  });
}

SmallVector<Value> RowKernelBuilder::reduceGroup(ValueRange partials,
                                                 int64_t stage) {
  SmallVector<Value> values;
  for (Value partial : partials)
    values.push_back(vector::ReductionOp::create(
        b, loc, vector::CombiningKind::ADD, partial));
  // Workgroup slots [stage][group][k][warp].
  int64_t warpsPerGroup = std::max<int64_t>(groupSize / warpSize, 1);
  int64_t numValues = values.size();
  int64_t stageBase =
      stage * schedule.rowsPerBlock * kMaxValues * warpsPerGroup;
  auto slot = [&](OpBuilder &nb, int64_t k, Value warp) -> Value {
    Value groupBase = arith::MulIOp::create(
        nb, loc, groupInBlock, index(nb, numValues * warpsPerGroup));
    Value base = arith::AddIOp::create(
        nb, loc, groupBase, index(nb, stageBase + k * warpsPerGroup));
    return arith::AddIOp::create(nb, loc, base, warp);
  };
  return reduceSums(std::move(values), groupSize,
                    WorkgroupStage{sharedBuffer, warpInGroup, slot});
}

void RowKernelBuilder::ifLeader(Value condition,
                                function_ref<void(OpBuilder &)> body) {
  Value isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                        laneInGroup, index(0));
  Value cond = arith::AndIOp::create(b, loc, isFirst, valid);
  if (condition)
    cond = arith::AndIOp::create(b, loc, cond, condition);
  buildGuarded(b, cond, body);
}

void RowKernelBuilder::storeRowStat(Value value, Value buffer,
                                    Value condition) {
  ifLeader(condition, [&](OpBuilder &nb) {
    auto statType =
        cast<FloatType>(cast<MemRefType>(buffer.getType()).getElementType());
    memref::StoreOp::create(nb, loc, convert(nb, value, statType), buffer,
                            ValueRange{row});
  });
}

void RowKernelBuilder::setRow(Value newRow, Value rows) {
  row = newRow;
  valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row, rows);
  rowOffset = arith::MulIOp::create(b, loc, row, rowSize);
  Value lastRow = arith::SubIOp::create(b, loc, rows, index(1));
  loadRow = arith::MinUIOp::create(b, loc, row, lastRow);
  loadRowOffset = arith::MulIOp::create(b, loc, loadRow, rowSize);
}

Value RowKernelBuilder::scratchIndex(OpBuilder &nb, Value r, Value k,
                                     int64_t slots, int64_t slot) {
  Value chunks =
      arith::MulIOp::create(nb, loc, r, index(nb, schedule.blocksPerRow));
  Value chunk = arith::AddIOp::create(nb, loc, chunks, k);
  Value base = arith::MulIOp::create(nb, loc, chunk, index(nb, slots));
  return arith::AddIOp::create(nb, loc, base, index(nb, slot));
}

void RowKernelBuilder::setChannelAffine(
    Value groups, Value groupChannels, Value channelSizeValue,
    std::optional<int64_t> staticGroupChannels) {
  Value group = arith::RemUIOp::create(b, loc, row, groups);
  groupFirstChannel = arith::MulIOp::create(b, loc, group, groupChannels);
  channelSize = channelSizeValue;
  oneChannelPerRow = staticGroupChannels == 1;
}

Value RowKernelBuilder::loadParameter(OpBuilder &nb, Value buffer,
                                      Value column) {
  if (!groupFirstChannel)
    return load(nb, buffer, column);
  Value channel = groupFirstChannel;
  if (!oneChannelPerRow)
    channel = arith::AddIOp::create(
        nb, loc, channel, arith::DivUIOp::create(nb, loc, column, channelSize));
  Value value = memref::LoadOp::create(nb, loc, buffer, ValueRange{channel});
  return vector::BroadcastOp::create(nb, loc, accVectorType(),
                                     convert(nb, value, accType));
}

//===----------------------------------------------------------------------===//
// Launches
//===----------------------------------------------------------------------===//

/// A launch of ceil(rows / rows-per-block) x blocks-per-row blocks of
/// `threads` threads, with the workgroup buffer of the group reductions when
/// `withReduction` and a group spans several warps.
static gpu::LaunchOp createRowLaunch(OpBuilder &b, Location loc,
                                     const ConvertNormToGPUPassOptions &options,
                                     const RowSchedule &schedule, Value rows,
                                     FloatType accType, bool withReduction) {
  Value rowsPerBlock =
      arith::ConstantIndexOp::create(b, loc, schedule.rowsPerBlock);
  Value blocks = arith::CeilDivUIOp::create(b, loc, rows, rowsPerBlock);
  Value chunks = arith::ConstantIndexOp::create(b, loc, schedule.blocksPerRow);
  int64_t workgroupValues =
      withReduction
          ? RowKernelBuilder::getWorkgroupValues(schedule, options.warpSize)
          : 0;
  return createKernelLaunch(b, loc, blocks, chunks, options.threads,
                            workgroupValues, accType);
}

void to_gpu::buildRowNormLaunches(
    OpBuilder &b, Location loc, const ConvertNormToGPUPassOptions &options,
    const RowProblem &problem, RowNormBuffers buffers, bool isLayerNorm,
    double epsilon, function_ref<void(RowKernelBuilder &)> configure) {
  const RowSchedule &schedule = problem.schedule;
  Value rows = problem.rows, rowSize = problem.rowSize;
  FloatType elementType = problem.elementType, accType = problem.accType;
  // Builds the body of `launch` with `body` and moves after it.
  auto buildBody = [&](gpu::LaunchOp launch,
                       function_ref<void(RowKernelBuilder &)> body) {
    buildLaunchBody(b, launch, [&] {
      RowKernelBuilder kb(b, loc, options, schedule, launch, rows, rowSize,
                          elementType, accType);
      if (configure)
        configure(kb);
      body(kb);
    });
  };

  if (schedule.blocksPerRow == 1) {
    gpu::LaunchOp launch = createRowLaunch(b, loc, options, schedule, rows,
                                           accType, /*withReduction=*/true);
    buildBody(launch, [&](RowKernelBuilder &kb) {
      if (isLayerNorm)
        buildLayerNormKernel(kb, epsilon, buffers);
      else
        buildRMSNormKernel(kb, epsilon, buffers);
    });
    return;
  }

  int64_t slots = isLayerNorm ? kLayerNormScratchSlots : kRMSNormScratchSlots;
  Value scratchSize = arith::MulIOp::create(
      b, loc, rows,
      arith::ConstantIndexOp::create(b, loc, schedule.blocksPerRow * slots));
  buffers.scratch = memref::AllocOp::create(
      b, loc, MemRefType::get({ShapedType::kDynamic}, accType),
      ValueRange{scratchSize});
  gpu::LaunchOp partials = createRowLaunch(b, loc, options, schedule, rows,
                                           accType, /*withReduction=*/true);
  gpu::LaunchOp normalize = createRowLaunch(b, loc, options, schedule, rows,
                                            accType, /*withReduction=*/false);
  buildBody(partials, [&](RowKernelBuilder &kb) {
    if (isLayerNorm)
      buildLayerNormPartials(kb, buffers);
    else
      buildRMSNormPartials(kb, buffers);
  });
  buildBody(normalize, [&](RowKernelBuilder &kb) {
    if (isLayerNorm)
      buildLayerNormMerge(kb, epsilon, buffers);
    else
      buildRMSNormMerge(kb, epsilon, buffers);
  });
}

//===----------------------------------------------------------------------===//
// The rows of a pattern
//===----------------------------------------------------------------------===//

FailureOr<RowProblem>
RowProblem::match(PatternRewriter &rewriter, NormOpInterface op,
                  const ConvertNormToGPUPassOptions &options,
                  RowKernelKind kind) {
  RowProblem problem;
  problem.input = op.getInput();
  problem.elementType = op.getElementType();
  problem.accType = op.getAccumulatorType();
  if (failed(checkAccumulatorType(rewriter, op, problem.accType)))
    return failure();
  auto inputType = cast<RankedTensorType>(problem.input.getType());
  int64_t rank = inputType.getRank();
  bool isGradient = kind == RowKernelKind::Gradient;
  std::optional<int64_t> groupCount = op.getGroupCount();
  if (!groupCount) {
    problem.axis = op.getReductionDims().front();
    std::optional<int64_t> rowSize =
        getStaticSize(inputType, problem.axis, rank);
    problem.schedule =
        isGradient
            ? resolveRowGradSchedule(options, rowSize, problem.elementType)
            : resolveRowSchedule(options, rowSize, problem.elementType);
    return problem;
  }

  // G, C/G and S, static where known. The group count is dynamic only for
  // an instance_norm over a dynamic C, whose groups have one channel.
  problem.isGroupNorm = true;
  int64_t channels = inputType.getDimSize(1);
  if (ShapedType::isDynamic(*groupCount)) {
    problem.staticGroupChannels = 1;
  } else {
    problem.staticGroups = *groupCount;
    if (!ShapedType::isDynamic(channels))
      problem.staticGroupChannels = channels / *groupCount;
  }
  problem.channelSize = getStaticSize(inputType, 2, rank);
  std::optional<int64_t> rowSize;
  if (problem.staticGroupChannels && problem.channelSize)
    rowSize = *problem.staticGroupChannels * *problem.channelSize;
  problem.schedule =
      isGradient ? resolveGroupGradSchedule(options, rowSize,
                                            problem.channelSize,
                                            problem.elementType)
                 : resolveGroupSchedule(options, rowSize, problem.channelSize,
                                        problem.elementType);
  return problem;
}

void RowProblem::buildSizes(OpBuilder &b, Location loc) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  if (!isGroupNorm) {
    rows = buildSizeProduct(b, loc, input, 0, axis);
    rowSize = buildSizeProduct(b, loc, input, axis, rank);
    return;
  }
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  Value channels =
      staticGroups && staticGroupChannels
          ? index(*staticGroups * *staticGroupChannels)
          : tensor::DimOp::create(b, loc, input, 1).getResult();
  groups = staticGroups ? index(*staticGroups) : channels;
  groupChannels =
      staticGroupChannels
          ? index(*staticGroupChannels)
          : arith::DivUIOp::create(b, loc, channels, groups).getResult();
  spatial = channelSize ? index(*channelSize)
                        : buildSizeProduct(b, loc, input, 2, rank);
  Value instances = buildSizeProduct(b, loc, input, 0, 1);
  rows = arith::MulIOp::create(b, loc, instances, groups);
  rowSize = staticGroupChannels && channelSize
                ? index(*staticGroupChannels * *channelSize)
                : arith::MulIOp::create(b, loc, groupChannels, spatial)
                      .getResult();
}

void RowProblem::configure(RowKernelBuilder &kb) const {
  if (isGroupNorm)
    kb.setChannelAffine(groups, groupChannels, spatial, staticGroupChannels);
}
