//===- norm-runner-test.cpp - Use of the NormRunner library -*- C++ -*-===//
//
// norm-runner-test MODULE.mlir SCRATCH_DIR
//
// Runs @layer_norm of MODULE (x: tensor<?x8xf32>, epsilon 1e-5) through the
// NormRunner library alone: parse, compile, call on a 3x8 input, compare with
// a float64 reference computed here, then the error paths (each must come
// back as an llvm::Error, after which the session still works), a .npy round
// trip through SCRATCH_DIR and a short benchmark. session.mlir checks the
// output.
//
//===----------------------------------------------------------------------===//

#include "norm/Pipelines/Pipelines.h"
#include "norm/Runner/ArrayIO.h"
#include "norm/Runner/Session.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::norm::runner;

/// Prints "<what>: error: <message>" for an error, "<what>: ok" otherwise.
static void report(llvm::StringRef what, llvm::Error err) {
  llvm::outs() << what << ": ";
  if (err)
    llvm::outs() << "error: " << llvm::toString(std::move(err)) << "\n";
  else
    llvm::outs() << "ok\n";
}

/// The float64 layer norm of each row of a rows x cols f32 array.
static std::vector<double> referenceLayerNorm(const HostArray &x,
                                              double epsilon) {
  int64_t rows = x.getShape()[0], cols = x.getShape()[1];
  const auto *data = reinterpret_cast<const float *>(x.getData());
  std::vector<double> y(rows * cols);
  for (int64_t i = 0; i < rows; ++i) {
    double mean = 0, var = 0;
    for (int64_t j = 0; j < cols; ++j)
      mean += data[i * cols + j];
    mean /= cols;
    for (int64_t j = 0; j < cols; ++j)
      var += (data[i * cols + j] - mean) * (data[i * cols + j] - mean);
    var /= cols;
    for (int64_t j = 0; j < cols; ++j)
      y[i * cols + j] = (data[i * cols + j] - mean) / std::sqrt(var + epsilon);
  }
  return y;
}

/// The largest |result - reference| over all elements.
static double maxError(const HostArray &result,
                       const std::vector<double> &reference) {
  const auto *data = reinterpret_cast<const float *>(result.getData());
  double error = 0;
  for (size_t i = 0; i < reference.size(); ++i)
    error = std::max(error, std::fabs(data[i] - reference[i]));
  return error;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    llvm::errs() << "usage: norm-runner-test MODULE.mlir SCRATCH_DIR\n";
    return 2;
  }
  DialectRegistry registry;
  registerRunnerDialects(registry);
  MLIRContext context(registry);

  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(argv[1]);
  if (!file) {
    llvm::errs() << "cannot read " << argv[1] << "\n";
    return 2;
  }
  llvm::StringRef source = (*file)->getBuffer();

  // A missing entry is an error, not an exit.
  report("missing entry",
         Session::parse(source, &context, "nope", "module.mlir").takeError());

  llvm::Expected<Session> session =
      Session::parse(source, &context, "layer_norm", "module.mlir");
  if (!session) {
    report("parse", session.takeError());
    return 1;
  }
  const Signature &signature = session->getSignature();
  llvm::outs() << "signature: " << signature.arguments[0].typeString << " -> "
               << signature.results[0].typeString << "\n";

  // Calling before compiling is an error too.
  HostArray early(ElementKind::F32, {1, 8});
  report("call before compile", session->call(early).takeError());

  std::unique_ptr<norm::CPUPipelineOptions> pipeline =
      norm::CPUPipelineOptions::createFromString("num-threads=2");
  CompileOptions options;
  options.pipelineOptions = pipeline.get();
  report("compile", session->compile(options));

  llvm::Expected<HostArray> x = session->loadInput(
      0, "3x8xf32=1 2 3 4 5 6 7 8  3.5 3.5 3.5 3.5 3.5 3.5 3.5 3.5  "
         "-1e3 0.25 7 1e3 -0.5 3 2 -7");
  if (!x) {
    report("input", x.takeError());
    return 1;
  }
  llvm::Expected<llvm::SmallVector<HostArray>> y = session->call(*x);
  if (!y) {
    report("call", y.takeError());
    return 1;
  }
  llvm::outs() << "result: ";
  printArray(llvm::outs(), (*y)[0]);
  llvm::outs() << "\n";
  double error = maxError((*y)[0], referenceLayerNorm(*x, 1e-5));
  llvm::outs() << "max |error| vs float64 below 1e-6: "
               << (error < 1e-6 ? "yes" : "no") << "\n";

  // Inputs that contradict the signature.
  HostArray narrow(ElementKind::F32, {3, 7});
  report("bad shape", session->call(narrow).takeError());
  HostArray wide(ElementKind::F64, {3, 8});
  report("bad element type", session->call(wide).takeError());
  report("no inputs", session->call({}).takeError());
  report("bad inline text", session->loadInput(0, "3x8xf32=1 2").takeError());
  report("missing .npy",
         session->loadInput(0, "@/nonexistent.npy").takeError());

  // The session still works: the same input gives the same result.
  llvm::Expected<llvm::SmallVector<HostArray>> again = session->call(*x);
  if (!again) {
    report("call again", again.takeError());
    return 1;
  }
  llvm::outs() << "same result again: "
               << ((*again)[0].getBytes() == (*y)[0].getBytes() ? "yes" : "no")
               << "\n";

  // A .npy round trip of the result.
  llvm::SmallString<128> path(argv[2]);
  llvm::sys::path::append(path, "y.npy");
  report("write .npy", writeNpyArray(path, (*y)[0]));
  llvm::Expected<HostArray> loaded =
      loadNpyInput(0, path, signature.results[0]);
  if (!loaded) {
    report("read .npy", loaded.takeError());
    return 1;
  }
  llvm::outs() << "read back: " << loaded->getTypeString() << ", same bytes: "
               << (loaded->getBytes() == (*y)[0].getBytes() ? "yes" : "no")
               << "\n";

  llvm::Expected<Timing> timing = session->benchmark(*x, 3);
  if (!timing) {
    report("benchmark", timing.takeError());
    return 1;
  }
  llvm::outs() << "benchmark: " << timing->milliseconds.size()
               << " repetitions, min <= median: "
               << (timing->getMinMilliseconds() <=
                           timing->getMedianMilliseconds()
                       ? "yes"
                       : "no")
               << "\n";
  return 0;
}
