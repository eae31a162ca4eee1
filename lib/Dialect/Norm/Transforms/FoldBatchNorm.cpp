//===- FoldBatchNorm.cpp - norm-fold-batch-norm -------------*- C++ -*-===//
//
// Folds inference batch norms with constant statistics into the producer's
// weights, or into one multiply-add per channel.
//
// With a[c] = γ[c] / √(var[c] + ε) and b[c] = β[c] − mean[c] · a[c] (computed
// in float64, each rounded once to the element type), the batch norm is
// y = x · a[c] + b[c]. When x is a convolution or matmul with constant
// weights, out = init + conv(I, W), then
//   y = conv(I, a · W) + (a · init + b)
// so the weights of output channel c are scaled by a[c] and the
// accumulator's initial value (a filled scalar or a broadcast bias) becomes
// a · init + b; a bias added after the convolution by a linalg.generic is
// folded the same way. Otherwise the batch norm becomes one linalg.generic
// computing x · a[c] + b[c] (in f32 for f16/bf16 inputs).
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::norm {
#define GEN_PASS_DEF_NORMFOLDBATCHNORMPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

namespace {

/// The values of a constant float tensor, in float64.
std::optional<SmallVector<double>> getConstantValues(Value v) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) ||
      !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  SmallVector<double> values;
  values.reserve(attr.getNumElements());
  for (APFloat value : attr.getValues<APFloat>())
    values.push_back(value.convertToDouble());
  return values;
}

/// A constant of `type` holding `values` (float64), each rounded once.
Value createConstant(RewriterBase &rewriter, Location loc,
                     RankedTensorType type, ArrayRef<double> values) {
  auto elementType = cast<FloatType>(type.getElementType());
  SmallVector<APFloat> rounded;
  rounded.reserve(values.size());
  for (double value : values) {
    APFloat f(value);
    bool losesInfo;
    f.convert(elementType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
              &losesInfo);
    rounded.push_back(f);
  }
  return arith::ConstantOp::create(
      rewriter, loc, cast<TypedAttr>(DenseElementsAttr::get(type, rounded)));
}

/// The per-channel multiply-add y = x · a[c] + b[c] of a batch norm.
struct ChannelAffine {
  SmallVector<double> a, b;
};

std::optional<ChannelAffine> getChannelAffine(BatchNormOp op) {
  auto scale = getConstantValues(op.getScale());
  auto bias = getConstantValues(op.getBias());
  auto mean = getConstantValues(op.getMean());
  auto var = getConstantValues(op.getVar());
  if (!scale || !bias || !mean || !var)
    return std::nullopt;
  double epsilon = op.getEpsilonAttr().getValueAsDouble();
  ChannelAffine affine;
  for (size_t c = 0, e = scale->size(); c < e; ++c) {
    double a = (*scale)[c] / std::sqrt((*var)[c] + epsilon);
    affine.a.push_back(a);
    affine.b.push_back((*bias)[c] - (*mean)[c] * a);
  }
  return affine;
}

/// The dim of the weights that holds the output channel, for the producers
/// that can absorb a per-channel scale, and the dim of the output that is
/// the channel; -1 if `op` is not one.
std::pair<int64_t, int64_t> channelDims(Operation *op) {
  if (isa<linalg::Conv2DNchwFchwOp>(op))
    return {0, 1};
  if (isa<linalg::Conv2DNhwcHwcfOp>(op))
    return {3, 3};
  // What tosa-to-linalg-named makes of tosa.conv2d.
  if (isa<linalg::Conv2DNhwcFhwcOp>(op))
    return {0, 3};
  if (isa<linalg::DepthwiseConv2DNhwcHwcOp>(op))
    return {2, 3};
  if (isa<linalg::DepthwiseConv2DNchwChwOp>(op))
    return {0, 1};
  if (auto matmul = dyn_cast<linalg::MatmulOp>(op))
    if (!matmul.hasUserDefinedMaps())
      return {1, 1};
  return {-1, -1};
}

/// The weights scaled per output channel along `dim`.
SmallVector<double> scaleAlong(ArrayRef<double> weights, RankedTensorType type,
                               int64_t dim, ArrayRef<double> a) {
  int64_t inner =
      ShapedType::getNumElements(type.getShape().drop_front(dim + 1));
  int64_t size = type.getDimSize(dim);
  SmallVector<double> scaled(weights);
  for (size_t i = 0; i < scaled.size(); ++i)
    scaled[i] *= a[(i / inner) % size];
  return scaled;
}

/// Whether `generic` copies its one input, a vector indexed by `channel`, to
/// every element of its output (tosa-to-linalg's broadcast of a conv bias).
bool isChannelBroadcast(linalg::GenericOp generic, int64_t channel) {
  if (generic.getNumDpsInputs() != 1 || generic.getNumDpsInits() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return false;
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  return body.getOperations().size() == 1 &&
         yield.getOperand(0) == body.getArgument(0) && maps[1].isIdentity() &&
         maps[0].getNumResults() == 1 &&
         maps[0].getResult(0) ==
             getAffineDimExpr(channel, generic.getContext());
}

/// The per-channel values of an accumulator init: a fill of a constant
/// scalar, or a broadcast (linalg.broadcast, or the linalg.generic that
/// tosa-to-linalg emits) of a constant vector along `channel`.
std::optional<SmallVector<double>> getInitValues(Value init, int64_t channel,
                                                 int64_t channels) {
  if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
    FloatAttr value;
    if (!matchPattern(fill.getInputs()[0], m_Constant(&value)))
      return std::nullopt;
    return SmallVector<double>(channels, value.getValueAsDouble());
  }
  if (auto broadcast = init.getDefiningOp<linalg::BroadcastOp>()) {
    auto rank = cast<RankedTensorType>(init.getType()).getRank();
    SmallVector<int64_t> expected;
    for (int64_t d = 0; d < rank; ++d)
      if (d != channel)
        expected.push_back(d);
    if (broadcast.getDimensions() != ArrayRef(expected))
      return std::nullopt;
    return getConstantValues(broadcast.getInput());
  }
  if (auto generic = init.getDefiningOp<linalg::GenericOp>())
    if (isChannelBroadcast(generic, channel))
      return getConstantValues(generic.getDpsInputs()[0]);
  return std::nullopt;
}

/// The outs operand that an init feeding `init`'s op wrote into.
Value getInitDestination(Value init) {
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    return fill.getOutputs()[0];
  if (auto generic = init.getDefiningOp<linalg::GenericOp>())
    return generic.getDpsInits()[0];
  return init.getDefiningOp<linalg::BroadcastOp>().getInit();
}

/// A linalg.broadcast of the constant `values` along `channel` into `dest`.
Value broadcastChannels(RewriterBase &rewriter, Location loc, Value dest,
                        int64_t channel, ArrayRef<double> values) {
  auto destType = cast<RankedTensorType>(dest.getType());
  auto vectorType = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                          destType.getElementType());
  Value constant = createConstant(rewriter, loc, vectorType, values);
  SmallVector<int64_t> dims;
  for (int64_t d = 0; d < destType.getRank(); ++d)
    if (d != channel)
      dims.push_back(d);
  return linalg::BroadcastOp::create(rewriter, loc, constant, dest, dims)
      ->getResult(0);
}

/// A bias add after a producer: a linalg.generic adding a constant vector
/// broadcast along one dim to its first input. Returns the input operand
/// index of the vector, or -1.
int64_t getBiasAddOperand(linalg::GenericOp generic, int64_t channel) {
  if (generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return -1;
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 2)
    return -1;
  auto add = dyn_cast<arith::AddFOp>(body.front());
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!add || yield.getOperand(0) != add.getResult())
    return -1;
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  for (int64_t bias = 0; bias < 2; ++bias) {
    int64_t other = 1 - bias;
    Value biasArg = body.getArgument(bias), otherArg = body.getArgument(other);
    if (!((add.getLhs() == biasArg && add.getRhs() == otherArg) ||
          (add.getRhs() == biasArg && add.getLhs() == otherArg)))
      continue;
    if (!maps[other].isIdentity() || !maps[2].isIdentity())
      continue;
    AffineMap map = maps[bias];
    if (map.getNumResults() != 1 ||
        map.getResult(0) != getAffineDimExpr(channel, generic.getContext()))
      continue;
    if (!getConstantValues(generic.getDpsInputs()[bias]))
      continue;
    return bias;
  }
  return -1;
}

/// Folds `op` into the convolution or matmul producing its input.
LogicalResult foldIntoProducer(RewriterBase &rewriter, BatchNormOp op,
                               const ChannelAffine &affine, int64_t axis) {
  Value input = op.getInput();
  linalg::GenericOp biasAdd;
  int64_t biasOperand = -1;
  if (auto generic = input.getDefiningOp<linalg::GenericOp>()) {
    biasOperand = getBiasAddOperand(generic, axis);
    if (biasOperand < 0 || !generic->hasOneUse())
      return failure();
    biasAdd = generic;
    input = generic.getDpsInputs()[1 - biasOperand];
  }
  auto producer = input.getDefiningOp<linalg::LinalgOp>();
  if (!producer || !input.hasOneUse() || producer->getNumResults() != 1)
    return failure();
  auto [weightDim, outputDim] = channelDims(producer);
  if (weightDim < 0 || outputDim != axis)
    return failure();
  Value weights = producer.getDpsInputs()[1];
  auto weightType = cast<RankedTensorType>(weights.getType());
  auto resultType = cast<RankedTensorType>(input.getType());
  std::optional<SmallVector<double>> weightValues = getConstantValues(weights);
  int64_t channels = affine.a.size();
  if (!weightValues || !weightType.hasStaticShape() ||
      weightType.getDimSize(weightDim) != channels ||
      weightType.getElementType() != resultType.getElementType())
    return failure();

  // The new constant term: a · init + b, from the bias add or the init.
  Value init = producer.getDpsInits()[0];
  std::optional<SmallVector<double>> initValues;
  if (biasAdd) {
    initValues = getConstantValues(biasAdd.getDpsInputs()[biasOperand]);
    // The producer's own init must be zero for the bias to be all of it.
    std::optional<SmallVector<double>> producerInit =
        getInitValues(init, axis, channels);
    if (!producerInit ||
        llvm::any_of(*producerInit, [](double v) { return v != 0; }))
      return failure();
  } else {
    initValues = getInitValues(init, axis, channels);
  }
  if (!initValues || static_cast<int64_t>(initValues->size()) != channels)
    return failure();
  SmallVector<double> constant(channels);
  for (int64_t c = 0; c < channels; ++c)
    constant[c] = affine.a[c] * (*initValues)[c] + affine.b[c];

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(producer);
  Value newWeights = createConstant(
      rewriter, loc, weightType,
      scaleAlong(*weightValues, weightType, weightDim, affine.a));
  Value result;
  if (biasAdd) {
    rewriter.modifyOpInPlace(producer,
                             [&] { producer->setOperand(1, newWeights); });
    rewriter.setInsertionPoint(biasAdd);
    auto vectorType =
        RankedTensorType::get({channels}, resultType.getElementType());
    Value newBias = createConstant(rewriter, loc, vectorType, constant);
    rewriter.modifyOpInPlace(
        biasAdd, [&] { biasAdd->setOperand(biasOperand, newBias); });
    result = biasAdd->getResult(0);
  } else {
    Value newInit = broadcastChannels(rewriter, loc, getInitDestination(init),
                                      axis, constant);
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setOperand(1, newWeights);
      producer.getDpsInitsMutable()[0].set(newInit);
    });
    result = producer->getResult(0);
  }
  rewriter.replaceOp(op, result);
  return success();
}

/// Replaces `op` by one linalg.generic computing x · a[c] + b[c].
void lowerToMultiplyAdd(RewriterBase &rewriter, BatchNormOp op,
                        const ChannelAffine &affine, int64_t axis) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value input = op.getInput();
  auto type = cast<RankedTensorType>(input.getType());
  Type elementType = type.getElementType();
  // f16/bf16 compute in f32: one rounding at the end.
  Type computeType = elementType.getIntOrFloatBitWidth() < 32
                         ? Float32Type::get(op.getContext())
                         : elementType;
  auto vectorType = RankedTensorType::get(
      {static_cast<int64_t>(affine.a.size())}, computeType);
  Value a = createConstant(rewriter, loc, vectorType, affine.a);
  Value b = createConstant(rewriter, loc, vectorType, affine.b);
  Value empty = tensor::EmptyOp::create(
      rewriter, loc, tensor::getMixedSizes(rewriter, loc, input), elementType);
  int64_t rank = type.getRank();
  MLIRContext *context = op.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  AffineMap channel =
      AffineMap::get(rank, 0, getAffineDimExpr(axis, context), context);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, type, ValueRange{input, a, b}, ValueRange{empty},
      ArrayRef<AffineMap>{identity, channel, channel, identity}, iterators,
      [&](OpBuilder &builder, Location loc, ValueRange args) {
        Value x = args[0];
        if (computeType != elementType)
          x = arith::ExtFOp::create(builder, loc, computeType, x);
        Value y = arith::MulFOp::create(builder, loc, x, args[1]);
        y = arith::AddFOp::create(builder, loc, y, args[2]);
        if (computeType != elementType)
          y = arith::TruncFOp::create(builder, loc, elementType, y);
        linalg::YieldOp::create(builder, loc, y);
      });
  rewriter.replaceOp(op, generic->getResults());
}

struct NormFoldBatchNormPass
    : norm::impl::NormFoldBatchNormPassBase<NormFoldBatchNormPass> {
  void runOnOperation() override {
    SmallVector<BatchNormOp> ops;
    getOperation()->walk([&](BatchNormOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (BatchNormOp op : ops) {
      std::optional<ChannelAffine> affine = getChannelAffine(op);
      if (!affine)
        continue;
      int64_t rank = op.getInput().getType().getRank();
      int64_t axis = op.getFeatureAxisAttr().getInt();
      if (axis < 0)
        axis += rank;
      if (succeeded(foldIntoProducer(rewriter, op, *affine, axis)))
        continue;
      lowerToMultiplyAdd(rewriter, op, *affine, axis);
    }
  }
};

} // namespace
