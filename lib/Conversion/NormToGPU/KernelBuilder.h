//===- KernelBuilder.h - Common builder of the GPU kernels ---*- C++ -*-===//
//
// Internal to lib/Conversion/NormToGPU: what the row kernels and the
// batch-norm kernels build alike inside a gpu.launch: the launch itself,
// constants and conversions in the accumulation type, aligned vector
// accesses of the flat buffers, guarded regions, and the group reductions
// (xor shuffles within a subgroup, then one workgroup-memory stage across
// subgroups) of sums and of (count, mean, M2) triples.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOGPU_KERNELBUILDER_H
#define LIB_CONVERSION_NORMTOGPU_KERNELBUILDER_H

#include "norm/Conversion/NormCommon/Statistics.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::norm::to_gpu {

/// The values of `moments`, in the order (count, mean, M2).
inline SmallVector<Value> getValues(const PartialMoments &moments) {
  return {moments.count, moments.mean, moments.m2};
}
/// The moments of the values (count, mean, M2).
inline PartialMoments getPartialMoments(ValueRange values) {
  return {values[0], values[1], values[2]};
}

/// A gpu.launch of gridX x gridY blocks of `threads` threads and, when
/// `workgroupValues` > 0, one workgroup buffer of that many `accType` values.
gpu::LaunchOp createKernelLaunch(OpBuilder &b, Location loc, Value gridX,
                                 Value gridY, int64_t threads,
                                 int64_t workgroupValues, FloatType accType);

/// Builds the body of `launch`: `body` with `b` at its start, then the
/// gpu.terminator; `b` is left after the launch.
void buildLaunchBody(OpBuilder &b, gpu::LaunchOp launch,
                     function_ref<void()> body);

/// A gpu.alloc'd device buffer of `size` (an index) values of `type`: the
/// scratch that one launch writes and a later one reads.
Value createDeviceScratch(OpBuilder &b, Location loc, Value size,
                          FloatType type);

/// Where a group reduction puts its per-subgroup partials: `buffer` (the
/// launch's workgroup buffer), this thread's subgroup `warp` in its group,
/// and `slot(b, k, w)`, the index of value `k` of subgroup `w`.
struct WorkgroupStage {
  Value buffer;
  Value warp;
  function_ref<Value(OpBuilder &, int64_t, Value)> slot;
};

/// The common state and pieces of a kernel body: the builder inside the
/// launch, the accumulation type, the subgroup size and this thread's lane in
/// its subgroup (set by the derived builder, which decides where it is
/// computed).
class KernelBuilder {
public:
  KernelBuilder(OpBuilder &b, Location loc, FloatType accType, int64_t warpSize)
      : b(b), loc(loc), accType(accType), warpSize(warpSize) {}

  /// An index constant.
  Value index(int64_t value) { return index(b, value); }
  Value index(OpBuilder &nb, int64_t value);
  /// A constant of the accumulation type.
  Value accConstant(double value) { return accConstant(b, value); }
  Value accConstant(OpBuilder &nb, double value);
  /// `count` (an index) in the accumulation type.
  Value toAcc(OpBuilder &nb, Value count) {
    return buildIndexToFloat(nb, loc, count, accType);
  }
  /// `value` (a float scalar or vector) converted to element type `type`
  /// (extf or truncf; itself when it has it).
  Value convert(OpBuilder &nb, Value value, FloatType type);

  /// A vector.load of `width` elements of the flat buffer `buffer` at
  /// `offset`, aligned to its size when `width` > 1.
  Value loadVector(OpBuilder &nb, Value buffer, Value offset, int64_t width);
  /// A vector.store of the vector `value` into `buffer` at `offset`, aligned
  /// to its size when it has more than one element.
  void storeVector(OpBuilder &nb, Value value, Value buffer, Value offset);

  /// Runs `body` where `condition` holds: under an scf.if, or directly when
  /// `condition` is null (always).
  void buildGuarded(OpBuilder &nb, Value condition,
                    function_ref<void(OpBuilder &)> body);

  /// Sums each of `values` over a group of `groupThreads` threads (a power
  /// of two; whole subgroups when more than one): xor shuffles down to
  /// offset 1 within the subgroup, then, for several subgroups, one partial
  /// per subgroup through `stage`, one barrier, and xor shuffles over them.
  /// Every thread of the group gets the same sums.
  SmallVector<Value> reduceSums(SmallVector<Value> values, int64_t groupThreads,
                                const WorkgroupStage &stage);

  /// Merges the threads' (count, mean, M2) over a group of `groupThreads`
  /// threads in a fixed tree, with the same two stages as reduceSums. At
  /// every step the lane whose offset bit is clear is the first operand of
  /// the merge, so both partners compute the same value and every thread
  /// ends with bit-identical statistics.
  PartialMoments reduceWelford(const PartialMoments &stats,
                               int64_t groupThreads,
                               const WorkgroupStage &stage);

  OpBuilder &b;
  Location loc;
  FloatType accType;
  int64_t warpSize;
  /// This thread's lane in its subgroup.
  Value laneInWarp;

private:
  /// One butterfly over `width` lanes of a subgroup, in place.
  using Butterfly = function_ref<void(SmallVectorImpl<Value> &, int64_t)>;
  /// The two stages of a group reduction around `butterfly`.
  SmallVector<Value> reduceGroup(SmallVector<Value> values,
                                 int64_t groupThreads,
                                 const WorkgroupStage &stage,
                                 Butterfly butterfly);
  /// The xor-shuffle butterfly of sums: each value in turn, offsets
  /// width / 2 down to 1.
  void sumButterfly(SmallVectorImpl<Value> &values, int64_t width);
  /// The xor-shuffle butterfly of a (count, mean, M2) triple: offsets
  /// width / 2 down to 1, a guarded Chan merge at each.
  void welfordButterfly(SmallVectorImpl<Value> &values, int64_t width);
};

} // namespace mlir::norm::to_gpu

#endif // LIB_CONVERSION_NORMTOGPU_KERNELBUILDER_H
