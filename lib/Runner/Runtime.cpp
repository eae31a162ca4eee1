//===- Runtime.cpp - Symbols provided to JIT-compiled code --*- C++ -*-===//
//
// Round-to-nearest-even conversions to and from the 16-bit float formats,
// with the calling convention of the compiler-rt builtins they stand in for
// (the 16-bit values travel in floating-point registers).
//
//===----------------------------------------------------------------------===//

#include "norm/Runner/Runtime.h"

#include "norm/Runner/Buffers.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "llvm/ADT/APFloat.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>

using namespace mlir;

#if defined(__x86_64__) || defined(__aarch64__)
#define NORM_RUNNER_HAS_16BIT_FLOATS 1

/// Converts `value` of `from` semantics to the 16-bit `to` semantics with
/// round-to-nearest-even and returns the bits.
static uint16_t convertTo16Bits(const llvm::APFloat &value,
                                const llvm::fltSemantics &to) {
  llvm::APFloat converted = value;
  bool losesInfo;
  converted.convert(to, llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  return static_cast<uint16_t>(converted.bitcastToAPInt().getZExtValue());
}

template <typename T> static T fromBits(uint16_t bits) {
  T result;
  std::memcpy(&result, &bits, sizeof(bits));
  return result;
}

static __bf16 truncSFBF2(float value) {
  return fromBits<__bf16>(norm::runner::roundFloatToBF16(value));
}

// Not instrumented by ASan: with it, clang-22 -O2 keeps the result as a
// float and rounds it with a call to __truncsfbf2, which the host's libgcc
// (Debian 12) does not provide, so the sanitized norm-run failed to link.
__attribute__((no_sanitize("address"))) static __bf16 truncDFBF2(double value) {
  return fromBits<__bf16>(
      convertTo16Bits(llvm::APFloat(value), llvm::APFloat::BFloat()));
}

static _Float16 truncSFHF2(float value) {
  return fromBits<_Float16>(
      convertTo16Bits(llvm::APFloat(value), llvm::APFloat::IEEEhalf()));
}

static _Float16 truncDFHF2(double value) {
  return fromBits<_Float16>(
      convertTo16Bits(llvm::APFloat(value), llvm::APFloat::IEEEhalf()));
}

static float extendHFSF2(_Float16 value) {
  uint16_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  llvm::APFloat converted(llvm::APFloat::IEEEhalf(), llvm::APInt(16, bits));
  bool losesInfo;
  converted.convert(llvm::APFloat::IEEEsingle(),
                    llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  return converted.convertToFloat();
}
#endif

namespace {
/// Large blocks, live and cached, of the compiled code's heap.
struct LargeBlocks {
  std::mutex mutex;
  /// Live large blocks and their sizes.
  std::unordered_map<void *, size_t> live;
  /// Freed large blocks by size, ready for reuse.
  std::unordered_multimap<size_t, void *> cached;
};
} // namespace

static constexpr size_t kLargeBlock = size_t(1) << 20;

static LargeBlocks &getLargeBlocks() {
  static LargeBlocks *blocks = new LargeBlocks();
  return *blocks;
}

static size_t roundUp(size_t size, size_t alignment) {
  return (size + alignment - 1) / alignment * alignment;
}

static bool exactAllocation = false;

void mlir::norm::runner::setExactAllocation(bool exact) {
  exactAllocation = exact;
}

void *mlir::norm::runner::allocate(size_t alignment, size_t size) {
  alignment = std::max<size_t>(alignment, alignof(std::max_align_t));
  if (exactAllocation) {
    // posix_memalign, unlike aligned_alloc, takes any size; the sanitizers'
    // allocators then poison everything after the last requested byte.
    void *block = nullptr;
    if (posix_memalign(&block, alignment, std::max<size_t>(size, 1)))
      return nullptr;
    return block;
  }
  size = roundUp(std::max<size_t>(size, 1), alignment);
  if (size < kLargeBlock)
    return std::aligned_alloc(alignment, size);
  LargeBlocks &blocks = getLargeBlocks();
  std::lock_guard<std::mutex> lock(blocks.mutex);
  auto [begin, end] = blocks.cached.equal_range(size);
  for (auto it = begin; it != end; ++it) {
    void *block = it->second;
    if (reinterpret_cast<uintptr_t>(block) % alignment != 0)
      continue;
    blocks.cached.erase(it);
    blocks.live[block] = size;
    return block;
  }
  void *block = std::aligned_alloc(std::max<size_t>(alignment, 64), size);
  if (block)
    blocks.live[block] = size;
  return block;
}

void mlir::norm::runner::deallocate(void *pointer) {
  if (!pointer)
    return;
  LargeBlocks &blocks = getLargeBlocks();
  {
    std::lock_guard<std::mutex> lock(blocks.mutex);
    auto it = blocks.live.find(pointer);
    if (it != blocks.live.end()) {
      blocks.cached.emplace(it->second, pointer);
      blocks.live.erase(it);
      return;
    }
  }
  std::free(pointer);
}

static void *jitAlignedAlloc(size_t alignment, size_t size) {
  return mlir::norm::runner::allocate(alignment, size);
}
static void *jitMalloc(size_t size) {
  return mlir::norm::runner::allocate(alignof(std::max_align_t), size);
}
static void jitFree(void *pointer) { mlir::norm::runner::deallocate(pointer); }

/// `abort` of the compiled code: a failed run-time check (norm.assert_size,
/// cf.assert) has printed its message; end with norm-run's error exit code
/// instead of SIGABRT and a core dump. _Exit runs no exit handlers: the
/// compiled code may have stopped halfway through a computation.
[[noreturn]] static void jitAbort() {
  std::fflush(stdout);
  std::fputs("norm-run: error: the compiled code stopped at a failed "
             "run-time check (message above)\n",
             stderr);
  std::fflush(stderr);
  std::_Exit(1);
}

void mlir::norm::runner::registerRuntimeSymbols(ExecutionEngine &engine) {
  engine.registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    auto add = [&](llvm::StringRef name, auto *function) {
      symbols[interner(name)] = llvm::orc::ExecutorSymbolDef::fromPtr(
          function, llvm::JITSymbolFlags::Exported);
    };
    add("aligned_alloc", &jitAlignedAlloc);
    add("malloc", &jitMalloc);
    add("free", &jitFree);
    add("abort", &jitAbort);
#ifdef NORM_RUNNER_HAS_16BIT_FLOATS
    add("__truncsfbf2", &truncSFBF2);
    add("__truncdfbf2", &truncDFBF2);
    add("__truncsfhf2", &truncSFHF2);
    add("__truncdfhf2", &truncDFHF2);
    add("__extendhfsf2", &extendHFSF2);
#endif
    return symbols;
  });
}
