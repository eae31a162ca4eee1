//===- Pipelines.h - norm-mlir pass pipelines ---------------*- C++ -*-===//

#ifndef NORM_PIPELINES_PIPELINES_H
#define NORM_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace norm {

/// Options of `norm-cpu-pipeline`.
struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {};

/// Builds the pipeline that takes a module of norm ops mixed with
/// linalg/tensor/arith/math ops down to the LLVM dialect for the host CPU:
/// norm -> linalg, one-shot bufferization (function boundaries included),
/// buffer deallocation, loops, LLVM.
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// Registers `norm-cpu-pipeline`.
void registerCPUPipeline();

} // namespace norm
} // namespace mlir

#endif // NORM_PIPELINES_PIPELINES_H
