//===- Dialects.cpp - C API of norm-mlir ----------------------*- C++ -*-===//
//
// The C entry points declared by include/norm-c/Dialects.h: the dialect
// handle, the registration of the passes (generated from the Passes.td
// files) and pipelines, and the pipeline builders.
//
//===----------------------------------------------------------------------===//

#include "norm-c/Dialects.h"

#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/CAPI/Utils.h"
#include "mlir/Pass/PassManager.h"
#include "norm/InitAll.h"

#include <mutex>

using namespace mlir;

//===----------------------------------------------------------------------===//
// The dialect handle
//===----------------------------------------------------------------------===//

// MLIR_DEFINE_CAPI_DIALECT_REGISTRATION's hooks, plus the external models
// that norm::registerAllDialects adds with the dialect.

static void mlirDialectRegistryInsertNormDialect(MlirDialectRegistry registry) {
  norm::registerAllDialects(*unwrap(registry));
}

static MlirDialect mlirContextLoadNormDialect(MlirContext context) {
  DialectRegistry registry;
  norm::registerAllDialects(registry);
  unwrap(context)->appendDialectRegistry(registry);
  return wrap(unwrap(context)->getOrLoadDialect<norm::NormDialect>());
}

static MlirStringRef mlirNormDialectGetNamespace() {
  return wrap(norm::NormDialect::getDialectNamespace());
}

MlirDialectHandle mlirGetDialectHandle__norm__() {
  static MlirDialectRegistrationHooks hooks = {
      mlirDialectRegistryInsertNormDialect, mlirContextLoadNormDialect,
      mlirNormDialectGetNamespace};
  return MlirDialectHandle{&hooks};
}

//===----------------------------------------------------------------------===//
// Passes and pipelines
//===----------------------------------------------------------------------===//

// The generated code names the passes' create/register functions unqualified.
using namespace mlir::norm;

#include "norm/Conversion/Passes.capi.cpp.inc"
#include "norm/Dialect/Norm/Transforms/Passes.capi.cpp.inc"
#include "norm/Transforms/Passes.capi.cpp.inc"

void mlirRegisterNormPipelines(void) {
  // A pipeline name may be registered once (passes may be registered again).
  static std::once_flag once;
  std::call_once(once, [] {
    norm::registerCPUPipeline();
    norm::registerGPUPipeline();
  });
}

void mlirRegisterNormPasses(void) {
  mlirRegisterNormConversionPasses();
  mlirRegisterNormDialectPasses();
  mlirRegisterNormTransformsPasses();
  mlirRegisterNormPipelines();
}

/// Parses `options` into `Options`, then checks them and builds the pipeline
/// into `passManager` as the registered pipeline does (`checkAndBuild`);
/// reports the first error through `errorCallback`.
template <typename Options, typename CheckAndBuild>
static MlirLogicalResult
buildPipeline(MlirOpPassManager passManager, MlirStringRef options,
              MlirStringCallback errorCallback, void *userData,
              StringRef pipelineName, CheckAndBuild checkAndBuild) {
  auto report = [&](const Twine &message) {
    if (errorCallback) {
      std::string text = (pipelineName + ": " + message).str();
      errorCallback(wrap(StringRef(text)), userData);
    }
    return failure();
  };
  Options parsed;
  std::string parseErrors;
  llvm::raw_string_ostream parseErrorStream(parseErrors);
  if (failed(parsed.parseFromString(unwrap(options), parseErrorStream))) {
    StringRef message = StringRef(parseErrors).trim();
    (void)report(message.empty() ? StringRef("invalid options") : message);
    return mlirLogicalResultFailure();
  }
  if (failed(checkAndBuild(*unwrap(passManager), parsed, report)))
    return mlirLogicalResultFailure();
  return mlirLogicalResultSuccess();
}

MlirLogicalResult mlirNormBuildCPUPipeline(MlirOpPassManager passManager,
                                           MlirStringRef options,
                                           MlirStringCallback errorCallback,
                                           void *userData) {
  return buildPipeline<norm::CPUPipelineOptions>(
      passManager, options, errorCallback, userData, "norm-cpu-pipeline",
      norm::checkAndBuildCPUPipeline);
}

MlirLogicalResult mlirNormBuildGPUPipeline(MlirOpPassManager passManager,
                                           MlirStringRef options,
                                           MlirStringCallback errorCallback,
                                           void *userData) {
  return buildPipeline<norm::GPUPipelineOptions>(
      passManager, options, errorCallback, userData, "norm-gpu-pipeline",
      norm::checkAndBuildGPUPipeline);
}
