//===- BatchNorm.cpp - batch_norm(_train) to GPU kernels ----*- C++ -*-===//
//
// The patterns that rewrite the batch norms into their channel kernels over
// the [A, C, B] view of their input: the view and grid come from
// ChannelKernel.cpp (with the policy of Schedule.cpp), the kernel bodies from
// BatchNormKernels.cpp; this file sets up the buffers and the launches.
//
//===----------------------------------------------------------------------===//

#include "ChannelKernel.h"
#include "NormToGPU.h"
#include "norm/Conversion/NormToGPU/NormToGPU.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

namespace {

/// Rewrites `norm.batch_norm_train` on tensors into two gpu.launch kernels
/// over the C x P grid of its [A, C, B] view, with no atomics:
///  1. block (c, p) reduces chunk p of channel c: exact two-pass statistics
///     of each group of loads about the channel's pilot K (its first
///     element), merged into the thread's and then over the block in a fixed
///     order with Chan's formula, and writes one (count, mean - K, M2)
///     triple to a gpu.alloc'd scratch buffer [3][C][P] (block (c, 0) also K,
///     after it);
///  2. every block merges the P triples of its channel in the same fixed
///     order (so all blocks of a channel get bit-identical statistics, and
///     they do not depend on the scheduling), block (c, 0) thread 0 writes
///     the batch and new running statistics, and every block normalizes its
///     chunk. The scratch buffer is freed with gpu.dealloc after the launch.
/// With `batch-norm-train-single-pass` and a static shape that fits the
/// register cache of the persistent grid (resolveSinglePassTrainSchedule),
/// both happen in one launch instead, separated by a grid-wide barrier on
/// a zeroed counter (buildSinglePassTrainKernel): x is read once.
struct BatchNormTrainToGPU : ChannelPattern<BatchNormTrainOp> {
  using ChannelPattern::ChannelPattern;

  void rewriteChannels(BatchNormTrainOp op, FloatType accType,
                       PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ResultBuffers results(rewriter, loc, op.getInput());
    TrainBuffers buffers = getBuffers(rewriter, op, results);

    ChannelView view = buildChannelView(rewriter, loc, op.getInput(),
                                        op.getNormalizedFeatureAxis(), options);
    TrainScratch scratch = createScratch(rewriter, loc, view, accType);
    OpBuilder::InsertionGuard guard(rewriter);
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    if (std::optional<SinglePassTrainSchedule> schedule =
            resolveSinglePassTrainSchedule(
                inputType, op.getNormalizedFeatureAxis(), options)) {
      buildSinglePass(rewriter, op, view, buffers, scratch, *schedule);
      results.replace(rewriter, op);
      return;
    }

    // Kernel 1: one (count, mean, M2) per (channel, chunk).
    gpu::LaunchOp partialsLaunch = createChannelLaunch(
        rewriter, loc, view, options, accType, /*withReduction=*/true);
    buildLaunchBody(rewriter, partialsLaunch, [&] {
      ChannelKernelBuilder kb(rewriter, loc, options, partialsLaunch, view,
                              accType);
      buildTrainPartialsKernel(kb, buffers.input, scratch);
    });

    // Kernel 2: merge the channel's partials, statistics, normalization.
    gpu::LaunchOp normalizeLaunch = createChannelLaunch(
        rewriter, loc, view, options, accType, /*withReduction=*/true);
    buildLaunchBody(rewriter, normalizeLaunch, [&] {
      ChannelKernelBuilder kb(rewriter, loc, options, normalizeLaunch, view,
                              accType);
      buildTrainNormalizeKernel(kb, op, buffers, scratch);
    });

    gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                           scratch.buffer);
    results.replace(rewriter, op);
  }

  /// The single-pass kernel: a zeroed counter for its grid barrier, one
  /// persistent launch, then the scratch and the counter are freed.
  void buildSinglePass(PatternRewriter &rewriter, BatchNormTrainOp op,
                       const ChannelView &view, const TrainBuffers &buffers,
                       const TrainScratch &scratch,
                       const SinglePassTrainSchedule &schedule) const {
    Location loc = op.getLoc();
    FloatType accType = op.getAccumulatorType();
    Value counter = gpu::AllocOp::create(
                        rewriter, loc, MemRefType::get({1}, rewriter.getI32Type()),
                        /*asyncToken=*/Type(), /*asyncDependencies=*/ValueRange(),
                        /*dynamicSizes=*/ValueRange(),
                        /*symbolOperands=*/ValueRange(), /*hostShared=*/false)
                        .getMemref();
    Value zero = arith::ConstantOp::create(
        rewriter, loc, rewriter.getIntegerAttr(rewriter.getI32Type(), 0));
    gpu::MemsetOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                          counter, zero);
    int64_t workgroupValues = 0;
    if (options.threads > options.warpSize)
      workgroupValues = 3 * (options.threads / options.warpSize);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    gpu::LaunchOp launch = createKernelLaunch(
        rewriter, loc,
        arith::ConstantIndexOp::create(rewriter, loc, schedule.blocks), one,
        options.threads, workgroupValues, accType);
    buildLaunchBody(rewriter, launch, [&] {
      ChannelKernelBuilder kb(rewriter, loc, options, launch, view, accType);
      buildSinglePassTrainKernel(kb, op, buffers, scratch, counter, schedule);
    });
    gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                           scratch.buffer);
    gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                           counter);
  }

  /// Operands and results as flat buffers; the used results are recorded in
  /// `results` (sized like the input).
  static TrainBuffers getBuffers(PatternRewriter &rewriter, BatchNormTrainOp op,
                                 ResultBuffers &results) {
    Location loc = op.getLoc();
    SmallVector<int64_t> axis = {op.getNormalizedFeatureAxis()};
    TrainBuffers buffers;
    buffers.input = getOperandBuffer(rewriter, loc, op.getInput());
    buffers.scale = getOperandBuffer(rewriter, loc, op.getScale());
    buffers.bias = getOperandBuffer(rewriter, loc, op.getBias());
    buffers.output = results.addFlat(op.getOutput());
    // The statistics are rank-1 ([C]): their flat views are themselves.
    buffers.batchMean = results.addFlatIfUsed(op.getBatchMean(), axis);
    buffers.batchVar = results.addFlatIfUsed(op.getBatchVar(), axis);
    buffers.newRunningMean =
        results.addFlatIfUsed(op.getNewRunningMean(), axis);
    buffers.newRunningVar = results.addFlatIfUsed(op.getNewRunningVar(), axis);
    if (buffers.newRunningMean)
      buffers.runningMean =
          getOperandBuffer(rewriter, loc, op.getRunningMean());
    if (buffers.newRunningVar)
      buffers.runningVar = getOperandBuffer(rewriter, loc, op.getRunningVar());
    return buffers;
  }

  /// The gpu.alloc'd scratch of the partials, [count | mean - K | M2]
  /// [channel][chunk], and the channels' pilots K[channel].
  static TrainScratch createScratch(OpBuilder &b, Location loc,
                                    const ChannelView &view,
                                    FloatType accType) {
    TrainScratch scratch;
    scratch.partials =
        arith::MulIOp::create(b, loc, view.gridChannels, view.chunks);
    scratch.pilotsStart = arith::MulIOp::create(
        b, loc, scratch.partials, arith::ConstantIndexOp::create(b, loc, 3));
    Value scratchSize =
        arith::AddIOp::create(b, loc, scratch.pilotsStart, view.gridChannels);
    scratch.buffer = createDeviceScratch(b, loc, scratchSize, accType);
    return scratch;
  }
};

/// Rewrites `norm.batch_norm` (inference) on tensors into one streaming
/// gpu.launch over the C x P grid of its [A, C, B] view: block (c, p) loads
/// channel c's mean, var, scale and bias once, forms 1 / sqrt(var + epsilon),
/// and writes (x - mean) * rstd * scale + bias over chunk p (the formula and
/// the epsilon = 0 guard of the CPU lowering). With the feature axis last
/// (NHWC) the op is elementwise with the channel innermost: one coalesced
/// launch over vectors of the input instead, each with the vectors of its
/// channels' parameters (buildChannelsLastInferenceKernel).
struct BatchNormToGPU : ChannelPattern<BatchNormOp> {
  using ChannelPattern::ChannelPattern;

  void rewriteChannels(BatchNormOp op, FloatType accType,
                       PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = op.getInput();
    int64_t axis = op.getNormalizedFeatureAxis();

    Value inputBuffer = getOperandBuffer(rewriter, loc, input);
    SmallVector<Value> paramBuffers = {
        getOperandBuffer(rewriter, loc, op.getMean()),
        getOperandBuffer(rewriter, loc, op.getVar()),
        getOperandBuffer(rewriter, loc, op.getScale()),
        getOperandBuffer(rewriter, loc, op.getBias())};
    ResultBuffers results(rewriter, loc, input);
    Value flatOutput = results.addFlat(op.getOutput());

    auto inputType = cast<RankedTensorType>(input.getType());
    if (int64_t width = getChannelsLastVectorWidth(inputType, axis, options)) {
      buildChannelsLast(rewriter, op, width, inputBuffer, paramBuffers,
                        flatOutput);
      results.replace(rewriter, op);
      return;
    }
    ChannelView view = buildChannelView(rewriter, loc, input, axis, options);
    gpu::LaunchOp launch = createChannelLaunch(
        rewriter, loc, view, options, accType, /*withReduction=*/false);
    buildLaunchBody(rewriter, launch, [&] {
      ChannelKernelBuilder kb(rewriter, loc, options, launch, view, accType);
      buildInferenceKernel(kb, op.getAccumulatorEpsilon(), inputBuffer,
                           paramBuffers, flatOutput);
    });
    results.replace(rewriter, op);
  }

  /// The channels-last kernel: one launch of ceil(vectors / (threads U))
  /// blocks over the input's A * C / width vectors, consecutive threads on
  /// consecutive vectors.
  void buildChannelsLast(PatternRewriter &rewriter, BatchNormOp op,
                         int64_t width, Value input, ArrayRef<Value> params,
                         Value output) const {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    int64_t rank = inputType.getRank();
    FloatType accType = op.getAccumulatorType();
    int64_t unroll = getChannelUnroll(inputType, width);
    Value elements = buildSizeProduct(rewriter, loc, op.getInput(), 0, rank);
    Value channels =
        buildSizeProduct(rewriter, loc, op.getInput(), rank - 1, rank);
    Value vectors = arith::DivUIOp::create(
        rewriter, loc, elements,
        arith::ConstantIndexOp::create(rewriter, loc, width));
    Value blocks = arith::CeilDivUIOp::create(
        rewriter, loc, vectors,
        arith::ConstantIndexOp::create(rewriter, loc,
                                       unroll * options.threads));
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    gpu::LaunchOp launch =
        createKernelLaunch(rewriter, loc, blocks, one, options.threads,
                           /*workgroupValues=*/0, accType);
    buildLaunchBody(rewriter, launch, [&] {
      KernelBuilder kb(rewriter, loc, accType, options.warpSize);
      buildChannelsLastInferenceKernel(
          kb, launch, vectors, channels, width, unroll, options.threads,
          op.getElementType(), op.getAccumulatorEpsilon(), input, params,
          output);
    });
  }
};

} // namespace

void mlir::norm::populateBatchNormToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<BatchNormTrainToGPU, BatchNormToGPU>(patterns.getContext(),
                                                    options);
}
