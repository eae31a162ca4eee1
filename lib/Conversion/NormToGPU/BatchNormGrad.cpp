//===- BatchNormGrad.cpp - batch_norm_grad to GPU kernels ----*- C++ -*-===//
//
// batch_norm_grad with the grid of the batch_norm_train kernels: the C x P
// blocks over the [A, C, B] view (ChannelKernel.h), each block (c, p) on
// chunk p of channel c, every thread sweeping its groups of `unroll` vectors.
//  1. block (c, p) sums dy and dy * xhat over its chunk (xhat = (x -
//     mean[c]) * inv_std[c], inv_std = 1 / sqrt(var[c] + epsilon)), the
//     threads' sums reduced over the block in a fixed tree, and writes the
//     two partials to a scratch buffer [2][C][P];
//  2. every block of channel c adds the P partials in the same fixed order
//     (so all of them get the same bits, with no atomics): dbias[c] = S1,
//     dscale[c] = S2, which block (c, 0) writes; then every block writes
//       dx = scale[c] * inv_std[c] * ((dy - S1 / m) - xhat * S2 / m)
//     over its chunk (m = A * B), or scale[c] * inv_std[c] * dy with
//     `training = false`.
// Without dscale and dbias in inference mode only the second launch's dx is
// left, with no sums.
//
//===----------------------------------------------------------------------===//

#include "ChannelKernel.h"
#include "NormToGPU.h"
#include "norm/Conversion/NormToGPU/NormToGPU.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

namespace {
/// The flat buffers of a batch_norm_grad; `dscale` and `dbias` are null when
/// unused. `scratch` holds the partials [S1 | S2][channel][chunk] (C' = max(C,
/// 1) channels).
struct GradBuffers {
  Value dy, x, mean, var, scale, dx, dscale, dbias, scratch;
};
} // namespace

/// The index of partial `k` (0: sum dy, 1: sum dy * xhat) of chunk `chunk`
/// of the builder's channel.
static Value getGradPartialSlot(ChannelKernelBuilder &kb, OpBuilder &nb,
                                Value chunk, int64_t k) {
  Location loc = kb.loc;
  Value slot = kb.getChunkSlot(nb, chunk);
  if (k == 0)
    return slot;
  Value partials =
      arith::MulIOp::create(nb, loc, kb.view.gridChannels, kb.view.chunks);
  return arith::AddIOp::create(nb, loc, slot, partials);
}

/// Sums each of `values` over the block (xor shuffles, one workgroup stage).
static SmallVector<Value> reduceBlockSums(ChannelKernelBuilder &kb,
                                          SmallVector<Value> values) {
  int64_t warps = std::max<int64_t>(kb.options.threads / kb.warpSize, 1);
  auto slot = [&](OpBuilder &nb, int64_t k, Value warpIndex) -> Value {
    return arith::AddIOp::create(nb, kb.loc, warpIndex,
                                 kb.index(nb, k * warps));
  };
  return kb.reduceSums(std::move(values), kb.options.threads,
                       WorkgroupStage{kb.sharedBuffer, kb.warp, slot});
}

void to_gpu::buildChannelGradPartialsKernel(
    ChannelKernelBuilder &kb, Value dy, Value x, Value scratch,
    function_ref<std::pair<Value, Value>(OpBuilder &, Value)> statistics) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value zero = kb.accConstant(0.0);
  SmallVector<Value> sums = kb.sweep(
      ValueRange{zero, zero}, [&](OpBuilder &nb, ArrayRef<Value> offsets,
                                  Value validCount, ValueRange accs) {
        SmallVector<Value> dys = kb.loadGroup(nb, dy, offsets, validCount);
        SmallVector<Value> xs = kb.loadGroup(nb, x, offsets, validCount);
        // An invalid vector (past the chunk) reads vector 0's, like
        // loadGroup.
        SmallVector<std::pair<Value, Value>> stats;
        for (auto [k, offset] : llvm::enumerate(offsets)) {
          Value address = offset;
          if (Value valid = kb.isValid(nb, k, validCount))
            address =
                arith::SelectOp::create(nb, loc, valid, offset, offsets[0]);
          stats.push_back(statistics(nb, address));
        }
        Value zeroValue = kb.accConstant(nb, 0.0);
        SmallVector<Value> dyTerms, dyxTerms;
        for (auto [i, dyValue, xValue] : llvm::enumerate(dys, xs)) {
          int64_t k = i / kb.view.width;
          auto [mean, invStd] = stats[k];
          Value xhat = buildNormalizedInput(nb, loc, xValue, mean, invStd);
          Value term = dyValue;
          Value dyx = arith::MulFOp::create(nb, loc, term, xhat);
          if (Value valid = kb.isValid(nb, k, validCount)) {
            term = arith::SelectOp::create(nb, loc, valid, term, zeroValue);
            dyx = arith::SelectOp::create(nb, loc, valid, dyx, zeroValue);
          }
          dyTerms.push_back(term);
          dyxTerms.push_back(dyx);
        }
        return SmallVector<Value>{
            arith::AddFOp::create(nb, loc, accs[0], kb.treeSum(nb, dyTerms)),
            arith::AddFOp::create(nb, loc, accs[1], kb.treeSum(nb, dyxTerms))};
      });
  SmallVector<Value> block = reduceBlockSums(kb, sums);
  kb.buildGuarded(b, kb.isWriter(/*firstChunkOnly=*/false), [&](OpBuilder &nb) {
    for (auto [k, value] : llvm::enumerate(block))
      memref::StoreOp::create(nb, loc, value, scratch,
                              getGradPartialSlot(kb, nb, kb.chunk, k));
  });
}

Value to_gpu::createChannelGradScratch(OpBuilder &b, Location loc,
                                       const ChannelView &view,
                                       FloatType accType) {
  Value size = arith::MulIOp::create(
      b, loc, arith::MulIOp::create(b, loc, view.gridChannels, view.chunks),
      arith::ConstantIndexOp::create(b, loc, 2));
  return createDeviceScratch(b, loc, size, accType);
}

/// Kernel 1 of batch_norm_grad: the block's sums of dy and dy * xhat over
/// its chunk, with the channel's statistics, to the scratch buffer.
static void buildGradPartialsKernel(ChannelKernelBuilder &kb,
                                    const GradBuffers &buffers,
                                    double epsilon) {
  SmallVector<Value> params = kb.loadChannelParams({buffers.mean, buffers.var});
  Value mean = params[0];
  Value invStd = buildInverseSqrt(kb.b, kb.loc, params[1], epsilon);
  buildChannelGradPartialsKernel(
      kb, buffers.dy, buffers.x, buffers.scratch,
      [&](OpBuilder &, Value) { return std::make_pair(mean, invStd); });
}

/// The channel's sums from kernel 1's partials: thread t adds partials t, t
/// + threads, ... in order, then the block tree adds the threads': the same
/// order in every block of the channel.
static SmallVector<Value> buildChannelSums(ChannelKernelBuilder &kb,
                                           const GradBuffers &buffers) {
  Location loc = kb.loc;
  Value zero = kb.accConstant(0.0);
  SmallVector<Value> sums = kb.foldChunks(
      ValueRange{zero, zero}, [&](OpBuilder &nb, Value chunk, ValueRange accs) {
        SmallVector<Value> next;
        for (int64_t k = 0; k < 2; ++k)
          next.push_back(arith::AddFOp::create(
              nb, loc, accs[k],
              memref::LoadOp::create(nb, loc, buffers.scratch,
                                     getGradPartialSlot(kb, nb, chunk, k))));
        return next;
      });
  return reduceBlockSums(kb, sums);
}

/// Kernel 2 (or the only kernel, without sums): the channel's sums, dscale
/// and dbias from block (c, 0), dx over the block's chunk.
static void buildGradKernel(ChannelKernelBuilder &kb,
                            const GradBuffers &buffers, double epsilon,
                            bool training, bool withSums) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  SmallVector<Value> params =
      kb.loadChannelParams({buffers.mean, buffers.var, buffers.scale});
  Value mean = params[0];
  Value invStd = buildInverseSqrt(b, loc, params[1], epsilon);
  Value factor = arith::MulFOp::create(b, loc, params[2], invStd);
  Value meanDy, meanDyX;
  if (withSums) {
    SmallVector<Value> sums = buildChannelSums(kb, buffers);
    Value writes = kb.isWriter(/*firstChunkOnly=*/true);
    if (buffers.dscale || buffers.dbias)
      kb.buildGuarded(b, writes, [&](OpBuilder &nb) {
        if (buffers.dbias)
          kb.store(nb, sums[0], buffers.dbias, kb.channel);
        if (buffers.dscale)
          kb.store(nb, sums[1], buffers.dscale, kb.channel);
      });
    Value count = kb.toAcc(b, kb.view.perChannel);
    meanDy = buildMean(b, loc, sums[0], count);
    meanDyX = buildMean(b, loc, sums[1], count);
  }
  kb.sweep({}, [&](OpBuilder &nb, ArrayRef<Value> offsets, Value validCount,
                   ValueRange) {
    SmallVector<Value> dys = kb.loadGroup(nb, buffers.dy, offsets, validCount);
    SmallVector<Value> xs;
    if (training)
      xs = kb.loadGroup(nb, buffers.x, offsets, validCount);
    SmallVector<Value> dxs;
    for (auto [i, dy] : llvm::enumerate(dys)) {
      if (!training) {
        dxs.push_back(arith::MulFOp::create(nb, loc, factor, dy));
        continue;
      }
      Value xhat = buildNormalizedInput(nb, loc, xs[i], mean, invStd);
      dxs.push_back(
          buildInputGradient(nb, loc, dy, xhat, meanDy, meanDyX, factor));
    }
    kb.storeGroup(nb, dxs, buffers.dx, offsets, validCount);
    return SmallVector<Value>{};
  });
}

namespace {

/// Rewrites `norm.batch_norm_grad` on tensors into gpu.launch kernels over
/// the C x P grid of its [A, C, B] view, as batch_norm_train: per-chunk sums
/// of dy and dy * xhat into a scratch buffer, then a fixed-order merge in
/// every block, dscale / dbias from block (c, 0) and dx over every chunk.
struct BatchNormGradToGPU : ChannelPattern<BatchNormGradOp> {
  using ChannelPattern::ChannelPattern;

  void rewriteChannels(BatchNormGradOp op, FloatType accType,
                       PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value dy = op.getDy();
    SmallVector<int64_t> axis = {op.getNormalizedFeatureAxis()};
    GradBuffers buffers;
    buffers.dy = getOperandBuffer(rewriter, loc, dy);
    buffers.x = getOperandBuffer(rewriter, loc, op.getX());
    buffers.mean = getOperandBuffer(rewriter, loc, op.getMean());
    buffers.var = getOperandBuffer(rewriter, loc, op.getVar());
    buffers.scale = getOperandBuffer(rewriter, loc, op.getScale());
    ResultBuffers results(rewriter, loc, dy);
    buffers.dx = results.addFlat(op.getDx());
    // dscale and dbias are rank-1 ([C]): their flat views are themselves.
    buffers.dscale = results.addFlatIfUsed(op.getDscale(), axis);
    buffers.dbias = results.addFlatIfUsed(op.getDbias(), axis);
    bool training = op.getTraining();
    bool withSums = training || buffers.dscale || buffers.dbias;

    ChannelView view =
        buildChannelView(rewriter, loc, dy, axis.front(), options);
    double epsilon = op.getAccumulatorEpsilon();
    OpBuilder::InsertionGuard guard(rewriter);
    if (withSums) {
      buffers.scratch = createChannelGradScratch(rewriter, loc, view, accType);
      gpu::LaunchOp partials = createChannelLaunch(
          rewriter, loc, view, options, accType, /*withReduction=*/true);
      buildLaunchBody(rewriter, partials, [&] {
        ChannelKernelBuilder kb(rewriter, loc, options, partials, view,
                                accType);
        buildGradPartialsKernel(kb, buffers, epsilon);
      });
    }
    gpu::LaunchOp launch = createChannelLaunch(
        rewriter, loc, view, options, accType, /*withReduction=*/withSums);
    buildLaunchBody(rewriter, launch, [&] {
      ChannelKernelBuilder kb(rewriter, loc, options, launch, view, accType);
      buildGradKernel(kb, buffers, epsilon, training, withSums);
    });
    if (withSums)
      gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                             buffers.scratch);
    results.replace(rewriter, op);
  }
};

} // namespace

void mlir::norm::populateBatchNormGradToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<BatchNormGradToGPU>(patterns.getContext(), options);
}
