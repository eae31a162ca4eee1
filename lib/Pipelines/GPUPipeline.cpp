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

#include "Registration.h"
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
#include "mlir/Target/LLVM/ROCDL/Utils.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/xxhash.h"

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
  return getNormToGPUOptions(*this, isROCDL() ? 64 : 32);
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
// The AMD linker
//===----------------------------------------------------------------------===//

/// Makes an error carrying `msg`.
static llvm::Error makeError(const Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// True when `dir` is a ROCm-layout toolkit: `dir/llvm/bin/ld.lld` runs.
static bool hasROCmLinker(StringRef dir) {
  if (dir.empty())
    return false;
  SmallString<256> lld(dir);
  llvm::sys::path::append(lld, "llvm", "bin", "ld.lld");
  return llvm::sys::fs::can_execute(lld);
}

/// Returns a ROCm-layout directory whose llvm/bin/ld.lld is `lld`: the
/// directory three levels up when `lld` already sits in one, else a
/// directory in the user's cache ($XDG_CACHE_HOME or ~/.cache) holding a
/// symbolic link to `lld`.
static llvm::Expected<std::string> getROCmLayoutFor(StringRef lld) {
  SmallString<256> real;
  if (llvm::sys::fs::real_path(lld, real))
    real = lld;
  StringRef bin = llvm::sys::path::parent_path(lld);
  StringRef llvmDir = llvm::sys::path::parent_path(bin);
  if (llvm::sys::path::filename(lld) == "ld.lld" &&
      llvm::sys::path::filename(bin) == "bin" &&
      llvm::sys::path::filename(llvmDir) == "llvm")
    return llvm::sys::path::parent_path(llvmDir).str();

  SmallString<256> toolkit;
  if (!llvm::sys::path::cache_directory(toolkit))
    return makeError("no cache directory ($XDG_CACHE_HOME or ~/.cache) for "
                     "the ROCm layout around '" +
                     lld + "'");
  // One directory per linker, so that two linkers never share a link.
  llvm::sys::path::append(
      toolkit, "norm-mlir",
      "rocm-lld-" + llvm::utohexstr(llvm::xxh3_64bits(StringRef(real))));
  SmallString<256> bin2(toolkit);
  llvm::sys::path::append(bin2, "llvm", "bin");
  SmallString<256> link(bin2);
  llvm::sys::path::append(link, "ld.lld");
  if (hasROCmLinker(toolkit))
    return toolkit.str().str();
  if (std::error_code error = llvm::sys::fs::create_directories(bin2))
    return makeError("cannot create '" + bin2 + "': " + error.message());
  (void)llvm::sys::fs::remove(link);
  if (std::error_code error = llvm::sys::fs::create_link(real, link))
    return makeError("cannot link '" + link + "' to '" + real +
                     "': " + error.message());
  return toolkit.str().str();
}

/// Finds an ld.lld on the machine: the one CMake found when norm-mlir was
/// configured, Debian's ld.lld-22, then any ld.lld on PATH or in LLVM's
/// tools directory.
static std::optional<std::string> findLinker() {
#ifdef NORM_LD_LLD
  if (llvm::sys::fs::can_execute(NORM_LD_LLD))
    return std::string(NORM_LD_LLD);
#endif
  SmallVector<StringRef> paths;
#ifdef NORM_LLVM_TOOLS_DIR
  paths.push_back(NORM_LLVM_TOOLS_DIR);
#endif
  for (StringRef name : {"ld.lld-22", "ld.lld"}) {
    if (llvm::ErrorOr<std::string> found = llvm::sys::findProgramByName(name))
      return *found;
    if (llvm::ErrorOr<std::string> found =
            llvm::sys::findProgramByName(name, paths))
      return *found;
  }
  return std::nullopt;
}

bool mlir::norm::GPUPipelineOptions::needsLinker() const {
  StringRef kind = format;
  return isROCDL() && kind != "isa" && kind != "assembly" && kind != "llvm" &&
         kind != "offloading" && kind != "offload";
}

llvm::Expected<std::string>
mlir::norm::findGPUToolkit(const GPUPipelineOptions &options) {
  if (!options.toolkit.empty() || !options.needsLinker())
    return options.toolkit;
  // The linker named by the environment, and only it.
  if (std::optional<std::string> lld =
          llvm::sys::Process::GetEnv("NORM_LD_LLD")) {
    if (!llvm::sys::fs::can_execute(*lld))
      return makeError("NORM_LD_LLD='" + *lld +
                       "' is not an executable ld.lld");
    return getROCmLayoutFor(*lld);
  }
  // A ROCm install: $ROCM_PATH, $ROCM_ROOT, $ROCM_HOME or the one MLIR was
  // built with; gpu-module-to-binary finds it itself.
  if (hasROCmLinker(ROCDL::getROCMPath()))
    return std::string();
#ifdef NORM_ROCM_LLD_TOOLKIT
  // The ROCm layout that CMake made in the build directory.
  if (hasROCmLinker(NORM_ROCM_LLD_TOOLKIT))
    return std::string(NORM_ROCM_LLD_TOOLKIT);
#endif
  if (std::optional<std::string> lld = findLinker())
    return getROCmLayoutFor(*lld);
  return makeError(
      "chip=" + options.chip + " format=" + options.format +
      " links the AMDGPU code object with ld.lld, and none was found: "
      "install lld (Debian: lld-22), set ROCM_PATH to a ROCm install, set "
      "NORM_LD_LLD to an ld.lld, or pass toolkit=<dir with llvm/bin/ld.lld> "
      "(or format=isa for AMDGCN text)");
}

//===----------------------------------------------------------------------===//
// The pipeline
//===----------------------------------------------------------------------===//

void mlir::norm::buildGPUPipeline(OpPassManager &pm,
                                  const GPUPipelineOptions &options) {
  bool rocdl = options.isROCDL();

  // Raise, TOSA -> linalg, fold, fuse, run-time checks (FrontEnd.cpp), as
  // on the CPU.
  buildFrontEndPipeline(pm, options);

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
  // For AMD, ld.lld is found as findGPUToolkit says (the registered pipeline
  // reports it when there is none).
  binaryOptions.toolkitPath = options.toolkit;
  if (options.toolkit.empty()) {
    if (llvm::Expected<std::string> toolkit = findGPUToolkit(options))
      binaryOptions.toolkitPath = *toolkit;
    else
      llvm::consumeError(toolkit.takeError());
  }
  pm.addPass(createGpuModuleToBinaryPass(binaryOptions));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

LogicalResult mlir::norm::checkAndBuildGPUPipeline(
    OpPassManager &pm, GPUPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> reportError) {
  if (failed(verifyOptions(options, reportError)))
    return failure();
  llvm::Expected<std::string> toolkit = findGPUToolkit(options);
  if (!toolkit)
    return reportError(toString(toolkit.takeError()));
  options.toolkit = *toolkit;
  buildGPUPipeline(pm, options);
  return success();
}

void mlir::norm::registerGPUPipeline() {
  registerCheckedPipeline<GPUPipelineOptions>(
      "norm-gpu-pipeline",
      "Lower a module of norm ops to host LLVM dialect that launches GPU "
      "kernels embedded as a gpu.binary (NVVM or ROCDL)",
      checkAndBuildGPUPipeline);
}
