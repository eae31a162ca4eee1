// Bad inputs and outputs end with "norm-run: error: ..." on stderr and a
// non-zero exit, before anything is compiled.

// RUN: rm -rf %t && mkdir -p %t/in
// RUN: %python %S/Inputs/npy_tool.py gen %t/in
// DEFINE: %{run} = not norm-run %S/Inputs/kernels.mlir

// Missing and unreadable files.
// RUN: not norm-run %t/missing.mlir 2>&1 | FileCheck %s --check-prefix=NOMODULE
// NOMODULE: norm-run: error: cannot open input file '{{.*}}missing.mlir': No such file or directory
// RUN: %{run} --function=double_and_sum --input=@%t/in/missing.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOFILE
// NOFILE: norm-run: error: input 0: cannot read '{{.*}}missing.npy': No such file or directory
// RUN: %{run} --function=double_and_sum --input=@%t/in 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DIR
// DIR: norm-run: error: input 0: cannot read '{{.*}}in': Is a directory

// Unknown function; wrong numbers of inputs and outputs; bad --output.
// RUN: %{run} --function=nope 2>&1 | FileCheck %s --check-prefix=NOFUNC
// NOFUNC: norm-run: error: no function named 'nope' in '{{.*}}kernels.mlir'
// RUN: %{run} --function=add_f32 --input="1x1xf32=1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FEWER
// FEWER: norm-run: error: function 'add_f32' takes 2 argument(s) but 1 --input were given
// RUN: %{run} --function=scale_scalar --input="f32=1" --input="f32=2" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MORE
// MORE: norm-run: error: function 'scale_scalar' takes 1 argument(s) but 2 --input were given
// RUN: %{run} --function=scale_scalar --input="f32=1" --output=@%t/a.npy \
// RUN:   --output=@%t/b.npy 2>&1 | FileCheck %s --check-prefix=OUTPUTS
// OUTPUTS: norm-run: error: function 'scale_scalar' has 1 result(s) but 2 --output were given
// RUN: %{run} --function=scale_scalar --input="f32=1" --output=%t/a.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OUTSYNTAX
// OUTSYNTAX: norm-run: error: --output='{{.*}}a.npy' must be @FILE.npy (write), - (print) or empty (drop)
// RUN: %{run} --function=scale_scalar --input="f32=1" --output=@%t/no/such/dir/a.npy \
// RUN:   2>&1 | FileCheck %s --check-prefix=OUTWRITE
// OUTWRITE: norm-run: error: result 0: cannot write '{{.*}}a.npy': No such file or directory

// Bad pipeline options.
// RUN: %{run} --function=scale_scalar --input="f32=1" --pipeline-options="bogus=1" \
// RUN:   2>&1 | FileCheck %s --check-prefix=PIPEOPT
// PIPEOPT: no such option bogus
// PIPEOPT: norm-run: error: invalid --pipeline-options='bogus=1'

// Shapes and dtypes that contradict the signature name the argument and both
// types.
// RUN: %{run} --function=add_static --input=@%t/in/static_f32.npy \
// RUN:   --input=@%t/in/x_f32.npy 2>&1 | FileCheck %s --check-prefix=STATICDIM
// STATICDIM: norm-run: error: argument 1 has type tensor<2x3xf32> but input 1 is 3x4xf32 (dimension 0 must be 2, got 3)
// RUN: %{run} --function=add_f32 --input=@%t/in/x_f32.npy --input=@%t/in/vec_f32.npy \
// RUN:   2>&1 | FileCheck %s --check-prefix=RANK
// RANK: norm-run: error: argument 1 has type tensor<?x?xf32> but input 1 is 3xf32 (rank 2 expected, got rank 1)
// RUN: %{run} --function=scale_scalar --input="1xf32=1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RANK0
// RANK0: norm-run: error: argument 0 has type tensor<f32> but input 0 is 1xf32 (rank 0 expected, got rank 1)
// RUN: %{run} --function=add_f32 --input=@%t/in/x_f32.npy --input=@%t/in/x_f64.npy \
// RUN:   2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: norm-run: error: argument 1 has type tensor<?x?xf32> but input 1 ('{{.*}}x_f64.npy') has shape 2x5 and dtype '<f8' (expected '<f4')
// RUN: %{run} --function=scale_f16 --input=@%t/in/x_f32.npy --input=@%t/in/g_f16.npy \
// RUN:   2>&1 | FileCheck %s --check-prefix=DTYPE16
// DTYPE16: norm-run: error: argument 0 has type tensor<?x?xf16> but input 0 ('{{.*}}x_f32.npy') has shape 3x4 and dtype '<f4' (expected '<f2')
// RUN: %{run} --function=scale_bf16 --input=@%t/in/x_f64.npy --input=@%t/in/g_bf16.npy \
// RUN:   2>&1 | FileCheck %s --check-prefix=DTYPEBF16
// DTYPEBF16: norm-run: error: argument 0 has type tensor<?x?xbf16> but input 0 ('{{.*}}x_f64.npy') has shape 2x5 and dtype '<f8' (expected '<u2' raw bf16 bits or '<f4')
// RUN: %{run} --function=double_and_sum --input=@%t/in/u2_for_f32.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=U2
// U2: norm-run: error: argument 0 has type tensor<?xf32> but input 0 ('{{.*}}u2_for_f32.npy') has shape 3 and dtype '<u2' (expected '<f4')
// RUN: %{run} --function=sub_i32_mul_i64 --input="1xi64=1" --input="1xi32=1" \
// RUN:   --input="1xi64=1" --input="1xi64=1" 2>&1 | FileCheck %s --check-prefix=INLINETYPE
// INLINETYPE: norm-run: error: argument 0 has type tensor<?xi32> but input 0 is 1xi64 (element type i64, expected i32)

// Malformed, truncated and unsupported .npy files.
// RUN: %{run} --function=double_and_sum --input=@%t/in/bad_magic.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MAGIC
// MAGIC: norm-run: error: input 0: '{{.*}}bad_magic.npy': not a .npy file (bad magic string)
// RUN: %{run} --function=double_and_sum --input=@%t/in/tiny.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TINY
// TINY: norm-run: error: input 0: '{{.*}}tiny.npy': not a .npy file (bad magic string)
// RUN: %{run} --function=double_and_sum --input=@%t/in/trunc_header.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TRUNCHEADER
// TRUNCHEADER: norm-run: error: input 0: '{{.*}}trunc_header.npy': truncated .npy header (needs 118 bytes, file has 20)
// RUN: %{run} --function=double_and_sum --input=@%t/in/trunc_data.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TRUNCDATA
// TRUNCDATA: norm-run: error: input 0: '{{.*}}trunc_data.npy': truncated data: the data section has 10 bytes, but shape and dtype need 12
// RUN: %{run} --function=double_and_sum --input=@%t/in/extra_data.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EXTRA
// EXTRA: norm-run: error: input 0: '{{.*}}extra_data.npy': the data section has 16 bytes, but shape and dtype need 12
// RUN: %{run} --function=double_and_sum --input=@%t/in/bad_version.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=VERSION
// VERSION: norm-run: error: input 0: '{{.*}}bad_version.npy': unsupported .npy format version 4.0
// RUN: %{run} --function=double_and_sum --input=@%t/in/bad_dict.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DICT
// DICT: norm-run: error: input 0: '{{.*}}bad_dict.npy': malformed header (unexpected value at offset 34)
// RUN: %{run} --function=double_and_sum --input=@%t/in/no_shape.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOSHAPE
// NOSHAPE: norm-run: error: input 0: '{{.*}}no_shape.npy': malformed header (needs the keys 'descr', 'fortran_order' and 'shape')
// RUN: %{run} --function=double_and_sum --input=@%t/in/neg_shape.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NEGSHAPE
// NEGSHAPE: norm-run: error: input 0: '{{.*}}neg_shape.npy': malformed header (expected a non-negative integer dimension
// RUN: %{run} --function=add_f32 --input=@%t/in/fortran.npy --input=@%t/in/x_f32.npy \
// RUN:   2>&1 | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: norm-run: error: input 0: '{{.*}}fortran.npy': Fortran-ordered arrays are not supported
// RUN: %{run} --function=double_and_sum --input=@%t/in/big_endian.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BIGENDIAN
// BIGENDIAN: norm-run: error: input 0: '{{.*}}big_endian.npy': big-endian dtype '>f4' is not supported
// RUN: %{run} --function=double_and_sum --input=@%t/in/uint8.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UINT8
// UINT8: norm-run: error: input 0: '{{.*}}uint8.npy': unsupported dtype '|u1' (supported: <f2 <f4 <f8 <i4 <i8, and <u2 or <f4 for bf16)
// RUN: %{run} --function=double_and_sum --input=@%t/in/bool.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BOOL
// BOOL: norm-run: error: input 0: '{{.*}}bool.npy': unsupported dtype '|b1'
// RUN: %{run} --function=double_and_sum --input=@%t/in/structured.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=STRUCTURED
// STRUCTURED: norm-run: error: input 0: '{{.*}}structured.npy': unsupported dtype (structured dtypes are not supported)

// Malformed inline inputs.
// RUN: %{run} --function=double_and_sum --input="3xf32=1 2" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=COUNT
// COUNT: norm-run: error: input 0: malformed inline input '3xf32=1 2': shape 3xf32 needs 3 values, got 2
// RUN: %{run} --function=double_and_sum --input="2xf32=1 x" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=VALUE
// VALUE: norm-run: error: input 0: malformed inline input '2xf32=1 x': 'x' is not a valid f32 value
// RUN: %{run} --function=double_and_sum --input="2xf8=1 2" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ELTYPE
// ELTYPE: norm-run: error: input 0: malformed inline input '2xf8=1 2': unsupported element type 'f8' (supported: f16 bf16 f32 f64 i32 i64)
// RUN: %{run} --function=double_and_sum --input="2xf32" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOEQ
// NOEQ: norm-run: error: input 0: malformed inline input '2xf32': expected SHAPExTYPE=VALUES
// RUN: %{run} --function=double_and_sum --input="-1xf32=" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NEGDIM
// NEGDIM: norm-run: error: input 0: malformed inline input '-1xf32=': '-1' is not a valid dimension
// RUN: %{run} --function=sub_i32_mul_i64 --input="1xi32=2147483648" --input="1xi32=1" \
// RUN:   --input="1xi64=1" --input="1xi64=1" 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: norm-run: error: input 0: malformed inline input '1xi32=2147483648': '2147483648' is not a valid i32 value
