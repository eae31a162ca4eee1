//===- Passes.td - Norm conversion passes --------------------*- tablegen -*-===//

#ifndef NORM_CONVERSION_PASSES_TD
#define NORM_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNormToLinalgPass : Pass<"convert-norm-to-linalg"> {
  let summary = "Lower norm ops to linalg on tensors";
  let description = [{
    Rewrites every `norm` op into `linalg.generic` ops on tensors: a reduction
    for the mean, a centred reduction for the variance (corrected two-pass:
    the sum of deviations from the first mean corrects it, so a constant
    instance gives exactly `bias` and E[x^2] - E[x]^2 is never formed), and
    one elementwise normalization. f16/bf16 inputs are extended to the
    accumulation type before any sum and the result is truncated once.

    The patterns are available to other compilers through
    `mlir::norm::populateNormToLinalgConversionPatterns`.
  }];
  let options = [
    Option<"reassociateSums", "reassociate-sums", "bool", /*default=*/"false",
           "Mark the accumulating adds `reassoc` so the reductions vectorize">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertNormToVectorPass : Pass<"convert-norm-to-vector"> {
  let summary = "Lower layer_norm and rms_norm over their last dim, batch "
                "norms with one dim after the channel or the channel last, "
                "and group/instance norms of (N, C, L), to vector loops";
  let description = [{
    Rewrites every `norm.layer_norm` / `norm.rms_norm` that normalizes only
    its last dim into a loop nest over the rows whose body streams the row
    through vector registers: per pass `unroll` independent vector
    accumulators in the accumulation type, one `vector.reduction` per pass,
    and masked `vector.transfer_read`/`transfer_write` for the tail, so no
    scalar loop is left. LayerNorm makes three passes over the row (sum;
    sum of d = x - m1 and d^2; normalize), RMSNorm two; after tiling the
    later passes read the row from cache. The numerics are those of
    convert-norm-to-linalg (corrected two-pass, deviations (x - m1) - c).

    Rows of at most `short-row-elements` elements, of an input of fewer than
    `short-row-max-bytes` bytes when that is set (both checked at run time
    when dynamic: the per-row loops and the group loops follow each other,
    each without iterations unless the check picks it), are instead
    normalized `short-row-group` rows of the innermost row dim at a time, so
    that the per-row costs (the
    reductions' latency, loop setup, the tail's branch) are shared: each pass
    is one loop over the row's vectors whose body handles every row of the
    group (one accumulator per row and sum, the scale and bias read once for
    the group), then one masked vector; the group's accumulators are reduced
    together by a shuffle tree (vector.shuffle + addf, halving the lanes of
    two vectors at a time) into the lanes of one vector, on which the
    statistics are computed for the whole group at once, then broadcast per
    row. A row's sum is the same pairwise tree over its lanes wherever it
    sits in a group. The last group of a loop starts early enough to end at
    the last row (rows written twice get the same values); with fewer rows
    than a group, the missing ones repeat the last row.

    With `stream-stores`, a row norm's write loop is marked for
    norm-stream-stores when the rows are aligned and the op moves at least
    `stream-min-bytes-per-pass` bytes per element and pass over the row
    (its input, residual, output and sum, over 3 passes for layer_norm, 2
    for rms_norm). With `prefetch-max-bytes`, the write pass of a row of at
    most that many bytes prefetches the next row of the innermost row dim
    (one memref.prefetch per cache line read), not the groups of short rows.

    `norm.batch_norm` and `norm.batch_norm_train` with exactly one dim after
    `feature_axis` ([A..., C, B]: NCHW once norm-flatten-batch-norm has
    merged H and W) are swept a run of B contiguous elements at a time (the
    elements of one channel at one index of A...): `unroll` vectors per
    iteration, then single vectors, then one vector ending at B (its lanes
    seen before dropped from sums and rewritten with the same values), or a
    masked vector when B is shorter than a vector. Inference is one pass
    writing (x - mean) * rstd * scale + bias. Training makes three passes,
    each a loop over A... whose body visits the tile's channels in turn (so a
    tile of several channels of a small H x W is swept in memory order):
    sum x (m1); sum d and d^2 of d = x - m1; write ((x - m1) - c) * rstd *
    scale + bias; a run's accumulators are added up into one vector per sum
    and channel, kept in a small tensor, and reduced once per channel. With
    `small-run-elements` > B (an `scf.if` on B when it is dynamic) the first
    two passes instead sweep, per index of A..., the tile's C * B contiguous
    elements as one run into position-wise accumulators of that length
    (pass 2 reads m1 from a position-wise copy), each channel's B positions
    reduced once per tile. When that choice is static (B static, or the op
    marked `norm.small_runs = true` by norm-tile-and-fuse) the write pass
    also goes one run of C * B elements per index of A..., into an
    [A..., C * B] output expanded back (whole cache lines stream); an op
    marked `norm.small_runs = false` keeps the per-run passes. The
    statistics and the running-statistics update are those of the linalg
    lowering.

    Channels last ([A0, A..., C]) is vectorized across the channels.
    Inference computes a = rstd * scale once per channel, then writes the
    R = prod(A) rows as fma(x - mean, a, bias) (exactly the bias on a
    constant channel), parallel (`scf.forall`) over blocks of rows of
    `block-elements` or more elements: `unroll` vectors of channels per
    iteration, the per-channel vectors read from L1 (with a static C of at
    most `unroll` vectors: read once into registers, the input swept as one
    run of rows), one masked vector for C % lanes. Training is two memory passes, parallel (`scf.forall`)
    over blocks of `block-elements` or more elements (whole indices of A0):
    the moments of y = x - K (K the mean of the first block) per block, a
    chunk of channels summing the rows along the last leading dim in
    registers, the blocks merged with Chan's formula (a constant channel
    stays exact, no difference of squares is formed); then the write of
    ((x - K) - mean') * rstd * scale + bias, the blocks in reverse order (the
    blocks the statistics read last, still in the cache, first).

    `norm.group_norm` and `norm.instance_norm` of an (N, C, L) input (NCHW
    once norm-flatten-batch-norm has merged the spatial dims) are row norms
    over each (n, group): the group's C/G channels are one contiguous run of
    C/G * L elements, swept through an (N, G, C/G * L) view of the input
    (views of the whole input, sliced like the tile; a slice of part of the
    channels is left alone). Per (n, group): a pass summing x (m1), a pass
    summing d = x - m1 and d^2 (the corrected two-pass moments of the row
    norms), then per channel of the group a pass over its L elements writing
    ((x - m1) - c) * a + bias[c] with a = rstd * scale[c] (0 where the
    deviation is 0 with epsilon = 0, so a constant group gives exactly its
    bias); group_norm's `mean` and `inv_std_dev` are filled per (n, group).

    `norm.layer_norm_grad` and `norm.rms_norm_grad` over their last dim
    (one dim once norm-flatten-batch-norm has merged the normalized dims)
    make two vector passes per row: the first reads dy and x once and sums
    g = dy * scale and g * xhat (xhat = (x - mean) * inv_std_dev; RMS: the
    second sum only) in `unroll` accumulators each; the second writes
    dx = rstd * g - xhat * (rstd * sum(g * xhat) / n) - rstd * sum(g) / n
    while the row is in cache (streamed as the row norms' outputs). Without
    `dscale`/`dbias` the rows are a plain loop nest (norm-tile-and-fuse
    makes the parallel tiles). With them the rows, viewed as [M, N], are
    split into at most `gradient-tiles` tiles of ceil(M / tiles) rows, an
    `scf.forall` whose iterations also add their rows' dy * xhat and dy
    position-wise (in the first pass) into their own row of a partial
    tensor (the two sums of each vector of the row in adjacent vectors);
    after the loop the partial rows are added up in tile order, one vector
    of columns at a time. No atomics: the result depends on the tiling
    only, not on the threads.

    With `stream-stores`, the main write loop of runs that are whole cache
    lines is marked `norm.stream_stores = 64` (runs that start on a cache
    line stream; streaming some runs and not others costs bandwidth).
    f16/bf16 inputs are extended to the accumulation type before any sum.
    Other ops, axes and layouts are left alone.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "f32 lanes per vector register">,
    Option<"unroll", "unroll", "int64_t", /*default=*/"4",
           "Independent vector accumulators per pass">,
    Option<"streamStores", "stream-stores", "bool", /*default=*/"false",
           "Mark aligned normalization loops for norm-stream-stores">,
    Option<"blockElements", "block-elements", "int64_t", /*default=*/"4096",
           "Channels-last batch norms: elements per parallel block of rows "
           "(batch_norm_train: whole indices of the first dim, whose "
           "statistics are computed in parallel with the other blocks, then "
           "merged)">,
    Option<"smallRunElements", "small-run-elements", "int64_t",
           /*default=*/"0",
           "[A..., C, B] batch_norm_train: below this B (checked at run time "
           "when dynamic), sum the statistics position-wise over the tile's "
           "C * B contiguous elements per index of A... and reduce each "
           "channel's B positions once (0: never)">,
    Option<"streamMinBytes", "stream-min-bytes", "int64_t", /*default=*/"0",
           "With stream-stores, row norms stream only when the whole input "
           "(the tensor a tile's rows are sliced from) has at least this many "
           "bytes, so that outputs that fit the cache stay in it (0: any "
           "size)">,
    Option<"streamMinBytesPerPass", "stream-min-bytes-per-pass", "int64_t",
           /*default=*/"0",
           "With stream-stores, a row norm streams only when each element "
           "moves at least this many bytes between the kernel and memory "
           "(input, residual, output and sum) per pass over its row "
           "(layer_norm makes 3, rms_norm 2), so that rows that spend longer "
           "in the core than in the memory write through the cache (0: "
           "always)">,
    Option<"shortRowElements", "short-row-elements", "int64_t",
           /*default=*/"0",
           "layer_norm/rms_norm rows of at most this many elements (checked "
           "at run time when dynamic) are normalized `short-row-group` rows "
           "at a time (0: never)">,
    Option<"shortRowGroup", "short-row-group", "int64_t", /*default=*/"8",
           "Rows per group of the short-row kernel (a power of two)">,
    Option<"shortRowMaxBytes", "short-row-max-bytes", "int64_t",
           /*default=*/"0",
           "Short rows go in groups only when the input (the tensor a tile's "
           "rows are sliced from) has fewer bytes than this (checked at run "
           "time when dynamic; 0: any size)">,
    Option<"nativeBF16", "native-bf16", "bool", /*default=*/"false",
           "The target rounds f32 to bf16 in hardware (AVX-512 BF16): the "
           "unrolled bf16 row loops write each pair of result vectors with "
           "two arith.truncf (vcvtneps2bf16) packed into i32 words instead "
           "of rounding their i32 words with integer arithmetic">,
    Option<"gradientTiles", "gradient-tiles", "int64_t", /*default=*/"64",
           "layer_norm_grad / rms_norm_grad with dscale or dbias: the most "
           "tiles of rows run in parallel, each summing its rows into its own "
           "partial row of the parameter gradients (merged in tile order: the "
           "result depends on this, not on the threads)">,
    Option<"prefetchMaxBytes", "prefetch-max-bytes", "int64_t",
           /*default=*/"0",
           "group_norm / instance_norm / layer_norm / rms_norm: while the "
           "output pass writes a group (a row) of at most this many bytes, it "
           "prefetches the next group's (row's) input (memref.prefetch, one "
           "per cache line), so that its first pass does not wait for the "
           "memory (0: never)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def ConvertNormToGPUPass : Pass<"convert-norm-to-gpu"> {
  let summary = "Lower the row, batch and group norms on tensors to "
                "hand-scheduled kernels in gpu.launch";
  let description = [{
    Rewrites every `norm.layer_norm` / `norm.rms_norm` on tensors into a
    `gpu.launch` over flat (rank-1) views of its buffers:
    `bufferization.to_buffer` of the operands, a fresh `memref.alloc` (or the
    destination of a `bufferization.materialize_in_destination` that is the
    result's only use) for each result, and `bufferization.to_tensor` of the
    results after the launch.

    Each block handles `rows-per-block` rows; a row gets
    `threads / rows-per-block` threads (block id x picks the rows, thread id x
    the thread of a row). `rows-per-block=0` (the default) picks it from the
    row size: a warp per row (`threads / warp-size` rows per block) when the
    row size is static and at most `max-row-per-warp`, else a block per row.
    Every thread handles its strided share of the row in `vector-width`-wide
    `vector.load`s, accumulating in the accumulation type; the row's threads
    reduce their partial sums with `gpu.shuffle xor` within a subgroup of
    `warp-size` lanes and, when a row spans several subgroups, one
    `gpu.barrier`-separated stage through a workgroup memory buffer.
    LayerNorm uses the corrected two-pass moments of convert-norm-to-linalg
    (sum x; then sum d and sum d^2 of d = x - m1) and RMSNorm one sum of
    squares. When the row size is static and a thread's share is at most
    `max-cached-vectors` vectors, the share is loaded once into registers
    (unrolled loads, the tail guarded) and every pass runs on them; otherwise
    every pass sweeps the row from memory. `vector-width` falls back to 1
    when it does not divide a static row size, or the row size is dynamic.

    Rows of more than `max-row-per-block` elements (static sizes), or every
    row when `blocks-per-row` > 1, are split into chunks, one block each, in
    two launches: the first writes each chunk's statistics to a scratch
    buffer, the second merges them in a fixed order in every block (no
    atomics) and normalizes its chunk (from registers when the chunk is
    cached).

    `norm.group_norm` and `norm.instance_norm` (G = C) take the layer_norm
    row kernels: in the (N, C, ...) input group g of instance n is one
    contiguous row of C/G * S elements (S the product of the spatial dims),
    so there are N * G rows with the schedule rules above, except that the
    vector width is the largest power of two up to `vector-width` dividing a
    static S (1 when S is dynamic), so that a vector stays in one channel;
    the output pass multiplies by the scale and adds the bias of channel
    (row mod G) * C/G + column / S. The optional (N, G) mean and inv_std_dev
    are the rows' statistics.

    `norm.batch_norm_train` and `norm.batch_norm` use the [A, C, B] view of
    their input (A: the dims before `feature_axis`, B: the dims after it) and
    a grid of C x P blocks (block id x the channel, block id y the chunk),
    `P = blocks-per-channel`, or with 0 enough chunks for about 1024 blocks in
    all but at least 16 elements per thread. Channel c's A*B elements are
    read in vectors of `vector-width` elements reduced to the largest power
    of two dividing a static B (1 when B is dynamic), and block (c, p) sweeps
    chunk p of them in groups: each thread loads a group of 4 vectors (8 when
    they are narrower than 16 bytes) before it uses any, then a last, partial
    group. batch_norm_train is two launches with no atomics: (1) each group's
    exact two-pass statistics about the channel's pilot (its first element,
    so never E[x^2] - E[x]^2), merged into the thread's (count, mean, M2)
    with Chan's formula, then over the block in a fixed xor-shuffle tree plus
    one workgroup-memory stage, one triple per (channel, chunk) into a
    `gpu.alloc`'d scratch buffer; (2) every block merges its channel's P
    triples in the same fixed order (bit-identical statistics in every
    block, independent of scheduling), block (c, 0) writes the batch and
    running statistics, and every block normalizes its chunk; then
    `gpu.dealloc` of the scratch. batch_norm (inference) is one launch of the
    same grid that normalizes with the stored statistics; with the feature
    axis last (NHWC) it is instead one elementwise launch over vectors of
    the largest power of two up to `vector-width` dividing a static C,
    consecutive threads on consecutive vectors, with vectors of the
    channels' parameters. Both use the
    formula and the epsilon = 0 zero-deviation guard of the CPU lowering.

    With `batch-norm-train-single-pass` (off by default until it is timed on
    a device), a batch_norm_train with static sizes whose (channel, chunk)
    items fit the register cache of a persistent grid of
    `persistent-blocks` blocks (at most `max-cached-vectors` vectors per
    thread over the block's items) is one launch instead of two: each block
    loads its items once into registers, writes their partials, crosses a
    grid-wide barrier (block barrier, thread 0: `llvm.fence`, an atomic
    arrive on a zeroed `gpu.alloc`'d counter, a spin on atomic reads of it,
    `llvm.fence`; block barrier), merges the channels' partials in the same
    fixed order and normalizes the cached values: the same bits as the two
    launches, independent of `persistent-blocks`. Every block of the grid
    must be resident at once (a persistent grid), so `persistent-blocks`
    must not exceed the blocks the device runs at a time. Other shapes take
    the two launches.

    Ops that accumulate in neither f32 nor f64, and group_norm statistics
    results with a dynamic group dim, are left alone (convert-norm-to-linalg
    lowers them). The patterns are available to other compilers through
    `mlir::norm::populateNormToGPUConversionPatterns`.
  }];
  let options = [
    Option<"threads", "threads", "int64_t", /*default=*/"256",
           "Threads per block (a power of two, at most 1024)">,
    Option<"rowsPerBlock", "rows-per-block", "int64_t", /*default=*/"0",
           "Rows per block (a power of two dividing `threads`); 0: a warp "
           "per row for static row sizes up to `max-row-per-warp`, else a "
           "block per row">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"0",
           "Elements per vector load/store of the row and batch-norm kernels "
           "(a power of two, at most 16; the batch norms take the largest "
           "power of two up to it that divides a static B); 0: 16 bytes (4 "
           "f32, 8 bf16/f16, 2 f64)">,
    Option<"warpSize", "warp-size", "int64_t", /*default=*/"32",
           "Lanes per subgroup of the shuffle reductions: 32 on NVIDIA, 64 "
           "on AMD (wave64)">,
    Option<"maxRowPerWarp", "max-row-per-warp", "int64_t",
           /*default=*/"1024",
           "Largest static row size (elements) that rows-per-block=0 gives "
           "one warp per row">,
    Option<"maxCachedVectors", "max-cached-vectors", "int64_t",
           /*default=*/"16",
           "Largest share of a row per thread, in vectors, that is loaded "
           "once into registers instead of swept from memory per pass "
           "(0: never; at most 64)">,
    Option<"maxRowPerBlock", "max-row-per-block", "int64_t",
           /*default=*/"32768",
           "Static row sizes (elements) above this are split over several "
           "blocks when blocks-per-row=0 (0: never)">,
    Option<"blocksPerRow", "blocks-per-row", "int64_t", /*default=*/"0",
           "Blocks per row of layer_norm/rms_norm, in [0, 65535] (two "
           "launches when > 1); 0: split rows larger than "
           "`max-row-per-block` into chunks that fit the register cache; 1: "
           "never split">,
    Option<"blocksPerChannel", "blocks-per-channel", "int64_t",
           /*default=*/"0",
           "Blocks (chunks) per channel of the batch_norm(_train) kernels, "
           "in [0, 65535]; 0 picks enough to fill the GPU">,
    Option<"batchNormTrainSinglePass", "batch-norm-train-single-pass", "bool",
           /*default=*/"false",
           "batch_norm_train as one persistent launch with a grid-wide "
           "barrier that reads the input once, where it fits the grid's "
           "register cache (static sizes); else the two launches">,
    Option<"persistentBlocks", "persistent-blocks", "int64_t",
           /*default=*/"132",
           "Blocks of the persistent single-pass batch_norm_train grid, in "
           "[1, 65535]; all must be resident at once (132: one per SM of an "
           "H100 SXM or H200)">,
    Option<"maxGradPartials", "max-grad-partials", "int64_t",
           /*default=*/"256",
           "Most partial sums (blocks) per column of the dscale / dbias of "
           "layer_norm_grad and rms_norm_grad, in [1, 65535]; more fill "
           "more SMs, each adds a row of scratch traffic">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // NORM_CONVERSION_PASSES_TD
