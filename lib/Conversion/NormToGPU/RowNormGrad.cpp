//===- RowNormGrad.cpp - layer_norm_grad/rms_norm_grad to GPU -*- C++ -*-===//
//
// The patterns and launches of layer_norm_grad and rms_norm_grad: the row
// kernel (RowGradKernels.cpp) takes dx, with the schedules of the forward
// row kernels.
//
// dscale = sum_rows(dy * xhat) and dbias = sum_rows(dy) are column sums,
// taken in two steps with no atomics. The rows are cut into chunks of R
// consecutive rows (buildGradRowsPerChunk), a chunk per group and a block's
// chunks per partial: each column's partial sums its chunks' rows in order,
// chunk after chunk, into a scratch buffer [dscale | dbias][partial][column];
// then a small merge kernel adds every column's partials in order. With
// cached rows the row kernel does this itself: a group runs its chunk's
// rows, keeping its columns' partials in registers (dy and x are still read
// once), then the block's groups add theirs in order through workgroup
// memory. With streamed rows a column kernel re-reads dy and x per partial
// and column. Both take the same sums in the same order.
//
//===----------------------------------------------------------------------===//

#include "NormToGPU.h"
#include "RowGradKernel.h"
#include "norm/Conversion/NormToGPU/NormToGPU.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

//===----------------------------------------------------------------------===//
// Launches
//===----------------------------------------------------------------------===//

/// The most workgroup-memory values (f32: 32 KiB) the fused row kernel uses
/// to add the partials of a block's groups; beyond, the column kernel takes
/// dscale / dbias.
static constexpr int64_t kMaxCombineValues = 8192;

/// The row kernel is a group per row, or with cached rows and dscale /
/// dbias a group per chunk of rows; with dscale / dbias and streamed rows the
/// column kernel follows, then the merge.
void to_gpu::buildRowGradLaunches(OpBuilder &b, Location loc,
                                  const ConvertNormToGPUPassOptions &options,
                                  const RowProblem &problem,
                                  RowGradBuffers buffers) {
  const RowSchedule &schedule = problem.schedule;
  Value rows = problem.rows, rowSize = problem.rowSize;
  FloatType elementType = problem.elementType, accType = problem.accType;
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  // With several groups per block the fused kernel adds the groups' partials
  // in workgroup memory: a row of each of dscale and dbias.
  int64_t combineValues = schedule.rowsPerBlock > 1 && schedule.rowSize
                              ? *schedule.rowSize * buffers.slots()
                              : 0;
  bool fused = buffers.withParams() && schedule.cachedVectors > 0 &&
               combineValues <= kMaxCombineValues;
  if (buffers.withParams()) {
    buffers.chunksPerPartial = schedule.rowsPerBlock;
    buffers.rowsPerChunk =
        buildGradRowsPerChunk(b, loc, rows, schedule.rowsPerBlock,
                              options.maxGradPartials);
    Value rowsPerPartial = arith::MulIOp::create(b, loc, buffers.rowsPerChunk,
                                                 index(schedule.rowsPerBlock));
    buffers.partials = arith::CeilDivUIOp::create(b, loc, rows, rowsPerPartial);
    Value size = arith::MulIOp::create(
        b, loc, arith::MulIOp::create(b, loc, buffers.partials, rowSize),
        index(buffers.slots()));
    buffers.scratch = memref::AllocOp::create(
        b, loc, MemRefType::get({ShapedType::kDynamic}, accType),
        ValueRange{size});
  }

  // The row kernel: a block per partial when fused, else per rows-per-block
  // rows.
  Value blocks = fused ? buffers.partials
                       : arith::CeilDivUIOp::create(
                             b, loc, rows, index(schedule.rowsPerBlock))
                             .getResult();
  int64_t workgroupValues =
      RowKernelBuilder::getWorkgroupValues(schedule, options.warpSize);
  // The combine after the row loop may reuse the reductions' slots: each row
  // of a group of several warps ends with a barrier.
  if (fused)
    workgroupValues = std::max(workgroupValues, combineValues);
  gpu::LaunchOp rowLaunch = createKernelLaunch(
      b, loc, blocks, index(1), options.threads, workgroupValues, accType);
  buildLaunchBody(b, rowLaunch, [&] {
    RowKernelBuilder kb(b, loc, options, schedule, rowLaunch, rows, rowSize,
                        elementType, accType);
    problem.configure(kb);
    if (fused) {
      Value shared;
      if (combineValues > 0)
        shared = rowLaunch.getWorkgroupAttributions().front();
      buildFusedRowGradKernel(kb, buffers, rows, rowLaunch.getBlockIds().x,
                              shared);
    } else if (schedule.cachedVectors > 0) {
      buildCachedRow(kb, buffers, buildCachedColumns(kb, buffers),
                     /*paramAccs=*/{});
    } else {
      buildStreamingRow(kb, buffers, rows);
    }
  });
  if (!buffers.withParams())
    return;

  int64_t width = schedule.vectorWidth;
  Value columnBlocks = arith::CeilDivUIOp::create(
      b, loc, rowSize, index(options.threads * width));
  if (!fused) {
    gpu::LaunchOp launch =
        createKernelLaunch(b, loc, columnBlocks, buffers.partials,
                           options.threads, /*workgroupValues=*/0, accType);
    buildLaunchBody(b, launch, [&] {
      KernelBuilder kb(b, loc, accType, options.warpSize);
      buildColumnPartialsKernel(kb, launch, buffers, options.threads, width,
                                rows, rowSize);
    });
  }
  gpu::LaunchOp merge =
      createKernelLaunch(b, loc, columnBlocks, index(1), options.threads,
                         /*workgroupValues=*/0, accType);
  buildLaunchBody(b, merge, [&] {
    KernelBuilder kb(b, loc, accType, options.warpSize);
    buildParamMergeKernel(kb, merge, buffers, options.threads, width, rowSize,
                          elementType);
  });
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

namespace {

/// Rewrites `norm.layer_norm_grad` and `norm.rms_norm_grad` on tensors into
/// gpu.launch row kernels over flat buffers with the forward's row schedule
/// (resolveRowGradSchedule): a group per row reduces sum(g) and sum(g *
/// xhat) with xor shuffles and writes dx; dscale / dbias go through
/// per-chunk column partials and a merge kernel (deterministic, no atomics).
template <typename OpTy>
struct RowNormGradToGPULaunch : RowPattern<OpTy, RowKernelKind::Gradient> {
  static constexpr bool isLayerNorm = std::is_same_v<OpTy, LayerNormGradOp>;

  using RowPattern<OpTy, RowKernelKind::Gradient>::RowPattern;

  LogicalResult rewriteRows(OpTy op, RowProblem &problem,
                            PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RowGradBuffers buffers;
    buffers.dy = getOperandBuffer(rewriter, loc, op.getDy());
    buffers.x = getOperandBuffer(rewriter, loc, op.getX());
    if (Value scale = op.getScale())
      buffers.scale = getOperandBuffer(rewriter, loc, scale);
    ResultBuffers results(rewriter, loc, op.getDy());
    buffers.dx = results.addFlat(op.getDx());
    int64_t rank = op.getDy().getType().getRank();
    SmallVector<int64_t> paramDims =
        llvm::to_vector(llvm::seq<int64_t>(problem.axis, rank));
    buffers.dscale = results.addFlatIfUsed(op.getDscale(), paramDims);
    if constexpr (isLayerNorm) {
      buffers.mean = getOperandBuffer(rewriter, loc, op.getMean());
      buffers.invStdDev = getOperandBuffer(rewriter, loc, op.getInvStdDev());
      buffers.dbias = results.addFlatIfUsed(op.getDbias(), paramDims);
    } else {
      buffers.invStdDev = getOperandBuffer(rewriter, loc, op.getInvRms());
    }

    problem.buildSizes(rewriter, loc);
    buildRowGradLaunches(rewriter, loc, this->options, problem, buffers);
    results.replace(rewriter, op);
    return success();
  }
};

} // namespace

void mlir::norm::populateRowNormGradToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<RowNormGradToGPULaunch<LayerNormGradOp>,
               RowNormGradToGPULaunch<RMSNormGradOp>>(patterns.getContext(),
                                                      options);
}
