//===- TileAndFuse.cpp - norm-tile-and-fuse -----------------*- C++ -*-===//
//
// Tiles norm ops into scf.forall loops through their TilingInterface and
// fuses elementwise producers into the tiles.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
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
    if (rowTileSize <= 0 || channelTileSize <= 0) {
      getOperation().emitError("norm-tile-and-fuse: 'row-tile-size' and "
                               "'channel-tile-size' must be positive");
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
    int64_t firstTile = TypeSwitch<Operation *, int64_t>(op)
                            .Case<LayerNormOp, RMSNormOp>(
                                [&](auto) { return int64_t(rowTileSize); })
                            .Case([&](BatchNormTrainOp) {
                              return int64_t(channelTileSize);
                            })
                            .Default([](Operation *) { return int64_t(1); });
    int64_t numLoops = cast<TilingInterface>(op).getLoopIteratorTypes().size();
    SmallVector<OpFoldResult> sizes(numLoops, b.getIndexAttr(0));
    if (numLoops > 0)
      sizes[0] = b.getIndexAttr(firstTile);
    return sizes;
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
