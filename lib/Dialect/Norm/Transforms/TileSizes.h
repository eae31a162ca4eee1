//===- TileSizes.h - Tile sizes of norm-tile-and-fuse -----------*- C++ -*-===//
//
// The schedule policy of norm-tile-and-fuse: how many rows or channels one
// tile of a norm op holds. The pass (TileAndFuse.cpp) only applies it.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_LIB_DIALECT_NORM_TRANSFORMS_TILESIZES_H
#define NORM_LIB_DIALECT_NORM_TRANSFORMS_TILESIZES_H

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::norm {

/// The channel axis of a norm op whose statistics are per channel (its only
/// loop is the channel: batch_norm_train), if `op` is one.
std::optional<int64_t> getPerChannelStatisticsAxis(NormOpInterface op);

/// Tile sizes from the norm-tile-and-fuse options.
class TileSizePolicy {
public:
  explicit TileSizePolicy(const NormTileAndFusePassOptions &options)
      : options(options) {}

  /// Tile sizes of `op`'s loops: the first loop is tiled, the rest are kept
  /// whole (size 0). Row norms (statistics per row) take `row-tile-size`
  /// rows (or `row-tile-bytes`), ops with per-channel statistics
  /// (batch_norm_train) channels, rounded to whole cache lines when
  /// `smallRuns`, and the others one index of their first loop.
  SmallVector<OpFoldResult> getTileSizes(OpBuilder &b, NormOpInterface op,
                                         bool smallRuns) const;

  /// row-tile-bytes applies to inputs of at least this many such tiles.
  static constexpr int64_t kRowTileBytesInputs = 128;

private:
  OpFoldResult getRowTileSize(OpBuilder &b, NormOpInterface op) const;
  OpFoldResult getChannelTileSize(OpBuilder &b, NormOpInterface op,
                                  int64_t channelAxis) const;
  OpFoldResult roundToWholeLines(OpBuilder &b, NormOpInterface op,
                                 OpFoldResult channels) const;

  NormTileAndFusePassOptions options;
};

} // namespace mlir::norm

#endif // NORM_LIB_DIALECT_NORM_TRANSFORMS_TILESIZES_H
