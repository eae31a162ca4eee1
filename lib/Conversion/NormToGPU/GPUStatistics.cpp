//===- GPUStatistics.cpp - Statistics formulas of the GPU kernels -*- C++
//-*-===//

#include "GPUStatistics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

/// The float constant `value` of the type of `like`.
static Value constantLike(OpBuilder &b, Location loc, Value like,
                          double value) {
  Type type = like.getType();
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

Value to_gpu::buildElementCount(OpBuilder &b, Location loc, Value count,
                                FloatType type) {
  return arith::UIToFPOp::create(
      b, loc, type,
      arith::IndexCastUIOp::create(b, loc, b.getI64Type(), count));
}

Value to_gpu::buildInverseSqrt(OpBuilder &b, Location loc, Value v,
                               double epsilon) {
  Value sum =
      arith::AddFOp::create(b, loc, v, constantLike(b, loc, v, epsilon));
  Value root = math::SqrtOp::create(b, loc, sum);
  return arith::DivFOp::create(b, loc, constantLike(b, loc, v, 1.0), root);
}

Welford to_gpu::buildChanMerge(OpBuilder &b, Location loc, const Welford &a,
                               const Welford &b2) {
  Value count = arith::AddFOp::create(b, loc, a.count, b2.count);
  Value delta = arith::SubFOp::create(b, loc, b2.mean, a.mean);
  Value weight = arith::DivFOp::create(b, loc, b2.count, count);
  Value mean = arith::AddFOp::create(
      b, loc, a.mean, arith::MulFOp::create(b, loc, delta, weight));
  Value m2 = arith::AddFOp::create(
      b, loc, arith::AddFOp::create(b, loc, a.m2, b2.m2),
      arith::MulFOp::create(b, loc, arith::MulFOp::create(b, loc, delta, delta),
                            arith::MulFOp::create(b, loc, a.count, weight)));
  return {count, mean, m2};
}

Welford to_gpu::buildGuardedMerge(OpBuilder &b, Location loc, const Welford &a,
                                  const Welford &b2) {
  Welford merged = buildChanMerge(b, loc, a, b2);
  Value zero = constantLike(b, loc, a.count, 0.0);
  Value firstEmpty =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, a.count, zero);
  Value secondEmpty =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, b2.count, zero);
  SmallVector<Value> result;
  for (auto [f, s, m] : llvm::zip(a.values(), b2.values(), merged.values())) {
    Value value = arith::SelectOp::create(b, loc, firstEmpty, s, m);
    result.push_back(arith::SelectOp::create(b, loc, secondEmpty, f, value));
  }
  return Welford::of(result);
}

std::pair<Value, Value> to_gpu::buildCorrectedVariance(OpBuilder &b,
                                                       Location loc, Value sumD,
                                                       Value sumDD, Value n) {
  Value correction = arith::DivFOp::create(b, loc, sumD, n);
  Value meanSquare = arith::DivFOp::create(b, loc, sumDD, n);
  Value variance = arith::SubFOp::create(
      b, loc, meanSquare,
      arith::MulFOp::create(b, loc, correction, correction));
  variance = arith::MaximumFOp::create(b, loc, variance,
                                       constantLike(b, loc, variance, 0.0));
  return {correction, variance};
}

Value to_gpu::buildRunningBlend(OpBuilder &b, Location loc, Value running,
                                Value batch, double momentum) {
  Value keep = constantLike(b, loc, running, momentum);
  Value take = constantLike(b, loc, running, 1.0 - momentum);
  return arith::AddFOp::create(b, loc,
                               arith::MulFOp::create(b, loc, running, keep),
                               arith::MulFOp::create(b, loc, batch, take));
}

Value to_gpu::buildUnbiasedVariance(OpBuilder &b, Location loc, Value variance,
                                    Value count) {
  return arith::DivFOp::create(
      b, loc, arith::MulFOp::create(b, loc, variance, count),
      arith::SubFOp::create(b, loc, count, constantLike(b, loc, count, 1.0)));
}
