//===- TileAndFuse.cpp - norm-tile-and-fuse -----------------*- C++ -*-===//
//
// Tiles norm ops into scf.forall loops through their TilingInterface and
// fuses elementwise producers into the tiles.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/Transforms/RunSchedule.h"
#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

namespace mlir::norm {
#define GEN_PASS_DEF_NORMTILEANDFUSEPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

LogicalResult mlir::norm::verifyOptions(
    const NormTileAndFusePassOptions &options,
    function_ref<LogicalResult(const Twine &)> reportError) {
  if (options.rowTileSize <= 0)
    return reportError("'row-tile-size' must be positive");
  if (options.rowTileBytes < 0)
    return reportError("'row-tile-bytes' must be positive or 0 (rows only)");
  if (options.channelTileSize < 0)
    return reportError("'channel-tile-size' must be positive or 0 (automatic)");
  if (options.channelTileElements <= 0)
    return reportError("'channel-tile-elements' must be positive");
  if (options.smallRunElements < 0)
    return reportError("'small-run-elements' must be positive or 0 (never)");
  return success();
}

/// True for linalg ops that are elementwise (all loops parallel), which can
/// be recomputed per tile at no extra cost.
static bool isElementwiseLinalg(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.getNumLoops() == linalgOp.getNumParallelLoops();
}

/// The channel axis of a norm op whose statistics are per channel (its only
/// loop is the channel: batch_norm_train), if `op` is one.
static std::optional<int64_t> getPerChannelStatisticsAxis(NormOpInterface op) {
  std::optional<int64_t> axis = op.getChannelAxis();
  if (axis && op.getLoopDims() == SmallVector<int64_t>{*axis})
    return axis;
  return std::nullopt;
}

namespace {
/// Rewrites each norm op into an scf.forall over tiles of its parallel
/// (non-reduced) dims whose body is the same norm op on slices, with
/// elementwise linalg producers fused into the body.
struct NormTileAndFusePass
    : norm::impl::NormTileAndFusePassBase<NormTileAndFusePass> {
  using Base::Base;

  void runOnOperation() override {
    NormTileAndFusePassOptions options;
    options.rowTileSize = rowTileSize;
    options.rowTileBytes = rowTileBytes;
    options.channelTileSize = channelTileSize;
    options.channelTileElements = channelTileElements;
    options.fuseProducers = fuseProducers;
    options.smallRunElements = smallRunElements;
    options.tileParallelKernels = tileParallelKernels;
    auto reportError = [&](const Twine &message) -> LogicalResult {
      return getOperation().emitError("norm-tile-and-fuse: ") << message;
    };
    if (failed(verifyOptions(options, reportError)))
      return signalPassFailure();
    SmallVector<TilingInterface> norms;
    getOperation().walk([&](NormOpInterface op) {
      // Ops whose vector kernels make their instances the parallel
      // iterations themselves.
      if (!tileParallelKernels && op.hasParallelVectorKernel())
        return;
      if (!op->getParentOfType<scf::ForallOp>())
        if (auto tileable = dyn_cast<TilingInterface>(op.getOperation()))
          norms.push_back(tileable);
    });
    IRRewriter rewriter(&getContext());
    for (TilingInterface norm : norms)
      if (failed(tileAndFuse(rewriter, norm)))
        return signalPassFailure();
  }

private:
  /// Tile sizes of `op`'s loops: the first loop is tiled, the rest are kept
  /// whole (size 0). Row norms (statistics per row) take `row-tile-size`
  /// rows, ops with per-channel statistics (batch_norm_train) channels,
  /// and the others one index of their first loop.
  SmallVector<OpFoldResult> getTileSizes(OpBuilder &b, NormOpInterface op,
                                         bool smallRuns) {
    OpFoldResult firstTile = b.getIndexAttr(1);
    if (!op.getChannelAxis()) {
      firstTile = b.getIndexAttr(rowTileSize);
      if (rowTileBytes > 0 && isa<LayerNormOp, RMSNormOp>(op.getOperation()))
        firstTile = getRowTileSize(b, op);
    } else if (std::optional<int64_t> axis = getPerChannelStatisticsAxis(op)) {
      firstTile = getChannelTileSize(b, op, *axis);
      if (smallRuns && channelTileSize == 0)
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
  /// ran 7-10% slower in tiles of 128 rows.
  OpFoldResult getRowTileSize(OpBuilder &b, NormOpInterface op) {
    Location loc = op.getLoc();
    Value input = op.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    int64_t staticBytes =
        std::max<int64_t>(1, type.getElementTypeBitWidth() / 8);
    Value dynamicBytes;
    for (int64_t dim = 1; dim < type.getRank(); ++dim) {
      if (!type.isDynamicDim(dim)) {
        staticBytes = saturatingMultiply(staticBytes, type.getDimSize(dim));
        continue;
      }
      Value size = tensor::DimOp::create(b, loc, input, dim);
      dynamicBytes =
          dynamicBytes ? arith::MulIOp::create(b, loc, dynamicBytes, size)
                       : size;
    }
    int64_t minInputBytes =
        saturatingMultiply(kRowTileBytesInputs, rowTileBytes);
    if (!dynamicBytes && !type.isDynamicDim(0)) {
      int64_t rowBytes = std::max<int64_t>(1, staticBytes);
      if (saturatingMultiply(rowBytes, type.getDimSize(0)) < minInputBytes)
        return b.getIndexAttr(rowTileSize);
      return b.getIndexAttr(std::max<int64_t>(
          rowTileSize, llvm::divideCeil(rowTileBytes, rowBytes)));
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
        arith::CeilDivUIOp::create(b, loc, index(rowTileBytes), rowBytes),
        index(rowTileSize));
    return arith::SelectOp::create(b, loc, large, wide, index(rowTileSize))
        .getResult();
  }

  /// a * b for non-negative a and b, INT64_MAX where that overflows (the
  /// verifier bounds a shape's elements, not its bytes).
  static int64_t saturatingMultiply(int64_t a, int64_t b) {
    int64_t product;
    if (llvm::MulOverflow(a, b, product))
      return std::numeric_limits<int64_t>::max();
    return product;
  }

  /// row-tile-bytes applies to inputs of at least this many such tiles.
  static constexpr int64_t kRowTileBytesInputs = 128;

  /// Channels per tile of `op`: `channel-tile-size`, or with 0 as many
  /// channels as fit their runs of B elements (the elements after the
  /// channel per leading index) in `channel-tile-elements`, at least one. A
  /// tile then sweeps k * B contiguous elements per leading index: channels
  /// of small H x W (7 x 7) in one sweep, large ones alone.
  OpFoldResult getChannelTileSize(OpBuilder &b, NormOpInterface op,
                                  int64_t channelAxis) {
    if (channelTileSize > 0)
      return b.getIndexAttr(channelTileSize);
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

  /// `channels` rounded up so that the channels' runs of B elements are
  /// whole 64-byte cache lines: a multiple of L / gcd(B, L), L the elements
  /// of a line (a power of two, so gcd(B, L) = min(lowest set bit of B, L)).
  OpFoldResult roundToWholeLines(OpBuilder &b, NormOpInterface op,
                                 OpFoldResult channels) {
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
    Value multiple =
        arith::DivUIOp::create(b, loc, index(lineElements), divisor);
    Value count = getValueOrCreateConstantIndexOp(b, loc, channels);
    return arith::MulIOp::create(
               b, loc, arith::CeilDivUIOp::create(b, loc, count, multiple),
               multiple)
        .getResult();
  }

  /// Rewrites the first shared output of `forall` (written by one
  /// tensor.parallel_insert_slice of a tile of channels [..., c0, 0] of an
  /// [A..., C, B] tensor) into the same tensor viewed as [A..., C * B]: the
  /// tile is collapsed and inserted at [..., c0 * B], the result expanded
  /// back.
  FailureOr<scf::ForallOp> flattenSharedOutput(RewriterBase &rewriter,
                                               scf::ForallOp forall,
                                               unsigned k) {
    Location loc = forall.getLoc();
    BlockArgument outArg = forall.getRegionIterArgs()[k];
    tensor::ParallelInsertSliceOp insert;
    for (Operation *user : outArg.getUsers())
      if (auto candidate = dyn_cast<tensor::ParallelInsertSliceOp>(user))
        insert = candidate;
    if (!insert || !outArg.hasOneUse() || !insert.hasUnitStride())
      return failure();
    Value init = forall.getOutputs()[k];
    auto type = cast<RankedTensorType>(init.getType());
    int64_t rank = type.getRank();
    int64_t axis = rank - 2;
    if (!isConstantIntValue(insert.getMixedOffsets()[axis + 1], 0))
      return failure();
    SmallVector<ReassociationIndices> reassociation;
    for (int64_t dim = 0; dim < axis; ++dim)
      reassociation.push_back({dim});
    reassociation.push_back({axis, axis + 1});

    rewriter.setInsertionPoint(forall);
    SmallVector<OpFoldResult> shape =
        tensor::getMixedSizes(rewriter, loc, init);
    Value run = getValueOrCreateConstantIndexOp(rewriter, loc, shape[axis + 1]);
    Value flatInit =
        tensor::CollapseShapeOp::create(rewriter, loc, init, reassociation);
    SmallVector<Value> outputs(forall.getOutputs());
    outputs[k] = flatInit;
    auto newForall = scf::ForallOp::create(
        rewriter, loc, forall.getMixedLowerBound(), forall.getMixedUpperBound(),
        forall.getMixedStep(), outputs, forall.getMapping());
    Block *body = newForall.getBody();
    rewriter.eraseOp(body->getTerminator());
    rewriter.setInsertionPointToStart(body);
    BlockArgument flatArg = newForall.getRegionIterArgs()[k];
    Value placeholder = tensor::ExpandShapeOp::create(
        rewriter, loc, type, flatArg, reassociation, shape);
    SmallVector<Value> arguments(body->getArguments());
    arguments[forall.getRank() + k] = placeholder;
    rewriter.mergeBlocks(forall.getBody(), body, arguments);

    rewriter.setInsertionPoint(newForall.getTerminator());
    Value tile = tensor::CollapseShapeOp::create(
        rewriter, loc, insert.getSource(), reassociation);
    auto times = [&](OpFoldResult value) -> OpFoldResult {
      std::optional<int64_t> lhs = getConstantIntValue(value);
      std::optional<int64_t> rhs = getConstantIntValue(shape[axis + 1]);
      if (lhs && rhs)
        return rewriter.getIndexAttr(*lhs * *rhs);
      return arith::MulIOp::create(
                 rewriter, loc,
                 getValueOrCreateConstantIndexOp(rewriter, loc, value), run)
          .getResult();
    };
    SmallVector<OpFoldResult> offsets(insert.getMixedOffsets());
    SmallVector<OpFoldResult> sizes(insert.getMixedSizes());
    offsets[axis] = times(offsets[axis]);
    sizes[axis] = times(sizes[axis]);
    offsets.pop_back();
    sizes.pop_back();
    rewriter.setInsertionPoint(insert);
    tensor::ParallelInsertSliceOp::create(
        rewriter, loc, tile, flatArg, offsets, sizes,
        SmallVector<OpFoldResult>(axis + 1, rewriter.getIndexAttr(1)));
    rewriter.eraseOp(insert);
    rewriter.eraseOp(placeholder.getDefiningOp());

    rewriter.setInsertionPointAfter(newForall);
    SmallVector<Value> results(newForall.getResults());
    if (!type.isDynamicDim(axis) || !type.isDynamicDim(axis + 1)) {
      results[k] = tensor::ExpandShapeOp::create(
          rewriter, loc, type, results[k], reassociation, shape);
    } else {
      // Splitting one dim into two dynamic ones as a memref.expand_shape
      // crashes expand-strided-metadata in LLVM 22 (llvm-project#186830); a
      // tensor.reshape of the (freshly allocated) output is a view as well.
      SmallVector<Value> sizes =
          llvm::map_to_vector(shape, [&](OpFoldResult size) {
            return getValueOrCreateConstantIndexOp(rewriter, loc, size);
          });
      results[k] = tensor::ReshapeOp::create(
          rewriter, loc, type, results[k],
          tensor::FromElementsOp::create(rewriter, loc, sizes));
    }
    rewriter.replaceOp(forall, results);
    return newForall;
  }

  /// Tiles an [A..., C, B] batch_norm_train whose B is dynamic
  /// (RunSchedule::ByRunLength) with both tilings in turn, the one not
  /// chosen by B over no tile.
  LogicalResult tileByRunLength(IRRewriter &rewriter, NormOpInterface op) {
    int64_t rank = op.getInput().getType().getRank();
    // Both tilings, one after the other, each over no tile unless chosen:
    // the first (small runs) writes the outputs in place, the second
    // continues from them. (An scf.if choosing between them would make
    // one-shot bufferization and the deallocation pipeline copy the
    // outputs.)
    Location loc = op.getLoc();
    rewriter.setInsertionPoint(op);
    Value runLength =
        tensor::DimOp::create(rewriter, loc, op.getInput(), rank - 1);
    Value threshold =
        arith::ConstantIndexOp::create(rewriter, loc, smallRunElements);
    Value small = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::ult, runLength, threshold);
    Value large = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::uge, runLength, threshold);
    rewriter.setInsertionPointAfter(op);
    Operation *second = rewriter.clone(*op);
    rewriter.replaceAllUsesWith(op->getResults(), second->getResults());
    scf::ForallOp first, last;
    if (failed(tileAndFuse(rewriter, cast<TilingInterface>(op.getOperation()),
                           RunSchedule::SmallRuns, &first)) ||
        failed(tileAndFuse(rewriter, cast<TilingInterface>(second),
                           RunSchedule::PerRun, &last)) ||
        !first || !last)
      return emitError(loc, "norm-tile-and-fuse: failed to tile this op");
    // The second loop's outputs are the first one's results (its output
    // viewed back as [A..., C, B]).
    SmallVector<Value> outputs(first.getResults());
    for (OpOperand &use : first.getResult(0).getUses())
      if (isa<tensor::ExpandShapeOp, tensor::ReshapeOp>(use.getOwner()))
        outputs[0] = use.getOwner()->getResult(0);
    if (outputs[0] == first.getResult(0) ||
        last.getOutputs().size() != outputs.size())
      return emitError(loc, "norm-tile-and-fuse: cannot chain the tilings");
    rewriter.modifyOpInPlace(last,
                             [&] { last.getOutputsMutable().assign(outputs); });
    for (auto [forall, chosen] :
         {std::pair(first, small), std::pair(last, large)}) {
      scf::ForallOp loop = forall;
      rewriter.setInsertionPoint(loop);
      Value upper = getValueOrCreateConstantIndexOp(
          rewriter, loc, loop.getMixedUpperBound()[0]);
      Value bound = arith::SelectOp::create(
          rewriter, loc, chosen, upper,
          arith::ConstantIndexOp::create(rewriter, loc, 0));
      rewriter.modifyOpInPlace(loop, [&] {
        loop.getDynamicUpperBoundMutable().assign(ValueRange{bound});
        loop.setStaticUpperBound({ShapedType::kDynamic});
      });
    }
    return success();
  }

  /// Tiles `op`; `decided` is the schedule an [A..., C, B]
  /// batch_norm_train is tiled for (unset: chooseRunSchedule decides), which
  /// the tiled op records.
  LogicalResult tileAndFuse(IRRewriter &rewriter, TilingInterface op,
                            std::optional<RunSchedule> decided = std::nullopt,
                            scf::ForallOp *tiledLoop = nullptr) {
    SmallVector<utils::IteratorType> loopTypes = op.getLoopIteratorTypes();
    if (loopTypes.empty())
      return success(); // A row norm over every dim has nothing to tile.
    // A result that sums over the tiled loop (the parameter gradients of a
    // gradient op over the instances) would get a partial sum per tile: such
    // an op is lowered untiled.
    if (loopTypes.front() == utils::IteratorType::reduction)
      return success();
    auto inputType = cast<RankedTensorType>(op->getOperand(0).getType());
    if (llvm::is_contained(inputType.getShape(), 0))
      return success(); // Nothing to compute; the untiled lowering is exact.
    // A block of channels of a channels-last tensor is spread over every
    // cache line of it: each tile would stream the whole tensor. Its three
    // untiled passes stream it only three times.
    auto norm = cast<NormOpInterface>(op.getOperation());
    std::optional<int64_t> perChannelAxis = getPerChannelStatisticsAxis(norm);
    if (perChannelAxis == inputType.getRank() - 1)
      return success();
    // The runs of an [A..., C, B] batch_norm_train: decided here, once
    // (batch_norm_grad's tiles are always per run).
    if (perChannelAxis == inputType.getRank() - 2 && !decided &&
        isa<BatchNormTrainOp>(op.getOperation())) {
      decided = chooseRunSchedule(inputType, smallRunElements);
      if (*decided == RunSchedule::ByRunLength)
        return tileByRunLength(rewriter, norm);
    }
    bool smallRuns = decided == RunSchedule::SmallRuns;
    rewriter.setInsertionPoint(op);
    scf::SCFTilingOptions tilingOptions;
    tilingOptions.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
    tilingOptions.setTileSizes(getTileSizes(rewriter, norm, smallRuns));
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
    scf::ForallOp forall;
    unsigned flatOutput = 0;
    if (decided)
      for (Operation *tiled : result->tiledAndFusedOps)
        if (isa<NormOpInterface>(tiled))
          recordRunSchedule(tiled, *decided);
    if (smallRuns) {
      // The tiled op writes its channels as one run per leading index into
      // the output viewed as [A..., C * B].
      forall = dyn_cast<scf::ForallOp>(result->loops.front().getOperation());
      auto produced = dyn_cast_if_present<OpResult>(
          result->replacements.lookup(op->getResult(0)));
      if (!forall || !produced || produced.getOwner() != forall.getOperation())
        return op->emitError("norm-tile-and-fuse: unexpected tiled output");
      flatOutput = produced.getResultNumber();
    }
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
    if (forall) {
      FailureOr<scf::ForallOp> flattened =
          flattenSharedOutput(rewriter, forall, flatOutput);
      if (failed(flattened))
        return forall->emitError(
            "norm-tile-and-fuse: cannot flatten the output");
      forall = *flattened;
    } else if (!result->loops.empty()) {
      forall = dyn_cast<scf::ForallOp>(result->loops.front().getOperation());
    }
    if (tiledLoop)
      *tiledLoop = forall;
    return success();
  }
};
} // namespace
