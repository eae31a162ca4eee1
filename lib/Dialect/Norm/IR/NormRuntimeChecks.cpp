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
#include "llvm/ADT/TypeSwitch.h"
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

/// The sizes of `input` over [first, rank) and their descriptions.
static void trailingDims(SizeCheckBuilder &checks, Value input, int64_t first,
                         SmallVectorImpl<OpFoldResult> &sizes,
                         SmallVectorImpl<std::string> &what) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  for (int64_t dim = first; dim < rank; ++dim) {
    sizes.push_back(checks.size(input, dim));
    what.push_back(rank - first == 1
                       ? std::string("the normalized dim")
                       : llvm::formatv("normalized dim {0} of 'input'", dim)
                             .str());
  }
}

/// The row-statistics sizes `input.shape[:axis] + [1, ...]`.
static void rowStatsDims(SizeCheckBuilder &checks, OpBuilder &b, Value input,
                         int64_t axis, SmallVectorImpl<OpFoldResult> &sizes,
                         SmallVectorImpl<std::string> &what) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  for (int64_t dim = 0; dim < rank; ++dim) {
    sizes.push_back(dim < axis ? checks.size(input, dim) : b.getIndexAttr(1));
    what.push_back(llvm::formatv("dim {0} of 'input'", dim).str());
  }
}

/// Checks the per-channel 1-D `params` against C = dim `axis` of `input`.
static void checkPerChannel(SizeCheckBuilder &checks, Value input,
                            int64_t axis,
                            ArrayRef<std::pair<Value, StringRef>> params) {
  OpFoldResult channels = checks.size(input, axis);
  for (auto [param, name] : params)
    checks.checkShape(param, name, {channels}, {"the channel dim of 'input'"});
}

/// Checks the per-channel result types `results` against C.
static void checkPerChannelResults(SizeCheckBuilder &checks, Value input,
                                   int64_t axis,
                                   ArrayRef<std::pair<Value, StringRef>> results) {
  OpFoldResult channels = checks.size(input, axis);
  for (auto [result, name] : results)
    if (result)
      checks.checkResult(result.getType(), name, {channels},
                         {"the channel dim of 'input'"});
}

template <typename RowNormOp>
static void checkRowNorm(SizeCheckBuilder &checks, OpBuilder &b, RowNormOp op,
                         ArrayRef<std::pair<Value, StringRef>> params,
                         ArrayRef<std::pair<Value, StringRef>> stats) {
  int64_t axis = op.getNormalizedAxis();
  SmallVector<OpFoldResult> sizes;
  SmallVector<std::string> what;
  trailingDims(checks, op.getInput(), axis, sizes, what);
  for (auto [param, name] : params)
    checks.checkShape(param, name, sizes, what);
  SmallVector<OpFoldResult> statSizes;
  SmallVector<std::string> statWhat;
  rowStatsDims(checks, b, op.getInput(), axis, statSizes, statWhat);
  for (auto [stat, name] : stats)
    if (stat)
      checks.checkResult(stat.getType(), name, statSizes, statWhat);
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

int64_t mlir::norm::buildRuntimeSizeChecks(OpBuilder &b, Operation *op) {
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
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](LayerNormOp op) {
        checkRowNorm(checks, b, op,
                     {{op.getScale(), "scale"}, {op.getBias(), "bias"}},
                     {{op.getMean(), "mean"}, {op.getInvStdDev(), "inv_std_dev"}});
      })
      .Case([&](RMSNormOp op) {
        checkRowNorm(checks, b, op, {{op.getScale(), "scale"}},
                     {{op.getInvRms(), "inv_rms"}});
      })
      .Case([&](BatchNormOp op) {
        checkPerChannel(checks, op.getInput(), op.getNormalizedFeatureAxis(),
                        {{op.getScale(), "scale"},
                         {op.getBias(), "bias"},
                         {op.getMean(), "mean"},
                         {op.getVar(), "var"}});
      })
      .Case([&](BatchNormTrainOp op) {
        int64_t axis = op.getNormalizedFeatureAxis();
        checkPerChannel(checks, op.getInput(), axis,
                        {{op.getScale(), "scale"},
                         {op.getBias(), "bias"},
                         {op.getRunningMean(), "running_mean"},
                         {op.getRunningVar(), "running_var"}});
        checkPerChannelResults(checks, op.getInput(), axis,
                               {{op.getBatchMean(), "batch_mean"},
                                {op.getBatchVar(), "batch_var"},
                                {op.getNewRunningMean(), "new_running_mean"},
                                {op.getNewRunningVar(), "new_running_var"}});
        // Batch statistics need an element per channel (PyTorch: "Expected
        // more than 1 value per channel when training"), and two for the
        // unbiased variance m / (m - 1) of the running statistics.
        SmallVector<int64_t> others;
        for (int64_t dim = 0, rank = op.getInput().getType().getRank();
             dim < rank; ++dim)
          if (dim != axis)
            others.push_back(dim);
        int64_t needed = op.getUnbiasedRunningVar() && op.getRunningMean() ? 2
                                                                          : 1;
        checks.check(SizeRelation::ge, checks.product(op.getInput(), others),
                     b.getIndexAttr(needed),
                     needed == 2
                         ? "{0} elements per channel, but the unbiased running "
                           "variance needs at least {1}"
                         : "{0} elements per channel: batch statistics need "
                           "at least {1}");
      })
      .Case([&](GroupNormOp op) {
        checkPerChannel(checks, op.getInput(), 1,
                        {{op.getScale(), "scale"}, {op.getBias(), "bias"}});
        checks.check(SizeRelation::divisible_by, checks.size(op.getInput(), 1),
                     b.getIndexAttr(op.getNumGroups()),
                     "'input' has {0} channels, which 'num_groups' = {1} does "
                     "not divide");
        OpFoldResult batch = checks.size(op.getInput(), 0);
        for (auto [stat, name] :
             {std::pair<Value, StringRef>{op.getMean(), "mean"},
              {op.getInvStdDev(), "inv_std_dev"}})
          if (stat)
            checks.checkResult(stat.getType(), name,
                               {batch, b.getIndexAttr(op.getNumGroups())},
                               {"dim 0 of 'input'", "'num_groups'"});
      })
      .Case([&](InstanceNormOp op) {
        checkPerChannel(checks, op.getInput(), 1,
                        {{op.getScale(), "scale"}, {op.getBias(), "bias"}});
      });
  return checks.count;
}
