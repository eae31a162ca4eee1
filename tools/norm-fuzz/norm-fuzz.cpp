//===- norm-fuzz.cpp - libFuzzer target for norm-mlir -------*- C++ -*-===//
//
// Parses the input as an MLIR module (the norm dialect and every upstream
// dialect registered), verifies it, and when it is valid runs, each on a
// clone of the module:
//   1. convert-norm-to-linalg,
//   2. norm-tile-and-fuse (on every func.func), then convert-norm-to-linalg,
//   3. norm-cpu-pipeline with num-threads=1 (buildCPUPipeline),
//   4. norm-gpu-pipeline for sm_80 down to PTX text (format=isa: the NVPTX
//      backend runs, ptxas does not).
// Diagnostics, parse errors and pass failures are expected outcomes and are
// swallowed; only crashes, assertion failures and sanitizer reports count.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "norm/Conversion/NormToLinalg/NormToLinalg.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"
#include "norm/InitAll.h"
#include "norm/Pipelines/Pipelines.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace mlir;

/// Built once: every upstream dialect and extension plus the norm dialect.
static DialectRegistry &getRegistry() {
  static DialectRegistry *registry = [] {
    auto *r = new DialectRegistry();
    registerAllDialects(*r);
    registerAllExtensions(*r);
    norm::registerAllDialects(*r);
    return r;
  }();
  return *registry;
}

/// Runs the passes `populate` adds on a clone of `module`; the result (and
/// any failure) is discarded.
template <typename PopulateFn>
static void runOnClone(MLIRContext &context, ModuleOp module,
                       PopulateFn populate) {
  OwningOpRef<ModuleOp> clone(module.clone());
  PassManager pm(&context);
  pm.enableVerifier(true);
  populate(pm);
  (void)pm.run(*clone);
}

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  (void)getRegistry();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext context(getRegistry(), MLIRContext::Threading::DISABLED);
  context.allowUnregisteredDialects(false);
  // Swallow every diagnostic: invalid input is not a failure.
  ScopedDiagnosticHandler handler(&context,
                                  [](Diagnostic &) { return success(); });

  // The MLIR lexer reads the byte after the buffer (it expects a NUL there,
  // as every file read through llvm::MemoryBuffer has); libFuzzer's data has
  // none, so parse a NUL-terminated copy.
  std::string source(reinterpret_cast<const char *>(data), size);
  ParserConfig config(&context, /*verifyAfterParse=*/true);
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(llvm::StringRef(source.c_str(), size), config);
  if (!module || failed(verify(*module)))
    return 0;

  runOnClone(context, *module, [](PassManager &pm) {
    pm.addPass(norm::createConvertNormToLinalgPass());
  });
  runOnClone(context, *module, [](PassManager &pm) {
    pm.addNestedPass<func::FuncOp>(norm::createNormTileAndFusePass());
    pm.addPass(norm::createConvertNormToLinalgPass());
  });
  runOnClone(context, *module, [](PassManager &pm) {
    norm::CPUPipelineOptions options;
    options.numThreads = 1;
    norm::buildCPUPipeline(pm, options);
  });
  runOnClone(context, *module, [](PassManager &pm) {
    norm::GPUPipelineOptions options;
    options.chip = "sm_80";
    options.format = "isa";
    norm::buildGPUPipeline(pm, options);
  });
  return 0;
}
