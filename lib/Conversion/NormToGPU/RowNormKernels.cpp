//===- RowNormKernels.cpp - layer_norm/rms_norm kernel bodies -*- C++ -*-===//
//
// The bodies of the row kernels, on top of RowKernelBuilder. Three kernel
// shapes, chosen by the schedule:
//
//  * register-cached: every thread loads its share of the row once, into
//    registers (unrolled vector loads), and computes the statistics and the
//    normalized row from them: one read of the row from global memory;
//  * streaming: every thread sweeps its share of the row from global memory
//    once per pass (rows too large to cache, dynamic row sizes);
//  * multi-block: a very large row is split into chunks, one block each; a
//    first kernel writes per-chunk statistics to a scratch buffer, a second
//    one merges them in a fixed order (no atomics) and normalizes its chunk.
//
//===----------------------------------------------------------------------===//

#include "RowKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

//===----------------------------------------------------------------------===//
// Span statistics and normalization
//===----------------------------------------------------------------------===//

namespace {
/// The corrected two-pass moments of the group's span: m1 = sum(x)/count,
/// then sum(d) and sum(d^2) of d = x - m1, each reduced over the group; the
/// span's registers when it is cached.
struct SpanMoments {
  Value firstMean, sumD, sumDD;
  std::optional<CachedSpan> cache;
};
} // namespace

/// The moments of the cached kernel: one read of the span; both passes run on
/// the registers.
static SpanMoments buildCachedSpanMoments(RowKernelBuilder &kb, Value input,
                                          Value count) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value zeros = kb.splat(kb.accConstant(0.0));
  SpanMoments moments;
  moments.cache = kb.loadCached(input);
  Value sum = zeros;
  for (Value x : moments.cache->values)
    sum = arith::AddFOp::create(b, loc, sum, x);
  moments.firstMean =
      buildMean(b, loc, kb.reduceGroup(sum, /*stage=*/0)[0], count);
  Value firstMeanVec = kb.splat(moments.firstMean);
  Value sumD = zeros, sumDD = zeros;
  for (auto [x, inBounds] :
       llvm::zip(moments.cache->values, moments.cache->inBounds)) {
    Value d = arith::SubFOp::create(b, loc, x, firstMeanVec);
    if (inBounds)
      d = arith::SelectOp::create(b, loc, inBounds, d, zeros);
    sumD = arith::AddFOp::create(b, loc, sumD, d);
    Value dd = arith::MulFOp::create(b, loc, d, d);
    sumDD = arith::AddFOp::create(b, loc, sumDD, dd);
  }
  SmallVector<Value> sums =
      kb.reduceGroup(ValueRange{sumD, sumDD}, /*stage=*/1);
  moments.sumD = sums[0];
  moments.sumDD = sums[1];
  return moments;
}

/// The moments of the streaming kernel: one sweep per pass.
static SpanMoments buildStreamingSpanMoments(RowKernelBuilder &kb, Value input,
                                             Value count) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value zeros = kb.splat(kb.accConstant(0.0));
  SpanMoments moments;
  auto at = [&](OpBuilder &nb, Value column) -> Value {
    return arith::AddIOp::create(nb, loc, kb.rowOffset, column);
  };
  SmallVector<Value> sum =
      kb.sweep(zeros, [&](OpBuilder &nb, Value column, ValueRange accs) {
        Value x = kb.load(nb, input, at(nb, column));
        return SmallVector<Value>{arith::AddFOp::create(nb, loc, accs[0], x)};
      });
  Value total = kb.reduceGroup(sum, /*stage=*/0)[0];
  moments.firstMean = buildMean(b, loc, total, count);
  Value firstMeanVec = kb.splat(moments.firstMean);
  SmallVector<Value> deviations =
      kb.sweep(ValueRange{zeros, zeros},
               [&](OpBuilder &nb, Value column, ValueRange accs) {
                 Value x = kb.load(nb, input, at(nb, column));
                 Value d = arith::SubFOp::create(nb, loc, x, firstMeanVec);
                 Value sumD = arith::AddFOp::create(nb, loc, accs[0], d);
                 Value dd = arith::MulFOp::create(nb, loc, d, d);
                 Value sumDD = arith::AddFOp::create(nb, loc, accs[1], dd);
                 return SmallVector<Value>{sumD, sumDD};
               });
  SmallVector<Value> sums = kb.reduceGroup(deviations, /*stage=*/1);
  moments.sumD = sums[0];
  moments.sumDD = sums[1];
  return moments;
}

/// The moments of the group's span, from registers when the schedule caches
/// the span, else from sweeps.
static SpanMoments buildSpanMoments(RowKernelBuilder &kb, Value input,
                                    Value count) {
  if (kb.schedule.cachedVectors > 0)
    return buildCachedSpanMoments(kb, input, count);
  return buildStreamingSpanMoments(kb, input, count);
}

/// The group's sum of squares of its span, reduced over the group; the
/// span's registers when it is cached.
static std::pair<Value, std::optional<CachedSpan>>
buildSpanSquares(RowKernelBuilder &kb, Value input) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value zeros = kb.splat(kb.accConstant(0.0));
  if (kb.schedule.cachedVectors > 0) {
    CachedSpan cache = kb.loadCached(input);
    Value squares = zeros;
    for (Value x : cache.values) {
      Value xx = arith::MulFOp::create(b, loc, x, x);
      squares = arith::AddFOp::create(b, loc, squares, xx);
    }
    return {kb.reduceGroup(squares, /*stage=*/0)[0], std::move(cache)};
  }
  SmallVector<Value> squares =
      kb.sweep(zeros, [&](OpBuilder &nb, Value column, ValueRange accs) {
        Value x = kb.load(nb, input,
                          arith::AddIOp::create(nb, loc, kb.rowOffset, column));
        Value xx = arith::MulFOp::create(nb, loc, x, x);
        return SmallVector<Value>{arith::AddFOp::create(nb, loc, accs[0], xx)};
      });
  return {kb.reduceGroup(squares, /*stage=*/0)[0], std::nullopt};
}

/// Writes `normalize(nb, x, column)` for the group's span: from the
/// registers of `cache` when there is one, else from one more sweep. With a
/// `sum` buffer, also writes x there (the row's input + residual, already
/// rounded to the element type by the load).
static void
buildNormalizeSpan(RowKernelBuilder &kb, Value input, Value output,
                   const std::optional<CachedSpan> &cache,
                   function_ref<Value(OpBuilder &, Value, Value)> normalize,
                   Value sum = nullptr) {
  Location loc = kb.loc;
  auto at = [&](OpBuilder &nb, Value column) -> Value {
    return arith::AddIOp::create(nb, loc, kb.rowOffset, column);
  };
  auto write = [&](OpBuilder &nb, Value x, Value column) {
    Value offset = at(nb, column);
    if (sum)
      kb.store(nb, x, sum, offset);
    kb.store(nb, normalize(nb, x, column), output, offset);
  };
  if (cache) {
    kb.forEachCached(*cache, write);
    return;
  }
  kb.sweep({}, [&](OpBuilder &nb, Value column, ValueRange) {
    write(nb, kb.load(nb, input, at(nb, column)), column);
    return SmallVector<Value>{};
  });
}

/// deviation * invStdDev (0 where the deviation is 0 and epsilon is 0, so a
/// constant row still gives exactly `bias`), then scale and bias.
static Value buildNormalizeTail(RowKernelBuilder &kb, OpBuilder &nb,
                                Value deviation, Value invStdDev,
                                double epsilon, Value column,
                                const RowNormBuffers &buffers) {
  Location loc = kb.loc;
  Value y = buildScaledDeviation(nb, loc, deviation, invStdDev, epsilon);
  if (buffers.scale)
    y = arith::MulFOp::create(nb, loc, y,
                              kb.loadParameter(nb, buffers.scale, column));
  if (buffers.bias)
    y = arith::AddFOp::create(nb, loc, y,
                              kb.loadParameter(nb, buffers.bias, column));
  return y;
}

//===----------------------------------------------------------------------===//
// layer_norm
//===----------------------------------------------------------------------===//

/// Writes ((x - pilot) - correction) * invStdDev [* scale] [+ bias] over the
/// group's span.
static void buildLayerNormalize(RowKernelBuilder &kb,
                                const RowNormBuffers &buffers,
                                const std::optional<CachedSpan> &cache,
                                Value pilot, Value correction, Value invStdDev,
                                double epsilon) {
  Location loc = kb.loc;
  Value pilotVec = kb.splat(pilot);
  Value correctionVec = kb.splat(correction);
  Value invStdDevVec = kb.splat(invStdDev);
  buildNormalizeSpan(kb, buffers.input, buffers.output, cache,
                     [&](OpBuilder &nb, Value x, Value column) {
                       Value d = arith::SubFOp::create(nb, loc, x, pilotVec);
                       d = arith::SubFOp::create(nb, loc, d, correctionVec);
                       return buildNormalizeTail(kb, nb, d, invStdDevVec,
                                                 epsilon, column, buffers);
                     },
                     buffers.sum);
}

void to_gpu::buildLayerNormKernel(RowKernelBuilder &kb, double epsilon,
                                  const RowNormBuffers &buffers) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value n = kb.spanCount();
  SpanMoments moments = buildSpanMoments(kb, buffers.input, n);
  CentredMoments centred = buildCentredMoments(b, loc, moments.firstMean,
                                               moments.sumD, moments.sumDD, n);
  Value invStdDev = buildInverseSqrt(b, loc, centred.variance, epsilon);
  if (buffers.mean)
    kb.storeRowStat(centred.mean, buffers.mean);
  if (buffers.invStdDev)
    kb.storeRowStat(invStdDev, buffers.invStdDev);
  buildLayerNormalize(kb, buffers, moments.cache, moments.firstMean,
                      centred.correction, invStdDev, epsilon);
}

void to_gpu::buildLayerNormPartials(RowKernelBuilder &kb,
                                    const RowNormBuffers &buffers) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value m = kb.spanCount();
  SpanMoments moments = buildSpanMoments(kb, buffers.input, m);
  CentredMoments centred = buildCentredMoments(b, loc, moments.firstMean,
                                               moments.sumD, moments.sumDD, m);
  Value m2 = arith::MulFOp::create(b, loc, m, centred.variance);
  SmallVector<Value> partials = {moments.firstMean, centred.correction, m2};
  kb.ifLeader(nullptr, [&](OpBuilder &nb) {
    for (auto [slot, value] : llvm::enumerate(partials))
      memref::StoreOp::create(nb, loc, value, buffers.scratch,
                              kb.scratchIndex(nb, kb.row, kb.chunkIndex,
                                              kLayerNormScratchSlots, slot));
  });
}

/// One step of the merge of a split layer_norm row: folds chunk `k`'s
/// (count, offset, M2) into `acc`, where the offset of a chunk is its mean
/// about the pilot p, (m1_k - p) + c_k. An empty chunk (past the row's end)
/// changes nothing.
static SmallVector<Value> buildMergeChunk(RowKernelBuilder &kb, OpBuilder &nb,
                                          const RowNormBuffers &buffers,
                                          Value pilot, Value k,
                                          ValueRange acc) {
  Location loc = kb.loc;
  auto stat = [&](int64_t slot) -> Value {
    return memref::LoadOp::create(
        nb, loc, buffers.scratch,
        kb.scratchIndex(nb, kb.loadRow, k, kLayerNormScratchSlots, slot));
  };
  Value firstMean = stat(0), correction = stat(1), m2 = stat(2);
  auto [begin, end] = kb.chunkBounds(nb, k);
  Value count = kb.toAcc(nb, arith::SubIOp::create(nb, loc, end, begin));
  Value offset = arith::AddFOp::create(
      nb, loc, arith::SubFOp::create(nb, loc, firstMean, pilot), correction);
  PartialMoments merged = buildChanMerge(nb, loc, getPartialMoments(acc),
                                         PartialMoments{count, offset, m2});
  Value empty =
      arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq, begin, end);
  SmallVector<Value> result;
  for (auto [kept, updated] : llvm::zip(acc, getValues(merged)))
    result.push_back(arith::SelectOp::create(nb, loc, empty, kept, updated));
  return result;
}

/// The block's chunk of `input` in registers when the schedule caches it,
/// loaded before a merge of a split row: all its vectors in flight while the
/// merge runs, then normalized from the registers.
static std::optional<CachedSpan> loadMergeCache(RowKernelBuilder &kb,
                                                Value input) {
  if (kb.schedule.cachedVectors > 0)
    return kb.loadCached(input);
  return std::nullopt;
}

/// The merge of a split row's per-chunk partials from `inits`, in chunk
/// order (the same operations in every block of the row): `step(nb, k,
/// accs)` folds chunk `k`'s partials into the accumulators.
static SmallVector<Value> foldRowChunks(
    RowKernelBuilder &kb, ValueRange inits,
    function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)> step) {
  auto merge = scf::ForOp::create(
      kb.b, kb.loc, kb.index(0), kb.index(kb.schedule.blocksPerRow),
      kb.index(1), inits,
      [&](OpBuilder &nb, Location, Value k, ValueRange accs) {
        scf::YieldOp::create(nb, kb.loc, step(nb, k, accs));
      });
  return SmallVector<Value>(merge.getResults());
}

/// Whether the block holds chunk 0 of its row, which stores the row's
/// statistics after a merge.
static Value isFirstChunk(RowKernelBuilder &kb) {
  return arith::CmpIOp::create(kb.b, kb.loc, arith::CmpIPredicate::eq,
                               kb.chunkIndex, kb.index(0));
}

/// Every block of the row merges the chunks' statistics in chunk order (the
/// same operations in every block, so the same bits): about the pilot p = m1
/// of chunk 0, chunk k has mean offset o_k = (m1_k - p) + c_k; Chan's
/// pairwise update combines the (count, offset, M2) triples. Then c = the
/// merged offset, mean = p + c, var = M2/n; chunk 0 stores the row's
/// statistics and every block writes ((x - p) - c) * rstd [* scale] [+ bias]
/// over its chunk.
void to_gpu::buildLayerNormMerge(RowKernelBuilder &kb, double epsilon,
                                 const RowNormBuffers &buffers) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  std::optional<CachedSpan> cache = loadMergeCache(kb, buffers.input);
  Value zero = kb.accConstant(0.0);
  Value pilot = memref::LoadOp::create(
      b, loc, buffers.scratch,
      kb.scratchIndex(b, kb.loadRow, kb.index(0), kLayerNormScratchSlots,
                      /*slot=*/0));
  SmallVector<Value> merged =
      foldRowChunks(kb, ValueRange{zero, zero, zero},
                    [&](OpBuilder &nb, Value k, ValueRange acc) {
                      return buildMergeChunk(kb, nb, buffers, pilot, k, acc);
                    });
  Value correction = merged[1];
  Value n = kb.toAcc(b, kb.rowSize);
  Value variance =
      buildVariance(b, loc, PartialMoments{n, correction, merged[2]});
  Value invStdDev = buildInverseSqrt(b, loc, variance, epsilon);
  Value firstChunk = isFirstChunk(kb);
  if (buffers.mean)
    kb.storeRowStat(arith::AddFOp::create(b, loc, pilot, correction),
                    buffers.mean, firstChunk);
  if (buffers.invStdDev)
    kb.storeRowStat(invStdDev, buffers.invStdDev, firstChunk);
  buildLayerNormalize(kb, buffers, cache, pilot, correction, invStdDev,
                      epsilon);
}

//===----------------------------------------------------------------------===//
// rms_norm
//===----------------------------------------------------------------------===//

/// Writes x * invRms [* scale] over the group's span.
static void buildRMSNormalize(RowKernelBuilder &kb,
                              const RowNormBuffers &buffers,
                              const std::optional<CachedSpan> &cache,
                              Value invRms, double epsilon) {
  Value invRmsVec = kb.splat(invRms);
  buildNormalizeSpan(kb, buffers.input, buffers.output, cache,
                     [&](OpBuilder &nb, Value x, Value column) {
                       return buildNormalizeTail(kb, nb, x, invRmsVec, epsilon,
                                                 column, buffers);
                     },
                     buffers.sum);
}

void to_gpu::buildRMSNormKernel(RowKernelBuilder &kb, double epsilon,
                                const RowNormBuffers &buffers) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value n = kb.spanCount();
  auto [total, cache] = buildSpanSquares(kb, buffers.input);
  Value meanSquare = buildMean(b, loc, total, n);
  Value invRms = buildInverseSqrt(b, loc, meanSquare, epsilon);
  if (buffers.invStdDev)
    kb.storeRowStat(invRms, buffers.invStdDev);
  buildRMSNormalize(kb, buffers, cache, invRms, epsilon);
}

void to_gpu::buildRMSNormPartials(RowKernelBuilder &kb,
                                  const RowNormBuffers &buffers) {
  Value total = buildSpanSquares(kb, buffers.input).first;
  kb.ifLeader(nullptr, [&](OpBuilder &nb) {
    memref::StoreOp::create(
        nb, kb.loc, total, buffers.scratch,
        kb.scratchIndex(nb, kb.row, kb.chunkIndex, kRMSNormScratchSlots, 0));
  });
}

void to_gpu::buildRMSNormMerge(RowKernelBuilder &kb, double epsilon,
                               const RowNormBuffers &buffers) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  std::optional<CachedSpan> cache = loadMergeCache(kb, buffers.input);
  Value zero = kb.accConstant(0.0);
  SmallVector<Value> merged =
      foldRowChunks(kb, zero, [&](OpBuilder &nb, Value k, ValueRange acc) {
        Value squares = memref::LoadOp::create(
            nb, loc, buffers.scratch,
            kb.scratchIndex(nb, kb.loadRow, k, kRMSNormScratchSlots, 0));
        return SmallVector<Value>{
            arith::AddFOp::create(nb, loc, acc[0], squares)};
      });
  Value meanSquare = buildMean(b, loc, merged[0], kb.toAcc(b, kb.rowSize));
  Value invRms = buildInverseSqrt(b, loc, meanSquare, epsilon);
  Value firstChunk = isFirstChunk(kb);
  if (buffers.invStdDev)
    kb.storeRowStat(invRms, buffers.invStdDev, firstChunk);
  buildRMSNormalize(kb, buffers, cache, invRms, epsilon);
}
