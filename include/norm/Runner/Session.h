//===- Session.h - Compile a module and call one function ---*- C++ -*-===//
//
// The engine of norm-run as a library. A Session holds one module and one of
// its func.func, the entry: it reads the entry's tensor/memref signature,
// lowers the module with norm-cpu-pipeline, JIT-compiles it at -O3 for the
// host CPU and its features, and calls the entry on host arrays through
// ExecutionEngine's packed wrapper, once or timed repeatedly:
//
//   DialectRegistry registry;
//   norm::runner::registerRunnerDialects(registry);
//   MLIRContext context(registry);
//   auto session = norm::runner::Session::parse(source, &context, "main");
//   if (!session) ... toString(session.takeError()) ...
//   if (llvm::Error err = session->compile()) ...
//   auto x = norm::runner::parseInlineArray("2x4xf32=1 2 3 4 5 6 7 8");
//   auto results = session->call(*x);
//
// Every failure is returned as an llvm::Error whose message says what went
// wrong, in norm-run's words; diagnostics of the parser, the verifier and the
// passes go to the context's diagnostic handler. The one exception is a
// failed run-time check inside the compiled code (see registerRuntimeSymbols
// in Runtime.h): it ends the process with exit code 1.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_RUNNER_SESSION_H
#define NORM_RUNNER_SESSION_H

#include "norm/Runner/Buffers.h"
#include "norm/Runner/Sanitizers.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
class DialectRegistry;
class ExecutionEngine;
class MLIRContext;
class PassManager;
namespace norm {
struct CPUPipelineOptions;
} // namespace norm
} // namespace mlir

namespace mlir::norm::runner {

/// Registers what the modules a Session compiles may contain: every upstream
/// dialect and extension, the norm dialect, and the translations of the
/// builtin, LLVM and OpenMP dialects to LLVM IR.
void registerRunnerDialects(DialectRegistry &registry);

/// The entry function's signature, read before lowering.
struct Signature {
  llvm::SmallVector<ShapedSpec> arguments;
  llvm::SmallVector<ShapedSpec> results;
};

/// How Session::compile lowers and JIT-compiles a module.
struct CompileOptions {
  /// The options of norm-cpu-pipeline; its defaults when null. Only read
  /// during compile.
  const norm::CPUPipelineOptions *pipelineOptions = nullptr;
  /// Instruments the compiled code with a sanitizer whose runtime must be in
  /// the process. Also makes the compiled code's allocator exact for the
  /// whole process (setExactAllocation in Runtime.h).
  JITSanitizer sanitizer = JITSanitizer::None;
  /// Shared libraries the compiled code may call into, in addition to the
  /// OpenMP runtime and mlir_c_runner_utils, which are always loaded.
  std::vector<std::string> sharedLibs;
  /// Called with the pass manager that lowers the module, after the
  /// pipeline is added and before it runs (to apply MLIR's command-line pass
  /// manager options, to print the pipeline, ...); an error stops compile.
  /// Not called for a module that is all LLVM dialect already.
  std::function<llvm::Error(PassManager &)> configurePassManager;
};

/// The times of Session::benchmark's calls.
struct Timing {
  /// Milliseconds of each call (wall clock), in increasing order.
  llvm::SmallVector<double> milliseconds;
  /// Milliseconds of CPU time the process spent in each call (all its
  /// threads), in increasing order.
  llvm::SmallVector<double> cpuMilliseconds;

  double getMinMilliseconds() const;
  double getMedianMilliseconds() const;
  double getMeanMilliseconds() const;
  double getMaxMilliseconds() const;
  /// The sample standard deviation (0 for fewer than 2 calls).
  double getStddevMilliseconds() const;
  /// The bandwidth of moving `bytes` per call in the median time, in GB/s
  /// (0 when the median is 0).
  double getGigabytesPerSecond(uint64_t bytes) const;
};

/// One module and its entry function, compiled for the host CPU and ready to
/// call. Movable, not copyable.
class Session {
public:
  /// Takes `module` and reads the signature of its func.func `entry`: every
  /// argument and result must be a ranked tensor or an identity-layout memref
  /// of f16, bf16, f32, f64, i32 or i64. `name` names the module in messages
  /// (a file name).
  static llvm::Expected<Session> create(OwningOpRef<ModuleOp> module,
                                        llvm::StringRef entry,
                                        llvm::StringRef name);

  /// Parses and verifies the main buffer of `sourceMgr` in `context`, then
  /// as create.
  static llvm::Expected<Session> parse(llvm::SourceMgr &sourceMgr,
                                       MLIRContext *context,
                                       llvm::StringRef entry,
                                       llvm::StringRef name);

  /// Parses and verifies `source` (copied first) in `context`, then as
  /// create.
  static llvm::Expected<Session> parse(llvm::StringRef source,
                                       MLIRContext *context,
                                       llvm::StringRef entry,
                                       llvm::StringRef name = "<string>");

  Session(Session &&) noexcept;
  Session &operator=(Session &&) noexcept;
  ~Session();

  /// The module: as given before compile, in the LLVM dialect after.
  ModuleOp getModule() const { return *module; }
  llvm::StringRef getEntryName() const { return entryName; }
  const Signature &getSignature() const { return signature; }
  bool isCompiled() const { return function != nullptr; }

  /// Reads input `index` from `@FILE.npy` or inline `SHAPExTYPE=VALUES`
  /// text and checks it against argument `index` (loadInput in ArrayIO.h).
  llvm::Expected<HostArray> loadInput(unsigned index,
                                      llvm::StringRef text) const;

  /// Lowers the module to the LLVM dialect with norm-cpu-pipeline (unless it
  /// is all LLVM dialect already), JIT-compiles it and looks up the entry.
  /// The entry's tensor arguments are marked non-writable first, so the
  /// compiled code never writes into the caller's input arrays. Once only.
  llvm::Error compile(const CompileOptions &options = {});

  /// Calls the compiled entry on `inputs`, one per argument, and returns the
  /// results as host arrays. The buffers of tensor results are freed; those
  /// of memref results are not (hand-written memref code may return globals
  /// or views).
  llvm::Expected<llvm::SmallVector<HostArray>>
  call(llvm::MutableArrayRef<HostArray> inputs);

  /// Times `repetitions` (at least 1) calls on `inputs`, discarding their
  /// results. The caller makes a warm-up call first if it wants one.
  llvm::Expected<Timing> benchmark(llvm::MutableArrayRef<HostArray> inputs,
                                   unsigned repetitions);

private:
  Session(OwningOpRef<ModuleOp> module, func::FuncOp entry, Signature signature,
          llvm::StringRef name);

  llvm::Error lowerToLLVM(const CompileOptions &options);
  llvm::Error checkInputs(llvm::ArrayRef<HostArray> inputs) const;

  OwningOpRef<ModuleOp> module;
  /// The entry func.func until the module is lowered.
  func::FuncOp entry;
  std::string entryName;
  std::string name;
  Signature signature;
  std::unique_ptr<ExecutionEngine> engine;
  void (*function)(void **) = nullptr;
};

} // namespace mlir::norm::runner

#endif // NORM_RUNNER_SESSION_H
