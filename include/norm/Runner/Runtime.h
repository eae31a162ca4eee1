//===- Runtime.h - Symbols provided to JIT-compiled code ----*- C++ -*-===//
//
// Functions the runner defines for the code it JIT-compiles, beyond what the
// process (libc, libm) already exports.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_RUNNER_RUNTIME_H
#define NORM_RUNNER_RUNTIME_H

#include <cstddef>

namespace mlir {
class ExecutionEngine;
namespace norm::runner {

/// Registers the half-precision conversion builtins (`__truncsfbf2`,
/// `__truncdfbf2`, `__truncsfhf2`, `__truncdfhf2`, `__extendhfsf2`) that LLVM
/// calls when the host CPU has no instruction for a conversion, e.g. for
/// arithmetic directly on bf16 values. They are compiler-rt builtins that
/// neither libc nor libgcc_s reliably export. Must run before the first
/// lookup.
///
/// Also routes `abort` (a failed run-time check, whose message the compiled
/// code has printed) to the one exit policy of this library: it prints
/// "norm-run: error: the compiled code stopped at a failed run-time check
/// (message above)" to stderr and ends the process with exit code 1 (no exit
/// handlers run: the compiled code may have stopped halfway). And routes the
/// heap of the compiled code (`aligned_alloc`, `malloc`, `free`) through
/// `allocate`/`deallocate` below.
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

/// With `exact` (a JIT sanitizer: norm-run --sanitize), `allocate` returns
/// blocks of exactly the requested size (no rounding up to the alignment) and
/// never reuses a freed block, so that the sanitizer sees every overflow and
/// every use after free. Call before the first `allocate`.
void setExactAllocation(bool exact);

} // namespace norm::runner
} // namespace mlir

#endif // NORM_RUNNER_RUNTIME_H
