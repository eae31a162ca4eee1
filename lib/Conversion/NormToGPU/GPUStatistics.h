//===- GPUStatistics.h - Statistics formulas of the GPU kernels -*- C++ -*-===//
//
// Internal to lib/Conversion/NormToGPU: the statistics formulas the row and
// batch-norm kernels share (inverse square root, Chan's merge, the corrected
// two-pass variance, the running-statistics blend, element counts), each
// built once on accumulation type scalars.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOGPU_GPUSTATISTICS_H
#define LIB_CONVERSION_NORMTOGPU_GPUSTATISTICS_H

#include "mlir/IR/Builders.h"

namespace mlir::norm::to_gpu {

/// Statistics of a set of values in the accumulation type: the count, the
/// mean (often relative to a pilot value) and M2, the sum of squared
/// deviations from the mean.
struct Welford {
  Value count, mean, m2;
  SmallVector<Value> values() const { return {count, mean, m2}; }
  static Welford of(ValueRange values) {
    return {values[0], values[1], values[2]};
  }
};

/// `count` (an index) as a float of type `type`.
Value buildElementCount(OpBuilder &b, Location loc, Value count,
                        FloatType type);

/// 1 / sqrt(v + epsilon), as in the CPU lowering.
Value buildInverseSqrt(OpBuilder &b, Location loc, Value v, double epsilon);

/// Chan's merge of the statistics of two disjoint sets, `a` first:
///   n = na + nb, w = nb / n, delta = mean_b - mean_a,
///   mean = mean_a + delta * w, M2 = (M2_a + M2_b) + delta^2 * (na * w).
/// Both sides must be non-empty (see buildGuardedMerge).
Welford buildChanMerge(OpBuilder &b, Location loc, const Welford &a,
                       const Welford &b2);

/// Chan's merge where an empty side (count 0) gives the other unchanged: no
/// 0/0, and a constant set keeps its exact mean.
Welford buildGuardedMerge(OpBuilder &b, Location loc, const Welford &a,
                          const Welford &b2);

/// The corrected two-pass variance from the sums of d = x - m1 over n values
/// (m1 a first estimate of the mean): the mean correction c = sum(d) / n and
/// var = max(sum(d^2) / n - c^2, 0).
std::pair<Value, Value> buildCorrectedVariance(OpBuilder &b, Location loc,
                                               Value sumD, Value sumDD,
                                               Value n);

/// running * momentum + batch * (1 - momentum) (ONNX).
Value buildRunningBlend(OpBuilder &b, Location loc, Value running, Value batch,
                        double momentum);

/// variance * n / (n - 1): the unbiased variance of n values (PyTorch's
/// running variance; NaN for n = 1).
Value buildUnbiasedVariance(OpBuilder &b, Location loc, Value variance,
                            Value count);

} // namespace mlir::norm::to_gpu

#endif // LIB_CONVERSION_NORMTOGPU_GPUSTATISTICS_H
