#include "NormToLinalg.h"
void mlir::norm::populateBatchNormToLinalgPatterns(RewritePatternSet &) {}
