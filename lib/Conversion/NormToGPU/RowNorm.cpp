//===- RowNorm.cpp - layer_norm/rms_norm to GPU row kernels -*- C++ -*-===//
//
// The patterns that rewrite layer_norm and rms_norm into their row kernels:
// the schedule comes from Schedule.cpp, the kernel bodies from
// RowNormKernels.cpp; this file sets up the buffers and the launches.
//
//===----------------------------------------------------------------------===//

#include "NormToGPU.h"
#include "RowKernel.h"
#include "norm/Conversion/NormToGPU/NormToGPU.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

namespace {

/// The buffers of a row norm, and the (result, buffer) pairs that replace its
/// results.
struct RowNormIO {
  RowNormBuffers buffers;
  SmallVector<std::pair<Value, Value>> results;
  SmallVector<Operation *> toErase;
};

/// Rewrites `norm.layer_norm` and `norm.rms_norm` on tensors into
/// `gpu.launch` row kernels over flat buffers (bufferization.to_buffer of the
/// operands, fresh buffers or materialize_in_destination targets for the
/// results, bufferization.to_tensor of the results): one group of threads
/// per row (or per chunk of a row, in two kernels, for very large rows), the
/// row cached in registers or swept from memory, xor-shuffle group
/// reductions, and the corrected two-pass moments of the CPU lowering.
template <typename OpTy> struct RowNormToGPULaunch : OpRewritePattern<OpTy> {
  static constexpr bool isLayerNorm = std::is_same_v<OpTy, LayerNormOp>;

  RowNormToGPULaunch(MLIRContext *context, ConvertNormToGPUPassOptions options)
      : OpRewritePattern<OpTy>(context), options(options) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    int64_t rank = inputType.getRank();
    int64_t axis = op.getNormalizedAxis();
    FloatType accType = op.getAccumulatorType();
    if (failed(checkAccumulatorType(rewriter, op, accType)))
      return failure();
    RowSchedule schedule = resolveRowSchedule(
        options, getStaticSize(inputType, axis, rank), op.getElementType());

    RowNormIO io = getBuffers(rewriter, op);
    Value rows = buildSizeProduct(rewriter, loc, op.getInput(), 0, axis);
    Value rowSize = buildSizeProduct(rewriter, loc, op.getInput(), axis, rank);
    Value input = io.buffers.input, residual = io.buffers.residual;
    buildRowNormLaunches(
        rewriter, loc, options, schedule, io.buffers, isLayerNorm, rows,
        rowSize, op.getElementType(), accType, op.getAccumulatorEpsilon(),
        [&](RowKernelBuilder &kb) { kb.setResidual(input, residual); });
    replaceWithBuffers(rewriter, op, io.results, io.toErase);
    return success();
  }

  /// Operands and results as flat buffers.
  static RowNormIO getBuffers(PatternRewriter &rewriter, OpTy op) {
    Location loc = op.getLoc();
    RowNormIO io;
    auto toFlatBuffer = [&](Value tensor) -> Value {
      if (!tensor)
        return nullptr;
      return getOperandBuffer(rewriter, loc, tensor);
    };
    io.buffers.input = toFlatBuffer(op.getInput());
    io.buffers.residual = toFlatBuffer(op.getResidual());
    io.buffers.scale = toFlatBuffer(op.getScale());
    Value outputBuffer =
        getResultBuffer(rewriter, loc, op.getOutput(), op.getInput(),
                        /*sizeDims=*/{}, io.toErase);
    io.buffers.output = flatten(rewriter, loc, outputBuffer);
    io.results.push_back({op.getOutput(), outputBuffer});
    if (Value sum = op.getSum()) {
      Value sumBuffer = getResultBuffer(rewriter, loc, sum, op.getInput(),
                                        /*sizeDims=*/{}, io.toErase);
      io.buffers.sum = flatten(rewriter, loc, sumBuffer);
      io.results.push_back({sum, sumBuffer});
    }
    auto addStat = [&](Value result) -> Value {
      if (!result || result.use_empty())
        return nullptr;
      Value buffer = getResultBuffer(rewriter, loc, result, op.getInput(),
                                     /*sizeDims=*/{}, io.toErase);
      io.results.push_back({result, buffer});
      return flatten(rewriter, loc, buffer);
    };
    if constexpr (isLayerNorm) {
      io.buffers.bias = toFlatBuffer(op.getBias());
      io.buffers.mean = addStat(op.getMean());
      io.buffers.invStdDev = addStat(op.getInvStdDev());
    } else {
      io.buffers.invStdDev = addStat(op.getInvRms());
    }
    return io;
  }

  ConvertNormToGPUPassOptions options;
};

} // namespace

void mlir::norm::populateNormToGPUConversionPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<RowNormToGPULaunch<LayerNormOp>, RowNormToGPULaunch<RMSNormOp>>(
      patterns.getContext(), options);
  populateBatchNormToGPUPatterns(patterns, options);
  populateGroupNormToGPUPatterns(patterns, options);
  populateRowNormGradToGPUPatterns(patterns, options);
  populateBatchNormGradToGPUPatterns(patterns, options);
  populateGroupNormGradToGPUPatterns(patterns, options);
}
