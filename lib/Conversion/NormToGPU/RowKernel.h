//===- RowKernel.h - Builder of the GPU row-norm kernels -----*- C++ -*-===//
//
// Internal to lib/Conversion/NormToGPU: the builder of the layer_norm and
// rms_norm kernel bodies (a group of threads per row, or per chunk of a row)
// and the kernel bodies themselves (RowNormKernels.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOGPU_ROWKERNEL_H
#define LIB_CONVERSION_NORMTOGPU_ROWKERNEL_H

#include "KernelBuilder.h"
#include "NormToGPU.h"
#include "Schedule.h"
#include "norm/Dialect/Norm/IR/NormInterfaces.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::norm::to_gpu {

class RowKernelBuilder;

/// Which kernels a row schedule is for: the forward row norms, or their
/// gradients (two tensors in registers, rows never split).
enum class RowKernelKind { Norm, Gradient };

/// What every row pattern (layer_norm, rms_norm, group_norm, instance_norm
/// and their gradients) takes from its op before it builds its kernels: the
/// types, the rows and their schedule. A row norm's rows span the dims
/// [axis, rank) of its input; a group norm's rows are the (instance, group)
/// pairs of its (N, C, ...) input, C/G channels of S elements each (S the
/// product of the spatial dims), contiguous.
struct RowProblem {
  /// Fails unless `op` accumulates in f32 or f64; else resolves the schedule
  /// of `kind` (resolveRowSchedule, resolveRowGradSchedule,
  /// resolveGroupSchedule) against the static sizes of its input (`dy` for
  /// the gradients). Builds nothing.
  static FailureOr<RowProblem> match(PatternRewriter &rewriter,
                                     NormOpInterface op,
                                     const ConvertNormToGPUPassOptions &options,
                                     RowKernelKind kind);

  /// Builds the index values `rows` and `rowSize` (group norms: and G, C/G
  /// and S) at the insertion point.
  void buildSizes(OpBuilder &b, Location loc);

  /// Sets up a kernel's builder for these rows: the per-channel parameters
  /// of the group norms (RowKernelBuilder::setChannelAffine); nothing for the
  /// row norms.
  void configure(RowKernelBuilder &kb) const;

  /// The normalized tensor (`dy` of the gradients).
  Value input;
  FloatType elementType, accType;
  RowSchedule schedule;
  /// The row norms' first normalized dim.
  int64_t axis = 0;
  /// Group norms: G and C/G, and S, where static.
  bool isGroupNorm = false;
  std::optional<int64_t> staticGroups, staticGroupChannels, channelSize;
  /// buildSizes: the rows and their size; for the group norms G, C/G and S.
  Value rows, rowSize;
  Value groups, groupChannels, spatial;
};

/// The base of the row patterns: matches the RowProblem of `kind` of the op
/// (RowProblem::match), then rewrites the op with `rewriteRows`.
template <typename OpTy, RowKernelKind kind>
struct RowPattern : NormToGPUPattern<OpTy> {
  using NormToGPUPattern<OpTy>::NormToGPUPattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const final {
    FailureOr<RowProblem> problem =
        RowProblem::match(rewriter, op, this->options, kind);
    if (failed(problem))
      return failure();
    return rewriteRows(op, *problem, rewriter);
  }

  virtual LogicalResult rewriteRows(OpTy op, RowProblem &problem,
                                    PatternRewriter &rewriter) const = 0;
};

/// What a row norm reads and writes, as flat device buffers; `scratch` holds
/// the per-chunk statistics of a split row.
struct RowNormBuffers {
  Value input, scale, bias, output, mean, invStdDev, scratch;
  /// The `residual` operand and the `sum` result (null when absent).
  Value residual, sum;
};

/// Values per chunk in the scratch buffer of a split row: layer_norm stores
/// (m1, c, M2) of its chunk, rms_norm the sum of squares.
constexpr int64_t kLayerNormScratchSlots = 3;
constexpr int64_t kRMSNormScratchSlots = 1;

/// A thread's share of its span held in registers: the vectors (in the
/// accumulation type), their columns in the row and, for the vectors that can
/// lie past the span's end, whether they are in bounds (null when always).
/// Out-of-bounds vectors are zeros.
struct CachedSpan {
  SmallVector<Value> values, columns, inBounds;
};

/// Builds the body of one row-norm kernel inside a gpu.launch: the index
/// arithmetic, the loads of a group's span of its row (the whole row, or the
/// block's chunk of it), streaming or cached in registers, and the group
/// reduction.
class RowKernelBuilder : public KernelBuilder {
public:
  RowKernelBuilder(OpBuilder &b, Location loc, const ConvertNormToGPUPassOptions &options,
                   const RowSchedule &schedule, gpu::LaunchOp launch,
                   Value rows, Value rowSize, FloatType elementType,
                   FloatType accType);

  /// The values of the workgroup buffer that the group reductions of a
  /// kernel with `schedule` need (0: none, a group is at most a subgroup).
  static int64_t getWorkgroupValues(const RowSchedule &schedule,
                                    int64_t warpSize);

  VectorType accVectorType() const {
    return VectorType::get({vectorWidth}, accType);
  }
  /// `scalar` broadcast to a vector of the accumulation type.
  Value splat(Value scalar);

  /// The columns per chunk of a split row: ceil(rowSize / blocksPerRow)
  /// rounded up to the vector width.
  Value chunkSize(OpBuilder &nb);
  /// [begin, end) of chunk `k` of a row; empty past the row's end.
  std::pair<Value, Value> chunkBounds(OpBuilder &nb, Value k);
  /// The number of columns of the group's span, in the accumulation type.
  Value spanCount();

  /// Loads `vectorWidth` elements of the flat buffer `buffer` at `offset` and
  /// extends them to the accumulation type. A load of the input buffer of a
  /// kernel with a residual (setResidual) also loads the residual at the same
  /// offset and returns the sum, rounded once to the element type.
  Value load(OpBuilder &nb, Value buffer, Value offset);

  /// Makes every load of `input` load `input + residual` (null: none).
  void setResidual(Value input, Value residual) {
    inputBuffer = input;
    residualBuffer = residual;
  }

  /// Makes the scale and bias per channel (group_norm, instance_norm): row r
  /// is group r mod `groups` of an instance, its columns are
  /// `groupChannels` channels of `channelSize` elements each, so column j
  /// has the parameters of channel (r mod groups) * groupChannels + j /
  /// channelSize. The schedule's vectors never cross a channel (the vector
  /// width divides channelSize), so a vector takes one scalar of each,
  /// broadcast. `staticGroupChannels` = 1 (instance_norm) drops the division.
  void setChannelAffine(Value groups, Value groupChannels, Value channelSize,
                        std::optional<int64_t> staticGroupChannels);

  /// The scale or bias `buffer` at `column` of the row, extended to the
  /// accumulation type: a vector at `column` of a per-column buffer, or the
  /// broadcast of the column's channel's value after setChannelAffine.
  Value loadParameter(OpBuilder &nb, Value buffer, Value column);
  /// Truncates `value` to the element type and stores it at `offset`.
  void store(OpBuilder &nb, Value value, Value buffer, Value offset);

  /// The body of a sweep: gets the column and the accumulators and returns
  /// the new ones.
  using SweepBody =
      function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)>;
  /// Sweeps the thread's strided share of its span with `body`. Returns the
  /// final accumulators (vectors of the accumulation type).
  SmallVector<Value> sweep(ValueRange inits, SweepBody body);

  /// Loads the thread's share of its span of `buffer` into registers, each
  /// vector once: vector j is at column spanBegin + (j * groupSize + lane) *
  /// vectorWidth. The vectors that can lie past the span's end load from a
  /// column clamped into the row and are replaced by zeros when out of bounds.
  CachedSpan loadCached(Value buffer);

  /// Runs `body(nb, x, column)` on every cached vector of a valid row; the
  /// ones that can lie past the span's end under an `scf.if` of their mask.
  void forEachCached(const CachedSpan &cache,
                     function_ref<void(OpBuilder &, Value, Value)> body);

  /// Sums the lanes of the vector accumulators `partials` and then over the
  /// threads of the row's group; every thread of the group gets the totals.
  /// `stage` picks this reduction's own slots of workgroup memory, so that
  /// consecutive reductions need no barrier between them.
  SmallVector<Value> reduceGroup(ValueRange partials, int64_t stage);

  /// Runs `body` in the first thread of the group of a valid row (and only
  /// where `condition`, when given, holds).
  void ifLeader(Value condition, function_ref<void(OpBuilder &)> body);

  /// Stores the scalar `value` into the flat per-row buffer `buffer` from the
  /// first thread of the row's group (and only where `condition` holds).
  void storeRowStat(Value value, Value buffer, Value condition = nullptr);

  /// The index of value `slot` of chunk `k` of row `r` in a scratch buffer of
  /// `slots` values per chunk.
  Value scratchIndex(OpBuilder &nb, Value r, Value k, int64_t slots,
                     int64_t slot);

  /// Makes the group work on row `newRow` of `rows` (a row loop of the
  /// gradient kernels): recomputes `row`, `valid`, `rowOffset` and the
  /// clamped `loadRow` / `loadRowOffset` at the insertion point.
  void setRow(Value newRow, Value rows);

  /// At most this many values are reduced together (sum d and sum d^2).
  static constexpr int64_t kMaxValues = 2;
  /// Workgroup-memory stages per kernel (layer_norm: m1, then (d, d^2)).
  static constexpr int64_t kMaxStages = 2;

  RowSchedule schedule;
  int64_t vectorWidth;
  int64_t groupSize;
  FloatType elementType;
  Value rowSize, row, valid, rowOffset;
  /// The row clamped to the last one, for loads that run in every group.
  Value loadRow, loadRowOffset;
  /// The input and residual buffers of setResidual.
  Value inputBuffer, residualBuffer;
  /// setChannelAffine: the first channel of the row's group (null: the
  /// parameters are per column), the channel size and whether a row has one
  /// channel.
  Value groupFirstChannel, channelSize;
  bool oneChannelPerRow = false;
  /// The block's chunk of a split row (null otherwise) and the group's span
  /// [spanBegin, spanEnd) of columns.
  Value chunkIndex, spanBegin, spanEnd;
  Value laneInGroup, warpInGroup, groupInBlock;
  Value sharedBuffer;
};

/// The launches of a row norm over the rows of `problem`: one kernel, or
/// for split rows two over a scratch buffer of per-chunk statistics (freed by
/// the deallocation of the bufferization pipeline, or by
/// norm-host-buffers-to-device in norm-gpu-pipeline): the chunks' partials,
/// then their merge and the normalization. `configure` sets up each kernel's
/// builder (a residual, per-channel parameters) before its body is built.
/// The insertion point ends after the last launch.
void buildRowNormLaunches(OpBuilder &b, Location loc,
                          const ConvertNormToGPUPassOptions &options,
                          const RowProblem &problem, RowNormBuffers buffers,
                          bool isLayerNorm, double epsilon,
                          function_ref<void(RowKernelBuilder &)> configure);

//===----------------------------------------------------------------------===//
// Kernel bodies (RowNormKernels.cpp)
//===----------------------------------------------------------------------===//

/// layer_norm, one kernel: y = ((x - m1) - c) * rstd [* scale] [+ bias] with
/// the corrected two-pass moments: m1 = sum(x)/n, then sum(d) and sum(d^2) of
/// d = x - m1; c = sum(d)/n, var = max(sum(d^2)/n - c^2, 0).
void buildLayerNormKernel(RowKernelBuilder &kb, double epsilon,
                          const RowNormBuffers &buffers);

/// Kernel 1 of a split layer_norm row: the block's chunk's first mean m1,
/// correction c = sum(d)/m and M2 = m * max(sum(d^2)/m - c^2, 0) (m its
/// columns) go to the scratch buffer.
void buildLayerNormPartials(RowKernelBuilder &kb,
                            const RowNormBuffers &buffers);

/// Kernel 2 of a split layer_norm row: every block merges the chunks'
/// statistics in chunk order and normalizes its chunk (loaded into registers
/// before the merge when the schedule caches chunks).
void buildLayerNormMerge(RowKernelBuilder &kb, double epsilon,
                         const RowNormBuffers &buffers);

/// rms_norm, one kernel: y = x * inv_rms [* scale], inv_rms = 1 /
/// sqrt(sum(x^2)/n + epsilon).
void buildRMSNormKernel(RowKernelBuilder &kb, double epsilon,
                        const RowNormBuffers &buffers);

/// Kernel 1 of a split rms_norm row: the chunk's sum of squares goes to the
/// scratch buffer.
void buildRMSNormPartials(RowKernelBuilder &kb, const RowNormBuffers &buffers);

/// Kernel 2 of a split rms_norm row: every block adds the chunks' sums of
/// squares in chunk order, chunk 0 stores inv_rms, every block normalizes
/// its chunk.
void buildRMSNormMerge(RowKernelBuilder &kb, double epsilon,
                       const RowNormBuffers &buffers);

} // namespace mlir::norm::to_gpu

#endif // LIB_CONVERSION_NORMTOGPU_ROWKERNEL_H
