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
    Option<"channelTileSize", "channel-tile-size", "int64_t", /*default=*/"4",
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

#endif // NORM_DIALECT_NORM_TRANSFORMS_PASSES_TD
