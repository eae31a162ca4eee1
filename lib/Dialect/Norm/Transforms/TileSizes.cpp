//===- TileSizes.cpp - Tile sizes of norm-tile-and-fuse ---------*- C++ -*-===//
//
// How many rows or channels one tile of a norm op holds (TileSizes.h).
//
//===----------------------------------------------------------------------===//

#include "TileSizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/Support/MathExtras.h"

#include <limits>
#include <numeric>

using namespace mlir;
using namespace mlir::norm;

std::optional<int64_t>
mlir::norm::getPerChannelStatisticsAxis(NormOpInterface op) {
  std::optional<int64_t> axis = op.getChannelAxis();
  if (axis && op.getLoopDims() == SmallVector<int64_t>{*axis})
    return axis;
  return std::nullopt;
}

/// a * b for non-negative a and b, INT64_MAX where that overflows (the
/// verifier bounds a shape's elements, not its bytes).
static int64_t saturatingMultiply(int64_t a, int64_t b) {
  int64_t product;
  if (llvm::MulOverflow(a, b, product))
    return std::numeric_limits<int64_t>::max();
  return product;
}

SmallVector<OpFoldResult> TileSizePolicy::getTileSizes(OpBuilder &b,
                                                       NormOpInterface op,
                                                       bool smallRuns) const {
  OpFoldResult firstTile = b.getIndexAttr(1);
  if (!op.getChannelAxis()) {
    firstTile = b.getIndexAttr(options.rowTileSize);
    if (options.rowTileBytes > 0 &&
        isa<LayerNormOp, RMSNormOp>(op.getOperation()))
      firstTile = getRowTileSize(b, op);
  } else if (std::optional<int64_t> axis = getPerChannelStatisticsAxis(op)) {
    firstTile = getChannelTileSize(b, op, *axis);
    if (smallRuns && options.channelTileSize == 0)
      firstTile = roundToWholeLines(b, op, firstTile);
  }
  SmallVector<OpFoldResult> sizes(op.getLoopDims().size(), b.getIndexAttr(0));
  if (!sizes.empty())
    sizes[0] = firstTile;
  return sizes;
}

/// Indices of the first dim per tile of a row norm: `row-tile-size`, or,
/// in an input of at least kRowTileBytesInputs x `row-tile-bytes` bytes,
/// more where that is fewer than `row-tile-bytes` bytes of the input (one
/// index of the first dim is the product of the others' sizes). Smaller
/// inputs keep `row-tile-size` rows: they do not stream (so no fence to
/// amortize) and keep many tiles for the threads; 3136x128 f32, 1.6 MB,
/// ran 7-10% slower in tiles of 128 rows. An index of at least
/// `row-tile-bytes` bytes is a tile of its own, whatever the input's size:
/// a few long rows (a layer_norm over C, H, W of a small batch) are as many
/// tiles, one per thread, not one tile of `row-tile-size` rows.
OpFoldResult TileSizePolicy::getRowTileSize(OpBuilder &b,
                                            NormOpInterface op) const {
  Location loc = op.getLoc();
  Value input = op.getInput();
  auto type = cast<RankedTensorType>(input.getType());
  int64_t staticBytes = std::max<int64_t>(1, type.getElementTypeBitWidth() / 8);
  Value dynamicBytes;
  for (int64_t dim = 1; dim < type.getRank(); ++dim) {
    if (!type.isDynamicDim(dim)) {
      staticBytes = saturatingMultiply(staticBytes, type.getDimSize(dim));
      continue;
    }
    Value size = tensor::DimOp::create(b, loc, input, dim);
    dynamicBytes =
        dynamicBytes ? arith::MulIOp::create(b, loc, dynamicBytes, size) : size;
  }
  int64_t minInputBytes =
      saturatingMultiply(kRowTileBytesInputs, options.rowTileBytes);
  if (!dynamicBytes && !type.isDynamicDim(0)) {
    int64_t rowBytes = std::max<int64_t>(1, staticBytes);
    if (rowBytes >= options.rowTileBytes)
      return b.getIndexAttr(1);
    if (saturatingMultiply(rowBytes, type.getDimSize(0)) < minInputBytes)
      return b.getIndexAttr(options.rowTileSize);
    return b.getIndexAttr(std::max<int64_t>(
        options.rowTileSize, llvm::divideCeil(options.rowTileBytes, rowBytes)));
  }
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  Value rowBytes = index(staticBytes);
  if (dynamicBytes)
    rowBytes = arith::MaxUIOp::create(
        b, loc, arith::MulIOp::create(b, loc, dynamicBytes, rowBytes),
        index(1));
  Value rows = tensor::DimOp::create(b, loc, input, 0);
  Value large = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::uge,
      arith::MulIOp::create(b, loc, rows, rowBytes), index(minInputBytes));
  Value wide = arith::MaxUIOp::create(
      b, loc,
      arith::CeilDivUIOp::create(b, loc, index(options.rowTileBytes), rowBytes),
      index(options.rowTileSize));
  Value rowsPerTile =
      arith::SelectOp::create(b, loc, large, wide, index(options.rowTileSize));
  Value longRows = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                         rowBytes, index(options.rowTileBytes));
  return arith::SelectOp::create(b, loc, longRows, index(1), rowsPerTile)
      .getResult();
}

/// Channels per tile of `op`: `channel-tile-size`, or with 0 as many
/// channels as fit their runs of B elements (the elements after the
/// channel per leading index) in `channel-tile-elements`, at least one. A
/// tile then sweeps k * B contiguous elements per leading index: channels
/// of small H x W (7 x 7) in one sweep, large ones alone.
OpFoldResult TileSizePolicy::getChannelTileSize(OpBuilder &b,
                                                NormOpInterface op,
                                                int64_t channelAxis) const {
  if (options.channelTileSize > 0)
    return b.getIndexAttr(options.channelTileSize);
  Location loc = op.getLoc();
  Value input = op.getInput();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  int64_t staticRun = 1;
  Value dynamicRun;
  for (OpFoldResult size :
       ArrayRef<OpFoldResult>(sizes).drop_front(channelAxis + 1)) {
    if (std::optional<int64_t> constant = getConstantIntValue(size)) {
      staticRun *= *constant;
      continue;
    }
    Value dim = cast<Value>(size);
    dynamicRun =
        dynamicRun ? arith::MulIOp::create(b, loc, dynamicRun, dim) : dim;
  }
  if (!dynamicRun)
    return b.getIndexAttr(std::max<int64_t>(
        1, options.channelTileElements / std::max<int64_t>(1, staticRun)));
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  Value run = arith::MaxUIOp::create(
      b, loc, arith::MulIOp::create(b, loc, dynamicRun, index(staticRun)),
      index(1));
  return arith::MaxUIOp::create(
             b, loc,
             arith::DivUIOp::create(b, loc, index(options.channelTileElements),
                                    run),
             index(1))
      .getResult();
}

/// `channels` rounded up so that the channels' runs of B elements are
/// whole 64-byte cache lines: a multiple of L / gcd(B, L), L the elements
/// of a line (a power of two, so gcd(B, L) = min(lowest set bit of B, L)).
OpFoldResult TileSizePolicy::roundToWholeLines(OpBuilder &b, NormOpInterface op,
                                               OpFoldResult channels) const {
  Location loc = op.getLoc();
  auto type = op.getInput().getType();
  int64_t rank = type.getRank();
  int64_t lineElements =
      std::max<int64_t>(1, 512 / type.getElementTypeBitWidth());
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  int64_t run = type.getDimSize(rank - 1);
  std::optional<int64_t> constant = getConstantIntValue(channels);
  if (!ShapedType::isDynamic(run) && constant) {
    int64_t multiple =
        lineElements / std::gcd(std::max<int64_t>(run, 1), lineElements);
    return b.getIndexAttr(llvm::divideCeil(*constant, multiple) * multiple);
  }
  Value runValue = tensor::DimOp::create(b, loc, op.getInput(), rank - 1);
  Value lowest = arith::AndIOp::create(
      b, loc, runValue, arith::SubIOp::create(b, loc, index(0), runValue));
  Value divisor = arith::MaxUIOp::create(
      b, loc, arith::MinUIOp::create(b, loc, lowest, index(lineElements)),
      index(1));
  Value multiple = arith::DivUIOp::create(b, loc, index(lineElements), divisor);
  Value count = getValueOrCreateConstantIndexOp(b, loc, channels);
  return arith::MulIOp::create(
             b, loc, arith::CeilDivUIOp::create(b, loc, count, multiple),
             multiple)
      .getResult();
}
