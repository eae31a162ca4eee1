//===- NormRowOps.cpp - Row norm ops ----------------------------*- C++ -*-===//
//
// Verifiers, NormOpInterface methods and shape reification of layer_norm
// and rms_norm.
//
//===----------------------------------------------------------------------===//

#include "NormOpHelpers.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::detail;

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

LogicalResult
RMSNormOp::reifyResultShapes(OpBuilder &builder,
                             ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, getLoc(), getInput()));
  if (getSum())
    shapes.push_back(getSizes(builder, getLoc(), getInput()));
  if (getInvRms())
    shapes.push_back(
        getRowStatsSizes(builder, getLoc(), getInput(), getNormalizedAxis()));
  return success();
}
