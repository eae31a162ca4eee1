//===- Report.cpp - What norm-run prints: results and timings -*- C++ -*-===//
//
// Elided results with their summary, the benchmark line and the
// Google-Benchmark JSON record.
//
//===----------------------------------------------------------------------===//

#include "norm/Runner/Report.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Threading.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <unistd.h>

using namespace llvm;
using namespace mlir::norm::runner;

void mlir::norm::runner::printResult(raw_ostream &os, unsigned index,
                                     const HostArray &array,
                                     int64_t maxElements) {
  maxElements = std::max<int64_t>(maxElements, 0);
  bool elided = array.getNumElements() > maxElements &&
                !array.getShape().empty();
  os << "result[" << index << "]: ";
  printArray(os, array, maxElements);
  os << '\n';
  if (!elided)
    return;
  os << "result[" << index << "] summary: ";
  printArraySummary(os, array);
  os << " printed=" << maxElements << '\n';
}

/// The statistics of a sorted list of milliseconds.
namespace {
struct Statistics {
  double min = 0, median = 0, mean = 0, max = 0, stddev = 0;

  explicit Statistics(ArrayRef<double> sorted) {
    Timing timing;
    timing.milliseconds.assign(sorted.begin(), sorted.end());
    min = timing.getMinMilliseconds();
    median = timing.getMedianMilliseconds();
    mean = timing.getMeanMilliseconds();
    max = timing.getMaxMilliseconds();
    stddev = timing.getStddevMilliseconds();
  }
};
} // namespace

void mlir::norm::runner::printBenchmarkLine(raw_ostream &os,
                                            const BenchmarkRecord &record) {
  const Timing &timing = record.timing;
  Statistics real(timing.milliseconds);
  os << format("benchmark: repetitions=%u min_ms=%.6f median_ms=%.6f "
               "mean_ms=%.6f max_ms=%.6f stddev_ms=%.6f gbps=%.3f "
               "bytes=%llu\n",
               static_cast<unsigned>(timing.milliseconds.size()), real.min,
               real.median, real.mean, real.max, real.stddev,
               timing.getGigabytesPerSecond(record.bytes),
               static_cast<unsigned long long>(record.bytes));
}

/// The local time as ISO 8601 with its UTC offset, as Google Benchmark
/// writes "date".
static std::string getDate() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[64];
  size_t size = std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S%z",
                              &local);
  std::string date(buffer, size);
  // "+0100" -> "+01:00".
  if (date.size() >= 5)
    date.insert(date.size() - 2, ":");
  return date;
}

/// The machine's host name ("" when unknown).
static std::string getHostName() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof(buffer) - 1) != 0)
    return "";
  return buffer;
}

void mlir::norm::runner::printBenchmarkJSON(raw_ostream &os,
                                            const BenchmarkRecord &record) {
  const Timing &timing = record.timing;
  Statistics real(timing.milliseconds), cpu(timing.cpuMilliseconds);
  unsigned repetitions = timing.milliseconds.size();
  std::string name =
      (sys::path::filename(record.module) + "/" + record.function).str();

  json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attributeObject("context", [&] {
      json.attribute("date", getDate());
      json.attribute("host_name", getHostName());
      json.attribute("executable", "norm-run");
      json.attribute("num_cpus",
                     static_cast<int64_t>(hardware_concurrency().compute_thread_count()));
      json.attribute("cpu_name", sys::getHostCPUName());
      json.attribute("library_build_type", "release");
      json.attribute("module", record.module);
      json.attribute("function", record.function);
      json.attribute("bytes_per_call", static_cast<int64_t>(record.bytes));
    });
    json.attributeArray("benchmarks", [&] {
      auto aggregate = [&](StringRef statistic, double realTime,
                           double cpuTime, bool isTime) {
        json.object([&] {
          json.attribute("name", name + "_" + statistic.str());
          json.attribute("family_index", 0);
          json.attribute("per_family_instance_index", 0);
          json.attribute("run_name", name);
          json.attribute("run_type", "aggregate");
          json.attribute("repetitions", static_cast<int64_t>(repetitions));
          json.attribute("threads", 1);
          json.attribute("aggregate_name", statistic);
          json.attribute("aggregate_unit", "time");
          json.attribute("iterations", static_cast<int64_t>(repetitions));
          json.attribute("real_time", realTime);
          json.attribute("cpu_time", cpuTime);
          json.attribute("time_unit", "ms");
          // Google Benchmark gives no rate for the spread of the times.
          if (isTime && realTime > 0)
            json.attribute("bytes_per_second",
                           static_cast<double>(record.bytes) /
                               (realTime * 1e-3));
        });
      };
      aggregate("mean", real.mean, cpu.mean, true);
      aggregate("median", real.median, cpu.median, true);
      aggregate("stddev", real.stddev, cpu.stddev, false);
      aggregate("min", real.min, cpu.min, true);
      aggregate("max", real.max, cpu.max, true);
    });
  });
  os << '\n';
}
