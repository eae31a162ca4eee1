//===- NormDialectPlugin.cpp - norm dialect plugin for mlir-opt -*- C++ -*-===//
//
// A dialect plugin for the stock mlir-opt (and any MlirOptMain tool):
//
//   mlir-opt --load-dialect-plugin=<prefix>/lib/NormDialectPlugin.so ...
//
// adds the norm dialect and its external models to the tool's registry. The
// code lives in libNormMLIR.so, which the pass plugin loads too, so the
// process holds one norm dialect however many plugins it loads.
//
//===----------------------------------------------------------------------===//

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "norm/InitAll.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "NormDialect", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mlir::norm::registerAllDialects(*registry);
          }};
}
