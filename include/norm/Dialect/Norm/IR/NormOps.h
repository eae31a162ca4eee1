//===- NormOps.h - Norm dialect ops -------------------------*- C++ -*-===//

#ifndef NORM_DIALECT_NORM_IR_NORMOPS_H
#define NORM_DIALECT_NORM_IR_NORMOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
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

/// The `epsilon`/`momentum` attribute of `value`: f64 when `value` has IEEE
/// double semantics, f32 otherwise (rounded to f32 when it is wider).
FloatAttr getF32OrF64FloatAttr(Builder builder, const llvm::APFloat &value);
/// An f32 `epsilon`/`momentum` attribute (the defaults, the `float` builders).
FloatAttr getF32OrF64FloatAttr(Builder builder, float value);

/// `value` rounded once to `type` (to nearest, ties to even), as a double;
/// exact for f16, bf16, f32 and f64.
double roundToFloatType(llvm::APFloat value, FloatType type);

/// Attaches the TilingInterface to every norm op (see NormTilingInterface.cpp).
void registerTilingInterfaceExternalModels(DialectRegistry &registry);
} // namespace mlir::norm

#define GET_OP_CLASSES
#include "norm/Dialect/Norm/IR/NormOps.h.inc"

#endif // NORM_DIALECT_NORM_IR_NORMOPS_H
