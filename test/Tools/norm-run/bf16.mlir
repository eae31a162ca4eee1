// The bf16 convention of norm-run: a bf16 argument takes either '<u2' raw
// bf16 bits or '<f4' values, which norm-run rounds to bf16 with
// round-to-nearest-even; bf16 results are written as '<u2' raw bits.

// RUN: rm -rf %t && mkdir -p %t/in %t/out
// RUN: %python %S/Inputs/npy_tool.py gen %t/in

// '<f4' inputs round exactly like NumPy's RNE rounding of the same values to
// raw bits, so both runs write identical files.
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_bf16 \
// RUN:   --input=@%t/in/x_bf16.npy --input=@%t/in/g_bf16.npy --output=@%t/out/from_u2.npy
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_bf16 \
// RUN:   --input=@%t/in/xf4_bf16in.npy --input=@%t/in/gf4_bf16in.npy --output=@%t/out/from_f4.npy
// RUN: cmp %t/out/from_u2.npy %t/out/from_f4.npy
// RUN: %python %S/Inputs/npy_tool.py compare --dir %t/in --out %t/out/from_f4.npy \
// RUN:   --dtype bf16 --expr "x_bf16 * g_bf16" --rtol 8e-3 | FileCheck %s --check-prefix=OUT
// OUT: match: from_f4.npy <u2 4x6

// Ties go to even, values above a tie round up, below round down, NaN stays a
// quiet NaN and FLT_MAX rounds to infinity (x * 1.0 keeps the rounded input).
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_bf16 \
// RUN:   --input=@%t/in/ties_f32.npy --input=@%t/in/ones_bf16.npy --output=@%t/out/ties.npy
// RUN: %python %S/Inputs/npy_tool.py bits %t/out/ties.npy | FileCheck %s --check-prefix=TIES
// TIES: 3f80 3f82 3f81 3f80 bf82 7fc0 7f80

// Inline bf16 values round the same way (1.00390625 is a tie: 1 + 2^-8).
// RUN: norm-run %S/Inputs/kernels.mlir --function=scale_bf16 \
// RUN:   --input="1x3xbf16=1.00390625 1.01171875 1.0039063" --input="3xbf16=1 1 1" \
// RUN:   --output=@%t/out/inline.npy
// RUN: %python %S/Inputs/npy_tool.py bits %t/out/inline.npy | FileCheck %s --check-prefix=INLINE
// INLINE: 3f80 3f82 3f81
