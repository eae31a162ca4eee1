//===- NormGradOps.cpp - Gradient norm ops ----------------------*- C++ -*-===//
//
// Verifiers, NormOpInterface methods and shape reification of
// layer_norm_grad, rms_norm_grad, batch_norm_grad and group_norm_grad.
//
//===----------------------------------------------------------------------===//

#include "NormOpHelpers.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::detail;

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

/// The group_norm_grad vector kernel of an (N, C, L) input runs its (n, group)
/// pairs in parallel itself, as the forward group norm's does.
bool GroupNormGradOp::hasParallelVectorKernel() {
  return getInput().getType().getRank() == 3;
}

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
