//===- RowNormGrad.cpp - Row norm gradients to vector loops -*- C++ -*-===//
//
// Lowers the row gradients (normalizing their last dim) to loops over rows
// whose body makes two vector passes over the row: the first reads dy and x
// once and sums g = dy * scale and g * xhat (and, position-wise, the
// row's terms of dscale and dbias), the second writes dx while the row is
// still in cache. With dscale or dbias the rows are split into a fixed
// number of tiles run in parallel (scf.forall), each summing its rows'
// parameter gradients into its own row of partial sums; the partial rows are
// then added up in tile order, so the result does not depend on the threads.
// The kernel of one row is in RowGradKernel.cpp.
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "RowGradKernel.h"
#include "RunKernel.h"
#include "norm/Conversion/NormToVector/NormToVector.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

/// The row statistic `stat` (the layout [rows..., 1]) of the row at
/// `rowIndices`, in the accumulation type.
static Value extractRowStat(OpBuilder &b, Location loc, Value stat,
                            ValueRange rowIndices) {
  if (!stat)
    return Value();
  SmallVector<Value> indices(rowIndices);
  indices.push_back(arith::ConstantIndexOp::create(b, loc, 0));
  return tensor::ExtractOp::create(b, loc, stat, indices);
}

/// `value` (rank >= 1) viewed as a matrix [rows, last dim]: the leading dims
/// merged (a rank-1 value is one row). Whole tensors merge into views.
static Value viewAsMatrix(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  if (rank == 2)
    return value;
  if (rank == 1) {
    SmallVector<int64_t> shape = {1, type.getDimSize(0)};
    return tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get(shape, type.getElementType()), value,
        {{0, 1}}, {b.getIndexAttr(1), tensor::getMixedSize(b, loc, value, 0)});
  }
  ReassociationIndices leading;
  for (int64_t dim = 0; dim + 1 < rank; ++dim)
    leading.push_back(dim);
  return tensor::CollapseShapeOp::create(
      b, loc, value,
      ArrayRef<ReassociationIndices>{leading, ReassociationIndices{rank - 1}});
}

/// The inverse of viewAsMatrix for a fresh [rows, N] `matrix`: the shape of
/// `like`, a tensor of `type`.
static Value viewAs(OpBuilder &b, Location loc, Value matrix, Value like,
                    RankedTensorType type) {
  int64_t rank = type.getRank();
  if (rank == 2)
    return castTo(b, loc, matrix, type);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, like);
  if (rank == 1)
    return castTo(b, loc,
                  tensor::CollapseShapeOp::create(b, loc, matrix,
                                                  {ReassociationIndices{0, 1}}),
                  type);
  ReassociationIndices leading;
  for (int64_t dim = 0; dim + 1 < rank; ++dim)
    leading.push_back(dim);
  SmallVector<ReassociationIndices> reassociation = {
      leading, ReassociationIndices{rank - 1}};
  return expandFreshTensor(b, loc, matrix, type, sizes, reassociation);
}

/// How the rows of a gradient with dscale or dbias are split into parallel
/// tiles, decided once per op: `numTiles` tiles of `rowsPerTile` rows (the
/// last one shorter), at most `maxTiles` of them, whatever the threads. The
/// partial rows and the order of their merge follow from it alone.
struct RowTiling {
  Value rowsPerTile, numTiles;
};
static RowTiling chooseRowTiling(OpBuilder &b, Location loc, Value rows,
                                 int64_t maxTiles) {
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  Value rowsPerTile = arith::MaxUIOp::create(
      b, loc, arith::CeilDivUIOp::create(b, loc, rows, index(maxTiles)),
      index(1));
  Value numTiles = arith::CeilDivUIOp::create(b, loc, rows, rowsPerTile);
  return {rowsPerTile, numTiles};
}

/// Rewrites a row gradient without dscale/dbias (`ops`) into a loop nest over
/// its rows (the tiles of norm-tile-and-fuse run in parallel).
static SmallVector<Value>
buildRowGradientLoops(OpBuilder &b, Location loc, const RowGradOperands &ops,
                      FloatType accType,
                      const ConvertNormToVectorPassOptions &options) {
  RowGradKernelBuilder kernel(b, loc, ops.x, ops.dy, ops, accType, options);
  int64_t rank = kernel.rank;
  Value dx = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, ops.x), kernel.elementType);
  return buildLoops(
      b, loc, ops.x, rank - 1, ValueRange{dx},
      [&](ValueRange rows, ValueRange carried) -> SmallVector<Value> {
        return kernel.buildRow(rows, extractRowStat(b, loc, ops.mean, rows),
                               extractRowStat(b, loc, ops.invStdDev, rows),
                               carried[0], {});
      });
}

/// Rewrites a row gradient with dscale and/or dbias (`ops`): its rows, viewed
/// as a matrix [M, N], split into tiles (chooseRowTiling) run as one
/// scf.forall; each tile writes its rows of dx and sums its rows' dscale
/// and dbias terms into its own row of a [tiles, count * N (rounded up to
/// vectors)] partial tensor (ParamPartials' layout); after the loop each
/// result's partial rows are added up in tile order.
static SmallVector<Value>
buildTiledRowGradient(OpBuilder &b, Location loc, const RowGradOperands &ops,
                      FloatType accType,
                      const ConvertNormToVectorPassOptions &options) {
  auto elementType =
      cast<FloatType>(cast<RankedTensorType>(ops.x.getType()).getElementType());
  RowGradOperands matrix = ops;
  matrix.dy = viewAsMatrix(b, loc, ops.dy);
  matrix.x = viewAsMatrix(b, loc, ops.x);
  if (ops.mean)
    matrix.mean = viewAsMatrix(b, loc, ops.mean);
  matrix.invStdDev = viewAsMatrix(b, loc, ops.invStdDev);
  Value rows = tensor::DimOp::create(b, loc, matrix.x, 0);
  Value length = tensor::DimOp::create(b, loc, matrix.x, 1);
  RowTiling tiling = chooseRowTiling(b, loc, rows, options.gradientTiles);
  // Builds the merge after the loop; its lanes are every kernel's.
  RowGradKernelBuilder merge(b, loc, matrix.x, matrix.dy, matrix, accType,
                             options);
  ParamPartials layout;
  layout.dscale = ops.withDscale;
  layout.dbias = ops.withDbias;
  int64_t lanes = merge.lanes;
  // Each tile's partials: `count` vectors per vector of the row.
  Value partialsLength = arith::MulIOp::create(
      b, loc,
      arith::CeilDivUIOp::create(b, loc, length,
                                 arith::ConstantIndexOp::create(b, loc, lanes)),
      arith::ConstantIndexOp::create(b, loc, lanes * layout.count()));

  SmallVector<Value> outputs = {
      tensor::EmptyOp::create(b, loc, tensor::getMixedSizes(b, loc, matrix.x),
                              elementType),
      tensor::EmptyOp::create(
          b, loc, ArrayRef<OpFoldResult>{tiling.numTiles, partialsLength},
          accType)};

  SmallVector<Value> results = buildForall(
      b, loc, tiling.numTiles, outputs,
      [&](Value tile, ValueRange shared) -> SmallVector<SliceToInsert> {
        Value first = arith::MulIOp::create(b, loc, tile, tiling.rowsPerTile);
        Value tileRows =
            arith::MinUIOp::create(b, loc, tiling.rowsPerTile,
                                   arith::SubIOp::create(b, loc, rows, first));
        SmallVector<OpFoldResult> offsets = {first, b.getIndexAttr(0)};
        SmallVector<OpFoldResult> sizes = {tileRows, length};
        SmallVector<OpFoldResult> unit(2, b.getIndexAttr(1));
        auto slice = [&](Value source) -> Value {
          return tensor::ExtractSliceOp::create(b, loc, source, offsets, sizes,
                                                unit);
        };
        RowGradOperands tileOps = matrix;
        tileOps.dy = slice(matrix.dy);
        tileOps.x = slice(matrix.x);
        RowGradKernelBuilder kernel(b, loc, tileOps.x, tileOps.dy, tileOps,
                                    accType, options);
        // This tile's row of partials, zeroed in place.
        SmallVector<OpFoldResult> partialOffsets = {tile, b.getIndexAttr(0)};
        SmallVector<OpFoldResult> partialSizes = {b.getIndexAttr(1),
                                                  partialsLength};
        auto partialType =
            RankedTensorType::get({ShapedType::kDynamic}, accType);
        SmallVector<Value> inits = {
            slice(shared[0]), kernel.zeroFill(tensor::ExtractSliceOp::create(
                                  b, loc, partialType, shared[1],
                                  partialOffsets, partialSizes, unit))};
        SmallVector<Value> tileResults =
            buildLoop(b, loc, tileRows, inits,
                      [&](Value i, ValueRange carried) -> SmallVector<Value> {
                        Value row = arith::AddIOp::create(b, loc, first, i);
                        ParamPartials partials = layout;
                        partials.tensor = carried[1];
                        return kernel.buildRow(
                            {i}, extractRowStat(b, loc, matrix.mean, {row}),
                            extractRowStat(b, loc, matrix.invStdDev, {row}),
                            carried[0], partials);
                      });
        return {{tileResults[0], offsets, sizes},
                {tileResults[1], partialOffsets, partialSizes}};
      });

  // The partial rows added up in tile order, one vector of columns at a time.
  SmallVector<Value> replacements = {viewAs(
      b, loc, results[0], ops.dy, cast<RankedTensorType>(ops.dy.getType()))};
  for (int64_t s = 0; s < layout.count(); ++s) {
    Value empty = tensor::EmptyOp::create(
        b, loc, ArrayRef<OpFoldResult>{length}, elementType);
    replacements.push_back(merge.buildVectorLoop(
        length, ValueRange{empty},
        [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
          Value position = merge.offset(
              arith::MulIOp::create(b, loc, j, merge.index(layout.count())),
              s * lanes);
          Value total = buildLoop(
              b, loc, tiling.numTiles, ValueRange{merge.zeroVector()},
              [&](Value t, ValueRange sum) -> SmallVector<Value> {
                return {merge.add(sum[0], merge.loadVectorOf(results[1], {t},
                                                             position, mask))};
              })[0];
          return {merge.writeVector(total, carried[0], j, mask)};
        })[0]);
  }
  return replacements;
}

/// Rewrites the row gradient `op` (`ops`) over its last dim: the loops of
/// buildRowGradientLoops, or with dscale/dbias buildTiledRowGradient.
static LogicalResult
rewriteRowGradient(Operation *op, const RowGradOperands &ops,
                   int64_t normalizedAxis, FloatType accType,
                   PatternRewriter &rewriter,
                   const ConvertNormToVectorPassOptions &options) {
  auto type = cast<RankedTensorType>(ops.dy.getType());
  if (normalizedAxis != type.getRank() - 1)
    return rewriter.notifyMatchFailure(
        op, "normalizes more than one dim: norm-flatten-batch-norm makes it "
            "one");
  // A static 0 in any operand or result (e.g. statistics of type 0x?x1 next
  // to a dynamic dy) makes the op empty, and viewing it as a matrix would
  // collapse a group of a static 0 and dynamic sizes, which
  // memref.collapse_shape rejects: the linalg path takes it.
  auto isStaticallyEmpty = [](Type t) {
    auto tensor = dyn_cast<RankedTensorType>(t);
    return tensor && llvm::is_contained(tensor.getShape(), 0);
  };
  if (llvm::any_of(op->getOperandTypes(), isStaticallyEmpty) ||
      llvm::any_of(op->getResultTypes(), isStaticallyEmpty))
    return rewriter.notifyMatchFailure(op, "statically empty");
  Location loc = op->getLoc();
  SmallVector<Value> results =
      ops.withDscale || ops.withDbias
          ? buildTiledRowGradient(rewriter, loc, ops, accType, options)
          : buildRowGradientLoops(rewriter, loc, ops, accType, options);
  SmallVector<Value> replacements = {castTo(rewriter, loc, results[0], type)};
  for (auto [value, result] :
       llvm::zip_equal(ArrayRef<Value>(results).drop_front(),
                       op->getResults().drop_front()))
    replacements.push_back(castTo(rewriter, loc, value, result.getType()));
  rewriter.replaceOp(op, replacements);
  return success();
}

namespace {
/// Rewrites `norm.layer_norm_grad` (`norm.rms_norm_grad`) over its last dim
/// into the two-pass row kernel (sum(g) and sum(g * xhat), or only the
/// second; dx), with dscale / dbias (dscale) as deterministic partial sums of
/// a fixed tiling of the rows.
template <typename OpTy>
struct RowNormGradToVector : OpRewritePattern<OpTy> {
  static constexpr bool isLayerNorm = std::is_same_v<OpTy, LayerNormGradOp>;

  RowNormGradToVector(MLIRContext *context,
                      const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern<OpTy>(context), options(options) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    RowGradOperands ops;
    ops.dy = op.getDy();
    ops.x = op.getX();
    ops.scale = op.getScale();
    ops.withDscale = static_cast<bool>(op.getDscale());
    if constexpr (isLayerNorm) {
      ops.mean = op.getMean();
      ops.invStdDev = op.getInvStdDev();
      ops.withDbias = static_cast<bool>(op.getDbias());
    } else {
      ops.invStdDev = op.getInvRms();
    }
    return rewriteRowGradient(op, ops, op.getNormalizedAxis(),
                              op.getAccumulatorType(), rewriter, options);
  }

  ConvertNormToVectorPassOptions options;
};
} // namespace

void mlir::norm::populateRowNormGradToVectorPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToVectorPassOptions &options) {
  patterns.add<RowNormGradToVector<LayerNormGradOp>,
               RowNormGradToVector<RMSNormGradOp>>(patterns.getContext(),
                                                   options);
}
