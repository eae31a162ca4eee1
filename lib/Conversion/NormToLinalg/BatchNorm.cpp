//===- BatchNorm.cpp - batch_norm(_train) to linalg ---------*- C++ -*-===//
//
// Lowers the batch norms, whose statistics are per channel (`feature_axis`)
// over every other dim.
//
//===----------------------------------------------------------------------===//

#include "NormToLinalg.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::norm;

/// `reduced` marks every dim but the channel dim.
static SmallVector<bool> getAllButChannel(int64_t rank, int64_t channelAxis) {
  SmallVector<bool> reduced(rank, true);
  reduced[channelAxis] = false;
  return reduced;
}

/// The operands of a batch norm's normalization of its input by per-channel
/// `mean` and `invStdDev`, with its per-channel scale and bias.
template <typename OpTy>
static NormalizeOperands getChannelNormalizeOperands(OpBuilder &b, OpTy op,
                                                     Value mean,
                                                     Value invStdDev) {
  AffineMap channelMap =
      getProjection(b.getContext(), op.getInput().getType().getRank(),
                    {op.getNormalizedFeatureAxis()});
  NormalizeOperands operands;
  operands.input = op.getInput();
  operands.mean = mean;
  operands.invStdDev = invStdDev;
  operands.statsMap = channelMap;
  operands.scale = op.getScale();
  operands.bias = op.getBias();
  operands.paramMap = channelMap;
  operands.accType = op.getAccumulatorType();
  operands.epsilon = op.getAccumulatorEpsilon();
  return operands;
}

namespace {
/// Rewrites `norm.batch_norm` into one elementwise linalg.generic that
/// normalizes with the stored per-channel statistics (1/sqrt(var + eps) is
/// computed once per channel).
struct BatchNormToLinalg : NormToLinalgPattern<BatchNormOp> {
  using NormToLinalgPattern::NormToLinalgPattern;

  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value invStdDev =
        buildInverseSqrt(rewriter, loc, op.getVar(),
                         op.getAccumulatorEpsilon(), op.getAccumulatorType());
    rewriter.replaceOp(
        op, buildNormalize(rewriter, loc,
                           getChannelNormalizeOperands(rewriter, op,
                                                       op.getMean(), invStdDev)));
    return success();
  }
};

/// Rewrites `norm.batch_norm_train` into the corrected two-pass per-channel
/// moments, one elementwise normalization and, when running statistics are
/// given, one per-channel update of them.
struct BatchNormTrainToLinalg : NormToLinalgPattern<BatchNormTrainOp> {
  using NormToLinalgPattern::NormToLinalgPattern;

  LogicalResult matchAndRewrite(BatchNormTrainOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t rank = op.getInput().getType().getRank();
    int64_t channelAxis = op.getNormalizedFeatureAxis();
    FloatType accType = op.getAccumulatorType();
    double epsilon = op.getAccumulatorEpsilon();

    Moments moments = buildMoments(rewriter, loc, op.getInput(),
                                   getAllButChannel(rank, channelAxis), accType,
                                   getSumFlags(options));
    NormalizeOperands operands = getChannelNormalizeOperands(
        rewriter, op, moments.firstMean,
        buildInverseSqrt(rewriter, loc, moments.variance, epsilon, accType));
    operands.meanCorrection = moments.correction;

    SmallVector<Value> results = {
        buildNormalize(rewriter, loc, operands),
        castToType(rewriter, loc, moments.mean, op.getBatchMean().getType()),
        castToType(rewriter, loc, moments.variance,
                   op.getBatchVar().getType())};
    if (op.getRunningMean()) {
      auto [newMean, newVar] = buildRunningUpdate(rewriter, op, moments);
      results.push_back(
          castToType(rewriter, loc, newMean, op.getNewRunningMean().getType()));
      results.push_back(
          castToType(rewriter, loc, newVar, op.getNewRunningVar().getType()));
    }
    rewriter.replaceOp(op, results);
    return success();
  }

private:
  /// new = running * momentum + batch * (1 - momentum) per channel (ONNX);
  /// the variance fed in is unbiased (x m/(m-1)) when requested (PyTorch).
  static std::pair<Value, Value> buildRunningUpdate(OpBuilder &b,
                                                    BatchNormTrainOp op,
                                                    const Moments &moments) {
    Location loc = op.getLoc();
    FloatType accType = op.getAccumulatorType();
    double momentum = op.getAccumulatorMomentum();
    bool unbiased = op.getUnbiasedRunningVar();
    Value runningMean =
        castToType(b, loc, op.getRunningMean(), moments.mean.getType());
    Value runningVar =
        castToType(b, loc, op.getRunningVar(), moments.mean.getType());
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(b, loc, moments.mean);
    Value initMean = tensor::EmptyOp::create(b, loc, sizes, accType);
    Value initVar = tensor::EmptyOp::create(b, loc, sizes, accType);
    AffineMap identity = b.getMultiDimIdentityMap(1);
    auto update = linalg::GenericOp::create(
        b, loc, TypeRange{initMean.getType(), initVar.getType()},
        ValueRange{runningMean, runningVar, moments.mean, moments.variance},
        ValueRange{initMean, initVar}, SmallVector<AffineMap>(6, identity),
        {utils::IteratorType::parallel},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          RunningStatistics updated = buildRunningStatistics(
              nb, nl, args[0], args[1], args[2], args[3], moments.count,
              momentum, unbiased);
          linalg::YieldOp::create(
              nb, nl, ValueRange{updated.mean, updated.variance});
        });
    return {update.getResult(0), update.getResult(1)};
  }
};
} // namespace

void mlir::norm::populateBatchNormToLinalgPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToLinalgPassOptions &options) {
  patterns.add<BatchNormToLinalg, BatchNormTrainToLinalg>(patterns.getContext(), options);
}
