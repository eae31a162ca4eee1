//===- Runtime.h - Symbols provided to JIT-compiled code ----*- C++ -*-===//
//
// Functions norm-run defines for the code it JIT-compiles, beyond what the
// process (libc, libm) already exports.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_TOOLS_NORM_RUN_RUNTIME_H
#define NORM_TOOLS_NORM_RUN_RUNTIME_H

#include <cstddef>

namespace mlir {
class ExecutionEngine;
namespace norm::run {

/// Registers the half-precision conversion builtins (`__truncsfbf2`,
/// `__truncdfbf2`, `__truncsfhf2`, `__truncdfhf2`, `__extendhfsf2`) that LLVM
/// calls when the host CPU has no instruction for a conversion, e.g. for
/// arithmetic directly on bf16 values. They are compiler-rt builtins that
/// neither libc nor libgcc_s reliably export. Must run before the first
/// lookup.
///
/// Also routes `abort` (a failed run-time check) to an exit with code 1,
/// and the heap of the compiled code (`aligned_alloc`, `malloc`,
/// `free`) through `allocate`/`deallocate` below.
void registerRuntimeSymbols(ExecutionEngine &engine);

/// The allocator of the compiled code. Blocks of 1 MiB and more that are
/// freed are kept and handed out again for the next request of the same size,
/// so repeated calls (benchmark repetitions) reuse memory that is already
/// mapped instead of page-faulting on fresh mmap'd memory at every call (what
/// callers of oneDNN get by reusing their destination buffers). Smaller
/// blocks go straight to libc. Thread-safe.
void *allocate(size_t alignment, size_t size);
/// Frees a block from `allocate` (or from libc, which it passes on).
void deallocate(void *pointer);

/// With `exact` (norm-run --sanitize), `allocate` returns blocks of exactly
/// the requested size (no rounding up to the alignment) and never reuses a
/// freed block, so that the sanitizer sees every overflow and every use after
/// free. Call before the first `allocate`.
void setExactAllocation(bool exact);

} // namespace norm::run
} // namespace mlir

#endif // NORM_TOOLS_NORM_RUN_RUNTIME_H
