//===- Passes.h - Norm conversion passes --------------------*- C++ -*-===//

#ifndef NORM_CONVERSION_PASSES_H
#define NORM_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace norm {

#define GEN_PASS_DECL
#include "norm/Conversion/Passes.h.inc"

/// Options of the norm -> linalg patterns.
struct NormToLinalgOptions {
  /// Mark the accumulating adds of every sum `reassoc`, so that LLVM may
  /// vectorize the reductions with several independent accumulators. Off, the
  /// sums are strictly sequential.
  bool reassociateSums = false;
};

/// Adds the patterns that rewrite every norm op into linalg on tensors.
void populateNormToLinalgConversionPatterns(
    RewritePatternSet &patterns, const NormToLinalgOptions &options = {});

/// Options of the norm -> vector patterns.
struct NormToVectorOptions {
  /// f32 lanes of a vector register; wider accumulators get fewer lanes.
  int64_t vectorWidth = 16;
  /// Independent accumulators (and vectors per iteration) of each pass.
  int64_t unroll = 4;
  /// Mark the main normalization loop of every row with
  /// `norm.stream_stores`, for norm-stream-stores.
  bool streamStores = false;
  /// Channels-last batch_norm_train: the elements of a block of rows (at
  /// least; whole indices of the first dim) whose statistics are computed
  /// together, in parallel with the other blocks, and then merged.
  int64_t blockElements = 65536;
  /// [A..., C, B] batch_norm_train: runs shorter than this (B elements) are
  /// summed position-wise over the tile's contiguous channels (a run at a
  /// time above it); 0 never. Checked at run time when B is dynamic.
  int64_t smallRunElements = 0;
};

/// Adds the patterns that rewrite layer_norm and rms_norm over their last
/// dim into vector loops over rows, and batch_norm / batch_norm_train with
/// one dim after the channel or the channel last into vector loops over runs
/// of channels.
void populateNormToVectorConversionPatterns(
    RewritePatternSet &patterns, const NormToVectorOptions &options = {});

/// Options (the schedule) of the norm -> GPU row kernels.
struct NormToGPUOptions {
  /// Threads per block (a power of two).
  int64_t threads = 256;
  /// Rows per block; each row gets threads / rowsPerBlock threads. 0: a warp
  /// per row for static row sizes up to maxRowPerWarp, else a block per row.
  int64_t rowsPerBlock = 0;
  /// Elements per vector load (reduced to 1 when it does not divide the
  /// row; for the batch norms, to the largest power of two dividing a static
  /// B, else 1); 0: 16-byte accesses (4 f32, 8 bf16/f16, 2 f64).
  int64_t vectorWidth = 0;
  /// Lanes per subgroup: 32 on NVIDIA, 64 on AMD (wave64).
  int64_t warpSize = 32;
  /// Largest static row size that rowsPerBlock = 0 gives a warp per row.
  int64_t maxRowPerWarp = 1024;
  /// Largest per-thread share of a row, in vectors, held in registers (one
  /// read of the row); 0 never caches (every pass sweeps the row).
  int64_t maxCachedVectors = 16;
  /// With blocksPerRow = 0, static rows larger than this are split over
  /// several blocks; 0 never splits.
  int64_t maxRowPerBlock = 32768;
  /// Blocks per row of layer_norm/rms_norm: 0 automatic (see
  /// maxRowPerBlock), 1 never split, N > 1 split every row into N chunks.
  int64_t blocksPerRow = 0;
  /// Blocks (chunks) per channel of the batch_norm(_train) kernels; 0 picks
  /// enough to fill the GPU (see docs/gpu.md).
  int64_t blocksPerChannel = 0;
};

/// Adds the patterns that rewrite layer_norm and rms_norm (row kernels) and
/// batch_norm_train / batch_norm (per-channel chunk kernels) on tensors into
/// gpu.launch ops over flat buffers.
void populateNormToGPUConversionPatterns(RewritePatternSet &patterns,
                                         const NormToGPUOptions &options = {});

#define GEN_PASS_REGISTRATION
#include "norm/Conversion/Passes.h.inc"

} // namespace norm
} // namespace mlir

#endif // NORM_CONVERSION_PASSES_H
