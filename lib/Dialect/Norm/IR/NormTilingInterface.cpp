//===- NormTilingInterface.cpp - TilingInterface of the norm ops -*- C++
//-*-===//
//
// Every norm op is tileable along the dims its statistics do not reduce
// (NormOpInterface::getLoopDims): the rows [0, axis) of layer_norm/rms_norm,
// the batch dim of group_norm, (batch, channel) of instance_norm, the channel
// of batch_norm_train, and every dim of the elementwise batch_norm. A tile is
// the same op on slices, so scf.forall tiling, tile-and-fuse and the
// transform dialect work on norm ops directly, and each tile decomposes into
// linalg on its own. One model serves every op; the interface says which
// dim of each operand and result a loop slices.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/Interfaces/TilingInterface.h"

using namespace mlir;
using namespace mlir::norm;

//===----------------------------------------------------------------------===//
// The shared external model
//===----------------------------------------------------------------------===//

namespace {
/// The TilingInterface of any op implementing NormOpInterface.
struct NormOpTilingInterface
    : public TilingInterface::ExternalModel<NormOpTilingInterface,
                                            NormOpInterface> {
  /// Every loop is parallel, but for a loop that some result does not run
  /// over: that result sums over it (the parameter gradients `dscale` and
  /// `dbias` of the gradient ops sum over the instances), and a tile of that
  /// loop computes only a partial sum.
  SmallVector<utils::IteratorType> getLoopIteratorTypes(Operation *op) const {
    auto norm = cast<NormOpInterface>(op);
    SmallVector<utils::IteratorType> types(norm.getLoopDims().size(),
                                           utils::IteratorType::parallel);
    for (OpResult result : op->getResults()) {
      SmallVector<bool> shown(types.size(), false);
      auto type = cast<RankedTensorType>(result.getType());
      for (int64_t dim = 0; dim < type.getRank(); ++dim)
        if (std::optional<int64_t> loop =
                norm.getResultDimLoop(result.getResultNumber(), dim))
          shown[*loop] = true;
      for (auto [loopType, isShown] : llvm::zip(types, shown))
        if (!isShown)
          loopType = utils::IteratorType::reduction;
    }
    return types;
  }

  SmallVector<Range> getIterationDomain(Operation *op, OpBuilder &b) const {
    Location loc = op->getLoc();
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(b, loc, op->getOperand(0));
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    return llvm::map_to_vector(cast<NormOpInterface>(op).getLoopDims(),
                               [&](int64_t dim) {
                                 return Range{zero, sizes[dim], one};
                               });
  }

  FailureOr<TilingResult>
  getTiledImplementation(Operation *op, OpBuilder &b,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes) const {
    Location loc = op->getLoc();
    auto norm = cast<NormOpInterface>(op);
    SmallVector<Value> tiledOperands;
    SmallVector<Operation *> slices;
    for (OpOperand &operand : op->getOpOperands()) {
      auto type = cast<RankedTensorType>(operand.get().getType());
      SmallVector<OpFoldResult> tileOffsets, tileSizes;
      bool sliced = false;
      SmallVector<OpFoldResult> fullSizes =
          tensor::getMixedSizes(b, loc, operand.get());
      for (int64_t dim = 0; dim < type.getRank(); ++dim) {
        if (std::optional<int64_t> loop =
                norm.getOperandDimLoop(operand.getOperandNumber(), dim)) {
          tileOffsets.push_back(offsets[*loop]);
          tileSizes.push_back(sizes[*loop]);
          sliced = true;
        } else {
          tileOffsets.push_back(b.getIndexAttr(0));
          tileSizes.push_back(fullSizes[dim]);
        }
      }
      if (!sliced) {
        tiledOperands.push_back(operand.get());
        continue;
      }
      SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
      auto slice = tensor::ExtractSliceOp::create(
          b, loc, operand.get(), tileOffsets, tileSizes, strides);
      tiledOperands.push_back(slice);
      slices.push_back(slice);
    }

    // Result dims follow the tile sizes on loop dims and the op's reified
    // sizes elsewhere (a constant there, e.g. num_groups or a unit dim, makes
    // the tile type static even where the declared type says `?`).
    ReifiedRankedShapedTypeDims reified;
    if (failed(reifyResultShapes(b, op, reified)))
      return failure();
    SmallVector<Type> tiledResultTypes;
    for (OpResult result : op->getResults()) {
      auto type = cast<RankedTensorType>(result.getType());
      SmallVector<int64_t> shape(type.getShape());
      for (int64_t dim = 0; dim < type.getRank(); ++dim) {
        std::optional<int64_t> loop =
            norm.getResultDimLoop(result.getResultNumber(), dim);
        OpFoldResult size =
            loop ? sizes[*loop] : reified[result.getResultNumber()][dim];
        shape[dim] = getConstantIntValue(size).value_or(ShapedType::kDynamic);
      }
      tiledResultTypes.push_back(type.clone(shape));
    }
    Operation *tiled = clone(b, op, tiledResultTypes, tiledOperands);
    return TilingResult{{tiled},
                        SmallVector<Value>(tiled->getResults()),
                        slices};
  }

  LogicalResult
  getResultTilePosition(Operation *op, OpBuilder &b, unsigned resultNumber,
                        ArrayRef<OpFoldResult> offsets,
                        ArrayRef<OpFoldResult> sizes,
                        SmallVector<OpFoldResult> &resultOffsets,
                        SmallVector<OpFoldResult> &resultSizes) const {
    ReifiedRankedShapedTypeDims reified;
    if (failed(reifyResultShapes(b, op, reified)))
      return failure();
    SmallVector<OpFoldResult> &fullSizes = reified[resultNumber];
    resultOffsets.clear();
    resultSizes.clear();
    for (auto [dim, fullSize] : llvm::enumerate(fullSizes)) {
      if (std::optional<int64_t> loop =
              cast<NormOpInterface>(op).getResultDimLoop(resultNumber, dim)) {
        resultOffsets.push_back(offsets[*loop]);
        resultSizes.push_back(sizes[*loop]);
      } else {
        resultOffsets.push_back(b.getIndexAttr(0));
        resultSizes.push_back(fullSize);
      }
    }
    return success();
  }

  LogicalResult getIterationDomainTileFromResultTile(
      Operation *op, OpBuilder &b, unsigned resultNumber,
      ArrayRef<OpFoldResult> offsets, ArrayRef<OpFoldResult> sizes,
      SmallVectorImpl<OpFoldResult> &iterDomainOffsets,
      SmallVectorImpl<OpFoldResult> &iterDomainSizes) const {
    auto norm = cast<NormOpInterface>(op);
    int64_t numLoops = norm.getLoopDims().size();
    iterDomainOffsets.assign(numLoops, OpFoldResult());
    iterDomainSizes.assign(numLoops, OpFoldResult());
    for (int64_t dim = 0, e = offsets.size(); dim < e; ++dim)
      if (std::optional<int64_t> loop =
              norm.getResultDimLoop(resultNumber, dim)) {
        iterDomainOffsets[*loop] = offsets[dim];
        iterDomainSizes[*loop] = sizes[dim];
      }
    // Loops the result does not show (e.g. the rows of a per-channel
    // statistic) cannot be recovered from its tile.
    if (llvm::any_of(iterDomainOffsets, [](OpFoldResult ofr) { return !ofr; }))
      return failure();
    return success();
  }

  FailureOr<TilingResult>
  generateResultTileValue(Operation *op, OpBuilder &b, unsigned resultNumber,
                          ArrayRef<OpFoldResult> offsets,
                          ArrayRef<OpFoldResult> sizes) const {
    SmallVector<OpFoldResult> loopOffsets, loopSizes;
    if (failed(getIterationDomainTileFromResultTile(
            op, b, resultNumber, offsets, sizes, loopOffsets, loopSizes)))
      return failure();
    return getTiledImplementation(op, b, loopOffsets, loopSizes);
  }
};
} // namespace

void mlir::norm::registerTilingInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, NormDialect *dialect) {
    // (With LLVM 22, getRegisteredOperationsByDialect("norm") does not find
    // the ops here.)
    for (RegisteredOperationName name : context->getRegisteredOperations())
      if (&name.getDialect() == dialect && name.hasInterface<NormOpInterface>())
        name.attachInterface<NormOpTilingInterface>();
  });
}
