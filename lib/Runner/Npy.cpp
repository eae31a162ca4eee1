//===- Npy.cpp - NumPy .npy reader and writer ---------------*- C++ -*-===//
//
// Format reference: numpy/lib/format.py. A file is the magic "\x93NUMPY", a
// major and a minor version byte, the header length (uint16 for 1.0, uint32
// for 2.0 and 3.0, little-endian), then the header: a Python dict literal
// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded with
// spaces and ended by '\n', then the raw element bytes.
//
//===----------------------------------------------------------------------===//

#include "norm/Runner/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>

using namespace llvm;
using namespace mlir::norm::runner;

static constexpr char kMagic[] = "\x93NUMPY";
static constexpr size_t kMagicSize = 6;

StringRef mlir::norm::runner::getNpyDescr(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return "<f2";
  case ElementKind::BF16:
    return "<u2";
  case ElementKind::F32:
    return "<f4";
  case ElementKind::F64:
    return "<f8";
  case ElementKind::I32:
    return "<i4";
  case ElementKind::I64:
    return "<i8";
  }
  llvm_unreachable("unknown ElementKind");
}

namespace {

/// The value of one key of the header dictionary.
struct HeaderValue {
  enum Kind { String, Bool, Tuple, Other } kind = Other;
  std::string str;
  bool boolean = false;
  SmallVector<int64_t> ints;
};

/// A recursive-descent parser for the restricted Python literal syntax that
/// numpy writes into .npy headers: a dict of string keys whose values are
/// strings, booleans or tuples of non-negative integers. A list value (the
/// descr of a structured dtype) parses as `Other`.
class HeaderParser {
public:
  HeaderParser(StringRef text) : text(text) {}

  /// Parses the whole dict into `entries`.
  Error
  parseDict(SmallVectorImpl<std::pair<std::string, HeaderValue>> &entries) {
    skipSpace();
    if (!consume('{'))
      return error("expected '{'");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (Error err = parseString(key))
        return err;
      skipSpace();
      if (!consume(':'))
        return error("expected ':' after key '" + key + "'");
      HeaderValue value;
      if (Error err = parseValue(value))
        return err;
      entries.emplace_back(std::move(key), std::move(value));
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return error("expected ',' or '}'");
    }
    skipSpace();
    if (pos != text.size())
      return error("trailing characters after the dict");
    return Error::success();
  }

private:
  Error error(const Twine &msg) {
    return createStringError(inconvertibleErrorCode(), "malformed header (" +
                                                           msg + " at offset " +
                                                           Twine(pos) + ")");
  }

  void skipSpace() {
    while (pos < text.size() && isSpace(text[pos]))
      ++pos;
  }

  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  bool consumeWord(StringRef word) {
    if (text.substr(pos).starts_with(word)) {
      pos += word.size();
      return true;
    }
    return false;
  }

  Error parseString(std::string &out) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return error("expected a quoted string");
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == StringRef::npos)
      return error("unterminated string");
    out = text.slice(pos, end).str();
    pos = end + 1;
    return Error::success();
  }

  Error parseInt(int64_t &out) {
    size_t start = pos;
    while (pos < text.size() && isDigit(text[pos]))
      ++pos;
    // Python 2 era writers may append 'L' to longs.
    StringRef digits = text.slice(start, pos);
    consume('L');
    if (digits.empty() || digits.getAsInteger(10, out) || out < 0)
      return error("expected a non-negative integer dimension");
    return Error::success();
  }

  Error parseValue(HeaderValue &value) {
    skipSpace();
    if (pos < text.size() && (text[pos] == '\'' || text[pos] == '"')) {
      value.kind = HeaderValue::String;
      return parseString(value.str);
    }
    if (consumeWord("True")) {
      value.kind = HeaderValue::Bool;
      value.boolean = true;
      return Error::success();
    }
    if (consumeWord("False")) {
      value.kind = HeaderValue::Bool;
      value.boolean = false;
      return Error::success();
    }
    if (consume('(')) {
      value.kind = HeaderValue::Tuple;
      while (true) {
        skipSpace();
        if (consume(')'))
          return Error::success();
        int64_t dim;
        if (Error err = parseInt(dim))
          return err;
        value.ints.push_back(dim);
        skipSpace();
        if (consume(','))
          continue;
        skipSpace();
        if (consume(')'))
          return Error::success();
        return error("expected ',' or ')' in the shape tuple");
      }
    }
    if (pos < text.size() && text[pos] == '[') {
      // A structured dtype: skip the balanced brackets, reported later.
      value.kind = HeaderValue::Other;
      int depth = 0;
      do {
        if (text[pos] == '[')
          ++depth;
        else if (text[pos] == ']')
          --depth;
        ++pos;
      } while (pos < text.size() && depth > 0);
      if (depth != 0)
        return error("unbalanced '['");
      return Error::success();
    }
    return error("unexpected value");
  }

  StringRef text;
  size_t pos = 0;
};

} // namespace

/// Maps a descr string to the element kind it carries, with a precise error
/// for byte orders and dtypes the runner does not read.
static Expected<ElementKind> parseDescr(StringRef descr) {
  if (descr.starts_with(">"))
    return createStringError(inconvertibleErrorCode(),
                             "big-endian dtype '" + descr +
                                 "' is not supported (save the array as "
                                 "little-endian)");
  // '=' is native order, little-endian on every host the runner targets; '|'
  // is "not applicable" and only used for 1-byte types.
  std::string normalized = descr.str();
  if (!normalized.empty() && normalized[0] == '=')
    normalized[0] = '<';
  for (ElementKind kind : getElementKinds())
    if (normalized == getNpyDescr(kind))
      return kind;
  return createStringError(
      inconvertibleErrorCode(),
      "unsupported dtype '" + descr +
          "' (supported: <f2 <f4 <f8 <i4 <i8, and <u2 or <f4 for bf16)");
}

Expected<NpyArray> mlir::norm::runner::readNpy(StringRef path) {
  auto prefixed = [&](const Twine &msg) {
    return createStringError(inconvertibleErrorCode(),
                             "'" + path + "': " + msg);
  };

  ErrorOr<std::unique_ptr<MemoryBuffer>> fileOrErr =
      MemoryBuffer::getFile(path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (std::error_code ec = fileOrErr.getError())
    return createStringError(ec, "cannot read '" + path + "': " + ec.message());
  std::unique_ptr<MemoryBuffer> buffer = std::move(*fileOrErr);
  StringRef bytes = buffer->getBuffer();

  // Magic, version and header length.
  if (bytes.size() < kMagicSize + 2 ||
      std::memcmp(bytes.data(), kMagic, kMagicSize) != 0)
    return prefixed("not a .npy file (bad magic string)");
  unsigned major = static_cast<uint8_t>(bytes[kMagicSize]);
  unsigned minor = static_cast<uint8_t>(bytes[kMagicSize + 1]);
  if (major < 1 || major > 3 || minor != 0)
    return prefixed("unsupported .npy format version " + Twine(major) + "." +
                    Twine(minor));
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t prefixSize = kMagicSize + 2 + lengthSize;
  if (bytes.size() < prefixSize)
    return prefixed("truncated .npy header");
  uint64_t headerLength = 0;
  for (size_t i = 0; i < lengthSize; ++i)
    headerLength |=
        static_cast<uint64_t>(static_cast<uint8_t>(bytes[kMagicSize + 2 + i]))
        << (8 * i);
  if (bytes.size() - prefixSize < headerLength)
    return prefixed("truncated .npy header (needs " + Twine(headerLength) +
                    " bytes, file has " + Twine(bytes.size() - prefixSize) +
                    ")");
  StringRef header = bytes.substr(prefixSize, headerLength);

  // The header dict.
  SmallVector<std::pair<std::string, HeaderValue>> entries;
  if (Error err = HeaderParser(header).parseDict(entries))
    return prefixed(toString(std::move(err)));
  const HeaderValue *descr = nullptr, *fortran = nullptr, *shape = nullptr;
  for (auto &[key, value] : entries) {
    if (key == "descr")
      descr = &value;
    else if (key == "fortran_order")
      fortran = &value;
    else if (key == "shape")
      shape = &value;
  }
  if (!descr || !fortran || !shape)
    return prefixed("malformed header (needs the keys 'descr', "
                    "'fortran_order' and 'shape')");
  if (descr->kind != HeaderValue::String)
    return prefixed("unsupported dtype (structured dtypes are not supported)");
  if (fortran->kind != HeaderValue::Bool || shape->kind != HeaderValue::Tuple)
    return prefixed("malformed header ('fortran_order' must be a bool and "
                    "'shape' a tuple)");

  NpyArray array;
  Expected<ElementKind> kind = parseDescr(descr->str);
  if (!kind)
    return prefixed(toString(kind.takeError()));
  array.kind = *kind;
  array.descr = descr->str;
  array.shape = shape->ints;

  // Fortran order only matters when it changes the layout.
  int64_t nonUnitDims = 0;
  for (int64_t dim : array.shape)
    nonUnitDims += dim > 1;
  if (fortran->boolean && nonUnitDims > 1)
    return prefixed("Fortran-ordered arrays are not supported (save with "
                    "numpy.ascontiguousarray)");

  // The data section must hold exactly the elements.
  uint64_t numBytes = getElementByteWidth(array.kind);
  for (int64_t dim : array.shape) {
    if (dim != 0 && numBytes > std::numeric_limits<uint64_t>::max() /
                                   static_cast<uint64_t>(dim))
      return prefixed("shape is too large");
    numBytes *= static_cast<uint64_t>(dim);
  }
  uint64_t dataOffset = prefixSize + headerLength;
  uint64_t available = bytes.size() - dataOffset;
  if (available != numBytes)
    return prefixed(Twine(available < numBytes ? "truncated data: " : "") +
                    "the data section has " + Twine(available) +
                    " bytes, but shape and dtype need " + Twine(numBytes));
  array.data = ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(bytes.data()) + dataOffset, numBytes);
  array.buffer = std::move(buffer);
  return std::move(array);
}

Error mlir::norm::runner::writeNpy(StringRef path, ElementKind kind,
                                   ArrayRef<int64_t> shape,
                                   ArrayRef<uint8_t> data) {
  std::string dict;
  raw_string_ostream os(dict);
  os << "{'descr': '" << getNpyDescr(kind)
     << "', 'fortran_order': False, 'shape': (";
  interleave(shape, os, ", ");
  // A 1-tuple needs its trailing comma in Python syntax.
  os << (shape.size() == 1 ? ",), }" : "), }");

  // Pad with spaces so that the data starts on a 64-byte boundary, as numpy
  // does; the header ends with '\n'.
  auto paddedSize = [&](size_t prefixSize) {
    return alignTo(prefixSize + dict.size() + 1, 64) - prefixSize;
  };
  unsigned major = 1;
  size_t headerSize = paddedSize(kMagicSize + 2 + 2);
  if (headerSize > 0xffff) {
    major = 2;
    headerSize = paddedSize(kMagicSize + 2 + 4);
  }
  dict.append(headerSize - dict.size() - 1, ' ');
  dict.push_back('\n');

  std::error_code ec;
  raw_fd_ostream file(path, ec, sys::fs::OF_None);
  if (ec)
    return createStringError(ec,
                             "cannot write '" + path + "': " + ec.message());
  file.write(kMagic, kMagicSize);
  file << static_cast<char>(major) << static_cast<char>(0);
  for (unsigned i = 0, e = major == 1 ? 2 : 4; i < e; ++i)
    file << static_cast<char>((headerSize >> (8 * i)) & 0xff);
  file << dict;
  file.write(reinterpret_cast<const char *>(data.data()), data.size());
  file.close();
  if (file.has_error()) {
    std::error_code writeError = file.error();
    file.clear_error();
    return createStringError(writeError, "cannot write '" + path +
                                             "': " + writeError.message());
  }
  return Error::success();
}
