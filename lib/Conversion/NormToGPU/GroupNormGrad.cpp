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
#include "RowGradKernel.h"
#include "norm/Conversion/NormToGPU/NormToGPU.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
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
struct GroupNormGradToGPU
    : RowPattern<GroupNormGradOp, RowKernelKind::Gradient> {
  using RowPattern::RowPattern;

  LogicalResult rewriteRows(GroupNormGradOp op, RowProblem &problem,
                            PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    problem.buildSizes(rewriter, loc);
    Value dy = op.getDy();
    RowGradBuffers buffers;
    buffers.dy = getOperandBuffer(rewriter, loc, dy);
    buffers.x = getOperandBuffer(rewriter, loc, op.getX());
    buffers.mean = getOperandBuffer(rewriter, loc, op.getMean());
    buffers.invStdDev = getOperandBuffer(rewriter, loc, op.getInvStdDev());
    buffers.scale = getOperandBuffer(rewriter, loc, op.getScale());
    ResultBuffers results(rewriter, loc, dy);
    Value dxBuffer = results.add(op.getDx());
    // dscale and dbias go to the channel kernels, not to the row kernel.
    Value dscale = results.addFlatIfUsed(op.getDscale(), /*sizeDims=*/{1});
    Value dbias = results.addFlatIfUsed(op.getDbias(), /*sizeDims=*/{1});

    buffers.dx = flatten(rewriter, loc, dxBuffer);
    buildRowGradLaunches(rewriter, loc, options, problem, buffers);
    if (dscale || dbias)
      buildParamLaunches(rewriter, op, buffers, problem.groups,
                         problem.groupChannels, dscale, dbias);
    results.replace(rewriter, op);
    return success();
  }

  /// The channel partials over the [N, C, S] view, then their merge.
  void buildParamLaunches(PatternRewriter &rewriter, GroupNormGradOp op,
                          const RowGradBuffers &buffers, Value groups,
                          Value groupChannels, Value dscale,
                          Value dbias) const {
    Location loc = op.getLoc();
    FloatType accType = op.getAccumulatorType();
    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, value);
    };
    ChannelView view =
        buildChannelView(rewriter, loc, op.getDy(), /*axis=*/1, options);
    Value scratch = createChannelGradScratch(rewriter, loc, view, accType);
    // Divisors kept nonzero: with C = 0 or S = 0 nothing is swept.
    Value one = index(1);
    Value instanceStride =
        arith::MaxUIOp::create(rewriter, loc, view.channelStride, one);
    Value groupChannelsNonZero =
        arith::MaxUIOp::create(rewriter, loc, groupChannels, one);

    OpBuilder::InsertionGuard guard(rewriter);
    gpu::LaunchOp partials = createChannelLaunch(
        rewriter, loc, view, options, accType, /*withReduction=*/true);
    buildLaunchBody(rewriter, partials, [&] {
      ChannelKernelBuilder kb(rewriter, loc, options, partials, view, accType);
      Value group = arith::DivUIOp::create(rewriter, loc, kb.channel,
                                           groupChannelsNonZero);
      // The statistics of the vector at `offset`: those of (n, group), n =
      // offset / (C * S).
      buildChannelGradPartialsKernel(
          kb, buffers.dy, buffers.x, scratch, [&](OpBuilder &nb, Value offset) {
            Value n = arith::DivUIOp::create(nb, loc, offset, instanceStride);
            Value stat = arith::AddIOp::create(
                nb, loc, arith::MulIOp::create(nb, loc, n, groups), group);
            return std::make_pair(kb.load(nb, buffers.mean, stat),
                                  kb.load(nb, buffers.invStdDev, stat));
          });
    });
    Value blocks = arith::CeilDivUIOp::create(rewriter, loc, view.channels,
                                              index(options.threads));
    gpu::LaunchOp merge =
        createKernelLaunch(rewriter, loc, blocks, one, options.threads,
                           /*workgroupValues=*/0, accType);
    buildLaunchBody(rewriter, merge, [&] {
      KernelBuilder kb(rewriter, loc, accType, options.warpSize);
      buildChannelMergeKernel(kb, merge, options.threads, view, scratch, dscale,
                              dbias);
    });
    gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                           scratch);
  }
};

} // namespace

void mlir::norm::populateGroupNormGradToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<GroupNormGradToGPU>(patterns.getContext(), options);
}
