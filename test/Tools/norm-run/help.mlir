// --help lists norm-run's own options first and hides the hundreds of LLVM
// and MLIR options; --help-hidden still lists them (and they still work).

// RUN: norm-run --help | FileCheck %s --check-prefix=HELP
// HELP: USAGE: norm-run [options] <model.mlir>
// HELP: OPTIONS:
// HELP-EMPTY:
// HELP-NEXT: Driver options (norm-run; --help-hidden lists MLIR's and LLVM's too):
// HELP-DAG: --benchmark-format=<value>
// HELP-DAG: --benchmark-repetitions=<uint>
// HELP-DAG: --function=<string>
// HELP-DAG: --input=<string>
// HELP-DAG: --output=<string>
// HELP-DAG: --pipeline-options=<string>
// HELP-DAG: --print-max-element-count=<long>
// HELP-DAG: --sanitize=<value>
// HELP: Generic Options:
// HELP: --help
// HELP-NOT: --mlir-
// HELP-NOT: --x86-
// HELP-NOT: --debug-pass

// The whole help stays short.
// RUN: norm-run --help | wc -l | FileCheck %s --check-prefix=LINES
// LINES: {{^[1-4][0-9]$}}

// RUN: norm-run --help-hidden | FileCheck %s --check-prefix=HIDDEN
// HIDDEN: Driver options (norm-run
// HIDDEN: --mlir-print-ir-after-all
// HIDDEN: --x86-asm-syntax

// A hidden option still works.
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_scalar --input="f32=3.5" \
// RUN:   --mlir-print-ir-after-all 2>&1 | FileCheck %s --check-prefix=WORKS
// WORKS: IR Dump After
// WORKS: result[0]: f32=7
