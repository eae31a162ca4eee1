//===- StoreHalfFloatsAsIntegers.cpp - norm-store-half-floats-as-integers ===//
//
// Moves vectors of 16-bit floats through memory as vectors of i16.
//
//===----------------------------------------------------------------------===//

#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMSTOREHALFFLOATSASINTEGERSPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// vector<N x i16> when `type` is a vector of bf16 or f16, else null.
static VectorType getIntegerVectorType(Type type) {
  auto vectorType = dyn_cast<VectorType>(type);
  if (!vectorType || vectorType.isScalable() ||
      !isa<BFloat16Type, Float16Type>(vectorType.getElementType()))
    return nullptr;
  return vectorType.clone(IntegerType::get(type.getContext(), 16));
}

/// `value` as a vector of i16: the source of a bitcast from one, else a new
/// bitcast.
static Value asIntegers(OpBuilder &b, Location loc, Value value,
                        VectorType integerType) {
  if (auto cast = value.getDefiningOp<LLVM::BitcastOp>())
    if (cast.getArg().getType() == integerType)
      return cast.getArg();
  return LLVM::BitcastOp::create(b, loc, integerType, value);
}

namespace {
/// Rewrites loads and stores (plain and masked) of bf16/f16 vectors into the
/// same loads and stores of i16 vectors plus bitcasts. The bytes are the
/// same; x86 without native 16-bit float vectors otherwise scalarizes them
/// (one library call per element for the masked forms).
struct NormStoreHalfFloatsAsIntegersPass
    : norm::impl::NormStoreHalfFloatsAsIntegersPassBase<
          NormStoreHalfFloatsAsIntegersPass> {
  void runOnOperation() override {
    OpBuilder b(&getContext());
    getOperation()->walk([&](Operation *op) {
      b.setInsertionPoint(op);
      if (auto store = dyn_cast<LLVM::StoreOp>(op)) {
        if (VectorType integerType =
                getIntegerVectorType(store.getValue().getType()))
          store.getValueMutable().assign(
              asIntegers(b, store.getLoc(), store.getValue(), integerType));
      } else if (auto store = dyn_cast<LLVM::MaskedStoreOp>(op)) {
        if (VectorType integerType =
                getIntegerVectorType(store.getValue().getType()))
          store.getValueMutable().assign(
              asIntegers(b, store.getLoc(), store.getValue(), integerType));
      } else if (auto load = dyn_cast<LLVM::MaskedLoadOp>(op)) {
        VectorType integerType = getIntegerVectorType(load.getType());
        if (!integerType)
          return;
        Value passThru = load.getPassThru();
        if (passThru)
          passThru = asIntegers(b, load.getLoc(), passThru, integerType);
        auto integerLoad = LLVM::MaskedLoadOp::create(
            b, load.getLoc(), integerType, load.getData(), load.getMask(),
            passThru, load.getAlignmentAttr(), load.getNontemporalAttr());
        Value floats = LLVM::BitcastOp::create(b, load.getLoc(), load.getType(),
                                               integerLoad);
        load.replaceAllUsesWith(floats);
        load.erase();
      }
    });
  }
};
} // namespace
