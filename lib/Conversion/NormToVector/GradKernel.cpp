//===- GradKernel.cpp - Vector kernels of the channel gradients -*- C++ -*-===//
//
// The sweeps over dy and x of the gradient kernels, and dx from the
// per-instance sums.
//
//===----------------------------------------------------------------------===//

#include "GradKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::norm;

SmallVector<Value>
GradPairBuilder::accumulate(ValueRange prefix, int64_t numSums, Value *output,
                            Terms terms,
                            function_ref<Value(Value dy, Value x)> dx) {
  RunKernelBuilder &k = dy;
  int64_t unroll = k.unroll;
  // Carried: the accumulators (sum s, accumulator u at s * unroll + u),
  // then the output.
  SmallVector<Value> inits(numSums * unroll, k.zeroVector());
  if (output)
    inits.push_back(*output);
  auto step = [&](SmallVector<Value> &next, int64_t u, Value j, Value mask) {
    Value dyVector = k.loadInputVector(prefix, j, mask);
    Value xVector = x.loadInputVector(prefix, j, mask);
    SmallVector<Value> contributions = terms(dyVector, xVector);
    for (int64_t s = 0; s < numSums; ++s)
      next[s * unroll + u] =
          k.add(next[s * unroll + u], k.keep(contributions[s], mask));
    if (output)
      next.back() = k.storeOutputVector(dx(dyVector, xVector), next.back(),
                                        prefix, j, mask);
  };
  scf::ForOp mainLoop = k.buildMainLoop(
      k.index(0), k.mainEnd, inits, [&](Value j, ValueRange carried) {
        SmallVector<Value> next(carried);
        for (int64_t u = 0; u < unroll; ++u)
          step(next, u, k.offset(j, u * k.lanes), nullptr);
        return next;
      });
  SmallVector<Value> results = k.buildTail(
      mainLoop.getResults(), [&](Value j, Value mask, ValueRange carried) {
        SmallVector<Value> next(carried);
        step(next, 0, j, mask);
        return next;
      });
  if (output)
    *output = results.back();
  return k.fold(ArrayRef<Value>(results).take_front(numSums * unroll), numSums);
}

Value GradPairBuilder::writeRun(ValueRange prefix, Value output, DxBody body) {
  return dy.writeRun(
      prefix, output, [&](Value dyVector, Value j, Value mask) -> Value {
        return body(dyVector, x.loadInputVector(prefix, j, mask), j, mask);
      });
}

SmallVector<Value> GradPairBuilder::sweepRowChunks(ValueRange prefix,
                                                   Value rows, ValueRange sums,
                                                   Value output,
                                                   ChunkValues values,
                                                   ChunkStep step) {
  return dy.sweepRowChunks(
      prefix, rows, sums, output, values,
      [&](ValueRange row, Value j, Value mask, ValueRange chunkValues,
          Value *dx) {
        Value dyVector = dy.loadInputVector(row, j, mask);
        Value xVector = x.loadInputVector(row, j, mask);
        return step(dyVector, xVector, chunkValues, dx);
      },
      /*maskTerms=*/true);
}

GradCoefficients mlir::norm::buildGradCoefficients(OpBuilder &b, Location loc,
                                                   Value k, Value sumDy,
                                                   Value sumDyXhat,
                                                   Value count) {
  auto term = [&](Value sum) -> Value {
    return arith::NegFOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, k, buildMean(b, loc, sum, count)));
  };
  return {term(sumDyXhat), term(sumDy)};
}

Value mlir::norm::buildGradDx(OpBuilder &b, Location loc, Value dy, Value k,
                              Value xhat, Value p, Value q) {
  Value shift = math::FmaOp::create(b, loc, xhat, p, q);
  return math::FmaOp::create(b, loc, dy, k, shift);
}

Value mlir::norm::buildConvertedCopy(VectorKernelBuilder &kernel, Value tensor,
                                     Type elementType) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (type.getElementType() == elementType)
    return tensor;
  OpBuilder &b = kernel.b;
  Location loc = kernel.loc;
  Value length = tensor::DimOp::create(b, loc, tensor, 0);
  Value init = tensor::EmptyOp::create(
      b, loc, ArrayRef<OpFoldResult>{tensor::getMixedSize(b, loc, tensor, 0)},
      elementType);
  return kernel.buildVectorLoop(
      length, ValueRange{init},
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        return {kernel.writeVector(kernel.readVector(tensor, j, mask),
                                   carried[0], j, mask)};
      })[0];
}
