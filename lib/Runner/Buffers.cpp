//===- Buffers.cpp - Host arrays and memref descriptors -----*- C++ -*-===//
//
// Element kinds, host arrays and the packing of memref descriptors for
// ExecutionEngine's packed wrappers; their text form (inline arrays,
// printing) is in ArrayText.cpp.
//
//===----------------------------------------------------------------------===//

#include "norm/Runner/Buffers.h"

#include "mlir/IR/BuiltinTypes.h"
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

//===----------------------------------------------------------------------===//
// Element kinds
//===----------------------------------------------------------------------===//

ArrayRef<ElementKind> mlir::norm::runner::getElementKinds() {
  static constexpr ElementKind kinds[] = {ElementKind::F16, ElementKind::BF16,
                                          ElementKind::F32, ElementKind::F64,
                                          ElementKind::I32, ElementKind::I64};
  return kinds;
}

StringRef mlir::norm::runner::getElementKindName(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return "f16";
  case ElementKind::BF16:
    return "bf16";
  case ElementKind::F32:
    return "f32";
  case ElementKind::F64:
    return "f64";
  case ElementKind::I32:
    return "i32";
  case ElementKind::I64:
    return "i64";
  }
  llvm_unreachable("unknown ElementKind");
}

unsigned mlir::norm::runner::getElementByteWidth(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
  case ElementKind::BF16:
    return 2;
  case ElementKind::F32:
  case ElementKind::I32:
    return 4;
  case ElementKind::F64:
  case ElementKind::I64:
    return 8;
  }
  llvm_unreachable("unknown ElementKind");
}

std::optional<ElementKind>
mlir::norm::runner::parseElementKind(StringRef name) {
  for (ElementKind kind : getElementKinds())
    if (name == getElementKindName(kind))
      return kind;
  return std::nullopt;
}

uint16_t mlir::norm::runner::roundFloatToBF16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  if ((bits & 0x7fffffffu) > 0x7f800000u)
    return static_cast<uint16_t>((bits >> 16) | 0x0040u); // quiet NaN
  uint32_t roundingBias = 0x7fffu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>((bits + roundingBias) >> 16);
}

std::string mlir::norm::runner::formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "()";
  std::string result;
  raw_string_ostream os(result);
  llvm::interleave(shape, os, "x");
  return result;
}

std::string mlir::norm::runner::formatShapedType(ArrayRef<int64_t> shape,
                                                 ElementKind kind) {
  std::string result;
  for (int64_t dim : shape)
    result +=
        (dim == mlir::ShapedType::kDynamic ? "?" : std::to_string(dim)) + "x";
  return result + getElementKindName(kind).str();
}

//===----------------------------------------------------------------------===//
// ShapedSpec
//===----------------------------------------------------------------------===//

Expected<ShapedSpec> ShapedSpec::get(mlir::Type type) {
  ShapedSpec spec;
  raw_string_ostream(spec.typeString) << type;
  auto fail = [&](const Twine &why) {
    return createStringError(inconvertibleErrorCode(), "unsupported type " +
                                                           spec.typeString +
                                                           " (" + why + ")");
  };

  mlir::Type elementType;
  if (auto tensorType = dyn_cast<mlir::RankedTensorType>(type)) {
    if (tensorType.getEncoding())
      return fail("tensor encodings are not supported");
    spec.isTensor = true;
    elementType = tensorType.getElementType();
    spec.shape.assign(tensorType.getShape().begin(),
                      tensorType.getShape().end());
  } else if (auto memrefType = dyn_cast<mlir::MemRefType>(type)) {
    if (!memrefType.getLayout().isIdentity())
      return fail("memrefs need the identity layout");
    spec.isTensor = false;
    elementType = memrefType.getElementType();
    spec.shape.assign(memrefType.getShape().begin(),
                      memrefType.getShape().end());
  } else if (isa<mlir::UnrankedTensorType, mlir::UnrankedMemRefType>(type)) {
    return fail("the rank must be static");
  } else {
    return fail("only ranked tensors and memrefs can be passed");
  }

  if (elementType.isF16())
    spec.kind = ElementKind::F16;
  else if (elementType.isBF16())
    spec.kind = ElementKind::BF16;
  else if (elementType.isF32())
    spec.kind = ElementKind::F32;
  else if (elementType.isF64())
    spec.kind = ElementKind::F64;
  else if (elementType.isInteger(32) && !elementType.isUnsignedInteger())
    spec.kind = ElementKind::I32;
  else if (elementType.isInteger(64) && !elementType.isUnsignedInteger())
    spec.kind = ElementKind::I64;
  else
    return fail("the element type must be f16, bf16, f32, f64, i32 or i64");
  return spec;
}

std::string ShapedSpec::checkShape(ArrayRef<int64_t> actual) const {
  if (actual.size() != shape.size())
    return "rank " + std::to_string(shape.size()) + " expected, got rank " +
           std::to_string(actual.size());
  for (auto [index, expected, got] : llvm::enumerate(shape, actual))
    if (expected != mlir::ShapedType::kDynamic && expected != got)
      return "dimension " + std::to_string(index) + " must be " +
             std::to_string(expected) + ", got " + std::to_string(got);
  return "";
}

//===----------------------------------------------------------------------===//
// HostArray
//===----------------------------------------------------------------------===//

HostArray::HostArray(ElementKind kind, ArrayRef<int64_t> shape)
    : kind(kind), shape(shape) {
  // Never a null pointer, even for zero elements; 64-byte aligned so the
  // kernels see the same alignment as memref.alloc gives them. Exactly the
  // array's size, without padding, so that under --sanitize=address a read
  // past the last element hits the allocator's redzone.
  size_t size = std::max<size_t>(getNumBytes(), 1);
  void *block = nullptr;
  if (posix_memalign(&block, 64, size))
    report_bad_alloc_error("out of memory for a host array");
  storage.reset(static_cast<uint8_t *>(block));
  std::memset(storage.get(), 0, size);
}

int64_t HostArray::getNumElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

SmallVector<int64_t> HostArray::getStrides() const {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

//===----------------------------------------------------------------------===//
// Memref descriptors
//===----------------------------------------------------------------------===//

MemRefDescriptor MemRefDescriptor::read(const uint64_t *fields, unsigned rank) {
  MemRefDescriptor desc;
  desc.allocated = reinterpret_cast<void *>(static_cast<uintptr_t>(fields[0]));
  desc.aligned = reinterpret_cast<void *>(static_cast<uintptr_t>(fields[1]));
  desc.offset = static_cast<int64_t>(fields[2]);
  for (unsigned i = 0; i < rank; ++i) {
    desc.sizes.push_back(static_cast<int64_t>(fields[3 + i]));
    desc.strides.push_back(static_cast<int64_t>(fields[3 + rank + i]));
  }
  return desc;
}

HostArray MemRefDescriptor::copyToHost(ElementKind kind) const {
  HostArray array(kind, sizes);
  int64_t numElements = array.getNumElements();
  if (numElements == 0)
    return array;
  unsigned width = getElementByteWidth(kind);
  const uint8_t *base = static_cast<const uint8_t *>(aligned) +
                        offset * static_cast<int64_t>(width);
  if (ArrayRef<int64_t>(strides) == ArrayRef<int64_t>(array.getStrides())) {
    std::memcpy(array.getData(), base, array.getNumBytes());
    return array;
  }
  // A strided view: walk the index space in row-major order.
  SmallVector<int64_t> index(sizes.size(), 0);
  for (int64_t linear = 0; linear < numElements; ++linear) {
    int64_t elementOffset = 0;
    for (auto [i, stride] : llvm::enumerate(strides))
      elementOffset += index[i] * stride;
    std::memcpy(array.getData() + linear * width, base + elementOffset * width,
                width);
    for (int64_t d = static_cast<int64_t>(sizes.size()) - 1; d >= 0; --d) {
      if (++index[d] < sizes[d])
        break;
      index[d] = 0;
    }
  }
  return array;
}

void PackedCall::addArgument(HostArray &array) {
  uint64_t ptr = reinterpret_cast<uintptr_t>(array.getData());
  argumentFields.push_back(ptr); // allocated
  argumentFields.push_back(ptr); // aligned
  argumentFields.push_back(0);   // offset
  for (int64_t size : array.getShape())
    argumentFields.push_back(static_cast<uint64_t>(size));
  for (int64_t stride : array.getStrides())
    argumentFields.push_back(static_cast<uint64_t>(stride));
}

void PackedCall::setResultRanks(ArrayRef<unsigned> ranks) {
  resultRanks.assign(ranks.begin(), ranks.end());
  unsigned numFields = 0;
  for (unsigned rank : ranks)
    numFields += MemRefDescriptor::getNumFields(rank);
  resultFields.assign(numFields, 0);
}

SmallVector<void *> PackedCall::getPointers() {
  SmallVector<void *> pointers;
  for (uint64_t &field : argumentFields)
    pointers.push_back(&field);
  // A function without results takes no result pointer.
  if (!resultRanks.empty())
    pointers.push_back(resultFields.data());
  return pointers;
}

SmallVector<MemRefDescriptor> PackedCall::readResults() const {
  SmallVector<MemRefDescriptor> results;
  const uint64_t *fields = resultFields.data();
  for (unsigned rank : resultRanks) {
    results.push_back(MemRefDescriptor::read(fields, rank));
    fields += MemRefDescriptor::getNumFields(rank);
  }
  return results;
}
