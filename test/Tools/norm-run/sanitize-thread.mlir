// REQUIRES: tsan-jit
// norm-run --sanitize=thread instruments the JIT-compiled code with
// ThreadSanitizer; scripts/test-tsan.sh runs it with LLVM's Archer OMPT tool
// (OMP_TOOL_LIBRARIES=libarcher.so), which tells TSan about the OpenMP
// runtime's fork, join and barriers. A TSan report exits with 66
// (TSAN_OPTIONS=exitcode=66), so every clean run below also fails on one.

// DEFINE: %{r3} = 1 2 3
// DEFINE: %{r4} = 1 2 3 4
// DEFINE: %{r5} = 1 2 3 4 5
// DEFINE: %{r6} = 1 2 3 4 5 6
// DEFINE: %{r7} = 1 2 3 4 5 6 7
// DEFINE: %{x64} = 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64

// Every iteration of a parallel loop (OpenMP, 2 threads) stores into the same
// element of a shared buffer: a write-write race between the two threads.
// RUN: not norm-run %s --sanitize=thread --function=race \
// RUN:   --pipeline-options="num-threads=2" --input="64xf32=%{x64}" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RACE
// RACE: WARNING: ThreadSanitizer: data race
// RACE: Write of size 4

// Without --sanitize the same race goes unreported.
// RUN: norm-run %s --function=race --pipeline-options="num-threads=2" \
// RUN:   --input="64xf32=%{x64}" 2>&1 | FileCheck %s --check-prefix=PLAIN
// PLAIN-NOT: ThreadSanitizer
// PLAIN: result[0]: 1xf32=

// The same race with 32-byte vector stores, which ThreadSanitizerPass skips
// (it instruments 1, 2, 4, 8 and 16-byte accesses only): norm-run announces
// them with __tsan_write_range, checked in 8-byte granules.
// RUN: not norm-run %s --sanitize=thread --function=race_vector \
// RUN:   --pipeline-options="num-threads=2" --input="64xf32=%{x64}" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RACE-VECTOR
// RACE-VECTOR: WARNING: ThreadSanitizer: data race
// RACE-VECTOR: Write of size 8
// RACE-VECTOR: Location is heap block of size 32

// ... and with masked stores, which TSan does not instrument at all: norm-run
// scalarizes them first (4-byte stores of the enabled lanes).
// RUN: not norm-run %s --sanitize=thread --function=race_masked \
// RUN:   --pipeline-options="num-threads=2" --input="64xf32=%{x64}" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RACE-MASKED
// RACE-MASKED: WARNING: ThreadSanitizer: data race
// RACE-MASKED: Write of size 4
// RUN: norm-run %s --function=race_masked --pipeline-options="num-threads=2" \
// RUN:   --input="64xf32=%{x64}" 2>&1 | FileCheck %s --check-prefix=PLAIN-MASKED
// PLAIN-MASKED-NOT: ThreadSanitizer
// PLAIN-MASKED: result[0]: 8xf32=[{{[0-9]+}} {{[0-9]+}} {{[0-9]+}} 0 0 0 0 0]

// The same loop writing one element per iteration is race-free.
// RUN: norm-run %s --sanitize=thread --function=no_race \
// RUN:   --pipeline-options="num-threads=2" --input="64xf32=%{x64}" \
// RUN:   | FileCheck %s --check-prefix=NORACE
// NORACE: result[0]: 64xf32=[2 4 6

// Real norm ops on 2 threads with one row per tile, so that neighbouring
// tiles (and their vector tails) write next to each other: bf16 batch_norm
// channels-last (8 rows of one channel)...
// RUN: norm-run %s --sanitize=thread --function=batch_norm \
// RUN:   --pipeline-options="num-threads=2 row-tile-size=1 row-tile-bytes=0" \
// RUN:   --input="8x1xbf16=1 2 3 4 5 6 7 8" --input="1xbf16=2" --input="1xbf16=1" \
// RUN:   --input="1xbf16=4" --input="1xbf16=4" | FileCheck %s --check-prefix=BN
// BN: result[0]: 8x1xbf16={{\[\[}}-2][-1][0][1][2][3][4][5]]

// ... and layer_norm over rows of 1 to 7 elements (a vector tail only, then
// full vectors plus tails).
// DEFINE: %{ln} = norm-run %s --sanitize=thread --function=layer_norm \
// DEFINE:   --pipeline-options="num-threads=2 row-tile-size=1 row-tile-bytes=0"
// RUN: %{ln} --input="4x1xbf16=1 2 3 4" | FileCheck %s --check-prefix=LN1
// LN1: result[0]: 4x1xbf16={{\[\[}}0][0][0][0]]
// RUN: %{ln} --input="4x2xbf16=1 3 1 3 1 3 1 3" | FileCheck %s --check-prefix=LN2
// LN2: result[0]: 4x2xbf16={{\[\[}}-1 1][-1 1][-1 1][-1 1]]
// RUN: %{ln} --input="4x3xbf16=%{r3} %{r3} %{r3} %{r3}" | FileCheck %s --check-prefix=LN3
// LN3: result[0]: 4x3xbf16={{\[\[}}-1.227 0 1.227][-1.227 0 1.227][-1.227 0 1.227][-1.227 0 1.227]]
// RUN: %{ln} --input="4x4xbf16=%{r4} %{r4} %{r4} %{r4}" | FileCheck %s --check-prefix=LN
// RUN: %{ln} --input="4x5xbf16=%{r5} %{r5} %{r5} %{r5}" | FileCheck %s --check-prefix=LN
// RUN: %{ln} --input="4x6xbf16=%{r6} %{r6} %{r6} %{r6}" | FileCheck %s --check-prefix=LN
// RUN: %{ln} --input="4x7xbf16=%{r7} %{r7} %{r7} %{r7}" | FileCheck %s --check-prefix=LN7
// LN: result[0]: 4x{{[4-6]}}xbf16={{\[\[}}-1.
// LN7: result[0]: 4x7xbf16={{\[\[}}-1.5 -1 -0.5 0 0.5 1 1.5][-1.5 -1 -0.5 0 0.5 1 1.5][-1.5 -1 -0.5 0 0.5 1 1.5][-1.5 -1 -0.5 0 0.5 1 1.5]]

func.func @race(%x: tensor<64xf32>) -> tensor<1xf32> {
  %c0 = arith.constant 0 : index
  %buf = memref.alloc() : memref<1xf32>
  %xm = bufferization.to_buffer %x : tensor<64xf32> to memref<64xf32>
  scf.forall (%i) in (64) {
    %v = memref.load %xm[%i] : memref<64xf32>
    memref.store %v, %buf[%c0] : memref<1xf32>
  }
  %r = bufferization.to_tensor %buf restrict : memref<1xf32> to tensor<1xf32>
  return %r : tensor<1xf32>
}

func.func @race_vector(%x: tensor<64xf32>) -> tensor<8xf32> {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %buf = memref.alloc() : memref<8xf32>
  %xm = bufferization.to_buffer %x : tensor<64xf32> to memref<64xf32>
  scf.forall (%i) in (8) {
    %off = arith.muli %i, %c8 : index
    %v = vector.load %xm[%off] : memref<64xf32>, vector<8xf32>
    vector.store %v, %buf[%c0] : memref<8xf32>, vector<8xf32>
  }
  %r = bufferization.to_tensor %buf restrict : memref<8xf32> to tensor<8xf32>
  return %r : tensor<8xf32>
}
func.func @race_masked(%x: tensor<64xf32>) -> tensor<8xf32> {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %buf = memref.alloc() : memref<8xf32>
  linalg.fill ins(%zero : f32) outs(%buf : memref<8xf32>)
  %xm = bufferization.to_buffer %x : tensor<64xf32> to memref<64xf32>
  %mask = vector.create_mask %c3 : vector<8xi1>
  scf.forall (%i) in (8) {
    %off = arith.muli %i, %c8 : index
    %v = vector.load %xm[%off] : memref<64xf32>, vector<8xf32>
    vector.maskedstore %buf[%c0], %mask, %v : memref<8xf32>, vector<8xi1>, vector<8xf32>
  }
  %r = bufferization.to_tensor %buf restrict : memref<8xf32> to tensor<8xf32>
  return %r : tensor<8xf32>
}

func.func @no_race(%x: tensor<64xf32>) -> tensor<64xf32> {
  %buf = memref.alloc() : memref<64xf32>
  %xm = bufferization.to_buffer %x : tensor<64xf32> to memref<64xf32>
  scf.forall (%i) in (64) {
    %v = memref.load %xm[%i] : memref<64xf32>
    %d = arith.addf %v, %v : f32
    memref.store %d, %buf[%i] : memref<64xf32>
  }
  %r = bufferization.to_tensor %buf restrict : memref<64xf32> to tensor<64xf32>
  return %r : tensor<64xf32>
}

func.func @batch_norm(%x: tensor<8x1xbf16>, %g: tensor<1xbf16>,
                      %b: tensor<1xbf16>, %m: tensor<1xbf16>,
                      %v: tensor<1xbf16>) -> tensor<8x1xbf16> {
  %y = norm.batch_norm %x scale(%g : tensor<1xbf16>) bias(%b : tensor<1xbf16>) mean(%m : tensor<1xbf16>) var(%v : tensor<1xbf16>) {epsilon = 0.0 : f32, feature_axis = -1 : i64}
      : tensor<8x1xbf16>
  return %y : tensor<8x1xbf16>
}

func.func @layer_norm(%x: tensor<4x?xbf16>) -> tensor<4x?xbf16> {
  %y = norm.layer_norm %x : tensor<4x?xbf16>
  return %y : tensor<4x?xbf16>
}
