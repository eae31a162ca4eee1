//===- CPUTarget.h - The CPU norm-cpu-pipeline compiles for -----*- C++ -*-===//
//
// Resolves the target-cpu / target-features options of norm-cpu-pipeline
// (default: the host) into what the lowering and LLVM's code generation
// need: the CPU name, the complete feature string, and the target-dependent
// choices of the vector kernels (vector width, native bf16 conversions).
//
//===----------------------------------------------------------------------===//

#ifndef NORM_PIPELINES_CPUTARGET_H
#define NORM_PIPELINES_CPUTARGET_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir::norm {

/// A CPU of the host's architecture, with its features.
struct CPUTarget {
  /// The target triple (the host process's).
  std::string triple;
  /// The CPU name as LLVM knows it (the host's name for "host").
  std::string cpu;
  /// The features as an LLVM feature string ("+avx2,-avx512f,..."): the
  /// CPU's, then the requested changes; what a TargetMachine takes.
  std::string features;
  /// f32 lanes of the widest vector registers: 16 with AVX-512, 8 with AVX or
  /// AVX2, else 4.
  int64_t vectorWidth = 4;
  /// The CPU converts f32 vectors to bf16 in hardware, rounding to nearest
  /// even (AVX-512 BF16 with AVX-512 VL: vcvtneps2bf16), so an
  /// `arith.truncf` to bf16 is left for LLVM to select.
  bool nativeBF16 = false;
};

/// Resolves `cpu` ("" or "host": the host CPU with the features it reports;
/// else an LLVM CPU name of the host's architecture, e.g. "znver4",
/// "skylake-avx512", "x86-64-v3") and `features` (comma-separated
/// "+name" / "-name" LLVM feature names, applied on top of the CPU's). The
/// error names the invalid CPU or feature.
llvm::Expected<CPUTarget> resolveCPUTarget(llvm::StringRef cpu,
                                           llvm::StringRef features);

} // namespace mlir::norm

#endif // NORM_PIPELINES_CPUTARGET_H
