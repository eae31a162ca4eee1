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
static LogicalResult verifyInput(Operation *op, Value input, int64_t minRank,
                                 StringRef name) {
  auto type = cast<RankedTensorType>(input.getType());
  if (!isSupportedElementType(type.getElementType()))
    return op->emitOpError("'")
           << name << "' must have element type f16, bf16, f32 or f64, but "
           << "has " << type.getElementType();
  if (type.getRank() < minRank)
    return op->emitOpError("'") << name << "' must have rank >= " << minRank
                                << ", but has rank " << type.getRank();
  int64_t product = 1;
  for (int64_t size : type.getShape())
    if (!ShapedType::isDynamic(size) && size != 0 &&
        llvm::MulOverflow(product, size, product))
      return op->emitOpError("'")
             << name << "' static sizes must have a product that fits in "
             << "int64, but the shape is " << shapeToString(type.getShape());
  return success();
}

/// Checks that `value` (named `name`) has the element type `elementType` and a
/// shape compatible with `expected` (dynamic dims on either side match),
/// which follows from the op's input, named `inputName`.
static LogicalResult verifyShapedLike(Operation *op, Value value,
                                      StringRef name,
                                      ArrayRef<int64_t> expected,
                                      Type elementType,
                                      StringRef inputName = "input") {
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
           << " to match '" << inputName << "', but has shape "
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

/// The static shape of a tensor laid out as `layout` for `op`'s input (dynamic
/// where the input dim it follows is).
static SmallVector<int64_t> getLayoutShape(NormOpInterface op,
                                           NormTensorLayout layout) {
  ArrayRef<int64_t> inputShape = op.getInput().getType().getShape();
  return llvm::map_to_vector(op.getLayoutDims(layout), [&](NormTensorDim dim) {
    return dim.inputDim ? inputShape[*dim.inputDim] : dim.fixedSize;
  });
}

/// Checks that `tensor` has its layout's shape and its element type.
static LogicalResult verifyNormTensor(NormOpInterface op,
                                      const NormTensor &tensor) {
  Type elementType =
      tensor.hasAccumulatorType ? op.getAccumulatorType() : op.getElementType();
  return verifyShapedLike(op, tensor.value, tensor.name,
                          getLayoutShape(op, tensor.layout), elementType,
                          op.getInputName());
}

/// Verifies what every norm op shares: `input` (rank >= 2 for the ops with a
/// channel dim), the axis attribute, `acc_type`, `epsilon`, and the affine
/// parameters.
LogicalResult mlir::norm::detail::verifyNormOpInterface(Operation *op) {
  auto norm = cast<NormOpInterface>(op);
  RankedTensorType inputType = norm.getInput().getType();
  int64_t minRank = norm.getChannelAxis() ? 2 : 1;
  if (failed(verifyInput(op, norm.getInput(), minRank, norm.getInputName())))
    return failure();
  if (std::optional<std::pair<StringRef, int64_t>> axis =
          norm.getAxisAttribute())
    if (failed(verifyAxis(op, axis->second, inputType.getRank(), axis->first)))
      return failure();
  if (failed(verifyAccType(op, norm.getAccTypeAttr(), norm.getElementType())) ||
      failed(verifyEpsilon(op, norm.getEpsilon(), norm.getAccumulatorType())))
    return failure();
  for (const NormTensor &param : norm.getParameters())
    if (failed(verifyNormTensor(norm, param)))
      return failure();
  return success();
}

LogicalResult mlir::norm::verifyStatisticsTypes(NormOpInterface op) {
  for (const NormTensor &stat : op.getStatisticsOperands())
    if (failed(verifyNormTensor(op, stat)))
      return failure();
  for (const NormTensor &stat : op.getStatisticsResults())
    if (failed(verifyNormTensor(op, stat)))
      return failure();
  return success();
}

/// Appends the operand of `range` to `tensors` unless it is an absent
/// optional operand.
static void appendOperand(SmallVectorImpl<NormTensor> &tensors,
                          MutableOperandRange range, StringRef name,
                          NormTensorRole role, NormTensorLayout layout,
                          bool hasAccumulatorType = false) {
  if (!range.empty())
    tensors.push_back(NormTensor::operandOf(range[0], name, role, layout,
                                            hasAccumulatorType));
}

/// Appends the statistics result `result` to `tensors` unless it is absent.
static void appendResult(SmallVectorImpl<NormTensor> &tensors, Value result,
                         StringRef name, NormTensorLayout layout) {
  if (result)
    tensors.push_back(NormTensor::resultOf(result, name, layout));
}

/// Appends the `residual` operand and the `sum` result of a row norm, where
/// present: both have the input's layout and element type.
static void appendResidual(SmallVectorImpl<NormTensor> &tensors,
                           MutableOperandRange residual, Value sum) {
  appendOperand(tensors, residual, "residual", NormTensorRole::Residual,
                NormTensorLayout::Input);
  if (sum)
    tensors.push_back(NormTensor::resultOf(sum, "sum", NormTensorLayout::Input,
                                           NormTensorRole::Residual,
                                           /*hasAccumulatorType=*/false));
}

/// Checks the `residual` operand and `sum` result of a row norm: the
/// residual has the input's element type and a shape compatible with it
/// (dynamic sizes are checked at run time), and `sum`, which needs the
/// residual, has exactly the input's type.
static LogicalResult verifyResidual(NormOpInterface op, Value residual,
                                    Value sum) {
  RankedTensorType inputType = op.getInput().getType();
  if (residual &&
      failed(verifyShapedLike(op, residual, "residual", inputType.getShape(),
                              inputType.getElementType())))
    return failure();
  if (!sum)
    return success();
  if (!residual)
    return op->emitOpError("the 'sum' result requires a 'residual' operand");
  if (sum.getType() != inputType)
    return op->emitOpError("'sum' must have the input type ")
           << inputType << ", but has " << sum.getType();
  return success();
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

/// The dims [axis, rank) of `input`.
static SmallVector<int64_t> getTrailingDims(Value input, int64_t axis) {
  return llvm::to_vector(llvm::seq<int64_t>(
      axis, cast<RankedTensorType>(input.getType()).getRank()));
}

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

int64_t LayerNormOp::getNormalizedAxis() {
  return normalizeAxis(getAxis(), getInput().getType().getRank());
}

SmallVector<NormTensor> LayerNormOp::getNormTensors() {
  SmallVector<NormTensor> tensors;
  appendResidual(tensors, getResidualMutable(), getSum());
  for (auto [range, name] : {std::pair(getScaleMutable(), "scale"),
                             std::pair(getBiasMutable(), "bias")})
    appendOperand(tensors, range, name, NormTensorRole::Parameter,
                  NormTensorLayout::Normalized);
  appendResult(tensors, getMean(), "mean", NormTensorLayout::Rows);
  appendResult(tensors, getInvStdDev(), "inv_std_dev", NormTensorLayout::Rows);
  return tensors;
}

SmallVector<int64_t> LayerNormOp::getReductionDims() {
  return getTrailingDims(getInput(), getNormalizedAxis());
}

std::optional<std::pair<StringRef, int64_t>> LayerNormOp::getAxisAttribute() {
  return std::pair(getAxisAttrName().strref(), getAxis());
}

LogicalResult LayerNormOp::verify() {
  if (failed(verifyResidual(*this, getResidual(), getSum())))
    return failure();
  return verifyStatisticsTypes(*this);
}

LogicalResult
LayerNormOp::reifyResultShapes(OpBuilder &builder,
                               ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, getLoc(), getInput()));
  if (getSum())
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

SmallVector<NormTensor> RMSNormOp::getNormTensors() {
  SmallVector<NormTensor> tensors;
  appendResidual(tensors, getResidualMutable(), getSum());
  appendOperand(tensors, getScaleMutable(), "scale", NormTensorRole::Parameter,
                NormTensorLayout::Normalized);
  appendResult(tensors, getInvRms(), "inv_rms", NormTensorLayout::Rows);
  return tensors;
}

SmallVector<int64_t> RMSNormOp::getReductionDims() {
  return getTrailingDims(getInput(), getNormalizedAxis());
}

std::optional<std::pair<StringRef, int64_t>> RMSNormOp::getAxisAttribute() {
  return std::pair(getAxisAttrName().strref(), getAxis());
}

LogicalResult RMSNormOp::verify() {
  if (failed(verifyResidual(*this, getResidual(), getSum())))
    return failure();
  return verifyStatisticsTypes(*this);
}

LogicalResult RMSNormOp::reifyResultShapes(OpBuilder &builder,
                                           ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, getLoc(), getInput()));
  if (getSum())
    shapes.push_back(getSizes(builder, getLoc(), getInput()));
  if (getInvRms())
    shapes.push_back(
        getRowStatsSizes(builder, getLoc(), getInput(), getNormalizedAxis()));
  return success();
}

//===----------------------------------------------------------------------===//
// Channel norms: batch_norm, batch_norm_train, group_norm, instance_norm
//===----------------------------------------------------------------------===//

/// Appends the per-channel operands `operands` to `tensors`.
static void
appendPerChannel(SmallVectorImpl<NormTensor> &tensors,
                 ArrayRef<std::pair<MutableOperandRange, StringRef>> operands,
                 NormTensorRole role, bool hasAccumulatorType = false) {
  for (auto [range, name] : operands)
    appendOperand(tensors, range, name, role, NormTensorLayout::Channels,
                  hasAccumulatorType);
}

/// The dims of `input` but `channelAxis`.
static SmallVector<int64_t> getDimsBut(Value input, int64_t channelAxis) {
  SmallVector<int64_t> dims;
  for (int64_t dim :
       llvm::seq<int64_t>(0, cast<RankedTensorType>(input.getType()).getRank()))
    if (dim != channelAxis)
      dims.push_back(dim);
  return dims;
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

SmallVector<NormTensor> BatchNormOp::getNormTensors() {
  SmallVector<NormTensor> tensors;
  appendPerChannel(tensors,
                   {{getScaleMutable(), "scale"}, {getBiasMutable(), "bias"}},
                   NormTensorRole::Parameter);
  appendPerChannel(tensors,
                   {{getMeanMutable(), "mean"}, {getVarMutable(), "var"}},
                   NormTensorRole::Statistics);
  return tensors;
}

SmallVector<int64_t> BatchNormOp::getReductionDims() { return {}; }

std::optional<int64_t> BatchNormOp::getChannelAxis() {
  return getNormalizedFeatureAxis();
}

std::optional<std::pair<StringRef, int64_t>> BatchNormOp::getAxisAttribute() {
  return std::pair(getFeatureAxisAttrName().strref(), getFeatureAxis());
}

bool BatchNormOp::computesStatistics() { return false; }

LogicalResult BatchNormOp::verify() { return verifyStatisticsTypes(*this); }

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

SmallVector<NormTensor> BatchNormTrainOp::getNormTensors() {
  SmallVector<NormTensor> tensors;
  appendPerChannel(tensors,
                   {{getScaleMutable(), "scale"}, {getBiasMutable(), "bias"}},
                   NormTensorRole::Parameter);
  appendPerChannel(tensors,
                   {{getRunningMeanMutable(), "running_mean"},
                    {getRunningVarMutable(), "running_var"}},
                   NormTensorRole::Statistics, /*hasAccumulatorType=*/true);
  appendResult(tensors, getBatchMean(), "batch_mean",
               NormTensorLayout::Channels);
  appendResult(tensors, getBatchVar(), "batch_var", NormTensorLayout::Channels);
  appendResult(tensors, getNewRunningMean(), "new_running_mean",
               NormTensorLayout::Channels);
  appendResult(tensors, getNewRunningVar(), "new_running_var",
               NormTensorLayout::Channels);
  return tensors;
}

SmallVector<int64_t> BatchNormTrainOp::getReductionDims() {
  return getDimsBut(getInput(), getNormalizedFeatureAxis());
}

std::optional<int64_t> BatchNormTrainOp::getChannelAxis() {
  return getNormalizedFeatureAxis();
}

std::optional<std::pair<StringRef, int64_t>>
BatchNormTrainOp::getAxisAttribute() {
  return std::pair(getFeatureAxisAttrName().strref(), getFeatureAxis());
}

int64_t BatchNormTrainOp::getMinElementsPerStatistic() {
  return getUnbiasedRunningVar() && getRunningMean() ? 2 : 1;
}

LogicalResult BatchNormTrainOp::verify() {
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
  if (failed(verifyElementsPerChannel(*this, getNormalizedFeatureAxis(),
                                      hasRunning)))
    return failure();
  return verifyStatisticsTypes(*this);
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

SmallVector<NormTensor> GroupNormOp::getNormTensors() {
  SmallVector<NormTensor> tensors;
  appendPerChannel(tensors,
                   {{getScaleMutable(), "scale"}, {getBiasMutable(), "bias"}},
                   NormTensorRole::Parameter);
  appendResult(tensors, getMean(), "mean", NormTensorLayout::Groups);
  appendResult(tensors, getInvStdDev(), "inv_std_dev",
               NormTensorLayout::Groups);
  return tensors;
}

/// The channels of a group and the spatial dims: [1, rank).
SmallVector<int64_t> GroupNormOp::getReductionDims() {
  return getTrailingDims(getInput(), 1);
}

std::optional<int64_t> GroupNormOp::getChannelAxis() { return 1; }

std::optional<int64_t> GroupNormOp::getGroupCount() { return getNumGroups(); }

LogicalResult GroupNormOp::verify() {
  int64_t groups = getNumGroups();
  if (groups <= 0)
    return emitOpError("'num_groups' must be positive, but is ") << groups;
  RankedTensorType inputType = getInput().getType();
  int64_t channels = inputType.getDimSize(1);
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return emitOpError("'num_groups' = ")
           << groups << " must divide the channel count " << channels;
  return verifyStatisticsTypes(*this);
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

SmallVector<NormTensor> InstanceNormOp::getNormTensors() {
  SmallVector<NormTensor> tensors;
  appendPerChannel(tensors,
                   {{getScaleMutable(), "scale"}, {getBiasMutable(), "bias"}},
                   NormTensorRole::Parameter);
  return tensors;
}

/// The spatial dims [2, rank).
SmallVector<int64_t> InstanceNormOp::getReductionDims() {
  return getTrailingDims(getInput(), 2);
}

std::optional<int64_t> InstanceNormOp::getChannelAxis() { return 1; }

/// Every channel is a group of its own.
std::optional<int64_t> InstanceNormOp::getGroupCount() {
  return getInput().getType().getDimSize(1);
}

LogicalResult InstanceNormOp::verify() { return verifyStatisticsTypes(*this); }

LogicalResult
InstanceNormOp::reifyResultShapes(OpBuilder &builder,
                                  ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, getLoc(), getInput()));
  return success();
}

//===----------------------------------------------------------------------===//
// Gradient ops: layer_norm_grad, rms_norm_grad, batch_norm_grad,
// group_norm_grad
//===----------------------------------------------------------------------===//

/// Appends `x`, the forward input of a gradient op (the layout and element
/// type of `dy`).
static void appendForwardInput(SmallVectorImpl<NormTensor> &tensors,
                               OpOperand &x) {
  tensors.push_back(NormTensor::operandOf(x, "x", NormTensorRole::ForwardInput,
                                          NormTensorLayout::Input,
                                          /*hasAccumulatorType=*/false));
}

/// Appends the parameter gradients `dscale` and `dbias` where present: laid
/// out as the parameters (`layout`), with the element type of `dy`.
static void appendParameterGradients(SmallVectorImpl<NormTensor> &tensors,
                                     Value dscale, Value dbias,
                                     NormTensorLayout layout) {
  for (auto [value, name] :
       {std::pair(dscale, "dscale"), std::pair(dbias, "dbias")})
    if (value)
      tensors.push_back(NormTensor::resultOf(value, name, layout,
                                             NormTensorRole::ParameterGradient,
                                             /*hasAccumulatorType=*/false));
}

/// Verifies what the gradient ops share beyond the interface: the
/// statistics operands, `x` and the parameter gradients against their
/// layouts.
static LogicalResult verifyGradientTypes(NormOpInterface op) {
  for (const NormTensor &tensor : op.getForwardInputOperands())
    if (failed(verifyNormTensor(op, tensor)))
      return failure();
  for (const NormTensor &tensor : op.getParameterGradients())
    if (failed(verifyNormTensor(op, tensor)))
      return failure();
  return verifyStatisticsTypes(op);
}

/// Reified sizes of the results of a gradient op: `dx` like `dy`, then
/// `parameterSizes` for each of the present `parameterGradients`.
static void reifyGradientShapes(OpBuilder &builder, Location loc, Value dy,
                                ArrayRef<Value> parameterGradients,
                                ArrayRef<OpFoldResult> parameterSizes,
                                ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, loc, dy));
  for (Value gradient : parameterGradients)
    if (gradient)
      shapes.push_back(llvm::to_vector(parameterSizes));
}

//===----------------------------------------------------------------------===//
// LayerNormGradOp
//===----------------------------------------------------------------------===//

int64_t LayerNormGradOp::getNormalizedAxis() {
  return normalizeAxis(getAxis(), getDy().getType().getRank());
}

StringRef LayerNormGradOp::getInputName() { return "dy"; }

bool LayerNormGradOp::computesStatistics() { return false; }

SmallVector<NormTensor> LayerNormGradOp::getNormTensors() {
  SmallVector<NormTensor> tensors;
  appendForwardInput(tensors, getXMutable());
  appendOperand(tensors, getScaleMutable(), "scale", NormTensorRole::Parameter,
                NormTensorLayout::Normalized);
  for (auto [operand, name] :
       {std::pair(&getMeanMutable(), "mean"),
        std::pair(&getInvStdDevMutable(), "inv_std_dev")})
    tensors.push_back(NormTensor::operandOf(
        *operand, name, NormTensorRole::Statistics, NormTensorLayout::Rows,
        /*hasAccumulatorType=*/true));
  appendParameterGradients(tensors, getDscale(), getDbias(),
                           NormTensorLayout::Normalized);
  return tensors;
}

SmallVector<int64_t> LayerNormGradOp::getReductionDims() {
  return getTrailingDims(getDy(), getNormalizedAxis());
}

std::optional<std::pair<StringRef, int64_t>>
LayerNormGradOp::getAxisAttribute() {
  return std::pair(getAxisAttrName().strref(), getAxis());
}

LogicalResult LayerNormGradOp::verify() { return verifyGradientTypes(*this); }

LogicalResult
LayerNormGradOp::reifyResultShapes(OpBuilder &builder,
                                   ReifiedRankedShapedTypeDims &shapes) {
  SmallVector<OpFoldResult> sizes = getSizes(builder, getLoc(), getDy());
  reifyGradientShapes(builder, getLoc(), getDy(), {getDscale(), getDbias()},
                      ArrayRef(sizes).drop_front(getNormalizedAxis()), shapes);
  return success();
}

//===----------------------------------------------------------------------===//
// RMSNormGradOp
//===----------------------------------------------------------------------===//

int64_t RMSNormGradOp::getNormalizedAxis() {
  return normalizeAxis(getAxis(), getDy().getType().getRank());
}

StringRef RMSNormGradOp::getInputName() { return "dy"; }

bool RMSNormGradOp::computesStatistics() { return false; }

SmallVector<NormTensor> RMSNormGradOp::getNormTensors() {
  SmallVector<NormTensor> tensors;
  appendForwardInput(tensors, getXMutable());
  appendOperand(tensors, getScaleMutable(), "scale", NormTensorRole::Parameter,
                NormTensorLayout::Normalized);
  tensors.push_back(NormTensor::operandOf(
      getInvRmsMutable(), "inv_rms", NormTensorRole::Statistics,
      NormTensorLayout::Rows, /*hasAccumulatorType=*/true));
  appendParameterGradients(tensors, getDscale(), Value(),
                           NormTensorLayout::Normalized);
  return tensors;
}

SmallVector<int64_t> RMSNormGradOp::getReductionDims() {
  return getTrailingDims(getDy(), getNormalizedAxis());
}

std::optional<std::pair<StringRef, int64_t>> RMSNormGradOp::getAxisAttribute() {
  return std::pair(getAxisAttrName().strref(), getAxis());
}

LogicalResult RMSNormGradOp::verify() { return verifyGradientTypes(*this); }

LogicalResult
RMSNormGradOp::reifyResultShapes(OpBuilder &builder,
                                 ReifiedRankedShapedTypeDims &shapes) {
  SmallVector<OpFoldResult> sizes = getSizes(builder, getLoc(), getDy());
  reifyGradientShapes(builder, getLoc(), getDy(), {getDscale()},
                      ArrayRef(sizes).drop_front(getNormalizedAxis()), shapes);
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormGradOp
//===----------------------------------------------------------------------===//

int64_t BatchNormGradOp::getNormalizedFeatureAxis() {
  return normalizeAxis(getFeatureAxis(), getDy().getType().getRank());
}

StringRef BatchNormGradOp::getInputName() { return "dy"; }

bool BatchNormGradOp::computesStatistics() { return false; }

SmallVector<NormTensor> BatchNormGradOp::getNormTensors() {
  SmallVector<NormTensor> tensors;
  appendForwardInput(tensors, getXMutable());
  appendPerChannel(tensors, {{getScaleMutable(), "scale"}},
                   NormTensorRole::Parameter);
  appendPerChannel(tensors,
                   {{getMeanMutable(), "mean"}, {getVarMutable(), "var"}},
                   NormTensorRole::Statistics, /*hasAccumulatorType=*/true);
  appendParameterGradients(tensors, getDscale(), getDbias(),
                           NormTensorLayout::Channels);
  return tensors;
}

SmallVector<int64_t> BatchNormGradOp::getReductionDims() {
  return getDimsBut(getDy(), getNormalizedFeatureAxis());
}

std::optional<int64_t> BatchNormGradOp::getChannelAxis() {
  return getNormalizedFeatureAxis();
}

std::optional<std::pair<StringRef, int64_t>>
BatchNormGradOp::getAxisAttribute() {
  return std::pair(getFeatureAxisAttrName().strref(), getFeatureAxis());
}

LogicalResult BatchNormGradOp::verify() { return verifyGradientTypes(*this); }

LogicalResult
BatchNormGradOp::reifyResultShapes(OpBuilder &builder,
                                   ReifiedRankedShapedTypeDims &shapes) {
  reifyGradientShapes(
      builder, getLoc(), getDy(), {getDscale(), getDbias()},
      getChannelSizes(builder, getLoc(), getDy(), getNormalizedFeatureAxis()),
      shapes);
  return success();
}

//===----------------------------------------------------------------------===//
// GroupNormGradOp
//===----------------------------------------------------------------------===//

StringRef GroupNormGradOp::getInputName() { return "dy"; }

bool GroupNormGradOp::computesStatistics() { return false; }

SmallVector<NormTensor> GroupNormGradOp::getNormTensors() {
  SmallVector<NormTensor> tensors;
  appendForwardInput(tensors, getXMutable());
  appendPerChannel(tensors, {{getScaleMutable(), "scale"}},
                   NormTensorRole::Parameter);
  for (auto [operand, name] :
       {std::pair(&getMeanMutable(), "mean"),
        std::pair(&getInvStdDevMutable(), "inv_std_dev")})
    tensors.push_back(NormTensor::operandOf(
        *operand, name, NormTensorRole::Statistics, NormTensorLayout::Groups,
        /*hasAccumulatorType=*/true));
  appendParameterGradients(tensors, getDscale(), getDbias(),
                           NormTensorLayout::Channels);
  return tensors;
}

/// The channels of a group and the spatial dims: [1, rank).
SmallVector<int64_t> GroupNormGradOp::getReductionDims() {
  return getTrailingDims(getDy(), 1);
}

std::optional<int64_t> GroupNormGradOp::getChannelAxis() { return 1; }

std::optional<int64_t> GroupNormGradOp::getGroupCount() {
  return getNumGroups();
}

LogicalResult GroupNormGradOp::verify() {
  int64_t groups = getNumGroups();
  if (groups <= 0)
    return emitOpError("'num_groups' must be positive, but is ") << groups;
  int64_t channels = getDy().getType().getDimSize(1);
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return emitOpError("'num_groups' = ")
           << groups << " must divide the channel count " << channels;
  return verifyGradientTypes(*this);
}

LogicalResult
GroupNormGradOp::reifyResultShapes(OpBuilder &builder,
                                   ReifiedRankedShapedTypeDims &shapes) {
  reifyGradientShapes(builder, getLoc(), getDy(), {getDscale(), getDbias()},
                      getChannelSizes(builder, getLoc(), getDy(), 1), shapes);
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
