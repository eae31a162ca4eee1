//===- RaiseTracerTosa.cpp - TOSA ops read as polynomials ---*- C++ -*-===//
//
// The tracer of RaiseUtils.h on TOSA ops: the elementwise arithmetic
// (operands of equal rank broadcast along their unit dims), 1/x, 1/√x and
// constant powers, float casts (read as the value they round: the raised op
// computes in its accumulation type and rounds once), tosa.reduce_sum (one
// frame dim per op; nested ones become one sum) and tosa.reshape when it only
// adds or drops unit dims. Anything else is a leaf.
//
//===----------------------------------------------------------------------===//

#include "RaiseUtils.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::raise;

/// The map of the source of a reshape from `src` to `dst` that only adds or
/// drops unit dims, read through `map` (the map of `dst`); none for any
/// other reshape.
static std::optional<SmallVector<int64_t>>
unitReshapeSourceMap(RankedTensorType src, RankedTensorType dst,
                     ArrayRef<int64_t> map) {
  if (!src || !dst || !src.hasStaticShape() || !dst.hasStaticShape())
    return std::nullopt;
  auto nonUnit = [](RankedTensorType t) {
    SmallVector<int64_t> dims;
    for (auto [d, size] : llvm::enumerate(t.getShape()))
      if (size != 1)
        dims.push_back(d);
    return dims;
  };
  SmallVector<int64_t> srcDims = nonUnit(src), dstDims = nonUnit(dst);
  if (srcDims.size() != dstDims.size())
    return std::nullopt;
  SmallVector<int64_t> srcMap(src.getRank(), -1);
  for (auto [s, d] : llvm::zip_equal(srcDims, dstDims)) {
    if (src.getDimSize(s) != dst.getDimSize(d))
      return std::nullopt;
    srcMap[s] = map[d];
  }
  return srcMap;
}

static bool isFloatTensor(Value v) {
  return isa<FloatType>(getElementTypeOrSelf(v.getType()));
}

std::optional<Poly> Tracer::traceTosa(Operation *op, ArrayRef<int64_t> map) {
  if (op->getNumResults() != 1 || !isFloatTensor(op->getResult(0)))
    return std::nullopt;
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  // An operand of an elementwise op: the same rank, broadcast along its
  // unit dims (tensor() reads those at index 0).
  auto operand = [&](Value v) -> std::optional<Poly> {
    auto operandType = dyn_cast<RankedTensorType>(v.getType());
    if (!operandType || operandType.getRank() != type.getRank())
      return std::nullopt;
    return tensor(v, map);
  };
  auto unary = [&](Value v, double exponent) -> std::optional<Poly> {
    std::optional<Poly> a = operand(v);
    if (!a)
      return std::nullopt;
    return pow(*a, exponent);
  };
  auto binary =
      [&](Value lhs, Value rhs,
          Poly (*combine)(const Poly &, const Poly &)) -> std::optional<Poly> {
    std::optional<Poly> a = operand(lhs), b = operand(rhs);
    if (!a || !b)
      return std::nullopt;
    return combine(*a, *b);
  };

  if (auto addOp = dyn_cast<tosa::AddOp>(op))
    return binary(addOp.getInput1(), addOp.getInput2(), raise::add);
  if (auto subOp = dyn_cast<tosa::SubOp>(op))
    return binary(subOp.getInput1(), subOp.getInput2(), raise::sub);
  if (auto mulOp = dyn_cast<tosa::MulOp>(op))
    // The shift operand is 0 for floats.
    return binary(mulOp.getInput1(), mulOp.getInput2(), raise::mul);
  if (auto neg = dyn_cast<tosa::NegateOp>(op)) {
    std::optional<Poly> a = operand(neg.getInput1());
    if (!a)
      return std::nullopt;
    return scale(*a, -1.0);
  }
  if (auto recip = dyn_cast<tosa::ReciprocalOp>(op))
    return unary(recip.getInput1(), -1.0);
  if (auto rsqrt = dyn_cast<tosa::RsqrtOp>(op))
    return unary(rsqrt.getInput1(), -0.5);
  if (auto powOp = dyn_cast<tosa::PowOp>(op)) {
    std::optional<Poly> base = operand(powOp.getInput1());
    std::optional<Poly> exponent = operand(powOp.getInput2());
    if (!base || !exponent)
      return std::nullopt;
    if (exponent->isZero() || (exponent->terms.size() == 1 &&
                               exponent->terms.front().factors.empty()))
      return pow(*base, exponent->constantTerm());
    return opaque("tosa.pow", {*base, *exponent});
  }
  if (auto castOp = dyn_cast<tosa::CastOp>(op)) {
    if (!isFloatTensor(castOp.getInput()))
      return std::nullopt;
    return operand(castOp.getInput());
  }
  if (auto reshape = dyn_cast<tosa::ReshapeOp>(op)) {
    std::optional<SmallVector<int64_t>> srcMap = unitReshapeSourceMap(
        dyn_cast<RankedTensorType>(reshape.getInput1().getType()), type, map);
    if (!srcMap)
      return std::nullopt;
    return tensor(reshape.getInput1(), *srcMap);
  }
  if (auto reduce = dyn_cast<tosa::ReduceSumOp>(op)) {
    // The reduced dim of the input is the frame dim of the same index: the
    // input is read in place along it, and no other dim reads it.
    auto inType = dyn_cast<RankedTensorType>(reduce.getInput().getType());
    int64_t axis = reduce.getAxis();
    if (!inType || inType.getRank() != type.getRank() ||
        inType.getRank() != static_cast<int64_t>(frameShape.size()) ||
        axis < 0 || axis >= inType.getRank() || axis >= 64 ||
        ShapedType::isDynamic(inType.getDimSize(axis)) ||
        inType.getDimSize(axis) != frameShape[axis] ||
        llvm::is_contained(map, axis))
      return std::nullopt;
    SmallVector<int64_t> inMap(map);
    inMap[axis] = axis;
    Poly summand = tensor(reduce.getInput(), inMap);
    return sum(summand, uint64_t(1) << axis,
               static_cast<double>(frameShape[axis]));
  }
  return std::nullopt;
}
