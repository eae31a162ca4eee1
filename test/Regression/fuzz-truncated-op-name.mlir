// RUN: norm-opt %s -verify-diagnostics
//
// norm-fuzz crasher (campaign 2): an input that ends inside an op name
// (no newline at the end of this file). ASan reported a heap-buffer-overflow
// in the MLIR lexer/OperationName: norm-fuzz passed libFuzzer's buffer, which
// has no NUL after it, to parseSourceString, whose lexer reads that byte.
// Fixed in tools/norm-fuzz/norm-fuzz.cpp (parses a NUL-terminated copy);
// norm-opt reads files through llvm::MemoryBuffer (NUL-terminated) and was
// never affected. This test pins the diagnostic.

func.func @f(%x: tensor<2x3xf16>) {
  // expected-error @+1 {{custom op 'norm.inst' is unknown}}
  %y = norm.inst