//===- TileAndFuse.cpp - norm-tile-and-fuse -----------------*- C++ -*-===//
//
// Tiles norm ops into scf.forall loops through their TilingInterface and
// fuses elementwise producers into the tiles.
//
//===----------------------------------------------------------------------===//

#include "TileSizes.h"
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
    resolvedOptions = options;
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
  /// The options, as one struct for the tile-size policy.
  NormTileAndFusePassOptions resolvedOptions;

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
    tilingOptions.setTileSizes(
        TileSizePolicy(resolvedOptions).getTileSizes(rewriter, norm, smallRuns));
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
