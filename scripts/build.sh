#!/usr/bin/env bash
# Configures and builds norm-mlir into ${BUILD_DIR:-build} (Release, clang++-22,
# shared libMLIR.so/libLLVM.so, two jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
LLVM_BIN=$(llvm-config-22 --bindir)
cmake -G Ninja -S . -B "$BUILD_DIR" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
  -DMLIR_DIR="$(llvm-config-22 --prefix)/lib/cmake/mlir" \
  -DLLVM_EXTERNAL_LIT="$LLVM_BIN/lit" \
  "$@"
# The tools, and what the tests of the package need: the mlir-opt plugins, the
# C API library and its test program (and everything `cmake --install` lays
# out: test/Downstream installs the tree).
ninja -C "$BUILD_DIR" -j2 norm-opt norm-run norm-runner-test \
  NormDialectPlugin NormPassPlugin NormCAPI NormMLIR-C norm-capi-test
