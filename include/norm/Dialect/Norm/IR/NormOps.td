//===- NormOps.td - Norm dialect ops -------------------------*- tablegen -*-===//
//
// LayerNorm, RMSNorm, BatchNorm (inference and training), GroupNorm and
// InstanceNorm as ops on ranked tensors.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_DIALECT_NORM_IR_NORMOPS_TD
#define NORM_DIALECT_NORM_IR_NORMOPS_TD

include "norm/Dialect/Norm/IR/NormDialect.td"
include "norm/Dialect/Norm/IR/NormInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"

// Element types are checked in C++ so that the diagnostic can name the operand.
defvar NormTensor = AnyRankedTensor;

/// `epsilon` and `momentum`: an f32 or an f64 float attribute. An f64 value
/// states a double exactly (a PyTorch model's `eps`, `momentum = 0.9` on f64
/// data); the lowerings round the value once to the accumulation type. The
/// default values and the C++ builders taking a `float` give f32 attributes.
def Norm_F32OrF64Attr : Attr<
    And<[CPred<"::llvm::isa<::mlir::FloatAttr>($_self)">,
         Or<[CPred<"::llvm::cast<::mlir::FloatAttr>($_self).getType().isF32()">,
             CPred<"::llvm::cast<::mlir::FloatAttr>($_self).getType().isF64()">]>]>,
    "32-bit or 64-bit float attribute"> {
  let storageType = "::mlir::FloatAttr";
  let returnType = "::llvm::APFloat";
  let convertFromStorage = "$_self.getValue()";
  let constBuilderCall = "::mlir::norm::getF32OrF64FloatAttr($_builder, $0)";
}

defvar NormEpsilonAttr = DefaultValuedAttr<Norm_F32OrF64Attr, "1e-5f">;

/// Members shared by every norm op. `overrides` names the NormOpInterface
/// methods with a default implementation that the op defines itself.
class Norm_NormOp<string mnemonic, list<Trait> traits = [],
                  list<string> overrides = []>
    : Norm_Op<mnemonic, !listconcat(traits, [
        Pure,
        DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
                                  ["reifyResultShapes"]>,
        DeclareOpInterfaceMethods<Norm_NormOpInterface, overrides>,
        AllTypesMatch<["input", "output"]>])> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

def Norm_LayerNormOp : Norm_NormOp<"layer_norm",
    [AttrSizedOperandSegments, AttrSizedResultSegments],
    ["getAxisAttribute"]> {
  let summary = "Layer normalization over the trailing dims [axis, rank)";
  let description = [{
    Normalizes every instance over the dims `[axis, rank)` of `input`,
    independently of the batch (ONNX `LayerNormalization`, PyTorch
    `layer_norm`):

    ```
    mean        = sum(x[i, :]) / n
    var         = sum((x[i, :] - mean)^2) / n
    inv_std_dev = 1 / sqrt(var + epsilon)
    y[i, :]     = (x[i, :] - mean) * inv_std_dev * scale + bias
    ```

    `axis` counts from the end when negative (default -1: the last dim).
    `scale` (γ) and `bias` (β) are optional and shaped like
    `input.shape[axis:]`. The optional `mean` and `inv_std_dev` results have
    the accumulation type and the ONNX layout `input.shape[:axis] + [1] * (rank - axis)`.
    The variance is biased (divides by n). A constant instance gives exactly
    `bias`.

    With the optional `residual` operand (the input's type), the op
    normalizes `x + residual`, added in the element type as `arith.addf`
    would (the pre-LN transformer's running residual, the post-LN block's
    skip connection), reading both tensors once; the optional `sum` result
    returns that sum, for a later residual add. `norm-fuse-residual` forms
    it from an add feeding the op.

    Example:

    ```mlir
    %y, %mean, %rstd = norm.layer_norm %x scale(%g : tensor<768xf16>)
        bias(%b : tensor<768xf16>) {epsilon = 1.0e-05 : f32}
        : tensor<?x768xf16> -> mean, inv_std_dev
    %z, %h = norm.layer_norm %x residual(%r : tensor<?x768xf16>)
        scale(%g : tensor<768xf16>) : tensor<?x768xf16> -> sum
    ```
  }];
  let arguments = (ins NormTensor:$input,
                       Optional<NormTensor>:$residual,
                       Optional<NormTensor>:$scale,
                       Optional<NormTensor>:$bias,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       NormEpsilonAttr:$epsilon,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs NormTensor:$output,
                      Optional<NormTensor>:$sum,
                      Optional<NormTensor>:$mean,
                      Optional<NormTensor>:$inv_std_dev);
  let hasCustomAssemblyFormat = 1;
  let builders = [
    /// Infers every result type; `withStats` adds `mean` and `inv_std_dev`.
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$scale,
                   "::mlir::Value":$bias, "int64_t":$axis, "float":$epsilon,
                   "bool":$withStats)>,
    /// The same with a `residual` (may be null); `withSum` adds `sum`.
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$residual,
                   "::mlir::Value":$scale, "::mlir::Value":$bias,
                   "int64_t":$axis, "::llvm::APFloat":$epsilon,
                   "::mlir::TypeAttr":$accType, "bool":$withSum,
                   "bool":$withStats)>
  ];
  let extraClassDeclaration = [{
    /// `axis` as a non-negative dim index in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

//===----------------------------------------------------------------------===//
// RMSNormOp
//===----------------------------------------------------------------------===//

def Norm_RMSNormOp : Norm_NormOp<"rms_norm",
    [AttrSizedOperandSegments, AttrSizedResultSegments],
    ["getAxisAttribute"]> {
  let summary = "Root-mean-square normalization over the trailing dims";
  let description = [{
    Scales every instance by the inverse root mean square over the dims
    `[axis, rank)` (ONNX `RMSNormalization`, PyTorch `rms_norm`); no mean is
    subtracted and there is no bias:

    ```
    inv_rms = 1 / sqrt(sum(x[i, :]^2) / n + epsilon)
    y[i, :] = x[i, :] * inv_rms * scale
    ```

    The optional `inv_rms` result has the accumulation type and the layout
    `input.shape[:axis] + [1] * (rank - axis)`. The optional `residual`
    operand and `sum` result are those of `layer_norm`: the op normalizes
    `x + residual` (vLLM's fused add-RMSNorm) and may return the sum.

    Example:

    ```mlir
    %y = norm.rms_norm %x scale(%g : tensor<4096xbf16>) {epsilon = 1.0e-06 : f32}
        : tensor<?x4096xbf16>
    %y2, %inv_rms = norm.rms_norm %h : tensor<2x?x64xf16> -> inv_rms
    %y3, %h2 = norm.rms_norm %x residual(%h : tensor<?x4096xbf16>)
        scale(%g : tensor<4096xbf16>) : tensor<?x4096xbf16> -> sum
    ```
  }];
  let arguments = (ins NormTensor:$input,
                       Optional<NormTensor>:$residual,
                       Optional<NormTensor>:$scale,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       NormEpsilonAttr:$epsilon,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs NormTensor:$output, Optional<NormTensor>:$sum,
                      Optional<NormTensor>:$inv_rms);
  let hasCustomAssemblyFormat = 1;
  let builders = [
    /// Infers every result type; `withStats` adds `inv_rms`.
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$scale,
                   "int64_t":$axis, "float":$epsilon, "bool":$withStats)>,
    /// The same with a `residual` (may be null); `withSum` adds `sum`.
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$residual,
                   "::mlir::Value":$scale, "int64_t":$axis,
                   "::llvm::APFloat":$epsilon, "::mlir::TypeAttr":$accType,
                   "bool":$withSum, "bool":$withStats)>
  ];
  let extraClassDeclaration = [{
    /// `axis` as a non-negative dim index in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

def Norm_BatchNormOp : Norm_NormOp<"batch_norm", [],
    ["getChannelAxis", "getAxisAttribute", "computesStatistics",
     "hasParallelVectorKernel"]> {
  let summary = "Batch normalization with stored statistics (inference)";
  let description = [{
    Normalizes every channel with the given statistics (ONNX
    `BatchNormalization` in inference mode, PyTorch `batch_norm` with
    `training=False`):

    ```
    y[n, c, ...] = (x[n, c, ...] - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + bias[c]
    ```

    `feature_axis` is the channel dim (default 1, NCHW; -1 for channels-last).
    `scale`, `bias`, `mean` and `var` are 1-D of size C, with the element type
    of `input`.

    Example:

    ```mlir
    %y = norm.batch_norm %x scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>)
        mean(%m : tensor<64xf32>) var(%v : tensor<64xf32>)
        {feature_axis = -1 : i64} : tensor<8x56x56x64xf32>
    ```
  }];
  let arguments = (ins NormTensor:$input, NormTensor:$scale, NormTensor:$bias,
                       NormTensor:$mean, NormTensor:$var,
                       NormEpsilonAttr:$epsilon,
                       DefaultValuedAttr<I64Attr, "1">:$feature_axis,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs NormTensor:$output);
  let hasCustomAssemblyFormat = 1;
  let extraClassDeclaration = [{
    /// `feature_axis` as a non-negative dim index in [0, rank).
    int64_t getNormalizedFeatureAxis();
  }];
}

//===----------------------------------------------------------------------===//
// BatchNormTrainOp
//===----------------------------------------------------------------------===//

def Norm_BatchNormTrainOp : Norm_NormOp<"batch_norm_train",
    [AttrSizedOperandSegments, AttrSizedResultSegments],
    ["getChannelAxis", "getAxisAttribute", "getMinElementsPerStatistic"]> {
  let summary = "Batch normalization with batch statistics (training)";
  let description = [{
    Computes per-channel statistics over every dim but `feature_axis`,
    normalizes with them, and updates the running statistics when they are
    given (ONNX `BatchNormalization` with `training_mode = 1`, PyTorch
    `batch_norm` with `training=True`):

    ```
    batch_mean[c] = sum(x[.., c, ..]) / m
    batch_var[c]  = sum((x[.., c, ..] - batch_mean[c])^2) / m          (biased)
    y             = (x - batch_mean[c]) / sqrt(batch_var[c] + epsilon) * scale[c] + bias[c]
    new_running_mean = running_mean * momentum + batch_mean * (1 - momentum)
    new_running_var  = running_var * momentum + v * (1 - momentum)
    ```

    `momentum` follows ONNX (default 0.9: the weight of the old value);
    PyTorch's `momentum=0.1` is `momentum = 0.9` here. `v` is `batch_var`,
    or the unbiased `batch_var * m / (m - 1)` when `unbiased_running_var` is
    set (PyTorch's update). `running_mean` and `running_var` come together, and
    then so do `new_running_mean` and `new_running_var`. Statistics operands
    and results have the accumulation type.

    Every channel needs at least one element (m >= 1), and two when the
    unbiased variance is folded into running statistics (PyTorch: "Expected
    more than 1 value per channel when training"): the verifier rejects a
    static shape with fewer; with dynamic dims a run-time check does.

    Example:

    ```mlir
    %y, %bm, %bv, %rm, %rv = norm.batch_norm_train %x
        scale(%g : tensor<64xf32>) bias(%b : tensor<64xf32>)
        running_mean(%m : tensor<64xf32>) running_var(%v : tensor<64xf32>)
        {momentum = 0.9 : f32, unbiased_running_var = true}
        : tensor<8x64x56x56xf32>
        -> batch_mean, batch_var, new_running_mean, new_running_var
    ```
  }];
  let arguments = (ins NormTensor:$input, NormTensor:$scale, NormTensor:$bias,
                       Optional<NormTensor>:$running_mean,
                       Optional<NormTensor>:$running_var,
                       NormEpsilonAttr:$epsilon,
                       DefaultValuedAttr<Norm_F32OrF64Attr, "0.9f">:$momentum,
                       DefaultValuedAttr<I64Attr, "1">:$feature_axis,
                       DefaultValuedAttr<BoolAttr, "false">:$unbiased_running_var,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs NormTensor:$output, NormTensor:$batch_mean,
                      NormTensor:$batch_var,
                      Optional<NormTensor>:$new_running_mean,
                      Optional<NormTensor>:$new_running_var);
  let hasCustomAssemblyFormat = 1;
  let builders = [
    /// Infers every result type; with `runningMean` and `runningVar` adds the
    /// new running statistics.
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$scale,
                   "::mlir::Value":$bias, "::mlir::Value":$runningMean,
                   "::mlir::Value":$runningVar, "float":$epsilon,
                   "float":$momentum, "int64_t":$featureAxis,
                   "bool":$unbiasedRunningVar,
                   CArg<"::mlir::TypeAttr", "nullptr">:$accType)>
  ];
  let extraClassDeclaration = [{
    /// `feature_axis` as a non-negative dim index in [0, rank).
    int64_t getNormalizedFeatureAxis();
    /// `momentum` rounded once to the accumulation type, returned exactly as
    /// a double (see getAccumulatorEpsilon).
    double getAccumulatorMomentum() {
      return ::mlir::norm::roundToFloatType(getMomentum(),
                                            getAccumulatorType());
    }
  }];
}

//===----------------------------------------------------------------------===//
// GroupNormOp
//===----------------------------------------------------------------------===//

def Norm_GroupNormOp : Norm_NormOp<"group_norm", [AttrSizedResultSegments],
    ["getChannelAxis", "getGroupCount",
     "hasParallelVectorKernel"]> {
  let summary = "Group normalization over channel groups of (N, C, ...)";
  let description = [{
    Splits the C channels of an `(N, C, ...)` input into `num_groups` groups
    of C / G consecutive channels and normalizes each (n, group) over its
    channels and all spatial dims; `scale` and `bias` are per channel, size C
    (ONNX opset 21 `GroupNormalization`, PyTorch `group_norm`). With G = C it
    is `norm.instance_norm` (the canonical form it folds into); with G = 1 it
    is a layer norm over C, H, W with per-channel affine.

    The optional `mean` and `inv_std_dev` results are shaped (N, G) and have
    the accumulation type.

    Example:

    ```mlir
    %y = norm.group_norm %x scale(%g : tensor<320xf16>)
        bias(%b : tensor<320xf16>) {num_groups = 32 : i64}
        : tensor<2x320x64x64xf16>
    %y2, %mean, %rstd = norm.group_norm %x scale(%g : tensor<320xf16>)
        bias(%b : tensor<320xf16>) {num_groups = 32 : i64}
        : tensor<2x320x64x64xf16> -> mean, inv_std_dev
    ```
  }];
  let arguments = (ins NormTensor:$input, NormTensor:$scale, NormTensor:$bias,
                       I64Attr:$num_groups,
                       NormEpsilonAttr:$epsilon,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs NormTensor:$output,
                      Optional<NormTensor>:$mean,
                      Optional<NormTensor>:$inv_std_dev);
  let hasCustomAssemblyFormat = 1;
  let builders = [
    /// Infers every result type; `withStats` adds `mean` and `inv_std_dev`.
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$scale,
                   "::mlir::Value":$bias, "int64_t":$numGroups,
                   "float":$epsilon, "bool":$withStats,
                   CArg<"::mlir::TypeAttr", "nullptr">:$accType)>
  ];
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// InstanceNormOp
//===----------------------------------------------------------------------===//

def Norm_InstanceNormOp : Norm_NormOp<"instance_norm", [],
    ["getChannelAxis", "getGroupCount",
     "hasParallelVectorKernel"]> {
  let summary = "Instance normalization of every (n, c) over the spatial dims";
  let description = [{
    Normalizes every channel of every instance of an `(N, C, ...)` input over
    its spatial dims, with per-channel `scale` and `bias` of size C (ONNX
    `InstanceNormalization`, PyTorch `instance_norm` without running stats).
    `norm.group_norm` with `num_groups` = C and no statistics results
    canonicalizes into this op.

    Example:

    ```mlir
    %y = norm.instance_norm %x scale(%g : tensor<64xf32>)
        bias(%b : tensor<64xf32>) : tensor<2x64x?x?xf32>
    ```
  }];
  let arguments = (ins NormTensor:$input, NormTensor:$scale, NormTensor:$bias,
                       NormEpsilonAttr:$epsilon,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs NormTensor:$output);
  let hasCustomAssemblyFormat = 1;
}

//===----------------------------------------------------------------------===//
// Gradient ops
//===----------------------------------------------------------------------===//

/// The accessors every gradient op declares: `dy` is NormOpInterface's
/// input, `dx` its output.
defvar NormGradClassDeclaration = [{
    /// `dy`, the tensor the op's layouts follow (NormOpInterface's input).
    ::mlir::TypedValue<::mlir::RankedTensorType> getInput() { return getDy(); }
    /// `dx` (NormOpInterface's output).
    ::mlir::TypedValue<::mlir::RankedTensorType> getOutput() {
      return getDx();
    }
}];
/// The same for the ops without `epsilon` (their statistics are given).
defvar NormNoEpsilonDeclaration = [{
    /// No epsilon: the inverse standard deviation is an operand.
    ::llvm::APFloat getEpsilon() { return ::llvm::APFloat(0.0f); }
}];

/// Members shared by the gradient ops: `dy` (the gradient of the forward
/// op's output) is their first operand and `dx` (the gradient of its input)
/// their first result; both have the type of `x`, the forward op's input.
/// Through NormOpInterface, `dy` is the op's `input` and `dx` its `output`.
class Norm_NormGradOp<string mnemonic, list<Trait> traits = [],
                      list<string> overrides = []>
    : Norm_Op<mnemonic, !listconcat(traits, [
        Pure,
        DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
                                  ["reifyResultShapes"]>,
        DeclareOpInterfaceMethods<Norm_NormOpInterface,
                                  !listconcat(overrides, ["getInputName",
                                                          "computesStatistics"])>,
        AllTypesMatch<["dy", "x", "dx"]>])> {
  let hasVerifier = 1;
  let hasCustomAssemblyFormat = 1;
}

def Norm_LayerNormGradOp : Norm_NormGradOp<"layer_norm_grad",
    [AttrSizedResultSegments], ["getAxisAttribute"]> {
  let summary = "Gradient of layer_norm with respect to its input and parameters";
  let description = [{
    The backward pass of `norm.layer_norm` (PyTorch's
    `native_layer_norm_backward`): given `dy`, the gradient of the loss with
    respect to `y`, the input `x` and the statistics `mean` and
    `inv_std_dev` that the forward op returned, it computes over the dims
    `[axis, rank)` of every instance (n elements):

    ```
    xhat[i, :]  = (x[i, :] - mean[i]) * inv_std_dev[i]
    g[i, :]     = dy[i, :] * scale                       (dy without scale)
    dx[i, :]    = inv_std_dev[i] * (g[i, :] - sum(g[i, :]) / n
                                    - xhat[i, :] * sum(g[i, :] * xhat[i, :]) / n)
    dscale      = sum over the instances i of dy[i, :] * xhat[i, :]
    dbias       = sum over the instances i of dy[i, :]
    ```

    `dscale` and `dbias` are optional results (PyTorch's `output_mask`),
    shaped like `scale` (`x.shape[axis:]`) with the element type of `x`.
    `mean` and `inv_std_dev` have the accumulation type and the layout of
    `layer_norm`'s statistics results, `x.shape[:axis] + [1] * (rank - axis)`.
    Every sum is taken in the accumulation type; `dscale` and `dbias` sum
    the instances in a fixed order (the result does not depend on the
    schedule).

    Example:

    ```mlir
    %dx, %dg, %db = norm.layer_norm_grad %dy x(%x : tensor<?x768xf16>)
        mean(%m : tensor<?x1xf32>) inv_std_dev(%r : tensor<?x1xf32>)
        scale(%g : tensor<768xf16>) : tensor<?x768xf16> -> dscale, dbias
    ```
  }];
  let arguments = (ins NormTensor:$dy, NormTensor:$x, NormTensor:$mean,
                       NormTensor:$inv_std_dev,
                       Optional<NormTensor>:$scale,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs NormTensor:$dx, Optional<NormTensor>:$dscale,
                      Optional<NormTensor>:$dbias);
  let extraClassDeclaration = !strconcat(NormGradClassDeclaration,
                                         NormNoEpsilonDeclaration, [{
    /// `axis` as a non-negative dim index in [0, rank).
    int64_t getNormalizedAxis();
  }]);
}

def Norm_RMSNormGradOp : Norm_NormGradOp<"rms_norm_grad", [],
    ["getAxisAttribute"]> {
  let summary = "Gradient of rms_norm with respect to its input and scale";
  let description = [{
    The backward pass of `norm.rms_norm`: given `dy`, the input `x` and the
    `inv_rms` the forward op returned, over the dims `[axis, rank)` of every
    instance (n elements):

    ```
    xhat[i, :]  = x[i, :] * inv_rms[i]
    g[i, :]     = dy[i, :] * scale                       (dy without scale)
    dx[i, :]    = inv_rms[i] * (g[i, :] - xhat[i, :] * sum(g[i, :] * xhat[i, :]) / n)
    dscale      = sum over the instances i of dy[i, :] * xhat[i, :]
    ```

    `dscale` is an optional result shaped like `scale` with the element
    type of `x`; `inv_rms` has the accumulation type and the layout
    `x.shape[:axis] + [1] * (rank - axis)`.

    Example:

    ```mlir
    %dx, %dg = norm.rms_norm_grad %dy x(%x : tensor<?x4096xbf16>)
        inv_rms(%r : tensor<?x1xf32>) scale(%g : tensor<4096xbf16>)
        : tensor<?x4096xbf16> -> dscale
    ```
  }];
  let arguments = (ins NormTensor:$dy, NormTensor:$x, NormTensor:$inv_rms,
                       Optional<NormTensor>:$scale,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs NormTensor:$dx, Optional<NormTensor>:$dscale);
  let extraClassDeclaration = !strconcat(NormGradClassDeclaration,
                                         NormNoEpsilonDeclaration, [{
    /// `axis` as a non-negative dim index in [0, rank).
    int64_t getNormalizedAxis();
  }]);
}

def Norm_BatchNormGradOp : Norm_NormGradOp<"batch_norm_grad",
    [AttrSizedResultSegments],
    ["getChannelAxis", "getAxisAttribute"]> {
  let summary = "Gradient of batch_norm_train (or batch_norm) with respect "
                "to its input and parameters";
  let description = [{
    The backward pass of a batch normalization (StableHLO
    `batch_norm_grad`, PyTorch `native_batch_norm_backward`): given `dy`,
    the input `x`, the per-channel `mean` and `var` the forward op
    normalized with, and `scale`, over the m elements of each channel c
    (every dim but `feature_axis`):

    ```
    inv_std[c]  = 1 / sqrt(var[c] + epsilon)
    xhat        = (x - mean[c]) * inv_std[c]
    dbias[c]    = sum(dy[.., c, ..])
    dscale[c]   = sum(dy[.., c, ..] * xhat[.., c, ..])
    dx          = scale[c] * inv_std[c] * (dy - dbias[c] / m - xhat * dscale[c] / m)
    ```

    `mean` and `var` are what `batch_norm_train` returns as `batch_mean`
    and `batch_var`: the batch mean and the *biased* batch variance (not an
    inverse standard deviation), with the accumulation type; `epsilon` must
    be the forward op's. With `training = false` the statistics were
    constants of the forward op (`batch_norm`, inference: its running
    statistics, passed here in the accumulation type), and
    `dx = scale[c] * inv_std[c] * dy`; `dscale` and `dbias` are the same.

    `dscale` and `dbias` are optional results of size C with the element type
    of `x`.

    Example:

    ```mlir
    %y, %bm, %bv = norm.batch_norm_train %x scale(%g : tensor<64xf32>)
        bias(%b : tensor<64xf32>) : tensor<8x64x56x56xf32> -> batch_mean, batch_var
    %dx, %dg, %db = norm.batch_norm_grad %dy x(%x : tensor<8x64x56x56xf32>)
        mean(%bm : tensor<64xf32>) var(%bv : tensor<64xf32>)
        scale(%g : tensor<64xf32>) : tensor<8x64x56x56xf32> -> dscale, dbias
    ```
  }];
  let arguments = (ins NormTensor:$dy, NormTensor:$x, NormTensor:$mean,
                       NormTensor:$var, NormTensor:$scale,
                       NormEpsilonAttr:$epsilon,
                       DefaultValuedAttr<I64Attr, "1">:$feature_axis,
                       DefaultValuedAttr<BoolAttr, "true">:$training,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs NormTensor:$dx, Optional<NormTensor>:$dscale,
                      Optional<NormTensor>:$dbias);
  let extraClassDeclaration = !strconcat(NormGradClassDeclaration, [{
    /// `feature_axis` as a non-negative dim index in [0, rank).
    int64_t getNormalizedFeatureAxis();
  }]);
}

def Norm_GroupNormGradOp : Norm_NormGradOp<"group_norm_grad",
    [AttrSizedResultSegments], ["getChannelAxis", "getGroupCount",
                                  "hasParallelVectorKernel"]> {
  let summary = "Gradient of group_norm with respect to its input and parameters";
  let description = [{
    The backward pass of `norm.group_norm` (and of `norm.instance_norm`,
    with `num_groups` = C): given `dy`, the `(N, C, ...)` input `x`, the
    `(N, G)` statistics `mean` and `inv_std_dev` the forward op returned,
    and `scale`, over the m elements of every (n, group) (its C / G
    channels and the spatial dims), with c a channel of group k:

    ```
    xhat[n, c, ..] = (x[n, c, ..] - mean[n, k]) * inv_std_dev[n, k]
    g[n, c, ..]    = dy[n, c, ..] * scale[c]
    dx[n, c, ..]   = inv_std_dev[n, k] * (g[n, c, ..] - sum(g[n, k]) / m
                                          - xhat[n, c, ..] * sum(g[n, k] * xhat[n, k]) / m)
    dscale[c]      = sum over n and the spatial dims of dy * xhat
    dbias[c]       = sum over n and the spatial dims of dy
    ```

    `dscale` and `dbias` are optional results of size C with the element type
    of `x`; `mean` and `inv_std_dev` have the accumulation type.

    Example:

    ```mlir
    %dx, %dg, %db = norm.group_norm_grad %dy x(%x : tensor<2x320x64x64xf16>)
        mean(%m : tensor<2x32xf32>) inv_std_dev(%r : tensor<2x32xf32>)
        scale(%g : tensor<320xf16>) {num_groups = 32 : i64}
        : tensor<2x320x64x64xf16> -> dscale, dbias
    ```
  }];
  let arguments = (ins NormTensor:$dy, NormTensor:$x, NormTensor:$mean,
                       NormTensor:$inv_std_dev, NormTensor:$scale,
                       I64Attr:$num_groups,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs NormTensor:$dx, Optional<NormTensor>:$dscale,
                      Optional<NormTensor>:$dbias);
  let extraClassDeclaration =
      !strconcat(NormGradClassDeclaration, NormNoEpsilonDeclaration);
}

//===----------------------------------------------------------------------===//
// AssertSizeOp
//===----------------------------------------------------------------------===//

def Norm_SizeRelationEq : I32EnumAttrCase<"eq", 0>;
def Norm_SizeRelationDivisibleBy : I32EnumAttrCase<"divisible_by", 1>;
def Norm_SizeRelationGe : I32EnumAttrCase<"ge", 2>;
def Norm_SizeRelation : I32EnumAttr<"SizeRelation",
    "a relation between two sizes that must hold at run time",
    [Norm_SizeRelationEq, Norm_SizeRelationDivisibleBy, Norm_SizeRelationGe]> {
  let cppNamespace = "::mlir::norm";
}

def Norm_AssertSizeOp : Norm_Op<"assert_size",
    [MemoryEffects<[MemWrite]>]> {
  let summary = "Stop the program with a message unless two sizes relate";
  let description = [{
    A run-time check of a size relation that the verifier of a norm op can
    only check on static shapes: `eq` (`lhs == rhs`), `divisible_by`
    (`rhs != 0` and `lhs % rhs == 0`) or `ge` (`lhs >= rhs`). When it does
    not hold, the program prints `message` on stderr, with `{0}` and `{1}`
    replaced by the values of `lhs` and `rhs`, and aborts.

    `norm-insert-runtime-checks` emits one before a norm op for every
    relation of its operands and result types that involves a dynamic size
    (none for static shapes); `norm-lower-runtime-checks` turns it into a
    branch that calls `dprintf` and `abort`. A check whose sizes are both
    constants and hold folds away.

    Example:

    ```mlir
    norm.assert_size eq %scale_size, %row_size, "norm.layer_norm at model.mlir:3:8: 'scale' has {0} elements but the normalized dim has {1}"
    ```
  }];
  let arguments = (ins Norm_SizeRelation:$relation, Index:$lhs, Index:$rhs,
                       StrAttr:$message);
  let assemblyFormat = "$relation $lhs `,` $rhs `,` $message attr-dict";
  let hasVerifier = 1;
  let hasCanonicalizeMethod = 1;
  let extraClassDeclaration = [{
    /// Whether the relation holds for `lhs` and `rhs`.
    static bool holds(::mlir::norm::SizeRelation relation, int64_t lhs,
                      int64_t rhs);
  }];
}

#endif // NORM_DIALECT_NORM_IR_NORMOPS_TD
