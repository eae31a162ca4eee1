//===- GradKernel.cpp - Vector kernels of the channel gradients -*- C++ -*-===//
//
// The sweeps over dy and x of the gradient kernels, the channels-last row
// blocks, and dx from the per-instance sums.
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
  RunKernelBuilder &k = dy;
  int64_t numSums = sums.size();
  // The chunk of vectors at `positions`; returns the updated tensors.
  auto addChunk = [&](ValueRange tensors, ArrayRef<Value> positions,
                      Value mask) {
    int64_t width = positions.size();
    SmallVector<SmallVector<Value>> chunkValues;
    for (Value j : positions)
      chunkValues.push_back(values(j, mask));
    SmallVector<Value> inits(numSums * width, k.zeroVector());
    if (output)
      inits.push_back(tensors.back());
    SmallVector<Value> carried =
        buildLoop(k.b, k.loc, rows, inits, [&](Value r, ValueRange carried) {
          SmallVector<Value> row = appendIndex(prefix, r);
          SmallVector<Value> next(carried);
          for (int64_t p = 0; p < width; ++p) {
            Value dyVector = k.loadInputVector(row, positions[p], mask);
            Value xVector = x.loadInputVector(row, positions[p], mask);
            Value dx;
            SmallVector<Value> terms =
                step(dyVector, xVector, chunkValues[p], output ? &dx : nullptr);
            for (int64_t s = 0; s < numSums; ++s)
              next[s * width + p] =
                  k.add(next[s * width + p], k.keep(terms[s], mask));
            if (output)
              next.back() =
                  k.storeOutputVector(dx, next.back(), row, positions[p], mask);
          }
          return next;
        });
    SmallVector<Value> updated(tensors);
    for (int64_t s = 0; s < numSums; ++s)
      for (int64_t p = 0; p < width; ++p)
        updated[s] =
            k.writeVector(k.add(k.readVector(updated[s], positions[p], mask),
                                carried[s * width + p]),
                          updated[s], positions[p], mask);
    if (output)
      updated.back() = carried.back();
    return updated;
  };
  SmallVector<Value> inits(sums);
  if (output)
    inits.push_back(output);
  return k.sweep(
      inits,
      [&](Value j, ValueRange carried) {
        SmallVector<Value> positions;
        for (int64_t u = 0; u < k.unroll; ++u)
          positions.push_back(k.offset(j, u * k.lanes));
        return addChunk(carried, positions, nullptr);
      },
      [&](Value j, Value mask, ValueRange carried) {
        return addChunk(carried, {j}, mask);
      });
}

RowBlocks::RowBlocks(OpBuilder &b, Location loc, Value input, int64_t axis,
                     int64_t blockElements)
    : b(b), loc(loc), sizes(tensor::getMixedSizes(b, loc, input)) {
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  outer = tensor::DimOp::create(b, loc, input, 0);
  Value perIndex = tensor::DimOp::create(b, loc, input, axis);
  for (int64_t dim = 1; dim < axis; ++dim)
    perIndex = arith::MulIOp::create(b, loc, perIndex,
                                     tensor::DimOp::create(b, loc, input, dim));
  perIndex = arith::MaxUIOp::create(b, loc, perIndex, index(1));
  step = arith::MaxUIOp::create(
      b, loc,
      arith::CeilDivUIOp::create(b, loc, index(blockElements), perIndex),
      index(1));
  numBlocks = arith::CeilDivUIOp::create(b, loc, outer, step);
}

std::pair<Value, Value> RowBlocks::range(Value block) {
  Value start = arith::MulIOp::create(b, loc, block, step);
  Value size = arith::MinUIOp::create(
      b, loc, step, arith::SubIOp::create(b, loc, outer, start));
  return {start, size};
}

std::pair<Value, SliceToInsert> RowBlocks::slice(Value tensor, Value start,
                                                 Value size) {
  SliceToInsert slice;
  slice.offsets.assign(sizes.size(), b.getIndexAttr(0));
  slice.offsets[0] = start;
  slice.sizes = sizes;
  slice.sizes[0] = size;
  Value extracted = tensor::ExtractSliceOp::create(
      b, loc, tensor, slice.offsets, slice.sizes,
      SmallVector<OpFoldResult>(sizes.size(), b.getIndexAttr(1)));
  return {extracted, slice};
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
