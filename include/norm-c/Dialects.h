/*===- Dialects.h - C API of norm-mlir ------------------------------*- C -*-===*\
|*                                                                            *|
|* The norm dialect, its passes and its pipelines through MLIR's C API, in    *|
|* the conventions of the upstream dialects (mlir-c/Dialect/...):            *|
|* mlirGetDialectHandle__norm__() for mlirDialectHandle{Insert,Register,Load}  *|
|* Dialect, mlirRegisterNorm...Passes() and mlirCreateNorm...() for the       *|
|* passes (generated from their Passes.td), and the pipelines built into an   *|
|* MlirOpPassManager. Link libNormMLIR-C.so (CMake: NormMLIR::NormMLIR-C),     *|
|* which also carries MLIR's core C API (mlir-c/IR.h, mlir-c/Pass.h,          *|
|* mlir-c/RegisterEverything.h).                                              *|
|*                                                                            *|
|* Stability: see docs/using-from-another-compiler.md.                        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef NORM_C_DIALECTS_H
#define NORM_C_DIALECTS_H

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#include "norm/Conversion/Passes.capi.h.inc"
#include "norm/Dialect/Norm/Transforms/Passes.capi.h.inc"
#include "norm/Transforms/Passes.capi.h.inc"

#ifdef __cplusplus
extern "C" {
#endif

/// The norm dialect: mlirGetDialectHandle__norm__(). Inserting or registering
/// it also registers the external models the pipelines need (the
/// TilingInterface of the norm ops); loading it appends them to the context.
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Norm, norm);

/// Registers `norm-cpu-pipeline` and `norm-gpu-pipeline` with the global
/// pipeline registry (mlirParsePassPipeline, mlirOpPassManagerAddPipeline).
MLIR_CAPI_EXPORTED void mlirRegisterNormPipelines(void);

/// Registers every norm-mlir pass and pipeline: mlirRegisterNormConversion
/// Passes(), mlirRegisterNormDialectPasses(), mlirRegisterNormTransforms
/// Passes() and mlirRegisterNormPipelines(). Idempotent.
MLIR_CAPI_EXPORTED void mlirRegisterNormPasses(void);

/// Adds `norm-cpu-pipeline` with `options` ("" for the defaults, else the
/// text between the braces of `norm-cpu-pipeline{...}`, e.g.
/// "num-threads=1 vector-width=8") to `passManager`, which must be anchored
/// on builtin.module. On invalid options adds nothing, calls `errorCallback`
/// (if not null) with the message, and returns failure.
MLIR_CAPI_EXPORTED MlirLogicalResult mlirNormBuildCPUPipeline(
    MlirOpPassManager passManager, MlirStringRef options,
    MlirStringCallback errorCallback, void *userData);

/// As mlirNormBuildCPUPipeline, for `norm-gpu-pipeline` (e.g.
/// "chip=sm_90 format=isa").
MLIR_CAPI_EXPORTED MlirLogicalResult mlirNormBuildGPUPipeline(
    MlirOpPassManager passManager, MlirStringRef options,
    MlirStringCallback errorCallback, void *userData);

#ifdef __cplusplus
}
#endif

#endif /* NORM_C_DIALECTS_H */
