//===- GradKernel.h - Vector kernels of the channel gradients -*- C++ -*-===//
//
// Internal to lib/Conversion/NormToVector: what the vector kernels of
// batch_norm_grad and group_norm_grad share: sweeps that read dy and x side
// by side, and the formula of dx from the per-instance sums.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOVECTOR_GRADKERNEL_H
#define LIB_CONVERSION_NORMTOVECTOR_GRADKERNEL_H

#include "RunKernel.h"

namespace mlir::norm {

/// Sweeps the last dim of dy and x (one type) together: the builder of dy
/// (its loops, loads, output stores) and one of x for its loads.
class GradPairBuilder {
public:
  GradPairBuilder(OpBuilder &b, Location loc, Value dy, Value x,
                  FloatType accType,
                  const ConvertNormToVectorPassOptions &options)
      : dy(b, loc, dy, accType, options), x(b, loc, x, accType, options) {}

  /// `terms(dy, x)` of the vectors of dy and x at [prefix..., j].
  using Terms = function_ref<SmallVector<Value>(Value dy, Value x)>;
  /// dx of the vectors of dy and x at [prefix..., j] (with `mask`).
  using DxBody = function_ref<Value(Value dy, Value x, Value j, Value mask)>;

  /// Sums `numSums` terms of every element of the run at `prefix`:
  /// `unroll` accumulators per sum in the main loop, added up once; returns
  /// one vector per sum (masked-off lanes add 0). With `output`, also writes
  /// `dx(dy, x)` of each vector into the same place of `*output` and updates
  /// it: one pass for the sums and dx.
  SmallVector<Value> accumulate(ValueRange prefix, int64_t numSums,
                                Value *output, Terms terms,
                                function_ref<Value(Value dy, Value x)> dx);

  /// Writes `body` of every vector of the run at `prefix` into the same run
  /// of `output`; the main loop of runs of whole cache lines may stream
  /// (VectorKernelBuilder::write).
  Value writeRun(ValueRange prefix, Value output, DxBody body);

  /// The per-channel values `step` needs for the vectors at `j` (read once
  /// per chunk).
  using ChunkValues = RunKernelBuilder::ChunkValues;
  /// One vector of a chunk: the terms of the vectors of dy and x with the
  /// chunk's `values` and, when `dx` is not null, the dx to store.
  using ChunkStep = function_ref<SmallVector<Value>(
      Value dy, Value x, ValueRange values, Value *dx)>;

  /// Sweeps the rows [prefix..., r, :], r in [0, rows), of a channels-last
  /// dy and x a chunk of channels at a time (RunKernelBuilder's
  /// sweepRowChunks, masked-off lanes adding 0): per chunk, the `values`
  /// are read once, then every row adds the chunk's terms in registers and,
  /// with `output`, stores its dx; the chunk's sums are added to `sums`
  /// (1-D accumulation-type tensors, one per sum) once. Returns the updated
  /// sums, then the output if any.
  SmallVector<Value> sweepRowChunks(ValueRange prefix, Value rows,
                                    ValueRange sums, Value output,
                                    ChunkValues values, ChunkStep step);

  RunKernelBuilder dy;
  VectorKernelBuilder x;
};

/// The coefficients of dx = dy * k + xhat * p + q of an instance of m
/// elements with the sums s1 = sum(g), s2 = sum(g * xhat) of g = dy * scale
/// given as sum(dy) and sum(dy * xhat) and k = scale * invStd (a channel of
/// batch_norm_grad): p = -k * s2 / m, q = -k * s1 / m, so that
/// dx = invStd * (g - s1 / m - xhat * s2 / m). Scalars or vectors.
struct GradCoefficients {
  Value p, q;
};
GradCoefficients buildGradCoefficients(OpBuilder &b, Location loc, Value k,
                                       Value sumDy, Value sumDyXhat,
                                       Value count);

/// dy * k + (xhat * p + q), two fused multiply-adds.
Value buildGradDx(OpBuilder &b, Location loc, Value dy, Value k, Value xhat,
                  Value p, Value q);

/// The 1-D accumulation-type `tensor` converted to `elementType` (itself
/// when it has that type), a vector loop of `kernel`.
Value buildConvertedCopy(VectorKernelBuilder &kernel, Value tensor,
                         Type elementType);

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOVECTOR_GRADKERNEL_H
