#!/usr/bin/env bash
# Writes every stage of the guide's examples into DIR (default: this folder):
#   NAME.1-linalg.mlir      --convert-norm-to-linalg, canonicalized
#   NAME.2-buffers.mlir     + one-shot bufferization and deallocation
#   NAME.3-loops.mlir       + linalg to scf loops
#   NAME.4-llvm.mlir        the whole norm-cpu-pipeline, untiled and serial
#                           (tile=false num-threads=1), so that the stages show
#                           the simple lowering step by step
# test/Docs/guide-stages.test reruns it and diffs against the checked-in files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
norm_opt=${1:?usage: stages.sh NORM_OPT [DIR]}
out=${2:-$here}
linalg=(--convert-norm-to-linalg --canonicalize --cse)
buffers=("${linalg[@]}"
  "--one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map"
  --buffer-deallocation-pipeline --canonicalize)
loops=("${buffers[@]}" --convert-linalg-to-loops --canonicalize --cse)
for name in layer_norm batch_norm; do
  in="$here/$name.mlir"
  "$norm_opt" "$in" "${linalg[@]}" > "$out/$name.1-linalg.mlir"
  "$norm_opt" "$in" "${buffers[@]}" > "$out/$name.2-buffers.mlir"
  "$norm_opt" "$in" "${loops[@]}" > "$out/$name.3-loops.mlir"
  "$norm_opt" "$in" "--norm-cpu-pipeline=tile=false num-threads=1" \
    > "$out/$name.4-llvm.mlir"
done
