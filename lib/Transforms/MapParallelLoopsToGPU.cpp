//===- MapParallelLoopsToGPU.cpp - parallel loops to GPU -*- C++ -*-===//
//
// Tiles the outermost parallel loops left by convert-linalg-to-parallel-loops
// by the block size and maps them to GPU blocks and threads, ready for
// convert-parallel-loops-to-gpu.
//
//===----------------------------------------------------------------------===//

#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMMAPPARALLELLOOPSTOGPUPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

LogicalResult mlir::norm::verifyOptions(
    const NormMapParallelLoopsToGPUPassOptions &options,
    function_ref<LogicalResult(const Twine &)> reportError) {
  if (options.threads <= 0)
    return reportError("'threads' must be positive");
  return success();
}

namespace {
/// Tiles every outermost scf.parallel outside kernels by [1, ..., 1, threads]
/// and maps it: the tile loop's innermost dims to blocks x, y, z (the others
/// run sequentially), the innermost dim of the intra-tile loop to threads x.
struct NormMapParallelLoopsToGPUPass
    : norm::impl::NormMapParallelLoopsToGPUPassBase<
          NormMapParallelLoopsToGPUPass> {
  using Base::Base;

  void runOnOperation() override {
    NormMapParallelLoopsToGPUPassOptions options;
    options.threads = threads;
    auto reportError = [&](const Twine &message) -> LogicalResult {
      return getOperation().emitError("norm-map-parallel-loops-to-gpu: ")
             << message;
    };
    if (failed(verifyOptions(options, reportError)))
      return signalPassFailure();
    SmallVector<scf::ParallelOp> loops;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>() &&
          !loop->getParentOfType<gpu::LaunchOp>())
        loops.push_back(loop);
    });
    MLIRContext *context = &getContext();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(1, context);
    auto mapping = [&](gpu::Processor processor) {
      return gpu::ParallelLoopDimMappingAttr::get(context, processor, identity,
                                                  identity);
    };
    for (scf::ParallelOp loop : loops) {
      int64_t rank = loop.getNumLoops();
      SmallVector<int64_t> tileSizes(rank, 1);
      tileSizes.back() = threads;
      auto [outer, inner] =
          scf::tileParallelLoop(loop, tileSizes, /*noMinMaxBounds=*/true);
      SmallVector<gpu::ParallelLoopDimMappingAttr> outerMapping, innerMapping;
      const gpu::Processor blocks[] = {gpu::Processor::BlockX,
                                       gpu::Processor::BlockY,
                                       gpu::Processor::BlockZ};
      for (int64_t dim = 0; dim < rank; ++dim) {
        int64_t fromInnermost = rank - 1 - dim;
        outerMapping.push_back(mapping(fromInnermost < 3
                                           ? blocks[fromInnermost]
                                           : gpu::Processor::Sequential));
        innerMapping.push_back(mapping(fromInnermost == 0
                                           ? gpu::Processor::ThreadX
                                           : gpu::Processor::Sequential));
      }
      if (failed(gpu::setMappingAttr(outer, outerMapping)) ||
          failed(gpu::setMappingAttr(inner, innerMapping)))
        return signalPassFailure();
    }
  }
};
} // namespace
