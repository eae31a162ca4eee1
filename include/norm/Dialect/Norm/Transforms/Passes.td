//===- Passes.td - Norm dialect passes -----------------------*- tablegen -*-===//

#ifndef NORM_DIALECT_NORM_TRANSFORMS_PASSES_TD
#define NORM_DIALECT_NORM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NormTileAndFusePass : Pass<"norm-tile-and-fuse", "::mlir::func::FuncOp"> {
  let summary = "Tile every norm op into an scf.forall over independent tiles";
  let description = [{
    Tiles every norm op through its TilingInterface into an `scf.forall` over
    the dims its statistics do not reduce, and fuses elementwise linalg
    producers (e.g. the residual add before a LayerNorm) into the tile:

    - `layer_norm` / `rms_norm`: blocks of `row-tile-size` rows, so that the
      statistics and the normalization of a block happen while it is in cache;
    - `batch_norm_train`: blocks of `channel-tile-size` channels;
    - `batch_norm`, `group_norm`, `instance_norm`: one instance (dim 0) per
      tile.

    Each tile is the same norm op on slices; `convert-norm-to-linalg`
    decomposes it afterwards. The forall iterations are independent, so the
    CPU pipeline maps them to OpenMP threads.
  }];
  let options = [
    Option<"rowTileSize", "row-tile-size", "int64_t", /*default=*/"8",
           "Rows per tile of layer_norm and rms_norm">,
    Option<"channelTileSize", "channel-tile-size", "int64_t", /*default=*/"1",
           "Channels per tile of batch_norm_train">,
    Option<"fuseProducers", "fuse-producers", "bool", /*default=*/"true",
           "Fuse elementwise linalg producers into the tiles">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def NormStreamStoresPass : Pass<"norm-stream-stores"> {
  let summary = "Write marked normalization loops with non-temporal stores";
  let description = [{
    Runs after bufferization. For each `scf.for` marked `norm.stream_stores`
    by convert-norm-to-vector{stream-stores}, checks that every vector store
    in it writes a whole vector at a multiple of the vector size from the row
    start (lower bound 0, constant steps and offsets, the same buffer and row
    indices), and rewrites the loop into

    ```
    scf.if (row start % vector bytes == 0) {
      the loop with vector.store {nontemporal = true, alignment = bytes}
      llvm.fence seq_cst
    } else { the loop }
    ```

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
    (no `affine.min`); an `scf.if` guards the body of the last, partial tile.
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

def NormReportInvalidPipelineOptionsPass
    : Pass<"norm-report-invalid-pipeline-options", "::mlir::ModuleOp"> {
  let summary = "Fail with an error that names an invalid pipeline option";
  let description = [{
    A pipeline builder (e.g. norm-gpu-pipeline's) that finds its options
    invalid builds this pass alone instead of the pipeline: it emits `message`
    as an error on the module and fails, so the user hears which option is
    wrong instead of getting a crash or silently wrong code.
  }];
  let options = [
    Option<"message", "message", "std::string", /*default=*/"",
           "The error to report">,
  ];
}

#endif // NORM_DIALECT_NORM_TRANSFORMS_PASSES_TD
