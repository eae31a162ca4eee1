// --output per result, in order: @FILE.npy writes it, - prints it, an empty
// value drops it; results after the last --output are printed (elided past
// --print-max-element-count, with a summary).

// Drop the first result, print the rest.
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="3xf32=1 2 3" --output= | FileCheck %s --check-prefix=DROP
// DROP-NOT: result[0]
// DROP: result[1]: f32=6
// DROP-NOT: result

// Drop both.
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="3xf32=1 2 3" --output= --output= | count 0

// Write the first, print the second with -.
// RUN: rm -rf %t && mkdir -p %t
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="3xf32=1 2 3" --output=@%t/twice.npy --output=- \
// RUN:   | FileCheck %s --check-prefix=SOME
// SOME-NOT: result[0]
// SOME: result[1]: f32=6
// RUN: %python -c "import numpy as n; assert (n.load('%t/twice.npy') == [2, 4, 6]).all()"

// Print the first (elided), write the second.
// RUN: norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="3xf32=1 2 3" --output=- --output=@%t/sum.npy \
// RUN:   --print-max-element-count=2 | FileCheck %s --check-prefix=FIRST
// FIRST: result[0]: 3xf32=[2 4 ...]
// FIRST-NEXT: result[0] summary: shape=3 dtype=f32 elements=3 min=2 max=6 mean=4 nan=0 inf=0 printed=2
// FIRST-NOT: result[1]
// RUN: %python -c "import numpy as n; assert n.load('%t/sum.npy') == 6"

// Anything else is an error.
// RUN: not norm-run %S/Inputs/kernels.mlir --function=double_and_sum \
// RUN:   --input="3xf32=1 2 3" --output=out.npy 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: norm-run: error: --output='out.npy' must be @FILE.npy (write), - (print) or empty (drop)
