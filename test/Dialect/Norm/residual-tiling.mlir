// RUN: norm-opt %s --transform-interpreter | FileCheck %s

// Tiling a row norm with a residual slices the residual like the input and
// inserts the tile of `sum` like the output's.

// CHECK-LABEL: func.func @rms_norm_residual_rows
//       CHECK:   scf.forall (%[[I:.*]]) in (32) shared_outs(%[[O:.*]] = %{{.*}}, %[[OS:.*]] = %{{.*}}) -> (tensor<128x64xbf16>, tensor<128x64xbf16>)
//       CHECK:     %[[OFF:.*]] = affine.apply {{.*}}(%[[I]])
//       CHECK:     %[[X:.*]] = tensor.extract_slice %{{.*}}[%[[OFF]], 0] [4, 64] [1, 1] : tensor<128x64xbf16> to tensor<4x64xbf16>
//       CHECK:     %[[R:.*]] = tensor.extract_slice %{{.*}}[%[[OFF]], 0] [4, 64] [1, 1] : tensor<128x64xbf16> to tensor<4x64xbf16>
//       CHECK:     %[[Y:.*]], %[[S:.*]] = norm.rms_norm %[[X]] residual(%[[R]] : tensor<4x64xbf16>) scale(%{{.*}} : tensor<64xbf16>) : tensor<4x64xbf16> -> sum
//       CHECK:     tensor.parallel_insert_slice %[[Y]] into %[[O]][%[[OFF]], 0] [4, 64] [1, 1]
//       CHECK:     tensor.parallel_insert_slice %[[S]] into %[[OS]][%[[OFF]], 0] [4, 64] [1, 1]
func.func @rms_norm_residual_rows(%x: tensor<128x64xbf16>, %r: tensor<128x64xbf16>, %g: tensor<64xbf16>) -> (tensor<128x64xbf16>, tensor<128x64xbf16>) {
  %y, %s = norm.rms_norm %x residual(%r : tensor<128x64xbf16>) scale(%g : tensor<64xbf16>) : tensor<128x64xbf16> -> sum
  return %y, %s : tensor<128x64xbf16>, tensor<128x64xbf16>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %op = transform.structured.match ops{["norm.rms_norm"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loop = transform.structured.tile_using_forall %op tile_sizes [4]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
