//===- NormToGPU.h - Shared pieces of the norm -> GPU lowering -*- C++ -*-===//
//
// Internal to lib/Conversion/NormToGPU: the buffer helpers the patterns
// share and the per-family pattern population functions. The lowering is
// laid out as:
//   Schedule.{h,cpp}          schedule policy (rows per block, vector widths,
//                             blocks per row / channel, register caching);
//   KernelBuilder.{h,cpp}     what every kernel builds: the launch, vector
//                             accesses, guarded regions, group reductions of
//                             sums and of (count, mean, M2);
//   RowKernel.{h,cpp}         the row-norm kernel builder;
//   ChannelKernel.{h,cpp}     the [A, C, B] view and the batch-norm builder;
//   RowNormKernels.cpp,       the kernel bodies;
//   BatchNormKernels.cpp
//   RowNorm.cpp, BatchNorm.cpp, the patterns (buffers and launches); the
//   GroupNorm.cpp             row patterns start from RowProblem
//                             (RowKernel.h);
//   RowNormGrad.cpp,          the gradient ops: patterns, launches and
//   BatchNormGrad.cpp,        kernel bodies (those of the row gradients in
//   GroupNormGrad.cpp         RowGradKernel.h, RowGradKernels.cpp);
//   Buffers.cpp               flat buffers and sizes, ResultBuffers.
// The statistics formulas come from norm/Conversion/NormCommon/Statistics.h.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_NORMTOGPU_NORMTOGPU_H
#define LIB_CONVERSION_NORMTOGPU_NORMTOGPU_H

#include "norm/Conversion/NormToGPU/NormToGPU.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace mlir::norm {

/// Buffers and sizes shared by the kernels (Buffers.cpp).
namespace to_gpu {

/// The flat (rank-1) view of an identity-layout buffer.
Value flatten(OpBuilder &b, Location loc, Value buffer);

/// The identity-layout buffer type of a ranked tensor type.
MemRefType getBufferType(Type tensorType);

/// The flat read-only buffer of the tensor `tensor`.
Value getOperandBuffer(OpBuilder &b, Location loc, Value tensor);

/// A buffer for `result`: the memref destination of its
/// `bufferization.materialize_in_destination` user when that is its only use
/// (nothing else will read the result), else a fresh one whose dim `i`, when
/// dynamic, has the size of dim `sizeDims[i]` (dim `i` when `sizeDims` is
/// empty) of the tensor `sizeSource`. Absorbed materializations are appended
/// to `toErase`.
Value getResultBuffer(OpBuilder &b, Location loc, Value result,
                      Value sizeSource, ArrayRef<int64_t> sizeDims,
                      SmallVectorImpl<Operation *> &toErase);

/// The buffers of the results of one op that a pattern rewrites: each from
/// getResultBuffer (sized like dims of `sizeSource`), recorded with its
/// result, and the materializations absorbed; `replace` then ends the
/// rewrite (replaceWithBuffers).
class ResultBuffers {
public:
  ResultBuffers(OpBuilder &b, Location loc, Value sizeSource)
      : b(b), loc(loc), sizeSource(sizeSource) {}

  /// The buffer of `result` (see getResultBuffer), recorded to replace it.
  Value add(Value result, ArrayRef<int64_t> sizeDims = {});
  /// The flat view of the buffer of `result`, recorded to replace it.
  Value addFlat(Value result, ArrayRef<int64_t> sizeDims = {});
  /// addFlat of `result`, or null, recording nothing, when `result` is null
  /// or unused.
  Value addFlatIfUsed(Value result, ArrayRef<int64_t> sizeDims = {});

  /// Replaces the used results by their buffers and erases the absorbed
  /// materializations and `op`.
  void replace(RewriterBase &rewriter, Operation *op) const;

private:
  OpBuilder &b;
  Location loc;
  Value sizeSource;
  SmallVector<std::pair<Value, Value>> results;
  SmallVector<Operation *> toErase;
};

/// The product of the sizes of dims [from, to) of `tensor`, as an index.
Value buildSizeProduct(OpBuilder &b, Location loc, Value tensor, int64_t from,
                       int64_t to);

/// The static product of dims [from, to), or nullopt when one is dynamic.
std::optional<int64_t> getStaticSize(RankedTensorType type, int64_t from,
                                     int64_t to);

/// Replaces the used ones of the `results` of `op` by
/// `bufferization.to_tensor` of their buffers, then erases the absorbed
/// materializations `toErase` and `op`.
void replaceWithBuffers(RewriterBase &rewriter, Operation *op,
                        ArrayRef<std::pair<Value, Value>> results,
                        ArrayRef<Operation *> toErase);

/// Fails the match of `op` unless it accumulates in f32 or f64 (`accType`),
/// the types the kernels are written for.
inline LogicalResult checkAccumulatorType(PatternRewriter &rewriter,
                                          Operation *op, FloatType accType) {
  if (accType.isF32() || accType.isF64())
    return success();
  return rewriter.notifyMatchFailure(op, "accumulates in neither f32 nor f64");
}

/// The base of the patterns that rewrite a norm op `OpTy` into GPU kernels:
/// the options of convert-norm-to-gpu, which they read.
template <typename OpTy> struct NormToGPUPattern : OpRewritePattern<OpTy> {
  NormToGPUPattern(MLIRContext *context,
                   const ConvertNormToGPUPassOptions &options)
      : OpRewritePattern<OpTy>(context), options(options) {}

  ConvertNormToGPUPassOptions options;
};

} // namespace to_gpu

/// Adds the patterns that rewrite batch_norm_train (two launches: per-chunk
/// Welford partials, then a fixed-order merge and the normalization; or,
/// opt-in, one persistent launch with a grid barrier in between) and
/// batch_norm (one streaming launch) on tensors into gpu.launch kernels over
/// the [A, C, B] view of their input.
void populateBatchNormToGPUPatterns(RewritePatternSet &patterns,
                                    const ConvertNormToGPUPassOptions &options);

/// Adds the patterns that rewrite group_norm and instance_norm on tensors
/// into the row kernels of layer_norm, a row per (instance, group), with the
/// per-channel scale and bias applied in the output pass.
void populateGroupNormToGPUPatterns(RewritePatternSet &patterns,
                                    const ConvertNormToGPUPassOptions &options);

/// Adds the pattern that rewrites batch_norm_grad on tensors into the grid
/// of the batch_norm_train kernels: per-chunk sums of dy and dy * xhat, then
/// a fixed-order merge in every block, dscale / dbias and dx.
void populateBatchNormGradToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options);

/// Adds the pattern that rewrites group_norm_grad on tensors: dx by the
/// row-gradient kernel over the (n, group) rows with a per-channel scale,
/// dscale / dbias by per-(channel, chunk) sums and a fixed-order merge.
void populateGroupNormGradToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options);

/// Adds the patterns that rewrite layer_norm_grad and rms_norm_grad on
/// tensors into row kernels with the forward's schedules (the row sums by
/// group reductions, then dx), and their dscale / dbias into per-chunk column
/// partials merged in a fixed order by a second small kernel.
void populateRowNormGradToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options);

} // namespace mlir::norm

#endif // LIB_CONVERSION_NORMTOGPU_NORMTOGPU_H
