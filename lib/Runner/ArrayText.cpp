//===- ArrayText.cpp - Host arrays as text -------------------*- C++ -*-===//
//
// The text form of host arrays (declared in norm/Runner/Buffers.h): inline
// array parsing, iree-style printing and the summaries of large results.
//
//===----------------------------------------------------------------------===//

#include "norm/Runner/Buffers.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

using namespace llvm;
using namespace mlir::norm::runner;

/// Returns the APFloat semantics of a floating-point kind.
static const fltSemantics &getSemantics(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return APFloat::IEEEhalf();
  case ElementKind::BF16:
    return APFloat::BFloat();
  case ElementKind::F32:
    return APFloat::IEEEsingle();
  default:
    return APFloat::IEEEdouble();
  }
}

//===----------------------------------------------------------------------===//
// Inline arrays
//===----------------------------------------------------------------------===//

/// Parses one element `token` of `kind` and stores it at `dest`.
static Error parseElement(StringRef token, ElementKind kind, uint8_t *dest) {
  if (kind == ElementKind::I32 || kind == ElementKind::I64) {
    int64_t value;
    if (token.getAsInteger(10, value) ||
        (kind == ElementKind::I32 && !isInt<32>(value)))
      return createStringError(inconvertibleErrorCode(),
                               "'" + token + "' is not a valid " +
                                   getElementKindName(kind) + " value");
    if (kind == ElementKind::I32) {
      int32_t narrow = static_cast<int32_t>(value);
      std::memcpy(dest, &narrow, sizeof(narrow));
    } else {
      std::memcpy(dest, &value, sizeof(value));
    }
    return Error::success();
  }

  // Round the decimal string directly to the target format (no double
  // rounding through f64).
  APFloat value(getSemantics(kind));
  Expected<APFloat::opStatus> status =
      value.convertFromString(token, APFloat::rmNearestTiesToEven);
  if (!status) {
    consumeError(status.takeError());
    return createStringError(inconvertibleErrorCode(),
                             "'" + token + "' is not a valid " +
                                 getElementKindName(kind) + " value");
  }
  APInt bits = value.bitcastToAPInt();
  uint64_t raw = bits.getZExtValue();
  std::memcpy(dest, &raw, getElementByteWidth(kind)); // little-endian host
  return Error::success();
}

Expected<HostArray> mlir::norm::runner::parseInlineArray(StringRef text) {
  auto fail = [&](const Twine &why) {
    return createStringError(inconvertibleErrorCode(),
                             "malformed inline input '" + text + "': " + why);
  };
  auto [typePart, valuePart] = text.split('=');
  if (typePart.size() == text.size())
    return fail("expected SHAPExTYPE=VALUES, e.g. 2x3xf32=1 2 3 4 5 6");

  SmallVector<StringRef> pieces;
  typePart.trim().split(pieces, 'x');
  std::optional<ElementKind> kind = parseElementKind(pieces.back());
  if (!kind)
    return fail("unsupported element type '" + pieces.back() +
                "' (supported: f16 bf16 f32 f64 i32 i64)");
  SmallVector<int64_t> shape;
  for (StringRef piece : ArrayRef(pieces).drop_back()) {
    int64_t dim;
    if (piece.getAsInteger(10, dim) || dim < 0)
      return fail("'" + piece + "' is not a valid dimension");
    shape.push_back(dim);
  }

  SmallVector<StringRef> tokens;
  SplitString(valuePart, tokens, " \t\n\r,");
  int64_t numElements = 1;
  for (int64_t dim : shape)
    if (MulOverflow(numElements, dim, numElements))
      return fail("shape is too large");
  if (static_cast<int64_t>(tokens.size()) != numElements)
    return fail("shape " + formatShapedType(shape, *kind) + " needs " +
                Twine(numElements) + " values, got " + Twine(tokens.size()));

  HostArray array(*kind, shape);
  unsigned width = getElementByteWidth(*kind);
  for (auto [index, token] : llvm::enumerate(tokens))
    if (Error err = parseElement(token, *kind, array.getData() + index * width))
      return fail(toString(std::move(err)));
  return std::move(array);
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

/// Prints the element at `ptr` with enough digits to round-trip.
static void printElement(raw_ostream &os, ElementKind kind,
                         const uint8_t *ptr) {
  switch (kind) {
  case ElementKind::I32: {
    int32_t value;
    std::memcpy(&value, ptr, sizeof(value));
    os << value;
    return;
  }
  case ElementKind::I64: {
    int64_t value;
    std::memcpy(&value, ptr, sizeof(value));
    os << value;
    return;
  }
  case ElementKind::F64: {
    double value;
    std::memcpy(&value, ptr, sizeof(value));
    os << format("%.17g", value);
    return;
  }
  case ElementKind::F32: {
    float value;
    std::memcpy(&value, ptr, sizeof(value));
    os << format("%.9g", value);
    return;
  }
  case ElementKind::F16:
  case ElementKind::BF16: {
    uint16_t raw;
    std::memcpy(&raw, ptr, sizeof(raw));
    APFloat value(getSemantics(kind), APInt(16, raw));
    bool losesInfo;
    value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
    // 5 significant digits round-trip f16, 4 round-trip bf16.
    os << format(kind == ElementKind::F16 ? "%.5g" : "%.4g",
                 value.convertToDouble());
    return;
  }
  }
}

/// Prints dimension `dim` onwards of the subarray at `ptr` as nested
/// brackets, at most `budget` more elements: past it, "..." and the closing
/// brackets. Returns false once elements were elided.
static bool printNested(raw_ostream &os, const HostArray &array, unsigned dim,
                        ArrayRef<int64_t> strides, const uint8_t *ptr,
                        int64_t &budget) {
  unsigned width = getElementByteWidth(array.getKind());
  int64_t size = array.getShape()[dim];
  bool innermost = dim + 1 == array.getShape().size();
  bool complete = true;
  os << '[';
  for (int64_t i = 0; i < size && complete; ++i) {
    const uint8_t *elementPtr = ptr + i * strides[dim] * width;
    if (!innermost) {
      complete = printNested(os, array, dim + 1, strides, elementPtr, budget);
      continue;
    }
    if (i)
      os << ' ';
    if (budget == 0) {
      os << "...";
      complete = false;
      break;
    }
    printElement(os, array.getKind(), elementPtr);
    --budget;
  }
  os << ']';
  return complete;
}

void mlir::norm::runner::printArray(raw_ostream &os, const HostArray &array,
                                    std::optional<int64_t> maxElements) {
  os << array.getTypeString() << '=';
  if (array.getShape().empty()) {
    printElement(os, array.getKind(), array.getData());
    return;
  }
  int64_t budget = maxElements ? std::max<int64_t>(*maxElements, 0)
                               : array.getNumElements();
  printNested(os, array, 0, array.getStrides(), array.getData(), budget);
}

double mlir::norm::runner::getElementAsDouble(const HostArray &array,
                                              int64_t index) {
  const uint8_t *ptr =
      array.getData() + index * getElementByteWidth(array.getKind());
  switch (array.getKind()) {
  case ElementKind::I32: {
    int32_t value;
    std::memcpy(&value, ptr, sizeof(value));
    return value;
  }
  case ElementKind::I64: {
    int64_t value;
    std::memcpy(&value, ptr, sizeof(value));
    return static_cast<double>(value);
  }
  case ElementKind::F64: {
    double value;
    std::memcpy(&value, ptr, sizeof(value));
    return value;
  }
  case ElementKind::F32: {
    float value;
    std::memcpy(&value, ptr, sizeof(value));
    return value;
  }
  case ElementKind::F16:
  case ElementKind::BF16: {
    uint16_t raw;
    std::memcpy(&raw, ptr, sizeof(raw));
    APFloat value(getSemantics(array.getKind()), APInt(16, raw));
    bool losesInfo;
    value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
    return value.convertToDouble();
  }
  }
  llvm_unreachable("unknown element kind");
}

ArraySummary mlir::norm::runner::summarizeArray(const HostArray &array) {
  ArraySummary summary;
  summary.numElements = array.getNumElements();
  double sum = 0;
  int64_t numValues = 0;
  for (int64_t i = 0; i < summary.numElements; ++i) {
    double value = getElementAsDouble(array, i);
    if (std::isnan(value)) {
      ++summary.numNaN;
      continue;
    }
    if (std::isinf(value))
      ++summary.numInf;
    if (numValues == 0 || value < summary.min)
      summary.min = value;
    if (numValues == 0 || value > summary.max)
      summary.max = value;
    sum += value;
    ++numValues;
  }
  if (numValues == 0) {
    double nan = std::numeric_limits<double>::quiet_NaN();
    summary.min = summary.max = summary.mean = nan;
  } else {
    summary.mean = sum / static_cast<double>(numValues);
  }
  return summary;
}

void mlir::norm::runner::printArraySummary(raw_ostream &os,
                                           const HostArray &array) {
  ArraySummary summary = summarizeArray(array);
  os << "shape=" << formatShape(array.getShape())
     << " dtype=" << getElementKindName(array.getKind())
     << " elements=" << summary.numElements
     << format(" min=%.6g max=%.6g mean=%.6g", summary.min, summary.max,
               summary.mean)
     << " nan=" << summary.numNaN << " inf=" << summary.numInf;
}
