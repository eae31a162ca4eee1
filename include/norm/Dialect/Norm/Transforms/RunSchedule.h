//===- RunSchedule.h - How batch_norm_train sweeps its runs -*- C++ -*-===//
//
// The one place that decides how the CPU kernels of an [A..., C, B]
// batch_norm_train sweep its runs of B elements. norm-tile-and-fuse decides
// (and tiles for the decision) and records it on the tiled op;
// convert-norm-to-vector reads the record, and decides the same way only
// for an op nobody decided for (e.g. the pass used alone).
//
//===----------------------------------------------------------------------===//

#ifndef NORM_DIALECT_NORM_TRANSFORMS_RUNSCHEDULE_H
#define NORM_DIALECT_NORM_TRANSFORMS_RUNSCHEDULE_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

namespace mlir::norm {

/// How the passes of an [A..., C, B] batch_norm_train sweep its runs.
enum class RunSchedule {
  /// A run of B elements at a time, with its accumulators in registers.
  PerRun,
  /// Short runs: the channels of an index of A... (contiguous) are one run
  /// of C * B elements, summed position-wise and written as one run.
  SmallRuns,
  /// B known at run time only: the statistics passes choose between the
  /// two by B (an scf.if); the output is written a run at a time.
  ByRunLength,
};

/// The schedule of a batch_norm_train of `inputType` (channel at rank - 2):
/// SmallRuns when B is static and below `smallRunElements`, ByRunLength
/// when B is dynamic, else PerRun (always PerRun with `smallRunElements` 0
/// and for a statically empty input, which no kernel sweeps).
RunSchedule chooseRunSchedule(RankedTensorType inputType,
                              int64_t smallRunElements);

/// The schedule recorded on `op` (see recordRunSchedule), or, when none is,
/// chooseRunSchedule(inputType, smallRunElements).
RunSchedule getRunSchedule(Operation *op, RankedTensorType inputType,
                           int64_t smallRunElements);

/// Records on `op` (a tile of a batch_norm_train) the schedule it was tiled
/// for: PerRun or SmallRuns.
void recordRunSchedule(Operation *op, RunSchedule schedule);

} // namespace mlir::norm

#endif // NORM_DIALECT_NORM_TRANSFORMS_RUNSCHEDULE_H
