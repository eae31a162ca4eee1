//===- NormInterfaces.td - Norm op interface ---------------*- tablegen -*-===//
//
// NormOpInterface: what a pass may ask any norm op, so that tiling, the
// run-time checks, the verifiers and the lowerings need no switch over the
// ops.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_DIALECT_NORM_IR_NORMINTERFACES_TD
#define NORM_DIALECT_NORM_IR_NORMINTERFACES_TD

include "mlir/IR/OpBase.td"

def Norm_NormOpInterface : OpInterface<"NormOpInterface"> {
  let cppNamespace = "::mlir::norm";
  let description = [{
    A normalization op: `output = f(input, statistics, parameters)`, where the
    statistics (a mean, a variance or an inverse standard deviation, or an
    inverse root mean square) are taken over some dims of `input`, the
    *reduction dims*, or are given as operands (`norm.batch_norm`).

    Every operand and result other than `input` and `output` is an affine
    parameter (`scale`, `bias`), a statistics tensor, a residual (a
    tensor added to `input` before normalizing, and that sum as a result),
    or, for the gradient ops (whose `input` is `dy` and `output` is `dx`),
    the forward input `x` or a parameter gradient (`dscale`, `dbias`),
    and its shape follows from the shape of `input` by one of five layouts
    (`NormTensorLayout`): the sizes of the reduction dims (`Normalized`),
    the input's shape with the reduction dims kept as 1 (`Rows`), the
    channel count `[C]` (`Channels`), `[N, num_groups]` (`Groups`), or the
    input's shape (`Input`).
    `getNormTensors` lists them, with their names, layouts and whether
    their element type is the accumulation type.

    The dims that are not reduced are the op's loops (`getLoopDims`): every
    instance of them is independent, which is what the TilingInterface model
    of the norm ops tiles.

    The interface verifier checks what all norm ops share: the element type
    and rank of `input`, the axis attribute, `acc_type`, `epsilon` and the
    affine parameters. Each op's own verifier then checks its own attributes
    and calls `verifyStatisticsTypes` for the statistics tensors.
  }];

  let methods = [
    //===------------------------------------------------------------------===//
    // Values
    //===------------------------------------------------------------------===//
    InterfaceMethod<
      /*desc=*/"The normalized tensor, the op's first operand.",
      /*retTy=*/"::mlir::TypedValue<::mlir::RankedTensorType>",
      /*methodName=*/"getInput",
      /*args=*/(ins),
      /*methodBody=*/"return $_op.getInput();">,
    InterfaceMethod<
      /*desc=*/"The result, shaped and typed like `input`.",
      /*retTy=*/"::mlir::TypedValue<::mlir::RankedTensorType>",
      /*methodName=*/"getOutput",
      /*args=*/(ins),
      /*methodBody=*/"return $_op.getOutput();">,
    InterfaceMethod<
      /*desc=*/[{
        The name of `input` in the op's definition, for diagnostics: "input",
        or "dy" for the gradient ops (whose `input` is the gradient of the
        forward op's output).
      }],
      /*retTy=*/"::llvm::StringRef",
      /*methodName=*/"getInputName",
      /*args=*/(ins),
      /*methodBody=*/"",
      /*defaultImplementation=*/"return \"input\";">,
    InterfaceMethod<
      /*desc=*/[{
        Every operand and result other than `input` and `output` that is
        present, in order: the affine parameters, the statistics operands,
        the statistics results.
      }],
      /*retTy=*/"::llvm::SmallVector<::mlir::norm::NormTensor>",
      /*methodName=*/"getNormTensors">,

    //===------------------------------------------------------------------===//
    // Dims
    //===------------------------------------------------------------------===//
    InterfaceMethod<
      /*desc=*/[{
        The dims of `input` that the statistics are taken over, increasing:
        `[axis, rank)` for the row norms, every dim but the channel for
        `batch_norm_train`, the channel and spatial dims `[1, rank)` for
        `group_norm` (the channels of one group), the spatial dims
        `[2, rank)` for `instance_norm`, none for `batch_norm` (its
        statistics are operands).
      }],
      /*retTy=*/"::llvm::SmallVector<int64_t>",
      /*methodName=*/"getReductionDims">,
    InterfaceMethod<
      /*desc=*/[{
        The channel dim of `input` in [0, rank), to which the per-channel
        parameters and statistics belong: `feature_axis` of the batch norms,
        1 for `group_norm` and `instance_norm`, none for the row norms.
      }],
      /*retTy=*/"std::optional<int64_t>",
      /*methodName=*/"getChannelAxis",
      /*args=*/(ins),
      /*methodBody=*/"",
      /*defaultImplementation=*/"return std::nullopt;">,
    InterfaceMethod<
      /*desc=*/[{
        The attribute that places the reduction or channel dims, as written:
        its name and value, negative counting from the end (`axis` of the
        row norms, `feature_axis` of the batch norms). None where the dims
        are fixed. The interface verifier checks that it is in
        [-rank, rank).
      }],
      /*retTy=*/"std::optional<std::pair<::llvm::StringRef, int64_t>>",
      /*methodName=*/"getAxisAttribute",
      /*args=*/(ins),
      /*methodBody=*/"",
      /*defaultImplementation=*/"return std::nullopt;">,
    InterfaceMethod<
      /*desc=*/[{
        How many groups the channels of every instance are normalized in:
        `num_groups` for `group_norm`, C for `instance_norm` (dynamic when
        C is), none for the ops without channel groups.
      }],
      /*retTy=*/"std::optional<int64_t>",
      /*methodName=*/"getGroupCount",
      /*args=*/(ins),
      /*methodBody=*/"",
      /*defaultImplementation=*/"return std::nullopt;">,

    //===------------------------------------------------------------------===//
    // Scheduling
    //===------------------------------------------------------------------===//
    InterfaceMethod<
      /*desc=*/[{
        Whether the op's CPU vector kernel (`convert-norm-to-vector`) runs
        its own parallel loop over the op's instances, so that
        `norm-tile-and-fuse` may leave the op whole when those kernels
        follow (its `tile-parallel-kernels=false`, the CPU pipeline's choice
        with `vectorize`): `group_norm`, `instance_norm` and
        `group_norm_grad` of an `(N, C, L)` input, parallel over the
        (n, group) pairs; a channels-last `batch_norm`, parallel over blocks
        of rows. False by default.
      }],
      /*retTy=*/"bool",
      /*methodName=*/"hasParallelVectorKernel",
      /*args=*/(ins),
      /*methodBody=*/"",
      /*defaultImplementation=*/"return false;">,

    //===------------------------------------------------------------------===//
    // Statistics
    //===------------------------------------------------------------------===//
    InterfaceMethod<
      /*desc=*/[{
        Whether the op computes its statistics from `input` (every op but
        `batch_norm`, which reads stored ones).
      }],
      /*retTy=*/"bool",
      /*methodName=*/"computesStatistics",
      /*args=*/(ins),
      /*methodBody=*/"",
      /*defaultImplementation=*/"return true;">,
    InterfaceMethod<
      /*desc=*/[{
        The fewest elements a statistic may be taken over (the product of
        the reduction dims): 1 for `batch_norm_train` (its mean divides by
        the count), 2 when it also folds the unbiased variance into running
        statistics; 0 (no bound) for the others. Checked statically by the
        verifier and at run time by `norm-insert-runtime-checks`.
      }],
      /*retTy=*/"int64_t",
      /*methodName=*/"getMinElementsPerStatistic",
      /*args=*/(ins),
      /*methodBody=*/"",
      /*defaultImplementation=*/"return 0;">,
    InterfaceMethod<
      /*desc=*/"The `acc_type` attribute; null when not given.",
      /*retTy=*/"::mlir::TypeAttr",
      /*methodName=*/"getAccTypeAttr",
      /*args=*/(ins),
      /*methodBody=*/"return $_op.getAccTypeAttr();">,
    InterfaceMethod<
      /*desc=*/[{
        The type statistics are accumulated in and statistics results have:
        `acc_type`, else f64 for f64 inputs and f32 for narrower ones.
      }],
      /*retTy=*/"::mlir::FloatType",
      /*methodName=*/"getAccumulatorType",
      /*args=*/(ins),
      /*methodBody=*/"",
      /*defaultImplementation=*/[{
        return ::mlir::norm::getAccumulatorTypeOrDefault(
            $_op.getAccTypeAttr(), $_op.getElementType());
      }]>,
    InterfaceMethod<
      /*desc=*/"The `epsilon` attribute as written (f32 or f64).",
      /*retTy=*/"::llvm::APFloat",
      /*methodName=*/"getEpsilon",
      /*args=*/(ins),
      /*methodBody=*/"return $_op.getEpsilon();">,
    InterfaceMethod<
      /*desc=*/[{
        `epsilon` rounded once to the accumulation type (an f64 attribute on
        an op accumulating in f32 is rounded to f32), returned exactly as a
        double: the value every lowering uses.
      }],
      /*retTy=*/"double",
      /*methodName=*/"getAccumulatorEpsilon",
      /*args=*/(ins),
      /*methodBody=*/"",
      /*defaultImplementation=*/[{
        return ::mlir::norm::roundToFloatType($_op.getEpsilon(),
                                              $_op.getAccumulatorType());
      }]>,
  ];

  let extraSharedClassDeclaration = [{
    /// The element type of `input` (f16, bf16, f32 or f64).
    ::mlir::FloatType getElementType() {
      return ::llvm::cast<::mlir::FloatType>(
          $_op.getInput().getType().getElementType());
    }
    /// The dims of `input` that are not reduced, increasing: the loops of
    /// the iteration domain of the op's TilingInterface.
    ::llvm::SmallVector<int64_t> getLoopDims() {
      return ::mlir::norm::detail::getLoopDims(
          ::llvm::cast<::mlir::norm::NormOpInterface>($_op.getOperation()));
    }
    /// For each dim of a tensor laid out as `layout`: the dim of `input`
    /// it has the size of, or its fixed size.
    ::llvm::SmallVector<::mlir::norm::NormTensorDim>
    getLayoutDims(::mlir::norm::NormTensorLayout layout) {
      return ::mlir::norm::detail::getLayoutDims(
          ::llvm::cast<::mlir::norm::NormOpInterface>($_op.getOperation()),
          layout);
    }
    /// The affine parameters (`scale`, `bias`) that are present.
    ::llvm::SmallVector<::mlir::norm::NormTensor> getParameters() {
      return ::mlir::norm::detail::filterNormTensors(
          $_op.getNormTensors(), ::mlir::norm::NormTensorRole::Parameter,
          /*results=*/false);
    }
    /// The statistics operands that are present: `mean` and `var` of
    /// `batch_norm`, `running_mean` and `running_var` of `batch_norm_train`.
    ::llvm::SmallVector<::mlir::norm::NormTensor> getStatisticsOperands() {
      return ::mlir::norm::detail::filterNormTensors(
          $_op.getNormTensors(), ::mlir::norm::NormTensorRole::Statistics,
          /*results=*/false);
    }
    /// The `residual` operand added to `input` before normalizing, if any.
    ::llvm::SmallVector<::mlir::norm::NormTensor> getResidualOperands() {
      return ::mlir::norm::detail::filterNormTensors(
          $_op.getNormTensors(), ::mlir::norm::NormTensorRole::Residual,
          /*results=*/false);
    }
    /// The gradient op's operands shaped like `input` (`x`, the forward
    /// op's input).
    ::llvm::SmallVector<::mlir::norm::NormTensor> getForwardInputOperands() {
      return ::mlir::norm::detail::filterNormTensors(
          $_op.getNormTensors(), ::mlir::norm::NormTensorRole::ForwardInput,
          /*results=*/false);
    }
    /// Whether the op is a gradient op (it reads `x`, the forward op's
    /// input, beside `dy`).
    bool isGradient() { return !$_op.getForwardInputOperands().empty(); }
    /// The gradients of the affine parameters a gradient op produces
    /// (`dscale`, `dbias`).
    ::llvm::SmallVector<::mlir::norm::NormTensor> getParameterGradients() {
      return ::mlir::norm::detail::filterNormTensors(
          $_op.getNormTensors(),
          ::mlir::norm::NormTensorRole::ParameterGradient, /*results=*/true);
    }
    /// The statistics results the op produces.
    ::llvm::SmallVector<::mlir::norm::NormTensor> getStatisticsResults() {
      return ::mlir::norm::detail::filterNormTensors(
          $_op.getNormTensors(), ::mlir::norm::NormTensorRole::Statistics,
          /*results=*/true);
    }
    /// The loop of the iteration domain that runs over dim `dim` of
    /// `input`, if `dim` is not reduced.
    std::optional<int64_t> getLoopOfInputDim(int64_t dim) {
      return ::mlir::norm::detail::getLoopOfInputDim(
          ::llvm::cast<::mlir::norm::NormOpInterface>($_op.getOperation()),
          dim);
    }
    /// The loop that runs over dim `dim` of operand `operandNumber`, if
    /// any (a tile takes a slice of that dim).
    std::optional<int64_t> getOperandDimLoop(unsigned operandNumber,
                                             int64_t dim) {
      return ::mlir::norm::detail::getOperandDimLoop(
          ::llvm::cast<::mlir::norm::NormOpInterface>($_op.getOperation()),
          operandNumber, dim);
    }
    /// The loop that runs over dim `dim` of result `resultNumber`, if any.
    std::optional<int64_t> getResultDimLoop(unsigned resultNumber,
                                            int64_t dim) {
      return ::mlir::norm::detail::getResultDimLoop(
          ::llvm::cast<::mlir::norm::NormOpInterface>($_op.getOperation()),
          resultNumber, dim);
    }
  }];

  let verify = [{
    return ::mlir::norm::detail::verifyNormOpInterface($_op);
  }];
}

#endif // NORM_DIALECT_NORM_IR_NORMINTERFACES_TD
