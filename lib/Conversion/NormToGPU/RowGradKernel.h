//===- RowGradKernel.h - GPU row-gradient kernels ------------*- C++ -*-===//
//
// Internal to lib/Conversion/NormToGPU: the kernel bodies of layer_norm_grad
// and rms_norm_grad (RowGradKernels.cpp), which RowNormGrad.cpp launches:
// the row kernel (register-cached rows, with or without the dscale / dbias
// partials, or streamed rows), the column kernel of the partials of streamed
// rows, and the merge of the partials.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOGPU_ROWGRADKERNEL_H
#define LIB_CONVERSION_NORMTOGPU_ROWGRADKERNEL_H

#include "RowKernel.h"

namespace mlir::norm::to_gpu {

/// What a row gradient reads and writes, as flat device buffers, and the
/// chunking of its dscale / dbias partials.
struct RowGradBuffers {
  /// `mean` is null for rms_norm_grad (`invStdDev` is then inv_rms); `scale`,
  /// `dscale` and `dbias` are null when absent.
  Value dy, x, mean, invStdDev, scale, dx, dscale, dbias;
  /// The partials [slot][partial][column] (slots: dscale, then dbias, the
  /// ones present), R the rows per chunk, the number of partials and the
  /// chunks per partial (the schedule's rows per block: a partial is a
  /// block's chunks, added in order).
  Value scratch, rowsPerChunk, partials;
  int64_t chunksPerPartial = 1;

  bool withParams() const { return dscale || dbias; }
  /// The scratch slot of dbias.
  int64_t dbiasSlot() const { return dscale ? 1 : 0; }
  int64_t slots() const { return (dscale ? 1 : 0) + (dbias ? 1 : 0); }
};

/// The launches of a row gradient (RowNormGrad.cpp) over the rows of
/// `problem` in the flat `buffers`: the row kernel, per row sum(g) (with a
/// `mean`) and sum(g * xhat), then dx = inv_std * ((g - sum(g)/n) - xhat *
/// sum(g * xhat)/n), its builder set up by `problem.configure`; with dscale
/// / dbias their per-chunk column partials and the merge. The insertion
/// point ends after the last launch.
void buildRowGradLaunches(OpBuilder &b, Location loc,
                          const ConvertNormToGPUPassOptions &options,
                          const RowProblem &problem, RowGradBuffers buffers);

/// The thread's cached columns (row-independent: vector j at
/// (j * groupSize + lane) * vectorWidth), whether each is in bounds (null:
/// always), and the scale at them (empty without a scale).
struct CachedColumns {
  SmallVector<Value> columns, inBounds, scale;
};

//===----------------------------------------------------------------------===//
// The row kernel
//===----------------------------------------------------------------------===//

/// The thread's cached columns, and the scale there (loaded once, from a
/// column clamped into the row where one can lie past its end).
CachedColumns buildCachedColumns(RowKernelBuilder &kb,
                                 const RowGradBuffers &buffers);

/// One cached row (kb.row): loads dy and x once, reduces the row sums, writes
/// dx from the registers and, with `paramAccs` (the column partials, one per
/// slot for each cached vector), returns them updated with this row when it
/// is valid.
SmallVector<Value> buildCachedRow(RowKernelBuilder &kb,
                                  const RowGradBuffers &buffers,
                                  const CachedColumns &cached,
                                  ValueRange paramAccs);

/// The cached row kernel with the dscale / dbias partials: group k (of the
/// whole grid) takes chunk k, rows [k R, k R + R), in order, keeping its
/// columns' partials in registers; block b's groups then add theirs in
/// order (through `sharedBuffer` when there are several) into partial b of
/// the scratch buffer.
void buildFusedRowGradKernel(RowKernelBuilder &kb,
                             const RowGradBuffers &buffers, Value rows,
                             Value partialIndex, Value sharedBuffer);

/// One streamed row: a sweep of dy, x (and scale) for the row sums, then a
/// second one that writes dx.
void buildStreamingRow(RowKernelBuilder &kb, const RowGradBuffers &buffers,
                       Value rows);

//===----------------------------------------------------------------------===//
// dscale / dbias of streamed rows, and the merge
//===----------------------------------------------------------------------===//

/// The column kernel of streamed rows: block (x, k) sums chunk k's rows in
/// order for its columns (the same operations as the fused row kernel) and
/// writes the partials.
void buildColumnPartialsKernel(KernelBuilder &kb, gpu::LaunchOp launch,
                               const RowGradBuffers &buffers, int64_t threads,
                               int64_t vectorWidth, Value rows,
                               Value rowSize);

/// The merge kernel: every column adds its partials in chunk order and
/// writes dscale / dbias in the element type.
void buildParamMergeKernel(KernelBuilder &kb, gpu::LaunchOp launch,
                           const RowGradBuffers &buffers, int64_t threads,
                           int64_t vectorWidth, Value rowSize,
                           FloatType elementType);

} // namespace mlir::norm::to_gpu

#endif // LIB_CONVERSION_NORMTOGPU_ROWGRADKERNEL_H
