//===- RowNorm.cpp - layer_norm and rms_norm to vector loops -*- C++ -*-===//
//
// Lowers a row norm (normalizing its last dim) straight to loops over rows
// whose body streams the row through vector registers: independent vector
// accumulators per pass, one horizontal reduction per pass, masked tails,
// and a normalization pass that reads the row back while it is in cache.
// The kernel builder and the row loops are in RowKernel.cpp, the choice
// between rows one at a time and groups of short rows in RowSchedule.cpp.
//
//===----------------------------------------------------------------------===//

#include "NormToVector.h"
#include "RowKernel.h"
#include "norm/Conversion/NormCommon/Statistics.h"
#include "norm/Conversion/NormToVector/NormToVector.h"
#include "norm/Dialect/Norm/IR/NormOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::norm;

/// ((x - m1) - c) * rstd * scale + bias (the epsilon = 0 guard on the
/// deviation, buildScaledDeviation); `scale` and `bias` give the parameter
/// vectors when the op has them (null otherwise), asked for after the
/// deviation is built.
static Value buildLayerNormValue(OpBuilder &b, Location loc, Value x, Value m1,
                                 Value c, Value rstd, double epsilon,
                                 function_ref<Value()> scale,
                                 function_ref<Value()> bias) {
  Value d =
      arith::SubFOp::create(b, loc, arith::SubFOp::create(b, loc, x, m1), c);
  Value y = buildScaledDeviation(b, loc, d, rstd, epsilon);
  Value g = scale(), beta = bias();
  if (g && beta)
    return math::FmaOp::create(b, loc, y, g, beta);
  if (g)
    y = arith::MulFOp::create(b, loc, y, g);
  if (beta)
    y = arith::AddFOp::create(b, loc, y, beta);
  return y;
}

namespace {
/// Rewrites a row norm `OpTy` over its last dim into the row kernels that
/// buildRowKernels picks: loops over rows whose body buildRow builds, or
/// loops over groups of short rows (short-row-elements) whose body
/// buildGroup builds, both carrying the tensors of buildRowInits. A row
/// norm pattern says what the passes over a row or a group compute; this
/// one builds the kernel and the loops and replaces the op.
template <typename OpTy> struct RowNormToVector : OpRewritePattern<OpTy> {
  RowNormToVector(MLIRContext *context,
                  const ConvertNormToVectorPassOptions &options)
      : OpRewritePattern<OpTy>(context), options(options) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const final {
    if (op.getNormalizedAxis() != op.getInput().getType().getRank() - 1)
      return rewriter.notifyMatchFailure(op, "normalizes more than one dim");
    Location loc = op.getLoc();
    Value input = op.getInput();
    RowKernelBuilder kernel(rewriter, loc, input, op.getAccumulatorType(),
                            getKernelOptions(op));
    kernel.setResidual(op.getResidual());
    SmallVector<Value> inits =
        buildRowInits(rewriter, loc, op, op.getSum(), kernel);
    auto perRow = [&](ValueRange inits, Value active) {
      // Half-precision parameters are widened once, not once per row (in
      // pair mode: in the order loadInputPair delivers the row).
      SmallVector<Value> params =
          llvm::map_to_vector(getParams(op), [&](Value param) {
            return param ? kernel.convertParam(param) : Value();
          });
      kernel.buildNextRowPrefetch();
      return buildRowLoops(
          rewriter, loc, input, inits,
          [&](ValueRange rows, ValueRange carried) {
            kernel.prefetchNextRow(rows);
            return buildRow(op, rewriter, kernel, params, rows, carried);
          },
          active);
    };
    auto perGroup = [&](ValueRange inits, Value active) {
      return buildRowGroupLoops(
          rewriter, loc, input, options.shortRowGroup, inits,
          [&](RowGroup rows, ValueRange carried) {
            return buildGroup(op, rewriter, kernel, rows, carried);
          },
          active);
    };
    SmallVector<Value> results =
        buildRowKernels(kernel, inits, options, perRow, perGroup);
    rewriter.replaceOp(op, finishStats(rewriter, loc, op, results));
    return success();
  }

  /// The options of `op`'s kernel: without streaming when each element
  /// moves fewer than stream-min-bytes-per-pass bytes to or from memory per
  /// pass over its row (getNumPasses).
  ConvertNormToVectorPassOptions getKernelOptions(OpTy op) const {
    ConvertNormToVectorPassOptions kernelOptions = options;
    int64_t elementBytes =
        op.getInput().getType().getElementType().getIntOrFloatBitWidth() / 8;
    int64_t streams = 2 + (op.getResidual() ? 1 : 0) + (op.getSum() ? 1 : 0);
    if (elementBytes * streams < options.streamMinBytesPerPass * getNumPasses())
      kernelOptions.streamStores = false;
    return kernelOptions;
  }

  /// How many times the row kernel reads each row (once from memory, then
  /// from the cache).
  virtual int64_t getNumPasses() const = 0;

  /// The per-position parameters of `op` (1-D over the row), null where the
  /// op has none.
  virtual SmallVector<Value> getParams(OpTy op) const = 0;

  /// The passes over the row at `rows`: returns the carried tensors (see
  /// buildRowResults). `params` are getParams in the accumulation type.
  virtual SmallVector<Value> buildRow(OpTy op, PatternRewriter &rewriter,
                                      RowKernelBuilder &kernel,
                                      ArrayRef<Value> params, ValueRange rows,
                                      ValueRange carried) const = 0;

  /// The passes over the group of rows `rows`: returns the carried tensors
  /// (see buildRowGroupResults).
  virtual SmallVector<Value> buildGroup(OpTy op, PatternRewriter &rewriter,
                                        RowKernelBuilder &kernel, RowGroup rows,
                                        ValueRange carried) const = 0;

  /// The normalization pass of the row at `rows`: writes `body(x, j, mask)`
  /// into the output (and the `sum`) that `carried` holds; returns the
  /// carried tensors with the row's statistics `stats` written
  /// (buildRowResults).
  SmallVector<Value>
  writeRow(OpTy op, PatternRewriter &rewriter, RowKernelBuilder &kernel,
           ValueRange rows, ValueRange carried,
           function_ref<Value(Value x, Value j, Value mask)> body,
           ArrayRef<Value> stats) const {
    Value sum = op.getSum() ? carried[1] : Value();
    Value output =
        kernel.buildRowWrite(rows, carried[0], body, sum ? &sum : nullptr);
    return buildRowResults(rewriter, op.getLoc(), carried, output, sum, rows,
                           stats);
  }

  /// The normalization pass of the group `rows`: writes `body(x, r, params)`
  /// into the output (and the `sum`) that `carried` holds, `params` being
  /// the vectors of getParams (each read once for the whole group, null
  /// where the op has no such parameter); returns the carried tensors with
  /// the statistics of each row written (buildRowGroupResults).
  SmallVector<Value>
  writeGroup(OpTy op, PatternRewriter &rewriter, RowKernelBuilder &kernel,
             RowGroup rows, ValueRange carried,
             function_ref<Value(Value x, int64_t r, ValueRange params)> body,
             ArrayRef<ArrayRef<Value>> stats,
             ArrayRef<VectorKernelBuilder::LaneSlot> slots) const {
    Value sum = op.getSum() ? carried[1] : Value();
    Value output = kernel.writeRows(
        rows, carried[0],
        [&](Value j, Value mask) {
          return llvm::map_to_vector(getParams(op), [&](Value param) {
            return param ? kernel.readVector(param, j, mask) : Value();
          });
        },
        body, sum ? &sum : nullptr);
    return buildRowGroupResults(rewriter, op.getLoc(), carried, output, sum,
                                rows, stats, slots);
  }

  ConvertNormToVectorPassOptions options;
};

/// Rewrites `norm.layer_norm` over its last dim into loops over rows; per
/// row: a vector pass summing x (first mean m1), a vector pass summing
/// d = x - m1 and d^2, and a vector pass writing
/// ((x - m1) - c) * rstd * scale + bias with c = sum(d)/n. Statistics are
/// the same corrected two-pass ones as the linalg lowering. Short rows
/// (short-row-elements) go a group of rows at a time: the same three passes,
/// each over every row of the group, the statistics computed for the group
/// in the lanes of one vector.
struct LayerNormToVector : RowNormToVector<LayerNormOp> {
  using RowNormToVector::RowNormToVector;

  int64_t getNumPasses() const override { return 3; }

  SmallVector<Value> getParams(LayerNormOp op) const override {
    return {op.getScale(), op.getBias()};
  }

  SmallVector<Value> buildRow(LayerNormOp op, PatternRewriter &rewriter,
                              RowKernelBuilder &kernel, ArrayRef<Value> params,
                              ValueRange rows,
                              ValueRange carried) const override {
    Location loc = op.getLoc();
    double epsilon = op.getAccumulatorEpsilon();
    Value sum = kernel.buildRowSums(
        rows, 1, [](Value x) { return SmallVector<Value>{x}; })[0];
    Value firstMean = buildMean(rewriter, loc, sum, kernel.count);
    Value m1 = kernel.splat(firstMean);
    SmallVector<Value> sums =
        kernel.buildRowSums(rows, 2, [&](Value x) -> SmallVector<Value> {
          Value d = arith::SubFOp::create(rewriter, loc, x, m1);
          return {d, buildSquare(rewriter, loc, d)};
        });
    CentredMoments moments = buildCentredMoments(
        rewriter, loc, firstMean, sums[0], sums[1], kernel.count);
    Value invStdDev =
        buildInverseSqrt(rewriter, loc, moments.variance, epsilon);
    Value c = kernel.splat(moments.correction);
    Value rstd = kernel.splat(invStdDev);
    // The parameters are read after the deviation is built.
    auto param = [&](Value tensor, Value j, Value mask) {
      return tensor ? kernel.readVector(tensor, j, mask) : Value();
    };
    return writeRow(op, rewriter, kernel, rows, carried,
                    [&](Value x, Value j, Value mask) -> Value {
                      return buildLayerNormValue(
                          rewriter, loc, x, m1, c, rstd, epsilon,
                          [&] { return param(params[0], j, mask); },
                          [&] { return param(params[1], j, mask); });
                    },
                    {op.getMean() ? moments.mean : Value(),
                     op.getInvStdDev() ? invStdDev : Value()});
  }

  SmallVector<Value> buildGroup(LayerNormOp op, PatternRewriter &rewriter,
                                RowKernelBuilder &kernel, RowGroup rows,
                                ValueRange carried) const override {
    Location loc = op.getLoc();
    double epsilon = op.getAccumulatorEpsilon();
    int64_t group = rows.size();
    SmallVector<VectorKernelBuilder::LaneSlot> slots;
    SmallVector<Value> firstMeans = kernel.reduceTogether(
        kernel.accumulateRows(
            rows, 1, [](Value x, int64_t) { return SmallVector<Value>{x}; }),
        slots);
    for (Value &mean : firstMeans)
      mean = buildMean(rewriter, loc, mean, kernel.count);
    SmallVector<Value> m1 = splatPerRow(kernel, firstMeans, slots);
    SmallVector<Value> accs = kernel.accumulateRows(
        rows, 2, [&](Value x, int64_t r) -> SmallVector<Value> {
          Value d = arith::SubFOp::create(rewriter, loc, x, m1[r]);
          return {d, buildSquare(rewriter, loc, d)};
        });
    // Both sums have the layout of the first means (same count of vectors,
    // same tree).
    SmallVector<Value> sumsD =
        kernel.reduceTogether(ValueRange(accs).take_front(group), slots);
    SmallVector<Value> sumsD2 =
        kernel.reduceTogether(ValueRange(accs).drop_front(group), slots);
    SmallVector<Value> means, corrections, invStdDevs;
    for (auto [firstMean, sumD, sumD2] :
         llvm::zip_equal(firstMeans, sumsD, sumsD2)) {
      CentredMoments moments = buildCentredMoments(rewriter, loc, firstMean,
                                                   sumD, sumD2, kernel.count);
      means.push_back(moments.mean);
      corrections.push_back(moments.correction);
      invStdDevs.push_back(
          buildInverseSqrt(rewriter, loc, moments.variance, epsilon));
    }
    SmallVector<Value> c = splatPerRow(kernel, corrections, slots);
    SmallVector<Value> rstd = splatPerRow(kernel, invStdDevs, slots);
    return writeGroup(
        op, rewriter, kernel, rows, carried,
        [&](Value x, int64_t r, ValueRange params) -> Value {
          return buildLayerNormValue(
              rewriter, loc, x, m1[r], c[r], rstd[r], epsilon,
              [&] { return params[0]; }, [&] { return params[1]; });
        },
        {op.getMean() ? ArrayRef<Value>(means) : ArrayRef<Value>(),
         op.getInvStdDev() ? ArrayRef<Value>(invStdDevs) : ArrayRef<Value>()},
        slots);
  }
};

/// x * rstd (the epsilon = 0 guard) * scale; `scale` gives the scale vector
/// when the op has one (null otherwise), asked for after x * rstd is built.
static Value buildRMSNormValue(OpBuilder &b, Location loc, Value x, Value rstd,
                               double epsilon, function_ref<Value()> scale) {
  Value y = buildScaledDeviation(b, loc, x, rstd, epsilon);
  if (Value gamma = scale())
    y = arith::MulFOp::create(b, loc, y, gamma);
  return y;
}

/// Rewrites `norm.rms_norm` over its last dim into loops over rows; per row:
/// a vector pass summing x^2 and a vector pass writing x * rstd * scale.
/// Short rows (short-row-elements) go a group of rows at a time.
struct RMSNormToVector : RowNormToVector<RMSNormOp> {
  using RowNormToVector::RowNormToVector;

  int64_t getNumPasses() const override { return 2; }

  SmallVector<Value> getParams(RMSNormOp op) const override {
    return {op.getScale()};
  }

  SmallVector<Value> buildRow(RMSNormOp op, PatternRewriter &rewriter,
                              RowKernelBuilder &kernel, ArrayRef<Value> params,
                              ValueRange rows,
                              ValueRange carried) const override {
    Location loc = op.getLoc();
    double epsilon = op.getAccumulatorEpsilon();
    Value sumSquares =
        kernel.buildRowSums(rows, 1, [&](Value x) -> SmallVector<Value> {
          return {buildSquare(rewriter, loc, x)};
        })[0];
    Value meanSquare = buildMean(rewriter, loc, sumSquares, kernel.count);
    Value invRms = buildInverseSqrt(rewriter, loc, meanSquare, epsilon);
    Value rstd = kernel.splat(invRms);
    Value scale = params[0];
    return writeRow(
        op, rewriter, kernel, rows, carried,
        [&](Value x, Value j, Value mask) -> Value {
          return buildRMSNormValue(rewriter, loc, x, rstd, epsilon, [&] {
            return scale ? kernel.readVector(scale, j, mask) : Value();
          });
        },
        {op.getInvRms() ? invRms : Value()});
  }

  SmallVector<Value> buildGroup(RMSNormOp op, PatternRewriter &rewriter,
                                RowKernelBuilder &kernel, RowGroup rows,
                                ValueRange carried) const override {
    Location loc = op.getLoc();
    double epsilon = op.getAccumulatorEpsilon();
    SmallVector<VectorKernelBuilder::LaneSlot> slots;
    SmallVector<Value> invRms = kernel.reduceTogether(
        kernel.accumulateRows(rows, 1,
                              [&](Value x, int64_t) -> SmallVector<Value> {
                                return {buildSquare(rewriter, loc, x)};
                              }),
        slots);
    for (Value &value : invRms)
      value = buildInverseSqrt(rewriter, loc,
                               buildMean(rewriter, loc, value, kernel.count),
                               epsilon);
    SmallVector<Value> rstd = splatPerRow(kernel, invRms, slots);
    return writeGroup(
        op, rewriter, kernel, rows, carried,
        [&](Value x, int64_t r, ValueRange params) -> Value {
          return buildRMSNormValue(rewriter, loc, x, rstd[r], epsilon,
                                   [&] { return params[0]; });
        },
        {op.getInvRms() ? ArrayRef<Value>(invRms) : ArrayRef<Value>()}, slots);
  }
};
} // namespace

void mlir::norm::populateRowNormToVectorPatterns(
    RewritePatternSet &patterns,
    const ConvertNormToVectorPassOptions &options) {
  patterns.add<LayerNormToVector, RMSNormToVector>(patterns.getContext(),
                                                   options);
}
