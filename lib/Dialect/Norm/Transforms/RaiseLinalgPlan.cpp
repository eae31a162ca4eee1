//===- RaiseLinalgPlan.cpp - Planning a linalg raise ---------*- C++ -*-===//
//
// Decides which norm op a decomposition on linalg and tensor ops is: the
// candidate root is traced into a polynomial over its own iteration space,
// the standardization in it matched (RaiseUtils.h), and the reduced dims and
// the dims γ, β and the statistics range over choose the op (a group norm is
// a layer norm of x reshaped to [N, G, C/G · spatial], reshaped back). Every
// value of the decomposition used elsewhere must be a statistic the op
// returns.
//
//===----------------------------------------------------------------------===//

#include "RaiseLinalg.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::norm::raise;
using namespace mlir::norm::raise::linalg_raise;

static Type accumulatorType(Type elementType) {
  if (elementType.isF64())
    return elementType;
  return Float32Type::get(elementType.getContext());
}

/// The frame dims of `leaf` are a subset of `dims` and it has the element
/// type of x.
static bool rangesOver(const std::optional<Leaf> &leaf, ArrayRef<int64_t> dims,
                       Type elementType) {
  if (!leaf)
    return true;
  if (cast<RankedTensorType>(leaf->value.getType()).getElementType() !=
      elementType)
    return false;
  SmallVector<int64_t> read = readDims(leaf->map);
  for (size_t i = 0; i < read.size(); ++i)
    if (!llvm::is_contained(dims, read[i]) || (i && read[i] <= read[i - 1]))
      return false;
  return true;
}

static unsigned widthOf(Type t) { return cast<FloatType>(t).getWidth(); }

/// The element type the op of standardization `s` with result `rootType`
/// computes in: the result's when x, γ, β and the stored statistics have it;
/// otherwise that of the parameters (f32 γ and β with f16 activations,
/// PyTorch's mixed-dtype layer norm) or, without parameters, the wider of
/// x's and the result's (autocast upcasts the input and returns f32). x
/// converts to it exactly and the result rounds from it once, as the
/// decomposition does. None if no such type exists (the shapes differ,
/// f16 against bf16, parameters of two types, x + r fused).
static std::optional<Type> computeType(const Standardization &s,
                                       RankedTensorType rootType) {
  auto xType = cast<RankedTensorType>(s.x.value.getType());
  if (xType.getShape() != rootType.getShape())
    return std::nullopt;
  Type xElem = xType.getElementType(), rootElem = rootType.getElementType();
  Type paramElem;
  for (const std::optional<Leaf> &leaf : {s.gamma, s.beta, s.mean, s.var}) {
    if (!leaf)
      continue;
    Type t = cast<RankedTensorType>(leaf->value.getType()).getElementType();
    if (paramElem && t != paramElem)
      return std::nullopt;
    paramElem = t;
  }
  if (xElem == rootElem && (!paramElem || paramElem == xElem))
    return xElem;
  if (!s.xTerms.empty() || !isa<FloatType>(xElem) ||
      (paramElem && !isa<FloatType>(paramElem)))
    return std::nullopt;
  Type c = paramElem ? paramElem
                     : (widthOf(xElem) >= widthOf(rootElem) ? xElem : rootElem);
  for (Type t : {xElem, rootElem})
    if (t != c && widthOf(t) >= widthOf(c))
      return std::nullopt;
  return c;
}

/// Checks that every value of the decomposition used outside it is a
/// statistic the op returns, and records which; fails otherwise.
static LogicalResult collectStats(Plan &plan, ArrayRef<const Tracer *> tracers,
                                  Value root,
                                  ArrayRef<std::pair<Poly, unsigned>> provided,
                                  const llvm::SetVector<Operation *> &inside,
                                  ArrayRef<Value> internalOnly,
                                  std::string &why) {
  auto usedOutside = [&](Value v) {
    return llvm::any_of(
        v.getUsers(), [&](Operation *user) { return !inside.contains(user); });
  };
  for (Value v : internalOnly)
    if (v != root && usedOutside(v)) {
      why = "a value inside the normalization is used outside it";
      return failure();
    }
  DenseSet<Value> done;
  Type acc = accumulatorType(
      plan.computeType
          ? plan.computeType
          : cast<RankedTensorType>(plan.x.getType()).getElementType());
  SmallVector<int64_t> wanted;
  for (int64_t d : plan.statDims)
    if (plan.frameShape[d] != 1)
      wanted.push_back(d);
  // Values without a sum in them (casts, products of leaves) stay where
  // they are used: raising never computes a reduction twice.
  auto needsStat = [&](const Tracer::Visit &visit) {
    if (visit.value == root || !usedOutside(visit.value))
      return false;
    bool hasSum = false;
    walkFactors(visit.poly, [&](const Factor &f) {
      hasSum |= f.kind == Factor::Kind::Sum;
    });
    return hasSum;
  };
  for (const Tracer *tracer : tracers) {
    for (const Tracer::Visit &visit : tracer->visits) {
      if (!needsStat(visit))
        continue;
      if (done.contains(visit.value))
        continue;
      auto type = cast<RankedTensorType>(visit.value.getType());
      std::optional<unsigned> result;
      if (type.getElementType() == acc && readDims(visit.map) == wanted)
        for (const auto &[poly, index] : provided)
          if (equal(poly, visit.poly))
            result = index;
      if (!result)
        continue;
      plan.stats.push_back({visit.value, *result});
      done.insert(visit.value);
    }
    for (const Tracer::Visit &visit : tracer->visits)
      if (needsStat(visit) && !done.contains(visit.value)) {
        why = "a value inside the normalization is used outside it and is "
              "not a statistic the norm op returns";
        return failure();
      }
  }
  return success();
}

/// `terms` ordered as the IR defines them (the polynomial's order compares
/// pointers): the tensors of the frame's shape first, then the broadcast
/// ones; block arguments by number before op results by position.
static SmallVector<Leaf> inIROrder(ArrayRef<Leaf> terms,
                                   ArrayRef<int64_t> frameShape) {
  auto before = [](Value a, Value b) {
    auto argA = dyn_cast<BlockArgument>(a), argB = dyn_cast<BlockArgument>(b);
    if (argA && argB)
      return argA.getArgNumber() < argB.getArgNumber();
    if (argA || argB)
      return static_cast<bool>(argA);
    Operation *opA = a.getDefiningOp(), *opB = b.getDefiningOp();
    if (opA == opB)
      return cast<OpResult>(a).getResultNumber() <
             cast<OpResult>(b).getResultNumber();
    if (opA->getBlock() != opB->getBlock())
      return false;
    return opA->isBeforeInBlock(opB);
  };
  SmallVector<Leaf> sorted(terms);
  llvm::sort(sorted, [&](const Leaf &a, const Leaf &b) {
    bool fullA = isIdentity(a, frameShape), fullB = isIdentity(b, frameShape);
    if (fullA != fullB)
      return fullA;
    return before(a.value, b.value);
  });
  return sorted;
}

/// A tensor computed before `rootOp` in its block, outside `inside`, by an
/// elementwise linalg op whose value is the sum of `terms` (x and r read as
/// leaves); null if none.
static Value findSum(Operation *rootOp, ArrayRef<Leaf> terms,
                     ArrayRef<int64_t> frameShape,
                     const llvm::SetVector<Operation *> &inside) {
  Poly expected;
  for (const Leaf &t : terms)
    expected = add(expected, t.poly());
  SmallVector<int64_t> identity =
      llvm::to_vector(llvm::seq<int64_t>(0, frameShape.size()));
  Type type = rootOp->getResult(0).getType();
  for (Operation *user : terms.front().value.getUsers()) {
    auto op = dyn_cast<linalg::LinalgOp>(user);
    if (!op || inside.contains(user) || user->getNumResults() != 1 ||
        user->getResult(0).getType() != type ||
        user->getBlock() != rootOp->getBlock() ||
        !user->isBeforeInBlock(rootOp) || !op.hasPureTensorSemantics() ||
        op.getNumReductionLoops() != 0)
      continue;
    Tracer tracer(frameShape);
    for (const Leaf &t : terms)
      tracer.leaves.insert(t.value);
    if (equal(tracer.tensor(user->getResult(0), identity), expected))
      return user->getResult(0);
  }
  return Value();
}

/// Follows tensor.expand_shape / collapse_shape up from `v`.
static Value throughReshapes(Value v, SmallVectorImpl<Value> *chain = nullptr) {
  while (Operation *def = v.getDefiningOp()) {
    if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def))
      break;
    if (chain)
      chain->push_back(v);
    v = def->getOperand(0);
  }
  return v;
}

FailureOr<Plan> mlir::norm::raise::linalg_raise::planRaise(Operation *rootOp,
                                                           std::string &why) {
  why = "not a normalization";
  if (rootOp->getNumResults() != 1)
    return failure();
  Value root = rootOp->getResult(0);
  auto rootType = dyn_cast<RankedTensorType>(root.getType());
  if (!rootType || rootType.getRank() == 0 ||
      !isa<FloatType>(rootType.getElementType()) || rootType.getRank() > 63)
    return failure();
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(rootOp)) {
    if (!linalgOp.hasPureTensorSemantics() ||
        linalgOp.getNumReductionLoops() != 0)
      return failure();
  } else if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(rootOp)) {
    return failure();
  }

  SmallVector<int64_t> frameShape(rootType.getShape());
  int64_t rank = rootType.getRank();
  Tracer tracer(frameShape);
  Poly y;
  Type elementType = rootType.getElementType();
  std::optional<Standardization> s =
      traceStandardization(root, tracer, y, /*sumOfLeaves=*/true);

  Plan plan;
  plan.frameShape = frameShape;
  llvm::SetVector<Operation *> inside = tracer.ops;
  if (s) {
    std::optional<Type> compute = computeType(*s, rootType);
    if (!compute) {
      why = "the normalized tensor, the parameters and the result have "
            "element types no norm op computes in exactly";
      return failure();
    }
    plan.computeType = *compute;
    Type elementType = *compute;
    plan.x = s->x.value;
    if (!s->xTerms.empty()) {
      // x + r fused into every op: an add computing it elsewhere (the
      // pre-LN block keeps the sum for the next residual) is reused.
      SmallVector<Leaf> terms = inIROrder(s->xTerms, frameShape);
      if (Value existing = findSum(rootOp, terms, frameShape, tracer.ops))
        plan.x = existing;
      else
        plan.xTerms = terms;
    }
    plan.eps = s->eps;
    plan.onePass = s->onePass;
    plan.gamma = s->gamma;
    plan.beta = s->beta;
    SmallVector<int64_t> reduced = maskDims(s->mask, rank);
    bool suffix = !reduced.empty() && reduced.back() == rank - 1 &&
                  reduced.size() == static_cast<size_t>(rank - reduced.front());
    std::vector<std::pair<Poly, unsigned>> provided;
    auto params = [&](ArrayRef<int64_t> dims) {
      return rangesOver(s->gamma, dims, elementType) &&
             rangesOver(s->beta, dims, elementType);
    };
    if (s->kind == Standardization::Kind::Rms) {
      if (!suffix || !params(reduced))
        return failure();
      plan.kind = NormKind::RmsNorm;
      plan.axis = reduced.front();
      plan.paramDims = reduced;
      plan.statDims = llvm::to_vector(llvm::seq<int64_t>(0, plan.axis));
      provided.push_back({s->rstdPoly, 1});
    } else if (s->kind == Standardization::Kind::Stored) {
      SmallVector<int64_t> channel = readDims(s->var->map);
      if (channel.size() != 1 || readDims(s->mean->map) != channel ||
          !params(channel) || !rangesOver(s->mean, channel, elementType) ||
          !rangesOver(s->var, channel, elementType))
        return failure();
      plan.kind = NormKind::BatchNorm;
      plan.axis = channel.front();
      plan.paramDims = channel;
      plan.mean = s->mean;
      plan.var = s->var;
    } else {
      SmallVector<int64_t> spatial =
          llvm::to_vector(llvm::seq<int64_t>(2, rank));
      SmallVector<int64_t> kept;
      for (int64_t d = 0; d < rank; ++d)
        if (!llvm::is_contained(reduced, d))
          kept.push_back(d);
      if (suffix && params(reduced)) {
        plan.kind = NormKind::LayerNorm;
        plan.axis = reduced.front();
        plan.paramDims = reduced;
        plan.statDims = llvm::to_vector(llvm::seq<int64_t>(0, plan.axis));
        provided.push_back({s->meanPoly, 1});
        provided.push_back({s->rstdPoly, 2});
      } else if (rank >= 3 && reduced == spatial && params({1})) {
        plan.kind = NormKind::InstanceNorm;
        plan.axis = 1;
        plan.paramDims = {1};
      } else if (kept.size() == 1 && params(kept)) {
        plan.kind = NormKind::BatchNormTrain;
        plan.axis = kept.front();
        plan.paramDims = kept;
        plan.statDims = kept;
        provided.push_back({s->meanPoly, 1});
        provided.push_back({s->varPoly, 2});
        provided.push_back({s->rstdPoly, kInvStdFromVar});
      } else {
        why = "the statistics or the parameters range over dims no norm op "
              "normalizes over";
        return failure();
      }
    }
    if (failed(collectStats(plan, {&tracer}, root, provided, inside, {}, why)))
      return failure();
    plan.paramFrameShape = frameShape;
    return plan;
  }

  // GroupNorm: y = γ[c] · reshape(core) + β[c], core a layer norm over the
  // last dim of x reshaped to [N, G, C/G · spatial].
  if (rank < 2)
    return failure();
  for (const Monomial &m : y.terms) {
    for (const auto &[f, e] : m.factors) {
      if (e != 1.0 || f->kind != Factor::Kind::Leaf ||
          !isa<RankedTensorType>(f->value.getType()))
        continue;
      Leaf t{f->value, f->map};
      if (!isIdentity(t, frameShape) ||
          !isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
              t.value.getDefiningOp()))
        continue;
      SmallVector<Value> outChain;
      Value core = throughReshapes(t.value, &outChain);
      auto coreType = dyn_cast<RankedTensorType>(core.getType());
      if (!coreType || coreType.getRank() != 3 || !coreType.hasStaticShape() ||
          !rootType.hasStaticShape())
        continue;
      Tracer coreTracer(coreType.getShape());
      Poly corePoly = coreTracer.tensor(core, {0, 1, 2});
      std::optional<Standardization> cs =
          matchStandardization(corePoly, coreType.getShape());
      if (!cs || cs->kind != Standardization::Kind::Moments || cs->mask != 4 ||
          cs->gamma || cs->beta)
        continue;
      SmallVector<Value> inChain;
      Value x = throughReshapes(cs->x.value, &inChain);
      if (inChain.empty() || x.getType() != rootType)
        continue;
      int64_t n = frameShape[0], c = frameShape[1],
              groups = coreType.getDimSize(1);
      if (coreType.getDimSize(0) != n || groups <= 0 || c % groups != 0)
        continue;
      // y = cofactor · t + rest
      Monomial cof = without(m, *f);
      std::optional<Leaf> gamma;
      if (!cof.factors.empty()) {
        if (!(gamma = asLeaf(cof)))
          continue;
      } else if (!nearlyEqual(cof.coef, 1.0)) {
        continue;
      }
      Poly rest = sub(y, polyOf(m));
      std::optional<Leaf> beta;
      if (!rest.isZero() && !(beta = asLeaf(rest)))
        continue;
      if (!rangesOver(gamma, {1}, elementType) ||
          !rangesOver(beta, {1}, elementType))
        continue;
      plan.kind = NormKind::GroupNorm;
      plan.x = x;
      plan.axis = groups;
      plan.eps = cs->eps;
      plan.onePass = cs->onePass;
      plan.gamma = gamma;
      plan.beta = beta;
      plan.paramDims = {1};
      plan.paramFrameShape = frameShape;
      plan.frameShape = SmallVector<int64_t>(coreType.getShape());
      plan.statDims = {0, 1};
      for (Operation *op : coreTracer.ops)
        inside.insert(op);
      for (Value v : outChain)
        inside.insert(v.getDefiningOp());
      SmallVector<Value> internal(outChain);
      internal.push_back(core);
      if (failed(collectStats(plan, {&tracer, &coreTracer}, root,
                              {{cs->meanPoly, 1}, {cs->rstdPoly, 2}}, inside,
                              internal, why)))
        return failure();
      return plan;
    }
  }
  return failure();
}
