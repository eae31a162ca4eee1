// --benchmark-repetitions: one warm-up call, N timed calls, then one
// parseable key=value line with the min, median, mean and max time, their
// standard deviation and the effective bandwidth (bytes of all inputs and
// results / median time). bench/bench.py parses this line.

// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="2x3xf32=1 2 3 4 5 6" --input="2x3xf32=1 1 1 1 1 1" \
// RUN:   --benchmark-repetitions=5 | FileCheck %s --check-prefix=ADD
// ADD: benchmark: repetitions=5 min_ms={{[0-9]+\.[0-9]+}} median_ms={{[0-9]+\.[0-9]+}} mean_ms={{[0-9]+\.[0-9]+}} max_ms={{[0-9]+\.[0-9]+}} stddev_ms={{[0-9]+\.[0-9]+}} gbps={{[0-9]+\.[0-9]+}} bytes=72{{$}}
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
// EMPTY: benchmark: repetitions=3 min_ms={{[0-9.]+}} median_ms={{[0-9.]+}} mean_ms={{[0-9.]+}} max_ms={{[0-9.]+}} stddev_ms={{[0-9.]+}} gbps={{[0-9.]+}} bytes=0{{$}}
// EMPTY-NEXT: result[0]: 0x8xf32=[]

// Outputs written with --output are the warm-up call's results.
// RUN: rm -rf %t && mkdir -p %t
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="3xf32=1 2 3" --benchmark-repetitions=3 --output=@%t/twice.npy \
// RUN:   --output=@%t/sum.npy | FileCheck %s --check-prefix=FILES
// FILES: benchmark: repetitions=3
// FILES-NOT: result
// RUN: %python -c "import numpy as n; assert n.load('%t/sum.npy') == 6"

// bench/bench.py's parser reads the line.
// RUN: norm-run %S/Inputs/kernels.mlir --function=add_f32 \
// RUN:   --input="2x3xf32=1 2 3 4 5 6" --input="2x3xf32=1 1 1 1 1 1" \
// RUN:   --benchmark-repetitions=2 > %t/line.txt
// RUN: %python -c "import re, sys; sys.path.insert(0, '%norm_src_root/bench'); \
// RUN:   from bench import BENCH_LINE; m = BENCH_LINE.search(open('%t/line.txt').read()); \
// RUN:   assert m and float(m.group(1)) <= float(m.group(2)); print('parsed')" \
// RUN:   | FileCheck %s --check-prefix=PARSED
// PARSED: parsed

// --benchmark-format=json: a Google-Benchmark document, alone on stdout
// (results without --output=@FILE are dropped), with the mean, median,
// stddev, min and max of the repetitions.
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="3xf32=1 2 3" --benchmark-repetitions=4 --benchmark-format=json \
// RUN:   --output=@%t/json_twice.npy > %t/bench.json
// RUN: %python %S/Inputs/check_benchmark_json.py %t/bench.json 4 28 \
// RUN:   | FileCheck %s --check-prefix=JSON
// JSON: context: executable=norm-run function=double_and_sum bytes_per_call=28
// JSON-NEXT: kernels.mlir/double_and_sum_mean aggregate mean ms repetitions=4
// JSON-NEXT: kernels.mlir/double_and_sum_median aggregate median ms repetitions=4
// JSON-NEXT: kernels.mlir/double_and_sum_stddev aggregate stddev ms repetitions=4
// JSON-NEXT: kernels.mlir/double_and_sum_min aggregate min ms repetitions=4
// JSON-NEXT: kernels.mlir/double_and_sum_max aggregate max ms repetitions=4
// JSON-NEXT: ordered
// RUN: %python -c "import numpy as n; assert (n.load('%t/json_twice.npy') == [2, 4, 6]).all()"

// --output=- would mix a result into the JSON.
// RUN: not norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="3xf32=1 2 3" --benchmark-repetitions=2 --benchmark-format=json \
// RUN:   --output=- 2>&1 | FileCheck %s --check-prefix=JSONPRINT
// JSONPRINT: norm-run: error: --output=- would print a result into the JSON of --benchmark-format=json; write it with --output=@FILE
