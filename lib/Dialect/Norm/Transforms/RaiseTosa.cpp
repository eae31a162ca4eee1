//===- RaiseTosa.cpp - Norm ops from TOSA decompositions ----*- C++ -*-===//
//
// Patterns that find normalizations decomposed into TOSA ops.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/Transforms/Raise.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;

void mlir::norm::populateRaiseTosaPatterns(RewritePatternSet &patterns) {}
