//===- RaiseTosaPlan.cpp - Planning a TOSA raise -------------*- C++ -*-===//
//
// Reads a normalization decomposed into TOSA ops, as torch-mlir's
// TorchToTosa, TensorFlow's TFL/TF-to-TOSA legalizations and onnx-mlir's
// ONNX-to-TOSA emit them, from its output down:
//
//   output ::= [reshape back] [cast] [add β] [mul γ] [cast] core
//   core   ::= a standardization γ · (x − μ) · (σ² + ε)^-½ + β (or its RMS
//              or stored-statistics form), γ and β optional
//   x      ::= [cast] [reshape] input
//
// The core is traced into a polynomial and matched by the same matcher as
// the linalg raise's (RaiseUtils.h): every spelling of the mean (reduce_sum
// per dim times 1/N or reciprocal(N)), of the variance (centred, or
// E[x²] − E[x]²: a remark), of the inverse square root (rsqrt, pow(·, −½),
// reciprocal of a square root) and of the affine part (the TF form
// x · a + (β − μ · a) included), in every operand order, is one polynomial.
// The reduced dims, the reshapes and the shapes of γ/β then decide the op:
// trailing dims give a layer norm (or an instance norm when γ/β are per
// channel), every dim but one a training batch norm, a reshape to
// [N, G, ...] a group norm. A value inside the match that is used elsewhere
// must be a statistic the op returns (mean, inv_std_dev, batch_mean,
// batch_var, inv_rms); otherwise nothing is raised.
//
//===----------------------------------------------------------------------===//

#include "RaiseTosa.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;
using namespace mlir::norm::raise;
using namespace mlir::norm::raise::tosa_raise;

static RankedTensorType getStaticType(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && type.hasStaticShape() ? type : nullptr;
}

/// The operands (lhs, rhs) of a commutative binary op, in both orders.
static SmallVector<std::pair<Value, Value>, 2> bothOrders(Value lhs,
                                                          Value rhs) {
  return {{lhs, rhs}, {rhs, lhs}};
}

/// `v` applied in a shape `frame`: how it broadcasts against it.
static Param paramIn(Value v, ArrayRef<int64_t> frame, bool outerShape) {
  Param param;
  param.value = v;
  param.outerShape = outerShape;
  RankedTensorType type = getStaticType(v);
  if (!type || type.getRank() != static_cast<int64_t>(frame.size()))
    return param;
  SmallVector<int64_t> map;
  for (auto [d, size] : llvm::enumerate(type.getShape())) {
    if (size == 1)
      map.push_back(-1);
    else if (size == frame[d])
      map.push_back(d);
    else
      return param;
  }
  param.map = map;
  return param;
}

//===----------------------------------------------------------------------===//
// The core: the standardization
//===----------------------------------------------------------------------===//

/// Matches the standardization `v` computes; the γ and β it applies (the TF
/// form has them inside) become those of `plan`, which must have none yet.
static bool matchCore(Value v, Plan &plan) {
  RankedTensorType type = getStaticType(v);
  if (!type || type.getRank() == 0 || type.getRank() > 63)
    return false;
  auto tracer = std::make_shared<Tracer>(type.getShape());
  Poly y;
  std::optional<Standardization> s = traceStandardization(v, *tracer, y);
  if (!s || (s->gamma && plan.gamma.value) || (s->beta && plan.beta.value))
    return false;
  RankedTensorType xType = getStaticType(s->x.value);
  if (!xType || xType.getShape() != type.getShape())
    return false;
  Core core;
  core.x = s->x.value;
  core.epsilon = s->eps;
  core.fromMoments = s->onePass;
  core.meanPoly = s->meanPoly;
  core.varPoly = s->varPoly;
  core.rstdPoly = s->rstdPoly;
  core.tracer = tracer;
  switch (s->kind) {
  case Standardization::Kind::Moments:
    core.kind = Core::Kind::Centred;
    break;
  case Standardization::Kind::Rms:
    core.kind = Core::Kind::Rms;
    break;
  case Standardization::Kind::Stored: {
    // (x − M) · rstd(V + ε) with stored per-channel M and V.
    SmallVector<int64_t> channel = readDims(s->var->map);
    if (type.getRank() < 2 || channel.size() != 1 ||
        readDims(s->mean->map) != channel)
      return false;
    core.kind = Core::Kind::Inference;
    core.storedMean = s->mean->value;
    core.storedVar = s->var->value;
    core.channel = channel.front();
    break;
  }
  }
  if (core.kind != Core::Kind::Inference)
    core.axes = maskDims(s->mask, type.getRank());
  auto leafParam = [&](const Leaf &leaf) {
    Param param;
    param.value = leaf.value;
    param.map = leaf.map;
    param.outerShape = !plan.reshapeOut;
    return param;
  };
  if (s->gamma)
    plan.gamma = leafParam(*s->gamma);
  if (s->beta)
    plan.beta = leafParam(*s->beta);
  plan.core = std::move(core);
  return true;
}

//===----------------------------------------------------------------------===//
// The whole decomposition and the op it becomes
//===----------------------------------------------------------------------===//

/// Whether `param` (γ or β as applied) is a broadcast of a parameter of the
/// op, given the shape the op needs it broadcast to in each space.
static bool paramFits(const Param &param, ArrayRef<int64_t> outerShape,
                      ArrayRef<int64_t> workingShape) {
  if (!param.value)
    return true;
  ArrayRef<int64_t> wanted = param.outerShape ? outerShape : workingShape;
  if (!param.map || wanted.empty() || param.map->size() > wanted.size())
    return false;
  SmallVector<int64_t> varying;
  for (auto [d, size] : llvm::enumerate(wanted))
    if (size != 1)
      varying.push_back(d);
  return readDims(*param.map) == varying;
}

/// [1]*k + shape[k:].
static SmallVector<int64_t> trailingBroadcast(ArrayRef<int64_t> shape,
                                              int64_t k) {
  SmallVector<int64_t> result(shape);
  for (int64_t i = 0; i < k; ++i)
    result[i] = 1;
  return result;
}

/// All 1 but `dim`.
static SmallVector<int64_t> channelBroadcast(ArrayRef<int64_t> shape,
                                             int64_t dim) {
  SmallVector<int64_t> result(shape.size(), 1);
  result[dim] = shape[dim];
  return result;
}

/// Decides which op `plan` is, or fails.
static bool classify(Plan &plan) {
  const Core &core = plan.core;
  auto inType = cast<RankedTensorType>(plan.input.getType());
  auto workType = cast<RankedTensorType>(core.x.getType());
  ArrayRef<int64_t> in = inType.getShape(), work = workType.getShape();
  int64_t rank = in.size(), workRank = work.size();
  bool reshaped = in != work;
  using Kind = NormKind;

  if (core.kind == Core::Kind::Inference) {
    if (reshaped)
      return false;
    SmallVector<int64_t> channel = channelBroadcast(in, core.channel);
    if (!paramFits(plan.gamma, channel, channel) ||
        !paramFits(plan.beta, channel, channel))
      return false;
    plan.kind = Kind::BatchNorm;
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

  if (core.kind == Core::Kind::Rms)
    return !plan.beta.value && tryLayer(Kind::RmsNorm);

  if (tryLayer(Kind::LayerNorm))
    return true;
  if (!reshaped && trailing && first == 2 && rank >= 3 && perChannelFits(1)) {
    plan.kind = Kind::InstanceNorm;
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
    plan.kind = Kind::GroupNorm;
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
      plan.kind = Kind::BatchNormTrain;
      plan.axis = feature;
      return true;
    }
  }
  return false;
}

/// Completes `plan`, whose core is set, with the input side and the op.
static bool finishPlan(Plan plan, Plan &result) {
  {
    // The input side: [cast] [reshape], in either order.
    Value x = plan.core.x;
    for (int i = 0; i < 2; ++i) {
      if (auto cast = x.getDefiningOp<tosa::CastOp>()) {
        if (isa<FloatType>(getElementTypeOrSelf(cast.getInput().getType())))
          x = cast.getInput();
      } else if (auto reshape = x.getDefiningOp<tosa::ReshapeOp>()) {
        if (plan.core.kind != Core::Kind::Inference)
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
static bool parseOutput(Value v, Plan plan, Plan &result) {
  {
    Plan core = plan;
    if (matchCore(v, core) && finishPlan(std::move(core), result))
      return true;
  }
  Operation *def = v.getDefiningOp();
  RankedTensorType type = getStaticType(v);
  if (!def || !type)
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
      next.beta = paramIn(beta, type.getShape(),
                          /*outerShape=*/!plan.reshapeOut);
      next.outputOps.insert(def);
      if (parseOutput(rest, next, result))
        return true;
    }
    return false;
  }
  if (auto mul = dyn_cast<tosa::MulOp>(def)) {
    if (plan.gamma.value)
      return false;
    for (auto [rest, gamma] : bothOrders(mul.getInput1(), mul.getInput2())) {
      Plan next = plan;
      next.gamma = paramIn(gamma, type.getShape(),
                           /*outerShape=*/!plan.reshapeOut);
      next.outputOps.insert(def);
      if (parseOutput(rest, next, result))
        return true;
    }
  }
  return false;
}

//===----------------------------------------------------------------------===//
// The values of the match
//===----------------------------------------------------------------------===//

bool mlir::norm::raise::tosa_raise::inMatch(const Plan &plan, Operation *op) {
  return plan.core.tracer->ops.contains(op) || plan.outputOps.contains(op);
}

bool mlir::norm::raise::tosa_raise::usedOutside(const Plan &plan, Value v) {
  return llvm::any_of(v.getUsers(),
                      [&](Operation *user) { return !inMatch(plan, user); });
}

SmallVector<Value>
mlir::norm::raise::tosa_raise::statisticValues(const Plan &plan,
                                               const Poly &stat) {
  const Tracer &tracer = *plan.core.tracer;
  SmallVector<int64_t> kept;
  for (auto [d, size] : llvm::enumerate(tracer.getFrameShape()))
    if (size != 1 && !llvm::is_contained(plan.core.axes, d))
      kept.push_back(d);
  SmallVector<Value> values;
  for (const Tracer::Visit &visit : tracer.visits)
    if (!stat.isZero() && readDims(visit.map) == kept &&
        equal(visit.poly, stat) && !llvm::is_contained(values, visit.value))
      values.push_back(visit.value);
  return values;
}

/// The statistics values of the match that the raised op can return.
static SmallVector<Value> providedStatistics(const Plan &plan) {
  SmallVector<Value> values;
  auto append = [&](const Poly &stat) {
    llvm::append_range(values, statisticValues(plan, stat));
  };
  switch (plan.kind) {
  case NormKind::LayerNorm:
  case NormKind::GroupNorm:
    append(plan.core.meanPoly);
    append(plan.core.rstdPoly);
    break;
  case NormKind::RmsNorm:
    append(plan.core.rstdPoly);
    break;
  case NormKind::BatchNormTrain:
    append(plan.core.meanPoly);
    append(plan.core.varPoly);
    break;
  case NormKind::InstanceNorm:
  case NormKind::BatchNorm:
    break;
  }
  return values;
}

/// Whether every value of the match but the root that is used elsewhere is
/// a statistic the op returns or computes no sum (a cast, a reshape, which
/// then stays); the ops around the core (γ, β, casts, the reshape back) may
/// not be used elsewhere at all.
static bool usedOnlyInside(const Plan &plan) {
  SmallVector<Value> stats = providedStatistics(plan);
  Value root = plan.root->getResult(0);
  for (const Tracer::Visit &visit : plan.core.tracer->visits) {
    if (visit.value == root || llvm::is_contained(stats, visit.value) ||
        !usedOutside(plan, visit.value))
      continue;
    bool hasSum = false;
    walkFactors(visit.poly, [&](const Factor &f) {
      hasSum |= f.kind == Factor::Kind::Sum;
    });
    if (hasSum)
      return false;
  }
  for (Operation *op : plan.outputOps)
    if (op != plan.root)
      for (Value result : op->getResults())
        if (usedOutside(plan, result))
          return false;
  return true;
}

std::optional<Plan> mlir::norm::raise::tosa_raise::planAt(Operation *op) {
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
