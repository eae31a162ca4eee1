//===- GroupNorm.cpp - group_norm and instance_norm to linalg -*- C++ -*-===//
//
// Lowers the norms of (N, C, ...) inputs whose statistics are per instance
// and per group of channels (a group of one channel for instance_norm).
//
//===----------------------------------------------------------------------===//

#include "NormToLinalg.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;
using namespace mlir::norm;

/// `reduced` marks every dim from 2 on: statistics are per (dim 0, dim 1).
static SmallVector<bool> getAllButFirstTwo(int64_t rank) {
  SmallVector<bool> reduced(rank, true);
  reduced[0] = reduced[1] = false;
  return reduced;
}

SmallVector<ReassociationIndices>
mlir::norm::getSplitReassociation(int64_t rank, int64_t splitDim) {
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t dim = 0, expandedDim = 0; dim < rank; ++dim) {
    if (dim == splitDim) {
      reassociation.push_back({expandedDim, expandedDim + 1});
      expandedDim += 2;
    } else {
      reassociation.push_back({expandedDim++});
    }
  }
  return reassociation;
}

Value mlir::norm::splitDim(OpBuilder &b, Location loc, Value value,
                           int64_t splitDim, int64_t groups) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> outputShape;
  for (auto [dim, size] : llvm::enumerate(sizes)) {
    if (static_cast<int64_t>(dim) != splitDim) {
      shape.push_back(type.getDimSize(dim));
      outputShape.push_back(size);
      continue;
    }
    shape.push_back(groups);
    outputShape.push_back(b.getIndexAttr(groups));
    int64_t channels = type.getDimSize(dim);
    if (ShapedType::isDynamic(channels)) {
      shape.push_back(ShapedType::kDynamic);
      Value groupsValue = arith::ConstantIndexOp::create(b, loc, groups);
      outputShape.push_back(
          arith::DivUIOp::create(b, loc, cast<Value>(size), groupsValue)
              .getResult());
    } else {
      shape.push_back(channels / groups);
      outputShape.push_back(b.getIndexAttr(channels / groups));
    }
  }
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      getSplitReassociation(type.getRank(), splitDim), outputShape);
}

/// Statistics of a per-(n, c) normalization of `input` over dims [2, rank),
/// followed by the normalization with parameters indexed through `paramDims`.
struct ChannelNormResult {
  Value output;
  Value mean;
  Value invStdDev;
};

static ChannelNormResult
buildChannelNorm(OpBuilder &b, Location loc, Value input, Value scale,
                 Value bias, ArrayRef<int64_t> paramDims, double epsilon,
                 FloatType accType, arith::FastMathFlags sumFlags) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  MLIRContext *context = b.getContext();
  Moments moments =
      buildMoments(b, loc, input, getAllButFirstTwo(rank), accType, sumFlags);
  NormalizeOperands operands;
  operands.input = input;
  operands.mean = moments.firstMean;
  operands.meanCorrection = moments.correction;
  operands.invStdDev =
      buildInverseSqrt(b, loc, moments.variance, epsilon, accType);
  operands.statsMap = getProjection(context, rank, {0, 1});
  operands.scale = scale;
  operands.bias = bias;
  operands.paramMap = getProjection(context, rank, paramDims);
  operands.accType = accType;
  operands.epsilon = epsilon;
  return {buildNormalize(b, loc, operands), moments.mean, operands.invStdDev};
}

namespace {
/// Rewrites `norm.group_norm` over (N, C, ...) by viewing the input as
/// (N, G, C/G, ...) and scale/bias as (G, C/G) with tensor.expand_shape,
/// normalizing each (n, g) over (C/G, ...) with the corrected two-pass
/// moments, and collapsing the result back to (N, C, ...).
struct GroupNormToLinalg : NormToLinalgPattern<GroupNormOp> {
  using NormToLinalgPattern::NormToLinalgPattern;

  LogicalResult matchAndRewrite(GroupNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t groups = op.getNumGroups();
    Value input = splitDim(rewriter, loc, op.getInput(), 1, groups);
    Value scale = splitDim(rewriter, loc, op.getScale(), 0, groups);
    Value bias = splitDim(rewriter, loc, op.getBias(), 0, groups);
    ChannelNormResult normalized = buildChannelNorm(
        rewriter, loc, input, scale, bias, /*paramDims=*/{1, 2},
        op.getAccumulatorEpsilon(), op.getAccumulatorType(),
        getSumFlags(options));
    Value output = tensor::CollapseShapeOp::create(
        rewriter, loc, normalized.output,
        getSplitReassociation(op.getInput().getType().getRank(), 1));
    SmallVector<Value> results = {
        castToType(rewriter, loc, output, op.getOutput().getType())};
    if (Value mean = op.getMean())
      results.push_back(
          castToType(rewriter, loc, normalized.mean, mean.getType()));
    if (Value stat = op.getInvStdDev())
      results.push_back(
          castToType(rewriter, loc, normalized.invStdDev, stat.getType()));
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Rewrites `norm.instance_norm` into per-(n, c) corrected two-pass moments
/// over the spatial dims and one elementwise normalization.
struct InstanceNormToLinalg : NormToLinalgPattern<InstanceNormOp> {
  using NormToLinalgPattern::NormToLinalgPattern;

  LogicalResult matchAndRewrite(InstanceNormOp op,
                                PatternRewriter &rewriter) const override {
    ChannelNormResult normalized = buildChannelNorm(
        rewriter, op.getLoc(), op.getInput(), op.getScale(), op.getBias(),
        /*paramDims=*/{1}, op.getAccumulatorEpsilon(),
        op.getAccumulatorType(), getSumFlags(options));
    rewriter.replaceOp(op, normalized.output);
    return success();
  }
};
} // namespace

void mlir::norm::populateGroupNormToLinalgPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToLinalgPassOptions &options) {
  patterns.add<GroupNormToLinalg, InstanceNormToLinalg>(patterns.getContext(), options);
}
