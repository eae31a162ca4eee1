//===- BatchNormGrad.cpp - batch_norm_grad to vector loops ---*- C++ -*-===//
//
// Lowers batch_norm_grad whose channel is followed by one contiguous dim
// ([A..., C, B]: NCHW once norm-flatten-batch-norm has merged H and W, a
// tile of channels of norm-tile-and-fuse) or is the last dim ([A..., C],
// channels last, blocks of rows in parallel) to two vector passes: the
// per-channel sums of dy and dy * xhat, then dx. With `training = false`
// (constant statistics) dx needs no sums: one pass, which also adds up the
// sums when dscale or dbias are asked for. The channels-last kernel is in
// BatchNormGradChannelsLast.cpp.
//
//===----------------------------------------------------------------------===//

#include "BatchNormGrad.h"
#include "NormToVector.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/NormToVector/NormToVector.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

SmallVector<Value> mlir::norm::buildSumTerms(OpBuilder &b, Location loc,
                                             Value dy, Value x, Value mean,
                                             Value invStd) {
  Value xhat = buildNormalizedInput(b, loc, x, mean, invStd);
  return {dy, arith::MulFOp::create(b, loc, dy, xhat)};
}

Value mlir::norm::buildDx(OpBuilder &b, Location loc, Value dy, Value x,
                          const ChannelValues &values) {
  if (!values.p)
    return arith::MulFOp::create(b, loc, dy, values.k);
  Value xhat = buildNormalizedInput(b, loc, x, values.mean, values.invStd);
  return buildGradDx(b, loc, dy, values.k, xhat, values.p, values.q);
}

void mlir::norm::replaceWithGradients(PatternRewriter &rewriter,
                                      BatchNormGradOp op,
                                      RunKernelBuilder &kernel, Value output,
                                      ArrayRef<Value> channelSums) {
  SmallVector<Value> results = {output};
  auto toElements = [&](Value sums) {
    return buildConvertedCopy(kernel, sums, kernel.elementType);
  };
  if (op.getDscale())
    results.push_back(toElements(channelSums[1]));
  if (op.getDbias())
    results.push_back(toElements(channelSums[0]));
  SmallVector<Value> replacements;
  for (auto [value, result] : llvm::zip_equal(results, op->getResults()))
    replacements.push_back(
        castTo(rewriter, op->getLoc(), value, result.getType()));
  rewriter.replaceOp(op, replacements);
}

//===----------------------------------------------------------------------===//
// [A..., C, B]: the runs of a channel
//===----------------------------------------------------------------------===//

/// Rewrites an [A..., C, B] batch_norm_grad. Each pass is a loop nest over
/// A... whose body visits the channels in turn, so that it sweeps the
/// tensors in memory order (norm-tile-and-fuse makes a tile of a few
/// channels; the second pass reads it from cache):
///  1. the sums of dy and dy * xhat per channel, `unroll` accumulators per
///     sum in a run, added up once per run into one vector per sum and
///     channel (RunKernelBuilder's state);
///  2. dx = dy * k + xhat * p + q with the coefficients of each channel.
/// With constant statistics pass 1 is only built for dscale/dbias and also
/// writes dx = dy * k; without them dx is the only pass.
static LogicalResult
rewriteRuns(BatchNormGradOp op, PatternRewriter &rewriter,
            const ConvertNormToVectorPassOptions &options) {
  BatchGradKernel t(op, rewriter, options);
  Location loc = t.loc;
  GradPairBuilder &pair = t.pair;
  RunKernelBuilder &kernel = pair.dy;
  bool training = op.getTraining();

  // Per channel: invStd, k = scale * invStd and the mean.
  SmallVector<Value> perChannel =
      buildLoop(rewriter, loc, t.channels,
                ValueRange{t.perChannel(), t.perChannel(), t.perChannel()},
                [&](Value c, ValueRange carried) -> SmallVector<Value> {
                  Value invStd = buildInverseSqrt(
                      rewriter, loc, kernel.extract(op.getVar(), c), t.epsilon);
                  Value k = arith::MulFOp::create(
                      rewriter, loc, invStd, kernel.extract(op.getScale(), c));
                  Value values[] = {invStd, k, kernel.extract(op.getMean(), c)};
                  SmallVector<Value> next;
                  for (auto [value, tensor] : llvm::zip(values, carried))
                    next.push_back(tensor::InsertOp::create(rewriter, loc,
                                                            value, tensor, c));
                  return next;
                });
  Value invStds = perChannel[0], ks = perChannel[1], means = perChannel[2];

  // Pass 1: the sums (and with constant statistics dx), into the state.
  Value output = t.emptyOutput();
  Value state;
  bool writeInPassOne = !training;
  if (training || t.withSums()) {
    SmallVector<Value> inits = {kernel.zeroState(t.channels, 2)};
    if (writeInPassOne)
      inits.push_back(output);
    SmallVector<Value> results = t.buildRunLoops(
        inits,
        [&](ValueRange ivs, Value c, ValueRange tensors) -> SmallVector<Value> {
          SmallVector<Value> prefix = appendIndex(ivs, c);
          Value mean = kernel.splat(kernel.extract(means, c));
          Value invStd = kernel.splat(kernel.extract(invStds, c));
          Value k =
              writeInPassOne ? kernel.splat(kernel.extract(ks, c)) : Value();
          Value written = writeInPassOne ? tensors[1] : Value();
          SmallVector<Value> accs = pair.accumulate(
              prefix, 2, written ? &written : nullptr,
              [&](Value dy, Value x) {
                return buildSumTerms(rewriter, loc, dy, x, mean, invStd);
              },
              [&](Value dy, Value) -> Value {
                return arith::MulFOp::create(rewriter, loc, dy, k);
              });
          SmallVector<Value> totals = kernel.readState(tensors[0], c, 2);
          for (auto [total, acc] : llvm::zip(totals, accs))
            total = kernel.add(total, acc);
          SmallVector<Value> next = {kernel.writeState(tensors[0], c, totals)};
          if (written)
            next.push_back(written);
          return next;
        });
    state = results[0];
    if (writeInPassOne)
      output = results[1];
  }

  // Per channel: dbias = sum(dy), dscale = sum(dy * xhat) and the
  // coefficients of dx.
  SmallVector<Value> channelResults;
  if (state) {
    channelResults =
        buildLoop(rewriter, loc, t.channels,
                  ValueRange{t.perChannel(), t.perChannel(), t.perChannel(),
                             t.perChannel(), t.perChannel()},
                  [&](Value c, ValueRange carried) -> SmallVector<Value> {
                    SmallVector<Value> sums =
                        kernel.reduce(kernel.readState(state, c, 2));
                    Value k = kernel.extract(ks, c);
                    GradCoefficients coefficients = buildGradCoefficients(
                        rewriter, loc, k, sums[0], sums[1], t.count);
                    Value values[] = {sums[0], sums[1], k, coefficients.p,
                                      coefficients.q};
                    SmallVector<Value> next;
                    for (auto [value, tensor] : llvm::zip(values, carried))
                      next.push_back(tensor::InsertOp::create(
                          rewriter, loc, value, tensor, c));
                    return next;
                  });
  }

  // Pass 2: dx.
  if (training) {
    output = t.buildRunLoops(
        ValueRange{output},
        [&](ValueRange ivs, Value c, ValueRange tensors) -> SmallVector<Value> {
          auto at = [&](Value tensor) {
            return kernel.splat(kernel.extract(tensor, c));
          };
          ChannelValues values = {at(means), at(invStds), at(channelResults[2]),
                                  at(channelResults[3]), at(channelResults[4])};
          SmallVector<Value> prefix = appendIndex(ivs, c);
          return {pair.writeRun(prefix, tensors[0],
                                [&](Value dy, Value x, Value, Value) {
                                  return buildDx(rewriter, loc, dy, x, values);
                                })};
        })[0];
  } else if (!state) {
    output = t.buildRunLoops(
        ValueRange{output},
        [&](ValueRange ivs, Value c, ValueRange tensors) -> SmallVector<Value> {
          Value k = kernel.splat(kernel.extract(ks, c));
          return {kernel.writeRun(appendIndex(ivs, c), tensors[0],
                                  [&](Value dy, Value, Value) -> Value {
                                    return arith::MulFOp::create(rewriter, loc,
                                                                 dy, k);
                                  })};
        })[0];
  }

  replaceWithGradients(rewriter, op, kernel, output, channelResults);
  return success();
}

namespace {
/// Rewrites `norm.batch_norm_grad` by its layout: [A..., C, B]
/// (rewriteRuns) or channels last
/// (rewriteBatchNormGradChannelsLast); any other layout is
/// left to convert-norm-to-linalg.
struct BatchNormGradToVector : OpRewritePattern<BatchNormGradOp> {
  BatchNormGradToVector(MLIRContext *context,
                        const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(BatchNormGradOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getDy().getType();
    int64_t rank = type.getRank();
    int64_t axis = op.getNormalizedFeatureAxis();
    if (axis == rank - 1)
      return rewriteBatchNormGradChannelsLast(op, rewriter, options);
    if (axis != rank - 2)
      return rewriter.notifyMatchFailure(
          op, "more than one dim after the feature axis");
    if (llvm::is_contained(type.getShape(), 0))
      return rewriter.notifyMatchFailure(op, "statically empty input");
    return rewriteRuns(op, rewriter, options);
  }

  ConvertNormToVectorPassOptions options;
};
} // namespace

void mlir::norm::populateBatchNormGradToVectorPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToVectorPassOptions &options) {
  patterns.add<BatchNormGradToVector>(patterns.getContext(), options);
}
