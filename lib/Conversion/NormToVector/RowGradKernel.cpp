//===- RowGradKernel.cpp - The row gradients' vector kernel --*- C++ -*-===//
//
// The two vector passes of one row of a row gradient: the sums of g and
// g * xhat (and the position-wise parameter-gradient terms), then dx.
//
//===----------------------------------------------------------------------===//

#include "RowGradKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::norm;

RowGradKernelBuilder::RowGradKernelBuilder(
    OpBuilder &b, Location loc, Value x, Value dy, const RowGradOperands &ops,
    FloatType accType, const ConvertNormToVectorPassOptions &options)
    : VectorKernelBuilder(b, loc, x, accType, options), dy(dy), ops(ops) {
  count = buildIndexToFloat(b, loc, length, accType);
}

SmallVector<Value> RowGradKernelBuilder::buildRow(ValueRange rowIndices,
                                                  Value mean, Value invStdDev,
                                                  Value dx,
                                                  ParamPartials partials) {
  Value meanVector = mean ? splat(mean) : Value();
  Value rstd = splat(invStdDev);
  // g and xhat of the vector at `j`: dy and x read there.
  auto normalized = [&](Value j, Value mask, Value xVector) {
    Value dyVector = loadVectorOf(dy, rowIndices, j, mask);
    Value xhat = buildNormalizedInput(b, loc, xVector, meanVector, rstd);
    Value g = ops.scale ? arith::MulFOp::create(b, loc, dyVector,
                                                readVector(ops.scale, j, mask))
                              .getResult()
                        : dyVector;
    return std::tuple(dyVector, xhat, g);
  };

  // Pass 1: sum(g) (with a mean) and sum(g * xhat), `unroll` accumulators
  // each; the partials position-wise.
  int64_t numSums = mean ? 2 : 1;
  auto addPartials = [&](SmallVectorImpl<Value> &carried, int64_t at, Value j,
                         Value mask, Value dyVector, Value xhat) {
    Value first = arith::MulIOp::create(b, loc, j, index(partials.count()));
    int64_t s = 0;
    for (auto [present, term] : {std::pair(partials.dscale, Value()),
                                 std::pair(partials.dbias, dyVector)}) {
      if (!present)
        continue;
      Value position = offset(first, s++ * lanes);
      Value current = readVector(carried[at], position, mask);
      Value updated = term
                          ? add(current, term)
                          : math::FmaOp::create(b, loc, dyVector, xhat, current)
                                .getResult();
      carried[at] = writeVector(updated, carried[at], position, mask);
    }
  };
  SmallVector<Value> inits(numSums * unroll, zeroVector());
  if (partials.tensor)
    inits.push_back(partials.tensor);
  int64_t firstPartial = numSums * unroll;
  scf::ForOp mainLoop =
      buildMainLoop(index(0), mainEnd, inits, [&](Value j, ValueRange carried) {
        SmallVector<Value> next(carried);
        for (int64_t u = 0; u < unroll; ++u) {
          Value at = offset(j, u * lanes);
          auto [dyVector, xhat, g] =
              normalized(at, Value(), loadInputVector(rowIndices, at, {}));
          if (mean)
            next[u] = add(next[u], g);
          Value &products = next[(numSums - 1) * unroll + u];
          products = math::FmaOp::create(b, loc, g, xhat, products);
          addPartials(next, firstPartial, at, Value(), dyVector, xhat);
        }
        return next;
      });
  // The tail adds to the first accumulator of each sum; masked-off lanes
  // must not count (xhat of a 0 read is not 0).
  SmallVector<Value> tailInits;
  for (int64_t s = 0; s < numSums; ++s)
    tailInits.push_back(mainLoop.getResult(s * unroll));
  llvm::append_range(tailInits, mainLoop.getResults().drop_front(firstPartial));
  SmallVector<Value> tail =
      buildTail(tailInits, [&](Value j, Value mask, ValueRange carried) {
        SmallVector<Value> next(carried);
        auto [dyVector, xhat, g] =
            normalized(j, mask, loadInputVector(rowIndices, j, mask));
        if (mean)
          next[0] = add(next[0], keep(g, mask));
        next[numSums - 1] =
            add(next[numSums - 1],
                keep(arith::MulFOp::create(b, loc, g, xhat), mask));
        addPartials(next, numSums, j, mask, dyVector, keep(xhat, mask));
        return next;
      });
  SmallVector<Value> accs(mainLoop.getResults().take_front(firstPartial));
  for (int64_t s = 0; s < numSums; ++s)
    accs[s * unroll] = tail[s];
  SmallVector<Value> sums = reduce(fold(accs, numSums));

  // Pass 2: dx = rstd * g - xhat * (rstd * sum(g * xhat) / n)
  //              - rstd * sum(g) / n, the row read back from cache.
  auto scaled = [&](Value sum) -> Value {
    return arith::MulFOp::create(b, loc, invStdDev,
                                 buildMean(b, loc, sum, count));
  };
  Value projection =
      splat(arith::NegFOp::create(b, loc, scaled(sums[numSums - 1])));
  Value shift =
      mean ? splat(arith::NegFOp::create(b, loc, scaled(sums[0]))) : Value();
  Value written = write(
      rowIndices, dx,
      [&](Value xVector, Value j, Value mask) -> Value {
        auto [dyVector, xhat, g] = normalized(j, mask, xVector);
        Value rest =
            shift ? math::FmaOp::create(b, loc, xhat, projection, shift)
                        .getResult()
                  : arith::MulFOp::create(b, loc, xhat, projection).getResult();
        return math::FmaOp::create(b, loc, g, rstd, rest);
      },
      StreamPolicy::AlignedRow);
  SmallVector<Value> results = {written};
  llvm::append_range(results, ArrayRef<Value>(tail).drop_front(numSums));
  return results;
}

Value RowGradKernelBuilder::loadVectorOf(Value tensor, ValueRange prefix,
                                         Value j, Value mask) {
  auto element = cast<FloatType>(
      cast<RankedTensorType>(tensor.getType()).getElementType());
  Value pad =
      arith::ConstantOp::create(b, loc, element, b.getFloatAttr(element, 0.0));
  SmallVector<Value> indices(prefix);
  indices.push_back(j);
  AffineMap map = b.getMultiDimIdentityMap(rank).getMinorIdentityMap(
      rank, 1, b.getContext());
  Value read = vector::TransferReadOp::create(
      b, loc, VectorType::get({lanes}, element), tensor, indices, map, pad,
      mask, b.getBoolArrayAttr({true}));
  return convertVector(read, accVectorType);
}

Value RowGradKernelBuilder::zeroFill(Value tensor) {
  Value n = tensor::DimOp::create(b, loc, tensor, 0);
  return buildVectorLoop(n, ValueRange{tensor},
                         [&](Value j, Value mask, ValueRange carried) {
                           return SmallVector<Value>{
                               writeVector(zeroVector(), carried[0], j, mask)};
                         })[0];
}
