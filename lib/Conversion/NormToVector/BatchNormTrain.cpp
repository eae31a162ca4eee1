//===- BatchNormTrain.cpp - [A..., C, B] batch_norm_train to vector loops -*- C++ -*-===//
//
// Lowers the batch_norm_train whose channel is followed by one contiguous
// dim ([A..., C, B]: NCHW once norm-flatten-batch-norm has merged H and W)
// to three vector passes over its runs, a run at a time or, for short runs
// (the schedule of RunSchedule.h), over the channels of an index of
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

namespace {
/// What the passes of one [A..., C, B] batch_norm_train share.
struct TrainKernel {
  TrainKernel(BatchNormTrainOp op, PatternRewriter &rewriter,
              const ConvertNormToVectorPassOptions &options)
      : op(op), rewriter(rewriter), options(options), loc(op.getLoc()),
        input(op.getInput()), axis(op.getNormalizedFeatureAxis()),
        accType(op.getAccumulatorType()),
        kernel(rewriter, loc, input, accType, options),
        epsilon(op.getAccumulatorEpsilon()),
        count(buildCountPerChannel(rewriter, loc, input, axis, accType)),
        channels(tensor::DimOp::create(rewriter, loc, input, axis)),
        sizes(tensor::getMixedSizes(rewriter, loc, input)) {}

  /// An empty per-channel tensor of the accumulation type.
  Value perChannel() {
    return tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{sizes[axis]}, accType);
  }

  BatchNormTrainOp op;
  PatternRewriter &rewriter;
  const ConvertNormToVectorPassOptions &options;
  Location loc;
  Value input;
  int64_t axis;
  FloatType accType;
  RunKernelBuilder kernel;
  double epsilon;
  /// The elements per channel, in the accumulation type.
  Value count;
  Value channels;
  SmallVector<OpFoldResult> sizes;
};

/// The per-channel results of the statistics passes: the first means m1
/// and the sums of d = x - m1 and d^2, either as per-channel tensors or
/// (`state`) still as the [C, 2 * lanes] vector state of the run passes.
struct ChannelSums {
  Value firstMeans;
  Value state;
  Value deviations, squares;
};
} // namespace

/// One pass over the runs adding `terms` of every element to `numSums` sums
/// per channel; `terms` also gets `perRun(c)` (if any), built once per run.
/// Returns the per-channel state (see RunKernelBuilder::zeroState).
static Value
accumulateRuns(TrainKernel &t, int64_t numSums,
               function_ref<Value(Value c)> perRun,
               function_ref<SmallVector<Value>(Value x, Value run)> terms) {
  RunKernelBuilder &kernel = t.kernel;
  return buildLoops(
      t.rewriter, t.loc, t.input, t.axis,
      ValueRange{kernel.zeroState(t.channels, numSums)},
      [&](ValueRange ivs, ValueRange carried) {
        return buildLoop(
            t.rewriter, t.loc, t.channels, carried,
            [&](Value c, ValueRange state) -> SmallVector<Value> {
              Value run = perRun ? perRun(c) : Value();
              SmallVector<Value> accs = kernel.accumulate(
                  appendIndex(ivs, c), numSums,
                  [&](Value x) { return terms(x, run); });
              SmallVector<Value> totals =
                  kernel.readState(state[0], c, numSums);
              for (auto [total, acc] : llvm::zip(totals, accs))
                total = kernel.add(total, acc);
              return {kernel.writeState(state[0], c, totals)};
            });
      })[0];
}

/// Passes 1 and 2 over the runs: the first means m1, then per channel the
/// sums of d = x - m1 and d^2 (the lanes of a run's last vector that are
/// not in the run add 0), left in the vector state.
static ChannelSums buildRunPasses(TrainKernel &t) {
  RunKernelBuilder &kernel = t.kernel;
  Value sums = accumulateRuns(
      t, 1, nullptr, [](Value x, Value) { return SmallVector<Value>{x}; });
  Value firstMeans = buildLoop(
      t.rewriter, t.loc, t.channels, ValueRange{t.perChannel()},
      [&](Value c, ValueRange carried) -> SmallVector<Value> {
        Value sum = kernel.reduce(kernel.readState(sums, c, 1))[0];
        return {tensor::InsertOp::create(
            t.rewriter, t.loc,
            arith::DivFOp::create(t.rewriter, t.loc, sum, t.count), carried[0],
            c)};
      })[0];
  Value state = accumulateRuns(
      t, 2,
      [&](Value c) { return kernel.splat(kernel.extract(firstMeans, c)); },
      [&](Value x, Value m1) -> SmallVector<Value> {
        Value d = arith::SubFOp::create(t.rewriter, t.loc, x, m1);
        return {d, arith::MulFOp::create(t.rewriter, t.loc, d, d)};
      });
  return {firstMeans, state, Value(), Value()};
}

/// The sums of d and d^2 of channel `c`.
static SmallVector<Value> readDeviationSums(TrainKernel &t,
                                            const ChannelSums &sums, Value c) {
  if (sums.state)
    return t.kernel.reduce(t.kernel.readState(sums.state, c, 2));
  return {t.kernel.extract(sums.deviations, c),
          t.kernel.extract(sums.squares, c)};
}

/// `sums` with the state of the run passes reduced into per-channel
/// tensors.
static ChannelSums reduceState(TrainKernel &t, const ChannelSums &sums) {
  SmallVector<Value> tensors = buildLoop(
      t.rewriter, t.loc, t.channels, ValueRange{t.perChannel(), t.perChannel()},
      [&](Value c, ValueRange carried) -> SmallVector<Value> {
        SmallVector<Value> next;
        for (auto [sum, tensor] :
             llvm::zip(readDeviationSums(t, sums, c), carried))
          next.push_back(
              tensor::InsertOp::create(t.rewriter, t.loc, sum, tensor, c));
        return next;
      });
  return {sums.firstMeans, Value(), tensors[0], tensors[1]};
}

/// Passes 1 and 2 over the positions of the flat view `flat` ([A..., C * B],
/// small runs): per index of A... the tile's channels are one contiguous run
/// of C * B elements summed position-wise into accumulators of that length,
/// each channel's B positions reduced once. Pass 2 reads m1 from a
/// position-wise copy built once per tile.
static ChannelSums buildPositionPasses(TrainKernel &t, Value flat) {
  PatternRewriter &rewriter = t.rewriter;
  Location loc = t.loc;
  RunKernelBuilder positions(rewriter, loc, flat, t.accType, t.options);
  Value runLength = t.kernel.length;
  OpFoldResult length = positions.length;
  auto zeros = [&]() { return positions.zeroVectorTensor(length); };
  auto accumulatePositions =
      [&](ValueRange accs,
          function_ref<SmallVector<Value>(Value x, Value j, Value mask)>
              terms) {
        return buildLoops(rewriter, loc, flat, t.axis, accs,
                          [&](ValueRange ivs, ValueRange carried) {
                            return positions.accumulatePositions(ivs, carried,
                                                                 terms);
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
      rewriter, loc, t.channels,
      ValueRange{t.perChannel(),
                 tensor::EmptyOp::create(rewriter, loc,
                                         ArrayRef<OpFoldResult>{length},
                                         t.accType)},
      [&](Value c, ValueRange carried) -> SmallVector<Value> {
        Value mean = arith::DivFOp::create(
            rewriter, loc, positions.sumSegment(sums, startOf(c), runLength),
            t.count);
        return {tensor::InsertOp::create(rewriter, loc, mean, carried[0], c),
                positions.fillSegment(carried[1], startOf(c), runLength, mean)};
      });

  // Pass 2: sum(d), sum(d^2) of d = x - m1 per position, then per channel.
  SmallVector<Value> deviations = accumulatePositions(
      ValueRange{zeros(), zeros()},
      [&](Value x, Value j, Value mask) -> SmallVector<Value> {
        Value d = arith::SubFOp::create(rewriter, loc, x,
                                        positions.readVector(means[1], j, mask));
        return {d, arith::MulFOp::create(rewriter, loc, d, d)};
      });
  SmallVector<Value> channelSums = buildLoop(
      rewriter, loc, t.channels, ValueRange{t.perChannel(), t.perChannel()},
      [&](Value c, ValueRange carried) -> SmallVector<Value> {
        SmallVector<Value> next;
        for (auto [sum, tensor] : llvm::zip(deviations, carried))
          next.push_back(tensor::InsertOp::create(
              rewriter, loc, positions.sumSegment(sum, startOf(c), runLength),
              tensor, c));
        return next;
      });
  return {means[0], Value(), channelSums[0], channelSums[1]};
}

/// Passes 1 and 2 as the schedule says: over the runs (no flat view), over
/// the positions of `flat` (small runs decided statically), or, with B known
/// at run time only, an scf.if between the two on B.
static ChannelSums buildStatisticsPasses(TrainKernel &t, Value flat,
                                         bool flatWrite) {
  if (!flat)
    return buildRunPasses(t);
  if (flatWrite)
    return buildPositionPasses(t, flat);
  Value small = arith::CmpIOp::create(
      t.rewriter, t.loc, arith::CmpIPredicate::ult, t.kernel.length,
      arith::ConstantIndexOp::create(t.rewriter, t.loc,
                                     t.options.smallRunElements));
  Type perChannelType = RankedTensorType::get(
      {t.op.getInput().getType().getDimSize(t.axis)}, t.accType);
  SmallVector<Value> results = t.kernel.buildIf(
      small, TypeRange{perChannelType, perChannelType, perChannelType},
      [&]() -> SmallVector<Value> {
        ChannelSums sums = buildPositionPasses(t, flat);
        return {sums.firstMeans, sums.deviations, sums.squares};
      },
      [&]() -> SmallVector<Value> {
        ChannelSums sums = reduceState(t, buildRunPasses(t));
        return {sums.firstMeans, sums.deviations, sums.squares};
      });
  return {results[0], Value(), results[1], results[2]};
}

/// Per channel, from the sums: the correction c, rstd, the batch mean and
/// variance, and (with running statistics) their momentum blends with the
/// running ones, one per-channel tensor each, in that order.
static SmallVector<Value> buildChannelStats(TrainKernel &t,
                                            const ChannelSums &sums) {
  BatchNormTrainOp op = t.op;
  PatternRewriter &rewriter = t.rewriter;
  Location loc = t.loc;
  RunKernelBuilder &kernel = t.kernel;
  bool running = static_cast<bool>(op.getRunningMean());
  SmallVector<Value> statInits(running ? 6 : 4);
  for (Value &init : statInits)
    init = t.perChannel();
  return buildLoop(
      rewriter, loc, t.channels, statInits,
      [&](Value c, ValueRange carried) -> SmallVector<Value> {
        SmallVector<Value> deviations = readDeviationSums(t, sums, c);
        Value firstMean = kernel.extract(sums.firstMeans, c);
        CentredMoments centred =
            buildCentredMoments(rewriter, loc, firstMean, deviations[0],
                                deviations[1], t.count);
        SmallVector<Value> values = {
            centred.correction,
            buildInverseSqrt(rewriter, loc, centred.variance, t.epsilon),
            centred.mean, centred.variance};
        if (running) {
          // The running values are read next to their blends.
          double momentum = op.getAccumulatorMomentum();
          Value batchVar = centred.variance;
          if (op.getUnbiasedRunningVar())
            batchVar = buildUnbiasedVariance(rewriter, loc, batchVar, t.count);
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
}

/// ((x - m1) - c) * rstd * scale + bias of one vector, the per-channel
/// values given as vectors.
static Value buildNormalized(TrainKernel &t, Value x, Value m1, Value shift,
                             Value rstd, Value scale, Value bias) {
  PatternRewriter &rewriter = t.rewriter;
  Location loc = t.loc;
  Value d = arith::SubFOp::create(
      rewriter, loc, arith::SubFOp::create(rewriter, loc, x, m1), shift);
  Value y = buildScaledDeviation(rewriter, loc, d, rstd, t.epsilon);
  y = arith::MulFOp::create(rewriter, loc, y, scale);
  return arith::AddFOp::create(rewriter, loc, y, bias);
}

/// Pass 3 a run at a time: the per-channel values splat once per run.
static Value buildRunWrite(TrainKernel &t, Value firstMeans,
                           ArrayRef<Value> stats) {
  RunKernelBuilder &kernel = t.kernel;
  Value init = tensor::EmptyOp::create(t.rewriter, t.loc, t.sizes,
                                       kernel.elementType);
  return buildLoops(
      t.rewriter, t.loc, t.input, t.axis, ValueRange{init},
      [&](ValueRange ivs, ValueRange carried) {
        return buildLoop(
            t.rewriter, t.loc, t.channels, carried,
            [&](Value c, ValueRange tensors) -> SmallVector<Value> {
              auto at = [&](Value tensor) {
                return kernel.splat(kernel.extract(tensor, c));
              };
              Value m1 = at(firstMeans), shift = at(stats[0]),
                    rstd = at(stats[1]), scale = at(t.op.getScale()),
                    bias = at(t.op.getBias());
              return {kernel.writeRun(appendIndex(ivs, c), tensors[0],
                                      [&](Value x, Value, Value) -> Value {
                                        return buildNormalized(t, x, m1, shift,
                                                               rstd, scale,
                                                               bias);
                                      })};
            });
      })[0];
}

/// Pass 3 over the flat view `flat`: the per-channel values spread over the
/// channel's positions once per tile, the output written as [A..., C * B]
/// (whole cache lines stream) and expanded back.
static Value buildFlatWrite(TrainKernel &t, Value flat, Value firstMeans,
                            ArrayRef<Value> stats) {
  PatternRewriter &rewriter = t.rewriter;
  Location loc = t.loc;
  RunKernelBuilder &kernel = t.kernel;
  RunKernelBuilder positions(rewriter, loc, flat, t.accType, t.options);
  OpFoldResult length = positions.length;
  Value runLength = kernel.length;
  SmallVector<Value> inits;
  for (int64_t i = 0; i < 5; ++i)
    inits.push_back(tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{length}, t.accType));
  SmallVector<Value> spread = buildLoop(
      rewriter, loc, t.channels, inits,
      [&](Value c, ValueRange carried) -> SmallVector<Value> {
        Value start = arith::MulIOp::create(rewriter, loc, c, runLength);
        Value values[] = {
            kernel.extract(firstMeans, c), kernel.extract(stats[0], c),
            kernel.extract(stats[1], c), kernel.extract(t.op.getScale(), c),
            kernel.extract(t.op.getBias(), c)};
        SmallVector<Value> next;
        for (auto [value, tensor] : llvm::zip(values, carried))
          next.push_back(positions.fillSegment(tensor, start, runLength, value));
        return next;
      });
  Value flatInit = tensor::EmptyOp::create(
      rewriter, loc, tensor::getMixedSizes(rewriter, loc, flat),
      kernel.elementType);
  Value flatOutput = buildLoops(
      rewriter, loc, flat, t.axis, ValueRange{flatInit},
      [&](ValueRange ivs, ValueRange carried) -> SmallVector<Value> {
        return {positions.writeRun(
            ivs, carried[0], [&](Value x, Value j, Value mask) -> Value {
              auto at = [&](int64_t i) {
                return positions.readVector(spread[i], j, mask);
              };
              return buildNormalized(t, x, at(0), at(1), at(2), at(3), at(4));
            })};
      })[0];
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t dim = 0; dim < t.axis; ++dim)
    reassociation.push_back({dim});
  reassociation.push_back({t.axis, t.axis + 1});
  return tensor::ExpandShapeOp::create(
      rewriter, loc,
      RankedTensorType::get(t.op.getInput().getType().getShape(),
                            kernel.elementType),
      flatOutput, reassociation, t.sizes);
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
    return rewriteBatchNormByLayout(op, rewriter, options, [&] {
      return rewriteRuns(op, rewriter);
    });
  }

  /// The [A..., C, B] case.
  LogicalResult rewriteRuns(BatchNormTrainOp op,
                            PatternRewriter &rewriter) const {
    TrainKernel t(op, rewriter, options);
    // The schedule norm-tile-and-fuse tiled for (or, untiled, the same
    // policy's choice).
    RunSchedule schedule =
        getRunSchedule(op, op.getInput().getType(), options.smallRunElements);
    Value flat;
    if (schedule != RunSchedule::PerRun &&
        !llvm::is_contained(op.getInput().getType().getShape(), 0))
      flat = buildFlatView(rewriter, t.loc, t.input, t.axis);
    // Pass 3 too writes the channels of an index of A... as one run when
    // the small-run passes are chosen statically.
    bool flatWrite = flat && schedule == RunSchedule::SmallRuns;
    ChannelSums sums = buildStatisticsPasses(t, flat, flatWrite);
    SmallVector<Value> stats = buildChannelStats(t, sums);
    Value output = flatWrite
                       ? buildFlatWrite(t, flat, sums.firstMeans, stats)
                       : buildRunWrite(t, sums.firstMeans, stats);
    SmallVector<Value> results = {output};
    llvm::append_range(results, ArrayRef<Value>(stats).drop_front(2));
    SmallVector<Value> replacements;
    for (auto [value, result] : llvm::zip_equal(results, op->getResults()))
      replacements.push_back(castTo(rewriter, t.loc, value, result.getType()));
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
