//===- NormOps.cpp - Norm dialect ops -----------------------*- C++ -*-===//
//
// What the norm op definitions share: the verifier of NormOpInterface, the
// checks and NormTensor lists of NormOpHelpers.h, and norm.assert_size. The
// ops themselves are defined by family: NormRowOps.cpp (layer_norm,
// rms_norm), NormChannelOps.cpp (batch_norm, batch_norm_train, group_norm,
// instance_norm) and NormGradOps.cpp (the gradient ops).
//
//===----------------------------------------------------------------------===//

#include "NormOpHelpers.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::detail;

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

std::string mlir::norm::detail::shapeToString(ArrayRef<int64_t> shape) {
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
           << name << "' must have element type " << elementType << ", but has "
           << type.getElementType();
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
           << epsilon.convertToDouble() << " overflows the accumulation type "
           << accType;
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
    op->emitOpError("'") << name << "' = " << axis << " is out of range ["
                         << -rank << ", " << rank << ") for an input of rank "
                         << rank;
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

int64_t mlir::norm::detail::normalizeAxis(int64_t axis, int64_t rank) {
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
LogicalResult mlir::norm::detail::verifyNormTensor(NormOpInterface op,
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
void mlir::norm::detail::appendOperand(SmallVectorImpl<NormTensor> &tensors,
                                       MutableOperandRange range,
                                       StringRef name, NormTensorRole role,
                                       NormTensorLayout layout,
                                       bool hasAccumulatorType) {
  if (!range.empty())
    tensors.push_back(NormTensor::operandOf(range[0], name, role, layout,
                                            hasAccumulatorType));
}

/// Appends the statistics result `result` to `tensors` unless it is absent.
void mlir::norm::detail::appendResult(SmallVectorImpl<NormTensor> &tensors,
                                      Value result, StringRef name,
                                      NormTensorLayout layout) {
  if (result)
    tensors.push_back(NormTensor::resultOf(result, name, layout));
}

/// Appends the `residual` operand and the `sum` result of a row norm, where
/// present: both have the input's layout and element type.
void mlir::norm::detail::appendResidual(SmallVectorImpl<NormTensor> &tensors,
                                        MutableOperandRange residual,
                                        Value sum) {
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
LogicalResult mlir::norm::detail::verifyResidual(NormOpInterface op,
                                                 Value residual, Value sum) {
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
SmallVector<OpFoldResult>
mlir::norm::detail::getSizes(OpBuilder &builder, Location loc, Value value) {
  return tensor::getMixedSizes(builder, loc, value);
}

/// Reified sizes of the row-statistics layout of `input` at `axis`.
SmallVector<OpFoldResult>
mlir::norm::detail::getRowStatsSizes(OpBuilder &builder, Location loc,
                                     Value input, int64_t axis) {
  SmallVector<OpFoldResult> sizes = getSizes(builder, loc, input);
  for (OpFoldResult &size : llvm::drop_begin(sizes, axis))
    size = builder.getIndexAttr(1);
  return sizes;
}

/// The dims [axis, rank) of `input`.
SmallVector<int64_t> mlir::norm::detail::getTrailingDims(Value input,
                                                         int64_t axis) {
  return llvm::to_vector(llvm::seq<int64_t>(
      axis, cast<RankedTensorType>(input.getType()).getRank()));
}

/// Appends the per-channel operands `operands` to `tensors`.
void mlir::norm::detail::appendPerChannel(
    SmallVectorImpl<NormTensor> &tensors,
    ArrayRef<std::pair<MutableOperandRange, StringRef>> operands,
    NormTensorRole role, bool hasAccumulatorType) {
  for (auto [range, name] : operands)
    appendOperand(tensors, range, name, role, NormTensorLayout::Channels,
                  hasAccumulatorType);
}

/// The dims of `input` but `channelAxis`.
SmallVector<int64_t> mlir::norm::detail::getDimsBut(Value input,
                                                    int64_t channelAxis) {
  SmallVector<int64_t> dims;
  for (int64_t dim :
       llvm::seq<int64_t>(0, cast<RankedTensorType>(input.getType()).getRank()))
    if (dim != channelAxis)
      dims.push_back(dim);
  return dims;
}

/// Reified sizes `[C]` of the per-channel statistics of `input`.
SmallVector<OpFoldResult>
mlir::norm::detail::getChannelSizes(OpBuilder &builder, Location loc,
                                    Value input, int64_t channelAxis) {
  return {getSizes(builder, loc, input)[channelAxis]};
}

//===----------------------------------------------------------------------===//
// AssertSizeOp
//===----------------------------------------------------------------------===//

bool AssertSizeOp::holds(SizeRelation relation, int64_t lhs, int64_t rhs) {
  switch (relation) {
  case SizeRelation::eq:
    return lhs == rhs;
  case SizeRelation::divisible_by:
    // Every size is divisible by -1; testing it apart keeps INT64_MIN % -1
    // (an overflow that traps) from being computed.
    return rhs != 0 && (rhs == -1 || lhs % rhs == 0);
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
