//===- RaiseLinalg.h - The linalg raise's plan ---------------*- C++ -*-===//
//
// Shared by the planner (RaiseLinalgPlan.cpp) and the pattern that builds
// the norm op (RaiseLinalg.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISELINALG_H
#define NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISELINALG_H

#include "RaiseUtils.h"

#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir::norm::raise::linalg_raise {

/// StatUse::result of 1/√(batch_var + ε), which batch_norm_train does not
/// return but PyTorch's native_batch_norm does: computed from batch_var.
inline constexpr unsigned kInvStdFromVar = 100;

/// A statistic of the raised op that replaces a value of the decomposition.
struct StatUse {
  Value value;
  /// The result of the norm op (1: mean / batch_mean / inv_rms, 2: ...).
  unsigned result;
};

/// Everything needed to build the norm op.
struct Plan {
  NormKind kind;
  Value x;
  /// When not empty, the op normalizes the sum of these tensors (x is one of
  /// them), built as one elementwise linalg.generic: the residual add that
  /// elementwise fusion had computed inline in every op of the
  /// decomposition.
  SmallVector<Leaf> xTerms;
  /// The element type the op computes in, its parameters' (null: x's). x is
  /// extended to it and the result rounded to the decomposition's type.
  Type computeType;
  /// axis (layer/rms), feature_axis (batch norms) or num_groups.
  int64_t axis = 0;
  double eps = 0;
  bool onePass = false;
  std::optional<Leaf> gamma, beta, mean, var;
  /// The frame (of x, or of the grouped tensor for group_norm) and the
  /// frame dims the parameters and the statistics range over.
  SmallVector<int64_t> frameShape, paramDims, paramFrameShape, statDims;
  SmallVector<StatUse> stats;
};

/// The plan of the normalization whose output is `rootOp` (an elementwise
/// linalg op or a tensor reshape), or failure with the reason in `why`.
FailureOr<Plan> planRaise(Operation *rootOp, std::string &why);

} // namespace mlir::norm::raise::linalg_raise

#endif // NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISELINALG_H
