//===- CPUPipeline.cpp - norm-cpu-pipeline ------------------*- C++ -*-===//
//
// The pipeline that takes norm IR (mixed with ordinary tensor-level ops) down
// to the LLVM dialect for the host CPU.
//
//===----------------------------------------------------------------------===//

#include "Registration.h"
#include "norm/Pipelines/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::norm;

CPUTarget mlir::norm::CPUPipelineOptions::target() const {
  llvm::Expected<CPUTarget> resolved =
      resolveCPUTarget(targetCPU, targetFeatures);
  if (resolved)
    return std::move(*resolved);
  llvm::consumeError(resolved.takeError());
  return cantFail(resolveCPUTarget("", ""));
}

NormTileAndFusePassOptions
mlir::norm::CPUPipelineOptions::tileAndFuseOptions() const {
  NormTileAndFusePassOptions options;
  options.rowTileSize = rowTileSize;
  options.rowTileBytes = rowTileBytes;
  options.channelTileSize = channelTileSize;
  options.channelTileElements = channelTileElements;
  // The small-run tiling only feeds the vector kernels.
  if (vectorize)
    options.smallRunElements = smallRunElements;
  // Kernels that run their instances in parallel themselves stay whole.
  options.tileParallelKernels = !vectorize;
  return options;
}

ConvertNormToVectorPassOptions
mlir::norm::CPUPipelineOptions::normToVectorOptions() const {
  ConvertNormToVectorPassOptions options;
  CPUTarget cpu = target();
  options.vectorWidth =
      vectorWidth > 0 ? int64_t(vectorWidth) : cpu.vectorWidth;
  options.nativeBF16 = cpu.nativeBF16;
  options.unroll = unroll;
  options.streamStores = nontemporalStores;
  options.streamMinBytes = nontemporalMinBytes;
  options.streamMinBytesPerPass = nontemporalMinBytesPerPass;
  options.blockElements = blockElements;
  options.gradientTiles = gradientTiles;
  options.smallRunElements = smallRunElements;
  options.shortRowElements = shortRowElements;
  options.shortRowGroup = shortRowGroup;
  options.shortRowMaxBytes = shortRowMaxBytes;
  options.prefetchMaxBytes = prefetchMaxBytes;
  return options;
}

ConvertNormToLinalgPassOptions
mlir::norm::CPUPipelineOptions::normToLinalgOptions() const {
  ConvertNormToLinalgPassOptions options;
  options.reassociateSums = reassociateSums;
  return options;
}

LogicalResult mlir::norm::verifyOptions(
    const CPUPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> reportError) {
  if (options.vectorWidth < 0)
    return reportError("'vector-width' must be positive or 0 (the host's)");
  if (options.numThreads < 0)
    return reportError(
        "'num-threads' must be positive or 0 (OpenMP's default)");
  if (options.nontemporalMinBytes < 0)
    return reportError(
        "'nontemporal-min-bytes' must be positive or 0 (any size)");
  if (options.nontemporalMinBytesPerPass < 0)
    return reportError(
        "'nontemporal-min-bytes-per-pass' must be positive or 0 (always)");
  if (llvm::Expected<CPUTarget> cpu =
          resolveCPUTarget(options.targetCPU, options.targetFeatures);
      !cpu)
    return reportError(llvm::toString(cpu.takeError()));
  // The passes' options, also of the passes that `tile` or `vectorize` leave
  // out: an invalid value is an error whatever else is set.
  if (failed(verifyOptions(options.tileAndFuseOptions(), reportError)))
    return failure();
  return verifyOptions(options.normToVectorOptions(), reportError);
}

/// A func.func pipeline for norm-on-kernels, filled by `build`.
static OpPassManager
buildKernelPipeline(llvm::function_ref<void(OpPassManager &)> build) {
  OpPassManager kernelPm(func::FuncOp::getOperationName());
  build(kernelPm);
  return kernelPm;
}

void mlir::norm::buildCPUPipeline(OpPassManager &pm,
                                  const CPUPipelineOptions &options) {
  // Raise, TOSA -> linalg, fold, fuse, run-time checks (FrontEnd.cpp).
  buildFrontEndPipeline(pm, options);
  // Each norm op becomes a kernel function, tiled, vectorized and bufferized
  // on its own; identical ops share one. So does every other linalg op, so
  // that no function grows with the model.
  if (options.outlineKernels) {
    NormOutlineKernelsPassOptions outlineOptions;
    outlineOptions.linalgKernels = true;
    pm.addPass(createNormOutlineKernelsPass(outlineOptions));
  }
  // The vector kernels of the batch norms stream each channel's contiguous
  // elements after the channel as one dim: merge those dims before tiling
  // (a tile's slice could not be merged without a copy).
  if (options.vectorize)
    pm.addNestedPass<func::FuncOp>(createNormFlattenBatchNormPass());
  // Tile norm ops into independent scf.forall tiles, then decompose each tile
  // into linalg on tensors.
  if (options.tile)
    pm.addNestedPass<func::FuncOp>(
        createNormTileAndFusePass(options.tileAndFuseOptions()));
  // Row norms over their last dim and batch norms (one dim after the
  // channel, or the channel last) become vector loops; the rest (and
  // everything with vectorize=false) goes through linalg.
  if (options.vectorize)
    pm.addPass(createConvertNormToVectorPass(options.normToVectorOptions()));
  pm.addPass(createConvertNormToLinalgPass(options.normToLinalgOptions()));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Tensors -> buffers, function signatures included, with identity layouts
  // so that callers pass plain strided descriptors.
  // Tiles write their results straight into the slices of the output.
  // CSE may have merged a tile's tensor.empty with one before the parallel
  // loop: give the loop bodies their own again, or the threads would share
  // one buffer.
  pm.addPass(createNormPrivatizeEmptyTensorsPass());
  // With kernels, the analyses that grow faster than the function they look
  // at run on each kernel alone, not on a caller holding a whole model.
  if (options.outlineKernels)
    pm.addPass(createNormOnKernelsPass(
        buildKernelPipeline([](OpPassManager &kernelPm) {
          kernelPm.addPass(bufferization::createEmptyTensorEliminationPass());
        })));
  else
    pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  if (options.outlineKernels) {
    // buildBufferDeallocationPipeline, with the simplification of the
    // deallocations (alias queries between every pair of buffers of a
    // function) per kernel; the caller's deallocations are lowered as they
    // are (each frees its buffer, or compares pointers at run time).
    memref::ExpandReallocPassOptions expandReallocOptions;
    expandReallocOptions.emitDeallocs = false;
    pm.addPass(memref::createExpandReallocPass(expandReallocOptions));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(bufferization::createOwnershipBasedBufferDeallocationPass());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createNormFreeBuffersAfterLastUsePass());
    pm.addPass(createNormOnKernelsPass(
        buildKernelPipeline([](OpPassManager &kernelPm) {
          kernelPm.addPass(
              bufferization::createBufferDeallocationSimplificationPass());
        })));
    pm.addPass(bufferization::createLowerDeallocationsPass());
    pm.addPass(createCSEPass());
    pm.addPass(createCanonicalizerPass());
  } else {
    bufferization::buildBufferDeallocationPipeline(pm);
  }
  // Lowers the bufferization.clone that deallocation inserts for results
  // that alias arguments or constants.
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createNormLowerRuntimeChecksPass());

  if (options.vectorize && options.nontemporalStores)
    pm.addPass(createNormStreamStoresPass());

  // Tiles -> serial loops or OpenMP worksharing loops.
  bool useOpenMP = options.numThreads != 1;
  if (useOpenMP) {
    pm.addNestedPass<func::FuncOp>(createForallToParallelLoopPass());
    ConvertSCFToOpenMPPassOptions openMPOptions;
    openMPOptions.numThreads = options.numThreads;
    pm.addPass(createConvertSCFToOpenMPPass(openMPOptions));
    // The alloca scopes of the parallel bodies hold no allocas and must be
    // gone before the loops inside become multi-block CFGs.
    pm.addPass(createNormInlineAllocaScopesPass());
  } else {
    pm.addNestedPass<func::FuncOp>(createForallToForLoopPass());
  }

  // linalg -> loops -> LLVM.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // A model's function is then a list of calls and frees: LLVM gains
  // nothing from optimizing it and pays more than linearly for it.
  if (options.outlineKernels)
    pm.addPass(createNormOptimizeNoneCallersPass());
  pm.addPass(createNormLowerFunctionIfsPass());
  pm.addPass(createSCFToControlFlowPass());
  // f32 -> bf16 roundings: kept for LLVM to select the hardware conversion
  // (vcvtneps2bf16) where the target has one, else integer arithmetic.
  bool nativeBF16 = options.target().nativeBF16;
  if (!nativeBF16)
    pm.addPass(createNormExpandBF16TruncationPass());
  arith::ArithExpandOpsPassOptions expandOptions;
  expandOptions.includeBf16 = !nativeBF16;
  pm.addPass(arith::createArithExpandOpsPass(expandOptions));
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  // What LLVM has no intrinsic for (math.erf of GELU, math.tanh, ...) calls
  // the C library (erff, tanhf, ...), which the JIT resolves in the process.
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  // aligned_alloc keeps the allocation's noalias provenance visible to LLVM
  // (malloc plus manual alignment would hide it behind integer arithmetic),
  // so the accumulators of the reductions are promoted to registers and the
  // loops vectorize.
  FinalizeMemRefToLLVMConversionPassOptions memrefOptions;
  memrefOptions.useAlignedAlloc = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefOptions));
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (useOpenMP)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createNormStoreHalfFloatsAsIntegersPass());
  pm.addPass(createCanonicalizerPass());
}

LogicalResult mlir::norm::checkAndBuildCPUPipeline(
    OpPassManager &pm, const CPUPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> reportError) {
  if (failed(verifyOptions(options, reportError)))
    return failure();
  buildCPUPipeline(pm, options);
  return success();
}

void mlir::norm::registerCPUPipeline() {
  registerCheckedPipeline<CPUPipelineOptions>(
      "norm-cpu-pipeline",
      "Lower a module of norm ops (mixed with linalg/tensor/arith/math ops) to "
      "the LLVM dialect for the host CPU",
      checkAndBuildCPUPipeline);
}
