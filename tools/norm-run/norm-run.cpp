//===- norm-run.cpp - JIT runner and benchmark driver -------*- C++ -*-===//
//
// Runs one function of an MLIR module on the host CPU, in the spirit of
// iree-run-module:
//
//   norm-run model.mlir --function=main --input=@x.npy --input="4xf32=1 2 3 4"
//            --output=@y.npy [--output=- | --output=] [--print-max-element-count=N]
//            [--benchmark-repetitions=N [--benchmark-format=text|json]]
//            [--print-pipeline] [--sanitize=address|thread]
//
// A thin driver over the NormRunner library (include/norm/Runner): a Session
// reads the tensor/memref signature of the func.func, lowers the module with
// norm-cpu-pipeline, JIT-compiles it for the host CPU and calls it; this file
// holds the command line and the exit codes; what is printed (elided
// results, benchmark records) is in Report.h.
//
//===----------------------------------------------------------------------===//

#include "norm/Pipelines/Pipelines.h"
#include "norm/Runner/ArrayIO.h"
#include "norm/Runner/Report.h"
#include "norm/Runner/Session.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::norm::runner;
using llvm::Error;
using llvm::Expected;

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

/// norm-run's own options: `--help` lists only these (and the generic ones);
/// `--help-hidden` also lists MLIR's and LLVM's, which still work.
static llvm::cl::OptionCategory
    normRunCategory("Driver options (norm-run; --help-hidden lists MLIR's "
                    "and LLVM's too)");

static llvm::cl::opt<std::string> inputFilename(llvm::cl::Positional,
                                                llvm::cl::desc("<model.mlir>"),
                                                llvm::cl::init("-"),
                                                llvm::cl::cat(normRunCategory));

static llvm::cl::opt<std::string>
    functionName("function", llvm::cl::desc("Name of the func.func to run"),
                 llvm::cl::init("main"), llvm::cl::cat(normRunCategory));

static llvm::cl::list<std::string>
    inputs("input",
           llvm::cl::desc("One per argument, in order: @FILE.npy or an inline "
                          "SHAPExTYPE=VALUES such as \"2x3xf32=1 2 3 4 5 6\""),
           llvm::cl::cat(normRunCategory));

static llvm::cl::list<std::string> outputs(
    "output",
    llvm::cl::desc("One per result, in order: @FILE.npy writes the result, "
                   "- prints it, an empty value (--output=) drops it; "
                   "results after the last --output are printed"),
    llvm::cl::cat(normRunCategory));

static llvm::cl::opt<int64_t> printMaxElementCount(
    "print-max-element-count",
    llvm::cl::desc("Print at most this many elements of a result, then "
                   "'...' and a summary line (shape, dtype, min/max/mean, "
                   "NaN and Inf counts); 0 prints only the summary"),
    llvm::cl::init(1024), llvm::cl::cat(normRunCategory));

static llvm::cl::opt<unsigned> benchmarkRepetitions(
    "benchmark-repetitions",
    llvm::cl::desc("After one warm-up call, time N calls and print one "
                   "line: min/median/mean/max/stddev time and the effective "
                   "bandwidth"),
    llvm::cl::init(0), llvm::cl::cat(normRunCategory));

enum class BenchmarkFormat { Text, JSON };
static llvm::cl::opt<BenchmarkFormat> benchmarkFormat(
    "benchmark-format",
    llvm::cl::desc("How --benchmark-repetitions reports the times"),
    llvm::cl::values(
        clEnumValN(BenchmarkFormat::Text, "text",
                   "one 'benchmark: key=value ...' line (default)"),
        clEnumValN(BenchmarkFormat::JSON, "json",
                   "a Google-Benchmark JSON document, alone on stdout "
                   "(results are only written to --output=@FILE)")),
    llvm::cl::init(BenchmarkFormat::Text), llvm::cl::cat(normRunCategory));

static llvm::cl::opt<bool> printPipeline(
    "print-pipeline",
    llvm::cl::desc("Print the lowering pass pipeline before running it"),
    llvm::cl::init(false), llvm::cl::cat(normRunCategory));

static llvm::cl::opt<std::string>
    pipelineOptions("pipeline-options",
                    llvm::cl::desc("Options of norm-cpu-pipeline, e.g. "
                                   "\"num-threads=1 row-tile-size=16\" or "
                                   "\"raise=true\""),
                    llvm::cl::init(""), llvm::cl::cat(normRunCategory));

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
    llvm::cl::init(JITSanitizer::None), llvm::cl::cat(normRunCategory));

static llvm::cl::list<std::string> sharedLibs(
    "shared-libs",
    llvm::cl::desc("Shared libraries the JIT-compiled code may call into "
                   "(e.g. an OpenMP runtime)"),
    llvm::cl::CommaSeparated, llvm::cl::cat(normRunCategory));

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

/// Makes an error carrying `msg`; main prefixes it with "norm-run: error: ".
static Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// Applies the MLIR pass manager options of the command line and prints the
/// pipeline with --print-pipeline.
static Error configurePassManager(PassManager &pm) {
  if (failed(applyPassManagerCLOptions(pm)))
    return makeError("invalid pass manager options");
  if (printPipeline) {
    llvm::outs() << "pipeline: ";
    pm.printAsTextualPipeline(llvm::outs());
    llvm::outs() << "\n";
    llvm::outs().flush();
  }
  return Error::success();
}

static Error run(MLIRContext &context, llvm::SourceMgr &sourceMgr) {
  // Parse (and verify) the module, whose diagnostics carry locations, and
  // read the entry's signature.
  Expected<Session> session =
      Session::parse(sourceMgr, &context, functionName, inputFilename);
  if (!session)
    return session.takeError();
  const Signature &signature = session->getSignature();

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
    if (!output.empty() && output != "-" &&
        (!output.starts_with("@") || output.size() == 1))
      return makeError("--output='" + output +
                       "' must be @FILE.npy (write), - (print) or empty "
                       "(drop)");
  bool json = benchmarkRepetitions > 0 &&
              benchmarkFormat == BenchmarkFormat::JSON;
  if (json && llvm::is_contained(outputs, "-"))
    return makeError("--output=- would print a result into the JSON of "
                     "--benchmark-format=json; write it with --output=@FILE");

  if (Error err = checkJITSanitizerRuntime(sanitize))
    return err;
  std::unique_ptr<norm::CPUPipelineOptions> cpuOptions =
      norm::CPUPipelineOptions::createFromString(pipelineOptions);
  if (!cpuOptions)
    return makeError("invalid --pipeline-options='" + pipelineOptions + "'");
  std::string optionError;
  if (failed(norm::verifyOptions(*cpuOptions, [&](const Twine &message) {
        optionError = message.str();
        return failure();
      })))
    return makeError("invalid --pipeline-options='" + pipelineOptions +
                     "': " + optionError);

  SmallVector<HostArray> inputArrays;
  for (auto [index, text] : llvm::enumerate(inputs)) {
    Expected<HostArray> array = session->loadInput(index, text);
    if (!array)
      return array.takeError();
    inputArrays.push_back(std::move(*array));
  }

  CompileOptions options;
  options.pipelineOptions = cpuOptions.get();
  options.sanitizer = sanitize;
  options.sharedLibs.assign(sharedLibs.begin(), sharedLibs.end());
  options.configurePassManager = configurePassManager;
  if (Error err = session->compile(options))
    return err;

  // The first call (the warm-up when benchmarking) gives the results that
  // are written out.
  Expected<SmallVector<HostArray>> resultArrays = session->call(inputArrays);
  if (!resultArrays)
    return resultArrays.takeError();

  if (benchmarkRepetitions > 0) {
    Expected<Timing> timing =
        session->benchmark(inputArrays, benchmarkRepetitions);
    if (!timing)
      return timing.takeError();
    BenchmarkRecord record;
    record.module = inputFilename;
    record.function = functionName;
    for (const HostArray &array : inputArrays)
      record.bytes += array.getNumBytes();
    for (const HostArray &array : *resultArrays)
      record.bytes += array.getNumBytes();
    record.timing = std::move(*timing);
    if (json)
      printBenchmarkJSON(llvm::outs(), record);
    else
      printBenchmarkLine(llvm::outs(), record);
  }

  // Write, print or drop the results. With JSON on stdout, results without
  // an --output=@FILE are dropped.
  for (auto [index, array] : llvm::enumerate(*resultArrays)) {
    StringRef output =
        index < outputs.size() ? StringRef(outputs[index]) : (json ? "" : "-");
    if (output.empty())
      continue;
    if (output == "-") {
      printResult(llvm::outs(), index, array, printMaxElementCount);
      continue;
    }
    if (Error err = writeNpyArray(output.drop_front(), array))
      return makeError("result " + llvm::Twine(index) + ": " +
                       toString(std::move(err)));
  }
  return Error::success();
}

/// Hides from --help the options of other categories (LLVM's and MLIR's),
/// as cl::HideUnrelatedOptions does, but as cl::Hidden, not cl::ReallyHidden,
/// so that --help-hidden still lists them.
static void hideUnrelatedOptions() {
  for (auto &entry : llvm::cl::getRegisteredOptions()) {
    llvm::cl::Option *option = entry.second;
    if (option->getOptionHiddenFlag() != llvm::cl::NotHidden)
      continue;
    // --help, --version, ... are in LLVM's (private) generic category.
    bool related = llvm::any_of(
        option->Categories, [](const llvm::cl::OptionCategory *category) {
          return category == &normRunCategory ||
                 category->getName() == "Generic Options";
        });
    if (!related)
      option->setHiddenFlag(llvm::cl::Hidden);
  }
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  hideUnrelatedOptions();
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "norm-run: lower a module with norm-cpu-pipeline, JIT-compile it for "
      "the host CPU and run one function on .npy or inline inputs\n");

  DialectRegistry registry;
  registerRunnerDialects(registry);
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
