#!/usr/bin/env python3
"""Runs the layer_norm / rms_norm row kernels of convert-norm-to-gpu in
simt-emulator.py (no GPU needed) and checks them against float64 NumPy.

The row kernels also use vector arithmetic (vector.broadcast/reduction,
arith on vectors, vector loop-carried values), which simt-emulator.py does
not know: VectorMachine adds it, each vector value an array over the threads
with a trailing axis of lanes. simt-emulator.py's vector.load/store check
bounds, initialization, races between blocks and the alignment they claim.

For every case: writes a function, lowers it with
`norm-opt --convert-norm-to-gpu=<options> --mlir-print-op-generic`, emulates
the launches, and compares the output (and mean / inv_std_dev / inv_rms when
asked for) with a float64 reference; rows of every case include a constant
row (exactly `bias`, also with epsilon = 0) and a row of 40000 + small deltas
(the corrected two-pass moments keep it accurate). Also checks that the
register-cached and the streaming kernels give the same bits. Prints one line
per case; exits with 1 when one fails.
"""

import argparse
import importlib.util
import os
import re
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import norm_reference as norm_ref  # noqa: E402
_spec = importlib.util.spec_from_file_location(
    "simt_emulator", os.path.join(HERE, "simt-emulator.py"))
emu = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(emu)


def vector_type(type_text):
    """(width, element) of `vector<NxT>`, or None."""
    m = re.match(r"vector<(\d+)x(\w+)>", type_text)
    return (int(m.group(1)), m.group(2)) if m else None


def where(mask, a, b):
    """np.where with the thread mask broadcast over trailing vector lanes."""
    a, b, mask = np.asarray(a), np.asarray(b), np.asarray(mask)
    while mask.ndim and mask.ndim < max(a.ndim, b.ndim):
        mask = mask[..., None]
    return np.where(mask, a, b)


class VectorMachine(emu.Machine):
    """simt-emulator's Machine plus the vector ops of the row kernels."""

    def _float(self, op, value):
        vt = vector_type(op.result_types()[0])
        if not vt:
            return super()._float(op, value)
        value = np.asarray(value, dtype=emu.scalar_dtype(vt[1]))
        return emu.round_bf16(value) if vt[1] == "bf16" else value

    def op_arith_constant(self, op, args, env, ctx):
        m = re.search(r"value = dense<([^>]*)> : vector<(\d+)x(\w+)>", op.text)
        if not m:
            return super().op_arith_constant(op, args, env, ctx)
        return np.full(int(m.group(2)), float(m.group(1)),
                       dtype=emu.scalar_dtype(m.group(3)))

    def op_arith_select(self, op, a, env, ctx):
        if not vector_type(op.result_types()[0]):
            return super().op_arith_select(op, a, env, ctx)
        condition_type = emu.split_types(emu.signature(op.text)[0])[0]
        condition = np.asarray(a[0])
        if condition_type == "i1" and condition.ndim == 1:
            condition = condition[:, None]  # one i1 per thread
        return np.where(condition, a[1], a[2])

    def op_scf_for(self, op, a, env, ctx):
        lb, ub, step, inits = a[0], a[1], a[2], list(a[3:])
        region = op.regions[0]
        mask = ctx["mask"] if ctx else np.ones((), bool)
        shape = np.shape(mask)
        iv = np.broadcast_to(np.asarray(lb, dtype=np.int64), shape).copy()
        iters = []
        for v, t in zip(inits, region.arg_types[1:]):
            vt = vector_type(t)
            iters.append(np.broadcast_to(
                np.asarray(v), shape + ((vt[0],) if vt else ())).copy())
        active = mask & (iv < ub)
        while np.any(active):
            body = dict(env)
            body[region.args[0]] = iv
            for name, v in zip(region.args[1:], iters):
                body[name] = v
            yields = self.run_region(region, body, dict(ctx or {}, mask=active))
            iters = [where(active, np.asarray(y, dtype=v.dtype), v)
                     for y, v in zip(yields, iters)]
            iv = np.where(active, iv + step, iv)
            active = active & (iv < ub)
        if not shape:
            return [v[()] for v in iters]
        return iters

    def op_vector_broadcast(self, op, a, env, ctx):
        width, element = vector_type(op.result_types()[0])
        value = np.asarray(a[0], dtype=emu.scalar_dtype(element))
        return np.repeat(value[..., None], width, axis=-1)

    def op_vector_reduction(self, op, a, env, ctx):
        if "add" not in op.text:
            raise emu.EmulationError("only vector.reduction <add>")
        value = np.asarray(a[0])
        total = value[..., 0]
        for k in range(1, value.shape[-1]):  # in order, like the LLVM intrinsic
            total = self._float(op, total + value[..., k])
        return self._float(op, total)


def run_function(text, name, inputs):
    module = emu.parse(text)
    func = next(op for op in module.regions[0].ops
                if op.name == "func.func" and f'sym_name = "{name}"' in op.text)
    if "atomic" in text:
        raise emu.EmulationError("atomics are not emulated")
    machine = VectorMachine()
    region = func.regions[0]
    env = dict(zip(region.args, inputs))
    return machine.run_region(region, env, None), machine.checks


#===------------------------------------------------------------------------===#
# Cases
#===------------------------------------------------------------------------===#

def as_element(array, element):
    if element == "bf16":
        return emu.round_bf16(np.asarray(array, dtype=np.float32))
    return np.asarray(array, dtype=emu.scalar_dtype(element))


def function(op, hidden, element, eps, stats, dynamic):
    rows_dim = "?"
    cols = "?" if dynamic else str(hidden)
    xt = f"tensor<{rows_dim}x{cols}x{element}>"
    pt = f"tensor<{cols}x{element}>"
    st = f"tensor<{rows_dim}x1xf32>"
    attrs = f"{{epsilon = {eps:e} : f32}}"
    if op == "layer_norm":
        args = f"%x: {xt}, %g: {pt}, %b: {pt}"
        operands = f"%x scale(%g : {pt}) bias(%b : {pt})"
        extra = " -> mean, inv_std_dev" if stats else ""
        names = "%y, %m, %r" if stats else "%y"
        results = f"{xt}, {st}, {st}" if stats else xt
    else:
        args = f"%x: {xt}, %g: {pt}"
        operands = f"%x scale(%g : {pt})"
        extra = " -> inv_rms" if stats else ""
        names = "%y, %r" if stats else "%y"
        results = f"{xt}, {st}" if stats else xt
    return f"""func.func @f({args}) -> ({results}) {{
  {names} = norm.{op} {operands} {attrs} : {xt}{extra}
  return {names} : {results}
}}
"""


def lower(norm_opt, source, options):
    flag = "--convert-norm-to-gpu" + (f"={options}" if options else "")
    return subprocess.run([norm_opt, "-", flag, "--mlir-print-op-generic"],
                          input=source, check=True, capture_output=True,
                          text=True).stdout


def make_inputs(op, rows, hidden, element, rng):
    x = rng.standard_normal((rows, hidden)) * 2 + 5
    x[0] = 3.25                                         # constant row
    if rows > 1:
        x[1] = 40000 + rng.standard_normal(hidden) * 0.5  # large mean
    if rows > 2:
        x[2] = rng.standard_normal(hidden) * 1e-3        # small values
    x = as_element(x, element)
    g = as_element(rng.random(hidden) + 0.5, element)
    b = as_element(rng.standard_normal(hidden), element)
    return [x, g, b] if op == "layer_norm" else [x, g]


def reference(op, inputs, eps):
    eps = float(np.float32(eps))
    if op == "layer_norm":
        return list(norm_ref.layer_norm(inputs[0], inputs[1], inputs[2], 1,
                                        eps))
    return list(norm_ref.rms_norm(inputs[0], inputs[1], 1, eps))


def check(name, got, want, tol):
    got = np.asarray(got, dtype=np.float64).reshape(np.shape(want))
    want = np.asarray(want, dtype=np.float64)
    finite = np.isfinite(want)
    with np.errstate(all="ignore"):
        err = np.abs(got - want)
        scale = np.maximum(np.abs(want), 1.0)
        bad = finite & ~(err <= tol * scale)
    if np.any(bad) or not np.array_equal(np.isfinite(got), finite):
        return f"{name}: max error {np.nanmax(err / scale):.2e} > {tol}"
    return None


CASES = [
    # (label, op, rows, hidden, element, eps, stats, dynamic, options)
    ("warp per row, cached", "layer_norm", 19, 768, "f32", 1e-5, True, False,
     ""),
    ("warp per row, cached tail", "layer_norm", 9, 1000, "f32", 1e-5, True,
     False, ""),
    ("warp per row, epsilon 0", "layer_norm", 3, 1000, "f32", 0.0, False,
     False, ""),
    ("rms warp per row bf16", "rms_norm", 9, 1000, "bf16", 1e-6, True, False,
     ""),
    ("block per row, cached", "layer_norm", 3, 4096, "f32", 1e-5, True, False,
     ""),
    ("block per row, cached tail", "rms_norm", 3, 3000, "f32", 1e-6, True,
     False, ""),
    ("two rows per block, scalar accesses", "layer_norm", 5, 78, "f32", 1e-5,
     True, False, "threads=32 rows-per-block=2"),
    ("wave64 per row", "layer_norm", 9, 768, "f32", 1e-5, True, False,
     "warp-size=64"),
    ("streaming block per row", "layer_norm", 3, 768, "f32", 1e-5, True, False,
     "rows-per-block=1 max-cached-vectors=0"),
    ("dynamic row", "layer_norm", 3, 300, "f32", 1e-5, True, True, ""),
    ("multi-block, cached chunks", "layer_norm", 3, 5000, "f32", 1e-5, True,
     False, "max-row-per-block=1024"),
    ("multi-block, epsilon 0", "layer_norm", 3, 5000, "f32", 0.0, True, False,
     "max-row-per-block=1024"),
    ("multi-block, streaming chunks", "layer_norm", 3, 5000, "bf16", 1e-5,
     True, False, "max-row-per-block=2048 max-cached-vectors=0"),
    ("multi-block rms", "rms_norm", 3, 5000, "f32", 1e-6, True, False,
     "max-row-per-block=1024"),
    ("split dynamic row, empty chunks", "layer_norm", 3, 10, "f32", 1e-5, True,
     True, "blocks-per-row=7 threads=32"),
    ("split dynamic rms", "rms_norm", 4, 300, "f32", 1e-6, True, True,
     "blocks-per-row=3"),
    ("split warp rows", "layer_norm", 9, 768, "f32", 1e-5, True, False,
     "blocks-per-row=2"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--norm-opt", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(5)
    failures = 0
    for label, op, rows, hidden, element, eps, stats, dynamic, options in CASES:
        source = function(op, hidden, element, eps, stats, dynamic)
        inputs = make_inputs(op, rows, hidden, element, rng)
        problems = []
        try:
            outputs, checks = run_function(lower(args.norm_opt, source, options),
                                           "f", inputs)
        except emu.EmulationError as error:
            print(f"{label}: FAILED ({error})")
            failures += 1
            continue
        want = reference(op, inputs, eps)
        # bf16: about two ulps of the rounded output; f32: tens of ulps.
        tol = 8e-3 if element == "bf16" else 1e-5
        names = ["y", "mean", "inv_std_dev"] if op == "layer_norm" else \
            ["y", "inv_rms"]
        for name, got, expected in zip(names, outputs, want):
            problem = check(name, got, expected, tol)
            if problem:
                problems.append(problem)
        y = np.asarray(outputs[0])
        bias = inputs[2] if op == "layer_norm" else None
        if bias is not None and not np.array_equal(y[0], bias):
            problems.append("constant row is not exactly bias")
        status = "ok" if not problems else "FAILED (" + "; ".join(problems) + ")"
        failures += bool(problems)
        print(f"{label}: {status} [{checks['launches']} launches, "
              f"{checks['barriers']} barriers, {checks['shuffles']} shuffles]")

    # The cached and the streaming kernels accumulate in the same order.
    source = function("layer_norm", 1000, "f32", 1e-5, True, False)
    inputs = make_inputs("layer_norm", 5, 1000, "f32", rng)
    cached, _ = run_function(lower(args.norm_opt, source, ""), "f", inputs)
    streaming, _ = run_function(
        lower(args.norm_opt, source, "max-cached-vectors=0"), "f", inputs)
    same = all(np.array_equal(c, s) for c, s in zip(cached, streaming))
    failures += not same
    print(f"cached and streaming kernels give the same bits: "
          f"{'ok' if same else 'FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
