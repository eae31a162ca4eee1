#!/usr/bin/env bash
# Builds norm-opt, norm-run and norm-runner-test (the NormRunner library alone)
# with AddressSanitizer + UndefinedBehaviorSanitizer
# (-DNORM_ENABLE_SANITIZERS=ON, assertions on) into ${BUILD_DIR:-build-asan}
# and runs the whole lit suite against that build. Extra arguments go to lit
# (e.g. --filter=Execution).
#
# libMLIR.so/libLLVM.so are not instrumented; ASan still checks every access
# made by our code and intercepts every malloc/free, and UBSan checks our
# code. JIT-compiled kernels are instrumented only where a test asks for it
# with `norm-run --sanitize=address` (lit feature asan-jit, this build only:
# test/Tools/norm-run/sanitize-address.mlir); UBSan never sees them.
# Leaks: detected, and scripts/lsan.supp suppresses nothing (see there).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-asan}
LLVM_PREFIX=$(llvm-config-22 --prefix)

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS_RELEASE=-O2 -DCMAKE_CXX_FLAGS_RELEASE=-O2 \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM_PREFIX/bin/lit" \
    -DNORM_ENABLE_SANITIZERS=ON
fi
# The lock serializes compiles with the other build directories of this
# checkout (a no-op where nobody else builds).
flock /tmp/norm-build.lock ninja -C "$BUILD_DIR" -j2 norm-opt norm-run norm-runner-test mlir-doc

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
"$LLVM_PREFIX/bin/lit" -sv -j2 "$@" "$BUILD_DIR/test"
