//===- VectorKernelMemory.cpp - Loads, stores, conversions --*- C++ -*-===//
//
// The memory side of the CPU vector kernel builder: its input loads (with
// the residual, in bf16 pairs), output stores, reads and writes of 1-D
// tensors, and the conversions and constants they build.
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "VectorKernel.h"
#include "norm/Support/BF16.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::norm;

Value VectorKernelBuilder::loadInputElements(ValueRange prefix, Value j,
                                             Value mask) {
  Value pad = arith::ConstantOp::create(b, loc, elementType,
                                        b.getFloatAttr(elementType, 0.0));
  auto load = [&](Value tensor) -> Value {
    return vector::TransferReadOp::create(b, loc, elementVectorType, tensor,
                                          indices(prefix, j), minorMap(), pad,
                                          mask, b.getBoolArrayAttr({true}));
  };
  Value x = load(input);
  if (!residual)
    return x;
  Value r = load(residual);
  if (elementType == accType)
    return arith::AddFOp::create(b, loc, x, r);
  Value sum = arith::AddFOp::create(b, loc, convertVector(x, accVectorType),
                                    convertVector(r, accVectorType));
  return convertVector(sum, elementVectorType);
}
Value VectorKernelBuilder::loadInputVector(ValueRange prefix, Value j,
                                           Value mask) {
  return convertVector(loadInputElements(prefix, j, mask), accVectorType);
}

std::pair<Value, Value> VectorKernelBuilder::loadInputPair(ValueRange prefix,
                                                           Value j) {
  Value pad = arith::ConstantOp::create(b, loc, elementType,
                                        b.getFloatAttr(elementType, 0.0));
  Value read = vector::TransferReadOp::create(
      b, loc, VectorType::get({2 * lanes}, elementType), input,
      indices(prefix, j), minorMap(), pad, Value(), b.getBoolArrayAttr({true}));
  Value words = vector::BitCastOp::create(b, loc, wordVectorType, read);
  Value even =
      arith::ShLIOp::create(b, loc, words, splatWord(wordVectorType, 16));
  Value odd = arith::AndIOp::create(b, loc, words,
                                    splatWord(wordVectorType, 0xffff0000u));
  return {arith::BitcastOp::create(b, loc, accVectorType, even),
          arith::BitcastOp::create(b, loc, accVectorType, odd)};
}

Value VectorKernelBuilder::storeOutputVector(Value value, Value output,
                                             ValueRange prefix, Value j,
                                             Value mask) {
  return vector::TransferWriteOp::create(
             b, loc, output.getType(), convertVector(value, elementVectorType),
             output, indices(prefix, j), minorMap(), mask,
             b.getBoolArrayAttr({true}))
      .getResult();
}

Value VectorKernelBuilder::storeOutputPair(Value even, Value odd, Value output,
                                           ValueRange prefix, Value j) {
  Value words;
  if (nativeBF16) {
    // Interleaved as i32 words (even | odd << 16), not by a shuffle of the
    // bf16 vectors: x86 has no non-temporal store of bf16 vectors, so a
    // streamed store of the shuffled <32 x bfloat> became a plain one (and
    // LLVM moved that shuffle before the conversions: two vpermt2ps and a
    // vinsertf64x4); the words are one vpermt2w after the two
    // vcvtneps2bf16 and stream as vmovntdq.
    VectorType halfType = VectorType::get({lanes}, b.getI16Type());
    auto widened = [&](Value value) -> Value {
      Value bits = arith::BitcastOp::create(
          b, loc, halfType, convertVector(value, elementVectorType));
      return arith::ExtUIOp::create(b, loc, wordVectorType, bits);
    };
    Value low = widened(even);
    Value high = arith::ShLIOp::create(b, loc, widened(odd),
                                       splatWord(wordVectorType, 16));
    words = arith::OrIOp::create(b, loc, low, high);
  } else {
    Value low =
        arith::ShRUIOp::create(b, loc, buildBF16RoundedBits(b, loc, even),
                               splatWord(wordVectorType, 16));
    Value high =
        arith::AndIOp::create(b, loc, buildBF16RoundedBits(b, loc, odd),
                              splatWord(wordVectorType, 0xffff0000u));
    words = arith::OrIOp::create(b, loc, low, high);
  }
  Value packed = vector::BitCastOp::create(
      b, loc, VectorType::get({2 * lanes}, elementType), words);
  return vector::TransferWriteOp::create(b, loc, output.getType(), packed,
                                         output, indices(prefix, j), minorMap(),
                                         Value(), b.getBoolArrayAttr({true}))
      .getResult();
}

Value VectorKernelBuilder::readVector(Value tensor, Value j, Value mask) {
  auto element = cast<FloatType>(
      cast<RankedTensorType>(tensor.getType()).getElementType());
  Value pad =
      arith::ConstantOp::create(b, loc, element, b.getFloatAttr(element, 0.0));
  Value x = vector::TransferReadOp::create(
      b, loc, VectorType::get({lanes}, element), tensor, ValueRange{j},
      b.getMultiDimIdentityMap(1), pad, mask, b.getBoolArrayAttr({true}));
  return convertVector(x, accVectorType);
}

Value VectorKernelBuilder::writeVector(Value value, Value tensor, Value j,
                                       Value mask) {
  auto element = cast<RankedTensorType>(tensor.getType()).getElementType();
  Value converted = convertVector(value, VectorType::get({lanes}, element));
  return vector::TransferWriteOp::create(
             b, loc, tensor.getType(), converted, tensor, ValueRange{j},
             b.getMultiDimIdentityMap(1), mask, b.getBoolArrayAttr({true}))
      .getResult();
}

Value VectorKernelBuilder::extract(Value tensor, Value position) {
  return convertFloat(tensor::ExtractOp::create(b, loc, tensor, position),
                      accType);
}

Value VectorKernelBuilder::convertVector(Value value, VectorType type) {
  return convertFloat(value, type);
}

Value VectorKernelBuilder::convertFloat(Value value, Type type) {
  auto from = cast<FloatType>(getElementTypeOrSelf(value.getType()));
  auto to = cast<FloatType>(getElementTypeOrSelf(type));
  if (from == to)
    return value;
  if (from.getWidth() < to.getWidth())
    return arith::ExtFOp::create(b, loc, type, value);
  return arith::TruncFOp::create(b, loc, type, value);
}

Value VectorKernelBuilder::splat(Value scalar) {
  return vector::BroadcastOp::create(b, loc, accVectorType, scalar);
}

Value VectorKernelBuilder::scalar(double value) {
  return arith::ConstantOp::create(b, loc, accType,
                                   b.getFloatAttr(accType, value));
}

Value VectorKernelBuilder::add(Value lhs, Value rhs) {
  arith::FastMathFlags flags = arith::FastMathFlags::reassoc;
  if (contractSums)
    flags = flags | arith::FastMathFlags::contract;
  return arith::AddFOp::create(b, loc, lhs, rhs, flags);
}

Value mlir::norm::buildSquare(OpBuilder &b, Location loc, Value value) {
  return arith::MulFOp::create(b, loc, value, value,
                               arith::FastMathFlags::contract);
}

Value VectorKernelBuilder::index(int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

Value VectorKernelBuilder::offset(Value j, int64_t delta) {
  if (delta == 0)
    return j;
  return arith::AddIOp::create(b, loc, j, index(delta));
}

Value VectorKernelBuilder::roundDown(Value value, int64_t multiple) {
  return arith::SubIOp::create(
      b, loc, value, arith::RemUIOp::create(b, loc, value, index(multiple)));
}

void VectorKernelBuilder::forEachUnrolledInput(
    ValueRange prefix, Value j, function_ref<void(int64_t u, Value x)> use) {
  for (int64_t u = 0; u < unroll; u += pairs ? 2 : 1) {
    Value at = offset(j, u * lanes);
    if (!pairs) {
      use(u, loadInputVector(prefix, at, nullptr));
      continue;
    }
    auto [even, odd] = loadInputPair(prefix, at);
    use(u, even);
    use(u + 1, odd);
  }
}

SmallVector<Value> VectorKernelBuilder::indices(ValueRange prefix, Value j) {
  SmallVector<Value> all(prefix);
  all.push_back(j);
  return all;
}

AffineMap VectorKernelBuilder::minorMap() {
  return b.getMultiDimIdentityMap(rank).getMinorIdentityMap(rank, 1,
                                                            b.getContext());
}

Value VectorKernelBuilder::splatWord(VectorType type, uint32_t word) {
  return arith::ConstantOp::create(
      b, loc, type, DenseElementsAttr::get(type, b.getI32IntegerAttr(word)));
}

Value mlir::norm::expandFreshTensor(OpBuilder &b, Location loc, Value value,
                                    RankedTensorType type,
                                    ArrayRef<OpFoldResult> sizes,
                                    ArrayRef<ReassociationIndices> reassociation) {
  if (cast<RankedTensorType>(value.getType()).getRank() == type.getRank())
    return value;
  bool splitsDynamic = llvm::any_of(reassociation, [&](auto group) {
    return llvm::count_if(group, [&](int64_t dim) {
             return type.isDynamicDim(dim);
           }) > 1;
  });
  if (!splitsDynamic)
    return tensor::ExpandShapeOp::create(b, loc, type, value, reassociation,
                                         sizes);
  SmallVector<Value> shape = llvm::map_to_vector(sizes, [&](OpFoldResult s) {
    return getValueOrCreateConstantIndexOp(b, loc, s);
  });
  return tensor::ReshapeOp::create(
      b, loc, type, value, tensor::FromElementsOp::create(b, loc, shape));
}
