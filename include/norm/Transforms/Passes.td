//===- Passes.td - Passes that are not about norm ops ------*- tablegen -*-===//
//
// Passes of the norm pipelines that never touch a norm op: they rewrite
// upstream dialects (scf, memref, arith, vector, llvm, gpu) where upstream
// has no pass for the job.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_TRANSFORMS_PASSES_TD
#define NORM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NormStreamStoresPass : Pass<"norm-stream-stores"> {
  let summary = "Write marked normalization loops with non-temporal stores";
  let description = [{
    Runs after bufferization. For each `scf.for` marked `norm.stream_stores`
    by convert-norm-to-vector{stream-stores}, checks that every vector store
    in it writes a whole vector at a multiple of the vector size from the row
    start (lower bound 0, constant steps and offsets, the same buffer and row
    indices), and rewrites the loop into

    ```
    scf.if (row start % alignment == 0) {
      the loop with vector.store {nontemporal = true, alignment = bytes}
    } else { the loop }
    ```

    where the alignment is the vector size, or the larger power of two the
    marking attribute gives as an integer (the batch-norm kernels ask for a
    cache line, so that no line is written partly by streaming stores and
    partly by the plain stores of a neighbouring run), and puts one
    `llvm.fence seq_cst` after the outermost scf.for / scf.if
    around it (the loops over the rows of a tile), which orders the streaming
    stores before the tile's parallel iteration ends.

    Outputs far larger than the cache then skip the read-for-ownership of
    every written line. Loops it cannot prove safe keep their stores.
  }];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def NormMapParallelLoopsToGPUPass
    : Pass<"norm-map-parallel-loops-to-gpu", "::mlir::func::FuncOp"> {
  let summary = "Tile outermost scf.parallel loops by `threads` and map them "
                "to GPU blocks and threads";
  let description = [{
    Tiles every outermost `scf.parallel` outside a `gpu.launch` by
    [1, ..., 1, `threads`] and sets the `mapping` attributes that
    `convert-parallel-loops-to-gpu` reads: the innermost three dims of the
    tile loop map to blocks x, y, z (outer dims run sequentially), and the
    innermost dim of the intra-tile loop maps to threads x (its other dims,
    all of size 1, run sequentially). The intra-tile loop has constant bounds
    (no `affine.min`); an `scf.if` on the original bounds guards its body.
  }];
  let options = [
    Option<"threads", "threads", "int64_t", /*default=*/"256",
           "Threads per block: the tile size of the innermost dim">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def NormHostBuffersToDevicePass
    : Pass<"norm-host-buffers-to-device", "::mlir::func::FuncOp"> {
  let summary = "Turn host allocations and copies into gpu.alloc, "
                "gpu.dealloc and gpu.memcpy";
  let description = [{
    Establishes the device-resident convention of norm-gpu-pipeline: every
    memref a host function receives or allocates is device memory. Outside
    kernels it rewrites

    - `memref.alloc` into `gpu.alloc`, followed by a `gpu.dealloc` before the
      terminator of its block unless the buffer (or a view of it) is
      returned;
    - `memref.dealloc` into `gpu.dealloc`;
    - `memref.copy` into `gpu.memcpy`.

    Host code is straight-line (loops live in kernels), and
    `gpu-async-region` later orders the frees after the kernels on the
    stream. This stands for the ownership-based deallocation, which rejects
    the effect-less `gpu.barrier` of the kernels. An allocation with symbol
    operands is an error.
  }];
  let dependentDialects = [
    "::mlir::gpu::GPUDialect",
  ];
}

def NormExpandBF16TruncationPass : Pass<"norm-expand-bf16-truncation"> {
  let summary = "Expand f32 -> bf16 truncations into integer arithmetic";
  let description = [{
    Rewrites every `arith.truncf` from f32 to bf16 (scalar or vector, default
    rounding) into round-to-nearest-even on the i32 bits, an i32 select that
    quiets NaN (keeping its sign and upper payload) before the narrowing, and
    a final `arith.bitcast` to bf16. Unlike
    arith-expand's expansion it never selects between bf16 values, which x86
    without AVX512-BF16 scalarizes into a library call per element. A vector
    is narrowed by picking the upper i16 halves with `vector.bitcast` and
    `vector.shuffle` rather than `arith.trunci`, which LLVM 22 miscompiles
    into an over-wide store when it feeds a masked store of one lane on
    AVX-512.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::vector::VectorDialect"];
}

def NormPrivatizeEmptyTensorsPass : Pass<"norm-privatize-empty-tensors"> {
  let summary = "Give parallel loop bodies their own tensor.empty ops";
  let description = [{
    Replaces every use of a `tensor.empty` from inside an `scf.forall` or
    `scf.parallel` that does not hold it by a use of a clone placed at the
    user. CSE merges identical `tensor.empty` ops across region boundaries
    (e.g. the accumulator init of a tile with an identical one of another op
    before the loop), and a `tensor.empty` bufferizes to an allocation where
    it stands, so the threads would all write one buffer. The CPU and GPU
    pipelines run it right before bufferization.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def NormInlineAllocaScopesPass : Pass<"norm-inline-alloca-scopes"> {
  let summary = "Inline memref.alloca_scope ops that hold no stack allocation";
  let description = [{
    Replaces every `memref.alloca_scope` whose body (outside nested scopes)
    has no `memref.alloca` / `llvm.alloca` by its body. The CPU pipeline runs
    it after convert-scf-to-openmp, which wraps each parallel body in a scope
    that the canonicalizer keeps when the body has ops of unknown effects;
    the scope must be gone before the loops inside become multi-block
    control flow.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def NormLowerFunctionIfsPass : Pass<"norm-lower-function-ifs"> {
  let summary = "Lower the result-less scf.if ops of function bodies to "
                "branches, from the last to the first";
  let description = [{
    Rewrites every `scf.if` without results whose parent is a function into
    `cf.cond_br` to its inlined regions and a continuation block, visiting
    each block from its last if to its first. Each split then moves only the
    ops up to the next if; convert-scf-to-cf visits them first to last and
    moves the whole rest of the block at every if, which is quadratic in a
    caller that frees a model's intermediate buffers under thousands of
    `scf.if` (what lower-deallocations makes of ownership-based
    deallocation). The CPU and GPU pipelines run it right before
    convert-scf-to-cf; ifs inside loops are left to that pass.
  }];
  let dependentDialects = ["::mlir::cf::ControlFlowDialect"];
}

def NormFreeBuffersAfterLastUsePass
    : Pass<"norm-free-buffers-after-last-use", "::mlir::ModuleOp"> {
  let summary = "Free the buffers that calls return right after their last "
                "use";
  let description = [{
    Runs after ownership-based buffer deallocation, on the functions that are
    not kernels (`norm.kernel`). That deallocation frees a block's buffers in
    one `bufferization.dealloc` at the end of the block; after
    norm-outline-kernels a model's function is a list of kernel calls, so
    every intermediate buffer would live to the end of the model. Each buffer
    returned by a call (a fresh buffer its caller owns) that no other operand
    or retained value of the dealloc shares, and whose views are all known, is
    moved into a `bufferization.dealloc` of its own right after its last use
    in the block. Memory then stays bounded by what is live, and LLVM's
    register allocation no longer sees one value per buffer live across every
    later call.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def NormOptimizeNoneCallersPass
    : Pass<"norm-optimize-none-callers", "::mlir::ModuleOp"> {
  let summary = "Have LLVM leave the straight-line callers of kernels "
                "unoptimized";
  let description = [{
    Adds `passthrough = ["noinline", "optnone"]` to every function that is
    not a kernel (`norm.kernel`), calls one, and holds no op with regions
    but `scf.if`: after norm-outline-kernels with `linalg-kernels`, a
    model's function is a long list of calls, descriptor shuffling and
    frees, on which LLVM's optimizations and register allocation cost more
    than linearly in its length and gain nothing; the kernels keep the full
    optimization. The CPU pipeline runs it when it outlines kernels.
  }];
}

def NormStoreHalfFloatsAsIntegersPass
    : Pass<"norm-store-half-floats-as-integers"> {
  let summary = "Load and store bf16/f16 vectors as i16 vectors (LLVM dialect)";
  let description = [{
    Runs on the LLVM dialect. Rewrites `llvm.store` and
    `llvm.intr.masked.store` of bf16/f16 vectors to store the same bits as an
    i16 vector (looking through a bitcast from one), and
    `llvm.intr.masked.load` of them into an i16 masked load plus a bitcast.
    x86 without native 16-bit float vectors scalarizes those accesses, the
    masked ones into a library call per element.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def NormDecomposeAggregatedOpsPass
    : Pass<"norm-decompose-aggregated-ops"> {
  let summary = "Decompose linalg.softmax (and the other aggregated linalg "
                "ops) into linalg.generic ops";
  let description = [{
    Replaces every op that implements `linalg::AggregatedOpInterface`
    (`linalg.softmax`, as IREE and ONNX/TOSA importers emit it) by its
    decomposition (`decomposeOperation`): for softmax a max reduction, the
    exponentials of the shifted input, a sum reduction and a division, each
    a `linalg.generic`, which bufferize and lower to loops like the rest.
    norm-cpu-pipeline runs it first, after the TOSA lowering; nothing lowers
    `linalg.softmax` to loops otherwise. An op whose decomposition fails is
    an error.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // NORM_TRANSFORMS_PASSES_TD
