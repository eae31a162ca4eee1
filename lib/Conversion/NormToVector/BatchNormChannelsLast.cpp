//===- BatchNormChannelsLast.cpp - channels-last batch_norm -*- C++ -*-===//
//
// Lowers the channels-last batch_norm ([A..., C]) to vector loops across
// the channels, one pass over blocks of rows in parallel
// (BatchNormTrainChannelsLast.cpp lowers batch_norm_train).
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "RunKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Conversion/NormToVector/NormToVector.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

/// The per-channel constants of the channels-last inference kernel, 1-D
/// tensors of C in the accumulation type: the mean, a = rstd * scale and
/// the bias.
struct AffineConstants {
  Value mean, a, bias;
};

/// Computes a = scale / sqrt(var + epsilon) once per call; the mean and the
/// bias are the op's operands when they already have the accumulation type,
/// else converted once here (no conversion per row).
static AffineConstants buildAffineConstants(RunKernelBuilder &kernel,
                                            BatchNormOp op, Value channels,
                                            OpFoldResult channelSize,
                                            double epsilon) {
  OpBuilder &b = kernel.b;
  Location loc = kernel.loc;
  auto isAcc = [&](Value tensor) {
    return cast<RankedTensorType>(tensor.getType()).getElementType() ==
           kernel.accType;
  };
  bool convert = !isAcc(op.getMean()) || !isAcc(op.getBias());
  auto empty = [&]() -> Value {
    return tensor::EmptyOp::create(b, loc, ArrayRef<OpFoldResult>{channelSize},
                                   kernel.accType);
  };
  SmallVector<Value> inits = {empty()};
  if (convert)
    inits.append({empty(), empty()});
  SmallVector<Value> written = kernel.buildVectorLoop(
      channels, inits,
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        Value rstd = buildInverseSqrt(
            b, loc, kernel.readVector(op.getVar(), j, mask), epsilon);
        Value a = arith::MulFOp::create(
            b, loc, rstd, kernel.readVector(op.getScale(), j, mask));
        SmallVector<Value> next = {kernel.writeVector(a, carried[0], j, mask)};
        if (convert) {
          next.push_back(kernel.writeVector(
              kernel.readVector(op.getMean(), j, mask), carried[1], j, mask));
          next.push_back(kernel.writeVector(
              kernel.readVector(op.getBias(), j, mask), carried[2], j, mask));
        }
        return next;
      });
  if (convert)
    return {written[1], written[0], written[2]};
  return {op.getMean(), written[0], op.getBias()};
}

/// fma(x - mean, a, bias): 3 per-channel operands and 2 operations per
/// vector. A constant channel (x == mean) gives exactly the bias, as in the
/// linalg lowering; with epsilon = 0, where a zero variance makes `a`
/// infinite, it is selected (0 * inf would be NaN).
static Value buildAffine(OpBuilder &b, Location loc, Value x, Value mean,
                         Value a, Value bias, double epsilon) {
  Value d = arith::SubFOp::create(b, loc, x, mean);
  Value y = math::FmaOp::create(b, loc, d, a, bias);
  return buildZeroDeviationGuard(b, loc, d, y, bias, epsilon);
}

/// Rewrites a channels-last `norm.batch_norm` ([A..., C]) into one
/// streaming pass over its R = prod(A) rows of C channels, the oneDNN
/// schedule:
///
/// 1. Once per call, per channel (a vector loop over C): a = rstd * scale
///    (and the mean and the bias in the accumulation type).
/// 2. The rows in blocks of `block-elements` elements or more, in parallel
///    (scf.forall; rows, not channels, so that few rows of many channels,
///    e.g. 7x7 spatial extents or a batch of 1, still fill the threads).
///    Each row is written as fma(x - mean, a, bias), `unroll` full vectors of
///    channels per iteration with the per-channel vectors read from L1
///    (3 x C elements), then the full vectors left and one masked vector
///    for C % lanes. Rows of whole cache lines stream.
/// 3. A static C of at most `unroll` vectors: the per-channel vectors are
///    read once, before the loops, and the input is seen as one flat run
///    swept C elements (one row) per iteration: no loop, no mask and no
///    parameter load per row but the masked last vector where C % lanes.
///
/// The statistics stay in f32 (the accumulation type) for f16/bf16.
LogicalResult mlir::norm::rewriteChannelsLastToVector(BatchNormOp op,
                                         PatternRewriter &rewriter,
                                         const ConvertNormToVectorPassOptions &options) {
  Location loc = op.getLoc();
  Value input = op.getInput();
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  // A static 0 next to dynamic dims would collapse into a static 0 that the
  // memref view rejects: the linalg lowering handles empty inputs.
  if (rank < 2 || llvm::is_contained(inputType.getShape(), 0))
    return rewriter.notifyMatchFailure(op, "rank 1 or statically empty input");
  FloatType accType = op.getAccumulatorType();
  double epsilon = op.getAccumulatorEpsilon();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  // [A..., C] as [R, C] (rows) or as [R * C] (one run).
  SmallVector<ReassociationIndices> toRows(2), toRun(1);
  for (int64_t dim = 0; dim < rank; ++dim) {
    toRows[dim == rank - 1].push_back(dim);
    toRun[0].push_back(dim);
  }
  auto view = [&](Value tensor,
                  ArrayRef<ReassociationIndices> reassociation) -> Value {
    if (static_cast<int64_t>(reassociation.size()) == rank)
      return tensor;
    return tensor::CollapseShapeOp::create(rewriter, loc, tensor,
                                           reassociation);
  };
  Value matrix = view(input, toRows);
  RunKernelBuilder kernel(rewriter, loc, matrix, accType, options);
  Value channels = tensor::DimOp::create(rewriter, loc, matrix, 1);
  Value numRows = tensor::DimOp::create(rewriter, loc, matrix, 0);
  AffineConstants constants =
      buildAffineConstants(kernel, op, channels, sizes.back(), epsilon);

  // Blocks of `rowsPerBlock` rows (at least block-elements elements).
  Value rowsPerBlock = arith::CeilDivUIOp::create(
      rewriter, loc, index(options.blockElements),
      arith::MaxUIOp::create(rewriter, loc, channels, index(1)));
  Value numBlocks =
      arith::CeilDivUIOp::create(rewriter, loc, numRows, rowsPerBlock);
  // The rows of a block: its first row and its number of rows.
  RowBlocks blocks(rewriter, loc, {}, numRows, rowsPerBlock, numBlocks);
  auto ones = [&](int64_t count) {
    return SmallVector<OpFoldResult>(count, rewriter.getIndexAttr(1));
  };

  Value output;
  int64_t staticChannels = inputType.getShape().back();
  int64_t numVectors =
      ShapedType::isDynamic(staticChannels)
          ? 0
          : llvm::divideCeil(staticChannels, kernel.lanes);
  if (numVectors > 0 && numVectors <= kernel.unroll) {
    // Few static channels: the per-channel vectors in registers, each row
    // at flat position r * C.
    SmallVector<Value> masks, means, as, biases;
    for (int64_t v = 0; v < numVectors; ++v) {
      Value mask;
      if ((v + 1) * kernel.lanes > staticChannels)
        mask = vector::CreateMaskOp::create(
            rewriter, loc, kernel.maskType,
            ValueRange{index(staticChannels - v * kernel.lanes)});
      Value j = index(v * kernel.lanes);
      masks.push_back(mask);
      means.push_back(kernel.readVector(constants.mean, j, mask));
      as.push_back(kernel.readVector(constants.a, j, mask));
      biases.push_back(kernel.readVector(constants.bias, j, mask));
    }
    Value run = view(input, toRun);
    Value init = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{tensor::getMixedSize(rewriter, loc, run, 0)},
        kernel.elementType);
    Value flat = buildForall(
        rewriter, loc, numBlocks, ValueRange{init},
        [&](Value block, ValueRange shared) -> SmallVector<SliceToInsert> {
          auto [start, size] = blocks.range(block);
          SliceToInsert slice{
              nullptr,
              {arith::MulIOp::create(rewriter, loc, start, channels).getResult()},
              {arith::MulIOp::create(rewriter, loc, size, channels).getResult()}};
          Value source = tensor::ExtractSliceOp::create(
              rewriter, loc, run, slice.offsets, slice.sizes, ones(1));
          Value target = tensor::ExtractSliceOp::create(
              rewriter, loc, shared[0], slice.offsets, slice.sizes, ones(1));
          RunKernelBuilder rows(rewriter, loc, source, accType, options);
          auto loop = scf::ForOp::create(
              rewriter, loc, index(0), rows.length, index(staticChannels),
              ValueRange{target},
              [&](OpBuilder &nb, Location, Value row, ValueRange carried) {
                OpBuilder::InsertionGuard guard(rewriter);
                rewriter.setInsertionPointToEnd(nb.getInsertionBlock());
                Value tensor = carried[0];
                for (int64_t v = 0; v < numVectors; ++v) {
                  Value j = rows.offset(row, v * kernel.lanes);
                  Value x = rows.loadInputVector({}, j, masks[v]);
                  Value y = buildAffine(rewriter, loc, x, means[v], as[v],
                                        biases[v], epsilon);
                  tensor = rows.storeOutputVector(y, tensor, {}, j, masks[v]);
                }
                scf::YieldOp::create(rewriter, loc, tensor);
              });
          // Rows of whole cache lines, no mask: the row loop streams.
          if (options.streamStores && staticChannels % kernel.lanes == 0 &&
              staticChannels % (RunKernelBuilder::kLineBytes * 8 /
                                kernel.elementType.getWidth()) ==
                  0)
            NormDialect::StreamStoresAttrHelper(rewriter.getContext())
                .setAttr(loop, rewriter.getI64IntegerAttr(RunKernelBuilder::kLineBytes));
          slice.value = loop.getResult(0);
          return {slice};
        })[0];
    output = expandFreshTensor(rewriter, loc, flat, inputType, sizes, toRun);
  } else {
    Value init = tensor::EmptyOp::create(
        rewriter, loc,
        ArrayRef<OpFoldResult>{tensor::getMixedSize(rewriter, loc, matrix, 0),
                               sizes.back()},
        kernel.elementType);
    Value rows2d = buildForall(
        rewriter, loc, numBlocks, ValueRange{init},
        [&](Value block, ValueRange shared) -> SmallVector<SliceToInsert> {
          auto [start, size] = blocks.range(block);
          SliceToInsert slice{nullptr,
                              {start, rewriter.getIndexAttr(0)},
                              {size, sizes.back()}};
          Value source = tensor::ExtractSliceOp::create(
              rewriter, loc, matrix, slice.offsets, slice.sizes, ones(2));
          Value target = tensor::ExtractSliceOp::create(
              rewriter, loc, shared[0], slice.offsets, slice.sizes, ones(2));
          RunKernelBuilder rows(rewriter, loc, source, accType, options);
          slice.value = buildLoop(
              rewriter, loc, size, ValueRange{target},
              [&](Value row, ValueRange carried) -> SmallVector<Value> {
                return {rows.writeRun(
                    {row}, carried[0],
                    [&](Value x, Value j, Value mask) -> Value {
                      return buildAffine(
                          rewriter, loc, x,
                          rows.readVector(constants.mean, j, mask),
                          rows.readVector(constants.a, j, mask),
                          rows.readVector(constants.bias, j, mask), epsilon);
                    })};
              })[0];
          return {slice};
        })[0];
    output = expandFreshTensor(rewriter, loc, rows2d, inputType, sizes, toRows);
  }
  rewriter.replaceOp(op, castTo(rewriter, loc, output, op.getType()));
  return success();
}
