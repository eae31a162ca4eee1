// Modules that fail to parse, verify, lower or JIT-compile, and signatures
// norm-run cannot call: MLIR's diagnostics (with locations) are forwarded,
// then "norm-run: error: ..." and a non-zero exit.

// RUN: rm -rf %t && split-file %s %t

// RUN: not norm-run %t/parse.mlir --input="4xf32=1 2 3 4" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PARSE
// PARSE: parse.mlir:2:12: error: expected ':'
// PARSE: norm-run: error: failed to parse or verify '{{.*}}parse.mlir'

// RUN: not norm-run %t/verify.mlir --input="4xf32=1 2 3 4" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=VERIFY
// VERIFY: verify.mlir:2:3: error: type of return operand 0 ('tensor<4xf32>') doesn't match function result type ('tensor<3xf32>')
// VERIFY: norm-run: error: failed to parse or verify '{{.*}}verify.mlir'

// RUN: not norm-run %t/lower.mlir --input="4xf32=1 2 3 4" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LOWER
// LOWER: lower.mlir:2:8: error: op was not bufferized
// LOWER: norm-run: error: failed to lower '{{.*}}lower.mlir' to the LLVM dialect with norm-cpu-pipeline

// RUN: not norm-run %t/jit.mlir --input="4xf32=1 2 3 4" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=JIT
// JIT: Symbols not found: [ no_such_function ]
// JIT: norm-run: error: failed to JIT-compile 'main'

// RUN: not norm-run %t/signatures.mlir --function=scalar_arg --input="f32=1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SCALARARG
// SCALARARG: norm-run: error: argument 0 of 'scalar_arg': unsupported type f32 (only ranked tensors and memrefs can be passed)
// RUN: not norm-run %t/signatures.mlir --function=scalar_result --input="f32=1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SCALARRESULT
// SCALARRESULT: norm-run: error: result 0 of 'scalar_result': unsupported type f32 (only ranked tensors and memrefs can be passed)
// RUN: not norm-run %t/signatures.mlir --function=unranked --input="f32=1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNRANKED
// UNRANKED: norm-run: error: argument 0 of 'unranked': unsupported type tensor<*xf32> (the rank must be static)
// RUN: not norm-run %t/signatures.mlir --function=i8 --input="4xi32=1 2 3 4" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=I8
// I8: norm-run: error: argument 0 of 'i8': unsupported type tensor<4xi8> (the element type must be f16, bf16, f32, f64, i32 or i64)
// RUN: not norm-run %t/signatures.mlir --function=strided 2>&1 \
// RUN:   | FileCheck %s --check-prefix=STRIDED
// STRIDED: norm-run: error: argument 0 of 'strided': unsupported type memref<4xf32, strided<[2]>> (memrefs need the identity layout)
// RUN: not norm-run %t/signatures.mlir --function=decl 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DECL
// DECL: norm-run: error: function 'decl' is only a declaration
// RUN: not norm-run %t/signatures.mlir --function=lowered 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LLVMFUNC
// LLVMFUNC: norm-run: error: 'lowered' is an llvm.func; norm-run needs the tensor/memref signature of a func.func
// RUN: not norm-run %t/signatures.mlir --function=global 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOTFUNC
// NOTFUNC: norm-run: error: symbol 'global' is a 'memref.global', not a func.func

//--- parse.mlir
func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a  tensor<4xf32>
}

//--- verify.mlir
func.func @main(%a: tensor<4xf32>) -> tensor<3xf32> {
  return %a : tensor<4xf32>
}

//--- lower.mlir
func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = arith.addf %a, %a : tensor<4xf32>
  return %r : tensor<4xf32>
}

//--- jit.mlir
func.func private @no_such_function()
func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
  func.call @no_such_function() : () -> ()
  %init = tensor.empty() : tensor<4xf32>
  %r = linalg.copy ins(%a : tensor<4xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

//--- signatures.mlir
func.func @scalar_arg(%a: f32) -> tensor<f32> {
  %t = tensor.from_elements %a : tensor<f32>
  return %t : tensor<f32>
}
func.func @scalar_result(%a: tensor<f32>) -> f32 {
  %v = tensor.extract %a[] : tensor<f32>
  return %v : f32
}
func.func @unranked(%a: tensor<*xf32>) -> tensor<*xf32> {
  return %a : tensor<*xf32>
}
func.func @i8(%a: tensor<4xi8>) -> tensor<4xi8> {
  return %a : tensor<4xi8>
}
func.func @strided(%a: memref<4xf32, strided<[2]>>) {
  return
}
func.func private @decl(%a: tensor<4xf32>) -> tensor<4xf32>
llvm.func @lowered(%a: !llvm.ptr) {
  llvm.return
}
memref.global "private" @global : memref<4xf32> = dense<0.0>
