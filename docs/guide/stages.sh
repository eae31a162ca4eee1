#!/usr/bin/env bash
# Writes every stage of the guide's examples into DIR (default: this folder):
#   layer_norm.0-tiled.mlir the first step of the default pipeline alone:
#                           norm-tile-and-fuse with one row per tile
#   layer_norm_dynamic.0-vector.mlir
#                           the vector path alone: convert-norm-to-vector on the
#                           LayerNorm with dynamic sizes (on the 2x8 example the
#                           row loops fold away: 8 features are one vector)
#   layer_norm_dynamic.0-streaming.mlir
#                           the default pipeline (vector-width=8, and
#                           short-row-elements=0: the per-row kernel only) up
#                           to and including norm-stream-stores, as printed
#                           by --mlir-print-ir-after
#   NAME.1-linalg.mlir      --convert-norm-to-linalg=reassociate-sums=true,
#                           canonicalized (plain sums; the default, compensated
#                           sums are described in guide.md)
#   NAME.2-buffers.mlir     + one-shot bufferization and deallocation
#   NAME.3-loops.mlir       + linalg to scf loops
#   NAME.4-llvm.mlir        the whole norm-cpu-pipeline, untiled, linalg path, serial, one function
#                           (tile=false vectorize=false num-threads=1
#                           reassociate-sums=true), so that
#                           the stages show the simple lowering step by step
# test/Docs/guide-stages.test reruns it and diffs against the checked-in files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
norm_opt=${1:?usage: stages.sh NORM_OPT [DIR]}
out=${2:-$here}
# Absolute paths, then run from this folder with relative input names, so that
# the locations in the IR (e.g. in the run-time checks' messages) do not
# depend on where the checkout is.
case $norm_opt in */*) norm_opt=$(cd "$(dirname "$norm_opt")" && pwd)/$(basename "$norm_opt") ;; esac
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$here"
linalg=(--convert-norm-to-linalg=reassociate-sums=true --canonicalize --cse)
buffers=("${linalg[@]}"
  "--one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map"
  --buffer-deallocation-pipeline --canonicalize)
loops=("${buffers[@]}" --convert-linalg-to-loops --canonicalize --cse)
for name in layer_norm batch_norm; do
  in="$name.mlir"
  "$norm_opt" "$in" "${linalg[@]}" > "$out/$name.1-linalg.mlir"
  "$norm_opt" "$in" "${buffers[@]}" > "$out/$name.2-buffers.mlir"
  "$norm_opt" "$in" "${loops[@]}" > "$out/$name.3-loops.mlir"
  "$norm_opt" "$in" "--norm-cpu-pipeline=tile=false vectorize=false num-threads=1 reassociate-sums=true outline-kernels=false" \
    > "$out/$name.4-llvm.mlir"
done
# The default pipeline's first step, tiling, shown on its own: with one row per
# tile the 2x8 LayerNorm becomes an scf.forall over its two rows.
"$norm_opt" layer_norm.mlir \
  "--pass-pipeline=builtin.module(func.func(norm-tile-and-fuse{row-tile-size=1}),canonicalize,cse)" \
  > "$out/layer_norm.0-tiled.mlir"
# The vector path (the default for layer_norm and rms_norm over the last dim),
# on rows of any length so that the loops and the masked tails stay visible.
dynamic=layer_norm_dynamic.mlir
"$norm_opt" "$dynamic" \
  "--convert-norm-to-vector=vector-width=8 unroll=2 stream-stores=1" \
  --canonicalize --cse > "$out/layer_norm_dynamic.0-vector.mlir"
# The default pipeline up to norm-stream-stores: the IR dump goes to stderr.
# short-row-elements=0: the per-row kernel only (the dynamic row length would
# also bring the short-row group loops, which never stream).
"$norm_opt" "$dynamic" "--norm-cpu-pipeline=vector-width=8 short-row-elements=0" \
  --mlir-print-ir-after=norm-stream-stores -o /dev/null \
  2> "$out/layer_norm_dynamic.0-streaming.mlir"
