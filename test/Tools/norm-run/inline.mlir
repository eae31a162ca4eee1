// norm-run with inline inputs; results printed iree-style.

// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="2x3xf32=1 2 3 4 5 6" --input="2x3xf32=0.5 0.25 -3 1e10 nan -inf" \
// RUN:   | FileCheck %s --check-prefix=ADD
// ADD: result[0]: 2x3xf32={{\[\[}}1.5 2.25 0][1e+10 nan -inf]]
// ADD-NOT: result[1]

// Values are separated by spaces or commas; f32 prints with %.9g so that
// it round-trips.
// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="1x3xf32=0.1,0.2,1e-45" --input="1x3xf32=0, 0, 0" \
// RUN:   | FileCheck %s --check-prefix=PRECISION
// PRECISION: result[0]: 1x3xf32={{\[\[}}0.100000001 0.200000003 1.40129846e-45]]

// Static shapes.
// RUN: norm-run %S/Inputs/kernels.mlir --function=add_static \
// RUN:   --input="2x3xf32=1 2 3 4 5 6" --input="2x3xf32=10 20 30 40 50 60" \
// RUN:   | FileCheck %s --check-prefix=STATIC
// STATIC: result[0]: 2x3xf32={{\[\[}}11 22 33][44 55 66]]

// Rank 0.
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_scalar --input="f32=3.5" \
// RUN:   | FileCheck %s --check-prefix=SCALAR
// SCALAR: result[0]: f32=7

// Zero-size tensors, in either dimension, and a reduction over zero elements.
// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="0x3xf32=" --input="0x3xf32=" | FileCheck %s --check-prefix=EMPTY0
// EMPTY0: result[0]: 0x3xf32=[]
// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="3x0xf32=" --input="3x0xf32=" | FileCheck %s --check-prefix=EMPTY1
// EMPTY1: result[0]: 3x0xf32={{\[\[}}][][]]
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum --input="0xf32=" \
// RUN:   | FileCheck %s --check-prefix=EMPTYSUM
// EMPTYSUM: result[0]: 0xf32=[]
// EMPTYSUM-NEXT: result[1]: f32=0

// Two results.
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="4xf32=1 2 3 4.5" | FileCheck %s --check-prefix=TWO
// TWO: result[0]: 4xf32=[2 4 6 9]
// TWO-NEXT: result[1]: f32=10.5

// f64, i32 and i64 (with their extreme values).
// RUN: norm-run %S/Inputs/kernels.mlir --function=fma_f64 \
// RUN:   --input="1x2xf64=0.1 3" --input="1x2xf64=1 -2" | FileCheck %s --check-prefix=F64
// F64: result[0]: 1x2xf64={{\[\[}}1.1000000000000001 -5]]
// RUN: norm-run %S/Inputs/kernels.mlir --function=sub_i32_mul_i64 \
// RUN:   --input="3xi32=5 -2147483648 2147483647" --input="3xi32=7 1 -1" \
// RUN:   --input="2xi64=9223372036854775807 -3" --input="2xi64=1 4" \
// RUN:   | FileCheck %s --check-prefix=INT
// INT: result[0]: 3xi32=[-2 2147483647 -2147483648]
// INT-NEXT: result[1]: 2xi64=[9223372036854775807 -12]

// f16 and bf16: inline values are rounded to nearest even, results print with
// 5 (f16) and 4 (bf16) significant digits.
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_f16 \
// RUN:   --input="2x2xf16=1 2 3 65504" --input="2xf16=0.5 0.1" \
// RUN:   | FileCheck %s --check-prefix=F16
// F16: result[0]: 2x2xf16={{\[\[}}0.5 0.19995][1.5 6548]]
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_bf16 \
// RUN:   --input="2x2xbf16=1 2 3 1e38" --input="2xbf16=0.5 0.1" \
// RUN:   | FileCheck %s --check-prefix=BF16
// BF16: result[0]: 2x2xbf16={{\[\[}}0.5 0.2002][1.5 9.969e+36]]
// Arithmetic directly on bf16 needs the __truncsfbf2 builtin norm-run provides.
// RUN: norm-run %S/Inputs/kernels.mlir --function=square_bf16 \
// RUN:   --input="3xbf16=1.5 3 0.1" | FileCheck %s --check-prefix=SQUARE
// SQUARE: result[0]: 3xbf16=[2.25 9 0.01001]

// A memref signature (no bufferization).
// RUN: norm-run %S/Inputs/kernels.mlir --function=negate_memref \
// RUN:   --input="3xf32=1 -2 0" | FileCheck %s --check-prefix=MEMREF
// MEMREF: result[0]: 3xf32=[-1 2 -0]

// --output=- prints explicitly; results past the last --output print too.
// RUN: rm -rf %t && mkdir -p %t
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="2xf32=1 2" --output=@%t/twice.npy | FileCheck %s --check-prefix=MIXED
// MIXED-NOT: result[0]
// MIXED: result[1]: f32=3
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="2xf32=1 2" --output=- --output=@%t/sum.npy | FileCheck %s --check-prefix=DASH
// DASH: result[0]: 2xf32=[2 4]
// DASH-NOT: result[1]

// The lowering pipeline can be printed (and replayed with norm-opt
// --pass-pipeline), and takes norm-cpu-pipeline's options.
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_scalar --input="f32=1" \
// RUN:   --print-pipeline | FileCheck %s --check-prefix=PIPELINE
// PIPELINE: pipeline: builtin.module(
// PIPELINE-SAME: convert-norm-to-linalg
// PIPELINE-SAME: one-shot-bufferize{
// PIPELINE-SAME: bufferize-function-boundaries=true
// PIPELINE-SAME: function-boundary-type-conversion=identity-layout-map
// PIPELINE-SAME: convert-func-to-llvm
// PIPELINE: result[0]: f32=2
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_scalar --input="f32=1" \
// RUN:   --pipeline-options="num-threads=1 tile=false" --print-pipeline \
// RUN:   | FileCheck %s --check-prefix=OPTIONS
// OPTIONS: pipeline: builtin.module(
// OPTIONS-NOT: norm-tile-and-fuse
// OPTIONS-NOT: openmp
// OPTIONS: result[0]: f32=2
