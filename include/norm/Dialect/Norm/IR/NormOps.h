//===- NormOps.h - Norm dialect ops -------------------------*- C++ -*-===//

#ifndef NORM_DIALECT_NORM_IR_NORMOPS_H
#define NORM_DIALECT_NORM_IR_NORMOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "norm/Dialect/Norm/IR/NormDialect.h"

namespace mlir::norm {
/// The accumulation type of a norm op: `accType` when given, else f64 for f64
/// inputs and f32 for every narrower float type.
FloatType getAccumulatorTypeOrDefault(TypeAttr accType, FloatType elementType);

/// Attaches the TilingInterface to every norm op (see NormTilingInterface.cpp).
void registerTilingInterfaceExternalModels(DialectRegistry &registry);
} // namespace mlir::norm

#define GET_OP_CLASSES
#include "norm/Dialect/Norm/IR/NormOps.h.inc"

#endif // NORM_DIALECT_NORM_IR_NORMOPS_H
