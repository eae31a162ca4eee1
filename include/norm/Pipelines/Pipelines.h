//===- Pipelines.h - norm-mlir pass pipelines ---------------*- C++ -*-===//

#ifndef NORM_PIPELINES_PIPELINES_H
#define NORM_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace norm {

/// Options of `norm-cpu-pipeline`.
struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<bool> tile{
      *this, "tile",
      llvm::cl::desc("Tile norm ops (blocks of rows or channels) so that the "
                     "statistics and the normalization of a tile happen while "
                     "it is in cache; false gives the simple untiled lowering"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> rowTileSize{
      *this, "row-tile-size",
      llvm::cl::desc("Rows per tile of layer_norm and rms_norm"),
      llvm::cl::init(8)};
  PassOptions::Option<int64_t> channelTileSize{
      *this, "channel-tile-size",
      llvm::cl::desc("Channels per tile of batch_norm_train"),
      llvm::cl::init(4)};
  PassOptions::Option<bool> reassociateSums{
      *this, "reassociate-sums",
      llvm::cl::desc("Let LLVM reassociate the statistics sums so that they "
                     "vectorize with independent accumulators"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> numThreads{
      *this, "num-threads",
      llvm::cl::desc("Threads for the tiles: 1 runs them serially without "
                     "OpenMP; 0 uses OpenMP with OMP_NUM_THREADS (default: "
                     "all cores); N > 1 uses OpenMP with N threads"),
      llvm::cl::init(0)};
};

/// Builds the pipeline that takes a module of norm ops mixed with
/// linalg/tensor/arith/math ops down to the LLVM dialect for the host CPU:
/// norm -> linalg, one-shot bufferization (function boundaries included),
/// buffer deallocation, loops, LLVM.
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// Registers `norm-cpu-pipeline`.
void registerCPUPipeline();

} // namespace norm
} // namespace mlir

#endif // NORM_PIPELINES_PIPELINES_H
