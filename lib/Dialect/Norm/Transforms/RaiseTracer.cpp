//===- RaiseTracer.cpp - Decompositions read as polynomials --*- C++ -*-===//
//
// The tracer of RaiseUtils.h on linalg and tensor ops: elementwise linalg ops
// read through their bodies, sum reductions, unit reshapes, splat constants
// and element counts (the products of tensor sizes that front ends divide a
// sum by). The TOSA ops are read in RaiseTracerTosa.cpp.
//
//===----------------------------------------------------------------------===//

#include "RaiseUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::norm::raise;

/// A loop of a linalg op not yet bound to a frame dim.
static constexpr int64_t kUnbound = -2;

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
  // An element of a splat constant tensor (StableHLO's reduce init, a 0-d
  // stablehlo.constant, before canonicalization).
  if (auto extract = dyn_cast<tensor::ExtractOp>(def)) {
    DenseFPElementsAttr dense;
    if (matchPattern(extract.getTensor(), m_Constant(&dense)) &&
        dense.isSplat())
      return FloatAttr::getValueAsDouble(dense.getSplatValue<APFloat>());
  }
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
/// A linalg op's body being read: how its loops bind to frame dims.
struct Tracer::Body {
  linalg::LinalgOp op;
  SmallVector<int64_t> loopBind;
  bool hasReduction = false;
  bool failed = false;
  DenseMap<Value, Poly> memo;
};

/// Whether `p`, counted as a tree of monomials and factors (the shared
/// factors once per use, as comparing and multiplying walk them), has more
/// than `limit` nodes; stops counting there.
static bool exceedsSize(const Poly &p, int64_t &limit) {
  for (const Monomial &m : p.terms) {
    if (--limit < 0)
      return true;
    for (const auto &[f, e] : m.factors) {
      if (--limit < 0)
        return true;
      for (const Poly &arg : f->args)
        if (exceedsSize(arg, limit))
          return true;
    }
  }
  return false;
}

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
    if (def->hasTrait<OpTrait::ConstantLike>()) {
      // arith.constant, tosa.const: a float splat is a number.
      DenseFPElementsAttr dense;
      if (matchPattern(v, m_Constant(&dense)) && dense.isSplat())
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
    } else if (isa<tosa::TosaDialect>(def->getDialect())) {
      if (std::optional<Poly> p = traceTosa(def, map)) {
        result = std::move(*p);
        computed = true;
      }
    }
  }
  // A value whose polynomial outgrows kMaxPolySize is read as a leaf: a
  // chain of norms (x' = LN(x) + x) would otherwise read each norm's input
  // as the whole chain above it, the polynomial growing exponentially with
  // its length. A leaf is exact, only opaque: at worst no norm is found.
  if (computed) {
    int64_t limit = kMaxPolySize;
    if (exceedsSize(result, limit)) {
      result = Poly::leaf(v, map);
      computed = false;
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

  // A reduction sums over frame dims: its loops must be the frame's, each
  // reduction loop bound to a frame dim that no other loop reads. That is
  // loop j's own dim where it is free; otherwise (StableHLO's reduce over
  // leading dims iterates the kept dims first: x read through
  // (d1, d0, d2, d3)) the dim at which an input of the frame's rank reads
  // it. Any bijection of equal ranges sums the same terms; this choice
  // makes the summed tensor read in place.
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<unsigned> reductionLoops;
  for (unsigned j = 0; j < numLoops; ++j)
    if (iterators[j] == utils::IteratorType::reduction)
      reductionLoops.push_back(j);
  if (!reductionLoops.empty()) {
    if (numLoops != frameShape.size() || numLoops > 64)
      return std::nullopt;
    llvm::SmallBitVector used(numLoops);
    for (unsigned j = 0; j < numLoops; ++j)
      if (iterators[j] == utils::IteratorType::reduction) {
        if (body.loopBind[j] != kUnbound)
          return std::nullopt;
      } else if (body.loopBind[j] >= 0) {
        used.set(body.loopBind[j]);
      }
    // Where the first input of the frame's rank that reads every loop reads
    // loop j.
    SmallVector<int64_t> readAt(numLoops, -1);
    for (OpOperand *input : op.getDpsInputOperands()) {
      AffineMap m = op.getMatchingIndexingMap(input);
      if (m.getNumResults() != numLoops || !m.isPermutation())
        continue;
      for (auto [k, expr] : llvm::enumerate(m.getResults()))
        readAt[cast<AffineDimExpr>(expr).getPosition()] = k;
      break;
    }
    for (unsigned j : reductionLoops) {
      int64_t dim = !used.test(j) ? j : readAt[j];
      if (dim < 0 || used.test(dim))
        return std::nullopt;
      if (dim != static_cast<int64_t>(j) &&
          (ShapedType::isDynamic(ranges[j]) || ranges[j] != frameShape[dim]))
        return std::nullopt;
      used.set(dim);
      body.loopBind[j] = dim;
    }
  }
  uint64_t mask = 0;
  double count = 1;
  for (unsigned j : reductionLoops) {
    body.hasReduction = true;
    mask |= uint64_t(1) << body.loopBind[j];
    if (ShapedType::isDynamic(ranges[j]))
      count = 0;
    else
      count *= static_cast<double>(ranges[j]);
  }
  for (unsigned j = 0; j < numLoops; ++j) {
    int64_t bound = body.loopBind[j];
    if (bound == kUnbound)
      return std::nullopt;
    // A parallel loop of a reduction reads a frame dim of its own size.
    if (body.hasReduction && iterators[j] == utils::IteratorType::parallel &&
        bound >= 0 && bound != static_cast<int64_t>(j) &&
        (ShapedType::isDynamic(ranges[j]) || ranges[j] != frameShape[bound]))
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

llvm::DenseSet<Value> mlir::norm::raise::reductionFreeSumInputs(
    const llvm::SetVector<Operation *> &ops) {
  auto sumInputs = [](Operation *op) -> SmallVector<Value> {
    if (auto reduce = dyn_cast<tosa::ReduceSumOp>(op))
      return {reduce.getInput()};
    SmallVector<Value> inputs;
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
        linalgOp && linalgOp.getNumReductionLoops() != 0)
      for (OpOperand *input : linalgOp.getDpsInputOperands())
        inputs.push_back(input->get());
    return inputs;
  };
  auto dependsOnReduction = [&](Value start) {
    SmallVector<Value> worklist{start};
    llvm::DenseSet<Operation *> seen;
    while (!worklist.empty()) {
      Operation *def = worklist.pop_back_val().getDefiningOp();
      if (!def || !ops.contains(def) || !seen.insert(def).second)
        continue;
      if (!sumInputs(def).empty())
        return true;
      llvm::append_range(worklist, def->getOperands());
    }
    return false;
  };
  llvm::DenseSet<Value> inputs;
  for (Operation *op : ops)
    for (Value input : sumInputs(op))
      if (!dependsOnReduction(input))
        inputs.insert(input);
  return inputs;
}
