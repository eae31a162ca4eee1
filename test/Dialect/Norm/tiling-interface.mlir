// RUN: norm-opt %s --transform-interpreter --split-input-file | FileCheck %s

// The TilingInterface of the norm ops drives upstream transforms directly:
// tile an RMSNorm's rows with transform.structured.tile_using_forall.

// CHECK-LABEL: func.func @rms_norm_rows
//       CHECK:   scf.forall (%[[I:.*]]) in (32) shared_outs(%[[O:.*]] = %{{.*}}) -> (tensor<128x4096xbf16>)
//       CHECK:     %[[OFF:.*]] = affine.apply {{.*}}(%[[I]])
//       CHECK:     %[[S:.*]] = tensor.extract_slice %{{.*}}[%[[OFF]], 0] [4, 4096] [1, 1] : tensor<128x4096xbf16> to tensor<4x4096xbf16>
//       CHECK:     %[[Y:.*]] = norm.rms_norm %[[S]] scale(%{{.*}} : tensor<4096xbf16>) : tensor<4x4096xbf16>
//       CHECK:     tensor.parallel_insert_slice %[[Y]] into %[[O]][%[[OFF]], 0] [4, 4096] [1, 1]
func.func @rms_norm_rows(%x: tensor<128x4096xbf16>, %g: tensor<4096xbf16>) -> tensor<128x4096xbf16> {
  %y = norm.rms_norm %x scale(%g : tensor<4096xbf16>) : tensor<128x4096xbf16>
  return %y : tensor<128x4096xbf16>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %op = transform.structured.match ops{["norm.rms_norm"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loop = transform.structured.tile_using_forall %op tile_sizes [4]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// Elementwise BatchNorm (inference) tiles along every dim; the per-channel
// operands follow the channel tile (here the channels-last dim 2).

// CHECK-LABEL: func.func @batch_norm_nhwc
//       CHECK:   scf.forall (%[[I:.*]], %[[J:.*]]) in (2, 8) shared_outs(
//       CHECK:     %[[CO:.*]] = affine.apply {{.*}}(%[[J]])
//       CHECK:     tensor.extract_slice %{{.*}}[%[[I]], %{{.*}}, %[[CO]]] [1, 16, 8] [1, 1, 1] : tensor<2x16x64xf16> to tensor<1x16x8xf16>
//       CHECK:     tensor.extract_slice %{{.*}}[%[[CO]]] [8] [1] : tensor<64xf16> to tensor<8xf16>
//       CHECK:     norm.batch_norm {{.*}} scale(%{{.*}} : tensor<8xf16>) bias(%{{.*}} : tensor<8xf16>) mean(%{{.*}} : tensor<8xf16>) var(%{{.*}} : tensor<8xf16>){{.*}} : tensor<1x16x8xf16>
func.func @batch_norm_nhwc(%x: tensor<2x16x64xf16>, %p: tensor<64xf16>) -> tensor<2x16x64xf16> {
  %y = norm.batch_norm %x scale(%p : tensor<64xf16>) bias(%p : tensor<64xf16>) mean(%p : tensor<64xf16>) var(%p : tensor<64xf16>) {feature_axis = -1 : i64}
      : tensor<2x16x64xf16>
  return %y : tensor<2x16x64xf16>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %op = transform.structured.match ops{["norm.batch_norm"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loop = transform.structured.tile_using_forall %op tile_sizes [1, 0, 8]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
