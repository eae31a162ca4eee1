//===- Buffers.h - Host arrays and memref descriptors -------*- C++ -*-===//
//
// The host side of a call into JIT-compiled code (norm-run, the NormRunner
// library): the element types and shapes read from the entry function's
// signature, dense host arrays (parsed from inline text or loaded from .npy),
// the expanded memref descriptors the lowered function takes and returns, and
// the iree-style printer of results.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_RUNNER_BUFFERS_H
#define NORM_RUNNER_BUFFERS_H

#include "mlir/IR/Types.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

namespace mlir::norm::runner {

/// The element types the runner can pass in and out.
enum class ElementKind { F16, BF16, F32, F64, I32, I64 };

/// Returns every element kind.
llvm::ArrayRef<ElementKind> getElementKinds();

/// Returns the MLIR spelling of `kind` ("f32", "bf16", ...).
llvm::StringRef getElementKindName(ElementKind kind);

/// Returns the size in bytes of one element of `kind`.
unsigned getElementByteWidth(ElementKind kind);

/// Parses an MLIR element type spelling ("f32", "bf16", "i64", ...).
std::optional<ElementKind> parseElementKind(llvm::StringRef name);

/// Rounds an IEEE single to bfloat16 bits with round-to-nearest-even (NaNs
/// stay quiet NaNs).
uint16_t roundFloatToBF16(float value);

/// Formats a concrete shape as "3x4" ("()" for rank 0).
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Formats a shape and element kind as "2x3xf32" ("f32" for rank 0).
std::string formatShapedType(llvm::ArrayRef<int64_t> shape, ElementKind kind);

/// The type of one argument or result of the entry function, read from the
/// func.func before lowering.
struct ShapedSpec {
  bool isTensor = true;
  ElementKind kind = ElementKind::F32;
  /// Dimensions, mlir::ShapedType::kDynamic where dynamic.
  llvm::SmallVector<int64_t> shape;
  /// The MLIR spelling of the type, for messages.
  std::string typeString;

  /// Reads `type`, which must be a ranked tensor or an identity-layout memref
  /// of a supported element type; the error says why not.
  static llvm::Expected<ShapedSpec> get(mlir::Type type);

  /// Checks that a concrete `actual` shape fits this type: same rank, equal
  /// static dimensions. Returns an empty string on success, else the reason.
  std::string checkShape(llvm::ArrayRef<int64_t> actual) const;
};

/// A dense, row-major (C-order) host array, 64-byte aligned.
class HostArray {
public:
  HostArray() = default;
  HostArray(ElementKind kind, llvm::ArrayRef<int64_t> shape);

  ElementKind getKind() const { return kind; }
  llvm::ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getNumElements() const;
  size_t getNumBytes() const {
    return getNumElements() * getElementByteWidth(kind);
  }
  uint8_t *getData() { return storage.get(); }
  const uint8_t *getData() const { return storage.get(); }
  llvm::ArrayRef<uint8_t> getBytes() const {
    return {getData(), getNumBytes()};
  }
  /// Row-major strides in elements.
  llvm::SmallVector<int64_t> getStrides() const;
  /// "2x3xf32".
  std::string getTypeString() const { return formatShapedType(shape, kind); }

private:
  struct FreeDeleter {
    void operator()(uint8_t *ptr) const { std::free(ptr); }
  };
  ElementKind kind = ElementKind::F32;
  llvm::SmallVector<int64_t> shape;
  std::unique_ptr<uint8_t, FreeDeleter> storage;
};

/// Parses an inline array "2x3xf32=1 2 3 4 5 6" ("f32=3" for rank 0,
/// "0x4xf32=" when empty). Values are separated by spaces or commas; floats
/// accept nan/inf and are rounded to the element type with
/// round-to-nearest-even, integers must fit.
llvm::Expected<HostArray> parseInlineArray(llvm::StringRef text);

/// Prints `array` iree-style: "2x3xf32=[[1 2 3][4 5 6]]", "f32=3" for rank 0,
/// with enough digits to round-trip every element. With `maxElements`, at
/// most that many elements, then "..." and the closing brackets
/// ("2x3xf32=[[1 2 3][4 ...]]" for 4); a rank-0 array always prints.
void printArray(llvm::raw_ostream &os, const HostArray &array,
                std::optional<int64_t> maxElements = std::nullopt);

/// Returns element `index` (row-major) of `array` as a double.
double getElementAsDouble(const HostArray &array, int64_t index);

/// What the summary of a printed result says about its elements.
struct ArraySummary {
  int64_t numElements = 0;
  /// Over the elements that are not NaN; NaN when there are none.
  double min = 0, max = 0, mean = 0;
  int64_t numNaN = 0;
  int64_t numInf = 0;
};

/// Computes the summary of `array` (in double precision).
ArraySummary summarizeArray(const HostArray &array);

/// Prints the summary of `array` as key=value pairs:
/// "shape=8192x4096 dtype=f32 elements=33554432 min=-4.2 max=4.1
/// mean=0.0001 nan=0 inf=0" (%.6g; "nan" when every element is NaN).
void printArraySummary(llvm::raw_ostream &os, const HostArray &array);

/// The fields of one memref descriptor as the lowered code lays it out:
/// allocated pointer, aligned pointer, offset, sizes[rank], strides[rank],
/// each 8 bytes.
struct MemRefDescriptor {
  void *allocated = nullptr;
  void *aligned = nullptr;
  int64_t offset = 0;
  llvm::SmallVector<int64_t> sizes;
  llvm::SmallVector<int64_t> strides;

  /// Number of 8-byte fields of a descriptor of `rank`.
  static unsigned getNumFields(unsigned rank) { return 3 + 2 * rank; }

  /// Reads a descriptor of `rank` from `fields`.
  static MemRefDescriptor read(const uint64_t *fields, unsigned rank);

  /// Copies the (possibly strided) elements this descriptor views into a
  /// dense host array of `kind`.
  HostArray copyToHost(ElementKind kind) const;
};

/// The argument list of a call through ExecutionEngine's packed wrapper
/// `void _mlir_<name>(void **)`: one pointer per scalar argument of the
/// lowered function (each memref expanded into its descriptor fields),
/// followed by a pointer to the result struct, which is laid out as the
/// descriptors of all results back to back.
class PackedCall {
public:
  /// Adds a memref argument that views all of `array` (offset 0, row-major).
  void addArgument(HostArray &array);
  /// Sizes the result struct for memref results of the given ranks.
  void setResultRanks(llvm::ArrayRef<unsigned> ranks);

  /// Returns the pointer list to pass to the packed wrapper. Valid until the
  /// next add/set call.
  llvm::SmallVector<void *> getPointers();

  /// Reads the descriptors of all results after a call.
  llvm::SmallVector<MemRefDescriptor> readResults() const;

private:
  llvm::SmallVector<uint64_t> argumentFields;
  llvm::SmallVector<uint64_t> resultFields;
  llvm::SmallVector<unsigned> resultRanks;
};

} // namespace mlir::norm::runner

#endif // NORM_RUNNER_BUFFERS_H
