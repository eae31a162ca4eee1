// Every norm-mlir pass and both pipelines in the stock mlir-opt of
// mlir-22-tools (not norm-opt), from NormPassPlugin.so, with the norm ops
// from NormDialectPlugin.so. Both plugins use the libNormMLIR.so and
// libMLIR.so of the process: no option, pass or dialect is registered twice
// (LLVM would abort on a command-line option defined twice).
// REQUIRES: norm-package

// DEFINE: %{plugins} = --load-dialect-plugin=%norm_lib_dir/NormDialectPlugin.so \
// DEFINE:   --load-pass-plugin=%norm_lib_dir/NormPassPlugin.so

// Registered: the pass plugin alone lists every pass and pipeline.
// RUN: mlir-opt --load-pass-plugin=%norm_lib_dir/NormPassPlugin.so --help \
// RUN:   | FileCheck %s --check-prefix=HELP
// HELP-DAG: --convert-norm-to-gpu
// HELP-DAG: --convert-norm-to-linalg
// HELP-DAG: --convert-norm-to-vector
// HELP-DAG: --norm-expand-bf16-truncation
// HELP-DAG: --norm-flatten-batch-norm
// HELP-DAG: --norm-fold-batch-norm
// HELP-DAG: --norm-host-buffers-to-device
// HELP-DAG: --norm-inline-alloca-scopes
// HELP-DAG: --norm-insert-runtime-checks
// HELP-DAG: --norm-lower-runtime-checks
// HELP-DAG: --norm-map-parallel-loops-to-gpu
// HELP-DAG: --norm-on-kernels
// HELP-DAG: --norm-outline-kernels
// HELP-DAG: --norm-privatize-empty-tensors
// HELP-DAG: --norm-raise
// HELP-DAG: --norm-store-half-floats-as-integers
// HELP-DAG: --norm-stream-stores
// HELP-DAG: --norm-tile-and-fuse
// HELP-DAG: --norm-cpu-pipeline
// HELP-DAG: --norm-gpu-pipeline

// Every pass runs (the timing report names each pass that ran).
// RUN: mlir-opt %s %{plugins} -o /dev/null --mlir-timing --mlir-timing-display=list \
// RUN:   --pass-pipeline="builtin.module(norm-raise,norm-fold-batch-norm,func.func(norm-insert-runtime-checks,norm-flatten-batch-norm,norm-tile-and-fuse),norm-outline-kernels,norm-on-kernels{pipeline=canonicalize},convert-norm-to-vector,convert-norm-to-linalg,norm-privatize-empty-tensors,norm-lower-runtime-checks,norm-stream-stores,norm-inline-alloca-scopes,norm-expand-bf16-truncation,norm-store-half-floats-as-integers)" \
// RUN:   2>&1 | FileCheck %s --check-prefix=RAN
// RUN: mlir-opt %s %{plugins} -o /dev/null --mlir-timing --mlir-timing-display=list \
// RUN:   --pass-pipeline="builtin.module(convert-norm-to-gpu,func.func(norm-map-parallel-loops-to-gpu,norm-host-buffers-to-device))" \
// RUN:   2>&1 | FileCheck %s --check-prefix=RAN-GPU
// RAN-DAG: NormRaisePass
// RAN-DAG: NormFoldBatchNormPass
// RAN-DAG: NormInsertRuntimeChecksPass
// RAN-DAG: NormFlattenBatchNormPass
// RAN-DAG: NormTileAndFusePass
// RAN-DAG: NormOutlineKernelsPass
// RAN-DAG: NormOnKernelsPass
// RAN-DAG: ConvertNormToVectorPass
// RAN-DAG: ConvertNormToLinalgPass
// RAN-DAG: NormPrivatizeEmptyTensorsPass
// RAN-DAG: NormLowerRuntimeChecksPass
// RAN-DAG: NormStreamStoresPass
// RAN-DAG: NormInlineAllocaScopesPass
// RAN-DAG: NormExpandBF16TruncationPass
// RAN-DAG: NormStoreHalfFloatsAsIntegersPass
// RAN-GPU-DAG: ConvertNormToGPUPass
// RAN-GPU-DAG: NormMapParallelLoopsToGPUPass
// RAN-GPU-DAG: NormHostBuffersToDevicePass

// What the main ones do.
// RUN: mlir-opt %s %{plugins} --pass-pipeline="builtin.module(convert-norm-to-linalg)" \
// RUN:   | FileCheck %s --check-prefix=LINALG
// LINALG-LABEL: func.func @ln
//   LINALG-NOT:   norm.layer_norm
//       LINALG:   linalg.generic
// RUN: mlir-opt %s %{plugins} --pass-pipeline="builtin.module(func.func(norm-tile-and-fuse{row-tile-size=2}))" \
// RUN:   | FileCheck %s --check-prefix=TILE
// TILE-LABEL: func.func @ln
//       TILE:   scf.forall
//       TILE:     norm.layer_norm {{.*}} : tensor<2x16xf32>

// The pipelines, with options.
// RUN: mlir-opt %s %{plugins} --pass-pipeline="builtin.module(norm-cpu-pipeline{num-threads=1 vector-width=8})" \
// RUN:   | FileCheck %s --check-prefix=CPU
// CPU-LABEL: llvm.func @ln(
//       CPU:   vector<8xf32>
//   CPU-NOT:   omp.
//       CPU:   llvm.return
// RUN: mlir-opt %s %{plugins} --pass-pipeline="builtin.module(norm-gpu-pipeline{chip=sm_80 format=isa})" \
// RUN:   | %python %S/../GPU/extract-gpu-binary.py | FileCheck %s --check-prefix=GPU
// GPU: TEXT #nvvm.target<chip = "sm_80"
// GPU: .entry ln_kernel(
// Their option checks.
// RUN: not mlir-opt %s %{plugins} --pass-pipeline="builtin.module(norm-cpu-pipeline{vector-width=-1})" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=INVALID
// INVALID: norm-cpu-pipeline: 'vector-width' must be positive or 0 (the host's)

func.func @ln(%x: tensor<4x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>)
    -> tensor<4x16xf32> {
  %y = norm.layer_norm %x scale(%g : tensor<16xf32>) bias(%b : tensor<16xf32>)
      : tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
