#!/usr/bin/env bash
# Installs, builds, and compiles + runs the bundled example model (a residual
# add, a LayerNorm, a matmul and a BatchNorm) on its bundled .npy inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
in=examples/inputs
"$BUILD_DIR/bin/norm-run" examples/model.mlir --function=main \
  --input=@$in/x.npy --input=@$in/residual.npy \
  --input=@$in/ln_scale.npy --input=@$in/ln_bias.npy \
  --input=@$in/weight.npy \
  --input=@$in/bn_scale.npy --input=@$in/bn_bias.npy \
  --input=@$in/bn_mean.npy --input=@$in/bn_var.npy
