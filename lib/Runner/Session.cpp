//===- Session.cpp - Compile a module and call one function -*- C++ -*-===//
//
// Reads the entry's signature, lowers with norm-cpu-pipeline, JIT-compiles
// for the host and calls through ExecutionEngine's packed wrapper with one
// expanded memref descriptor per argument.
//
//===----------------------------------------------------------------------===//

#include "norm/Runner/Session.h"
#include "JIT.h"

#include "norm/InitAll.h"
#include "norm/Pipelines/Pipelines.h"
#include "norm/Runner/ArrayIO.h"
#include "norm/Runner/Runtime.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/IR/Module.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

using namespace mlir;
using namespace mlir::norm::runner;
using llvm::Error;
using llvm::Expected;

/// Makes an error carrying `msg`.
static Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

void mlir::norm::runner::registerRunnerDialects(DialectRegistry &registry) {
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  norm::registerAllDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
}

//===----------------------------------------------------------------------===//
// Timing
//===----------------------------------------------------------------------===//

double Timing::getMinMilliseconds() const {
  return milliseconds.empty() ? 0 : milliseconds.front();
}

double Timing::getMedianMilliseconds() const {
  size_t n = milliseconds.size();
  if (n == 0)
    return 0;
  return n % 2 ? milliseconds[n / 2]
               : 0.5 * (milliseconds[n / 2 - 1] + milliseconds[n / 2]);
}

double Timing::getMeanMilliseconds() const {
  if (milliseconds.empty())
    return 0;
  double sum = 0;
  for (double ms : milliseconds)
    sum += ms;
  return sum / static_cast<double>(milliseconds.size());
}

double Timing::getMaxMilliseconds() const {
  return milliseconds.empty() ? 0 : milliseconds.back();
}

double Timing::getStddevMilliseconds() const {
  size_t n = milliseconds.size();
  if (n < 2)
    return 0;
  double mean = getMeanMilliseconds(), sum = 0;
  for (double ms : milliseconds)
    sum += (ms - mean) * (ms - mean);
  return std::sqrt(sum / static_cast<double>(n - 1));
}

double Timing::getGigabytesPerSecond(uint64_t bytes) const {
  double median = getMedianMilliseconds();
  return median > 0 ? static_cast<double>(bytes) / (median * 1e6) : 0;
}

//===----------------------------------------------------------------------===//
// Creation: the entry and its signature
//===----------------------------------------------------------------------===//

/// Reads the spec of each of `types`, the arguments or results (`what`) of
/// the function `name`.
static Error readSpecs(TypeRange types, StringRef what, StringRef name,
                       SmallVectorImpl<ShapedSpec> &specs) {
  for (auto [index, type] : llvm::enumerate(types)) {
    Expected<ShapedSpec> spec = ShapedSpec::get(type);
    if (!spec)
      return makeError(what + " " + llvm::Twine(index) + " of '" + name +
                       "': " + toString(spec.takeError()));
    specs.push_back(std::move(*spec));
  }
  return Error::success();
}

/// Finds the func.func `name` in `module` and reads its signature.
static Expected<func::FuncOp> lookupEntry(ModuleOp module, StringRef name,
                                          StringRef moduleName,
                                          Signature &signature) {
  Operation *symbol = SymbolTable::lookupSymbolIn(module, name);
  if (!symbol)
    return makeError("no function named '" + name + "' in '" + moduleName +
                     "'");
  auto func = dyn_cast<func::FuncOp>(symbol);
  if (!func) {
    if (isa<LLVM::LLVMFuncOp>(symbol))
      return makeError(
          "'" + name +
          "' is an llvm.func; norm-run needs the tensor/memref signature of a "
          "func.func, so pass the module before it is lowered to LLVM");
    return makeError("symbol '" + name + "' is a '" +
                     symbol->getName().getStringRef() + "', not a func.func");
  }
  if (func.isExternal())
    return makeError("function '" + name + "' is only a declaration");

  if (Error err = readSpecs(func.getArgumentTypes(), "argument", name,
                            signature.arguments))
    return std::move(err);
  if (Error err =
          readSpecs(func.getResultTypes(), "result", name, signature.results))
    return std::move(err);
  return func;
}

Session::Session(OwningOpRef<ModuleOp> module, func::FuncOp entry,
                 Signature signature, StringRef name)
    : module(std::move(module)), entry(entry), entryName(entry.getSymName()),
      name(name), signature(std::move(signature)) {}

Session::Session(Session &&) noexcept = default;
Session &Session::operator=(Session &&) noexcept = default;
Session::~Session() = default;

Expected<Session> Session::create(OwningOpRef<ModuleOp> module, StringRef entry,
                                  StringRef name) {
  if (!module)
    return makeError("no module to run for '" + name + "'");
  Signature signature;
  Expected<func::FuncOp> func = lookupEntry(*module, entry, name, signature);
  if (!func)
    return func.takeError();
  return Session(std::move(module), *func, std::move(signature), name);
}

Expected<Session> Session::parse(llvm::SourceMgr &sourceMgr,
                                 MLIRContext *context, StringRef entry,
                                 StringRef name) {
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(context));
  if (!module)
    return makeError("failed to parse or verify '" + name + "'");
  return create(std::move(module), entry, name);
}

Expected<Session> Session::parse(StringRef source, MLIRContext *context,
                                 StringRef entry, StringRef name) {
  // A NUL-terminated copy: MLIR's lexer reads the byte after the buffer.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source, name), llvm::SMLoc());
  return parse(sourceMgr, context, entry, name);
}

Expected<HostArray> Session::loadInput(unsigned index, StringRef text) const {
  if (index >= signature.arguments.size())
    return makeError("function '" + entryName + "' takes " +
                     llvm::Twine(signature.arguments.size()) +
                     " argument(s), so there is no input " +
                     llvm::Twine(index));
  return runner::loadInput(index, text, signature.arguments[index]);
}

//===----------------------------------------------------------------------===//
// Lowering and JIT
//===----------------------------------------------------------------------===//

/// Returns true if every op nested in `module` is in the LLVM dialect.
static bool isAllLLVMDialect(ModuleOp module) {
  bool allLLVM = true;
  module.walk([&](Operation *op) {
    if (op == module.getOperation())
      return WalkResult::advance();
    if (!isa_and_nonnull<LLVM::LLVMDialect>(op->getDialect())) {
      allLLVM = false;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return allLLVM;
}

/// Lowers the module to the LLVM dialect with norm-cpu-pipeline. The entry's
/// tensor arguments are marked non-writable first, so the compiled code never
/// writes into the caller's input buffers (repeated benchmark calls see the
/// same inputs).
Error Session::lowerToLLVM(const CompileOptions &options) {
  MLIRContext *context = module->getContext();
  for (auto [index, type] : llvm::enumerate(entry.getArgumentTypes()))
    if (isa<TensorType>(type))
      entry.setArgAttr(index,
                       bufferization::BufferizationDialect::kWritableAttrName,
                       BoolAttr::get(context, false));

  auto pm = PassManager::on<ModuleOp>(context);
  if (options.pipelineOptions) {
    norm::buildCPUPipeline(pm, *options.pipelineOptions);
  } else {
    norm::CPUPipelineOptions defaults;
    norm::buildCPUPipeline(pm, defaults);
  }
  if (options.configurePassManager)
    if (Error err = options.configurePassManager(pm))
      return err;
  if (failed(pm.run(*module)))
    return makeError("failed to lower '" + name +
                     "' to the LLVM dialect with norm-cpu-pipeline");
  return Error::success();
}

Error Session::compile(const CompileOptions &options) {
  if (isCompiled())
    return makeError("'" + name + "' is compiled already");
  if (Error err = checkJITSanitizerRuntime(options.sanitizer))
    return err;
  // Exact-size buffers, no reuse of freed blocks: an access past the end of
  // a buffer or after its free must hit a redzone or freed memory.
  if (options.sanitizer != JITSanitizer::None)
    setExactAllocation(true);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  if (!isAllLLVMDialect(*module))
    if (Error err = lowerToLLVM(options))
      return err;
  entry = nullptr;

  // The CPU that norm-cpu-pipeline compiled for (target-cpu,
  // target-features): the host by default.
  norm::CPUTarget cpu = options.pipelineOptions
                            ? options.pipelineOptions->target()
                            : norm::CPUPipelineOptions().target();
  Expected<std::unique_ptr<llvm::TargetMachine>> targetMachine =
      createJITTarget(cpu);
  if (!targetMachine)
    return makeError("cannot create a target machine for '" + cpu.cpu +
                     "': " + toString(targetMachine.takeError()));
  // The engine takes the TargetMachine; the transformer keeps a pointer to
  // it, which stays valid for the engine's lifetime.
  llvm::TargetMachine *target = targetMachine->get();
  // With a sanitizer, the module is instrumented first, then optimized.
  JITSanitizer sanitizer = options.sanitizer;
  auto transformer = [target, sanitizer](llvm::Module *llvmModule) -> Error {
    return transformForJIT(*llvmModule, target, sanitizer);
  };
  SmallVector<StringRef> libs(options.sharedLibs.begin(),
                              options.sharedLibs.end());
  // The OpenMP runtime that norm-cpu-pipeline's parallel tiles call into.
  libs.push_back(NORM_OPENMP_RUNTIME);
  // memrefCopy, which memref.copy between strided buffers calls.
  libs.push_back(NORM_C_RUNNER_UTILS);
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  engineOptions.sharedLibPaths = libs;
  Expected<std::unique_ptr<ExecutionEngine>> created = ExecutionEngine::create(
      *module, engineOptions, std::move(*targetMachine));
  if (!created)
    return makeError("failed to JIT-compile '" + name +
                     "': " + toString(created.takeError()));
  registerRuntimeSymbols(**created);
  // Runs llvm.global_ctors: the sanitizers' module constructors (ASan's
  // registers the redzones of the module's globals).
  if (sanitizer != JITSanitizer::None)
    (*created)->initialize();
  Expected<void (*)(void **)> packed = (*created)->lookupPacked(entryName);
  if (!packed)
    return makeError("failed to JIT-compile '" + entryName +
                     "': " + toString(packed.takeError()));
  engine = std::move(*created);
  function = *packed;
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Calls and results
//===----------------------------------------------------------------------===//

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define NORM_RUNNER_HAS_LSAN 1
#endif
#endif

/// Frees the buffers of tensor results: the pipeline returns them with
/// ownership, from malloc. Buffers aliasing an input or freed already are
/// skipped. Memref results are left alone: hand-written memref code may
/// return globals or views.
static void freeResults(ArrayRef<MemRefDescriptor> results,
                        const Signature &signature,
                        ArrayRef<HostArray> inputs) {
  llvm::DenseSet<void *> skip;
  for (const HostArray &array : inputs)
    skip.insert(const_cast<uint8_t *>(array.getData()));
  for (auto [result, spec] : llvm::zip_equal(results, signature.results)) {
#if NORM_RUNNER_HAS_LSAN
    // Not ours to free, so not a leak (LeakSanitizer builds).
    if (!spec.isTensor && result.allocated)
      __lsan_ignore_object(result.allocated);
#endif
    if (!spec.isTensor || !result.allocated)
      continue;
    if (skip.insert(result.allocated).second)
      deallocate(result.allocated);
  }
}

/// Copies the results into host arrays, checking them against the signature.
static Expected<SmallVector<HostArray>>
copyResults(ArrayRef<MemRefDescriptor> results, const Signature &signature) {
  SmallVector<HostArray> arrays;
  for (auto [index, result, spec] :
       llvm::enumerate(results, signature.results)) {
    std::string reason = spec.checkShape(result.sizes);
    if (llvm::any_of(result.sizes, [](int64_t size) { return size < 0; }))
      reason = "negative size";
    if (!reason.empty())
      return makeError("result " + llvm::Twine(index) + " of type " +
                       spec.typeString + " came back as " +
                       formatShape(result.sizes) + " (" + reason + ")");
    arrays.push_back(result.copyToHost(spec.kind));
  }
  return arrays;
}

/// Packs `inputs` as the arguments of a call with `signature`'s results.
static PackedCall packCall(MutableArrayRef<HostArray> inputs,
                           const Signature &signature) {
  PackedCall packed;
  for (HostArray &array : inputs)
    packed.addArgument(array);
  SmallVector<unsigned> resultRanks;
  for (const ShapedSpec &spec : signature.results)
    resultRanks.push_back(spec.shape.size());
  packed.setResultRanks(resultRanks);
  return packed;
}

Error Session::checkInputs(ArrayRef<HostArray> inputs) const {
  if (!isCompiled())
    return makeError("'" + name + "' is not compiled yet");
  if (inputs.size() != signature.arguments.size())
    return makeError("function '" + entryName + "' takes " +
                     llvm::Twine(signature.arguments.size()) +
                     " argument(s) but " + llvm::Twine(inputs.size()) +
                     " input(s) were given");
  for (auto [index, array, spec] : llvm::enumerate(inputs, signature.arguments))
    if (Error err = checkInput(index, spec, array))
      return err;
  return Error::success();
}

Expected<SmallVector<HostArray>>
Session::call(MutableArrayRef<HostArray> inputs) {
  if (Error err = checkInputs(inputs))
    return std::move(err);
  PackedCall packed = packCall(inputs, signature);
  SmallVector<void *> pointers = packed.getPointers();
  function(pointers.data());
  SmallVector<MemRefDescriptor> results = packed.readResults();
  Expected<SmallVector<HostArray>> arrays = copyResults(results, signature);
  freeResults(results, signature, inputs);
  return arrays;
}

Expected<Timing> Session::benchmark(MutableArrayRef<HostArray> inputs,
                                    unsigned repetitions) {
  if (Error err = checkInputs(inputs))
    return std::move(err);
  if (repetitions == 0)
    return makeError("a benchmark needs at least 1 repetition");
  using Clock = std::chrono::steady_clock;
  PackedCall packed = packCall(inputs, signature);
  Timing timing;
  timing.milliseconds.reserve(repetitions);
  timing.cpuMilliseconds.reserve(repetitions);
  for (unsigned rep = 0; rep < repetitions; ++rep) {
    SmallVector<void *> pointers = packed.getPointers();
    std::clock_t cpuStart = std::clock();
    Clock::time_point start = Clock::now();
    function(pointers.data());
    Clock::time_point end = Clock::now();
    std::clock_t cpuEnd = std::clock();
    timing.milliseconds.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
    timing.cpuMilliseconds.push_back(1000.0 *
                                     static_cast<double>(cpuEnd - cpuStart) /
                                     CLOCKS_PER_SEC);
    freeResults(packed.readResults(), signature, inputs);
  }
  llvm::sort(timing.milliseconds);
  llvm::sort(timing.cpuMilliseconds);
  return timing;
}
