// Invalid options of norm-gpu-pipeline fail it with an error naming the
// option (norm-report-invalid-pipeline-options stands in for the pipeline).
// RUN: not norm-opt %s --norm-gpu-pipeline="threads=100" 2>&1 | FileCheck %s --check-prefix=THREADS
// RUN: not norm-opt %s --norm-gpu-pipeline="chip=foo" 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not norm-opt %s --norm-gpu-pipeline="target=spirv" 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not norm-opt %s --norm-gpu-pipeline="threads=64 rows-per-block=128" 2>&1 | FileCheck %s --check-prefix=ROWS
// RUN: not norm-opt %s --norm-gpu-pipeline="vector-width=3" 2>&1 | FileCheck %s --check-prefix=VEC
// The pass on its own.
// RUN: not norm-opt %s --norm-report-invalid-pipeline-options="message={bad option}" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REPORT

// THREADS: error: norm-gpu-pipeline: threads must be a power of two in [1, 1024]
// CHIP: error: norm-gpu-pipeline: chip must be an NVIDIA sm_XX or an AMD gfxXXX
// TARGET: error: norm-gpu-pipeline: target must be nvvm or rocdl
// ROWS: error: norm-gpu-pipeline: rows-per-block must be a power of two dividing threads
// VEC: error: norm-gpu-pipeline: vector-width must be a power of two in [1, 16]
// REPORT: error: bad option

func.func @rms_norm(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = norm.rms_norm %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
