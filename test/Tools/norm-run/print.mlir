// Printed results, iree-run-module style: at most --print-max-element-count
// elements (default 1024), then "..." and a summary line with the shape, the
// dtype, min/max/mean (over the non-NaN elements) and the NaN and Inf counts.

// Small results print in full, with no summary.
// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="2x3xf32=1 2 3 4 5 6" --input="2x3xf32=1 1 1 1 1 1" \
// RUN:   | FileCheck %s --check-prefix=FULL
// FULL: result[0]: 2x3xf32={{\[\[}}2 3 4][5 6 7]]
// FULL-NOT: summary

// Past the maximum: the first elements, "..." where the rest would be, the
// brackets closed, then the summary.
// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="2x3xf32=1 2 3 4 5 6" --input="2x3xf32=1 1 1 1 nan inf" \
// RUN:   --print-max-element-count=4 | FileCheck %s --check-prefix=ELIDE
// ELIDE: result[0]: 2x3xf32={{\[\[}}2 3 4][5 ...]]
// ELIDE-NEXT: result[0] summary: shape=2x3 dtype=f32 elements=6 min=2 max=inf mean=inf nan=1 inf=1 printed=4{{$}}
// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="2x3xf32=1 2 3 4 5 6" --input="2x3xf32=0 0 0 0 0 0" \
// RUN:   --print-max-element-count=3 | FileCheck %s --check-prefix=ROW
// ROW: result[0]: 2x3xf32={{\[\[}}1 2 3][...]]
// ROW-NEXT: result[0] summary: shape=2x3 dtype=f32 elements=6 min=1 max=6 mean=3.5 nan=0 inf=0 printed=3{{$}}

// 0 prints only the summary; a rank-0 result always prints its value.
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="4xf32=1 2 3 4.5" --print-max-element-count=0 \
// RUN:   | FileCheck %s --check-prefix=ZERO
// ZERO: result[0]: 4xf32=[...]
// ZERO-NEXT: result[0] summary: shape=4 dtype=f32 elements=4 min=2 max=9 mean=5.25 nan=0 inf=0 printed=0{{$}}
// ZERO-NEXT: result[1]: f32=10.5
// ZERO-NOT: summary

// The default maximum is 1024: 1025 elements are elided, 1024 are not.
// RUN: %python -c "print('1025xf32=' + ' '.join(['0.5'] * 1025))" > %t.1025
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="$(cat %t.1025)" | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: result[0]: 1025xf32=[1 1 {{.*}} 1 ...]
// DEFAULT-NEXT: result[0] summary: shape=1025 dtype=f32 elements=1025 min=1 max=1 mean=1 nan=0 inf=0 printed=1024{{$}}
// DEFAULT-NEXT: result[1]: f32=512.5
// RUN: %python -c "print('1024xf32=' + ' '.join(['0.5'] * 1024))" > %t.1024
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="$(cat %t.1024)" | FileCheck %s --check-prefix=EXACT
// EXACT: result[0]: 1024xf32=[1 1 {{.*}} 1]
// EXACT-NOT: summary

// Integers summarize too.
// RUN: norm-run %S/Inputs/kernels.mlir --function=sub_i32_mul_i64 \
// RUN:   --input="3xi32=5 -7 2" --input="3xi32=1 1 1" --input="3xi64=2 3 -4" \
// RUN:   --input="3xi64=1 1 1" --print-max-element-count=1 \
// RUN:   | FileCheck %s --check-prefix=INT
// INT: result[0]: 3xi32=[4 ...]
// INT-NEXT: result[0] summary: shape=3 dtype=i32 elements=3 min=-8 max=4 mean=-1 nan=0 inf=0 printed=1{{$}}
// INT-NEXT: result[1]: 3xi64=[2 ...]
// INT-NEXT: result[1] summary: shape=3 dtype=i64 elements=3 min=-4 max=3 mean=0.333333 nan=0 inf=0 printed=1{{$}}

// Every element NaN: min, max and mean are nan.
// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="1x2xf32=nan nan" --input="1x2xf32=0 0" \
// RUN:   --print-max-element-count=1 | FileCheck %s --check-prefix=NAN
// NAN: result[0] summary: shape=1x2 dtype=f32 elements=2 min=nan max=nan mean=nan nan=2 inf=0 printed=1{{$}}
