//===- NormToVector.h - Shared pieces of the vector lowering -*- C++ -*-===//
//
// Internal to lib/Conversion/NormToVector: the per-family pattern population
// functions that populateNormToVectorConversionPatterns combines.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOVECTOR_NORMTOVECTOR_H
#define LIB_CONVERSION_NORMTOVECTOR_NORMTOVECTOR_H

#include "norm/Conversion/NormToVector/NormToVector.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::norm {

/// layer_norm and rms_norm over their last dim (RowNorm.cpp).
void populateRowNormToVectorPatterns(
    RewritePatternSet &patterns, const ConvertNormToVectorPassOptions &options);

/// layer_norm_grad and rms_norm_grad over their last dim (RowNormGrad.cpp).
void populateRowNormGradToVectorPatterns(
    RewritePatternSet &patterns, const ConvertNormToVectorPassOptions &options);

/// batch_norm and batch_norm_train with one dim after the channel, or with
/// the channel last (BatchNorm.cpp; includes the patterns below).
void populateBatchNormToVectorPatterns(RewritePatternSet &patterns,
                                       const ConvertNormToVectorPassOptions &options);

/// batch_norm_train with one dim after the channel, or with the channel last
/// (BatchNormTrain.cpp).
void populateBatchNormTrainToVectorPatterns(RewritePatternSet &patterns,
                                            const ConvertNormToVectorPassOptions &options);

/// group_norm and instance_norm of (N, C, L) inputs (GroupNorm.cpp).
void populateGroupNormToVectorPatterns(
    RewritePatternSet &patterns, const ConvertNormToVectorPassOptions &options);

/// batch_norm_grad with one dim after the channel, or with the channel last
/// (BatchNormGrad.cpp).
void populateBatchNormGradToVectorPatterns(
    RewritePatternSet &patterns, const ConvertNormToVectorPassOptions &options);

/// group_norm_grad of (N, C, L) inputs (GroupNormGrad.cpp).
void populateGroupNormGradToVectorPatterns(
    RewritePatternSet &patterns, const ConvertNormToVectorPassOptions &options);

/// The fresh tensor `value` viewed with the shape `type` (sizes `sizes`;
/// `reassociation` maps the dims of `type` to those of `value`): a
/// tensor.expand_shape, or, where a dim is split into several dynamic ones,
/// a tensor.reshape, since such a memref.expand_shape crashes
/// expand-strided-metadata in LLVM 22 (llvm-project#186830). `value` itself
/// when the ranks agree (VectorKernelMemory.cpp).
Value expandFreshTensor(OpBuilder &b, Location loc, Value value,
                        RankedTensorType type, ArrayRef<OpFoldResult> sizes,
                        ArrayRef<ReassociationIndices> reassociation);

/// Whether the group norm kernels (GroupNorm.cpp, GroupNormGrad.cpp) handle
/// `type`, the input of `op`: (N, C, L), not statically empty.
inline LogicalResult matchGroupNormInput(Operation *op, RankedTensorType type,
                                         PatternRewriter &rewriter) {
  if (type.getRank() != 3)
    return rewriter.notifyMatchFailure(
        op, "not (N, C, L): norm-flatten-batch-norm merges the spatial dims");
  if (llvm::is_contained(type.getShape(), 0))
    return rewriter.notifyMatchFailure(op, "statically empty");
  return success();
}

class BatchNormOp;
class BatchNormTrainOp;

/// The channels-last ([A..., C]) batch norms, vectorized across the channels
/// (BatchNormChannelsLast.cpp, BatchNormTrainChannelsLast.cpp).
LogicalResult rewriteChannelsLastToVector(BatchNormOp op,
                                          PatternRewriter &rewriter,
                                          const ConvertNormToVectorPassOptions &options);
LogicalResult rewriteChannelsLastToVector(BatchNormTrainOp op,
                                          PatternRewriter &rewriter,
                                          const ConvertNormToVectorPassOptions &options);

/// Rewrites the batch norm `op` by its layout: channels last with
/// rewriteChannelsLastToVector, one dim after the channel ([A..., C, B], the
/// runs) with `rewriteRuns`; fails on any other layout.
template <typename OpTy>
LogicalResult
rewriteBatchNormByLayout(OpTy op, PatternRewriter &rewriter,
                         const ConvertNormToVectorPassOptions &options,
                         function_ref<LogicalResult()> rewriteRuns) {
  int64_t rank = op.getInput().getType().getRank();
  int64_t axis = op.getNormalizedFeatureAxis();
  if (axis == rank - 1)
    return rewriteChannelsLastToVector(op, rewriter, options);
  if (axis != rank - 2)
    return rewriter.notifyMatchFailure(
        op, "more than one dim after the feature axis");
  return rewriteRuns();
}

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOVECTOR_NORMTOVECTOR_H
