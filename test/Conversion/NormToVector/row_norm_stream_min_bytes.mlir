// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 stream-stores=1 stream-min-bytes=1048576" --canonicalize --cse | FileCheck %s
// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 stream-stores=1" --canonicalize --cse | FileCheck %s --check-prefix=ANY

// stream-min-bytes: a tile of rows streams only when the tensor it is sliced
// from (the op's whole input) has at least that many bytes, and its tail is
// at most an eighth of the row; the decision is made once, before the loop
// over the tile's rows. Without the option (ANY) only the tail counts.

// CHECK-LABEL: func.func @tile_of_rows
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?xf32>
//       CHECK:   %[[H:.*]] = tensor.dim %[[X]], %c1
//       CHECK:   %[[REM:.*]] = arith.remui %[[H]], %c64
//       CHECK:   %[[MAIN:.*]] = arith.subi %[[H]], %[[REM]]
//       CHECK:   %[[TAIL:.*]] = arith.subi %[[H]], %[[MAIN]]
//       CHECK:   %[[TAIL8:.*]] = arith.muli %[[TAIL]], %c8
//       CHECK:   %[[SHORT:.*]] = arith.cmpi ule, %[[TAIL8]], %[[H]]
//       CHECK:   %[[ROWS:.*]] = tensor.dim %[[X]], %c0
//       CHECK:   %[[B1:.*]] = arith.muli %[[ROWS]], %c4
//       CHECK:   %[[BYTES:.*]] = arith.muli %[[B1]], %[[H]]
//       CHECK:   %[[LARGE:.*]] = arith.cmpi uge, %[[BYTES]], %c1048576
//       CHECK:   %[[STREAM:.*]] = arith.andi %[[SHORT]], %[[LARGE]]
//       CHECK:   %[[SE:.*]] = arith.select %[[STREAM]], %[[MAIN]], %c0
//       CHECK:   scf.for
//       CHECK:     scf.for %{{.*}} = %c0 to %[[SE]] step %c64
//       CHECK:     } {norm.stream_stores}
//       CHECK:     scf.for %{{.*}} = %[[SE]] to %[[MAIN]] step %c64

// ANY-LABEL: func.func @tile_of_rows
//   ANY-NOT:   arith.cmpi uge
//       ANY:   %[[SHORT:.*]] = arith.cmpi ule
//       ANY:   arith.select %[[SHORT]]
func.func @tile_of_rows(%x: tensor<?x?xf32>, %r: index) -> tensor<8x?xf32> {
  %c1 = arith.constant 1 : index
  %h = tensor.dim %x, %c1 : tensor<?x?xf32>
  %tile = tensor.extract_slice %x[%r, 0] [8, %h] [1, 1] : tensor<?x?xf32> to tensor<8x?xf32>
  %y = norm.layer_norm %tile : tensor<8x?xf32>
  return %y : tensor<8x?xf32>
}
