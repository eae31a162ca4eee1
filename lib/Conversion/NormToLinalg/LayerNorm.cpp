#include "NormToLinalg.h"
void mlir::norm::populateLayerNormToLinalgPatterns(RewritePatternSet &) {}
