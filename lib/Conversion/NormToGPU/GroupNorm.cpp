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

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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
template <typename OpTy> struct GroupNormToGPULaunch : OpRewritePattern<OpTy> {
  static constexpr bool isGroupNorm = std::is_same_v<OpTy, GroupNormOp>;

  GroupNormToGPULaunch(MLIRContext *context,
                       ConvertNormToGPUPassOptions options)
      : OpRewritePattern<OpTy>(context), options(options) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    int64_t rank = inputType.getRank();
    FloatType accType = op.getAccumulatorType();
    if (failed(checkAccumulatorType(rewriter, op, accType)))
      return failure();
    if constexpr (isGroupNorm) {
      // The statistics are sized from the input's dim 0; a dynamic G dim
      // would need the attribute as a size.
      for (Value stat : {op.getMean(), op.getInvStdDev()})
        if (stat && !stat.use_empty() &&
            cast<RankedTensorType>(stat.getType()).isDynamicDim(1))
          return rewriter.notifyMatchFailure(
              op, "statistics result with a dynamic group dim");
    }

    // G, C/G and S, static where known.
    std::optional<int64_t> staticGroups, staticGroupChannels;
    int64_t channels = inputType.getDimSize(1);
    if constexpr (isGroupNorm) {
      staticGroups = op.getNumGroups();
      if (!ShapedType::isDynamic(channels))
        staticGroupChannels = channels / *staticGroups;
    } else {
      staticGroupChannels = 1;
      if (!ShapedType::isDynamic(channels))
        staticGroups = channels;
    }
    std::optional<int64_t> channelSize = getStaticSize(inputType, 2, rank);
    std::optional<int64_t> rowSize;
    if (staticGroupChannels && channelSize)
      rowSize = *staticGroupChannels * *channelSize;
    RowSchedule schedule = resolveGroupSchedule(options, rowSize, channelSize,
                                                op.getElementType());

    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, value);
    };
    Value channelsValue =
        staticGroups && staticGroupChannels
            ? index(*staticGroups * *staticGroupChannels)
            : tensor::DimOp::create(rewriter, loc, op.getInput(), 1)
                  .getResult();
    Value groups = staticGroups ? index(*staticGroups) : channelsValue;
    Value groupChannels =
        staticGroupChannels
            ? index(*staticGroupChannels)
            : arith::DivUIOp::create(rewriter, loc, channelsValue, groups)
                  .getResult();
    Value spatial =
        channelSize ? index(*channelSize)
                    : buildSizeProduct(rewriter, loc, op.getInput(), 2, rank);
    Value instances = buildSizeProduct(rewriter, loc, op.getInput(), 0, 1);
    Value rows = arith::MulIOp::create(rewriter, loc, instances, groups);
    Value rowSizeValue =
        rowSize ? index(*rowSize)
                : arith::MulIOp::create(rewriter, loc, groupChannels, spatial)
                      .getResult();

    SmallVector<std::pair<Value, Value>> results;
    SmallVector<Operation *> toErase;
    RowNormBuffers buffers;
    buffers.input = getOperandBuffer(rewriter, loc, op.getInput());
    buffers.scale = getOperandBuffer(rewriter, loc, op.getScale());
    buffers.bias = getOperandBuffer(rewriter, loc, op.getBias());
    Value outputBuffer =
        getResultBuffer(rewriter, loc, op.getOutput(), op.getInput(),
                        /*sizeDims=*/{}, toErase);
    buffers.output = flatten(rewriter, loc, outputBuffer);
    results.push_back({op.getOutput(), outputBuffer});
    if constexpr (isGroupNorm) {
      auto addStat = [&](Value result) -> Value {
        if (!result || result.use_empty())
          return nullptr;
        Value buffer = getResultBuffer(rewriter, loc, result, op.getInput(),
                                       /*sizeDims=*/{0, 1}, toErase);
        results.push_back({result, buffer});
        return flatten(rewriter, loc, buffer);
      };
      buffers.mean = addStat(op.getMean());
      buffers.invStdDev = addStat(op.getInvStdDev());
    }

    buildRowNormLaunches(rewriter, loc, options, schedule, buffers,
                         /*isLayerNorm=*/true, rows, rowSizeValue,
                         op.getElementType(), accType,
                         op.getAccumulatorEpsilon(), [&](RowKernelBuilder &kb) {
                           kb.setChannelAffine(groups, groupChannels, spatial,
                                               staticGroupChannels);
                         });
    replaceWithBuffers(rewriter, op, results, toErase);
    return success();
  }

  ConvertNormToGPUPassOptions options;
};

} // namespace

void mlir::norm::populateGroupNormToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<GroupNormToGPULaunch<GroupNormOp>,
               GroupNormToGPULaunch<InstanceNormOp>>(patterns.getContext(),
                                                     options);
}
