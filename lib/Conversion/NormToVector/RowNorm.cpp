//===- RowNorm.cpp - layer_norm and rms_norm to vector loops -*- C++ -*-===//
//
// Lowers a row norm (normalizing its last dim) straight to loops over rows
// whose body streams the row through vector registers: independent vector
// accumulators per pass, one horizontal reduction per pass, masked tails,
// and a normalization pass that reads the row back while it is in cache.
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/NormToVector/NormToVector.h"
#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Support/BF16.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Builds the vector loops of one row norm. The row is the last dim of
/// `input`; every other dim is a loop over rows.
class RowKernelBuilder {
public:
  RowKernelBuilder(OpBuilder &b, Location loc, Value input, FloatType accType,
                   const ConvertNormToVectorPassOptions &options)
      : b(b), loc(loc), input(input), accType(accType),
        inputType(cast<RankedTensorType>(input.getType())),
        elementType(cast<FloatType>(inputType.getElementType())),
        options(options) {
    int64_t accBits = accType.getWidth();
    lanes = std::max<int64_t>(1, options.vectorWidth * 32 / accBits);
    accVectorType = VectorType::get({lanes}, accType);
    elementVectorType = VectorType::get({lanes}, elementType);
    maskType = VectorType::get({lanes}, b.getI1Type());
    wordVectorType = VectorType::get({lanes}, b.getI32Type());
    pairs = elementType.isBF16() && accType.isF32() && options.unroll % 2 == 0;
    rank = inputType.getRank();
    rowLength = tensor::DimOp::create(b, loc, input, rank - 1);
    count = buildIndexToFloat(b, loc, rowLength, accType);
    Value step = index(lanes * options.unroll);
    Value remainder = arith::RemUIOp::create(b, loc, rowLength, step);
    mainEnd = arith::SubIOp::create(b, loc, rowLength, remainder);
  }

  /// One pass over the row at `rowIndices` that sums `numSums` terms of each
  /// element (`terms` maps an accumulation-type vector and its mask, null on
  /// full vectors, to the terms), with `unroll` independent accumulators per
  /// sum, then reduces each sum horizontally once.
  SmallVector<Value>
  buildRowSums(ValueRange rowIndices, int64_t numSums,
               function_ref<SmallVector<Value>(Value x, Value mask)> terms) {
    int64_t unroll = options.unroll;
    Value zeroVector = arith::ConstantOp::create(
        b, loc, accVectorType,
        DenseElementsAttr::get(accVectorType, b.getFloatAttr(accType, 0.0)));
    SmallVector<Value> inits(numSums * unroll, zeroVector);
    auto mainLoop = scf::ForOp::create(
        b, loc, index(0), mainEnd, index(lanes * unroll), inits,
        [&](OpBuilder &nb, Location nl, Value j, ValueRange accs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToEnd(nb.getInsertionBlock());
          SmallVector<Value> next(accs);
          auto accumulate = [&](int64_t u, Value x) {
            SmallVector<Value> contributions = terms(x, nullptr);
            for (int64_t s = 0; s < numSums; ++s)
              next[s * unroll + u] = add(next[s * unroll + u], contributions[s]);
          };
          for (int64_t u = 0; u < unroll; u += pairs ? 2 : 1) {
            if (pairs) {
              auto [even, odd] = readRowPairs(rowIndices, offset(j, u * lanes));
              accumulate(u, even);
              accumulate(u + 1, odd);
              continue;
            }
            accumulate(u, readRow(rowIndices, offset(j, u * lanes), nullptr));
          }
          scf::YieldOp::create(b, loc, next);
        });
    SmallVector<Value> tailInits;
    for (int64_t s = 0; s < numSums; ++s)
      tailInits.push_back(mainLoop.getResult(s * unroll));
    auto tailLoop = scf::ForOp::create(
        b, loc, mainEnd, rowLength, index(lanes), tailInits,
        [&](OpBuilder &nb, Location nl, Value j, ValueRange accs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToEnd(nb.getInsertionBlock());
          Value mask = tailMask(j);
          Value x = readRow(rowIndices, j, mask);
          SmallVector<Value> contributions = terms(x, mask);
          SmallVector<Value> next;
          for (int64_t s = 0; s < numSums; ++s)
            next.push_back(add(accs[s], contributions[s]));
          scf::YieldOp::create(b, loc, next);
        });
    SmallVector<Value> sums;
    for (int64_t s = 0; s < numSums; ++s) {
      Value total = tailLoop.getResult(s);
      for (int64_t u = 1; u < unroll; ++u)
        total = add(total, mainLoop.getResult(s * unroll + u));
      sums.push_back(vector::ReductionOp::create(
          b, loc, vector::CombiningKind::ADD, total,
          arith::FastMathFlags::reassoc));
    }
    return sums;
  }

  /// The normalization pass: writes `normalize(x, j, mask)` of every element
  /// of the row into `output` and returns the updated tensor. With
  /// `streamStores`, the main loop is marked for norm-stream-stores. With a
  /// residual and `sum`, it also writes the row's `input + residual` into
  /// `*sum` and updates it.
  Value buildRowWrite(ValueRange rowIndices, Value output,
                      function_ref<Value(Value x, Value j, Value mask)> body,
                      Value *sum = nullptr) {
    int64_t unroll = options.unroll;
    bool writeSum = sum && residual;
    // Reads the row at `j` and, when writing the sum, writes it into
    // `carried[1]`.
    auto readAndWriteSum = [&](SmallVectorImpl<Value> &carried, Value j,
                               Value mask) -> Value {
      if (!writeSum)
        return readRow(rowIndices, j, mask);
      Value s = readRowSum(rowIndices, j, mask);
      SmallVector<Value> indices(rowIndices);
      indices.push_back(j);
      carried[1] = vector::TransferWriteOp::create(
                       b, loc, carried[1].getType(), s, carried[1], indices,
                       b.getMultiDimIdentityMap(rank).getMinorIdentityMap(
                           rank, 1, b.getContext()),
                       mask, b.getBoolArrayAttr({true}))
                       .getResult();
      return convertVector(s, accVectorType);
    };
    SmallVector<Value> inits = {output};
    if (writeSum)
      inits.push_back(*sum);
    auto write = [&](Value value, Value tensor, Value j, Value mask) -> Value {
      Value narrow = convertVector(value, elementVectorType);
      SmallVector<Value> indices(rowIndices);
      indices.push_back(j);
      auto op = vector::TransferWriteOp::create(
          b, loc, tensor.getType(), narrow, tensor, indices,
          b.getMultiDimIdentityMap(rank).getMinorIdentityMap(
              rank, 1, b.getContext()),
          mask, b.getBoolArrayAttr({true}));
      return op.getResult();
    };
    auto mainLoop = scf::ForOp::create(
        b, loc, index(0), mainEnd, index(lanes * unroll), inits,
        [&](OpBuilder &nb, Location nl, Value j, ValueRange carriedRange) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToEnd(nb.getInsertionBlock());
          SmallVector<Value> carried(carriedRange);
          Value tensor = carried[0];
          for (int64_t u = 0; u < unroll; u += pairs ? 2 : 1) {
            Value column = offset(j, u * lanes);
            if (pairs) {
              auto [even, odd] = readRowPairs(rowIndices, column);
              Value packed =
                  packPairsToBF16(body(even, column, nullptr),
                                  body(odd, offset(column, lanes), nullptr));
              SmallVector<Value> indices(rowIndices);
              indices.push_back(column);
              tensor = vector::TransferWriteOp::create(
                           b, loc, tensor.getType(), packed, tensor, indices,
                           b.getMultiDimIdentityMap(rank).getMinorIdentityMap(
                               rank, 1, b.getContext()),
                           Value(), b.getBoolArrayAttr({true}))
                           .getResult();
              continue;
            }
            Value x = readAndWriteSum(carried, column, nullptr);
            tensor = write(body(x, column, nullptr), tensor, column, nullptr);
          }
          carried[0] = tensor;
          scf::YieldOp::create(b, loc, carried);
        });
    // Every full vector of the main loop starts a multiple of `lanes` after
    // the row start, so one alignment check of the row start (made by
    // norm-stream-stores after bufferization) covers all of its stores.
    if (options.streamStores)
      NormDialect::StreamStoresAttrHelper(b.getContext())
          .setAttr(mainLoop, b.getUnitAttr());
    auto tailLoop = scf::ForOp::create(
        b, loc, mainEnd, rowLength, index(lanes), mainLoop.getResults(),
        [&](OpBuilder &nb, Location nl, Value j, ValueRange carriedRange) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToEnd(nb.getInsertionBlock());
          SmallVector<Value> carried(carriedRange);
          Value mask = tailMask(j);
          Value x = readAndWriteSum(carried, j, mask);
          carried[0] = write(body(x, j, mask), carried[0], j, mask);
          scf::YieldOp::create(b, loc, carried);
        });
    if (writeSum)
      *sum = tailLoop.getResult(1);
    return tailLoop.getResult(0);
  }

  /// Reads `lanes` elements of the 1-D `param` at `j` in the accumulation
  /// type (masked-off lanes read 0).
  Value readParam(Value param, Value j, Value mask) {
    auto paramType = cast<RankedTensorType>(param.getType());
    VectorType type = VectorType::get({lanes}, paramType.getElementType());
    Value pad = arith::ConstantOp::create(
        b, loc, paramType.getElementType(),
        b.getFloatAttr(paramType.getElementType(), 0.0));
    Value read = vector::TransferReadOp::create(
        b, loc, type, param, ValueRange{j},
        b.getMultiDimIdentityMap(1), pad, mask, b.getBoolArrayAttr({true}));
    return convertVector(read, accVectorType);
  }

  /// `param` (1-D, e.g. a bf16 scale) converted once to a tensor of the
  /// accumulation type by a vector loop (full vectors, then one masked tail
  /// vector: AVX2 has no masked 16-bit loads, so masking every vector would
  /// scalarize the loop), so that the normalization pass of every row reads
  /// it without converting it again. Returns `param` itself when it already
  /// has the accumulation type.
  Value convertParam(Value param) {
    auto paramType = cast<RankedTensorType>(param.getType());
    auto paramElementType = cast<FloatType>(paramType.getElementType());
    if (paramElementType == accType && !pairs)
      return param;
    // Hoisted above the enclosing loops (e.g. the row tiles of
    // norm-tile-and-fuse) that `param` does not depend on.
    OpBuilder::InsertionGuard guard(b);
    if (Operation *loop = outermostInvariantLoop(param, b.getInsertionBlock()))
      b.setInsertionPoint(loop);
    Value length = tensor::DimOp::create(b, loc, param, 0);
    Value empty = tensor::EmptyOp::create(
        b, loc, tensor::getMixedSizes(b, loc, param), accType);
    Value pad = arith::ConstantOp::create(
        b, loc, paramElementType, b.getFloatAttr(paramElementType, 0.0));
    AffineMap map = b.getMultiDimIdentityMap(1);
    auto convert = [&](OpBuilder &nb, Location nl, Value j, Value tensor,
                       Value mask) -> Value {
      Value read = vector::TransferReadOp::create(
          nb, nl, VectorType::get({lanes}, paramElementType), param,
          ValueRange{j}, map, pad, mask, nb.getBoolArrayAttr({true}));
      Value wide = read;
      if (paramElementType != accType)
        wide = arith::ExtFOp::create(nb, nl, accVectorType, read);
      return vector::TransferWriteOp::create(nb, nl, tensor.getType(), wide,
                                             tensor, ValueRange{j}, map, mask,
                                             nb.getBoolArrayAttr({true}))
          .getResult();
    };
    // Pair mode: each 2 x lanes block of the unrolled main loops' range is
    // stored as its even elements, then its odd ones (the order in which
    // readRowPairs delivers the row).
    Value start = index(0);
    Value converted = empty;
    if (pairs) {
      Value pairedEnd = arith::SubIOp::create(
          b, loc, length,
          arith::RemUIOp::create(b, loc, length,
                                 index(lanes * options.unroll)));
      VectorType blockType = VectorType::get({2 * lanes}, paramElementType);
      VectorType wideBlockType = VectorType::get({2 * lanes}, accType);
      SmallVector<int64_t> evensThenOdds;
      for (int64_t parity = 0; parity < 2; ++parity)
        for (int64_t i = parity; i < 2 * lanes; i += 2)
          evensThenOdds.push_back(i);
      auto pairLoop = scf::ForOp::create(
          b, loc, start, pairedEnd, index(2 * lanes), ValueRange{empty},
          [&](OpBuilder &nb, Location nl, Value j, ValueRange carried) {
            Value read = vector::TransferReadOp::create(
                nb, nl, blockType, param, ValueRange{j}, map, pad, Value(),
                nb.getBoolArrayAttr({true}));
            Value wide = read;
            if (paramElementType != accType)
              wide = arith::ExtFOp::create(nb, nl, wideBlockType, read);
            Value split = vector::ShuffleOp::create(nb, nl, wide, wide,
                                                    evensThenOdds);
            scf::YieldOp::create(
                nb, nl,
                vector::TransferWriteOp::create(
                    nb, nl, carried[0].getType(), split, carried[0],
                    ValueRange{j}, map, Value(), nb.getBoolArrayAttr({true}))
                    .getResult());
          });
      start = pairedEnd;
      converted = pairLoop.getResult(0);
    }
    Value fullEnd = arith::SubIOp::create(
        b, loc, length, arith::RemUIOp::create(b, loc, length, index(lanes)));
    auto mainLoop = scf::ForOp::create(
        b, loc, start, fullEnd, index(lanes), ValueRange{converted},
        [&](OpBuilder &nb, Location nl, Value j, ValueRange carried) {
          scf::YieldOp::create(nb, nl,
                               convert(nb, nl, j, carried[0], Value()));
        });
    auto tailLoop = scf::ForOp::create(
        b, loc, fullEnd, length, index(lanes),
        ValueRange{mainLoop.getResult(0)},
        [&](OpBuilder &nb, Location nl, Value j, ValueRange carried) {
          Value remaining = arith::SubIOp::create(nb, nl, length, j);
          Value mask = vector::CreateMaskOp::create(nb, nl, maskType,
                                                    ValueRange{remaining});
          scf::YieldOp::create(nb, nl, convert(nb, nl, j, carried[0], mask));
        });
    return tailLoop.getResult(0);
  }

  /// The outermost loop around `block` whose body does not define `value`
  /// (code that depends only on `value` can go before it), or null.
  static Operation *outermostInvariantLoop(Value value, Block *block) {
    Operation *definer = value.getParentBlock()->getParentOp();
    Operation *loop = nullptr;
    for (Operation *parent = block->getParentOp();
         parent && isa<LoopLikeOpInterface>(parent) &&
         !parent->isAncestor(definer);
         parent = parent->getParentOp())
      loop = parent;
    return loop;
  }

  Value splat(Value scalar) {
    return vector::BroadcastOp::create(b, loc, accVectorType, scalar);
  }
  Value scalar(double value) {
    return arith::ConstantOp::create(b, loc, accType,
                                     b.getFloatAttr(accType, value));
  }
  Value zeroVector() { return splat(scalar(0.0)); }
  Value add(Value lhs, Value rhs) {
    return arith::AddFOp::create(b, loc, lhs, rhs,
                                 arith::FastMathFlags::reassoc);
  }

  OpBuilder &b;
  Location loc;
  Value input;
  FloatType accType;
  RankedTensorType inputType;
  FloatType elementType;
  const ConvertNormToVectorPassOptions &options;
  int64_t lanes;
  int64_t rank;
  VectorType accVectorType, elementVectorType, maskType, wordVectorType;
  /// Pair mode (readRowPairs) for the unrolled main loops.
  bool pairs;
  Value rowLength, count, mainEnd;
  /// The `residual` of the op (input's type), or null: every read of the
  /// row reads `input + residual` (readRowSum).
  Value residual;

  /// Makes every read of the row read `input + residual`. Pair mode is off
  /// then (the sum is rounded to the element type before it is widened).
  void setResidual(Value value) {
    residual = value;
    if (value)
      pairs = false;
  }

private:
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value offset(Value j, int64_t delta) {
    if (delta == 0)
      return j;
    return arith::AddIOp::create(b, loc, j, index(delta));
  }
  Value tailMask(Value j) {
    Value remaining = arith::SubIOp::create(b, loc, rowLength, j);
    return vector::CreateMaskOp::create(b, loc, maskType,
                                        ValueRange{remaining});
  }
  Value convertVector(Value value, VectorType type) {
    auto from = cast<VectorType>(value.getType());
    auto fromElement = cast<FloatType>(from.getElementType());
    auto toElement = cast<FloatType>(type.getElementType());
    if (fromElement == toElement)
      return value;
    if (fromElement.getWidth() < toElement.getWidth())
      return arith::ExtFOp::create(b, loc, type, value);
    return arith::TruncFOp::create(b, loc, type, value);
  }
  /// A vector of `type` (i32 elements) with every element `word`.
  Value splatWord(VectorType type, uint32_t word) {
    return arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, b.getI32IntegerAttr(word)));
  }

  /// Pair mode (bf16 rows, f32 accumulation): reads 2 x `lanes` bf16 of the
  /// row at column `j` as `lanes` i32 words and widens them with two bit
  /// operations and no shuffle: the even elements (low halves) shifted up,
  /// the odd ones (high halves) masked. Statistics do not depend on the
  /// order; the normalization pass reads the scale and bias de-interleaved
  /// the same way (convertParam) and packs its results back with
  /// packPairsToBF16.
  std::pair<Value, Value> readRowPairs(ValueRange rowIndices, Value j) {
    SmallVector<Value> indices(rowIndices);
    indices.push_back(j);
    Value pad = arith::ConstantOp::create(b, loc, elementType,
                                          b.getFloatAttr(elementType, 0.0));
    Value read = vector::TransferReadOp::create(
        b, loc, VectorType::get({2 * lanes}, elementType), input, indices,
        b.getMultiDimIdentityMap(rank).getMinorIdentityMap(rank, 1,
                                                           b.getContext()),
        pad, Value(), b.getBoolArrayAttr({true}));
    Value words = vector::BitCastOp::create(b, loc, wordVectorType, read);
    Value even = arith::ShLIOp::create(b, loc, words,
                                       splatWord(wordVectorType, 16));
    Value odd = arith::AndIOp::create(b, loc, words,
                                      splatWord(wordVectorType, 0xffff0000u));
    return {arith::BitcastOp::create(b, loc, accVectorType, even),
            arith::BitcastOp::create(b, loc, accVectorType, odd),};
  }
  /// The inverse of readRowPairs: the rounded even results in the low halves
  /// and the odd ones in the high halves of `lanes` words, as 2 x `lanes`
  /// bf16. No NaN select: the row and its parameters are bf16, so every NaN
  /// here is a quieted bf16 NaN or a default NaN, both with the low 16 bits
  /// 0, which the rounding add cannot carry out of; such a NaN stays itself.
  /// (The execution tests check NaN and infinity rows.)
  Value packPairsToBF16(Value even, Value odd) {
    Value low =
        arith::ShRUIOp::create(b, loc, buildBF16RoundedBits(b, loc, even),
                               splatWord(wordVectorType, 16));
    Value high =
        arith::AndIOp::create(b, loc, buildBF16RoundedBits(b, loc, odd),
                              splatWord(wordVectorType, 0xffff0000u));
    Value words = arith::OrIOp::create(b, loc, low, high);
    return vector::BitCastOp::create(
        b, loc, VectorType::get({2 * lanes}, elementType), words);
  }

  /// Reads `lanes` elements of the row at column `j` in the accumulation
  /// type; masked-off lanes read 0.
  Value readRow(ValueRange rowIndices, Value j, Value mask) {
    return convertVector(readRowSum(rowIndices, j, mask), accVectorType);
  }

  /// Reads `lanes` elements of `tensor`'s row at column `j` in the element
  /// type; masked-off lanes read 0.
  Value readElements(Value tensor, ValueRange rowIndices, Value j,
                     Value mask) {
    SmallVector<Value> indices(rowIndices);
    indices.push_back(j);
    Value pad = arith::ConstantOp::create(b, loc, elementType,
                                          b.getFloatAttr(elementType, 0.0));
    return vector::TransferReadOp::create(
        b, loc, elementVectorType, tensor, indices,
        b.getMultiDimIdentityMap(rank).getMinorIdentityMap(rank, 1,
                                                           b.getContext()),
        pad, mask, b.getBoolArrayAttr({true}));
  }

  /// The row's elements at column `j` in the element type: `input`, or
  /// `input + residual` rounded once to the element type (added in the
  /// accumulation type, which is exact before that rounding for f16 and
  /// bf16), the `sum` result's elements.
  Value readRowSum(ValueRange rowIndices, Value j, Value mask) {
    Value x = readElements(input, rowIndices, j, mask);
    if (!residual)
      return x;
    Value r = readElements(residual, rowIndices, j, mask);
    if (elementType == accType)
      return arith::AddFOp::create(b, loc, x, r);
    Value sum = arith::AddFOp::create(b, loc, convertVector(x, accVectorType),
                                      convertVector(r, accVectorType));
    return convertVector(sum, elementVectorType);
  }
};

/// Builds a loop nest over every row of `input` (all dims but the last),
/// carrying `inits`; `body` gets the row indices and the carried values and
/// returns the new ones.
static SmallVector<Value> buildRowLoops(
    OpBuilder &b, Location loc, Value input, ValueRange inits,
    function_ref<SmallVector<Value>(ValueRange rowIndices, ValueRange carried)>
        body) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t dim = 0; dim + 1 < rank; ++dim) {
    lbs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    ubs.push_back(tensor::DimOp::create(b, loc, input, dim));
    steps.push_back(arith::ConstantIndexOp::create(b, loc, 1));
  }
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, inits,
      [&](OpBuilder &nb, Location nl, ValueRange ivs, ValueRange carried) {
        return body(ivs, carried);
      });
  return nest.results;
}

/// Writes `value` at row `rowIndices` of a statistics tensor in the ONNX
/// layout (the row's indices, then zeros).
static Value insertRowStat(OpBuilder &b, Location loc, Value value,
                           Value stats, ValueRange rowIndices) {
  int64_t rank = cast<RankedTensorType>(stats.getType()).getRank();
  SmallVector<Value> indices(rowIndices);
  while (static_cast<int64_t>(indices.size()) < rank)
    indices.push_back(arith::ConstantIndexOp::create(b, loc, 0));
  return tensor::InsertOp::create(b, loc, value, stats, indices);
}

/// Reshapes per-row statistics (a tensor over the leading dims) into the
/// declared ONNX-layout type `shape[:-1] + [1]`.
static Value expandRowStats(OpBuilder &b, Location loc, Value stats,
                            Type type) {
  auto statsType = cast<RankedTensorType>(stats.getType());
  int64_t keptRank = statsType.getRank();
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t dim = 0; dim < keptRank; ++dim)
    reassociation.push_back({dim});
  if (!reassociation.empty())
    reassociation.back().push_back(keptRank);
  SmallVector<int64_t> shape(statsType.getShape());
  shape.push_back(1);
  SmallVector<OpFoldResult> outputShape = tensor::getMixedSizes(b, loc, stats);
  outputShape.push_back(b.getIndexAttr(1));
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, statsType.getElementType()), stats,
      reassociation, outputShape);
  if (expanded.getType() != type)
    expanded = tensor::CastOp::create(b, loc, type, expanded);
  return expanded;
}

/// The replacement values of a row norm: the output, then each requested
/// statistic reshaped to its declared type.
static SmallVector<Value> finishStats(OpBuilder &b, Location loc,
                                      Operation *op, ArrayRef<Value> results) {
  SmallVector<Value> replacements = {results[0]};
  for (auto [value, result] :
       llvm::zip_equal(results.drop_front(), op->getResults().drop_front()))
    replacements.push_back(value.getType() == result.getType()
                               ? value // The `sum`, in the input's type.
                               : expandRowStats(b, loc, value,
                                                result.getType()));
  return replacements;
}

/// Whether the vector kernel handles `op`: one normalized dim (the last).
template <typename OpTy> static LogicalResult isVectorizable(OpTy op) {
  RankedTensorType type = op.getInput().getType();
  if (op.getNormalizedAxis() != type.getRank() - 1)
    return failure();
  return success();
}

/// The initial tensors of a row kernel: the output, the `sum` if requested
/// (the input's shape and element type), then one tensor over the rows (the
/// leading dims, accumulation type) per requested statistic.
static SmallVector<Value> buildRowInits(OpBuilder &b, Location loc,
                                        Operation *op, Value sum,
                                        const RowKernelBuilder &kernel) {
  SmallVector<OpFoldResult> sizes =
      tensor::getMixedSizes(b, loc, kernel.input);
  SmallVector<Value> inits = {
      tensor::EmptyOp::create(b, loc, sizes, kernel.elementType)};
  for (unsigned result = 1; result < op->getNumResults(); ++result)
    inits.push_back(
        op->getResult(result) == sum
            ? tensor::EmptyOp::create(b, loc, sizes, kernel.elementType)
            : tensor::EmptyOp::create(
                  b, loc, ArrayRef<OpFoldResult>(sizes).drop_back(),
                  kernel.accType));
  return inits;
}

/// Rewrites `norm.layer_norm` over its last dim into loops over rows; per
/// row: a vector pass summing x (first mean m1), a vector pass summing
/// d = x - m1 and d^2, and a vector pass writing
/// ((x - m1) - c) * rstd * scale + bias with c = sum(d)/n. Statistics are
/// the same corrected two-pass ones as the linalg lowering.
struct LayerNormToVector : OpRewritePattern<LayerNormOp> {
  LayerNormToVector(MLIRContext *context,
                    const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(isVectorizable(op)))
      return rewriter.notifyMatchFailure(op, "normalizes more than one dim");
    Location loc = op.getLoc();
    Value input = op.getInput();
    RowKernelBuilder kernel(rewriter, loc, input, op.getAccumulatorType(),
                            options);
    kernel.setResidual(op.getResidual());
    double epsilon = op.getAccumulatorEpsilon();
    // Half-precision scale and bias are widened once, not once per row.
    Value scale = op.getScale() ? kernel.convertParam(op.getScale()) : Value();
    Value bias = op.getBias() ? kernel.convertParam(op.getBias()) : Value();
    SmallVector<Value> inits =
        buildRowInits(rewriter, loc, op, op.getSum(), kernel);
    // Statistics tensors are built over the rows, then reshaped.
    SmallVector<Value> results = buildRowLoops(
        rewriter, loc, input, inits,
        [&](ValueRange rows, ValueRange carried) -> SmallVector<Value> {
          Value sum = kernel.buildRowSums(
              rows, 1, [](Value x, Value) { return SmallVector<Value>{x}; })[0];
          Value firstMean = buildMean(rewriter, loc, sum, kernel.count);
          Value m1 = kernel.splat(firstMean);
          SmallVector<Value> sums = kernel.buildRowSums(
              rows, 2, [&](Value x, Value mask) -> SmallVector<Value> {
                Value d = arith::SubFOp::create(rewriter, loc, x, m1);
                if (mask)
                  d = arith::SelectOp::create(rewriter, loc, mask, d,
                                              kernel.zeroVector());
                return {d, arith::MulFOp::create(rewriter, loc, d, d)};
              });
          CentredMoments moments = buildCentredMoments(
              rewriter, loc, firstMean, sums[0], sums[1], kernel.count);
          Value invStdDev =
              buildInverseSqrt(rewriter, loc, moments.variance, epsilon);
          Value c = kernel.splat(moments.correction);
          Value rstd = kernel.splat(invStdDev);
          Value residualSum = op.getSum() ? carried[1] : Value();
          Value output = kernel.buildRowWrite(
              rows, carried[0], [&](Value x, Value j, Value mask) -> Value {
                Value d = arith::SubFOp::create(
                    rewriter, loc, arith::SubFOp::create(rewriter, loc, x, m1),
                    c);
                Value y = buildScaledDeviation(rewriter, loc, d, rstd, epsilon);
                if (scale && bias)
                  return math::FmaOp::create(rewriter, loc, y,
                                             kernel.readParam(scale, j, mask),
                                             kernel.readParam(bias, j, mask));
                if (scale)
                  y = arith::MulFOp::create(rewriter, loc, y,
                                            kernel.readParam(scale, j, mask));
                if (bias)
                  y = arith::AddFOp::create(rewriter, loc, y,
                                            kernel.readParam(bias, j, mask));
                return y;
              },
              residualSum ? &residualSum : nullptr);
          SmallVector<Value> next = {output};
          if (residualSum)
            next.push_back(residualSum);
          int64_t statIndex = next.size();
          if (op.getMean())
            next.push_back(insertRowStat(rewriter, loc, moments.mean,
                                         carried[statIndex++], rows));
          if (op.getInvStdDev())
            next.push_back(insertRowStat(rewriter, loc, invStdDev,
                                         carried[statIndex++], rows));
          return next;
        });
    rewriter.replaceOp(op, finishStats(rewriter, loc, op, results));
    return success();
  }

  ConvertNormToVectorPassOptions options;
};

/// Rewrites `norm.rms_norm` over its last dim into loops over rows; per row:
/// a vector pass summing x^2 and a vector pass writing x * rstd * scale.
struct RMSNormToVector : OpRewritePattern<RMSNormOp> {
  RMSNormToVector(MLIRContext *context,
                  const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(RMSNormOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(isVectorizable(op)))
      return rewriter.notifyMatchFailure(op, "normalizes more than one dim");
    Location loc = op.getLoc();
    Value input = op.getInput();
    RowKernelBuilder kernel(rewriter, loc, input, op.getAccumulatorType(),
                            options);
    kernel.setResidual(op.getResidual());
    double epsilon = op.getAccumulatorEpsilon();
    Value scale = op.getScale() ? kernel.convertParam(op.getScale()) : Value();
    SmallVector<Value> inits =
        buildRowInits(rewriter, loc, op, op.getSum(), kernel);
    SmallVector<Value> results = buildRowLoops(
        rewriter, loc, input, inits,
        [&](ValueRange rows, ValueRange carried) -> SmallVector<Value> {
          Value sumSquares = kernel.buildRowSums(
              rows, 1, [&](Value x, Value) -> SmallVector<Value> {
                return {arith::MulFOp::create(rewriter, loc, x, x)};
              })[0];
          Value meanSquare = buildMean(rewriter, loc, sumSquares, kernel.count);
          Value invRms = buildInverseSqrt(rewriter, loc, meanSquare, epsilon);
          Value rstd = kernel.splat(invRms);
          Value sum = op.getSum() ? carried[1] : Value();
          Value output = kernel.buildRowWrite(
              rows, carried[0],
              [&](Value x, Value j, Value mask) -> Value {
                Value y = buildScaledDeviation(rewriter, loc, x, rstd, epsilon);
                if (scale)
                  y = arith::MulFOp::create(rewriter, loc, y,
                                            kernel.readParam(scale, j, mask));
                return y;
              },
              sum ? &sum : nullptr);
          SmallVector<Value> next = {output};
          if (sum)
            next.push_back(sum);
          if (op.getInvRms())
            next.push_back(insertRowStat(rewriter, loc, invRms,
                                         carried[next.size()], rows));
          return next;
        });
    rewriter.replaceOp(op, finishStats(rewriter, loc, op, results));
    return success();
  }

  ConvertNormToVectorPassOptions options;
};
} // namespace

void mlir::norm::populateRowNormToVectorPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToVectorPassOptions &options) {
  patterns.add<LayerNormToVector, RMSNormToVector>(patterns.getContext(),
                                                   options);
}
