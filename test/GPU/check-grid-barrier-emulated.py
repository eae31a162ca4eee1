#!/usr/bin/env python3
"""Unit tests of simt-emulator.py's grid-wide synchronisation, on hand-written
kernels: every block of a 4-block launch writes one element, crosses a grid
barrier (block barrier, thread 0: fence, atomic arrive on a counter, spin on
an atomic read of it, fence; block barrier) and reads its neighbour's
element (the scratch starts zeroed by the host, so that only the order of
the blocks matters). With the barrier the launch runs and gives the
neighbours' values; without it the read is reported as a race between
blocks; with a block that never reaches the barrier the others would spin
forever, which is reported as a deadlock; two barriers in one launch (a generation-counted target) run.
Prints one line per case; exits with 1 when one fails.
"""

import argparse
import importlib.util
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "simt_emulator", os.path.join(HERE, "simt-emulator.py"))
emu = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(emu)

BLOCKS = 4

BARRIER = """
    gpu.barrier
    scf.if %is0 {{
      llvm.fence acq_rel
      %arrived = memref.atomic_rmw addi %one, %ctr[%c0] : (i32, memref<1xi32>) -> i32
      scf.while : () -> () {{
        %seen = memref.atomic_rmw addi %zero, %ctr[%c0] : (i32, memref<1xi32>) -> i32
        %wait = arith.cmpi ult, %seen, %target{k} : i32
        scf.condition(%wait)
      }} do {{
        scf.yield
      }}
      llvm.fence acq_rel
    }}
    gpu.barrier
"""


def kernel(barrier, second=False):
    first = "" if barrier == "none" else BARRIER
    exchange = """
    scf.if %is0 {{
      %v = memref.load %src[%bx] : memref<4xf32>
      memref.store %v, %scratch{k}[%bx] : memref<4xf32>
    }}
""" + first + """
    scf.if %is0 {{
      %next = arith.addi %bx, %c1 : index
      %wrapped = arith.remui %next, %c4 : index
      %v = memref.load %scratch{k}[%wrapped] : memref<4xf32>
      memref.store %v, %dst{k}[%bx] : memref<4xf32>
    }}
"""
    body = exchange.format(k=1).replace("%src", "%in")
    if second:  # the neighbour's neighbour, through a second barrier
        body += exchange.format(k=2).replace("%src", "%dst1")
    if barrier == "skip":  # block 3 does nothing at all
        body = f"""
    %skips = arith.cmpi eq, %bx, %c3 : index
    scf.if %skips {{
    }} else {{
{body}
    }}
"""
    out = "%dst2" if second else "%dst1"
    return f"""
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %target1 = arith.constant {BLOCKS} : i32
  %target2 = arith.constant {2 * BLOCKS} : i32
  %in = bufferization.to_buffer %x : tensor<4xf32> to memref<4xf32>
  %ctr = gpu.alloc () : memref<1xi32>
  gpu.memset %ctr, %zero : memref<1xi32>, i32
  %scratch1 = gpu.alloc () : memref<4xf32>
  %scratch2 = gpu.alloc () : memref<4xf32>
  %fzero = arith.constant 0.0 : f32
  gpu.memset %scratch1, %fzero : memref<4xf32>, f32
  gpu.memset %scratch2, %fzero : memref<4xf32>, f32
  %dst1 = gpu.alloc () : memref<4xf32>
  %dst2 = gpu.alloc () : memref<4xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c4, %gy = %c1, %gz = %c1)
      threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {{
    %is0 = arith.cmpi eq, %tx, %c0 : index
{body}
    gpu.terminator
  }}
  %y = bufferization.to_tensor {out} : memref<4xf32> to tensor<4xf32>
  return %y : tensor<4xf32>
}}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--norm-opt", required=True)
    args = parser.parse_args()
    failures = 0
    x = np.arange(1, BLOCKS + 1, dtype=np.float32)
    cases = [("barrier", "barrier", False, np.roll(x, -1)),
             ("two barriers", "barrier", True, np.roll(x, -2)),
             ("no barrier", "none", False, "one block after another"),
             ("skipped barrier", "skip", False, "deadlock")]
    for name, barrier, second, want in cases:
        text = subprocess.run(
            [args.norm_opt, "-", "--mlir-print-op-generic"],
            input=kernel(barrier, second), check=True, capture_output=True,
            text=True).stdout
        try:
            (y,), checks = emu.run_function(text, "f", [x])
            got = f"y = {y.tolist()}"
            ok = not isinstance(want, str) and np.array_equal(y, want)
            got += (f" [{checks['atomics']} atomics, {checks['fences']} "
                    f"fences, {checks['barriers']} barriers]")
        except emu.EmulationError as e:
            got = f"EmulationError: {e}"
            ok = isinstance(want, str) and want in str(e)
        failures += not ok
        print(f"{name}: {'ok' if ok else 'FAILED'} ({got})", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
