// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 stream-stores=1 stream-min-bytes-per-pass=4" | FileCheck %s --check-prefix=FOUR
// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 stream-stores=1 stream-min-bytes-per-pass=2" | FileCheck %s --check-prefix=TWO
// RUN: norm-opt %s --convert-norm-to-vector="vector-width=16 stream-stores=1" | FileCheck %s --check-prefix=ALWAYS
// RUN: norm-opt %s --norm-cpu-pipeline="target-cpu=znver4 num-threads=1 nontemporal-min-bytes=0" | FileCheck %s --check-prefix=PIPELINE

// stream-min-bytes-per-pass: a row norm streams its output only when each
// element moves at least that many bytes to or from memory (input,
// residual, output, sum) per pass over its row: layer_norm reads a row 3
// times, rms_norm twice. The others, which spend longer in the core per
// byte, write through the cache (docs/performance.md, "Streaming stores
// per op"). Without the option (ALWAYS) every row norm streams;
// norm-cpu-pipeline defaults to 2 (prefix PIPELINE; the streamed loops reach LLVM
// as nontemporal stores).

// 4 bytes x 2 tensors / 3 passes = 2.7: streams from 2, not from 4.
// FOUR-LABEL: func.func @layer_norm_f32(
//   FOUR-NOT:   norm.stream_stores
//       FOUR: return
// TWO-LABEL: func.func @layer_norm_f32(
//       TWO:   norm.stream_stores
// ALWAYS-LABEL: func.func @layer_norm_f32(
//       ALWAYS:   norm.stream_stores
// PIPELINE-LABEL: llvm.func @layer_norm_f32_layer_norm(
//       PIPELINE:   llvm.store {{.*}}, nontemporal} : vector<16xf32>
func.func @layer_norm_f32(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = norm.layer_norm %x : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// 4 x 2 / 2 = 4: streams.
// FOUR-LABEL: func.func @rms_norm_f32(
//       FOUR:   norm.stream_stores
// TWO-LABEL: func.func @rms_norm_f32(
//       TWO:   norm.stream_stores
// ALWAYS-LABEL: func.func @rms_norm_f32(
//       ALWAYS:   norm.stream_stores
func.func @rms_norm_f32(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = norm.rms_norm %x : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// The residual is one more tensor read: 4 x 3 / 3 = 4, streams.
// FOUR-LABEL: func.func @layer_norm_f32_residual(
//       FOUR:   norm.stream_stores
// ALWAYS-LABEL: func.func @layer_norm_f32_residual(
//       ALWAYS:   norm.stream_stores
func.func @layer_norm_f32_residual(%x: tensor<?x?xf32>, %r: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = norm.layer_norm %x residual(%r : tensor<?x?xf32>) : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// 2 x 2 / 3 = 1.3: plain stores from 2 on (the bf16 LayerNorm that
// streaming slowed down).
// FOUR-LABEL: func.func @layer_norm_bf16(
//   FOUR-NOT:   norm.stream_stores
//       FOUR: return
// TWO-LABEL: func.func @layer_norm_bf16(
//   TWO-NOT:   norm.stream_stores
//       TWO: return
// ALWAYS-LABEL: func.func @layer_norm_bf16(
//       ALWAYS:   norm.stream_stores
// PIPELINE-LABEL: llvm.func @layer_norm_bf16_layer_norm(
//   PIPELINE-NOT:   nontemporal
//       PIPELINE: llvm.return
func.func @layer_norm_bf16(%x: tensor<?x?xbf16>) -> tensor<?x?xbf16> {
  %y = norm.layer_norm %x : tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}

// 2 x 2 / 2 = 2: streams from 2, not from 4.
// FOUR-LABEL: func.func @rms_norm_bf16(
//   FOUR-NOT:   norm.stream_stores
//       FOUR: return
// TWO-LABEL: func.func @rms_norm_bf16(
//       TWO:   norm.stream_stores
// PIPELINE-LABEL: llvm.func @rms_norm_bf16_rms_norm(
//       PIPELINE:   llvm.store {{.*}}, nontemporal}
func.func @rms_norm_bf16(%x: tensor<?x?xbf16>) -> tensor<?x?xbf16> {
  %y = norm.rms_norm %x : tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}

// With the residual and its sum, 2 x 4 / 2 = 4: streams, the output and
// the sum.
// FOUR-LABEL: func.func @rms_norm_bf16_residual_sum(
//       FOUR:   norm.stream_stores
func.func @rms_norm_bf16_residual_sum(%x: tensor<?x?xbf16>, %r: tensor<?x?xbf16>) -> (tensor<?x?xbf16>, tensor<?x?xbf16>) {
  %y, %s = norm.rms_norm %x residual(%r : tensor<?x?xbf16>) : tensor<?x?xbf16> -> sum
  return %y, %s : tensor<?x?xbf16>, tensor<?x?xbf16>
}

// ... but layer_norm's third pass keeps it below: 2 x 4 / 3 = 2.7.
// FOUR-LABEL: func.func @layer_norm_bf16_residual_sum(
//   FOUR-NOT:   norm.stream_stores
//       FOUR: return
// TWO-LABEL: func.func @layer_norm_bf16_residual_sum(
//       TWO:   norm.stream_stores
func.func @layer_norm_bf16_residual_sum(%x: tensor<?x?xbf16>, %r: tensor<?x?xbf16>) -> (tensor<?x?xbf16>, tensor<?x?xbf16>) {
  %y, %s = norm.layer_norm %x residual(%r : tensor<?x?xbf16>) : tensor<?x?xbf16> -> sum
  return %y, %s : tensor<?x?xbf16>, tensor<?x?xbf16>
}
