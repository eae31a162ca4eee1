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

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

namespace {

/// Rewrites `norm.layer_norm` and `norm.rms_norm` on tensors into
/// `gpu.launch` row kernels over flat buffers (bufferization.to_buffer of the
/// operands, fresh buffers or materialize_in_destination targets for the
/// results, bufferization.to_tensor of the results): one group of threads
/// per row (or per chunk of a row, in two kernels, for very large rows), the
/// row cached in registers or swept from memory, xor-shuffle group
/// reductions, and the corrected two-pass moments of the CPU lowering.
template <typename OpTy>
struct RowNormToGPULaunch : RowPattern<OpTy, RowKernelKind::Norm> {
  static constexpr bool isLayerNorm = std::is_same_v<OpTy, LayerNormOp>;

  using RowPattern<OpTy, RowKernelKind::Norm>::RowPattern;

  LogicalResult rewriteRows(OpTy op, RowProblem &problem,
                            PatternRewriter &rewriter) const override {
    // Operands and results as flat buffers.
    Location loc = op.getLoc();
    auto toFlatBuffer = [&](Value tensor) -> Value {
      if (!tensor)
        return nullptr;
      return getOperandBuffer(rewriter, loc, tensor);
    };
    RowNormBuffers buffers;
    buffers.input = toFlatBuffer(op.getInput());
    buffers.residual = toFlatBuffer(op.getResidual());
    buffers.scale = toFlatBuffer(op.getScale());
    ResultBuffers results(rewriter, loc, op.getInput());
    buffers.output = results.addFlat(op.getOutput());
    if (Value sum = op.getSum())
      buffers.sum = results.addFlat(sum);
    if constexpr (isLayerNorm) {
      buffers.bias = toFlatBuffer(op.getBias());
      buffers.mean = results.addFlatIfUsed(op.getMean());
      buffers.invStdDev = results.addFlatIfUsed(op.getInvStdDev());
    } else {
      buffers.invStdDev = results.addFlatIfUsed(op.getInvRms());
    }

    problem.buildSizes(rewriter, loc);
    buildRowNormLaunches(rewriter, loc, this->options, problem, buffers,
                         isLayerNorm, op.getAccumulatorEpsilon(),
                         [&](RowKernelBuilder &kb) {
                           kb.setResidual(buffers.input, buffers.residual);
                         });
    results.replace(rewriter, op);
    return success();
  }
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
