//===- HostBuffersToDevice.cpp - norm-host-buffers-to-device -*- C++ -*-===//
//
// The device-resident convention of norm-gpu-pipeline: host functions only
// handle device memory, so their allocations, frees and copies become the
// gpu dialect's.
//
//===----------------------------------------------------------------------===//

#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMHOSTBUFFERSTODEVICEPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// True when `buffer`, or a view of it, is returned by its function.
static bool escapesThroughReturn(Value buffer) {
  SmallVector<Value> worklist = {buffer};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (Operation *user : value.getUsers()) {
      if (isa<func::ReturnOp>(user))
        return true;
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == value)
          llvm::append_range(worklist, user->getResults());
      if (isa<memref::CastOp>(user))
        llvm::append_range(worklist, user->getResults());
    }
  }
  return false;
}

namespace {
/// Host code only handles device memory: rewrites memref.alloc/dealloc/copy
/// outside kernels into gpu.alloc/dealloc/memcpy, and frees every device
/// buffer that is not returned at the end of its block. Host code is
/// straight-line (loops live in kernels), and gpu-async-region later orders
/// the frees after the kernels on the stream. This stands for the ownership
/// based deallocation, which rejects the effect-less gpu.barrier of kernels.
struct NormHostBuffersToDevicePass
    : norm::impl::NormHostBuffersToDevicePassBase<NormHostBuffersToDevicePass> {
  using Base::Base;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<memref::AllocOp, memref::DeallocOp, memref::CopyOp>(op) &&
          !op->getParentOfType<gpu::LaunchOp>())
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      rewriter.setInsertionPoint(op);
      Location loc = op->getLoc();
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        if (!alloc.getSymbolOperands().empty()) {
          alloc.emitError("cannot allocate a memref with symbols on the GPU");
          return signalPassFailure();
        }
        auto gpuAlloc = gpu::AllocOp::create(
            rewriter, loc, alloc.getType(), /*asyncToken=*/Type(),
            /*asyncDependencies=*/ValueRange(), alloc.getDynamicSizes(),
            /*symbolOperands=*/ValueRange(), /*hostShared=*/false);
        rewriter.replaceOp(alloc, gpuAlloc.getMemref());
        if (escapesThroughReturn(gpuAlloc.getMemref()))
          continue;
        rewriter.setInsertionPoint(gpuAlloc->getBlock()->getTerminator());
        gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(),
                               ValueRange(), gpuAlloc.getMemref());
      } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
        gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(),
                               ValueRange(), dealloc.getMemref());
        rewriter.eraseOp(dealloc);
      } else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
        gpu::MemcpyOp::create(rewriter, loc, /*asyncToken=*/Type(),
                              ValueRange(), copy.getTarget(), copy.getSource());
        rewriter.eraseOp(copy);
      }
    }
  }
};
} // namespace
