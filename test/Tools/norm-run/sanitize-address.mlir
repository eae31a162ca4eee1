// REQUIRES: asan-jit
// norm-run --sanitize=address instruments the JIT-compiled code with
// AddressSanitizer: an access past the end of an input buffer, or of a
// buffer the compiled code allocated itself, is reported where it happens.
// norm-run allocates both with their exact size (no padding, no reuse of
// freed blocks), so the first byte past the end is in ASan's redzone.

// An index read from the input picks the element: in bounds, a clean run.
// RUN: norm-run %s --sanitize=address --function=pick \
// RUN:   --input="4xf32=1 2 3 4" --input="1xi64=3" | FileCheck %s --check-prefix=PICK
// PICK: result[0]: 1xf32=[4]

// One past the end of the 16-byte input: reported.
// (abort_on_error=0: a report exits 1 instead of aborting, which `not`
// would count as a crash.)
// RUN: env ASAN_OPTIONS=abort_on_error=0 not norm-run %s --sanitize=address \
// RUN:   --function=pick --input="4xf32=1 2 3 4" --input="1xi64=4" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=READ
// READ: ERROR: AddressSanitizer: heap-buffer-overflow
// READ: READ of size 4
// READ: 0 bytes after 16-byte region

// Without --sanitize the same read goes unnoticed (the kernel is not
// instrumented): the check above is what catches it.
// RUN: norm-run %s --function=pick --input="4xf32=1 2 3 4" --input="1xi64=4" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PLAIN
// PLAIN-NOT: AddressSanitizer
// PLAIN: result[0]: 1xf32=

// A store through an index into a buffer the kernel allocated itself
// (memref.alloc -> norm-run's allocator): in bounds, then 2 past the end.
// RUN: norm-run %s --sanitize=address --function=scatter \
// RUN:   --input="4xf32=1 2 3 4" --input="1xi64=1" | FileCheck %s --check-prefix=SCATTER
// SCATTER: result[0]: 1xf32=[4]
// RUN: env ASAN_OPTIONS=abort_on_error=0 not norm-run %s --sanitize=address \
// RUN:   --function=scatter --input="4xf32=1 2 3 4" --input="1xi64=6" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WRITE
// WRITE: ERROR: AddressSanitizer: heap-buffer-overflow
// WRITE: WRITE of size 4
// WRITE: 8 bytes after 16-byte region
// (No uninstrumented run of this one: the stray store would land in the
// header of the allocator's next chunk.)

// A real norm op, vectorized and on OpenMP threads, runs clean.
// RUN: norm-run %s --sanitize=address --function=layer_norm \
// RUN:   --pipeline-options="num-threads=2 row-tile-size=1 row-tile-bytes=0" \
// RUN:   --input="3x7xbf16=1 2 3 4 5 6 7 1 1 1 1 1 1 1 7 6 5 4 3 2 1" \
// RUN:   | FileCheck %s --check-prefix=LN
// LN: result[0]: 3x7xbf16=

func.func @pick(%x: tensor<4xf32>, %i: tensor<1xi64>) -> tensor<1xf32> {
  %c0 = arith.constant 0 : index
  %iv = tensor.extract %i[%c0] : tensor<1xi64>
  %idx = arith.index_cast %iv : i64 to index
  %v = tensor.extract %x[%idx] : tensor<4xf32>
  %r = tensor.from_elements %v : tensor<1xf32>
  return %r : tensor<1xf32>
}

// Copies x into a buffer of its own, stores x[3] again at index i, and
// returns element 3 of the buffer.
func.func @scatter(%x: memref<4xf32>, %i: memref<1xi64>) -> memref<1xf32> {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %buf = memref.alloc() : memref<4xf32>
  memref.copy %x, %buf : memref<4xf32> to memref<4xf32>
  %iv = memref.load %i[%c0] : memref<1xi64>
  %idx = arith.index_cast %iv : i64 to index
  %v = memref.load %x[%c3] : memref<4xf32>
  memref.store %v, %buf[%idx] : memref<4xf32>
  %r = memref.load %buf[%c3] : memref<4xf32>
  %res = memref.alloc() : memref<1xf32>
  memref.store %r, %res[%c0] : memref<1xf32>
  return %res : memref<1xf32>
}

func.func @layer_norm(%x: tensor<3x7xbf16>) -> tensor<3x7xbf16> {
  %y = norm.layer_norm %x : tensor<3x7xbf16>
  return %y : tensor<3x7xbf16>
}
