//===- BatchNorm.cpp - batch_norm(_train) to vector loops ---*- C++ -*-===//
//
// Lowers batch_norm whose channel is followed by one contiguous dim
// ([A..., C, B]: NCHW once norm-flatten-batch-norm has merged H and W) to
// one vector pass over each run of B elements of a channel. The other batch
// norm lowerings: BatchNormTrain.cpp ([A..., C, B] training),
// BatchNormChannelsLast.cpp and BatchNormTrainChannelsLast.cpp ([A..., C]);
// their vector loops: RunKernel.h.
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "RunKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/NormToVector/NormToVector.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Rewrites `norm.batch_norm` of an [A..., C, B] input into loops over the
/// leading dims and the channels whose body makes one vector pass over the
/// run of B elements, writing (x - mean) * rstd * scale + bias with
/// rstd = 1 / sqrt(var + epsilon) computed once per run, the formula of the
/// linalg lowering.
struct BatchNormToVector : OpRewritePattern<BatchNormOp> {
  BatchNormToVector(MLIRContext *context, const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    return rewriteBatchNormByLayout(op, rewriter, options, [&] {
      return rewriteRuns(op, rewriter);
    });
  }

  /// The [A..., C, B] case.
  LogicalResult rewriteRuns(BatchNormOp op, PatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    Value input = op.getInput();
    int64_t axis = op.getNormalizedFeatureAxis();
    RunKernelBuilder kernel(rewriter, loc, input, op.getAccumulatorType(),
                            options);
    double epsilon = op.getAccumulatorEpsilon();
    Value init = tensor::EmptyOp::create(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, input),
        kernel.elementType);
    Value channels = tensor::DimOp::create(rewriter, loc, input, axis);
    Value output = buildLoops(
        rewriter, loc, input, axis, ValueRange{init},
        [&](ValueRange ivs, ValueRange carried) {
          return buildLoop(
              rewriter, loc, channels, carried,
              [&](Value c, ValueRange tensors) -> SmallVector<Value> {
                Value mean = kernel.splat(kernel.extract(op.getMean(), c));
                Value rstd = kernel.splat(buildInverseSqrt(
                    rewriter, loc, kernel.extract(op.getVar(), c), epsilon));
                Value scale = kernel.splat(kernel.extract(op.getScale(), c));
                Value bias = kernel.splat(kernel.extract(op.getBias(), c));
                return {kernel.writeRun(
                    appendIndex(ivs, c), tensors[0],
                    [&](Value x, Value, Value) -> Value {
                      Value d = arith::SubFOp::create(rewriter, loc, x, mean);
                      Value y = buildScaledDeviation(rewriter, loc, d, rstd,
                                                     epsilon);
                      y = arith::MulFOp::create(rewriter, loc, y, scale);
                      return arith::AddFOp::create(rewriter, loc, y, bias);
                    })};
              });
        })[0];
    rewriter.replaceOp(op, castTo(rewriter, loc, output, op.getType()));
    return success();
  }

  ConvertNormToVectorPassOptions options;
};
} // namespace

void mlir::norm::populateBatchNormToVectorPatterns(
    RewritePatternSet &patterns, const ConvertNormToVectorPassOptions &options) {
  patterns.add<BatchNormToVector>(patterns.getContext(), options);
  populateBatchNormTrainToVectorPatterns(patterns, options);
}
