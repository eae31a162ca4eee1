//===- Report.h - What norm-run prints: results and timings -*- C++ -*-===//
//
// The printed forms of a run, in iree-run-module's conventions: results
// elided past a maximum element count with a one-line summary, and a
// benchmark as one key=value line or a Google-Benchmark JSON document.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_RUNNER_REPORT_H
#define NORM_RUNNER_REPORT_H

#include "norm/Runner/Buffers.h"
#include "norm/Runner/Session.h"

namespace mlir::norm::runner {

/// Prints result `index` as "result[i]: 2x3xf32=[[1 2 3][4 5 6]]". A result
/// with more than `maxElements` elements prints its first `maxElements`
/// (none for 0) then "...", and a second line
/// "result[i] summary: shape=.. dtype=.. elements=.. min=.. max=.. mean=..
/// nan=.. inf=.. printed=.." (printArraySummary).
void printResult(llvm::raw_ostream &os, unsigned index, const HostArray &array,
                 int64_t maxElements);

/// What a benchmark measured, for its reports.
struct BenchmarkRecord {
  /// The module's file name and the function timed.
  std::string module;
  std::string function;
  /// Bytes of all inputs and results of one call.
  uint64_t bytes = 0;
  Timing timing;
};

/// Prints one parseable line:
/// "benchmark: repetitions=N min_ms=.. median_ms=.. mean_ms=.. max_ms=..
/// stddev_ms=.. gbps=.. bytes=..", the bandwidth from the median time.
void printBenchmarkLine(llvm::raw_ostream &os, const BenchmarkRecord &record);

/// Prints a Google-Benchmark JSON document ("context" and "benchmarks"), the
/// form `--benchmark_format=json` prints and its tools/compare.py reads:
/// one aggregate record per statistic (mean, median, stddev, min, max) of
/// the repetitions, named "<module>/<function>_<statistic>", with real_time
/// and cpu_time in ms and bytes_per_second.
void printBenchmarkJSON(llvm::raw_ostream &os, const BenchmarkRecord &record);

} // namespace mlir::norm::runner

#endif // NORM_RUNNER_REPORT_H
