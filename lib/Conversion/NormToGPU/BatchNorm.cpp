//===- BatchNorm.cpp - batch_norm(_train) to GPU kernels ----*- C++ -*-===//
//
// The batch norms get kernels over the [A, C, B] view of their input: A is the
// product of the dims before the feature axis, C the feature axis, B the
// product of the dims after it (NCHW: A = N, B = H*W; NHWC: A = N*H*W, B = 1).
// Channel c's A*B elements are read in vectors of `width` elements (16 bytes
// where a static B allows it, else single elements) and its A*B / width
// vectors are split into P chunks. The grid is C x P blocks: block (c, p) owns
// chunk p of channel c, and its threads sweep the chunk in groups of `unroll`
// vectors per thread, all loads of a group issued before any of them is used,
// so that consecutive threads read consecutive vectors of a run of B
// (coalesced for NCHW) and each thread keeps several loads in flight.
//
// batch_norm_train is two launches: per-chunk partials (count, mean, M2) into
// a scratch buffer, each thread's from exact two-pass statistics of its groups
// merged with Chan's formula, then, in every block, a merge of the channel's
// P partials in a fixed order followed by the normalization of the block's
// chunk. batch_norm (inference) is one streaming launch.
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

#include <algorithm>
#include <limits>

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::to_gpu;

/// With `blocks-per-channel = 0` the grid aims at this many blocks in all:
/// about one full wave of 256-thread blocks on an H100 (132 SMs x 8 resident
/// blocks = 1056) and more than one on an A100 (108 x 8 = 864).
static constexpr int64_t kAutoTargetBlocks = 1024;
/// ... but gives no chunk fewer than this many elements per thread (one full
/// group of 4 f32 vectors), so that the block reduction and the partials stay
/// small next to the sweep.
static constexpr int64_t kAutoMinElementsPerThread = 16;

/// Converts a float scalar to `type` (extf or truncf; no-op when equal).
static Value convertFloat(OpBuilder &b, Location loc, Value value,
                          FloatType type) {
  auto from = cast<FloatType>(value.getType());
  if (from == type)
    return value;
  if (from.getWidth() < type.getWidth())
    return arith::ExtFOp::create(b, loc, type, value);
  return arith::TruncFOp::create(b, loc, type, value);
}

//===----------------------------------------------------------------------===//
// The [A, C, B] view and the grid
//===----------------------------------------------------------------------===//

namespace {

/// The [A, C, B] view of a batch norm input and the C x P grid over it, as
/// host-side index values (the kernels capture them).
struct ChannelView {
  /// C, and max(C, 1) blocks along x (a grid dim may not be 0).
  Value channels, gridChannels;
  /// B, and A * B: the elements of one channel.
  Value inner, perChannel;
  /// Elements per access: the largest power of two up to `vector-width`
  /// (0: 16 bytes) that divides a static B; 1 when B is dynamic. A vector
  /// never crosses a run of B, and with buffers aligned to it every vector
  /// offset is a multiple of `width`.
  int64_t width;
  /// Vectors per group: a thread loads `unroll` vectors before it uses any.
  int64_t unroll;
  /// B / width and max(B / width, 1); A * B / width, the vectors of a
  /// channel.
  Value innerVectors, innerVectorsNonZero, vectors;
  /// P, and ceil(A * B / width / P), in vectors.
  Value chunks, chunkSize;
  /// C * B: the distance between consecutive runs of B of a channel.
  Value channelStride;
  /// A thread's step of `threads` vectors of the channel moves its inner
  /// vector index by `stepInner` (= threads mod B') and its element offset by
  /// `stepOffset` (= threads / B' * C * B + threads mod B' * width), plus
  /// `wrapOffset` (= C * B - B) when the inner index passes B' = B / width.
  Value stepInner, stepOffset, wrapOffset;
  /// False when B' is static and divides `threads`: the inner index of a
  /// thread never changes and needs no tracking.
  bool trackInner;
};

} // namespace

/// The elements per access of the [A, C, B] view of `type` (see
/// ChannelView::width).
static int64_t
getChannelVectorWidth(RankedTensorType type, int64_t axis,
                      const ConvertNormToGPUPassOptions &schedule) {
  std::optional<int64_t> staticInner =
      getStaticSize(type, axis + 1, type.getRank());
  if (!staticInner || *staticInner == 0)
    return 1;
  int64_t bytes = type.getElementType().getIntOrFloatBitWidth() / 8;
  int64_t width = schedule.vectorWidth > 0 ? schedule.vectorWidth
                                           : std::max<int64_t>(16 / bytes, 1);
  while (*staticInner % width != 0)
    width /= 2;
  return width;
}

static ChannelView
buildChannelView(OpBuilder &b, Location loc, Value input, int64_t axis,
                 const ConvertNormToGPUPassOptions &schedule) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  ChannelView view;
  view.width = getChannelVectorWidth(type, axis, schedule);
  // 64 bytes in flight per thread and group (4 vectors of 16 bytes), but at
  // least 4 and at most 8 loads.
  int64_t bytes = type.getElementType().getIntOrFloatBitWidth() / 8;
  view.unroll = std::clamp<int64_t>(64 / (view.width * bytes), 4, 8);
  Value outer = buildSizeProduct(b, loc, input, 0, axis);
  view.channels = tensor::DimOp::create(b, loc, input, axis);
  view.gridChannels = arith::MaxUIOp::create(b, loc, view.channels, index(1));
  view.inner = buildSizeProduct(b, loc, input, axis + 1, rank);
  view.perChannel = arith::MulIOp::create(b, loc, outer, view.inner);
  Value width = index(view.width);
  view.innerVectors = view.width == 1
                          ? view.inner
                          : arith::DivUIOp::create(b, loc, view.inner, width);
  view.innerVectorsNonZero =
      arith::MaxUIOp::create(b, loc, view.innerVectors, index(1));
  view.vectors = view.width == 1
                     ? view.perChannel
                     : arith::MulIOp::create(b, loc, outer, view.innerVectors);
  if (schedule.blocksPerChannel > 0) {
    view.chunks = index(schedule.blocksPerChannel);
  } else {
    // Enough blocks to fill the GPU, but chunks of at least
    // kAutoMinElementsPerThread elements per thread, and at least one.
    Value byOccupancy = arith::CeilDivUIOp::create(
        b, loc, index(kAutoTargetBlocks), view.gridChannels);
    Value byWork = arith::CeilDivUIOp::create(
        b, loc, view.perChannel,
        index(schedule.threads * kAutoMinElementsPerThread));
    Value chunks = arith::MinUIOp::create(b, loc, byOccupancy, byWork);
    view.chunks = arith::MaxUIOp::create(b, loc, chunks, index(1));
  }
  view.chunkSize =
      arith::CeilDivUIOp::create(b, loc, view.vectors, view.chunks);
  view.channelStride = arith::MulIOp::create(b, loc, view.channels, view.inner);
  Value threads = index(schedule.threads);
  Value stepOuter =
      arith::DivUIOp::create(b, loc, threads, view.innerVectorsNonZero);
  view.stepInner =
      arith::RemUIOp::create(b, loc, threads, view.innerVectorsNonZero);
  Value stepInnerElements =
      view.width == 1 ? view.stepInner
                      : arith::MulIOp::create(b, loc, view.stepInner, width);
  view.stepOffset = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, stepOuter, view.channelStride),
      stepInnerElements);
  view.wrapOffset =
      arith::SubIOp::create(b, loc, view.channelStride, view.inner);
  std::optional<int64_t> staticInner = getStaticSize(type, axis + 1, rank);
  view.trackInner =
      !staticInner || (*staticInner != 0 &&
                       schedule.threads % (*staticInner / view.width) != 0);
  return view;
}

/// A gpu.launch over the C x P grid with `threads` threads per block and,
/// when `withReduction` and a block spans several subgroups, a workgroup
/// buffer for one (count, mean, M2) per subgroup.
static gpu::LaunchOp
createChannelLaunch(OpBuilder &b, Location loc, const ChannelView &view,
                    const ConvertNormToGPUPassOptions &schedule,
                    FloatType accType, bool withReduction) {
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value threads = arith::ConstantIndexOp::create(b, loc, schedule.threads);
  SmallVector<Type> workgroup;
  if (withReduction && schedule.threads > schedule.warpSize)
    workgroup.push_back(MemRefType::get(
        {3 * (schedule.threads / schedule.warpSize)}, accType, AffineMap(),
        gpu::AddressSpaceAttr::get(b.getContext(),
                                   gpu::AddressSpace::Workgroup)));
  return gpu::LaunchOp::create(b, loc, view.gridChannels, view.chunks, one,
                               threads, one, one,
                               /*dynamicSharedMemorySize=*/nullptr,
                               /*asyncTokenType=*/nullptr,
                               /*asyncDependencies=*/ValueRange(), workgroup);
}

//===----------------------------------------------------------------------===//
// Kernel bodies
//===----------------------------------------------------------------------===//

namespace {

/// Welford statistics of a set of values in the accumulation type: the count,
/// the mean (in the batch_norm_train kernels, relative to the channel's
/// pilot) and M2, the sum of squared deviations from the mean.
struct Welford {
  Value count, mean, m2;
  SmallVector<Value> values() const { return {count, mean, m2}; }
  static Welford of(ValueRange values) {
    return {values[0], values[1], values[2]};
  }
};

/// Builds the body of one channel kernel inside a gpu.launch over the C x P
/// grid: the grouped chunk sweep of block (c, p), the group statistics and
/// the fixed-order merges.
class ChannelKernelBuilder {
public:
  ChannelKernelBuilder(OpBuilder &b, Location loc,
                       const ConvertNormToGPUPassOptions &schedule,
                       gpu::LaunchOp launch, const ChannelView &view,
                       FloatType accType)
      : b(b), loc(loc), schedule(schedule), view(view), accType(accType) {
    tid = launch.getThreadIds().x;
    channel = launch.getBlockIds().x;
    chunk = launch.getBlockIds().y;
    laneInWarp = arith::RemUIOp::create(b, loc, tid, index(schedule.warpSize));
    warp = arith::DivUIOp::create(b, loc, tid, index(schedule.warpSize));
    // Only the x = 0 column of blocks of an empty channel dim (C = 0) is
    // invalid: it sweeps nothing and stores nothing.
    valid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, channel,
                                  view.channels);
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

  /// Loads element `offset` of the flat buffer `buffer` as an accumulation
  /// type scalar (extf before any arithmetic).
  Value load(OpBuilder &nb, Value buffer, Value offset) {
    Value value = memref::LoadOp::create(nb, loc, buffer, ValueRange{offset});
    return convertFloat(nb, loc, value, accType);
  }

  /// Stores the accumulation type scalar `value` at `offset`, converted to
  /// the element type of `buffer`.
  void store(OpBuilder &nb, Value value, Value buffer, Value offset) {
    auto type =
        cast<FloatType>(cast<MemRefType>(buffer.getType()).getElementType());
    memref::StoreOp::create(nb, loc, convertFloat(nb, loc, value, type), buffer,
                            ValueRange{offset});
  }

  /// The body of a sweep: gets the element offsets of a group's `unroll`
  /// vectors, how many of them lie in the chunk (nullptr: all of them; else
  /// an index in [1, unroll), the first ones) and the accumulators, and
  /// returns the new accumulators.
  using GroupBody = function_ref<SmallVector<Value>(
      OpBuilder &, ArrayRef<Value>, Value, ValueRange)>;

  /// Sweeps the thread's share of the block's chunk: vectors
  /// start + tid, start + tid + threads, ... of channel c, in order, in
  /// groups of `unroll` consecutive ones. Rewrites into
  ///   for j in [0, count / unroll): body(offsets of group j, all valid)
  ///   if count mod unroll != 0: body(offsets of the last group, valid count)
  /// where count is the thread's number of vectors. Returns the final
  /// accumulators.
  SmallVector<Value> sweep(ValueRange inits, GroupBody body) {
    Value start = arith::MinUIOp::create(
        b, loc, arith::MulIOp::create(b, loc, chunk, view.chunkSize),
        view.vectors);
    Value end = arith::MinUIOp::create(
        b, loc, arith::AddIOp::create(b, loc, start, view.chunkSize),
        view.vectors);
    end = arith::SelectOp::create(b, loc, valid, end, start);
    Value first = arith::AddIOp::create(b, loc, start, tid);
    // count = ceil((max(end, first) - first) / threads) vectors.
    Value count = arith::CeilDivUIOp::create(
        b, loc,
        arith::SubIOp::create(
            b, loc, arith::MaxUIOp::create(b, loc, end, first), first),
        index(schedule.threads));
    Value fullGroups =
        arith::DivUIOp::create(b, loc, count, index(view.unroll));
    Value rest = arith::RemUIOp::create(b, loc, count, index(view.unroll));
    // Vector v of channel c is x[v / B', c, (v mod B') * width]: one division
    // per thread, then the offset moves by constant steps.
    Value outerIndex =
        arith::DivUIOp::create(b, loc, first, view.innerVectorsNonZero);
    Value innerIndex = arith::SubIOp::create(
        b, loc, first,
        arith::MulIOp::create(b, loc, outerIndex, view.innerVectorsNonZero));
    Value innerOffset =
        view.width == 1
            ? innerIndex
            : arith::MulIOp::create(b, loc, innerIndex, index(view.width));
    Value offset = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, outerIndex, view.channelStride),
        arith::AddIOp::create(
            b, loc, arith::MulIOp::create(b, loc, channel, view.inner),
            innerOffset));
    SmallVector<Value> iterInits = {offset};
    if (view.trackInner)
      iterInits.push_back(innerIndex);
    int64_t numPositions = iterInits.size();
    llvm::append_range(iterInits, inits);

    // The offsets of `size` vectors from `position`, and (with `next`) the
    // position after them.
    auto groupOffsets = [&](OpBuilder &nb, ValueRange position, int64_t size,
                            bool next, SmallVectorImpl<Value> &offsets) {
      SmallVector<Value> current(position);
      for (int64_t k = 0; k < size; ++k) {
        offsets.push_back(current[0]);
        if (next || k + 1 < size)
          current = step(nb, current);
      }
      return current;
    };
    auto loop = scf::ForOp::create(
        b, loc, index(0), fullGroups, index(1), iterInits,
        [&](OpBuilder &nb, Location, Value, ValueRange args) {
          SmallVector<Value> offsets;
          SmallVector<Value> yields =
              groupOffsets(nb, args.take_front(numPositions), view.unroll,
                           /*next=*/true, offsets);
          llvm::append_range(yields, body(nb, offsets, /*validCount=*/nullptr,
                                          args.drop_front(numPositions)));
          scf::YieldOp::create(nb, loc, yields);
        });
    ValueRange position = loop.getResults().take_front(numPositions);
    SmallVector<Value> accs(loop.getResults().drop_front(numPositions));

    // The last, partial group: vectors k < rest (< unroll).
    Value hasRest =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, rest, index(0));
    auto tail = scf::IfOp::create(b, loc, ValueRange(accs).getTypes(), hasRest,
                                  /*withElseRegion=*/!accs.empty());
    OpBuilder nb = tail.getThenBodyBuilder();
    SmallVector<Value> offsets;
    groupOffsets(nb, position, view.unroll - 1, /*next=*/false, offsets);
    SmallVector<Value> results = body(nb, offsets, rest, accs);
    if (!accs.empty()) {
      scf::YieldOp::create(nb, loc, results);
      nb = tail.getElseBodyBuilder();
      scf::YieldOp::create(nb, loc, accs);
    }
    return SmallVector<Value>(tail.getResults());
  }

  /// One step of `threads` vectors from `position` ((offset) or
  /// (offset, inner index)).
  SmallVector<Value> step(OpBuilder &nb, ValueRange position) {
    Value nextOffset =
        arith::AddIOp::create(nb, loc, position[0], view.stepOffset);
    if (!view.trackInner)
      return {nextOffset};
    Value nextInner =
        arith::AddIOp::create(nb, loc, position[1], view.stepInner);
    Value wraps = arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::uge,
                                        nextInner, view.innerVectors);
    nextInner = arith::SelectOp::create(
        nb, loc, wraps,
        arith::SubIOp::create(nb, loc, nextInner, view.innerVectors),
        nextInner);
    nextOffset = arith::SelectOp::create(
        nb, loc, wraps,
        arith::AddIOp::create(nb, loc, nextOffset, view.wrapOffset),
        nextOffset);
    return {nextOffset, nextInner};
  }

  /// Whether vector `k` of a group with `validCount` valid vectors is valid:
  /// nullptr when it always is (a full group, or k = 0).
  Value isValid(OpBuilder &nb, int64_t k, Value validCount) {
    if (!validCount || k == 0)
      return nullptr;
    return arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::ult,
                                 arith::ConstantIndexOp::create(nb, loc, k),
                                 validCount);
  }

  /// Loads the group's vectors from the flat buffer `buffer`, all before any
  /// use, as unroll * width accumulation type scalars (vector k's lanes at
  /// k * width ...). An invalid vector reloads vector 0 (in the chunk, and
  /// the thread's own), whose values the caller must ignore.
  SmallVector<Value> loadGroup(OpBuilder &nb, Value buffer,
                               ArrayRef<Value> offsets, Value validCount) {
    auto elementType =
        cast<FloatType>(cast<MemRefType>(buffer.getType()).getElementType());
    SmallVector<Value> loaded;
    for (auto [k, offset] : llvm::enumerate(offsets)) {
      Value address = offset;
      if (Value isIn = isValid(nb, k, validCount))
        address = arith::SelectOp::create(nb, loc, isIn, offset, offsets[0]);
      if (view.width == 1) {
        loaded.push_back(
            memref::LoadOp::create(nb, loc, buffer, ValueRange{address}));
        continue;
      }
      loaded.push_back(vector::LoadOp::create(
          nb, loc, VectorType::get({view.width}, elementType), buffer,
          ValueRange{address}, /*nontemporal=*/false,
          llvm::Align(view.width * elementType.getWidth() / 8)));
    }
    SmallVector<Value> values;
    for (Value v : loaded) {
      if (view.width == 1) {
        values.push_back(convertFloat(nb, loc, v, accType));
        continue;
      }
      for (int64_t lane = 0; lane < view.width; ++lane)
        values.push_back(convertFloat(
            nb, loc, vector::ExtractOp::create(nb, loc, v, lane), accType));
    }
    return values;
  }

  /// Stores the group's unroll * width accumulation type scalars `values`
  /// converted to the element type of `buffer`, the valid vectors only.
  void storeGroup(OpBuilder &nb, ArrayRef<Value> values, Value buffer,
                  ArrayRef<Value> offsets, Value validCount) {
    auto elementType =
        cast<FloatType>(cast<MemRefType>(buffer.getType()).getElementType());
    for (int64_t k = 0, e = offsets.size(); k < e; ++k) {
      Value offset = offsets[k];
      SmallVector<Value> lanes;
      for (Value value : values.slice(k * view.width, view.width))
        lanes.push_back(convertFloat(nb, loc, value, elementType));
      auto emit = [&](OpBuilder &sb) {
        if (view.width == 1) {
          memref::StoreOp::create(sb, loc, lanes[0], buffer,
                                  ValueRange{offset});
          return;
        }
        Value vector = vector::FromElementsOp::create(
            sb, loc, VectorType::get({view.width}, elementType), lanes);
        vector::StoreOp::create(
            sb, loc, vector, buffer, ValueRange{offset},
            /*nontemporal=*/false,
            llvm::Align(view.width * elementType.getWidth() / 8));
      };
      Value isIn = isValid(nb, k, validCount);
      if (!isIn) {
        emit(nb);
        continue;
      }
      scf::IfOp::create(nb, loc, isIn, [&](OpBuilder &sb, Location) {
        emit(sb);
        scf::YieldOp::create(sb, loc);
      });
    }
  }

  /// The sum of `values` in a fixed pairwise tree.
  Value treeSum(OpBuilder &nb, SmallVector<Value> values) {
    while (values.size() > 1) {
      SmallVector<Value> next;
      for (size_t i = 0; i + 1 < values.size(); i += 2)
        next.push_back(
            arith::AddFOp::create(nb, loc, values[i], values[i + 1]));
      if (values.size() % 2)
        next.push_back(values.back());
      values = std::move(next);
    }
    return values.front();
  }

  /// Exact two-pass statistics of a group's values (loadGroup's layout)
  /// about the channel's pilot value K, as (count, mean - K, M2):
  ///   d_i = x_i - K (0 for invalid vectors), n = valid values,
  ///   shift = (sum d_i) / n, M2 = sum over valid i of (d_i - shift)^2.
  /// No E[x^2] - E[x]^2: M2 is centred on the group's own mean, and values
  /// near K (40000 + small deltas) give exact small d_i; a constant channel
  /// has d = 0, so shift = 0 (its mean is exactly K) and M2 = 0. A full group
  /// divides by n = unroll * width, a power of two, as an exact
  /// multiplication.
  Welford groupStats(OpBuilder &nb, ArrayRef<Value> values, Value validCount,
                     Value pilot) {
    Value zero = arith::ConstantOp::create(nb, loc, accType,
                                           nb.getFloatAttr(accType, 0.0));
    SmallVector<Value> isIn, deviations;
    for (auto [i, x] : llvm::enumerate(values)) {
      int64_t k = i / view.width;
      Value valid =
          i % view.width == 0 ? isValid(nb, k, validCount) : isIn[i - 1];
      isIn.push_back(valid);
      Value d = arith::SubFOp::create(nb, loc, x, pilot);
      if (valid)
        d = arith::SelectOp::create(nb, loc, valid, d, zero);
      deviations.push_back(d);
    }
    Value sum = treeSum(nb, deviations);
    int64_t groupSize = view.unroll * view.width;
    Value count, shift;
    if (!validCount) {
      count = arith::ConstantOp::create(
          nb, loc, accType, nb.getFloatAttr(accType, double(groupSize)));
      shift = arith::MulFOp::create(
          nb, loc, sum,
          arith::ConstantOp::create(nb, loc, accType,
                                    nb.getFloatAttr(accType, 1.0 / groupSize)));
    } else {
      Value validValues = arith::MulIOp::create(
          nb, loc, validCount,
          arith::ConstantIndexOp::create(nb, loc, view.width));
      count = arith::UIToFPOp::create(
          nb, loc, accType,
          arith::IndexCastUIOp::create(nb, loc, nb.getI64Type(), validValues));
      shift = arith::DivFOp::create(nb, loc, sum, count);
    }
    SmallVector<Value> squares;
    for (auto [d, valid] : llvm::zip(deviations, isIn)) {
      Value e = arith::SubFOp::create(nb, loc, d, shift);
      Value square = arith::MulFOp::create(nb, loc, e, e);
      if (valid)
        square = arith::SelectOp::create(nb, loc, valid, square, zero);
      squares.push_back(square);
    }
    return {count, shift, treeSum(nb, squares)};
  }

  /// Chan's merge of the statistics of two disjoint sets, `a` first:
  ///   n = na + nb, delta = mean_b - mean_a, w = nb / n,
  ///   mean = mean_a + delta * w, M2 = M2_a + M2_b + delta^2 * (na * w).
  /// An empty side gives the other unchanged (no 0/0, and a constant set
  /// keeps its exact mean: delta is 0).
  Welford merge(OpBuilder &nb, const Welford &first, const Welford &second) {
    Value count = arith::AddFOp::create(nb, loc, first.count, second.count);
    Value delta = arith::SubFOp::create(nb, loc, second.mean, first.mean);
    Value weight = arith::DivFOp::create(nb, loc, second.count, count);
    Value mean = arith::AddFOp::create(
        nb, loc, first.mean, arith::MulFOp::create(nb, loc, delta, weight));
    Value m2 = arith::AddFOp::create(
        nb, loc, arith::AddFOp::create(nb, loc, first.m2, second.m2),
        arith::MulFOp::create(
            nb, loc, arith::MulFOp::create(nb, loc, delta, delta),
            arith::MulFOp::create(nb, loc, first.count, weight)));
    Value zero = arith::ConstantOp::create(nb, loc, accType,
                                           nb.getFloatAttr(accType, 0.0));
    Value firstEmpty = arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::OEQ,
                                             first.count, zero);
    Value secondEmpty = arith::CmpFOp::create(
        nb, loc, arith::CmpFPredicate::OEQ, second.count, zero);
    Welford merged = {count, mean, m2};
    SmallVector<Value> result;
    for (auto [f, s, m] :
         llvm::zip(first.values(), second.values(), merged.values())) {
      Value value = arith::SelectOp::create(nb, loc, firstEmpty, s, m);
      result.push_back(arith::SelectOp::create(nb, loc, secondEmpty, f, value));
    }
    return Welford::of(result);
  }

  /// Merges the threads' statistics over the block in a fixed tree: a xor
  /// butterfly within each subgroup, then (several subgroups) one triple per
  /// subgroup through workgroup memory, one barrier, and a butterfly over
  /// them. At every step the lane whose `offset` bit is clear is the first
  /// operand of the merge, so both partners compute the same value and every
  /// thread ends with bit-identical block statistics.
  Welford reduceBlock(Welford stats) {
    auto butterfly = [&](int64_t width) {
      for (int64_t offset = width / 2; offset >= 1; offset /= 2) {
        SmallVector<Value> other;
        for (Value value : stats.values())
          other.push_back(gpu::ShuffleOp::create(b, loc, value, offset,
                                                 schedule.warpSize,
                                                 gpu::ShuffleMode::XOR)
                              .getShuffleResult());
        Value bit = arith::AndIOp::create(b, loc, laneInWarp, index(offset));
        Value isUpper = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                              bit, index(0));
        SmallVector<Value> lower, upper;
        for (auto [mine, theirs] : llvm::zip(stats.values(), other)) {
          lower.push_back(
              arith::SelectOp::create(b, loc, isUpper, theirs, mine));
          upper.push_back(
              arith::SelectOp::create(b, loc, isUpper, mine, theirs));
        }
        stats = merge(b, Welford::of(lower), Welford::of(upper));
      }
    };
    butterfly(std::min(schedule.threads, schedule.warpSize));
    if (schedule.threads <= schedule.warpSize)
      return stats;

    // [value][warp] slots; every warp reads all of them, so no second
    // barrier is needed.
    int64_t warps = schedule.threads / schedule.warpSize;
    auto slot = [&](OpBuilder &nb, int64_t k, Value warpIndex) -> Value {
      return arith::AddIOp::create(
          nb, loc, warpIndex,
          arith::ConstantIndexOp::create(nb, loc, k * warps));
    };
    Value isLeader = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                           laneInWarp, index(0));
    scf::IfOp::create(b, loc, isLeader, [&](OpBuilder &nb, Location) {
      for (auto [k, value] : llvm::enumerate(stats.values()))
        memref::StoreOp::create(nb, loc, value, sharedBuffer,
                                slot(nb, k, warp));
      scf::YieldOp::create(nb, loc);
    });
    gpu::BarrierOp::create(b, loc);
    Value source = arith::RemUIOp::create(b, loc, laneInWarp, index(warps));
    SmallVector<Value> loaded;
    for (int64_t k = 0; k < 3; ++k)
      loaded.push_back(
          memref::LoadOp::create(b, loc, sharedBuffer, slot(b, k, source)));
    stats = Welford::of(loaded);
    butterfly(warps);
    return stats;
  }

  /// The pilot value K of channel c that its statistics are centred on: its
  /// first element x[0, c, 0] (accumulation type), or 0 in a block past the
  /// channels or of an empty channel (nothing to read). Every thread of the
  /// block reads the same element.
  Value loadPilot(Value input) {
    Value nonEmpty = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                           view.perChannel, index(0));
    Value reads = arith::AndIOp::create(b, loc, valid, nonEmpty);
    auto ifOp = scf::IfOp::create(b, loc, TypeRange{accType}, reads,
                                  /*withElseRegion=*/true);
    OpBuilder nb = ifOp.getThenBodyBuilder();
    scf::YieldOp::create(
        nb, loc,
        load(nb, input, arith::MulIOp::create(nb, loc, channel, view.inner)));
    nb = ifOp.getElseBodyBuilder();
    scf::YieldOp::create(nb, loc,
                         ValueRange{arith::ConstantOp::create(
                             nb, loc, accType, nb.getFloatAttr(accType, 0.0))});
    return ifOp.getResult(0);
  }

  /// Values of channel c (accumulation type) loaded from the flat per-channel
  /// buffers `buffers`, or 0 in a block past the channels.
  SmallVector<Value> loadChannelParams(ArrayRef<Value> buffers) {
    SmallVector<Type> types(buffers.size(), accType);
    auto ifOp = scf::IfOp::create(b, loc, types, valid,
                                  /*withElseRegion=*/true);
    OpBuilder nb = ifOp.getThenBodyBuilder();
    SmallVector<Value> values;
    for (Value buffer : buffers)
      values.push_back(load(nb, buffer, channel));
    scf::YieldOp::create(nb, loc, values);
    nb = ifOp.getElseBodyBuilder();
    Value zero = arith::ConstantOp::create(nb, loc, accType,
                                           nb.getFloatAttr(accType, 0.0));
    scf::YieldOp::create(nb, loc, SmallVector<Value>(buffers.size(), zero));
    return SmallVector<Value>(ifOp.getResults());
  }

  /// y = (x - mean) * rstd (0 where x - mean is 0 and `guardZero`, so a
  /// constant channel gives exactly `bias` with epsilon = 0), * scale + bias,
  /// over the block's chunk; the formula of the CPU lowering. With `pilot`,
  /// `mean` is relative to it and the deviation is (x - pilot) - mean. Each
  /// group's loads come before its arithmetic and stores.
  void normalizeChunk(Value input, Value output, Value pilot, Value mean,
                      Value invStdDev, Value scale, Value bias,
                      bool guardZero) {
    sweep({}, [&](OpBuilder &nb, ArrayRef<Value> offsets, Value validCount,
                  ValueRange) {
      SmallVector<Value> xs = loadGroup(nb, input, offsets, validCount);
      Value zero = arith::ConstantOp::create(nb, loc, accType,
                                             nb.getFloatAttr(accType, 0.0));
      SmallVector<Value> ys;
      for (Value x : xs) {
        if (pilot)
          x = arith::SubFOp::create(nb, loc, x, pilot);
        Value deviation = arith::SubFOp::create(nb, loc, x, mean);
        Value y = arith::MulFOp::create(nb, loc, deviation, invStdDev);
        if (guardZero) {
          Value isZero = arith::CmpFOp::create(
              nb, loc, arith::CmpFPredicate::OEQ, deviation, zero);
          y = arith::SelectOp::create(nb, loc, isZero, zero, y);
        }
        y = arith::MulFOp::create(nb, loc, y, scale);
        ys.push_back(arith::AddFOp::create(nb, loc, y, bias));
      }
      storeGroup(nb, ys, output, offsets, validCount);
      return SmallVector<Value>{};
    });
  }

  /// 1 / sqrt(v + epsilon), as in the CPU lowering.
  Value inverseSqrt(Value v, double epsilon) {
    Value sum = arith::AddFOp::create(b, loc, v, accConstant(epsilon));
    return arith::DivFOp::create(b, loc, accConstant(1.0),
                                 math::SqrtOp::create(b, loc, sum));
  }

  OpBuilder &b;
  Location loc;
  ConvertNormToGPUPassOptions schedule;
  ChannelView view;
  FloatType accType;
  Value tid, channel, chunk, laneInWarp, warp, valid;
  Value sharedBuffer;
};

/// Replaces the results of `op` by `bufferization.to_tensor` of their
/// buffers, erases the absorbed materializations and `op`.
static void replaceWithBuffers(PatternRewriter &rewriter, Operation *op,
                               ArrayRef<std::pair<Value, Value>> results,
                               ArrayRef<Operation *> toErase) {
  Location loc = op->getLoc();
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
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Rewrites `norm.batch_norm_train` on tensors into two gpu.launch kernels
/// over the C x P grid of its [A, C, B] view, with no atomics:
///  1. block (c, p) reduces chunk p of channel c: exact two-pass statistics
///     of each group of loads about the channel's pilot K (its first
///     element), merged into the thread's and then over the block in a fixed
///     order with Chan's formula, and writes one (count, mean - K, M2)
///     triple to a gpu.alloc'd scratch buffer [3][C][P] (block (c, 0) also K,
///     after it);
///  2. every block merges the P triples of its channel in the same fixed
///     order (so all blocks of a channel get bit-identical statistics, and
///     they do not depend on the scheduling), block (c, 0) thread 0 writes
///     the batch and new running statistics, and every block normalizes its
///     chunk. The scratch buffer is freed with gpu.dealloc after the launch.
struct BatchNormTrainToGPU : OpRewritePattern<BatchNormTrainOp> {
  BatchNormTrainToGPU(MLIRContext *context,
                      ConvertNormToGPUPassOptions schedule)
      : OpRewritePattern(context), schedule(schedule) {}

  LogicalResult matchAndRewrite(BatchNormTrainOp op,
                                PatternRewriter &rewriter) const override {
    FloatType accType = op.getAccumulatorType();
    if (!accType.isF32() && !accType.isF64())
      return rewriter.notifyMatchFailure(op,
                                         "accumulates in neither f32 nor f64");
    Location loc = op.getLoc();
    Value input = op.getInput();
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
    int64_t axis = op.getNormalizedFeatureAxis();
    double epsilon = op.getAccumulatorEpsilon();

    // Operands and results as flat buffers.
    SmallVector<Operation *> toErase;
    Value inputBuffer = getOperandBuffer(rewriter, loc, input);
    Value scaleBuffer = getOperandBuffer(rewriter, loc, op.getScale());
    Value biasBuffer = getOperandBuffer(rewriter, loc, op.getBias());
    SmallVector<int64_t> allDims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    Value outputBuffer =
        getResultBuffer(rewriter, loc, op.getOutput(), input, allDims, toErase);
    SmallVector<std::pair<Value, Value>> results = {
        {op.getOutput(), outputBuffer}};
    Value flatOutput = flatten(rewriter, loc, outputBuffer);
    auto addStat = [&](Value result) -> Value {
      if (!result || result.use_empty())
        return nullptr;
      Value buffer =
          getResultBuffer(rewriter, loc, result, input, {axis}, toErase);
      results.push_back({result, buffer});
      return buffer;
    };
    Value batchMean = addStat(op.getBatchMean());
    Value batchVar = addStat(op.getBatchVar());
    Value newRunningMean = addStat(op.getNewRunningMean());
    Value newRunningVar = addStat(op.getNewRunningVar());
    Value runningMean, runningVar;
    if (newRunningMean)
      runningMean = getOperandBuffer(rewriter, loc, op.getRunningMean());
    if (newRunningVar)
      runningVar = getOperandBuffer(rewriter, loc, op.getRunningVar());

    // Scratch for the partials, [count | mean - K | M2][channel][chunk], and
    // the channels' pilots K[channel].
    ChannelView view = buildChannelView(rewriter, loc, input, axis, schedule);
    Value partials =
        arith::MulIOp::create(rewriter, loc, view.gridChannels, view.chunks);
    Value pilotsStart =
        arith::MulIOp::create(rewriter, loc, partials,
                              arith::ConstantIndexOp::create(rewriter, loc, 3));
    Value scratchSize =
        arith::AddIOp::create(rewriter, loc, pilotsStart, view.gridChannels);
    auto scratch = gpu::AllocOp::create(
        rewriter, loc, MemRefType::get({ShapedType::kDynamic}, accType),
        /*asyncToken=*/Type(), /*asyncDependencies=*/ValueRange(),
        ValueRange{scratchSize}, /*symbolOperands=*/ValueRange(),
        /*hostShared=*/false);
    Value scratchBuffer = scratch.getMemref();

    OpBuilder::InsertionGuard guard(rewriter);
    auto slotOf = [&](ChannelKernelBuilder &kb, OpBuilder &nb, Value chunk,
                      int64_t k) -> Value {
      Value slot = arith::AddIOp::create(
          nb, loc, arith::MulIOp::create(nb, loc, kb.channel, view.chunks),
          chunk);
      if (k == 0)
        return slot;
      return arith::AddIOp::create(
          nb, loc, slot,
          arith::MulIOp::create(nb, loc, partials,
                                arith::ConstantIndexOp::create(nb, loc, k)));
    };

    // Kernel 1: one (count, mean, M2) per (channel, chunk).
    gpu::LaunchOp partialsLaunch = createChannelLaunch(
        rewriter, loc, view, schedule, accType, /*withReduction=*/true);
    rewriter.setInsertionPointToStart(&partialsLaunch.getBody().front());
    {
      ChannelKernelBuilder kb(rewriter, loc, schedule, partialsLaunch, view,
                              accType);
      Value pilot = kb.loadPilot(inputBuffer);
      Value zero = kb.accConstant(0.0);
      // Each group's exact statistics about the pilot, merged into the
      // thread's in order.
      SmallVector<Value> sums =
          kb.sweep(ValueRange{zero, zero, zero},
                   [&](OpBuilder &nb, ArrayRef<Value> offsets, Value validCount,
                       ValueRange accs) {
                     SmallVector<Value> xs =
                         kb.loadGroup(nb, inputBuffer, offsets, validCount);
                     Welford group = kb.groupStats(nb, xs, validCount, pilot);
                     return kb.merge(nb, Welford::of(accs), group).values();
                   });
      Welford block = kb.reduceBlock(Welford::of(sums));
      Value isFirst = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq, kb.tid, kb.index(0));
      Value writes = arith::AndIOp::create(rewriter, loc, isFirst, kb.valid);
      scf::IfOp::create(rewriter, loc, writes, [&](OpBuilder &nb, Location) {
        for (auto [k, value] : llvm::enumerate(block.values()))
          memref::StoreOp::create(nb, loc, value, scratchBuffer,
                                  slotOf(kb, nb, kb.chunk, k));
        // Block (c, 0) also hands K on to kernel 2, which then need not
        // read x outside its chunk (where an in-place output may already
        // have been written).
        Value isFirstChunk = arith::CmpIOp::create(
            nb, loc, arith::CmpIPredicate::eq, kb.chunk, kb.index(0));
        scf::IfOp::create(nb, loc, isFirstChunk, [&](OpBuilder &pb, Location) {
          memref::StoreOp::create(pb, loc, pilot, scratchBuffer,
                                  ValueRange{arith::AddIOp::create(
                                      pb, loc, pilotsStart, kb.channel)});
          scf::YieldOp::create(pb, loc);
        });
        scf::YieldOp::create(nb, loc);
      });
      gpu::TerminatorOp::create(rewriter, loc);
    }

    // Kernel 2: merge the channel's partials, statistics, normalization.
    rewriter.setInsertionPointAfter(partialsLaunch);
    gpu::LaunchOp normalizeLaunch = createChannelLaunch(
        rewriter, loc, view, schedule, accType, /*withReduction=*/true);
    rewriter.setInsertionPointToStart(&normalizeLaunch.getBody().front());
    {
      ChannelKernelBuilder kb(rewriter, loc, schedule, normalizeLaunch, view,
                              accType);
      // Thread t folds partials t, t + threads, ... in order, then the block
      // tree merges the threads: the same order in every block.
      Value zero = kb.accConstant(0.0);
      Value end = arith::SelectOp::create(rewriter, loc, kb.valid, view.chunks,
                                          kb.index(0));
      auto fold = scf::ForOp::create(
          rewriter, loc, kb.tid, end, kb.index(schedule.threads),
          ValueRange{zero, zero, zero},
          [&](OpBuilder &nb, Location, Value chunk, ValueRange accs) {
            SmallVector<Value> partial;
            for (int64_t k = 0; k < 3; ++k)
              partial.push_back(memref::LoadOp::create(
                  nb, loc, scratchBuffer, slotOf(kb, nb, chunk, k)));
            Welford merged =
                kb.merge(nb, Welford::of(accs), Welford::of(partial));
            scf::YieldOp::create(nb, loc, merged.values());
          });
      Welford channelStats = kb.reduceBlock(Welford::of(fold.getResults()));

      // mean = K + (mean - K) with kernel 1's pilot K, biased var = M2 / n
      // with n = A * B as the CPU lowering counts it; an empty channel
      // (n = 0) has NaN statistics.
      auto pilotIf =
          scf::IfOp::create(rewriter, loc, TypeRange{accType}, kb.valid,
                            /*withElseRegion=*/true);
      {
        OpBuilder nb = pilotIf.getThenBodyBuilder();
        scf::YieldOp::create(nb, loc,
                             ValueRange{memref::LoadOp::create(
                                 nb, loc, scratchBuffer,
                                 ValueRange{arith::AddIOp::create(
                                     nb, loc, pilotsStart, kb.channel)})});
        nb = pilotIf.getElseBodyBuilder();
        scf::YieldOp::create(
            nb, loc,
            ValueRange{arith::ConstantOp::create(
                nb, loc, accType, nb.getFloatAttr(accType, 0.0))});
      }
      Value pilot = pilotIf.getResult(0);
      Value count = arith::UIToFPOp::create(
          rewriter, loc, accType,
          arith::IndexCastUIOp::create(rewriter, loc, rewriter.getI64Type(),
                                       view.perChannel));
      Value isEmpty = arith::CmpFOp::create(
          rewriter, loc, arith::CmpFPredicate::OEQ, count, zero);
      Value mean = arith::SelectOp::create(
          rewriter, loc, isEmpty,
          kb.accConstant(std::numeric_limits<double>::quiet_NaN()),
          arith::AddFOp::create(rewriter, loc, pilot, channelStats.mean));
      Value variance =
          arith::DivFOp::create(rewriter, loc, channelStats.m2, count);
      Value invStdDev = kb.inverseSqrt(variance, epsilon);

      // Block (c, 0), thread 0: batch and running statistics.
      if (batchMean || batchVar || newRunningMean || newRunningVar) {
        Value isFirst = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::eq, kb.tid, kb.index(0));
        Value isFirstChunk = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::eq, kb.chunk, kb.index(0));
        Value writes = arith::AndIOp::create(
            rewriter, loc,
            arith::AndIOp::create(rewriter, loc, isFirst, isFirstChunk),
            kb.valid);
        scf::IfOp::create(rewriter, loc, writes, [&](OpBuilder &nb, Location) {
          if (batchMean)
            kb.store(nb, mean, batchMean, kb.channel);
          if (batchVar)
            kb.store(nb, variance, batchVar, kb.channel);
          if (newRunningMean || newRunningVar)
            buildRunningUpdate(kb, nb, op, mean, variance, count, runningMean,
                               runningVar, newRunningMean, newRunningVar);
          scf::YieldOp::create(nb, loc);
        });
      }

      SmallVector<Value> params =
          kb.loadChannelParams({scaleBuffer, biasBuffer});
      kb.normalizeChunk(inputBuffer, flatOutput, pilot, channelStats.mean,
                        invStdDev, params[0], params[1],
                        /*guardZero=*/epsilon == 0.0);
      gpu::TerminatorOp::create(rewriter, loc);
    }

    rewriter.setInsertionPointAfter(normalizeLaunch);
    gpu::DeallocOp::create(rewriter, loc, /*asyncToken=*/Type(), ValueRange(),
                           scratchBuffer);
    replaceWithBuffers(rewriter, op, results, toErase);
    return success();
  }

  /// new = running * momentum + batch * (1 - momentum) (ONNX); the variance
  /// folded in is batch_var * n / (n - 1) with `unbiased_running_var`
  /// (PyTorch; NaN for n = 1), exactly as the CPU lowering computes it.
  static void buildRunningUpdate(ChannelKernelBuilder &kb, OpBuilder &nb,
                                 BatchNormTrainOp op, Value mean,
                                 Value variance, Value count, Value runningMean,
                                 Value runningVar, Value newRunningMean,
                                 Value newRunningVar) {
    Location loc = kb.loc;
    FloatType accType = kb.accType;
    double momentum = op.getAccumulatorMomentum();
    auto constant = [&](double value) -> Value {
      return arith::ConstantOp::create(nb, loc, accType,
                                       nb.getFloatAttr(accType, value));
    };
    Value keep = constant(momentum);
    Value take = constant(1.0 - momentum);
    auto blend = [&](Value running, Value batch) -> Value {
      return arith::AddFOp::create(
          nb, loc, arith::MulFOp::create(nb, loc, running, keep),
          arith::MulFOp::create(nb, loc, batch, take));
    };
    if (newRunningMean) {
      Value running = kb.load(nb, runningMean, kb.channel);
      kb.store(nb, blend(running, mean), newRunningMean, kb.channel);
    }
    if (newRunningVar) {
      Value batchVar = variance;
      if (op.getUnbiasedRunningVar())
        batchVar = arith::DivFOp::create(
            nb, loc, arith::MulFOp::create(nb, loc, variance, count),
            arith::SubFOp::create(nb, loc, count, constant(1.0)));
      Value running = kb.load(nb, runningVar, kb.channel);
      kb.store(nb, blend(running, batchVar), newRunningVar, kb.channel);
    }
  }

  ConvertNormToGPUPassOptions schedule;
};

/// Rewrites `norm.batch_norm` (inference) on tensors into one streaming
/// gpu.launch over the C x P grid of its [A, C, B] view: block (c, p) loads
/// channel c's mean, var, scale and bias once, forms 1 / sqrt(var + epsilon),
/// and writes (x - mean) * rstd * scale + bias over chunk p (the formula and
/// the epsilon = 0 guard of the CPU lowering).
struct BatchNormToGPU : OpRewritePattern<BatchNormOp> {
  BatchNormToGPU(MLIRContext *context, ConvertNormToGPUPassOptions schedule)
      : OpRewritePattern(context), schedule(schedule) {}

  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    FloatType accType = op.getAccumulatorType();
    if (!accType.isF32() && !accType.isF64())
      return rewriter.notifyMatchFailure(op,
                                         "accumulates in neither f32 nor f64");
    Location loc = op.getLoc();
    Value input = op.getInput();
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
    int64_t axis = op.getNormalizedFeatureAxis();
    double epsilon = op.getAccumulatorEpsilon();

    SmallVector<Operation *> toErase;
    Value inputBuffer = getOperandBuffer(rewriter, loc, input);
    SmallVector<Value> paramBuffers = {
        getOperandBuffer(rewriter, loc, op.getMean()),
        getOperandBuffer(rewriter, loc, op.getVar()),
        getOperandBuffer(rewriter, loc, op.getScale()),
        getOperandBuffer(rewriter, loc, op.getBias())};
    SmallVector<int64_t> allDims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    Value outputBuffer =
        getResultBuffer(rewriter, loc, op.getOutput(), input, allDims, toErase);
    Value flatOutput = flatten(rewriter, loc, outputBuffer);

    ChannelView view = buildChannelView(rewriter, loc, input, axis, schedule);
    gpu::LaunchOp launch = createChannelLaunch(
        rewriter, loc, view, schedule, accType, /*withReduction=*/false);
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(&launch.getBody().front());
      ChannelKernelBuilder kb(rewriter, loc, schedule, launch, view, accType);
      SmallVector<Value> params = kb.loadChannelParams(paramBuffers);
      Value invStdDev = kb.inverseSqrt(params[1], epsilon);
      kb.normalizeChunk(inputBuffer, flatOutput, /*pilot=*/nullptr, params[0],
                        invStdDev, params[2], params[3],
                        /*guardZero=*/epsilon == 0.0);
      gpu::TerminatorOp::create(rewriter, loc);
    }
    rewriter.setInsertionPointAfter(launch);
    replaceWithBuffers(rewriter, op, {{op.getOutput(), outputBuffer}}, toErase);
    return success();
  }

  ConvertNormToGPUPassOptions schedule;
};

} // namespace

void mlir::norm::populateBatchNormToGPUPatterns(
    RewritePatternSet &patterns, const ConvertNormToGPUPassOptions &options) {
  patterns.add<BatchNormTrainToGPU, BatchNormToGPU>(patterns.getContext(),
                                                    options);
}
