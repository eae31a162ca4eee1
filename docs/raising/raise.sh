#!/usr/bin/env bash
# Regenerates the raised forms quoted in docs/raising.md: each test input of
# norm-raise run through `norm-opt --split-input-file --norm-raise`.
#   docs/raising/raise.sh NORM_OPT [OUTDIR]   (OUTDIR: docs/raising)
# test/Docs/raising-excerpts.test diffs them against the checked-in files and
# checks the excerpts of docs/raising.md against these and the inputs.
set -euo pipefail
norm_opt=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
out=${2:-$here}
for input in raise-linalg raise-linalg-dynamic raise-tosa; do
  "$norm_opt" "$root/test/Dialect/Norm/$input.mlir" --split-input-file \
    --norm-raise 2>/dev/null > "$out/$input.after.mlir"
done
