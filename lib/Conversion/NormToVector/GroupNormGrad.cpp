//===- GroupNormGrad.cpp - group_norm_grad to vector loops --*- C++ -*-===//
//
// Lowers group_norm_grad of an (N, C, L) input (NCHW once
// norm-flatten-batch-norm has merged the spatial dims; instance norm is
// num_groups = C) to vector loops over the (n, group) pairs, in parallel:
// the sums of the group over its channels' contiguous runs, then dx; the
// parameter gradients from per-(n, channel) partial sums added up over n in
// order.
//
//===----------------------------------------------------------------------===//

#include "GradKernel.h"
#include "NormToVector.h"
#include "RunKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/NormToVector/NormToVector.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Rewrites `norm.group_norm_grad` of an (N, C, L) input into vector loops
/// over the (n, g) pairs (an scf.forall over N * G, or loops in order inside
/// a tile of norm-tile-and-fuse). Per pair, with istd = inv_std_dev[n, g]
/// and the group's channels c (runs of L elements):
///  1. per channel, one vector pass summing a_c = sum(dy) and
///     b_c = sum(dy * xhat) (`unroll` accumulators each), then the group's
///     s1 = sum(scale_c a_c) = sum(g), s2 = sum(scale_c b_c) = sum(g * xhat);
///  2. per channel, one vector pass writing
///     dx = dy * (istd scale_c) + xhat * p + q, p = -istd s2 / m and
///     q = -istd s1 / m (m = C / G * L), the run still in cache.
/// a_c and b_c are also stored per (n, c); dbias[c] and dscale[c] add them
/// up over n in order, vectorized across the channels: the same result for
/// any thread count.
struct GroupNormGradToVector : OpRewritePattern<GroupNormGradOp> {
  GroupNormGradToVector(MLIRContext *context,
                        const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(GroupNormGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getDy().getType();
    if (failed(matchGroupNormInput(op, type, rewriter)))
      return failure();
    FloatType accType = op.getAccumulatorType();
    int64_t groups = op.getNumGroups();
    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, value);
    };
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, op.getDy());
    Value batch = getValueOrCreateConstantIndexOp(rewriter, loc, sizes[0]);
    Value channels = getValueOrCreateConstantIndexOp(rewriter, loc, sizes[1]);
    OpFoldResult channelsPerGroup =
        type.isDynamicDim(1)
            ? OpFoldResult(
                  arith::DivUIOp::create(rewriter, loc, channels, index(groups))
                      .getResult())
            : OpFoldResult(rewriter.getIndexAttr(type.getDimSize(1) / groups));
    Value perGroup =
        getValueOrCreateConstantIndexOp(rewriter, loc, channelsPerGroup);
    GradPairBuilder whole(rewriter, loc, op.getDy(), op.getX(), accType,
                          options);
    RunKernelBuilder &kernel = whole.dy;
    // m = C / G * L, the elements of a group.
    Value count = buildIndexToFloat(
        rewriter, loc,
        arith::MulIOp::create(rewriter, loc, perGroup, kernel.length), accType);
    bool withSums = op.getDscale() || op.getDbias();

    // The output and, with dscale/dbias, the [N * C] partial sums.
    Value flatSize = arith::MulIOp::create(rewriter, loc, batch, channels);
    SmallVector<Value> outputs = {
        tensor::EmptyOp::create(rewriter, loc, sizes, kernel.elementType)};
    if (withSums)
      for (int64_t i = 0; i < 2; ++i)
        outputs.push_back(tensor::EmptyOp::create(
            rewriter, loc, ArrayRef<OpFoldResult>{flatSize}, accType));

    // The pair (n, g): its dx slice and partial sums, each with where it
    // goes.
    auto buildPair = [&](Value n, Value g,
                         ValueRange shared) -> SmallVector<SliceToInsert> {
      Value firstChannel = arith::MulIOp::create(rewriter, loc, g, perGroup);
      SmallVector<OpFoldResult> offsets = {n, firstChannel,
                                           rewriter.getIndexAttr(0)};
      SmallVector<OpFoldResult> runSizes = {rewriter.getIndexAttr(1),
                                            channelsPerGroup, sizes[2]};
      SmallVector<OpFoldResult> unit(3, rewriter.getIndexAttr(1));
      auto slice = [&](Value tensor) -> Value {
        return tensor::ExtractSliceOp::create(rewriter, loc, tensor, offsets,
                                              runSizes, unit);
      };
      GradPairBuilder pair(rewriter, loc, slice(op.getDy()), slice(op.getX()),
                           accType, options);
      RunKernelBuilder &runs = pair.dy;
      Value zero = index(0);
      auto statistic = [&](Value tensor) {
        return runs.convertFloat(
            tensor::ExtractOp::create(rewriter, loc, tensor, ValueRange{n, g}),
            accType);
      };
      Value mean = runs.splat(statistic(op.getMean()));
      Value invStd = statistic(op.getInvStdDev());
      Value invStdVector = runs.splat(invStd);
      auto scaleOf = [&](Value i) {
        return runs.extract(
            op.getScale(),
            arith::AddIOp::create(rewriter, loc, firstChannel, i).getResult());
      };

      // 1. The channels' sums, the group's.
      SmallVector<Value> inits = {runs.scalar(0.0), runs.scalar(0.0)};
      if (withSums)
        for (int64_t i = 0; i < 2; ++i)
          inits.push_back(tensor::EmptyOp::create(
              rewriter, loc, ArrayRef<OpFoldResult>{channelsPerGroup},
              accType));
      SmallVector<Value> sums = buildLoop(
          rewriter, loc, perGroup, inits,
          [&](Value i, ValueRange carried) -> SmallVector<Value> {
            SmallVector<Value> channelSums = runs.reduce(pair.accumulate(
                {zero, i}, 2, nullptr,
                [&](Value dy, Value x) -> SmallVector<Value> {
                  Value xhat = buildNormalizedInput(rewriter, loc, x, mean,
                                                    invStdVector);
                  return {dy, arith::MulFOp::create(rewriter, loc, dy, xhat)};
                },
                nullptr));
            Value scale = scaleOf(i);
            SmallVector<Value> next;
            for (int64_t s = 0; s < 2; ++s)
              next.push_back(math::FmaOp::create(rewriter, loc, scale,
                                                 channelSums[s], carried[s]));
            if (withSums)
              for (int64_t s = 0; s < 2; ++s)
                next.push_back(tensor::InsertOp::create(
                    rewriter, loc, channelSums[s], carried[2 + s], i));
            return next;
          });
      GradCoefficients coefficients =
          buildGradCoefficients(rewriter, loc, invStd, sums[0], sums[1], count);
      Value p = runs.splat(coefficients.p), q = runs.splat(coefficients.q);

      // 2. dx, a channel at a time.
      Value dx = buildLoop(
          rewriter, loc, perGroup, ValueRange{slice(shared[0])},
          [&](Value i, ValueRange carried) -> SmallVector<Value> {
            Value k = runs.splat(
                arith::MulFOp::create(rewriter, loc, invStd, scaleOf(i)));
            return {pair.writeRun(
                {zero, i}, carried[0],
                [&](Value dy, Value x, Value, Value) -> Value {
                  Value xhat = buildNormalizedInput(rewriter, loc, x, mean,
                                                    invStdVector);
                  return buildGradDx(rewriter, loc, dy, k, xhat, p, q);
                })};
          })[0];
      SmallVector<SliceToInsert> slices = {{dx, offsets, runSizes}};
      if (withSums) {
        Value at = arith::AddIOp::create(
            rewriter, loc, arith::MulIOp::create(rewriter, loc, n, channels),
            firstChannel);
        for (int64_t s = 0; s < 2; ++s)
          slices.push_back({sums[2 + s], {at}, {channelsPerGroup}});
      }
      return slices;
    };

    SmallVector<Value> results;
    if (op->getParentOfType<scf::ForallOp>()) {
      // A tile of norm-tile-and-fuse: its iterations are the threads'; the
      // (n, g) pairs of the tile run in order.
      results = buildLoops(
          rewriter, loc, op.getMean(), 2, outputs,
          [&](ValueRange ivs, ValueRange carried) -> SmallVector<Value> {
            SmallVector<SliceToInsert> slices =
                buildPair(ivs[0], ivs[1], carried);
            SmallVector<Value> next;
            for (auto [slice, dest] : llvm::zip(slices, carried))
              next.push_back(tensor::InsertSliceOp::create(
                  rewriter, loc, slice.value, dest, slice.offsets, slice.sizes,
                  SmallVector<OpFoldResult>(slice.offsets.size(),
                                            rewriter.getIndexAttr(1))));
            return next;
          });
    } else {
      Value numGroups = index(groups);
      Value pairs = arith::MulIOp::create(rewriter, loc, batch, numGroups);
      results = buildForall(
          rewriter, loc, pairs, outputs,
          [&](Value iv, ValueRange shared) -> SmallVector<SliceToInsert> {
            Value n = arith::DivUIOp::create(rewriter, loc, iv, numGroups);
            Value g = arith::RemUIOp::create(rewriter, loc, iv, numGroups);
            return buildPair(n, g, shared);
          });
    }

    // dscale[c] = sum over n of b[n, c], dbias[c] of a[n, c], in order.
    SmallVector<Value> replacements = {results[0]};
    if (withSums) {
      SmallVector<Value> totals = buildLoop(
          rewriter, loc, batch,
          ValueRange{kernel.zeroVectorTensor(sizes[1]),
                     kernel.zeroVectorTensor(sizes[1])},
          [&](Value n, ValueRange carried) -> SmallVector<Value> {
            Value offset = arith::MulIOp::create(rewriter, loc, n, channels);
            return kernel.buildVectorLoop(
                channels, carried,
                [&](Value j, Value mask, ValueRange tensors) {
                  Value at = arith::AddIOp::create(rewriter, loc, offset, j);
                  SmallVector<Value> next;
                  for (auto [flat, tensor] : llvm::zip(
                           ArrayRef<Value>(results).drop_front(), tensors))
                    next.push_back(kernel.writeVector(
                        kernel.add(kernel.readVector(tensor, j, mask),
                                   kernel.readVector(flat, at, mask)),
                        tensor, j, mask));
                  return next;
                });
          });
      if (op.getDscale())
        replacements.push_back(
            buildConvertedCopy(kernel, totals[1], kernel.elementType));
      if (op.getDbias())
        replacements.push_back(
            buildConvertedCopy(kernel, totals[0], kernel.elementType));
    }
    SmallVector<Value> cast;
    for (auto [value, result] : llvm::zip_equal(replacements, op->getResults()))
      cast.push_back(castTo(rewriter, loc, value, result.getType()));
    rewriter.replaceOp(op, cast);
    return success();
  }

  ConvertNormToVectorPassOptions options;
};
} // namespace

void mlir::norm::populateGroupNormGradToVectorPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToVectorPassOptions &options) {
  patterns.add<GroupNormGradToVector>(patterns.getContext(), options);
}
