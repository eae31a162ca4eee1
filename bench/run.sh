#!/usr/bin/env bash
# The CPU benchmark of norm-mlir against oneDNN, PyTorch, a plain C++ loop and
# memcpy (see bench/README.md), then the residual add + norm rows
# (bench/residual.py: results/residual.md). Not part of the test suite.
#
#   bench/run.sh [--quick] [--build] [bench.py options...]
#
#   --quick   a small subset, for a smoke test (writes results/cpu-quick.*
#             and results/residual-quick.md)
#   --build   rebuild norm-opt/norm-run first (under the shared build lock);
#             by default they are built only when missing
# Other options go to bench/bench.py (--only REGEX, --threads 1,2, --reps N,
# --pipeline-options "...", --update-docs); `bench/bench.py --help` lists them.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
PYTHON=/usr/bin/python3   # Debian's, with numpy/torch/matplotlib

build=0
quick=0
pass=()
for arg in "$@"; do
  case "$arg" in
    --build) build=1 ;;
    --quick) quick=1; pass+=("$arg") ;;
    *) pass+=("$arg") ;;
  esac
done

# 1. Debian packages (idempotent).
packages=(libdnnl-dev python3-torch python3-matplotlib python3-numpy
          clang-22 libomp-22-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "bench: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

# 2. Our tools (the shared build directory is only touched under its lock).
if [ "$build" = 1 ] || [ ! -x "$BUILD_DIR/bin/norm-run" ] || [ ! -x "$BUILD_DIR/bin/norm-opt" ]; then
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    BUILD_DIR=$BUILD_DIR "$ROOT/scripts/build.sh"
  else
    flock /tmp/norm-build.lock ninja -C "$BUILD_DIR" -j2 norm-opt norm-run
  fi
fi

# 3. The peer driver (not part of the CMake build).
mkdir -p "$BENCH/build"
peers=$BENCH/build/peers
if [ ! -x "$peers" ] || [ "$BENCH/peers/peers.cpp" -nt "$peers" ]; then
  echo "bench: building $peers"
  clang++-22 -std=c++17 -O3 -march=native -fopenmp -Wall -Wextra \
    -o "$peers" "$BENCH/peers/peers.cpp" -ldnnl
fi

# 4. Measure and report.
"$PYTHON" "$BENCH/bench.py" --norm-run "$BUILD_DIR/bin/norm-run" \
  --norm-opt "$BUILD_DIR/bin/norm-opt" --peers "$peers" ${pass[@]+"${pass[@]}"}

# 5. The residual rows: add + norm fused (one op) vs the unfused pair vs
# PyTorch eager add + norm (bench/residual.py).
if [ "$quick" = 1 ]; then
  "$PYTHON" "$BENCH/residual.py" --norm-run "$BUILD_DIR/bin/norm-run" \
    --quick --output "$BENCH/results/residual-quick.md"
else
  "$PYTHON" "$BENCH/residual.py" --norm-run "$BUILD_DIR/bin/norm-run" \
    --reps 5 --output "$BENCH/results/residual.md"
fi
