#!/usr/bin/env python3
"""Runs the batch_norm_grad kernels of convert-norm-to-gpu in simt-emulator.py
(no GPU needed) and checks them against float64 NumPy.

For every case: writes a function, lowers it with
`norm-opt --convert-norm-to-gpu=<options> --mlir-print-op-generic`, emulates
the launches (VectorMachine of check-row-norm-emulated.py), and compares dx,
dscale and dbias with the float64 formulas of docs/ops.md on the same inputs
and statistics (the batch mean and biased variance of x in float64, rounded
to the accumulation type, as batch_norm_train returns them). A channel of the
inputs is constant and one holds 40000 + [0, 1, 2, 3, ...]. Prints one line
per case; exits with 1 when one fails.
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


def function(shape, axis, element, training, params, dynamic):
    channels = shape[axis]
    xt = tensor_type(shape, element, dynamic)
    pt = tensor_type([channels], element, dynamic)
    st = tensor_type([channels], "f32", dynamic)
    attrs = [f"epsilon = {EPS:e} : f32", f"feature_axis = {axis} : i64"]
    if not training:
        attrs.append("training = false")
    names = ["%dx"] + (["%dg", "%db"] if params else [])
    types = [xt] + ([pt, pt] if params else [])
    extra = " -> dscale, dbias" if params else ""
    return f"""func.func @f(%dy: {xt}, %x: {xt}, %m: {st}, %v: {st}, %g: {pt}) -> ({", ".join(types)}) {{
  {", ".join(names)} = norm.batch_norm_grad %dy x(%x : {xt}) mean(%m : {st})
      var(%v : {st}) scale(%g : {pt}) {{{", ".join(attrs)}}} : {xt}{extra}
  return {", ".join(names)} : {", ".join(types)}
}}
"""


def make_inputs(shape, axis, element, rng):
    x = rng.standard_normal(shape) * 2 + 5
    moved = np.moveaxis(x, axis, 0)
    if moved.shape[0] > 0:
        moved[0] = 3.25                                     # constant channel
    if moved.shape[0] > 1:
        moved[1] = 40000 + np.resize([0.0, 1.0, 2.0, 3.0], moved[1].shape)
    x = rn.as_element(x, element)
    dy = rn.as_element(rng.standard_normal(shape), element)
    _, mean, var = norm_ref.batch_norm_train(x, None, None, axis, EPS)
    mean, var = mean.astype(np.float32), var.astype(np.float32)
    g = rn.as_element(rng.random(shape[axis]) + 0.5, element)
    return [dy, x, mean, var, g]


def reference(inputs, axis, training):
    dy, x, mean, var, g = inputs
    inv_std = norm_ref.inv_sqrt(var, float(np.float32(EPS)))
    grad = norm_ref.batch_norm_grad(dy, x, mean, inv_std, g, axis, training)
    reduced = norm_ref.channel_dims(dy, axis)
    magnitude = grad.dx_terms.max(axis=reduced, keepdims=True, initial=0.0)
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
    # (label, shape, axis, element, training, dscale/dbias, dynamic, options)
    ("nchw_f32", [4, 6, 9, 11], 1, "f32", True, True, False,
     "threads=64 blocks-per-channel=3"),
    ("nhwc_f32", [4, 5, 6, 8], 3, "f32", True, True, False, "threads=32"),
    ("dynamic_f32", [3, 5, 7, 4], 1, "f32", True, True, True,
     "threads=32 blocks-per-channel=2"),
    ("nchw_bf16", [2, 4, 8, 8], 1, "bf16", True, True, False, "threads=64"),
    ("nchw_f16", [2, 3, 8, 8], 1, "f16", True, True, False, "threads=64"),
    ("dx_only", [4, 3, 5, 5], 1, "f32", True, False, False, "threads=64"),
    ("inference", [4, 3, 5, 5], 1, "f32", False, True, False, "threads=64"),
    ("inference_dx_only", [4, 3, 5, 5], 1, "f32", False, False, False,
     "threads=64"),
    ("wave64", [4, 3, 10, 10], 1, "f32", True, True, False,
     "threads=128 warp-size=64"),
    ("empty_chunks", [2, 3, 4], 1, "f32", True, True, False,
     "threads=32 blocks-per-channel=50"),
    ("scalar_accesses", [3, 4, 7, 7], 1, "f32", True, True, False,
     "threads=32 vector-width=1"),
    ("empty_batch", [0, 3, 4], 1, "f32", True, True, True, "threads=32"),
    ("no_channels", [2, 0, 3], 1, "f32", True, True, False, "threads=32"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--norm-opt", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    failures = 0
    for label, shape, axis, element, training, params, dynamic, options in \
            CASES:
        inputs = make_inputs(shape, axis, element, rng)
        source = function(shape, axis, element, training, params, dynamic)
        try:
            outputs, checks = rn.run_function(
                rn.lower(args.norm_opt, source, options), "f", inputs)
        except emu.EmulationError as error:
            print(f"{label}: FAILED ({error})")
            failures += 1
            continue
        dx, magnitude, param_refs = reference(inputs, axis, training)
        tol = {"f32": 2e-5, "f16": 2e-3, "bf16": 1.6e-2}[element]
        problems = [compare("dx", outputs[0], dx,
                            np.broadcast_to(magnitude, dx.shape), tol)]
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
