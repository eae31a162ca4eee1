//===- ReportInvalidPipelineOptions.cpp - report bad options -*- C++ -*-===//
//
// What a pipeline builder adds instead of its passes when its options are
// invalid.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/Transforms/Passes.h"

namespace mlir::norm {
#define GEN_PASS_DEF_NORMREPORTINVALIDPIPELINEOPTIONSPASS
#include "norm/Dialect/Norm/Transforms/Passes.h.inc"
} // namespace mlir::norm

using namespace mlir;
using namespace mlir::norm;

namespace {
/// Rewrites nothing: emits `message` as an error on the module and fails, in
/// place of a pipeline whose options are invalid.
struct NormReportInvalidPipelineOptionsPass
    : norm::impl::NormReportInvalidPipelineOptionsPassBase<
          NormReportInvalidPipelineOptionsPass> {
  using Base::Base;

  void runOnOperation() override {
    getOperation().emitError(message);
    signalPassFailure();
  }
};
} // namespace
