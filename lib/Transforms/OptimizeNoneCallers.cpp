//===- OptimizeNoneCallers.cpp - norm-optimize-none-callers --*- C++ -*-===//
//
// Marks the straight-line callers of kernels `noinline optnone` for LLVM.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMOPTIMIZENONECALLERSPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Adds passthrough = ["noinline", "optnone"] to the functions that call a
/// kernel and hold no region but scf.if ones.
struct NormOptimizeNoneCallersPass
    : norm::impl::NormOptimizeNoneCallersPassBase<
          NormOptimizeNoneCallersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    NormDialect::KernelAttrHelper kernelAttr(context);
    SymbolTable symbolTable(module);
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || kernelAttr.isAttrPresent(func))
        continue;
      bool callsKernel = false;
      WalkResult result = func.getBody().walk([&](Operation *op) {
        if (auto call = dyn_cast<func::CallOp>(op)) {
          auto callee = symbolTable.lookup<func::FuncOp>(call.getCallee());
          callsKernel |= callee && kernelAttr.isAttrPresent(callee);
        }
        if (op->getNumRegions() > 0 && !isa<scf::IfOp>(op))
          return WalkResult::interrupt();
        return WalkResult::advance();
      });
      if (result.wasInterrupted() || !callsKernel)
        continue;
      SmallVector<Attribute> passthrough;
      if (auto existing = func->getAttrOfType<ArrayAttr>("passthrough"))
        llvm::append_range(passthrough, existing.getValue());
      for (StringRef name : {"noinline", "optnone"})
        if (!llvm::is_contained(passthrough, StringAttr::get(context, name)))
          passthrough.push_back(StringAttr::get(context, name));
      func->setAttr("passthrough", ArrayAttr::get(context, passthrough));
    }
  }
};
} // namespace
