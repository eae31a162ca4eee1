// The default of every option of every pass and pipeline, pinned by the
// effective options that --dump-pass-pipeline prints. The pipelines take the
// defaults of the options they pass on from the passes (see
// include/norm/Pipelines/Pipelines.h); where they differ (vector-width,
// small-run-elements, nontemporal-stores / stream-stores, short-row-elements,
// short-row-max-bytes, prefetch-max-bytes, row-tile-bytes) both are pinned.
// A default that changes must change here, in docs/guide.md and docs/gpu.md.

// The passes' options.
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --pass-pipeline="builtin.module(convert-norm-to-linalg,convert-norm-to-vector,func.func(convert-norm-to-gpu,norm-tile-and-fuse,norm-map-parallel-loops-to-gpu))" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PASSES
// PASSES:      convert-norm-to-linalg{reassociate-sums=false}
// PASSES-NEXT: convert-norm-to-vector{block-elements=4096 gradient-tiles=64 native-bf16=false prefetch-max-bytes=0 short-row-elements=0 short-row-group=8 short-row-max-bytes=0 small-run-elements=0 stream-min-bytes=0 stream-min-bytes-per-pass=0 stream-stores=false unroll=4 vector-width=16}
// PASSES-NEXT: func.func(
// PASSES-NEXT: convert-norm-to-gpu{batch-norm-train-single-pass=false blocks-per-channel=0 blocks-per-row=0 max-cached-vectors=16 max-grad-partials=256 max-row-per-block=32768 max-row-per-warp=1024 persistent-blocks=132 rows-per-block=0 threads=256 vector-width=0 warp-size=32}
// PASSES-NEXT: norm-tile-and-fuse{channel-tile-elements=256 channel-tile-size=0 fuse-producers=true row-tile-bytes=0 row-tile-size=8 small-run-elements=0 tile-parallel-kernels=true}
// PASSES-NEXT: norm-map-parallel-loops-to-gpu{threads=256}

// norm-cpu-pipeline: the passes it builds with their options; every option
// spelled out with its default builds the same pipeline.
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline 2> %t.cpu
// RUN: FileCheck %s --check-prefix=CPU < %t.cpu
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="raise=false tile=true row-tile-size=8 row-tile-bytes=65536 channel-tile-size=0 channel-tile-elements=256 reassociate-sums=false vectorize=true vector-width=0 unroll=4 block-elements=4096 gradient-tiles=64 small-run-elements=512 nontemporal-stores=true nontemporal-min-bytes=8388608 short-row-elements=256 short-row-group=8 short-row-max-bytes=8388608 prefetch-max-bytes=524288 runtime-checks=true num-threads=0 target-cpu={} target-features={}" 2> %t.cpu-spelled
// RUN: diff %t.cpu %t.cpu-spelled
// The default target is the host ("" and "host" alike); on a host with
// AVX-512 BF16 the bf16 rounding is the hardware's (test/Pipelines/cpu-target.mlir).
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="target-cpu=host" 2> %t.cpu-host
// RUN: diff %t.cpu %t.cpu-host
// RUN: %if avx512bf16-host %{ FileCheck %s --check-prefix=CPU-BF16-HOST < %t.cpu %}
// CPU-BF16-HOST: convert-norm-to-vector{{.*}} native-bf16=true
// The pipeline's unroll is the pass's, its nontemporal-min-bytes-per-pass
// the pass's stream-min-bytes-per-pass.
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="unroll=3" 2>&1 | FileCheck %s --check-prefix=CPU-UNROLL
// CPU-UNROLL: convert-norm-to-vector{{.*}} unroll=3 vector-width=
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline="nontemporal-min-bytes-per-pass=0" 2>&1 | FileCheck %s --check-prefix=CPU-PER-PASS
// CPU-PER-PASS: convert-norm-to-vector{{.*}} stream-min-bytes-per-pass=0 stream-stores=true
// CPU-NOT:  norm-raise
// CPU:      norm-insert-runtime-checks
// CPU:      norm-flatten-batch-norm
// CPU:      norm-tile-and-fuse{channel-tile-elements=256 channel-tile-size=0 fuse-producers=true row-tile-bytes=65536 row-tile-size=8 small-run-elements=512 tile-parallel-kernels=false}
// CPU:      convert-norm-to-vector{block-elements=4096 gradient-tiles=64 native-bf16={{true|false}} prefetch-max-bytes=524288 short-row-elements=256 short-row-group=8 short-row-max-bytes=8388608 small-run-elements=512 stream-min-bytes=8388608 stream-min-bytes-per-pass=2 stream-stores=true unroll=4 vector-width={{4|8|16}}}
// CPU-NEXT: convert-norm-to-linalg{reassociate-sums=false}
// CPU:      norm-stream-stores
// CPU:      convert-scf-to-openmp{num-threads=0}

// raise=true: both pipelines start with the same front (buildFrontEndPipeline,
// lib/Pipelines/FrontEnd.cpp): norm-raise, the lowering of TOSA to linalg
// (which runs with or without raise), norm-fold-batch-norm,
// norm-fuse-residual, the decomposition of linalg.softmax and the run-time
// checks. Without raise, only the TOSA lowering, the decomposition and the
// checks.
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline=raise=true 2>&1 | FileCheck %s --check-prefix=RAISE
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-gpu-pipeline=raise=true 2>&1 | FileCheck %s --check-prefix=RAISE
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-cpu-pipeline 2>&1 | FileCheck %s --check-prefix=NO-RAISE
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-gpu-pipeline 2>&1 | FileCheck %s --check-prefix=NO-RAISE
// RAISE:      builtin.module(
// RAISE-NEXT:   norm-raise,
// RAISE-NEXT:   func.func(
// RAISE-NEXT:     tosa-optional-decompositions,
// RAISE-NEXT:     tosa-to-linalg-named{prefer-conv2d-kernel-layout-hwcf=false},
// RAISE-NEXT:     tosa-to-linalg{aggressive-reduce-constant=false disable-tosa-decompositions=false},
// RAISE-NEXT:     tosa-to-arith{include-apply-rescale=false use-32-bit=false},
// RAISE-NEXT:     tosa-to-tensor
// RAISE-NEXT:   ),
// RAISE-NEXT:   norm-fold-batch-norm,
// RAISE-NEXT:   norm-fuse-residual,
// RAISE-NEXT:   norm-decompose-aggregated-ops,
// RAISE-NEXT:   func.func(
// RAISE-NEXT:     norm-insert-runtime-checks
// NO-RAISE:      builtin.module(
// NO-RAISE-NEXT:   func.func(
// NO-RAISE-NEXT:     tosa-optional-decompositions,
// NO-RAISE:          tosa-to-tensor
// NO-RAISE-NEXT:   ),
// NO-RAISE-NEXT:   norm-decompose-aggregated-ops,
// NO-RAISE-NEXT:   func.func(
// NO-RAISE-NEXT:     norm-insert-runtime-checks

// norm-gpu-pipeline, likewise.
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-gpu-pipeline 2> %t.gpu
// RUN: FileCheck %s --check-prefix=GPU < %t.gpu
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-gpu-pipeline="raise=false runtime-checks=true chip=sm_80 target={} format=fatbin rows-per-block=0 max-row-per-warp=1024 max-cached-vectors=16 max-grad-partials=256 max-row-per-block=32768 blocks-per-row=0 threads=256 vector-width=0 blocks-per-channel=0 batch-norm-train-single-pass=false persistent-blocks=132 max-grad-partials=256 toolkit={}" 2> %t.gpu-spelled
// RUN: diff %t.gpu %t.gpu-spelled
// The pipeline passes a value on to the pass.
// RUN: norm-opt %s -o /dev/null --dump-pass-pipeline --norm-gpu-pipeline="max-grad-partials=16" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GPU-PARTIALS
// GPU-PARTIALS: convert-norm-to-gpu{{.*}} max-grad-partials=16 max-row-per-block=32768
// GPU-NOT:  norm-raise
// GPU:      norm-insert-runtime-checks
// GPU:      convert-norm-to-gpu{batch-norm-train-single-pass=false blocks-per-channel=0 blocks-per-row=0 max-cached-vectors=16 max-grad-partials=256 max-row-per-block=32768 max-row-per-warp=1024 persistent-blocks=132 rows-per-block=0 threads=256 vector-width=0 warp-size=32}
// GPU:      norm-map-parallel-loops-to-gpu{threads=256}
// GPU:      nvvm-attach-target{O=2 chip=sm_80 
// GPU:      gpu-module-to-binary{format=fatbin {{.*}} toolkit=}

module {
}
