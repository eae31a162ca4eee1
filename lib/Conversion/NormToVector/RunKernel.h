//===- RunKernel.h - Vector kernels over contiguous runs -*- C++ -*-===//
//
// Internal to lib/Conversion/NormToVector: the builder of the vector loops
// that sweep the contiguous runs of a batch norm's input, and the loop
// helpers its patterns share.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOVECTOR_RUNKERNEL_H
#define LIB_CONVERSION_NORMTOVECTOR_RUNKERNEL_H

#include "norm/Conversion/NormToVector/NormToVector.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::norm {

/// Builds the vector loops over the runs of `input`: its contiguous last dim
/// (B elements) at fixed indices (the "prefix") of every other dim. A run is
/// swept by a main loop of `unroll` vectors per iteration, a loop of single
/// vectors, and the last vector of buildPartial when B is not a multiple of
/// the lanes.
class RunKernelBuilder {
public:
  RunKernelBuilder(OpBuilder &b, Location loc, Value input, FloatType accType,
                   const ConvertNormToVectorPassOptions &options);

  /// `numSums * unroll` zero accumulators (sum s, accumulator u at
  /// s * unroll + u).
  SmallVector<Value> zeroAccumulators(int64_t numSums);

  /// Adds `terms` of every element of the run at `prefix` to the
  /// accumulators `accs` (see zeroAccumulators) and returns the new ones.
  /// `terms` maps an accumulation-type vector to one term per sum; the terms
  /// of lanes of the last vector that are not new (see buildPartial) are
  /// replaced by 0.
  SmallVector<Value>
  accumulateRun(ValueRange prefix, ValueRange accs, int64_t numSums,
                function_ref<SmallVector<Value>(Value x)> terms);

  /// A [channels, numSums * lanes] accumulation-type tensor of zeros: one
  /// vector per sum and channel of a tile, kept (in L1) between the runs of
  /// a pass that visits the channels in turn.
  Value zeroState(Value channels, int64_t numSums);

  /// The sums of channel `c` in `state` (see zeroState), one vector each.
  SmallVector<Value> readState(Value state, Value c, int64_t numSums);

  /// `state` with the sums of channel `c` replaced by `accs`.
  Value writeState(Value state, Value c, ValueRange accs);

  /// Adds to the per-channel sums `sums` (1-D accumulation-type tensors, one
  /// per sum) the terms of every element of the `rows` runs at
  /// [prefix..., r, :], r in [0, rows): the runs are swept a chunk of
  /// channels at a time (`unroll` vectors, then single vectors, then the last
  /// vector of buildPartial), each chunk's sums accumulating in registers
  /// over the rows and added to `sums` once. `perVector(j, mask)` gives the
  /// per-channel values the terms of the vector at `j` need (read once per
  /// chunk); `terms(x, values)` the terms of a vector `x`.
  SmallVector<Value> accumulateRowsInto(
      ValueRange prefix, Value rows, ValueRange sums, int64_t numSums,
      function_ref<SmallVector<Value>(Value j, Value mask)> perVector,
      function_ref<SmallVector<Value>(Value x, ValueRange values)> terms);

  /// A loop over the vectors of [0, length) (every one masked to the
  /// length) carrying `inits`; `body` gets the position, the mask and the
  /// carried values and returns the new ones. For the O(C) per-channel work.
  SmallVector<Value> buildVectorLoop(
      Value length, ValueRange inits,
      function_ref<SmallVector<Value>(Value j, Value mask, ValueRange carried)>
          body);

  /// Adds `terms` of every vector of the run at `prefix` position-wise to
  /// the 1-D accumulation-type tensors `accs` (one per sum, a run long):
  /// acc[s][j, j + lanes) += terms(x, j, mask)[s], `unroll` vectors per
  /// iteration, then single vectors, then the last vector of buildPartial
  /// (its lanes seen before add 0). No sum is carried from one vector to the
  /// next, so a run costs no per-run setup beyond its loops.
  SmallVector<Value> accumulatePositions(
      ValueRange prefix, ValueRange accs,
      function_ref<SmallVector<Value>(Value x, Value j, Value mask)> terms);

  /// The sum of the `length` elements of the 1-D `tensor` from `start`: a
  /// loop of masked vectors, one horizontal reduction.
  Value sumSegment(Value tensor, Value start, Value length);

  /// `target` (1-D) with `length` copies of `value` (a scalar) from `start`.
  Value fillSegment(Value target, Value start, Value length, Value value);

  /// `lanes` elements of the 1-D `tensor` from `j` in the accumulation type
  /// (masked-off lanes read 0).
  Value readVector(Value tensor, Value j, Value mask);

  /// `tensor` (1-D, accumulation type) with `value` written from `j`.
  Value writeVector(Value value, Value tensor, Value j, Value mask);

  /// A 1-D accumulation-type tensor of `length` zeros.
  Value zeroVectorTensor(OpFoldResult length);

  /// Adds up the `unroll` accumulators of each sum: one vector per sum.
  SmallVector<Value> fold(ValueRange accs, int64_t numSums);

  /// Reduces each vector horizontally, once.
  SmallVector<Value> reduce(ValueRange vectors);

  /// Writes `body(x, j, mask)` (an accumulation-type vector) for every
  /// vector `x` at `j` of the run at `prefix` into the same run of `output`,
  /// truncated to the element type, and returns the updated tensor. The
  /// parameters a body reads at `j` must be per position (the last vector
  /// may rewrite lanes of the one before with the same values). With stream
  /// stores
  /// and runs of whole cache lines, the main loop is marked for
  /// norm-stream-stores, for runs that start on a cache line: its vectors
  /// start a multiple of `lanes * unroll` elements after the run start, so
  /// it writes whole lines, and no line is shared with the plain stores of
  /// the run's end or of a neighbouring run (a line written partly by
  /// streaming stores is flushed partially, which costs more than the read
  /// for ownership it saves).
  Value writeRun(ValueRange prefix, Value output,
                 function_ref<Value(Value x, Value j, Value mask)> body);

  /// Element `position` of the 1-D `tensor`, in the accumulation type.
  Value extract(Value tensor, Value position);

  Value splat(Value scalar);
  Value scalar(double value);
  Value zeroVector() { return splat(scalar(0.0)); }
  Value add(Value lhs, Value rhs);
  /// An `scf.if` with `types` results and both branches
  /// built by the callbacks.
  SmallVector<Value> buildIf(Value condition, TypeRange types,
                             function_ref<SmallVector<Value>()> thenBody,
                             function_ref<SmallVector<Value>()> elseBody);

  OpBuilder &b;
  Location loc;
  Value input;
  FloatType accType;
  RankedTensorType inputType;
  FloatType elementType;
  int64_t unroll;
  bool streamStores;
  int64_t lanes;
  int64_t rank;
  VectorType accVectorType, elementVectorType;
  Value runLength, mainEnd, fullEnd;
  /// With stream stores: mainEnd when a run is whole cache lines, else 0.
  Value streamableEnd;

private:
  /// The bytes of a cache line: the alignment of a run whose main loop may
  /// stream.
  static constexpr int64_t kStreamAlignment = 64;

  int64_t stateWidth(int64_t numSums) { return numSums * lanes; }
  Value index(int64_t value);
  Value offset(Value j, int64_t delta);
  /// The largest multiple of `multiple` not above `value`.
  Value roundDown(Value value, int64_t multiple);
  SmallVector<Value> indices(ValueRange prefix, Value j);
  AffineMap minorMap();
  Value convertVector(Value value, VectorType type);
  /// Reads `lanes` elements of the run at `prefix` from `j` in the
  /// accumulation type; masked-off lanes read 0.
  Value read(ValueRange prefix, Value j, Value mask);
  /// The last vector of a run whose length r = B - fullEnd past the full
  /// vectors is not 0: `partial(j, readMask, keepMask)` yields the values
  /// updated by the vector at `j`; else `passThrough`. A run of at least one
  /// vector takes the full vector ending at B (j = B - lanes, no read mask):
  /// its first lanes - r lanes were seen by the vector before, and `keepMask`
  /// marks the r new ones (a masked load or store costs far more than a
  /// plain one on some targets, AMD Zen among them). A shorter run takes the
  /// masked vector at fullEnd (both masks: its r lanes).
  SmallVector<Value> buildPartial(
      ValueRange passThrough,
      function_ref<SmallVector<Value>(Value j, Value readMask, Value keepMask)>
          partial);

  /// `value` where `mask` is set, 0 elsewhere (`value` itself without mask).
  Value keep(Value value, Value mask);
};

/// Builds a loop nest over dims [firstDim, endDim) of `input` carrying
/// `inits`; `body` gets the indices and the carried values and returns the
/// new ones.
SmallVector<Value> buildLoops(
    OpBuilder &b, Location loc, Value input, int64_t firstDim, int64_t endDim,
    ValueRange inits,
    function_ref<SmallVector<Value>(ValueRange ivs, ValueRange carried)> body);

/// Builds a loop nest over dims [0, numDims) of `input`; see above.
SmallVector<Value> buildLoops(
    OpBuilder &b, Location loc, Value input, int64_t numDims, ValueRange inits,
    function_ref<SmallVector<Value>(ValueRange ivs, ValueRange carried)> body);

/// A loop over [0, count) carrying `inits`; `body` gets the induction
/// variable and the carried values and returns the new ones.
SmallVector<Value>
buildLoop(OpBuilder &b, Location loc, Value count, ValueRange inits,
          function_ref<SmallVector<Value>(Value iv, ValueRange carried)> body);

/// The number of elements of `input` per index of dim `axis`, as a scalar of
/// type `accType`.
Value buildCountPerChannel(OpBuilder &b, Location loc, Value input,
                           int64_t axis, FloatType accType);

/// `value` as `type`, through a tensor.cast where the static sizes differ.
Value castTo(OpBuilder &b, Location loc, Value value, Type type);

/// Appends `prefix` and `last` into one index list.
SmallVector<Value> appendIndex(ValueRange prefix, Value last);

/// A slice of a shared output of an scf.forall iteration.
struct SliceToInsert {
  Value value;
  SmallVector<OpFoldResult> offsets, sizes;
};

/// An scf.forall over [0, count) with the shared `outputs`; `body` gets the
/// induction variable and the shared outputs' block arguments and returns the
/// slice each iteration inserts into each of them. Returns the results.
SmallVector<Value> buildForall(
    OpBuilder &b, Location loc, Value count, ValueRange outputs,
    function_ref<SmallVector<SliceToInsert>(Value iv, ValueRange shared)> body);

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOVECTOR_RUNKERNEL_H
