//===- ChannelKernel.cpp - Builder of the GPU batch-norm kernels -*- C++
//-*-===//
//
// The batch norms get kernels over the [A, C, B] view of their input: A is the
// product of the dims before the feature axis, C the feature axis, B the
// product of the dims after it (NCHW: A = N, B = H*W; NHWC: A = N*H*W, B = 1).
// Channel c's A*B elements are read in vectors of `width` elements and its
// A*B / width vectors are split into P chunks. The grid is C x P blocks:
// block (c, p) owns chunk p of channel c, and its threads sweep the chunk in
// groups of `unroll` vectors per thread, all loads of a group issued before
// any of them is used, so that consecutive threads read consecutive vectors
// of a run of B (coalesced for NCHW) and each thread keeps several loads in
// flight.
//
//===----------------------------------------------------------------------===//

#include "ChannelKernel.h"
#include "NormToGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

//===----------------------------------------------------------------------===//
// The [A, C, B] view and the grid
//===----------------------------------------------------------------------===//

ChannelView to_gpu::buildChannelView(OpBuilder &b, Location loc, Value input,
                                     int64_t axis,
                                     const ConvertNormToGPUPassOptions &options) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  ChannelView view;
  view.width = getChannelVectorWidth(type, axis, options);
  view.unroll = getChannelUnroll(type, view.width);
  Value outer = buildSizeProduct(b, loc, input, 0, axis);
  view.channels = tensor::DimOp::create(b, loc, input, axis);
  view.gridChannels = arith::MaxUIOp::create(b, loc, view.channels, index(1));
  view.inner = buildSizeProduct(b, loc, input, axis + 1, rank);
  view.perChannel = arith::MulIOp::create(b, loc, outer, view.inner);
  Value width = index(view.width);
  view.innerVectors = view.width == 1
                          ? view.inner
                          : arith::DivUIOp::create(b, loc, view.inner, width);
  view.innerVectorsNonZero =
      arith::MaxUIOp::create(b, loc, view.innerVectors, index(1));
  view.vectors = view.width == 1
                     ? view.perChannel
                     : arith::MulIOp::create(b, loc, outer, view.innerVectors);
  view.chunks = buildChannelBlockCount(b, loc, view.gridChannels,
                                       view.perChannel, options);
  view.chunkSize =
      arith::CeilDivUIOp::create(b, loc, view.vectors, view.chunks);
  view.channelStride = arith::MulIOp::create(b, loc, view.channels, view.inner);
  Value threads = index(options.threads);
  Value stepOuter =
      arith::DivUIOp::create(b, loc, threads, view.innerVectorsNonZero);
  view.stepInner =
      arith::RemUIOp::create(b, loc, threads, view.innerVectorsNonZero);
  Value stepInnerElements =
      view.width == 1 ? view.stepInner
                      : arith::MulIOp::create(b, loc, view.stepInner, width);
  view.stepOffset = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, stepOuter, view.channelStride),
      stepInnerElements);
  view.wrapOffset =
      arith::SubIOp::create(b, loc, view.channelStride, view.inner);
  view.trackInner = needsInnerTracking(type, axis, view.width, options);
  return view;
}

gpu::LaunchOp to_gpu::createChannelLaunch(OpBuilder &b, Location loc,
                                          const ChannelView &view,
                                          const ConvertNormToGPUPassOptions &options,
                                          FloatType accType,
                                          bool withReduction) {
  int64_t workgroupValues = 0;
  if (withReduction && options.threads > options.warpSize)
    workgroupValues = 3 * (options.threads / options.warpSize);
  return createKernelLaunch(b, loc, view.gridChannels, view.chunks,
                            options.threads, workgroupValues, accType);
}

//===----------------------------------------------------------------------===//
// ChannelKernelBuilder
//===----------------------------------------------------------------------===//

ChannelKernelBuilder::ChannelKernelBuilder(OpBuilder &b, Location loc,
                                           const ConvertNormToGPUPassOptions &options,
                                           gpu::LaunchOp launch,
                                           const ChannelView &view,
                                           FloatType accType)
    : KernelBuilder(b, loc, accType, options.warpSize), options(options),
      view(view) {
  tid = launch.getThreadIds().x;
  channel = launch.getBlockIds().x;
  chunk = launch.getBlockIds().y;
  laneInWarp = arith::RemUIOp::create(b, loc, tid, index(warpSize));
  warp = arith::DivUIOp::create(b, loc, tid, index(warpSize));
  // Only the x = 0 column of blocks of an empty channel dim (C = 0) is
  // invalid: it sweeps nothing and stores nothing.
  valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, channel,
                                view.channels);
  if (!launch.getWorkgroupAttributions().empty())
    sharedBuffer = launch.getWorkgroupAttributions().front();
}

Value ChannelKernelBuilder::load(OpBuilder &nb, Value buffer, Value offset) {
  Value value = memref::LoadOp::create(nb, loc, buffer, ValueRange{offset});
  return convert(nb, value, accType);
}

void ChannelKernelBuilder::store(OpBuilder &nb, Value value, Value buffer,
                                 Value offset) {
  auto type =
      cast<FloatType>(cast<MemRefType>(buffer.getType()).getElementType());
  memref::StoreOp::create(nb, loc, convert(nb, value, type), buffer,
                          ValueRange{offset});
}

std::pair<Value, Value> ChannelKernelBuilder::firstPosition(Value first) {
  // Vector v of channel c is x[v / B', c, (v mod B') * width]: one division
  // per thread, then the offset moves by constant steps.
  Value outerIndex =
      arith::DivUIOp::create(b, loc, first, view.innerVectorsNonZero);
  Value innerIndex = arith::SubIOp::create(
      b, loc, first,
      arith::MulIOp::create(b, loc, outerIndex, view.innerVectorsNonZero));
  Value innerOffset =
      view.width == 1
          ? innerIndex
          : arith::MulIOp::create(b, loc, innerIndex, index(view.width));
  Value offset = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, outerIndex, view.channelStride),
      arith::AddIOp::create(b, loc,
                            arith::MulIOp::create(b, loc, channel, view.inner),
                            innerOffset));
  return {offset, innerIndex};
}

SmallVector<Value>
ChannelKernelBuilder::groupOffsets(OpBuilder &nb, ValueRange position,
                                   int64_t size, bool next,
                                   SmallVectorImpl<Value> &offsets) {
  SmallVector<Value> current(position);
  for (int64_t k = 0; k < size; ++k) {
    offsets.push_back(current[0]);
    if (next || k + 1 < size)
      current = step(nb, current);
  }
  return current;
}

std::pair<Value, Value> ChannelKernelBuilder::getShare() {
  Value start = arith::MinUIOp::create(
      b, loc, arith::MulIOp::create(b, loc, chunk, view.chunkSize),
      view.vectors);
  Value end = arith::MinUIOp::create(
      b, loc, arith::AddIOp::create(b, loc, start, view.chunkSize),
      view.vectors);
  end = arith::SelectOp::create(b, loc, valid, end, start);
  Value first = arith::AddIOp::create(b, loc, start, tid);
  // count = ceil((max(end, first) - first) / threads) vectors.
  Value count = arith::CeilDivUIOp::create(
      b, loc,
      arith::SubIOp::create(b, loc, arith::MaxUIOp::create(b, loc, end, first),
                            first),
      index(options.threads));
  return {first, count};
}

ChannelKernelBuilder::CachedShare
ChannelKernelBuilder::getCachedShare(int64_t slots) {
  auto [first, count] = getShare();
  auto [offset, innerIndex] = firstPosition(first);
  SmallVector<Value> position = {offset};
  if (view.trackInner)
    position.push_back(innerIndex);
  Value safe = arith::SelectOp::create(
      b, loc, valid, arith::MulIOp::create(b, loc, channel, view.inner),
      index(0));
  CachedShare share;
  share.count = count;
  for (int64_t k = 0; k < slots; ++k) {
    if (k > 0)
      position = step(b, position);
    Value isIn = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                       index(k), count);
    share.inChunk.push_back(isIn);
    share.offsets.push_back(
        arith::SelectOp::create(b, loc, isIn, position[0], safe));
  }
  return share;
}

SmallVector<Value> ChannelKernelBuilder::sweep(ValueRange inits,
                                               GroupBody body) {
  auto [first, count] = getShare();
  Value fullGroups = arith::DivUIOp::create(b, loc, count, index(view.unroll));
  Value rest = arith::RemUIOp::create(b, loc, count, index(view.unroll));
  auto [offset, innerIndex] = firstPosition(first);
  SmallVector<Value> iterInits = {offset};
  if (view.trackInner)
    iterInits.push_back(innerIndex);
  int64_t numPositions = iterInits.size();
  llvm::append_range(iterInits, inits);

  auto loop = scf::ForOp::create(
      b, loc, index(0), fullGroups, index(1), iterInits,
      [&](OpBuilder &nb, Location, Value, ValueRange args) {
        SmallVector<Value> offsets;
        SmallVector<Value> yields =
            groupOffsets(nb, args.take_front(numPositions), view.unroll,
                         /*next=*/true, offsets);
        llvm::append_range(yields, body(nb, offsets, /*validCount=*/nullptr,
                                        args.drop_front(numPositions)));
        scf::YieldOp::create(nb, loc, yields);
      });
  ValueRange position = loop.getResults().take_front(numPositions);
  SmallVector<Value> accs(loop.getResults().drop_front(numPositions));

  // The last, partial group: vectors k < rest (< unroll).
  Value hasRest =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, rest, index(0));
  auto tail = scf::IfOp::create(b, loc, ValueRange(accs).getTypes(), hasRest,
                                /*withElseRegion=*/!accs.empty());
  OpBuilder nb = tail.getThenBodyBuilder();
  SmallVector<Value> offsets;
  groupOffsets(nb, position, view.unroll - 1, /*next=*/false, offsets);
  SmallVector<Value> results = body(nb, offsets, rest, accs);
  if (!accs.empty()) {
    scf::YieldOp::create(nb, loc, results);
    nb = tail.getElseBodyBuilder();
    scf::YieldOp::create(nb, loc, accs);
  }
  return SmallVector<Value>(tail.getResults());
}

SmallVector<Value> ChannelKernelBuilder::step(OpBuilder &nb,
                                              ValueRange position) {
  Value nextOffset =
      arith::AddIOp::create(nb, loc, position[0], view.stepOffset);
  if (!view.trackInner)
    return {nextOffset};
  Value nextInner = arith::AddIOp::create(nb, loc, position[1], view.stepInner);
  Value wraps = arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::uge,
                                      nextInner, view.innerVectors);
  nextInner = arith::SelectOp::create(
      nb, loc, wraps,
      arith::SubIOp::create(nb, loc, nextInner, view.innerVectors), nextInner);
  nextOffset = arith::SelectOp::create(
      nb, loc, wraps,
      arith::AddIOp::create(nb, loc, nextOffset, view.wrapOffset), nextOffset);
  return {nextOffset, nextInner};
}

Value ChannelKernelBuilder::isValid(OpBuilder &nb, int64_t k,
                                    Value validCount) {
  if (!validCount || k == 0)
    return nullptr;
  return arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::ult, index(nb, k),
                               validCount);
}

SmallVector<Value> ChannelKernelBuilder::loadGroup(OpBuilder &nb, Value buffer,
                                                   ArrayRef<Value> offsets,
                                                   Value validCount) {
  SmallVector<Value> loaded;
  for (auto [k, offset] : llvm::enumerate(offsets)) {
    Value address = offset;
    if (Value isIn = isValid(nb, k, validCount))
      address = arith::SelectOp::create(nb, loc, isIn, offset, offsets[0]);
    if (view.width == 1) {
      loaded.push_back(
          memref::LoadOp::create(nb, loc, buffer, ValueRange{address}));
      continue;
    }
    loaded.push_back(loadVector(nb, buffer, address, view.width));
  }
  SmallVector<Value> values;
  for (Value v : loaded) {
    if (view.width == 1) {
      values.push_back(convert(nb, v, accType));
      continue;
    }
    for (int64_t lane = 0; lane < view.width; ++lane)
      values.push_back(
          convert(nb, vector::ExtractOp::create(nb, loc, v, lane), accType));
  }
  return values;
}

void ChannelKernelBuilder::storeGroup(OpBuilder &nb, ArrayRef<Value> values,
                                      Value buffer, ArrayRef<Value> offsets,
                                      Value validCount) {
  auto elementType =
      cast<FloatType>(cast<MemRefType>(buffer.getType()).getElementType());
  for (int64_t k = 0, e = offsets.size(); k < e; ++k) {
    Value offset = offsets[k];
    SmallVector<Value> lanes;
    for (Value value : values.slice(k * view.width, view.width))
      lanes.push_back(convert(nb, value, elementType));
    buildGuarded(nb, isValid(nb, k, validCount), [&](OpBuilder &sb) {
      if (view.width == 1) {
        memref::StoreOp::create(sb, loc, lanes[0], buffer, ValueRange{offset});
        return;
      }
      Value vector = vector::FromElementsOp::create(
          sb, loc, VectorType::get({view.width}, elementType), lanes);
      storeVector(sb, vector, buffer, offset);
    });
  }
}

SmallVector<Value> ChannelKernelBuilder::foldChunks(ValueRange inits,
                                                    ChunkBody body) {
  Value end = arith::SelectOp::create(b, loc, valid, view.chunks, index(0));
  auto fold = scf::ForOp::create(
      b, loc, tid, end, index(options.threads), inits,
      [&](OpBuilder &nb, Location, Value chunk, ValueRange accs) {
        scf::YieldOp::create(nb, loc, body(nb, chunk, accs));
      });
  return SmallVector<Value>(fold.getResults());
}

Value ChannelKernelBuilder::getChunkSlot(OpBuilder &nb, Value chunk) {
  return arith::AddIOp::create(
      nb, loc, arith::MulIOp::create(nb, loc, channel, view.chunks), chunk);
}

Value ChannelKernelBuilder::isWriter(bool firstChunkOnly) {
  Value writes =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, tid, index(0));
  if (firstChunkOnly) {
    Value isFirstChunk = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                               chunk, index(0));
    writes = arith::AndIOp::create(b, loc, writes, isFirstChunk);
  }
  return arith::AndIOp::create(b, loc, writes, valid);
}

Value ChannelKernelBuilder::treeSum(OpBuilder &nb, SmallVector<Value> values) {
  while (values.size() > 1) {
    SmallVector<Value> next;
    for (size_t i = 0; i + 1 < values.size(); i += 2)
      next.push_back(arith::AddFOp::create(nb, loc, values[i], values[i + 1]));
    if (values.size() % 2)
      next.push_back(values.back());
    values = std::move(next);
  }
  return values.front();
}

/// The statistics, as (count, mean - K, M2):
///   d_i = x_i - K (0 for invalid vectors), n = valid values,
///   shift = (sum d_i) / n, M2 = sum over valid i of (d_i - shift)^2.
/// No E[x^2] - E[x]^2: M2 is centred on the group's own mean, and values
/// near K (40000 + small deltas) give exact small d_i; a constant channel
/// has d = 0, so shift = 0 (its mean is exactly K) and M2 = 0. A full group
/// divides by n = unroll * width, a power of two, as an exact
/// multiplication.
PartialMoments ChannelKernelBuilder::groupStats(OpBuilder &nb,
                                                ArrayRef<Value> values,
                                                Value validCount, Value pilot) {
  Value zero = accConstant(nb, 0.0);
  SmallVector<Value> isIn, deviations;
  for (auto [i, x] : llvm::enumerate(values)) {
    int64_t k = i / view.width;
    Value valid =
        i % view.width == 0 ? isValid(nb, k, validCount) : isIn[i - 1];
    isIn.push_back(valid);
    Value d = arith::SubFOp::create(nb, loc, x, pilot);
    if (valid)
      d = arith::SelectOp::create(nb, loc, valid, d, zero);
    deviations.push_back(d);
  }
  Value sum = treeSum(nb, deviations);
  int64_t groupSize = view.unroll * view.width;
  Value count, shift;
  if (!validCount) {
    count = accConstant(nb, double(groupSize));
    shift =
        arith::MulFOp::create(nb, loc, sum, accConstant(nb, 1.0 / groupSize));
  } else {
    Value validValues =
        arith::MulIOp::create(nb, loc, validCount, index(nb, view.width));
    count = toAcc(nb, validValues);
    shift = buildMean(nb, loc, sum, count);
  }
  SmallVector<Value> squares;
  for (auto [d, valid] : llvm::zip(deviations, isIn)) {
    Value e = arith::SubFOp::create(nb, loc, d, shift);
    Value square = arith::MulFOp::create(nb, loc, e, e);
    if (valid)
      square = arith::SelectOp::create(nb, loc, valid, square, zero);
    squares.push_back(square);
  }
  return {count, shift, treeSum(nb, squares)};
}

PartialMoments ChannelKernelBuilder::reduceBlock(const PartialMoments &stats) {
  // Slots [value][warp]; every warp reads all of them.
  int64_t warps = std::max<int64_t>(options.threads / warpSize, 1);
  auto slot = [&](OpBuilder &nb, int64_t k, Value warpIndex) -> Value {
    return arith::AddIOp::create(nb, loc, warpIndex, index(nb, k * warps));
  };
  return reduceWelford(stats, options.threads,
                       WorkgroupStage{sharedBuffer, warp, slot});
}

Value ChannelKernelBuilder::loadPilot(Value input) {
  Value nonEmpty = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                         view.perChannel, index(0));
  Value reads = arith::AndIOp::create(b, loc, valid, nonEmpty);
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{accType}, reads,
                                /*withElseRegion=*/true);
  OpBuilder nb = ifOp.getThenBodyBuilder();
  scf::YieldOp::create(
      nb, loc,
      load(nb, input, arith::MulIOp::create(nb, loc, channel, view.inner)));
  nb = ifOp.getElseBodyBuilder();
  scf::YieldOp::create(nb, loc, ValueRange{accConstant(nb, 0.0)});
  return ifOp.getResult(0);
}

SmallVector<Value>
ChannelKernelBuilder::loadChannelParams(ArrayRef<Value> buffers) {
  SmallVector<Type> types(buffers.size(), accType);
  auto ifOp = scf::IfOp::create(b, loc, types, valid,
                                /*withElseRegion=*/true);
  OpBuilder nb = ifOp.getThenBodyBuilder();
  SmallVector<Value> values;
  for (Value buffer : buffers)
    values.push_back(load(nb, buffer, channel));
  scf::YieldOp::create(nb, loc, values);
  nb = ifOp.getElseBodyBuilder();
  Value zero = accConstant(nb, 0.0);
  scf::YieldOp::create(nb, loc, SmallVector<Value>(buffers.size(), zero));
  return SmallVector<Value>(ifOp.getResults());
}

void ChannelKernelBuilder::normalizeChunk(Value input, Value output,
                                          Value pilot, Value mean,
                                          Value invStdDev, Value scale,
                                          Value bias, double epsilon) {
  sweep({}, [&](OpBuilder &nb, ArrayRef<Value> offsets, Value validCount,
                ValueRange) {
    SmallVector<Value> xs = loadGroup(nb, input, offsets, validCount);
    SmallVector<Value> ys;
    for (Value x : xs)
      ys.push_back(normalizeValue(nb, x, pilot, mean, invStdDev, scale, bias,
                                  epsilon));
    storeGroup(nb, ys, output, offsets, validCount);
    return SmallVector<Value>{};
  });
}

Value ChannelKernelBuilder::normalizeValue(OpBuilder &nb, Value x, Value pilot,
                                           Value mean, Value invStdDev,
                                           Value scale, Value bias,
                                           double epsilon) {
  if (pilot)
    x = arith::SubFOp::create(nb, loc, x, pilot);
  Value deviation = arith::SubFOp::create(nb, loc, x, mean);
  Value y = buildScaledDeviation(nb, loc, deviation, invStdDev, epsilon);
  y = arith::MulFOp::create(nb, loc, y, scale);
  return arith::AddFOp::create(nb, loc, y, bias);
}
