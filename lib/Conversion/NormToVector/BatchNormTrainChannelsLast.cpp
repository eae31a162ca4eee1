//===- BatchNormTrainChannelsLast.cpp - channels-last train -----*- C++ -*-===//
//
// Lowers the channels-last batch_norm_train ([A..., C]) to vector loops
// across the channels: one memory pass for the statistics (blocks of rows
// in parallel, merged with Chan's formula) and one for the output.
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "RunKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/NormToVector/NormToVector.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

/// The running statistics of `op` as vectors over the channels at `j`: the
/// momentum blends of the running values read at `j` with the batch mean and
/// the (unbiased when requested) batch variance.
static SmallVector<Value> buildRunningStats(RunKernelBuilder &kernel,
                                            BatchNormTrainOp op, Value count,
                                            Value j, Value mask, Value mean,
                                            Value variance) {
  Value runningMean = kernel.readVector(op.getRunningMean(), j, mask);
  Value runningVar = kernel.readVector(op.getRunningVar(), j, mask);
  RunningStatistics running = buildRunningStatistics(
      kernel.b, kernel.loc, runningMean, runningVar, mean, variance, count,
      op.getAccumulatorMomentum(), op.getUnbiasedRunningVar());
  return {running.mean, running.variance};
}

/// Rewrites a channels-last `norm.batch_norm_train` ([A0, A..., C]) into
/// one memory pass for the statistics and one for the output, vectorized
/// across the channels and parallel over blocks of rows (indices of A0,
/// `blockElements` elements or more per block; scf.forall):
///
/// 1. K, a per-channel shift: the mean of the first block.
/// 2. Per block (in parallel): the corrected two-pass moments of y = x - K
///    over the block's rows, its first pass from memory and its second from
///    cache: m' = sum(y) / n_b, then sum(d) and sum(d^2) of d = y - m' give
///    mean_b = m' + sum(d) / n_b and M2_b = sum(d^2) - n_b (sum(d) / n_b)^2.
/// 3. Chan's formula merges the blocks in order: with delta = mean_b - mean,
///    mean += delta (n_b / n) and M2 += M2_b + delta^2 n_a (n_b / n). No
///    difference of squares is ever formed; a constant channel has y the
///    same exact delta everywhere, so mean = K + delta is exact and M2 = 0.
/// 4. Per block (in parallel): ((x - K) - mean) * rstd * scale + bias, the
///    two-part deviation of the linalg lowering ((x - m1) - c) with K for m1;
///    the blocks in reverse order, the last ones read by step 2 (still in
///    the cache) first.
///
/// A block's per-channel sums are 1-D tensors; a chunk of channels sums the
/// rows along the last leading dim (e.g. W) in registers and adds them to
/// those tensors once. The batch mean is K + mean, the batch variance M2 / n.
LogicalResult mlir::norm::rewriteChannelsLastToVector(
    BatchNormTrainOp op, PatternRewriter &rewriter,
    const ConvertNormToVectorPassOptions &options) {
  // Nothing to stream in a statically empty input (and its block slices
  // would not verify): the linalg lowering handles it.
  if (llvm::is_contained(op.getInput().getType().getShape(), 0))
    return rewriter.notifyMatchFailure(op, "statically empty input");
  Location loc = op.getLoc();
  Value input = op.getInput();
  int64_t axis = op.getNormalizedFeatureAxis();
  FloatType accType = op.getAccumulatorType();
  RunKernelBuilder kernel(rewriter, loc, input, accType, options);
  double epsilon = op.getAccumulatorEpsilon();
  Value count = buildCountPerChannel(rewriter, loc, input, axis, accType);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
  Value channels = tensor::DimOp::create(rewriter, loc, input, axis);
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  auto toAcc = [&](Value indexValue) -> Value {
    return buildIndexToFloat(rewriter, loc, indexValue, accType);
  };
  auto perChannel = [&]() -> Value {
    return tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{sizes[axis]}, accType);
  };

  // Blocks of `step` indices of A0 (at least blockElements elements).
  Value outer = tensor::DimOp::create(rewriter, loc, input, 0);
  Value rowsPerIndex = index(1);
  for (int64_t dim = 1; dim < axis; ++dim)
    rowsPerIndex =
        arith::MulIOp::create(rewriter, loc, rowsPerIndex,
                              tensor::DimOp::create(rewriter, loc, input, dim));
  Value perIndex = arith::MaxUIOp::create(
      rewriter, loc,
      arith::MulIOp::create(rewriter, loc, rowsPerIndex, channels), index(1));
  Value step = arith::MaxUIOp::create(
      rewriter, loc,
      arith::CeilDivUIOp::create(rewriter, loc, index(options.blockElements),
                                 perIndex),
      index(1));
  Value numBlocks = arith::CeilDivUIOp::create(rewriter, loc, outer, step);
  // The rows [block * step, +size) of A0 of a tensor shaped like the input.
  RowBlocks blocks(rewriter, loc, sizes, outer, step, numBlocks);
  // Sums the terms of every row of `block` (a slice of the input) into
  // `numSums` per-channel tensors: the rows along the last leading dim
  // accumulate in registers, a chunk of channels at a time.
  auto blockSums =
      [&](Value block, int64_t numSums,
          function_ref<SmallVector<Value>(RunKernelBuilder &, Value j,
                                          Value mask)>
              perVector,
          function_ref<SmallVector<Value>(Value x, ValueRange values)> terms)
      -> SmallVector<Value> {
    RunKernelBuilder rows(rewriter, loc, block, accType, options);
    SmallVector<Value> zeros;
    for (int64_t i = 0; i < numSums; ++i)
      zeros.push_back(rows.zeroVectorTensor(sizes[axis]));
    Value innerRows = tensor::DimOp::create(rewriter, loc, block, axis - 1);
    return buildLoops(
        rewriter, loc, block, axis - 1, zeros,
        [&](ValueRange ivs, ValueRange sums) {
          return rows.accumulateRowsInto(
              ivs, innerRows, sums, numSums,
              [&](Value j, Value mask) { return perVector(rows, j, mask); },
              terms);
        });
  };
  auto noValues = [](RunKernelBuilder &, Value, Value) {
    return SmallVector<Value>();
  };
  // The elements of a block per channel, in the accumulation type.
  auto blockCount = [&](Value size) {
    return toAcc(arith::MulIOp::create(rewriter, loc, size, rowsPerIndex));
  };

  // 1. The shift K: the mean of the first block.
  auto [firstStart, firstSize] = blocks.range(index(0));
  Value firstSum =
      blockSums(blocks.slice(input, firstStart, firstSize).first, 1, noValues,
                [](Value x, ValueRange) { return SmallVector<Value>{x}; })[0];
  Value firstCount = kernel.splat(blockCount(firstSize));
  Value shift = kernel.buildVectorLoop(
      channels, ValueRange{perChannel()},
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        Value mean = buildMean(
            rewriter, loc, kernel.readVector(firstSum, j, mask), firstCount);
        return {kernel.writeVector(mean, carried[0], j, mask)};
      })[0];

  // 2. Per block: mean_b and M2_b of y = x - K, into [blocks * C] tensors.
  Value flatSize = arith::MulIOp::create(rewriter, loc, numBlocks, channels);
  auto flatEmpty = [&]() -> Value {
    return tensor::EmptyOp::create(rewriter, loc,
                                   ArrayRef<OpFoldResult>{flatSize}, accType);
  };
  SmallVector<Value> blockMoments = buildForall(
      rewriter, loc, numBlocks, ValueRange{flatEmpty(), flatEmpty()},
      [&](Value block, ValueRange shared) -> SmallVector<SliceToInsert> {
        auto [start, size] = blocks.range(block);
        Value slice = blocks.slice(input, start, size).first;
        Value n = kernel.splat(blockCount(size));
        Value sum = blockSums(
            slice, 1,
            [&](RunKernelBuilder &rows, Value j, Value mask) {
              return SmallVector<Value>{rows.readVector(shift, j, mask)};
            },
            [&](Value x, ValueRange values) -> SmallVector<Value> {
              return {arith::SubFOp::create(rewriter, loc, x, values[0])};
            })[0];
        Value firstMeans = kernel.buildVectorLoop(
            channels, ValueRange{perChannel()},
            [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
              Value mean =
                  buildMean(rewriter, loc, kernel.readVector(sum, j, mask), n);
              return {kernel.writeVector(mean, carried[0], j, mask)};
            })[0];
        SmallVector<Value> deviations = blockSums(
            slice, 2,
            [&](RunKernelBuilder &rows, Value j, Value mask) {
              return SmallVector<Value>{rows.readVector(shift, j, mask),
                                        rows.readVector(firstMeans, j, mask)};
            },
            [&](Value x, ValueRange values) -> SmallVector<Value> {
              Value y = arith::SubFOp::create(rewriter, loc, x, values[0]);
              Value d = arith::SubFOp::create(rewriter, loc, y, values[1]);
              return {d, arith::MulFOp::create(rewriter, loc, d, d)};
            });
        Value offset = arith::MulIOp::create(rewriter, loc, block, channels);
        SmallVector<SliceToInsert> rows;
        SmallVector<Value> targets;
        for (Value dest : shared) {
          SliceToInsert row{nullptr, {offset}, {sizes[axis]}};
          targets.push_back(tensor::ExtractSliceOp::create(
              rewriter, loc, dest, row.offsets, row.sizes,
              ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)}));
          rows.push_back(row);
        }
        SmallVector<Value> written = kernel.buildVectorLoop(
            channels, targets,
            [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
              PartialMoments moments = buildCentredPartialMoments(
                  rewriter, loc, kernel.readVector(firstMeans, j, mask),
                  kernel.readVector(deviations[0], j, mask),
                  kernel.readVector(deviations[1], j, mask), n);
              return {kernel.writeVector(moments.mean, carried[0], j, mask),
                      kernel.writeVector(moments.m2, carried[1], j, mask)};
            });
        rows[0].value = written[0];
        rows[1].value = written[1];
        return rows;
      });

  // 3. Chan's merge of the blocks, in order.
  SmallVector<Value> merged = buildLoop(
      rewriter, loc, numBlocks,
      ValueRange{kernel.scalar(0.0), kernel.zeroVectorTensor(sizes[axis]),
                 kernel.zeroVectorTensor(sizes[axis])},
      [&](Value block, ValueRange carried) -> SmallVector<Value> {
        Value countBefore = carried[0];
        Value countOfBlock = blockCount(blocks.range(block).second);
        ChanWeights weights =
            buildChanWeights(rewriter, loc, countBefore, countOfBlock);
        weights.meanWeight = kernel.splat(weights.meanWeight);
        weights.m2Weight = kernel.splat(weights.m2Weight);
        Value offset = arith::MulIOp::create(rewriter, loc, block, channels);
        SmallVector<Value> next = kernel.buildVectorLoop(
            channels, carried.drop_front(),
            [&](Value j, Value mask, ValueRange tensors) -> SmallVector<Value> {
              Value at = arith::AddIOp::create(rewriter, loc, offset, j);
              PartialMoments merged = buildChanMerge(
                  rewriter, loc, weights,
                  {countBefore, kernel.readVector(tensors[0], j, mask),
                   kernel.readVector(tensors[1], j, mask)},
                  {countOfBlock, kernel.readVector(blockMoments[0], at, mask),
                   kernel.readVector(blockMoments[1], at, mask)});
              return {kernel.writeVector(merged.mean, tensors[0], j, mask),
                      kernel.writeVector(merged.m2, tensors[1], j, mask)};
            });
        return {weights.count, next[0], next[1]};
      });
  Value correction = merged[1];

  // Per channel: rstd and the statistics results.
  bool running = static_cast<bool>(op.getRunningMean());
  SmallVector<Value> statInits(running ? 5 : 3);
  for (Value &init : statInits)
    init = perChannel();
  SmallVector<Value> stats = kernel.buildVectorLoop(
      channels, statInits,
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        Value variance = buildVariance(
            rewriter, loc,
            {count, Value(), kernel.readVector(merged[2], j, mask)});
        Value mean = arith::AddFOp::create(
            rewriter, loc, kernel.readVector(shift, j, mask),
            kernel.readVector(correction, j, mask));
        SmallVector<Value> values = {
            buildInverseSqrt(rewriter, loc, variance, epsilon), mean, variance};
        if (running)
          llvm::append_range(values, buildRunningStats(kernel, op, count, j,
                                                       mask, mean, variance));
        SmallVector<Value> next;
        for (auto [value, tensor] : llvm::zip(values, carried))
          next.push_back(kernel.writeVector(value, tensor, j, mask));
        return next;
      });

  // 4. Per block: ((x - K) - mean') * rstd * scale + bias, the blocks in
  // the reverse order of step 2: each thread's chunk of iterations starts
  // with the blocks the statistics pass read last, those still in the cache
  // (the L3 holds a good part of a DRAM-sized input), before the reads that
  // evict them.
  Value init =
      tensor::EmptyOp::create(rewriter, loc, sizes, kernel.elementType);
  Value lastBlock = arith::SubIOp::create(rewriter, loc, numBlocks, index(1));
  Value output = buildForall(
      rewriter, loc, numBlocks, ValueRange{init},
      [&](Value iteration, ValueRange shared) -> SmallVector<SliceToInsert> {
        Value block =
            arith::SubIOp::create(rewriter, loc, lastBlock, iteration);
        auto [start, size] = blocks.range(block);
        Value slice = blocks.slice(input, start, size).first;
        auto [target, insert] = blocks.slice(shared[0], start, size);
        RunKernelBuilder rows(rewriter, loc, slice, accType, options);
        insert.value = buildLoops(
            rewriter, loc, slice, axis, ValueRange{target},
            [&](ValueRange ivs, ValueRange carried) -> SmallVector<Value> {
              return {rows.writeRun(
                  ivs, carried[0], [&](Value x, Value j, Value mask) -> Value {
                    Value d = arith::SubFOp::create(
                        rewriter, loc,
                        arith::SubFOp::create(rewriter, loc, x,
                                              rows.readVector(shift, j, mask)),
                        rows.readVector(correction, j, mask));
                    Value y = buildScaledDeviation(
                        rewriter, loc, d, rows.readVector(stats[0], j, mask),
                        epsilon);
                    y = arith::MulFOp::create(
                        rewriter, loc, y,
                        rows.readVector(op.getScale(), j, mask));
                    return arith::AddFOp::create(
                        rewriter, loc, y,
                        rows.readVector(op.getBias(), j, mask));
                  })};
            })[0];
        return {insert};
      })[0];

  SmallVector<Value> results = {output};
  llvm::append_range(results, ArrayRef<Value>(stats).drop_front(1));
  SmallVector<Value> replacements;
  for (auto [value, result] : llvm::zip_equal(results, op->getResults()))
    replacements.push_back(castTo(rewriter, loc, value, result.getType()));
  rewriter.replaceOp(op, replacements);
  return success();
}
