//===- Sanitizers.h - Sanitizer instrumentation of JIT code -*- C++ -*-===//
//
// `norm-run --sanitize=address|thread`: instruments the LLVM module that the
// runner JIT-compiles with AddressSanitizer or ThreadSanitizer, whose runtime
// must already be in the process (the program built with the same
// -fsanitize=, e.g. -DNORM_SANITIZER=address).
//
//===----------------------------------------------------------------------===//

#ifndef NORM_RUNNER_SANITIZERS_H
#define NORM_RUNNER_SANITIZERS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
} // namespace llvm

namespace mlir::norm::runner {

/// The sanitizer the JIT-compiled code is instrumented for.
enum class JITSanitizer { None, Address, Thread };

/// Returns "address" or "thread" ("none" for None).
llvm::StringRef getJITSanitizerName(JITSanitizer sanitizer);

/// Fails unless the process (norm-run) was built with `sanitizer`'s runtime:
/// the instrumented code calls `__asan_*` / `__tsan_*`, which only that runtime
/// defines and which must be initialized before main.
llvm::Error checkJITSanitizerRuntime(JITSanitizer sanitizer);

/// Instruments `module` for `sanitizer` before it is optimized:
///  - every function with a body (the OpenMP-outlined `*..omp_par` bodies
///    included) gets `sanitize_address` / `sanitize_thread`;
///  - thread: masked loads/stores are scalarized first (TSan skips
///    intrinsics), and every load/store of a size TSan skips (not 1, 2, 4, 8
///    or 16 bytes: the 32-byte AVX2 / 64-byte AVX-512 vectors) is announced
///    with `__tsan_read_range` / `__tsan_write_range`;
///  - then AddressSanitizerPass (module constructor kept: the runner runs it
///    through ExecutionEngine::initialize; globals registered with
///    `__asan_register_globals`, no linker-defined sections) or
///    ModuleThreadSanitizerPass + ThreadSanitizerPass.
void instrumentForSanitizer(llvm::Module &module, JITSanitizer sanitizer);

} // namespace mlir::norm::runner

#endif // NORM_RUNNER_SANITIZERS_H
