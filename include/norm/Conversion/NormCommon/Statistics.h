//===- Statistics.h - Statistics builders shared by the lowerings -*- C++
//-*-===//
//
// The formulas every norm lowering (linalg, CPU vector loops, GPU kernels)
// builds: the element count, the mean, the centred two-pass moments, Chan's
// merge of partial moments, the inverse standard deviation with its
// zero-deviation guard, and the running-statistics update. Each builder
// works on `Value`s whose type is a float or a vector of floats (scalars,
// e.g. a count, combined with vectors are splat by the builder), so that a
// formula is written once for every lowering and its rounding is the same
// everywhere.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_CONVERSION_NORMCOMMON_STATISTICS_H
#define NORM_CONVERSION_NORMCOMMON_STATISTICS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"

namespace mlir::norm {

/// A constant `value` of `type`: an arith.constant of a float type, or the
/// vector.broadcast of one to a vector of floats.
Value buildFloatConstant(OpBuilder &b, Location loc, Type type, double value);

/// `value` (a float or a vector of floats) as the type of `like`: a scalar
/// is broadcast to a vector `like`; anything else is returned as is.
Value splatLike(OpBuilder &b, Location loc, Value value, Value like);

/// The index `count` as a float of type `accType` (index_castui to i64, then
/// uitofp: counts are never negative).
Value buildIndexToFloat(OpBuilder &b, Location loc, Value count,
                        FloatType accType);

/// The product of `sizes` (e.g. the sizes of the reduced dims), as a scalar
/// of type `accType`: a constant when every size is static, else the product
/// of the dynamic sizes times that of the static ones, converted once.
Value buildElementCount(OpBuilder &b, Location loc,
                        ArrayRef<OpFoldResult> sizes, FloatType accType);

/// sum / count: the mean of `count` elements whose sum is `sum`.
Value buildMean(OpBuilder &b, Location loc, Value sum, Value count);

/// The moments of the corrected two-pass scheme: with a first mean m1 and
/// the sums of d = x - m1 and d^2 over n elements,
///   c = sum(d) / n, mean = m1 + c, var = max(sum(d^2) / n - c^2, 0).
/// E[x^2] - E[x]^2 is never formed; a constant set has c = 0 and its exact
/// value as mean. maximumf keeps the NaN of an empty set (0 / 0).
struct CentredMoments {
  /// m1 + c, rounded once.
  Value mean;
  Value variance;
  /// c = sum(d) / n: normalizing with (x - m1) - c keeps the deviations
  /// accurate where the rounding of `mean` would dominate a small spread.
  Value correction;
};
CentredMoments buildCentredMoments(OpBuilder &b, Location loc, Value firstMean,
                                   Value sumDeviations,
                                   Value sumSquaredDeviations, Value count);

/// A (count, mean, M2) triple: the statistics of a set of values, M2 being
/// the sum of squared deviations from the mean.
struct PartialMoments {
  Value count, mean, m2;
};

/// The partial moments of n elements from the corrected two-pass sums (see
/// buildCentredMoments): mean = m1 + c, M2 = max(sum(d^2) - n c^2, 0).
PartialMoments buildCentredPartialMoments(OpBuilder &b, Location loc,
                                          Value firstMean, Value sumDeviations,
                                          Value sumSquaredDeviations,
                                          Value count);

/// The weights of Chan's merge of a set of `firstCount` elements with one of
/// `secondCount`: the merged count n = na + nb, the mean weight w = nb / n
/// and the M2 weight na w. A caller merging many vectors with the same counts
/// builds them once (on scalars) and splats them.
struct ChanWeights {
  Value count, meanWeight, m2Weight;
};
ChanWeights buildChanWeights(OpBuilder &b, Location loc, Value firstCount,
                             Value secondCount);

/// Chan's merge of the means and M2 of two disjoint sets, `first` first,
/// with `weights` from buildChanWeights (the counts of `first` and `second`
/// are not read): delta = mean_b - mean_a,
///   mean = mean_a + delta w, M2 = (M2_a + M2_b) + delta^2 (na w).
/// Scalar weights are splat to vector means. Returns the merged triple with
/// `weights.count`.
PartialMoments buildChanMerge(OpBuilder &b, Location loc,
                              const ChanWeights &weights,
                              const PartialMoments &first,
                              const PartialMoments &second);

/// Chan's merge of two (count, mean, M2) triples (see above). With
/// `keepEmptySides`, a side whose count is 0 gives the other unchanged (no
/// 0 / 0; all operands must then have one type).
PartialMoments buildChanMerge(OpBuilder &b, Location loc,
                              const PartialMoments &first,
                              const PartialMoments &second,
                              bool keepEmptySides = false);

/// The biased variance M2 / n of a triple, clamped at 0 (maximumf keeps the
/// NaN of an empty set).
Value buildVariance(OpBuilder &b, Location loc, const PartialMoments &moments);

/// 1 / sqrt(variance + epsilon), in the type of `variance`. With epsilon = 0
/// a zero variance gives +inf (see buildScaledDeviation).
Value buildInverseSqrt(OpBuilder &b, Location loc, Value variance,
                       double epsilon);

/// The same with `epsilon` a constant the caller built (of the type of
/// `variance`).
Value buildInverseSqrt(OpBuilder &b, Location loc, Value variance,
                       Value epsilon);

/// deviation * invStdDev; with epsilon = 0, 0 wherever the deviation is 0:
/// a zero deviation over a zero variance would be 0 * inf = NaN, and a
/// constant instance must still give exactly its bias (docs/numerics.md).
/// The guard is only built for epsilon = 0.
Value buildScaledDeviation(OpBuilder &b, Location loc, Value deviation,
                           Value invStdDev, double epsilon);

/// The zero-deviation guard of buildScaledDeviation for any `y` built from
/// `deviation`: `y` itself, or, with epsilon = 0, `atZero` (0 when null)
/// wherever the deviation is 0, e.g. the bias of an affine
/// fma(deviation, scale * invStdDev, bias) whose factor is infinite there.
Value buildZeroDeviationGuard(OpBuilder &b, Location loc, Value deviation,
                              Value y, Value atZero, double epsilon);

/// xhat = (x - mean) * invStdDev, the normalized input that the gradient ops
/// take their terms of (x * invStdDev without a `mean`: rms_norm_grad). No
/// zero-deviation guard: the gradients read the statistics they are given.
Value buildNormalizedInput(OpBuilder &b, Location loc, Value x, Value mean,
                           Value invStdDev);

/// running * momentum + batch * (1 - momentum) (ONNX).
Value buildMomentumBlend(OpBuilder &b, Location loc, Value running, Value batch,
                         double momentum);

/// variance * n / (n - 1): the unbiased variance of n elements (NaN for
/// n = 1, as in PyTorch).
Value buildUnbiasedVariance(OpBuilder &b, Location loc, Value variance,
                            Value count);

/// The new running statistics of a training batch norm:
/// the momentum blend of the running and the batch mean, and of the running
/// and the batch variance, the latter unbiased (x n / (n - 1)) when
/// `unbiased`.
struct RunningStatistics {
  Value mean, variance;
};
RunningStatistics buildRunningStatistics(OpBuilder &b, Location loc,
                                         Value runningMean, Value runningVar,
                                         Value batchMean, Value batchVar,
                                         Value count, double momentum,
                                         bool unbiased);

/// The input gradient of a normalization from the means of its terms over
/// the normalized set: factor * ((g - meanG) - xhat * meanGXhat), with g the
/// upstream gradient (times the scale, where `factor` does not hold it),
/// xhat the normalized input (buildNormalizedInput), meanG = mean(g),
/// meanGXhat = mean(g * xhat) and `factor` the inverse standard deviation
/// (times the scale). Without `meanG` (rms_norm_grad) the g - meanG step is
/// left out.
Value buildInputGradient(OpBuilder &b, Location loc, Value g, Value xhat,
                         Value meanG, Value meanGXhat, Value factor);

} // namespace mlir::norm

#endif // NORM_CONVERSION_NORMCOMMON_STATISTICS_H
