//===- NormDialect.td - Norm dialect definition -------------*- tablegen -*-===//
//
// The `norm` dialect: normalization layers as first-class ops.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_DIALECT_NORM_IR_NORMDIALECT_TD
#define NORM_DIALECT_NORM_IR_NORMDIALECT_TD

include "mlir/IR/OpBase.td"

def Norm_Dialect : Dialect {
  let name = "norm";
  let cppNamespace = "::mlir::norm";
  let summary = "Normalization layers (LayerNorm, RMSNorm, BatchNorm, GroupNorm, InstanceNorm)";
  let description = [{
    The `norm` dialect models the normalization layers of ML models as single
    ops on ranked tensors: `y = scale * (x - mean) / sqrt(var + epsilon) + bias`,
    with the statistics taken over the dims each layer prescribes. Semantics
    follow ONNX (opset 23) and PyTorch so that models from either map one to one.

    Every op carries an optional accumulation type (`acc_type`). Statistics are
    accumulated in it and statistics results have it; it defaults to f32 for
    f16, bf16 and f32 inputs and to f64 for f64 inputs.

    `epsilon` (and `batch_norm_train`'s `momentum`) is an f32 or an f64 float
    attribute, f32 by default; an f64 value states a double exactly (a PyTorch
    model's `eps`). The value is rounded once to the accumulation type.

    The six normalization ops share one syntax (docs/ops.md):

    ```
    op            ::= `norm.` name %input operand-group* attr-dict `:` type(input)
                      (`->` result-item (`,` result-item)*)?
    operand-group ::= operand-name `(` %value `:` type `)`
    result-item   ::= result-name (`(` type `)`)?
    ```

    Operand groups are the operands but `input`, result items the results but
    `output` (which has the type of `input`), both by name and in the order of
    the op's definition; optional ones may be left out. A result item without
    a type has the type the verifier requires, inferred from the input type
    and the attributes; the printer writes the type only where it differs.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
  // Attributes the passes put on ops for later passes (the dialect's
  // typed helpers: NormDialect::getStreamStoresAttrHelper(), ...).
  let discardableAttrs = (ins
    // On an scf.for whose vector stores may stream (convert-norm-to-vector
    // sets it, norm-stream-stores reads and removes it): a unit attribute
    // (the row start must be aligned to the vector size) or an integer, the
    // alignment in bytes the row start must have.
    "::mlir::Attribute":$stream_stores,
    // On a tile of an [A..., C, B] batch_norm_train: whether
    // norm-tile-and-fuse chose small runs for it (true: B is below its
    // small-run-elements, and the tile's channels are contiguous per index
    // of A... in its input and in the output it is inserted into, so
    // convert-norm-to-vector sweeps and writes them as one run of C * B
    // elements; false: a run at a time).
    "::mlir::BoolAttr":$small_runs,
    // On a func.func that norm-outline-kernels made: the kernel of one or
    // more norm ops, which norm-on-kernels runs its pipeline on.
    "::mlir::UnitAttr":$kernel
  );
  let hasCanonicalizer = 0;
}

class Norm_Op<string mnemonic, list<Trait> traits = []>
    : Op<Norm_Dialect, mnemonic, traits>;

#endif // NORM_DIALECT_NORM_IR_NORMDIALECT_TD
