//===- TileAndFuse.cpp - norm-tile-and-fuse -----------------*- C++ -*-===//
//
// Tiles norm ops into scf.forall loops through their TilingInterface and
// fuses elementwise producers into the tiles.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMTILEANDFUSEPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// True for linalg ops that are elementwise (all loops parallel), which can
/// be recomputed per tile at no extra cost.
static bool isElementwiseLinalg(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.getNumLoops() == linalgOp.getNumParallelLoops();
}

namespace {
/// Rewrites each norm op into an scf.forall over tiles of its parallel
/// (non-reduced) dims whose body is the same norm op on slices, with
/// elementwise linalg producers fused into the body.
struct NormTileAndFusePass
    : norm::impl::NormTileAndFusePassBase<NormTileAndFusePass> {
  using Base::Base;

  void runOnOperation() override {
    if (rowTileSize <= 0 || channelTileSize < 0 ||
        channelTileElements <= 0) {
      getOperation().emitError(
          "norm-tile-and-fuse: 'row-tile-size' and 'channel-tile-elements' "
          "must be positive, 'channel-tile-size' positive or 0 (automatic)");
      return signalPassFailure();
    }
    SmallVector<TilingInterface> norms;
    getOperation().walk([&](Operation *op) {
      if (isa<NormDialect>(op->getDialect()) &&
          !op->getParentOfType<scf::ForallOp>())
        if (auto tileable = dyn_cast<TilingInterface>(op))
          norms.push_back(tileable);
    });
    IRRewriter rewriter(&getContext());
    for (TilingInterface norm : norms)
      if (failed(tileAndFuse(rewriter, norm)))
        return signalPassFailure();
  }

private:
  /// Tile sizes of `op`'s loops: the first loop is tiled, the rest are kept
  /// whole (size 0).
  SmallVector<OpFoldResult> getTileSizes(OpBuilder &b, Operation *op) {
    OpFoldResult firstTile =
        TypeSwitch<Operation *, OpFoldResult>(op)
            .Case<LayerNormOp, RMSNormOp>(
                [&](auto) { return b.getIndexAttr(rowTileSize); })
            .Case([&](BatchNormTrainOp train) {
              return getChannelTileSize(b, train);
            })
            .Default([&](Operation *) { return b.getIndexAttr(1); });
    int64_t numLoops = cast<TilingInterface>(op).getLoopIteratorTypes().size();
    SmallVector<OpFoldResult> sizes(numLoops, b.getIndexAttr(0));
    if (numLoops > 0)
      sizes[0] = firstTile;
    return sizes;
  }

  /// Channels per tile of `op`: `channel-tile-size`, or with 0 as many
  /// channels as fit their runs of B elements (the elements after the
  /// channel per leading index) in `channel-tile-elements`, at least one. A
  /// tile then sweeps k * B contiguous elements per leading index: channels
  /// of small H x W (7 x 7) in one sweep, large ones alone.
  OpFoldResult getChannelTileSize(OpBuilder &b, BatchNormTrainOp op) {
    if (channelTileSize > 0)
      return b.getIndexAttr(channelTileSize);
    Location loc = op.getLoc();
    Value input = op.getInput();
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
    int64_t staticRun = 1;
    Value dynamicRun;
    for (OpFoldResult size :
         ArrayRef<OpFoldResult>(sizes).drop_front(
             op.getNormalizedFeatureAxis() + 1)) {
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
          1, channelTileElements / std::max<int64_t>(1, staticRun)));
    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(b, loc, value);
    };
    Value run = arith::MaxUIOp::create(
        b, loc, arith::MulIOp::create(b, loc, dynamicRun, index(staticRun)),
        index(1));
    return arith::MaxUIOp::create(
               b, loc,
               arith::DivUIOp::create(b, loc, index(channelTileElements), run),
               index(1))
        .getResult();
  }

  LogicalResult tileAndFuse(IRRewriter &rewriter, TilingInterface op) {
    if (op.getLoopIteratorTypes().empty())
      return success(); // A row norm over every dim has nothing to tile.
    auto inputType = cast<RankedTensorType>(op->getOperand(0).getType());
    if (llvm::is_contained(inputType.getShape(), 0))
      return success(); // Nothing to compute; the untiled lowering is exact.
    // A block of channels of a channels-last tensor is spread over every
    // cache line of it: each tile would stream the whole tensor. Its three
    // untiled passes stream it only three times.
    if (auto train = dyn_cast<BatchNormTrainOp>(op.getOperation());
        train && train.getNormalizedFeatureAxis() == inputType.getRank() - 1)
      return success();
    rewriter.setInsertionPoint(op);
    scf::SCFTilingOptions tilingOptions;
    tilingOptions.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
    tilingOptions.setTileSizes(getTileSizes(rewriter, op));
    scf::SCFTileAndFuseOptions options;
    options.setTilingOptions(tilingOptions);
    bool fuse = fuseProducers;
    options.setFusionControlFn(
        [fuse](tensor::ExtractSliceOp, OpResult producer, bool isDestination)
            -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
          if (!fuse || isDestination || !isElementwiseLinalg(producer.getOwner()))
            return std::nullopt;
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        });
    FailureOr<scf::SCFTileAndFuseResult> result =
        scf::tileConsumerAndFuseProducersUsingSCF(rewriter, op, options);
    if (failed(result))
      return op->emitError("norm-tile-and-fuse: failed to tile this op");
    for (OpResult value : op->getResults()) {
      Value replacement = result->replacements.lookup(value);
      if (!replacement)
        continue;
      // The loop's result may know more static sizes than the declared type.
      if (replacement.getType() != value.getType()) {
        rewriter.setInsertionPointAfterValue(replacement);
        replacement = tensor::CastOp::create(rewriter, op.getLoc(),
                                             value.getType(), replacement);
      }
      rewriter.replaceAllUsesWith(value, replacement);
    }
    rewriter.eraseOp(op);
    return success();
  }
};
} // namespace
