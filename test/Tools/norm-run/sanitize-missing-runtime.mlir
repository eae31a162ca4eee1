// norm-run --sanitize=X needs X's runtime in norm-run itself (a build
// configured with -DNORM_SANITIZER=X); without it, it stops with an error
// before anything is compiled.

// RUN: %if !tsan-jit %{ not norm-run %s --sanitize=thread --input="2xf32=1 2" 2>&1 | FileCheck %s --check-prefix=THREAD %}
// THREAD: norm-run: error: --sanitize=thread needs the sanitizer runtime in norm-run itself, but this norm-run was built without it; use a build configured with -DNORM_SANITIZER=thread

// RUN: %if !asan-jit %{ not norm-run %s --sanitize=address --input="2xf32=1 2" 2>&1 | FileCheck %s --check-prefix=ADDRESS %}
// ADDRESS: norm-run: error: --sanitize=address needs the sanitizer runtime in norm-run itself, but this norm-run was built without it; use a build configured with -DNORM_SANITIZER=address

// Unknown sanitizers are rejected by the option parser.
// RUN: not norm-run %s --sanitize=memory 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: Cannot find option named 'memory'!

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
