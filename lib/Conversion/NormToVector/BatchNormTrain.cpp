//===- BatchNormTrain.cpp - [A..., C, B] batch_norm_train to vector loops -*- C++ -*-===//
//
// Lowers the batch_norm_train whose channel is followed by one contiguous
// dim ([A..., C, B]: NCHW once norm-flatten-batch-norm has merged H and W)
// to three vector passes over its runs, a run at a time or, for short runs
// (the schedule of BatchNormSchedule.h), over the channels of an index of
// A... as one run.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/Transforms/RunSchedule.h"
#include "NormToVector.h"
#include "RunKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Conversion/NormToVector/NormToVector.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

/// The [A..., C, B] `input` viewed as [A..., C * B] without a copy, or null:
/// a slice of whole runs (all of B, unit strides: a tile of channels)
/// becomes the same slice of its source with C and B merged; any other
/// value is merged itself (its buffer is contiguous unless it is a slice).
static Value buildFlatView(OpBuilder &b, Location loc, Value input,
                           int64_t axis) {
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t dim = 0; dim < axis; ++dim)
    reassociation.push_back({dim});
  reassociation.push_back({axis, axis + 1});
  auto slice = input.getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice)
    return tensor::CollapseShapeOp::create(b, loc, input, reassociation);
  Value source = slice.getSource();
  int64_t rank = axis + 2;
  if (slice.getSourceType().getRank() != rank ||
      slice.getResultType().getRank() != rank ||
      !llvm::all_of(slice.getMixedStrides(),
                    [](OpFoldResult s) { return isConstantIntValue(s, 1); }))
    return nullptr;
  SmallVector<OpFoldResult> offsets = slice.getMixedOffsets();
  SmallVector<OpFoldResult> sizes = slice.getMixedSizes();
  OpFoldResult run = tensor::getMixedSize(b, loc, source, axis + 1);
  if (!isConstantIntValue(offsets[axis + 1], 0) ||
      !isEqualConstantIntOrValue(sizes[axis + 1], run)) {
    // The run's size may be a tensor.dim of the source in another form.
    auto dim = dyn_cast_if_present<Value>(sizes[axis + 1])
                   ? cast<Value>(sizes[axis + 1]).getDefiningOp<tensor::DimOp>()
                   : nullptr;
    std::optional<int64_t> dimIndex =
        dim ? dim.getConstantIndex() : std::nullopt;
    if (!isConstantIntValue(offsets[axis + 1], 0) || !dim ||
        dim.getSource() != source || dimIndex != axis + 1)
      return nullptr;
  }
  Value collapsed =
      tensor::CollapseShapeOp::create(b, loc, source, reassociation);
  Value runValue = getValueOrCreateConstantIndexOp(b, loc, run);
  auto times = [&](OpFoldResult value) -> OpFoldResult {
    std::optional<int64_t> lhs = getConstantIntValue(value);
    std::optional<int64_t> rhs = getConstantIntValue(run);
    if (lhs && rhs)
      return b.getIndexAttr(*lhs * *rhs);
    return arith::MulIOp::create(
               b, loc, getValueOrCreateConstantIndexOp(b, loc, value), runValue)
        .getResult();
  };
  SmallVector<OpFoldResult> flatOffsets(offsets.begin(),
                                        offsets.begin() + axis);
  SmallVector<OpFoldResult> flatSizes(sizes.begin(), sizes.begin() + axis);
  flatOffsets.push_back(times(offsets[axis]));
  flatSizes.push_back(times(sizes[axis]));
  return tensor::ExtractSliceOp::create(
      b, loc, collapsed, flatOffsets, flatSizes,
      SmallVector<OpFoldResult>(axis + 1, b.getIndexAttr(1)));
}

namespace {
/// Rewrites `norm.batch_norm_train` of an [A..., C, B] input into three
/// vector passes over its runs of B elements, each a loop nest over the
/// leading dims A... whose body visits the channels of the tile in turn, so
/// that every pass sweeps the tile's memory in order (a channel's runs alone
/// are scattered C * B elements apart): sum x per channel (first mean m1);
/// sum d = x - m1 and d^2 (the corrected two-pass moments of
/// convert-norm-to-linalg); and the write of ((x - m1) - c) * rstd * scale +
/// bias. A run's `unroll` vector accumulators are added up at its end into
/// one vector per sum and channel, kept in a small tensor between runs. The
/// first pass reads the tile from memory, the other two from cache. The batch
/// and running statistics are computed per channel by the formulas of the
/// linalg lowering.
///
/// With runs shorter than `smallRunElements` (an scf.if on B when it is
/// dynamic), where the per-run work (loop setup, the last vector, the
/// accumulators kept, added up and stored per run) would dominate, passes 1
/// and 2 are rewritten over the tile viewed as [A..., C * B] (its channels
/// are contiguous per index of A...): each index of A... adds x (pass 1), d
/// and d^2 (pass 2) into position-wise accumulators of C * B elements, in
/// one vector loop per index with nothing carried in registers; each
/// channel's B positions are then reduced once per tile. Pass 2 reads m1
/// from a position-wise copy built once per tile. The sums are the same
/// centred two-pass sums, in another order. When the choice is static (B
/// static, or the op marked `norm.small_runs = true` by norm-tile-and-fuse,
/// which inserts the tile into the output viewed as [A..., C * B]), pass 3
/// too writes ((x - m1) - c) * rstd * scale + bias as one run of C * B
/// elements per index of A..., its parameters spread over the positions
/// once per tile, into an [A..., C * B] tensor expanded back to
/// [A..., C, B]: whole cache lines of it stream. `norm.small_runs = false`
/// keeps the per-run passes.
struct BatchNormTrainToVector : OpRewritePattern<BatchNormTrainOp> {
  BatchNormTrainToVector(MLIRContext *context,
                         const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(BatchNormTrainOp op,
                                PatternRewriter &rewriter) const override {
    Value input = op.getInput();
    int64_t rank = op.getInput().getType().getRank();
    int64_t axis = op.getNormalizedFeatureAxis();
    if (axis == rank - 1)
      return rewriteChannelsLastToVector(op, rewriter, options);
    if (axis != rank - 2)
      return rewriter.notifyMatchFailure(
          op, "more than one dim after the feature axis");
    Location loc = op.getLoc();
    FloatType accType = op.getAccumulatorType();
    RunKernelBuilder kernel(rewriter, loc, input, accType, options);
    double epsilon = op.getAccumulatorEpsilon();
    Value count = buildCountPerChannel(rewriter, loc, input, axis, accType);
    Value channels = tensor::DimOp::create(rewriter, loc, input, axis);
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, input);
    auto perChannel = [&]() -> Value {
      return tensor::EmptyOp::create(
          rewriter, loc, ArrayRef<OpFoldResult>{sizes[axis]}, accType);
    };
    // One pass adding `terms` of every element to `numSums` sums per
    // channel; `terms` also gets `perRun(c)`, built once per run. Returns the
    // per-channel accumulators.
    auto accumulate =
        [&](int64_t numSums, function_ref<Value(Value c)> perRun,
            function_ref<SmallVector<Value>(Value x, Value run)> terms)
        -> Value {
      return buildLoops(
          rewriter, loc, input, axis,
          ValueRange{kernel.zeroState(channels, numSums)},
          [&](ValueRange ivs, ValueRange carried) {
            return buildLoop(
                rewriter, loc, channels, carried,
                [&](Value c, ValueRange state) -> SmallVector<Value> {
                  Value run = perRun ? perRun(c) : Value();
                  SmallVector<Value> accs = kernel.fold(
                      kernel.accumulateRun(
                          appendIndex(ivs, c), kernel.zeroAccumulators(numSums),
                          numSums, [&](Value x) { return terms(x, run); }),
                      numSums);
                  SmallVector<Value> totals =
                      kernel.readState(state[0], c, numSums);
                  for (auto [total, acc] : llvm::zip(totals, accs))
                    total = kernel.add(total, acc);
                  return {kernel.writeState(state[0], c, totals)};
                });
          })[0];
    };

    // Passes 1 and 2 over the runs: the first means m1 and, per channel, the
    // sums of d and d^2 (read through `moments`).
    auto runPasses = [&]() -> std::pair<Value, Value> {
      // Pass 1: sum(x), the first mean m1.
      Value sums = accumulate(
          1, nullptr, [](Value x, Value) { return SmallVector<Value>{x}; });
      Value firstMeans = buildLoop(
          rewriter, loc, channels, ValueRange{perChannel()},
          [&](Value c, ValueRange carried) -> SmallVector<Value> {
            Value sum = kernel.reduce(kernel.readState(sums, c, 1))[0];
            return {tensor::InsertOp::create(
                rewriter, loc, arith::DivFOp::create(rewriter, loc, sum, count),
                carried[0], c)};
          })[0];

      // Pass 2: sum(d), sum(d^2) of d = x - m1 (the lanes of a run's last
      // vector that are not new add 0).
      Value deviationSums = accumulate(
          2,
          [&](Value c) { return kernel.splat(kernel.extract(firstMeans, c)); },
          [&](Value x, Value m1) -> SmallVector<Value> {
            Value d = arith::SubFOp::create(rewriter, loc, x, m1);
            return {d, arith::MulFOp::create(rewriter, loc, d, d)};
          });
      return {firstMeans, deviationSums};
    };

    // The same over the positions of the flat view (small runs): per index
    // of A... the tile's channels are one contiguous run of C * B elements
    // summed position-wise into accumulators of that length, each channel's
    // B positions reduced once.
    // The schedule norm-tile-and-fuse tiled for (or, untiled, the same
    // policy's choice).
    RunSchedule schedule =
        getRunSchedule(op, op.getInput().getType(), options.smallRunElements);
    Value flat;
    if (schedule != RunSchedule::PerRun &&
        !llvm::is_contained(op.getInput().getType().getShape(), 0))
      flat = buildFlatView(rewriter, loc, input, axis);
    // Pass 3 too writes the channels of an index of A... as one run when
    // the small-run passes are chosen statically.
    bool flatWrite = flat && schedule == RunSchedule::SmallRuns;
    auto positionPasses = [&]() -> SmallVector<Value> {
      RunKernelBuilder positions(rewriter, loc, flat, accType, options);
      Value runLength = kernel.runLength;
      OpFoldResult length = positions.runLength;
      auto zeros = [&]() { return positions.zeroVectorTensor(length); };
      auto accumulatePositions =
          [&](ValueRange accs,
              function_ref<SmallVector<Value>(Value x, Value j, Value mask)>
                  terms) {
            return buildLoops(rewriter, loc, flat, axis, accs,
                              [&](ValueRange ivs, ValueRange carried) {
                                return positions.accumulatePositions(
                                    ivs, carried, terms);
                              });
          };
      auto startOf = [&](Value c) -> Value {
        return arith::MulIOp::create(rewriter, loc, c, runLength);
      };

      // Pass 1: sum(x) per position, then per channel: m1, spread over the
      // channel's positions for pass 2.
      Value sums =
          accumulatePositions(ValueRange{zeros()}, [](Value x, Value, Value) {
            return SmallVector<Value>{x};
          })[0];
      SmallVector<Value> means = buildLoop(
          rewriter, loc, channels,
          ValueRange{perChannel(),
                     tensor::EmptyOp::create(rewriter, loc,
                                             ArrayRef<OpFoldResult>{length},
                                             accType)},
          [&](Value c, ValueRange carried) -> SmallVector<Value> {
            Value mean = arith::DivFOp::create(
                rewriter, loc,
                positions.sumSegment(sums, startOf(c), runLength), count);
            return {
                tensor::InsertOp::create(rewriter, loc, mean, carried[0], c),
                positions.fillSegment(carried[1], startOf(c), runLength, mean)};
          });

      // Pass 2: sum(d), sum(d^2) of d = x - m1 per position, then per
      // channel.
      SmallVector<Value> deviations = accumulatePositions(
          ValueRange{zeros(), zeros()},
          [&](Value x, Value j, Value mask) -> SmallVector<Value> {
            Value d = arith::SubFOp::create(
                rewriter, loc, x, positions.readVector(means[1], j, mask));
            return {d, arith::MulFOp::create(rewriter, loc, d, d)};
          });
      SmallVector<Value> channelSums = buildLoop(
          rewriter, loc, channels, ValueRange{perChannel(), perChannel()},
          [&](Value c, ValueRange carried) -> SmallVector<Value> {
            SmallVector<Value> next;
            for (auto [sum, tensor] : llvm::zip(deviations, carried))
              next.push_back(tensor::InsertOp::create(
                  rewriter, loc,
                  positions.sumSegment(sum, startOf(c), runLength), tensor, c));
            return next;
          });
      return {means[0], channelSums[0], channelSums[1]};
    };

    Value firstMeans;
    std::function<SmallVector<Value>(Value c)> moments;
    auto momentsFrom = [&](Value sums, Value squares) {
      moments = [&, sums, squares](Value c) -> SmallVector<Value> {
        return {kernel.extract(sums, c), kernel.extract(squares, c)};
      };
    };
    if (!flat) {
      std::pair<Value, Value> passes = runPasses();
      firstMeans = passes.first;
      Value deviationSums = passes.second;
      moments = [&, deviationSums](Value c) {
        return kernel.reduce(kernel.readState(deviationSums, c, 2));
      };
    } else if (flatWrite) {
      SmallVector<Value> results = positionPasses();
      firstMeans = results[0];
      momentsFrom(results[1], results[2]);
    } else {
      // B known at run time only: the position-wise passes for small runs.
      Value small = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::ult, kernel.runLength,
          arith::ConstantIndexOp::create(rewriter, loc,
                                         options.smallRunElements));
      Type perChannelType = RankedTensorType::get(
          {op.getInput().getType().getDimSize(axis)}, accType);
      SmallVector<Value> results = kernel.buildIf(
          small, TypeRange{perChannelType, perChannelType, perChannelType},
          positionPasses, [&]() -> SmallVector<Value> {
            auto [means, deviationState] = runPasses();
            Value deviationSums = deviationState;
            SmallVector<Value> sums = buildLoop(
                rewriter, loc, channels, ValueRange{perChannel(), perChannel()},
                [&](Value c, ValueRange carried) -> SmallVector<Value> {
                  SmallVector<Value> next;
                  for (auto [sum, tensor] : llvm::zip(
                           kernel.reduce(kernel.readState(deviationSums, c, 2)),
                           carried))
                    next.push_back(tensor::InsertOp::create(rewriter, loc, sum,
                                                            tensor, c));
                  return next;
                });
            return {means, sums[0], sums[1]};
          });
      firstMeans = results[0];
      momentsFrom(results[1], results[2]);
    }

    // Per channel: the correction c, rstd and the statistics results.
    bool running = static_cast<bool>(op.getRunningMean());
    SmallVector<Value> statInits(running ? 6 : 4);
    for (Value &init : statInits)
      init = perChannel();
    SmallVector<Value> stats = buildLoop(
        rewriter, loc, channels, statInits,
        [&](Value c, ValueRange carried) -> SmallVector<Value> {
          SmallVector<Value> sums = moments(c);
          Value firstMean = kernel.extract(firstMeans, c);
          CentredMoments centred = buildCentredMoments(
              rewriter, loc, firstMean, sums[0], sums[1], count);
          SmallVector<Value> values = {
              centred.correction,
              buildInverseSqrt(rewriter, loc, centred.variance, epsilon),
              centred.mean, centred.variance};
          if (running) {
            // The running values are read next to their blends.
            double momentum = op.getAccumulatorMomentum();
            Value batchVar = centred.variance;
            if (op.getUnbiasedRunningVar())
              batchVar = buildUnbiasedVariance(rewriter, loc, batchVar, count);
            values.push_back(buildMomentumBlend(
                rewriter, loc, kernel.extract(op.getRunningMean(), c),
                centred.mean, momentum));
            values.push_back(buildMomentumBlend(
                rewriter, loc, kernel.extract(op.getRunningVar(), c), batchVar,
                momentum));
          }
          SmallVector<Value> next;
          for (auto [value, tensor] : llvm::zip(values, carried))
            next.push_back(
                tensor::InsertOp::create(rewriter, loc, value, tensor, c));
          return next;
        });

    // Pass 3: ((x - m1) - c) * rstd * scale + bias.
    Value output;
    if (flatWrite) {
      // Over the flat view: the per-channel values spread over the
      // channel's positions once per tile, the output written as
      // [A..., C * B] (whole cache lines stream) and expanded back.
      RunKernelBuilder positions(rewriter, loc, flat, accType, options);
      OpFoldResult length = positions.runLength;
      Value runLength = kernel.runLength;
      SmallVector<Value> inits;
      for (int64_t i = 0; i < 5; ++i)
        inits.push_back(tensor::EmptyOp::create(
            rewriter, loc, ArrayRef<OpFoldResult>{length}, accType));
      SmallVector<Value> spread = buildLoop(
          rewriter, loc, channels, inits,
          [&](Value c, ValueRange carried) -> SmallVector<Value> {
            Value start = arith::MulIOp::create(rewriter, loc, c, runLength);
            Value values[] = {
                kernel.extract(firstMeans, c), kernel.extract(stats[0], c),
                kernel.extract(stats[1], c), kernel.extract(op.getScale(), c),
                kernel.extract(op.getBias(), c)};
            SmallVector<Value> next;
            for (auto [value, tensor] : llvm::zip(values, carried))
              next.push_back(
                  positions.fillSegment(tensor, start, runLength, value));
            return next;
          });
      Value flatInit = tensor::EmptyOp::create(
          rewriter, loc, tensor::getMixedSizes(rewriter, loc, flat),
          kernel.elementType);
      Value flatOutput = buildLoops(
          rewriter, loc, flat, axis, ValueRange{flatInit},
          [&](ValueRange ivs, ValueRange carried) -> SmallVector<Value> {
            return {positions.writeRun(
                ivs, carried[0], [&](Value x, Value j, Value mask) -> Value {
                  auto at = [&](int64_t i) {
                    return positions.readVector(spread[i], j, mask);
                  };
                  Value d = arith::SubFOp::create(
                      rewriter, loc,
                      arith::SubFOp::create(rewriter, loc, x, at(0)), at(1));
                  Value y = buildScaledDeviation(rewriter, loc, d, at(2), epsilon);
                  y = arith::MulFOp::create(rewriter, loc, y, at(3));
                  return arith::AddFOp::create(rewriter, loc, y, at(4));
                })};
          })[0];
      SmallVector<ReassociationIndices> reassociation;
      for (int64_t dim = 0; dim < axis; ++dim)
        reassociation.push_back({dim});
      reassociation.push_back({axis, axis + 1});
      output = tensor::ExpandShapeOp::create(
          rewriter, loc,
          RankedTensorType::get(op.getInput().getType().getShape(),
                                kernel.elementType),
          flatOutput, reassociation, sizes);
    } else {
      Value init =
          tensor::EmptyOp::create(rewriter, loc, sizes, kernel.elementType);
      output = buildLoops(
          rewriter, loc, input, axis, ValueRange{init},
          [&](ValueRange ivs, ValueRange carried) {
            return buildLoop(
                rewriter, loc, channels, carried,
                [&](Value c, ValueRange tensors) -> SmallVector<Value> {
                  Value m1 = kernel.splat(kernel.extract(firstMeans, c));
                  Value shift = kernel.splat(kernel.extract(stats[0], c));
                  Value rstd = kernel.splat(kernel.extract(stats[1], c));
                  Value scale = kernel.splat(kernel.extract(op.getScale(), c));
                  Value bias = kernel.splat(kernel.extract(op.getBias(), c));
                  return {kernel.writeRun(
                      appendIndex(ivs, c), tensors[0],
                      [&](Value x, Value, Value) -> Value {
                        Value d = arith::SubFOp::create(
                            rewriter, loc,
                            arith::SubFOp::create(rewriter, loc, x, m1), shift);
                        Value y = buildScaledDeviation(rewriter, loc, d, rstd, epsilon);
                        y = arith::MulFOp::create(rewriter, loc, y, scale);
                        return arith::AddFOp::create(rewriter, loc, y, bias);
                      })};
                });
          })[0];
    }

    SmallVector<Value> results = {output};
    llvm::append_range(results, ArrayRef<Value>(stats).drop_front(2));
    SmallVector<Value> replacements;
    for (auto [value, result] : llvm::zip_equal(results, op->getResults()))
      replacements.push_back(castTo(rewriter, loc, value, result.getType()));
    rewriter.replaceOp(op, replacements);
    return success();
  }

  ConvertNormToVectorPassOptions options;
};
} // namespace

void mlir::norm::populateBatchNormTrainToVectorPatterns(
    RewritePatternSet &patterns, const ConvertNormToVectorPassOptions &options) {
  patterns.add<BatchNormTrainToVector>(patterns.getContext(), options);
}
