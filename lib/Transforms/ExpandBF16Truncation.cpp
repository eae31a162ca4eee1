//===- ExpandBF16Truncation.cpp - norm-expand-bf16-truncation -*- C++ -*-===//
//
// Rewrites f32 -> bf16 truncations into integer arithmetic whose only
// bf16-typed op is the final bitcast.
//
//===----------------------------------------------------------------------===//

#include "norm/Support/BF16.h"
#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMEXPANDBF16TRUNCATIONPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// `type` (a scalar or vector type) with `elementType` as its element type.
static Type withElementType(Type type, Type elementType) {
  if (auto vectorType = dyn_cast<VectorType>(type))
    return vectorType.clone(elementType);
  return elementType;
}

/// A constant of `type` (scalar or vector) with every element `value`.
static Value splatConstant(OpBuilder &b, Location loc, Type type,
                           int64_t value) {
  Type elementType = getElementTypeOrSelf(type);
  TypedAttr attr = b.getIntegerAttr(elementType, value);
  if (auto vectorType = dyn_cast<VectorType>(type))
    attr = DenseElementsAttr::get(vectorType, attr);
  return arith::ConstantOp::create(b, loc, type, attr);
}

namespace {
/// Rewrites `arith.truncf` f32 -> bf16 (round to nearest even, NaN quieted)
/// into i32 arithmetic, an i32 select for NaN, one trunci to i16 and one
/// bitcast to bf16.
/// arith-expand selects between bf16 values instead, which targets without
/// bf16 arithmetic scalarize into one library call per element.
struct TruncFToBF16ByIntegers : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const override {
    Type inType = op.getIn().getType();
    Type outType = op.getType();
    if (!getElementTypeOrSelf(inType).isF32() ||
        !getElementTypeOrSelf(outType).isBF16())
      return rewriter.notifyMatchFailure(op, "not an f32 -> bf16 truncation");
    if (op.getRoundingmodeAttr())
      return rewriter.notifyMatchFailure(op, "explicit rounding mode");
    Location loc = op.getLoc();
    Type i32Type = withElementType(inType, rewriter.getI32Type());
    Type i16Type = withElementType(inType, rewriter.getI16Type());
    Value rounded = buildBF16RoundedBits(rewriter, loc, op.getIn());
    // A NaN is quieted instead (the rounding could carry its payload into the
    // exponent, or into the sign, and make it an inf or -0); it keeps its
    // sign and upper payload. Both select arms are variables, so LLVM keeps
    // the select on the i32 lanes, before the narrowing (with a constant arm
    // it moves it past the shift and trunc, and x86 then narrows the mask
    // too): one blend of full registers and one pack.
    Value bits = arith::BitcastOp::create(rewriter, loc, i32Type, op.getIn());
    Value quieted = arith::OrIOp::create(
        rewriter, loc, bits, splatConstant(rewriter, loc, i32Type, 0x00400000));
    Value isNaN = arith::CmpFOp::create(
        rewriter, loc, arith::CmpFPredicate::UNO, op.getIn(), op.getIn());
    Value roundedOrNaN =
        arith::SelectOp::create(rewriter, loc, isNaN, quieted, rounded);
    Value result = upperHalves(rewriter, loc, roundedOrNaN, i16Type);
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(op, outType, result);
    return success();
  }

  /// The upper 16 bits of each i32 element of `bits`, as `i16Type`. A
  /// scalar is shifted and truncated. A vector is instead reinterpreted as
  /// twice as many i16 lanes and its odd (upper, on little-endian hosts)
  /// lanes are picked by a shuffle, so that no integer truncation feeds a
  /// masked store: with AVX-512, LLVM 22 folds `trunc` into a truncating
  /// masked store and, when the mask is a constant with one lane set (a tail
  /// of one element), stores that lane with the width of the i32 source,
  /// writing the neighbouring bf16 element too: a race with the thread that
  /// owns it, or a write past the end of the buffer. The shuffle still
  /// becomes `vpsrld` + `vpmovdw` for full and variable masks.
  static Value upperHalves(PatternRewriter &rewriter, Location loc, Value bits,
                           Type i16Type) {
    auto vectorType = dyn_cast<VectorType>(bits.getType());
    if (!vectorType || vectorType.isScalable())
      return arith::TruncIOp::create(
          rewriter, loc, i16Type,
          arith::ShRUIOp::create(
              rewriter, loc, bits,
              splatConstant(rewriter, loc, bits.getType(), 16)));
    int64_t count = vectorType.getNumElements();
    Value flat = bits;
    if (vectorType.getRank() != 1)
      flat = vector::ShapeCastOp::create(
          rewriter, loc, VectorType::get({count}, rewriter.getI32Type()), bits);
    Value halves = vector::BitCastOp::create(
        rewriter, loc, VectorType::get({2 * count}, rewriter.getI16Type()),
        flat);
    SmallVector<int64_t> upper;
    for (int64_t i = 0; i < count; ++i)
      upper.push_back(2 * i + 1);
    Value picked =
        vector::ShuffleOp::create(rewriter, loc, halves, halves, upper);
    if (vectorType.getRank() != 1)
      picked = vector::ShapeCastOp::create(rewriter, loc, i16Type, picked);
    return picked;
  }
};

/// Applies TruncFToBF16ByIntegers everywhere.
struct NormExpandBF16TruncationPass
    : norm::impl::NormExpandBF16TruncationPassBase<
          NormExpandBF16TruncationPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<TruncFToBF16ByIntegers>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
