//===- RowGradKernels.cpp - GPU row-gradient kernel bodies ----*- C++ -*-===//
//
// The kernel bodies of layer_norm_grad and rms_norm_grad, with the schedules
// of the forward row kernels (Schedule.cpp: a warp per short row, a block
// per long one, the row cached in registers when it fits): per row, the
// group reduces sum(g) and sum(g * xhat) (rms_norm_grad: only the second)
// with the same xor-shuffle group reductions, then writes
//   dx = inv_std * ((g - sum(g) / n) - xhat * sum(g * xhat) / n),
// g = dy * scale, xhat = (x - mean) * inv_std (rms: x * inv_rms), every sum
// in the accumulation type. Register-cached rows read dy and x once;
// streamed rows sweep them twice. The dscale / dbias partials: see
// RowNormGrad.cpp.
//
//===----------------------------------------------------------------------===//

#include "RowGradKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

namespace {
/// The per-vector terms of a row gradient.
struct GradTerms {
  Value g, xhat;
};
} // namespace

/// g = dy * scale (dy without a scale) and xhat = (x - mean) * invStd (x *
/// invStd without a mean), in the accumulation type; `meanVec` and `scale`
/// may be null.
static GradTerms buildTerms(OpBuilder &nb, Location loc, Value dy, Value x,
                            Value meanVec, Value invStdVec, Value scale) {
  Value xhat = buildNormalizedInput(nb, loc, x, meanVec, invStdVec);
  Value g = scale ? arith::MulFOp::create(nb, loc, dy, scale) : dy;
  return {g, xhat};
}

/// dx = invStd * ((g - meanG) - xhat * meanGX) (buildInputGradient);
/// `meanGVec` is null for rms_norm_grad.
static Value buildDx(OpBuilder &nb, Location loc, const GradTerms &terms,
                     Value invStdVec, Value meanGVec, Value meanGXVec) {
  return buildInputGradient(nb, loc, terms.g, terms.xhat, meanGVec, meanGXVec,
                            invStdVec);
}

/// The column partials of one vector: (dscale) acc + dy * xhat and (dbias)
/// acc + dy, for the slots present.
static SmallVector<Value> buildParamTerms(OpBuilder &nb, Location loc,
                                          const RowGradBuffers &buffers,
                                          ValueRange accs, Value dy,
                                          Value xhat) {
  SmallVector<Value> result;
  int64_t next = 0;
  if (buffers.dscale)
    result.push_back(arith::AddFOp::create(
        nb, loc, accs[next++], arith::MulFOp::create(nb, loc, dy, xhat)));
  if (buffers.dbias)
    result.push_back(arith::AddFOp::create(nb, loc, accs[next++], dy));
  return result;
}

/// The index of column `column` of partial `partial` in scratch slot `slot`.
static Value buildScratchIndex(OpBuilder &nb, Location loc,
                               const RowGradBuffers &buffers, Value rowSize,
                               int64_t slot, Value partial, Value column) {
  Value slotChunk = partial;
  if (slot > 0)
    slotChunk = arith::AddIOp::create(
        nb, loc, partial,
        arith::MulIOp::create(nb, loc, buffers.partials,
                              arith::ConstantIndexOp::create(nb, loc, slot)));
  Value base = arith::MulIOp::create(nb, loc, slotChunk, rowSize);
  return arith::AddIOp::create(nb, loc, base, column);
}

/// The row's (mean, inv_std) broadcast to vectors (mean null for rms), read
/// at the clamped row `statRow`.
static std::pair<Value, Value> loadRowStats(RowKernelBuilder &kb,
                                            const RowGradBuffers &buffers,
                                            Value statRow) {
  OpBuilder &b = kb.b;
  Value meanVec;
  if (buffers.mean)
    meanVec = kb.splat(
        memref::LoadOp::create(b, kb.loc, buffers.mean, ValueRange{statRow}));
  Value invStdVec = kb.splat(memref::LoadOp::create(
      b, kb.loc, buffers.invStdDev, ValueRange{statRow}));
  return {meanVec, invStdVec};
}

//===----------------------------------------------------------------------===//
// The row kernel, register-cached rows
//===----------------------------------------------------------------------===//

CachedColumns to_gpu::buildCachedColumns(RowKernelBuilder &kb,
                                        const RowGradBuffers &buffers) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  CachedColumns cached;
  Value laneStart =
      arith::MulIOp::create(b, loc, kb.laneInGroup, kb.index(kb.vectorWidth));
  Value lastColumn = kb.index(*kb.schedule.rowSize - kb.vectorWidth);
  for (int64_t j = 0; j < kb.schedule.cachedVectors; ++j) {
    Value column = arith::AddIOp::create(
        b, loc, laneStart, kb.index(j * kb.groupSize * kb.vectorWidth));
    Value inBounds, clamped = column;
    if (j >= kb.schedule.unguardedVectors) {
      inBounds = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                       column, kb.rowSize);
      clamped = arith::MinUIOp::create(b, loc, column, lastColumn);
    }
    cached.columns.push_back(column);
    cached.inBounds.push_back(inBounds);
    if (buffers.scale)
      cached.scale.push_back(kb.loadParameter(b, buffers.scale, clamped));
  }
  return cached;
}

SmallVector<Value> to_gpu::buildCachedRow(RowKernelBuilder &kb,
                                         const RowGradBuffers &buffers,
                                         const CachedColumns &cached,
                                         ValueRange paramAccs) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value zeros = kb.splat(kb.accConstant(0.0));
  CachedSpan dy = kb.loadCached(buffers.dy);
  CachedSpan x = kb.loadCached(buffers.x);
  auto [meanVec, invStdVec] = loadRowStats(kb, buffers, kb.loadRow);

  SmallVector<GradTerms> terms;
  Value sumG = zeros, sumGX = zeros;
  for (int64_t j = 0; j < kb.schedule.cachedVectors; ++j) {
    Value scale = buffers.scale ? cached.scale[j] : nullptr;
    GradTerms t = buildTerms(b, loc, dy.values[j], x.values[j], meanVec,
                             invStdVec, scale);
    // Past the row's end dy is 0, so g is; xhat is made 0 too, so that an
    // infinite inv_std cannot make 0 * inf there.
    if (Value inBounds = cached.inBounds[j])
      t.xhat = arith::SelectOp::create(b, loc, inBounds, t.xhat, zeros);
    if (buffers.mean)
      sumG = arith::AddFOp::create(b, loc, sumG, t.g);
    sumGX = arith::AddFOp::create(b, loc, sumGX,
                                  arith::MulFOp::create(b, loc, t.g, t.xhat));
    terms.push_back(t);
  }
  SmallVector<Value> partials;
  if (buffers.mean)
    partials.push_back(sumG);
  partials.push_back(sumGX);
  SmallVector<Value> sums = kb.reduceGroup(partials, /*stage=*/0);
  Value n = kb.spanCount();
  Value meanGVec =
      buffers.mean ? kb.splat(buildMean(b, loc, sums.front(), n)) : nullptr;
  Value meanGXVec = kb.splat(buildMean(b, loc, sums.back(), n));

  CachedSpan dx;
  dx.columns = cached.columns;
  dx.inBounds = cached.inBounds;
  for (const GradTerms &t : terms)
    dx.values.push_back(buildDx(b, loc, t, invStdVec, meanGVec, meanGXVec));
  kb.forEachCached(dx, [&](OpBuilder &nb, Value value, Value column) {
    kb.store(nb, value, buffers.dx,
             arith::AddIOp::create(nb, loc, kb.rowOffset, column));
  });

  SmallVector<Value> updated;
  if (paramAccs.empty())
    return updated;
  int64_t slots = buffers.slots();
  for (int64_t j = 0; j < kb.schedule.cachedVectors; ++j) {
    ValueRange accs = paramAccs.slice(j * slots, slots);
    SmallVector<Value> next =
        buildParamTerms(b, loc, buffers, accs, dy.values[j], terms[j].xhat);
    for (auto [acc, value] : llvm::zip(accs, next))
      updated.push_back(arith::SelectOp::create(b, loc, kb.valid, value, acc));
  }
  return updated;
}

void to_gpu::buildFusedRowGradKernel(RowKernelBuilder &kb,
                                    const RowGradBuffers &buffers, Value rows,
                                    Value partialIndex, Value sharedBuffer) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  // kb.row is the group's index in the grid: its chunk.
  Value chunk = kb.row;
  CachedColumns cached = buildCachedColumns(kb, buffers);
  Value zeros = kb.splat(kb.accConstant(0.0));
  SmallVector<Value> inits(kb.schedule.cachedVectors * buffers.slots(), zeros);
  auto loop = scf::ForOp::create(b, loc, kb.index(0), buffers.rowsPerChunk,
                                 kb.index(1), inits);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value firstRow = arith::MulIOp::create(b, loc, chunk, buffers.rowsPerChunk);
    kb.setRow(arith::AddIOp::create(b, loc, firstRow, loop.getInductionVar()),
              rows);
    SmallVector<Value> updated =
        buildCachedRow(kb, buffers, cached, loop.getRegionIterArgs());
    // The next row's reduction reuses the workgroup slots.
    if (kb.groupSize > kb.warpSize)
      gpu::BarrierOp::create(b, loc);
    scf::YieldOp::create(b, loc, updated);
  }

  // The block's partial: its groups' sums added in group (chunk) order
  // through workgroup memory, a barrier after each group; the last group
  // writes the partial.
  int64_t slots = buffers.slots();
  int64_t groups = kb.schedule.rowsPerBlock;
  Value partial = partialIndex;
  for (int64_t group = 0; group < groups; ++group) {
    Value isGroup = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                          kb.groupInBlock, kb.index(group));
    kb.buildGuarded(b, isGroup, [&](OpBuilder &nb) {
      for (int64_t j = 0; j < kb.schedule.cachedVectors; ++j)
        kb.buildGuarded(nb, cached.inBounds[j], [&](OpBuilder &gb) {
          for (int64_t slot = 0; slot < slots; ++slot) {
            Value value = loop.getResult(j * slots + slot);
            Value shared = arith::AddIOp::create(
                gb, loc, cached.columns[j],
                kb.index(gb, slot * *kb.schedule.rowSize));
            if (group > 0)
              value = arith::AddFOp::create(
                  gb, loc,
                  kb.loadVector(gb, sharedBuffer, shared, kb.vectorWidth),
                  value);
            if (group + 1 < groups) {
              kb.storeVector(gb, value, sharedBuffer, shared);
              continue;
            }
            kb.storeVector(gb, value, buffers.scratch,
                           buildScratchIndex(gb, loc, buffers, kb.rowSize, slot,
                                             partial, cached.columns[j]));
          }
        });
    });
    if (group + 1 < groups)
      gpu::BarrierOp::create(b, loc);
  }
}

//===----------------------------------------------------------------------===//
// The row kernel, streamed rows
//===----------------------------------------------------------------------===//

void to_gpu::buildStreamingRow(RowKernelBuilder &kb,
                              const RowGradBuffers &buffers, Value rows) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value zeros = kb.splat(kb.accConstant(0.0));
  Value lastRow = arith::SubIOp::create(b, loc, rows, kb.index(1));
  Value statRow = arith::MinUIOp::create(b, loc, kb.row, lastRow);
  Value meanVec, invStdVec;
  std::tie(meanVec, invStdVec) = loadRowStats(kb, buffers, statRow);
  auto termsAt = [&](OpBuilder &nb, Value column) -> GradTerms {
    Value offset = arith::AddIOp::create(nb, loc, kb.rowOffset, column);
    Value dy = kb.load(nb, buffers.dy, offset);
    Value x = kb.load(nb, buffers.x, offset);
    Value scale =
        buffers.scale ? kb.loadParameter(nb, buffers.scale, column) : nullptr;
    return buildTerms(nb, loc, dy, x, meanVec, invStdVec, scale);
  };
  SmallVector<Value> inits(buffers.mean ? 2 : 1, zeros);
  SmallVector<Value> partials =
      kb.sweep(inits, [&](OpBuilder &nb, Value column, ValueRange accs) {
        GradTerms t = termsAt(nb, column);
        SmallVector<Value> next;
        if (buffers.mean)
          next.push_back(arith::AddFOp::create(nb, loc, accs.front(), t.g));
        next.push_back(arith::AddFOp::create(
            nb, loc, accs.back(), arith::MulFOp::create(nb, loc, t.g, t.xhat)));
        return next;
      });
  SmallVector<Value> sums = kb.reduceGroup(partials, /*stage=*/0);
  Value n = kb.spanCount();
  Value meanGVec =
      buffers.mean ? kb.splat(buildMean(b, loc, sums.front(), n)) : nullptr;
  Value meanGXVec = kb.splat(buildMean(b, loc, sums.back(), n));
  kb.sweep({}, [&](OpBuilder &nb, Value column, ValueRange) {
    GradTerms t = termsAt(nb, column);
    kb.store(nb, buildDx(nb, loc, t, invStdVec, meanGVec, meanGXVec),
             buffers.dx, arith::AddIOp::create(nb, loc, kb.rowOffset, column));
    return SmallVector<Value>{};
  });
}

//===----------------------------------------------------------------------===//
// dscale / dbias: the column kernel and the merge
//===----------------------------------------------------------------------===//

/// A one-dimensional kernel over the columns of the rows, `vectorWidth`
/// columns per thread: builds `body(nb, column, zeros)` where the launch's
/// thread's first column `column` is in the row, `zeros` a vector of zeros
/// of the accumulation type.
static void
buildColumnThread(KernelBuilder &kb, gpu::LaunchOp launch, int64_t threads,
                  int64_t vectorWidth, Value rowSize,
                  function_ref<void(OpBuilder &, Value, Value)> body) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  Value first =
      arith::MulIOp::create(b, loc, launch.getBlockIds().x, kb.index(threads));
  Value thread = arith::AddIOp::create(b, loc, first, launch.getThreadIds().x);
  Value column = arith::MulIOp::create(b, loc, thread, kb.index(vectorWidth));
  Value inRow =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, column, rowSize);
  kb.buildGuarded(b, inRow, [&](OpBuilder &nb) {
    Value zeros = vector::BroadcastOp::create(
        nb, loc, VectorType::get({vectorWidth}, kb.accType),
        kb.accConstant(nb, 0.0));
    body(nb, column, zeros);
  });
}

void to_gpu::buildColumnPartialsKernel(KernelBuilder &kb, gpu::LaunchOp launch,
                                       const RowGradBuffers &buffers,
                                       int64_t threads, int64_t vectorWidth,
                                       Value rows, Value rowSize) {
  Location loc = kb.loc;
  auto vectorType = VectorType::get({vectorWidth}, kb.accType);
  auto splat = [&](OpBuilder &nb, Value scalar) -> Value {
    return vector::BroadcastOp::create(nb, loc, vectorType, scalar);
  };
  Value partial = launch.getBlockIds().y;
  buildColumnThread(
      kb, launch, threads, vectorWidth, rowSize,
      [&](OpBuilder &nb, Value column, Value zeros) {
        // -0 + s = s exactly: the first chunk's sum is kept as it is, as in the
        // row kernel.
        Value negativeZeros = splat(nb, kb.accConstant(nb, -0.0));
        SmallVector<Value> totals(buffers.slots(), negativeZeros);
        for (int64_t k = 0; k < buffers.chunksPerPartial; ++k) {
          Value chunk = arith::AddIOp::create(
              nb, loc,
              arith::MulIOp::create(nb, loc, partial,
                                    kb.index(nb, buffers.chunksPerPartial)),
              kb.index(nb, k));
          Value begin = arith::MinUIOp::create(
              nb, loc,
              arith::MulIOp::create(nb, loc, chunk, buffers.rowsPerChunk),
              rows);
          Value end = arith::MinUIOp::create(
              nb, loc,
              arith::AddIOp::create(nb, loc, begin, buffers.rowsPerChunk),
              rows);
          SmallVector<Value> inits(buffers.slots(), zeros);
          auto loop = scf::ForOp::create(
              nb, loc, begin, end, kb.index(nb, 1), inits,
              [&](OpBuilder &lb, Location, Value row, ValueRange accs) {
                Value offset = arith::AddIOp::create(
                    lb, loc, arith::MulIOp::create(lb, loc, row, rowSize),
                    column);
                auto load = [&](Value buffer) {
                  return kb.convert(
                      lb, kb.loadVector(lb, buffer, offset, vectorWidth),
                      kb.accType);
                };
                Value dy = load(buffers.dy), x = load(buffers.x);
                Value meanVec;
                if (buffers.mean)
                  meanVec =
                      splat(lb, memref::LoadOp::create(lb, loc, buffers.mean,
                                                       ValueRange{row}));
                Value invStdVec =
                    splat(lb, memref::LoadOp::create(lb, loc, buffers.invStdDev,
                                                     ValueRange{row}));
                GradTerms t = buildTerms(lb, loc, dy, x, meanVec, invStdVec,
                                         /*scale=*/nullptr);
                scf::YieldOp::create(
                    lb, loc,
                    buildParamTerms(lb, loc, buffers, accs, dy, t.xhat));
              });
          for (auto [total, sum] : llvm::zip(totals, loop.getResults()))
            total = arith::AddFOp::create(nb, loc, total, sum);
        }
        for (int64_t slot = 0; slot < buffers.slots(); ++slot)
          kb.storeVector(nb, totals[slot], buffers.scratch,
                         buildScratchIndex(nb, loc, buffers, rowSize, slot,
                                           partial, column));
      });
}

void to_gpu::buildParamMergeKernel(KernelBuilder &kb, gpu::LaunchOp launch,
                                   const RowGradBuffers &buffers,
                                   int64_t threads, int64_t vectorWidth,
                                   Value rowSize, FloatType elementType) {
  Location loc = kb.loc;
  buildColumnThread(
      kb, launch, threads, vectorWidth, rowSize,
      [&](OpBuilder &nb, Value column, Value zeros) {
        SmallVector<Value> inits(buffers.slots(), zeros);
        auto loop = scf::ForOp::create(
            nb, loc, kb.index(nb, 0), buffers.partials, kb.index(nb, 1), inits,
            [&](OpBuilder &lb, Location, Value partial, ValueRange accs) {
              SmallVector<Value> next;
              for (auto [slot, acc] : llvm::enumerate(accs)) {
                Value value =
                    kb.loadVector(lb, buffers.scratch,
                                  buildScratchIndex(lb, loc, buffers, rowSize,
                                                    slot, partial, column),
                                  vectorWidth);
                next.push_back(arith::AddFOp::create(lb, loc, acc, value));
              }
              scf::YieldOp::create(lb, loc, next);
            });
        SmallVector<Value> outputs;
        if (buffers.dscale)
          outputs.push_back(buffers.dscale);
        if (buffers.dbias)
          outputs.push_back(buffers.dbias);
        for (auto [slot, output] : llvm::enumerate(outputs))
          kb.storeVector(nb, kb.convert(nb, loop.getResult(slot), elementType),
                         output, column);
      });
}
