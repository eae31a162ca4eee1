//===- NormDialect.h - Norm dialect -------------------------*- C++ -*-===//

#ifndef NORM_DIALECT_NORM_IR_NORMDIALECT_H
#define NORM_DIALECT_NORM_IR_NORMDIALECT_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "norm/Dialect/Norm/IR/NormDialect.h.inc"

#endif // NORM_DIALECT_NORM_IR_NORMDIALECT_H
