// --benchmark-repetitions: one warm-up call, N timed calls, then one
// parseable line with min and median time and the effective bandwidth
// (bytes of all inputs and results / median time).

// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="2x3xf32=1 2 3 4 5 6" --input="2x3xf32=1 1 1 1 1 1" \
// RUN:   --benchmark-repetitions=5 | FileCheck %s --check-prefix=ADD
// ADD: benchmark: repetitions=5 min_ms={{[0-9]+\.[0-9]+}} median_ms={{[0-9]+\.[0-9]+}} gbps={{[0-9]+\.[0-9]+}} bytes=72{{$}}
// ADD-NEXT: result[0]: 2x3xf32={{\[\[}}2 3 4][5 6 7]]

// Two results of different sizes: 3 * 4 + 3 * 4 + 4 bytes.
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="3xf32=1 2 3" --benchmark-repetitions=4 | FileCheck %s --check-prefix=TWO
// TWO: benchmark: repetitions=4 {{.*}} bytes=28{{$}}
// TWO-NEXT: result[0]: 3xf32=[2 4 6]
// TWO-NEXT: result[1]: f32=6

// f16 counts 2 bytes per element: (2*2 + 2) + 2*2.
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_f16 \
// RUN:   --input="2x2xf16=1 2 3 4" --input="2xf16=1 1" \
// RUN:   --benchmark-repetitions=1 | FileCheck %s --check-prefix=F16
// F16: benchmark: repetitions=1 {{.*}} bytes=20{{$}}

// Zero-size tensors benchmark too.
// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="0x8xf32=" --input="0x8xf32=" --benchmark-repetitions=3 \
// RUN:   | FileCheck %s --check-prefix=EMPTY
// EMPTY: benchmark: repetitions=3 min_ms={{[0-9.]+}} median_ms={{[0-9.]+}} gbps={{[0-9.]+}} bytes=0{{$}}
// EMPTY-NEXT: result[0]: 0x8xf32=[]

// Outputs written with --output are the warm-up call's results.
// RUN: rm -rf %t && mkdir -p %t
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="3xf32=1 2 3" --benchmark-repetitions=3 --output=@%t/twice.npy \
// RUN:   --output=@%t/sum.npy | FileCheck %s --check-prefix=FILES
// FILES: benchmark: repetitions=3
// FILES-NOT: result
// RUN: %python -c "import numpy as n; assert n.load('%t/sum.npy') == 6"
