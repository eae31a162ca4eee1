//===- InlineAllocaScopes.cpp - norm-inline-alloca-scopes ---*- C++ -*-===//
//
// Inlines the memref.alloca_scope ops that hold no stack allocation.
//
//===----------------------------------------------------------------------===//

#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMINLINEALLOCASCOPESPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// True when `scope` allocates on the stack outside the scopes nested in it.
static bool allocatesOnStack(memref::AllocaScopeOp scope) {
  WalkResult result = scope.getBodyRegion().walk([&](Operation *op) {
    if (op != scope.getOperation() && isa<memref::AllocaScopeOp>(op))
      return WalkResult::skip();
    if (isa<memref::AllocaOp, LLVM::AllocaOp>(op))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return result.wasInterrupted();
}

namespace {
/// Replaces each memref.alloca_scope without stack allocations by its body.
/// convert-scf-to-openmp wraps every parallel body in one; the canonicalizer
/// keeps it when the body has ops of unknown effects (e.g. the fence after
/// streaming stores), and a scope must be gone before its loops become
/// multi-block control flow.
struct NormInlineAllocaScopesPass
    : norm::impl::NormInlineAllocaScopesPassBase<NormInlineAllocaScopesPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocaScopeOp> scopes;
    getOperation()->walk([&](memref::AllocaScopeOp scope) {
      if (!allocatesOnStack(scope))
        scopes.push_back(scope);
    });
    IRRewriter rewriter(&getContext());
    for (memref::AllocaScopeOp scope : llvm::reverse(scopes)) {
      Block *body = &scope.getBodyRegion().front();
      auto terminator =
          cast<memref::AllocaScopeReturnOp>(body->getTerminator());
      SmallVector<Value> results(terminator.getResults());
      rewriter.eraseOp(terminator);
      rewriter.inlineBlockBefore(body, scope);
      rewriter.replaceOp(scope, results);
    }
  }
};
} // namespace
