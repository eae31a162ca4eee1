#!/usr/bin/env python3
"""Residual add + norm on the CPU: the fused op against the unfused pair.

For layer_norm and rms_norm (f32, rows x hidden) times, with the same method
as bench.py (one warm-up call, N timed calls, min and median):

  fused      norm.X %x residual(%r) ... -> sum   (one op: y and x + r)
  unfused    %s = linalg.add %x, %r; norm.X %s    (our add, then our norm;
             both y and s returned, as the pre-LN block needs)
  pytorch    s = x + r; F.layer_norm(s) / F.rms_norm(s) (the module code
             s * rsqrt(mean(s^2) + eps) * g before torch 2.4), eager

all returning y and the sum s. GB/s counts x, r, y and s (4 tensors) for every
implementation. Our outputs are checked against PyTorch's.

  /usr/bin/python3 bench/residual.py [--only REGEX] [--reps N] [--threads 1,2]
                                     [--quick] [--output FILE.md]

bench/run.sh runs it after bench.py (--quick with run.sh --quick) and writes
the table to results/residual.md (residual-quick.md).
"""

import argparse
import os
import re
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

SHAPES = [(8192, 4096), (32768, 768)]
EPS = 1e-5


def module_text(op, fused, t="f32"):
    ty = f"tensor<?x?x{t}>"
    vt = f"tensor<?x{t}>"
    params = f"%g: {vt}" + (f", %b: {vt}" if op == "layer_norm" else "")
    groups = f"scale(%g : {vt})" + (
        f" bias(%b : {vt})" if op == "layer_norm" else "")
    if fused:
        body = (f"  %y, %s = norm.{op} %x residual(%r : {ty}) {groups}\n"
                f"      {{epsilon = 1.0e-05 : f32}} : {ty} -> sum\n")
    else:
        body = (f"  %c0 = arith.constant 0 : index\n"
                f"  %c1 = arith.constant 1 : index\n"
                f"  %n = tensor.dim %x, %c0 : {ty}\n"
                f"  %h = tensor.dim %x, %c1 : {ty}\n"
                f"  %e = tensor.empty(%n, %h) : {ty}\n"
                f"  %s = linalg.add ins(%x, %r : {ty}, {ty}) outs(%e : {ty})"
                f" -> {ty}\n"
                f"  %y = norm.{op} %s {groups} {{epsilon = 1.0e-05 : f32}}"
                f" : {ty}\n")
    return (f"func.func @bench(%x: {ty}, %r: {ty}, {params}) -> ({ty}, {ty}) {{\n"
            f"{body}  return %y, %s : {ty}, {ty}\n}}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="")
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--threads", default="1")
    parser.add_argument("--quick", action="store_true",
                        help="one small shape (2048x768), 3 repetitions")
    parser.add_argument("--output", default="",
                        help="also write the table (markdown) to this file")
    parser.add_argument("--norm-run", default=common.DEFAULT_NORM_RUN)
    args = parser.parse_args()
    shapes = [(2048, 768)] if args.quick else SHAPES
    if args.quick:
        args.reps = min(args.reps, 3)
    import torch
    import torch.nn.functional as F

    work = tempfile.mkdtemp(prefix="norm-residual-bench-")
    rng = np.random.default_rng(0)
    rows_out = []
    for op in ("layer_norm", "rms_norm"):
        modules = {}
        for fused in (True, False):
            path = os.path.join(work, f"{op}_{'fused' if fused else 'unfused'}.mlir")
            with open(path, "w") as f:
                f.write(module_text(op, fused))
            modules[fused] = path
        for shape in shapes:
            label = f"{op} f32 {shape[0]}x{shape[1]}"
            if args.only and not re.search(args.only, label):
                continue
            rows, hidden = shape
            x = rng.standard_normal(shape, dtype=np.float32) + np.float32(0.5)
            r = rng.standard_normal(shape, dtype=np.float32)
            g = (1.0 + 0.25 * rng.standard_normal(hidden)).astype(np.float32)
            b = (0.25 * rng.standard_normal(hidden)).astype(np.float32)
            arrays = [x, r, g] + ([b] if op == "layer_norm" else [])
            inputs = []
            for i, a in enumerate(arrays):
                inputs.append(os.path.join(work, f"in{i}.npy"))
                np.save(inputs[-1], a)
            outputs = [os.path.join(work, "y.npy"), os.path.join(work, "s.npy")]
            nbytes = 4 * x.nbytes
            tx, tr, tg = (torch.from_numpy(a) for a in (x, r, g))
            tb = torch.from_numpy(b)

            def torch_fn():
                s = tx + tr
                if op == "layer_norm":
                    return F.layer_norm(s, (hidden,), tg, tb, EPS), s
                if hasattr(F, "rms_norm"):
                    return F.rms_norm(s, (hidden,), tg, EPS), s
                # torch < 2.4: the usual module code (as bench.py).
                y = s * torch.rsqrt(s.pow(2).mean(-1, keepdim=True) + EPS)
                return y * tg, s

            for threads in [int(t) for t in args.threads.split(",")]:
                result = {}
                for fused in (True, False):
                    result["fused" if fused else "unfused"] = \
                        common.run_norm_run(args.norm_run, modules[fused],
                                            inputs, outputs, threads,
                                            args.reps)
                    y_ours, s_ours = np.load(outputs[0]), np.load(outputs[1])
                    y_ref, s_ref = (t.numpy() for t in torch_fn())
                    err = float(np.max(np.abs(y_ours - y_ref))) / float(
                        np.max(np.abs(y_ref)))
                    if err > 1e-4 or not np.array_equal(s_ours, s_ref):
                        print(f"WRONG {label} fused={fused}: err {err:.3g}")
                        return 2
                result["pytorch"] = common.time_torch(torch, torch_fn,
                                                      threads, args.reps)
                gbps = {k: nbytes / (v[1] * 1e-3) / 1e9 for k, v in result.items()}
                row = (f"| {label} | {threads} | "
                       + " | ".join(f"{result[k][1]:.2f} ({gbps[k]:.1f})"
                                    for k in ("fused", "unfused", "pytorch"))
                       + f" | {gbps['fused'] / gbps['unfused']:.2f}"
                       + f" | {gbps['fused'] / gbps['pytorch']:.2f} |")
                print(row, flush=True)
                rows_out.append(row)
    table = ["| case | threads | fused ms (GB/s) | unfused ms (GB/s) | "
             "PyTorch eager ms (GB/s) | fused/unfused | fused/PyTorch |",
             "|---|---|---|---|---|---|---|"] + rows_out
    print()
    print("\n".join(table))
    if args.output:
        with open(args.output, "w") as f:
            f.write(f"Generated by bench/residual.py on "
                    f"{time.strftime('%Y-%m-%d %H:%M')} (--reps {args.reps}"
                    f"{' --quick' if args.quick else ''}); median ms (GB/s "
                    f"of x, r, y and s).\n\n" + "\n".join(table) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
