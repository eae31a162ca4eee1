//===- RaiseMatch.cpp - Standardizations in polynomials -------*- C++ -*-===//
//
// The matcher of RaiseUtils.h: finds γ · (x − μ) · (σ² + ε)^-½ + β (two-pass
// or one-pass variance), γ · x · (E[x²] + ε)^-½ and the stored-statistics
// form in a polynomial, whichever dialect it was traced from.
//
//===----------------------------------------------------------------------===//

#include "RaiseUtils.h"

using namespace mlir;
using namespace mlir::norm::raise;

/// `m` is 1 · leaf.
std::optional<Leaf> mlir::norm::raise::asLeaf(const Monomial &m) {
  if (!nearlyEqual(m.coef, 1.0) || m.factors.size() != 1 ||
      m.factors.front().second != 1.0)
    return std::nullopt;
  const Factor &f = *m.factors.front().first;
  if (f.kind != Factor::Kind::Leaf || !isa<RankedTensorType>(f.value.getType()))
    return std::nullopt;
  return Leaf{f.value, f.map};
}

std::optional<Leaf> mlir::norm::raise::asLeaf(const Poly &p) {
  if (p.terms.size() != 1)
    return std::nullopt;
  return asLeaf(p.terms.front());
}

/// The frame dims `map` reads, in order.
SmallVector<int64_t> mlir::norm::raise::readDims(ArrayRef<int64_t> map) {
  SmallVector<int64_t> dims;
  for (int64_t d : map)
    if (d >= 0)
      dims.push_back(d);
  return dims;
}

/// `leaf` is the frame itself: a tensor of the frame's rank read in place.
bool mlir::norm::raise::isIdentity(const Leaf &leaf,
                                   ArrayRef<int64_t> frameShape) {
  auto type = cast<RankedTensorType>(leaf.value.getType());
  if (type.getRank() != static_cast<int64_t>(frameShape.size()))
    return false;
  for (auto [i, d] : llvm::enumerate(leaf.map))
    if (d != static_cast<int64_t>(i) && !(d == -1 && frameShape[i] == 1))
      return false;
  return true;
}

/// `m` without the factor `f` (and the exponent it had).
Monomial mlir::norm::raise::without(const Monomial &m, const Factor &f) {
  Monomial r = m;
  llvm::erase_if(r.factors, [&](const auto &g) {
    return compareFactors(*g.first, f) == 0;
  });
  return r;
}

Poly mlir::norm::raise::polyOf(const Monomial &m) {
  Poly p;
  p.terms.push_back(m);
  return add(p, Poly());
}

/// The set bits of `mask`.
SmallVector<int64_t> mlir::norm::raise::maskDims(uint64_t mask, int64_t rank) {
  SmallVector<int64_t> dims;
  for (int64_t d = 0; d < rank; ++d)
    if (mask & (uint64_t(1) << d))
      dims.push_back(d);
  return dims;
}

/// 1/√(var + ε).
static Poly invStdOf(const Poly &var, double eps) {
  return pow(add(var, Poly::constant(eps)), -0.5);
}

/// γ · normalized + β.
static Poly affine(const Poly &gamma, const Poly &normalized,
                   const Poly &beta) {
  return add(mul(gamma, normalized), beta);
}

/// The leaves whose sum is the normalized value when a front end's fusion
/// computed x + r (+ bias) inline: in `p`, the cofactor of the rsqrt factor,
/// every term that is the term `m` of `x` with x replaced by another leaf
/// (γ and the constant the same), `x` among them. They are the frame's
/// type or read through a projection of it (a bias broadcast over rows).
static SmallVector<Leaf> addendsOf(const Poly &p, const Monomial &m,
                                   const Leaf &x,
                                   const std::optional<Leaf> &gamma) {
  Type elementType =
      cast<RankedTensorType>(x.value.getType()).getElementType();
  std::optional<Factor> gammaFactor;
  if (gamma)
    gammaFactor = *gamma->poly().terms.front().factors.front().first;
  SmallVector<Leaf> terms;
  for (const Monomial &t : p.terms) {
    if (!nearlyEqual(t.coef, m.coef))
      continue;
    Monomial u = t;
    if (gammaFactor) {
      if (!llvm::any_of(u.factors, [&](const auto &g) {
            return g.second == 1.0 &&
                   compareFactors(*g.first, *gammaFactor) == 0;
          }))
        continue;
      u = without(u, *gammaFactor);
    }
    u.coef = 1.0;
    std::optional<Leaf> leaf = asLeaf(u);
    if (!leaf || cast<RankedTensorType>(leaf->value.getType())
                         .getElementType() != elementType)
      continue;
    terms.push_back(*leaf);
  }
  if (!llvm::any_of(terms, [&](const Leaf &t) {
        return t.value == x.value && t.map == x.map;
      }))
    return {};
  return terms;
}

std::optional<Standardization>
mlir::norm::raise::matchStandardization(const Poly &y,
                                        ArrayRef<int64_t> frameShape,
                                        bool sumOfLeaves) {
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
        // x is the leaf itself or, where elementwise fusion has computed
        // the residual add x + r inline in every generic of the
        // normalization, the sum of the leaves that p holds with the same
        // cofactor as x (the comparison checks that sum).
        SmallVector<std::pair<Poly, SmallVector<Leaf>>, 2> inputs;
        inputs.push_back({x.poly(), {}});
        if (sumOfLeaves) {
          SmallVector<Leaf> terms = addendsOf(p, m, x, gamma);
          if (terms.size() >= 2) {
            Poly sumPoly;
            for (const Leaf &t : terms)
              sumPoly = add(sumPoly, t.poly());
            inputs.push_back({sumPoly, terms});
          }
        }
        for (const auto &input : inputs) {
          const Poly &xp = input.first;
          auto found = [&](Standardization::Kind kind, double eps,
                           std::optional<Leaf> gammaLeaf,
                           std::optional<Leaf> betaLeaf) {
            Standardization s;
            s.kind = kind;
            s.x = x;
            s.eps = eps;
            s.gamma = std::move(gammaLeaf);
            s.beta = std::move(betaLeaf);
            s.xTerms = input.second;
            return s;
          };

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
              Poly rstd = invStdOf(varExpected, *eps);
              if (!equal(affine(g, mul(centred, rstd), betaPoly), y))
                continue;
              Standardization s =
                  found(Standardization::Kind::Moments, *eps, gamma, beta);
              s.mask = mask;
              s.onePass = onePass;
              s.meanPoly = mu;
              s.varPoly = varExpected;
              s.rstdPoly = rstd;
              return s;
            }
            std::optional<double> eps = epsilonFor(meanSquare);
            if (!beta && eps) {
              Poly rstd = invStdOf(meanSquare, *eps);
              if (equal(affine(g, mul(xp, rstd), Poly()), y)) {
                Standardization s =
                    found(Standardization::Kind::Rms, *eps, gamma, std::nullopt);
                s.mask = mask;
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
            Poly rstd = invStdOf(varLeaf->poly(), eps);
            if (!equal(affine(g, mul(sub(xp, mean.poly()), rstd), betaPoly), y))
              continue;
            Standardization s =
                found(Standardization::Kind::Stored, eps, gamma, beta);
            s.mean = mean;
            s.var = varLeaf;
            return s;
          }
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<Standardization>
mlir::norm::raise::traceStandardization(Value root, Tracer &tracer, Poly &y,
                                        bool sumOfLeaves) {
  ArrayRef<int64_t> frameShape = tracer.getFrameShape();
  SmallVector<int64_t> identity =
      llvm::to_vector(llvm::seq<int64_t>(0, frameShape.size()));
  y = tracer.tensor(root, identity);
  if (std::optional<Standardization> s = matchStandardization(y, frameShape))
    return s;
  Tracer retry(frameShape);
  retry.leaves = reductionFreeSumInputs(tracer.ops);
  std::optional<Poly> retried;
  if (!retry.leaves.empty()) {
    retried = retry.tensor(root, identity);
    if (std::optional<Standardization> s =
            matchStandardization(*retried, frameShape)) {
      tracer = std::move(retry);
      y = std::move(*retried);
      return s;
    }
  }
  if (!sumOfLeaves)
    return std::nullopt;
  // The residual add fused into every op: x + r read inline. The inputs of
  // the sums as leaves first (x and r computed by ops of their own), then
  // as traced.
  if (retried) {
    if (std::optional<Standardization> s =
            matchStandardization(*retried, frameShape, true)) {
      tracer = std::move(retry);
      y = std::move(*retried);
      return s;
    }
  }
  return matchStandardization(y, frameShape, true);
}
