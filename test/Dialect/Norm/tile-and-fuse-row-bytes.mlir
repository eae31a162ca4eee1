// RUN: norm-opt %s --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{row-tile-bytes=65536},canonicalize,cse))" | FileCheck %s
// RUN: norm-opt %s --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse,canonicalize,cse))" | FileCheck %s --check-prefix=ROWS

// row-tile-bytes: in an input of at least 128 x row-tile-bytes bytes (8 MiB
// here), a row norm's tiles take at least row-tile-bytes bytes of rows
// (65536 / 384 bytes per row of 96 f32: 171 rows) instead of row-tile-size
// (8); smaller inputs keep row-tile-size rows; an index of the first dim of
// at least row-tile-bytes bytes is a tile of its own in any input (a few
// long rows are as many tiles, one per thread); dynamic sizes choose at run
// time. With 0 (the pass's default, ROWS) every tile is row-tile-size rows.

// CHECK-LABEL: func.func @large
//       CHECK:   scf.forall (%{{.*}}) = (0) to (65536) step (171)
// ROWS-LABEL: func.func @large
//       ROWS:   scf.forall (%{{.*}}) = (0) to (65536) step (8)
func.func @large(%x: tensor<65536x96xf32>) -> tensor<65536x96xf32> {
  %y = norm.layer_norm %x : tensor<65536x96xf32>
  return %y : tensor<65536x96xf32>
}

// CHECK-LABEL: func.func @small
//       CHECK:   scf.forall (%{{.*}}) = (0) to (1024) step (8)
func.func @small(%x: tensor<1024x96xf32>) -> tensor<1024x96xf32> {
  %y = norm.layer_norm %x : tensor<1024x96xf32>
  return %y : tensor<1024x96xf32>
}

// Rank 3: one index of the first dim is 4 rows of 768 bf16 (6144 bytes),
// 11 of them per tile.
// CHECK-LABEL: func.func @rank3
//       CHECK:   scf.forall (%{{.*}}) = (0) to (2048) step (11)
func.func @rank3(%x: tensor<2048x4x768xbf16>) -> tensor<2048x4x768xbf16> {
  %y = norm.rms_norm %x : tensor<2048x4x768xbf16>
  return %y : tensor<2048x4x768xbf16>
}

// Rows of 65536 bytes or more: one per tile, in a large input (2 rows of
// 327680 f32, 2.5 MiB each) as in a small one (4 rows of 65536 bytes, 256
// KiB in all), where row-tile-size would make a single tile; likewise a
// layer_norm over C, H, W (one index of the first dim is a 200704-element
// row).
// CHECK-LABEL: func.func @long_rows
//       CHECK:   scf.forall (%{{.*}}) in (2) shared_outs
// With row-tile-size rows per tile, both rows are one tile (the loop of one
// iteration folded away): one thread.
// ROWS-LABEL: func.func @long_rows
//   ROWS-NOT:   scf.forall
//       ROWS:   norm.layer_norm %{{.*}} : tensor<?x327680xf32>
//   ROWS-NOT:   scf.forall
//       ROWS:   return
func.func @long_rows(%x: tensor<2x327680xf32>) -> tensor<2x327680xf32> {
  %y = norm.layer_norm %x : tensor<2x327680xf32>
  return %y : tensor<2x327680xf32>
}

// CHECK-LABEL: func.func @long_rows_small_input
//       CHECK:   scf.forall (%{{.*}}) in (4) shared_outs
func.func @long_rows_small_input(%x: tensor<4x16384xf32>) -> tensor<4x16384xf32> {
  %y = norm.rms_norm %x : tensor<4x16384xf32>
  return %y : tensor<4x16384xf32>
}

// Just under row-tile-bytes: row-tile-size rows.
// CHECK-LABEL: func.func @rows_under_tile_bytes
//       CHECK:   scf.forall (%{{.*}}) = (0) to (16) step (8)
func.func @rows_under_tile_bytes(%x: tensor<16x16383xf32>) -> tensor<16x16383xf32> {
  %y = norm.rms_norm %x : tensor<16x16383xf32>
  return %y : tensor<16x16383xf32>
}

// CHECK-LABEL: func.func @layer_norm_chw
//       CHECK:   scf.forall (%{{.*}}) in (16) shared_outs
func.func @layer_norm_chw(%x: tensor<16x64x56x56xf32>) -> tensor<16x64x56x56xf32> {
  %y = norm.layer_norm %x {axis = 1 : i64} : tensor<16x64x56x56xf32>
  return %y : tensor<16x64x56x56xf32>
}

// CHECK-LABEL: func.func @dynamic
//  CHECK-SAME:   %[[X:[^:]*]]: tensor<?x?xbf16>
//       CHECK:   %[[H:.*]] = tensor.dim %[[X]], %c1
//       CHECK:   %[[HB:.*]] = arith.muli %[[H]], %c2
//       CHECK:   %[[ROW:.*]] = arith.maxui %[[HB]], %c1
//       CHECK:   %[[N:.*]] = tensor.dim %[[X]], %c0
//       CHECK:   %[[ALL:.*]] = arith.muli %[[N]], %[[ROW]]
//       CHECK:   %[[LARGE:.*]] = arith.cmpi uge, %[[ALL]], %c8388608
//       CHECK:   %[[FIT:.*]] = arith.ceildivui %c65536, %[[ROW]]
//       CHECK:   %[[WIDE:.*]] = arith.maxui %[[FIT]], %c8
//       CHECK:   %[[PER_TILE:.*]] = arith.select %[[LARGE]], %[[WIDE]], %c8
//       CHECK:   %[[LONG:.*]] = arith.cmpi uge, %[[ROW]], %c65536
//       CHECK:   %[[STEP:.*]] = arith.select %[[LONG]], %c1, %[[PER_TILE]]
//       CHECK:   scf.forall (%{{.*}}) = (0) to (%[[N]]) step (%[[STEP]])
// ROWS-LABEL: func.func @dynamic
//       ROWS:   scf.forall (%{{.*}}) = (0) to (%{{.*}}) step (8)
func.func @dynamic(%x: tensor<?x?xbf16>) -> tensor<?x?xbf16> {
  %y = norm.rms_norm %x : tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}

// Not the other norms: a batch_norm_train keeps its channel tiles.
// CHECK-LABEL: func.func @batch_norm
//       CHECK:   scf.forall (%{{.*}}) in (4096)
func.func @batch_norm(%x: tensor<4096x1024xf32>, %g: tensor<1024xf32>, %b: tensor<1024xf32>, %m: tensor<1024xf32>, %v: tensor<1024xf32>) -> tensor<4096x1024xf32> {
  %y = norm.batch_norm %x scale(%g : tensor<1024xf32>) bias(%b : tensor<1024xf32>) mean(%m : tensor<1024xf32>) var(%v : tensor<1024xf32>) {epsilon = 1.0e-05 : f32, feature_axis = 1 : i64} : tensor<4096x1024xf32>
  return %y : tensor<4096x1024xf32>
}
