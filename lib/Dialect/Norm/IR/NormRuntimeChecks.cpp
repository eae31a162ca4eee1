//===- NormRuntimeChecks.cpp - Run-time size checks of norm ops -*- C++ -*-===//
//
// The size relations of each norm op that its verifier checks on static
// shapes, emitted as norm.assert_size where a size is dynamic, so that
// compiled code never reads or writes outside its buffers when the caller
// passes sizes that disagree.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Emits the checks of one op; every message starts with the op's name and
/// location ("norm.layer_norm at model.mlir:3:8: ").
class SizeCheckBuilder {
public:
  SizeCheckBuilder(OpBuilder &b, Operation *op)
      : b(b), loc(op->getLoc()), prefix(describe(op)) {}

  /// Dim `dim` of the tensor `value`: its static size or a tensor.dim.
  OpFoldResult size(Value value, int64_t dim) {
    auto type = cast<RankedTensorType>(value.getType());
    if (!type.isDynamicDim(dim))
      return b.getIndexAttr(type.getDimSize(dim));
    Value &read = dims[{value, dim}];
    if (!read)
      read = tensor::DimOp::create(b, loc, value, dim).getResult();
    return read;
  }

  /// Dim `dim` of the result type `type` (a static size or dynamic).
  static std::optional<int64_t> staticSize(Type type, int64_t dim) {
    auto tensorType = cast<RankedTensorType>(type);
    if (tensorType.isDynamicDim(dim))
      return std::nullopt;
    return tensorType.getDimSize(dim);
  }

  /// Checks `lhs relation rhs` unless both are static (the verifier's job).
  void check(SizeRelation relation, OpFoldResult lhs, OpFoldResult rhs,
             const Twine &message) {
    std::optional<int64_t> lhsConstant = getConstantIntValue(lhs);
    std::optional<int64_t> rhsConstant = getConstantIntValue(rhs);
    if (lhsConstant && rhsConstant)
      return;
    AssertSizeOp::create(b, loc, relation, materialize(lhs), materialize(rhs),
                         b.getStringAttr(prefix + message.str()));
    ++count;
  }

  /// `param` (named `name`, optional) has `expected` as its sizes; `what`
  /// names the dims it must match, e.g. "the normalized dim".
  void checkShape(Value param, StringRef name, ArrayRef<OpFoldResult> expected,
                  ArrayRef<std::string> what) {
    if (!param)
      return;
    for (auto [dim, wanted] : llvm::enumerate(expected)) {
      std::string has =
          expected.size() == 1
              ? llvm::formatv("'{0}' has {{0} elements", name).str()
              : llvm::formatv("'{0}' has {{0} in dim {1}", name, dim).str();
      check(SizeRelation::eq, size(param, dim), wanted,
            has + " but " + what[dim] + " has {1}");
    }
  }

  /// The result type `type` (named `name`) has the sizes `expected` where it
  /// is static (the op computes a dynamic one from the input itself).
  void checkResult(Type type, StringRef name, ArrayRef<OpFoldResult> expected,
                   ArrayRef<std::string> what) {
    if (!type)
      return;
    for (auto [dim, wanted] : llvm::enumerate(expected))
      if (std::optional<int64_t> fixed = staticSize(type, dim))
        check(SizeRelation::eq, b.getIndexAttr(*fixed), wanted,
              llvm::formatv("result '{0}' has the static size {{0} in dim {1} "
                            "but {2} has {{1}",
                            name, dim, what[dim])
                  .str());
  }

  /// The product of the sizes of `value` over `dims`.
  OpFoldResult product(Value value, ArrayRef<int64_t> dims) {
    int64_t known = 1;
    Value dynamic;
    for (int64_t dim : dims) {
      OpFoldResult s = size(value, dim);
      if (std::optional<int64_t> c = getConstantIntValue(s)) {
        known *= *c;
        continue;
      }
      dynamic = dynamic ? arith::MulIOp::create(b, loc, dynamic, cast<Value>(s))
                              .getResult()
                        : cast<Value>(s);
    }
    if (!dynamic)
      return b.getIndexAttr(known);
    if (known == 1)
      return dynamic;
    return arith::MulIOp::create(b, loc, dynamic,
                                 arith::ConstantIndexOp::create(b, loc, known))
        .getResult();
  }

  int64_t count = 0;

private:
  Value materialize(OpFoldResult value) {
    if (auto v = dyn_cast<Value>(value))
      return v;
    return arith::ConstantIndexOp::create(b, loc,
                                          *getConstantIntValue(value));
  }

  /// "norm.layer_norm at FILE:LINE:COL: " from the op's location (the first
  /// file location inside fused or named ones).
  static std::string describe(Operation *op) {
    std::string where;
    op->getLoc()->walk([&](Location inner) {
      if (auto file = dyn_cast<FileLineColLoc>(inner)) {
        where = llvm::formatv("{0}:{1}:{2}", file.getFilename().getValue(),
                              file.getLine(), file.getColumn())
                    .str();
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (where.empty())
      return (op->getName().getStringRef() + ": ").str();
    return (op->getName().getStringRef() + " at " + where + ": ").str();
  }

  OpBuilder &b;
  Location loc;
  std::string prefix;
  /// The tensor.dim read for each (tensor, dim).
  DenseMap<std::pair<Value, int64_t>, Value> dims;
};
} // namespace

/// The sizes a tensor laid out as `layout` must have for `op`'s input, and
/// for each dim what it must match ("the normalized dim", "dim 0 of
/// 'input'").
static void getLayoutSizes(SizeCheckBuilder &checks, OpBuilder &b,
                           NormOpInterface op, NormTensorLayout layout,
                           SmallVectorImpl<OpFoldResult> &sizes,
                           SmallVectorImpl<std::string> &what) {
  SmallVector<NormTensorDim> dims = op.getLayoutDims(layout);
  StringRef input = op.getInputName();
  for (auto [i, dim] : llvm::enumerate(dims)) {
    sizes.push_back(dim.inputDim ? checks.size(op.getInput(), *dim.inputDim)
                                 : b.getIndexAttr(dim.fixedSize));
    switch (layout) {
    case NormTensorLayout::Normalized:
      what.push_back(dims.size() == 1
                         ? std::string("the normalized dim")
                         : llvm::formatv("normalized dim {0} of '{1}'",
                                         *dim.inputDim, input)
                               .str());
      break;
    case NormTensorLayout::Rows:
      what.push_back(llvm::formatv("dim {0} of '{1}'", i, input).str());
      break;
    case NormTensorLayout::Channels:
      what.push_back(llvm::formatv("the channel dim of '{0}'", input).str());
      break;
    case NormTensorLayout::Groups:
      what.push_back(i == 0 ? llvm::formatv("dim 0 of '{0}'", input).str()
                            : std::string("'num_groups'"));
      break;
    case NormTensorLayout::Input:
      what.push_back(llvm::formatv("dim {0} of '{1}'", i, input).str());
      break;
    }
  }
}

/// Checks the operands `tensors` against their layouts.
static void checkOperands(SizeCheckBuilder &checks, OpBuilder &b,
                          NormOpInterface op, ArrayRef<NormTensor> tensors) {
  for (const NormTensor &tensor : tensors) {
    SmallVector<OpFoldResult> sizes;
    SmallVector<std::string> what;
    getLayoutSizes(checks, b, op, tensor.layout, sizes, what);
    checks.checkShape(tensor.value, tensor.name, sizes, what);
  }
}

namespace {
/// Records the ops a builder creates.
struct CreatedOps : OpBuilder::Listener {
  void notifyOperationInserted(Operation *op,
                               OpBuilder::InsertPoint) override {
    ops.push_back(op);
  }
  SmallVector<Operation *> ops;
};
} // namespace

int64_t mlir::norm::buildRuntimeSizeChecks(OpBuilder &b, NormOpInterface op) {
  OpBuilder::InsertionGuard guard(b);
  OpBuilder::Listener *previousListener = b.getListener();
  CreatedOps created;
  b.setListener(&created);
  llvm::scope_exit restoreListener(
      [&] { b.setListener(previousListener); });
  // Sizes are read where a relation might need them; those no check used
  // (e.g. a dynamic batch without statistics results) are erased again.
  llvm::scope_exit eraseUnused([&] {
    for (Operation *createdOp : llvm::reverse(created.ops))
      if (createdOp->getNumResults() > 0 && createdOp->use_empty())
        createdOp->erase();
  });
  b.setInsertionPoint(op);
  SizeCheckBuilder checks(b, op);
  Value input = op.getInput();
  checkOperands(checks, b, op, op.getResidualOperands());
  checkOperands(checks, b, op, op.getParameters());
  checkOperands(checks, b, op, op.getStatisticsOperands());
  checkOperands(checks, b, op, op.getForwardInputOperands());
  if (std::optional<int64_t> groups = op.getGroupCount();
      groups && !ShapedType::isDynamic(*groups))
    checks.check(SizeRelation::divisible_by,
                 checks.size(input, *op.getChannelAxis()),
                 b.getIndexAttr(*groups),
                 "'" + op.getInputName() +
                     "' has {0} channels, which 'num_groups' = {1} does "
                     "not divide");
  // Result types: the op computes dynamic sizes itself, static ones must
  // match.
  SmallVector<NormTensor> results = op.getStatisticsResults();
  llvm::append_range(results, op.getParameterGradients());
  for (const NormTensor &stat : results) {
    SmallVector<OpFoldResult> sizes;
    SmallVector<std::string> what;
    getLayoutSizes(checks, b, op, stat.layout, sizes, what);
    checks.checkResult(stat.value.getType(), stat.name, sizes, what);
  }
  // Batch statistics need an element per channel (PyTorch: "Expected more
  // than 1 value per channel when training"), and two for the unbiased
  // variance m / (m - 1) of the running statistics.
  if (int64_t needed = op.getMinElementsPerStatistic())
    checks.check(SizeRelation::ge, checks.product(input, op.getReductionDims()),
                 b.getIndexAttr(needed),
                 needed == 2
                     ? "{0} elements per channel, but the unbiased running "
                       "variance needs at least {1}"
                     : "{0} elements per channel: batch statistics need "
                       "at least {1}");
  return checks.count;
}
