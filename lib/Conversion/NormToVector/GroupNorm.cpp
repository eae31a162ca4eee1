//===- GroupNorm.cpp - group_norm and instance_norm to vectors -*- C++ -*-===//
//
// Lowers group_norm and instance_norm of an (N, C, L) input (NCHW once
// norm-flatten-batch-norm has merged the spatial dims) to vector loops. In
// this layout the C/G channels of a group are one contiguous run of
// C/G * L elements: the statistics of each (n, group) are those of a row
// norm over that run, swept through a (N, G, C/G * L) view of the input; the
// output pass then writes each channel's run of L elements with that
// channel's scale and bias.
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "RunKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/NormToVector/NormToVector.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

/// Whether `slice` covers dim `dim` of its source whole: offset 0 and the
/// source's size (a constant, or a tensor.dim of the source).
static bool coversDim(OpBuilder &b, Location loc, tensor::ExtractSliceOp slice,
                      int64_t dim) {
  if (!isConstantIntValue(slice.getMixedOffsets()[dim], 0))
    return false;
  OpFoldResult size = slice.getMixedSizes()[dim];
  if (!slice.getSourceType().isDynamicDim(dim))
    return isConstantIntValue(size, slice.getSourceType().getDimSize(dim));
  auto dimOp = dyn_cast_if_present<Value>(size)
                   ? cast<Value>(size).getDefiningOp<tensor::DimOp>()
                   : nullptr;
  return dimOp && dimOp.getSource() == slice.getSource() &&
         dimOp.getConstantIndex() == dim;
}

/// The (N, C, L) tensor `value` viewed as (N, G, C/G * L): C split into
/// (G, C/G), then C/G and L merged. Both reshapes keep a contiguous buffer
/// contiguous, so they bufferize into views.
static Value buildGroupViewOf(OpBuilder &b, Location loc, Value value,
                              int64_t groups, OpFoldResult channelsPerGroup) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  std::optional<int64_t> staticPerGroup = getConstantIntValue(channelsPerGroup);
  int64_t perGroup = staticPerGroup.value_or(ShapedType::kDynamic);
  auto split = RankedTensorType::get(
      {type.getDimSize(0), groups, perGroup, type.getDimSize(2)},
      type.getElementType());
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, split, value, {{0}, {1, 2}, {3}},
      {sizes[0], b.getIndexAttr(groups), channelsPerGroup, sizes[2]});
  return tensor::CollapseShapeOp::create(b, loc, expanded, {{0}, {1}, {2, 3}});
}

/// The (N, C, L) `input` viewed as (N, G, C/G * L) without a copy, or null:
/// a slice of whole instances (all of C and L, unit strides: a tile of
/// norm-tile-and-fuse) becomes the same slice of the view of its source;
/// any other value is viewed itself. With one channel per group, `input`.
static Value buildGroupView(OpBuilder &b, Location loc, Value input,
                            int64_t groups, OpFoldResult channelsPerGroup) {
  if (isConstantIntValue(channelsPerGroup, 1))
    return input;
  auto slice = input.getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice)
    return buildGroupViewOf(b, loc, input, groups, channelsPerGroup);
  if (slice.getSourceType().getRank() != 3 ||
      slice.getResultType().getRank() != 3 ||
      !llvm::all_of(slice.getMixedStrides(),
                    [](OpFoldResult s) { return isConstantIntValue(s, 1); }) ||
      !coversDim(b, loc, slice, 1) || !coversDim(b, loc, slice, 2))
    return nullptr;
  Value view =
      buildGroupViewOf(b, loc, slice.getSource(), groups, channelsPerGroup);
  return tensor::ExtractSliceOp::create(
      b, loc, view,
      {slice.getMixedOffsets()[0], b.getIndexAttr(0), b.getIndexAttr(0)},
      {slice.getMixedSizes()[0], b.getIndexAttr(groups),
       tensor::getMixedSize(b, loc, view, 2)},
      SmallVector<OpFoldResult>(3, b.getIndexAttr(1)));
}

/// The statistics results of a group norm that the kernel fills, each
/// (N, G) in the accumulation type; null where not requested.
struct GroupStatistics {
  Value mean, invStdDev;
};

/// Rewrites the group norm `op` of the (N, C, L) `input` with `groups`
/// groups (ShapedType::kDynamic: as many as channels, instance_norm of a
/// dynamic C) and per-channel `scale` and `bias`. Per (n, g), over the
/// group's run of C/G * L elements: a vector pass summing x (first mean
/// m1), a vector pass summing d = x - m1 and d^2 (the corrected two-pass
/// moments of the row norms), then per channel c of the group a vector pass
/// over its L elements writing ((x - m1) - c) * a + bias[c] with
/// a = rstd * scale[c]: the scale folded into rstd once per channel.
static LogicalResult
rewriteGroupNorm(NormOpInterface op, PatternRewriter &rewriter, Value scale,
                 Value bias, int64_t groups, GroupStatistics stats,
                 const ConvertNormToVectorPassOptions &options) {
  Location loc = op.getLoc();
  Value input = op.getInput();
  RankedTensorType type = op.getInput().getType();
  if (failed(matchGroupNormInput(op, type, rewriter)))
    return failure();
  FloatType accType = op.getAccumulatorType();
  double epsilon = op.getAccumulatorEpsilon();

  // C/G: 1 for instance_norm, else C / G (C is divisible, checked by the
  // verifier or at run time).
  OpFoldResult channelsPerGroup = rewriter.getIndexAttr(1);
  if (!ShapedType::isDynamic(groups) && type.getDimSize(1) != groups) {
    if (!type.isDynamicDim(1))
      channelsPerGroup = rewriter.getIndexAttr(type.getDimSize(1) / groups);
    else
      channelsPerGroup =
          arith::DivUIOp::create(
              rewriter, loc, tensor::DimOp::create(rewriter, loc, input, 1),
              arith::ConstantIndexOp::create(rewriter, loc, groups))
              .getResult();
  }
  Value groupView =
      buildGroupView(rewriter, loc, input, groups, channelsPerGroup);
  if (!groupView)
    return rewriter.notifyMatchFailure(op, "a slice of part of the channels");

  // The statistics sweep each group's run; the output pass each channel's.
  VectorKernelBuilder groupKernel(rewriter, loc, groupView, accType, options,
                                  /*allowPairs=*/true);
  // The sums of squares (buildSquare) accumulate with FMAs, as in the row
  // norms.
  groupKernel.contractSums = true;
  VectorKernelBuilder channelKernel(rewriter, loc, input, accType, options,
                                    /*allowPairs=*/true);
  Value count = buildIndexToFloat(rewriter, loc, groupKernel.length, accType);
  Value perGroup =
      getValueOrCreateConstantIndexOp(rewriter, loc, channelsPerGroup);

  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
  SmallVector<Value> inits = {
      tensor::EmptyOp::create(rewriter, loc, sizes, channelKernel.elementType)};
  SmallVector<OpFoldResult> statSizes =
      tensor::getMixedSizes(rewriter, loc, groupView);
  statSizes.pop_back();
  for (Value stat : {stats.mean, stats.invStdDev})
    if (stat)
      inits.push_back(
          tensor::EmptyOp::create(rewriter, loc, statSizes, accType));

  // The statistics of the group (n, g) = `ivs`.
  struct Moments {
    Value mean, invStdDev, m1, correction;
  };
  auto buildMoments = [&](ValueRange ivs) -> Moments {
    Value sum = groupKernel.reduce(groupKernel.accumulate(
        ivs, 1, [](Value x) { return SmallVector<Value>{x}; }))[0];
    Value firstMean = buildMean(rewriter, loc, sum, count);
    Value m1 = groupKernel.splat(firstMean);
    SmallVector<Value> sums = groupKernel.reduce(
        groupKernel.accumulate(ivs, 2, [&](Value x) -> SmallVector<Value> {
          Value d = arith::SubFOp::create(rewriter, loc, x, m1);
          return {d, buildSquare(rewriter, loc, d)};
        }));
    CentredMoments moments =
        buildCentredMoments(rewriter, loc, firstMean, sums[0], sums[1], count);
    Value invStdDev =
        buildInverseSqrt(rewriter, loc, moments.variance, epsilon);
    return {moments.mean, invStdDev, m1, groupKernel.splat(moments.correction)};
  };
  // The output pass of a group: its channels firstChannel + i (indices of
  // scale and bias), each the run of `kernel`'s input and `output` at
  // (n, row + i); `instance` is n in `input`. With a prefetch source, the
  // run of channel c prefetches the same positions of the channel that
  // is c + C/G in memory order (the next group's; the next instance's
  // first ones after the last group; none after the last instance).
  Value prefetchBuffer, prefetchGroups;
  std::tie(prefetchBuffer, prefetchGroups) =
      groupKernel.buildPrefetchSource(input);
  Value channels, instances;
  if (prefetchBuffer) {
    channels = tensor::DimOp::create(rewriter, loc, input, 1);
    instances = tensor::DimOp::create(rewriter, loc, input, 0);
  }
  auto setPrefetch = [&](VectorKernelBuilder &kernel, Value instance,
                         Value c) {
    if (!prefetchBuffer)
      return;
    Value next = arith::AddIOp::create(
        rewriter, loc,
        arith::AddIOp::create(
            rewriter, loc,
            arith::MulIOp::create(rewriter, loc, instance, channels), c),
        perGroup);
    Value inside = arith::AndIOp::create(
        rewriter, loc, prefetchGroups,
        arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::ult, next,
            arith::MulIOp::create(rewriter, loc, instances, channels)));
    Value nextInstance = arith::SelectOp::create(
        rewriter, loc, inside,
        arith::DivUIOp::create(rewriter, loc, next, channels), instance);
    Value nextChannel = arith::SelectOp::create(
        rewriter, loc, inside,
        arith::RemUIOp::create(rewriter, loc, next, channels), c);
    kernel.setPrefetch(prefetchBuffer, {nextInstance, nextChannel});
  };
  auto buildOutput = [&](VectorKernelBuilder &kernel, Value output, Value n,
                         Value firstChannel, Value row, Value instance,
                         const Moments &group) -> Value {
    return buildLoop(
        rewriter, loc, perGroup, output,
        [&](Value i, ValueRange tensors) -> SmallVector<Value> {
          Value c = arith::AddIOp::create(rewriter, loc, firstChannel, i);
          setPrefetch(kernel, instance, c);
          Value a = kernel.splat(arith::MulFOp::create(
              rewriter, loc, group.invStdDev, kernel.extract(scale, c)));
          Value shift = kernel.splat(kernel.extract(bias, c));
          return {kernel.write(
              {n, arith::AddIOp::create(rewriter, loc, row, i)}, tensors[0],
              [&](Value x, Value, Value) -> Value {
                Value d = arith::SubFOp::create(
                    rewriter, loc,
                    arith::SubFOp::create(rewriter, loc, x, group.m1),
                    group.correction);
                // With epsilon = 0 a constant group has a = inf and d = 0:
                // the guarded product gives exactly the bias.
                if (epsilon == 0.0)
                  return arith::AddFOp::create(
                      rewriter, loc,
                      buildScaledDeviation(rewriter, loc, d, a, epsilon),
                      shift);
                return math::FmaOp::create(rewriter, loc, d, a, shift);
              },
              StreamPolicy::WholeLines)};
        })[0];
  };

  SmallVector<Value> results;
  if (op->getParentOfType<scf::ForallOp>()) {
    // A tile of norm-tile-and-fuse: its iterations are the threads'; the
    // (n, g) pairs of the tile run in order.
    results = buildLoops(
        rewriter, loc, groupView, 2, inits,
        [&](ValueRange ivs, ValueRange carried) -> SmallVector<Value> {
          Moments group = buildMoments(ivs);
          Value firstChannel =
              arith::MulIOp::create(rewriter, loc, ivs[1], perGroup);
          SmallVector<Value> next = {
              buildOutput(channelKernel, carried[0], ivs[0], firstChannel,
                          firstChannel, ivs[0], group)};
          int64_t statIndex = 1;
          for (auto [stat, value] :
               {std::pair{stats.mean, group.mean},
                std::pair{stats.invStdDev, group.invStdDev}})
            if (stat)
              next.push_back(tensor::InsertOp::create(
                  rewriter, loc, value, carried[statIndex++], ivs));
          return next;
        });
  } else {
    // The (n, g) pairs are the parallel iterations (one scf.forall over
    // N * G, OpenMP threads in the CPU pipeline): each writes its group's
    // C/G channels, one contiguous slice of the output, and its statistics.
    Value numGroups = getValueOrCreateConstantIndexOp(
        rewriter, loc, tensor::getMixedSize(rewriter, loc, groupView, 1));
    Value pairs = arith::MulIOp::create(
        rewriter, loc, getValueOrCreateConstantIndexOp(rewriter, loc, sizes[0]),
        numGroups);
    results = buildForall(
        rewriter, loc, pairs, inits,
        [&](Value iv, ValueRange shared) -> SmallVector<SliceToInsert> {
          Value n = arith::DivUIOp::create(rewriter, loc, iv, numGroups);
          Value g = arith::RemUIOp::create(rewriter, loc, iv, numGroups);
          Moments group = buildMoments({n, g});
          Value firstChannel =
              arith::MulIOp::create(rewriter, loc, g, perGroup);
          SmallVector<OpFoldResult> offsets = {n, firstChannel,
                                               rewriter.getIndexAttr(0)};
          SmallVector<OpFoldResult> runSizes = {rewriter.getIndexAttr(1),
                                                channelsPerGroup, sizes[2]};
          SmallVector<OpFoldResult> unit(3, rewriter.getIndexAttr(1));
          Value inputSlice = tensor::ExtractSliceOp::create(
              rewriter, loc, input, offsets, runSizes, unit);
          Value outputSlice = tensor::ExtractSliceOp::create(
              rewriter, loc, shared[0], offsets, runSizes, unit);
          VectorKernelBuilder sliceKernel(rewriter, loc, inputSlice, accType,
                                          options, /*allowPairs=*/true);
          Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
          SmallVector<SliceToInsert> slices = {
              {buildOutput(sliceKernel, outputSlice, zero, firstChannel, zero,
                           n, group),
               offsets, runSizes}};
          for (auto [stat, value] :
               {std::pair{stats.mean, group.mean},
                std::pair{stats.invStdDev, group.invStdDev}})
            if (stat)
              slices.push_back(
                  {tensor::FromElementsOp::create(
                       rewriter, loc, RankedTensorType::get({1, 1}, accType),
                       value),
                   {n, g},
                   {rewriter.getIndexAttr(1), rewriter.getIndexAttr(1)}});
          return slices;
        });
  }
  SmallVector<Value> replacements;
  for (auto [value, result] : llvm::zip_equal(results, op->getResults()))
    replacements.push_back(castTo(rewriter, loc, value, result.getType()));
  rewriter.replaceOp(op, replacements);
  return success();
}

namespace {
/// The statistics results a group norm fills when requested: group_norm's
/// `mean` and `inv_std_dev`; instance_norm has none.
GroupStatistics getStatisticsResults(GroupNormOp op) {
  return {op.getMean(), op.getInvStdDev()};
}
GroupStatistics getStatisticsResults(InstanceNormOp) { return {}; }

/// Rewrites `norm.group_norm` of an (N, C, L) input into vector loops over
/// the (n, group) pairs (rewriteGroupNorm), filling `mean` and
/// `inv_std_dev` when requested; `norm.instance_norm` likewise over the
/// (n, c) pairs: a group norm with one channel per group.
template <typename OpTy> struct GroupNormToVector : OpRewritePattern<OpTy> {
  GroupNormToVector(MLIRContext *context,
                    const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern<OpTy>(context), options(options) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    return rewriteGroupNorm(op, rewriter, op.getScale(), op.getBias(),
                            *op.getGroupCount(), getStatisticsResults(op),
                            options);
  }

  ConvertNormToVectorPassOptions options;
};
} // namespace

void mlir::norm::populateGroupNormToVectorPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToVectorPassOptions &options) {
  patterns
      .add<GroupNormToVector<GroupNormOp>, GroupNormToVector<InstanceNormOp>>(
          patterns.getContext(), options);
}
