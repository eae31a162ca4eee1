//===- NormInterfaces.h - Norm op interface -----------------*- C++ -*-===//
//
// NormOpInterface (NormInterfaces.td) and the types its methods exchange.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_DIALECT_NORM_IR_NORMINTERFACES_H
#define NORM_DIALECT_NORM_IR_NORMINTERFACES_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/APFloat.h"

#include <optional>
#include <utility>

namespace mlir::norm {
class NormOpInterface;

/// How the shape of an affine parameter or a statistics tensor of a norm op
/// follows from the shape of its input.
enum class NormTensorLayout {
  /// The sizes of the reduction dims: `input.shape[axis:]`, the scale and
  /// bias of the row norms.
  Normalized,
  /// The input's shape with the reduction dims kept as 1:
  /// `input.shape[:axis] + [1] * (rank - axis)`, the row norms' statistics.
  Rows,
  /// `[C]`, C the size of the channel dim: the per-channel parameters and
  /// statistics.
  Channels,
  /// `[N, G]`, N the size of dim 0 and G the group count: group_norm's
  /// statistics per instance and group.
  Groups,
  /// The input's shape: the `residual` of the row norms and their `sum`.
  Input,
};

/// Whether a tensor of a norm op is an affine parameter or statistics.
enum class NormTensorRole {
  /// `scale` or `bias`.
  Parameter,
  /// A mean, a variance, an inverse standard deviation or root mean square,
  /// or a running statistic.
  Statistics,
  /// A tensor added to `input` before normalizing (`residual`), or that sum
  /// as a result (`sum`).
  Residual,
  /// The forward op's input `x` of a gradient op (an operand shaped like
  /// `input`, which is `dy` there).
  ForwardInput,
  /// The gradient of an affine parameter (`dscale`, `dbias`): a result of a
  /// gradient op, shaped like the parameter, with the element type of
  /// `input`.
  ParameterGradient,
};

/// An operand or result of a norm op other than `input` and `output`.
struct NormTensor {
  /// The operand's value or the result.
  Value value;
  /// The operand; null for a result.
  OpOperand *operand = nullptr;
  /// Its name in the op's definition ("scale", "inv_rms"), for diagnostics.
  StringRef name;
  NormTensorRole role;
  NormTensorLayout layout;
  /// Whether its element type is the accumulation type; otherwise it is the
  /// element type of `input`.
  bool hasAccumulatorType;

  /// A present operand or a present result (the ones with a value).
  static NormTensor operandOf(OpOperand &operand, StringRef name,
                              NormTensorRole role, NormTensorLayout layout,
                              bool hasAccumulatorType) {
    return {operand.get(), &operand, name, role, layout, hasAccumulatorType};
  }
  static NormTensor resultOf(Value result, StringRef name,
                             NormTensorLayout layout,
                             NormTensorRole role = NormTensorRole::Statistics,
                             bool hasAccumulatorType = true) {
    NormTensor tensor{result, nullptr, name, role, layout, hasAccumulatorType};
    return tensor;
  }
};

/// Dim `i` of a tensor of a given NormTensorLayout: the size of dim
/// `inputDim` of `input`, or `fixedSize` where there is none (the unit dims
/// of row statistics, the groups of group_norm statistics).
struct NormTensorDim {
  std::optional<int64_t> inputDim;
  int64_t fixedSize = 1;
};

/// The accumulation type of a norm op: `accType` when given, else f64 for f64
/// inputs and f32 for every narrower float type.
FloatType getAccumulatorTypeOrDefault(TypeAttr accType, FloatType elementType);

/// `value` rounded once to `type` (to nearest, ties to even), as a double;
/// exact for f16, bf16, f32 and f64.
double roundToFloatType(llvm::APFloat value, FloatType type);

/// Checks the shapes and element types of the statistics operands and
/// results of `op` against its input ("'mean' must have shape [...] to match
/// 'input'"). Each op's verifier calls it after its own checks, which the
/// statistics' layouts depend on (`num_groups`).
LogicalResult verifyStatisticsTypes(NormOpInterface op);

namespace detail {
LogicalResult verifyNormOpInterface(Operation *op);
SmallVector<int64_t> getLoopDims(NormOpInterface op);
SmallVector<NormTensorDim> getLayoutDims(NormOpInterface op,
                                         NormTensorLayout layout);
SmallVector<NormTensor> filterNormTensors(ArrayRef<NormTensor> tensors,
                                          NormTensorRole role, bool results);
std::optional<int64_t> getLoopOfInputDim(NormOpInterface op, int64_t dim);
std::optional<int64_t> getOperandDimLoop(NormOpInterface op,
                                         unsigned operandNumber, int64_t dim);
std::optional<int64_t> getResultDimLoop(NormOpInterface op,
                                        unsigned resultNumber, int64_t dim);
} // namespace detail
} // namespace mlir::norm

#include "norm/Dialect/Norm/IR/NormInterfaces.h.inc"

#endif // NORM_DIALECT_NORM_IR_NORMINTERFACES_H
