//===- GPUPipeline.cpp - norm-gpu-pipeline ------------------*- C++ -*-===//
//
// The pipeline that takes norm IR down to host LLVM dialect plus an embedded
// GPU binary (PTX, cubin or fatbin for NVIDIA; ISA or HSACO for AMD).
//
// layer_norm and rms_norm get hand-scheduled row kernels, batch_norm_train
// two deterministic per-channel chunk kernels and batch_norm one streaming
// kernel (convert-norm-to-gpu). group_norm and instance_norm (and ops those
// patterns decline) go through convert-norm-to-linalg and the
// parallel-loop-to-GPU mapping (norm-map-parallel-loops-to-gpu, then the
// upstream convert-parallel-loops-to-gpu).
//
// The host functions follow a device-resident convention: every memref they
// receive or allocate is device memory (norm-host-buffers-to-device turns host
// allocations and copies into gpu.alloc / gpu.memcpy).
//
//===----------------------------------------------------------------------===//

#include "norm/Pipelines/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/Transforms/OptimizeForNVVM.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::norm;

bool mlir::norm::isGPUTargetROCDL(StringRef chip) {
  return chip.starts_with("gfx");
}

bool mlir::norm::GPUPipelineOptions::isROCDL() const {
  return target.empty() ? isGPUTargetROCDL(chip) : target == "rocdl";
}

ConvertNormToGPUPassOptions
mlir::norm::GPUPipelineOptions::normToGPUOptions() const {
  ConvertNormToGPUPassOptions options;
  options.threads = threads;
  options.rowsPerBlock = rowsPerBlock;
  options.vectorWidth = vectorWidth;
  options.warpSize = isROCDL() ? 64 : 32;
  options.maxRowPerWarp = maxRowPerWarp;
  options.maxCachedVectors = maxCachedVectors;
  options.maxRowPerBlock = maxRowPerBlock;
  options.blocksPerRow = blocksPerRow;
  options.blocksPerChannel = blocksPerChannel;
  return options;
}

NormMapParallelLoopsToGPUPassOptions
mlir::norm::GPUPipelineOptions::mapParallelLoopsToGPUOptions() const {
  NormMapParallelLoopsToGPUPassOptions options;
  options.threads = threads;
  return options;
}

LogicalResult mlir::norm::verifyOptions(
    const GPUPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> reportError) {
  StringRef chip = options.chip;
  if (!chip.starts_with("sm_") && !chip.starts_with("gfx"))
    return reportError("'chip' must be an NVIDIA sm_XX or an AMD gfxXXX");
  if (!options.target.empty() && options.target != "nvvm" &&
      options.target != "rocdl")
    return reportError("'target' must be nvvm or rocdl");
  if (failed(verifyOptions(options.normToGPUOptions(), reportError)))
    return failure();
  return verifyOptions(options.mapParallelLoopsToGPUOptions(), reportError);
}

//===----------------------------------------------------------------------===//
// The pipeline
//===----------------------------------------------------------------------===//

void mlir::norm::buildGPUPipeline(OpPassManager &pm,
                                  const GPUPipelineOptions &options) {
  bool rocdl = options.isROCDL();

  // Decomposed normalizations become norm ops first.
  if (options.raise) {
    pm.addPass(createNormRaisePass());
    pm.addPass(createNormFoldBatchNormPass());
    pm.addPass(createNormFuseResidualPass());
  }
  // Size relations that involve dynamic sizes are checked by the host code
  // before each op.
  if (options.runtimeChecks)
    pm.addNestedPass<func::FuncOp>(createNormInsertRuntimeChecksPass());

  // Row norms -> hand-scheduled kernels; the other norm ops -> linalg.
  pm.addNestedPass<func::FuncOp>(
      createConvertNormToGPUPass(options.normToGPUOptions()));
  pm.addPass(createConvertNormToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Tensors -> buffers, function signatures included.
  // CSE may have merged a tile's tensor.empty with one before the parallel
  // loop: give the loop bodies their own again, or the threads would share
  // one buffer.
  pm.addPass(createNormPrivatizeEmptyTensorsPass());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  // No ownership-based deallocation: norm-host-buffers-to-device frees the
  // temporaries (see there).
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createNormLowerRuntimeChecksPass());
  pm.addPass(createCanonicalizerPass());

  // linalg -> parallel loops -> gpu.launch; host buffers on the device.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  pm.addNestedPass<func::FuncOp>(createNormMapParallelLoopsToGPUPass(
      options.mapParallelLoopsToGPUOptions()));
  pm.addNestedPass<func::FuncOp>(createConvertParallelLoopToGpuPass());
  pm.addNestedPass<func::FuncOp>(createNormHostBuffersToDevicePass());
  pm.addPass(createCanonicalizerPass());

  // Outline kernels; host-side GPU operations become stream-ordered.
  pm.addNestedPass<func::FuncOp>(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createNormLowerFunctionIfsPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());

  if (rocdl) {
    GpuROCDLAttachTargetOptions targetOptions;
    targetOptions.chip = options.chip;
    pm.addPass(createGpuROCDLAttachTarget(targetOptions));
  } else {
    GpuNVVMAttachTargetOptions targetOptions;
    targetOptions.chip = options.chip;
    // PTX 7.8 for bf16 conversions on sm_90; sm_80 is fine with it too.
    targetOptions.features = "+ptx80";
    pm.addPass(createGpuNVVMAttachTarget(targetOptions));
  }
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Device code -> NVVM / ROCDL.
  OpPassManager &gpuPm = pm.nest<gpu::GPUModuleOp>();
  gpuPm.addPass(createStripDebugInfoPass());
  if (rocdl) {
    ConvertGpuOpsToROCDLOpsOptions convertOptions;
    convertOptions.chipset = options.chip;
    convertOptions.runtime = gpu::amd::Runtime::HIP;
    gpuPm.addPass(createConvertGpuOpsToROCDLOps(convertOptions));
  } else {
    gpuPm.addPass(createConvertGpuOpsToNVVMOps());
    gpuPm.addPass(LLVM::createNVVMOptimizeForTargetPass());
  }
  gpuPm.addPass(createCanonicalizerPass());
  gpuPm.addPass(createCSEPass());
  gpuPm.addPass(createReconcileUnrealizedCastsPass());

  // Host code -> LLVM with runtime calls; device code -> binary.
  pm.addPass(createGpuToLLVMConversionPass());
  GpuModuleToBinaryPassOptions binaryOptions;
  binaryOptions.compilationTarget = options.format;
  // ptxas, fatbinary and libdevice (math.sqrt is __nv_sqrtf) come from here;
  // empty: $CUDA_ROOT, $CUDA_HOME, $CUDA_PATH, then PATH.
  binaryOptions.toolkitPath = options.toolkit;
  pm.addPass(createGpuModuleToBinaryPass(binaryOptions));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::norm::registerGPUPipeline() {
  registerPassPipeline(
      "norm-gpu-pipeline",
      "Lower a module of norm ops to host LLVM dialect that launches GPU "
      "kernels embedded as a gpu.binary (NVVM or ROCDL)",
      [](OpPassManager &pm, StringRef text,
         function_ref<LogicalResult(const Twine &)> errorHandler) {
        GPUPipelineOptions options;
        if (failed(options.parseFromString(text)))
          return failure();
        auto reportError = [&](const Twine &message) {
          return errorHandler("norm-gpu-pipeline: " + message);
        };
        if (failed(verifyOptions(options, reportError)))
          return failure();
        buildGPUPipeline(pm, options);
        return success();
      },
      [](function_ref<void(const detail::PassOptions &)> optionsHandler) {
        optionsHandler(GPUPipelineOptions());
      });
}
