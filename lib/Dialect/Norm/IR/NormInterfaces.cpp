//===- NormInterfaces.cpp - Norm op interface ---------------*- C++ -*-===//
//
// The parts of NormOpInterface that follow from each op's answers: the
// loops of the iteration domain and the dims of the parameter and
// statistics layouts. The interface verifier is in NormOps.cpp, beside the
// verification helpers the ops share.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormInterfaces.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"

using namespace mlir;
using namespace mlir::norm;

SmallVector<int64_t> mlir::norm::detail::getLoopDims(NormOpInterface op) {
  SmallVector<int64_t> reduced = op.getReductionDims();
  SmallVector<int64_t> loops;
  for (int64_t dim : llvm::seq<int64_t>(0, op.getInput().getType().getRank()))
    if (!llvm::is_contained(reduced, dim))
      loops.push_back(dim);
  return loops;
}

SmallVector<NormTensorDim>
mlir::norm::detail::getLayoutDims(NormOpInterface op, NormTensorLayout layout) {
  int64_t rank = op.getInput().getType().getRank();
  SmallVector<int64_t> reduced = op.getReductionDims();
  switch (layout) {
  case NormTensorLayout::Normalized:
    return llvm::map_to_vector(reduced,
                               [](int64_t dim) { return NormTensorDim{dim}; });
  case NormTensorLayout::Rows:
    return llvm::map_to_vector(llvm::seq<int64_t>(0, rank), [&](int64_t dim) {
      if (llvm::is_contained(reduced, dim))
        return NormTensorDim{std::nullopt, 1};
      return NormTensorDim{dim};
    });
  case NormTensorLayout::Channels:
    return {NormTensorDim{op.getChannelAxis()}};
  case NormTensorLayout::Groups:
    return {NormTensorDim{0},
            NormTensorDim{std::nullopt, op.getGroupCount().value_or(1)}};
  case NormTensorLayout::Input:
    return llvm::map_to_vector(llvm::seq<int64_t>(0, rank),
                               [](int64_t dim) { return NormTensorDim{dim}; });
  }
  llvm_unreachable("unknown NormTensorLayout");
}

SmallVector<NormTensor>
mlir::norm::detail::filterNormTensors(ArrayRef<NormTensor> tensors,
                                      NormTensorRole role, bool results) {
  SmallVector<NormTensor> filtered;
  for (const NormTensor &tensor : tensors)
    if (tensor.role == role && results == !tensor.operand)
      filtered.push_back(tensor);
  return filtered;
}

std::optional<int64_t> mlir::norm::detail::getLoopOfInputDim(NormOpInterface op,
                                                             int64_t dim) {
  SmallVector<int64_t> loops = op.getLoopDims();
  auto *it = llvm::find(loops, dim);
  if (it == loops.end())
    return std::nullopt;
  return it - loops.begin();
}

/// The loop over dim `dim` of `tensor`, through the input dim it follows.
static std::optional<int64_t>
getTensorDimLoop(NormOpInterface op, const NormTensor &tensor, int64_t dim) {
  SmallVector<NormTensorDim> dims = op.getLayoutDims(tensor.layout);
  if (dim >= static_cast<int64_t>(dims.size()) || !dims[dim].inputDim)
    return std::nullopt;
  return op.getLoopOfInputDim(*dims[dim].inputDim);
}

std::optional<int64_t>
mlir::norm::detail::getOperandDimLoop(NormOpInterface op,
                                      unsigned operandNumber, int64_t dim) {
  for (const NormTensor &tensor : op.getNormTensors())
    if (tensor.operand && tensor.operand->getOperandNumber() == operandNumber)
      return getTensorDimLoop(op, tensor, dim);
  if (op->getOperand(operandNumber) == op.getInput())
    return op.getLoopOfInputDim(dim);
  return std::nullopt;
}

std::optional<int64_t>
mlir::norm::detail::getResultDimLoop(NormOpInterface op, unsigned resultNumber,
                                     int64_t dim) {
  Value result = op->getResult(resultNumber);
  if (result == op.getOutput())
    return op.getLoopOfInputDim(dim);
  for (const NormTensor &tensor : op.getNormTensors())
    if (!tensor.operand && tensor.value == result)
      return getTensorDimLoop(op, tensor, dim);
  return std::nullopt;
}

#include "norm/Dialect/Norm/IR/NormInterfaces.cpp.inc"
