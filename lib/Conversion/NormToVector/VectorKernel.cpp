//===- VectorKernel.cpp - The CPU vector kernel builder -----*- C++ -*-===//
//
// The sweep of a kernel's last dim (main loop, tail), its accumulators and
// its horizontal reductions; the loads and stores are in
// VectorKernelMemory.cpp.
//
//===----------------------------------------------------------------------===//

#include "VectorKernel.h"
#include "norm/Dialect/Norm/IR/NormDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::norm;

/// The unroll of a sweep of a static `length`: `unroll`, unless the sweep
/// is short (fewer than 2 * `unroll` full vectors) and its main loop would
/// leave full vectors to the tail or run once, while a smaller unroll (at
/// least 2; even with `even`) divides the full vectors into at least two
/// iterations. A short sweep is latency-bound: each accumulator is one more
/// add to fold before the reduction, and each tail vector one more add on
/// the first accumulator's chain (96 f32 with 16 lanes: 2 iterations of 3
/// vectors, not 1 of 4 and a tail of 2; see docs/performance.md).
static int64_t chooseShortSweepUnroll(int64_t length, int64_t lanes,
                                      int64_t unroll, bool even) {
  if (ShapedType::isDynamic(length))
    return unroll;
  // At least two iterations of `unroll` (whatever the tail) keep it.
  int64_t vectors = length / lanes;
  if (vectors >= 2 * unroll)
    return unroll;
  for (int64_t candidate = unroll - 1; candidate >= 2; --candidate)
    if ((!even || candidate % 2 == 0) && vectors % candidate == 0 &&
        vectors / candidate >= 2)
      return candidate;
  return unroll;
}

VectorKernelBuilder::VectorKernelBuilder(
    OpBuilder &b, Location loc, Value input, FloatType accType,
    const ConvertNormToVectorPassOptions &options, bool allowPairs,
    bool splitShortSweeps)
    : b(b), loc(loc), input(input), accType(accType),
      inputType(cast<RankedTensorType>(input.getType())),
      elementType(cast<FloatType>(inputType.getElementType())),
      unroll(options.unroll), streamStores(options.streamStores),
      prefetchMaxBytes(options.prefetchMaxBytes),
      nativeBF16(options.nativeBF16) {
  lanes = std::max<int64_t>(1, options.vectorWidth * 32 / accType.getWidth());
  rank = inputType.getRank();
  bool pairable = allowPairs && elementType.isBF16() && accType.isF32();
  if (splitShortSweeps)
    unroll = chooseShortSweepUnroll(inputType.getDimSize(rank - 1), lanes,
                                    unroll,
                                    /*even=*/pairable && unroll % 2 == 0);
  pairs = pairable && unroll % 2 == 0;
  accVectorType = VectorType::get({lanes}, accType);
  elementVectorType = VectorType::get({lanes}, elementType);
  maskType = VectorType::get({lanes}, b.getI1Type());
  wordVectorType = VectorType::get({lanes}, b.getI32Type());
  length = tensor::DimOp::create(b, loc, input, rank - 1);
  mainEnd = roundDown(length, lanes * unroll);
  fullEnd = roundDown(length, lanes);
  if (streamStores) {
    // Streaming pays only when every run streams: mixed with the plain
    // stores of runs that start elsewhere in a line it costs bandwidth. So
    // a WholeLines main loop streams only when a run is whole cache lines
    // (then all runs start alike; norm-stream-stores checks the start),
    // else not at all. Its vectors start a multiple of `lanes * unroll`
    // elements after the run start, so no line is shared with the plain
    // stores of the run's end. Built here, outside the loops over the runs.
    Value bytes =
        arith::MulIOp::create(b, loc, length, index(elementType.getWidth() / 8));
    Value wholeLines = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq,
        arith::RemUIOp::create(b, loc, bytes, index(kStreamAlignment)),
        index(0));
    wholeLinesEnd =
        arith::SelectOp::create(b, loc, wholeLines, mainEnd, index(0));
    // An AlignedRow main loop streams only when the plain stores of the
    // row's tail (after mainEnd) are at most an eighth of the row: streaming
    // stores interleaved with many plain ones are several times slower than
    // plain stores alone (rows of 96 f32: 4.7x, docs/performance.md).
    Value tail = arith::SubIOp::create(b, loc, length, mainEnd);
    Value shortTail = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ule,
        arith::MulIOp::create(b, loc, tail, index(8)), length);
    // ... and, with stream-min-bytes, when the tensor the rows are sliced
    // from (the op's whole input, when tiled) is that large: smaller outputs
    // stay in the cache for their consumer.
    if (options.streamMinBytes > 0) {
      Value bytes = wholeInputBytes();
      Value large = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                          bytes, index(options.streamMinBytes));
      shortTail = arith::AndIOp::create(b, loc, shortTail, large);
    }
    alignedRowEnd =
        arith::SelectOp::create(b, loc, shortTail, mainEnd, index(0));
  }
}

Value VectorKernelBuilder::wholeInputBytes() {
  Value whole = input;
  if (auto slice = input.getDefiningOp<tensor::ExtractSliceOp>())
    whole = slice.getSource();
  auto wholeType = cast<RankedTensorType>(whole.getType());
  Value bytes = index(elementType.getWidth() / 8);
  for (int64_t d = 0; d < wholeType.getRank(); ++d)
    bytes = arith::MulIOp::create(b, loc, bytes,
                                  tensor::DimOp::create(b, loc, whole, d));
  return bytes;
}

scf::ForOp VectorKernelBuilder::buildStridedLoop(Value lower, Value upper,
                                                 int64_t stride,
                                                 ValueRange inits,
                                                 UnrolledStep body) {
  return scf::ForOp::create(
      b, loc, lower, upper, index(stride), inits,
      [&](OpBuilder &nb, Location, Value j, ValueRange carried) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nb.getInsertionBlock());
        scf::YieldOp::create(b, loc, body(j, carried));
      });
}

scf::ForOp VectorKernelBuilder::buildMainLoop(Value lower, Value upper,
                                              ValueRange inits,
                                              UnrolledStep step) {
  return buildStridedLoop(lower, upper, lanes * unroll, inits, step);
}

SmallVector<Value> VectorKernelBuilder::buildTail(ValueRange inits,
                                                  VectorStep step) {
  return buildSingles(mainEnd, inits, step);
}

SmallVector<Value> VectorKernelBuilder::sweepVectors(ValueRange inits,
                                                     VectorStep step) {
  return buildSingles(index(0), inits, step);
}

SmallVector<Value> VectorKernelBuilder::buildSingles(Value lower,
                                                     ValueRange inits,
                                                     VectorStep step) {
  scf::ForOp singles = buildStridedLoop(
      lower, fullEnd, lanes, inits,
      [&](Value j, ValueRange carried) { return step(j, nullptr, carried); });
  ValueRange full = singles.getResults();
  Value isPartial =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, fullEnd, length);
  return buildIf(
      isPartial, full.getTypes(),
      [&] {
        Value mask = vector::CreateMaskOp::create(
            b, loc, maskType,
            ValueRange{arith::SubIOp::create(b, loc, length, fullEnd)});
        return step(fullEnd, mask, full);
      },
      [&] { return SmallVector<Value>(full); });
}

SmallVector<Value> VectorKernelBuilder::sweep(ValueRange inits,
                                              UnrolledStep unrolled,
                                              VectorStep single) {
  scf::ForOp mainLoop = buildMainLoop(index(0), mainEnd, inits, unrolled);
  return buildTail(mainLoop.getResults(), single);
}

SmallVector<Value> VectorKernelBuilder::accumulate(
    ValueRange prefix, int64_t numSums,
    function_ref<SmallVector<Value>(Value x)> terms) {
  SmallVector<Value> zeros(numSums * unroll, zeroVector());
  scf::ForOp mainLoop = buildMainLoop(
      index(0), mainEnd, zeros, [&](Value j, ValueRange accs) {
        SmallVector<Value> next(accs);
        forEachUnrolledInput(prefix, j, [&](int64_t u, Value x) {
          SmallVector<Value> contributions = terms(x);
          for (int64_t s = 0; s < numSums; ++s)
            next[s * unroll + u] = add(next[s * unroll + u], contributions[s]);
        });
        return next;
      });
  // The tail adds to the first accumulator of each sum.
  SmallVector<Value> firsts;
  for (int64_t s = 0; s < numSums; ++s)
    firsts.push_back(mainLoop.getResult(s * unroll));
  SmallVector<Value> lasts = buildTail(
      firsts, [&](Value j, Value mask, ValueRange sums) {
        SmallVector<Value> contributions =
            terms(loadInputVector(prefix, j, mask));
        SmallVector<Value> next;
        for (int64_t s = 0; s < numSums; ++s)
          next.push_back(add(sums[s], keep(contributions[s], mask)));
        return next;
      });
  SmallVector<Value> accs(mainLoop.getResults());
  for (int64_t s = 0; s < numSums; ++s)
    accs[s * unroll] = lasts[s];
  return fold(accs, numSums);
}

std::pair<Value, Value>
VectorKernelBuilder::buildPrefetchSource(Value tensor) {
  int64_t maxElements = prefetchMaxBytes / (elementType.getWidth() / 8);
  int64_t staticLength = inputType.getDimSize(rank - 1);
  if (maxElements <= 0 ||
      (!ShapedType::isDynamic(staticLength) && staticLength > maxElements))
    return {};
  auto type = cast<RankedTensorType>(tensor.getType());
  auto layout = StridedLayoutAttr::get(
      b.getContext(), ShapedType::kDynamic,
      SmallVector<int64_t>(type.getRank(), ShapedType::kDynamic));
  Value buffer = bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(type.getShape(), type.getElementType(), layout),
      tensor, /*read_only=*/true);
  Value fits = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::ule, length, index(maxElements));
  return {buffer, fits};
}

Value VectorKernelBuilder::write(
    ValueRange prefix, Value output,
    function_ref<Value(Value x, Value j, Value mask)> body, StreamPolicy stream,
    Value *sum) {
  bool writeSum = sum && residual;
  // One vector at `at`: the input (stored into the sum tensor when
  // requested), normalized into the output tensor.
  auto step = [&](SmallVector<Value> &tensors, Value at, Value mask) {
    if (!writeSum) {
      tensors[0] = storeOutputVector(
          body(loadInputVector(prefix, at, mask), at, mask), tensors[0],
          prefix, at, mask);
      return;
    }
    Value elements = loadInputElements(prefix, at, mask);
    tensors[1] = storeOutputVector(elements, tensors[1], prefix, at, mask);
    tensors[0] =
        storeOutputVector(body(convertVector(elements, accVectorType), at, mask),
                          tensors[0], prefix, at, mask);
  };
  auto unrolled = [&](Value j, ValueRange carried) -> SmallVector<Value> {
    SmallVector<Value> tensors(carried);
    for (int64_t u = 0; u < unroll; u += pairs ? 2 : 1) {
      Value at = offset(j, u * lanes);
      if (prefetchBuffer &&
          u * lanes * elementType.getWidth() / 8 % kStreamAlignment == 0)
        memref::PrefetchOp::create(b, loc, prefetchBuffer,
                                   indices(prefetchPrefix, at),
                                   /*isWrite=*/false, /*localityHint=*/3,
                                   /*isDataCache=*/true);
      if (pairs) {
        auto [even, odd] = loadInputPair(prefix, at);
        // Named so that the even results are built first on any compiler.
        Value evenResult = body(even, at, nullptr);
        Value oddResult = body(odd, offset(at, lanes), nullptr);
        tensors[0] =
            storeOutputPair(evenResult, oddResult, tensors[0], prefix, at);
        continue;
      }
      step(tensors, at, nullptr);
    }
    return tensors;
  };
  SmallVector<Value> written = {output};
  if (writeSum)
    written.push_back(*sum);
  Value streamEnd = index(0);
  if (streamStores) {
    // Every vector of the streaming loop starts a multiple of `lanes` after
    // the row start, so one alignment check of the row start (made by
    // norm-stream-stores after bufferization) covers all of its stores.
    bool wholeLines = stream == StreamPolicy::WholeLines;
    streamEnd = wholeLines ? wholeLinesEnd : alignedRowEnd;
    scf::ForOp streamLoop = buildMainLoop(index(0), streamEnd, written, unrolled);
    NormDialect::StreamStoresAttrHelper(b.getContext())
        .setAttr(streamLoop,
                 wholeLines ? Attribute(b.getI64IntegerAttr(kStreamAlignment))
                            : Attribute(b.getUnitAttr()));
    written.assign(streamLoop.result_begin(), streamLoop.result_end());
  }
  scf::ForOp mainLoop = buildMainLoop(streamEnd, mainEnd, written, unrolled);
  SmallVector<Value> results = buildTail(
      mainLoop.getResults(),
      [&](Value j, Value mask, ValueRange carried) -> SmallVector<Value> {
        SmallVector<Value> tensors(carried);
        step(tensors, j, mask);
        return tensors;
      });
  if (writeSum)
    *sum = results[1];
  return results[0];
}

SmallVector<Value> VectorKernelBuilder::accumulateRows(
    ArrayRef<SmallVector<Value>> prefixes, int64_t numSums,
    function_ref<SmallVector<Value>(Value x, int64_t r)> terms) {
  int64_t rows = prefixes.size();
  SmallVector<Value> zeros(numSums * rows, zeroVector());
  return sweepVectors(zeros, [&](Value j, Value mask, ValueRange accs) {
    SmallVector<Value> next(accs);
    for (int64_t r = 0; r < rows; ++r) {
      SmallVector<Value> contributions =
          terms(loadInputVector(prefixes[r], j, mask), r);
      for (int64_t s = 0; s < numSums; ++s)
        next[s * rows + r] =
            add(next[s * rows + r], keep(contributions[s], mask));
    }
    return next;
  });
}

Value VectorKernelBuilder::writeRows(
    ArrayRef<SmallVector<Value>> prefixes, Value output,
    function_ref<SmallVector<Value>(Value j, Value mask)> params,
    function_ref<Value(Value x, int64_t r, ValueRange params)> body,
    Value *sum) {
  bool writeSum = sum && residual;
  SmallVector<Value> inits = {output};
  if (writeSum)
    inits.push_back(*sum);
  auto step = [&](Value j, Value mask,
                  ValueRange carried) -> SmallVector<Value> {
    SmallVector<Value> tensors(carried);
    SmallVector<Value> shared = params(j, mask);
    for (auto [r, prefix] : llvm::enumerate(prefixes)) {
      Value x;
      if (writeSum) {
        Value elements = loadInputElements(prefix, j, mask);
        tensors[1] = storeOutputVector(elements, tensors[1], prefix, j, mask);
        x = convertVector(elements, accVectorType);
      } else {
        x = loadInputVector(prefix, j, mask);
      }
      tensors[0] =
          storeOutputVector(body(x, r, shared), tensors[0], prefix, j, mask);
    }
    return tensors;
  };
  SmallVector<Value> results = sweepVectors(inits, step);
  if (writeSum)
    *sum = results[1];
  return results[0];
}

SmallVector<Value>
VectorKernelBuilder::reduceTogether(ValueRange vectors,
                                    SmallVectorImpl<LaneSlot> &slots) {
  assert(llvm::isPowerOf2_64(lanes) && "the tree halves the lanes");
  // A vector of blocks of partial sums, with the index of the vector each
  // block sums (-1: padding).
  struct Blocks {
    Value sums;
    SmallVector<int64_t> owners;
  };
  SmallVector<Blocks> level;
  for (auto [i, vector] : llvm::enumerate(vectors))
    level.push_back({vector, {static_cast<int64_t>(i)}});
  while (!llvm::isPowerOf2_64(level.size()))
    level.push_back({zeroVector(), {-1}});
  // Plain adds: reassociating them would make a sum depend on its position.
  auto plainAdd = [&](Value lhs, Value rhs) -> Value {
    return arith::AddFOp::create(b, loc, lhs, rhs);
  };
  while (level.size() > 1 &&
         static_cast<int64_t>(level.front().owners.size()) < lanes) {
    SmallVector<Blocks> next;
    for (size_t k = 0; k < level.size(); k += 2) {
      const Blocks &first = level[k], &second = level[k + 1];
      int64_t size = lanes / first.owners.size(), half = size / 2;
      SmallVector<int64_t> lower, upper;
      Blocks merged;
      for (auto [block, owner] : llvm::enumerate(first.owners)) {
        for (int64_t source : {int64_t(0), lanes})
          for (int64_t t = 0; t < half; ++t) {
            lower.push_back(source + block * size + t);
            upper.push_back(source + block * size + half + t);
          }
        merged.owners.push_back(owner);
        merged.owners.push_back(second.owners[block]);
      }
      merged.sums = plainAdd(
          vector::ShuffleOp::create(b, loc, first.sums, second.sums, lower),
          vector::ShuffleOp::create(b, loc, first.sums, second.sums, upper));
      next.push_back(std::move(merged));
    }
    level = std::move(next);
  }
  slots.assign(vectors.size(), LaneSlot{0, 0});
  SmallVector<Value> results;
  for (auto [k, blocks] : llvm::enumerate(level)) {
    int64_t size = lanes / blocks.owners.size();
    Value sums = blocks.sums;
    for (int64_t half = size / 2; half >= 1; half /= 2) {
      SmallVector<int64_t> swapped;
      for (int64_t lane = 0; lane < lanes; ++lane)
        swapped.push_back(lane ^ half);
      sums = plainAdd(sums,
                      vector::ShuffleOp::create(b, loc, sums, sums, swapped));
    }
    for (auto [block, owner] : llvm::enumerate(blocks.owners))
      if (owner >= 0)
        slots[owner] = {static_cast<unsigned>(k),
                        static_cast<int64_t>(block) * size};
    results.push_back(sums);
  }
  return results;
}

Value VectorKernelBuilder::splatLane(Value vector, int64_t lane) {
  return vector::ShuffleOp::create(b, loc, vector, vector,
                                   SmallVector<int64_t>(lanes, lane));
}

SmallVector<Value> VectorKernelBuilder::buildVectorLoop(Value length,
                                                        ValueRange inits,
                                                        VectorStep body) {
  return buildVectorLoop(index(0), length, inits, body);
}

SmallVector<Value> VectorKernelBuilder::buildVectorLoop(Value lower,
                                                        Value upper,
                                                        ValueRange inits,
                                                        VectorStep body) {
  scf::ForOp loop = buildStridedLoop(
      lower, upper, lanes, inits, [&](Value j, ValueRange carried) {
        Value remaining = arith::SubIOp::create(b, loc, upper, j);
        Value mask =
            vector::CreateMaskOp::create(b, loc, maskType, ValueRange{remaining});
        return body(j, mask, carried);
      });
  return SmallVector<Value>(loop.getResults());
}

SmallVector<Value> VectorKernelBuilder::fold(ValueRange accs,
                                             int64_t numSums) {
  SmallVector<Value> sums;
  for (int64_t s = 0; s < numSums; ++s) {
    Value total = accs[s * unroll];
    for (int64_t u = 1; u < unroll; ++u)
      total = add(total, accs[s * unroll + u]);
    sums.push_back(total);
  }
  return sums;
}

SmallVector<Value> VectorKernelBuilder::reduce(ValueRange vectors) {
  return llvm::map_to_vector(vectors, [&](Value v) -> Value {
    return vector::ReductionOp::create(b, loc, vector::CombiningKind::ADD, v,
                                       arith::FastMathFlags::reassoc);
  });
}

Value VectorKernelBuilder::keep(Value value, Value mask) {
  if (!mask)
    return value;
  return arith::SelectOp::create(b, loc, mask, value, zeroVector());
}

SmallVector<Value>
VectorKernelBuilder::buildIf(Value condition, TypeRange types,
                             function_ref<SmallVector<Value>()> thenBody,
                             function_ref<SmallVector<Value>()> elseBody) {
  auto ifOp = scf::IfOp::create(b, loc, types, condition,
                                /*withElseRegion=*/true);
  for (Block *block : {ifOp.thenBlock(), ifOp.elseBlock()})
    if (!block->empty())
      block->getTerminator()->erase();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  scf::YieldOp::create(b, loc, thenBody());
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, loc, elseBody());
  return SmallVector<Value>(ifOp.getResults());
}
