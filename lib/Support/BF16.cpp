//===- BF16.cpp - bf16 rounding on integer bits -------------*- C++ -*-===//

#include "norm/Support/BF16.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"

using namespace mlir;

Value mlir::norm::buildBF16RoundedBits(OpBuilder &b, Location loc,
                                       Value value) {
  Type i32Type = b.getI32Type();
  if (auto vectorType = dyn_cast<VectorType>(value.getType()))
    i32Type = vectorType.clone(i32Type);
  auto constant = [&](int64_t v) {
    return createScalarOrSplatConstant(b, loc, i32Type, v);
  };
  Value bits = arith::BitcastOp::create(b, loc, i32Type, value);
  Value lsb = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, bits, constant(16)), constant(1));
  return arith::AddIOp::create(
      b, loc, arith::AddIOp::create(b, loc, bits, constant(0x7FFF)), lsb);
}
