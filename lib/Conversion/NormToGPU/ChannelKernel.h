//===- ChannelKernel.h - Builder of the GPU batch-norm kernels -*- C++ -*-===//
//
// Internal to lib/Conversion/NormToGPU: the [A, C, B] view of a batch norm
// input and its C x P grid, the builder of the channel kernel bodies, and the
// kernel bodies themselves (BatchNormKernels.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOGPU_CHANNELKERNEL_H
#define LIB_CONVERSION_NORMTOGPU_CHANNELKERNEL_H

#include "KernelBuilder.h"
#include "NormToGPU.h"
#include "Schedule.h"

namespace mlir::norm {
class BatchNormTrainOp;
} // namespace mlir::norm

namespace mlir::norm::to_gpu {

/// The [A, C, B] view of a batch norm input and the C x P grid over it, as
/// host-side index values (the kernels capture them).
struct ChannelView {
  /// C, and max(C, 1) blocks along x (a grid dim may not be 0).
  Value channels, gridChannels;
  /// B, and A * B: the elements of one channel.
  Value inner, perChannel;
  /// Elements per access (getChannelVectorWidth). With buffers aligned to it
  /// every vector offset is a multiple of `width`.
  int64_t width;
  /// Vectors per group: a thread loads `unroll` vectors before it uses any.
  int64_t unroll;
  /// B / width and max(B / width, 1); A * B / width, the vectors of a
  /// channel.
  Value innerVectors, innerVectorsNonZero, vectors;
  /// P, and ceil(A * B / width / P), in vectors.
  Value chunks, chunkSize;
  /// C * B: the distance between consecutive runs of B of a channel.
  Value channelStride;
  /// A thread's step of `threads` vectors of the channel moves its inner
  /// vector index by `stepInner` (= threads mod B') and its element offset by
  /// `stepOffset` (= threads / B' * C * B + threads mod B' * width), plus
  /// `wrapOffset` (= C * B - B) when the inner index passes B' = B / width.
  Value stepInner, stepOffset, wrapOffset;
  /// Whether the inner index of a thread changes (needsInnerTracking).
  bool trackInner;
};

/// Builds the [A, C, B] view of `input` (feature axis `axis`) and its grid.
ChannelView buildChannelView(OpBuilder &b, Location loc, Value input,
                             int64_t axis, const ConvertNormToGPUPassOptions &options);

/// A gpu.launch over the C x P grid with `threads` threads per block and,
/// when `withReduction` and a block spans several subgroups, a workgroup
/// buffer for one (count, mean, M2) per subgroup.
gpu::LaunchOp createChannelLaunch(OpBuilder &b, Location loc,
                                  const ChannelView &view,
                                  const ConvertNormToGPUPassOptions &options,
                                  FloatType accType, bool withReduction);

/// The base of the patterns that rewrite a batch norm op `OpTy` into channel
/// kernels: fails the match unless the op accumulates in f32 or f64
/// (checkAccumulatorType), then rewrites it with `rewriteChannels`, given
/// its accumulation type.
template <typename OpTy> struct ChannelPattern : NormToGPUPattern<OpTy> {
  using NormToGPUPattern<OpTy>::NormToGPUPattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const final {
    FloatType accType = op.getAccumulatorType();
    if (failed(checkAccumulatorType(rewriter, op, accType)))
      return failure();
    rewriteChannels(op, accType, rewriter);
    return success();
  }

  virtual void rewriteChannels(OpTy op, FloatType accType,
                               PatternRewriter &rewriter) const = 0;
};

/// Builds the body of one channel kernel inside a gpu.launch over the C x P
/// grid: the grouped chunk sweep of block (c, p), the group statistics and
/// the fixed-order merges.
class ChannelKernelBuilder : public KernelBuilder {
public:
  ChannelKernelBuilder(OpBuilder &b, Location loc,
                       const ConvertNormToGPUPassOptions &options, gpu::LaunchOp launch,
                       const ChannelView &view, FloatType accType);

  /// Loads element `offset` of the flat buffer `buffer` as an accumulation
  /// type scalar (extf before any arithmetic).
  Value load(OpBuilder &nb, Value buffer, Value offset);
  /// Stores the accumulation type scalar `value` at `offset`, converted to
  /// the element type of `buffer`.
  void store(OpBuilder &nb, Value value, Value buffer, Value offset);

  /// The body of a sweep: gets the element offsets of a group's `unroll`
  /// vectors, how many of them lie in the chunk (nullptr: all of them; else
  /// an index in [1, unroll), the first ones) and the accumulators, and
  /// returns the new accumulators.
  using GroupBody = function_ref<SmallVector<Value>(
      OpBuilder &, ArrayRef<Value>, Value, ValueRange)>;

  /// Sweeps the thread's share of the block's chunk: vectors
  /// start + tid, start + tid + threads, ... of channel c, in order, in
  /// groups of `unroll` consecutive ones. Rewrites into
  ///   for j in [0, count / unroll): body(offsets of group j, all valid)
  ///   if count mod unroll != 0: body(offsets of the last group, valid count)
  /// where count is the thread's number of vectors. Returns the final
  /// accumulators.
  SmallVector<Value> sweep(ValueRange inits, GroupBody body);

  /// Loads the group's vectors from the flat buffer `buffer`, all before any
  /// use, as unroll * width accumulation type scalars (vector k's lanes at
  /// k * width ...). An invalid vector reloads vector 0 (in the chunk, and
  /// the thread's own), whose values the caller must ignore.
  SmallVector<Value> loadGroup(OpBuilder &nb, Value buffer,
                               ArrayRef<Value> offsets, Value validCount);
  /// Stores the group's unroll * width accumulation type scalars `values`
  /// converted to the element type of `buffer`, the valid vectors only.
  void storeGroup(OpBuilder &nb, ArrayRef<Value> values, Value buffer,
                  ArrayRef<Value> offsets, Value validCount);

  /// Exact two-pass statistics of a group's values (loadGroup's layout)
  /// about the channel's pilot value K, as (count, mean - K, M2).
  PartialMoments groupStats(OpBuilder &nb, ArrayRef<Value> values,
                            Value validCount, Value pilot);

  /// Merges the threads' statistics over the block (reduceWelford).
  PartialMoments reduceBlock(const PartialMoments &stats);

  /// The pilot value K of channel c that its statistics are centred on: its
  /// first element x[0, c, 0] (accumulation type), or 0 in a block past the
  /// channels or of an empty channel (nothing to read). Every thread of the
  /// block reads the same element.
  Value loadPilot(Value input);

  /// Values of channel c (accumulation type) loaded from the flat per-channel
  /// buffers `buffers`, or 0 in a block past the channels.
  SmallVector<Value> loadChannelParams(ArrayRef<Value> buffers);

  /// y = (x - mean) * rstd (0 where x - mean is 0 and `epsilon` is 0, so a
  /// constant channel gives exactly `bias`), * scale + bias,
  /// over the block's chunk; the formula of the CPU lowering. With `pilot`,
  /// `mean` is relative to it and the deviation is (x - pilot) - mean. Each
  /// group's loads come before its arithmetic and stores.
  void normalizeChunk(Value input, Value output, Value pilot, Value mean,
                      Value invStdDev, Value scale, Value bias, double epsilon);

  /// normalizeChunk's formula for one accumulation type value `x`.
  Value normalizeValue(OpBuilder &nb, Value x, Value pilot, Value mean,
                       Value invStdDev, Value scale, Value bias,
                       double epsilon);

  /// The thread's share of the block's chunk in straight-line code, for a
  /// register cache: the element offsets of its vectors 0 .. `slots` - 1
  /// (`slots` at least the most any thread has) and whether each is in the
  /// chunk (k < count). An offset past the share is the channel's first
  /// element (x[0, c, 0], or element 0 in a block past the channels): an
  /// address in bounds whose value the caller ignores.
  struct CachedShare {
    SmallVector<Value> offsets, inChunk;
    /// The thread's vectors in the chunk.
    Value count;
  };
  CachedShare getCachedShare(int64_t slots);

  /// The body of a fold over partials: gets a chunk index and the
  /// accumulators, and returns the new accumulators.
  using ChunkBody =
      function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)>;

  /// Folds the block's channel's per-chunk partials (none in a block past
  /// the channels) from `inits`: thread t takes chunks t, t + threads, ...
  /// in order (an scf.for). Returns the thread's accumulators.
  SmallVector<Value> foldChunks(ValueRange inits, ChunkBody body);

  /// The index of chunk `chunk` of the builder's channel in a [C'][P] array
  /// of per-chunk partials: c * P + chunk.
  Value getChunkSlot(OpBuilder &nb, Value chunk);

  /// Whether this thread writes its block's results (its partials): thread 0
  /// of a block of a valid channel; with `firstChunkOnly` of block (c, 0)
  /// only, the one that writes the channel's results.
  Value isWriter(bool firstChunkOnly);

  /// Whether vector `k` of a group with `validCount` valid vectors is valid:
  /// nullptr when it always is (a full group, or k = 0).
  Value isValid(OpBuilder &nb, int64_t k, Value validCount);
  /// The sum of `values` in a fixed pairwise tree.
  Value treeSum(OpBuilder &nb, SmallVector<Value> values);

  ConvertNormToGPUPassOptions options;
  ChannelView view;
  Value tid, channel, chunk, warp, valid;
  Value sharedBuffer;

private:
  /// The thread's first vector of the block's chunk, and how many vectors of
  /// it the thread has (0 in a block past the channels).
  std::pair<Value, Value> getShare();
  /// One step of `threads` vectors from `position` ((offset) or
  /// (offset, inner index)).
  SmallVector<Value> step(OpBuilder &nb, ValueRange position);
  /// The offsets of `size` vectors from `position`, appended to `offsets`,
  /// and the position after the last (with `next`) or at it.
  SmallVector<Value> groupOffsets(OpBuilder &nb, ValueRange position,
                                  int64_t size, bool next,
                                  SmallVectorImpl<Value> &offsets);
  /// The element offset of the thread's first vector `first` of channel c,
  /// and its inner vector index.
  std::pair<Value, Value> firstPosition(Value first);
};

//===----------------------------------------------------------------------===//
// Kernel bodies (BatchNormKernels.cpp)
//===----------------------------------------------------------------------===//

/// The scratch buffer of batch_norm_train's two kernels:
/// [count | mean - K | M2][channel][chunk], then the channels' pilots
/// K[channel].
struct TrainScratch {
  Value buffer;
  /// C' * P (C' = max(C, 1)): the values of each of count, mean and M2.
  Value partials;
  /// 3 * C' * P: where the pilots start.
  Value pilotsStart;
};

/// The flat buffers of batch_norm_train's second kernel; the statistics
/// results are null when unused, and the running inputs with them.
struct TrainBuffers {
  Value input, scale, bias, output;
  Value batchMean, batchVar, newRunningMean, newRunningVar;
  Value runningMean, runningVar;
};

/// Kernel 1 of batch_norm_train: block (c, p) writes one (count, mean - K,
/// M2) of chunk p of channel c to `scratch`, and block (c, 0) also K.
void buildTrainPartialsKernel(ChannelKernelBuilder &kb, Value input,
                              const TrainScratch &scratch);

/// Kernel 2 of batch_norm_train: every block merges the partials of its
/// channel in a fixed order, block (c, 0) thread 0 writes the batch and
/// running statistics, and every block normalizes its chunk.
void buildTrainNormalizeKernel(ChannelKernelBuilder &kb, BatchNormTrainOp op,
                               const TrainBuffers &buffers,
                               const TrainScratch &scratch);

/// The single-pass batch_norm_train kernel, in a launch of
/// `schedule.blocks` blocks (all resident) with `kb` built for it: block b
/// takes the (channel, chunk) items b, b + blocks, ... of the C x P grid of
/// the two launches, loads each item's share into registers and writes its
/// partial to `scratch` (kernel 1's), crosses a grid-wide barrier on the
/// zeroed i32 `counter` (fence, atomic arrive, spin on atomic reads, fence),
/// then, per item, merges the channel's partials (kernel 2's merge), writes
/// the statistics from the channel's chunk 0 and normalizes the cached
/// values. The same bits as the two launches for any number of blocks.
void buildSinglePassTrainKernel(ChannelKernelBuilder &kb, BatchNormTrainOp op,
                                const TrainBuffers &buffers,
                                const TrainScratch &scratch, Value counter,
                                const SinglePassTrainSchedule &schedule);

/// Kernel 1 of the channel gradients (batch_norm_grad, and the dscale /
/// dbias of group_norm_grad; BatchNormGrad.cpp): block (c, p) sums dy and
/// dy * xhat over chunk p of channel c, xhat = (x - mean) * inv_std with
/// `statistics(nb, offset)` the (mean, inv_std) of the vector at element
/// `offset`, the threads' sums in a fixed tree, and thread 0 writes them to
/// `scratch` at [k][c][p] (k = 0: sum dy, 1: sum dy * xhat; C' = max(C, 1)
/// channels, P chunks).
void buildChannelGradPartialsKernel(
    ChannelKernelBuilder &kb, Value dy, Value x, Value scratch,
    function_ref<std::pair<Value, Value>(OpBuilder &, Value)> statistics);

/// The gpu.alloc'd scratch of buildChannelGradPartialsKernel's sums over
/// `view`: 2 x C' x P values of `accType`.
Value createChannelGradScratch(OpBuilder &b, Location loc,
                               const ChannelView &view, FloatType accType);

/// The channels-last batch_norm (inference) kernel (feature axis last): the
/// input is `vectors` vectors of `width` elements, C / width per row of
/// `channels`; thread t of block x handles vectors (x U + k) threads + t for
/// k < `unroll` (U): it loads all U vectors and their channels' (mean, var,
/// scale, bias) vectors first, then writes (x - mean) * rstd * scale + bias
/// for the ones in bounds (the formula and the epsilon = 0 guard of the CPU
/// lowering; out-of-bounds ones load the last vector).
void buildChannelsLastInferenceKernel(KernelBuilder &kb, gpu::LaunchOp launch,
                                      Value vectors, Value channels,
                                      int64_t width, int64_t unroll,
                                      int64_t threads, FloatType elementType,
                                      double epsilon, Value input,
                                      ArrayRef<Value> params, Value output);

/// The batch_norm (inference) kernel: block (c, p) loads channel c's
/// (mean, var, scale, bias) from `params`, forms 1 / sqrt(var + epsilon)
/// and normalizes chunk p.
void buildInferenceKernel(ChannelKernelBuilder &kb, double epsilon, Value input,
                          ArrayRef<Value> params, Value output);

} // namespace mlir::norm::to_gpu

#endif // LIB_CONVERSION_NORMTOGPU_CHANNELKERNEL_H
