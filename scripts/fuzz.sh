#!/usr/bin/env bash
# Builds norm-fuzz (libFuzzer + ASan + UBSan) into ${BUILD_DIR:-build-fuzz}
# and runs a bounded campaign: fuzz.sh [SECONDS (default 600)] [WORKERS (2)].
#
#   corpus:    ${FUZZ_DIR:-build-fuzz/fuzz}/corpus   (grows; reused across runs)
#   crashers:  ${FUZZ_DIR}/crashers/{crash,leak,oom,timeout}-<sha1>
#   log:       ${FUZZ_DIR}/fuzz.log
# Seeds: every `// -----` chunk of test/**/*.mlir and examples/**/*.mlir
# (tools/norm-fuzz/make-corpus.py) and 200 programs of the differential
# tester's generator (test/Differential/difftest.py --emit-modules).
# Dictionary: tools/norm-fuzz/norm.dict.
# Our code is compiled without -DNDEBUG: assertions (ours and those of the LLVM
# and MLIR headers inlined into it, e.g. cast<>) are on although the Debian
# libMLIR.so is a release build.
# Reproduce a crasher: build-fuzz/bin/norm-fuzz CRASHER; minimize it:
#   build-fuzz/bin/norm-fuzz -minimize_crash=1 -runs=20000 CRASHER
# Exits 1 when the campaign left any crash-*/leak-* file behind.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-600}
WORKERS=${2:-2}
BUILD_DIR=${BUILD_DIR:-build-fuzz}
FUZZ_DIR=${FUZZ_DIR:-$BUILD_DIR/fuzz}
LLVM_PREFIX=$(llvm-config-22 --prefix)

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS_RELEASE=-O2 -DCMAKE_CXX_FLAGS_RELEASE=-O2 \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM_PREFIX/bin/lit" \
    -DNORM_BUILD_FUZZER=ON
fi
# The lock serializes compiles with the other build directories of this
# checkout (a no-op where nobody else builds).
flock /tmp/norm-build.lock ninja -C "$BUILD_DIR" -j2 norm-fuzz

mkdir -p "$FUZZ_DIR/corpus" "$FUZZ_DIR/seeds" "$FUZZ_DIR/crashers"
python3 tools/norm-fuzz/make-corpus.py . "$FUZZ_DIR/seeds"
# Plus valid modules of every op from the differential tester's generator.
/usr/bin/python3 -W ignore test/Differential/difftest.py --seed 1 --count 200 \
  --no-regressions --emit-modules "$FUZZ_DIR/seeds"

# Leak detection is on; scripts/lsan.supp suppresses nothing (see there).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Fork mode: WORKERS child processes; a crash is saved and fuzzing goes on.
set +e
"$BUILD_DIR/bin/norm-fuzz" "$FUZZ_DIR/corpus" "$FUZZ_DIR/seeds" \
  -dict=tools/norm-fuzz/norm.dict \
  -fork="$WORKERS" -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
  -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=20 \
  -rss_limit_mb=3072 -print_final_stats=1 \
  -artifact_prefix="$FUZZ_DIR/crashers/" 2>&1 | tee "$FUZZ_DIR/fuzz.log"
set -e

found=$(find "$FUZZ_DIR/crashers" -name 'crash-*' -o -name 'leak-*' | wc -l)
echo "fuzz.sh: $found crash/leak artifact(s) in $FUZZ_DIR/crashers"
# Fork mode keeps only the first line of a child's report: rerun each
# artifact for its full stack trace and print the input, so that a CI log
# alone is enough to reproduce the failure.
for artifact in $(find "$FUZZ_DIR/crashers" -name 'crash-*' -o -name 'leak-*'); do
  echo "fuzz.sh: ===== $artifact (input, base64) ====="
  base64 -w 100 "$artifact"
  echo "fuzz.sh: ===== $artifact (rerun) ====="
  "$BUILD_DIR/bin/norm-fuzz" "$artifact" 2>&1 | tail -n 80 || true
done
[ "$found" -eq 0 ]
