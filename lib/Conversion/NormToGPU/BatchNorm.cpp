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
struct BatchNormTrainToGPU : OpRewritePattern<BatchNormTrainOp> {
  BatchNormTrainToGPU(MLIRContext *context, ConvertNormToGPUPassOptions options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(BatchNormTrainOp op,
                                PatternRewriter &rewriter) const override {
    FloatType accType = op.getAccumulatorType();
    if (failed(checkAccumulatorType(rewriter, op, accType)))
      return failure();
    Location loc = op.getLoc();
    SmallVector<std::pair<Value, Value>> results;
    SmallVector<Operation *> toErase;
    TrainBuffers buffers = getBuffers(rewriter, op, results, toErase);

    ChannelView view = buildChannelView(rewriter, loc, op.getInput(),
                                        op.getNormalizedFeatureAxis(), options);
    TrainScratch scratch = createScratch(rewriter, loc, view, accType);
    OpBuilder::InsertionGuard guard(rewriter);
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    if (std::optional<SinglePassTrainSchedule> schedule =
            resolveSinglePassTrainSchedule(
                inputType, op.getNormalizedFeatureAxis(), options)) {
      buildSinglePass(rewriter, op, view, buffers, scratch, *schedule);
      replaceWithBuffers(rewriter, op, results, toErase);
      return success();
    }

    // Kernel 1: one (count, mean, M2) per (channel, chunk).
    gpu::LaunchOp partialsLaunch = createChannelLaunch(
        rewriter, loc, view, options, accType, /*withReduction=*/true);
    rewriter.setInsertionPointToStart(&partialsLaunch.getBody().front());
    {
      ChannelKernelBuilder kb(rewriter, loc, options, partialsLaunch, view,
                              accType);
      buildTrainPartialsKernel(kb, buffers.input, scratch);
      gpu::TerminatorOp::create(rewriter, loc);
    }

    // Kernel 2: merge the channel's partials, statistics, normalization.
    rewriter.setInsertionPointAfter(partialsLaunch);
    gpu::LaunchOp normalizeLaunch = createChannelLaunch(
        rewriter, loc, view, options, accType, /*withReduction=*/true);
    rewriter.setInsertionPointToStart(&normalizeLaunch.getBody().front());
    {
      ChannelKernelBuilder kb(rewriter, loc, options, normalizeLaunch, view,
                              accType);
      buildTrainNormalizeKernel(kb, op, buffers, scratch);
      gpu::TerminatorOp::create(rewriter, loc);
    }

    rewriter.setInsertionPointAfter(normalizeLaunch);
    gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                           scratch.buffer);
    replaceWithBuffers(rewriter, op, results, toErase);
    return success();
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
    rewriter.setInsertionPointToStart(&launch.getBody().front());
    {
      ChannelKernelBuilder kb(rewriter, loc, options, launch, view, accType);
      buildSinglePassTrainKernel(kb, op, buffers, scratch, counter, schedule);
      gpu::TerminatorOp::create(rewriter, loc);
    }
    rewriter.setInsertionPointAfter(launch);
    gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                           scratch.buffer);
    gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                           counter);
  }

  /// Operands and results as flat buffers; the used results go to `results`
  /// with their buffers.
  static TrainBuffers
  getBuffers(PatternRewriter &rewriter, BatchNormTrainOp op,
             SmallVectorImpl<std::pair<Value, Value>> &results,
             SmallVectorImpl<Operation *> &toErase) {
    Location loc = op.getLoc();
    Value input = op.getInput();
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
    int64_t axis = op.getNormalizedFeatureAxis();
    TrainBuffers buffers;
    buffers.input = getOperandBuffer(rewriter, loc, input);
    buffers.scale = getOperandBuffer(rewriter, loc, op.getScale());
    buffers.bias = getOperandBuffer(rewriter, loc, op.getBias());
    SmallVector<int64_t> allDims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    Value outputBuffer =
        getResultBuffer(rewriter, loc, op.getOutput(), input, allDims, toErase);
    results.push_back({op.getOutput(), outputBuffer});
    buffers.output = flatten(rewriter, loc, outputBuffer);
    auto addStat = [&](Value result) -> Value {
      if (!result || result.use_empty())
        return nullptr;
      Value buffer =
          getResultBuffer(rewriter, loc, result, input, {axis}, toErase);
      results.push_back({result, buffer});
      return buffer;
    };
    buffers.batchMean = addStat(op.getBatchMean());
    buffers.batchVar = addStat(op.getBatchVar());
    buffers.newRunningMean = addStat(op.getNewRunningMean());
    buffers.newRunningVar = addStat(op.getNewRunningVar());
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
    scratch.buffer =
        gpu::AllocOp::create(
            b, loc, MemRefType::get({ShapedType::kDynamic}, accType),
            /*asyncToken=*/Type(), /*asyncDependencies=*/ValueRange(),
            ValueRange{scratchSize}, /*symbolOperands=*/ValueRange(),
            /*hostShared=*/false)
            .getMemref();
    return scratch;
  }

  ConvertNormToGPUPassOptions options;
};

/// Rewrites `norm.batch_norm` (inference) on tensors into one streaming
/// gpu.launch over the C x P grid of its [A, C, B] view: block (c, p) loads
/// channel c's mean, var, scale and bias once, forms 1 / sqrt(var + epsilon),
/// and writes (x - mean) * rstd * scale + bias over chunk p (the formula and
/// the epsilon = 0 guard of the CPU lowering). With the feature axis last
/// (NHWC) the op is elementwise with the channel innermost: one coalesced
/// launch over vectors of the input instead, each with the vectors of its
/// channels' parameters (buildChannelsLastInferenceKernel).
struct BatchNormToGPU : OpRewritePattern<BatchNormOp> {
  BatchNormToGPU(MLIRContext *context, ConvertNormToGPUPassOptions options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    FloatType accType = op.getAccumulatorType();
    if (failed(checkAccumulatorType(rewriter, op, accType)))
      return failure();
    Location loc = op.getLoc();
    Value input = op.getInput();
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
    int64_t axis = op.getNormalizedFeatureAxis();

    SmallVector<Operation *> toErase;
    Value inputBuffer = getOperandBuffer(rewriter, loc, input);
    SmallVector<Value> paramBuffers = {
        getOperandBuffer(rewriter, loc, op.getMean()),
        getOperandBuffer(rewriter, loc, op.getVar()),
        getOperandBuffer(rewriter, loc, op.getScale()),
        getOperandBuffer(rewriter, loc, op.getBias())};
    SmallVector<int64_t> allDims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    Value outputBuffer =
        getResultBuffer(rewriter, loc, op.getOutput(), input, allDims, toErase);
    Value flatOutput = flatten(rewriter, loc, outputBuffer);

    auto inputType = cast<RankedTensorType>(input.getType());
    if (int64_t width = getChannelsLastVectorWidth(inputType, axis, options)) {
      buildChannelsLast(rewriter, op, width, inputBuffer, paramBuffers,
                        flatOutput);
      replaceWithBuffers(rewriter, op, {{op.getOutput(), outputBuffer}},
                         toErase);
      return success();
    }
    ChannelView view = buildChannelView(rewriter, loc, input, axis, options);
    gpu::LaunchOp launch = createChannelLaunch(
        rewriter, loc, view, options, accType, /*withReduction=*/false);
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(&launch.getBody().front());
      ChannelKernelBuilder kb(rewriter, loc, options, launch, view, accType);
      buildInferenceKernel(kb, op.getAccumulatorEpsilon(), inputBuffer,
                           paramBuffers, flatOutput);
      gpu::TerminatorOp::create(rewriter, loc);
    }
    rewriter.setInsertionPointAfter(launch);
    replaceWithBuffers(rewriter, op, {{op.getOutput(), outputBuffer}}, toErase);
    return success();
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
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(&launch.getBody().front());
    KernelBuilder kb(rewriter, loc, accType, options.warpSize);
    buildChannelsLastInferenceKernel(
        kb, launch, vectors, channels, width, unroll, options.threads,
        op.getElementType(), op.getAccumulatorEpsilon(), input, params, output);
    gpu::TerminatorOp::create(rewriter, loc);
    rewriter.setInsertionPointAfter(launch);
  }

  ConvertNormToGPUPassOptions options;
};

} // namespace

void mlir::norm::populateBatchNormToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<BatchNormTrainToGPU, BatchNormToGPU>(patterns.getContext(),
                                                    options);
}
