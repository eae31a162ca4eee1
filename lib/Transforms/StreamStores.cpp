//===- StreamStores.cpp - norm-stream-stores ----------------*- C++ -*-===//
//
// Turns the full-vector stores of marked normalization loops into aligned
// non-temporal stores, guarded by a run-time check that the row is aligned.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/IR/NormDialect.h"
#include "norm/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMSTREAMSTORESPASS
#include "norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

/// The constant `k` when `value` is `iv` (k = 0) or `iv + k`.
static std::optional<int64_t> getOffsetFromInductionVar(Value value, Value iv) {
  if (value == iv)
    return 0;
  auto add = value.getDefiningOp<arith::AddIOp>();
  if (!add)
    return std::nullopt;
  for (auto [lhs, rhs] : {std::pair(add.getLhs(), add.getRhs()),
                          std::pair(add.getRhs(), add.getLhs())})
    if (lhs == iv)
      if (std::optional<int64_t> constant = getConstantIntValue(rhs))
        return constant;
  return std::nullopt;
}

namespace {
/// A marked loop whose stores can stream, with what the rewrite needs.
struct StreamableLoop {
  scf::ForOp loop;
  SmallVector<vector::TransferWriteOp> writes;
  /// The buffer written, as seen from outside the loop.
  Value buffer;
  /// The indices of the row (all but the last), defined outside the loop.
  SmallVector<Value> rowIndices;
  int64_t vectorBytes;
  /// The alignment the row start is checked for: `vectorBytes`, or the larger
  /// power of two the marking attribute asks for (e.g. a cache line, so that
  /// no line is shared with plain stores).
  int64_t rowAlignment;
};
} // namespace

/// Checks that every full-vector store of `loop` writes `vectorBytes` bytes at
/// a multiple of `vectorBytes` from the row start, so one run-time check of
/// the row start decides the alignment of all of them.
static std::optional<StreamableLoop> analyze(scf::ForOp loop) {
  std::optional<int64_t> lowerBound = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!lowerBound || *lowerBound != 0 || !step)
    return std::nullopt;
  StreamableLoop result{loop, {}, nullptr, {}, 0, 0};
  for (auto write : loop.getBody()->getOps<vector::TransferWriteOp>()) {
    auto memrefType = dyn_cast<MemRefType>(write.getBase().getType());
    VectorType vectorType = write.getVectorType();
    if (!memrefType || write.getMask() || vectorType.getRank() != 1 ||
        write.hasOutOfBoundsDim() ||
        !write.getPermutationMap().isMinorIdentity() ||
        !memrefType.getElementType().isIntOrFloat())
      return std::nullopt;
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(memrefType.getStridesAndOffset(strides, offset)) ||
        strides.back() != 1)
      return std::nullopt;
    int64_t elementBytes = memrefType.getElementTypeBitWidth() / 8;
    int64_t vectorBytes = vectorType.getNumElements() * elementBytes;
    if (!llvm::isPowerOf2_64(vectorBytes) ||
        (*step * elementBytes) % vectorBytes)
      return std::nullopt;
    std::optional<int64_t> column = getOffsetFromInductionVar(
        write.getIndices().back(), loop.getInductionVar());
    if (!column || (*column * elementBytes) % vectorBytes)
      return std::nullopt;
    // The buffer and the row indices must be the same for every store and
    // known before the loop.
    Value buffer = write.getBase();
    if (auto arg = dyn_cast<BlockArgument>(buffer);
        arg && arg.getOwner() == loop.getBody() && arg.getArgNumber() > 0) {
      // A loop-carried buffer is the same buffer as its init after
      // bufferization only if the loop yields it unchanged.
      unsigned iterArg = arg.getArgNumber() - 1;
      if (loop.getYieldedValues()[iterArg] != arg)
        return std::nullopt;
      buffer = loop.getInitArgs()[iterArg];
    }
    if (!buffer.getParentRegion()->isProperAncestor(&loop.getRegion()) &&
        buffer.getParentRegion() != loop->getParentRegion())
      return std::nullopt;
    SmallVector<Value> rowIndices(write.getIndices().drop_back());
    for (Value index : rowIndices)
      if (loop.getRegion().isAncestor(index.getParentRegion()))
        return std::nullopt;
    if (result.buffer &&
        (result.buffer != buffer || result.rowIndices != rowIndices ||
         result.vectorBytes != vectorBytes))
      return std::nullopt;
    result.buffer = buffer;
    result.rowIndices = rowIndices;
    result.vectorBytes = vectorBytes;
    result.writes.push_back(write);
  }
  if (result.writes.empty())
    return std::nullopt;
  result.rowAlignment = result.vectorBytes;
  if (auto requested = dyn_cast_if_present<IntegerAttr>(
          NormDialect::StreamStoresAttrHelper(loop.getContext()).getAttr(loop)))
    if (llvm::isPowerOf2_64(requested.getInt()))
      result.rowAlignment = std::max(result.rowAlignment, requested.getInt());
  return result;
}

/// Rewrites `loop` into `if (row start is vector-aligned) { loop with aligned
/// non-temporal vector.store } else { loop }` and returns the scf.if.
static scf::IfOp rewriteLoop(OpBuilder &b, const StreamableLoop &info) {
  scf::ForOp loop = info.loop;
  Location loc = loop.getLoc();
  b.setInsertionPoint(loop);
  auto memrefType = cast<MemRefType>(info.buffer.getType());
  int64_t elementBytes = memrefType.getElementTypeBitWidth() / 8;
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, info.buffer);
  Value linear = metadata.getOffset();
  for (auto [index, stride] : llvm::zip(info.rowIndices, metadata.getStrides()))
    linear = arith::AddIOp::create(
        b, loc, linear, arith::MulIOp::create(b, loc, index, stride));
  Value pointer =
      memref::ExtractAlignedPointerAsIndexOp::create(b, loc, info.buffer);
  Value address = arith::AddIOp::create(
      b, loc, pointer,
      arith::MulIOp::create(
          b, loc, linear,
          arith::ConstantIndexOp::create(b, loc, elementBytes)));
  Value misalignment = arith::RemUIOp::create(
      b, loc, address,
      arith::ConstantIndexOp::create(b, loc, info.rowAlignment));
  Value aligned =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, misalignment,
                            arith::ConstantIndexOp::create(b, loc, 0));

  auto ifOp = scf::IfOp::create(b, loc, loop.getResultTypes(), aligned,
                                /*withElseRegion=*/true);
  // Both branches get their own yields below.
  for (Block *block : {ifOp.thenBlock(), ifOp.elseBlock()})
    if (!block->empty())
      block->getTerminator()->erase();
  // Then: a copy of the loop with streaming stores.
  b.setInsertionPointToStart(ifOp.thenBlock());
  IRMapping mapping;
  auto streaming = cast<scf::ForOp>(b.clone(*loop, mapping));
  NormDialect::StreamStoresAttrHelper streamStores(loop.getContext());
  streamStores.removeAttr(streaming);
  for (vector::TransferWriteOp write : info.writes) {
    auto cloned = cast<vector::TransferWriteOp>(mapping.lookup(write));
    b.setInsertionPoint(cloned);
    vector::StoreOp::create(b, cloned.getLoc(), cloned.getVector(),
                            cloned.getBase(), cloned.getIndices(),
                            /*nontemporal=*/true,
                            llvm::MaybeAlign(info.vectorBytes));
    cloned.erase();
  }
  b.setInsertionPointAfter(streaming);
  scf::YieldOp::create(b, loc, streaming.getResults());
  // Else: the original loop.
  b.setInsertionPointToStart(ifOp.elseBlock());
  auto plain = cast<scf::ForOp>(b.clone(*loop));
  streamStores.removeAttr(plain);
  scf::YieldOp::create(b, loc, plain.getResults());
  loop.replaceAllUsesWith(ifOp.getResults());
  loop.erase();
  return ifOp;
}

/// Where the fence that orders the streaming stores of `op` goes: after the
/// outermost scf.for / scf.if around it (the loops over the rows of a tile),
/// so a tile pays one fence, still before its parallel iteration ends and
/// another thread can read the rows.
static Operation *getFencePoint(Operation *op) {
  Operation *point = op;
  for (Operation *parent = op->getParentOp();
       parent && isa<scf::ForOp, scf::IfOp>(parent);
       parent = parent->getParentOp())
    point = parent;
  return point;
}

namespace {
/// Rewrites the stores of the loops marked `norm.stream_stores` (after
/// bufferization) into aligned non-temporal stores behind a row-alignment
/// check; loops it cannot prove safe keep their stores.
struct NormStreamStoresPass
    : norm::impl::NormStreamStoresPassBase<NormStreamStoresPass> {
  void runOnOperation() override {
    NormDialect::StreamStoresAttrHelper streamStores(&getContext());
    SmallVector<scf::ForOp> marked;
    getOperation()->walk([&](scf::ForOp loop) {
      if (streamStores.isAttrPresent(loop))
        marked.push_back(loop);
    });
    OpBuilder b(&getContext());
    llvm::SetVector<Operation *> fencePoints;
    for (scf::ForOp loop : marked) {
      std::optional<StreamableLoop> info = analyze(loop);
      if (!info) {
        streamStores.removeAttr(loop);
        continue;
      }
      fencePoints.insert(getFencePoint(rewriteLoop(b, *info)));
    }
    for (Operation *point : fencePoints) {
      b.setInsertionPointAfter(point);
      LLVM::FenceOp::create(b, point->getLoc(), LLVM::AtomicOrdering::seq_cst);
    }
  }
};
} // namespace
