//===- RunKernel.h - Vector kernels over contiguous runs -*- C++ -*-===//
//
// Internal to lib/Conversion/NormToVector: the batch norms' additions to the
// vector kernel builder (per-channel state, position-wise sums, chunked sums
// across the channels), and the loop helpers and the blocks of rows of a
// channels-last tensor that their patterns share.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOVECTOR_RUNKERNEL_H
#define LIB_CONVERSION_NORMTOVECTOR_RUNKERNEL_H

#include "VectorKernel.h"
#include "norm/Conversion/NormToVector/NormToVector.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::norm {

/// Builds the vector loops over the runs of `input`: its contiguous last dim
/// (B elements) at fixed indices (the "prefix") of every other dim, swept as
/// VectorKernelBuilder sweeps (main loop, tail). Adds what the batch norms
/// keep between runs: per-channel state, position-wise sums.
class RunKernelBuilder : public VectorKernelBuilder {
public:
  RunKernelBuilder(OpBuilder &b, Location loc, Value input, FloatType accType,
                   const ConvertNormToVectorPassOptions &options)
      : VectorKernelBuilder(b, loc, input, accType, options) {}

  /// The bytes of a cache line: rows of a multiple of it may stream.
  static constexpr int64_t kLineBytes = kStreamAlignment;

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
  /// channels at a time (`unroll` vectors, then the tail), each chunk's sums
  /// accumulating in registers over the rows and added to `sums` once.
  /// `perVector(j, mask)` gives the per-channel values the terms of the
  /// vector at `j` need (read once per chunk); `terms(x, values)` the terms
  /// of a vector `x`.
  SmallVector<Value> accumulateRowsInto(
      ValueRange prefix, Value rows, ValueRange sums, int64_t numSums,
      function_ref<SmallVector<Value>(Value j, Value mask)> perVector,
      function_ref<SmallVector<Value>(Value x, ValueRange values)> terms);

  /// The per-channel values a chunk's vector at `j` needs (read once per
  /// chunk).
  using ChunkValues = function_ref<SmallVector<Value>(Value j, Value mask)>;
  /// One vector of a chunk in one row: the terms (one per sum) of the
  /// vectors at [row..., j] with the chunk's `values`; when `out` is not
  /// null, also sets `*out` to the vector to store at the same place of the
  /// output.
  using ChunkRowStep = function_ref<SmallVector<Value>(
      ValueRange row, Value j, Value mask, ValueRange values, Value *out)>;

  /// The sweep behind accumulateRowsInto: the rows [prefix..., r, :], r in
  /// [0, rows), a chunk of channels at a time (`unroll` vectors, then the
  /// tail); per chunk, `values` are read once, then every row adds the
  /// chunk's terms (`step`; with `maskTerms`, masked-off lanes add 0) in
  /// registers and, with `output`, stores its output vector; the chunk's
  /// sums are added to `sums` (1-D accumulation-type tensors, one per sum)
  /// once. Returns the updated sums, then the output if any.
  SmallVector<Value> sweepRowChunks(ValueRange prefix, Value rows,
                                    ValueRange sums, Value output,
                                    ChunkValues values, ChunkRowStep step,
                                    bool maskTerms);

  /// Adds `terms` of every vector of the run at `prefix` position-wise to
  /// the 1-D accumulation-type tensors `accs` (one per sum, a run long):
  /// acc[s][j, j + lanes) += terms(x, j, mask)[s]. No sum is carried from
  /// one vector to the next, so a run costs no per-run setup beyond its
  /// loops.
  SmallVector<Value> accumulatePositions(
      ValueRange prefix, ValueRange accs,
      function_ref<SmallVector<Value>(Value x, Value j, Value mask)> terms);

  /// The sum of the `length` elements of the 1-D `tensor` from `start`: a
  /// loop of masked vectors, one horizontal reduction.
  Value sumSegment(Value tensor, Value start, Value length);

  /// `target` (1-D) with `length` copies of `value` (a scalar) from `start`.
  Value fillSegment(Value target, Value start, Value length, Value value);

  /// A 1-D accumulation-type tensor of `length` zeros.
  Value zeroVectorTensor(OpFoldResult length);

  /// Writes `body(x, j, mask)` for every vector of the run at `prefix` into
  /// the same run of `output` (see VectorKernelBuilder::write); the main
  /// loop of runs of whole cache lines may stream.
  Value writeRun(ValueRange prefix, Value output,
                 function_ref<Value(Value x, Value j, Value mask)> body) {
    return write(prefix, output, body, StreamPolicy::WholeLines);
  }

private:
  int64_t stateWidth(int64_t numSums) { return numSums * lanes; }
  /// The map of the one-vector reads and writes of a [channels, width]
  /// state.
  AffineMap stateMap();
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

/// The [A..., C, B] `input` (C at `axis`) viewed as [A..., C * B] without
/// a copy, or null: a slice of whole runs (all of B, unit strides: a tile of
/// channels) becomes the same slice of its source with C and B merged; any
/// other value is merged itself (its buffer is contiguous unless it is a
/// slice).
Value buildFlatView(OpBuilder &b, Location loc, Value input, int64_t axis);

/// A slice of a shared output of an scf.forall iteration.
struct SliceToInsert {
  Value value;
  SmallVector<OpFoldResult> offsets, sizes;
};

/// The blocks of rows of a channels-last [A0, A..., C] tensor that run in
/// parallel: `step` indices of A0 per block, at least `blockElements`
/// elements each.
struct RowBlocks {
  RowBlocks(OpBuilder &b, Location loc, Value input, int64_t axis,
            int64_t blockElements);
  /// Blocks of `step` of the `outer` indices of a tensor of sizes `sizes`
  /// (only read by `slice`), in `numBlocks` blocks, counted by the caller.
  RowBlocks(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
            Value outer, Value step, Value numBlocks)
      : b(b), loc(loc), sizes(sizes), outer(outer), step(step),
        numBlocks(numBlocks) {}

  /// The indices [start, start + size) of A0 of block `block`.
  std::pair<Value, Value> range(Value block);
  /// The rows [start, start + size) of A0 of `tensor` (shaped like the
  /// input), and the slice that inserts such a block back.
  std::pair<Value, SliceToInsert> slice(Value tensor, Value start, Value size);

  OpBuilder &b;
  Location loc;
  SmallVector<OpFoldResult> sizes;
  Value outer, step, numBlocks;
};

/// An scf.forall over [0, count) with the shared `outputs`; `body` gets the
/// induction variable and the shared outputs' block arguments and returns the
/// slice each iteration inserts into each of them. Returns the results.
SmallVector<Value> buildForall(
    OpBuilder &b, Location loc, Value count, ValueRange outputs,
    function_ref<SmallVector<SliceToInsert>(Value iv, ValueRange shared)> body);

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOVECTOR_RUNKERNEL_H
