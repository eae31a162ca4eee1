#!/usr/bin/env bash
# Builds norm-opt and norm-run with ThreadSanitizer (-DNORM_SANITIZER=thread,
# assertions on) into ${BUILD_DIR:-build-tsan} and runs the lit tests that
# need that build: `norm-run --sanitize=thread` instruments the JIT-compiled
# kernels, and the TSan runtime linked into norm-run checks them.
# Arguments go to lit instead of the default selection (e.g.
# "$BUILD_DIR/test/Execution", or --filter=... "$BUILD_DIR/test").
#
# libMLIR.so/libLLVM.so/libomp.so are not instrumented: TSan sees the
# accesses of our code and of the instrumented kernels only.
#  - OMP_TOOL_LIBRARIES=libarcher.so: LLVM's Archer OMPT tool (libomp-22-dev)
#    tells TSan about libomp's fork, join, barriers, tasks and locks, which
#    it cannot see otherwise (false races between a kernel's code before and
#    after a barrier, or across parallel regions on the reused pool threads).
#  - TSAN_OPTIONS: halt_on_error=1 stops at the first report; exitcode=66
#    makes a report fail the run even where the kernel's result is right;
#    ignore_noninstrumented_modules=1 ignores the interceptors (malloc,
#    memcpy, pthread) called from the uninstrumented libraries, whose
#    internal synchronization TSan cannot see.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-tsan}
LLVM_PREFIX=$(llvm-config-22 --prefix)

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS_RELEASE=-O2 -DCMAKE_CXX_FLAGS_RELEASE=-O2 \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM_PREFIX/bin/lit" \
    -DNORM_SANITIZER=thread
fi
# The lock serializes compiles with the other build directories of this
# checkout (a no-op where nobody else builds).
flock /tmp/norm-build.lock ninja -C "$BUILD_DIR" -j2 norm-opt norm-run

export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=66:ignore_noninstrumented_modules=1}
export OMP_TOOL_LIBRARIES=${OMP_TOOL_LIBRARIES:-$(llvm-config-22 --libdir)/libarcher.so}
if [ ! -f "$OMP_TOOL_LIBRARIES" ]; then
  echo "test-tsan.sh: $OMP_TOOL_LIBRARIES not found (install libomp-22-dev)" >&2
  exit 1
fi
# Default selection: the norm-run --sanitize tests and the differential
# programs split across threads under TSan (the rest of the suite
# exercises single-threaded host code that build-asan already checks).
if [ $# -eq 0 ]; then
  set -- --filter='Tools/norm-run/sanitize-|Differential/fixed-seed-tsan|Regression/shared-empty-tensor-race' "$BUILD_DIR/test"
fi
"$LLVM_PREFIX/bin/lit" -sv -j2 "$@"
