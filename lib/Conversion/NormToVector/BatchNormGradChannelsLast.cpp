//===- BatchNormGradChannelsLast.cpp - channels-last grad -------*- C++ -*-===//
//
// Lowers a channels-last batch_norm_grad ([A..., C]) to vector loops across
// the channels, blocks of rows in parallel: the per-channel sums of dy and
// dy * xhat, then dx.
//
//===----------------------------------------------------------------------===//

#include "BatchNormGrad.h"
#include "norm/Conversion/NormCommon/Statistics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::norm;

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
LogicalResult mlir::norm::rewriteBatchNormGradChannelsLast(
    BatchNormGradOp op, PatternRewriter &rewriter,
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
