// RUN: norm-opt %s --norm-lower-runtime-checks | FileCheck %s
// RUN: norm-opt %s --canonicalize | FileCheck %s --check-prefix=FOLD

// norm.assert_size becomes a branch on the failed relation that prints the
// message (printf format, sizes as %lld, '%' escaped) on file descriptor 2
// and aborts.

//   CHECK-DAG: llvm.mlir.global internal constant @norm_check_message_0("op at f.mlir:1:2: 'scale' has %lld elements but the normalized dim has %lld\0A\00")
//   CHECK-DAG: llvm.mlir.global internal constant @norm_check_message_1("100%% of %lld is not divisible by %lld\0A\00")
//   CHECK-DAG: llvm.func @dprintf(i32, !llvm.ptr, ...) -> i32
//   CHECK-DAG: llvm.func @abort()

// CHECK-LABEL: func.func @checks(
//  CHECK-SAME:   %[[A:[^:]+]]: index, %[[B:[^:]+]]: index
//       CHECK:   %[[NE:.*]] = arith.cmpi ne, %[[A]], %[[B]] : index
//       CHECK:   scf.if %[[NE]] {
//       CHECK:     %[[FMT:.*]] = llvm.mlir.addressof @norm_check_message_0 : !llvm.ptr
//       CHECK:     %[[FD:.*]] = llvm.mlir.constant(2 : i32) : i32
//       CHECK:     %[[L:.*]] = arith.index_cast %[[A]] : index to i64
//       CHECK:     %[[R:.*]] = arith.index_cast %[[B]] : index to i64
//       CHECK:     llvm.call @dprintf(%[[FD]], %[[FMT]], %[[L]], %[[R]]) vararg
//       CHECK:     llvm.call @abort() : () -> ()
//       CHECK:   }
// A zero divisor fails instead of dividing by zero; -1 divides by 1 (every
// size is divisible by it, and INT64_MIN % -1 would trap).
//       CHECK:   %[[ZERO:.*]] = arith.cmpi eq, %[[B]], %{{.*}} : index
//       CHECK:   %[[MINUS1:.*]] = arith.cmpi eq, %[[B]], %{{.*}} : index
//       CHECK:   %[[ONE_DIV:.*]] = arith.ori %[[ZERO]], %[[MINUS1]] : i1
//       CHECK:   %[[DIV:.*]] = arith.select %[[ONE_DIV]], %{{.*}}, %[[B]] : index
//       CHECK:   %[[REM:.*]] = arith.remsi %[[A]], %[[DIV]] : index
//       CHECK:   %[[NZ:.*]] = arith.cmpi ne, %[[REM]], %{{.*}} : index
//       CHECK:   %[[BAD:.*]] = arith.ori %[[ZERO]], %[[NZ]] : i1
//       CHECK:   scf.if %[[BAD]] {
//       CHECK:   %[[LT:.*]] = arith.cmpi slt, %[[A]], %[[B]] : index
//       CHECK:   scf.if %[[LT]] {
//   CHECK-NOT:   norm.assert_size
func.func @checks(%a: index, %b: index) {
  norm.assert_size eq %a, %b, "op at f.mlir:1:2: 'scale' has {0} elements but the normalized dim has {1}"
  norm.assert_size divisible_by %a, %b, "100% of {0} is not divisible by {1}"
  norm.assert_size ge %a, %b, "{0} < {1}"
  return
}

// Checks of constants that hold fold away; one that fails stays (and fails
// at run time); checks of unknown sizes stay. INT64_MIN is divisible by -1
// (folding it once trapped: INT64_MIN % -1 overflows) and not by 0.
// FOLD-LABEL: func.func @constants(
//  FOLD-NEXT:   %[[C0:.*]] = arith.constant 0 : index
//  FOLD-NEXT:   %[[C2:.*]] = arith.constant 2 : index
//  FOLD-NEXT:   %[[C3:.*]] = arith.constant 3 : index
//  FOLD-NEXT:   %[[MIN:.*]] = arith.constant -9223372036854775808 : index
//  FOLD-NEXT:   norm.assert_size divisible_by %[[C3]], %[[C2]], "bad"
//  FOLD-NEXT:   norm.assert_size divisible_by %[[MIN]], %[[C0]], "zero divisor"
//  FOLD-NEXT:   norm.assert_size eq %arg0, %[[C2]], "unknown"
//  FOLD-NEXT:   return
func.func @constants(%n: index) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c6 = arith.constant 6 : index
  %min = arith.constant -9223372036854775808 : index
  %minus1 = arith.constant -1 : index
  norm.assert_size eq %c2, %c2, "holds"
  norm.assert_size divisible_by %c6, %c3, "holds"
  norm.assert_size ge %c3, %c2, "holds"
  norm.assert_size divisible_by %min, %minus1, "holds"
  norm.assert_size divisible_by %c3, %c2, "bad"
  norm.assert_size divisible_by %min, %c0, "zero divisor"
  norm.assert_size eq %n, %c2, "unknown"
  return
}
