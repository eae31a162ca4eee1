//===- Pipelines.h - norm-mlir pass pipelines ---------------*- C++ -*-===//

#ifndef NORM_PIPELINES_PIPELINES_H
#define NORM_PIPELINES_PIPELINES_H

#include "norm/Conversion/NormToGPU/NormToGPU.h"
#include "norm/Conversion/NormToLinalg/NormToLinalg.h"
#include "norm/Conversion/NormToVector/NormToVector.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"
#include "norm/Pipelines/CPUTarget.h"
#include "norm/Transforms/Passes.h"

#include "mlir/Pass/PassOptions.h"
#include "llvm/Support/Error.h"

namespace mlir {
class OpPassManager;
namespace norm {

// The options of a pipeline that set a pass option take their defaults from
// the pass (ODS, Passes.td) and project onto the pass's generated options
// struct (`xOptions()` below); they are not copied anywhere else. Where a
// pipeline's default differs from the pass's, the pipeline option says why.

/// The options of the front that norm-cpu-pipeline and norm-gpu-pipeline
/// share (buildFrontEndPipeline): declared once here, a base of both
/// pipelines' options.
template <typename Derived>
struct FrontEndOptions : public PassPipelineOptions<Derived> {
  mlir::detail::PassOptions::Option<bool> raise{
      *this, "raise",
      llvm::cl::desc("First replace normalizations decomposed into linalg or "
                     "TOSA ops by norm ops (norm-raise), then, after the "
                     "TOSA-to-linalg step that always runs, fold inference "
                     "batch norms with constant statistics "
                     "(norm-fold-batch-norm) and fuse residual adds into the "
                     "row norms (norm-fuse-residual)"),
      llvm::cl::init(false)};
  mlir::detail::PassOptions::Option<bool> runtimeChecks{
      *this, "runtime-checks",
      llvm::cl::desc("Check at run time (on the GPU, in the host code) the "
                     "size relations of norm ops that involve dynamic sizes "
                     "(norm-insert-runtime-checks): a mismatch prints the op, "
                     "its location and both sizes and aborts; false for "
                     "callers that guarantee shapes"),
      llvm::cl::init(true)};
};

/// Adds the front that both pipelines start with: with `raise`, norm-raise;
/// the lowering of TOSA to linalg (a module without TOSA comes out
/// unchanged); with `raise`, norm-fold-batch-norm and norm-fuse-residual;
/// norm-decompose-aggregated-ops (linalg.softmax); with `runtimeChecks`,
/// norm-insert-runtime-checks on every function.
void buildFrontEndPipeline(OpPassManager &pm, bool raise, bool runtimeChecks);
template <typename Derived>
void buildFrontEndPipeline(OpPassManager &pm,
                           const FrontEndOptions<Derived> &options) {
  buildFrontEndPipeline(pm, options.raise, options.runtimeChecks);
}

/// Options of `norm-cpu-pipeline`.
struct CPUPipelineOptions : public FrontEndOptions<CPUPipelineOptions> {
  PassOptions::Option<bool> tile{
      *this, "tile",
      llvm::cl::desc("Tile norm ops (blocks of rows or channels) so that the "
                     "statistics and the normalization of a tile happen while "
                     "it is in cache; false gives the simple untiled lowering"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> rowTileSize{
      *this, "row-tile-size",
      llvm::cl::desc("Rows per tile of layer_norm and rms_norm"),
      llvm::cl::init(NormTileAndFusePassOptions().rowTileSize)};
  /// norm-tile-and-fuse's row-tile-bytes. The pass defaults to 0 (rows
  /// only); the pipeline's tiles of short rows in inputs of at least 8 MiB
  /// (128 tiles, also nontemporal-min-bytes' default) are 64 KiB: each tile
  /// that streams its stores ends with a fence, which cost 1.6x at 8 rows
  /// of 96 f32 (3 KB) and 1.2x at 8 rows of 768 bf16 (docs/performance.md).
  PassOptions::Option<int64_t> rowTileBytes{
      *this, "row-tile-bytes",
      llvm::cl::desc("layer_norm/rms_norm of inputs of at least 128 times "
                     "this many bytes: more rows than row-tile-size per tile "
                     "where those are fewer bytes of the input than this (0: "
                     "row-tile-size rows)"),
      llvm::cl::init(64 << 10)};
  PassOptions::Option<int64_t> channelTileSize{
      *this, "channel-tile-size",
      llvm::cl::desc("Channels per tile of batch_norm_train; 0: as many as "
                     "fit their runs (the elements after the channel per "
                     "leading index, e.g. H x W) in channel-tile-elements, at "
                     "least one"),
      llvm::cl::init(NormTileAndFusePassOptions().channelTileSize)};
  PassOptions::Option<int64_t> channelTileElements{
      *this, "channel-tile-elements",
      llvm::cl::desc("With channel-tile-size=0: the elements of the channels' "
                     "runs a batch_norm_train tile covers per leading index"),
      llvm::cl::init(NormTileAndFusePassOptions().channelTileElements)};
  PassOptions::Option<bool> reassociateSums{
      *this, "reassociate-sums",
      llvm::cl::desc("Linalg path (ops the vector kernels do not take, "
                     "e.g. group_norm/instance_norm without spatial dims): "
                     "let LLVM reassociate the statistics sums so that they "
                     "may vectorize; false (default): sequential, compensated "
                     "(Neumaier) sums, reproducible on any machine"),
      llvm::cl::init(ConvertNormToLinalgPassOptions().reassociateSums)};
  PassOptions::Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Lower layer_norm/rms_norm tiles, batch_norm / "
                     "batch_norm_train (NCHW-like after merging the dims "
                     "after the channel, or channels last), and group_norm / "
                     "instance_norm (NCHW-like), straight to "
                     "vector code (several independent vector accumulators, "
                     "vector tails) instead of linalg"),
      llvm::cl::init(true)};
  /// convert-norm-to-vector's vector-width; 0 (the default) resolves to the
  /// target CPU's, where the pass, which has no target, takes 16.
  PassOptions::Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("f32 lanes per vector register (0: from target-cpu: "
                     "16 with AVX-512, 8 with AVX2, else 4)"),
      llvm::cl::init(0)};
  /// convert-norm-to-vector's unroll.
  PassOptions::Option<int64_t> unroll{
      *this, "unroll",
      llvm::cl::desc("Independent vectors (accumulators, loads) per "
                     "iteration of the vector kernels' main loops"),
      llvm::cl::init(4)};
  PassOptions::Option<int64_t> blockElements{
      *this, "block-elements",
      llvm::cl::desc("Channels-last batch norms (vectorized): elements per "
                     "parallel block of rows (batch_norm_train: blocks whose "
                     "statistics are computed in parallel, then merged)"),
      llvm::cl::init(ConvertNormToVectorPassOptions().blockElements)};
  PassOptions::Option<int64_t> gradientTiles{
      *this, "gradient-tiles",
      llvm::cl::desc("layer_norm_grad / rms_norm_grad with dscale or dbias "
                     "(vectorized): the most tiles of rows run in parallel, "
                     "each with its own partial row of the parameter "
                     "gradients, merged in tile order"),
      llvm::cl::init(ConvertNormToVectorPassOptions().gradientTiles)};
  /// small-run-elements of norm-tile-and-fuse and convert-norm-to-vector
  /// (with vectorize only). The passes default to 0 (never): the small-run
  /// tiling only pays off with the vector kernels, and a pass alone does not
  /// know that they follow. 512 is the measured default of the pipeline
  /// (docs/performance.md).
  PassOptions::Option<int64_t> smallRunElements{
      *this, "small-run-elements",
      llvm::cl::desc("NCHW-like batch_norm_train (vectorized): below this "
                     "H x W the statistics are summed position-wise over a "
                     "tile's contiguous channels (0: never)"),
      llvm::cl::init(512)};
  /// convert-norm-to-vector's stream-stores, plus norm-stream-stores after
  /// bufferization; on by default, where the pass alone only marks loops for
  /// a norm-stream-stores that may not follow.
  PassOptions::Option<bool> nontemporalStores{
      *this, "nontemporal-stores",
      llvm::cl::desc("Write normalized rows with non-temporal stores when the "
                     "row is vector-aligned (saves the read-for-ownership of "
                     "outputs far larger than the cache)"),
      llvm::cl::init(true)};
  /// convert-norm-to-vector's stream-min-bytes. The pass streams any size
  /// (0); the pipeline keeps outputs that fit this machine's caches in them
  /// (3136x128 f32 LayerNorm, 1.6 MB: 0.65x -> 0.87x oneDNN without
  /// streaming, docs/performance.md).
  PassOptions::Option<int64_t> nontemporalMinBytes{
      *this, "nontemporal-min-bytes",
      llvm::cl::desc("With nontemporal-stores: layer_norm/rms_norm stream "
                     "only when their input has at least this many bytes "
                     "(0: any size)"),
      llvm::cl::init(8 << 20)};
  /// convert-norm-to-vector's stream-min-bytes-per-pass. The pass streams
  /// every row norm (0); the pipeline does not stream the ops that move
  /// fewer than 2 bytes per element per pass over the row (bf16 / f16
  /// layer_norm without a residual): streamed, they were the slow ones on
  /// this machine (bf16 layer_norm 32768x768: 0.74x against 0.95x oneDNN
  /// with plain stores, docs/performance.md "Streaming stores per op and
  /// the next row prefetched").
  PassOptions::Option<int64_t> nontemporalMinBytesPerPass{
      *this, "nontemporal-min-bytes-per-pass",
      llvm::cl::desc("With nontemporal-stores: layer_norm/rms_norm stream "
                     "only when each element moves at least this many bytes "
                     "to or from memory (input, residual, output, sum) per "
                     "pass over its row (layer_norm: 3 passes, rms_norm: 2; "
                     "0: always)"),
      llvm::cl::init(2)};
  /// convert-norm-to-vector's short-row-elements and short-row-group. The
  /// pass defaults to 0 (never); 256 is the pipeline's (issue 16's short
  /// rows, docs/performance.md).
  PassOptions::Option<int64_t> shortRowElements{
      *this, "short-row-elements",
      llvm::cl::desc("layer_norm/rms_norm rows of at most this many elements "
                     "are normalized short-row-group rows at a time (0: "
                     "never)"),
      llvm::cl::init(256)};
  PassOptions::Option<int64_t> shortRowGroup{
      *this, "short-row-group",
      llvm::cl::desc("Rows per group of the short-row kernel (a power of "
                     "two)"),
      llvm::cl::init(ConvertNormToVectorPassOptions().shortRowGroup)};
  /// convert-norm-to-vector's short-row-max-bytes: grouping pays while the
  /// input is in cache (6.3 MB faster, 12.6 MB slower than per row on this
  /// machine, docs/performance.md).
  PassOptions::Option<int64_t> shortRowMaxBytes{
      *this, "short-row-max-bytes",
      llvm::cl::desc("Short rows go in groups only when the input has fewer "
                     "bytes than this (0: any size)"),
      llvm::cl::init(8 << 20)};
  /// convert-norm-to-vector's prefetch-max-bytes.
  PassOptions::Option<int64_t> prefetchMaxBytes{
      *this, "prefetch-max-bytes",
      llvm::cl::desc("group_norm / instance_norm / layer_norm / rms_norm: "
                     "the output pass of a group (a row) of at most this many "
                     "bytes prefetches the next group's (row's) input (0: "
                     "never)"),
      llvm::cl::init(512 << 10)};
  PassOptions::Option<bool> outlineKernels{
      *this, "outline-kernels",
      llvm::cl::desc("Compile every norm op (with the elementwise producers "
                     "fused into it) as a kernel function of its own, one "
                     "function for identical ops (norm-outline-kernels): the "
                     "compile time grows linearly with the number of ops"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> numThreads{
      *this, "num-threads",
      llvm::cl::desc("Threads for the tiles: 1 runs them serially without "
                     "OpenMP; 0 uses OpenMP with OMP_NUM_THREADS (default: "
                     "all cores); N > 1 uses OpenMP with N threads"),
      llvm::cl::init(0)};
  PassOptions::Option<std::string> targetCPU{
      *this, "target-cpu",
      llvm::cl::desc("CPU to compile for: an LLVM CPU name of the host's "
                     "architecture (znver4, sapphirerapids, x86-64-v3, ...); "
                     "empty or 'host': the host CPU with the features it "
                     "reports. Sets the vector width (vector-width=0), the "
                     "bf16 conversions and norm-run's code generation"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> targetFeatures{
      *this, "target-features",
      llvm::cl::desc("Comma-separated +name / -name LLVM feature names added "
                     "to or removed from target-cpu's features (e.g. "
                     "-avx512bf16: round f32 to bf16 with integer "
                     "arithmetic)"),
      llvm::cl::init("")};

  /// The CPU of target-cpu and target-features; the host when they are
  /// invalid (verifyOptions reports them).
  CPUTarget target() const;

  /// The options of the passes the pipeline runs, projected from these.
  NormTileAndFusePassOptions tileAndFuseOptions() const;
  ConvertNormToVectorPassOptions normToVectorOptions() const;
  ConvertNormToLinalgPassOptions normToLinalgOptions() const;
};

/// Checks `options` (the pipeline's own and, through the passes' checks, their
/// projections); at the first invalid value calls `reportError` with a
/// message that names the option and returns failure.
LogicalResult
verifyOptions(const CPUPipelineOptions &options,
              function_ref<LogicalResult(const Twine &)> reportError);

/// Builds the pipeline that takes a module of norm ops mixed with
/// linalg/tensor/arith/math ops down to the LLVM dialect for the host CPU:
/// norm -> linalg, one-shot bufferization (function boundaries included),
/// buffer deallocation, loops, LLVM. The passes check their options when
/// they run; verifyOptions checks them all up front.
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// Checks parsed `options` (verifyOptions) and builds the pipeline into `pm`;
/// at the first invalid value calls `reportError` and adds nothing. What
/// `norm-cpu-pipeline` and the C API's mlirNormBuildCPUPipeline both do after
/// parsing.
LogicalResult
checkAndBuildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options,
                         function_ref<LogicalResult(const Twine &)> reportError);

/// Registers `norm-cpu-pipeline`; invalid options fail the parsing of the
/// pipeline with the message of verifyOptions.
void registerCPUPipeline();

/// Options of `norm-gpu-pipeline`.
struct GPUPipelineOptions : public FrontEndOptions<GPUPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("GPU to compile for: sm_80, sm_90 (NVIDIA, NVVM) or "
                     "gfx90a, gfx942 (AMD, ROCDL)"),
      llvm::cl::init("sm_80")};
  PassOptions::Option<std::string> target{
      *this, "target",
      llvm::cl::desc("nvvm or rocdl; empty derives it from `chip` (gfx* is "
                     "rocdl, anything else nvvm)"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What gpu-module-to-binary embeds: isa/assembly (PTX or "
                     "AMDGCN text), bin/binary (cubin or HSACO), fatbin, "
                     "llvm/offloading"),
      llvm::cl::init("fatbin")};
  PassOptions::Option<int64_t> rowsPerBlock{
      *this, "rows-per-block",
      llvm::cl::desc("Rows of layer_norm/rms_norm per thread block; each row "
                     "gets threads / rows-per-block threads (threads / "
                     "rows-per-block <= 32: a warp or less per row, no shared "
                     "memory). 0: a warp per row for static row sizes up to "
                     "max-row-per-warp, else a block per row"),
      llvm::cl::init(ConvertNormToGPUPassOptions().rowsPerBlock)};
  PassOptions::Option<int64_t> maxRowPerWarp{
      *this, "max-row-per-warp",
      llvm::cl::desc("Largest static row size (elements) that "
                     "rows-per-block=0 gives one warp per row"),
      llvm::cl::init(ConvertNormToGPUPassOptions().maxRowPerWarp)};
  PassOptions::Option<int64_t> maxCachedVectors{
      *this, "max-cached-vectors",
      llvm::cl::desc("Largest share of a layer_norm/rms_norm row per thread, "
                     "in vectors, loaded once into registers instead of "
                     "swept from memory per pass (0: never; at most 64)"),
      llvm::cl::init(ConvertNormToGPUPassOptions().maxCachedVectors)};
  PassOptions::Option<int64_t> maxRowPerBlock{
      *this, "max-row-per-block",
      llvm::cl::desc("Static row sizes (elements) above this are split over "
                     "several blocks (two launches) when blocks-per-row=0 "
                     "(0: never)"),
      llvm::cl::init(ConvertNormToGPUPassOptions().maxRowPerBlock)};
  PassOptions::Option<int64_t> blocksPerRow{
      *this, "blocks-per-row",
      llvm::cl::desc("Blocks per layer_norm/rms_norm row, in [0, 65535]; 0: "
                     "split rows larger than max-row-per-block into chunks "
                     "that fit the register cache; 1: never split"),
      llvm::cl::init(ConvertNormToGPUPassOptions().blocksPerRow)};
  PassOptions::Option<int64_t> threads{
      *this, "threads",
      llvm::cl::desc("Threads per block (a power of two, at most 1024)"),
      llvm::cl::init(ConvertNormToGPUPassOptions().threads)};
  PassOptions::Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("Elements per load/store of the row and batch-norm "
                     "kernels, a power of two up to 16; 0: 16-byte accesses "
                     "(4 f32, 8 bf16/f16, 2 f64). 1 where it does not divide "
                     "a static row size, or the row size is dynamic; the "
                     "batch norms take the largest power of two up to it "
                     "that divides a static B (the elements after the "
                     "feature axis), else 1; buffers must be aligned to it"),
      llvm::cl::init(ConvertNormToGPUPassOptions().vectorWidth)};
  PassOptions::Option<int64_t> blocksPerChannel{
      *this, "blocks-per-channel",
      llvm::cl::desc("Blocks (chunks) per channel of the batch_norm_train and "
                     "batch_norm kernels, in [0, 65535]; 0: enough to fill "
                     "the GPU (about 1024 blocks in all, at least 16 "
                     "elements per thread)"),
      llvm::cl::init(ConvertNormToGPUPassOptions().blocksPerChannel)};
  PassOptions::Option<bool> batchNormTrainSinglePass{
      *this, "batch-norm-train-single-pass",
      llvm::cl::desc("batch_norm_train as one persistent launch with a "
                     "grid-wide barrier that reads the input once, where it "
                     "fits the grid's register cache (static sizes); else "
                     "two launches. Off until timed on a device"),
      llvm::cl::init(ConvertNormToGPUPassOptions().batchNormTrainSinglePass)};
  PassOptions::Option<int64_t> persistentBlocks{
      *this, "persistent-blocks",
      llvm::cl::desc("Blocks of the persistent single-pass batch_norm_train "
                     "grid, in [1, 65535]; all must be resident at once "
                     "(132: one per SM of an H100 SXM or H200)"),
      llvm::cl::init(ConvertNormToGPUPassOptions().persistentBlocks)};
  PassOptions::Option<int64_t> maxGradPartials{
      *this, "max-grad-partials",
      llvm::cl::desc("Most partial sums (blocks) per column of the dscale / "
                     "dbias of layer_norm_grad and rms_norm_grad, in [1, "
                     "65535]: ceil(rows / max-grad-partials) rows each, "
                     "added in order by a merge kernel"),
      llvm::cl::init(ConvertNormToGPUPassOptions().maxGradPartials)};
  PassOptions::Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit (ptxas, fatbinary, libdevice) or ROCm "
                     "path (<toolkit>/llvm/bin/ld.lld) for "
                     "gpu-module-to-binary; empty: for NVIDIA $CUDA_ROOT, "
                     "$CUDA_HOME, $CUDA_PATH, then PATH; for AMD "
                     "$NORM_LD_LLD, a ROCm install ($ROCM_PATH, ...), else "
                     "the ld.lld found at configure time, ld.lld-22 or "
                     "ld.lld (findGPUToolkit)"),
      llvm::cl::init("")};

  /// True when the pipeline compiles for AMD (ROCDL), from `target`, or from
  /// `chip` when `target` is empty.
  bool isROCDL() const;
  /// True when gpu-module-to-binary links an AMD code object with ld.lld
  /// (ROCDL, any format but isa/assembly and llvm/offloading).
  bool needsLinker() const;

  /// The options of the passes the pipeline runs, projected from these.
  ConvertNormToGPUPassOptions normToGPUOptions() const;
  NormMapParallelLoopsToGPUPassOptions mapParallelLoopsToGPUOptions() const;
};

/// Checks `options` (the pipeline's own and, through the passes' checks, their
/// projections); at the first invalid value calls `reportError` with a
/// message that names the option and returns failure.
LogicalResult
verifyOptions(const GPUPipelineOptions &options,
              function_ref<LogicalResult(const Twine &)> reportError);

/// Builds the pipeline that takes a module of norm ops to host LLVM dialect
/// that launches GPU kernels, with the device code compiled by
/// gpu-module-to-binary into a `gpu.binary`. Host functions take and return
/// device memory. `options` must be valid (verifyOptions): the passes check
/// theirs when they run, not `chip` and `target`.
void buildGPUPipeline(OpPassManager &pm, const GPUPipelineOptions &options);

/// Returns the `toolkit` that gpu-module-to-binary needs for `options`: theirs
/// when set or when no ld.lld is needed (needsLinker). Else, for AMD, a
/// directory with ld.lld in the ROCm layout <toolkit>/llvm/bin/ld.lld:
///   1. $NORM_LD_LLD, an ld.lld (and only it);
///   2. a ROCm install ($ROCM_PATH, $ROCM_ROOT, $ROCM_HOME, the one MLIR was
///      built with): "" so that gpu-module-to-binary finds it;
///   3. build/rocm-lld, made by CMake around the ld.lld it found;
///   4. the ld.lld found at configure time, ld.lld-22 or ld.lld on PATH or
///      in LLVM's tools directory, in a ROCm layout of symbolic links made in
///      the user's cache directory when it is not in one.
/// The error says what to install or set when there is no ld.lld.
llvm::Expected<std::string> findGPUToolkit(const GPUPipelineOptions &options);

/// Checks parsed `options` (verifyOptions, then findGPUToolkit when no
/// toolkit is given) and builds the pipeline into `pm` with the toolkit found;
/// at the first error calls `reportError` and adds nothing. What
/// `norm-gpu-pipeline` and the C API's mlirNormBuildGPUPipeline both do after
/// parsing.
LogicalResult
checkAndBuildGPUPipeline(OpPassManager &pm, GPUPipelineOptions &options,
                         function_ref<LogicalResult(const Twine &)> reportError);

/// Registers `norm-gpu-pipeline`; invalid options, or an AMD binary without a
/// linker (findGPUToolkit), fail the parsing of the pipeline with a message.
void registerGPUPipeline();

/// True when `chip` names an AMD GPU (gfx*), compiled through ROCDL.
bool isGPUTargetROCDL(llvm::StringRef chip);

} // namespace norm
} // namespace mlir

#endif // NORM_PIPELINES_PIPELINES_H
