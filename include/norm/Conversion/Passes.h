//===- Passes.h - Norm conversion passes --------------------*- C++ -*-===//
//
// Every norm conversion and the registration of their passes.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_CONVERSION_PASSES_H
#define NORM_CONVERSION_PASSES_H

#include "norm/Conversion/NormToGPU/NormToGPU.h"
#include "norm/Conversion/NormToLinalg/NormToLinalg.h"
#include "norm/Conversion/NormToVector/NormToVector.h"

namespace mlir::norm {

#define GEN_PASS_REGISTRATION
#include "norm/Conversion/Passes.h.inc"

} // namespace mlir::norm

#endif // NORM_CONVERSION_PASSES_H
