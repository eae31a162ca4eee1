//===- FlattenBatchNorm.cpp - norm-flatten-batch-norm -------*- C++ -*-===//
//
// Merges the dims after the channel of the batch norms into one, so that a
// channel's elements form contiguous runs of one dim.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMFLATTENBATCHNORMPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// Rewrites `op` (a batch norm whose input is operand 0 and whose output is
/// result 0) with two or more dims after `axis` into the same op on the input
/// collapsed to [dims before axis..., C, product of the dims after], and
/// expands its output back.
static void flatten(RewriterBase &rewriter, Operation *op, int64_t axis,
                    StringRef axisName) {
  Value input = op->getOperand(0);
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  if (rank - axis - 1 < 2)
    return;
  // An empty input has nothing to stream; collapsing a group with a static 0
  // and a dynamic size would also give a static 0 that memref.collapse_shape
  // rejects after bufferization.
  if (llvm::is_contained(type.getShape(), 0))
    return;
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t dim = 0; dim <= axis; ++dim)
    reassociation.push_back({dim});
  ReassociationIndices trailing;
  for (int64_t dim = axis + 1; dim < rank; ++dim)
    trailing.push_back(dim);
  reassociation.push_back(trailing);

  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
  Value collapsed =
      tensor::CollapseShapeOp::create(rewriter, loc, input, reassociation);
  Operation *flat = rewriter.clone(*op);
  flat->setOperand(0, collapsed);
  flat->getResult(0).setType(collapsed.getType());
  // A negative feature_axis counts from the end, which has moved.
  flat->setAttr(axisName, rewriter.getI64IntegerAttr(axis));
  Value output;
  if (llvm::count_if(type.getShape().drop_front(axis + 1),
                     ShapedType::isDynamic) < 2) {
    output =
        tensor::ExpandShapeOp::create(rewriter, loc, op->getResult(0).getType(),
                                      flat->getResult(0), reassociation, sizes);
  } else {
    // Splitting one dim into several dynamic ones as a memref.expand_shape
    // crashes expand-strided-metadata in LLVM 22 (llvm-project#186830); a
    // tensor.reshape of the (freshly allocated) output is a view as well.
    SmallVector<Value> shape = llvm::map_to_vector(sizes, [&](OpFoldResult s) {
      return getValueOrCreateConstantIndexOp(rewriter, loc, s);
    });
    Value shapeTensor = tensor::FromElementsOp::create(rewriter, loc, shape);
    output =
        tensor::ReshapeOp::create(rewriter, loc, op->getResult(0).getType(),
                                  flat->getResult(0), shapeTensor);
  }
  SmallVector<Value> replacements = {output};
  llvm::append_range(replacements, flat->getResults().drop_front());
  rewriter.replaceOp(op, replacements);
}

namespace {
/// Rewrites every batch norm with several dims after its channel into the
/// same op on a [..., C, B] view of its input (collapse_shape), with the
/// output expanded back (expand_shape).
struct NormFlattenBatchNormPass
    : norm::impl::NormFlattenBatchNormPassBase<NormFlattenBatchNormPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<Operation *> norms;
    getOperation().walk([&](Operation *op) {
      if (isa<BatchNormOp, BatchNormTrainOp>(op))
        norms.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : norms) {
      auto norm = cast<NormOpInterface>(op);
      flatten(rewriter, op, *norm.getChannelAxis(),
              norm.getAxisAttribute()->first);
    }
  }
};
} // namespace
