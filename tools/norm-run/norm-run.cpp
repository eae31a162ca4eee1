//===- norm-run.cpp - JIT runner and benchmark driver -------*- C++ -*-===//
//
// Runs one function of an MLIR module on the host CPU, in the spirit of
// iree-run-module:
//
//   norm-run model.mlir --function=main --input=@x.npy --input="4xf32=1 2 3 4"
//            --output=@y.npy [--benchmark-repetitions=N] [--print-pipeline]
//            [--sanitize=address|thread]
//
// The driver reads the tensor/memref signature of the func.func, lowers the
// module with norm-cpu-pipeline (unless it is already all LLVM dialect),
// JIT-compiles it at -O3 for the host CPU and its features, calls it through
// ExecutionEngine's packed wrapper with one expanded memref descriptor per
// argument, and writes or prints the results.
//
//===----------------------------------------------------------------------===//

#include "Buffers.h"
#include "Npy.h"
#include "Runtime.h"
#include "Sanitizers.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "norm/InitAll.h"
#include "norm/Pipelines/Pipelines.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace mlir::norm::run;
using llvm::Error;
using llvm::Expected;

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

static llvm::cl::opt<std::string> inputFilename(llvm::cl::Positional,
                                                llvm::cl::desc("<model.mlir>"),
                                                llvm::cl::init("-"));

static llvm::cl::opt<std::string>
    functionName("function", llvm::cl::desc("Name of the func.func to run"),
                 llvm::cl::init("main"));

static llvm::cl::list<std::string>
    inputs("input",
           llvm::cl::desc("One per argument, in order: @FILE.npy or an inline "
                          "SHAPExTYPE=VALUES such as \"2x3xf32=1 2 3 4 5 6\""));

static llvm::cl::list<std::string> outputs(
    "output",
    llvm::cl::desc("One per result, in order: @FILE.npy writes the result, "
                   "- prints it; results without --output are printed"));

static llvm::cl::opt<unsigned> benchmarkRepetitions(
    "benchmark-repetitions",
    llvm::cl::desc("After one warm-up call, time N calls and print the min "
                   "and median time and the effective bandwidth"),
    llvm::cl::init(0));

static llvm::cl::opt<bool> printPipeline(
    "print-pipeline",
    llvm::cl::desc("Print the lowering pass pipeline before running it"),
    llvm::cl::init(false));

static llvm::cl::opt<std::string>
    pipelineOptions("pipeline-options",
                    llvm::cl::desc("Options of norm-cpu-pipeline, e.g. "
                                   "\"num-threads=1 row-tile-size=16\""),
                    llvm::cl::init(""));

static llvm::cl::opt<JITSanitizer> sanitize(
    "sanitize",
    llvm::cl::desc("Instrument the JIT-compiled code with a sanitizer whose "
                   "runtime norm-run was built with (-DNORM_SANITIZER=...)"),
    llvm::cl::values(
        clEnumValN(JITSanitizer::None, "none", "no instrumentation (default)"),
        clEnumValN(JITSanitizer::Address, "address",
                   "AddressSanitizer: out-of-bounds and use-after-free "
                   "accesses of the kernels"),
        clEnumValN(JITSanitizer::Thread, "thread",
                   "ThreadSanitizer: data races between the OpenMP threads "
                   "of the kernels")),
    llvm::cl::init(JITSanitizer::None));

static llvm::cl::list<std::string> sharedLibs(
    "shared-libs",
    llvm::cl::desc("Shared libraries the JIT-compiled code may call into "
                   "(e.g. an OpenMP runtime)"),
    llvm::cl::CommaSeparated);

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Makes an error carrying `msg`; main prefixes it with "norm-run: error: ".
static Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// The .npy dtype that carries elements of `kind` (raw bits for bf16).
static NpyDType getNpyDTypeFor(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return NpyDType::F2;
  case ElementKind::BF16:
    return NpyDType::U2;
  case ElementKind::F32:
    return NpyDType::F4;
  case ElementKind::F64:
    return NpyDType::F8;
  case ElementKind::I32:
    return NpyDType::I4;
  case ElementKind::I64:
    return NpyDType::I8;
  }
  llvm_unreachable("unknown ElementKind");
}

/// Formats a concrete shape as "3x4" ("()" for rank 0).
static std::string formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "()";
  std::string result;
  llvm::raw_string_ostream os(result);
  llvm::interleave(shape, os, "x");
  return result;
}

//===----------------------------------------------------------------------===//
// Signature and inputs
//===----------------------------------------------------------------------===//

/// The entry function's signature, read before lowering.
struct Signature {
  SmallVector<ShapedSpec> arguments;
  SmallVector<ShapedSpec> results;
};

/// Finds the func.func `name` in `module` and reads its signature.
static Expected<func::FuncOp> lookupEntry(ModuleOp module, StringRef name,
                                          Signature &signature) {
  Operation *symbol = SymbolTable::lookupSymbolIn(module, name);
  if (!symbol)
    return makeError("no function named '" + name + "' in '" + inputFilename +
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

  for (auto [index, type] : llvm::enumerate(func.getArgumentTypes())) {
    Expected<ShapedSpec> spec = ShapedSpec::get(type);
    if (!spec)
      return makeError("argument " + llvm::Twine(index) + " of '" + name +
                       "': " + toString(spec.takeError()));
    signature.arguments.push_back(std::move(*spec));
  }
  for (auto [index, type] : llvm::enumerate(func.getResultTypes())) {
    Expected<ShapedSpec> spec = ShapedSpec::get(type);
    if (!spec)
      return makeError("result " + llvm::Twine(index) + " of '" + name +
                       "': " + toString(spec.takeError()));
    signature.results.push_back(std::move(*spec));
  }
  return func;
}

/// Checks that the shape of input `index` fits argument `index`.
static Error checkInputShape(unsigned index, const ShapedSpec &spec,
                             ArrayRef<int64_t> shape, ElementKind kind) {
  std::string reason = spec.checkShape(shape);
  if (reason.empty())
    return Error::success();
  return makeError("argument " + llvm::Twine(index) + " has type " +
                   spec.typeString + " but input " + llvm::Twine(index) +
                   " is " + formatShapedType(shape, kind) + " (" + reason +
                   ")");
}

/// Loads input `index` from the .npy file `path` for an argument of `spec`.
/// A bf16 argument takes raw bf16 bits ('<u2') or '<f4' values, which are
/// rounded to bf16 with round-to-nearest-even.
static Expected<HostArray> loadNpyInput(unsigned index, StringRef path,
                                        const ShapedSpec &spec) {
  Expected<NpyArray> npy = readNpy(path);
  if (!npy)
    return makeError("input " + llvm::Twine(index) + ": " +
                     toString(npy.takeError()));

  NpyDType expected = getNpyDTypeFor(spec.kind);
  bool bf16FromF32 =
      spec.kind == ElementKind::BF16 && npy->dtype == NpyDType::F4;
  if (npy->dtype != expected && !bf16FromF32)
    return makeError(
        "argument " + llvm::Twine(index) + " has type " + spec.typeString +
        " but input " + llvm::Twine(index) + " ('" + path + "') has shape " +
        formatShape(npy->shape) + " and dtype '" + npy->descr +
        "' (expected '" + getNpyDescr(expected) + "'" +
        (spec.kind == ElementKind::BF16 ? " raw bf16 bits or '<f4'" : "") +
        ")");
  if (Error err = checkInputShape(index, spec, npy->shape, spec.kind))
    return std::move(err);

  HostArray array(spec.kind, npy->shape);
  if (bf16FromF32) {
    auto *dest = reinterpret_cast<uint16_t *>(array.getData());
    for (int64_t i = 0, e = array.getNumElements(); i < e; ++i) {
      float value;
      std::memcpy(&value, npy->data.data() + 4 * i, sizeof(value));
      dest[i] = roundFloatToBF16(value);
    }
  } else {
    std::memcpy(array.getData(), npy->data.data(), npy->data.size());
  }
  return std::move(array);
}

/// Parses input `index` (`@file.npy` or inline) for an argument of `spec`.
static Expected<HostArray> loadInput(unsigned index, StringRef text,
                                     const ShapedSpec &spec) {
  if (text.starts_with("@"))
    return loadNpyInput(index, text.drop_front(), spec);

  Expected<HostArray> array = parseInlineArray(text);
  if (!array)
    return makeError("input " + llvm::Twine(index) + ": " +
                     toString(array.takeError()));
  if (array->getKind() != spec.kind)
    return makeError("argument " + llvm::Twine(index) + " has type " +
                     spec.typeString + " but input " + llvm::Twine(index) +
                     " is " + array->getTypeString() + " (element type " +
                     getElementKindName(array->getKind()) + ", expected " +
                     getElementKindName(spec.kind) + ")");
  if (Error err = checkInputShape(index, spec, array->getShape(), spec.kind))
    return std::move(err);
  return array;
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

/// Lowers `module` to the LLVM dialect with norm-cpu-pipeline. The entry's
/// tensor arguments are marked non-writable first, so the compiled code never
/// writes into the caller's input buffers (repeated benchmark calls see the
/// same inputs).
static Error lowerToLLVM(ModuleOp module, func::FuncOp entry,
                         const norm::CPUPipelineOptions &options) {
  MLIRContext *context = module.getContext();
  for (auto [index, type] : llvm::enumerate(entry.getArgumentTypes()))
    if (isa<TensorType>(type))
      entry.setArgAttr(index,
                       bufferization::BufferizationDialect::kWritableAttrName,
                       BoolAttr::get(context, false));

  auto pm = PassManager::on<ModuleOp>(context);
  if (failed(applyPassManagerCLOptions(pm)))
    return makeError("invalid pass manager options");
  norm::buildCPUPipeline(pm, options);
  if (printPipeline) {
    llvm::outs() << "pipeline: ";
    pm.printAsTextualPipeline(llvm::outs());
    llvm::outs() << "\n";
    llvm::outs().flush();
  }
  if (failed(pm.run(module)))
    return makeError("failed to lower '" + inputFilename +
                     "' to the LLVM dialect with norm-cpu-pipeline");
  return Error::success();
}

/// Creates a TargetMachine for the host CPU with all its features, so that
/// e.g. f16 conversions use the native instructions.
static Expected<std::unique_ptr<llvm::TargetMachine>> createHostTarget() {
  Expected<llvm::orc::JITTargetMachineBuilder> builder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCPU(llvm::sys::getHostCPUName().str());
  llvm::SubtargetFeatures features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    features.AddFeature(feature.first(), feature.second);
  builder->setFeatures(features.getString());
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  return builder->createTargetMachine();
}

/// JIT-compiles the lowered `module` at -O3 for the host.
static Expected<std::unique_ptr<ExecutionEngine>> compile(ModuleOp module) {
  Expected<std::unique_ptr<llvm::TargetMachine>> targetMachine =
      createHostTarget();
  if (!targetMachine)
    return makeError("cannot create a target machine for the host: " +
                     toString(targetMachine.takeError()));
  // The engine takes the TargetMachine; the transformer keeps a pointer to
  // it, which stays valid for the engine's lifetime.
  auto optimize = makeOptimizingTransformer(
      /*optLevel=*/3, /*sizeLevel=*/0, targetMachine->get());
  // With --sanitize, the module is instrumented first, then optimized.
  auto transformer = [optimize](llvm::Module *llvmModule) -> Error {
    instrumentForSanitizer(*llvmModule, sanitize);
    return optimize(llvmModule);
  };
  SmallVector<StringRef> libs(sharedLibs.begin(), sharedLibs.end());
  // The OpenMP runtime that norm-cpu-pipeline's parallel tiles call into.
  libs.push_back(NORM_OPENMP_RUNTIME);
  // memrefCopy, which memref.copy between strided buffers calls.
  libs.push_back(NORM_C_RUNNER_UTILS);
  ExecutionEngineOptions options;
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  options.sharedLibPaths = libs;
  Expected<std::unique_ptr<ExecutionEngine>> engine =
      ExecutionEngine::create(module, options, std::move(*targetMachine));
  if (!engine)
    return makeError("failed to JIT-compile '" + inputFilename +
                     "': " + toString(engine.takeError()));
  registerRuntimeSymbols(**engine);
  // Runs llvm.global_ctors: the sanitizers' module constructors (ASan's
  // registers the redzones of the module's globals).
  if (sanitize != JITSanitizer::None)
    (*engine)->initialize();
  return engine;
}

//===----------------------------------------------------------------------===//
// Calls and results
//===----------------------------------------------------------------------===//

/// Calls the packed wrapper and returns the results' descriptors.
static SmallVector<MemRefDescriptor> call(void (*function)(void **),
                                          PackedCall &packed) {
  SmallVector<void *> pointers = packed.getPointers();
  function(pointers.data());
  return packed.readResults();
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define NORM_RUN_HAS_LSAN 1
#endif
#endif

/// Frees the buffers of tensor results: the pipeline returns them with
/// ownership, from malloc. Buffers aliasing an input or freed already are
/// skipped. Memref results are left alone: hand-written memref code may
/// return globals or views.
static void freeResults(ArrayRef<MemRefDescriptor> results,
                        const Signature &signature,
                        ArrayRef<HostArray> inputArrays) {
  llvm::DenseSet<void *> skip;
  for (const HostArray &array : inputArrays)
    skip.insert(const_cast<uint8_t *>(array.getData()));
  for (auto [result, spec] : llvm::zip_equal(results, signature.results)) {
#if NORM_RUN_HAS_LSAN
    // Not ours to free, so not a leak (LeakSanitizer builds).
    if (!spec.isTensor && result.allocated)
      __lsan_ignore_object(result.allocated);
#endif
    if (!spec.isTensor || !result.allocated)
      continue;
    if (skip.insert(result.allocated).second)
      norm::run::deallocate(result.allocated);
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

/// Times `repetitions` calls after one warm-up call (made by the caller) and
/// prints "benchmark: repetitions=N min_ms=.. median_ms=.. gbps=.. bytes=..".
static void benchmark(void (*function)(void **), PackedCall &packed,
                      const Signature &signature,
                      ArrayRef<HostArray> inputArrays, uint64_t bytes) {
  using Clock = std::chrono::steady_clock;
  std::vector<double> times;
  times.reserve(benchmarkRepetitions);
  for (unsigned rep = 0; rep < benchmarkRepetitions; ++rep) {
    SmallVector<void *> pointers = packed.getPointers();
    Clock::time_point start = Clock::now();
    function(pointers.data());
    Clock::time_point end = Clock::now();
    times.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
    freeResults(packed.readResults(), signature, inputArrays);
  }
  std::sort(times.begin(), times.end());
  size_t n = times.size();
  double median =
      n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
  double gbps = median > 0 ? static_cast<double>(bytes) / (median * 1e6) : 0;
  llvm::outs() << llvm::format("benchmark: repetitions=%u min_ms=%.6f "
                               "median_ms=%.6f gbps=%.3f bytes=%llu\n",
                               static_cast<unsigned>(n), times.front(), median,
                               gbps, static_cast<unsigned long long>(bytes));
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

static Error run(MLIRContext &context, llvm::SourceMgr &sourceMgr) {
  // Parse (and verify) the module; diagnostics carry locations.
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return makeError("failed to parse or verify '" + inputFilename + "'");

  Signature signature;
  Expected<func::FuncOp> entry = lookupEntry(*module, functionName, signature);
  if (!entry)
    return entry.takeError();

  // Inputs and outputs are checked before the (slower) lowering.
  size_t numArgs = signature.arguments.size();
  size_t numResults = signature.results.size();
  if (inputs.size() != numArgs)
    return makeError("function '" + functionName + "' takes " +
                     llvm::Twine(numArgs) + " argument(s) but " +
                     llvm::Twine(inputs.size()) + " --input were given");
  if (outputs.size() > numResults)
    return makeError("function '" + functionName + "' has " +
                     llvm::Twine(numResults) + " result(s) but " +
                     llvm::Twine(outputs.size()) + " --output were given");
  for (StringRef output : outputs)
    if (output != "-" && (!output.starts_with("@") || output.size() == 1))
      return makeError("--output='" + output +
                       "' must be @FILE.npy (write) or - (print)");

  if (Error err = checkJITSanitizerRuntime(sanitize))
    return err;
  // Exact-size buffers, no reuse of freed blocks: an access past the end of
  // a buffer or after its free must hit a redzone or freed memory.
  if (sanitize != JITSanitizer::None)
    setExactAllocation(true);

  std::unique_ptr<norm::CPUPipelineOptions> cpuOptions =
      norm::CPUPipelineOptions::createFromString(pipelineOptions);
  if (!cpuOptions)
    return makeError("invalid --pipeline-options='" + pipelineOptions + "'");

  SmallVector<HostArray> inputArrays;
  for (auto [index, text] : llvm::enumerate(inputs)) {
    Expected<HostArray> array =
        loadInput(index, text, signature.arguments[index]);
    if (!array)
      return array.takeError();
    inputArrays.push_back(std::move(*array));
  }

  // Lower and compile.
  if (!isAllLLVMDialect(*module))
    if (Error err = lowerToLLVM(*module, *entry, *cpuOptions))
      return err;
  Expected<std::unique_ptr<ExecutionEngine>> engine = compile(*module);
  if (!engine)
    return engine.takeError();
  Expected<void (*)(void **)> function = (*engine)->lookupPacked(functionName);
  if (!function)
    return makeError("failed to JIT-compile '" + functionName +
                     "': " + toString(function.takeError()));

  // Pack the arguments and make the first call (the warm-up when
  // benchmarking); its results are the ones written out.
  PackedCall packed;
  for (HostArray &array : inputArrays)
    packed.addArgument(array);
  SmallVector<unsigned> resultRanks;
  for (const ShapedSpec &spec : signature.results)
    resultRanks.push_back(spec.shape.size());
  packed.setResultRanks(resultRanks);

  SmallVector<MemRefDescriptor> results = call(*function, packed);
  Expected<SmallVector<HostArray>> resultArrays =
      copyResults(results, signature);
  freeResults(results, signature, inputArrays);
  if (!resultArrays)
    return resultArrays.takeError();

  if (benchmarkRepetitions > 0) {
    uint64_t bytes = 0;
    for (const HostArray &array : inputArrays)
      bytes += array.getNumBytes();
    for (const HostArray &array : *resultArrays)
      bytes += array.getNumBytes();
    benchmark(*function, packed, signature, inputArrays, bytes);
  }

  // Write or print the results.
  for (auto [index, array] : llvm::enumerate(*resultArrays)) {
    StringRef output = index < outputs.size() ? StringRef(outputs[index]) : "-";
    if (output == "-") {
      llvm::outs() << "result[" << index << "]: ";
      printArray(llvm::outs(), array);
      llvm::outs() << "\n";
      continue;
    }
    if (Error err =
            writeNpy(output.drop_front(), getNpyDTypeFor(array.getKind()),
                     array.getShape(), array.getBytes()))
      return makeError("result " + llvm::Twine(index) + ": " +
                       toString(std::move(err)));
  }
  return Error::success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "norm-run: lower a module with norm-cpu-pipeline, JIT-compile it for "
      "the host CPU and run one function on .npy or inline inputs\n");

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  norm::registerAllDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
  MLIRContext context(registry);

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(inputFilename, &errorMessage);
  if (!file) {
    llvm::errs() << "norm-run: error: " << errorMessage << "\n";
    return 1;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnosticHandler(sourceMgr, &context);

  if (Error err = run(context, sourceMgr)) {
    llvm::outs().flush();
    llvm::errs() << "norm-run: error: " << toString(std::move(err)) << "\n";
    return 1;
  }
  return 0;
}
