//===- RaiseBuild.cpp - The norm op a raise builds -----------*- C++ -*-===//
//
// The builder of RaiseUtils.h: one place that knows how each of the six norm
// ops is created from what a decomposition provides, for the linalg and the
// TOSA raises alike.
//
//===----------------------------------------------------------------------===//

#include "RaiseUtils.h"

#include "norm/Dialect/Norm/IR/NormOps.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::raise;

Operation *mlir::norm::raise::buildNormOp(OpBuilder &b, Location loc,
                                          const RaisedNorm &n) {
  auto type = cast<RankedTensorType>(n.x.getType());
  Type elementType = type.getElementType();
  // ε as the op stores it: f64 for f64 inputs, f32 otherwise.
  FloatAttr eps = elementType.isF64()
                      ? b.getF64FloatAttr(n.eps)
                      : b.getF32FloatAttr(static_cast<float>(n.eps));
  IntegerAttr axis = b.getI64IntegerAttr(n.axis);
  auto statType = [&](RankedTensorType t, bool wanted) {
    return wanted ? Type(t) : Type();
  };
  Operation *op = nullptr;
  switch (n.kind) {
  case NormKind::LayerNorm: {
    RankedTensorType stat = inferRowStatisticsType(type, n.axis, nullptr);
    op = LayerNormOp::create(b, loc, type, /*sum=*/Type(),
                             statType(stat, n.withMean),
                             statType(stat, n.withInvStd), n.x,
                             /*residual=*/Value(), n.scale, n.bias, axis, eps,
                             /*acc_type=*/nullptr);
    break;
  }
  case NormKind::RmsNorm: {
    RankedTensorType stat = inferRowStatisticsType(type, n.axis, nullptr);
    op = RMSNormOp::create(b, loc, type, /*sum=*/Type(),
                           statType(stat, n.withInvStd), n.x,
                           /*residual=*/Value(), n.scale, axis, eps,
                           /*acc_type=*/nullptr);
    break;
  }
  case NormKind::BatchNorm:
    op = BatchNormOp::create(b, loc, type, n.x, n.scale, n.bias, n.mean, n.var,
                             eps, axis, /*acc_type=*/nullptr);
    break;
  case NormKind::BatchNormTrain:
    // Without running statistics: batch_mean and batch_var only.
    op = BatchNormTrainOp::create(b, loc, n.x, n.scale, n.bias, Value(),
                                  Value(), static_cast<float>(n.eps), 0.9f,
                                  n.axis, false);
    if (elementType.isF64())
      op->setAttr("epsilon", eps);
    break;
  case NormKind::InstanceNorm:
    op = InstanceNormOp::create(b, loc, type, n.x, n.scale, n.bias, eps,
                                /*acc_type=*/nullptr);
    break;
  case NormKind::GroupNorm: {
    RankedTensorType stat = inferGroupStatisticsType(type, n.axis, nullptr);
    op = GroupNormOp::create(b, loc, type, statType(stat, n.withMean),
                             statType(stat, n.withInvStd), n.x, n.scale, n.bias,
                             axis, eps, /*acc_type=*/nullptr);
    break;
  }
  }
  return op;
}
