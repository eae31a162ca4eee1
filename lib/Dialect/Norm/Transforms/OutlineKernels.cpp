//===- OutlineKernels.cpp - norm-outline-kernels ------------*- C++ -*-===//
//
// Moves every norm op, with the elementwise producers that tiling would fuse
// into it, into a private kernel function, and makes identical kernels one.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMOUTLINEKERNELSPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// True for the ops a kernel computes: the norm ops that normalize (not the
/// run-time checks, which stay at the call site with their locations).
static bool isKernelRoot(Operation *op) {
  return isa<NormDialect>(op->getDialect()) && !isa<AssertSizeOp>(op);
}

/// True for linalg ops whose loops are all parallel: norm-tile-and-fuse
/// recomputes them per tile, so they belong to the kernel of their consumer.
static bool isElementwiseLinalg(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.hasPureTensorSemantics() &&
         linalgOp.getNumLoops() == linalgOp.getNumParallelLoops();
}

/// True for the cheap, pure ops a kernel clones instead of taking as
/// arguments: scalar constants, `tensor.empty` and the index computations of sizes
/// (`tensor.dim`, arith on index). The originals stay while used outside.
static bool isClonedIntoKernel(Operation *op) {
  if (isa<tensor::EmptyOp, tensor::DimOp>(op))
    return true;
  // Scalar constants; a tensor constant (a model's weights) is an argument,
  // so that layers that differ only in their weights share a kernel.
  if (auto constant = dyn_cast<arith::ConstantOp>(op))
    return !isa<ShapedType>(constant.getType());
  return op->getNumRegions() == 0 && op->getNumResults() > 0 && isPure(op) &&
         llvm::all_of(op->getResultTypes(),
                      [](Type type) { return type.isIndex(); });
}

/// The values `op` uses from outside it: its operands and the values its
/// regions capture (a linalg.generic body may use a scalar of the caller).
static SmallVector<Value> getUsedValues(Operation *op) {
  SmallVector<Value> values(op->getOperands());
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(op->getRegions(), captured);
  values.append(captured.begin(), captured.end());
  return values;
}

namespace {
/// The ops of one kernel: those moved out of the caller (the norm op and the
/// elementwise producers used only by the kernel) and those cloned into it.
struct KernelOps {
  llvm::SetVector<Operation *> moved;
  llvm::SetVector<Operation *> cloned;

  bool contains(Operation *op) const {
    return moved.contains(op) || cloned.contains(op);
  }
  /// Every op of the kernel, in block order.
  SmallVector<Operation *> getOrdered() const {
    SmallVector<Operation *> ops(moved.begin(), moved.end());
    ops.append(cloned.begin(), cloned.end());
    llvm::sort(ops, [](Operation *a, Operation *b) {
      return a->isBeforeInBlock(b);
    });
    return ops;
  }
};
} // namespace

/// Whether a cloned op of `kernel` that stays in the caller (it has users
/// there) depends on a moved op, whose results the caller only gets from the
/// call, after it.
static bool clonedOriginalNeedsMovedValue(const KernelOps &kernel) {
  for (Operation *op : kernel.cloned) {
    if (llvm::all_of(op->getUsers(),
                     [&](Operation *user) { return kernel.contains(user); }))
      continue;
    SmallVector<Operation *> worklist{op};
    while (!worklist.empty()) {
      Operation *current = worklist.pop_back_val();
      for (Value operand : getUsedValues(current)) {
        Operation *def = operand.getDefiningOp();
        if (!def)
          continue;
        if (kernel.moved.contains(def))
          return true;
        if (kernel.cloned.contains(def))
          worklist.push_back(def);
      }
    }
  }
  return false;
}

/// The ops of `root`'s kernel: `root`, the elementwise linalg producers in
/// its block whose results only the kernel uses (transitively), and the
/// cheap ops they use that isClonedIntoKernel accepts.
static KernelOps collectKernelOps(Operation *root, bool withProducers) {
  KernelOps kernel;
  kernel.moved.insert(root);
  // Grow to a fixed point: a producer qualifies once all its users are in.
  bool changed = true;
  while (changed) {
    changed = false;
    SmallVector<Operation *> ops = kernel.getOrdered();
    for (Operation *op : ops)
      for (Value operand : getUsedValues(op)) {
        Operation *producer = operand.getDefiningOp();
        if (!producer || kernel.contains(producer) ||
            producer->getBlock() != root->getBlock())
          continue;
        if (isClonedIntoKernel(producer)) {
          changed |= kernel.cloned.insert(producer);
          continue;
        }
        if (!withProducers || !isElementwiseLinalg(producer) ||
            !llvm::all_of(producer->getUsers(), [&](Operation *user) {
              return kernel.contains(user);
            }))
          continue;
        changed |= kernel.moved.insert(producer);
      }
  }
  // A size read from a tensor that the kernel does not otherwise use is an
  // index argument: passing the tensor would make every kernel that needs a
  // model's batch size a user of the model's input.
  llvm::SmallPtrSet<Value, 8> usedTensors;
  for (Operation *op : kernel.getOrdered())
    if (!isa<tensor::DimOp>(op))
      for (Value value : getUsedValues(op))
        usedTensors.insert(value);
  kernel.cloned.remove_if([&](Operation *op) {
    auto dim = dyn_cast<tensor::DimOp>(op);
    if (!dim || usedTensors.contains(dim.getSource()))
      return false;
    Operation *source = dim.getSource().getDefiningOp();
    return !source || !kernel.contains(source);
  });
  return kernel;
}

/// A hash of `func`'s type and body that ignores locations and SSA names:
/// equal for kernels that OperationEquivalence finds equivalent.
static llvm::hash_code hashKernel(func::FuncOp func) {
  llvm::hash_code hash = hash_value(func.getFunctionType());
  func.getBody().walk([&](Operation *op) {
    hash = llvm::hash_combine(
        hash, OperationEquivalence::computeHash(
                  op, OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::IgnoreLocations));
  });
  return hash;
}

namespace {
/// Rewrites
///   %t = linalg.add ins(%a, %r) ...      // only used by the norm op
///   %y = norm.layer_norm %t ...
/// into
///   %y = func.call @main_layer_norm(%a, %r, ...)
/// in `@main`, with a private `@main_layer_norm` after it holding the add and the norm
/// op (constants and tensor.empty cloned in), and calls one kernel for all
/// norm ops whose kernels are equivalent up to locations.
struct NormOutlineKernelsPass
    : norm::impl::NormOutlineKernelsPassBase<NormOutlineKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbolTable(module);
    SmallVector<Operation *> roots;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (NormDialect::KernelAttrHelper(func->getContext()).isAttrPresent(func))
        continue;
      func.walk([&](Operation *op) {
        if (isKernelRoot(op))
          roots.push_back(op);
      });
    }
    // Kernels already made, by hash of their type and body.
    llvm::DenseMap<llvm::hash_code, SmallVector<func::FuncOp, 1>> kernelsByHash;
    for (auto func : module.getOps<func::FuncOp>())
      if (NormDialect::KernelAttrHelper(func->getContext()).isAttrPresent(func))
        kernelsByHash[hashKernel(func)].push_back(func);

    for (Operation *root : roots)
      outline(root, symbolTable, kernelsByHash);
    if (!linalgKernels)
      return;

    // The other linalg ops, consumers before their producers so that each
    // takes the elementwise producers only it uses.
    SmallVector<Operation *> linalgRoots;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (NormDialect::KernelAttrHelper(func->getContext()).isAttrPresent(func))
        continue;
      func.walk([&](linalg::LinalgOp op) {
        if (op.hasPureTensorSemantics() && op->getNumResults() > 0)
          linalgRoots.push_back(op);
      });
    }
    for (Operation *root : llvm::reverse(linalgRoots))
      if (!erased.contains(root))
        outline(root, symbolTable, kernelsByHash);
  }

private:
  /// The last kernel placed after each caller.
  llvm::DenseMap<Operation *, Operation *> lastKernelOf;
  /// The ops moved into kernels (erased from their callers).
  llvm::DenseSet<Operation *> erased;

  void outline(Operation *root, SymbolTable &symbolTable,
               llvm::DenseMap<llvm::hash_code, SmallVector<func::FuncOp, 1>>
                   &kernelsByHash) {
    KernelOps kernelOps = collectKernelOps(root, /*withProducers=*/true);
    if (clonedOriginalNeedsMovedValue(kernelOps))
      kernelOps = collectKernelOps(root, /*withProducers=*/false);
    SmallVector<Operation *> ops = kernelOps.getOrdered();

    // Arguments: the values the kernel's ops use from outside it, in
    // first-use order.
    llvm::SetVector<Value> arguments;
    for (Operation *op : ops)
      for (Value operand : getUsedValues(op)) {
        Operation *def = operand.getDefiningOp();
        if (!def || !kernelOps.contains(def))
          arguments.insert(operand);
      }
    // Results: the values of moved ops used outside the kernel.
    SmallVector<Value> results;
    for (Operation *op : kernelOps.moved)
      for (Value result : op->getResults())
        if (llvm::any_of(result.getUsers(), [&](Operation *user) {
              return !kernelOps.contains(user);
            }))
          results.push_back(result);

    Location loc = root->getLoc();
    auto module = cast<ModuleOp>(symbolTable.getOp());
    OpBuilder builder(module.getBodyRegion());
    builder.setInsertionPointToEnd(module.getBody());
    auto functionType = builder.getFunctionType(
        llvm::to_vector(llvm::map_range(arguments,
                                        [](Value v) { return v.getType(); })),
        llvm::to_vector(llvm::map_range(results,
                                        [](Value v) { return v.getType(); })));
    auto caller = root->getParentOfType<func::FuncOp>();
    std::string name =
        (caller.getSymName() + "_" + root->getName().stripDialect()).str();
    auto kernel = func::FuncOp::create(builder, loc, name, functionType);
    kernel.setPrivate();
    NormDialect::KernelAttrHelper(builder.getContext())
        .setAttr(kernel, builder.getUnitAttr());
    Block *body = kernel.addEntryBlock();
    IRMapping mapping;
    for (auto [argument, blockArgument] :
         llvm::zip_equal(arguments, body->getArguments()))
      mapping.map(argument, blockArgument);
    builder.setInsertionPointToStart(body);
    for (Operation *op : ops)
      builder.clone(*op, mapping);
    func::ReturnOp::create(
        builder, loc,
        llvm::to_vector(llvm::map_range(
            results, [&](Value v) { return mapping.lookup(v); })));

    // Reuse an equivalent kernel, or keep this one.
    func::FuncOp callee = kernel;
    SmallVector<func::FuncOp, 1> &candidates =
        kernelsByHash[hashKernel(kernel)];
    for (func::FuncOp existing : candidates)
      if (existing.getFunctionType() == kernel.getFunctionType() &&
          OperationEquivalence::isRegionEquivalentTo(
              &existing.getBody(), &kernel.getBody(),
              OperationEquivalence::IgnoreLocations)) {
        callee = existing;
        break;
      }
    if (callee == kernel) {
      // After the caller and its kernels made so far; renamed when the name
      // is taken.
      Operation *&last = lastKernelOf[caller];
      if (!last)
        last = caller;
      kernel->moveAfter(last);
      symbolTable.insert(kernel);
      last = kernel;
      candidates.push_back(kernel);
    } else {
      kernel.erase();
    }

    builder.setInsertionPoint(root);
    auto call = func::CallOp::create(builder, loc, callee,
                                     arguments.getArrayRef());
    for (auto [result, replacement] :
         llvm::zip_equal(results, call.getResults()))
      result.replaceUsesWithIf(replacement, [&](OpOperand &use) {
        return !kernelOps.moved.contains(use.getOwner());
      });
    // Moved ops go; cloned originals go once nothing uses them.
    for (Operation *op : llvm::reverse(ops))
      if (kernelOps.moved.contains(op) || op->use_empty()) {
        erased.insert(op);
        op->erase();
      }
  }
};
} // namespace
