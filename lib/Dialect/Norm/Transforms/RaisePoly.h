//===- RaisePoly.h - Canonical polynomials for norm-raise ----*- C++ -*-===//
//
// The algebra norm-raise matches decomposed normalizations in: every tensor
// value of a decomposition is read, element by element, as a polynomial with
// real exponents over a common iteration space (the "frame", the dims of the
// normalized tensor), whose factors are leaves (a tensor read through a
// projection of the frame), sums over some frame dims, powers of
// polynomials and opaque functions. Building the polynomial distributes
// products over sums, merges equal factors and folds constants, so the many
// spellings of one formula (rsqrt(v) = 1/sqrt(v) = pow(v, -0.5), a/b = a·b⁻¹,
// commuted operands, mean as sum·(1/N) or sum/N) become one canonical form,
// and a matcher only has to build the expected formula and compare.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISEPOLY_H
#define NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISEPOLY_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <string>

namespace mlir::norm::raise {

struct Factor;
using FactorPtr = std::shared_ptr<const Factor>;

/// coef · Π factor^exponent, the factors sorted by compareFactors and
/// distinct.
struct Monomial {
  double coef = 1.0;
  llvm::SmallVector<std::pair<FactorPtr, double>, 4> factors;
};

/// A sum of monomials with distinct factor lists, sorted; zero is no terms.
struct Poly {
  llvm::SmallVector<Monomial, 2> terms;

  static Poly constant(double c);
  static Poly factor(FactorPtr f, double exponent = 1.0);
  /// The tensor `value` read at each frame point through `map` (per dim of
  /// `value`: the frame dim it reads, or -1 for index 0).
  static Poly leaf(Value value, llvm::ArrayRef<int64_t> map);

  bool isZero() const { return terms.empty(); }
  /// The constant term (the monomial without factors), 0 if none.
  double constantTerm() const;
  /// This polynomial without its constant term.
  Poly withoutConstant() const;
};

/// A factor of a monomial.
struct Factor {
  enum class Kind { Leaf, Sum, Base, Opaque, Size };
  Kind kind;
  /// Leaf: the tensor (or scalar, with an empty map) read; Size: the tensor
  /// whose dynamic dim `map[0]` the factor is the size of (the first tensor
  /// along the chain of ops whose shapes must agree, see sizeSource).
  Value value;
  /// Leaf: for each dim of `value`, the frame dim it reads, or -1; Size: the
  /// dim.
  llvm::SmallVector<int64_t> map;
  /// Sum: the frame dims summed over (bit i: frame dim i).
  uint64_t mask = 0;
  /// Sum: the summand; Base: the polynomial raised to a power (not a
  /// monomial); Opaque: the operands.
  llvm::SmallVector<Poly, 1> args;
  /// Opaque: the name of the operation.
  std::string name;
};

/// A total order on factors (0: equal), comparing coefficients with a
/// relative tolerance of 1e-5 (f32 constants against double ones).
int compareFactors(const Factor &a, const Factor &b);
int comparePolys(const Poly &a, const Poly &b);
inline bool equal(const Poly &a, const Poly &b) {
  return comparePolys(a, b) == 0;
}
bool nearlyEqual(double a, double b);

Poly add(const Poly &a, const Poly &b);
Poly scale(const Poly &a, double c);
Poly sub(const Poly &a, const Poly &b);
/// Distributes; an oversized product becomes an opaque factor.
Poly mul(const Poly &a, const Poly &b);
/// a^e: exponents of a monomial multiply, small positive integer powers
/// expand, other powers of a sum become a Base factor (its first
/// coefficient taken out, so (2v)^e = 2^e · v^e).
Poly pow(const Poly &a, double e);
/// Σ over the frame dims in `mask` of `a`; constant coefficients of a
/// single monomial are taken out. `count` is the number of terms summed
/// (0 when unknown).
Poly sum(const Poly &a, uint64_t mask, double count);
Poly opaque(llvm::StringRef name, llvm::ArrayRef<Poly> args);
/// The run-time size of the dynamic dim `dim` of `tensor`, a factor that a
/// dynamic element count (a product of `tensor.dim`s) is made of.
/// `tensor` and `dim` are taken to their sizeSource, so that the sizes of
/// two tensors whose shapes the ops between them make equal are one factor.
Poly size(Value tensor, int64_t dim);
/// The tensor and dim whose size the dim `dim` of `tensor` must have: through
/// tensor.cast and linalg ops on tensors (whose operands' sizes must agree
/// along a loop), and tensor.empty sizes that are tensor.dims, to the first
/// value defined otherwise (a function argument, most often).
std::pair<Value, int64_t> sizeSource(Value tensor, int64_t dim);

/// Calls `fn` on every factor of `p`, nested ones included.
void walkFactors(const Poly &p, llvm::function_ref<void(const Factor &)> fn);

/// Prints `p` on stderr (debugging).
void dump(const Poly &p);

} // namespace mlir::norm::raise

#endif // NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISEPOLY_H
