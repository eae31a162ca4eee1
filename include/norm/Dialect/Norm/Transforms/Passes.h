//===- Passes.h - Norm dialect passes -----------------------*- C++ -*-===//
//
// The passes that rewrite or schedule norm ops.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_DIALECT_NORM_TRANSFORMS_PASSES_H
#define NORM_DIALECT_NORM_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::norm {

#define GEN_PASS_DECL
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"

/// Checks `options`; at the first invalid value calls `reportError` with a
/// message that names the option and returns failure. The pass checks its
/// options with it, and so does norm-cpu-pipeline.
LogicalResult
verifyOptions(const NormTileAndFusePassOptions &options,
              function_ref<LogicalResult(const Twine &)> reportError);

/// The patterns of norm-fuse-residual: an elementwise add feeding a
/// layer_norm or rms_norm becomes the op's `residual` (and `sum`).
void populateNormFuseResidualPatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"

/// norm-on-kernels running `kernelPipeline` (a func.func pipeline built in
/// C++) on each kernel function.
std::unique_ptr<Pass> createNormOnKernelsPass(OpPassManager kernelPipeline);

} // namespace mlir::norm

#endif // NORM_DIALECT_NORM_TRANSFORMS_PASSES_H
