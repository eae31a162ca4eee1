//===- ExpandBF16Truncation.cpp - norm-expand-bf16-truncation -*- C++ -*-===//
//
// Rewrites f32 -> bf16 truncations into integer arithmetic whose only
// bf16-typed op is the final bitcast.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMEXPANDBF16TRUNCATIONPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
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
static Value splatConstant(PatternRewriter &rewriter, Location loc, Type type,
                           int64_t value) {
  Type elementType = getElementTypeOrSelf(type);
  TypedAttr attr = rewriter.getIntegerAttr(elementType, value);
  if (auto vectorType = dyn_cast<VectorType>(type))
    attr = DenseElementsAttr::get(vectorType, attr);
  return arith::ConstantOp::create(rewriter, loc, type, attr);
}

namespace {
/// Rewrites `arith.truncf` f32 -> bf16 (round to nearest even, NaN kept
/// quiet) into i32 arithmetic, an i32 select for NaN, one trunci to i16 and
/// one bitcast to bf16.
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
    Value bits = arith::BitcastOp::create(rewriter, loc, i32Type, op.getIn());
    Value lsb = arith::AndIOp::create(
        rewriter, loc,
        arith::ShRUIOp::create(rewriter, loc, bits,
                               splatConstant(rewriter, loc, i32Type, 16)),
        splatConstant(rewriter, loc, i32Type, 1));
    Value rounded = arith::AddIOp::create(
        rewriter, loc,
        arith::AddIOp::create(rewriter, loc, bits,
                              splatConstant(rewriter, loc, i32Type, 0x7FFF)),
        lsb);
    // NaN becomes the quiet NaN 0x7FC0 (the rounding above could carry a
    // NaN's payload into the exponent, or into the sign, and make it an inf
    // or -0). The select is on the i32 lanes, before the narrowing, so that
    // x86 needs one blend of full registers and one pack.
    Value isNaN = arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::UNO,
                                        op.getIn(), op.getIn());
    Value roundedOrNaN = arith::SelectOp::create(
        rewriter, loc, isNaN, splatConstant(rewriter, loc, i32Type, 0x7FC00000),
        rounded);
    Value result = arith::TruncIOp::create(
        rewriter, loc, i16Type,
        arith::ShRUIOp::create(rewriter, loc, roundedOrNaN,
                               splatConstant(rewriter, loc, i32Type, 16)));
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(op, outType, result);
    return success();
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
