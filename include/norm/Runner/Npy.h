//===- Npy.h - NumPy .npy reader and writer -----------------*- C++ -*-===//
//
// A small reader and writer for the NumPy .npy format (versions 1.0, 2.0 and
// 3.0), restricted to what the runner exchanges: little-endian, C-ordered
// arrays of the dtypes <f2 <f4 <f8 <i4 <i8 and <u2 (raw bf16 bits).
//
//===----------------------------------------------------------------------===//

#ifndef NORM_RUNNER_NPY_H
#define NORM_RUNNER_NPY_H

#include "norm/Runner/Buffers.h"

#include "llvm/Support/MemoryBuffer.h"

namespace mlir::norm::runner {

/// Returns the little-endian descr of the .npy dtype that carries elements of
/// `kind`: "<f2", "<f4", "<f8", "<i4", "<i8", and "<u2" (the raw bits) for
/// bf16, which NumPy lacks.
llvm::StringRef getNpyDescr(ElementKind kind);

/// One array read from a .npy file. The data stays in the file's buffer.
struct NpyArray {
  /// The element kind the dtype carries (bf16 for '<u2').
  ElementKind kind;
  /// The descr string exactly as the header spells it.
  std::string descr;
  llvm::SmallVector<int64_t> shape;
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  /// The raw little-endian element bytes (inside `buffer`).
  llvm::ArrayRef<uint8_t> data;
};

/// Reads and validates the .npy file at `path`: magic, version, header
/// dictionary, dtype (supported and little-endian), C order, and a data
/// section of exactly product(shape) * itemsize bytes.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Writes a C-ordered array of `kind` and `shape` whose element bytes are
/// `data` to `path` in .npy format (version 1.0, or 2.0 if the header needs
/// it).
llvm::Error writeNpy(llvm::StringRef path, ElementKind kind,
                     llvm::ArrayRef<int64_t> shape,
                     llvm::ArrayRef<uint8_t> data);

} // namespace mlir::norm::runner

#endif // NORM_RUNNER_NPY_H
