// norm-run with .npy inputs of every dtype; .npy outputs checked against
// float64 NumPy references.

// RUN: rm -rf %t && mkdir -p %t/in %t/out
// RUN: %python %S/Inputs/npy_tool.py gen %t/in
// DEFINE: %{run} = norm-run %S/Inputs/kernels.mlir
// DEFINE: %{compare} = %python %S/Inputs/npy_tool.py compare --dir %t/in

// f32 (format version 1.0).
// RUN: %{run} --function=add_f32 --input=@%t/in/x_f32.npy --input=@%t/in/y_f32.npy \
// RUN:   --output=@%t/out/add.npy
// RUN: %{compare} --out %t/out/add.npy --dtype float32 --expr "x_f32 + y_f32" \
// RUN:   | FileCheck %s --check-prefix=ADD
// ADD: match: add.npy <f4 3x4

// Format versions 2.0 and 3.0 read the same.
// RUN: %{run} --function=double_and_sum --input=@%t/in/v2_f32.npy \
// RUN:   --output=@%t/out/v2.npy | FileCheck %s --check-prefix=V2
// V2: result[1]: f32=-0.25
// RUN: %{run} --function=double_and_sum --input=@%t/in/v3_f32.npy \
// RUN:   --output=@%t/out/v3.npy --output=@%t/out/v3_sum.npy
// RUN: %{compare} --out %t/out/v3.npy --dtype float32 --expr "2 * vec_f32"
// RUN: %{compare} --out %t/out/v3_sum.npy --dtype float32 --expr "vec_f32.sum()" \
// RUN:   | FileCheck %s --check-prefix=V3
// V3: match: v3_sum.npy <f4 scalar

// f64.
// RUN: %{run} --function=fma_f64 --input=@%t/in/x_f64.npy --input=@%t/in/y_f64.npy \
// RUN:   --output=@%t/out/fma.npy
// RUN: %{compare} --out %t/out/fma.npy --dtype float64 --expr "x_f64 * y_f64 + 1" \
// RUN:   --rtol 1e-15 | FileCheck %s --check-prefix=F64
// F64: match: fma.npy <f8 2x5

// i32 (wrapping) and i64, two results.
// RUN: %{run} --function=sub_i32_mul_i64 --input=@%t/in/a_i32.npy \
// RUN:   --input=@%t/in/b_i32.npy --input=@%t/in/c_i64.npy --input=@%t/in/d_i64.npy \
// RUN:   --output=@%t/out/sub.npy --output=@%t/out/mul.npy
// RUN: %{compare} --out %t/out/sub.npy --dtype int32 \
// RUN:   --expr "(a_i32.astype(np.int64) - b_i32.astype(np.int64) + 2**31) % 2**32 - 2**31" \
// RUN:   | FileCheck %s --check-prefix=I32
// I32: match: sub.npy <i4 4
// RUN: %{compare} --out %t/out/mul.npy --dtype int64 --expr "c_i64 * d_i64" \
// RUN:   | FileCheck %s --check-prefix=I64
// I64: match: mul.npy <i8 3

// f16 ('<f2' in and out), within one f16 rounding of the float64 product.
// RUN: %{run} --function=scale_f16 --input=@%t/in/x_f16.npy --input=@%t/in/g_f16.npy \
// RUN:   --output=@%t/out/scale_f16.npy
// RUN: %{compare} --out %t/out/scale_f16.npy --dtype float16 --expr "x_f16 * g_f16" \
// RUN:   --rtol 1e-3 | FileCheck %s --check-prefix=F16
// F16: match: scale_f16.npy <f2 3x8

// bf16 (raw '<u2' bits in and out), within one bf16 rounding.
// RUN: %{run} --function=scale_bf16 --input=@%t/in/x_bf16.npy --input=@%t/in/g_bf16.npy \
// RUN:   --output=@%t/out/scale_bf16.npy
// RUN: %{compare} --out %t/out/scale_bf16.npy --dtype bf16 --expr "x_bf16 * g_bf16" \
// RUN:   --rtol 8e-3 | FileCheck %s --check-prefix=BF16
// BF16: match: scale_bf16.npy <u2 4x6

// Zero-size input and output.
// RUN: %{run} --function=add_f32 --input=@%t/in/empty_f32.npy \
// RUN:   --input=@%t/in/empty_f32.npy --output=@%t/out/empty.npy
// RUN: %{compare} --out %t/out/empty.npy --dtype float32 --expr "np.zeros((0, 4))" \
// RUN:   | FileCheck %s --check-prefix=EMPTY
// EMPTY: match: empty.npy <f4 0x4
// RUN: %{run} --function=double_and_sum --input="0xf32=" \
// RUN:   --output=@%t/out/empty1.npy --output=@%t/out/empty_sum.npy
// RUN: %{compare} --out %t/out/empty1.npy --dtype float32 --expr "np.zeros(0)" \
// RUN:   | FileCheck %s --check-prefix=EMPTY1
// EMPTY1: match: empty1.npy <f4 0

// Rank 0 in and out.
// RUN: %{run} --function=scale_scalar --input=@%t/in/scalar_f32.npy \
// RUN:   --output=@%t/out/scalar.npy
// RUN: %{compare} --out %t/out/scalar.npy --dtype float32 --expr "2 * scalar_f32" \
// RUN:   | FileCheck %s --check-prefix=SCALAR
// SCALAR: match: scalar.npy <f4 scalar

// Static shapes, mixed .npy and inline inputs.
// RUN: %{run} --function=add_static --input=@%t/in/static_f32.npy \
// RUN:   --input="2x3xf32=1 1 1 1 1 1" --output=@%t/out/static.npy
// RUN: %{compare} --out %t/out/static.npy --dtype float32 --expr "static_f32 + 1" \
// RUN:   | FileCheck %s --check-prefix=STATIC
// STATIC: match: static.npy <f4 2x3

// A memref signature.
// RUN: %{run} --function=negate_memref --input=@%t/in/vec_f32.npy \
// RUN:   --output=@%t/out/negate.npy
// RUN: %{compare} --out %t/out/negate.npy --dtype float32 --expr="-vec_f32" \
// RUN:   | FileCheck %s --check-prefix=MEMREF
// MEMREF: match: negate.npy <f4 3
