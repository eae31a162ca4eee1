#!/usr/bin/env python3
"""Runs the layer_norm_grad / rms_norm_grad kernels of convert-norm-to-gpu in
simt-emulator.py (no GPU needed) and checks them against float64 NumPy.

For every case: writes a function, lowers it with
`norm-opt --convert-norm-to-gpu=<options> --mlir-print-op-generic`, emulates
the launches (VectorMachine of check-row-norm-emulated.py: the vector ops of
the row kernels), and compares dx, dscale and dbias with the float64
formulas of docs/ops.md evaluated on the same inputs and statistics (the
statistics are the float64 ones of x, rounded to f32, as layer_norm returns
them). The rows include a constant row, a row of 40000 + small deltas and a
row of tiny values. Also checks that the register-cached kernels (dscale /
dbias fused into the row kernel) and the streamed ones (a column kernel)
give the same bits. Prints one line per case; exits with 1 when one fails.
"""

import argparse
import importlib.util
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import norm_reference as norm_ref  # noqa: E402


def _load(name, file):
    spec = importlib.util.spec_from_file_location(name,
                                                  os.path.join(HERE, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rows_check = _load("check_row_norm_emulated", "check-row-norm-emulated.py")
emu = rows_check.emu


def function(op, hidden, element, scale, params, dynamic_rows, dynamic_cols):
    rows_dim = "?" if dynamic_rows else "{rows}"
    cols = "?" if dynamic_cols else str(hidden)
    xt = f"tensor<{rows_dim}x{cols}x{element}>"
    pt = f"tensor<{cols}x{element}>"
    st = f"tensor<{rows_dim}x1xf32>"
    args = [f"%dy: {xt}", f"%x: {xt}"]
    if op == "layer_norm_grad":
        args += [f"%m: {st}", f"%r: {st}"]
        operands = f"%dy x(%x : {xt}) mean(%m : {st}) inv_std_dev(%r : {st})"
        param_names = ["dscale", "dbias"] if params else []
    else:
        args += [f"%r: {st}"]
        operands = f"%dy x(%x : {xt}) inv_rms(%r : {st})"
        param_names = ["dscale"] if params else []
    if scale:
        args.append(f"%g: {pt}")
        operands += f" scale(%g : {pt})"
    names = ["%dx"] + [f"%d{k}" for k in range(len(param_names))]
    types = [xt] + [pt] * len(param_names)
    extra = (" -> " + ", ".join(param_names)) if param_names else ""
    return f"""func.func @f({", ".join(args)}) -> ({", ".join(types)}) {{
  {", ".join(names)} = norm.{op} {operands} : {xt}{extra}
  return {", ".join(names)} : {", ".join(types)}
}}
"""


def make_inputs(op, rows, hidden, element, scale, rng):
    x = rng.standard_normal((rows, hidden)) * 2 + 5
    if rows > 0:
        x[0] = 3.25                                          # constant row
    if rows > 1:
        x[1] = 40000 + np.resize([0.0, 1.0, 2.0, 3.0], hidden)  # 40000..40003
    if rows > 2:
        x[2] = rng.standard_normal(hidden) * 1e-3            # small values
    x = rows_check.as_element(x, element)
    dy = rows_check.as_element(rng.standard_normal((rows, hidden)), element)
    eps = 1e-5
    if op == "layer_norm_grad":
        _, mean, rstd = norm_ref.layer_norm(x, None, None, 1, eps)
        stats = [mean.astype(np.float32), rstd.astype(np.float32)]
    else:
        _, rms = norm_ref.rms_norm(x, None, 1, eps)
        stats = [rms.astype(np.float32)]
    inputs = [dy, x] + stats
    if scale:
        inputs.append(rows_check.as_element(rng.random(hidden) + 0.5, element))
    return inputs


def reference(op, inputs, scale):
    """dx, dscale, dbias (float64) from the op's formulas, and per row the
    magnitude of dx's terms (the scale of its rounding errors)."""
    if op == "layer_norm_grad":
        dy, x, mean, rstd = inputs[:4]
    else:
        (dy, x, rstd), mean = inputs[:3], None
    grad = norm_ref.row_norm_grad(dy, x, mean, rstd,
                                  inputs[-1] if scale else None, axis=1)
    magnitude = grad.dx_terms.max(axis=1, initial=0.0, keepdims=True)
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
    # (label, op, rows, hidden, element, scale, params, dynamic rows,
    #  dynamic cols, options)
    ("warp per row, cached, fused params", "layer_norm_grad", 19, 768, "f32",
     True, True, True, False, ""),
    ("warp per row, cached tail", "layer_norm_grad", 9, 1000, "f32", True,
     True, False, False, ""),
    ("warp per row, dx only", "layer_norm_grad", 9, 1000, "f32", True, False,
     False, False, ""),
    ("no scale", "layer_norm_grad", 5, 768, "f32", False, True, False, False,
     ""),
    ("bf16", "layer_norm_grad", 9, 1000, "bf16", True, True, False, False, ""),
    ("f16", "layer_norm_grad", 9, 768, "f16", True, True, False, False, ""),
    ("rms bf16", "rms_norm_grad", 9, 1000, "bf16", True, True, False, False,
     ""),
    ("rms dx only, no scale", "rms_norm_grad", 5, 768, "f32", False, False,
     False, False, ""),
    ("block per row, cached", "layer_norm_grad", 3, 4096, "f32", True, True,
     False, False, ""),
    ("block per row, cached tail", "rms_norm_grad", 3, 3000, "f32", True,
     True, False, False, ""),
    ("two rows per block, scalar accesses", "layer_norm_grad", 5, 78, "f32",
     True, True, False, False, "threads=32 rows-per-block=2"),
    ("two blocks of warps per block", "layer_norm_grad", 5, 768, "f32",
     True, True, False, False, "threads=128 rows-per-block=2"),
    ("wave64 per row", "layer_norm_grad", 9, 768, "f32", True, True, False,
     False, "warp-size=64"),
    ("streaming, column kernel", "layer_norm_grad", 5, 768, "f32", True, True,
     False, False, "rows-per-block=1 max-cached-vectors=0"),
    ("streaming rms, column kernel", "rms_norm_grad", 5, 1000, "bf16", True,
     True, False, False, "max-cached-vectors=0"),
    ("dynamic row", "layer_norm_grad", 4, 300, "f32", True, True, True, True,
     ""),
    ("chunks of several rows", "layer_norm_grad", 600, 8, "f32", True, True,
     True, False, "threads=32"),
    ("chunks of several rows, 8 per block", "layer_norm_grad", 2100, 8, "f32",
     True, True, True, False, ""),
    ("chunks of several rows, streaming", "rms_norm_grad", 2100, 8, "f32",
     True, True, True, False, "max-cached-vectors=0"),
    ("zero rows", "layer_norm_grad", 0, 768, "f32", True, True, True, False,
     ""),
    ("zero-size rows", "layer_norm_grad", 3, 0, "f32", True, True, False,
     False, ""),
]


def run(norm_opt, op, rows, hidden, element, scale, params, dyn_rows,
        dyn_cols, options, inputs):
    source = function(op, hidden, element, scale, params, dyn_rows,
                      dyn_cols).replace("{rows}", str(rows))
    text = rows_check.lower(norm_opt, source, options)
    return rows_check.run_function(text, "f", inputs)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--norm-opt", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    failures = 0
    for (label, op, rows, hidden, element, scale, params, dyn_rows, dyn_cols,
         options) in CASES:
        inputs = make_inputs(op, rows, hidden, element, scale, rng)
        try:
            outputs, checks = run(args.norm_opt, op, rows, hidden, element,
                                  scale, params, dyn_rows, dyn_cols, options,
                                  inputs)
        except emu.EmulationError as error:
            print(f"{label}: FAILED ({error})")
            failures += 1
            continue
        dx, magnitude, param_refs = reference(op, inputs, scale)
        # f32: tens of ulps; bf16 / f16: about two ulps of the rounded result.
        tol = {"f32": 2e-5, "f16": 2e-3, "bf16": 1.6e-2}[element]
        problems = [compare("dx", outputs[0], dx,
                            np.broadcast_to(magnitude, dx.shape), tol)]
        names = ["dscale", "dbias"] if op == "layer_norm_grad" else ["dscale"]
        if params:
            for name, got, (want, scale_of) in zip(names, outputs[1:],
                                                   param_refs):
                problems.append(compare(name, got, want, scale_of, tol))
        problems = [p for p in problems if p]
        status = "ok" if not problems else "FAILED (" + "; ".join(problems) + ")"
        failures += bool(problems)
        print(f"{label}: {status} [{checks['launches']} launches, "
              f"{checks['barriers']} barriers, {checks['shuffles']} shuffles]")

    # The cached kernels (partials fused into the row kernel) and the
    # streamed ones (a column kernel) take every sum in the same order.
    inputs = make_inputs("layer_norm_grad", 7, 1000, "f32", True, rng)
    case = ("layer_norm_grad", 7, 1000, "f32", True, True, False, False)
    cached, _ = run(args.norm_opt, *case, "", inputs)
    streamed, _ = run(args.norm_opt, *case, "max-cached-vectors=0", inputs)
    same = all(np.array_equal(c, s) for c, s in zip(cached, streamed))
    failures += not same
    print(f"cached and streamed kernels give the same bits: "
          f"{'ok' if same else 'FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
