//===- ArrayIO.cpp - Host arrays from and to files and text -*- C++ -*-===//
//
// Inputs from .npy files and inline text, checked against the signature of
// the function they are for, and results written to .npy files.
//
//===----------------------------------------------------------------------===//

#include "norm/Runner/ArrayIO.h"

#include "norm/Runner/Npy.h"

#include <cstring>

using namespace llvm;
using namespace mlir::norm::runner;

/// Makes an error carrying `msg`.
static Error makeError(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

/// Checks that an input `index` of `shape` fits argument `index`.
static Error checkInputShape(unsigned index, const ShapedSpec &spec,
                             ArrayRef<int64_t> shape, ElementKind kind) {
  std::string reason = spec.checkShape(shape);
  if (reason.empty())
    return Error::success();
  return makeError("argument " + Twine(index) + " has type " + spec.typeString +
                   " but input " + Twine(index) + " is " +
                   formatShapedType(shape, kind) + " (" + reason + ")");
}

Error mlir::norm::runner::checkInput(unsigned index, const ShapedSpec &spec,
                                     const HostArray &array) {
  if (array.getKind() != spec.kind)
    return makeError("argument " + Twine(index) + " has type " +
                     spec.typeString + " but input " + Twine(index) + " is " +
                     array.getTypeString() + " (element type " +
                     getElementKindName(array.getKind()) + ", expected " +
                     getElementKindName(spec.kind) + ")");
  return checkInputShape(index, spec, array.getShape(), spec.kind);
}

Expected<HostArray> mlir::norm::runner::loadNpyInput(unsigned index,
                                                     StringRef path,
                                                     const ShapedSpec &spec) {
  Expected<NpyArray> npy = readNpy(path);
  if (!npy)
    return makeError("input " + Twine(index) + ": " +
                     toString(npy.takeError()));

  bool bf16FromF32 =
      spec.kind == ElementKind::BF16 && npy->kind == ElementKind::F32;
  if (npy->kind != spec.kind && !bf16FromF32)
    return makeError(
        "argument " + Twine(index) + " has type " + spec.typeString +
        " but input " + Twine(index) + " ('" + path + "') has shape " +
        formatShape(npy->shape) + " and dtype '" + npy->descr +
        "' (expected '" + getNpyDescr(spec.kind) + "'" +
        (spec.kind == ElementKind::BF16 ? " raw bf16 bits or '<f4'" : "") +
        ")");
  if (Error err = checkInputShape(index, spec, npy->shape, spec.kind))
    return std::move(err);

  HostArray array(spec.kind, npy->shape);
  if (bf16FromF32) {
    auto *dest = reinterpret_cast<uint16_t *>(array.getData());
    for (int64_t i = 0, e = array.getNumElements(); i < e; ++i) {
      float value;
      std::memcpy(&value, npy->data.data() + 4 * i, sizeof(value));
      dest[i] = roundFloatToBF16(value);
    }
  } else {
    std::memcpy(array.getData(), npy->data.data(), npy->data.size());
  }
  return std::move(array);
}

Expected<HostArray> mlir::norm::runner::loadInput(unsigned index,
                                                  StringRef text,
                                                  const ShapedSpec &spec) {
  if (text.starts_with("@"))
    return loadNpyInput(index, text.drop_front(), spec);

  Expected<HostArray> array = parseInlineArray(text);
  if (!array)
    return makeError("input " + Twine(index) + ": " +
                     toString(array.takeError()));
  if (Error err = checkInput(index, spec, *array))
    return std::move(err);
  return array;
}

Error mlir::norm::runner::writeNpyArray(StringRef path,
                                        const HostArray &array) {
  return writeNpy(path, array.getKind(), array.getShape(), array.getBytes());
}
