// RUN: norm-opt %s --norm-store-half-floats-as-integers --canonicalize | FileCheck %s

// Stores and masked accesses of bf16/f16 vectors move i16 vectors instead
// (same bytes); a bitcast from i16 is looked through; f32 is left alone.

// CHECK-LABEL: llvm.func @accesses
//  CHECK-SAME:   %[[P:[^:]*]]: !llvm.ptr, %[[I:[^:]*]]: vector<8xi16>, %[[H:[^:]*]]: vector<8xf16>, %[[M:[^:]*]]: vector<8xi1>, %[[F:[^:]*]]: vector<8xf32>
//       CHECK:   llvm.store %[[I]], %[[P]] {alignment = 16 : i64, nontemporal} : vector<8xi16>, !llvm.ptr
//       CHECK:   %[[HI:.*]] = llvm.bitcast %[[H]] : vector<8xf16> to vector<8xi16>
//       CHECK:   llvm.intr.masked.store %[[HI]], %[[P]], %[[M]] {alignment = 2 : i32} : vector<8xi16>, vector<8xi1> into !llvm.ptr
//       CHECK:   %[[L:.*]] = llvm.intr.masked.load %[[P]], %[[M]], %{{.*}} {alignment = 2 : i32} : (!llvm.ptr, vector<8xi1>, vector<8xi16>) -> vector<8xi16>
//       CHECK:   %[[LB:.*]] = llvm.bitcast %[[L]] : vector<8xi16> to vector<8xbf16>
//       CHECK:   llvm.store %[[F]], %[[P]] {alignment = 4 : i64} : vector<8xf32>, !llvm.ptr
//       CHECK:   llvm.return %[[LB]]
llvm.func @accesses(%p: !llvm.ptr, %i: vector<8xi16>, %h: vector<8xf16>, %m: vector<8xi1>, %f: vector<8xf32>) -> vector<8xbf16> {
  %b = llvm.bitcast %i : vector<8xi16> to vector<8xbf16>
  llvm.store %b, %p {alignment = 16 : i64, nontemporal} : vector<8xbf16>, !llvm.ptr
  llvm.intr.masked.store %h, %p, %m {alignment = 2 : i32} : vector<8xf16>, vector<8xi1> into !llvm.ptr
  %z = llvm.mlir.zero : vector<8xbf16>
  %l = llvm.intr.masked.load %p, %m, %z {alignment = 2 : i32} : (!llvm.ptr, vector<8xi1>, vector<8xbf16>) -> vector<8xbf16>
  llvm.store %f, %p {alignment = 4 : i64} : vector<8xf32>, !llvm.ptr
  llvm.return %l : vector<8xbf16>
}
