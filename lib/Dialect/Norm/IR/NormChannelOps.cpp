//===- NormChannelOps.cpp - Channel norm ops --------------------*- C++ -*-===//
//
// Verifiers, NormOpInterface methods and shape reification of batch_norm,
// batch_norm_train, group_norm and instance_norm.
//
//===----------------------------------------------------------------------===//

#include "NormOpHelpers.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::detail;

//===----------------------------------------------------------------------===//
// Channel norms: batch_norm, batch_norm_train, group_norm, instance_norm
//===----------------------------------------------------------------------===//

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

/// The channels-last vector kernel runs blocks of rows in parallel
/// (NormToVector/BatchNormChannelsLast.cpp).
bool BatchNormOp::hasParallelVectorKernel() {
  RankedTensorType inputType = getInput().getType();
  return inputType.getRank() >= 2 &&
         getNormalizedFeatureAxis() == inputType.getRank() - 1 &&
         !llvm::is_contained(inputType.getShape(), 0);
}

LogicalResult BatchNormOp::verify() { return verifyStatisticsTypes(*this); }

LogicalResult
BatchNormOp::reifyResultShapes(OpBuilder &builder,
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
           << shapeToString(type.getShape()) << ", channel axis " << channelAxis
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

/// The vector kernel of an (N, C, L) group norm runs its (n, group) pairs in
/// parallel (NormToVector/GroupNorm.cpp).
bool GroupNormOp::hasParallelVectorKernel() {
  return getInput().getType().getRank() == 3;
}

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

LogicalResult
GroupNormOp::reifyResultShapes(OpBuilder &builder,
                               ReifiedRankedShapedTypeDims &shapes) {
  SmallVector<OpFoldResult> inputSizes =
      getSizes(builder, getLoc(), getInput());
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

/// As group_norm's, with one channel per group.
bool InstanceNormOp::hasParallelVectorKernel() {
  return getInput().getType().getRank() == 3;
}

LogicalResult InstanceNormOp::verify() { return verifyStatisticsTypes(*this); }

LogicalResult
InstanceNormOp::reifyResultShapes(OpBuilder &builder,
                                  ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(getSizes(builder, getLoc(), getInput()));
  return success();
}
