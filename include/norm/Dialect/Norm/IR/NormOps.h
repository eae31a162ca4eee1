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
#include "norm/Dialect/Norm/IR/NormInterfaces.h"

#include "norm/Dialect/Norm/IR/NormEnums.h.inc"

namespace mlir::norm {
/// Inserts before the norm op `op` one `norm.assert_size` for every size
/// relation between its operands and result types that its verifier checks
/// on static shapes but that involves a dynamic size here: parameters and
/// statistics vs the dims of their layouts, the group count dividing the
/// channels, the elements per statistic. Static relations get no check.
/// Returns the number of checks inserted.
int64_t buildRuntimeSizeChecks(OpBuilder &builder, NormOpInterface op);

/// The `epsilon`/`momentum` attribute of `value`: f64 when `value` has IEEE
/// double semantics, f32 otherwise (rounded to f32 when it is wider).
FloatAttr getF32OrF64FloatAttr(Builder builder, const llvm::APFloat &value);
/// An f32 `epsilon`/`momentum` attribute (the defaults, the `float` builders).
FloatAttr getF32OrF64FloatAttr(Builder builder, float value);

/// The statistics result types of the norm ops, inferred from the input type
/// and the attributes as the verifiers require them (NormResultTypes.cpp);
/// the element type is `accType`, or the default accumulation type. Null when
/// the attributes do not allow one (an axis out of range, a non-float input,
/// `numGroups` <= 0).
///
/// layer_norm's `mean` and `inv_std_dev`, rms_norm's `inv_rms`:
/// `input.shape[:axis] + [1] * (rank - axis)`.
RankedTensorType inferRowStatisticsType(RankedTensorType inputType,
                                        int64_t axis, TypeAttr accType);
/// group_norm's `mean` and `inv_std_dev`: `(N, numGroups)`.
RankedTensorType inferGroupStatisticsType(RankedTensorType inputType,
                                          int64_t numGroups, TypeAttr accType);
/// batch_norm_train's `batch_mean`, `batch_var` and new running statistics:
/// `(C)`, C the size of `featureAxis`.
RankedTensorType inferChannelStatisticsType(RankedTensorType inputType,
                                            int64_t featureAxis,
                                            TypeAttr accType);

/// Attaches the TilingInterface to every op of the norm dialect that
/// implements NormOpInterface (see NormTilingInterface.cpp).
void registerTilingInterfaceExternalModels(DialectRegistry &registry);
} // namespace mlir::norm

#define GET_OP_CLASSES
#include "norm/Dialect/Norm/IR/NormOps.h.inc"

#endif // NORM_DIALECT_NORM_IR_NORMOPS_H
