//===- InsertRuntimeChecks.cpp - norm-insert-runtime-checks -*- C++ -*-===//
//
// Guards every norm op whose size relations involve dynamic sizes with
// norm.assert_size ops.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMINSERTRUNTIMECHECKSPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Inserts the run-time size checks of every norm op (see
/// buildRuntimeSizeChecks) right before it.
struct NormInsertRuntimeChecksPass
    : norm::impl::NormInsertRuntimeChecksPassBase<NormInsertRuntimeChecksPass> {
  void runOnOperation() override {
    OpBuilder builder(&getContext());
    getOperation()->walk(
        [&](NormOpInterface op) { buildRuntimeSizeChecks(builder, op); });
  }
};
} // namespace
