//===- PrivatizeEmptyTensors.cpp - norm-privatize-empty-tensors -*- C++ -*-===//
//
// Gives every parallel loop body its own copy of the tensor.empty ops it
// uses from outside, so that bufferization allocates them per iteration.
//
//===----------------------------------------------------------------------===//

#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMPRIVATIZEEMPTYTENSORSPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// The outermost scf.forall or scf.parallel that holds `user` but not
/// `def`, or null.
static Operation *getParallelLoopBetween(Operation *def, Operation *user) {
  Operation *found = nullptr;
  for (Operation *parent = user->getParentOp(); parent;
       parent = parent->getParentOp()) {
    if (parent->isAncestor(def))
      break;
    if (isa<scf::ForallOp, scf::ParallelOp>(parent))
      found = parent;
  }
  return found;
}

namespace {
/// Rewrites each use of a `tensor.empty` from inside a parallel loop that
/// does not hold it (CSE merges identical `tensor.empty` ops across region
/// boundaries, e.g. a tile's accumulator init with an identical one of
/// another op before the loop) into a use of a clone at the user. A
/// `tensor.empty` bufferizes to an allocation where it stands, so without
/// this every iteration of the parallel loop would write the same buffer:
/// a data race between the threads. The loop's own `shared_outs` operands
/// are not uses from inside and keep the shared buffer they must have.
struct NormPrivatizeEmptyTensorsPass
    : norm::impl::NormPrivatizeEmptyTensorsPassBase<
          NormPrivatizeEmptyTensorsPass> {
  void runOnOperation() override {
    SmallVector<tensor::EmptyOp> empties;
    getOperation()->walk([&](tensor::EmptyOp op) { empties.push_back(op); });
    OpBuilder b(&getContext());
    for (tensor::EmptyOp empty : empties) {
      for (OpOperand &use : llvm::make_early_inc_range(empty->getUses())) {
        Operation *user = use.getOwner();
        if (!getParallelLoopBetween(empty, user))
          continue;
        b.setInsertionPoint(user);
        // The dynamic sizes dominate the user, since they dominate `empty`.
        Operation *clone = b.clone(*empty.getOperation());
        use.set(clone->getResult(0));
      }
      if (empty->use_empty())
        empty->erase();
    }
  }
};
} // namespace
