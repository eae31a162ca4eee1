//===- RowNorm.cpp - layer_norm/rms_norm to GPU row kernels -*- C++ -*-===//
//
// layer_norm and rms_norm get hand-scheduled kernels. A group of threads (one
// warp for small rows, a whole block for larger ones) owns a row; each thread
// handles a strided share of it in `vector-width` chunks and accumulates in
// the accumulation type; the group reduces with xor shuffles (and one
// shared-memory stage when it spans several warps). Three kernel shapes,
// chosen from the static row size:
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

#include "NormToGPU.h"
#include "norm/Conversion/NormToGPU/NormToGPU.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

namespace {

/// The most blocks a row can be split into (the grid's y extent).
constexpr int64_t kMaxBlocksPerRow = 65535;

/// The schedule of one row norm: the options resolved against its row size.
struct RowSchedule {
  /// Rows per block, and threads per row (a group).
  int64_t rowsPerBlock = 1;
  int64_t groupSize = 1;
  /// Elements per vector access.
  int64_t vectorWidth = 1;
  /// Blocks per row; 1: a group handles its whole row.
  int64_t blocksPerRow = 1;
  /// The static row size, and the static columns per block (the row size
  /// when the row is not split); nullopt when the row size is dynamic.
  std::optional<int64_t> rowSize, chunkSize;
  /// Vectors per thread held in registers (0: the streaming kernel), and how
  /// many of the first ones are in bounds for every thread of every chunk
  /// (the others are loaded guarded).
  int64_t cachedVectors = 0;
  int64_t unguardedVectors = 0;
};

} // namespace

/// Resolves the options against the static row size `rowSize` (if any):
/// rows-per-block = 0 gives a warp per row for rows of at most
/// max-row-per-warp elements and a block per row otherwise; blocks-per-row =
/// 0 splits rows of more than max-row-per-block elements into chunks that fit
/// the register cache; a block's share of at most max-cached-vectors vectors
/// per thread is cached.
static RowSchedule resolveSchedule(const ConvertNormToGPUPassOptions &options,
                                   std::optional<int64_t> rowSize,
                                   FloatType elementType) {
  RowSchedule s;
  s.rowSize = rowSize;
  // vector-width = 0: 16-byte accesses (4 f32, 8 bf16/f16, 2 f64).
  int64_t width = options.vectorWidth > 0
                      ? options.vectorWidth
                      : std::max<int64_t>(1, 128 / elementType.getWidth());
  s.vectorWidth = rowSize && *rowSize % width == 0 ? width : 1;
  s.rowsPerBlock = options.rowsPerBlock;
  if (s.rowsPerBlock == 0) {
    bool warpPerRow = rowSize && *rowSize <= options.maxRowPerWarp;
    s.rowsPerBlock =
        warpPerRow ? std::max<int64_t>(options.threads / options.warpSize, 1)
                   : 1;
  }
  s.groupSize = options.threads / s.rowsPerBlock;
  int64_t groupElements = s.groupSize * s.vectorWidth;

  s.blocksPerRow = options.blocksPerRow;
  if (s.blocksPerRow == 0) {
    s.blocksPerRow = 1;
    if (rowSize && options.maxRowPerBlock > 0 &&
        *rowSize > options.maxRowPerBlock) {
      int64_t target = options.maxRowPerBlock;
      if (options.maxCachedVectors > 0)
        target = std::min(target, groupElements * options.maxCachedVectors);
      s.blocksPerRow = std::min<int64_t>(llvm::divideCeil(*rowSize, target),
                                         kMaxBlocksPerRow);
    }
  }
  if (!rowSize)
    return s;

  int64_t chunk = *rowSize;
  if (s.blocksPerRow > 1)
    chunk = llvm::alignTo(llvm::divideCeil(*rowSize, s.blocksPerRow),
                          s.vectorWidth);
  s.chunkSize = chunk;
  int64_t vectors = llvm::divideCeil(chunk, groupElements);
  if (options.maxCachedVectors > 0 && vectors <= options.maxCachedVectors) {
    // Chunks are `chunk` long but the last, which may be shorter.
    int64_t lastChunk =
        std::max<int64_t>(*rowSize - (s.blocksPerRow - 1) * chunk, 0);
    s.cachedVectors = vectors;
    s.unguardedVectors = lastChunk / groupElements;
  }
  return s;
}

namespace {

/// A thread's share of its span held in registers: the vectors (in the
/// accumulation type), their columns in the row and, for the vectors that can
/// lie past the span's end, whether they are in bounds (null when always).
/// Out-of-bounds vectors are zeros.
struct CachedSpan {
  SmallVector<Value> values, columns, inBounds;
};

/// Builds the body of one row-norm kernel inside a gpu.launch: the index
/// arithmetic, the loads of a group's span of its row (the whole row, or the
/// block's chunk of it), streaming or cached in registers, and the group
/// reduction.
class RowKernelBuilder {
public:
  RowKernelBuilder(OpBuilder &b, Location loc,
                   const ConvertNormToGPUPassOptions &options,
                   const RowSchedule &schedule, gpu::LaunchOp launch,
                   Value rows, Value rowSize, FloatType elementType,
                   FloatType accType)
      : b(b), loc(loc), warpSize(options.warpSize), schedule(schedule),
        vectorWidth(schedule.vectorWidth), groupSize(schedule.groupSize),
        elementType(elementType), accType(accType), rowSize(rowSize) {
    Value tid = launch.getThreadIds().x;
    Value group = arith::DivUIOp::create(b, loc, tid, index(groupSize));
    laneInGroup = arith::RemUIOp::create(b, loc, tid, index(groupSize));
    laneInWarp = arith::RemUIOp::create(b, loc, tid, index(warpSize));
    warpInGroup = arith::DivUIOp::create(b, loc, laneInGroup, index(warpSize));
    groupInBlock = group;
    Value firstRow = arith::MulIOp::create(b, loc, launch.getBlockIds().x,
                                           index(schedule.rowsPerBlock));
    row = arith::AddIOp::create(b, loc, firstRow, group);
    // Threads of a row past the end still take part in the shuffles and
    // barriers; their sweeps are empty, cached loads read the last row, and
    // they store nothing.
    valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row, rows);
    rowOffset = arith::MulIOp::create(b, loc, row, rowSize);
    if (schedule.cachedVectors > 0 || schedule.blocksPerRow > 1) {
      Value lastRow = arith::SubIOp::create(b, loc, rows, index(1));
      loadRow = arith::MinUIOp::create(b, loc, row, lastRow);
      loadRowOffset = arith::MulIOp::create(b, loc, loadRow, rowSize);
    }
    if (schedule.blocksPerRow > 1) {
      chunkIndex = launch.getBlockIds().y;
      std::tie(spanBegin, spanEnd) = chunkBounds(b, chunkIndex);
    } else {
      spanBegin = index(0);
      spanEnd = rowSize;
    }
    if (!launch.getWorkgroupAttributions().empty())
      sharedBuffer = launch.getWorkgroupAttributions().front();
  }

  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value accConstant(double value) {
    return arith::ConstantOp::create(b, loc, accType,
                                     b.getFloatAttr(accType, value));
  }
  VectorType accVectorType() const {
    return VectorType::get({vectorWidth}, accType);
  }
  Value splat(Value scalar) {
    return vector::BroadcastOp::create(b, loc, accVectorType(), scalar);
  }
  /// `count` (an index) in the accumulation type.
  Value toAcc(OpBuilder &nb, Value count) {
    return arith::UIToFPOp::create(
        nb, loc, accType,
        arith::IndexCastUIOp::create(nb, loc, nb.getI64Type(), count));
  }

  /// The columns per chunk of a split row: ceil(rowSize / blocksPerRow)
  /// rounded up to the vector width.
  Value chunkSize(OpBuilder &nb) {
    if (schedule.chunkSize)
      return arith::ConstantIndexOp::create(nb, loc, *schedule.chunkSize);
    Value chunk = arith::CeilDivUIOp::create(
        nb, loc, rowSize,
        arith::ConstantIndexOp::create(nb, loc, schedule.blocksPerRow));
    Value width = arith::ConstantIndexOp::create(nb, loc, vectorWidth);
    return arith::MulIOp::create(
        nb, loc, arith::CeilDivUIOp::create(nb, loc, chunk, width), width);
  }
  /// [begin, end) of chunk `k` of a row; empty past the row's end.
  std::pair<Value, Value> chunkBounds(OpBuilder &nb, Value k) {
    Value chunk = chunkSize(nb);
    Value begin = arith::MinUIOp::create(
        nb, loc, arith::MulIOp::create(nb, loc, k, chunk), rowSize);
    Value end = arith::MinUIOp::create(
        nb, loc, arith::AddIOp::create(nb, loc, begin, chunk), rowSize);
    return {begin, end};
  }
  /// The number of columns of the group's span, in the accumulation type.
  Value spanCount() {
    return toAcc(b, arith::SubIOp::create(b, loc, spanEnd, spanBegin));
  }

  /// Loads `vectorWidth` elements of the flat buffer `buffer` at `offset` and
  /// extends them to the accumulation type.
  Value load(OpBuilder &nb, Value buffer, Value offset) {
    auto type = VectorType::get({vectorWidth}, elementType);
    llvm::MaybeAlign alignment;
    if (vectorWidth > 1)
      alignment = llvm::Align(vectorWidth * elementType.getWidth() / 8);
    Value v = vector::LoadOp::create(nb, loc, type, buffer, ValueRange{offset},
                                     /*nontemporal=*/false, alignment);
    if (elementType != accType)
      v = arith::ExtFOp::create(nb, loc, accVectorType(), v);
    return v;
  }

  /// Truncates `value` to the element type and stores it at `offset`.
  void store(OpBuilder &nb, Value value, Value buffer, Value offset) {
    if (elementType != accType)
      value = arith::TruncFOp::create(
          nb, loc, VectorType::get({vectorWidth}, elementType), value);
    llvm::MaybeAlign alignment;
    if (vectorWidth > 1)
      alignment = llvm::Align(vectorWidth * elementType.getWidth() / 8);
    vector::StoreOp::create(nb, loc, value, buffer, ValueRange{offset},
                            /*nontemporal=*/false, alignment);
  }

  /// Sweeps the thread's strided share of its span: `body` gets the column
  /// and the accumulators and returns the new ones. Returns the final
  /// accumulators (vectors of the accumulation type).
  SmallVector<Value>
  sweep(ValueRange inits,
        function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)> body) {
    Value start = arith::AddIOp::create(
        b, loc, spanBegin,
        arith::MulIOp::create(b, loc, laneInGroup, index(vectorWidth)));
    Value end = arith::SelectOp::create(b, loc, valid, spanEnd, index(0));
    Value step = index(groupSize * vectorWidth);
    auto loop = scf::ForOp::create(
        b, loc, start, end, step, inits,
        [&](OpBuilder &nb, Location, Value column, ValueRange accs) {
          scf::YieldOp::create(nb, loc, body(nb, column, accs));
        });
    return SmallVector<Value>(loop.getResults());
  }

  /// Loads the thread's share of its span of `buffer` into registers, each
  /// vector once: vector j is at column spanBegin + (j * groupSize + lane) *
  /// vectorWidth. The vectors that can lie past the span's end load from a
  /// column clamped into the row and are replaced by zeros when out of bounds.
  CachedSpan loadCached(Value buffer) {
    CachedSpan cache;
    Value laneStart = arith::AddIOp::create(
        b, loc, spanBegin,
        arith::MulIOp::create(b, loc, laneInGroup, index(vectorWidth)));
    Value lastColumn = index(*schedule.rowSize - vectorWidth);
    Value zeros = splat(accConstant(0.0));
    for (int64_t j = 0; j < schedule.cachedVectors; ++j) {
      Value column = arith::AddIOp::create(b, loc, laneStart,
                                           index(j * groupSize * vectorWidth));
      cache.columns.push_back(column);
      if (j < schedule.unguardedVectors) {
        cache.values.push_back(load(
            b, buffer, arith::AddIOp::create(b, loc, loadRowOffset, column)));
        cache.inBounds.push_back(nullptr);
        continue;
      }
      Value inBounds = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                             column, spanEnd);
      Value clamped = arith::MinUIOp::create(b, loc, column, lastColumn);
      Value x = load(b, buffer,
                     arith::AddIOp::create(b, loc, loadRowOffset, clamped));
      cache.values.push_back(
          arith::SelectOp::create(b, loc, inBounds, x, zeros));
      cache.inBounds.push_back(inBounds);
    }
    return cache;
  }

  /// Runs `body(nb, x, column)` on every cached vector of a valid row; the
  /// ones that can lie past the span's end under an `scf.if` of their mask.
  void forEachCached(const CachedSpan &cache,
                     function_ref<void(OpBuilder &, Value, Value)> body) {
    scf::IfOp::create(b, loc, valid, [&](OpBuilder &nb, Location) {
      for (auto [j, inBounds] : llvm::enumerate(cache.inBounds)) {
        Value x = cache.values[j], column = cache.columns[j];
        if (!inBounds) {
          body(nb, x, column);
          continue;
        }
        scf::IfOp::create(nb, loc, inBounds, [&](OpBuilder &gb, Location) {
          body(gb, x, column);
          scf::YieldOp::create(gb, loc);
        });
      }
      scf::YieldOp::create(nb, loc);
    });
  }

  /// Sums the lanes of the vector accumulators `partials` and then over the
  /// threads of the row's group; every thread of the group gets the totals.
  /// `stage` picks this reduction's own slots of shared memory, so that
  /// consecutive reductions need no barrier between them.
  SmallVector<Value> reduceGroup(ValueRange partials, int64_t stage) {
    SmallVector<Value> values;
    for (Value partial : partials)
      values.push_back(vector::ReductionOp::create(
          b, loc, vector::CombiningKind::ADD, partial));
    auto xorReduce = [&](int64_t width) {
      for (Value &value : values)
        for (int64_t offset = width / 2; offset >= 1; offset /= 2) {
          Value other = gpu::ShuffleOp::create(b, loc, value, offset, warpSize,
                                               gpu::ShuffleMode::XOR)
                            .getShuffleResult();
          value = arith::AddFOp::create(b, loc, value, other);
        }
    };
    xorReduce(std::min(groupSize, warpSize));
    if (groupSize <= warpSize)
      return values;

    // One partial per warp goes through shared memory; every warp of the
    // group then reduces all of them, so no second barrier is needed.
    int64_t warpsPerGroup = groupSize / warpSize;
    int64_t numValues = values.size();
    auto slot = [&](OpBuilder &nb, int64_t k, Value warp) -> Value {
      // [stage][group][k][warp]
      int64_t stageBase =
          stage * schedule.rowsPerBlock * kMaxValues * warpsPerGroup;
      Value groupBase = arith::MulIOp::create(
          nb, loc, groupInBlock,
          arith::ConstantIndexOp::create(nb, loc, numValues * warpsPerGroup));
      Value base =
          arith::AddIOp::create(nb, loc, groupBase,
                                arith::ConstantIndexOp::create(
                                    nb, loc, stageBase + k * warpsPerGroup));
      return arith::AddIOp::create(nb, loc, base, warp);
    };
    Value isLeader = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                           laneInWarp, index(0));
    scf::IfOp::create(b, loc, isLeader, [&](OpBuilder &nb, Location) {
      for (auto [k, value] : llvm::enumerate(values))
        memref::StoreOp::create(nb, loc, value, sharedBuffer,
                                slot(nb, k, warpInGroup));
      scf::YieldOp::create(nb, loc);
    });
    gpu::BarrierOp::create(b, loc);
    Value source =
        arith::RemUIOp::create(b, loc, laneInWarp, index(warpsPerGroup));
    for (auto [k, value] : llvm::enumerate(values))
      value = memref::LoadOp::create(b, loc, sharedBuffer, slot(b, k, source));
    xorReduce(warpsPerGroup);
    return values;
  }

  /// Runs `body` in the first thread of the group of a valid row (and only
  /// where `condition`, when given, holds).
  void ifLeader(Value condition, function_ref<void(OpBuilder &)> body) {
    Value isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                          laneInGroup, index(0));
    Value cond = arith::AndIOp::create(b, loc, isFirst, valid);
    if (condition)
      cond = arith::AndIOp::create(b, loc, cond, condition);
    scf::IfOp::create(b, loc, cond, [&](OpBuilder &nb, Location) {
      body(nb);
      scf::YieldOp::create(nb, loc);
    });
  }

  /// Stores the scalar `value` into the flat per-row buffer `buffer` from the
  /// first thread of the row's group (and only where `condition` holds).
  void storeRowStat(Value value, Value buffer, Value condition = nullptr) {
    ifLeader(condition, [&](OpBuilder &nb) {
      Value stat = value;
      auto statType =
          cast<FloatType>(cast<MemRefType>(buffer.getType()).getElementType());
      if (statType != accType)
        stat =
            statType.getWidth() < accType.getWidth()
                ? arith::TruncFOp::create(nb, loc, statType, stat).getResult()
                : arith::ExtFOp::create(nb, loc, statType, stat).getResult();
      memref::StoreOp::create(nb, loc, stat, buffer, ValueRange{row});
    });
  }

  /// The index of value `slot` of chunk `k` of row `r` in a scratch buffer of
  /// `slots` values per chunk.
  Value scratchIndex(OpBuilder &nb, Value r, Value k, int64_t slots,
                     int64_t slot) {
    Value chunks = arith::MulIOp::create(
        nb, loc, r,
        arith::ConstantIndexOp::create(nb, loc, schedule.blocksPerRow));
    Value chunk = arith::AddIOp::create(nb, loc, chunks, k);
    Value base = arith::MulIOp::create(
        nb, loc, chunk, arith::ConstantIndexOp::create(nb, loc, slots));
    return arith::AddIOp::create(nb, loc, base,
                                 arith::ConstantIndexOp::create(nb, loc, slot));
  }

  /// At most this many values are reduced together (sum d and sum d^2).
  static constexpr int64_t kMaxValues = 2;
  /// Shared-memory stages per kernel (layer_norm: m1, then (d, d^2)).
  static constexpr int64_t kMaxStages = 2;

  OpBuilder &b;
  Location loc;
  int64_t warpSize;
  RowSchedule schedule;
  int64_t vectorWidth;
  int64_t groupSize;
  FloatType elementType;
  FloatType accType;
  Value rowSize, row, valid, rowOffset;
  /// The row clamped to the last one, for loads that run in every group.
  Value loadRow, loadRowOffset;
  /// The block's chunk of a split row (null otherwise) and the group's span
  /// [spanBegin, spanEnd) of columns.
  Value chunkIndex, spanBegin, spanEnd;
  Value laneInGroup, laneInWarp, warpInGroup, groupInBlock;
  Value sharedBuffer;
};

} // namespace

namespace {

/// What a row norm reads and writes, as flat device buffers; `scratch` holds
/// the per-chunk statistics of a split row.
struct RowNormBuffers {
  Value input, scale, bias, output, mean, invStdDev, scratch;
};

/// Values per chunk in the scratch buffer of a split row: layer_norm stores
/// (m1, c, M2) of its chunk, rms_norm the sum of squares.
constexpr int64_t kLayerNormScratchSlots = 3;
constexpr int64_t kRMSNormScratchSlots = 1;

/// Rewrites `norm.layer_norm` and `norm.rms_norm` on tensors into
/// `gpu.launch` row kernels over flat buffers (bufferization.to_buffer of the
/// operands, fresh buffers or materialize_in_destination targets for the
/// results, bufferization.to_tensor of the results): one group of threads
/// per row (or per chunk of a row, in two kernels, for very large rows), the
/// row cached in registers or swept from memory, xor-shuffle group
/// reductions, and the corrected two-pass moments of the CPU lowering.
template <typename OpTy> struct RowNormToGPULaunch : OpRewritePattern<OpTy> {
  RowNormToGPULaunch(MLIRContext *context, ConvertNormToGPUPassOptions options)
      : OpRewritePattern<OpTy>(context), options(options) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    constexpr bool isLayerNorm = std::is_same_v<OpTy, LayerNormOp>;
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    int64_t rank = inputType.getRank();
    int64_t axis = op.getNormalizedAxis();
    FloatType elementType = op.getElementType();
    FloatType accType = op.getAccumulatorType();
    if (!accType.isF32() && !accType.isF64())
      return rewriter.notifyMatchFailure(op,
                                         "accumulates in neither f32 nor f64");
    RowSchedule schedule =
        resolveSchedule(options, getStaticSize(inputType, axis, rank),
                        op.getElementType());

    // Operands and results as flat buffers.
    SmallVector<Operation *> toErase;
    RowNormBuffers buffers;
    auto toFlatBuffer = [&](Value tensor) -> Value {
      if (!tensor)
        return nullptr;
      return getOperandBuffer(rewriter, loc, tensor);
    };
    buffers.input = toFlatBuffer(op.getInput());
    buffers.scale = toFlatBuffer(op.getScale());
    Value outputBuffer =
        getResultBuffer(rewriter, loc, op.getOutput(), op.getInput(),
                        /*sizeDims=*/{}, toErase);
    buffers.output = flatten(rewriter, loc, outputBuffer);
    SmallVector<std::pair<Value, Value>> results = {
        {op.getOutput(), outputBuffer}};
    auto addStat = [&](Value result) -> Value {
      if (!result || result.use_empty())
        return nullptr;
      Value buffer =
          getResultBuffer(rewriter, loc, result, op.getInput(),
                          /*sizeDims=*/{}, toErase);
      results.push_back({result, buffer});
      return flatten(rewriter, loc, buffer);
    };
    if constexpr (isLayerNorm) {
      buffers.bias = toFlatBuffer(op.getBias());
      buffers.mean = addStat(op.getMean());
      buffers.invStdDev = addStat(op.getInvStdDev());
    } else {
      buffers.invStdDev = addStat(op.getInvRms());
    }

    Value rows = buildSizeProduct(rewriter, loc, op.getInput(), 0, axis);
    Value rowSize = buildSizeProduct(rewriter, loc, op.getInput(), axis, rank);
    bool needsShared = schedule.groupSize > options.warpSize;
    if (schedule.blocksPerRow == 1) {
      // One kernel: a group of threads per row.
      gpu::LaunchOp launch =
          createLaunch(rewriter, loc, schedule, rows, accType, needsShared);
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(&launch.getBody().front());
      RowKernelBuilder kb(rewriter, loc, options, schedule, launch, rows,
                          rowSize, elementType, accType);
      if constexpr (isLayerNorm)
        buildLayerNormKernel(kb, op, buffers);
      else
        buildRMSNormKernel(kb, op, buffers);
      gpu::TerminatorOp::create(rewriter, loc);
      rewriter.setInsertionPointAfter(launch);
    } else {
      // Two kernels over a scratch buffer of per-chunk statistics (freed by
      // the deallocation of the bufferization pipeline, or by
      // norm-host-buffers-to-device in norm-gpu-pipeline).
      int64_t slots =
          isLayerNorm ? kLayerNormScratchSlots : kRMSNormScratchSlots;
      Value scratchSize = arith::MulIOp::create(
          rewriter, loc, rows,
          arith::ConstantIndexOp::create(rewriter, loc,
                                         schedule.blocksPerRow * slots));
      buffers.scratch = memref::AllocOp::create(
          rewriter, loc, MemRefType::get({ShapedType::kDynamic}, accType),
          ValueRange{scratchSize});
      gpu::LaunchOp partials =
          createLaunch(rewriter, loc, schedule, rows, accType, needsShared);
      gpu::LaunchOp normalize = createLaunch(rewriter, loc, schedule, rows,
                                             accType, /*needsShared=*/false);
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(&partials.getBody().front());
      {
        RowKernelBuilder kb(rewriter, loc, options, schedule, partials, rows,
                            rowSize, elementType, accType);
        if constexpr (isLayerNorm)
          buildLayerNormPartials(kb, buffers);
        else
          buildRMSNormPartials(kb, buffers);
        gpu::TerminatorOp::create(rewriter, loc);
      }
      rewriter.setInsertionPointToStart(&normalize.getBody().front());
      {
        RowKernelBuilder kb(rewriter, loc, options, schedule, normalize, rows,
                            rowSize, elementType, accType);
        if constexpr (isLayerNorm)
          buildLayerNormMerge(kb, op, buffers);
        else
          buildRMSNormMerge(kb, op, buffers);
        gpu::TerminatorOp::create(rewriter, loc);
      }
      rewriter.setInsertionPointAfter(normalize);
    }

    for (auto [result, buffer] : results) {
      if (result.use_empty())
        continue;
      Value tensor = bufferization::ToTensorOp::create(
          rewriter, loc, result.getType(), buffer, /*restrict=*/true,
          /*writable=*/true);
      rewriter.replaceAllUsesWith(result, tensor);
    }
    for (Operation *erased : toErase)
      rewriter.eraseOp(erased);
    rewriter.eraseOp(op);
    return success();
  }

  /// A launch of ceil(rows / rows-per-block) x blocks-per-row blocks of
  /// `threads` threads, with the workgroup buffer of the group reductions when
  /// `needsShared`.
  gpu::LaunchOp createLaunch(PatternRewriter &rewriter, Location loc,
                             const RowSchedule &schedule, Value rows,
                             FloatType accType, bool needsShared) const {
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value rowsPerBlock =
        arith::ConstantIndexOp::create(rewriter, loc, schedule.rowsPerBlock);
    Value blocks =
        arith::CeilDivUIOp::create(rewriter, loc, rows, rowsPerBlock);
    Value chunks =
        arith::ConstantIndexOp::create(rewriter, loc, schedule.blocksPerRow);
    Value threads =
        arith::ConstantIndexOp::create(rewriter, loc, options.threads);
    SmallVector<Type> workgroup;
    if (needsShared) {
      int64_t slots = RowKernelBuilder::kMaxStages * schedule.rowsPerBlock *
                      RowKernelBuilder::kMaxValues *
                      (schedule.groupSize / options.warpSize);
      workgroup.push_back(MemRefType::get(
          {slots}, accType, AffineMap(),
          gpu::AddressSpaceAttr::get(rewriter.getContext(),
                                     gpu::AddressSpace::Workgroup)));
    }
    return gpu::LaunchOp::create(
        rewriter, loc, blocks, chunks, one, threads, one, one,
        /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
        /*asyncDependencies=*/ValueRange(), workgroup);
  }

  /// The corrected two-pass moments of the group's span: m1 = sum(x)/count,
  /// then sum(d) and sum(d^2) of d = x - m1, each reduced over the group.
  struct SpanMoments {
    Value firstMean, sumD, sumDD;
    std::optional<CachedSpan> cache;
  };
  static SpanMoments buildSpanMoments(RowKernelBuilder &kb, Value input,
                                      Value count) {
    OpBuilder &b = kb.b;
    Location loc = kb.loc;
    Value zeros = kb.splat(kb.accConstant(0.0));
    SpanMoments moments;
    if (kb.schedule.cachedVectors > 0) {
      // One read of the span; both passes run on the registers.
      moments.cache = kb.loadCached(input);
      Value sum = zeros;
      for (Value x : moments.cache->values)
        sum = arith::AddFOp::create(b, loc, sum, x);
      moments.firstMean = arith::DivFOp::create(
          b, loc, kb.reduceGroup(sum, /*stage=*/0)[0], count);
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

    // Streaming: one sweep per pass.
    auto at = [&](OpBuilder &nb, Value column) -> Value {
      return arith::AddIOp::create(nb, loc, kb.rowOffset, column);
    };
    SmallVector<Value> sum =
        kb.sweep(zeros, [&](OpBuilder &nb, Value column, ValueRange accs) {
          Value x = kb.load(nb, input, at(nb, column));
          return SmallVector<Value>{arith::AddFOp::create(nb, loc, accs[0], x)};
        });
    Value total = kb.reduceGroup(sum, /*stage=*/0)[0];
    moments.firstMean = arith::DivFOp::create(b, loc, total, count);
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
          Value x = kb.load(
              nb, input, arith::AddIOp::create(nb, loc, kb.rowOffset, column));
          Value xx = arith::MulFOp::create(nb, loc, x, x);
          return SmallVector<Value>{
              arith::AddFOp::create(nb, loc, accs[0], xx)};
        });
    return {kb.reduceGroup(squares, /*stage=*/0)[0], std::nullopt};
  }

  /// Writes `normalize(nb, x, column)` for the group's span: from the
  /// registers of `cache` when there is one, else from one more sweep.
  static void
  buildNormalizeSpan(RowKernelBuilder &kb, Value input, Value output,
                     const std::optional<CachedSpan> &cache,
                     function_ref<Value(OpBuilder &, Value, Value)> normalize) {
    Location loc = kb.loc;
    auto at = [&](OpBuilder &nb, Value column) -> Value {
      return arith::AddIOp::create(nb, loc, kb.rowOffset, column);
    };
    if (cache) {
      kb.forEachCached(*cache, [&](OpBuilder &nb, Value x, Value column) {
        kb.store(nb, normalize(nb, x, column), output, at(nb, column));
      });
      return;
    }
    kb.sweep({}, [&](OpBuilder &nb, Value column, ValueRange) {
      Value x = kb.load(nb, input, at(nb, column));
      kb.store(nb, normalize(nb, x, column), output, at(nb, column));
      return SmallVector<Value>{};
    });
  }

  /// y = ((x - m1) - c) * rstd [* scale] [+ bias] with the corrected
  /// two-pass moments: m1 = sum(x)/n, then sum(d) and sum(d^2) of d = x - m1;
  /// c = sum(d)/n, var = max(sum(d^2)/n - c^2, 0).
  void buildLayerNormKernel(RowKernelBuilder &kb, LayerNormOp op,
                            const RowNormBuffers &buffers) const {
    OpBuilder &b = kb.b;
    Location loc = kb.loc;
    Value n = kb.spanCount();
    SpanMoments moments = buildSpanMoments(kb, buffers.input, n);
    Value correction = arith::DivFOp::create(b, loc, moments.sumD, n);
    Value mean = arith::AddFOp::create(b, loc, moments.firstMean, correction);
    Value meanSquare = arith::DivFOp::create(b, loc, moments.sumDD, n);
    Value variance = arith::SubFOp::create(
        b, loc, meanSquare,
        arith::MulFOp::create(b, loc, correction, correction));
    variance = arith::MaximumFOp::create(b, loc, variance, kb.accConstant(0.0));
    double epsilon = op.getAccumulatorEpsilon();
    Value invStdDev = buildInverseSqrt(kb, variance, epsilon);
    if (buffers.mean)
      kb.storeRowStat(mean, buffers.mean);
    if (buffers.invStdDev)
      kb.storeRowStat(invStdDev, buffers.invStdDev);
    buildLayerNormalize(kb, buffers, moments.cache, moments.firstMean,
                        correction, invStdDev, epsilon == 0.0);
  }

  /// Writes ((x - pilot) - correction) * invStdDev [* scale] [+ bias] over
  /// the group's span.
  static void buildLayerNormalize(RowKernelBuilder &kb,
                                  const RowNormBuffers &buffers,
                                  const std::optional<CachedSpan> &cache,
                                  Value pilot, Value correction,
                                  Value invStdDev, bool guardZero) {
    Location loc = kb.loc;
    Value pilotVec = kb.splat(pilot);
    Value correctionVec = kb.splat(correction);
    Value invStdDevVec = kb.splat(invStdDev);
    buildNormalizeSpan(kb, buffers.input, buffers.output, cache,
                       [&](OpBuilder &nb, Value x, Value column) {
                         Value d = arith::SubFOp::create(nb, loc, x, pilotVec);
                         d = arith::SubFOp::create(nb, loc, d, correctionVec);
                         return normalizeTail(kb, nb, d, invStdDevVec,
                                              guardZero, column, buffers);
                       });
  }

  /// Kernel 1 of a split layer_norm row: the block's chunk's first mean m1,
  /// correction c = sum(d)/m and M2 = m * max(sum(d^2)/m - c^2, 0) (m its
  /// columns) go to the scratch buffer.
  void buildLayerNormPartials(RowKernelBuilder &kb,
                              const RowNormBuffers &buffers) const {
    OpBuilder &b = kb.b;
    Location loc = kb.loc;
    Value m = kb.spanCount();
    SpanMoments moments = buildSpanMoments(kb, buffers.input, m);
    Value correction = arith::DivFOp::create(b, loc, moments.sumD, m);
    Value meanSquare = arith::DivFOp::create(b, loc, moments.sumDD, m);
    Value variance = arith::SubFOp::create(
        b, loc, meanSquare,
        arith::MulFOp::create(b, loc, correction, correction));
    variance = arith::MaximumFOp::create(b, loc, variance, kb.accConstant(0.0));
    Value m2 = arith::MulFOp::create(b, loc, m, variance);
    SmallVector<Value> partials = {moments.firstMean, correction, m2};
    kb.ifLeader(nullptr, [&](OpBuilder &nb) {
      for (auto [slot, value] : llvm::enumerate(partials))
        memref::StoreOp::create(nb, loc, value, buffers.scratch,
                                kb.scratchIndex(nb, kb.row, kb.chunkIndex,
                                                kLayerNormScratchSlots, slot));
    });
  }

  /// Kernel 2 of a split layer_norm row. Every block of the row merges the
  /// chunks' statistics in chunk order (the same operations in every block,
  /// so the same bits): about the pilot p = m1 of chunk 0, chunk k has mean
  /// offset o_k = (m1_k - p) + c_k; Chan's pairwise update combines the
  /// (count, offset, M2) triples. Then c = the merged offset, mean = p + c,
  /// var = M2/n; chunk 0 stores the row's statistics and every block writes
  /// ((x - p) - c) * rstd [* scale] [+ bias] over its chunk.
  void buildLayerNormMerge(RowKernelBuilder &kb, LayerNormOp op,
                           const RowNormBuffers &buffers) const {
    OpBuilder &b = kb.b;
    Location loc = kb.loc;
    int64_t slots = kLayerNormScratchSlots;
    Value zero = kb.accConstant(0.0);
    Value pilot = memref::LoadOp::create(
        b, loc, buffers.scratch,
        kb.scratchIndex(b, kb.loadRow, kb.index(0), slots, /*slot=*/0));
    auto merge = scf::ForOp::create(
        b, loc, kb.index(0), kb.index(kb.schedule.blocksPerRow), kb.index(1),
        ValueRange{zero, zero, zero},
        [&](OpBuilder &nb, Location, Value k, ValueRange acc) {
          auto stat = [&](int64_t slot) -> Value {
            return memref::LoadOp::create(
                nb, loc, buffers.scratch,
                kb.scratchIndex(nb, kb.loadRow, k, slots, slot));
          };
          Value firstMean = stat(0), correction = stat(1), m2 = stat(2);
          auto [begin, end] = kb.chunkBounds(nb, k);
          Value count =
              kb.toAcc(nb, arith::SubIOp::create(nb, loc, end, begin));
          Value offset = arith::AddFOp::create(
              nb, loc, arith::SubFOp::create(nb, loc, firstMean, pilot),
              correction);
          // (na, oa, M2a) + (nb, ob, M2b): n = na + nb, f = nb / n,
          // delta = ob - oa, o = oa + delta * f,
          // M2 = (M2a + M2b) + delta^2 * (na * f).
          Value total = arith::AddFOp::create(nb, loc, acc[0], count);
          Value fraction = arith::DivFOp::create(nb, loc, count, total);
          Value delta = arith::SubFOp::create(nb, loc, offset, acc[1]);
          Value mergedOffset = arith::AddFOp::create(
              nb, loc, acc[1], arith::MulFOp::create(nb, loc, delta, fraction));
          Value mergedM2 = arith::AddFOp::create(
              nb, loc, arith::AddFOp::create(nb, loc, acc[2], m2),
              arith::MulFOp::create(
                  nb, loc, arith::MulFOp::create(nb, loc, delta, delta),
                  arith::MulFOp::create(nb, loc, acc[0], fraction)));
          // An empty chunk (past the row's end) changes nothing.
          Value empty = arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::eq,
                                              begin, end);
          SmallVector<Value> updates = {total, mergedOffset, mergedM2};
          SmallVector<Value> merged;
          for (auto [kept, updated] : llvm::zip(acc, updates))
            merged.push_back(
                arith::SelectOp::create(nb, loc, empty, kept, updated));
          scf::YieldOp::create(nb, loc, merged);
        });
    Value correction = merge.getResult(1);
    Value n = kb.toAcc(b, kb.rowSize);
    Value variance = arith::DivFOp::create(b, loc, merge.getResult(2), n);
    variance = arith::MaximumFOp::create(b, loc, variance, zero);
    double epsilon = op.getAccumulatorEpsilon();
    Value invStdDev = buildInverseSqrt(kb, variance, epsilon);
    Value isFirstChunk = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                               kb.chunkIndex, kb.index(0));
    if (buffers.mean)
      kb.storeRowStat(arith::AddFOp::create(b, loc, pilot, correction),
                      buffers.mean, isFirstChunk);
    if (buffers.invStdDev)
      kb.storeRowStat(invStdDev, buffers.invStdDev, isFirstChunk);
    buildLayerNormalize(kb, buffers, /*cache=*/std::nullopt, pilot, correction,
                        invStdDev, epsilon == 0.0);
  }

  /// y = x * inv_rms [* scale], inv_rms = 1 / sqrt(sum(x^2)/n + epsilon).
  void buildRMSNormKernel(RowKernelBuilder &kb, RMSNormOp op,
                          const RowNormBuffers &buffers) const {
    OpBuilder &b = kb.b;
    Location loc = kb.loc;
    Value n = kb.spanCount();
    auto [total, cache] = buildSpanSquares(kb, buffers.input);
    Value meanSquare = arith::DivFOp::create(b, loc, total, n);
    double epsilon = op.getAccumulatorEpsilon();
    Value invRms = buildInverseSqrt(kb, meanSquare, epsilon);
    if (buffers.invStdDev)
      kb.storeRowStat(invRms, buffers.invStdDev);
    buildRMSNormalize(kb, buffers, cache, invRms, epsilon == 0.0);
  }

  /// Writes x * invRms [* scale] over the group's span.
  static void buildRMSNormalize(RowKernelBuilder &kb,
                                const RowNormBuffers &buffers,
                                const std::optional<CachedSpan> &cache,
                                Value invRms, bool guardZero) {
    Value invRmsVec = kb.splat(invRms);
    buildNormalizeSpan(kb, buffers.input, buffers.output, cache,
                       [&](OpBuilder &nb, Value x, Value column) {
                         return normalizeTail(kb, nb, x, invRmsVec, guardZero,
                                              column, buffers);
                       });
  }

  /// Kernel 1 of a split rms_norm row: the chunk's sum of squares goes to the
  /// scratch buffer.
  void buildRMSNormPartials(RowKernelBuilder &kb,
                            const RowNormBuffers &buffers) const {
    Value total = buildSpanSquares(kb, buffers.input).first;
    kb.ifLeader(nullptr, [&](OpBuilder &nb) {
      memref::StoreOp::create(
          nb, kb.loc, total, buffers.scratch,
          kb.scratchIndex(nb, kb.row, kb.chunkIndex, kRMSNormScratchSlots, 0));
    });
  }

  /// Kernel 2 of a split rms_norm row: every block adds the chunks' sums of
  /// squares in chunk order, chunk 0 stores inv_rms, every block normalizes
  /// its chunk.
  void buildRMSNormMerge(RowKernelBuilder &kb, RMSNormOp op,
                         const RowNormBuffers &buffers) const {
    OpBuilder &b = kb.b;
    Location loc = kb.loc;
    auto merge = scf::ForOp::create(
        b, loc, kb.index(0), kb.index(kb.schedule.blocksPerRow), kb.index(1),
        ValueRange{kb.accConstant(0.0)},
        [&](OpBuilder &nb, Location, Value k, ValueRange acc) {
          Value squares = memref::LoadOp::create(
              nb, loc, buffers.scratch,
              kb.scratchIndex(nb, kb.loadRow, k, kRMSNormScratchSlots, 0));
          scf::YieldOp::create(
              nb, loc,
              ValueRange{arith::AddFOp::create(nb, loc, acc[0], squares)});
        });
    Value meanSquare = arith::DivFOp::create(b, loc, merge.getResult(0),
                                             kb.toAcc(b, kb.rowSize));
    double epsilon = op.getAccumulatorEpsilon();
    Value invRms = buildInverseSqrt(kb, meanSquare, epsilon);
    Value isFirstChunk = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                               kb.chunkIndex, kb.index(0));
    if (buffers.invStdDev)
      kb.storeRowStat(invRms, buffers.invStdDev, isFirstChunk);
    buildRMSNormalize(kb, buffers, /*cache=*/std::nullopt, invRms,
                      epsilon == 0.0);
  }

  /// 1 / sqrt(v + epsilon), as in the CPU lowering.
  static Value buildInverseSqrt(RowKernelBuilder &kb, Value v, double epsilon) {
    Value sum = arith::AddFOp::create(kb.b, kb.loc, v, kb.accConstant(epsilon));
    Value root = math::SqrtOp::create(kb.b, kb.loc, sum);
    return arith::DivFOp::create(kb.b, kb.loc, kb.accConstant(1.0), root);
  }

  /// deviation * invStdDev (0 where the deviation is 0 and epsilon is 0, so a
  /// constant row still gives exactly `bias`), then scale and bias.
  static Value normalizeTail(RowKernelBuilder &kb, OpBuilder &nb,
                             Value deviation, Value invStdDev, bool guardZero,
                             Value column, const RowNormBuffers &buffers) {
    Location loc = kb.loc;
    Value y = arith::MulFOp::create(nb, loc, deviation, invStdDev);
    if (guardZero) {
      Value zeros = vector::BroadcastOp::create(
          nb, loc, kb.accVectorType(),
          arith::ConstantOp::create(nb, loc, kb.accType,
                                    nb.getFloatAttr(kb.accType, 0.0)));
      Value isZero = arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::OEQ,
                                           deviation, zeros);
      y = arith::SelectOp::create(nb, loc, isZero, zeros, y);
    }
    if (buffers.scale)
      y = arith::MulFOp::create(nb, loc, y, kb.load(nb, buffers.scale, column));
    if (buffers.bias)
      y = arith::AddFOp::create(nb, loc, y, kb.load(nb, buffers.bias, column));
    return y;
  }

  ConvertNormToGPUPassOptions options;
};

} // namespace

void mlir::norm::populateNormToGPUConversionPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<RowNormToGPULaunch<LayerNormOp>, RowNormToGPULaunch<RMSNormOp>>(
      patterns.getContext(), options);
  populateBatchNormToGPUPatterns(patterns, options);
}
