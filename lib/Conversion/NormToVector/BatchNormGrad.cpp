//===- BatchNormGrad.cpp - batch_norm_grad to vector loops ---*- C++ -*-===//
//
// Lowers batch_norm_grad whose channel is followed by one contiguous dim
// ([A..., C, B]: NCHW once norm-flatten-batch-norm has merged H and W, a
// tile of channels of norm-tile-and-fuse) or is the last dim ([A..., C],
// channels last, blocks of rows in parallel) to two vector passes: the
// per-channel sums of dy and dy * xhat, then dx. With `training = false`
// (constant statistics) dx needs no sums: one pass, which also adds up the
// sums when dscale or dbias are asked for.
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
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

namespace {
/// What the passes of one batch_norm_grad share.
struct BatchGradKernel {
  BatchGradKernel(BatchNormGradOp op, PatternRewriter &rewriter,
                  const ConvertNormToVectorPassOptions &options)
      : op(op), rewriter(rewriter), options(options), loc(op.getLoc()),
        axis(op.getNormalizedFeatureAxis()), accType(op.getAccumulatorType()),
        pair(rewriter, loc, op.getDy(), op.getX(), accType, options),
        epsilon(op.getAccumulatorEpsilon()),
        count(buildCountPerChannel(rewriter, loc, op.getDy(), axis, accType)),
        channels(tensor::DimOp::create(rewriter, loc, op.getDy(), axis)),
        sizes(tensor::getMixedSizes(rewriter, loc, op.getDy())) {}

  /// An empty per-channel tensor of the accumulation type.
  Value perChannel() {
    return tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{sizes[axis]}, accType);
  }
  /// An empty tensor shaped like dy, of its element type: dx.
  Value emptyOutput() {
    return tensor::EmptyOp::create(rewriter, loc, sizes, pair.dy.elementType);
  }
  bool withSums() { return op.getDscale() || op.getDbias(); }

  BatchNormGradOp op;
  PatternRewriter &rewriter;
  const ConvertNormToVectorPassOptions &options;
  Location loc;
  int64_t axis;
  FloatType accType;
  GradPairBuilder pair;
  double epsilon;
  /// The elements per channel m, in the accumulation type.
  Value count;
  Value channels;
  SmallVector<OpFoldResult> sizes;
};

/// The per-channel values of dx = dy * k + xhat * p + q (GradCoefficients)
/// and of xhat = (x - mean) * invStd, one tensor each (per-channel vectors
/// for channels last), in the accumulation type; `p` and `q` are null with
/// constant statistics.
struct ChannelValues {
  Value mean, invStd, k, p, q;
};
} // namespace

/// dy, xhat = (x - mean) * invStd: the terms whose sums are dbias and dscale.
static SmallVector<Value> buildSumTerms(OpBuilder &b, Location loc, Value dy,
                                        Value x, Value mean, Value invStd) {
  Value xhat = buildNormalizedInput(b, loc, x, mean, invStd);
  return {dy, arith::MulFOp::create(b, loc, dy, xhat)};
}

/// dx of one vector: dy * k + ((x - mean) * invStd) * p + q, or dy * k with
/// constant statistics (null `p`).
static Value buildDx(OpBuilder &b, Location loc, Value dy, Value x,
                     const ChannelValues &values) {
  if (!values.p)
    return arith::MulFOp::create(b, loc, dy, values.k);
  Value xhat = buildNormalizedInput(b, loc, x, values.mean, values.invStd);
  return buildGradDx(b, loc, dy, values.k, xhat, values.p, values.q);
}

/// Replaces `op` by dx (`output`) and the dscale and dbias it returns: the
/// per-channel sums `channelSums` (sum dy, sum dy * xhat; accumulation-type
/// tensors) converted to the element type by `kernel`'s vector loops; each
/// cast to its result type.
static void replaceWithGradients(PatternRewriter &rewriter,
                                 BatchNormGradOp op, RunKernelBuilder &kernel,
                                 Value output, ArrayRef<Value> channelSums) {
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
    SmallVector<Value> results = buildLoops(
        rewriter, loc, op.getDy(), t.axis, inits,
        [&](ValueRange ivs, ValueRange carried) {
          return buildLoop(
              rewriter, loc, t.channels, carried,
              [&](Value c, ValueRange tensors) -> SmallVector<Value> {
                SmallVector<Value> prefix = appendIndex(ivs, c);
                Value mean = kernel.splat(kernel.extract(means, c));
                Value invStd = kernel.splat(kernel.extract(invStds, c));
                Value k = writeInPassOne ? kernel.splat(kernel.extract(ks, c))
                                         : Value();
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
                SmallVector<Value> next = {
                    kernel.writeState(tensors[0], c, totals)};
                if (written)
                  next.push_back(written);
                return next;
              });
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
    output = buildLoops(
        rewriter, loc, op.getDy(), t.axis, ValueRange{output},
        [&](ValueRange ivs, ValueRange carried) {
          return buildLoop(
              rewriter, loc, t.channels, carried,
              [&](Value c, ValueRange tensors) -> SmallVector<Value> {
                auto at = [&](Value tensor) {
                  return kernel.splat(kernel.extract(tensor, c));
                };
                ChannelValues values = {
                    at(means), at(invStds), at(channelResults[2]),
                    at(channelResults[3]), at(channelResults[4])};
                SmallVector<Value> prefix = appendIndex(ivs, c);
                return {pair.writeRun(
                    prefix, tensors[0], [&](Value dy, Value x, Value, Value) {
                      return buildDx(rewriter, loc, dy, x, values);
                    })};
              });
        })[0];
  } else if (!state) {
    output = buildLoops(
        rewriter, loc, op.getDy(), t.axis, ValueRange{output},
        [&](ValueRange ivs, ValueRange carried) {
          return buildLoop(
              rewriter, loc, t.channels, carried,
              [&](Value c, ValueRange tensors) -> SmallVector<Value> {
                Value k = kernel.splat(kernel.extract(ks, c));
                return {kernel.writeRun(appendIndex(ivs, c), tensors[0],
                                        [&](Value dy, Value, Value) -> Value {
                                          return arith::MulFOp::create(
                                              rewriter, loc, dy, k);
                                        })};
              });
        })[0];
  }

  replaceWithGradients(rewriter, op, kernel, output, channelResults);
  return success();
}

//===----------------------------------------------------------------------===//
// [A..., C]: channels last
//===----------------------------------------------------------------------===//

/// Rewrites a channels-last batch_norm_grad ([A0, A..., C]) into vector
/// loops across the channels, parallel over blocks of rows (indices of A0,
/// `blockElements` elements or more per block; scf.forall):
///  1. per block, the partial sums of dy and dy * xhat per channel, into a
///     [blocks * C] tensor per sum: a chunk of channels (`unroll` vectors)
///     at a time, its per-channel values read once and its sums kept in
///     registers over the rows along the last leading dim (e.g. W), then
///     added to the block's per-channel tensors;
///  2. the blocks' sums added up in block order (deterministic: the same
///     result for any thread count), then the coefficients of dx per
///     channel;
///  3. per block, dx = dy * k + xhat * p + q, chunked as pass 1 (the
///     chunk's coefficients stay in registers over the rows).
/// With constant statistics pass 1 also writes dx = dy * k (only built for
/// dscale/dbias; else dx is the only pass).
static LogicalResult
rewriteChannelsLast(BatchNormGradOp op, PatternRewriter &rewriter,
                    const ConvertNormToVectorPassOptions &options) {
  RankedTensorType type = op.getDy().getType();
  if (type.getRank() < 2)
    return rewriter.notifyMatchFailure(op, "no dim before the channel");
  if (llvm::is_contained(type.getShape(), 0))
    return rewriter.notifyMatchFailure(op, "statically empty input");
  BatchGradKernel t(op, rewriter, options);
  Location loc = t.loc;
  RunKernelBuilder &kernel = t.pair.dy;
  bool training = op.getTraining();
  int64_t axis = t.axis;
  RowBlocks blocks(rewriter, loc, op.getDy(), axis, options.blockElements);

  // Per channel: invStd and k = scale * invStd.
  SmallVector<Value> perChannel = kernel.buildVectorLoop(
      t.channels, ValueRange{t.perChannel(), t.perChannel()},
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        Value invStd = buildInverseSqrt(
            rewriter, loc, kernel.readVector(op.getVar(), j, mask), t.epsilon);
        Value k = arith::MulFOp::create(
            rewriter, loc, invStd, kernel.readVector(op.getScale(), j, mask));
        return {kernel.writeVector(invStd, carried[0], j, mask),
                kernel.writeVector(k, carried[1], j, mask)};
      });
  Value invStds = perChannel[0], ks = perChannel[1];

  // The vectors at `j` of the present per-channel tensors of `values`.
  auto readValues = [&](VectorKernelBuilder &rows, const ChannelValues &values,
                        Value j, Value mask) {
    SmallVector<Value> vectors;
    for (Value tensor :
         {values.mean, values.invStd, values.k, values.p, values.q})
      if (tensor)
        vectors.push_back(rows.readVector(tensor, j, mask));
    return vectors;
  };
  // The ChannelValues of the vectors `vectors` (see readValues).
  auto toValues = [](ValueRange vectors) {
    ChannelValues values = {vectors[0], vectors[1], vectors[2], Value(),
                            Value()};
    if (vectors.size() > 3) {
      values.p = vectors[3];
      values.q = vectors[4];
    }
    return values;
  };
  // Sweeps the rows of a block a chunk of channels at a time: a loop nest
  // over the leading dims but the last, whose index is the chunk's rows.
  auto sweepBlock = [&](GradPairBuilder &rows, Value dy, ValueRange sums,
                        Value output, const ChannelValues &values,
                        GradPairBuilder::ChunkStep step) {
    SmallVector<Value> inits(sums);
    if (output)
      inits.push_back(output);
    Value innerRows = tensor::DimOp::create(rewriter, loc, dy, axis - 1);
    return buildLoops(rewriter, loc, dy, axis - 1, inits,
                      [&](ValueRange ivs, ValueRange carried) {
                        return rows.sweepRowChunks(
                            ivs, innerRows, carried.take_front(sums.size()),
                            output ? carried.back() : Value(),
                            [&](Value j, Value mask) {
                              return readValues(rows.dy, values, j, mask);
                            },
                            step);
                      });
  };

  // Pass 1 (and the only pass with constant statistics).
  Value output = t.emptyOutput();
  SmallVector<Value> blockSums;
  bool writeInPassOne = !training;
  if (training || t.withSums()) {
    Value flatSize =
        arith::MulIOp::create(rewriter, loc, blocks.numBlocks, t.channels);
    SmallVector<Value> shared;
    for (int64_t i = 0; i < 2; ++i)
      shared.push_back(tensor::EmptyOp::create(
          rewriter, loc, ArrayRef<OpFoldResult>{flatSize}, t.accType));
    if (writeInPassOne)
      shared.push_back(output);
    SmallVector<Value> results = buildForall(
        rewriter, loc, blocks.numBlocks, shared,
        [&](Value block, ValueRange sharedArgs) -> SmallVector<SliceToInsert> {
          auto [start, size] = blocks.range(block);
          Value dy = blocks.slice(op.getDy(), start, size).first;
          Value x = blocks.slice(op.getX(), start, size).first;
          GradPairBuilder rows(rewriter, loc, dy, x, t.accType, options);
          SmallVector<Value> inits = {rows.dy.zeroVectorTensor(t.sizes[axis]),
                                      rows.dy.zeroVectorTensor(t.sizes[axis])};
          SliceToInsert outputSlice;
          if (writeInPassOne) {
            auto [target, insert] = blocks.slice(sharedArgs[2], start, size);
            inits.push_back(target);
            outputSlice = insert;
          }
          ChannelValues values = {op.getMean(), invStds, ks, Value(), Value()};
          SmallVector<Value> swept = sweepBlock(
              rows, dy, ArrayRef<Value>(inits).take_front(2),
              writeInPassOne ? inits[2] : Value(), values,
              [&](Value dyVector, Value xVector, ValueRange vectors,
                  Value *dx) {
                ChannelValues at = toValues(vectors);
                if (dx)
                  *dx = arith::MulFOp::create(rewriter, loc, dyVector, at.k);
                return buildSumTerms(rewriter, loc, dyVector, xVector, at.mean,
                                     at.invStd);
              });
          Value offset =
              arith::MulIOp::create(rewriter, loc, block, t.channels);
          SmallVector<SliceToInsert> slices;
          for (int64_t i = 0; i < 2; ++i)
            slices.push_back({swept[i], {offset}, {t.sizes[axis]}});
          if (writeInPassOne) {
            outputSlice.value = swept[2];
            slices.push_back(outputSlice);
          }
          return slices;
        });
    blockSums = {results[0], results[1]};
    if (writeInPassOne)
      output = results[2];
  }

  // The blocks' sums in block order, then the coefficients per channel.
  SmallVector<Value> channelResults;
  if (!blockSums.empty()) {
    SmallVector<Value> sums = buildLoop(
        rewriter, loc, blocks.numBlocks,
        ValueRange{kernel.zeroVectorTensor(t.sizes[axis]),
                   kernel.zeroVectorTensor(t.sizes[axis])},
        [&](Value block, ValueRange carried) -> SmallVector<Value> {
          Value offset =
              arith::MulIOp::create(rewriter, loc, block, t.channels);
          return kernel.buildVectorLoop(
              t.channels, carried,
              [&](Value j, Value mask, ValueRange tensors) {
                Value at = arith::AddIOp::create(rewriter, loc, offset, j);
                SmallVector<Value> next;
                for (auto [flat, tensor] : llvm::zip(blockSums, tensors))
                  next.push_back(kernel.writeVector(
                      kernel.add(kernel.readVector(tensor, j, mask),
                                 kernel.readVector(flat, at, mask)),
                      tensor, j, mask));
                return next;
              });
        });
    channelResults = {sums[0], sums[1]};
    if (training) {
      SmallVector<Value> coefficients = kernel.buildVectorLoop(
          t.channels, ValueRange{t.perChannel(), t.perChannel()},
          [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
            GradCoefficients values = buildGradCoefficients(
                rewriter, loc, kernel.readVector(ks, j, mask),
                kernel.readVector(sums[0], j, mask),
                kernel.readVector(sums[1], j, mask), kernel.splat(t.count));
            return {kernel.writeVector(values.p, carried[0], j, mask),
                    kernel.writeVector(values.q, carried[1], j, mask)};
          });
      llvm::append_range(channelResults, coefficients);
    }
  }

  // Pass 2: dx.
  if (training || blockSums.empty()) {
    ChannelValues values = {op.getMean(), invStds, ks, Value(), Value()};
    if (training) {
      values.p = channelResults[2];
      values.q = channelResults[3];
    }
    output = buildForall(
        rewriter, loc, blocks.numBlocks, ValueRange{output},
        [&](Value block, ValueRange shared) -> SmallVector<SliceToInsert> {
          auto [start, size] = blocks.range(block);
          Value dy = blocks.slice(op.getDy(), start, size).first;
          Value x = blocks.slice(op.getX(), start, size).first;
          auto [target, insert] = blocks.slice(shared[0], start, size);
          GradPairBuilder rows(rewriter, loc, dy, x, t.accType, options);
          insert.value = sweepBlock(rows, dy, {}, target, values,
                                    [&](Value dyVector, Value xVector,
                                        ValueRange vectors, Value *dx) {
                                      *dx = buildDx(rewriter, loc, dyVector,
                                                    xVector, toValues(vectors));
                                      return SmallVector<Value>();
                                    })[0];
          return {insert};
        })[0];
  }

  replaceWithGradients(rewriter, op, kernel, output, channelResults);
  return success();
}

namespace {
/// Rewrites `norm.batch_norm_grad` by its layout: [A..., C, B]
/// (rewriteRuns) or channels last (rewriteChannelsLast); any other layout is
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
      return rewriteChannelsLast(op, rewriter, options);
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
