//===- ArrayIO.h - Host arrays from and to files and text ---*- C++ -*-===//
//
// The inputs and results of a run as the user spells them: an input is
// `@FILE.npy` or inline `SHAPExTYPE=VALUES` text, read into a HostArray and
// checked against the argument it is for; a result is written to a .npy file.
// Errors name the argument or input by its index, in norm-run's words.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_RUNNER_ARRAYIO_H
#define NORM_RUNNER_ARRAYIO_H

#include "norm/Runner/Buffers.h"

namespace mlir::norm::runner {

/// Checks that `array` can be argument `index`, of type `spec`: the same
/// element type, the same rank and the static dimensions of `spec`.
llvm::Error checkInput(unsigned index, const ShapedSpec &spec,
                       const HostArray &array);

/// Reads input `index`, for an argument of type `spec`, from the .npy file at
/// `path`. A bf16 argument takes raw bf16 bits ('<u2') or '<f4' values, which
/// are rounded to bf16 with round-to-nearest-even.
llvm::Expected<HostArray> loadNpyInput(unsigned index, llvm::StringRef path,
                                       const ShapedSpec &spec);

/// Reads input `index`, for an argument of type `spec`, from `text`:
/// `@FILE.npy` or inline `SHAPExTYPE=VALUES` (see parseInlineArray).
llvm::Expected<HostArray> loadInput(unsigned index, llvm::StringRef text,
                                    const ShapedSpec &spec);

/// Writes `array` to `path` as a .npy file (dtype getNpyDescr(its kind)).
llvm::Error writeNpyArray(llvm::StringRef path, const HostArray &array);

} // namespace mlir::norm::runner

#endif // NORM_RUNNER_ARRAYIO_H
