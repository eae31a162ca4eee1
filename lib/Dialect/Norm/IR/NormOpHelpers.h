//===- NormOpHelpers.h - Norm op definition helpers -------------*- C++ -*-===//
//
// What the op definitions (NormRowOps.cpp, NormChannelOps.cpp,
// NormGradOps.cpp) share: the lists of NormTensors they describe themselves
// with, the checks of the residual and of a tensor against its layout, and
// the reified sizes of their results. Defined in NormOps.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_LIB_DIALECT_NORM_IR_NORMOPHELPERS_H
#define NORM_LIB_DIALECT_NORM_IR_NORMOPHELPERS_H

#include "norm/Dialect/Norm/IR/NormOps.h"

#include <string>

namespace mlir::norm::detail {

/// `shape` as `AxBx?`, for diagnostics.
std::string shapeToString(ArrayRef<int64_t> shape);
/// `axis` counted from the front (a negative axis counts from the back).
int64_t normalizeAxis(int64_t axis, int64_t rank);
/// Checks that `tensor` has its layout's shape and its element type.
LogicalResult verifyNormTensor(NormOpInterface op, const NormTensor &tensor);

/// Appends the operand of `range` to `tensors` unless it is an absent
/// optional operand.
void appendOperand(SmallVectorImpl<NormTensor> &tensors,
                   MutableOperandRange range, StringRef name,
                   NormTensorRole role, NormTensorLayout layout,
                   bool hasAccumulatorType = false);
/// Appends the statistics result `result` to `tensors` unless it is absent.
void appendResult(SmallVectorImpl<NormTensor> &tensors, Value result,
                  StringRef name, NormTensorLayout layout);
/// Appends the `residual` operand and the `sum` result of a row norm, where
/// present: both have the input's layout and element type.
void appendResidual(SmallVectorImpl<NormTensor> &tensors,
                    MutableOperandRange residual, Value sum);
/// Appends the per-channel operands `operands` to `tensors`.
void appendPerChannel(
    SmallVectorImpl<NormTensor> &tensors,
    ArrayRef<std::pair<MutableOperandRange, StringRef>> operands,
    NormTensorRole role, bool hasAccumulatorType = false);
/// Checks the `residual` operand and `sum` result of a row norm.
LogicalResult verifyResidual(NormOpInterface op, Value residual, Value sum);

/// Reified sizes of `value`.
SmallVector<OpFoldResult> getSizes(OpBuilder &builder, Location loc,
                                   Value value);
/// Reified sizes of the row-statistics layout of `input` at `axis`.
SmallVector<OpFoldResult> getRowStatsSizes(OpBuilder &builder, Location loc,
                                           Value input, int64_t axis);
/// Reified sizes `[C]` of the per-channel statistics of `input`.
SmallVector<OpFoldResult> getChannelSizes(OpBuilder &builder, Location loc,
                                          Value input, int64_t channelAxis);
/// The dims [axis, rank) of `input`.
SmallVector<int64_t> getTrailingDims(Value input, int64_t axis);
/// The dims of `input` but `channelAxis`.
SmallVector<int64_t> getDimsBut(Value input, int64_t channelAxis);

/// The type of the row norms' parameters (and of their gradients):
/// `input.shape[axis:]` with the input's element type; null when `axis` is
/// out of range or the element type is not a float (NormResultTypes.cpp).
RankedTensorType inferNormalizedParameterType(RankedTensorType inputType,
                                              int64_t axis);
/// The type `[C]` of the channel norms' parameters, C the size of
/// `channelAxis`; null as above, or for an input of rank < 2.
RankedTensorType inferChannelParameterType(RankedTensorType inputType,
                                           int64_t channelAxis);

} // namespace mlir::norm::detail

#endif // NORM_LIB_DIALECT_NORM_IR_NORMOPHELPERS_H
