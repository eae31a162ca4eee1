//===- InitAll.h - Register everything norm-mlir provides ---*- C++ -*-===//

#ifndef NORM_INITALL_H
#define NORM_INITALL_H

#include "mlir/IR/DialectRegistry.h"
#include "norm/Conversion/Passes.h"
#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"
#include "norm/Pipelines/Pipelines.h"
#include "norm/Transforms/Passes.h"

namespace mlir::norm {

/// Adds the norm dialect to `registry`.
inline void registerAllDialects(DialectRegistry &registry) {
  registry.insert<NormDialect>();
  registerTilingInterfaceExternalModels(registry);
}

/// Registers the norm-mlir passes and pipelines with the global registry.
inline void registerAllPasses() {
  registerNormConversionPasses();
  registerNormDialectPasses();
  registerNormTransformsPasses();
  registerCPUPipeline();
  registerGPUPipeline();
}

} // namespace mlir::norm

#endif // NORM_INITALL_H
