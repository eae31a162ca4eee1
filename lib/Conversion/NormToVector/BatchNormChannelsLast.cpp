//===- BatchNormChannelsLast.cpp - channels-last batch norms to vector loops -*- C++ -*-===//
//
// Lowers the channels-last batch norms ([A..., C]) to vector loops across
// the channels: batch_norm in one pass over blocks of rows in parallel,
// batch_norm_train in one memory pass for the statistics (blocks of rows in
// parallel, merged with Chan's formula) and one for the output.
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "RunKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Conversion/NormToVector/NormToVector.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
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
  OpBuilder &b = kernel.b;
  Location loc = kernel.loc;
  double momentum = op.getAccumulatorMomentum();
  Value batchVar = variance;
  if (op.getUnbiasedRunningVar())
    batchVar = buildUnbiasedVariance(b, loc, variance, count);
  return {buildMomentumBlend(b, loc,
                             kernel.readVector(op.getRunningMean(), j, mask),
                             mean, momentum),
          buildMomentumBlend(b, loc,
                             kernel.readVector(op.getRunningVar(), j, mask),
                             batchVar, momentum)};
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
LogicalResult mlir::norm::rewriteChannelsLastToVector(BatchNormTrainOp op,
                                         PatternRewriter &rewriter,
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
  // The rows [block * step, +size) of A0 of `tensor`, and their size.
  auto blockRange = [&](Value block) -> std::pair<Value, Value> {
    Value start = arith::MulIOp::create(rewriter, loc, block, step);
    Value size = arith::MinUIOp::create(
        rewriter, loc, step,
        arith::SubIOp::create(rewriter, loc, outer, start));
    return {start, size};
  };
  auto blockSlice = [&](Value tensor, Value start,
                        Value size) -> std::pair<Value, SliceToInsert> {
    SliceToInsert slice;
    slice.offsets.assign(sizes.size(), rewriter.getIndexAttr(0));
    slice.offsets[0] = start;
    slice.sizes = sizes;
    slice.sizes[0] = size;
    Value extracted = tensor::ExtractSliceOp::create(
        rewriter, loc, tensor, slice.offsets, slice.sizes,
        SmallVector<OpFoldResult>(sizes.size(), rewriter.getIndexAttr(1)));
    return {extracted, slice};
  };
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
  auto [firstStart, firstSize] = blockRange(index(0));
  Value firstSum =
      blockSums(blockSlice(input, firstStart, firstSize).first, 1, noValues,
                [](Value x, ValueRange) { return SmallVector<Value>{x}; })[0];
  Value firstCount = kernel.splat(blockCount(firstSize));
  Value shift = kernel.buildVectorLoop(
      channels, ValueRange{perChannel()},
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        Value mean =
            buildMean(rewriter, loc, kernel.readVector(firstSum, j, mask),
                      firstCount);
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
        auto [start, size] = blockRange(block);
        Value slice = blockSlice(input, start, size).first;
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
        Value countOfBlock = blockCount(blockRange(block).second);
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
        auto [start, size] = blockRange(block);
        Value slice = blockSlice(input, start, size).first;
        auto [target, insert] = blockSlice(shared[0], start, size);
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
                    Value y = buildScaledDeviation(rewriter, loc, 
                        d, rows.readVector(stats[0], j, mask), epsilon);
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

/// The per-channel constants of the channels-last inference kernel, 1-D
/// tensors of C in the accumulation type: the mean, a = rstd * scale and
/// the bias.
struct AffineConstants {
  Value mean, a, bias;
};

/// Computes a = scale / sqrt(var + epsilon) once per call; the mean and the
/// bias are the op's operands when they already have the accumulation type,
/// else converted once here (no conversion per row).
static AffineConstants buildAffineConstants(RunKernelBuilder &kernel,
                                            BatchNormOp op, Value channels,
                                            OpFoldResult channelSize,
                                            double epsilon) {
  OpBuilder &b = kernel.b;
  Location loc = kernel.loc;
  auto isAcc = [&](Value tensor) {
    return cast<RankedTensorType>(tensor.getType()).getElementType() ==
           kernel.accType;
  };
  bool convert = !isAcc(op.getMean()) || !isAcc(op.getBias());
  auto empty = [&]() -> Value {
    return tensor::EmptyOp::create(b, loc, ArrayRef<OpFoldResult>{channelSize},
                                   kernel.accType);
  };
  SmallVector<Value> inits = {empty()};
  if (convert)
    inits.append({empty(), empty()});
  SmallVector<Value> written = kernel.buildVectorLoop(
      channels, inits,
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        Value rstd = buildInverseSqrt(
            b, loc, kernel.readVector(op.getVar(), j, mask), epsilon);
        Value a = arith::MulFOp::create(
            b, loc, rstd, kernel.readVector(op.getScale(), j, mask));
        SmallVector<Value> next = {kernel.writeVector(a, carried[0], j, mask)};
        if (convert) {
          next.push_back(kernel.writeVector(
              kernel.readVector(op.getMean(), j, mask), carried[1], j, mask));
          next.push_back(kernel.writeVector(
              kernel.readVector(op.getBias(), j, mask), carried[2], j, mask));
        }
        return next;
      });
  if (convert)
    return {written[1], written[0], written[2]};
  return {op.getMean(), written[0], op.getBias()};
}

/// fma(x - mean, a, bias): 3 per-channel operands and 2 operations per
/// vector. A constant channel (x == mean) gives exactly the bias, as in the
/// linalg lowering; with epsilon = 0, where a zero variance makes `a`
/// infinite, it is selected (0 * inf would be NaN).
static Value buildAffine(OpBuilder &b, Location loc, Value x, Value mean,
                         Value a, Value bias, double epsilon) {
  Value d = arith::SubFOp::create(b, loc, x, mean);
  Value y = math::FmaOp::create(b, loc, d, a, bias);
  if (epsilon != 0.0)
    return y;
  Value zero = buildFloatConstant(b, loc, d.getType(), 0.0);
  Value isZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, d, zero);
  return arith::SelectOp::create(b, loc, isZero, bias, y);
}

/// The fresh `value` (the [R, C] rows or the [R * C] run of the output)
/// with the input's shape `type` (sizes `sizes`; `reassociation` maps its
/// dims to those of `value`): a view. A dim split into several dynamic ones
/// as a memref.expand_shape crashes expand-strided-metadata in LLVM 22
/// (llvm-project#186830): a tensor.reshape of the fresh output instead.
static Value expandTo(OpBuilder &b, Location loc, Value value,
                      RankedTensorType type, ArrayRef<OpFoldResult> sizes,
                      ArrayRef<ReassociationIndices> reassociation) {
  if (cast<RankedTensorType>(value.getType()).getRank() == type.getRank())
    return value;
  bool splitsDynamic = llvm::any_of(reassociation, [&](auto group) {
    return llvm::count_if(group, [&](int64_t dim) {
             return type.isDynamicDim(dim);
           }) > 1;
  });
  if (!splitsDynamic)
    return tensor::ExpandShapeOp::create(b, loc, type, value, reassociation,
                                         sizes);
  SmallVector<Value> shape = llvm::map_to_vector(sizes, [&](OpFoldResult s) {
    return getValueOrCreateConstantIndexOp(b, loc, s);
  });
  return tensor::ReshapeOp::create(
      b, loc, type, value, tensor::FromElementsOp::create(b, loc, shape));
}

/// Rewrites a channels-last `norm.batch_norm` ([A..., C]) into one
/// streaming pass over its R = prod(A) rows of C channels, the oneDNN
/// schedule:
///
/// 1. Once per call, per channel (a vector loop over C): a = rstd * scale
///    (and the mean and the bias in the accumulation type).
/// 2. The rows in blocks of `block-elements` elements or more, in parallel
///    (scf.forall; rows, not channels, so that few rows of many channels,
///    e.g. 7x7 spatial extents or a batch of 1, still fill the threads).
///    Each row is written as fma(x - mean, a, bias), `unroll` full vectors of
///    channels per iteration with the per-channel vectors read from L1
///    (3 x C elements), then the full vectors left and one masked vector
///    for C % lanes. Rows of whole cache lines stream.
/// 3. A static C of at most `unroll` vectors: the per-channel vectors are
///    read once, before the loops, and the input is seen as one flat run
///    swept C elements (one row) per iteration: no loop, no mask and no
///    parameter load per row but the masked last vector where C % lanes.
///
/// The statistics stay in f32 (the accumulation type) for f16/bf16.
LogicalResult mlir::norm::rewriteChannelsLastToVector(BatchNormOp op,
                                         PatternRewriter &rewriter,
                                         const ConvertNormToVectorPassOptions &options) {
  Location loc = op.getLoc();
  Value input = op.getInput();
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  // A static 0 next to dynamic dims would collapse into a static 0 that the
  // memref view rejects: the linalg lowering handles empty inputs.
  if (rank < 2 || llvm::is_contained(inputType.getShape(), 0))
    return rewriter.notifyMatchFailure(op, "rank 1 or statically empty input");
  FloatType accType = op.getAccumulatorType();
  double epsilon = op.getAccumulatorEpsilon();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  // [A..., C] as [R, C] (rows) or as [R * C] (one run).
  SmallVector<ReassociationIndices> toRows(2), toRun(1);
  for (int64_t dim = 0; dim < rank; ++dim) {
    toRows[dim == rank - 1].push_back(dim);
    toRun[0].push_back(dim);
  }
  auto view = [&](Value tensor,
                  ArrayRef<ReassociationIndices> reassociation) -> Value {
    if (static_cast<int64_t>(reassociation.size()) == rank)
      return tensor;
    return tensor::CollapseShapeOp::create(rewriter, loc, tensor,
                                           reassociation);
  };
  Value matrix = view(input, toRows);
  RunKernelBuilder kernel(rewriter, loc, matrix, accType, options);
  Value channels = tensor::DimOp::create(rewriter, loc, matrix, 1);
  Value numRows = tensor::DimOp::create(rewriter, loc, matrix, 0);
  AffineConstants constants =
      buildAffineConstants(kernel, op, channels, sizes.back(), epsilon);

  // Blocks of `rowsPerBlock` rows (at least block-elements elements).
  Value rowsPerBlock = arith::CeilDivUIOp::create(
      rewriter, loc, index(options.blockElements),
      arith::MaxUIOp::create(rewriter, loc, channels, index(1)));
  Value numBlocks =
      arith::CeilDivUIOp::create(rewriter, loc, numRows, rowsPerBlock);
  // The rows of block `block`: its first row and its number of rows.
  auto blockRows = [&](Value block) -> std::pair<Value, Value> {
    Value start = arith::MulIOp::create(rewriter, loc, block, rowsPerBlock);
    Value size = arith::MinUIOp::create(
        rewriter, loc, rowsPerBlock,
        arith::SubIOp::create(rewriter, loc, numRows, start));
    return {start, size};
  };
  auto ones = [&](int64_t count) {
    return SmallVector<OpFoldResult>(count, rewriter.getIndexAttr(1));
  };

  Value output;
  int64_t staticChannels = inputType.getShape().back();
  int64_t numVectors =
      ShapedType::isDynamic(staticChannels)
          ? 0
          : llvm::divideCeil(staticChannels, kernel.lanes);
  if (numVectors > 0 && numVectors <= kernel.unroll) {
    // Few static channels: the per-channel vectors in registers, each row
    // at flat position r * C.
    SmallVector<Value> masks, means, as, biases;
    for (int64_t v = 0; v < numVectors; ++v) {
      Value mask;
      if ((v + 1) * kernel.lanes > staticChannels)
        mask = vector::CreateMaskOp::create(
            rewriter, loc, kernel.maskType,
            ValueRange{index(staticChannels - v * kernel.lanes)});
      Value j = index(v * kernel.lanes);
      masks.push_back(mask);
      means.push_back(kernel.readVector(constants.mean, j, mask));
      as.push_back(kernel.readVector(constants.a, j, mask));
      biases.push_back(kernel.readVector(constants.bias, j, mask));
    }
    Value run = view(input, toRun);
    Value init = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{tensor::getMixedSize(rewriter, loc, run, 0)},
        kernel.elementType);
    Value flat = buildForall(
        rewriter, loc, numBlocks, ValueRange{init},
        [&](Value block, ValueRange shared) -> SmallVector<SliceToInsert> {
          auto [start, size] = blockRows(block);
          SliceToInsert slice{
              nullptr,
              {arith::MulIOp::create(rewriter, loc, start, channels).getResult()},
              {arith::MulIOp::create(rewriter, loc, size, channels).getResult()}};
          Value source = tensor::ExtractSliceOp::create(
              rewriter, loc, run, slice.offsets, slice.sizes, ones(1));
          Value target = tensor::ExtractSliceOp::create(
              rewriter, loc, shared[0], slice.offsets, slice.sizes, ones(1));
          RunKernelBuilder rows(rewriter, loc, source, accType, options);
          auto loop = scf::ForOp::create(
              rewriter, loc, index(0), rows.length, index(staticChannels),
              ValueRange{target},
              [&](OpBuilder &nb, Location, Value row, ValueRange carried) {
                OpBuilder::InsertionGuard guard(rewriter);
                rewriter.setInsertionPointToEnd(nb.getInsertionBlock());
                Value tensor = carried[0];
                for (int64_t v = 0; v < numVectors; ++v) {
                  Value j = rows.offset(row, v * kernel.lanes);
                  Value x = rows.loadInputVector({}, j, masks[v]);
                  Value y = buildAffine(rewriter, loc, x, means[v], as[v],
                                        biases[v], epsilon);
                  tensor = rows.storeOutputVector(y, tensor, {}, j, masks[v]);
                }
                scf::YieldOp::create(rewriter, loc, tensor);
              });
          // Rows of whole cache lines, no mask: the row loop streams.
          if (options.streamStores && staticChannels % kernel.lanes == 0 &&
              staticChannels % (RunKernelBuilder::kLineBytes * 8 /
                                kernel.elementType.getWidth()) ==
                  0)
            NormDialect::StreamStoresAttrHelper(rewriter.getContext())
                .setAttr(loop, rewriter.getI64IntegerAttr(RunKernelBuilder::kLineBytes));
          slice.value = loop.getResult(0);
          return {slice};
        })[0];
    output = expandTo(rewriter, loc, flat, inputType, sizes, toRun);
  } else {
    Value init = tensor::EmptyOp::create(
        rewriter, loc,
        ArrayRef<OpFoldResult>{tensor::getMixedSize(rewriter, loc, matrix, 0),
                               sizes.back()},
        kernel.elementType);
    Value rows2d = buildForall(
        rewriter, loc, numBlocks, ValueRange{init},
        [&](Value block, ValueRange shared) -> SmallVector<SliceToInsert> {
          auto [start, size] = blockRows(block);
          SliceToInsert slice{nullptr,
                              {start, rewriter.getIndexAttr(0)},
                              {size, sizes.back()}};
          Value source = tensor::ExtractSliceOp::create(
              rewriter, loc, matrix, slice.offsets, slice.sizes, ones(2));
          Value target = tensor::ExtractSliceOp::create(
              rewriter, loc, shared[0], slice.offsets, slice.sizes, ones(2));
          RunKernelBuilder rows(rewriter, loc, source, accType, options);
          slice.value = buildLoop(
              rewriter, loc, size, ValueRange{target},
              [&](Value row, ValueRange carried) -> SmallVector<Value> {
                return {rows.writeRun(
                    {row}, carried[0],
                    [&](Value x, Value j, Value mask) -> Value {
                      return buildAffine(
                          rewriter, loc, x,
                          rows.readVector(constants.mean, j, mask),
                          rows.readVector(constants.a, j, mask),
                          rows.readVector(constants.bias, j, mask), epsilon);
                    })};
              })[0];
          return {slice};
        })[0];
    output = expandTo(rewriter, loc, rows2d, inputType, sizes, toRows);
  }
  rewriter.replaceOp(op, castTo(rewriter, loc, output, op.getType()));
  return success();
}
