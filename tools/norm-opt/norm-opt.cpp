//===- norm-opt.cpp - norm-mlir optimizer driver ------------*- C++ -*-===//
//
// mlir-opt with the norm dialect, its passes and pipelines, and every upstream
// dialect, extension and pass.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "norm/InitAll.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::norm::registerAllPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::norm::registerAllDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "norm-mlir optimizer driver\n", registry));
}
