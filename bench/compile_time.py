#!/usr/bin/python3
"""Compile-time benchmark: how norm-opt and norm-run scale with the number of
norm ops in a model.

For N in --sizes (default 10, 50, 200, 1000) and three kinds of model it
times, median of --reps runs (default 3):

  norm-opt   build/bin/norm-opt model.mlir --norm-cpu-pipeline (norm IR ->
             LLVM dialect), with the default outline-kernels=true and with
             outline-kernels=false (the single-function lowering, for
             comparison in the same run);
  norm-run   build/bin/norm-run end to end: parse, pipeline, LLVM JIT and one
             run on a small input (8 rows), default options.

Models:
  layer_norm  a chain of N norm.layer_norm on tensor<?x768xf32>, scale and
              bias shared (as issue 18 measured it);
  mixed       N blocks of a transformer-like body, each a residual add, a
              layer_norm, a matmul, a softmax and an rms_norm, with weights of
              their own (2N norm ops, so N blocks count as 2N below);
  batch_norm  a chain of N norm.batch_norm over NCHW tensor<?x64x7x7xf32>
              with their own statistics.

Writes bench/results/compile-time.md, .json and .png (time against N, log-log,
and the cost per norm op). Not a test: the timings depend on the machine.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


#===----------------------------------------------------------------------===#
# Models
#===----------------------------------------------------------------------===#

def layer_norm_chain(n):
    """N layer norms in a chain, scale and bias shared."""
    t = "tensor<?x768xf32>"
    lines = [f"func.func @main(%x: {t}, %g: tensor<768xf32>, "
             f"%b: tensor<768xf32>) -> {t} {{"]
    prev = "%x"
    for i in range(n):
        lines.append(f"  %y{i} = norm.layer_norm {prev} "
                     f"scale(%g : tensor<768xf32>) bias(%b : tensor<768xf32>) "
                     f": {t}")
        prev = f"%y{i}"
    lines += [f"  return {prev} : {t}", "}"]
    return "\n".join(lines) + "\n", [(8, 768), (768,), (768,)]


def softmax(x, result, empty, h, i):
    """A row softmax of `x` (tensor<?xHxf32>) as torch-mlir's TorchToLinalg
    writes it: a max and a sum reduction and two elementwise generics."""
    t = f"tensor<?x{h}xf32>"
    r = "tensor<?xf32>"
    rows = "affine_map<(d0, d1) -> (d0, d1)>"
    row = "affine_map<(d0, d1) -> (d0)>"
    red = '["parallel", "reduction"]'
    par = '["parallel", "parallel"]'
    return [
        f"  %re{i} = tensor.empty(%rows) : {r}",
        f"  %mi{i} = linalg.fill ins(%ninf : f32) outs(%re{i} : {r}) -> {r}",
        f"  %mx{i} = linalg.generic {{indexing_maps = [{rows}, {row}], "
        f"iterator_types = {red}}} ins({x} : {t}) outs(%mi{i} : {r}) {{",
        "  ^bb0(%a: f32, %acc: f32):",
        "    %v = arith.maximumf %a, %acc : f32",
        "    linalg.yield %v : f32",
        f"  }} -> {r}",
        f"  %ex{i} = linalg.generic {{indexing_maps = [{rows}, {row}, {rows}], "
        f"iterator_types = {par}}} ins({x}, %mx{i} : {t}, {r}) "
        f"outs({empty} : {t}) {{",
        "  ^bb0(%a: f32, %m: f32, %o: f32):",
        "    %d = arith.subf %a, %m : f32",
        "    %e = math.exp %d : f32",
        "    linalg.yield %e : f32",
        f"  }} -> {t}",
        f"  %z{i} = linalg.fill ins(%zero : f32) outs(%re{i} : {r}) -> {r}",
        f"  %sum{i} = linalg.generic {{indexing_maps = [{rows}, {row}], "
        f"iterator_types = {red}}} ins(%ex{i} : {t}) outs(%z{i} : {r}) {{",
        "  ^bb0(%a: f32, %acc: f32):",
        "    %v = arith.addf %a, %acc : f32",
        "    linalg.yield %v : f32",
        f"  }} -> {r}",
        f"  {result} = linalg.generic {{indexing_maps = [{rows}, {row}, {rows}], "
        f"iterator_types = {par}}} ins(%ex{i}, %sum{i} : {t}, {r}) "
        f"outs({empty} : {t}) {{",
        "  ^bb0(%a: f32, %s: f32, %o: f32):",
        "    %q = arith.divf %a, %s : f32",
        "    linalg.yield %q : f32",
        f"  }} -> {t}",
    ]


def mixed_model(n):
    """N transformer-like blocks: residual add, layer_norm, matmul, softmax,
    rms_norm; weights are constants of their own, so no two blocks are the
    same text, but their norm ops are the same kernels."""
    h = 64
    t = f"tensor<?x{h}xf32>"
    lines = [f"func.func @main(%x: {t}, %r: {t}) -> {t} {{",
             "  %c0 = arith.constant 0 : index",
             "  %zero = arith.constant 0.0 : f32",
             "  %ninf = arith.constant 0xFF800000 : f32",
             f"  %rows = tensor.dim %x, %c0 : {t}"]
    prev = "%x"
    for i in range(n):
        lines += [
            f"  %e{i} = tensor.empty(%rows) : {t}",
            f"  %s{i} = linalg.add ins({prev}, %r : {t}, {t}) "
            f"outs(%e{i} : {t}) -> {t}",
            f"  %g{i} = arith.constant dense<{1.0 + i * 1e-3}> : tensor<{h}xf32>",
            f"  %b{i} = arith.constant dense<{i * 1e-3}> : tensor<{h}xf32>",
            f"  %ln{i} = norm.layer_norm %s{i} scale(%g{i} : tensor<{h}xf32>) "
            f"bias(%b{i} : tensor<{h}xf32>) : {t}",
            f"  %w{i} = arith.constant dense<{1.0 / h}> : tensor<{h}x{h}xf32>",
            f"  %f{i} = linalg.fill ins(%zero : f32) outs(%e{i} : {t}) -> {t}",
            f"  %m{i} = linalg.matmul ins(%ln{i}, %w{i} : {t}, "
            f"tensor<{h}x{h}xf32>) outs(%f{i} : {t}) -> {t}",
        ] + softmax(f"%m{i}", f"%sm{i}", f"%e{i}", h, i) + [
            f"  %rn{i} = norm.rms_norm %sm{i} scale(%g{i} : tensor<{h}xf32>) "
            f": {t}",
        ]
        prev = f"%rn{i}"
    lines += [f"  return {prev} : {t}", "}"]
    return "\n".join(lines) + "\n", [(8, h), (8, h)]


def batch_norm_chain(n):
    """N inference batch norms in a chain, statistics of their own."""
    t = "tensor<?x64x7x7xf32>"
    p = "tensor<64xf32>"
    args = ", ".join(f"%g{i}: {p}, %b{i}: {p}, %m{i}: {p}, %v{i}: {p}"
                     for i in range(n))
    lines = [f"func.func @main(%x: {t}, {args}) -> {t} {{"]
    prev = "%x"
    for i in range(n):
        lines.append(f"  %y{i} = norm.batch_norm {prev} scale(%g{i} : {p}) "
                     f"bias(%b{i} : {p}) mean(%m{i} : {p}) var(%v{i} : {p}) "
                     f": {t}")
        prev = f"%y{i}"
    lines += [f"  return {prev} : {t}", "}"]
    return "\n".join(lines) + "\n", [(2, 64, 7, 7)] + [(64,)] * (4 * n)


MODELS = {"layer_norm": (layer_norm_chain, 1), "mixed": (mixed_model, 2),
          "batch_norm": (batch_norm_chain, 1)}


#===----------------------------------------------------------------------===#
# Timing
#===----------------------------------------------------------------------===#

def timed(cmd, reps):
    """Median wall time of `cmd` over `reps` runs; raises on failure."""
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[:3])} ...: {proc.stderr[-2000:]}")
    return statistics.median(times)


def measure(args, tmp):
    rows = []
    for model in args.models:
        build, ops_per_unit = MODELS[model]
        for n in args.sizes:
            text, shapes = build(n)
            path = os.path.join(tmp, f"{model}-{n}.mlir")
            with open(path, "w") as f:
                f.write(text)
            inputs = []
            for k, shape in enumerate(shapes):
                npy = os.path.join(tmp, f"{model}-{n}-in{k}.npy")
                data = np.random.RandomState(k).rand(*shape).astype(np.float32)
                if k > 0 and model == "batch_norm" and (k - 1) % 4 == 3:
                    data += 0.5  # variances
                np.save(npy, data)
                inputs.append(f"--input=@{npy}")
            row = {"model": model, "n": n, "norm_ops": n * ops_per_unit}
            row["norm_opt_s"] = timed(
                [args.norm_opt, path, "--norm-cpu-pipeline", "-o", os.devnull],
                args.reps)
            if not args.skip_single_function:
                row["norm_opt_single_function_s"] = timed(
                    [args.norm_opt, path,
                     "--norm-cpu-pipeline=outline-kernels=false", "-o",
                     os.devnull], args.reps)
            out = os.path.join(tmp, "out.npy")
            row["norm_run_s"] = timed(
                [args.norm_run, path, "--function=main", *inputs,
                 f"--output=@{out}"], args.reps)
            print(json.dumps(row), flush=True)
            rows.append(row)
    return rows


#===----------------------------------------------------------------------===#
# Report
#===----------------------------------------------------------------------===#

def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.machine()}"


def write_report(rows, args):
    os.makedirs(args.out_dir, exist_ok=True)
    stem = os.path.join(args.out_dir, "compile-time")
    with open(stem + ".json", "w") as f:
        json.dump({"machine": machine(), "date": str(datetime.date.today()),
                   "rows": rows}, f, indent=1)
    lines = [f"# Compile time against the number of norm ops",
             "", f"Machine: {machine()}; {datetime.date.today()}; median of "
             f"{args.reps} runs. `per op` = time / norm ops.", "",
             "| model | norm ops | norm-opt (s) | per op (ms) | "
             "norm-opt, one function (s) | norm-run end to end (s) |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        single = r.get("norm_opt_single_function_s")
        lines.append(
            f"| {r['model']} | {r['norm_ops']} | {r['norm_opt_s']:.2f} | "
            f"{1000 * r['norm_opt_s'] / r['norm_ops']:.1f} | "
            f"{'' if single is None else f'{single:.2f}'} | "
            f"{r['norm_run_s']:.2f} |")
    with open(stem + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for model in args.models:
        mine = [r for r in rows if r["model"] == model]
        ops = [r["norm_ops"] for r in mine]
        left.loglog(ops, [r["norm_opt_s"] for r in mine], "o-",
                    label=f"{model}: norm-opt")
        left.loglog(ops, [r["norm_run_s"] for r in mine], "s--",
                    label=f"{model}: norm-run")
        if not args.skip_single_function:
            left.loglog(ops, [r["norm_opt_single_function_s"] for r in mine],
                        "x:", label=f"{model}: norm-opt, one function")
        right.semilogx(ops, [1000 * r["norm_opt_s"] / r["norm_ops"]
                             for r in mine], "o-", label=model)
    left.set_xlabel("norm ops")
    left.set_ylabel("seconds")
    left.legend(fontsize=7)
    left.set_title("compile time")
    right.set_xlabel("norm ops")
    right.set_ylabel("norm-opt ms per norm op")
    right.set_title("cost per op")
    right.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(stem + ".png", dpi=100)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--norm-opt", default=os.path.join(ROOT, "build/bin/norm-opt"))
    parser.add_argument("--norm-run", default=os.path.join(ROOT, "build/bin/norm-run"))
    parser.add_argument("--sizes", default="10,50,200,1000")
    parser.add_argument("--models", default="layer_norm,mixed,batch_norm")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--skip-single-function", action="store_true",
                        help="do not time outline-kernels=false (slow at "
                        "large N)")
    parser.add_argument("--out-dir", default=os.path.join(ROOT, "bench/results"))
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.models = args.models.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(args, tmp)
    write_report(rows, args)


if __name__ == "__main__":
    sys.exit(main())
