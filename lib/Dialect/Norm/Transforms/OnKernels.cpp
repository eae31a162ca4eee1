//===- OnKernels.cpp - norm-on-kernels ----------------------*- C++ -*-===//
//
// Runs a pass pipeline on the kernel functions of norm-outline-kernels only.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMONKERNELSPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Runs `pipeline` on each `func.func` marked `norm.kernel`.
struct NormOnKernelsPass
    : norm::impl::NormOnKernelsPassBase<NormOnKernelsPass> {
  using Base::Base;

  /// Runs `kernelPipeline` (built in C++, so that its passes need not be
  /// registered for parsing); the `pipeline` option prints it.
  NormOnKernelsPass(OpPassManager kernelPipeline)
      : kernelPipeline(std::move(kernelPipeline)), fromOption(false) {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvm::interleave(
        this->kernelPipeline.getPasses(), os,
        [&](Pass &pass) { pass.printAsTextualPipeline(os); }, ",");
    pipeline = text;
  }

  LogicalResult initialize(MLIRContext *context) override {
    if (!fromOption)
      return success();
    kernelPipeline = OpPassManager(func::FuncOp::getOperationName());
    return parsePassPipeline(pipeline, kernelPipeline, llvm::errs());
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    if (!fromOption) {
      kernelPipeline.getDependentDialects(registry);
      return;
    }
    OpPassManager parsed(func::FuncOp::getOperationName());
    if (succeeded(parsePassPipeline(pipeline, parsed, llvm::nulls())))
      parsed.getDependentDialects(registry);
  }

  void runOnOperation() override {
    NormDialect::KernelAttrHelper kernelAttr(&getContext());
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (kernelAttr.isAttrPresent(func) &&
          failed(runPipeline(kernelPipeline, func)))
        return signalPassFailure();
  }

private:
  OpPassManager kernelPipeline{func::FuncOp::getOperationName()};
  /// Whether the pipeline comes from the `pipeline` option (textual use).
  bool fromOption = true;
};
} // namespace

std::unique_ptr<Pass>
mlir::norm::createNormOnKernelsPass(OpPassManager kernelPipeline) {
  return std::make_unique<NormOnKernelsPass>(std::move(kernelPipeline));
}
