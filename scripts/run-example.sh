#!/usr/bin/env bash
# Installs, builds, then compiles and runs the bundled BERT encoder layer
# (examples/bert_layer.mlir: linalg as torch-mlir emits it, no norm ops) with
# norm-run: counts the LayerNorms that norm-raise turns into norm.layer_norm,
# times the compiled layer (time per call), and checks its result against
# the float64 NumPy reference. Then runs the small norm-op model
# (examples/model.mlir) and prints its results.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

bert=examples/bert_layer.mlir
in=examples/inputs/bert
args=()
for name in x wq bq wk bk wv bv wo bo ln1_weight ln1_bias w1 b1 w2 b2 \
            ln2_weight ln2_bias; do
  args+=("--input=@$in/$name.npy")
done
echo "== $bert: BERT post-LN encoder layer, seq 16, hidden 64, 2 heads"
raised=$("$BUILD_DIR/bin/norm-opt" "$bert" --norm-raise | grep -c "norm.layer_norm" || true)
echo "LayerNorms raised to norm.layer_norm by norm-raise: $raised of 2"
"$BUILD_DIR/bin/norm-run" "$bert" --function=bert_layer "${args[@]}" \
  --pipeline-options="raise=true" --benchmark-repetitions=50 \
  --output="@$out/bert.npy"
"$PYTHON" examples/reference.py bert --inputs "$in" --result "$out/bert.npy"

echo "== examples/model.mlir: residual add, LayerNorm, matmul, BatchNorm (norm ops)"
in=examples/inputs
"$BUILD_DIR/bin/norm-run" examples/model.mlir --function=main \
  --input=@$in/x.npy --input=@$in/residual.npy \
  --input=@$in/ln_scale.npy --input=@$in/ln_bias.npy \
  --input=@$in/weight.npy \
  --input=@$in/bn_scale.npy --input=@$in/bn_bias.npy \
  --input=@$in/bn_mean.npy --input=@$in/bn_var.npy
