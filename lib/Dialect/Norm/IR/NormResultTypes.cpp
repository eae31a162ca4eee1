//===- NormResultTypes.cpp - Inferred result types ----------*- C++ -*-===//
//
// The result types that follow from an op's input type and attributes: the
// statistics of the forward ops and the parameter gradients of the gradient
// ops (which the custom syntax of NormSyntax.cpp leaves unwritten), and the
// builders that infer every result type.
//
//===----------------------------------------------------------------------===//

#include "NormOpHelpers.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::norm;

//===----------------------------------------------------------------------===//
// Statistics result types
//===----------------------------------------------------------------------===//

/// The accumulation type of an op on `inputType`, or null when the input has
/// no float element type.
static FloatType getStatisticsElementType(RankedTensorType inputType,
                                          TypeAttr accType) {
  auto elementType = dyn_cast<FloatType>(inputType.getElementType());
  if (!elementType)
    return nullptr;
  return getAccumulatorTypeOrDefault(accType, elementType);
}

/// `axis` in [0, rank), or nullopt when it is out of [-rank, rank).
static std::optional<int64_t> normalizeAxisInRange(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

RankedTensorType mlir::norm::inferRowStatisticsType(RankedTensorType inputType,
                                                    int64_t axis,
                                                    TypeAttr accType) {
  FloatType elementType = getStatisticsElementType(inputType, accType);
  std::optional<int64_t> dim = normalizeAxisInRange(axis, inputType.getRank());
  if (!elementType || !dim)
    return nullptr;
  SmallVector<int64_t> shape(inputType.getShape().take_front(*dim));
  shape.append(inputType.getRank() - *dim, 1);
  return RankedTensorType::get(shape, elementType);
}

RankedTensorType
mlir::norm::inferGroupStatisticsType(RankedTensorType inputType,
                                     int64_t numGroups, TypeAttr accType) {
  FloatType elementType = getStatisticsElementType(inputType, accType);
  if (!elementType || inputType.getRank() < 2 || numGroups <= 0)
    return nullptr;
  return RankedTensorType::get({inputType.getDimSize(0), numGroups},
                               elementType);
}

RankedTensorType
mlir::norm::inferChannelStatisticsType(RankedTensorType inputType,
                                       int64_t featureAxis, TypeAttr accType) {
  FloatType elementType = getStatisticsElementType(inputType, accType);
  std::optional<int64_t> dim =
      normalizeAxisInRange(featureAxis, inputType.getRank());
  if (!elementType || !dim || inputType.getRank() < 2)
    return nullptr;
  return RankedTensorType::get({inputType.getDimSize(*dim)}, elementType);
}

//===----------------------------------------------------------------------===//
// Parameter (gradient) types
//===----------------------------------------------------------------------===//

/// A parameter (gradient) type: `shape` with the element type of
/// `inputType`, or null when that is not a float.
static RankedTensorType inferParameterType(RankedTensorType inputType,
                                           ArrayRef<int64_t> shape) {
  if (!isa<FloatType>(inputType.getElementType()))
    return nullptr;
  return RankedTensorType::get(shape, inputType.getElementType());
}

RankedTensorType
mlir::norm::detail::inferNormalizedParameterType(RankedTensorType inputType,
                                                 int64_t axis) {
  std::optional<int64_t> dim = normalizeAxisInRange(axis, inputType.getRank());
  if (!dim)
    return nullptr;
  return inferParameterType(inputType, inputType.getShape().drop_front(*dim));
}

RankedTensorType
mlir::norm::detail::inferChannelParameterType(RankedTensorType inputType,
                                              int64_t channelAxis) {
  std::optional<int64_t> dim =
      normalizeAxisInRange(channelAxis, inputType.getRank());
  if (!dim || inputType.getRank() < 2)
    return nullptr;
  return inferParameterType(inputType, {inputType.getDimSize(*dim)});
}

//===----------------------------------------------------------------------===//
// Builders that infer every result type
//===----------------------------------------------------------------------===//

void LayerNormOp::build(OpBuilder &builder, OperationState &state, Value input,
                        Value scale, Value bias, int64_t axis, float epsilon,
                        bool withStats) {
  build(builder, state, input, /*residual=*/Value(), scale, bias, axis,
        APFloat(epsilon), /*accType=*/nullptr, /*withSum=*/false, withStats);
}

void LayerNormOp::build(OpBuilder &builder, OperationState &state, Value input,
                        Value residual, Value scale, Value bias, int64_t axis,
                        APFloat epsilon, TypeAttr accType, bool withSum,
                        bool withStats) {
  auto inputType = cast<RankedTensorType>(input.getType());
  Type statsType =
      withStats ? inferRowStatisticsType(inputType, axis, accType) : Type();
  build(builder, state, inputType, withSum ? inputType : Type(), statsType,
        statsType, input, residual, scale, bias, axis, epsilon, accType);
}

void RMSNormOp::build(OpBuilder &builder, OperationState &state, Value input,
                      Value scale, int64_t axis, float epsilon,
                      bool withStats) {
  build(builder, state, input, /*residual=*/Value(), scale, axis,
        APFloat(epsilon), /*accType=*/nullptr, /*withSum=*/false, withStats);
}

void RMSNormOp::build(OpBuilder &builder, OperationState &state, Value input,
                      Value residual, Value scale, int64_t axis,
                      APFloat epsilon, TypeAttr accType, bool withSum,
                      bool withStats) {
  auto inputType = cast<RankedTensorType>(input.getType());
  Type statsType =
      withStats ? inferRowStatisticsType(inputType, axis, accType) : Type();
  build(builder, state, inputType, withSum ? inputType : Type(), statsType,
        input, residual, scale, axis, epsilon, accType);
}

void BatchNormTrainOp::build(OpBuilder &builder, OperationState &state,
                             Value input, Value scale, Value bias,
                             Value runningMean, Value runningVar,
                             float epsilon, float momentum, int64_t featureAxis,
                             bool unbiasedRunningVar, TypeAttr accType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  Type statsType = inferChannelStatisticsType(inputType, featureAxis, accType);
  Type runningType = runningMean ? statsType : Type();
  build(builder, state, inputType, statsType, statsType, runningType,
        runningType, input, scale, bias, runningMean, runningVar,
        APFloat(epsilon), APFloat(momentum), featureAxis, unbiasedRunningVar,
        accType);
}

void GroupNormOp::build(OpBuilder &builder, OperationState &state, Value input,
                        Value scale, Value bias, int64_t numGroups,
                        float epsilon, bool withStats, TypeAttr accType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  Type statsType =
      withStats ? inferGroupStatisticsType(inputType, numGroups, accType)
                : Type();
  build(builder, state, inputType, statsType, statsType, input, scale, bias,
        numGroups, APFloat(epsilon), accType);
}
