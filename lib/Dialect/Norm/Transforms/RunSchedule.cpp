//===- RunSchedule.cpp - How batch_norm_train sweeps its runs -*- C++ -*-===//
//
// The small-run decision of the [A..., C, B] batch_norm_train CPU kernels,
// and its record on the IR (the `norm.small_runs` attribute).
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/Transforms/RunSchedule.h"
#include "norm/Dialect/Norm/IR/NormDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::norm;

RunSchedule mlir::norm::chooseRunSchedule(RankedTensorType inputType,
                                          int64_t smallRunElements) {
  if (smallRunElements <= 0 || llvm::is_contained(inputType.getShape(), 0))
    return RunSchedule::PerRun;
  int64_t run = inputType.getDimSize(inputType.getRank() - 1);
  if (ShapedType::isDynamic(run))
    return RunSchedule::ByRunLength;
  return run < smallRunElements ? RunSchedule::SmallRuns : RunSchedule::PerRun;
}

RunSchedule mlir::norm::getRunSchedule(Operation *op,
                                       RankedTensorType inputType,
                                       int64_t smallRunElements) {
  if (BoolAttr recorded =
          NormDialect::SmallRunsAttrHelper(op->getContext()).getAttr(op))
    return recorded.getValue() ? RunSchedule::SmallRuns : RunSchedule::PerRun;
  return chooseRunSchedule(inputType, smallRunElements);
}

void mlir::norm::recordRunSchedule(Operation *op, RunSchedule schedule) {
  assert(schedule != RunSchedule::ByRunLength &&
         "a tile is tiled for one schedule");
  NormDialect::SmallRunsAttrHelper(op->getContext())
      .setAttr(op, BoolAttr::get(op->getContext(),
                                 schedule == RunSchedule::SmallRuns));
}
