//===- GroupNormGrad.cpp - group_norm_grad to GPU kernels ----*- C++ -*-===//
//
// group_norm_grad as group_norm is lowered: every (n, group) of an
// (N, C, ...) input is a contiguous row of C/G * S elements (S the product
// of the spatial dims), so dx comes from the row-gradient kernel
// (RowNormGrad.cpp) with the per-channel scale of the group norms
// (RowKernelBuilder::setChannelAffine) and the group schedule
// (resolveGroupSchedule: a vector never crosses a channel). dscale[c] and
// dbias[c] sum over n and the spatial dims: a channel sum, taken with the
// batch_norm_grad partials kernel over the [N, C, S] view (each vector's
// statistics those of its (n, group)), then a small kernel that adds each
// channel's P partials in order. Deterministic, no atomics; dy and x are
// read again for dscale / dbias.
//
//===----------------------------------------------------------------------===//

#include "ChannelKernel.h"
#include "NormToGPU.h"
#include "RowKernel.h"
#include "norm/Conversion/NormToGPU/NormToGPU.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

/// The merge of the channel partials: thread c adds channel c's P partials
/// (sum dy, sum dy * xhat) in chunk order and writes dbias[c] and dscale[c].
static void buildChannelMergeKernel(KernelBuilder &kb, gpu::LaunchOp launch,
                                    int64_t threads, const ChannelView &view,
                                    Value scratch, Value dscale, Value dbias) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value channel = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, launch.getBlockIds().x, kb.index(threads)),
      launch.getThreadIds().x);
  Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                        channel, view.channels);
  kb.buildGuarded(b, inRange, [&](OpBuilder &nb) {
    Value zero = kb.accConstant(nb, 0.0);
    Value first = arith::MulIOp::create(nb, loc, channel, view.chunks);
    Value partials =
        arith::MulIOp::create(nb, loc, view.gridChannels, view.chunks);
    auto loop = scf::ForOp::create(
        nb, loc, kb.index(nb, 0), view.chunks, kb.index(nb, 1),
        ValueRange{zero, zero},
        [&](OpBuilder &lb, Location, Value chunk, ValueRange accs) {
          Value slot = arith::AddIOp::create(lb, loc, first, chunk);
          SmallVector<Value> next;
          for (int64_t k = 0; k < 2; ++k) {
            Value index = k == 0
                              ? slot
                              : arith::AddIOp::create(lb, loc, slot, partials)
                                    .getResult();
            next.push_back(arith::AddFOp::create(
                lb, loc, accs[k],
                memref::LoadOp::create(lb, loc, scratch, ValueRange{index})));
          }
          scf::YieldOp::create(lb, loc, next);
        });
    auto store = [&](Value value, Value buffer) {
      if (!buffer)
        return;
      auto type =
          cast<FloatType>(cast<MemRefType>(buffer.getType()).getElementType());
      memref::StoreOp::create(nb, loc, kb.convert(nb, value, type), buffer,
                              ValueRange{channel});
    };
    store(loop.getResult(0), dbias);
    store(loop.getResult(1), dscale);
  });
}

namespace {

/// Rewrites `norm.group_norm_grad` on tensors: dx by the row-gradient kernel
/// over N * G rows of C/G * S elements with the per-channel scale; dscale /
/// dbias by per-(channel, chunk) sums over the [N, C, S] view and a merge.
struct GroupNormGradToGPU : OpRewritePattern<GroupNormGradOp> {
  GroupNormGradToGPU(MLIRContext *context, ConvertNormToGPUPassOptions options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(GroupNormGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getDy().getType());
    int64_t rank = inputType.getRank();
    FloatType accType = op.getAccumulatorType();
    if (failed(checkAccumulatorType(rewriter, op, accType)))
      return failure();

    // G, C/G and S, static where known.
    int64_t staticGroups = op.getNumGroups();
    std::optional<int64_t> staticGroupChannels;
    int64_t channels = inputType.getDimSize(1);
    if (!ShapedType::isDynamic(channels))
      staticGroupChannels = channels / staticGroups;
    std::optional<int64_t> channelSize = getStaticSize(inputType, 2, rank);
    std::optional<int64_t> rowSize;
    if (staticGroupChannels && channelSize)
      rowSize = *staticGroupChannels * *channelSize;
    ConvertNormToGPUPassOptions gradOptions = options;
    gradOptions.maxCachedVectors = options.maxCachedVectors / 2;
    gradOptions.blocksPerRow = 1;
    RowSchedule schedule = resolveGroupSchedule(
        gradOptions, rowSize, channelSize, op.getElementType());

    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, value);
    };
    Value dy = op.getDy();
    Value channelsValue =
        staticGroupChannels
            ? index(channels)
            : tensor::DimOp::create(rewriter, loc, dy, 1).getResult();
    Value groups = index(staticGroups);
    Value groupChannels =
        staticGroupChannels
            ? index(*staticGroupChannels)
            : arith::DivUIOp::create(rewriter, loc, channelsValue, groups)
                  .getResult();
    Value spatial = channelSize ? index(*channelSize)
                                : buildSizeProduct(rewriter, loc, dy, 2, rank);
    Value instances = buildSizeProduct(rewriter, loc, dy, 0, 1);
    Value rows = arith::MulIOp::create(rewriter, loc, instances, groups);
    Value rowSizeValue =
        rowSize ? index(*rowSize)
                : arith::MulIOp::create(rewriter, loc, groupChannels, spatial)
                      .getResult();

    SmallVector<std::pair<Value, Value>> results;
    SmallVector<Operation *> toErase;
    Value dyBuffer = getOperandBuffer(rewriter, loc, dy);
    Value xBuffer = getOperandBuffer(rewriter, loc, op.getX());
    Value meanBuffer = getOperandBuffer(rewriter, loc, op.getMean());
    Value invStdBuffer = getOperandBuffer(rewriter, loc, op.getInvStdDev());
    Value scaleBuffer = getOperandBuffer(rewriter, loc, op.getScale());
    Value dxBuffer = getResultBuffer(rewriter, loc, op.getDx(), dy,
                                     /*sizeDims=*/{}, toErase);
    results.push_back({op.getDx(), dxBuffer});
    auto addParam = [&](Value result) -> Value {
      if (!result || result.use_empty())
        return nullptr;
      Value buffer = getResultBuffer(rewriter, loc, result, dy,
                                     /*sizeDims=*/{1}, toErase);
      results.push_back({result, buffer});
      return buffer;
    };
    Value dscale = addParam(op.getDscale());
    Value dbias = addParam(op.getDbias());

    buildRowGradDxLaunch(
        rewriter, loc, options, schedule, dyBuffer, xBuffer, meanBuffer,
        invStdBuffer, scaleBuffer, flatten(rewriter, loc, dxBuffer), rows,
        rowSizeValue, op.getElementType(), accType, [&](RowKernelBuilder &kb) {
          kb.setChannelAffine(groups, groupChannels, spatial,
                              staticGroupChannels);
        });
    if (dscale || dbias)
      buildParamLaunches(rewriter, op, dyBuffer, xBuffer, meanBuffer,
                         invStdBuffer, groups, groupChannels, dscale, dbias);
    replaceWithBuffers(rewriter, op, results, toErase);
    return success();
  }

  /// The channel partials over the [N, C, S] view, then their merge.
  void buildParamLaunches(PatternRewriter &rewriter, GroupNormGradOp op,
                          Value dy, Value x, Value mean, Value invStd,
                          Value groups, Value groupChannels, Value dscale,
                          Value dbias) const {
    Location loc = op.getLoc();
    FloatType accType = op.getAccumulatorType();
    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, value);
    };
    ChannelView view =
        buildChannelView(rewriter, loc, op.getDy(), /*axis=*/1, options);
    Value size = arith::MulIOp::create(
        rewriter, loc,
        arith::MulIOp::create(rewriter, loc, view.gridChannels, view.chunks),
        index(2));
    Value scratch =
        gpu::AllocOp::create(
            rewriter, loc, MemRefType::get({ShapedType::kDynamic}, accType),
            /*asyncToken=*/Type(), /*asyncDependencies=*/ValueRange(),
            ValueRange{size}, /*symbolOperands=*/ValueRange(),
            /*hostShared=*/false)
            .getMemref();
    // Divisors kept nonzero: with C = 0 or S = 0 nothing is swept.
    Value one = index(1);
    Value instanceStride =
        arith::MaxUIOp::create(rewriter, loc, view.channelStride, one);
    Value groupChannelsNonZero =
        arith::MaxUIOp::create(rewriter, loc, groupChannels, one);

    OpBuilder::InsertionGuard guard(rewriter);
    gpu::LaunchOp partials = createChannelLaunch(
        rewriter, loc, view, options, accType, /*withReduction=*/true);
    rewriter.setInsertionPointToStart(&partials.getBody().front());
    {
      ChannelKernelBuilder kb(rewriter, loc, options, partials, view, accType);
      Value group = arith::DivUIOp::create(rewriter, loc, kb.channel,
                                           groupChannelsNonZero);
      // The statistics of the vector at `offset`: those of (n, group), n =
      // offset / (C * S).
      buildChannelGradPartialsKernel(
          kb, dy, x, scratch, [&](OpBuilder &nb, Value offset) {
            Value n = arith::DivUIOp::create(nb, loc, offset, instanceStride);
            Value stat = arith::AddIOp::create(
                nb, loc, arith::MulIOp::create(nb, loc, n, groups), group);
            return std::make_pair(kb.load(nb, mean, stat),
                                  kb.load(nb, invStd, stat));
          });
      gpu::TerminatorOp::create(rewriter, loc);
    }
    rewriter.setInsertionPointAfter(partials);
    Value blocks = arith::CeilDivUIOp::create(rewriter, loc, view.channels,
                                              index(options.threads));
    gpu::LaunchOp merge =
        createKernelLaunch(rewriter, loc, blocks, one, options.threads,
                           /*workgroupValues=*/0, accType);
    rewriter.setInsertionPointToStart(&merge.getBody().front());
    {
      KernelBuilder kb(rewriter, loc, accType, options.warpSize);
      buildChannelMergeKernel(kb, merge, options.threads, view, scratch, dscale,
                              dbias);
      gpu::TerminatorOp::create(rewriter, loc);
    }
    rewriter.setInsertionPointAfter(merge);
    gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                           scratch);
  }

  ConvertNormToGPUPassOptions options;
};

} // namespace

void mlir::norm::populateGroupNormGradToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<GroupNormGradToGPU>(patterns.getContext(), options);
}
