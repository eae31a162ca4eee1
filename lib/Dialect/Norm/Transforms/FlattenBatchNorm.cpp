//===- FlattenBatchNorm.cpp - norm-flatten-batch-norm -------*- C++ -*-===//
//
// Merges the dims after the channel of the batch norms into one, so that a
// channel's elements form contiguous runs of one dim, and the normalized
// dims of the row norms into one row.
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

/// `value` (a freshly computed tensor on a collapsed view) expanded back to
/// `type` along `reassociation`, with the sizes `sizes`: a
/// tensor.expand_shape, or a tensor.reshape where a group splits into two or
/// more dynamic dims (a memref.expand_shape of that crashes
/// expand-strided-metadata in LLVM 22, llvm-project#186830; a tensor.reshape
/// of the freshly allocated tensor is a view as well).
static Value expandBack(RewriterBase &rewriter, Location loc, Value value,
                        RankedTensorType type,
                        ArrayRef<ReassociationIndices> reassociation,
                        ArrayRef<OpFoldResult> sizes) {
  bool splitsDynamic = llvm::any_of(reassociation, [&](const auto &group) {
    return llvm::count_if(group, [&](int64_t dim) {
             return type.isDynamicDim(dim);
           }) > 1;
  });
  if (!splitsDynamic)
    return tensor::ExpandShapeOp::create(rewriter, loc, type, value,
                                         reassociation, sizes);
  SmallVector<Value> shape = llvm::map_to_vector(sizes, [&](OpFoldResult s) {
    return getValueOrCreateConstantIndexOp(rewriter, loc, s);
  });
  Value shapeTensor = tensor::FromElementsOp::create(rewriter, loc, shape);
  return tensor::ReshapeOp::create(rewriter, loc, type, value, shapeTensor);
}

/// The reassociation that keeps dims [0, first) and merges [first, rank).
static SmallVector<ReassociationIndices> mergeTrailing(int64_t first,
                                                       int64_t rank) {
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t dim = 0; dim < first; ++dim)
    reassociation.push_back({dim});
  ReassociationIndices trailing;
  for (int64_t dim = first; dim < rank; ++dim)
    trailing.push_back(dim);
  reassociation.push_back(trailing);
  return reassociation;
}

/// Rewrites `op` (a batch, group or instance norm whose input is operand 0
/// and whose output is result 0, or their gradients, whose `x` is shaped
/// like `dy`) with two or more dims after `axis` into the same op on the
/// input (and every other operand of its type) collapsed to [dims before
/// axis..., C, product of the dims after], and expands its output back. `axisName` names the attribute
/// that places the channel, if any (group norms have none).
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
  SmallVector<ReassociationIndices> reassociation =
      mergeTrailing(axis + 1, rank);
  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
  Value collapsed =
      tensor::CollapseShapeOp::create(rewriter, loc, input, reassociation);
  SmallVector<Value> operands(op->getOperands());
  for (Value &operand : operands)
    if (operand == input)
      operand = collapsed;
    else if (operand.getType() == type)
      operand = tensor::CollapseShapeOp::create(rewriter, loc, operand,
                                                reassociation);
  Operation *flat = rewriter.clone(*op);
  flat->setOperands(operands);
  flat->getResult(0).setType(collapsed.getType());
  // A negative feature_axis counts from the end, which has moved.
  if (!axisName.empty())
    flat->setAttr(axisName, rewriter.getI64IntegerAttr(axis));
  SmallVector<Value> replacements = {
      expandBack(rewriter, loc, flat->getResult(0),
                 cast<RankedTensorType>(op->getResult(0).getType()),
                 reassociation, sizes)};
  llvm::append_range(replacements, flat->getResults().drop_front());
  rewriter.replaceOp(op, replacements);
}

/// Rewrites a row norm `norm` over two or more trailing dims [axis, rank)
/// into the same op over one: every tensor shaped like the input viewed as
/// [dims before axis..., product of the normalized dims] (a row), the
/// normalized-shape parameters as 1-D, the row statistics as
/// [dims before axis..., 1]; the results are expanded back to their types.
static void flattenRows(RewriterBase &rewriter, NormOpInterface norm) {
  Operation *op = norm.getOperation();
  RankedTensorType type = norm.getInput().getType();
  int64_t rank = type.getRank();
  std::optional<std::pair<StringRef, int64_t>> axisAttribute =
      norm.getAxisAttribute();
  SmallVector<int64_t> dims = norm.getReductionDims();
  if (!axisAttribute || dims.size() < 2 ||
      llvm::is_contained(type.getShape(), 0))
    return;
  // A static 0 in any tensor that would be collapsed (e.g. a parameter of
  // type ?x0 next to a dynamic input) makes the op empty, and collapsing its
  // group with a dynamic size would give a static 0 that
  // memref.collapse_shape rejects: such an op stays as it is.
  for (const NormTensor &tensor : norm.getNormTensors())
    if (llvm::is_contained(
            cast<RankedTensorType>(tensor.value.getType()).getShape(), 0))
      return;
  int64_t axis = dims.front();
  SmallVector<ReassociationIndices> rows = mergeTrailing(axis, rank);
  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<OpFoldResult> sizes =
      tensor::getMixedSizes(rewriter, loc, norm.getInput());
  // The input and every other operand shaped like it (e.g. a residual) as
  // rows, the normalized-shape parameters as one dim.
  SmallVector<Value> operands(op->getOperands());
  for (Value &operand : operands)
    if (operand.getType() == type)
      operand = tensor::CollapseShapeOp::create(rewriter, loc, operand, rows);
  // Row statistics operands (of the gradient ops) as [dims before axis...,
  // 1].
  SmallVector<ReassociationIndices> whole = mergeTrailing(0, rank - axis);
  for (const NormTensor &tensor : norm.getNormTensors()) {
    if (!tensor.operand)
      continue;
    if (tensor.layout == NormTensorLayout::Normalized)
      operands[tensor.operand->getOperandNumber()] =
          tensor::CollapseShapeOp::create(rewriter, loc, tensor.value, whole);
    else if (tensor.layout == NormTensorLayout::Rows)
      operands[tensor.operand->getOperandNumber()] =
          tensor::CollapseShapeOp::create(rewriter, loc, tensor.value, rows);
  }
  Operation *flat = rewriter.clone(*op);
  flat->setOperands(operands);
  // The output and every other result shaped like the input are rows; the
  // row statistics keep one unit dim for the row.
  auto rowType = cast<RankedTensorType>(flat->getOperand(0).getType());
  for (OpResult result : flat->getResults())
    if (result.getType() == type)
      result.setType(rowType);
  // The parameter gradients (dscale, dbias) are one dim, like the
  // parameters.
  llvm::SmallDenseSet<unsigned> normalizedResults;
  for (const NormTensor &tensor : norm.getNormTensors()) {
    if (tensor.operand)
      continue;
    auto statsType = cast<RankedTensorType>(tensor.value.getType());
    unsigned number = cast<OpResult>(tensor.value).getResultNumber();
    if (tensor.layout == NormTensorLayout::Normalized) {
      normalizedResults.insert(number);
      int64_t size = 1;
      for (int64_t dim : statsType.getShape())
        size = ShapedType::isDynamic(dim) || ShapedType::isDynamic(size)
                   ? ShapedType::kDynamic
                   : size * dim;
      flat->getResult(number).setType(
          RankedTensorType::get({size}, statsType.getElementType()));
      continue;
    }
    if (tensor.layout != NormTensorLayout::Rows)
      continue;
    SmallVector<int64_t> shape(statsType.getShape().take_front(axis));
    shape.push_back(1);
    flat->getResult(number).setType(
        RankedTensorType::get(shape, statsType.getElementType()));
  }
  flat->setAttr(axisAttribute->first, rewriter.getI64IntegerAttr(axis));
  SmallVector<Value> replacements;
  for (auto [old, value] : llvm::zip(op->getResults(), flat->getResults())) {
    auto oldType = cast<RankedTensorType>(old.getType());
    if (oldType == value.getType()) {
      replacements.push_back(value);
      continue;
    }
    if (normalizedResults.contains(cast<OpResult>(value).getResultNumber())) {
      SmallVector<OpFoldResult> paramSizes;
      for (int64_t dim = 0; dim < oldType.getRank(); ++dim)
        paramSizes.push_back(
            oldType.isDynamicDim(dim)
                ? OpFoldResult(getValueOrCreateConstantIndexOp(
                      rewriter, loc, sizes[axis + dim]))
                : OpFoldResult(rewriter.getIndexAttr(oldType.getDimSize(dim))));
      replacements.push_back(
          expandBack(rewriter, loc, value, oldType, whole, paramSizes));
      continue;
    }
    // The sizes as the result's type has them: a statistic may declare a
    // dim dynamic that the input has static, or the other way round.
    SmallVector<OpFoldResult> oldSizes;
    for (int64_t dim = 0; dim < rank; ++dim) {
      if (!oldType.isDynamicDim(dim)) {
        oldSizes.push_back(rewriter.getIndexAttr(oldType.getDimSize(dim)));
        continue;
      }
      OpFoldResult size = dim >= axis && oldType != type
                              ? OpFoldResult(rewriter.getIndexAttr(1))
                              : sizes[dim];
      oldSizes.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, size));
    }
    replacements.push_back(
        expandBack(rewriter, loc, value, oldType, rows, oldSizes));
  }
  rewriter.replaceOp(op, replacements);
}

namespace {
/// Rewrites every batch, group and instance norm with several dims after its
/// channel into the same op on a [..., C, B] view of its input
/// (collapse_shape), and every
/// row norm over several trailing dims into the same op over one, with the
/// results expanded back (expand_shape).
struct NormFlattenBatchNormPass
    : norm::impl::NormFlattenBatchNormPassBase<NormFlattenBatchNormPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<Operation *> norms;
    getOperation().walk(
        [&](NormOpInterface op) { norms.push_back(op.getOperation()); });
    IRRewriter rewriter(&getContext());
    for (Operation *op : norms) {
      auto norm = cast<NormOpInterface>(op);
      if (!norm.getChannelAxis()) {
        flattenRows(rewriter, norm);
        continue;
      }
      std::optional<std::pair<StringRef, int64_t>> axisAttribute =
          norm.getAxisAttribute();
      flatten(rewriter, op, *norm.getChannelAxis(),
              axisAttribute ? axisAttribute->first : StringRef());
    }
  }
};
} // namespace
