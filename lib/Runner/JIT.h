//===- JIT.h - The LLVM side of norm-run's JIT ---------------*- C++ -*-===//
//
// Internal to lib/Runner: the target machine Session::compile JIT-compiles
// for, and what it does to the LLVM module before code generation (JIT.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef LIB_RUNNER_JIT_H
#define LIB_RUNNER_JIT_H

#include "norm/Pipelines/CPUTarget.h"
#include "norm/Runner/Sanitizers.h"

#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>

namespace llvm {
class Module;
} // namespace llvm

namespace mlir::norm::runner {

/// Creates a TargetMachine for `cpu` (the host CPU with all its features by
/// default, so that e.g. f16 and bf16 conversions use the native
/// instructions).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createJITTarget(const norm::CPUTarget &cpu);

/// ExecutionEngine's transformer: instruments `module` for `sanitizer`, then
/// runs -O3 for `target` without touching the `optnone` entries of models
/// (their packed wrappers are rebuilt after it), and puts every call of an
/// `optnone` function in a block of its own.
llvm::Error transformForJIT(llvm::Module &module, llvm::TargetMachine *target,
                            JITSanitizer sanitizer);

} // namespace mlir::norm::runner

#endif // LIB_RUNNER_JIT_H
