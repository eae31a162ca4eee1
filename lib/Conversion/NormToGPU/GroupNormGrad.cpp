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
    FailureOr<RowProblem> problem =
        RowProblem::match(rewriter, op, options, RowKernelKind::Gradient);
    if (failed(problem))
      return failure();

    Location loc = op.getLoc();
    problem->buildSizes(rewriter, loc);
    Value dy = op.getDy();
    Value dyBuffer = getOperandBuffer(rewriter, loc, dy);
    Value xBuffer = getOperandBuffer(rewriter, loc, op.getX());
    Value meanBuffer = getOperandBuffer(rewriter, loc, op.getMean());
    Value invStdBuffer = getOperandBuffer(rewriter, loc, op.getInvStdDev());
    Value scaleBuffer = getOperandBuffer(rewriter, loc, op.getScale());
    ResultBuffers results(rewriter, loc, dy);
    Value dxBuffer = results.add(op.getDx());
    Value dscale = results.addFlatIfUsed(op.getDscale(), /*sizeDims=*/{1});
    Value dbias = results.addFlatIfUsed(op.getDbias(), /*sizeDims=*/{1});

    buildRowGradDxLaunch(rewriter, loc, options, *problem, dyBuffer, xBuffer,
                         meanBuffer, invStdBuffer, scaleBuffer,
                         flatten(rewriter, loc, dxBuffer));
    if (dscale || dbias)
      buildParamLaunches(rewriter, op, dyBuffer, xBuffer, meanBuffer,
                         invStdBuffer, problem->groups,
                         problem->groupChannels, dscale, dbias);
    results.replace(rewriter, op);
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
