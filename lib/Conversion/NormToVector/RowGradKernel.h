//===- RowGradKernel.h - The row gradients' vector kernel ----*- C++ -*-===//
//
// Internal to lib/Conversion/NormToVector: the builder of the two vector
// passes of one row of layer_norm_grad or rms_norm_grad (RowNormGrad.cpp
// lays the rows out and tiles them).
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOVECTOR_ROWGRADKERNEL_H
#define LIB_CONVERSION_NORMTOVECTOR_ROWGRADKERNEL_H

#include "VectorKernel.h"

namespace mlir::norm {

/// The operands of a row gradient: `mean` is null for rms_norm_grad,
/// `scale` when absent. `withDscale` / `withDbias`: the op returns them.
struct RowGradOperands {
  Value dy, x, mean, invStdDev, scale;
  bool withDscale = false, withDbias = false;
};

/// The position-wise sums of a tile's rows, in the accumulation type: dscale's
/// terms dy * xhat and dbias's dy, those the op returns, interleaved a vector
/// at a time in one 1-D `tensor` (the `count` sums of the vector at j at
/// j * count + s * lanes, s in [0, count)). One stream of adjacent lines
/// instead of two rows that, for rows of a multiple of 1024 f32, would be a
/// multiple of 4 KiB apart (the load of one after the store to the other
/// would wait on 4K aliasing).
struct ParamPartials {
  Value tensor;
  bool dscale = false, dbias = false;
  int64_t count() const { return int64_t(dscale) + int64_t(dbias); }
};

/// Builds the two vector passes of a row gradient over the rows of `x` (the
/// kernel's input; `dy` is read at the same places).
class RowGradKernelBuilder : public VectorKernelBuilder {
public:
  RowGradKernelBuilder(OpBuilder &b, Location loc, Value x, Value dy,
                       const RowGradOperands &ops, FloatType accType,
                       const ConvertNormToVectorPassOptions &options);

  /// The gradient of the row at `rowIndices` whose statistics are `mean`
  /// (null without) and `invStdDev` (scalars): writes its dx into `dx`, adds
  /// its parameter-gradient terms into `partials`, and returns dx and (with
  /// partials) the updated partials tensor.
  SmallVector<Value> buildRow(ValueRange rowIndices, Value mean,
                              Value invStdDev, Value dx,
                              ParamPartials partials);

  /// The vector of `tensor` (of the kernel input's rank) at [prefix..., j]
  /// in the accumulation type (masked-off lanes read 0).
  Value loadVectorOf(Value tensor, ValueRange prefix, Value j, Value mask);

  /// `tensor` (1-D, accumulation type) set to 0.
  Value zeroFill(Value tensor);

  /// The element count of a row, in the accumulation type.
  Value count;

private:
  Value dy;
  const RowGradOperands &ops;
};

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOVECTOR_ROWGRADKERNEL_H
