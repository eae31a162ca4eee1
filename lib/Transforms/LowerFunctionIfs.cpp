//===- LowerFunctionIfs.cpp - norm-lower-function-ifs -------*- C++ -*-===//
//
// Lowers the result-less scf.if ops of function bodies to cf branches in
// linear time.
//
//===----------------------------------------------------------------------===//

#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMLOWERFUNCTIONIFSPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// Moves the blocks of `region` (an scf.if branch ending in scf.yield) before
/// `continuation`, their yield replaced by a branch to it; returns the entry
/// block.
static Block *inlineBranch(RewriterBase &rewriter, Region &region,
                           Block *continuation) {
  Block *entry = &region.front();
  Operation *yield = region.back().getTerminator();
  rewriter.setInsertionPoint(yield);
  cf::BranchOp::create(rewriter, yield->getLoc(), continuation);
  rewriter.eraseOp(yield);
  rewriter.inlineRegionBefore(region, continuation);
  return entry;
}

/// Rewrites
///   ^bb: ops... ; scf.if %c { then } else { else } ; rest...
/// into
///   ^bb: ops... ; cf.cond_br %c, ^then, ^else
///   ^then: then ; cf.br ^rest    ^else: else ; cf.br ^rest
///   ^rest: rest...
static void lowerIf(RewriterBase &rewriter, scf::IfOp ifOp) {
  Block *block = ifOp->getBlock();
  Block *continuation =
      rewriter.splitBlock(block, std::next(ifOp->getIterator()));
  Block *thenBlock =
      inlineBranch(rewriter, ifOp.getThenRegion(), continuation);
  Block *elseBlock =
      ifOp.getElseRegion().empty()
          ? continuation
          : inlineBranch(rewriter, ifOp.getElseRegion(), continuation);
  rewriter.setInsertionPoint(ifOp);
  cf::CondBranchOp::create(rewriter, ifOp.getLoc(), ifOp.getCondition(),
                           thenBlock, elseBlock);
  rewriter.eraseOp(ifOp);
}

namespace {
struct NormLowerFunctionIfsPass
    : norm::impl::NormLowerFunctionIfsPassBase<NormLowerFunctionIfsPass> {
  void runOnOperation() override {
    SmallVector<scf::IfOp> ifs;
    getOperation()->walk([&](scf::IfOp ifOp) {
      if (ifOp.getNumResults() == 0 &&
          isa<FunctionOpInterface>(ifOp->getParentOp()))
        ifs.push_back(ifOp);
    });
    // Last first: each split moves only the ops after it up to the next
    // if, which is already lowered.
    IRRewriter rewriter(&getContext());
    for (scf::IfOp ifOp : llvm::reverse(ifs))
      lowerIf(rewriter, ifOp);
  }
};
} // namespace
