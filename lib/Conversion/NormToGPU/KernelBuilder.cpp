//===- KernelBuilder.cpp - Common builder of the GPU kernels -*- C++ -*-===//

#include "KernelBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

gpu::LaunchOp to_gpu::createKernelLaunch(OpBuilder &b, Location loc,
                                         Value gridX, Value gridY,
                                         int64_t threads,
                                         int64_t workgroupValues,
                                         FloatType accType) {
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value blockSize = arith::ConstantIndexOp::create(b, loc, threads);
  SmallVector<Type> workgroup;
  if (workgroupValues > 0)
    workgroup.push_back(
        MemRefType::get({workgroupValues}, accType, AffineMap(),
                        gpu::AddressSpaceAttr::get(
                            b.getContext(), gpu::AddressSpace::Workgroup)));
  return gpu::LaunchOp::create(b, loc, gridX, gridY, one, blockSize, one, one,
                               /*dynamicSharedMemorySize=*/nullptr,
                               /*asyncTokenType=*/nullptr,
                               /*asyncDependencies=*/ValueRange(), workgroup);
}

void to_gpu::buildLaunchBody(OpBuilder &b, gpu::LaunchOp launch,
                             function_ref<void()> body) {
  b.setInsertionPointToStart(&launch.getBody().front());
  body();
  gpu::TerminatorOp::create(b, launch.getLoc());
  b.setInsertionPointAfter(launch);
}

Value to_gpu::createDeviceScratch(OpBuilder &b, Location loc, Value size,
                                  FloatType type) {
  return gpu::AllocOp::create(b, loc,
                              MemRefType::get({ShapedType::kDynamic}, type),
                              /*asyncToken=*/Type(),
                              /*asyncDependencies=*/ValueRange(),
                              ValueRange{size}, /*symbolOperands=*/ValueRange(),
                              /*hostShared=*/false)
      .getMemref();
}

Value KernelBuilder::index(OpBuilder &nb, int64_t value) {
  return arith::ConstantIndexOp::create(nb, loc, value);
}

Value KernelBuilder::accConstant(OpBuilder &nb, double value) {
  return arith::ConstantOp::create(nb, loc, accType,
                                   nb.getFloatAttr(accType, value));
}

Value KernelBuilder::convert(OpBuilder &nb, Value value, FloatType type) {
  Type to = type;
  auto from = cast<FloatType>(getElementTypeOrSelf(value.getType()));
  if (from == type)
    return value;
  if (auto vectorType = dyn_cast<VectorType>(value.getType()))
    to = vectorType.clone(type);
  if (from.getWidth() < type.getWidth())
    return arith::ExtFOp::create(nb, loc, to, value);
  return arith::TruncFOp::create(nb, loc, to, value);
}

/// The alignment of a `width`-element access of `elementType`: its size,
/// when it is a vector of more than one element.
static llvm::MaybeAlign getVectorAlignment(int64_t width, Type elementType) {
  if (width <= 1)
    return std::nullopt;
  return llvm::Align(width * elementType.getIntOrFloatBitWidth() / 8);
}

Value KernelBuilder::loadVector(OpBuilder &nb, Value buffer, Value offset,
                                int64_t width) {
  Type elementType = cast<MemRefType>(buffer.getType()).getElementType();
  return vector::LoadOp::create(nb, loc, VectorType::get({width}, elementType),
                                buffer, ValueRange{offset},
                                /*nontemporal=*/false,
                                getVectorAlignment(width, elementType));
}

void KernelBuilder::storeVector(OpBuilder &nb, Value value, Value buffer,
                                Value offset) {
  auto type = cast<VectorType>(value.getType());
  vector::StoreOp::create(
      nb, loc, value, buffer, ValueRange{offset}, /*nontemporal=*/false,
      getVectorAlignment(type.getNumElements(), type.getElementType()));
}

void KernelBuilder::buildGuarded(OpBuilder &nb, Value condition,
                                 function_ref<void(OpBuilder &)> body) {
  if (!condition) {
    body(nb);
    return;
  }
  scf::IfOp::create(nb, loc, condition, [&](OpBuilder &gb, Location) {
    body(gb);
    scf::YieldOp::create(gb, loc);
  });
}

void KernelBuilder::sumButterfly(SmallVectorImpl<Value> &values,
                                 int64_t width) {
  for (Value &value : values)
    for (int64_t offset = width / 2; offset >= 1; offset /= 2) {
      Value other = gpu::ShuffleOp::create(b, loc, value, offset, warpSize,
                                           gpu::ShuffleMode::XOR)
                        .getShuffleResult();
      value = arith::AddFOp::create(b, loc, value, other);
    }
}

void KernelBuilder::welfordButterfly(SmallVectorImpl<Value> &values,
                                     int64_t width) {
  for (int64_t offset = width / 2; offset >= 1; offset /= 2) {
    SmallVector<Value> other;
    for (Value value : values)
      other.push_back(gpu::ShuffleOp::create(b, loc, value, offset, warpSize,
                                             gpu::ShuffleMode::XOR)
                          .getShuffleResult());
    Value bit = arith::AndIOp::create(b, loc, laneInWarp, index(offset));
    Value isUpper =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, bit, index(0));
    SmallVector<Value> lower, upper;
    for (auto [mine, theirs] : llvm::zip(values, other)) {
      lower.push_back(arith::SelectOp::create(b, loc, isUpper, theirs, mine));
      upper.push_back(arith::SelectOp::create(b, loc, isUpper, mine, theirs));
    }
    PartialMoments merged =
        buildChanMerge(b, loc, getPartialMoments(lower),
                       getPartialMoments(upper), /*keepEmptySides=*/true);
    values.assign(getValues(merged));
  }
}

SmallVector<Value> KernelBuilder::reduceGroup(SmallVector<Value> values,
                                              int64_t groupThreads,
                                              const WorkgroupStage &stage,
                                              Butterfly butterfly) {
  butterfly(values, std::min(groupThreads, warpSize));
  if (groupThreads <= warpSize)
    return values;

  // One partial per subgroup goes through workgroup memory; every subgroup
  // then reduces all of them, so no second barrier is needed.
  int64_t warps = groupThreads / warpSize;
  Value isLeader = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                         laneInWarp, index(0));
  buildGuarded(b, isLeader, [&](OpBuilder &nb) {
    for (auto [k, value] : llvm::enumerate(values))
      memref::StoreOp::create(nb, loc, value, stage.buffer,
                              stage.slot(nb, k, stage.warp));
  });
  gpu::BarrierOp::create(b, loc);
  Value source = arith::RemUIOp::create(b, loc, laneInWarp, index(warps));
  for (auto [k, value] : llvm::enumerate(values))
    value =
        memref::LoadOp::create(b, loc, stage.buffer, stage.slot(b, k, source));
  butterfly(values, warps);
  return values;
}

SmallVector<Value> KernelBuilder::reduceSums(SmallVector<Value> values,
                                             int64_t groupThreads,
                                             const WorkgroupStage &stage) {
  return reduceGroup(std::move(values), groupThreads, stage,
                     [&](SmallVectorImpl<Value> &v, int64_t width) {
                       sumButterfly(v, width);
                     });
}

PartialMoments KernelBuilder::reduceWelford(const PartialMoments &stats,
                                            int64_t groupThreads,
                                            const WorkgroupStage &stage) {
  return getPartialMoments(
      reduceGroup(getValues(stats), groupThreads, stage,
                  [&](SmallVectorImpl<Value> &v, int64_t width) {
                    welfordButterfly(v, width);
                  }));
}
