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

#include "norm/Conversion/Passes.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"
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

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::norm;

bool mlir::norm::isGPUTargetROCDL(StringRef chip) {
  return chip.starts_with("gfx");
}

//===----------------------------------------------------------------------===//
// The pipeline
//===----------------------------------------------------------------------===//

/// Checks the options; reports the first problem.
static LogicalResult verifyOptions(const GPUPipelineOptions &options,
                                   std::string &error) {
  auto isPowerOf2 = [](int64_t v) { return v > 0 && llvm::isPowerOf2_64(v); };
  StringRef chip = options.chip;
  if (!chip.starts_with("sm_") && !chip.starts_with("gfx"))
    error = "chip must be an NVIDIA sm_XX or an AMD gfxXXX";
  else if (!options.target.empty() && options.target != "nvvm" &&
           options.target != "rocdl")
    error = "target must be nvvm or rocdl";
  else if (!isPowerOf2(options.threads) || options.threads > 1024)
    error = "threads must be a power of two in [1, 1024]";
  else if (options.rowsPerBlock != 0 &&
           (!isPowerOf2(options.rowsPerBlock) ||
            options.rowsPerBlock > options.threads))
    error = "rows-per-block must be 0 or a power of two dividing threads";
  else if (options.vectorWidth != 0 &&
           (!isPowerOf2(options.vectorWidth) || options.vectorWidth > 16))
    error = "vector-width must be 0 or a power of two in [1, 16]";
  else if (options.maxRowPerWarp < 0)
    error = "max-row-per-warp must be non-negative";
  else if (options.maxCachedVectors < 0 || options.maxCachedVectors > 64)
    error = "max-cached-vectors must be in [0, 64]";
  else if (options.maxRowPerBlock < 0)
    error = "max-row-per-block must be non-negative";
  else if (options.blocksPerRow < 0 || options.blocksPerRow > 65535)
    error = "blocks-per-row must be in [0, 65535]";
  else if (options.blocksPerChannel < 0 || options.blocksPerChannel > 65535)
    error = "blocks-per-channel must be in [0, 65535]";
  return failure(!error.empty());
}

void mlir::norm::buildGPUPipeline(OpPassManager &pm,
                                  const GPUPipelineOptions &options) {
  std::string error;
  if (failed(verifyOptions(options, error))) {
    NormReportInvalidPipelineOptionsPassOptions reportOptions;
    reportOptions.message = "norm-gpu-pipeline: " + error;
    pm.addPass(createNormReportInvalidPipelineOptionsPass(reportOptions));
    return;
  }
  bool rocdl = options.target.empty() ? isGPUTargetROCDL(options.chip)
                                      : options.target == "rocdl";

  // Size relations that involve dynamic sizes are checked by the host code
  // before each op.
  if (options.runtimeChecks)
    pm.addNestedPass<func::FuncOp>(createNormInsertRuntimeChecksPass());

  // Row norms -> hand-scheduled kernels; the other norm ops -> linalg.
  ConvertNormToGPUPassOptions rowOptions;
  rowOptions.threads = options.threads;
  rowOptions.rowsPerBlock = options.rowsPerBlock;
  rowOptions.vectorWidth = options.vectorWidth;
  rowOptions.maxRowPerWarp = options.maxRowPerWarp;
  rowOptions.maxCachedVectors = options.maxCachedVectors;
  rowOptions.maxRowPerBlock = options.maxRowPerBlock;
  rowOptions.blocksPerRow = options.blocksPerRow;
  rowOptions.warpSize = rocdl ? 64 : 32;
  rowOptions.blocksPerChannel = options.blocksPerChannel;
  pm.addNestedPass<func::FuncOp>(createConvertNormToGPUPass(rowOptions));
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
  NormMapParallelLoopsToGPUPassOptions mapOptions;
  mapOptions.threads = options.threads;
  pm.addNestedPass<func::FuncOp>(
      createNormMapParallelLoopsToGPUPass(mapOptions));
  pm.addNestedPass<func::FuncOp>(createConvertParallelLoopToGpuPass());
  pm.addNestedPass<func::FuncOp>(createNormHostBuffersToDevicePass());
  pm.addPass(createCanonicalizerPass());

  // Outline kernels; host-side GPU operations become stream-ordered.
  pm.addNestedPass<func::FuncOp>(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
  pm.addPass(createLowerAffinePass());
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
  PassPipelineRegistration<GPUPipelineOptions>(
      "norm-gpu-pipeline",
      "Lower a module of norm ops to host LLVM dialect that launches GPU "
      "kernels embedded as a gpu.binary (NVVM or ROCDL)",
      buildGPUPipeline);
}
