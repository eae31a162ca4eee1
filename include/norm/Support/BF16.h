//===- BF16.h - bf16 rounding on integer bits ---------------*- C++ -*-===//
//
// Builders shared by the passes and conversions that round f32 to bf16
// without bf16 arithmetic.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_SUPPORT_BF16_H
#define NORM_SUPPORT_BF16_H

#include "mlir/IR/Builders.h"

namespace mlir::norm {

/// The i32 bits of the f32 `value` (scalar or vector) rounded to bf16,
/// nearest even, in the upper half of each word: bits + 0x7FFF + lsb. No NaN
/// handling (a NaN with nonzero low 16 bits could carry); the expansion of
/// norm-expand-bf16-truncation adds it, and callers whose NaNs are known to
/// have zero low bits (e.g. from bf16 data) can use the bits as they are.
Value buildBF16RoundedBits(OpBuilder &b, Location loc, Value value);

} // namespace mlir::norm

#endif // NORM_SUPPORT_BF16_H
