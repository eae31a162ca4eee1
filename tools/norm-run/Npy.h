//===- Npy.h - NumPy .npy reader and writer -----------------*- C++ -*-===//
//
// A small reader and writer for the NumPy .npy format (versions 1.0, 2.0 and
// 3.0), restricted to what norm-run exchanges: little-endian, C-ordered arrays
// of the dtypes <f2 <f4 <f8 <i4 <i8 and <u2 (raw bf16 bits).
//
//===----------------------------------------------------------------------===//

#ifndef NORM_TOOLS_NORM_RUN_NPY_H
#define NORM_TOOLS_NORM_RUN_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>

namespace mlir::norm::run {

/// The .npy dtypes norm-run understands.
enum class NpyDType { F2, F4, F8, I4, I8, U2 };

/// Returns the little-endian descr string of `dtype`, e.g. "<f4".
llvm::StringRef getNpyDescr(NpyDType dtype);

/// Returns the size in bytes of one element of `dtype`.
unsigned getNpyItemSize(NpyDType dtype);

/// One array read from a .npy file. The data stays in the file's buffer.
struct NpyArray {
  NpyDType dtype;
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

/// Writes a C-ordered array of `dtype` and `shape` whose element bytes are
/// `data` to `path` in .npy format (version 1.0, or 2.0 if the header needs
/// it).
llvm::Error writeNpy(llvm::StringRef path, NpyDType dtype,
                     llvm::ArrayRef<int64_t> shape,
                     llvm::ArrayRef<uint8_t> data);

} // namespace mlir::norm::run

#endif // NORM_TOOLS_NORM_RUN_NPY_H
