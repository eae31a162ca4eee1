//===- Passes.h - Passes that are not about norm ops --------*- C++ -*-===//
//
// The passes of the norm pipelines that never touch a norm op.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_TRANSFORMS_PASSES_H
#define NORM_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::norm {

#define GEN_PASS_DECL
#include "norm/Transforms/Passes.h.inc"

/// Checks `options`; at an invalid value calls `reportError` with a message
/// that names the option and returns failure.
LogicalResult
verifyOptions(const NormMapParallelLoopsToGPUPassOptions &options,
              function_ref<LogicalResult(const Twine &)> reportError);

#define GEN_PASS_REGISTRATION
#include "norm/Transforms/Passes.h.inc"

} // namespace mlir::norm

#endif // NORM_TRANSFORMS_PASSES_H
