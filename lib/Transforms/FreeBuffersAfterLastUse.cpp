//===- FreeBuffersAfterLastUse.cpp - norm-free-buffers-after-last-use -----===//
//
// Frees each buffer a model's function gets from a call right after its last
// use instead of at the end of the function.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMFREEBUFFERSAFTERLASTUSEPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// The memref `op` is a view, cast or base buffer of; null for other ops.
static Value getViewedMemRef(Operation *op) {
  if (auto view = dyn_cast<ViewLikeOpInterface>(op))
    return view.getViewSource();
  if (auto metadata = dyn_cast<memref::ExtractStridedMetadataOp>(op))
    return metadata.getSource();
  if (auto cast = dyn_cast<memref::CastOp>(op))
    return cast.getSource();
  return nullptr;
}

/// The value `memref` is a view of, through getViewedMemRef.
static Value getViewRoot(Value memref) {
  while (Operation *def = memref.getDefiningOp()) {
    Value viewed = getViewedMemRef(def);
    if (!viewed)
      break;
    memref = viewed;
  }
  return memref;
}

/// The last op of `block` that uses `root` or a view of it, directly or from
/// a nested region; null if a view reaches an op that is not a view (whose
/// results could then alias `root` unseen). Calls do not pass a view on: the
/// ownership-based deallocation makes each function return buffers its
/// caller owns, never an alias of an argument.
static Operation *
findLastUseInBlock(Value root, Block &block, ArrayRef<Operation *> ignored,
                   const llvm::DenseMap<Operation *, unsigned> &positions) {
  Operation *last = nullptr;
  SmallVector<Value> worklist = {root};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (llvm::is_contained(ignored, user))
        continue;
      Operation *inBlock = block.findAncestorOpInBlock(*user);
      if (!inBlock)
        return nullptr;
      if (!last || positions.lookup(last) < positions.lookup(inBlock))
        last = inBlock;
      if (isa<func::CallOp>(user))
        continue;
      for (Value result : user->getResults()) {
        if (!isa<BaseMemRefType>(result.getType()))
          continue;
        if (!getViewedMemRef(user))
          return nullptr;
        worklist.push_back(result);
      }
    }
  }
  return last;
}

namespace {
/// Splits off the buffers returned by calls from the `bufferization.dealloc`
/// that ownership-based deallocation puts at the end of a block, each into a
/// `bufferization.dealloc` of its own right after the buffer's last use. A
/// model's function (after norm-outline-kernels, a list of kernel calls)
/// otherwise keeps every intermediate buffer alive to its end: memory that
/// grows with the model, one value per buffer live across every later call
/// (quadratic register allocation), and a run-time alias check of every
/// buffer against every returned one.
struct NormFreeBuffersAfterLastUsePass
    : norm::impl::NormFreeBuffersAfterLastUsePassBase<
          NormFreeBuffersAfterLastUsePass> {
  void runOnOperation() override {
    NormDialect::KernelAttrHelper kernelAttr(&getContext());
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal() || kernelAttr.isAttrPresent(func))
        continue;
      SmallVector<bufferization::DeallocOp> deallocs;
      func.walk([&](bufferization::DeallocOp op) { deallocs.push_back(op); });
      for (bufferization::DeallocOp dealloc : deallocs)
        splitCallResults(dealloc);
    }
  }

  static void splitCallResults(bufferization::DeallocOp dealloc) {
    Block &block = *dealloc->getBlock();
    // Roots of the retained values and of every freed buffer: a buffer that
    // shares its root with another operand stays in the joint dealloc.
    llvm::SmallDenseMap<Value, unsigned> rootCounts;
    for (Value memref : dealloc.getMemrefs())
      ++rootCounts[getViewRoot(memref)];
    for (Value retained : dealloc.getRetained()) {
      Value root = getViewRoot(retained);
      // A retained value that is not itself a call's fresh buffer may alias
      // anything.
      if (!root.getDefiningOp<func::CallOp>())
        return;
      rootCounts[root] += 2;
    }

    // Positions of the block's ops before any moves (isBeforeInBlock would
    // renumber the block after each move: quadratic in a model's length).
    // Only deallocs and their views move, and they are no other buffer's
    // users.
    llvm::DenseMap<Operation *, unsigned> positions;
    for (auto [index, op] : llvm::enumerate(block))
      positions[&op] = index;

    SmallVector<Value> keptMemrefs, keptConditions;
    OpBuilder builder(dealloc);
    for (auto [memref, condition] :
         llvm::zip_equal(dealloc.getMemrefs(), dealloc.getConditions())) {
      Value root = getViewRoot(memref);
      // The views from the call's buffer to the freed operand (its base
      // buffer, usually) move with the new dealloc if nothing else uses them.
      SmallVector<Operation *> path = {dealloc};
      for (Value value = memref; value != root;
           value = getViewedMemRef(path.back()))
        path.push_back(value.getDefiningOp());
      bool movable = llvm::all_of(ArrayRef(path).drop_front(), [&](Operation *op) {
        return op->getBlock() == &block &&
               llvm::all_of(op->getUsers(), [&](Operation *user) {
                 return llvm::is_contained(path, user);
               });
      });
      Operation *last = nullptr;
      if (movable && root.getDefiningOp<func::CallOp>() &&
          rootCounts[root] == 1)
        last = findLastUseInBlock(root, block, path, positions);
      if (!last) {
        keptMemrefs.push_back(memref);
        keptConditions.push_back(condition);
        continue;
      }
      // After the last use and the condition, the views, then the dealloc.
      if (Operation *def = condition.getDefiningOp())
        if (Operation *inBlock = block.findAncestorOpInBlock(*def))
          if (positions.lookup(last) < positions.lookup(inBlock))
            last = inBlock;
      for (Operation *view : llvm::reverse(ArrayRef(path).drop_front())) {
        view->moveAfter(last);
        last = view;
      }
      builder.setInsertionPointAfter(last);
      bufferization::DeallocOp::create(builder, dealloc.getLoc(), memref,
                                       condition, ValueRange());
    }
    if (keptMemrefs.size() == dealloc.getMemrefs().size())
      return;
    dealloc.getMemrefsMutable().assign(keptMemrefs);
    dealloc.getConditionsMutable().assign(keptConditions);
  }
};
} // namespace
