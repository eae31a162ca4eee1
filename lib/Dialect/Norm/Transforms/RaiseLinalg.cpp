//===- RaiseLinalg.cpp - Norm ops from linalg decompositions -*- C++ -*-===//
//
// Patterns that find normalizations decomposed into linalg ops on tensors.
//
//===----------------------------------------------------------------------===//

#include "norm/Dialect/Norm/Transforms/Raise.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;

void mlir::norm::populateRaiseLinalgPatterns(RewritePatternSet &patterns) {}
