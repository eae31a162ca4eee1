//===- main.cpp - A downstream compiler using norm-mlir -------*- C++ -*-===//
//
// Registers the norm dialect next to MLIR's, parses a module of norm ops,
// lowers it with norm-cpu-pipeline and prints the LLVM dialect:
//
//   norm-downstream model.mlir ["num-threads=1 vector-width=8"]
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/InitAll.h"
#include "norm/Pipelines/Pipelines.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    llvm::errs() << "usage: norm-downstream <file.mlir> [pipeline options]\n";
    return 2;
  }

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::norm::registerAllDialects(registry);
  mlir::MLIRContext context(registry);

  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module)
    return 1;

  // The pipeline's options parsed from text, as on norm-opt's command line.
  mlir::norm::CPUPipelineOptions options;
  if (argc == 3 && mlir::failed(options.parseFromString(argv[2])))
    return 1;
  if (mlir::failed(mlir::norm::verifyOptions(
          options, [](const llvm::Twine &message) {
            llvm::errs() << "norm-cpu-pipeline: " << message << "\n";
            return mlir::failure();
          })))
    return 1;

  mlir::PassManager pm(&context);
  mlir::norm::buildCPUPipeline(pm, options);
  if (mlir::failed(pm.run(*module)))
    return 1;
  module->print(llvm::outs());
  llvm::outs() << "\n";
  return 0;
}
