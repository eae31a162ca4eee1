//===- VectorKernel.h - The CPU vector kernel builder -------*- C++ -*-===//
//
// Internal to lib/Conversion/NormToVector: the builder every CPU norm kernel
// sweeps its input with. A kernel sweeps the last dim of its input (a row of
// a row norm, a run of a batch norm) at fixed indices of the other dims (the
// "prefix"): a main loop of `unroll` vectors per iteration, then the tail
// (full single vectors, then the last, partial vector, masked). The builder
// also owns the accumulators, the input loads and output stores, and the
// conversions between the element and the accumulation type.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOVECTOR_VECTORKERNEL_H
#define LIB_CONVERSION_NORMTOVECTOR_VECTORKERNEL_H

#include "norm/Conversion/NormToVector/NormToVector.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::norm {

/// How a kernel's main loop may use streaming (non-temporal) stores, see
/// norm-stream-stores.
enum class StreamPolicy {
  /// Plain stores only.
  None,
  /// The main loop is marked when the row's tail is at most an eighth of the
  /// row: its vectors start a multiple of the vector size after the row
  /// start, so one alignment check of the row start covers them (the row
  /// norms).
  AlignedRow,
  /// Only runs of whole cache lines are marked, with the line size as the
  /// row alignment, so that no line is shared with a plain store (the batch
  /// norms' runs, many to a cache line when short).
  WholeLines,
};

/// Builds the vector loops that sweep the last dim of `input`.
class VectorKernelBuilder {
public:
  /// With `allowPairs`, a bf16 input accumulated in f32 is read and written
  /// in pairs of vectors by the main loop (see loadInputPair). With
  /// `splitShortSweeps`, a short static last dim may take a smaller unroll
  /// than the option's (see chooseShortSweepUnroll in VectorKernel.cpp; the
  /// row norms).
  VectorKernelBuilder(OpBuilder &b, Location loc, Value input,
                      FloatType accType,
                      const ConvertNormToVectorPassOptions &options,
                      bool allowPairs = false, bool splitShortSweeps = false);

  /// `unrolledStep(j, carried)` handles the `unroll` vectors from `j`.
  using UnrolledStep =
      function_ref<SmallVector<Value>(Value j, ValueRange carried)>;
  /// `vectorStep(j, mask, carried)` handles the one vector at `j`; `mask`
  /// (null on full vectors) masks its loads and stores: masked-off lanes
  /// read 0 and are not written, and their terms must not count.
  using VectorStep =
      function_ref<SmallVector<Value>(Value j, Value mask, ValueRange carried)>;

  /// A loop over [lower, upper) by `stride` carrying `inits`; `body(j,
  /// carried)` builds an iteration (at the builder's insertion point) and
  /// returns the values it yields.
  scf::ForOp buildStridedLoop(Value lower, Value upper, int64_t stride,
                              ValueRange inits, UnrolledStep body);

  /// The main loop over [lower, upper), `unroll` vectors per iteration.
  scf::ForOp buildMainLoop(Value lower, Value upper, ValueRange inits,
                           UnrolledStep step);

  /// The tail of a sweep, [mainEnd, length): the full vectors, then the
  /// last one masked to the length when the length is not a multiple of the
  /// lanes. One strategy for every kernel, chosen by measurement over an
  /// overlapping last vector (the full one ending at the length, its lanes
  /// seen before dropped): no difference beyond noise on row and run shapes
  /// with long tails (AVX-512 host), and the masked vector needs neither
  /// that the output does not alias the input nor that per-position
  /// parameters be in natural order where it would overlap the main loop
  /// (bf16 pair mode stores them de-interleaved there).
  SmallVector<Value> buildTail(ValueRange inits, VectorStep step);

  /// A whole sweep: buildMainLoop over [0, mainEnd), then buildTail, all
  /// values carried through both.
  SmallVector<Value> sweep(ValueRange inits, UnrolledStep unrolled,
                           VectorStep single);

  /// Sums `numSums` terms of every element of the last dim at `prefix`:
  /// `unroll` independent accumulators per sum in the main loop, added up
  /// once; returns one vector per sum. `terms` maps one accumulation-type
  /// vector of the input to one term per sum; the terms of masked-off lanes
  /// are replaced by 0.
  SmallVector<Value> accumulate(ValueRange prefix, int64_t numSums,
                                function_ref<SmallVector<Value>(Value x)> terms);

  /// Writes `body(x, j, mask)` (an accumulation-type vector) for every
  /// vector `x` at `j` of the last dim at `prefix` into the same place of
  /// `output`, in the element type, and returns the updated tensor. The
  /// main loop's stores may stream as `stream` says (with the pass's
  /// `stream-stores`).
  /// With a residual and `sum`, also writes each input vector (the
  /// rounded `input + residual`) into `*sum` and updates it.
  Value write(ValueRange prefix, Value output,
              function_ref<Value(Value x, Value j, Value mask)> body,
              StreamPolicy stream, Value *sum = nullptr);

  /// Makes the main loops of `write` prefetch, once per cache line of input
  /// they read, the same position of the last dim at `prefix` of `buffer`
  /// (a memref of the input's rank): the input of the next piece of work,
  /// brought in while this one is written (see GroupNorm.cpp). Null
  /// `buffer`: no prefetch.
  void setPrefetch(Value buffer, ValueRange prefix) {
    prefetchBuffer = buffer;
    prefetchPrefix.assign(prefix.begin(), prefix.end());
  }

  /// With prefetch-max-bytes: the buffer of `tensor` (the input, or the
  /// tensor a view of it was built from) that setPrefetch reads (read_only:
  /// it bufferizes to that tensor's own buffer), and whether a run of the
  /// swept dim has at most that many bytes (the runs whose writes prefetch
  /// the next run). {null, null} without the option or when every run is
  /// longer.
  std::pair<Value, Value> buildPrefetchSource(Value tensor);

  /// The one vector of the input at [prefix..., j] in the accumulation type:
  /// every input load of the kernels (masked-off lanes read 0).
  Value loadInputVector(ValueRange prefix, Value j, Value mask);

  /// The same in the element type: `input`, or with a residual
  /// `input + residual` rounded once to the element type (added in the
  /// accumulation type, exact before that rounding for f16 and bf16): the
  /// op's `sum`.
  Value loadInputElements(ValueRange prefix, Value j, Value mask);

  /// Makes every input load read `input + residual` (a tensor of the
  /// input's type). Pair mode is off then: the sum is rounded to the
  /// element type before it is widened.
  void setResidual(Value value) {
    residual = value;
    if (value)
      pairs = false;
  }

  /// Pair mode: reads 2 x `lanes` bf16 of the input at [prefix..., j] as
  /// `lanes` i32 words and widens them with two bit operations and no
  /// shuffle: the even elements (low halves) shifted up, the odd ones (high
  /// halves) masked. Sums do not depend on the order; parameters read per
  /// position must be de-interleaved the same way, and storeOutputPair packs
  /// results back.
  std::pair<Value, Value> loadInputPair(ValueRange prefix, Value j);

  /// Stores `value` (accumulation type) at [prefix..., j] of `output` in the
  /// element type; returns the updated tensor.
  Value storeOutputVector(Value value, Value output, ValueRange prefix,
                          Value j, Value mask);

  /// The inverse of loadInputPair: the rounded even results in the low
  /// halves and the odd ones in the high halves of `lanes` words, stored as
  /// 2 x `lanes` bf16 at [prefix..., j]. No NaN select: the input and its
  /// parameters are bf16, so every NaN here is a quieted bf16 NaN or a
  /// default NaN, both with the low 16 bits 0, which the rounding add cannot
  /// carry out of.
  /// With native-bf16, the two vectors are instead rounded by two
  /// `arith.truncf` (vcvtneps2bf16) and packed into the same words (zero
  /// extension, shift, or: one vpermt2w), which can stream.
  Value storeOutputPair(Value even, Value odd, Value output,
                        ValueRange prefix, Value j);

  /// `lanes` elements of the 1-D `tensor` from `j` in the accumulation type
  /// (masked-off lanes read 0).
  Value readVector(Value tensor, Value j, Value mask);

  /// `tensor` (1-D) with `value` written from `j`, converted to its
  /// element type.
  Value writeVector(Value value, Value tensor, Value j, Value mask);

  /// Element `position` of the 1-D `tensor`, in the accumulation type.
  Value extract(Value tensor, Value position);

  /// A loop over the vectors of [0, length) (every one masked to the
  /// length) carrying `inits`; `body` gets the position, the mask and the
  /// carried values and returns the new ones. For O(C) or O(hidden) work.
  SmallVector<Value> buildVectorLoop(Value length, ValueRange inits,
                                     VectorStep body);
  /// The same over the vectors of [lower, upper), masked to `upper`.
  SmallVector<Value> buildVectorLoop(Value lower, Value upper,
                                     ValueRange inits, VectorStep body);

  /// Adds up the `unroll` accumulators of each sum (sum s, accumulator u at
  /// s * unroll + u): one vector per sum.
  SmallVector<Value> fold(ValueRange accs, int64_t numSums);

  // The row-group sweeps (short rows): the last dim at each of several
  // prefixes (the rows of a group) in one loop, each vector position of
  // every row per iteration, so that the rows' work interleaves.

  /// The full vectors of the swept dim from 0, then the last one masked to
  /// the length (when the length is not a multiple of the lanes): the vectors
  /// of [0, length) without an unrolled main loop.
  SmallVector<Value> sweepVectors(ValueRange inits, VectorStep step);

  /// Sums `numSums` terms of every element of the last dim at each of
  /// `prefixes`: one accumulator per sum and row, at s * rows + r, not
  /// reduced. `terms(x, r)` maps one accumulation-type vector of row r to
  /// one term per sum; the terms of masked-off lanes are replaced by 0.
  SmallVector<Value>
  accumulateRows(ArrayRef<SmallVector<Value>> prefixes, int64_t numSums,
                 function_ref<SmallVector<Value>(Value x, int64_t r)> terms);

  /// Writes `body(x, r, params)` for every vector `x` of the last dim at
  /// each of `prefixes` (row r) into the same place of `output`, in the
  /// element type; `params(j, mask)` is called once per vector position for
  /// what every row uses there (e.g. the scale and bias vectors). Plain
  /// stores (rows short enough for groups are cache-sized work, see
  /// short-row-max-bytes). With a residual and `sum`, also writes each input
  /// vector (the
  /// rounded `input + residual`) into `*sum` and updates it.
  Value
  writeRows(ArrayRef<SmallVector<Value>> prefixes, Value output,
            function_ref<SmallVector<Value>(Value j, Value mask)> params,
            function_ref<Value(Value x, int64_t r, ValueRange params)> body,
            Value *sum = nullptr);

  /// Where reduceTogether left the sum of one of its vectors: in every lane
  /// of the block that starts at lane `lane` of result vector `vector`.
  struct LaneSlot {
    unsigned vector;
    int64_t lane;
  };

  /// Reduces each of `vectors` (accumulation type) horizontally, several
  /// into one result vector: two vectors whose lanes hold blocks of partial
  /// sums are shuffled into their blocks' lower halves and upper halves and
  /// added (each block splits into one block per vector, half the size),
  /// until one vector, or blocks of one lane, are left; then each block is
  /// added to itself with its halves swapped until all its lanes hold its
  /// sum. `slots[i]` says where the sum of `vectors[i]` is. Each sum is the
  /// same pairwise tree over the lanes of its vector (lane t + lane
  /// t + lanes/2, ...) wherever the vector is in the list. Needs `lanes` a
  /// power of two.
  SmallVector<Value> reduceTogether(ValueRange vectors,
                                    SmallVectorImpl<LaneSlot> &slots);

  /// `lane` of `vector` in every lane.
  Value splatLane(Value vector, int64_t lane);

  /// The bytes of the input, or, when it is a slice (a tile), of the tensor
  /// it is sliced from.
  Value wholeInputBytes();

  /// Reduces each vector horizontally, once.
  SmallVector<Value> reduce(ValueRange vectors);

  /// `value` where `mask` is set, 0 elsewhere (`value` itself without mask).
  Value keep(Value value, Value mask);

  /// An `scf.if` with `types` results and both branches built by the
  /// callbacks.
  SmallVector<Value> buildIf(Value condition, TypeRange types,
                             function_ref<SmallVector<Value>()> thenBody,
                             function_ref<SmallVector<Value>()> elseBody);

  Value convertVector(Value value, VectorType type);
  /// `value` (a float scalar or vector) extended or truncated to `type`.
  Value convertFloat(Value value, Type type);
  Value splat(Value scalar);
  Value scalar(double value);
  Value zeroVector() { return splat(scalar(0.0)); }
  /// `lhs + rhs` (the accumulating add of the sums), reassociable; with
  /// `contractSums` also contractible.
  Value add(Value lhs, Value rhs);
  Value index(int64_t value);
  /// `j + delta`.
  Value offset(Value j, int64_t delta);
  /// The largest multiple of `multiple` not above `value`.
  Value roundDown(Value value, int64_t multiple);

  OpBuilder &b;
  Location loc;
  Value input;
  /// The op's residual (setResidual), or null.
  Value residual;
  /// What the main loops of `write` prefetch (setPrefetch), or null.
  Value prefetchBuffer;
  SmallVector<Value> prefetchPrefix;
  FloatType accType;
  RankedTensorType inputType;
  FloatType elementType;
  int64_t unroll;
  bool streamStores;
  int64_t prefetchMaxBytes;
  int64_t lanes;
  int64_t rank;
  /// Pair mode (loadInputPair) in the main loops.
  bool pairs;
  /// The target rounds f32 to bf16 in hardware (native-bf16).
  bool nativeBF16;
  /// `add` marks its adds `contract`, so that a term that is a contractible
  /// product (e.g. a square) fuses with the add into one FMA. Off unless a
  /// kernel sets it.
  bool contractSums = false;
  VectorType accVectorType, elementVectorType, maskType, wordVectorType;
  /// The length of the swept dim; the end of the main loop (a multiple of
  /// `lanes * unroll`); the end of the full vectors (a multiple of `lanes`).
  Value length, mainEnd, fullEnd;
  /// With stream stores: mainEnd when the swept dim is whole cache lines,
  /// else 0 (the end of a StreamPolicy::WholeLines streaming loop).
  Value wholeLinesEnd;
  /// With stream stores: mainEnd when the row's tail is at most an eighth of
  /// it, else 0 (the end of a StreamPolicy::AlignedRow streaming loop).
  Value alignedRowEnd;

protected:
  /// The bytes of a cache line: the alignment of a run whose main loop may
  /// stream.
  static constexpr int64_t kStreamAlignment = 64;

private:
  /// The full vectors of [lower, fullEnd), then the masked last one.
  SmallVector<Value> buildSingles(Value lower, ValueRange inits,
                                  VectorStep step);
  /// Loads the `unroll` vectors of the main loop at `j` and calls `use` on
  /// each with its index among them (pairs: even, then odd).
  void forEachUnrolledInput(ValueRange prefix, Value j,
                            function_ref<void(int64_t u, Value x)> use);
  SmallVector<Value> indices(ValueRange prefix, Value j);
  AffineMap minorMap();
  /// A vector of `type` (i32 elements) with every element `word`.
  Value splatWord(VectorType type, uint32_t word);
};

/// `value * value`, contractible: the accumulating add of the sums
/// (contractSums) fuses it into one FMA (one rounding instead of two, one
/// instruction fewer per vector of the second pass).
Value buildSquare(OpBuilder &b, Location loc, Value value);

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOVECTOR_VECTORKERNEL_H
