//===- NormToLinalg.h - Shared pieces of the norm lowering --*- C++ -*-===//
//
// Internal to lib/Conversion/NormToLinalg: the builders that every op
// family's lowering shares, and the per-family pattern population functions.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOLINALG_NORMTOLINALG_H
#define LIB_CONVERSION_NORMTOLINALG_NORMTOLINALG_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "norm/Conversion/NormToLinalg/NormToLinalg.h"

namespace mlir::norm {

void populateLayerNormToLinalgPatterns(
    RewritePatternSet &patterns, const ConvertNormToLinalgPassOptions &options);
void populateBatchNormToLinalgPatterns(
    RewritePatternSet &patterns, const ConvertNormToLinalgPassOptions &options);
void populateGroupNormToLinalgPatterns(
    RewritePatternSet &patterns, const ConvertNormToLinalgPassOptions &options);
void populateGradientToLinalgPatterns(
    RewritePatternSet &patterns, const ConvertNormToLinalgPassOptions &options);

/// Splits dim `splitDim` of `value` into (groups, size / groups) with a
/// tensor.expand_shape (the group view of group_norm).
Value splitDim(OpBuilder &b, Location loc, Value value, int64_t splitDim,
               int64_t groups);

/// The reassociation that splitDim uses on a rank-`rank` tensor (and that
/// collapses its result back).
SmallVector<ReassociationIndices> getSplitReassociation(int64_t rank,
                                                        int64_t splitDim);

/// A rewrite pattern of one norm op that carries the conversion options.
template <typename OpTy>
struct NormToLinalgPattern : OpRewritePattern<OpTy> {
  NormToLinalgPattern(MLIRContext *context,
                      const ConvertNormToLinalgPassOptions &options)
      : OpRewritePattern<OpTy>(context), options(options) {}
  ConvertNormToLinalgPassOptions options;
};

/// The fast-math flags of the accumulating adds of every sum: `reassoc` when
/// the options allow reassociation (so LLVM may vectorize the reduction with
/// several independent accumulators), none otherwise.
arith::FastMathFlags getSumFlags(const ConvertNormToLinalgPassOptions &options);

/// Converts a float scalar to `type` (extf or truncf; no-op when equal).
Value convertFloat(OpBuilder &b, Location loc, Value value, FloatType type);

/// Returns `value` as `type`, inserting a tensor.cast when the static
/// information differs (e.g. a result declared with `?` where we know a size).
Value castToType(OpBuilder &b, Location loc, Value value, Type type);

/// The number of elements over the dims of `input` marked in `reduced`, as a
/// scalar of type `accType`.
Value buildReducedCount(OpBuilder &b, Location loc, Value input,
                        ArrayRef<bool> reduced, FloatType accType);

/// Mean and biased variance of `input` over the dims marked in `reduced`, as
/// tensors over the kept dims (in order) with element type `accType`.
struct Moments {
  /// firstMean + correction, rounded once.
  Value mean;
  Value variance;
  /// The number of reduced elements, as an `accType` scalar.
  Value count;
  /// The two unrounded parts of the mean: the first-pass mean m1 and the
  /// correction sum(x - m1) / n. Normalizing with (x - m1) - correction keeps
  /// the deviations accurate where the rounding of `mean` (half an ulp of a
  /// large mean) would dominate a small spread.
  Value firstMean;
  Value correction;
};

/// Builds the corrected two-pass moments: pass 1 sums x for a first mean m1;
/// pass 2 sums d = x - m1 and d^2; then mean = m1 + sum(d)/n and
/// var = sum(d^2)/n - (sum(d)/n)^2, clamped at 0. Every sum is in `accType`.
/// E[x^2] - E[x]^2 is never formed, and a constant row gets its exact value as
/// mean, so x - mean is exactly 0 there.
Moments buildMoments(OpBuilder &b, Location loc, Value input,
                     ArrayRef<bool> reduced, FloatType accType,
                     arith::FastMathFlags sumFlags);

/// Sums `numSums` terms over the dims marked in `reduced` into `accType`
/// tensors over the kept dims, in one linalg.generic: `inputs` are read
/// through `maps` (inputs[0] through the identity, giving the sizes of the
/// iteration space), and `terms` builds the terms from their elements. The
/// sums are sequential and compensated unless `sumFlags` has `reassoc`, as
/// in buildMoments; either way their order is fixed (deterministic).
SmallVector<Value> buildSumsOf(
    OpBuilder &b, Location loc, ValueRange inputs, ArrayRef<AffineMap> maps,
    ArrayRef<bool> reduced, FloatType accType, arith::FastMathFlags sumFlags,
    int64_t numSums,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> terms);

/// Mean of x^2 over the dims marked in `reduced`, over the kept dims.
Value buildMeanOfSquares(OpBuilder &b, Location loc, Value input,
                         ArrayRef<bool> reduced, FloatType accType,
                         arith::FastMathFlags sumFlags);

/// Elementwise 1 / sqrt(v + epsilon) in `accType` over a tensor of any float
/// element type.
Value buildInverseSqrt(OpBuilder &b, Location loc, Value tensor,
                       double epsilon, FloatType accType);

/// Operands of the final elementwise pass.
struct NormalizeOperands {
  Value input;
  /// Optional (RMSNorm has none); indexed through `statsMap`.
  Value mean;
  /// Optional, indexed through `statsMap`: subtracted after `mean`, so the
  /// deviation is (x - mean) - meanCorrection (see Moments::firstMean).
  Value meanCorrection;
  /// Indexed through `statsMap`.
  Value invStdDev;
  AffineMap statsMap;
  /// Optional, indexed through `paramMap`.
  Value scale;
  Value bias;
  AffineMap paramMap;
  FloatType accType;
  /// The epsilon of `invStdDev`: with 0 the deviation times `invStdDev` is
  /// guarded (see buildScaledDeviation), so a constant row still gives
  /// exactly `bias`.
  double epsilon = 1.0;
};

/// Builds y = (x - mean) * invStdDev * scale + bias over the iteration space
/// of `input` in the accumulation type, truncated once to the input element
/// type.
Value buildNormalize(OpBuilder &b, Location loc,
                     const NormalizeOperands &operands);

/// The map from an iteration space of rank `rank` to the dims in `dims`.
AffineMap getProjection(MLIRContext *context, int64_t rank,
                        ArrayRef<int64_t> dims);

/// The dims of a rank-`rank` space not marked in `reduced`.
SmallVector<int64_t> getKeptDims(ArrayRef<bool> reduced);

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOLINALG_NORMTOLINALG_H
