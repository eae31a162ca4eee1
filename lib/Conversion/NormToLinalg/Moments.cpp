//===- Moments.cpp - Statistics and normalization builders --*- C++ -*-===//
//
// The linalg builders that every norm lowering shares: the centred moments,
// the inverse standard deviation, and the final elementwise normalization.
//
//===----------------------------------------------------------------------===//

#include "NormToLinalg.h"
#include "norm/Conversion/NormCommon/Statistics.h"

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
mlir::norm::getSumFlags(const ConvertNormToLinalgPassOptions &options) {
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

Value mlir::norm::buildReducedCount(OpBuilder &b, Location loc, Value input,
                                    ArrayRef<bool> reduced,
                                    FloatType accType) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  SmallVector<OpFoldResult> reducedSizes;
  for (auto [size, isReduced] : llvm::zip(sizes, reduced))
    if (isReduced)
      reducedSizes.push_back(size);
  return buildElementCount(b, loc, reducedSizes, accType);
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

/// One step of a sequential sum: `sum + term` with the given fast-math
/// flags, or, when `compensation` is set (sums that may not be reassociated),
/// Neumaier's compensated step, which also accumulates the rounding error of
/// the add into `*compensation`:
///   t = s + v;  c += |s| >= |v| ? (s - t) + v : (v - t) + s;  s = t.
/// The plain sum `s` never depends on `c`, so ±inf and NaN propagate through
/// it as through an uncompensated sum.
static Value buildAccumulate(OpBuilder &b, Location loc, Value sum, Value term,
                             arith::FastMathFlags sumFlags,
                             Value *compensation) {
  Value total = arith::AddFOp::create(b, loc, sum, term, sumFlags);
  if (!compensation)
    return total;
  Value sumMagnitude = math::AbsFOp::create(b, loc, sum);
  Value termMagnitude = math::AbsFOp::create(b, loc, term);
  Value sumIsLarger = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OGE, sumMagnitude, termMagnitude);
  Value larger = arith::SelectOp::create(b, loc, sumIsLarger, sum, term);
  Value smaller = arith::SelectOp::create(b, loc, sumIsLarger, term, sum);
  Value lostBits = arith::AddFOp::create(
      b, loc, arith::SubFOp::create(b, loc, larger, total), smaller);
  *compensation = arith::AddFOp::create(b, loc, *compensation, lostBits);
  return total;
}

/// Sums the terms produced by `terms(x, keptArgs)` over the dims marked in
/// `reduced` into `accType` tensors over the kept dims, in one
/// linalg.generic that reads `input` once. `keptInputs` are tensors over the
/// kept dims (e.g. a first-pass mean) passed to `terms` as scalars.
///
/// With `reassoc` sum flags every accumulation is a plain add that LLVM may
/// split into several vector accumulators. Without, the sum is strictly
/// sequential, and the generic carries one compensation output per sum
/// (Neumaier), added back once at the end: the error then stays near one
/// rounding of the result instead of growing with the count of terms
/// (a sequential f32 sum of 12 573 terms of magnitude 4e4 was off by 5e-5).
static SmallVector<Value> buildSums(
    OpBuilder &b, Location loc, Value input, ValueRange keptInputs,
    ArrayRef<bool> reduced, FloatType accType, arith::FastMathFlags sumFlags,
    int64_t numSums,
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)>
        terms) {
  int64_t rank = reduced.size();
  SmallVector<Value> inputs = {input};
  llvm::append_range(inputs, keptInputs);
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  maps.append(keptInputs.size(),
              getProjection(b.getContext(), rank, getKeptDims(reduced)));
  return buildSumsOf(b, loc, inputs, maps, reduced, accType, sumFlags, numSums,
                     [&](OpBuilder &nb, Location nl, ValueRange args) {
                       Value x = convertFloat(nb, nl, args[0], accType);
                       return terms(nb, nl, x, args.drop_front());
                     });
}

SmallVector<Value> mlir::norm::buildSumsOf(
    OpBuilder &b, Location loc, ValueRange inputs, ArrayRef<AffineMap> maps,
    ArrayRef<bool> reduced, FloatType accType, arith::FastMathFlags sumFlags,
    int64_t numSums,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> terms) {
  int64_t rank = reduced.size();
  SmallVector<int64_t> kept = getKeptDims(reduced);
  bool compensated =
      !bitEnumContainsAll(sumFlags, arith::FastMathFlags::reassoc);
  int64_t numOutputs = compensated ? 2 * numSums : numSums;
  Value zeros = buildZeroTensor(b, loc, inputs.front(), kept, accType);
  SmallVector<Value> inits(numOutputs, zeros);
  SmallVector<AffineMap> allMaps(maps);
  allMaps.append(numOutputs, getProjection(b.getContext(), rank, kept));
  int64_t numInputs = inputs.size();
  auto generic = linalg::GenericOp::create(
      b, loc, ValueRange(inits).getTypes(), inputs, inits, allMaps,
      getIteratorTypes(reduced),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        SmallVector<Value> newTerms = terms(nb, nl, args.take_front(numInputs));
        SmallVector<Value> yields, compensations;
        for (int64_t i = 0; i < numSums; ++i) {
          Value compensation;
          if (compensated)
            compensation = args[numInputs + numSums + i];
          yields.push_back(
              buildAccumulate(nb, nl, args[numInputs + i], newTerms[i],
                              sumFlags, compensated ? &compensation : nullptr));
          if (compensated)
            compensations.push_back(compensation);
        }
        llvm::append_range(yields, compensations);
        linalg::YieldOp::create(nb, nl, yields);
      });
  SmallVector<Value> results(generic.getResults());
  if (!compensated)
    return results;
  // sum + compensation where the sum is finite; a sum that overflowed or met
  // an inf or NaN is returned as is (its compensation is meaningless there).
  return buildElementwise(
      b, loc, results, numSums, accType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> SmallVector<Value> {
        Value infinity = arith::ConstantOp::create(
            nb, nl, accType,
            nb.getFloatAttr(accType,
                            APFloat::getInf(accType.getFloatSemantics())));
        SmallVector<Value> corrected;
        for (int64_t i = 0; i < numSums; ++i) {
          Value sum = args[i];
          Value isFinite = arith::CmpFOp::create(
              nb, nl, arith::CmpFPredicate::ONE,
              math::AbsFOp::create(nb, nl, sum), infinity);
          Value withCompensation =
              arith::AddFOp::create(nb, nl, sum, args[numSums + i]);
          corrected.push_back(
              arith::SelectOp::create(nb, nl, isFinite, withCompensation, sum));
        }
        return corrected;
      });
}

/// Sums f(x) over the dims marked in `reduced` into an `accType` tensor over
/// the kept dims.
static Value
buildSum(OpBuilder &b, Location loc, Value input, ArrayRef<bool> reduced,
         FloatType accType, arith::FastMathFlags sumFlags,
         function_ref<Value(OpBuilder &, Location, Value)> term) {
  return buildSums(b, loc, input, ValueRange{}, reduced, accType, sumFlags, 1,
                   [&](OpBuilder &nb, Location nl, Value x,
                       ValueRange) -> SmallVector<Value> {
                     return {term(nb, nl, x)};
                   })[0];
}

Moments mlir::norm::buildMoments(OpBuilder &b, Location loc, Value input,
                                 ArrayRef<bool> reduced, FloatType accType,
                                 arith::FastMathFlags sumFlags) {
  Value count = buildReducedCount(b, loc, input, reduced, accType);

  // Pass 1: first mean m1 = sum(x) / n.
  Value sum = buildSum(b, loc, input, reduced, accType, sumFlags,
                       [](OpBuilder &, Location, Value x) { return x; });
  Value firstMean = buildElementwise(
      b, loc, sum, 1, accType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> SmallVector<Value> {
        return {buildMean(nb, nl, args[0], count)};
      })[0];

  // Pass 2: sum(d) and sum(d^2) with d = x - m1, in one reduction.
  SmallVector<Value> deviationSums = buildSums(
      b, loc, input, ValueRange{firstMean}, reduced, accType, sumFlags, 2,
      [](OpBuilder &nb, Location nl, Value x,
         ValueRange keptArgs) -> SmallVector<Value> {
        Value d = arith::SubFOp::create(nb, nl, x, keptArgs[0]);
        return {d, arith::MulFOp::create(nb, nl, d, d)};
      });

  // Correct the mean and form the variance about it.
  SmallVector<Value> stats = buildElementwise(
      b, loc,
      ValueRange{firstMean, deviationSums[0], deviationSums[1]},
      3, accType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> SmallVector<Value> {
        CentredMoments moments =
            buildCentredMoments(nb, nl, args[0], args[1], args[2], count);
        return {moments.mean, moments.variance, moments.correction};
      });
  return {stats[0], stats[1], count, firstMean, stats[2]};
}

Value mlir::norm::buildMeanOfSquares(OpBuilder &b, Location loc, Value input,
                                     ArrayRef<bool> reduced,
                                     FloatType accType,
                                     arith::FastMathFlags sumFlags) {
  Value count = buildReducedCount(b, loc, input, reduced, accType);
  Value sumSquares = buildSum(b, loc, input, reduced, accType, sumFlags,
                              [](OpBuilder &nb, Location nl, Value x) -> Value {
                                return arith::MulFOp::create(nb, nl, x, x);
                              });
  return buildElementwise(
      b, loc, sumSquares, 1, accType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> SmallVector<Value> {
        return {buildMean(nb, nl, args[0], count)};
      })[0];
}

Value mlir::norm::buildInverseSqrt(OpBuilder &b, Location loc, Value tensor,
                                   double epsilon, FloatType accType) {
  return buildElementwise(
      b, loc, tensor, 1, accType,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> SmallVector<Value> {
        Value v = convertFloat(nb, nl, args[0], accType);
        Value eps = buildFloatConstant(nb, nl, accType, epsilon);
        return {norm::buildInverseSqrt(nb, nl, v, eps)};
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
        Value y = buildScaledDeviation(nb, nl, deviation, arg(invStdIndex),
                                       operands.epsilon);
        if (scaleIndex >= 0)
          y = arith::MulFOp::create(nb, nl, y, arg(scaleIndex));
        if (biasIndex >= 0)
          y = arith::AddFOp::create(nb, nl, y, arg(biasIndex));
        linalg::YieldOp::create(nb, nl, convertFloat(nb, nl, y, elementType));
      });
  return generic.getResult(0);
}
