// RUN: norm-opt %s --split-input-file --norm-outline-kernels | FileCheck %s
// RUN: norm-opt %s --split-input-file --norm-outline-kernels --norm-outline-kernels | FileCheck %s

// Three identical layer norms share one kernel, called three times; the
// residual add that only feeds the first one is fused into its kernel, which
// is therefore another function.

// CHECK-LABEL: func.func @chain(
// CHECK-SAME:      %[[X:.*]]: tensor<?x768xf32>, %[[R:.*]]: tensor<?x768xf32>, %[[G:.*]]: tensor<768xf32>, %[[B:.*]]: tensor<768xf32>)
// CHECK:         %[[A0:.*]] = call @[[ADD_LN:chain_layer_norm[_0-9]*]](%[[X]], %[[R]], %[[G]], %[[B]])
// CHECK:         %[[A1:.*]] = call @[[LN:chain_layer_norm[_0-9]*]](%[[A0]], %[[G]], %[[B]])
// CHECK:         %[[A2:.*]] = call @[[LN]](%[[A1]], %[[G]], %[[B]])
// CHECK:         %[[A3:.*]] = call @[[LN]](%[[A2]], %[[G]], %[[B]])
// CHECK:         return %[[A3]]
// CHECK-NOT:     norm.layer_norm
// CHECK:       func.func private @[[ADD_LN]](%[[AX:.*]]: tensor<?x768xf32>, %[[AR:.*]]: tensor<?x768xf32>, %{{.*}}: tensor<768xf32>, %{{.*}}: tensor<768xf32>) -> tensor<?x768xf32> attributes {norm.kernel} {
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[AX]], %[[C0]]
// CHECK:         %[[E:.*]] = tensor.empty(%[[D0]])
// CHECK:         %[[SUM:.*]] = linalg.add ins(%[[AX]], %[[AR]] : {{.*}}) outs(%[[E]] : {{.*}})
// CHECK:         %[[Y:.*]] = norm.layer_norm %[[SUM]]
// CHECK:         return %[[Y]]
// CHECK:       func.func private @[[LN]](
// CHECK:         norm.layer_norm
// CHECK-NOT:   func.func private
func.func @chain(%x: tensor<?x768xf32>, %r: tensor<?x768xf32>,
                 %g: tensor<768xf32>, %b: tensor<768xf32>) -> tensor<?x768xf32> {
  %c0 = arith.constant 0 : index
  %d0 = tensor.dim %x, %c0 : tensor<?x768xf32>
  %e = tensor.empty(%d0) : tensor<?x768xf32>
  %sum = linalg.add ins(%x, %r : tensor<?x768xf32>, tensor<?x768xf32>)
                    outs(%e : tensor<?x768xf32>) -> tensor<?x768xf32>
  %0 = norm.layer_norm %sum scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>) : tensor<?x768xf32>
  %1 = norm.layer_norm %0 scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>) : tensor<?x768xf32>
  %2 = norm.layer_norm %1 scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>) : tensor<?x768xf32>
  %3 = norm.layer_norm %2 scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>) : tensor<?x768xf32>
  return %3 : tensor<?x768xf32>
}

// -----

// Ops that differ in an attribute, an element type, a static shape or the
// statistics they return get kernels of their own; identical ones in another
// function reuse them.

// CHECK-LABEL: func.func @differing(
// CHECK:         call @[[K1:differing_layer_norm[_0-9]*]](
// CHECK:         call @[[K2:differing_layer_norm[_0-9]*]](
// CHECK:         call @[[K3:differing_layer_norm[_0-9]*]](
// CHECK:         call @[[K4:differing_layer_norm[_0-9]*]](
// CHECK:         %{{.*}}:3 = call @[[K5:differing_layer_norm[_0-9]*]](
// CHECK:         call @[[K6:differing_rms_norm[_0-9]*]](
// CHECK:       func.func private @[[K1]](%{{.*}}: tensor<?x64xf32>) -> tensor<?x64xf32>
// CHECK:         norm.layer_norm %{{.*}} : tensor<?x64xf32>
// CHECK:       func.func private @[[K2]](%{{.*}}: tensor<?x64xf32>) -> tensor<?x64xf32>
// CHECK:         norm.layer_norm %{{.*}} {epsilon = 1.000000e-03 : f32} : tensor<?x64xf32>
// CHECK:       func.func private @[[K3]](%{{.*}}: tensor<?x64xf16>) -> tensor<?x64xf16>
// CHECK:       func.func private @[[K4]](%{{.*}}: tensor<4x64xf32>) -> tensor<4x64xf32>
// CHECK:       func.func private @[[K5]](%{{.*}}: tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x1xf32>, tensor<?x1xf32>)
// CHECK:       func.func private @[[K6]](%{{.*}}: tensor<?x64xf32>) -> tensor<?x64xf32>
// CHECK:         norm.rms_norm
// CHECK-LABEL: func.func @same_again(
// CHECK:         call @[[K1]](
// CHECK:         call @[[K6]](
// CHECK-NOT:   func.func private
func.func @differing(%x: tensor<?x64xf32>, %h: tensor<?x64xf16>, %s: tensor<4x64xf32>)
    -> (tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf16>, tensor<4x64xf32>,
        tensor<?x64xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x64xf32>) {
  %0 = norm.layer_norm %x : tensor<?x64xf32>
  %1 = norm.layer_norm %x {epsilon = 1.0e-3 : f32} : tensor<?x64xf32>
  %2 = norm.layer_norm %h : tensor<?x64xf16>
  %3 = norm.layer_norm %s : tensor<4x64xf32>
  %4, %m, %r = norm.layer_norm %x : tensor<?x64xf32> -> mean, inv_std_dev
  %5 = norm.rms_norm %x : tensor<?x64xf32>
  return %0, %1, %2, %3, %4, %m, %r, %5 : tensor<?x64xf32>, tensor<?x64xf32>,
      tensor<?x64xf16>, tensor<4x64xf32>, tensor<?x64xf32>, tensor<?x1xf32>,
      tensor<?x1xf32>, tensor<?x64xf32>
}

func.func @same_again(%x: tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x64xf32>) {
  %0 = norm.layer_norm %x : tensor<?x64xf32>
  %1 = norm.rms_norm %x : tensor<?x64xf32>
  return %0, %1 : tensor<?x64xf32>, tensor<?x64xf32>
}

// -----

// A producer with a use outside the kernel stays in the caller, and the run-
// time checks stay at the call site. Running the pass again changes nothing.

// CHECK-LABEL: func.func @shared_producer(
// CHECK:         %[[SUM:.*]] = linalg.add
// CHECK:         norm.assert_size
// CHECK:         %[[Y:.*]] = call @[[K:shared_producer_rms_norm[_0-9]*]](%[[SUM]], %{{.*}})
// CHECK:         return %[[SUM]], %[[Y]]
// CHECK:       func.func private @[[K]](
// CHECK-NOT:     linalg.add
// CHECK:         norm.rms_norm
func.func @shared_producer(%x: tensor<?x?xf32>, %g: tensor<?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %x, %c0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%d0, %d1) : tensor<?x?xf32>
  %sum = linalg.add ins(%x, %x : tensor<?x?xf32>, tensor<?x?xf32>)
                    outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
  %gs = tensor.dim %g, %c0 : tensor<?xf32>
  norm.assert_size eq %gs, %d1, "scale {0} vs row {1}"
  %y = norm.rms_norm %sum scale(%g : tensor<?xf32>) : tensor<?x?xf32>
  return %sum, %y : tensor<?x?xf32>, tensor<?x?xf32>
}
