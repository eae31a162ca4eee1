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
  let summary = "Lower layer_norm and rms_norm over their last dim to vector "
                "loops over rows";
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
    Other ops and other axes are left alone.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "f32 lanes per vector register">,
    Option<"unroll", "unroll", "int64_t", /*default=*/"4",
           "Independent vector accumulators per pass">,
    Option<"streamStores", "stream-stores", "bool", /*default=*/"false",
           "Mark aligned normalization loops for norm-stream-stores">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def ConvertNormToGPUPass : Pass<"convert-norm-to-gpu"> {
  let summary = "Lower layer_norm and rms_norm on tensors to hand-scheduled "
                "row kernels in gpu.launch";
  let description = [{
    Rewrites every `norm.layer_norm` / `norm.rms_norm` on tensors into a
    `gpu.launch` over flat (rank-1) views of its buffers:
    `bufferization.to_buffer` of the operands, a fresh `memref.alloc` (or the
    destination of a `bufferization.materialize_in_destination` that is the
    result's only use) for each result, and `bufferization.to_tensor` of the
    results after the launch.

    Each block handles `rows-per-block` rows; a row gets
    `threads / rows-per-block` threads (block id x picks the rows, thread id x
    the thread of a row). Every thread sweeps its strided share of the row
    with `vector-width`-wide `vector.load`s, accumulating in the accumulation
    type; the row's threads then reduce their partial sums with
    `gpu.shuffle xor` within a subgroup of `warp-size` lanes and, when a row
    spans several subgroups, one `gpu.barrier`-separated stage through a
    workgroup memory buffer. LayerNorm uses the corrected two-pass moments of
    convert-norm-to-linalg (sum x; then sum d and sum d^2 of d = x - m1) and
    RMSNorm one sum of squares; a final sweep normalizes the row and writes
    it with `vector.store`. `vector-width` falls back to 1 when it does not
    divide a static row size, or the row size is dynamic.

    Other ops are left alone (convert-norm-to-linalg lowers them). The
    patterns are available to other compilers through
    `mlir::norm::populateNormToGPUConversionPatterns`.
  }];
  let options = [
    Option<"threads", "threads", "int64_t", /*default=*/"256",
           "Threads per block (a power of two, at most 1024)">,
    Option<"rowsPerBlock", "rows-per-block", "int64_t", /*default=*/"1",
           "Rows per block (a power of two dividing `threads`)">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"4",
           "Elements per vector load/store (a power of two, at most 16)">,
    Option<"warpSize", "warp-size", "int64_t", /*default=*/"32",
           "Lanes per subgroup of the shuffle reductions: 32 on NVIDIA, 64 "
           "on AMD (wave64)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // NORM_CONVERSION_PASSES_TD
