//===- CudaRuntime.cpp - CUDA driver runtime for norm-gpu-pipeline -*- C++ -*-===//
//
// The entry points that the host code of `norm-gpu-pipeline` (upstream
// gpu-to-llvm) calls, implemented over the CUDA driver API:
// module load/unload, kernel lookup and launch, streams, events, device
// memory. Every call runs in the primary context of the current device, the
// context the CUDA runtime (and so PyTorch) uses too, so that device pointers
// can be shared with it.
//
// Two additions for drivers: normCudaSetStream() makes the compiled code run
// on a stream of the caller (e.g. PyTorch's current stream) instead of the
// stream it creates, synchronizes and destroys around each call (the caller
// then synchronizes that stream itself); normCudaGetLastError()
// reports the first failure since the last query (every failure is also
// printed to stderr).
//
//===----------------------------------------------------------------------===//

#include <cuda.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>

#define NORM_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

thread_local int32_t currentDevice = 0;
thread_local CUstream borrowedStream = nullptr;
thread_local bool hasBorrowedStream = false;
thread_local CUresult lastError = CUDA_SUCCESS;

/// Prints a failing driver call and remembers the first failure.
void check(CUresult result, const char *what) {
  if (result == CUDA_SUCCESS)
    return;
  const char *name = nullptr;
  cuGetErrorName(result, &name);
  std::fprintf(stderr, "norm_cuda_runtime: %s failed: %s (%d)\n", what,
               name ? name : "<unknown error>", static_cast<int>(result));
  if (lastError == CUDA_SUCCESS)
    lastError = result;
}

#define NORM_CHECK(expr) check((expr), #expr)

/// The retained primary context of `device` (retained once per device).
CUcontext getPrimaryContext(int32_t device) {
  static CUcontext contexts[64] = {};
  if (device < 0 || device >= 64)
    return nullptr;
  if (!contexts[device]) {
    NORM_CHECK(cuInit(0));
    CUdevice handle;
    NORM_CHECK(cuDeviceGet(&handle, device));
    NORM_CHECK(cuDevicePrimaryCtxRetain(&contexts[device], handle));
  }
  return contexts[device];
}

/// Makes the primary context current for the lifetime of the object.
class ContextScope {
public:
  ContextScope() { NORM_CHECK(cuCtxPushCurrent(getPrimaryContext(currentDevice))); }
  ~ContextScope() { NORM_CHECK(cuCtxPopCurrent(nullptr)); }
  ContextScope(const ContextScope &) = delete;
  ContextScope &operator=(const ContextScope &) = delete;
};

} // namespace

//===----------------------------------------------------------------------===//
// Driver-facing extras
//===----------------------------------------------------------------------===//

/// Selects the device of later calls on this thread.
NORM_EXPORT void mgpuSetDefaultDevice(int32_t device) { currentDevice = device; }

/// Runs later compiled calls on this thread on `stream` (not owned); pass
/// nullptr to use the legacy default stream. normCudaResetStream() goes back
/// to a fresh stream per call.
NORM_EXPORT void normCudaSetStream(CUstream stream) {
  borrowedStream = stream;
  hasBorrowedStream = true;
}
NORM_EXPORT void normCudaResetStream() {
  borrowedStream = nullptr;
  hasBorrowedStream = false;
}

/// The first CUresult that failed since the last call (0: none), cleared.
NORM_EXPORT int32_t normCudaGetLastError() {
  CUresult result = lastError;
  lastError = CUDA_SUCCESS;
  return static_cast<int32_t>(result);
}

//===----------------------------------------------------------------------===//
// Modules and kernels
//===----------------------------------------------------------------------===//

/// Loads a cubin, fatbin or PTX image (PTX is JIT-compiled by the driver).
NORM_EXPORT CUmodule mgpuModuleLoad(void *data, size_t /*size*/) {
  ContextScope scope;
  CUmodule module = nullptr;
  NORM_CHECK(cuModuleLoadData(&module, data));
  return module;
}

/// Loads PTX with an explicit JIT optimization level.
NORM_EXPORT CUmodule mgpuModuleLoadJIT(void *data, int optLevel) {
  ContextScope scope;
  CUmodule module = nullptr;
  char log[4096] = {};
  CUjit_option options[] = {CU_JIT_OPTIMIZATION_LEVEL, CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(optLevel)),
                    log, reinterpret_cast<void *>(sizeof(log))};
  CUresult result = cuModuleLoadDataEx(&module, data, 3, options, values);
  if (result != CUDA_SUCCESS && log[0])
    std::fprintf(stderr, "norm_cuda_runtime: PTX JIT log:\n%s\n", log);
  check(result, "cuModuleLoadDataEx");
  return module;
}

/// Called by the module destructor of the host code, at exit. By then the
/// driver may have torn down the context and its modules (e.g. after
/// PyTorch's exit handlers): that is not an error, so nothing is reported.
NORM_EXPORT void mgpuModuleUnload(CUmodule module) {
  CUresult pushed = cuCtxPushCurrent(getPrimaryContext(currentDevice));
  if (pushed == CUDA_ERROR_DEINITIALIZED)
    return;
  check(pushed, "cuCtxPushCurrent");
  NORM_CHECK(cuModuleUnload(module));
  NORM_CHECK(cuCtxPopCurrent(nullptr));
}

NORM_EXPORT CUfunction mgpuModuleGetFunction(CUmodule module,
                                             const char *name) {
  ContextScope scope;
  CUfunction function = nullptr;
  NORM_CHECK(cuModuleGetFunction(&function, module, name));
  return function;
}

/// Grid and block sizes come as intptr_t (MLIR's index).
NORM_EXPORT void mgpuLaunchKernel(CUfunction function, intptr_t gridX,
                                  intptr_t gridY, intptr_t gridZ,
                                  intptr_t blockX, intptr_t blockY,
                                  intptr_t blockZ, int32_t sharedMemBytes,
                                  CUstream stream, void **params,
                                  void **extra, size_t /*paramsCount*/) {
  ContextScope scope;
  // An empty grid (e.g. zero rows) launches nothing.
  if (gridX == 0 || gridY == 0 || gridZ == 0)
    return;
  NORM_CHECK(cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY,
                            blockZ, sharedMemBytes, stream, params, extra));
}

//===----------------------------------------------------------------------===//
// Streams and events
//===----------------------------------------------------------------------===//

NORM_EXPORT CUstream mgpuStreamCreate() {
  if (hasBorrowedStream)
    return borrowedStream;
  ContextScope scope;
  CUstream stream = nullptr;
  NORM_CHECK(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING));
  return stream;
}

NORM_EXPORT void mgpuStreamDestroy(CUstream stream) {
  if (hasBorrowedStream && stream == borrowedStream)
    return;
  ContextScope scope;
  NORM_CHECK(cuStreamDestroy(stream));
}

/// On a borrowed stream the caller owns the ordering: everything the compiled
/// code does is stream-ordered on it (launches, cuMemAllocAsync/FreeAsync,
/// copies), so its final synchronization is skipped and calls can be queued
/// back to back (as PyTorch's own ops are).
NORM_EXPORT void mgpuStreamSynchronize(CUstream stream) {
  if (hasBorrowedStream && stream == borrowedStream)
    return;
  ContextScope scope;
  NORM_CHECK(cuStreamSynchronize(stream));
}

NORM_EXPORT void mgpuStreamWaitEvent(CUstream stream, CUevent event) {
  ContextScope scope;
  NORM_CHECK(cuStreamWaitEvent(stream, event, 0));
}

NORM_EXPORT CUevent mgpuEventCreate() {
  ContextScope scope;
  CUevent event = nullptr;
  NORM_CHECK(cuEventCreate(&event, CU_EVENT_DISABLE_TIMING));
  return event;
}

NORM_EXPORT void mgpuEventDestroy(CUevent event) {
  ContextScope scope;
  NORM_CHECK(cuEventDestroy(event));
}

NORM_EXPORT void mgpuEventSynchronize(CUevent event) {
  ContextScope scope;
  NORM_CHECK(cuEventSynchronize(event));
}

NORM_EXPORT void mgpuEventRecord(CUevent event, CUstream stream) {
  ContextScope scope;
  NORM_CHECK(cuEventRecord(event, stream));
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

/// Device memory (managed memory when `isHostShared`), stream-ordered when
/// the driver supports it.
NORM_EXPORT void *mgpuMemAlloc(uint64_t sizeBytes, CUstream stream,
                               bool isHostShared) {
  ContextScope scope;
  CUdeviceptr pointer = 0;
  if (sizeBytes == 0)
    return nullptr;
  if (isHostShared)
    NORM_CHECK(cuMemAllocManaged(&pointer, sizeBytes, CU_MEM_ATTACH_GLOBAL));
  else if (stream)
    NORM_CHECK(cuMemAllocAsync(&pointer, sizeBytes, stream));
  else
    NORM_CHECK(cuMemAlloc(&pointer, sizeBytes));
  return reinterpret_cast<void *>(pointer);
}

NORM_EXPORT void mgpuMemFree(void *pointer, CUstream stream) {
  if (!pointer)
    return;
  ContextScope scope;
  if (stream)
    NORM_CHECK(cuMemFreeAsync(reinterpret_cast<CUdeviceptr>(pointer), stream));
  else
    NORM_CHECK(cuMemFree(reinterpret_cast<CUdeviceptr>(pointer)));
}

NORM_EXPORT void mgpuMemcpy(void *dst, void *src, size_t sizeBytes,
                            CUstream stream) {
  ContextScope scope;
  NORM_CHECK(cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                           reinterpret_cast<CUdeviceptr>(src), sizeBytes,
                           stream));
}

NORM_EXPORT void mgpuMemset32(void *dst, unsigned int value, size_t count,
                              CUstream stream) {
  ContextScope scope;
  NORM_CHECK(cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(dst), value, count,
                              stream));
}

NORM_EXPORT void mgpuMemset16(void *dst, unsigned short value, size_t count,
                              CUstream stream) {
  ContextScope scope;
  NORM_CHECK(cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(dst), value, count,
                              stream));
}
