//===- RaisePoly.cpp - Canonical polynomials for norm-raise --*- C++ -*-===//
//
// See RaisePoly.h.
//
//===----------------------------------------------------------------------===//

#include "RaisePoly.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::norm::raise;

/// Products with more terms than this are kept opaque: a normalization
/// never needs more, and it bounds the work on unrelated code.
static constexpr size_t kMaxTerms = 64;

bool mlir::norm::raise::nearlyEqual(double a, double b) {
  if (a == b)
    return true;
  double magnitude = std::max(std::fabs(a), std::fabs(b));
  return std::fabs(a - b) <= 1e-5 * magnitude;
}

static int compareDoubles(double a, double b) {
  if (nearlyEqual(a, b))
    return 0;
  return a < b ? -1 : 1;
}

static int compareFactorLists(const Monomial &a, const Monomial &b) {
  if (a.factors.size() != b.factors.size())
    return a.factors.size() < b.factors.size() ? -1 : 1;
  for (auto [fa, fb] : llvm::zip_equal(a.factors, b.factors)) {
    if (int c = compareFactors(*fa.first, *fb.first))
      return c;
    if (int c = compareDoubles(fa.second, fb.second))
      return c;
  }
  return 0;
}

int mlir::norm::raise::comparePolys(const Poly &a, const Poly &b) {
  if (a.terms.size() != b.terms.size())
    return a.terms.size() < b.terms.size() ? -1 : 1;
  for (auto [ta, tb] : llvm::zip_equal(a.terms, b.terms)) {
    if (int c = compareFactorLists(ta, tb))
      return c;
    if (int c = compareDoubles(ta.coef, tb.coef))
      return c;
  }
  return 0;
}

int mlir::norm::raise::compareFactors(const Factor &a, const Factor &b) {
  if (&a == &b)
    return 0;
  if (a.kind != b.kind)
    return a.kind < b.kind ? -1 : 1;
  switch (a.kind) {
  case Factor::Kind::Leaf:
  case Factor::Kind::Size: {
    const void *pa = a.value.getAsOpaquePointer();
    const void *pb = b.value.getAsOpaquePointer();
    if (pa != pb)
      return std::less<const void *>()(pa, pb) ? -1 : 1;
    if (a.map != b.map)
      return a.map < b.map ? -1 : 1;
    return 0;
  }
  case Factor::Kind::Sum:
    if (a.mask != b.mask)
      return a.mask < b.mask ? -1 : 1;
    return comparePolys(a.args[0], b.args[0]);
  case Factor::Kind::Base:
    return comparePolys(a.args[0], b.args[0]);
  case Factor::Kind::Opaque:
    if (int c = a.name.compare(b.name))
      return c < 0 ? -1 : 1;
    if (a.args.size() != b.args.size())
      return a.args.size() < b.args.size() ? -1 : 1;
    for (auto [pa, pb] : llvm::zip_equal(a.args, b.args))
      if (int c = comparePolys(pa, pb))
        return c;
    return 0;
  }
  return 0;
}

//===----------------------------------------------------------------------===//
// Construction
//===----------------------------------------------------------------------===//

Poly Poly::constant(double c) {
  Poly p;
  if (c != 0.0)
    p.terms.push_back(Monomial{c, {}});
  return p;
}

Poly Poly::factor(FactorPtr f, double exponent) {
  Poly p;
  Monomial m;
  m.factors.push_back({std::move(f), exponent});
  p.terms.push_back(std::move(m));
  return p;
}

Poly Poly::leaf(Value value, ArrayRef<int64_t> map) {
  auto f = std::make_shared<Factor>();
  f->kind = Factor::Kind::Leaf;
  f->value = value;
  f->map.assign(map.begin(), map.end());
  return factor(std::move(f));
}

double Poly::constantTerm() const {
  for (const Monomial &m : terms)
    if (m.factors.empty())
      return m.coef;
  return 0.0;
}

Poly Poly::withoutConstant() const {
  Poly p;
  for (const Monomial &m : terms)
    if (!m.factors.empty())
      p.terms.push_back(m);
  return p;
}

/// Sorts and merges the terms of `p` (coefficients of equal factor lists
/// add up, zero terms go).
static Poly normalize(SmallVector<Monomial, 2> terms) {
  llvm::sort(terms, [](const Monomial &a, const Monomial &b) {
    return compareFactorLists(a, b) < 0;
  });
  Poly p;
  for (Monomial &m : terms) {
    if (!p.terms.empty() && compareFactorLists(p.terms.back(), m) == 0) {
      p.terms.back().coef += m.coef;
      continue;
    }
    p.terms.push_back(std::move(m));
  }
  llvm::erase_if(p.terms, [](const Monomial &m) {
    return m.coef == 0.0 || std::fabs(m.coef) < 1e-300;
  });
  return p;
}

Poly mlir::norm::raise::add(const Poly &a, const Poly &b) {
  SmallVector<Monomial, 2> terms(a.terms);
  terms.append(b.terms.begin(), b.terms.end());
  return normalize(std::move(terms));
}

Poly mlir::norm::raise::scale(const Poly &a, double c) {
  SmallVector<Monomial, 2> terms(a.terms);
  for (Monomial &m : terms)
    m.coef *= c;
  return normalize(std::move(terms));
}

Poly mlir::norm::raise::sub(const Poly &a, const Poly &b) {
  return add(a, scale(b, -1.0));
}

/// The product of two monomials: equal factors add their exponents.
static Monomial mulMonomials(const Monomial &a, const Monomial &b) {
  Monomial m;
  m.coef = a.coef * b.coef;
  m.factors = a.factors;
  for (const auto &factor : b.factors) {
    auto *it = llvm::find_if(m.factors, [&](const auto &g) {
      return compareFactors(*g.first, *factor.first) == 0;
    });
    if (it != m.factors.end())
      it->second += factor.second;
    else
      m.factors.push_back(factor);
  }
  llvm::erase_if(m.factors, [](const auto &g) { return g.second == 0.0; });
  llvm::sort(m.factors, [](const auto &x, const auto &y) {
    return compareFactors(*x.first, *y.first) < 0;
  });
  return m;
}

Poly mlir::norm::raise::opaque(StringRef name, ArrayRef<Poly> args) {
  auto f = std::make_shared<Factor>();
  f->kind = Factor::Kind::Opaque;
  f->name = name.str();
  f->args.assign(args.begin(), args.end());
  return Poly::factor(std::move(f));
}

Poly mlir::norm::raise::mul(const Poly &a, const Poly &b) {
  if (a.terms.size() * b.terms.size() > kMaxTerms)
    return opaque("mul", {a, b});
  SmallVector<Monomial, 2> terms;
  for (const Monomial &ma : a.terms)
    for (const Monomial &mb : b.terms)
      terms.push_back(mulMonomials(ma, mb));
  return normalize(std::move(terms));
}

static bool isInteger(double e) { return std::floor(e) == e; }

Poly mlir::norm::raise::pow(const Poly &a, double e) {
  if (e == 1.0)
    return a;
  if (e == 0.0)
    return Poly::constant(1.0);
  if (a.isZero())
    return e > 0 ? Poly() : opaque("pow", {a, Poly::constant(e)});
  if (a.terms.size() == 1) {
    const Monomial &m = a.terms.front();
    // (F^2k)^e with a fractional e is |F|^(2ke), not F^(2ke): keep it whole.
    bool exact = isInteger(e) ||
                 (m.coef > 0 && llvm::none_of(m.factors, [](const auto &f) {
                    return isInteger(f.second) &&
                           static_cast<int64_t>(f.second) % 2 == 0;
                  }));
    if (exact) {
      Monomial r;
      r.coef = std::pow(m.coef, e);
      for (const auto &[f, fe] : m.factors)
        r.factors.push_back({f, fe * e});
      return normalize({r});
    }
  }
  if (isInteger(e) && e > 0 && e <= 4) {
    Poly r = a;
    for (int i = 1; i < static_cast<int>(e); ++i)
      r = mul(r, a);
    return r;
  }
  // A power of a sum: take the first coefficient out when it is positive.
  double c = a.terms.front().coef;
  Poly base = a;
  double outside = 1.0;
  if (c > 0 && a.terms.size() > 1) {
    base = scale(a, 1.0 / c);
    outside = std::pow(c, e);
  }
  auto f = std::make_shared<Factor>();
  f->kind = Factor::Kind::Base;
  f->args.push_back(std::move(base));
  return scale(Poly::factor(std::move(f), e), outside);
}

Poly mlir::norm::raise::sum(const Poly &a, uint64_t mask, double count) {
  if (a.isZero())
    return Poly();
  if (a.terms.size() == 1) {
    const Monomial &m = a.terms.front();
    if (m.factors.empty()) {
      if (count > 0)
        return Poly::constant(m.coef * count);
      return opaque("sum", {a});
    }
    // Σ_A Σ_B a = Σ_{A ∪ B} a: one sum over several dims, however many
    // reductions (one per dim in TOSA) compute it.
    if (m.factors.size() == 1 && m.factors.front().second == 1.0 &&
        m.factors.front().first->kind == Factor::Kind::Sum &&
        !(m.factors.front().first->mask & mask)) {
      const Factor &inner = *m.factors.front().first;
      auto f = std::make_shared<Factor>(inner);
      f->mask = inner.mask | mask;
      return scale(Poly::factor(std::move(f)), m.coef);
    }
    Monomial unit = m;
    unit.coef = 1.0;
    auto f = std::make_shared<Factor>();
    f->kind = Factor::Kind::Sum;
    f->mask = mask;
    f->args.push_back(normalize({unit}));
    return scale(Poly::factor(std::move(f)), m.coef);
  }
  auto f = std::make_shared<Factor>();
  f->kind = Factor::Kind::Sum;
  f->mask = mask;
  f->args.push_back(a);
  return Poly::factor(std::move(f));
}

Poly mlir::norm::raise::size(Value tensor, int64_t dim) {
  auto [source, sourceDim] = sizeSource(tensor, dim);
  auto f = std::make_shared<Factor>();
  f->kind = Factor::Kind::Size;
  f->value = source;
  f->map.push_back(sourceDim);
  return Poly::factor(std::move(f));
}

std::pair<Value, int64_t> mlir::norm::raise::sizeSource(Value tensor,
                                                        int64_t dim) {
  for (int steps = 0; steps < 64; ++steps) {
    Operation *def = tensor.getDefiningOp();
    if (auto cast = dyn_cast_or_null<tensor::CastOp>(def)) {
      tensor = cast.getSource();
      continue;
    }
    if (auto empty = dyn_cast_or_null<tensor::EmptyOp>(def)) {
      if (!empty.getType().isDynamicDim(dim))
        break;
      auto dimOp = empty.getDynamicSize(dim).getDefiningOp<tensor::DimOp>();
      std::optional<int64_t> index =
          dimOp ? dimOp.getConstantIndex() : std::nullopt;
      if (!index)
        break;
      tensor = dimOp.getSource();
      dim = *index;
      continue;
    }
    auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(def);
    if (!linalgOp || !linalgOp.hasPureTensorSemantics())
      break;
    // The loop the result's dim is indexed by, then the first input (else
    // the init) indexed by that loop alone in one of its dims.
    OpOperand *init =
        linalgOp.getDpsInitOperand(cast<OpResult>(tensor).getResultNumber());
    auto loop = dyn_cast<AffineDimExpr>(
        linalgOp.getMatchingIndexingMap(init).getResult(dim));
    if (!loop)
      break;
    std::optional<std::pair<Value, int64_t>> next;
    SmallVector<OpOperand *> operands;
    for (OpOperand *input : linalgOp.getDpsInputOperands())
      operands.push_back(input);
    operands.push_back(init);
    for (OpOperand *operand : operands) {
      if (!isa<RankedTensorType>(operand->get().getType()))
        continue;
      for (auto [i, expr] : llvm::enumerate(
               linalgOp.getMatchingIndexingMap(operand).getResults()))
        if (expr == loop) {
          next = {operand->get(), static_cast<int64_t>(i)};
          break;
        }
      if (next)
        break;
    }
    if (!next || (next->first == tensor && next->second == dim))
      break;
    std::tie(tensor, dim) = *next;
  }
  return {tensor, dim};
}

void mlir::norm::raise::walkFactors(
    const Poly &p, llvm::function_ref<void(const Factor &)> fn) {
  for (const Monomial &m : p.terms)
    for (const auto &[f, e] : m.factors) {
      fn(*f);
      for (const Poly &arg : f->args)
        walkFactors(arg, fn);
    }
}

#include "mlir/IR/Operation.h"
#include "llvm/Support/raw_ostream.h"
static void printPoly(llvm::raw_ostream &os, const Poly &p);
static void printFactor(llvm::raw_ostream &os, const Factor &f) {
  switch (f.kind) {
  case Factor::Kind::Leaf:
    os << "L(";
    f.value.printAsOperand(os, OpPrintingFlags());
    os << "[";
    llvm::interleaveComma(f.map, os);
    os << "])";
    break;
  case Factor::Kind::Size:
    os << "Size(";
    f.value.printAsOperand(os, OpPrintingFlags());
    os << "[" << f.map[0] << "])";
    break;
  case Factor::Kind::Sum:
    os << "Sum" << f.mask << "{";
    printPoly(os, f.args[0]);
    os << "}";
    break;
  case Factor::Kind::Base:
    os << "(";
    printPoly(os, f.args[0]);
    os << ")";
    break;
  case Factor::Kind::Opaque:
    os << f.name << "(";
    for (const Poly &a : f.args) {
      printPoly(os, a);
      os << ";";
    }
    os << ")";
    break;
  }
}
static void printPoly(llvm::raw_ostream &os, const Poly &p) {
  if (p.terms.empty())
    os << "0";
  for (auto [i, m] : llvm::enumerate(p.terms)) {
    if (i)
      os << " + ";
    os << m.coef;
    for (const auto &f : m.factors) {
      os << "*";
      printFactor(os, *f.first);
      if (f.second != 1.0)
        os << "^" << f.second;
    }
  }
}
void mlir::norm::raise::dump(const Poly &p) {
  printPoly(llvm::errs(), p);
  llvm::errs() << "\n";
}
