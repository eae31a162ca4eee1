//===- GroupNorm.cpp - group_norm/instance_norm to GPU kernels -*- C++ -*-===//
//
// The patterns that rewrite group_norm and instance_norm into the row
// kernels: in an (N, C, ...) input the C/G channels of group g of instance n
// are one contiguous run of C/G * S elements (S the product of the spatial
// dims), so each (n, g) is a row of a layer norm, normalized with the row
// kernels' statistics (warp or block per group, register-cached or
// streaming, several blocks per group in two launches for large groups) and
// a per-channel scale and bias in the output pass. The schedule comes from
// Schedule.cpp (resolveGroupSchedule), the kernels from RowNormKernels.cpp.
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

/// Rewrites `norm.group_norm` and `norm.instance_norm` (G = C) on tensors
/// into the layer_norm row kernels over flat buffers, with rows = N * G rows
/// of C/G * S elements: the corrected two-pass moments per (n, group) (so a
/// constant group gives exactly bias), then y = ((x - m1) - c) * rstd *
/// scale[ch] + bias[ch], ch = (row mod G) * C/G + column / S. The optional
/// (N, G) mean and inv_std_dev of group_norm are the rows' statistics.
template <typename OpTy>
struct GroupNormToGPULaunch : RowPattern<OpTy, RowKernelKind::Norm> {
  static constexpr bool isGroupNorm = std::is_same_v<OpTy, GroupNormOp>;

  using RowPattern<OpTy, RowKernelKind::Norm>::RowPattern;

  LogicalResult rewriteRows(OpTy op, RowProblem &problem,
                            PatternRewriter &rewriter) const override {
    if constexpr (isGroupNorm) {
      // The statistics are sized from the input's dim 0; a dynamic G dim
      // would need the attribute as a size.
      for (Value stat : {op.getMean(), op.getInvStdDev()})
        if (stat && !stat.use_empty() &&
            cast<RankedTensorType>(stat.getType()).isDynamicDim(1))
          return rewriter.notifyMatchFailure(
              op, "statistics result with a dynamic group dim");
    }

    Location loc = op.getLoc();
    problem.buildSizes(rewriter, loc);
    RowNormBuffers buffers;
    buffers.input = getOperandBuffer(rewriter, loc, op.getInput());
    buffers.scale = getOperandBuffer(rewriter, loc, op.getScale());
    buffers.bias = getOperandBuffer(rewriter, loc, op.getBias());
    ResultBuffers results(rewriter, loc, op.getInput());
    buffers.output = results.addFlat(op.getOutput());
    if constexpr (isGroupNorm) {
      buffers.mean = results.addFlatIfUsed(op.getMean(), /*sizeDims=*/{0, 1});
      buffers.invStdDev =
          results.addFlatIfUsed(op.getInvStdDev(), /*sizeDims=*/{0, 1});
    }

    buildRowNormLaunches(rewriter, loc, this->options, problem, buffers,
                         /*isLayerNorm=*/true, op.getAccumulatorEpsilon(),
                         [&](RowKernelBuilder &kb) { problem.configure(kb); });
    results.replace(rewriter, op);
    return success();
  }
};

} // namespace

void mlir::norm::populateGroupNormToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<GroupNormToGPULaunch<GroupNormOp>,
               GroupNormToGPULaunch<InstanceNormOp>>(patterns.getContext(),
                                                     options);
}
