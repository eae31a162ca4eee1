//===- Moments.cpp - Statistics and normalization builders --*- C++ -*-===//
//
// The linalg builders that every norm lowering shares: the centred moments,
// the inverse standard deviation, and the final elementwise normalization.
//
//===----------------------------------------------------------------------===//

#include "NormToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::norm;

Value mlir::norm::convertFloat(OpBuilder &b, Location loc, Value value,
                               FloatType type) {
  auto from = cast<FloatType>(value.getType());
  if (from == type)
    return value;
  if (from.getWidth() < type.getWidth())
    return arith::ExtFOp::create(b, loc, type, value);
  return arith::TruncFOp::create(b, loc, type, value);
}

arith::FastMathFlags
mlir::norm::getSumFlags(const NormToLinalgOptions &options) {
  return options.reassociateSums ? arith::FastMathFlags::reassoc
                                 : arith::FastMathFlags::none;
}

Value mlir::norm::castToType(OpBuilder &b, Location loc, Value value,
                             Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

AffineMap mlir::norm::getProjection(MLIRContext *context, int64_t rank,
                                    ArrayRef<int64_t> dims) {
  SmallVector<AffineExpr> exprs;
  for (int64_t dim : dims)
    exprs.push_back(getAffineDimExpr(dim, context));
  return AffineMap::get(rank, /*symbolCount=*/0, exprs, context);
}

SmallVector<int64_t> mlir::norm::getKeptDims(ArrayRef<bool> reduced) {
  SmallVector<int64_t> kept;
  for (auto [dim, isReduced] : llvm::enumerate(reduced))
    if (!isReduced)
      kept.push_back(dim);
  return kept;
}

Value mlir::norm::buildElementCount(OpBuilder &b, Location loc, Value input,
                                    ArrayRef<bool> reduced,
                                    FloatType accType) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  int64_t staticCount = 1;
  Value dynamicCount;
  for (auto [size, isReduced] : llvm::zip(sizes, reduced)) {
    if (!isReduced)
      continue;
    if (std::optional<int64_t> constant = getConstantIntValue(size)) {
      staticCount *= *constant;
      continue;
    }
    Value dim = cast<Value>(size);
    dynamicCount = dynamicCount ? arith::MulIOp::create(b, loc, dynamicCount, dim)
                                : dim;
  }
  if (!dynamicCount)
    return arith::ConstantOp::create(
        b, loc, accType,
        b.getFloatAttr(accType, static_cast<double>(staticCount)));
  Value count = arith::MulIOp::create(
      b, loc, dynamicCount,
      arith::ConstantIndexOp::create(b, loc, staticCount));
  Value count64 =
      arith::IndexCastUIOp::create(b, loc, b.getI64Type(), count);
  return arith::UIToFPOp::create(b, loc, accType, count64);
}

/// A zero-filled `accType` tensor over the dims `kept` of `input`.
static Value buildZeroTensor(OpBuilder &b, Location loc, Value input,
                             ArrayRef<int64_t> kept, FloatType accType) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  SmallVector<OpFoldResult> keptSizes;
  for (int64_t dim : kept)
    keptSizes.push_back(sizes[dim]);
  Value empty = tensor::EmptyOp::create(b, loc, keptSizes, accType);
  Value zero = arith::ConstantOp::create(b, loc, accType,
                                         b.getFloatAttr(accType, 0.0));
  return linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{empty})
      .getResult(0);
}

static SmallVector<utils::IteratorType>
getIteratorTypes(ArrayRef<bool> reduced) {
  return llvm::map_to_vector(reduced, [](bool isReduced) {
    return isReduced ? utils::IteratorType::reduction
                     : utils::IteratorType::parallel;
  });
}

/// A linalg.generic that is elementwise over the kept-dims tensors `inputs`
/// and produces `numResults` new `accType` tensors shaped like inputs[0].
static SmallVector<Value> buildElementwise(
    OpBuilder &b, Location loc, ValueRange inputs, int64_t numResults,
    FloatType accType,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body) {
  auto type = cast<RankedTensorType>(inputs.front().getType());
  SmallVector<OpFoldResult> sizes =
      tensor::getMixedSizes(b, loc, inputs.front());
  SmallVector<Value> inits;
  for (int64_t i = 0; i < numResults; ++i)
    inits.push_back(tensor::EmptyOp::create(b, loc, sizes, accType));
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<AffineMap> maps(inputs.size() + numResults, identity);
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, ValueRange(inits).getTypes(), inputs, inits, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(nb, nl, body(nb, nl, args));
      });
  return SmallVector<Value>(generic.getResults());
}

/// Sums f(x) over the dims marked in `reduced` into an `accType` tensor over
/// the kept dims.
static Value
buildSum(OpBuilder &b, Location loc, Value input, ArrayRef<bool> reduced,
         FloatType accType, arith::FastMathFlags sumFlags,
         function_ref<Value(OpBuilder &, Location, Value)> term) {
  int64_t rank = reduced.size();
  SmallVector<int64_t> kept = getKeptDims(reduced);
  Value zeros = buildZeroTensor(b, loc, input, kept, accType);
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 getProjection(context, rank, kept)};
  auto sum = linalg::GenericOp::create(
      b, loc, zeros.getType(), ValueRange{input}, ValueRange{zeros}, maps,
      getIteratorTypes(reduced),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value x = convertFloat(nb, nl, args[0], accType);
        Value acc =
            arith::AddFOp::create(nb, nl, args[1], term(nb, nl, x), sumFlags);
        linalg::YieldOp::create(nb, nl, acc);
      });
  return sum.getResult(0);
}

Moments mlir::norm::buildMoments(OpBuilder &b, Location loc, Value input,
                                 ArrayRef<bool> reduced, FloatType accType,
                                 arith::FastMathFlags sumFlags) {
  int64_t rank = reduced.size();
  SmallVector<int64_t> kept = getKeptDims(reduced);
  MLIRContext *context = b.getContext();
  Value count = buildElementCount(b, loc, input, reduced, accType);

  // Pass 1: first mean m1 = sum(x) / n.
  Value sum = buildSum(b, loc, input, reduced, accType, sumFlags,
                       [](OpBuilder &, Location, Value x) { return x; });
  Value firstMean = buildElementwise(
      b, loc, sum, 1, accType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> SmallVector<Value> {
        return {arith::DivFOp::create(nb, nl, args[0], count)};
      })[0];

  // Pass 2: sum(d) and sum(d^2) with d = x - m1, in one reduction.
  Value zeros = buildZeroTensor(b, loc, input, kept, accType);
  AffineMap keptMap = getProjection(context, rank, kept);
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank), keptMap,
                                 keptMap, keptMap};
  auto deviations = linalg::GenericOp::create(
      b, loc, TypeRange{zeros.getType(), zeros.getType()},
      ValueRange{input, firstMean}, ValueRange{zeros, zeros}, maps,
      getIteratorTypes(reduced),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value x = convertFloat(nb, nl, args[0], accType);
        Value d = arith::SubFOp::create(nb, nl, x, args[1]);
        Value sumD = arith::AddFOp::create(nb, nl, args[2], d, sumFlags);
        Value dd = arith::MulFOp::create(nb, nl, d, d);
        Value sumDD = arith::AddFOp::create(nb, nl, args[3], dd, sumFlags);
        linalg::YieldOp::create(nb, nl, ValueRange{sumD, sumDD});
      });

  // Correct the mean and form the variance about it.
  SmallVector<Value> stats = buildElementwise(
      b, loc,
      ValueRange{firstMean, deviations.getResult(0), deviations.getResult(1)},
      3, accType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> SmallVector<Value> {
        Value correction = arith::DivFOp::create(nb, nl, args[1], count);
        Value mean = arith::AddFOp::create(nb, nl, args[0], correction);
        Value meanSquare = arith::DivFOp::create(nb, nl, args[2], count);
        Value correctionSquare =
            arith::MulFOp::create(nb, nl, correction, correction);
        Value variance =
            arith::SubFOp::create(nb, nl, meanSquare, correctionSquare);
        Value zero = arith::ConstantOp::create(
            nb, nl, accType, nb.getFloatAttr(accType, 0.0));
        // maximumf propagates NaN (an empty reduction stays NaN).
        variance = arith::MaximumFOp::create(nb, nl, variance, zero);
        return {mean, variance, correction};
      });
  return {stats[0], stats[1], count, firstMean, stats[2]};
}

Value mlir::norm::buildMeanOfSquares(OpBuilder &b, Location loc, Value input,
                                     ArrayRef<bool> reduced,
                                     FloatType accType,
                                     arith::FastMathFlags sumFlags) {
  Value count = buildElementCount(b, loc, input, reduced, accType);
  Value sumSquares = buildSum(b, loc, input, reduced, accType, sumFlags,
                              [](OpBuilder &nb, Location nl, Value x) -> Value {
                                return arith::MulFOp::create(nb, nl, x, x);
                              });
  return buildElementwise(
      b, loc, sumSquares, 1, accType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> SmallVector<Value> {
        return {arith::DivFOp::create(nb, nl, args[0], count)};
      })[0];
}

Value mlir::norm::buildInverseSqrt(OpBuilder &b, Location loc, Value tensor,
                                   double epsilon, FloatType accType) {
  return buildElementwise(
      b, loc, tensor, 1, accType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> SmallVector<Value> {
        Value v = convertFloat(nb, nl, args[0], accType);
        Value eps = arith::ConstantOp::create(
            nb, nl, accType, nb.getFloatAttr(accType, epsilon));
        Value one = arith::ConstantOp::create(nb, nl, accType,
                                              nb.getFloatAttr(accType, 1.0));
        Value root =
            math::SqrtOp::create(nb, nl, arith::AddFOp::create(nb, nl, v, eps));
        return {arith::DivFOp::create(nb, nl, one, root)};
      })[0];
}

Value mlir::norm::buildNormalize(OpBuilder &b, Location loc,
                                 const NormalizeOperands &operands) {
  auto inputType = cast<RankedTensorType>(operands.input.getType());
  auto elementType = cast<FloatType>(inputType.getElementType());
  FloatType accType = operands.accType;
  int64_t rank = inputType.getRank();

  SmallVector<Value> inputs = {operands.input};
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  auto addInput = [&](Value value, AffineMap map) -> int64_t {
    if (!value)
      return -1;
    inputs.push_back(value);
    maps.push_back(map);
    return inputs.size() - 1;
  };
  int64_t meanIndex = addInput(operands.mean, operands.statsMap);
  int64_t correctionIndex =
      addInput(operands.meanCorrection, operands.statsMap);
  int64_t invStdIndex = addInput(operands.invStdDev, operands.statsMap);
  int64_t scaleIndex = addInput(operands.scale, operands.paramMap);
  int64_t biasIndex = addInput(operands.bias, operands.paramMap);

  Value init = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, operands.input), elementType);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        auto arg = [&](int64_t index) {
          return convertFloat(nb, nl, args[index], accType);
        };
        Value deviation = arg(0);
        if (meanIndex >= 0)
          deviation = arith::SubFOp::create(nb, nl, deviation, arg(meanIndex));
        if (correctionIndex >= 0)
          deviation =
              arith::SubFOp::create(nb, nl, deviation, arg(correctionIndex));
        Value y = arith::MulFOp::create(nb, nl, deviation, arg(invStdIndex));
        if (operands.guardZeroDeviation) {
          Value zero = arith::ConstantOp::create(
              nb, nl, accType, nb.getFloatAttr(accType, 0.0));
          Value isZero = arith::CmpFOp::create(
              nb, nl, arith::CmpFPredicate::OEQ, deviation, zero);
          y = arith::SelectOp::create(nb, nl, isZero, zero, y);
        }
        if (scaleIndex >= 0)
          y = arith::MulFOp::create(nb, nl, y, arg(scaleIndex));
        if (biasIndex >= 0)
          y = arith::AddFOp::create(nb, nl, y, arg(biasIndex));
        linalg::YieldOp::create(nb, nl, convertFloat(nb, nl, y, elementType));
      });
  return generic.getResult(0);
}
