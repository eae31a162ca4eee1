#!/usr/bin/env python3
"""Runs the group_norm_grad kernels of convert-norm-to-gpu in simt-emulator.py
(no GPU needed) and checks them against float64 NumPy.

For every case: writes a function, lowers it with
`norm-opt --convert-norm-to-gpu=<options> --mlir-print-op-generic`, emulates
the launches (VectorMachine of check-row-norm-emulated.py), and compares dx,
dscale and dbias with the float64 formulas of docs/ops.md on the same inputs
and statistics (the (N, G) mean and inverse standard deviation of x in
float64, rounded to f32, as group_norm returns them). Group 0 of instance 0
is constant and group 1 holds 40000 + [0, 1, 2, 3, ...]. Prints one line per
case; exits with 1 when one fails.
"""

import argparse
import importlib.util
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import norm_reference as norm_ref  # noqa: E402
_spec = importlib.util.spec_from_file_location(
    "row_norm", os.path.join(HERE, "check-row-norm-emulated.py"))
rn = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rn)
emu = rn.emu

EPS = 1e-5


def tensor_type(shape, element, dynamic):
    dims = "x".join("?" if dynamic else str(d) for d in shape)
    return f"tensor<{dims}x{element}>"


def function(shape, groups, element, params, dynamic):
    xt = tensor_type(shape, element, dynamic)
    pt = tensor_type([shape[1]], element, dynamic)
    st = tensor_type([shape[0], groups], "f32", dynamic)
    names = ["%dx"] + (["%dg", "%db"] if params else [])
    types = [xt] + ([pt, pt] if params else [])
    extra = " -> dscale, dbias" if params else ""
    return f"""func.func @f(%dy: {xt}, %x: {xt}, %m: {st}, %r: {st}, %g: {pt}) -> ({", ".join(types)}) {{
  {", ".join(names)} = norm.group_norm_grad %dy x(%x : {xt}) mean(%m : {st})
      inv_std_dev(%r : {st}) scale(%g : {pt}) {{num_groups = {groups} : i64}}
      : {xt}{extra}
  return {", ".join(names)} : {", ".join(types)}
}}
"""


def grouped(a, groups):
    """The (N, G, C/G * S) view of an (N, C, ...) array."""
    return a.reshape(a.shape[0], groups, a.size // max(a.shape[0] * groups, 1))


def make_inputs(shape, groups, element, rng):
    x = rng.standard_normal(shape) * 2 + 5
    view = grouped(x, groups)
    if shape[0] > 0 and view.shape[2] > 0:
        view[0, 0] = 3.25                                    # constant group
        if groups > 1:
            view[0, 1] = 40000 + np.resize([0.0, 1.0, 2.0, 3.0],
                                           view.shape[2])
    x = rn.as_element(x, element)
    dy = rn.as_element(rng.standard_normal(shape), element)
    _, mean, rstd = norm_ref.group_norm(x, None, None, groups, EPS)
    g = rn.as_element(rng.random(shape[1]) + 0.5, element)
    return [dy, x, mean.astype(np.float32), rstd.astype(np.float32), g]


def reference(inputs, groups):
    dy, x, mean, rstd, g = inputs
    grad = norm_ref.group_norm_grad(dy, x, mean, rstd, g, groups)
    terms = norm_ref.grouped(grad.dx_terms, groups)
    magnitude = np.broadcast_to(
        terms.max(axis=2, keepdims=True, initial=0.0),
        terms.shape).reshape(dy.shape)
    return grad.dx, magnitude, [(grad.dscale, grad.dscale_terms),
                                (grad.dbias, grad.dbias_terms)]


def compare(name, got, want, scale, tol):
    got = np.asarray(got, dtype=np.float64).reshape(np.shape(want))
    with np.errstate(all="ignore"):
        err = np.abs(got - want) / np.maximum(scale, 1e-30)
    if got.size and not np.all(err <= tol):
        return f"{name}: max error {np.nanmax(err):.2e} > {tol}"
    return None


CASES = [
    # (label, shape, groups, element, dscale/dbias, dynamic, options)
    ("warp per group, cached", [2, 8, 4, 4], 4, "f32", True, False,
     "threads=64"),
    ("block per group, cached", [1, 4, 32, 32], 2, "f32", True, False,
     "blocks-per-channel=3"),
    ("warp per group, 8 per block", [2, 6, 16, 16], 2, "f32", True, False,
     ""),
    ("instance norm (G = C)", [2, 4, 5, 5], 4, "f32", True, False,
     "threads=32"),
    ("bf16", [2, 8, 4, 4], 2, "bf16", True, False, "threads=64"),
    ("f16", [2, 8, 4, 4], 4, "f16", True, False, "threads=64"),
    ("dx only", [3, 4, 6], 2, "f32", False, False, "threads=32"),
    ("streaming", [2, 4, 8, 8], 2, "f32", True, False,
     "threads=32 max-cached-vectors=0"),
    ("dynamic", [2, 6, 3, 5], 3, "f32", True, True, "threads=32"),
    ("empty batch", [0, 4, 3], 2, "f32", True, True, "threads=32"),
    ("empty spatial", [2, 4, 0], 2, "f32", True, False, "threads=32"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--norm-opt", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(13)
    failures = 0
    for label, shape, groups, element, params, dynamic, options in CASES:
        inputs = make_inputs(shape, groups, element, rng)
        source = function(shape, groups, element, params, dynamic)
        try:
            outputs, checks = rn.run_function(
                rn.lower(args.norm_opt, source, options), "f", inputs)
        except emu.EmulationError as error:
            print(f"{label}: FAILED ({error})")
            failures += 1
            continue
        dx, magnitude, param_refs = reference(inputs, groups)
        tol = {"f32": 2e-5, "f16": 2e-3, "bf16": 1.6e-2}[element]
        problems = [compare("dx", outputs[0], dx, magnitude, tol)]
        if params:
            for name, got, (want, scale_of) in zip(["dscale", "dbias"],
                                                   outputs[1:], param_refs):
                problems.append(compare(name, got, want, scale_of, tol))
        problems = [p for p in problems if p]
        status = "ok" if not problems else "FAILED (" + "; ".join(problems) + ")"
        failures += bool(problems)
        print(f"{label}: {status} [{checks['launches']} launches, "
              f"{checks['barriers']} barriers, {checks['shuffles']} shuffles]")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
