//===- Statistics.cpp - Statistics builders shared by the lowerings -*- C++
//-*-===//
//
// One implementation of each statistics formula, on floats and on vectors of
// floats, for every norm lowering.
//
//===----------------------------------------------------------------------===//

#include "norm/Conversion/NormCommon/Statistics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::norm;

Value mlir::norm::buildFloatConstant(OpBuilder &b, Location loc, Type type,
                                     double value) {
  auto vectorType = dyn_cast<VectorType>(type);
  auto elementType = cast<FloatType>(getElementTypeOrSelf(type));
  Value scalar = arith::ConstantOp::create(b, loc, elementType,
                                           b.getFloatAttr(elementType, value));
  if (!vectorType)
    return scalar;
  return vector::BroadcastOp::create(b, loc, vectorType, scalar);
}

Value mlir::norm::splatLike(OpBuilder &b, Location loc, Value value,
                            Value like) {
  auto vectorType = dyn_cast<VectorType>(like.getType());
  if (!vectorType || isa<VectorType>(value.getType()))
    return value;
  return vector::BroadcastOp::create(b, loc, vectorType, value);
}

Value mlir::norm::buildIndexToFloat(OpBuilder &b, Location loc, Value count,
                                    FloatType accType) {
  Value count64 = arith::IndexCastUIOp::create(b, loc, b.getI64Type(), count);
  return arith::UIToFPOp::create(b, loc, accType, count64);
}

Value mlir::norm::buildElementCount(OpBuilder &b, Location loc,
                                    ArrayRef<OpFoldResult> sizes,
                                    FloatType accType) {
  int64_t staticCount = 1;
  Value dynamicCount;
  for (OpFoldResult size : sizes) {
    if (std::optional<int64_t> constant = getConstantIntValue(size)) {
      staticCount *= *constant;
      continue;
    }
    Value dim = cast<Value>(size);
    dynamicCount =
        dynamicCount ? arith::MulIOp::create(b, loc, dynamicCount, dim) : dim;
  }
  if (!dynamicCount)
    return arith::ConstantOp::create(
        b, loc, accType,
        b.getFloatAttr(accType, static_cast<double>(staticCount)));
  Value count = arith::MulIOp::create(
      b, loc, dynamicCount,
      arith::ConstantIndexOp::create(b, loc, staticCount));
  return buildIndexToFloat(b, loc, count, accType);
}

Value mlir::norm::buildMean(OpBuilder &b, Location loc, Value sum,
                            Value count) {
  return arith::DivFOp::create(b, loc, sum, splatLike(b, loc, count, sum));
}

CentredMoments mlir::norm::buildCentredMoments(OpBuilder &b, Location loc,
                                               Value firstMean,
                                               Value sumDeviations,
                                               Value sumSquaredDeviations,
                                               Value count) {
  Value correction = buildMean(b, loc, sumDeviations, count);
  Value mean = arith::AddFOp::create(b, loc, firstMean, correction);
  Value meanSquare = buildMean(b, loc, sumSquaredDeviations, count);
  Value correctionSquare =
      arith::MulFOp::create(b, loc, correction, correction);
  Value variance = arith::SubFOp::create(b, loc, meanSquare, correctionSquare);
  // maximumf propagates NaN (an empty set stays NaN).
  variance = arith::MaximumFOp::create(
      b, loc, variance, buildFloatConstant(b, loc, variance.getType(), 0.0));
  return {mean, variance, correction};
}

PartialMoments mlir::norm::buildCentredPartialMoments(
    OpBuilder &b, Location loc, Value firstMean, Value sumDeviations,
    Value sumSquaredDeviations, Value count) {
  Value correction = buildMean(b, loc, sumDeviations, count);
  Value mean = arith::AddFOp::create(b, loc, firstMean, correction);
  Value m2 = arith::SubFOp::create(
      b, loc, sumSquaredDeviations,
      arith::MulFOp::create(
          b, loc, splatLike(b, loc, count, correction),
          arith::MulFOp::create(b, loc, correction, correction)));
  m2 = arith::MaximumFOp::create(b, loc, m2,
                                 buildFloatConstant(b, loc, m2.getType(), 0.0));
  return {count, mean, m2};
}

ChanWeights mlir::norm::buildChanWeights(OpBuilder &b, Location loc,
                                         Value firstCount, Value secondCount) {
  Value count = arith::AddFOp::create(b, loc, firstCount, secondCount);
  Value weight = arith::DivFOp::create(b, loc, secondCount, count);
  return {count, weight, arith::MulFOp::create(b, loc, firstCount, weight)};
}

PartialMoments mlir::norm::buildChanMerge(OpBuilder &b, Location loc,
                                          const ChanWeights &weights,
                                          const PartialMoments &first,
                                          const PartialMoments &second) {
  Value delta = arith::SubFOp::create(b, loc, second.mean, first.mean);
  Value mean = arith::AddFOp::create(
      b, loc, first.mean,
      arith::MulFOp::create(b, loc, delta,
                            splatLike(b, loc, weights.meanWeight, delta)));
  Value m2 = arith::AddFOp::create(
      b, loc, arith::AddFOp::create(b, loc, first.m2, second.m2),
      arith::MulFOp::create(b, loc, arith::MulFOp::create(b, loc, delta, delta),
                            splatLike(b, loc, weights.m2Weight, delta)));
  return {weights.count, mean, m2};
}

PartialMoments mlir::norm::buildChanMerge(OpBuilder &b, Location loc,
                                          const PartialMoments &first,
                                          const PartialMoments &second,
                                          bool keepEmptySides) {
  PartialMoments merged = buildChanMerge(
      b, loc, buildChanWeights(b, loc, first.count, second.count), first,
      second);
  if (!keepEmptySides)
    return merged;
  Value zero = buildFloatConstant(b, loc, merged.count.getType(), 0.0);
  Value firstEmpty = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                           first.count, zero);
  Value secondEmpty = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                            second.count, zero);
  auto pick = [&](Value f, Value s, Value m) -> Value {
    Value value = arith::SelectOp::create(b, loc, firstEmpty, s, m);
    return arith::SelectOp::create(b, loc, secondEmpty, f, value);
  };
  return {pick(first.count, second.count, merged.count),
          pick(first.mean, second.mean, merged.mean),
          pick(first.m2, second.m2, merged.m2)};
}

Value mlir::norm::buildVariance(OpBuilder &b, Location loc,
                                const PartialMoments &moments) {
  Value variance = buildMean(b, loc, moments.m2, moments.count);
  return arith::MaximumFOp::create(
      b, loc, variance, buildFloatConstant(b, loc, variance.getType(), 0.0));
}

Value mlir::norm::buildInverseSqrt(OpBuilder &b, Location loc, Value variance,
                                   double epsilon) {
  Type type = variance.getType();
  Value one = buildFloatConstant(b, loc, type, 1.0);
  Value sum = arith::AddFOp::create(
      b, loc, variance, buildFloatConstant(b, loc, type, epsilon));
  return arith::DivFOp::create(b, loc, one, math::SqrtOp::create(b, loc, sum));
}

Value mlir::norm::buildInverseSqrt(OpBuilder &b, Location loc, Value variance,
                                   Value epsilon) {
  Value one = buildFloatConstant(b, loc, variance.getType(), 1.0);
  Value sum = arith::AddFOp::create(b, loc, variance, epsilon);
  return arith::DivFOp::create(b, loc, one, math::SqrtOp::create(b, loc, sum));
}

Value mlir::norm::buildScaledDeviation(OpBuilder &b, Location loc,
                                       Value deviation, Value invStdDev,
                                       double epsilon) {
  Value y = arith::MulFOp::create(b, loc, deviation, invStdDev);
  return buildZeroDeviationGuard(b, loc, deviation, y, Value(), epsilon);
}

Value mlir::norm::buildZeroDeviationGuard(OpBuilder &b, Location loc,
                                          Value deviation, Value y,
                                          Value atZero, double epsilon) {
  if (epsilon != 0.0)
    return y;
  Value zero = buildFloatConstant(b, loc, deviation.getType(), 0.0);
  Value isZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, deviation, zero);
  return arith::SelectOp::create(b, loc, isZero, atZero ? atZero : zero, y);
}

Value mlir::norm::buildNormalizedInput(OpBuilder &b, Location loc, Value x,
                                       Value mean, Value invStdDev) {
  Value deviation = mean ? arith::SubFOp::create(b, loc, x, mean) : x;
  return arith::MulFOp::create(b, loc, deviation, invStdDev);
}

Value mlir::norm::buildMomentumBlend(OpBuilder &b, Location loc, Value running,
                                     Value batch, double momentum) {
  Type type = batch.getType();
  Value keep = buildFloatConstant(b, loc, type, momentum);
  Value take = buildFloatConstant(b, loc, type, 1.0 - momentum);
  return arith::AddFOp::create(b, loc,
                               arith::MulFOp::create(b, loc, running, keep),
                               arith::MulFOp::create(b, loc, batch, take));
}

Value mlir::norm::buildUnbiasedVariance(OpBuilder &b, Location loc,
                                        Value variance, Value count) {
  Value n = splatLike(b, loc, count, variance);
  Value one = buildFloatConstant(b, loc, variance.getType(), 1.0);
  Value countMinusOne = arith::SubFOp::create(b, loc, n, one);
  return arith::DivFOp::create(
      b, loc, arith::MulFOp::create(b, loc, variance, n), countMinusOne);
}

RunningStatistics
mlir::norm::buildRunningStatistics(OpBuilder &b, Location loc,
                                   Value runningMean, Value runningVar,
                                   Value batchMean, Value batchVar, Value count,
                                   double momentum, bool unbiased) {
  if (unbiased)
    batchVar = buildUnbiasedVariance(b, loc, batchVar, count);
  return {buildMomentumBlend(b, loc, runningMean, batchMean, momentum),
          buildMomentumBlend(b, loc, runningVar, batchVar, momentum)};
}

Value mlir::norm::buildInputGradient(OpBuilder &b, Location loc, Value g,
                                     Value xhat, Value meanG, Value meanGXhat,
                                     Value factor) {
  Value inner = g;
  if (meanG)
    inner = arith::SubFOp::create(b, loc, inner, meanG);
  Value projection = arith::MulFOp::create(b, loc, xhat, meanGXhat);
  inner = arith::SubFOp::create(b, loc, inner, projection);
  return arith::MulFOp::create(b, loc, factor, inner);
}
