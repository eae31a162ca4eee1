//===- FrontEnd.cpp - The front both norm pipelines share ---*- C++ -*-===//
//
// What norm-cpu-pipeline and norm-gpu-pipeline run first, before they lower
// norm ops for their target: raise decomposed normalizations, lower TOSA to
// linalg, fold batch norms, fuse residual adds, decompose linalg.softmax and
// insert the run-time size checks.
//
//===----------------------------------------------------------------------===//

#include "norm/Pipelines/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace mlir::norm;

/// The conversions of upstream's TOSA-to-linalg pipeline
/// (tosa::addTosaToLinalgPasses, without its canonicalizations, shape
/// inference and validation, which would also rewrite modules without TOSA):
/// the optional decompositions, the named ops (conv2d, matmul, pooling)
/// first, then the elementwise and reduction ops, constants and shapes. A
/// module without TOSA ops comes out unchanged.
static void addTOSAToLinalgPasses(OpPassManager &pm) {
  OpPassManager &funcPm = pm.nest<func::FuncOp>();
  funcPm.addPass(tosa::createTosaOptionalDecompositionsPass());
  funcPm.addPass(tosa::createTosaToLinalgNamed());
  funcPm.addPass(tosa::createTosaToLinalg());
  funcPm.addPass(createTosaToArithPass());
  funcPm.addPass(createTosaToTensorPass());
}

void mlir::norm::buildFrontEndPipeline(OpPassManager &pm, bool raise,
                                       bool runtimeChecks) {
  // Decomposed normalizations become norm ops first (in linalg or TOSA).
  if (raise)
    pm.addPass(createNormRaisePass());
  // TOSA (TFLite's and torch-mlir's TorchToTosa legalizations) -> linalg on
  // tensors, arith and tensor, as upstream's tosa-to-linalg pipelines do.
  addTOSAToLinalgPasses(pm);
  // Batch norms fold into the linalg convolutions (TOSA's too, now) before
  // them; residual adds fuse into the row norms after them.
  if (raise) {
    pm.addPass(createNormFoldBatchNormPass());
    pm.addPass(createNormFuseResidualPass());
  }
  // linalg.softmax -> linalg.generic reductions and elementwise ops.
  pm.addPass(createNormDecomposeAggregatedOpsPass());
  // Size relations that involve dynamic sizes are checked before each op.
  if (runtimeChecks)
    pm.addNestedPass<func::FuncOp>(createNormInsertRuntimeChecksPass());
}
