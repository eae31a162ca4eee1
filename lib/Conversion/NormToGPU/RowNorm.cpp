//===- RowNorm.cpp - layer_norm/rms_norm to GPU row kernels -*- C++ -*-===//
//
// layer_norm and rms_norm get a hand-scheduled kernel: one row per group of
// threads (a whole block by default), each thread accumulates a strided
// partial sum in the accumulation type, the group reduces it with xor
// shuffles (and one shared-memory stage when the group spans several warps),
// then normalizes its row.
//
//===----------------------------------------------------------------------===//

#include "norm/Conversion/Passes.h"
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

using namespace mlir;
using namespace mlir::norm;

namespace {

/// Builds the body of one row-norm kernel inside a gpu.launch: the index
/// arithmetic, the strided vector sweeps over a row and the group reduction.
class RowKernelBuilder {
public:
  RowKernelBuilder(OpBuilder &b, Location loc, const NormToGPUOptions &schedule,
                   gpu::LaunchOp launch, Value rows, Value rowSize,
                   int64_t vectorWidth, FloatType elementType,
                   FloatType accType)
      : b(b), loc(loc), schedule(schedule), vectorWidth(vectorWidth),
        elementType(elementType), accType(accType), rowSize(rowSize) {
    groupSize = schedule.threads / schedule.rowsPerBlock;
    Value tid = launch.getThreadIds().x;
    Value group = arith::DivUIOp::create(b, loc, tid, index(groupSize));
    laneInGroup = arith::RemUIOp::create(b, loc, tid, index(groupSize));
    laneInWarp = arith::RemUIOp::create(b, loc, tid, index(schedule.warpSize));
    warpInGroup =
        arith::DivUIOp::create(b, loc, laneInGroup, index(schedule.warpSize));
    groupInBlock = group;
    Value firstRow = arith::MulIOp::create(b, loc, launch.getBlockIds().x,
                                           index(schedule.rowsPerBlock));
    row = arith::AddIOp::create(b, loc, firstRow, group);
    // Threads of a row past the end still take part in the shuffles and
    // barriers; their sweeps are empty and they store nothing.
    valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row, rows);
    sweepEnd = arith::SelectOp::create(b, loc, valid, rowSize, index(0));
    rowOffset = arith::MulIOp::create(b, loc, row, rowSize);
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

  /// Sweeps the thread's strided share of its row: `body` gets the column and
  /// the accumulators and returns the new ones. Returns the final
  /// accumulators (vectors of the accumulation type).
  SmallVector<Value>
  sweep(ValueRange inits,
        function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)> body) {
    Value start =
        arith::MulIOp::create(b, loc, laneInGroup, index(vectorWidth));
    Value step = index(groupSize * vectorWidth);
    auto loop = scf::ForOp::create(
        b, loc, start, sweepEnd, step, inits,
        [&](OpBuilder &nb, Location, Value column, ValueRange accs) {
          scf::YieldOp::create(nb, loc, body(nb, column, accs));
        });
    return SmallVector<Value>(loop.getResults());
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
          Value other =
              gpu::ShuffleOp::create(b, loc, value, offset, schedule.warpSize,
                                     gpu::ShuffleMode::XOR)
                  .getShuffleResult();
          value = arith::AddFOp::create(b, loc, value, other);
        }
    };
    xorReduce(std::min(groupSize, schedule.warpSize));
    if (groupSize <= schedule.warpSize)
      return values;

    // One partial per warp goes through shared memory; every warp of the
    // group then reduces all of them, so no second barrier is needed.
    int64_t warpsPerGroup = groupSize / schedule.warpSize;
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

  /// Stores the scalar `value` into the flat per-row buffer `buffer` from the
  /// first thread of the row's group.
  void storeRowStat(Value value, Value buffer) {
    Value isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                          laneInGroup, index(0));
    Value cond = arith::AndIOp::create(b, loc, isFirst, valid);
    scf::IfOp::create(b, loc, cond, [&](OpBuilder &nb, Location) {
      Value stat = value;
      auto statType =
          cast<FloatType>(cast<MemRefType>(buffer.getType()).getElementType());
      if (statType != accType)
        stat =
            statType.getWidth() < accType.getWidth()
                ? arith::TruncFOp::create(nb, loc, statType, stat).getResult()
                : arith::ExtFOp::create(nb, loc, statType, stat).getResult();
      memref::StoreOp::create(nb, loc, stat, buffer, ValueRange{row});
      scf::YieldOp::create(nb, loc);
    });
  }

  /// At most this many values are reduced together (sum d and sum d^2).
  static constexpr int64_t kMaxValues = 2;
  /// Shared-memory stages per kernel (layer_norm: m1, then (d, d^2)).
  static constexpr int64_t kMaxStages = 2;

  OpBuilder &b;
  Location loc;
  NormToGPUOptions schedule;
  int64_t vectorWidth;
  FloatType elementType;
  FloatType accType;
  int64_t groupSize;
  Value rowSize, row, valid, sweepEnd, rowOffset;
  Value laneInGroup, laneInWarp, warpInGroup, groupInBlock;
  Value sharedBuffer;
};

} // namespace

/// The flat (rank-1) view of an identity-layout buffer.
static Value flatten(OpBuilder &b, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  if (type.getRank() == 1)
    return buffer;
  ReassociationIndices all =
      llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  return memref::CollapseShapeOp::create(b, loc, buffer,
                                         ArrayRef<ReassociationIndices>{all});
}

/// The identity-layout buffer type of a ranked tensor type.
static MemRefType getBufferType(Type tensorType) {
  auto type = cast<RankedTensorType>(tensorType);
  return MemRefType::get(type.getShape(), type.getElementType());
}

/// A fresh buffer for `result` with the dynamic sizes of `like`, a tensor of
/// the same shape structure, or the memref destination of its
/// `bufferization.materialize_in_destination` user when that is its only use
/// (then nothing else will read the result).
static Value getResultBuffer(OpBuilder &b, Location loc, Value result,
                             Value dynamicSizesSource,
                             SmallVectorImpl<Operation *> &toErase) {
  if (result.hasOneUse()) {
    auto materialize = dyn_cast<bufferization::MaterializeInDestinationOp>(
        *result.getUsers().begin());
    if (materialize && !materialize.getResult() &&
        materialize.getSource() == result) {
      auto destType = dyn_cast<MemRefType>(materialize.getDest().getType());
      if (destType && destType.getLayout().isIdentity()) {
        toErase.push_back(materialize);
        return materialize.getDest();
      }
    }
  }
  MemRefType type = getBufferType(result.getType());
  SmallVector<Value> dynamicSizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    if (!type.isDynamicDim(dim))
      continue;
    // Statistics have the input's leading dims and unit trailing dims.
    dynamicSizes.push_back(
        tensor::DimOp::create(b, loc, dynamicSizesSource, dim));
  }
  return memref::AllocOp::create(b, loc, type, dynamicSizes);
}

/// The product of the sizes of dims [from, to) of `tensor`, as an index.
static Value buildSizeProduct(OpBuilder &b, Location loc, Value tensor,
                              int64_t from, int64_t to) {
  Value product = arith::ConstantIndexOp::create(b, loc, 1);
  for (int64_t dim = from; dim < to; ++dim)
    product = arith::MulIOp::create(b, loc, product,
                                    tensor::DimOp::create(b, loc, tensor, dim));
  return product;
}

/// The static product of dims [from, to), or nullopt when one is dynamic.
static std::optional<int64_t> getStaticSize(RankedTensorType type, int64_t from,
                                            int64_t to) {
  int64_t size = 1;
  for (int64_t dim = from; dim < to; ++dim) {
    if (type.isDynamicDim(dim))
      return std::nullopt;
    size *= type.getDimSize(dim);
  }
  return size;
}

namespace {

/// What a row norm reads and writes, as flat device buffers.
struct RowNormBuffers {
  Value input, scale, bias, output, mean, invStdDev;
};

/// Rewrites `norm.layer_norm` and `norm.rms_norm` on tensors into a
/// `gpu.launch` over flat buffers (bufferization.to_buffer of the operands,
/// fresh buffers or materialize_in_destination targets for the results,
/// bufferization.to_tensor of the results): one group of threads per row, a
/// strided vector sweep per thread, xor-shuffle group reductions, the
/// corrected two-pass moments of the CPU lowering, and a normalizing sweep.
template <typename OpTy> struct RowNormToGPULaunch : OpRewritePattern<OpTy> {
  RowNormToGPULaunch(MLIRContext *context, NormToGPUOptions schedule)
      : OpRewritePattern<OpTy>(context), schedule(schedule) {}

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

    std::optional<int64_t> staticRowSize = getStaticSize(inputType, axis, rank);
    int64_t vectorWidth = schedule.vectorWidth;
    if (!staticRowSize || *staticRowSize % vectorWidth != 0)
      vectorWidth = 1;

    // Operands and results as flat buffers.
    SmallVector<Operation *> toErase;
    RowNormBuffers buffers;
    auto toFlatBuffer = [&](Value tensor) -> Value {
      if (!tensor)
        return nullptr;
      Value buffer = bufferization::ToBufferOp::create(
          rewriter, loc, getBufferType(tensor.getType()), tensor,
          /*read_only=*/true);
      return flatten(rewriter, loc, buffer);
    };
    buffers.input = toFlatBuffer(op.getInput());
    buffers.scale = toFlatBuffer(op.getScale());
    Value outputBuffer =
        getResultBuffer(rewriter, loc, op.getOutput(), op.getInput(), toErase);
    buffers.output = flatten(rewriter, loc, outputBuffer);
    SmallVector<std::pair<Value, Value>> results = {
        {op.getOutput(), outputBuffer}};
    auto addStat = [&](Value result) -> Value {
      if (!result || result.use_empty())
        return nullptr;
      Value buffer =
          getResultBuffer(rewriter, loc, result, op.getInput(), toErase);
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

    // One group of threads per row, rowsPerBlock groups per block.
    Value rows = buildSizeProduct(rewriter, loc, op.getInput(), 0, axis);
    Value rowSize = buildSizeProduct(rewriter, loc, op.getInput(), axis, rank);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value rowsPerBlock =
        arith::ConstantIndexOp::create(rewriter, loc, schedule.rowsPerBlock);
    Value blocks =
        arith::CeilDivUIOp::create(rewriter, loc, rows, rowsPerBlock);
    Value threads =
        arith::ConstantIndexOp::create(rewriter, loc, schedule.threads);
    int64_t groupSize = schedule.threads / schedule.rowsPerBlock;
    SmallVector<Type> workgroup;
    if (groupSize > schedule.warpSize) {
      int64_t slots = RowKernelBuilder::kMaxStages * schedule.rowsPerBlock *
                      RowKernelBuilder::kMaxValues *
                      (groupSize / schedule.warpSize);
      workgroup.push_back(MemRefType::get(
          {slots}, accType, AffineMap(),
          gpu::AddressSpaceAttr::get(rewriter.getContext(),
                                     gpu::AddressSpace::Workgroup)));
    }
    auto launch = gpu::LaunchOp::create(
        rewriter, loc, blocks, one, one, threads, one, one,
        /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
        /*asyncDependencies=*/ValueRange(), workgroup);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(&launch.getBody().front());
    RowKernelBuilder kb(rewriter, loc, schedule, launch, rows, rowSize,
                        vectorWidth, elementType, accType);
    if constexpr (isLayerNorm)
      buildLayerNormBody(kb, op, buffers);
    else
      buildRMSNormBody(kb, op, buffers);
    gpu::TerminatorOp::create(rewriter, loc);

    rewriter.setInsertionPointAfter(launch);
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

  /// y = ((x - m1) - c) * rstd [* scale] [+ bias] with the corrected
  /// two-pass moments: m1 = sum(x)/n, then sum(d) and sum(d^2) of d = x - m1.
  void buildLayerNormBody(RowKernelBuilder &kb, LayerNormOp op,
                          const RowNormBuffers &buffers) const {
    OpBuilder &b = kb.b;
    Location loc = kb.loc;
    Value n = arith::UIToFPOp::create(
        b, loc, kb.accType,
        arith::IndexCastUIOp::create(b, loc, b.getI64Type(), kb.rowSize));
    Value zeros = kb.splat(kb.accConstant(0.0));
    auto at = [&](OpBuilder &nb, Value column) -> Value {
      return arith::AddIOp::create(nb, loc, kb.rowOffset, column);
    };

    // Pass 1: m1.
    SmallVector<Value> sum =
        kb.sweep(zeros, [&](OpBuilder &nb, Value column, ValueRange accs) {
          Value x = kb.load(nb, buffers.input, at(nb, column));
          return SmallVector<Value>{arith::AddFOp::create(nb, loc, accs[0], x)};
        });
    Value total = kb.reduceGroup(sum, /*stage=*/0)[0];
    Value firstMean = arith::DivFOp::create(b, loc, total, n);
    Value firstMeanVec = kb.splat(firstMean);

    // Pass 2: sum(d), sum(d^2).
    SmallVector<Value> deviations =
        kb.sweep(ValueRange{zeros, zeros},
                 [&](OpBuilder &nb, Value column, ValueRange accs) {
                   Value x = kb.load(nb, buffers.input, at(nb, column));
                   Value d = arith::SubFOp::create(nb, loc, x, firstMeanVec);
                   Value sumD = arith::AddFOp::create(nb, loc, accs[0], d);
                   Value dd = arith::MulFOp::create(nb, loc, d, d);
                   Value sumDD = arith::AddFOp::create(nb, loc, accs[1], dd);
                   return SmallVector<Value>{sumD, sumDD};
                 });
    SmallVector<Value> sums = kb.reduceGroup(deviations, /*stage=*/1);
    Value correction = arith::DivFOp::create(b, loc, sums[0], n);
    Value mean = arith::AddFOp::create(b, loc, firstMean, correction);
    Value meanSquare = arith::DivFOp::create(b, loc, sums[1], n);
    Value variance = arith::SubFOp::create(
        b, loc, meanSquare,
        arith::MulFOp::create(b, loc, correction, correction));
    variance = arith::MaximumFOp::create(b, loc, variance, kb.accConstant(0.0));
    double epsilon = op.getEpsilon().convertToDouble();
    Value invStdDev = buildInverseSqrt(kb, variance, epsilon);
    if (buffers.mean)
      kb.storeRowStat(mean, buffers.mean);
    if (buffers.invStdDev)
      kb.storeRowStat(invStdDev, buffers.invStdDev);

    // Pass 3: normalize.
    Value correctionVec = kb.splat(correction);
    Value invStdDevVec = kb.splat(invStdDev);
    kb.sweep({}, [&](OpBuilder &nb, Value column, ValueRange) {
      Value x = kb.load(nb, buffers.input, at(nb, column));
      Value d = arith::SubFOp::create(nb, loc, x, firstMeanVec);
      d = arith::SubFOp::create(nb, loc, d, correctionVec);
      Value y = normalizeTail(kb, nb, d, invStdDevVec, epsilon == 0.0, column,
                              buffers);
      kb.store(nb, y, buffers.output, at(nb, column));
      return SmallVector<Value>{};
    });
  }

  /// y = x * inv_rms [* scale], inv_rms = 1 / sqrt(sum(x^2)/n + epsilon).
  void buildRMSNormBody(RowKernelBuilder &kb, RMSNormOp op,
                        const RowNormBuffers &buffers) const {
    OpBuilder &b = kb.b;
    Location loc = kb.loc;
    Value n = arith::UIToFPOp::create(
        b, loc, kb.accType,
        arith::IndexCastUIOp::create(b, loc, b.getI64Type(), kb.rowSize));
    Value zeros = kb.splat(kb.accConstant(0.0));
    auto at = [&](OpBuilder &nb, Value column) -> Value {
      return arith::AddIOp::create(nb, loc, kb.rowOffset, column);
    };
    SmallVector<Value> squares =
        kb.sweep(zeros, [&](OpBuilder &nb, Value column, ValueRange accs) {
          Value x = kb.load(nb, buffers.input, at(nb, column));
          Value xx = arith::MulFOp::create(nb, loc, x, x);
          return SmallVector<Value>{
              arith::AddFOp::create(nb, loc, accs[0], xx)};
        });
    Value total = kb.reduceGroup(squares, /*stage=*/0)[0];
    Value meanSquare = arith::DivFOp::create(b, loc, total, n);
    double epsilon = op.getEpsilon().convertToDouble();
    Value invRms = buildInverseSqrt(kb, meanSquare, epsilon);
    if (buffers.invStdDev)
      kb.storeRowStat(invRms, buffers.invStdDev);
    Value invRmsVec = kb.splat(invRms);
    kb.sweep({}, [&](OpBuilder &nb, Value column, ValueRange) {
      Value x = kb.load(nb, buffers.input, at(nb, column));
      Value y =
          normalizeTail(kb, nb, x, invRmsVec, epsilon == 0.0, column, buffers);
      kb.store(nb, y, buffers.output, at(nb, column));
      return SmallVector<Value>{};
    });
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

  NormToGPUOptions schedule;
};

} // namespace

void mlir::norm::populateNormToGPUConversionPatterns(
    RewritePatternSet &patterns, const NormToGPUOptions &options) {
  patterns.add<RowNormToGPULaunch<LayerNormOp>, RowNormToGPULaunch<RMSNormOp>>(
      patterns.getContext(), options);
}
