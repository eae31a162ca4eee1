//===- RaiseLinalg.cpp - Norm ops from linalg decompositions -*- C++ -*-===//
//
// Patterns that find normalizations decomposed into linalg ops on tensors.
//
// A candidate root (an elementwise linalg op, or a reshape) is read as a
// polynomial over its own iteration space (RaiseUtils.h): the tracer walks
// up through elementwise linalg ops (generic and named, their bodies of
// arith/math ops), sum reductions (linalg.generic with an addf combiner,
// linalg.reduce), broadcasts, splat constants, fills and reshapes that only
// add or drop unit dims. Whatever else it meets is a leaf. The matcher then
// guesses the parts of a normalization from that polynomial (the rsqrt
// factor, ε, the normalized tensor x, the summed dims, γ and β), builds the
// polynomial of the normalization those parts define, and raises only when
// the two are equal: every spelling the algebra identifies is accepted, and
// nothing else.
//
//===----------------------------------------------------------------------===//

#include "RaiseUtils.h"

#include "norm/Dialect/Norm/IR/NormOps.h"
#include "norm/Dialect/Norm/Transforms/Raise.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"

#include <map>
#include <optional>
#include <vector>

using namespace mlir;
using namespace mlir::norm;
using namespace mlir::norm::raise;

namespace {

//===----------------------------------------------------------------------===//
// Tracing linalg on tensors into polynomials
//===----------------------------------------------------------------------===//

/// A loop of a linalg op not yet bound to a frame dim.
constexpr int64_t kUnbound = -2;

/// The scalar constant `v` is, if any (through casts between number types).
static std::optional<double> scalarConstant(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return std::nullopt;
  if (auto cst = dyn_cast<arith::ConstantOp>(def)) {
    if (auto f = dyn_cast<FloatAttr>(cst.getValue()))
      return f.getValueAsDouble();
    if (auto i = dyn_cast<IntegerAttr>(cst.getValue()))
      if (i.getType().isSignlessInteger() && !i.getType().isInteger(1))
        return static_cast<double>(i.getValue().getSExtValue());
    return std::nullopt;
  }
  if (isa<arith::SIToFPOp, arith::ExtFOp, arith::TruncFOp>(def))
    return scalarConstant(def->getOperand(0));
  return std::nullopt;
}

/// The element count `v` is, when it is a product of tensor sizes and
/// integer constants converted to a number: what front ends divide a sum by
/// when the reduced dims are dynamic (torch-mlir's aten.size.int and
/// aten.mul.int become tensor.dim, arith.index_cast and arith.muli, and the
/// division converts the i64 with arith.sitofp; others use uitofp or
/// index_castui). Static sizes are constants, dynamic ones Size factors.
static std::optional<Poly> elementCount(Value v, bool isInteger = false) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return std::nullopt;
  if (!isInteger) {
    if (isa<arith::SIToFPOp, arith::UIToFPOp>(def))
      return elementCount(def->getOperand(0), /*isInteger=*/true);
    if (isa<arith::ExtFOp, arith::TruncFOp>(def))
      return elementCount(def->getOperand(0));
    return std::nullopt;
  }
  if (isa<arith::IndexCastOp, arith::IndexCastUIOp, arith::ExtSIOp,
          arith::ExtUIOp>(def))
    return elementCount(def->getOperand(0), true);
  if (isa<arith::MulIOp>(def)) {
    std::optional<Poly> lhs = elementCount(def->getOperand(0), true);
    std::optional<Poly> rhs = elementCount(def->getOperand(1), true);
    if (!lhs || !rhs)
      return std::nullopt;
    return mul(*lhs, *rhs);
  }
  if (auto cst = dyn_cast<arith::ConstantOp>(def)) {
    auto i = dyn_cast<IntegerAttr>(cst.getValue());
    if (!i || i.getType().isInteger(1))
      return std::nullopt;
    return Poly::constant(static_cast<double>(i.getValue().getSExtValue()));
  }
  if (auto dim = dyn_cast<tensor::DimOp>(def)) {
    std::optional<int64_t> index = dim.getConstantIndex();
    auto type = dyn_cast<RankedTensorType>(dim.getSource().getType());
    if (!index || !type || *index < 0 || *index >= type.getRank())
      return std::nullopt;
    if (!type.isDynamicDim(*index))
      return Poly::constant(static_cast<double>(type.getDimSize(*index)));
    return size(dim.getSource(), *index);
  }
  return std::nullopt;
}

/// Reads tensors of a decomposition as polynomials over one frame.
class Tracer {
public:
  explicit Tracer(ArrayRef<int64_t> frameShape)
      : frameShape(frameShape.begin(), frameShape.end()) {}

  /// The polynomial of `v` read at each frame point through `map`.
  Poly tensor(Value v, ArrayRef<int64_t> map);

  /// A value computed inside the decomposition, as it was read.
  struct Visit {
    Value value;
    SmallVector<int64_t> map;
    Poly poly;
  };
  std::vector<Visit> visits;
  /// The ops that compute the visited values.
  llvm::SetVector<Operation *> ops;
  ArrayRef<int64_t> getFrameShape() const { return frameShape; }
  /// Values read as leaves without looking at how they are computed.
  llvm::DenseSet<Value> leaves;

private:
  struct Body {
    linalg::LinalgOp op;
    SmallVector<int64_t> loopBind;
    bool hasReduction = false;
    bool failed = false;
    DenseMap<Value, Poly> memo;
  };
  std::optional<Poly> traceLinalg(linalg::LinalgOp op, OpResult result,
                                  ArrayRef<int64_t> map);
  Poly scalar(Value s, Body &body);
  Poly scalarOutside(Value s);

  SmallVector<int64_t> frameShape;
  std::map<std::pair<const void *, std::vector<int64_t>>, Poly> memo;
  /// How many more ops the tracer may look through.
  int budget = 256;
};

Poly Tracer::scalarOutside(Value s) {
  if (std::optional<double> c = scalarConstant(s))
    return Poly::constant(*c);
  if (std::optional<Poly> count = elementCount(s))
    return *count;
  return Poly::leaf(s, {});
}

Poly Tracer::tensor(Value v, ArrayRef<int64_t> mapIn) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type)
    return scalarOutside(v);
  SmallVector<int64_t> map(mapIn.begin(), mapIn.end());
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.getDimSize(i) == 1)
      map[i] = -1;
  auto key = std::make_pair(v.getAsOpaquePointer(),
                            std::vector<int64_t>(map.begin(), map.end()));
  if (auto it = memo.find(key); it != memo.end())
    return it->second;

  Poly result = Poly::leaf(v, map);
  bool computed = false;
  Operation *def = v.getDefiningOp();
  if (def && budget > 0 && !leaves.contains(v)) {
    --budget;
    if (auto cst = dyn_cast<arith::ConstantOp>(def)) {
      auto dense = dyn_cast<DenseFPElementsAttr>(cst.getValue());
      if (dense && dense.isSplat())
        result = Poly::constant(
            FloatAttr::getValueAsDouble(dense.getSplatValue<APFloat>()));
    } else if (auto castOp = dyn_cast<tensor::CastOp>(def)) {
      result = tensor(castOp.getSource(), map);
      computed = true;
    } else if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def)) {
      // A collapse that only drops unit dims reads the same elements.
      RankedTensorType src = collapse.getSrcType();
      SmallVector<int64_t> srcMap(src.getRank(), -1);
      bool unitOnly = true;
      for (auto [k, group] :
           llvm::enumerate(collapse.getReassociationIndices())) {
        int nonUnit = 0;
        for (int64_t d : group)
          if (src.getDimSize(d) != 1) {
            ++nonUnit;
            srcMap[d] = map[k];
          }
        unitOnly &= nonUnit <= 1;
      }
      if (unitOnly) {
        result = tensor(collapse.getSrc(), srcMap);
        computed = true;
      }
    } else if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def)) {
      RankedTensorType src = expand.getSrcType();
      SmallVector<int64_t> srcMap(src.getRank(), -1);
      bool unitOnly = true;
      for (auto [s, group] :
           llvm::enumerate(expand.getReassociationIndices())) {
        int nonUnit = 0;
        for (int64_t d : group)
          if (type.getDimSize(d) != 1) {
            ++nonUnit;
            srcMap[s] = map[d];
          }
        unitOnly &= nonUnit <= 1;
      }
      if (unitOnly) {
        result = tensor(expand.getSrc(), srcMap);
        computed = true;
      }
    } else if (auto linalgOp = dyn_cast<linalg::LinalgOp>(def);
               linalgOp && linalgOp.hasPureTensorSemantics()) {
      if (std::optional<Poly> p =
              traceLinalg(linalgOp, cast<OpResult>(v), map)) {
        result = std::move(*p);
        computed = true;
      }
    }
  }
  if (computed) {
    visits.push_back({v, map, result});
    ops.insert(def);
  }
  memo[key] = result;
  return result;
}

std::optional<Poly> Tracer::traceLinalg(linalg::LinalgOp op, OpResult result,
                                        ArrayRef<int64_t> map) {
  unsigned r = result.getResultNumber();
  if (r >= op.getNumDpsInits())
    return std::nullopt;
  OpOperand *init = op.getDpsInitOperand(r);
  AffineMap outMap = op.getMatchingIndexingMap(init);
  unsigned numLoops = op.getNumLoops();
  Body body;
  body.op = op;
  body.loopBind.assign(numLoops, kUnbound);
  for (auto [k, expr] : llvm::enumerate(outMap.getResults())) {
    if (auto d = dyn_cast<AffineDimExpr>(expr)) {
      int64_t &bound = body.loopBind[d.getPosition()];
      if (bound != kUnbound && bound != map[k])
        return std::nullopt;
      bound = map[k];
      continue;
    }
    auto c = dyn_cast<AffineConstantExpr>(expr);
    if (!c || c.getValue() != 0)
      return std::nullopt;
  }

  // A reduction sums over frame dims: its loops must be the frame's, the
  // kept ones read in place.
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  uint64_t mask = 0;
  double count = 1;
  for (unsigned j = 0; j < numLoops; ++j) {
    if (iterators[j] != utils::IteratorType::reduction)
      continue;
    if (body.loopBind[j] != kUnbound || numLoops != frameShape.size() ||
        j >= 64)
      return std::nullopt;
    body.hasReduction = true;
    body.loopBind[j] = j;
    mask |= uint64_t(1) << j;
    if (ShapedType::isDynamic(ranges[j]))
      count = 0;
    else
      count *= static_cast<double>(ranges[j]);
  }
  for (unsigned j = 0; j < numLoops; ++j) {
    int64_t bound = body.loopBind[j];
    if (bound == kUnbound)
      return std::nullopt;
    if (body.hasReduction && iterators[j] == utils::IteratorType::parallel &&
        bound != static_cast<int64_t>(j) && bound != -1)
      return std::nullopt;
  }

  Block *block = op.getBlock();
  if (!block)
    return std::nullopt;
  auto yield = dyn_cast<linalg::YieldOp>(block->getTerminator());
  if (!yield || yield.getNumOperands() <= r)
    return std::nullopt;
  Value yielded = yield.getOperand(r);
  if (!body.hasReduction) {
    Poly p = scalar(yielded, body);
    if (body.failed)
      return std::nullopt;
    return p;
  }
  // acc' = f(inputs) + acc, the sum starting from the init tensor.
  BlockArgument acc = op.getMatchingBlockArgument(init);
  auto addOp = yielded.getDefiningOp<arith::AddFOp>();
  if (!addOp || addOp->getBlock() != block)
    return std::nullopt;
  Value summand;
  if (addOp.getLhs() == acc)
    summand = addOp.getRhs();
  else if (addOp.getRhs() == acc)
    summand = addOp.getLhs();
  else
    return std::nullopt;
  Poly inner = scalar(summand, body);
  if (body.failed)
    return std::nullopt;
  Poly start = tensor(init->get(), map);
  return add(start, sum(inner, mask, count));
}

Poly Tracer::scalar(Value s, Body &body) {
  if (body.failed)
    return Poly();
  if (auto it = body.memo.find(s); it != body.memo.end())
    return it->second;
  Block *block = body.op.getBlock();
  Poly result;
  if (auto arg = dyn_cast<BlockArgument>(s); arg && arg.getOwner() == block) {
    OpOperand &operand = body.op->getOpOperand(arg.getArgNumber());
    Value value = operand.get();
    bool isInit = body.op.isDpsInit(&operand);
    if (isInit && body.hasReduction) {
      // An accumulator read anywhere but in the final addf.
      body.failed = true;
      return Poly();
    }
    if (!isa<RankedTensorType>(value.getType())) {
      result = scalarOutside(value);
    } else {
      AffineMap m = body.op.getMatchingIndexingMap(&operand);
      SmallVector<int64_t> tensorMap;
      for (AffineExpr e : m.getResults()) {
        if (auto d = dyn_cast<AffineDimExpr>(e)) {
          tensorMap.push_back(body.loopBind[d.getPosition()]);
          continue;
        }
        auto c = dyn_cast<AffineConstantExpr>(e);
        if (!c || c.getValue() != 0) {
          body.failed = true;
          return Poly();
        }
        tensorMap.push_back(-1);
      }
      result = tensor(value, tensorMap);
    }
  } else if (Operation *def = s.getDefiningOp();
             !def || def->getBlock() != block) {
    result = scalarOutside(s);
  } else {
    auto operand = [&](unsigned i) { return scalar(def->getOperand(i), body); };
    if (isa<arith::AddFOp>(def)) {
      result = add(operand(0), operand(1));
    } else if (isa<arith::SubFOp>(def)) {
      result = sub(operand(0), operand(1));
    } else if (isa<arith::MulFOp>(def)) {
      result = mul(operand(0), operand(1));
    } else if (isa<arith::DivFOp>(def)) {
      result = mul(operand(0), pow(operand(1), -1.0));
    } else if (isa<arith::NegFOp>(def)) {
      result = scale(operand(0), -1.0);
    } else if (isa<math::RsqrtOp>(def)) {
      result = pow(operand(0), -0.5);
    } else if (isa<math::SqrtOp>(def)) {
      result = pow(operand(0), 0.5);
    } else if (isa<math::PowFOp>(def)) {
      Poly exponent = operand(1);
      if (exponent.isZero() || (exponent.terms.size() == 1 &&
                                exponent.terms.front().factors.empty()))
        result = pow(operand(0), exponent.constantTerm());
      else
        result = opaque("math.powf", {operand(0), exponent});
    } else if (isa<math::FmaOp>(def)) {
      result = add(mul(operand(0), operand(1)), operand(2));
    } else if (isa<arith::ExtFOp, arith::TruncFOp>(def)) {
      // Casts between float types are read as the value they round: the
      // raised op computes in its accumulation type and rounds once.
      result = operand(0);
    } else if (isa<arith::ConstantOp, arith::SIToFPOp, arith::UIToFPOp>(def)) {
      // A constant, or an element count converted in the body.
      if (std::optional<double> c = scalarConstant(s)) {
        result = Poly::constant(*c);
      } else if (std::optional<Poly> count = elementCount(s)) {
        result = std::move(*count);
      } else {
        body.failed = true;
        return Poly();
      }
    } else if (def->getNumResults() == 1 && def->getNumRegions() == 0 &&
               !isa<linalg::IndexOp>(def)) {
      SmallVector<Poly> args;
      for (unsigned i = 0; i < def->getNumOperands(); ++i)
        args.push_back(operand(i));
      result = opaque(def->getName().getStringRef(), args);
    } else {
      body.failed = true;
      return Poly();
    }
  }
  body.memo[s] = result;
  return result;
}

//===----------------------------------------------------------------------===//
// Matching a standardization
//===----------------------------------------------------------------------===//

/// A tensor read through a projection of the frame.
struct Leaf {
  Value value;
  SmallVector<int64_t> map;
  Poly poly() const { return Poly::leaf(value, map); }
};

/// `m` is 1 · leaf.
static std::optional<Leaf> asLeaf(const Monomial &m) {
  if (!nearlyEqual(m.coef, 1.0) || m.factors.size() != 1 ||
      m.factors.front().second != 1.0)
    return std::nullopt;
  const Factor &f = *m.factors.front().first;
  if (f.kind != Factor::Kind::Leaf || !isa<RankedTensorType>(f.value.getType()))
    return std::nullopt;
  return Leaf{f.value, f.map};
}

static std::optional<Leaf> asLeaf(const Poly &p) {
  if (p.terms.size() != 1)
    return std::nullopt;
  return asLeaf(p.terms.front());
}

/// y = γ · (x − μ) · (σ² + ε)^-½ + β, or the RMS form γ · x · (E[x²] + ε)^-½,
/// or with stored statistics γ · (x − m) · (v + ε)^-½ + β.
struct Standardization {
  enum class Kind { Moments, Rms, Stored } kind = Kind::Moments;
  Leaf x;
  uint64_t mask = 0;
  double eps = 0;
  bool onePass = false;
  std::optional<Leaf> gamma, beta, mean, var;
  /// The statistics as polynomials over the frame.
  Poly meanPoly, varPoly, rstdPoly;
};

/// The frame dims `map` reads, in order.
static SmallVector<int64_t> readDims(ArrayRef<int64_t> map) {
  SmallVector<int64_t> dims;
  for (int64_t d : map)
    if (d >= 0)
      dims.push_back(d);
  return dims;
}

/// `leaf` is the frame itself: a tensor of the frame's rank read in place.
static bool isIdentity(const Leaf &leaf, ArrayRef<int64_t> frameShape) {
  auto type = cast<RankedTensorType>(leaf.value.getType());
  if (type.getRank() != static_cast<int64_t>(frameShape.size()))
    return false;
  for (auto [i, d] : llvm::enumerate(leaf.map))
    if (d != static_cast<int64_t>(i) && !(d == -1 && frameShape[i] == 1))
      return false;
  return true;
}

/// `m` without the factor `f` (and the exponent it had).
static Monomial without(const Monomial &m, const Factor &f) {
  Monomial r = m;
  llvm::erase_if(r.factors, [&](const auto &g) {
    return compareFactors(*g.first, f) == 0;
  });
  return r;
}

static Poly polyOf(const Monomial &m) {
  Poly p;
  p.terms.push_back(m);
  return add(p, Poly());
}

static std::optional<Standardization>
matchStandardization(const Poly &y, ArrayRef<int64_t> frameShape) {
  // Candidate rsqrt factors: anything raised to -1/2.
  SmallVector<FactorPtr> rstdFactors;
  for (const Monomial &m : y.terms)
    for (const auto &factor : m.factors)
      if (factor.second == -0.5 &&
          llvm::none_of(rstdFactors, [&](const FactorPtr &g) {
            return compareFactors(*g, *factor.first) == 0;
          }))
        rstdFactors.push_back(factor.first);

  for (const FactorPtr &rf : rstdFactors) {
    // The factor is k · (σ² + ε) for some k > 0 (pow takes the first
    // coefficient of a sum out): σ² and ε follow from the expected σ².
    Poly base = rf->kind == Factor::Kind::Base ? rf->args[0] : Poly::factor(rf);
    double c0 = base.constantTerm();
    Poly var = base.withoutConstant();
    if (c0 < 0 || var.isZero())
      continue;
    auto epsilonFor = [&](const Poly &expectedVar) -> std::optional<double> {
      if (expectedVar.terms.size() != var.terms.size())
        return std::nullopt;
      double k = expectedVar.terms.front().coef / var.terms.front().coef;
      if (!(k > 0) || !equal(scale(var, k), expectedVar))
        return std::nullopt;
      return c0 * k;
    };
    Poly p, rest;
    for (const Monomial &m : y.terms) {
      bool has = llvm::any_of(m.factors, [&](const auto &g) {
        return g.second == -0.5 && compareFactors(*g.first, *rf) == 0;
      });
      if (has)
        p = add(p, polyOf(without(m, *rf)));
      else
        rest = add(rest, polyOf(m));
    }
    std::optional<Leaf> beta;
    if (!rest.isZero() && !(beta = asLeaf(rest)))
      continue;
    Poly betaPoly = beta ? beta->poly() : Poly();

    // Every masks summed over in the variance.
    SmallVector<uint64_t> masks;
    walkFactors(var, [&](const Factor &f) {
      if (f.kind == Factor::Kind::Sum && !llvm::is_contained(masks, f.mask))
        masks.push_back(f.mask);
    });

    for (const Monomial &m : p.terms) {
      for (const auto &[f, e] : m.factors) {
        if (e != 1.0 || f->kind != Factor::Kind::Leaf ||
            !isa<RankedTensorType>(f->value.getType()))
          continue;
        Leaf x{f->value, f->map};
        if (!isIdentity(x, frameShape))
          continue;
        // The cofactor of x is γ (or nothing) times the constant the rstd
        // factor was scaled by: the comparison below checks that constant.
        Monomial cof = without(m, *f);
        Poly scaledGamma = polyOf(cof);
        cof.coef = 1.0;
        std::optional<Leaf> gamma;
        if (!cof.factors.empty() && !(gamma = asLeaf(cof)))
          continue;
        Poly g = gamma ? gamma->poly() : Poly::constant(1.0);
        Poly xp = x.poly();

        for (uint64_t mask : masks) {
          // The element count: a constant, or with dynamic dims the product
          // of their sizes (x's, through ops that make them equal) and of
          // the static ones; `count` is what sum() takes (0: unknown).
          double count = 1;
          Poly countPoly = Poly::constant(1.0);
          for (unsigned d = 0; d < frameShape.size(); ++d)
            if (mask & (uint64_t(1) << d)) {
              if (ShapedType::isDynamic(frameShape[d])) {
                countPoly = mul(countPoly, size(x.value, d));
                count = 0;
              } else {
                countPoly = scale(countPoly, frameShape[d]);
                count *= static_cast<double>(frameShape[d]);
              }
            }
          Poly invCount = pow(countPoly, -1.0);
          Poly mu = mul(sum(xp, mask, count), invCount);
          Poly centred = sub(xp, mu);
          Poly meanSquare = mul(sum(mul(xp, xp), mask, count), invCount);
          for (bool onePass : {false, true}) {
            Poly varExpected =
                onePass
                    ? sub(meanSquare, mul(mu, mu))
                    : mul(sum(mul(centred, centred), mask, count), invCount);
            std::optional<double> eps = epsilonFor(varExpected);
            if (!eps)
              continue;
            Poly rstd = pow(add(varExpected, Poly::constant(*eps)), -0.5);
            Poly expected = add(mul(mul(g, centred), rstd), betaPoly);
            if (!equal(expected, y))
              continue;
            Standardization s;
            s.kind = Standardization::Kind::Moments;
            s.x = x;
            s.mask = mask;
            s.eps = *eps;
            s.onePass = onePass;
            s.gamma = gamma;
            s.beta = beta;
            s.meanPoly = mu;
            s.varPoly = varExpected;
            s.rstdPoly = rstd;
            return s;
          }
          std::optional<double> eps = epsilonFor(meanSquare);
          if (!beta && eps) {
            Poly rstd = pow(add(meanSquare, Poly::constant(*eps)), -0.5);
            if (equal(mul(mul(g, xp), rstd), y)) {
              Standardization s;
              s.kind = Standardization::Kind::Rms;
              s.x = x;
              s.mask = mask;
              s.eps = *eps;
              s.gamma = gamma;
              s.rstdPoly = rstd;
              return s;
            }
          }
        }

        // Stored statistics: the variance and the mean are tensors.
        if (var.terms.size() != 1 || !(var.terms.front().coef > 0))
          continue;
        double eps = c0 / var.terms.front().coef;
        std::optional<Leaf> varLeaf =
            asLeaf(scale(var, 1.0 / var.terms.front().coef));
        if (!varLeaf)
          continue;
        Poly minusGMean = sub(p, mul(scaledGamma, xp));
        if (minusGMean.terms.size() != 1)
          continue;
        for (const auto &[mf, me] : minusGMean.terms.front().factors) {
          if (me != 1.0 || mf->kind != Factor::Kind::Leaf ||
              !isa<RankedTensorType>(mf->value.getType()))
            continue;
          Leaf mean{mf->value, mf->map};
          Poly rstd = pow(add(varLeaf->poly(), Poly::constant(eps)), -0.5);
          Poly expected =
              add(mul(mul(g, sub(xp, mean.poly())), rstd), betaPoly);
          if (!equal(expected, y))
            continue;
          Standardization s;
          s.kind = Standardization::Kind::Stored;
          s.x = x;
          s.eps = eps;
          s.gamma = gamma;
          s.beta = beta;
          s.mean = mean;
          s.var = varLeaf;
          return s;
        }
      }
    }
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Planning the raise
//===----------------------------------------------------------------------===//

enum class NormKind {
  LayerNorm,
  RmsNorm,
  BatchNorm,
  BatchNormTrain,
  InstanceNorm,
  GroupNorm
};

/// StatUse::result of 1/√(batch_var + ε), which batch_norm_train does not
/// return but PyTorch's native_batch_norm does: computed from batch_var.
constexpr unsigned kInvStdFromVar = 100;

/// A statistic of the raised op that replaces a value of the decomposition.
struct StatUse {
  Value value;
  /// The result of the norm op (1: mean / batch_mean / inv_rms, 2: ...).
  unsigned result;
};

/// Everything needed to build the norm op.
struct Plan {
  NormKind kind;
  Value x;
  /// axis (layer/rms), feature_axis (batch norms) or num_groups.
  int64_t axis = 0;
  double eps = 0;
  bool onePass = false;
  std::optional<Leaf> gamma, beta, mean, var;
  /// The frame (of x, or of the grouped tensor for group_norm) and the
  /// frame dims the parameters and the statistics range over.
  SmallVector<int64_t> frameShape, paramDims, paramFrameShape, statDims;
  SmallVector<StatUse> stats;
};

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
      cast<RankedTensorType>(plan.x.getType()).getElementType());
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

/// The set bits of `mask`.
static SmallVector<int64_t> maskDims(uint64_t mask, int64_t rank) {
  SmallVector<int64_t> dims;
  for (int64_t d = 0; d < rank; ++d)
    if (mask & (uint64_t(1) << d))
      dims.push_back(d);
  return dims;
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

/// The inputs of the sum reductions among `ops` that no reduction among
/// `ops` computes (transitively): the candidates for the normalized tensor.
static llvm::DenseSet<Value>
getReductionFreeSumInputs(const llvm::SetVector<Operation *> &ops) {
  auto isReduction = [](Operation *op) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    return linalgOp && linalgOp.getNumReductionLoops() != 0;
  };
  auto dependsOnReduction = [&](Value start) {
    SmallVector<Value> worklist{start};
    llvm::DenseSet<Operation *> seen;
    while (!worklist.empty()) {
      Operation *def = worklist.pop_back_val().getDefiningOp();
      if (!def || !ops.contains(def) || !seen.insert(def).second)
        continue;
      if (isReduction(def))
        return true;
      llvm::append_range(worklist, def->getOperands());
    }
    return false;
  };
  llvm::DenseSet<Value> inputs;
  for (Operation *op : ops)
    if (isReduction(op))
      for (OpOperand *input : cast<linalg::LinalgOp>(op).getDpsInputOperands())
        if (!dependsOnReduction(input->get()))
          inputs.insert(input->get());
  return inputs;
}

static FailureOr<Plan> planRaise(Operation *rootOp, std::string &why) {
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
  SmallVector<int64_t> identity = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  Tracer tracer(frameShape);
  Poly y = tracer.tensor(root, identity);
  Type elementType = rootType.getElementType();
  std::optional<Standardization> s = matchStandardization(y, frameShape);
  if (!s) {
    // The normalized tensor may itself be computed elementwise (the residual
    // add of a post-LN block): read the reduction-free inputs of the sums as
    // leaves and match again.
    Tracer retry(frameShape);
    retry.leaves = getReductionFreeSumInputs(tracer.ops);
    if (!retry.leaves.empty()) {
      Poly retried = retry.tensor(root, identity);
      if (std::optional<Standardization> matched =
              matchStandardization(retried, frameShape)) {
        tracer = std::move(retry);
        y = std::move(retried);
        s = std::move(matched);
      }
    }
  }

  Plan plan;
  plan.frameShape = frameShape;
  llvm::SetVector<Operation *> inside = tracer.ops;
  if (s) {
    if (s->x.value.getType() != rootType) {
      why = "the normalized tensor and the result differ in type";
      return failure();
    }
    plan.x = s->x.value;
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

//===----------------------------------------------------------------------===//
// Building the norm op
//===----------------------------------------------------------------------===//

/// Groups the dims of `shape` around its non-unit dims: the reassociation
/// that collapses it to those dims alone.
static SmallVector<ReassociationIndices>
groupAroundNonUnit(ArrayRef<int64_t> shape) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
    pending.push_back(d);
    if (shape[d] != 1) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!pending.empty() && !groups.empty())
    groups.back().append(pending.begin(), pending.end());
  return groups;
}

/// `src` reshaped to `dstType` by dropping and adding unit dims.
static FailureOr<Value> reshapeUnitDims(OpBuilder &b, Location loc, Value src,
                                        RankedTensorType dstType) {
  auto srcType = cast<RankedTensorType>(src.getType());
  if (srcType == dstType)
    return src;
  if (srcType.getElementType() != dstType.getElementType())
    return failure();
  SmallVector<int64_t> srcCore, dstCore;
  for (int64_t s : srcType.getShape())
    if (s != 1)
      srcCore.push_back(s);
  for (int64_t s : dstType.getShape())
    if (s != 1)
      dstCore.push_back(s);
  if (srcCore != dstCore || llvm::any_of(srcCore, ShapedType::isDynamic))
    return failure();
  auto coreType = RankedTensorType::get(srcCore, srcType.getElementType());
  Value v = src;
  if (srcType.getRank() != coreType.getRank())
    v = tensor::CollapseShapeOp::create(b, loc, coreType, v,
                                        groupAroundNonUnit(srcType.getShape()));
  if (coreType.getRank() != dstType.getRank())
    v = tensor::ExpandShapeOp::create(b, loc, dstType, v,
                                      groupAroundNonUnit(dstType.getShape()));
  return v;
}

/// The parameter `leaf` as the op wants it: a tensor of the sizes of the
/// frame dims `dims`; a splat of `fill` when absent (required operands).
static FailureOr<Value>
materializeParam(OpBuilder &b, Location loc, const std::optional<Leaf> &leaf,
                 ArrayRef<int64_t> dims, ArrayRef<int64_t> frameShape,
                 Type elementType, std::optional<double> fill) {
  SmallVector<int64_t> shape;
  for (int64_t d : dims)
    shape.push_back(frameShape[d]);
  auto type = RankedTensorType::get(shape, elementType);
  if (!leaf) {
    if (!fill)
      return Value();
    if (!type.hasStaticShape())
      return failure();
    auto attr = DenseElementsAttr::get(
        type, FloatAttr::get(elementType, *fill).getValue());
    return Value(arith::ConstantOp::create(b, loc, attr));
  }
  return reshapeUnitDims(b, loc, leaf->value, type);
}

/// 1/√(var + ε), elementwise.
static Value invStdFromVar(OpBuilder &b, Location loc, Value var, double eps) {
  auto type = cast<RankedTensorType>(var.getType());
  Value init = tensor::EmptyOp::create(b, loc, type, ValueRange());
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, type, var, init, ArrayRef<AffineMap>{id, id}, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value e = arith::ConstantOp::create(
            nb, nloc, FloatAttr::get(type.getElementType(), eps));
        Value sum = arith::AddFOp::create(nb, nloc, args[0], e);
        Value r = math::RsqrtOp::create(nb, nloc, sum);
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

struct RaiseLinalgNorm : public RewritePattern {
  RaiseLinalgNorm(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<linalg::LinalgOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
            op))
      return failure();
    std::string why;
    FailureOr<Plan> plan = planRaise(op, why);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, why);

    // A normalization followed by its γ, β or cast is raised from the last
    // of them.
    Operation *current = op;
    for (int depth = 0; depth < 4; ++depth) {
      Value result = current->getResult(0);
      if (!result.hasOneUse())
        break;
      Operation *user = *result.getUsers().begin();
      if (user->getNumResults() != 1 ||
          !isa<linalg::LinalgOp, tensor::ExpandShapeOp,
               tensor::CollapseShapeOp>(user))
        break;
      std::string ignored;
      if (succeeded(planRaise(user, ignored)))
        return rewriter.notifyMatchFailure(
            op, "a later op completes the normalization");
      current = user;
    }
    return raise(op, *plan, rewriter);
  }

  LogicalResult raise(Operation *root, const Plan &plan,
                      PatternRewriter &rewriter) const {
    Location loc = root->getLoc();
    Value x = plan.x;
    auto xType = cast<RankedTensorType>(x.getType());
    Type elementType = xType.getElementType();

    // Everything the op reads is defined before the first use of anything
    // it replaces: put it right after the last of its operands.
    Block *block = root->getBlock();
    SmallVector<Value> operands = {x};
    for (const std::optional<Leaf> &leaf :
         {plan.gamma, plan.beta, plan.mean, plan.var})
      if (leaf)
        operands.push_back(leaf->value);
    Operation *after = nullptr;
    for (Value v : operands) {
      Operation *def = v.getDefiningOp();
      if (!def)
        continue;
      Operation *inBlock = block->findAncestorOpInBlock(*def);
      if (!inBlock)
        continue;
      if (!after || after->isBeforeInBlock(inBlock))
        after = inBlock;
    }
    SmallVector<Value> replaced = {root->getResult(0)};
    for (const StatUse &use : plan.stats)
      replaced.push_back(use.value);
    for (Value v : replaced)
      for (Operation *user : v.getUsers()) {
        Operation *inBlock = block->findAncestorOpInBlock(*user);
        if (!inBlock || (after && !after->isBeforeInBlock(inBlock)))
          return rewriter.notifyMatchFailure(
              root, "a replaced value is used before the norm op's operands "
                    "are defined");
      }
    OpBuilder::InsertionGuard guard(rewriter);
    if (after)
      rewriter.setInsertionPointAfter(after);
    else
      rewriter.setInsertionPointToStart(block);

    // scale and bias are optional for the row norms only.
    bool required =
        plan.kind != NormKind::LayerNorm && plan.kind != NormKind::RmsNorm;
    FailureOr<Value> scale = materializeParam(
        rewriter, loc, plan.gamma, plan.paramDims, plan.paramFrameShape,
        elementType, required ? std::optional<double>(1.0) : std::nullopt);
    FailureOr<Value> bias = materializeParam(
        rewriter, loc, plan.beta, plan.paramDims, plan.paramFrameShape,
        elementType, required ? std::optional<double>(0.0) : std::nullopt);
    if (failed(scale) || failed(bias))
      return rewriter.notifyMatchFailure(root, "cannot shape the parameters");

    bool withStats = !plan.stats.empty();
    // The last dim alone is the row norms' default axis, -1.
    int64_t rowAxis = plan.axis == xType.getRank() - 1 ? -1 : plan.axis;
    Operation *normOp = nullptr;
    float eps = static_cast<float>(plan.eps);
    switch (plan.kind) {
    case NormKind::LayerNorm:
      normOp = LayerNormOp::create(rewriter, loc, x, *scale, *bias, rowAxis,
                                   eps, withStats);
      break;
    case NormKind::RmsNorm:
      normOp =
          RMSNormOp::create(rewriter, loc, x, *scale, rowAxis, eps, withStats);
      break;
    case NormKind::BatchNorm: {
      FailureOr<Value> mean =
          materializeParam(rewriter, loc, plan.mean, plan.paramDims,
                           plan.paramFrameShape, elementType, std::nullopt);
      FailureOr<Value> var =
          materializeParam(rewriter, loc, plan.var, plan.paramDims,
                           plan.paramFrameShape, elementType, std::nullopt);
      if (failed(mean) || failed(var))
        return rewriter.notifyMatchFailure(root, "cannot shape the statistics");
      normOp = BatchNormOp::create(rewriter, loc, x, *scale, *bias, *mean, *var,
                                   rewriter.getF32FloatAttr(eps),
                                   rewriter.getI64IntegerAttr(plan.axis),
                                   TypeAttr());
      break;
    }
    case NormKind::BatchNormTrain:
      normOp =
          BatchNormTrainOp::create(rewriter, loc, x, *scale, *bias, Value(),
                                   Value(), eps, 0.9f, plan.axis, false);
      break;
    case NormKind::InstanceNorm:
      normOp =
          InstanceNormOp::create(rewriter, loc, x, *scale, *bias,
                                 rewriter.getF32FloatAttr(eps), TypeAttr());
      break;
    case NormKind::GroupNorm:
      normOp = GroupNormOp::create(rewriter, loc, x, *scale, *bias, plan.axis,
                                   eps, withStats);
      break;
    }
    if (elementType.isF64())
      normOp->setAttr("epsilon", rewriter.getF64FloatAttr(plan.eps));

    // The statistics the decomposition also returned (collectStats checked
    // that they differ from the op's results in unit dims only).
    SmallVector<Value> statValues;
    for (const StatUse &use : plan.stats) {
      Value result =
          use.result == kInvStdFromVar
              ? invStdFromVar(rewriter, loc, normOp->getResult(2), plan.eps)
              : normOp->getResult(use.result);
      FailureOr<Value> stat = reshapeUnitDims(
          rewriter, loc, result, cast<RankedTensorType>(use.value.getType()));
      if (failed(stat))
        return failure();
      statValues.push_back(*stat);
    }
    for (auto [use, stat] : llvm::zip_equal(plan.stats, statValues))
      rewriter.replaceAllUsesWith(use.value, stat);
    if (plan.onePass)
      root->emitRemark()
          << "raised a one-pass variance E[x^2] - E[x]^2 to '"
          << normOp->getName()
          << "', which computes the variance about the mean (more accurate)";
    rewriter.replaceOp(root, normOp->getResult(0));
    return success();
  }
};

} // namespace

void mlir::norm::populateRaiseLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseLinalgNorm>(patterns.getContext());
}
