//===- BatchNormGrad.h - batch_norm_grad kernels ----------------*- C++ -*-===//
//
// Internal to lib/Conversion/NormToVector: the state and the formulas that
// the two batch_norm_grad kernels ([A..., C, B] runs in BatchNormGrad.cpp,
// channels last in BatchNormGradChannelsLast.cpp) share.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOVECTOR_BATCHNORMGRAD_H
#define LIB_CONVERSION_NORMTOVECTOR_BATCHNORMGRAD_H

#include "GradKernel.h"
#include "RunKernel.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::norm {

/// What the passes of one batch_norm_grad share.
struct BatchGradKernel {
  BatchGradKernel(BatchNormGradOp op, PatternRewriter &rewriter,
                  const ConvertNormToVectorPassOptions &options)
      : op(op), rewriter(rewriter), options(options), loc(op.getLoc()),
        axis(op.getNormalizedFeatureAxis()), accType(op.getAccumulatorType()),
        pair(rewriter, loc, op.getDy(), op.getX(), accType, options),
        epsilon(op.getAccumulatorEpsilon()),
        count(buildCountPerChannel(rewriter, loc, op.getDy(), axis, accType)),
        channels(tensor::DimOp::create(rewriter, loc, op.getDy(), axis)),
        sizes(tensor::getMixedSizes(rewriter, loc, op.getDy())) {}

  /// An empty per-channel tensor of the accumulation type.
  Value perChannel() {
    return tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{sizes[axis]}, accType);
  }
  /// An empty tensor shaped like dy, of its element type: dx.
  Value emptyOutput() {
    return tensor::EmptyOp::create(rewriter, loc, sizes, pair.dy.elementType);
  }
  bool withSums() { return op.getDscale() || op.getDbias(); }

  /// A loop nest over the dims before the channel whose body loops over
  /// the channels, carrying `inits`: `body(ivs, c, tensors)` visits the run
  /// of channel `c` at `ivs` and returns the new tensors.
  SmallVector<Value>
  buildRunLoops(ValueRange inits,
                function_ref<SmallVector<Value>(ValueRange ivs, Value c,
                                                ValueRange tensors)>
                    body) {
    return buildLoops(rewriter, loc, op.getDy(), axis, inits,
                      [&](ValueRange ivs, ValueRange carried) {
                        return buildLoop(rewriter, loc, channels, carried,
                                         [&](Value c, ValueRange tensors) {
                                           return body(ivs, c, tensors);
                                         });
                      });
  }

  BatchNormGradOp op;
  PatternRewriter &rewriter;
  const ConvertNormToVectorPassOptions &options;
  Location loc;
  int64_t axis;
  FloatType accType;
  GradPairBuilder pair;
  double epsilon;
  /// The elements per channel m, in the accumulation type.
  Value count;
  Value channels;
  SmallVector<OpFoldResult> sizes;
};

/// The per-channel values of dx = dy * k + xhat * p + q (GradCoefficients)
/// and of xhat = (x - mean) * invStd, one tensor each (per-channel vectors
/// for channels last), in the accumulation type; `p` and `q` are null with
/// constant statistics.
struct ChannelValues {
  Value mean, invStd, k, p, q;
};

/// dy, xhat = (x - mean) * invStd: the terms whose sums are dbias and dscale.
SmallVector<Value> buildSumTerms(OpBuilder &b, Location loc, Value dy, Value x,
                                 Value mean, Value invStd);

/// dx of one vector: dy * k + ((x - mean) * invStd) * p + q, or dy * k with
/// constant statistics (null `p`).
Value buildDx(OpBuilder &b, Location loc, Value dy, Value x,
              const ChannelValues &values);

/// Replaces `op` by dx (`output`) and the dscale and dbias it returns: the
/// per-channel sums `channelSums` (sum dy, sum dy * xhat; accumulation-type
/// tensors) converted to the element type by `kernel`'s vector loops; each
/// cast to its result type.
void replaceWithGradients(PatternRewriter &rewriter, BatchNormGradOp op,
                          RunKernelBuilder &kernel, Value output,
                          ArrayRef<Value> channelSums);

/// Rewrites a channels-last batch_norm_grad ([A0, A..., C])
/// (BatchNormGradChannelsLast.cpp).
LogicalResult
rewriteBatchNormGradChannelsLast(BatchNormGradOp op, PatternRewriter &rewriter,
                                 const ConvertNormToVectorPassOptions &options);

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOVECTOR_BATCHNORMGRAD_H
