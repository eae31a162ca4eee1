//===- RaiseUtils.h - Matching shared by the norm-raise sets --*- C++ -*-===//
//
// What the linalg and the TOSA raises share: the tracer that reads a tensor
// of a decomposition as a polynomial over a frame (RaisePoly.h), whatever
// dialect computes it; the matcher that recognizes a standardization
// γ · (x − μ) · (σ² + ε)^-½ + β (or its RMS and stored-statistics forms) in
// such a polynomial, by building the mean, the centred square, the variance
// and the inverse square root it expects and comparing; and the builder of
// the norm op a match becomes. The two pattern sets differ only in which ops
// may sit around the standardization (reshapes, casts) and in how they shape
// the parameters.
//
//===----------------------------------------------------------------------===//

#ifndef NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISEUTILS_H
#define NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISEUTILS_H

#include "RaisePoly.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

#include <map>
#include <optional>
#include <vector>

namespace mlir {
namespace linalg {
class LinalgOp;
} // namespace linalg

namespace norm::raise {

//===----------------------------------------------------------------------===//
// Tracing a decomposition into a polynomial
//===----------------------------------------------------------------------===//

/// Reads tensors of a decomposition as polynomials over one frame. It looks
/// through elementwise linalg ops (generic and named, their bodies of
/// arith/math ops), sum reductions (linalg.generic with an addf combiner,
/// linalg.reduce), tensor reshapes and casts that only add or drop unit
/// dims, the elementwise TOSA ops, tosa.reduce_sum and unit tosa.reshapes,
/// and splat constants; whatever else it meets is a leaf.
class Tracer {
public:
  explicit Tracer(ArrayRef<int64_t> frameShape)
      : frameShape(frameShape.begin(), frameShape.end()) {}

  /// The polynomial of `v` read at each frame point through `map` (per dim
  /// of `v`: the frame dim it reads, or -1 for index 0).
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
  struct Body;
  std::optional<Poly> traceLinalg(linalg::LinalgOp op, OpResult result,
                                  ArrayRef<int64_t> map);
  std::optional<Poly> traceTosa(Operation *op, ArrayRef<int64_t> map);
  Poly scalar(Value s, Body &body);
  Poly scalarOutside(Value s);

  SmallVector<int64_t> frameShape;
  std::map<std::pair<const void *, std::vector<int64_t>>, Poly> memo;
  /// How many more ops the tracer may look through.
  int budget = 256;
  /// The most monomials and factors (nested ones included) the polynomial
  /// of a traced value may have; a larger one is read as a leaf.
  static constexpr int64_t kMaxPolySize = 1024;
};

/// The inputs of the sum reductions among `ops` (linalg reductions,
/// tosa.reduce_sum) that no reduction among `ops` computes (transitively):
/// the candidates for the normalized tensor.
llvm::DenseSet<Value>
reductionFreeSumInputs(const llvm::SetVector<Operation *> &ops);

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
std::optional<Leaf> asLeaf(const Monomial &m);
/// `p` is 1 · leaf.
std::optional<Leaf> asLeaf(const Poly &p);
/// The polynomial of the single monomial `m`.
Poly polyOf(const Monomial &m);
/// `m` without the factor `f` (and the exponent it had).
Monomial without(const Monomial &m, const Factor &f);
/// The frame dims `map` reads, in order.
SmallVector<int64_t> readDims(ArrayRef<int64_t> map);
/// The set bits of `mask`, below `rank`.
SmallVector<int64_t> maskDims(uint64_t mask, int64_t rank);
/// `leaf` is the frame itself: a tensor of the frame's rank read in place.
bool isIdentity(const Leaf &leaf, ArrayRef<int64_t> frameShape);

/// y = γ · (x − μ) · (σ² + ε)^-½ + β, or the RMS form γ · x · (E[x²] + ε)^-½,
/// or with stored statistics γ · (x − m) · (v + ε)^-½ + β.
struct Standardization {
  enum class Kind { Moments, Rms, Stored } kind = Kind::Moments;
  Leaf x;
  /// The frame dims the statistics reduce (not for Stored).
  uint64_t mask = 0;
  double eps = 0;
  /// The variance is E[x²] − E[x]² (the norm op computes the centred one).
  bool onePass = false;
  std::optional<Leaf> gamma, beta, mean, var;
  /// When not empty, the normalized value is the sum of these leaves (x is
  /// one of them, read in place): a residual add that elementwise fusion
  /// computed inline in every op of the decomposition.
  SmallVector<Leaf> xTerms;
  /// The statistics as polynomials over the frame.
  Poly meanPoly, varPoly, rstdPoly;
};

/// The standardization `y`, a polynomial over a frame of shape `frameShape`,
/// is, if any: guesses its parts from the factors raised to -1/2, builds
/// the polynomial those parts define and compares. With `sumOfLeaves`, the
/// normalized value may also be a sum of leaves (Standardization::xTerms).
std::optional<Standardization>
matchStandardization(const Poly &y, ArrayRef<int64_t> frameShape,
                     bool sumOfLeaves = false);

/// Traces `root` with `tracer` (over the frame of `root`'s shape, read in
/// place) into `y` and matches a standardization in it. When there is none,
/// the normalized tensor may itself be computed elementwise (the residual
/// add of a post-LN block): the reduction-free inputs of the sums are then
/// read as leaves and matched again, and `tracer` and `y` are that try's
/// when it matches. With `sumOfLeaves`, a normalized value that is a sum of
/// leaves (x + r fused into every op) is tried last.
std::optional<Standardization> traceStandardization(Value root, Tracer &tracer,
                                                    Poly &y,
                                                    bool sumOfLeaves = false);

//===----------------------------------------------------------------------===//
// Building the norm op
//===----------------------------------------------------------------------===//

/// The norm ops a decomposition is raised to.
enum class NormKind {
  LayerNorm,
  RmsNorm,
  BatchNorm,
  BatchNormTrain,
  InstanceNorm,
  GroupNorm
};

/// Whether the op of `kind` requires γ and β (the row norms take them
/// optionally; the others need 1 and 0 when the decomposition has none).
inline bool requiresParams(NormKind kind) {
  return kind != NormKind::LayerNorm && kind != NormKind::RmsNorm;
}

/// The operands and attributes of a raised norm op.
struct RaisedNorm {
  NormKind kind;
  Value x, scale, bias;
  /// BatchNorm: the stored statistics.
  Value mean, var;
  /// LayerNorm/RmsNorm: the first normalized dim; batch norms: the feature
  /// dim; GroupNorm: the number of groups.
  int64_t axis = 0;
  double eps = 0;
  /// Which statistics results the op has (row and group norms): the mean
  /// (layer and group norms) and the inverse standard deviation or RMS.
  bool withMean = false, withInvStd = false;
};

/// Creates the norm op `n` describes; ε is kept in f64 for f64 inputs.
Operation *buildNormOp(OpBuilder &b, Location loc, const RaisedNorm &n);

} // namespace norm::raise
} // namespace mlir

#endif // NORM_LIB_DIALECT_NORM_TRANSFORMS_RAISEUTILS_H
