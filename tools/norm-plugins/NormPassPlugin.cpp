//===- NormPassPlugin.cpp - norm passes plugin for mlir-opt ---*- C++ -*-===//
//
// A pass plugin for the stock mlir-opt (and any MlirOptMain tool):
//
//   mlir-opt --load-dialect-plugin=<prefix>/lib/NormDialectPlugin.so \
//            --load-pass-plugin=<prefix>/lib/NormPassPlugin.so \
//            --pass-pipeline='builtin.module(norm-cpu-pipeline)'
//
// registers every norm-mlir pass and both pipelines (the IR they run on
// needs the dialect plugin when it holds norm ops). The code lives in
// libNormMLIR.so, linked against the same libMLIR.so as mlir-opt: the passes
// register into mlir-opt's own registries, and no command-line option is
// defined twice.
//
//===----------------------------------------------------------------------===//

#include "mlir/Tools/Plugins/PassPlugin.h"
#include "norm/InitAll.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "NormPasses", LLVM_VERSION_STRING,
          []() { mlir::norm::registerAllPasses(); }};
}
