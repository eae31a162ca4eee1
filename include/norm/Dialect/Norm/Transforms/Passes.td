//===- Passes.td - Norm dialect passes -----------------------*- tablegen -*-===//
//
// Passes that rewrite or schedule norm ops (the passes of the pipelines that
// never touch a norm op are in norm/Transforms/Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef NORM_DIALECT_NORM_TRANSFORMS_PASSES_TD
#define NORM_DIALECT_NORM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NormRaisePass : Pass<"norm-raise"> {
  let summary = "Replace decomposed normalizations (linalg, TOSA) by norm ops";
  let description = [{
    Finds LayerNorm, RMSNorm, BatchNorm (inference and training), GroupNorm
    and InstanceNorm written as reductions and elementwise ops, as front ends
    emit them (torch-mlir, TFLite and onnx-mlir through TOSA or linalg, IREE's
    input pipelines), and replaces each by the norm op that computes it. The
    linalg forms are in RaiseLinalg.cpp, the TOSA forms in RaiseTosa.cpp.
    Values of the decomposition that are used outside it (a mean returned
    for a backward pass) are kept or taken from the norm op's statistics
    results; nothing that is not a normalization is raised.
  }];
  let dependentDialects = [
    "::mlir::norm::NormDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def NormFoldBatchNormPass : Pass<"norm-fold-batch-norm"> {
  let summary = "Fold constant inference batch norms into the convolution or "
                "matmul before them, or into one multiply-add per channel";
  let description = [{
    An inference `norm.batch_norm` whose mean, variance, scale and bias are
    constants is folded into the weights (and bias) of the
    `linalg.conv_2d_nchw_fchw`, `linalg.conv_2d_nhwc_hwcf`, depthwise
    convolution or matmul with constant weights that produces its input;
    otherwise it becomes one per-channel multiply-add.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def NormFuseResidualPass : Pass<"norm-fuse-residual"> {
  let summary = "Fold an elementwise add feeding a layer_norm or rms_norm "
                "into the op's residual operand";
  let description = [{
    Rewrites `%s = x + r` feeding `norm.layer_norm` or `norm.rms_norm` into
    the norm op with `residual(r)`, which reads both tensors once and adds
    them in its first pass (vLLM's fused add-RMSNorm). The add is
    `arith.addf` on tensors, `linalg.add`, or an elementwise
    `linalg.generic` / `linalg.map` whose body is one `arith.addf` of its
    two inputs; its operands and result must all have the norm input's type
    (a broadcasted add, or an add of different shapes, is left alone). When
    `%s` has other uses (the pre-LN transformer's running residual), the op
    also returns the `sum` result and those uses take it; they must come
    after the norm op. The sum is rounded to the element type as the add
    would, so the fused op computes exactly what the pair did. The CPU and
    GPU pipelines run it after `norm-raise` (option `raise`), before the
    kernels are outlined.

    With the bias of the layer before (`x + r + bias`, the bias a vector
    over the normalized dims broadcast over the rows, in one elementwise
    linalg op with a body of adds, or as `(x + r) + bias` with the inner add
    used only there), `r` becomes the residual and `x + bias` stays an
    elementwise generic feeding the op, which norm-tile-and-fuse computes
    inside each row tile.
  }];
}

def NormOutlineKernelsPass : Pass<"norm-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Move every norm op into a kernel function; identical kernels "
                "become one";
  let description = [{
    Moves every norm op (not `norm.assert_size`), with the elementwise linalg
    producers that norm-tile-and-fuse would fuse into its tiles (e.g. the
    residual add before a LayerNorm, when the norm op is its only user), into
    a private function marked `norm.kernel`, and replaces them with a
    `func.call`. Scalar constants, `tensor.empty` ops and the index
    computations of their sizes are cloned into it; every other value it
    uses (tensor constants too: a model's weights) becomes an argument, every
    value used after it a result. Kernels that are equivalent up to locations (same ops,
    attributes and types) are one function called several times, as a model
    with many identical LayerNorms has them.

    The CPU pipeline runs it first, after the run-time checks (which stay at
    the call site, with the location of each op): each kernel is then tiled,
    vectorized and bufferized on its own, so the cost of the pipeline and of
    LLVM grows linearly with the number of norm ops, and identical ops are
    compiled once.

    Example:

    ```mlir
    %a = norm.layer_norm %x : tensor<?x768xf32>
    %b = norm.layer_norm %a : tensor<?x768xf32>
    ```

    becomes

    ```mlir
    %a = call @norm_kernel_layer_norm(%x) : (tensor<?x768xf32>) -> tensor<?x768xf32>
    %b = call @norm_kernel_layer_norm(%a) : (tensor<?x768xf32>) -> tensor<?x768xf32>
    ...
    func.func private @norm_kernel_layer_norm(%arg0: tensor<?x768xf32>) -> tensor<?x768xf32>
        attributes {norm.kernel} {
      %0 = norm.layer_norm %arg0 : tensor<?x768xf32>
      return %0 : tensor<?x768xf32>
    }
    ```

    With `linalg-kernels`, every other linalg op on tensors that is left in
    the caller (matmuls, convolutions, reductions, elementwise ops that no
    norm kernel took) becomes a kernel too, with its elementwise producers,
    visited from the last op to the first; equivalent ones are one function
    as well. A model then reaches the later passes as calls and small
    kernels, and no function grows with the model (scf-to-cf and
    bufferization cost more than linearly in the size of one function).
  }];
  let options = [
    Option<"linalgKernels", "linalg-kernels", "bool", /*default=*/"false",
           "Also make every other linalg op on tensors a kernel, with its "
           "elementwise producers">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def NormOnKernelsPass : Pass<"norm-on-kernels", "::mlir::ModuleOp"> {
  let summary = "Run a pipeline on the kernel functions of "
                "norm-outline-kernels only";
  let description = [{
    Runs `pipeline` (a `func.func` pass pipeline, e.g.
    `eliminate-empty-tensors,buffer-deallocation-simplification`) on every
    function marked `norm.kernel`, one function at a time, and on no other.
    The CPU pipeline runs the analyses whose cost grows faster than the
    size of the function they look at (empty-tensor elimination, the
    simplification of deallocations) this way: each kernel is small, and the
    caller, one long chain of calls in a large model, is left to the
    passes that are linear in it.
  }];
  let options = [
    Option<"pipeline", "pipeline", "std::string", /*default=*/"\"\"",
           "The func.func pass pipeline to run on each kernel function">,
  ];
}

def NormTileAndFusePass : Pass<"norm-tile-and-fuse", "::mlir::func::FuncOp"> {
  let summary = "Tile every norm op into an scf.forall over independent tiles";
  let description = [{
    Tiles every norm op through its TilingInterface into an `scf.forall` over
    the dims its statistics do not reduce, and fuses elementwise linalg
    producers (e.g. the residual add before a LayerNorm) into the tile:

    - `layer_norm` / `rms_norm`: blocks of `row-tile-size` rows (or, in
      inputs of at least 128 x `row-tile-bytes` bytes, of at least
      `row-tile-bytes` bytes of short rows), so that the statistics and the
      normalization of a block happen while it is in cache;
    - `batch_norm_train`: blocks of `channel-tile-size` channels (with 0,
      of max(1, `channel-tile-elements` / B) channels, B the elements after
      the channel: several channels of a small H x W per tile). With B
      below `small-run-elements` the tile is rounded up to channels whose
      runs are whole cache lines per leading index, its output is inserted
      into the output viewed as [A..., C * B] (so that the tile may write its
      channels as one contiguous run) and the tiled op is marked
      `norm.small_runs = true`; a dynamic B gets both tilings, one loop
      after the other on the same outputs, the one B does not choose over
      no tile (its op marked `norm.small_runs = false`);
    - `batch_norm`, `group_norm`, `instance_norm`: one instance (dim 0) per
      tile.

    Each tile is the same norm op on slices; `convert-norm-to-linalg`
    decomposes it afterwards. The forall iterations are independent, so the
    CPU pipeline maps them to OpenMP threads.
  }];
  let options = [
    Option<"rowTileSize", "row-tile-size", "int64_t", /*default=*/"8",
           "Rows per tile of layer_norm and rms_norm">,
    Option<"rowTileBytes", "row-tile-bytes", "int64_t", /*default=*/"0",
           "layer_norm and rms_norm of inputs of at least 128 times this "
           "many bytes: more rows than row-tile-size per tile where those "
           "are fewer bytes of the input than this (short rows: a tile's "
           "fixed costs, e.g. the fence after streaming stores, amortize "
           "over more rows; 0: row-tile-size rows)">,
    Option<"channelTileSize", "channel-tile-size", "int64_t", /*default=*/"0",
           "Channels per tile of batch_norm_train; 0: as many as fit their "
           "runs (the elements after the channel per leading index) in "
           "channel-tile-elements, at least one">,
    Option<"channelTileElements", "channel-tile-elements", "int64_t",
           /*default=*/"256",
           "With channel-tile-size=0: the elements of the channels' runs a "
           "tile of batch_norm_train covers per leading index">,
    Option<"fuseProducers", "fuse-producers", "bool", /*default=*/"true",
           "Fuse elementwise linalg producers into the tiles">,
    Option<"smallRunElements", "small-run-elements", "int64_t",
           /*default=*/"0",
           "batch_norm_train of [A..., C, B] with B below this (chosen at "
           "run time when B is dynamic): tiles of whole cache lines per leading index "
           "(with channel-tile-size=0), the output shared as [A..., C * B] "
           "and the tiled op marked norm.small_runs = true (0: never)">,
    Option<"tileParallelKernels", "tile-parallel-kernels", "bool",
           /*default=*/"true",
           "Tile the ops whose vector kernel runs its own parallel loop over "
           "their instances (NormOpInterface::hasParallelVectorKernel); "
           "false leaves them whole for those kernels">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def NormFlattenBatchNormPass
    : Pass<"norm-flatten-batch-norm", "::mlir::func::FuncOp"> {
  let summary = "View batch norms as [..., C, B]: one dim after the channel";
  let description = [{
    Rewrites every `norm.batch_norm` / `norm.batch_norm_train` with two or
    more dims after `feature_axis` (NCHW, NCDHW, ...) into the same op on a
    `tensor.collapse_shape` of its input that merges those dims into one
    (NCHW -> N x C x HW), followed by a `tensor.expand_shape` of the output
    back to the original shape (a `tensor.reshape` where two or more of the
    merged dims are dynamic: LLVM 22's expand-strided-metadata cannot split
    one dim into several dynamic ones). The statistics results are per channel and
    do not change. `norm.group_norm` and `norm.instance_norm` with two or more
    spatial dims are viewed the same way (N x C x HW; their statistics are
    per (n, group) and do not change either).

    Each channel then owns B contiguous elements per leading index, which
    stays one dim through `norm-tile-and-fuse`, so that the vector kernels of
    `convert-norm-to-vector` stream whole H x W planes. (Collapsing a tile's
    slice after tiling would make bufferization copy it: its strides are not
    known to be contiguous.) Run it before `norm-tile-and-fuse`; the reshapes
    of whole tensors bufferize into views.

    Likewise every `norm.layer_norm` / `norm.rms_norm` (and their gradients
    `norm.layer_norm_grad` / `norm.rms_norm_grad`) over two or more
    trailing dims (`axis` < rank - 1) becomes the same op over one: its
    input (and any operand shaped like it: `x`, a residual) viewed as
    [dims before axis..., product of the normalized dims], its scale and
    bias (and `dscale`, `dbias`) as one dim, its statistics (results or
    operands) as [dims before axis..., 1], every result expanded back. The
    row then reaches the row kernels of `convert-norm-to-vector`.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def NormInsertRuntimeChecksPass : Pass<"norm-insert-runtime-checks"> {
  let summary = "Guard the dynamic size relations of norm ops at run time";
  let description = [{
    Inserts a `norm.assert_size` before every norm op for each size relation
    that the op's verifier checks on static shapes but that involves a
    dynamic size: scale, bias, mean, var and running statistics against the
    normalized dims or the channel count, static statistics result dims
    against the input, `num_groups` dividing C (group_norm), and at least one
    element per channel (two with `unbiased_running_var`) for
    batch_norm_train. Static shapes get no check. The CPU and GPU pipelines
    run it first (`runtime-checks=false` leaves it out).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

def NormLowerRuntimeChecksPass : Pass<"norm-lower-runtime-checks",
                                      "::mlir::ModuleOp"> {
  let summary = "Lower norm.assert_size to a message on stderr and abort";
  let description = [{
    Rewrites every `norm.assert_size` into an `scf.if` on the failed relation
    whose body calls `dprintf(2, message, lhs, rhs)`, with `{0}` and `{1}` of
    the message as `%lld`, and `abort()`. Both are libc functions, so the
    compiled code needs no runtime library of ours.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // NORM_DIALECT_NORM_TRANSFORMS_PASSES_TD
