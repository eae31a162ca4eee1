//===- Passes.h - Norm dialect passes -----------------------*- C++ -*-===//

#ifndef NORM_DIALECT_NORM_TRANSFORMS_PASSES_H
#define NORM_DIALECT_NORM_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::norm {

#define GEN_PASS_DECL
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"

/// norm-on-kernels running `kernelPipeline` (a func.func pipeline built in
/// C++) on each kernel function.
std::unique_ptr<Pass> createNormOnKernelsPass(OpPassManager kernelPipeline);

/// The unit attribute on the kernel functions norm-outline-kernels makes.
constexpr llvm::StringLiteral kKernelAttrName = "norm.kernel";

/// The i32 bits of the f32 `value` (scalar or vector) rounded to bf16,
/// nearest even, in the upper half of each word: bits + 0x7FFF + lsb. No NaN
/// handling (a NaN with nonzero low 16 bits could carry); the expansion of
/// norm-expand-bf16-truncation adds it, and callers whose NaNs are known to
/// have zero low bits (e.g. from bf16 data) can use the bits as they are.
Value buildBF16RoundedBits(OpBuilder &b, Location loc, Value value);

} // namespace mlir::norm

#endif // NORM_DIALECT_NORM_TRANSFORMS_PASSES_H
