//===- RowSchedule.cpp - Which row kernel a row norm runs -----*- C++ -*-===//
//
// The schedule policy of the row norms: rows one at a time, or short rows
// a group at a time (short-row-elements, short-row-max-bytes), decided at
// compile time where the sizes are static, else by a check at run time.
//
//===----------------------------------------------------------------------===//

#include "RowKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::norm;

SmallVector<Value>
mlir::norm::buildRowKernels(RowKernelBuilder &kernel, ValueRange inits,
                            const ConvertNormToVectorPassOptions &options,
                            RowLoops perRow, RowLoops perGroup) {
  if (options.shortRowElements <= 0 || kernel.rank < 2 ||
      !llvm::isPowerOf2_64(kernel.lanes))
    return perRow(inits, nullptr);
  OpBuilder &b = kernel.b;
  Location loc = kernel.loc;
  // Folded to a constant where the sizes are static.
  Value length =
      b.createOrFold<tensor::DimOp>(loc, kernel.input, kernel.rank - 1);
  Value grouped =
      b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::ule, length,
                                    kernel.index(options.shortRowElements));
  if (options.shortRowMaxBytes > 0 && !isConstantIntValue(grouped, 0)) {
    Value bytes = kernel.index(kernel.elementType.getWidth() / 8);
    Value whole = kernel.input;
    if (auto slice = whole.getDefiningOp<tensor::ExtractSliceOp>())
      whole = slice.getSource();
    for (int64_t d = 0; d < kernel.rank; ++d)
      bytes = b.createOrFold<arith::MulIOp>(
          loc, bytes, b.createOrFold<tensor::DimOp>(loc, whole, d));
    grouped = b.createOrFold<arith::AndIOp>(
        loc, grouped,
        b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, bytes,
                                      kernel.index(options.shortRowMaxBytes)));
  }
  if (std::optional<int64_t> decided = getConstantIntValue(grouped))
    return *decided ? perGroup(inits, nullptr) : perRow(inits, nullptr);
  Value perRowNeeded = arith::XOrIOp::create(
      b, loc, grouped, arith::ConstantIntOp::create(b, loc, 1, 1));
  return perRow(perGroup(inits, grouped), perRowNeeded);
}
