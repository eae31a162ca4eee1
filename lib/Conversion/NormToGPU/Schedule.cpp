//===- Schedule.cpp - Schedules of the norm -> GPU kernels ---*- C++ -*-===//

#include "Schedule.h"
#include "NormToGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

/// The most blocks a row can be split into (the grid's y extent).
static constexpr int64_t kMaxBlocksPerRow = 65535;

/// With `blocks-per-channel = 0` the grid aims at this many blocks in all:
/// about one full wave of 256-thread blocks on an H100 (132 SMs x 8 resident
/// blocks = 1056) and more than one on an A100 (108 x 8 = 864).
static constexpr int64_t kAutoTargetBlocks = 1024;
/// ... but gives no chunk fewer than this many elements per thread (one full
/// group of 4 f32 vectors), so that the block reduction and the partials stay
/// small next to the sweep.
static constexpr int64_t kAutoMinElementsPerThread = 16;

RowSchedule
to_gpu::resolveRowSchedule(const ConvertNormToGPUPassOptions &options,
                           std::optional<int64_t> rowSize,
                           FloatType elementType, int64_t rowSizeMultiple) {
  RowSchedule s;
  s.rowSize = rowSize;
  // vector-width = 0: 16-byte accesses (4 f32, 8 bf16/f16, 2 f64).
  int64_t width = options.vectorWidth > 0
                      ? options.vectorWidth
                      : std::max<int64_t>(1, 128 / elementType.getWidth());
  bool divides = rowSize ? *rowSize % width == 0
                         : rowSizeMultiple > 0 && rowSizeMultiple % width == 0;
  s.vectorWidth = divides ? width : 1;
  s.rowsPerBlock = options.rowsPerBlock;
  if (s.rowsPerBlock == 0) {
    bool warpPerRow = rowSize && *rowSize <= options.maxRowPerWarp;
    s.rowsPerBlock =
        warpPerRow ? std::max<int64_t>(options.threads / options.warpSize, 1)
                   : 1;
  }
  s.groupSize = options.threads / s.rowsPerBlock;
  int64_t groupElements = s.groupSize * s.vectorWidth;

  s.blocksPerRow = options.blocksPerRow;
  if (s.blocksPerRow == 0) {
    s.blocksPerRow = 1;
    if (rowSize && options.maxRowPerBlock > 0 &&
        *rowSize > options.maxRowPerBlock) {
      int64_t target = options.maxRowPerBlock;
      if (options.maxCachedVectors > 0)
        target = std::min(target, groupElements * options.maxCachedVectors);
      s.blocksPerRow = std::min<int64_t>(llvm::divideCeil(*rowSize, target),
                                         kMaxBlocksPerRow);
    }
  }
  if (!rowSize)
    return s;

  int64_t chunk = *rowSize;
  if (s.blocksPerRow > 1)
    chunk = llvm::alignTo(llvm::divideCeil(*rowSize, s.blocksPerRow),
                          s.vectorWidth);
  s.chunkSize = chunk;
  int64_t vectors = llvm::divideCeil(chunk, groupElements);
  if (options.maxCachedVectors > 0 && vectors <= options.maxCachedVectors) {
    // Chunks are `chunk` long but the last, which may be shorter.
    int64_t lastChunk =
        std::max<int64_t>(*rowSize - (s.blocksPerRow - 1) * chunk, 0);
    s.cachedVectors = vectors;
    s.unguardedVectors = lastChunk / groupElements;
  }
  return s;
}

/// The options of the gradient schedules: two tensors (dy and x) in
/// registers, so at most half of max-cached-vectors vectors of each, and a
/// group per whole row.
static ConvertNormToGPUPassOptions
getGradOptions(const ConvertNormToGPUPassOptions &options) {
  ConvertNormToGPUPassOptions gradOptions = options;
  gradOptions.maxCachedVectors = options.maxCachedVectors / 2;
  gradOptions.blocksPerRow = 1;
  return gradOptions;
}

RowSchedule
to_gpu::resolveRowGradSchedule(const ConvertNormToGPUPassOptions &options,
                               std::optional<int64_t> rowSize,
                               FloatType elementType) {
  return resolveRowSchedule(getGradOptions(options), rowSize, elementType);
}

Value to_gpu::buildGradRowsPerChunk(OpBuilder &b, Location loc, Value rows,
                                   int64_t groupsPerBlock,
                                   int64_t maxPartials) {
  Value perChunk = arith::CeilDivUIOp::create(
      b, loc, rows,
      arith::ConstantIndexOp::create(b, loc, maxPartials * groupsPerBlock));
  return arith::MaxUIOp::create(b, loc, perChunk,
                                arith::ConstantIndexOp::create(b, loc, 1));
}

RowSchedule to_gpu::resolveGroupSchedule(
    const ConvertNormToGPUPassOptions &options, std::optional<int64_t> rowSize,
    std::optional<int64_t> channelSize, FloatType elementType) {
  int64_t width = 1;
  if (channelSize && *channelSize > 0) {
    width = options.vectorWidth > 0
                ? options.vectorWidth
                : std::max<int64_t>(1, 128 / elementType.getWidth());
    while (*channelSize % width != 0)
      width /= 2;
  }
  ConvertNormToGPUPassOptions rowOptions = options;
  rowOptions.vectorWidth = width;
  return resolveRowSchedule(rowOptions, rowSize, elementType,
                            channelSize.value_or(0));
}

RowSchedule to_gpu::resolveGroupGradSchedule(
    const ConvertNormToGPUPassOptions &options, std::optional<int64_t> rowSize,
    std::optional<int64_t> channelSize, FloatType elementType) {
  return resolveGroupSchedule(getGradOptions(options), rowSize, channelSize,
                              elementType);
}

int64_t to_gpu::getChannelVectorWidth(RankedTensorType type, int64_t axis,
                                      const ConvertNormToGPUPassOptions &options) {
  std::optional<int64_t> staticInner =
      getStaticSize(type, axis + 1, type.getRank());
  if (!staticInner || *staticInner == 0)
    return 1;
  int64_t bytes = type.getElementType().getIntOrFloatBitWidth() / 8;
  int64_t width = options.vectorWidth > 0 ? options.vectorWidth
                                          : std::max<int64_t>(16 / bytes, 1);
  while (*staticInner % width != 0)
    width /= 2;
  return width;
}

int64_t
to_gpu::getChannelsLastVectorWidth(RankedTensorType type, int64_t axis,
                                   const ConvertNormToGPUPassOptions &options) {
  if (axis != type.getRank() - 1)
    return 0;
  int64_t channels = type.getDimSize(axis);
  if (ShapedType::isDynamic(channels) || channels == 0)
    return 1;
  int64_t bytes = type.getElementType().getIntOrFloatBitWidth() / 8;
  int64_t width = options.vectorWidth > 0 ? options.vectorWidth
                                          : std::max<int64_t>(16 / bytes, 1);
  while (channels % width != 0)
    width /= 2;
  return width;
}

int64_t to_gpu::getChannelUnroll(RankedTensorType type, int64_t width) {
  int64_t bytes = type.getElementType().getIntOrFloatBitWidth() / 8;
  return std::clamp<int64_t>(64 / (width * bytes), 4, 8);
}

bool to_gpu::needsInnerTracking(RankedTensorType type, int64_t axis,
                                int64_t width,
                                const ConvertNormToGPUPassOptions &options) {
  std::optional<int64_t> staticInner =
      getStaticSize(type, axis + 1, type.getRank());
  return !staticInner ||
         (*staticInner != 0 && options.threads % (*staticInner / width) != 0);
}

std::optional<SinglePassTrainSchedule>
to_gpu::resolveSinglePassTrainSchedule(
    RankedTensorType type, int64_t axis,
    const ConvertNormToGPUPassOptions &options) {
  if (!options.batchNormTrainSinglePass || !type.hasStaticShape())
    return std::nullopt;
  int64_t rank = type.getRank();
  int64_t channels = type.getDimSize(axis);
  int64_t perChannel = *getStaticSize(type, 0, axis) *
                       *getStaticSize(type, axis + 1, rank);
  if (channels == 0 || perChannel == 0)
    return std::nullopt;
  int64_t width = getChannelVectorWidth(type, axis, options);
  int64_t unroll = getChannelUnroll(type, width);
  SinglePassTrainSchedule s;
  // buildChannelBlockCount's P, for static sizes.
  s.chunks = options.blocksPerChannel;
  if (s.chunks == 0)
    s.chunks = std::max<int64_t>(
        std::min(llvm::divideCeil(kAutoTargetBlocks, channels),
                 llvm::divideCeil(perChannel, options.threads *
                                                  kAutoMinElementsPerThread)),
        1);
  int64_t chunkSize = llvm::divideCeil(perChannel / width, s.chunks);
  int64_t perThread = llvm::divideCeil(chunkSize, options.threads);
  s.groups = std::max<int64_t>(llvm::divideCeil(perThread, unroll), 1);
  // Sizes whose products overflow cannot fit the register cache either.
  int64_t items, cachedPerGroup, cached;
  if (llvm::MulOverflow(channels, s.chunks, items))
    return std::nullopt;
  s.blocks = std::min(options.persistentBlocks, items);
  s.itemsPerBlock = llvm::divideCeil(items, s.blocks);
  if (llvm::MulOverflow(s.itemsPerBlock, s.groups, cachedPerGroup) ||
      llvm::MulOverflow(cachedPerGroup, unroll, cached) ||
      cached > options.maxCachedVectors)
    return std::nullopt;
  return s;
}

Value to_gpu::buildChannelBlockCount(OpBuilder &b, Location loc,
                                     Value gridChannels, Value perChannel,
                                     const ConvertNormToGPUPassOptions &options) {
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  if (options.blocksPerChannel > 0)
    return index(options.blocksPerChannel);
  Value byOccupancy = arith::CeilDivUIOp::create(
      b, loc, index(kAutoTargetBlocks), gridChannels);
  Value byWork = arith::CeilDivUIOp::create(
      b, loc, perChannel, index(options.threads * kAutoMinElementsPerThread));
  Value chunks = arith::MinUIOp::create(b, loc, byOccupancy, byWork);
  return arith::MaxUIOp::create(b, loc, chunks, index(1));
}
