//===- RaiseTosa.cpp - Norm ops from TOSA decompositions ----*- C++ -*-===//
//
// Patterns that find normalizations decomposed into TOSA ops, as torch-mlir's
// TorchToTosa, TensorFlow's TFL/TF-to-TOSA legalizations and onnx-mlir's
// ONNX-to-TOSA emit them, and replace each by the norm op that computes it.
//
// A decomposition is read from its output down:
//
//   output  ::= [reshape back] [cast] [add β] [mul γ] [cast] core
//   core    ::= mul(x − mean(x), rstd(var + ε))       layer/group/instance/
//                                                     batch-train norms
//             | mul(x − M, rstd(V + ε))               inference batch norm
//             | mul(x, rstd(mean(x·x) + ε))           RMS norm
//   x       ::= [cast] [reshape] input
//   mean(x) ::= reduce_sum^k(x) · 1/N                  (1/N a constant or
//                                                      reciprocal(N))
//   var     ::= mean((x − mean)²) | mean(x²) − mean²   (E[x²] − E[x]²: remark)
//   rstd(a) ::= rsqrt(a) | pow(a, −0.5) | reciprocal(sqrt(a))
//   sqrt(a) ::= pow(a, 0.5) | reciprocal(rsqrt(a))
//
// in every operand order, with structurally equal ops (torch-mlir emits the
// centring twice) taken as one. The reduced dims, the reshapes and the shapes
// of γ/β then decide the op: trailing dims give a layer norm (or an instance
// norm when γ/β are per channel), every dim but one a training batch norm, a
// reshape to [N, G, ...] a group norm. A value inside the match that is used
// elsewhere is replaced by the op's statistics where the op has them (mean,
// inv_std_dev, batch_mean, batch_var, inv_rms); otherwise nothing is raised.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Raise.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::norm;

namespace {

//===----------------------------------------------------------------------===//
// Leaves: constants, shapes, structurally equal values
//===----------------------------------------------------------------------===//

RankedTensorType getStaticType(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && type.hasStaticShape() ? type : nullptr;
}

/// The value of `v` if it is a float splat constant, possibly reshaped, cast
/// or inverted by tosa.reciprocal (the 1/N of a mean is often written so).
std::optional<double> getScalar(Value v, int depth = 0) {
  if (depth > 4)
    return std::nullopt;
  DenseElementsAttr attr;
  if (matchPattern(v, m_Constant(&attr))) {
    if (!attr.isSplat() || !isa<FloatType>(attr.getElementType()))
      return std::nullopt;
    return attr.getSplatValue<APFloat>().convertToDouble();
  }
  Operation *def = v.getDefiningOp();
  if (!def)
    return std::nullopt;
  if (auto reshape = dyn_cast<tosa::ReshapeOp>(def))
    return getScalar(reshape.getInput1(), depth + 1);
  if (auto cast = dyn_cast<tosa::CastOp>(def))
    if (isa<FloatType>(getElementTypeOrSelf(cast.getInput().getType())))
      return getScalar(cast.getInput(), depth + 1);
  if (auto recip = dyn_cast<tosa::ReciprocalOp>(def))
    if (std::optional<double> value = getScalar(recip.getInput1(), depth + 1))
      return 1.0 / *value;
  return std::nullopt;
}

bool isScalar(Value v, double expected) {
  std::optional<double> value = getScalar(v);
  return value && std::abs(*value - expected) <= 1e-6 * std::abs(expected);
}

/// Whether `a` and `b` compute the same thing: the same value, or results of
/// equal ops on equal operands (front ends repeat the centring x − mean).
bool sameValue(Value a, Value b, int depth = 6) {
  if (a == b)
    return true;
  if (depth == 0 || a.getType() != b.getType())
    return false;
  auto ra = dyn_cast<OpResult>(a), rb = dyn_cast<OpResult>(b);
  if (!ra || !rb || ra.getResultNumber() != rb.getResultNumber())
    return false;
  Operation *opA = ra.getOwner(), *opB = rb.getOwner();
  if (!isMemoryEffectFree(opA) || !isMemoryEffectFree(opB))
    return false;
  return OperationEquivalence::isEquivalentTo(
      opA, opB,
      [&](Value l, Value r) { return success(sameValue(l, r, depth - 1)); },
      /*markEquivalent=*/nullptr, OperationEquivalence::IgnoreLocations);
}

/// Whether the reshape from `from` to `to` only adds or drops unit dims.
bool isUnitReshape(RankedTensorType from, RankedTensorType to) {
  auto nonUnit = [](RankedTensorType t) {
    SmallVector<int64_t> dims;
    for (int64_t d : t.getShape())
      if (d != 1)
        dims.push_back(d);
    return dims;
  };
  return from && to && nonUnit(from) == nonUnit(to);
}

/// The operands (lhs, rhs) of a commutative binary op, in both orders.
SmallVector<std::pair<Value, Value>, 2> bothOrders(Value lhs, Value rhs) {
  return {{lhs, rhs}, {rhs, lhs}};
}

/// `a` · `b` as the operands of a float tosa.mul (its shift is 0 for floats).
std::optional<std::pair<Value, Value>> matchMul(Value v) {
  auto mul = v.getDefiningOp<tosa::MulOp>();
  if (!mul)
    return std::nullopt;
  return std::make_pair(Value(mul.getInput1()), Value(mul.getInput2()));
}

SmallVector<int64_t> keepDimsShape(RankedTensorType type,
                                   ArrayRef<int64_t> axes) {
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t axis : axes)
    shape[axis] = 1;
  return shape;
}

//===----------------------------------------------------------------------===//
// Statistics: mean, variance, rstd
//===----------------------------------------------------------------------===//

/// The ops of one match, for the check that none is used outside it.
using OpSet = llvm::SetVector<Operation *>;

/// A mean of `x` over `axes` (sorted), kept dims, as `value`.
struct Mean {
  Value x;
  SmallVector<int64_t> axes;
  Value value;
};

/// Peels reshapes that only add or drop unit dims off `v`, recording them.
Value skipUnitReshapes(Value v, OpSet &ops) {
  while (auto reshape = v.getDefiningOp<tosa::ReshapeOp>()) {
    if (!isUnitReshape(getStaticType(reshape.getInput1()),
                       getStaticType(reshape.getOutput())))
      break;
    ops.insert(reshape);
    v = reshape.getInput1();
  }
  return v;
}

/// reduce_sum over one or more dims (one op per dim), unit reshapes after.
std::optional<Mean> matchSum(Value v, OpSet &ops) {
  Mean sum;
  v = skipUnitReshapes(v, ops);
  while (auto reduce = v.getDefiningOp<tosa::ReduceSumOp>()) {
    ops.insert(reduce);
    sum.axes.push_back(reduce.getAxis());
    v = reduce.getInput();
  }
  if (sum.axes.empty())
    return std::nullopt;
  llvm::sort(sum.axes);
  if (std::adjacent_find(sum.axes.begin(), sum.axes.end()) != sum.axes.end())
    return std::nullopt;
  sum.x = v;
  return sum;
}

/// sum(x) · c with c = 1/N, N the number of elements summed; the result has
/// the kept-dims shape of x so that it broadcasts against x.
std::optional<Mean> matchMean(Value v, OpSet &ops) {
  OpSet local;
  Value product = skipUnitReshapes(v, local);
  auto operands = matchMul(product);
  if (!operands)
    return std::nullopt;
  local.insert(product.getDefiningOp());
  for (auto [sumValue, scale] : bothOrders(operands->first, operands->second)) {
    OpSet tried = local;
    std::optional<Mean> sum = matchSum(sumValue, tried);
    if (!sum)
      continue;
    RankedTensorType xType = getStaticType(sum->x);
    RankedTensorType type = getStaticType(v);
    if (!xType || !type || type.getElementType() != xType.getElementType() ||
        type.getShape() != ArrayRef(keepDimsShape(xType, sum->axes)))
      continue;
    int64_t count = 1;
    for (int64_t axis : sum->axes)
      count *= xType.getDimSize(axis);
    if (count == 0 || !isScalar(scale, 1.0 / count))
      continue;
    sum->value = v;
    ops.insert(tried.begin(), tried.end());
    return sum;
  }
  return std::nullopt;
}

/// x·x or pow(x, 2) for an `x` that `isX` accepts.
bool matchSquare(Value v, function_ref<bool(Value)> isX, OpSet &ops) {
  if (auto operands = matchMul(v)) {
    if (isX(operands->first) && isX(operands->second)) {
      ops.insert(v.getDefiningOp());
      return true;
    }
    return false;
  }
  if (auto pow = v.getDefiningOp<tosa::PowOp>()) {
    if (isX(pow.getInput1()) && isScalar(pow.getInput2(), 2.0)) {
      ops.insert(pow);
      return true;
    }
  }
  return false;
}

/// `d` is x − mean with the `mean` found (or an equal sub).
bool isCentred(Value d, const Mean &mean, OpSet &ops) {
  auto sub = d.getDefiningOp<tosa::SubOp>();
  if (!sub || !sameValue(sub.getInput1(), mean.x) ||
      !sameValue(sub.getInput2(), mean.value))
    return false;
  ops.insert(sub);
  return true;
}

/// The biased variance of `mean.x` over `mean.axes`: centred, or as
/// E[x²] − E[x]² (then `fromMoments`).
bool matchVariance(Value v, const Mean &mean, bool &fromMoments, OpSet &ops) {
  OpSet local;
  if (std::optional<Mean> m = matchMean(v, local)) {
    if (m->axes == mean.axes &&
        matchSquare(
            m->x, [&](Value d) { return isCentred(d, mean, local); }, local)) {
      ops.insert(local.begin(), local.end());
      fromMoments = false;
      return true;
    }
  }
  local.clear();
  auto sub = v.getDefiningOp<tosa::SubOp>();
  if (!sub)
    return false;
  local.insert(sub);
  std::optional<Mean> m = matchMean(sub.getInput1(), local);
  if (!m || m->axes != mean.axes ||
      !matchSquare(
          m->x, [&](Value x) { return sameValue(x, mean.x); }, local) ||
      !matchSquare(
          sub.getInput2(), [&](Value x) { return sameValue(x, mean.value); },
          local))
    return false;
  ops.insert(local.begin(), local.end());
  fromMoments = true;
  return true;
}

/// A candidate variance and ε under an rstd: rstd(var + ε).
struct Rstd {
  Value var;
  double epsilon;
  OpSet ops;
};

/// √a: pow(a, 0.5), or reciprocal(rsqrt(a)) as TFL's sqrt is legalized.
Value matchSqrt(Value v, OpSet &ops) {
  if (auto pow = v.getDefiningOp<tosa::PowOp>()) {
    if (!isScalar(pow.getInput2(), 0.5))
      return nullptr;
    ops.insert(pow);
    return pow.getInput1();
  }
  if (auto recip = v.getDefiningOp<tosa::ReciprocalOp>()) {
    if (auto rsqrt = recip.getInput1().getDefiningOp<tosa::RsqrtOp>()) {
      ops.insert(recip);
      ops.insert(rsqrt);
      return rsqrt.getInput1();
    }
  }
  return nullptr;
}

/// 1/√(var + ε) with ε a non-negative constant: both ways of reading the add.
SmallVector<Rstd, 2> matchRstd(Value v) {
  OpSet ops;
  Value arg;
  if (auto rsqrt = v.getDefiningOp<tosa::RsqrtOp>()) {
    ops.insert(rsqrt);
    arg = rsqrt.getInput1();
  } else if (auto pow = v.getDefiningOp<tosa::PowOp>()) {
    if (isScalar(pow.getInput2(), -0.5)) {
      ops.insert(pow);
      arg = pow.getInput1();
    }
  } else if (auto recip = v.getDefiningOp<tosa::ReciprocalOp>()) {
    ops.insert(recip);
    arg = matchSqrt(recip.getInput1(), ops);
  }
  SmallVector<Rstd, 2> candidates;
  auto add = arg ? arg.getDefiningOp<tosa::AddOp>() : nullptr;
  if (!add)
    return candidates;
  ops.insert(add);
  for (auto [var, eps] : bothOrders(add.getInput1(), add.getInput2())) {
    std::optional<double> epsilon = getScalar(eps);
    if (epsilon && std::isfinite(*epsilon) && *epsilon >= 0 && !getScalar(var))
      candidates.push_back({var, *epsilon, ops});
  }
  return candidates;
}

//===----------------------------------------------------------------------===//
// The core: the normalized value before γ/β
//===----------------------------------------------------------------------===//

enum class CoreKind { Centred, Inference, Rms };

struct Core {
  CoreKind kind = CoreKind::Centred;
  Value x;                     // normalized value (working shape)
  SmallVector<int64_t> axes;   // reduced dims of x (not for Inference)
  Value mean, var, rstd;       // the values that the op can also return
  Value storedMean, storedVar; // Inference: the per-channel statistics
  int64_t channel = -1;        // Inference: the dim of x they vary along
  double epsilon = 0;
  bool fromMoments = false;
  OpSet ops;
};

/// The dim along which a per-channel broadcast `v` (1 elsewhere) varies, as
/// a dim of `xType`; -1 if it is not one.
int64_t perChannelDim(Value v, RankedTensorType xType) {
  RankedTensorType type = getStaticType(v);
  if (!type || type.getRank() != xType.getRank())
    return -1;
  int64_t found = -1;
  for (auto [dim, size] : llvm::enumerate(type.getShape())) {
    if (size == 1)
      continue;
    if (size != xType.getDimSize(dim) || found >= 0)
      return -1;
    found = dim;
  }
  return found;
}

std::optional<Core> matchCore(Value y) {
  auto operands = matchMul(y);
  if (!operands)
    return std::nullopt;
  for (auto [lhs, rhs] : bothOrders(operands->first, operands->second)) {
    Value d = lhs, r = rhs;
    SmallVector<Rstd, 2> rstds = matchRstd(r);
    if (rstds.empty())
      continue;
    // (x − mean(x)) · rstd(var(x) + ε).
    if (auto sub = d.getDefiningOp<tosa::SubOp>()) {
      OpSet meanOps;
      std::optional<Mean> mean = matchMean(sub.getInput2(), meanOps);
      if (mean && sameValue(sub.getInput1(), mean->x)) {
        for (Rstd &rstd : rstds) {
          Core core;
          core.kind = CoreKind::Centred;
          core.x = mean->x;
          core.axes = mean->axes;
          core.mean = mean->value;
          core.var = rstd.var;
          core.rstd = r;
          if (!matchVariance(rstd.var, *mean, core.fromMoments, core.ops))
            continue;
          core.epsilon = rstd.epsilon;
          core.ops.insert(meanOps.begin(), meanOps.end());
          core.ops.insert(rstd.ops.begin(), rstd.ops.end());
          core.ops.insert(sub);
          core.ops.insert(y.getDefiningOp());
          return core;
        }
      } else if (!mean) {
        // (x − M) · rstd(V + ε) with stored per-channel M and V.
        Value x = sub.getInput1();
        RankedTensorType xType = getStaticType(x);
        if (xType && xType == getStaticType(y) && xType.getRank() >= 2) {
          int64_t channel = perChannelDim(sub.getInput2(), xType);
          for (Rstd &rstd : rstds) {
            if (channel < 0 || perChannelDim(rstd.var, xType) != channel)
              continue;
            Core core;
            core.kind = CoreKind::Inference;
            core.x = x;
            core.storedMean = sub.getInput2();
            core.storedVar = rstd.var;
            core.channel = channel;
            core.epsilon = rstd.epsilon;
            core.ops = rstd.ops;
            core.ops.insert(sub);
            core.ops.insert(y.getDefiningOp());
            return core;
          }
        }
      }
    }
    // x · rstd(mean(x²) + ε).
    for (Rstd &rstd : rstds) {
      OpSet ops;
      std::optional<Mean> ms = matchMean(rstd.var, ops);
      if (!ms || !matchSquare(
                     ms->x, [&](Value v) { return sameValue(v, d); }, ops))
        continue;
      Core core;
      core.kind = CoreKind::Rms;
      core.x = d;
      core.axes = ms->axes;
      core.rstd = r;
      core.epsilon = rstd.epsilon;
      core.ops = ops;
      core.ops.insert(rstd.ops.begin(), rstd.ops.end());
      core.ops.insert(y.getDefiningOp());
      return core;
    }
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// The whole decomposition and the op it becomes
//===----------------------------------------------------------------------===//

/// An affine parameter (γ or β) and the shape space it is applied in.
struct Param {
  Value value;
  bool outerShape = false; // applied after the reshape back to the input shape
};

struct Plan {
  Operation *root = nullptr;
  Core core;
  Value input; // the op's input: x before the cast and reshape to f32 / [..]
  Operation *reshapeOut = nullptr, *castOut = nullptr;
  Param gamma, beta;
  OpSet outputOps;

  // Decided by classify().
  enum class Kind { Layer, Rms, Instance, Group, BatchTrain, Batch } kind;
  int64_t axis = 0; // Layer/Rms: first normalized dim of input; channels:
                    // the feature dim of input
  int64_t groups = 0;
};

/// Whether `param` (γ or β as applied) is a broadcast of a parameter of the
/// op, given the shape the op needs it broadcast to in each space.
bool paramFits(const Param &param, ArrayRef<int64_t> outerShape,
               ArrayRef<int64_t> workingShape) {
  if (!param.value)
    return true;
  RankedTensorType type = getStaticType(param.value);
  if (!type)
    return false;
  ArrayRef<int64_t> wanted = param.outerShape ? outerShape : workingShape;
  return !wanted.empty() && type.getShape() == wanted;
}

/// [1]*k + shape[k:].
SmallVector<int64_t> trailingBroadcast(ArrayRef<int64_t> shape, int64_t k) {
  SmallVector<int64_t> result(shape);
  for (int64_t i = 0; i < k; ++i)
    result[i] = 1;
  return result;
}

/// All 1 but `dim`.
SmallVector<int64_t> channelBroadcast(ArrayRef<int64_t> shape, int64_t dim) {
  SmallVector<int64_t> result(shape.size(), 1);
  result[dim] = shape[dim];
  return result;
}

/// Decides which op `plan` is, or fails.
bool classify(Plan &plan) {
  const Core &core = plan.core;
  auto inType = cast<RankedTensorType>(plan.input.getType());
  auto workType = cast<RankedTensorType>(core.x.getType());
  ArrayRef<int64_t> in = inType.getShape(), work = workType.getShape();
  int64_t rank = in.size(), workRank = work.size();
  bool reshaped = in != work;
  using Kind = Plan::Kind;

  if (core.kind == CoreKind::Inference) {
    if (reshaped)
      return false;
    SmallVector<int64_t> channel = channelBroadcast(in, core.channel);
    if (!paramFits(plan.gamma, channel, channel) ||
        !paramFits(plan.beta, channel, channel))
      return false;
    plan.kind = Kind::Batch;
    plan.axis = core.channel;
    return true;
  }

  // The reduced dims: trailing from `first`, or every dim but one.
  int64_t first = workRank;
  while (first > 0 && llvm::is_contained(core.axes, first - 1))
    --first;
  bool trailing = static_cast<int64_t>(core.axes.size()) == workRank - first;

  // A layer norm over input dims [axis, rank): the trailing block of the
  // working shape is one of the input's.
  auto tryLayer = [&](Kind kind) {
    if (!trailing)
      return false;
    int64_t inner = ShapedType::getNumElements(work.drop_front(first));
    int64_t axis = -1;
    if (!reshaped) {
      axis = first;
    } else {
      for (int64_t a = rank; a >= 0; --a)
        if (ShapedType::getNumElements(in.drop_front(a)) == inner) {
          axis = a;
          break;
        }
    }
    if (axis < 0 ||
        !paramFits(plan.gamma, trailingBroadcast(in, axis),
                   trailingBroadcast(work, first)) ||
        !paramFits(plan.beta, trailingBroadcast(in, axis),
                   trailingBroadcast(work, first)))
      return false;
    plan.kind = kind;
    plan.axis = axis;
    return true;
  };
  auto perChannelFits = [&](int64_t dim) {
    SmallVector<int64_t> channel = channelBroadcast(in, dim);
    ArrayRef<int64_t> working = reshaped ? ArrayRef<int64_t>() : channel;
    return paramFits(plan.gamma, channel, working) &&
           paramFits(plan.beta, channel, working);
  };

  if (core.kind == CoreKind::Rms)
    return !plan.beta.value && tryLayer(Kind::Rms);

  if (tryLayer(Kind::Layer))
    return true;
  if (!reshaped && trailing && first == 2 && rank >= 3 && perChannelFits(1)) {
    plan.kind = Kind::Instance;
    plan.axis = 1;
    return true;
  }
  // Group norm: [N, C, ...] reshaped to [N, G, ...], normalized over all
  // but the first two dims, γ/β per channel of the input.
  if (reshaped && trailing && first == 2 && rank >= 2 && work[0] == in[0] &&
      work[1] > 0 && in[1] % work[1] == 0 &&
      ShapedType::getNumElements(work.drop_front(2)) ==
          in[1] / work[1] * ShapedType::getNumElements(in.drop_front(2)) &&
      (plan.gamma.value ? plan.gamma.outerShape : true) &&
      (plan.beta.value ? plan.beta.outerShape : true) && perChannelFits(1)) {
    plan.kind = Kind::Group;
    plan.axis = 1;
    plan.groups = work[1];
    return true;
  }
  // Training batch norm: every dim but the feature dim.
  if (!reshaped && static_cast<int64_t>(core.axes.size()) == rank - 1) {
    int64_t feature = 0;
    while (llvm::is_contained(core.axes, feature))
      ++feature;
    if (perChannelFits(feature)) {
      plan.kind = Kind::BatchTrain;
      plan.axis = feature;
      return true;
    }
  }
  return false;
}

/// The TF/Keras form of a normalization (tf.nn.batch_normalization, which
/// TFLite's LayerNormalization also becomes): x · a + (β − mean · a) with
/// a = rstd · γ, or rstd. Sets the core, γ and β of `plan`.
bool matchScaledForm(Value v, Plan &plan) {
  auto add = v.getDefiningOp<tosa::AddOp>();
  if (!add || plan.gamma.value || plan.beta.value)
    return false;
  for (auto [lhs, rhs] : bothOrders(add.getInput1(), add.getInput2())) {
    Value scaled = lhs;
    auto scaledOperands = matchMul(scaled);
    auto sub = rhs.getDefiningOp<tosa::SubOp>();
    if (!scaledOperands || !sub)
      continue;
    auto shiftOperands = matchMul(sub.getInput2());
    if (!shiftOperands)
      continue;
    for (auto [xv, av] :
         bothOrders(scaledOperands->first, scaledOperands->second)) {
      Value x = xv, a = av;
      for (auto [mv, a2v] :
           bothOrders(shiftOperands->first, shiftOperands->second)) {
        Value m = mv, a2 = a2v;
        if (!sameValue(a, a2))
          continue;
        OpSet meanOps;
        std::optional<Mean> mean = matchMean(m, meanOps);
        if (!mean || !sameValue(mean->x, x))
          continue;
        SmallVector<std::pair<Value, Value>, 3> rstdGamma = {{a, Value()}};
        if (auto factors = matchMul(a)) {
          rstdGamma.push_back({factors->first, factors->second});
          rstdGamma.push_back({factors->second, factors->first});
        }
        for (auto [r, gamma] : rstdGamma) {
          for (Rstd &rstd : matchRstd(r)) {
            Core core;
            core.kind = CoreKind::Centred;
            core.x = mean->x;
            core.axes = mean->axes;
            core.mean = mean->value;
            core.var = rstd.var;
            core.rstd = r;
            if (!matchVariance(rstd.var, *mean, core.fromMoments, core.ops))
              continue;
            core.epsilon = rstd.epsilon;
            core.ops.insert(meanOps.begin(), meanOps.end());
            core.ops.insert(rstd.ops.begin(), rstd.ops.end());
            core.ops.insert(scaled.getDefiningOp());
            core.ops.insert(sub);
            core.ops.insert(sub.getInput2().getDefiningOp());
            if (gamma) {
              core.ops.insert(a.getDefiningOp());
              core.ops.insert(a2.getDefiningOp());
            }
            plan.core = std::move(core);
            plan.outputOps.insert(add);
            plan.gamma = {gamma, /*outerShape=*/!plan.reshapeOut};
            plan.beta = {sub.getInput1(), /*outerShape=*/!plan.reshapeOut};
            return true;
          }
        }
      }
    }
  }
  return false;
}

/// Completes `plan`, whose core is set, with the input side and the op.
bool finishPlan(Plan plan, Plan &result) {
  {
    // The input side: [cast] [reshape], in either order.
    Value x = plan.core.x;
    for (int i = 0; i < 2; ++i) {
      if (auto cast = x.getDefiningOp<tosa::CastOp>()) {
        if (isa<FloatType>(getElementTypeOrSelf(cast.getInput().getType())))
          x = cast.getInput();
      } else if (auto reshape = x.getDefiningOp<tosa::ReshapeOp>()) {
        if (plan.core.kind != CoreKind::Inference)
          x = reshape.getInput1();
      }
    }
    plan.input = x;
    RankedTensorType inType = getStaticType(x);
    if (!inType || inType != getStaticType(plan.root->getResult(0)) ||
        inType.getRank() == 0 || !getStaticType(plan.core.x))
      return false;
    if (!classify(plan))
      return false;
    result = std::move(plan);
    return true;
  }
}

/// Reads the decomposition whose output is `root`, outside in.
bool parseOutput(Value v, Plan plan, Plan &result) {
  if (std::optional<Core> core = matchCore(v)) {
    plan.core = std::move(*core);
    return finishPlan(std::move(plan), result);
  }
  {
    Plan scaled = plan;
    if (matchScaledForm(v, scaled) && finishPlan(std::move(scaled), result))
      return true;
  }
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  if (auto reshape = dyn_cast<tosa::ReshapeOp>(def)) {
    if (plan.reshapeOut)
      return false;
    plan.reshapeOut = def;
    plan.outputOps.insert(def);
    return parseOutput(reshape.getInput1(), plan, result);
  }
  if (auto cast = dyn_cast<tosa::CastOp>(def)) {
    if (plan.castOut ||
        !isa<FloatType>(getElementTypeOrSelf(cast.getInput().getType())))
      return false;
    plan.castOut = def;
    plan.outputOps.insert(def);
    return parseOutput(cast.getInput(), plan, result);
  }
  if (auto add = dyn_cast<tosa::AddOp>(def)) {
    if (plan.beta.value || plan.gamma.value)
      return false;
    for (auto [rest, beta] : bothOrders(add.getInput1(), add.getInput2())) {
      Plan next = plan;
      next.beta = {beta, /*outerShape=*/!plan.reshapeOut};
      next.outputOps.insert(def);
      if (parseOutput(rest, next, result))
        return true;
    }
    return false;
  }
  if (auto operands = matchMul(v)) {
    if (plan.gamma.value)
      return false;
    for (auto [rest, gamma] : bothOrders(operands->first, operands->second)) {
      Plan next = plan;
      next.gamma = {gamma, /*outerShape=*/!plan.reshapeOut};
      next.outputOps.insert(def);
      if (parseOutput(rest, next, result))
        return true;
    }
  }
  return false;
}

/// The statistics values of the match that the raised op can return.
SmallVector<Value> providedStatistics(const Plan &plan) {
  using Kind = Plan::Kind;
  switch (plan.kind) {
  case Kind::Layer:
  case Kind::Group:
    return {plan.core.mean, plan.core.rstd};
  case Kind::Rms:
    return {plan.core.rstd};
  case Kind::BatchTrain:
    return {plan.core.mean, plan.core.var};
  case Kind::Instance:
  case Kind::Batch:
    return {};
  }
  return {};
}

/// Whether every op of the match but the root is used only inside it or is a
/// statistic the op returns.
bool usedOnlyInside(const Plan &plan) {
  OpSet all = plan.core.ops;
  all.insert(plan.outputOps.begin(), plan.outputOps.end());
  SmallVector<Value> stats = providedStatistics(plan);
  for (Operation *op : all) {
    if (op == plan.root)
      continue;
    for (Value result : op->getResults()) {
      if (llvm::is_contained(stats, result))
        continue;
      for (Operation *user : result.getUsers())
        if (!all.contains(user))
          return false;
    }
  }
  return true;
}

std::optional<Plan> planAt(Operation *op) {
  if (!isa<tosa::MulOp, tosa::AddOp, tosa::CastOp, tosa::ReshapeOp>(op))
    return std::nullopt;
  Plan plan, result;
  plan.root = op;
  if (!parseOutput(op->getResult(0), plan, result))
    return std::nullopt;
  result.outputOps.remove(op);
  result.outputOps.insert(op);
  if (!usedOnlyInside(result))
    return std::nullopt;
  return result;
}

//===----------------------------------------------------------------------===//
// Building the op
//===----------------------------------------------------------------------===//

/// `v` with the type `type`, by looking through the casts and reshapes that
/// made it, or by new ones.
Value reshapeTo(PatternRewriter &rewriter, Location loc, Value v,
                RankedTensorType type) {
  for (Value cur = v;;) {
    if (cur.getType() == type)
      return cur;
    Operation *def = cur.getDefiningOp();
    if (auto reshape = dyn_cast_or_null<tosa::ReshapeOp>(def))
      cur = reshape.getInput1();
    else if (auto cast = dyn_cast_or_null<tosa::CastOp>(def);
             cast && isa<FloatType>(getElementTypeOrSelf(cast.getInput())))
      cur = cast.getInput();
    else
      break;
  }
  auto vType = cast<RankedTensorType>(v.getType());
  if (vType.getElementType() != type.getElementType())
    v = tosa::CastOp::create(rewriter, loc, vType.clone(type.getElementType()),
                             v);
  if (v.getType() != type)
    v = tosa::ReshapeOp::create(
        rewriter, loc, type, v,
        tosa::getTosaConstShape(rewriter, loc, type.getShape()));
  return v;
}

/// γ or β of the op, of `shape`; `fill` where the decomposition has none but
/// the op needs one.
Value buildParam(PatternRewriter &rewriter, Location loc, const Param &param,
                 ArrayRef<int64_t> shape, Type elementType,
                 std::optional<double> fill) {
  auto type = RankedTensorType::get(shape, elementType);
  if (param.value)
    return reshapeTo(rewriter, loc, param.value, type);
  if (!fill)
    return nullptr;
  return arith::ConstantOp::create(
      rewriter, loc,
      cast<TypedAttr>(
          DenseElementsAttr::get(type, FloatAttr::get(elementType, *fill))));
}

/// Replaces the uses of `old` outside the match by `stat`, reshaped.
void replaceStatistic(PatternRewriter &rewriter, const Plan &plan, Value old,
                      Value stat) {
  if (!old || !stat)
    return;
  auto oldType = cast<RankedTensorType>(old.getType());
  if (oldType.getElementType() !=
      cast<RankedTensorType>(stat.getType()).getElementType())
    return;
  Value replacement = reshapeTo(rewriter, plan.root->getLoc(), stat, oldType);
  rewriter.replaceUsesWithIf(old, replacement, [&](OpOperand &use) {
    return !plan.core.ops.contains(use.getOwner()) &&
           !plan.outputOps.contains(use.getOwner()) &&
           use.getOwner() != replacement.getDefiningOp();
  });
}

/// Whether the value `v` has uses outside the match.
bool usedOutside(const Plan &plan, Value v) {
  return v && llvm::any_of(v.getUsers(), [&](Operation *user) {
           return !plan.core.ops.contains(user) &&
                  !plan.outputOps.contains(user);
         });
}

/// Replaces a normalization decomposed into TOSA ops, whose output is the
/// matched op, by the norm op computing it.
struct RaiseTosaNormalization : RewritePattern {
  RaiseTosaNormalization(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    std::optional<Plan> maybePlan = planAt(op);
    if (!maybePlan)
      return failure();
    // Raise the largest decomposition: leave it to a user that extends it.
    for (Operation *user : op->getUsers())
      if (planAt(user))
        return rewriter.notifyMatchFailure(op, "a user extends the match");
    Plan &plan = *maybePlan;
    const Core &core = plan.core;
    Location loc = op->getLoc();
    rewriter.setInsertionPoint(op);

    auto inType = cast<RankedTensorType>(plan.input.getType());
    Type elementType = inType.getElementType();
    ArrayRef<int64_t> in = inType.getShape();
    FloatAttr epsilon = rewriter.getF32FloatAttr(core.epsilon);
    using Kind = Plan::Kind;
    Value output;
    SmallVector<std::pair<Value, Value>> stats; // (old value, op result)
    StringRef name;
    switch (plan.kind) {
    case Kind::Layer:
    case Kind::Rms: {
      ArrayRef<int64_t> normalized = in.drop_front(plan.axis);
      Value scale = buildParam(rewriter, loc, plan.gamma, normalized,
                               elementType, std::nullopt);
      RankedTensorType statType =
          inferRowStatisticsType(inType, plan.axis, nullptr);
      if (plan.kind == Kind::Rms) {
        bool wantRstd = usedOutside(plan, core.rstd);
        auto norm = RMSNormOp::create(
            rewriter, loc, inType, /*sum=*/Type(),
            wantRstd ? statType : Type(), plan.input, /*residual=*/Value(),
            scale, rewriter.getI64IntegerAttr(plan.axis), epsilon, nullptr);
        output = norm.getOutput();
        if (wantRstd)
          stats.push_back({core.rstd, norm.getInvRms()});
        name = "rms_norm";
        break;
      }
      Value bias = buildParam(rewriter, loc, plan.beta, normalized, elementType,
                              std::nullopt);
      bool wantMean = usedOutside(plan, core.mean);
      bool wantRstd = usedOutside(plan, core.rstd);
      auto norm = LayerNormOp::create(
          rewriter, loc, inType, /*sum=*/Type(), wantMean ? statType : Type(),
          wantRstd ? statType : Type(), plan.input, /*residual=*/Value(), scale,
          bias, rewriter.getI64IntegerAttr(plan.axis), epsilon, nullptr);
      output = norm.getOutput();
      if (wantMean)
        stats.push_back({core.mean, norm.getMean()});
      if (wantRstd)
        stats.push_back({core.rstd, norm.getInvStdDev()});
      name = "layer_norm";
      break;
    }
    case Kind::Instance:
    case Kind::Group:
    case Kind::BatchTrain:
    case Kind::Batch: {
      int64_t channels = in[plan.axis];
      Value scale =
          buildParam(rewriter, loc, plan.gamma, {channels}, elementType, 1.0);
      Value bias =
          buildParam(rewriter, loc, plan.beta, {channels}, elementType, 0.0);
      if (plan.kind == Kind::Instance) {
        output = InstanceNormOp::create(rewriter, loc, inType, plan.input,
                                        scale, bias, epsilon, nullptr)
                     .getOutput();
        name = "instance_norm";
      } else if (plan.kind == Kind::Group) {
        RankedTensorType statType =
            inferGroupStatisticsType(inType, plan.groups, nullptr);
        bool wantMean = usedOutside(plan, core.mean);
        bool wantRstd = usedOutside(plan, core.rstd);
        auto norm = GroupNormOp::create(
            rewriter, loc, inType, wantMean ? statType : Type(),
            wantRstd ? statType : Type(), plan.input, scale, bias,
            rewriter.getI64IntegerAttr(plan.groups), epsilon, nullptr);
        output = norm.getOutput();
        if (wantMean)
          stats.push_back({core.mean, norm.getMean()});
        if (wantRstd)
          stats.push_back({core.rstd, norm.getInvStdDev()});
        name = "group_norm";
      } else if (plan.kind == Kind::BatchTrain) {
        auto norm = BatchNormTrainOp::create(
            rewriter, loc, plan.input, scale, bias, Value(), Value(),
            static_cast<float>(core.epsilon), 0.9f, plan.axis, false, nullptr);
        output = norm.getOutput();
        stats.push_back({core.mean, norm.getBatchMean()});
        stats.push_back({core.var, norm.getBatchVar()});
        name = "batch_norm_train";
      } else {
        auto channelType = RankedTensorType::get({channels}, elementType);
        Value mean = reshapeTo(rewriter, loc, core.storedMean, channelType);
        Value var = reshapeTo(rewriter, loc, core.storedVar, channelType);
        output = BatchNormOp::create(
                     rewriter, loc, inType, plan.input, scale, bias, mean, var,
                     epsilon, rewriter.getI64IntegerAttr(plan.axis), nullptr)
                     .getOutput();
        name = "batch_norm";
      }
      break;
    }
    }
    if (core.fromMoments)
      core.var.getDefiningOp()->emitRemark()
          << "raised to norm." << name
          << ": its variance E[x^2] - E[x]^2 becomes the centred "
             "variance of the norm op, which does not cancel";
    for (auto [old, stat] : stats)
      replaceStatistic(rewriter, plan, old, stat);
    rewriter.replaceOp(op, output);
    return success();
  }
};

} // namespace

void mlir::norm::populateRaiseTosaPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseTosaNormalization>(patterns.getContext());
}
