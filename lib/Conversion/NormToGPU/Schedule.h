//===- Schedule.h - Schedules of the norm -> GPU kernels -----*- C++ -*-===//
//
// Internal to lib/Conversion/NormToGPU: the schedule policy, kept apart from
// the kernel builders: how the options resolve against an op's static sizes
// into rows per block, vector widths, blocks per row or per channel, and
// register caching.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOGPU_SCHEDULE_H
#define LIB_CONVERSION_NORMTOGPU_SCHEDULE_H

#include "norm/Conversion/NormToGPU/NormToGPU.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace mlir::norm::to_gpu {

//===----------------------------------------------------------------------===//
// Row norms (layer_norm, rms_norm)
//===----------------------------------------------------------------------===//

/// The schedule of one row norm: the options resolved against its row size.
struct RowSchedule {
  /// Rows per block, and threads per row (a group).
  int64_t rowsPerBlock = 1;
  int64_t groupSize = 1;
  /// Elements per vector access.
  int64_t vectorWidth = 1;
  /// Blocks per row; 1: a group handles its whole row.
  int64_t blocksPerRow = 1;
  /// The static row size, and the static columns per block (the row size
  /// when the row is not split); nullopt when the row size is dynamic.
  std::optional<int64_t> rowSize, chunkSize;
  /// Vectors per thread held in registers (0: the streaming kernel), and how
  /// many of the first ones are in bounds for every thread of every chunk
  /// (the others are loaded guarded).
  int64_t cachedVectors = 0;
  int64_t unguardedVectors = 0;
};

/// Resolves the options against the static row size `rowSize` (if any):
/// rows-per-block = 0 gives a warp per row for rows of at most
/// max-row-per-warp elements and a block per row otherwise; blocks-per-row =
/// 0 splits rows of more than max-row-per-block elements into chunks that fit
/// the register cache; a block's share of at most max-cached-vectors vectors
/// per thread is cached.
/// `rowSizeMultiple`: a static number that divides the row size even when
/// it is dynamic; vectors of a width that divides it are kept then.
RowSchedule resolveRowSchedule(const ConvertNormToGPUPassOptions &options,
                               std::optional<int64_t> rowSize,
                               FloatType elementType,
                               int64_t rowSizeMultiple = 0);

/// The schedule of layer_norm_grad / rms_norm_grad: the row rules of
/// resolveRowSchedule, with a group per whole row (never split) and two
/// tensors (dy and x) in registers, so at most half of max-cached-vectors
/// vectors of each.
RowSchedule resolveRowGradSchedule(const ConvertNormToGPUPassOptions &options,
                                   std::optional<int64_t> rowSize,
                                   FloatType elementType);

/// R, the rows per chunk of the dscale / dbias partials of a row gradient
/// over `rows` rows with `groupsPerBlock` groups (rows) per block: a group
/// takes a chunk of R consecutive rows and a block's chunks make one partial,
/// so R = ceil(rows / (maxPartials * groupsPerBlock)), at least 1, gives at
/// most `maxPartials` (max-grad-partials) partials. Each column's partial
/// sums its chunks' rows in order and the merge adds the partials in order:
/// the sums depend on the row count, rows per block and max-grad-partials
/// only, not on the threads, vector width or caching.
///
/// The default, 256 partials, is about two blocks per SM of an H100 (132
/// SMs). A partial costs 2 x 4 bytes per column and result (written, then
/// read by the merge), so 256 of them add 16 x 256 / (3 x M x s) to the
/// rows' 3 x M x N x s bytes: 8 % (f32) and 17 % (bf16) at M = 4096, 2 % and
/// 4 % at M = 16384. Untuned: awaiting a device.
Value buildGradRowsPerChunk(OpBuilder &b, Location loc, Value rows,
                            int64_t groupsPerBlock, int64_t maxPartials);

//===----------------------------------------------------------------------===//
// Group norms (group_norm, instance_norm), rows of channel groups
//===----------------------------------------------------------------------===//

/// The schedule of a group_norm or instance_norm over an NCHW-like input: a
/// row per (instance, group) of `rowSize` = C/G * S elements (contiguous),
/// S = `channelSize` the product of the spatial dims, with the row rules of
/// resolveRowSchedule (a warp or a block per group, register-cached or
/// streaming, several blocks per group for large ones), except that a vector
/// never crosses a channel, so that it takes one scale and one bias: the
/// width is the largest power of two up to `vector-width` (0: 16 bytes) that
/// divides a static S, and 1 when S is dynamic or 0. A static S also keeps
/// the width when C/G is dynamic (the row size is a multiple of S).
RowSchedule resolveGroupSchedule(const ConvertNormToGPUPassOptions &options,
                                 std::optional<int64_t> rowSize,
                                 std::optional<int64_t> channelSize,
                                 FloatType elementType);

/// The schedule of group_norm_grad: the rules of resolveGroupSchedule with
/// those of resolveRowGradSchedule (a group per whole row, half of
/// max-cached-vectors vectors of each of dy and x).
RowSchedule resolveGroupGradSchedule(const ConvertNormToGPUPassOptions &options,
                                     std::optional<int64_t> rowSize,
                                     std::optional<int64_t> channelSize,
                                     FloatType elementType);

//===----------------------------------------------------------------------===//
// Batch norms, over the [A, C, B] view of their input
//===----------------------------------------------------------------------===//

/// Elements per access of a batch norm over `type` with feature axis `axis`:
/// the largest power of two up to `vector-width` (0: 16 bytes) that divides
/// a static B; 1 when B is dynamic or 0. A vector never crosses a run of B.
int64_t getChannelVectorWidth(RankedTensorType type, int64_t axis,
                              const ConvertNormToGPUPassOptions &options);

/// The vector width of the channels-last batch_norm (inference) kernel, or 0
/// when it does not apply: with the feature axis the last dim (B = 1, e.g.
/// NHWC) the input is elementwise over [A, C] with the channel innermost, so
/// consecutive threads take consecutive vectors (coalesced) and vector k of
/// a row holds channels [k w, (k + 1) w): w is the largest power of two up to
/// `vector-width` (0: 16 bytes) that divides a static C (1 when C is
/// dynamic).
int64_t getChannelsLastVectorWidth(RankedTensorType type, int64_t axis,
                                   const ConvertNormToGPUPassOptions &options);

/// Vectors a thread loads before it uses any: 64 bytes in flight per thread
/// (4 vectors of 16 bytes), but at least 4 and at most 8 loads.
int64_t getChannelUnroll(RankedTensorType type, int64_t width);

/// Whether a thread must track its inner vector index: false when B' = B /
/// width is static and divides `threads`, so that the index never changes.
bool needsInnerTracking(RankedTensorType type, int64_t axis, int64_t width,
                        const ConvertNormToGPUPassOptions &options);

/// P, the blocks per channel: `blocks-per-channel`, or with 0 enough blocks
/// to fill the GPU (`gridChannels` blocks along x) but chunks of a minimum
/// number of elements per thread of the channel's `perChannel`, and at least
/// one.
Value buildChannelBlockCount(OpBuilder &b, Location loc, Value gridChannels,
                             Value perChannel, const ConvertNormToGPUPassOptions &options);

/// The schedule of the single-pass batch_norm_train kernel: a persistent
/// grid of `blocks` blocks over the C x P (channel, chunk) items of the
/// two-launch kernels (the same P, so the same partials and bits); block b
/// takes items b, b + blocks, ... (`itemsPerBlock` of them at most) and
/// caches each item's share of at most `groups` groups of `unroll` vectors
/// per thread in registers.
struct SinglePassTrainSchedule {
  int64_t chunks = 1;
  int64_t blocks = 1;
  int64_t itemsPerBlock = 1;
  int64_t groups = 1;
};

/// The single-pass schedule of a batch_norm_train over `type` (feature axis
/// `axis`), or nullopt for the two launches: when `batch-norm-train-single-
/// pass` is off, a size is dynamic, there are no channels or no elements,
/// or a thread's cached vectors (items x groups x unroll) exceed
/// `max-cached-vectors`.
std::optional<SinglePassTrainSchedule>
resolveSinglePassTrainSchedule(RankedTensorType type, int64_t axis,
                               const ConvertNormToGPUPassOptions &options);

} // namespace mlir::norm::to_gpu

#endif // LIB_CONVERSION_NORMTOGPU_SCHEDULE_H
