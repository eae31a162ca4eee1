//===- Buffers.cpp - Buffers of the norm -> GPU kernels -----*- C++ -*-===//
//
// The flat device buffers that the row and batch-norm kernels read and write,
// and the size arithmetic around them.
//
//===----------------------------------------------------------------------===//

#include "NormToGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::norm;

Value to_gpu::flatten(OpBuilder &b, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  if (type.getRank() == 1)
    return buffer;
  ReassociationIndices all =
      llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  return memref::CollapseShapeOp::create(b, loc, buffer,
                                         ArrayRef<ReassociationIndices>{all});
}

MemRefType to_gpu::getBufferType(Type tensorType) {
  auto type = cast<RankedTensorType>(tensorType);
  return MemRefType::get(type.getShape(), type.getElementType());
}

Value to_gpu::getOperandBuffer(OpBuilder &b, Location loc, Value tensor) {
  Value buffer = bufferization::ToBufferOp::create(
      b, loc, getBufferType(tensor.getType()), tensor, /*read_only=*/true);
  return flatten(b, loc, buffer);
}

Value to_gpu::getResultBuffer(OpBuilder &b, Location loc, Value result,
                              Value sizeSource, ArrayRef<int64_t> sizeDims,
                              SmallVectorImpl<Operation *> &toErase) {
  if (result.hasOneUse()) {
    auto materialize = dyn_cast<bufferization::MaterializeInDestinationOp>(
        *result.getUsers().begin());
    if (materialize && !materialize.getResult() &&
        materialize.getSource() == result) {
      auto destType = dyn_cast<MemRefType>(materialize.getDest().getType());
      if (destType && destType.getLayout().isIdentity()) {
        toErase.push_back(materialize);
        return materialize.getDest();
      }
    }
  }
  MemRefType type = getBufferType(result.getType());
  SmallVector<Value> dynamicSizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    if (type.isDynamicDim(dim))
      dynamicSizes.push_back(tensor::DimOp::create(
          b, loc, sizeSource, sizeDims.empty() ? dim : sizeDims[dim]));
  return memref::AllocOp::create(b, loc, type, dynamicSizes);
}

Value to_gpu::buildSizeProduct(OpBuilder &b, Location loc, Value tensor,
                               int64_t from, int64_t to) {
  Value product = arith::ConstantIndexOp::create(b, loc, 1);
  for (int64_t dim = from; dim < to; ++dim)
    product = arith::MulIOp::create(b, loc, product,
                                    tensor::DimOp::create(b, loc, tensor, dim));
  return product;
}

std::optional<int64_t> to_gpu::getStaticSize(RankedTensorType type,
                                             int64_t from, int64_t to) {
  int64_t size = 1;
  for (int64_t dim = from; dim < to; ++dim) {
    if (type.isDynamicDim(dim))
      return std::nullopt;
    size *= type.getDimSize(dim);
  }
  return size;
}

void to_gpu::replaceWithBuffers(RewriterBase &rewriter, Operation *op,
                                ArrayRef<std::pair<Value, Value>> results,
                                ArrayRef<Operation *> toErase) {
  Location loc = op->getLoc();
  for (auto [result, buffer] : results) {
    if (result.use_empty())
      continue;
    Value tensor = bufferization::ToTensorOp::create(
        rewriter, loc, result.getType(), buffer, /*restrict=*/true,
        /*writable=*/true);
    rewriter.replaceAllUsesWith(result, tensor);
  }
  for (Operation *erased : toErase)
    rewriter.eraseOp(erased);
  rewriter.eraseOp(op);
}

Value to_gpu::ResultBuffers::add(Value result, ArrayRef<int64_t> sizeDims) {
  Value buffer =
      getResultBuffer(b, loc, result, sizeSource, sizeDims, toErase);
  results.push_back({result, buffer});
  return buffer;
}

Value to_gpu::ResultBuffers::addFlat(Value result,
                                     ArrayRef<int64_t> sizeDims) {
  return flatten(b, loc, add(result, sizeDims));
}

Value to_gpu::ResultBuffers::addFlatIfUsed(Value result,
                                           ArrayRef<int64_t> sizeDims) {
  if (!result || result.use_empty())
    return nullptr;
  return addFlat(result, sizeDims);
}

void to_gpu::ResultBuffers::replace(RewriterBase &rewriter,
                                    Operation *op) const {
  replaceWithBuffers(rewriter, op, results, toErase);
}
