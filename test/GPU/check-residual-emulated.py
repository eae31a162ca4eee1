#!/usr/bin/env python3
"""Runs the layer_norm / rms_norm row kernels of convert-norm-to-gpu with a
`residual` and the `sum` result in simt-emulator.py (no GPU) and checks them
against float64 NumPy: y of x + r (rounded to the element type) and the sum
bit for bit, for the register-cached, the streaming and the split kernels
(three cases; the emulator is slow, so the suite stays small).
Reuses check-row-norm-emulated.py's machine and references."""

import argparse
import importlib.util
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "row_norm", os.path.join(HERE, "check-row-norm-emulated.py"))
rn = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rn)


def function(op, hidden, element, eps):
    xt = f"tensor<?x{hidden}x{element}>"
    pt = f"tensor<{hidden}x{element}>"
    attrs = f"{{epsilon = {eps:e} : f32}}"
    if op == "layer_norm":
        args = f"%x: {xt}, %r: {xt}, %g: {pt}, %b: {pt}"
        groups = f"scale(%g : {pt}) bias(%b : {pt})"
    else:
        args = f"%x: {xt}, %r: {xt}, %g: {pt}"
        groups = f"scale(%g : {pt})"
    return f"""func.func @f({args}) -> ({xt}, {xt}) {{
  %y, %s = norm.{op} %x residual(%r : {xt}) {groups} {attrs} : {xt} -> sum
  return %y, %s : {xt}, {xt}
}}
"""


CASES = [
    # label, op, rows, hidden, element, options
    ("ln cached", "layer_norm", 3, 768, "f32", ""),
    ("rms streaming bf16", "rms_norm", 3, 1000, "bf16",
     "rows-per-block=1 max-cached-vectors=0"),
    ("rms split", "rms_norm", 3, 5000, "f32", "blocks-per-row=3"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--norm-opt", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    failures = 0
    for label, op, rows, hidden, element, options in CASES:
        inputs = rn.make_inputs(op, rows, hidden, element, rng)
        residual = rn.as_element(rng.standard_normal((rows, hidden)), element)
        total = rn.as_element(inputs[0].astype(np.float64) + residual, element)
        try:
            outputs, _ = rn.run_function(
                rn.lower(args.norm_opt, function(op, hidden, element, 1e-5),
                         options),
                "f", [inputs[0], residual] + inputs[1:])
        except rn.emu.EmulationError as error:
            print(f"{label}: FAILED ({error})")
            failures += 1
            continue
        want = rn.reference(op, [total] + inputs[1:], 1e-5)
        tol = 8e-3 if element == "bf16" else 1e-5
        problems = []
        problem = rn.check("y", outputs[0], want[0], tol)
        if problem:
            problems.append(problem)
        got_sum = np.asarray(outputs[1], dtype=np.float64).reshape(total.shape)
        if not np.array_equal(got_sum, total.astype(np.float64)):
            problems.append("sum is not x + r rounded to the element type")
        failures += bool(problems)
        print(f"{label}: " + ("ok" if not problems
                              else "FAILED (" + "; ".join(problems) + ")"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
