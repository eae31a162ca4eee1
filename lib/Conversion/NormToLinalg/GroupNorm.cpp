#include "NormToLinalg.h"
void mlir::norm::populateGroupNormToLinalgPatterns(RewritePatternSet &) {}
