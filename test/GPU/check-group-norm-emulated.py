#!/usr/bin/env python3
"""Runs the group_norm / instance_norm kernels of convert-norm-to-gpu (the
row kernels, a row per (instance, group), with a per-channel affine) in
simt-emulator.py (no GPU) and checks them against float64 NumPy.

Every case lowers a function with `norm-opt --convert-norm-to-gpu=<options>
--mlir-print-op-generic`, emulates the launches and compares y (and the
(N, G) mean / inv_std_dev when asked for) with a float64 reference. The
first group of every input is constant (its output must be exactly the
channels' bias, epsilon = 0 too) and the second, when there is one, is
40000 + N(0, 0.5). Reuses check-row-norm-emulated.py's machine. Prints one
line per case; exits with 1 when one fails.
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


def dims(shape, dynamic):
    """The type's dims: all dynamic (True), N and C only ("nc"), or none."""
    count = {True: len(shape), "nc": 2}.get(dynamic, 0)
    return "x".join("?" if i < count else str(d) for i, d in enumerate(shape))


def function(op, shape, groups, element, eps, stats, dynamic, acc="f32"):
    xt = f"tensor<{dims(shape, dynamic)}x{element}>"
    pt = f"tensor<{'?' if dynamic else shape[1]}x{element}>"
    st = f"tensor<{'?' if dynamic else shape[0]}x{groups}x{acc}>"
    attrs = f"epsilon = {eps:e} : f32"
    if acc != "f32":
        attrs += f", acc_type = {acc}"
    operands = f"%x scale(%g : {pt}) bias(%b : {pt})"
    if op == "group_norm":
        attrs = f"num_groups = {groups} : i64, " + attrs
    extra = " -> mean, inv_std_dev" if stats else ""
    names = "%y, %m, %r" if stats else "%y"
    results = f"{xt}, {st}, {st}" if stats else xt
    return f"""func.func @f(%x: {xt}, %g: {pt}, %b: {pt}) -> ({results}) {{
  {names} = norm.{op} {operands} {{{attrs}}} : {xt}{extra}
  return {names} : {results}
}}
"""


def group_size(shape, groups):
    """Elements per group (0 without channels, G = C = 0)."""
    return int(np.prod(shape[1:])) // groups if groups else 0


def make_inputs(shape, groups, element, rng):
    n, c = shape[0], shape[1]
    x = rng.standard_normal(shape) * 2 + 5
    grouped = x.reshape(n, groups, group_size(shape, groups))
    if grouped.size:
        grouped[0, 0] = 3.25                                     # constant
        if groups > 1:
            grouped[0, 1] = 40000 + rng.standard_normal(
                grouped.shape[2]) * 0.5                          # large mean
    x = rn.as_element(x, element)
    g = rn.as_element(rng.random(c) + 0.5, element)
    b = rn.as_element(rng.standard_normal(c), element)
    return [x, g, b]


def reference(inputs, groups, eps):
    return list(norm_ref.group_norm(inputs[0], inputs[1], inputs[2], groups,
                                    float(np.float32(eps))))


CASES = [
    # (label, op, shape, groups, element, eps, stats, dynamic, options)
    ("group warp per group, cached", "group_norm", (3, 8, 4, 4), 4, "f32",
     1e-5, True, False, ""),
    ("group warp per group, epsilon 0", "group_norm", (2, 6, 5, 3), 3, "f32",
     0.0, True, False, ""),
    ("group vectors of 2", "group_norm", (2, 4, 2, 3), 2, "f32", 1e-5, True,
     False, ""),
    ("group block per group, cached tail", "group_norm", (2, 4, 24, 24), 2,
     "f32", 1e-5, True, False, ""),
    ("group block per group bf16", "group_norm", (2, 4, 24, 24), 2, "bf16",
     1e-5, True, False, ""),
    ("group streaming", "group_norm", (2, 4, 24, 24), 2, "f32", 1e-5, True,
     False, "max-cached-vectors=0"),
    ("group split, cached chunks", "group_norm", (2, 4, 24, 24), 2, "f32",
     1e-5, True, False, "max-row-per-block=512"),
    ("group split bf16, epsilon 0", "group_norm", (2, 4, 24, 24), 2, "bf16",
     0.0, True, False, "blocks-per-row=3"),
    ("group split, streaming chunks", "group_norm", (2, 6, 10, 10), 3, "f32",
     1e-5, True, False, "blocks-per-row=2 max-cached-vectors=0 threads=32"),
    ("group dynamic", "group_norm", (2, 6, 3, 5), 2, "f32", 1e-5, True, True,
     ""),
    ("group dynamic split", "group_norm", (2, 6, 3, 5), 3, "bf16", 1e-5, True,
     True, "blocks-per-row=4 threads=32"),
    ("group dynamic N and C, static H*W: vectors", "group_norm",
     (2, 6, 4, 6), 3, "f32", 1e-5, True, "nc", ""),
    ("group dynamic N and C, split", "group_norm", (2, 6, 4, 6), 2, "bf16",
     1e-5, True, "nc", "blocks-per-row=3 threads=32"),
    ("group rank 2", "group_norm", (5, 12), 3, "f32", 1e-5, True, False, ""),
    ("group rank 3, G = 1", "group_norm", (3, 4, 9), 1, "f32", 1e-5, True,
     False, ""),
    ("group wave64", "group_norm", (2, 8, 8, 8), 4, "f32", 1e-5, True, False,
     "warp-size=64"),
    ("group f16", "group_norm", (2, 8, 4, 4), 2, "f16", 1e-5, True, False, ""),
    ("group f32 in f64", "group_norm", (2, 4, 24, 24), 2, "f32/f64", 1e-5,
     True, False, ""),
    ("instance warp per channel", "instance_norm", (2, 3, 5, 7), 3, "f32",
     1e-5, False, False, ""),
    ("instance block per channel bf16", "instance_norm", (1, 3, 40, 40), 3,
     "bf16", 1e-5, False, False, ""),
    ("instance dynamic", "instance_norm", (2, 3, 4, 6), 3, "f32", 1e-5, False,
     True, ""),
    ("group empty spatial", "group_norm", (2, 4, 0, 3), 2, "f32", 1e-5, True,
     False, ""),
    ("group no instances", "group_norm", (0, 4, 3, 3), 2, "f32", 1e-5, True,
     False, ""),
    ("group dynamic empty spatial", "group_norm", (2, 4, 3, 0), 2, "f32",
     1e-5, True, True, "blocks-per-row=2"),
    ("group no channels", "group_norm", (2, 0, 3, 3), 2, "f32", 1e-5, True,
     False, ""),
    ("instance dynamic no channels", "instance_norm", (2, 0, 3, 3), 0, "f32",
     1e-5, False, True, ""),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--norm-opt", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    failures = 0
    for (label, op, shape, groups, element, eps, stats, dynamic,
         options) in CASES:
        element, _, acc = element.partition("/")  # "f32/f64": acc_type f64
        source = function(op, shape, groups, element, eps, stats, dynamic,
                          acc or "f32")
        inputs = make_inputs(shape, groups, element, rng)
        try:
            outputs, checks = rn.run_function(
                rn.lower(args.norm_opt, source, options), "f", inputs)
        except rn.emu.EmulationError as error:
            print(f"{label}: FAILED ({error})")
            failures += 1
            continue
        want = reference(inputs, groups, eps)
        tol = 8e-3 if element in ("bf16", "f16") else 1e-5
        if acc == "f64":
            tol = 1e-6  # y is rounded to f32 once
        problems = []
        for name, got, expected in zip(["y", "mean", "inv_std_dev"], outputs,
                                       want):
            problem = rn.check(name, got, expected, tol)
            if problem:
                problems.append(problem)
        y = np.asarray(outputs[0]).reshape(shape)
        n, c = shape[0], shape[1]
        if n and y.size:
            per_group = c // groups if groups else 0
            bias = np.broadcast_to(
                inputs[2][:per_group].reshape((per_group,) +
                                              (1,) * (len(shape) - 2)),
                y[0, :per_group].shape)
            if not np.array_equal(y[0, :per_group], bias):
                problems.append("constant group is not exactly bias")
        status = "ok" if not problems else "FAILED (" + "; ".join(problems) + ")"
        failures += bool(problems)
        print(f"{label}: {status} [{checks['launches']} launches, "
              f"{checks['barriers']} barriers, {checks['shuffles']} shuffles]")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
