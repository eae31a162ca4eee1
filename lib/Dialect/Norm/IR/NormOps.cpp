//===- NormOps.cpp - Norm dialect ops -----------------------*- C++ -*-===//
//
// Verifiers, builders and shape reification of the norm ops.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::norm;

FloatType mlir::norm::getAccumulatorTypeOrDefault(TypeAttr accType,
                                                  FloatType elementType) {
  if (accType)
    if (auto floatType = dyn_cast<FloatType>(accType.getValue()))
      return floatType;
  if (elementType.isF64())
    return elementType;
  return Float32Type::get(elementType.getContext());
}

FloatAttr mlir::norm::getF32OrF64FloatAttr(Builder builder,
                                            const APFloat &value) {
  if (&value.getSemantics() == &APFloat::IEEEdouble())
    return builder.getF64FloatAttr(value.convertToDouble());
  APFloat single = value;
  bool losesInfo;
  single.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                 &losesInfo);
  return builder.getFloatAttr(builder.getF32Type(), single);
}

FloatAttr mlir::norm::getF32OrF64FloatAttr(Builder builder, float value) {
  return builder.getF32FloatAttr(value);
}

double mlir::norm::roundToFloatType(APFloat value, FloatType type) {
  bool losesInfo;
  value.convert(type.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &losesInfo);
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                &losesInfo);
  return value.convertToDouble();
}

//===----------------------------------------------------------------------===//
// Shared verification helpers
//===----------------------------------------------------------------------===//

/// True when two dim sizes are both static and differ.
static bool dimsConflict(int64_t lhs, int64_t rhs) {
  return !ShapedType::isDynamic(lhs) && !ShapedType::isDynamic(rhs) &&
         lhs != rhs;
}

static std::string shapeToString(ArrayRef<int64_t> shape) {
  std::string str;
  llvm::raw_string_ostream os(str);
  os << "[";
  llvm::interleaveComma(shape, os, [&](int64_t dim) {
    if (ShapedType::isDynamic(dim))
      os << "?";
    else
      os << dim;
  });
  os << "]";
  return str;
}

static bool isSupportedElementType(Type type) {
  return type.isF16() || type.isBF16() || type.isF32() || type.isF64();
}

/// Checks that `input` has a supported float element type, at least
/// `minRank` dims, and static sizes whose product (zeros left out) fits in
/// int64: the lowerings multiply the sizes of any subset of the dims.
static LogicalResult verifyInput(Operation *op, Value input, int64_t minRank) {
  auto type = cast<RankedTensorType>(input.getType());
  if (!isSupportedElementType(type.getElementType()))
    return op->emitOpError("'input' must have element type f16, bf16, f32 or "
                           "f64, but has ")
           << type.getElementType();
  if (type.getRank() < minRank)
    return op->emitOpError("'input' must have rank >= ")
           << minRank << ", but has rank " << type.getRank();
  int64_t product = 1;
  for (int64_t size : type.getShape())
    if (!ShapedType::isDynamic(size) && size != 0 &&
        llvm::MulOverflow(product, size, product))
      return op->emitOpError("'input' static sizes must have a product that "
                             "fits in int64, but the shape is ")
             << shapeToString(type.getShape());
  return success();
}

/// Checks that `value` (named `name`) has the element type `elementType` and a
/// shape compatible with `expected` (dynamic dims on either side match).
static LogicalResult verifyShapedLike(Operation *op, Value value,
                                      StringRef name,
                                      ArrayRef<int64_t> expected,
                                      Type elementType) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getElementType() != elementType)
    return op->emitOpError("'")
           << name << "' must have element type " << elementType
           << ", but has " << type.getElementType();
  bool compatible = type.getRank() == static_cast<int64_t>(expected.size());
  for (auto [actual, wanted] : llvm::zip(type.getShape(), expected))
    compatible &= !dimsConflict(actual, wanted);
  if (!compatible)
    return op->emitOpError("'")
           << name << "' must have shape " << shapeToString(expected)
           << " to match 'input', but has shape "
           << shapeToString(type.getShape());
  return success();
}

/// Checks that `epsilon` is finite and non-negative, also once rounded to the
/// accumulation type (an f64 epsilon beyond the f32 range overflows there).
static LogicalResult verifyEpsilon(Operation *op, APFloat epsilon,
                                   FloatType accType) {
  if (!epsilon.isFinite() || (epsilon.isNegative() && !epsilon.isZero()))
    return op->emitOpError("'epsilon' must be finite and non-negative");
  if (!std::isfinite(roundToFloatType(epsilon, accType)))
    return op->emitOpError("'epsilon' = ")
           << epsilon.convertToDouble()
           << " overflows the accumulation type " << accType;
  return success();
}

static LogicalResult verifyAccType(Operation *op, TypeAttr accType,
                                   FloatType elementType) {
  if (!accType)
    return success();
  auto floatType = dyn_cast<FloatType>(accType.getValue());
  if (!floatType || !(floatType.isF32() || floatType.isF64()) ||
      floatType.getWidth() < elementType.getWidth())
    return op->emitOpError("'acc_type' must be f32 or f64 and at least as "
                           "wide as the input element type ")
           << elementType << ", but is " << accType.getValue();
  return success();
}

/// Normalizes `axis` into [0, rank) or reports `name` out of range.
static FailureOr<int64_t> verifyAxis(Operation *op, int64_t axis, int64_t rank,
                                     StringRef name) {
  if (axis < -rank || axis >= rank) {
    op->emitOpError("'") << name << "' = " << axis
                         << " is out of range [" << -rank << ", " << rank
                         << ") for an input of rank " << rank;
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

static int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

/// The statistics layout of layer/rms norm: `shape[:axis] + [1] * (rank - axis)`.
static SmallVector<int64_t> getRowStatsShape(ArrayRef<int64_t> shape,
                                             int64_t axis) {
  SmallVector<int64_t> statsShape(shape.take_front(axis));
  statsShape.append(shape.size() - axis, 1);
  return statsShape;
}

static FloatType getFloatElementType(Value value) {
  return dyn_cast<FloatType>(
      cast<RankedTensorType>(value.getType()).getElementType());
}

/// Verifies what layer_norm and rms_norm share: input, axis, epsilon,
/// acc_type, and the parameters shaped `input.shape[axis:]`.
static FailureOr<int64_t>
verifyRowNorm(Operation *op, Value input, int64_t axisAttr, APFloat epsilon,
              TypeAttr accType, ArrayRef<std::pair<Value, StringRef>> params) {
  if (failed(verifyInput(op, input, /*minRank=*/1)))
    return failure();
  auto inputType = cast<RankedTensorType>(input.getType());
  FailureOr<int64_t> axis =
      verifyAxis(op, axisAttr, inputType.getRank(), "axis");
  if (failed(axis))
    return failure();
  FloatType elementType = getFloatElementType(input);
  if (failed(verifyAccType(op, accType, elementType)) ||
      failed(verifyEpsilon(
          op, epsilon, getAccumulatorTypeOrDefault(accType, elementType))))
    return failure();
  ArrayRef<int64_t> paramShape = inputType.getShape().drop_front(*axis);
  for (auto [param, name] : params)
    if (param &&
        failed(verifyShapedLike(op, param, name, paramShape, elementType)))
      return failure();
  return axis;
}

/// Reified sizes of `value`.
static SmallVector<OpFoldResult> getSizes(OpBuilder &builder, Location loc,
                                          Value value) {
  return tensor::getMixedSizes(builder, loc, value);
}

/// Reified sizes of the row-statistics layout of `input` at `axis`.
static SmallVector<OpFoldResult> getRowStatsSizes(OpBuilder &builder,
                                                  Location loc, Value input,
                                                  int64_t axis) {
  SmallVector<OpFoldResult> sizes = getSizes(builder, loc, input);
  for (OpFoldResult &size : llvm::drop_begin(sizes, axis))
    size = builder.getIndexAttr(1);
  return sizes;
}

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

int64_t LayerNormOp::getNormalizedAxis() {
  return normalizeAxis(getAxis(), getInput().getType().getRank());
}

LogicalResult LayerNormOp::verify() {
  FailureOr<int64_t> axis =
      verifyRowNorm(*this, getInput(), getAxis(), getEpsilon(), getAccTypeAttr(),
                    {{getScale(), "scale"}, {getBias(), "bias"}});
  if (failed(axis))
    return failure();
  SmallVector<int64_t> statsShape =
      getRowStatsShape(getInput().getType().getShape(), *axis);
  for (auto [stat, name] : {std::pair<Value, StringRef>{getMean(), "mean"},
                            {getInvStdDev(), "inv_std_dev"}})
    if (stat && failed(verifyShapedLike(*this, stat, name, statsShape,
                                        getAccumulatorType())))
      return failure();
  return success();
}

LogicalResult
LayerNormOp::reifyResultShapes(OpBuilder &builder,
                               ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, getLoc(), getInput()));
  for (Value stat : {getMean(), getInvStdDev()})
    if (stat)
      shapes.push_back(
          getRowStatsSizes(builder, getLoc(), getInput(), getNormalizedAxis()));
  return success();
}

//===----------------------------------------------------------------------===//
// RMSNormOp
//===----------------------------------------------------------------------===//

int64_t RMSNormOp::getNormalizedAxis() {
  return normalizeAxis(getAxis(), getInput().getType().getRank());
}

LogicalResult RMSNormOp::verify() {
  FailureOr<int64_t> axis =
      verifyRowNorm(*this, getInput(), getAxis(), getEpsilon(),
                    getAccTypeAttr(), {{getScale(), "scale"}});
  if (failed(axis))
    return failure();
  if (Value invRms = getInvRms())
    return verifyShapedLike(
        *this, invRms, "inv_rms",
        getRowStatsShape(getInput().getType().getShape(), *axis),
        getAccumulatorType());
  return success();
}

LogicalResult RMSNormOp::reifyResultShapes(OpBuilder &builder,
                                           ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, getLoc(), getInput()));
  if (getInvRms())
    shapes.push_back(
        getRowStatsSizes(builder, getLoc(), getInput(), getNormalizedAxis()));
  return success();
}

//===----------------------------------------------------------------------===//
// Channel norms: batch_norm, batch_norm_train, group_norm, instance_norm
//===----------------------------------------------------------------------===//

/// Checks that every per-channel value in `params` is a 1-D tensor of size C
/// (the size of `input` at `channelAxis`) with `elementType` elements.
static LogicalResult
verifyPerChannel(Operation *op, Value input, int64_t channelAxis,
                 ArrayRef<std::pair<Value, StringRef>> params,
                 Type elementType) {
  int64_t channels =
      cast<RankedTensorType>(input.getType()).getDimSize(channelAxis);
  for (auto [param, name] : params)
    if (param && failed(verifyShapedLike(op, param, name, {channels},
                                         elementType)))
      return failure();
  return success();
}

/// Verifies input, channel axis, epsilon and acc_type of a channel norm and
/// that `params` are per-channel tensors with the input's element type.
/// Returns the channel axis in [0, rank).
static FailureOr<int64_t>
verifyChannelNorm(Operation *op, Value input, int64_t channelAxisAttr,
                  StringRef axisName, APFloat epsilon, TypeAttr accType,
                  ArrayRef<std::pair<Value, StringRef>> params) {
  if (failed(verifyInput(op, input, /*minRank=*/2)))
    return failure();
  auto inputType = cast<RankedTensorType>(input.getType());
  FailureOr<int64_t> axis =
      verifyAxis(op, channelAxisAttr, inputType.getRank(), axisName);
  FloatType elementType = getFloatElementType(input);
  if (failed(axis) || failed(verifyAccType(op, accType, elementType)) ||
      failed(verifyEpsilon(
          op, epsilon, getAccumulatorTypeOrDefault(accType, elementType))) ||
      failed(verifyPerChannel(op, input, *axis, params,
                              inputType.getElementType())))
    return failure();
  return axis;
}

/// Reified sizes `[C]` of the per-channel statistics of `input`.
static SmallVector<OpFoldResult> getChannelSizes(OpBuilder &builder,
                                                 Location loc, Value input,
                                                 int64_t channelAxis) {
  return {getSizes(builder, loc, input)[channelAxis]};
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

int64_t BatchNormOp::getNormalizedFeatureAxis() {
  return normalizeAxis(getFeatureAxis(), getInput().getType().getRank());
}

LogicalResult BatchNormOp::verify() {
  return verifyChannelNorm(*this, getInput(), getFeatureAxis(), "feature_axis",
                           getEpsilon(), getAccTypeAttr(),
                           {{getScale(), "scale"},
                            {getBias(), "bias"},
                            {getMean(), "mean"},
                            {getVar(), "var"}});
}

LogicalResult BatchNormOp::reifyResultShapes(OpBuilder &builder,
                                             ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, getLoc(), getInput()));
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormTrainOp
//===----------------------------------------------------------------------===//

int64_t BatchNormTrainOp::getNormalizedFeatureAxis() {
  return normalizeAxis(getFeatureAxis(), getInput().getType().getRank());
}

/// Rejects a static element count per channel (the product of the dims but
/// the channel axis) that leaves the statistics undefined, as PyTorch does
/// ("Expected more than 1 value per channel when training"): none at all (the
/// mean divides by 0), or one when the running variance is updated with the
/// unbiased variance (m / (m - 1) divides by 0). With a dynamic dim the count
/// is known only at run time, where the lowerings check it.
static LogicalResult verifyElementsPerChannel(BatchNormTrainOp op,
                                              int64_t channelAxis,
                                              bool hasRunning) {
  RankedTensorType type = op.getInput().getType();
  bool unbiased = hasRunning && op.getUnbiasedRunningVar();
  int64_t count = 1;
  bool dynamic = false;
  for (auto [dim, size] : llvm::enumerate(type.getShape())) {
    if (static_cast<int64_t>(dim) == channelAxis)
      continue;
    if (size == 0)
      return op.emitOpError("'input' has 0 elements per channel (shape ")
             << shapeToString(type.getShape()) << ", channel axis "
             << channelAxis
             << "): the batch statistics need at least one, and more than "
                "one with 'unbiased_running_var'";
    if (ShapedType::isDynamic(size))
      dynamic = true;
    else
      count *= size; // Cannot overflow: verifyInput bounds the product.
  }
  if (!dynamic && count == 1 && unbiased)
    return op.emitOpError("'input' has 1 element per channel (shape ")
           << shapeToString(type.getShape()) << ", channel axis "
           << channelAxis
           << "): the unbiased running variance (m / (m - 1) with m = 1) "
              "needs more than one; unset 'unbiased_running_var'";
  return success();
}

LogicalResult BatchNormTrainOp::verify() {
  FailureOr<int64_t> axis = verifyChannelNorm(
      *this, getInput(), getFeatureAxis(), "feature_axis", getEpsilon(),
      getAccTypeAttr(), {{getScale(), "scale"}, {getBias(), "bias"}});
  if (failed(axis))
    return failure();
  APFloat momentum = getMomentum();
  if (!momentum.isFinite() || (momentum.isNegative() && !momentum.isZero()) ||
      momentum.convertToDouble() > 1.0)
    return emitOpError("'momentum' must be in [0, 1], but is ")
           << momentum.convertToDouble();
  if (static_cast<bool>(getRunningMean()) != static_cast<bool>(getRunningVar()))
    return emitOpError("'running_mean' and 'running_var' must be given "
                       "together");
  bool hasRunning = static_cast<bool>(getRunningMean());
  if (static_cast<bool>(getNewRunningMean()) != hasRunning ||
      static_cast<bool>(getNewRunningVar()) != hasRunning)
    return emitOpError("'new_running_mean' and 'new_running_var' results must "
                       "be present exactly when 'running_mean' and "
                       "'running_var' are given");
  if (failed(verifyElementsPerChannel(*this, *axis, hasRunning)))
    return failure();
  return verifyPerChannel(*this, getInput(), *axis,
                            {{getRunningMean(), "running_mean"},
                             {getRunningVar(), "running_var"},
                             {getBatchMean(), "batch_mean"},
                             {getBatchVar(), "batch_var"},
                             {getNewRunningMean(), "new_running_mean"},
                             {getNewRunningVar(), "new_running_var"}},
                            getAccumulatorType());
}

LogicalResult
BatchNormTrainOp::reifyResultShapes(OpBuilder &builder,
                                    ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, getLoc(), getInput()));
  int64_t statsCount = getNewRunningMean() ? 4 : 2;
  for (int64_t i = 0; i < statsCount; ++i)
    shapes.push_back(getChannelSizes(builder, getLoc(), getInput(),
                                     getNormalizedFeatureAxis()));
  return success();
}

//===----------------------------------------------------------------------===//
// GroupNormOp
//===----------------------------------------------------------------------===//

LogicalResult GroupNormOp::verify() {
  if (failed(verifyChannelNorm(*this, getInput(), /*channelAxisAttr=*/1,
                               "channel axis", getEpsilon(), getAccTypeAttr(),
                               {{getScale(), "scale"}, {getBias(), "bias"}})))
    return failure();
  int64_t groups = getNumGroups();
  if (groups <= 0)
    return emitOpError("'num_groups' must be positive, but is ") << groups;
  RankedTensorType inputType = getInput().getType();
  int64_t channels = inputType.getDimSize(1);
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return emitOpError("'num_groups' = ")
           << groups << " must divide the channel count " << channels;
  SmallVector<int64_t> statsShape = {inputType.getDimSize(0), groups};
  for (auto [stat, name] : {std::pair<Value, StringRef>{getMean(), "mean"},
                            {getInvStdDev(), "inv_std_dev"}})
    if (stat && failed(verifyShapedLike(*this, stat, name, statsShape,
                                        getAccumulatorType())))
      return failure();
  return success();
}

LogicalResult GroupNormOp::reifyResultShapes(OpBuilder &builder,
                                             ReifiedRankedShapedTypeDims &shapes) {
  SmallVector<OpFoldResult> inputSizes = getSizes(builder, getLoc(), getInput());
  shapes.push_back(inputSizes);
  for (Value stat : {getMean(), getInvStdDev()})
    if (stat)
      shapes.push_back({inputSizes[0], builder.getIndexAttr(getNumGroups())});
  return success();
}

//===----------------------------------------------------------------------===//
// InstanceNormOp
//===----------------------------------------------------------------------===//

LogicalResult InstanceNormOp::verify() {
  return verifyChannelNorm(*this, getInput(), /*channelAxisAttr=*/1,
                           "channel axis", getEpsilon(), getAccTypeAttr(),
                           {{getScale(), "scale"}, {getBias(), "bias"}});
}

LogicalResult
InstanceNormOp::reifyResultShapes(OpBuilder &builder,
                                  ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, getLoc(), getInput()));
  return success();
}

//===----------------------------------------------------------------------===//
// AssertSizeOp
//===----------------------------------------------------------------------===//

bool AssertSizeOp::holds(SizeRelation relation, int64_t lhs, int64_t rhs) {
  switch (relation) {
  case SizeRelation::eq:
    return lhs == rhs;
  case SizeRelation::divisible_by:
    return rhs != 0 && lhs % rhs == 0;
  case SizeRelation::ge:
    return lhs >= rhs;
  }
  llvm_unreachable("unknown SizeRelation");
}

LogicalResult AssertSizeOp::verify() {
  // The message becomes a printf format: only {0} and {1} are substituted.
  StringRef message = getMessage();
  for (size_t at = message.find('{'); at != StringRef::npos;
       at = message.find('{', at + 1))
    if (!message.substr(at).starts_with("{0}") &&
        !message.substr(at).starts_with("{1}"))
      return emitOpError("'message' may only use the placeholders {0} and "
                         "{1}, but has '")
             << message.substr(at, 3) << "'";
  return success();
}

LogicalResult AssertSizeOp::canonicalize(AssertSizeOp op,
                                         PatternRewriter &rewriter) {
  std::optional<int64_t> lhs = getConstantIntValue(op.getLhs());
  std::optional<int64_t> rhs = getConstantIntValue(op.getRhs());
  if (!lhs || !rhs || !holds(op.getRelation(), *lhs, *rhs))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

#define GET_OP_CLASSES
#include "norm/Dialect/Norm/IR/NormEnums.cpp.inc"
#include "norm/Dialect/Norm/IR/NormOps.cpp.inc"
