//===- RowKernel.h - The row norms' vector kernel builder ----*- C++ -*-===//
//
// Internal to lib/Conversion/NormToVector: what the layer_norm and rms_norm
// kernels share: the row kernel builder (the row sweeps, the parameters
// widened once), the loops over rows and over groups of short rows, the
// choice between them (RowSchedule.cpp), and the tensors the loops carry
// (the output, the `sum`, the statistics in the ONNX layout).
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOVECTOR_ROWKERNEL_H
#define LIB_CONVERSION_NORMTOVECTOR_ROWKERNEL_H

#include "VectorKernel.h"

namespace mlir::norm {

/// Builds the vector loops of one row norm. The row is the last dim of
/// `input`; every other dim is a loop over rows. The main loops of a bf16
/// row accumulated in f32 read and write it in pairs (loadInputPair).
class RowKernelBuilder : public VectorKernelBuilder {
public:
  RowKernelBuilder(OpBuilder &b, Location loc, Value input, FloatType accType,
                   const ConvertNormToVectorPassOptions &options);

  /// One pass over the row at `rowIndices` that sums `numSums` terms of each
  /// element (see accumulate), then reduces each sum horizontally once.
  SmallVector<Value>
  buildRowSums(ValueRange rowIndices, int64_t numSums,
               function_ref<SmallVector<Value>(Value x)> terms) {
    return reduce(accumulate(rowIndices, numSums, terms));
  }

  /// The normalization pass: writes `body(x, j, mask)` of every element of
  /// the row into `output` and returns the updated tensor. With
  /// `streamStores`, the main loop is marked for norm-stream-stores.
  /// With a residual and `sum`, it also writes the row's
  /// `input + residual` into `*sum` and updates it.
  Value buildRowWrite(ValueRange rowIndices, Value output,
                      function_ref<Value(Value x, Value j, Value mask)> body,
                      Value *sum = nullptr) {
    return write(rowIndices, output, body, StreamPolicy::AlignedRow, sum);
  }

  /// `param` (1-D, e.g. a bf16 scale) converted once to a tensor of the
  /// accumulation type by a vector loop (full vectors, then one masked tail
  /// vector: AVX2 has no masked 16-bit loads, so masking every vector would
  /// scalarize the loop), so that the normalization pass of every row reads
  /// it without converting it again. Returns `param` itself when it already
  /// has the accumulation type.
  Value convertParam(Value param);

  /// With prefetch-max-bytes, where the rows are short enough: makes the
  /// write pass of each row prefetch the next row of the input (the same
  /// positions one index further in the innermost row dim; the last row of
  /// that dim prefetches itself). Built before the row loops; the loop body
  /// then calls prefetchNextRow.
  void buildNextRowPrefetch();
  /// Points the prefetches of the next buildRowWrite at the row after
  /// `rowIndices` (nothing without buildNextRowPrefetch's source).
  void prefetchNextRow(ValueRange rowIndices);

  /// The element count of a row, in the accumulation type.
  Value count;

private:
  /// buildNextRowPrefetch's buffer of the input, whether a row is short
  /// enough, and the size of the innermost row dim.
  Value rowPrefetchBuffer, rowPrefetchFits, innermostRows;

  /// Pair mode: `param` over [0, pairedEnd) widened into `converted` with
  /// each 2 x lanes block's even elements first, then its odd ones.
  Value buildPairedParam(Value param, Value pairedEnd, Value converted);
};

/// Builds a loop nest over every row of `input` (all dims but the last),
/// carrying `inits`; `body` gets the row indices and the carried values and
/// returns the new ones. With `active` (an i1), the loops run only where it
/// holds (the outermost one has no iteration otherwise).
SmallVector<Value> buildRowLoops(
    OpBuilder &b, Location loc, Value input, ValueRange inits,
    function_ref<SmallVector<Value>(ValueRange rowIndices, ValueRange carried)>
        body,
    Value active = nullptr);

/// The row indices of each row of a group (buildRowGroupLoops).
using RowGroup = ArrayRef<SmallVector<Value>>;

/// Builds a loop nest over the rows of `input` (all dims but the last) in
/// groups of `group` rows of the innermost row dim, carrying `inits`; `body`
/// gets the row indices of each row of the group and the carried values and
/// returns the new ones. A group starts at a multiple of `group`, or, the
/// last one, early enough to end at the last row (its first rows were
/// already in the group before it); with fewer rows than `group`, the
/// missing rows repeat the last row. A row handled twice is computed the
/// same way both times, so its results are written again unchanged. With
/// `active`, as buildRowLoops.
SmallVector<Value> buildRowGroupLoops(
    OpBuilder &b, Location loc, Value input, int64_t group, ValueRange inits,
    function_ref<SmallVector<Value>(RowGroup rows, ValueRange carried)> body,
    Value active = nullptr);

/// Loops over rows (buildRowLoops, buildRowGroupLoops) from `inits`, run
/// only where `active` holds when it is given.
using RowLoops =
    function_ref<SmallVector<Value>(ValueRange inits, Value active)>;

/// The row loops of a row norm: `perGroup` for rows of at most
/// short-row-elements of an input of fewer than short-row-max-bytes, else
/// `perRow`. When that is not known statically, both, one after the other on
/// the same tensors, each with no iteration unless the check picks it (an
/// `scf.if` yielding the tensors would make bufferization copy them). Inputs
/// of rank 1 (one row) and vectors of a lane count that is not a power of
/// two (reduceTogether) are always per row. (RowSchedule.cpp.)
SmallVector<Value>
buildRowKernels(RowKernelBuilder &kernel, ValueRange inits,
                const ConvertNormToVectorPassOptions &options, RowLoops perRow,
                RowLoops perGroup);

/// The initial tensors of a row kernel: the output, the `sum` if requested
/// (the input's shape and element type), then one tensor over the rows (the
/// leading dims, accumulation type) per requested statistic.
SmallVector<Value> buildRowInits(OpBuilder &b, Location loc, Operation *op,
                                 Value sum, const RowKernelBuilder &kernel);

/// What the row loops carry after one row: `output`, then `sum` when the op
/// returns one (not null), then the statistics tensors, carried after them
/// (one per requested statistic, in order), with `values` written at row
/// `rowIndices`: one value per statistic of the op, null where it is not
/// requested.
SmallVector<Value> buildRowResults(OpBuilder &b, Location loc,
                                   ValueRange carried, Value output, Value sum,
                                   ValueRange rowIndices,
                                   ArrayRef<Value> values);

/// The same after one group of rows: per row r of `rows`, the statistics
/// are lane `slots[r]` of the group vectors `groupValues` (one list per
/// statistic of the op as reduceTogether left them, empty where it is not
/// requested).
SmallVector<Value>
buildRowGroupResults(OpBuilder &b, Location loc, ValueRange carried,
                     Value output, Value sum, RowGroup rows,
                     ArrayRef<ArrayRef<Value>> groupValues,
                     ArrayRef<VectorKernelBuilder::LaneSlot> slots);

/// The replacement values of a row norm: the output, then each requested
/// statistic reshaped to its declared type.
SmallVector<Value> finishStats(OpBuilder &b, Location loc, Operation *op,
                               ArrayRef<Value> results);

/// Per row (slot r), its lane of the group vectors `groupValues` (laid out
/// as reduceTogether left the sums) splat to a vector.
SmallVector<Value> splatPerRow(RowKernelBuilder &kernel,
                               ArrayRef<Value> groupValues,
                               ArrayRef<VectorKernelBuilder::LaneSlot> slots);

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOVECTOR_ROWKERNEL_H
