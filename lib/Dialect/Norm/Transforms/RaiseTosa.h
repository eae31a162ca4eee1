//===- RaiseTosa.h - The TOSA raise's plan -------------------*- C++ -*-===//
//
// Shared by the planner (RaiseTosaPlan.cpp) and the pattern that builds the
// norm op (RaiseTosa.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISETOSA_H
#define NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISETOSA_H

#include "RaiseUtils.h"

#include <memory>

namespace mlir::norm::raise::tosa_raise {

/// The ops of one match, for the check that none is used outside it.
using OpSet = llvm::SetVector<Operation *>;

/// An affine parameter (γ or β) as the decomposition applies it.
struct Param {
  Value value;
  /// Per dim of `value`: the dim of the shape it is applied in that it
  /// varies along, or -1 (a broadcast); none when it is no such broadcast.
  std::optional<SmallVector<int64_t>> map;
  bool outerShape = false; // applied after the reshape back to the input shape
};

/// The standardization at the heart of a decomposition, before γ/β.
struct Core {
  enum class Kind { Centred, Inference, Rms } kind = Kind::Centred;
  Value x;                     // normalized value (working shape)
  SmallVector<int64_t> axes;   // reduced dims of x (not for Inference)
  Value storedMean, storedVar; // Inference: the per-channel statistics
  int64_t channel = -1;        // Inference: the dim of x they vary along
  double epsilon = 0;
  bool fromMoments = false;
  /// The statistics as polynomials over the working shape.
  Poly meanPoly, varPoly, rstdPoly;
  /// What the tracer read: the values and ops of the match.
  std::shared_ptr<Tracer> tracer;
};

struct Plan {
  Operation *root = nullptr;
  Core core;
  Value input; // the op's input: x before the cast and reshape to f32 / [..]
  Operation *reshapeOut = nullptr, *castOut = nullptr;
  Param gamma, beta;
  OpSet outputOps;

  // Decided by classify().
  NormKind kind = NormKind::LayerNorm;
  /// LayerNorm/RmsNorm: first normalized dim of input; the others: the
  /// feature dim of input.
  int64_t axis = 0;
  int64_t groups = 0;
};

/// The plan of the decomposition whose output is `op`, if any.
std::optional<Plan> planAt(Operation *op);

/// Whether the match contains `op`.
bool inMatch(const Plan &plan, Operation *op);
/// Whether `v` has uses outside the match.
bool usedOutside(const Plan &plan, Value v);
/// The values of the match that are the statistic `stat` (a polynomial of
/// the core) with the kept-dims shape.
SmallVector<Value> statisticValues(const Plan &plan, const Poly &stat);

} // namespace mlir::norm::raise::tosa_raise

#endif // NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISETOSA_H
