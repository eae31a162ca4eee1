#!/usr/bin/env python3
"""layer_norm over several trailing dims against the same data as rows.

A layer_norm that normalizes dims [axis, rank) of a tensor reaches the row
kernel once norm-flatten-batch-norm views those dims as one row (issue 16:
"within 10% of the same data normalized as last-dim rows"). For each shape
this times, in --rounds interleaved rounds of --reps calls per thread count:

  multi-dim  norm.layer_norm over dims [axis, rank) of the N-D tensor, with
             scale and bias of the normalized shape (dynamically shaped
             module, as a front end hands it over)
  rows       norm.layer_norm over the last dim of the same bytes viewed as
             (prod(shape[:axis]), prod(shape[axis:])), 1-D scale and bias
  oneDNN     layer_normalization_forward on those rows (bench/build/peers)

and prints the medians over the rounds, GB/s (input + output bytes), and the
median over the rounds of each round's multi-dim / rows and oneDNN / multi-dim
time ratios (paired: a drift of the machine's speed between rounds cancels).
The multi-dim output is checked against a float64 reference.

  /usr/bin/python3 bench/multi_dim.py [--rounds R] [--reps N] [--threads 1,2]
"""

import argparse
import os
import statistics
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

# (label, shape, axis): ResNet-style activations normalized over C, H, W
# (LayerNorm as a GroupNorm with G = 1), SD-UNet-sized ones, ViT tokens and
# features together, and H, W only.
CASES = [
    ("ResNet C,H,W", (16, 64, 56, 56), 1),
    ("SD-UNet C,H,W", (2, 320, 64, 64), 1),
    ("ViT tokens,features", (64, 197, 768), 1),
    ("ResNet H,W", (16, 64, 56, 56), 2),
]
EPS = 1e-5


def module_text(rank, axis):
    x = "tensor<" + "?x" * rank + "f32>"
    p = "tensor<" + "?x" * (rank - axis) + "f32>"
    return (f"func.func @bench(%x: {x}, %g: {p}, %b: {p}) -> {x} {{\n"
            f"  %y = norm.layer_norm %x scale(%g : {p}) bias(%b : {p})"
            f" {{axis = {axis} : i64, epsilon = 1.0e-05 : f32}} : {x}\n"
            f"  return %y : {x}\n}}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--norm-run", default=common.DEFAULT_NORM_RUN)
    parser.add_argument("--peers", default=common.DEFAULT_PEERS)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="norm-multi-dim-bench-")
    rng = np.random.default_rng(0)
    table = []
    for label, shape, axis in CASES:
        rows = int(np.prod(shape[:axis]))
        row = int(np.prod(shape[axis:]))
        x = (rng.standard_normal(shape) * 1.5 + 0.3).astype(np.float32)
        g = (1 + 0.25 * rng.standard_normal(shape[axis:])).astype(np.float32)
        b = (0.25 * rng.standard_normal(shape[axis:])).astype(np.float32)
        modules = {}
        for name, rank, ax in (("multi", len(shape), axis), ("rows", 2, 1)):
            modules[name] = os.path.join(work, f"{name}_{rank}_{ax}.mlir")
            with open(modules[name], "w") as f:
                f.write(module_text(rank, ax))
        files = {}
        for name, arrays in (("multi", (x, g, b)),
                             ("rows", (x.reshape(rows, row), g.reshape(row),
                                       b.reshape(row)))):
            files[name] = []
            for i, a in enumerate(arrays):
                files[name].append(os.path.join(work, f"{name}{i}.npy"))
                np.save(files[name][-1], a)
        output = os.path.join(work, "y.npy")
        # The float64 reference.
        x64 = x.reshape(rows, row).astype(np.float64)
        mean = x64.mean(axis=1, keepdims=True)
        var = ((x64 - mean) ** 2).mean(axis=1, keepdims=True)
        ref = ((x64 - mean) / np.sqrt(var + EPS) * g.reshape(row) +
               b.reshape(row))
        nbytes = 2 * x.nbytes
        for threads in [int(t) for t in args.threads.split(",")]:
            times = {"multi": [], "rows": [], "oneDNN": []}
            for _ in range(args.rounds):
                for name in ("multi", "rows"):
                    times[name].append(common.run_norm_run(
                        args.norm_run, modules[name], files[name], [output],
                        threads, args.reps))
                    if name == "multi":
                        got = np.load(output).reshape(rows, row)
                        err = float(np.max(np.abs(got - ref)))
                        if err > 1e-4 * float(np.max(np.abs(ref))):
                            print(f"WRONG {label}: max error {err:.3g}")
                            return 2
                times["oneDNN"].append(common.parse_times(common.run_tool(
                    [args.peers, "--op=layer_norm", "--impl=onednn",
                     "--dtype=f32", f"--shape={rows}x{row}",
                     f"--reps={args.reps}"], threads), require_ok=True))
            med = {k: statistics.median(t[1] for t in v)
                   for k, v in times.items() if all(v)}
            paired = lambda a, b: statistics.median(  # noqa: E731
                p[1] / q[1] for p, q in zip(times[a], times[b]))
            gbps = lambda ms: nbytes / (ms * 1e-3) / 1e9  # noqa: E731
            onednn = (f"{med['oneDNN']:.3f} ({gbps(med['oneDNN']):.1f})"
                      if "oneDNN" in med else "n/a")
            vs_onednn = (f"{paired('oneDNN', 'multi'):.2f}"
                         if "oneDNN" in med else "n/a")
            line = (f"| {label} {'x'.join(map(str, shape))} axis={axis} "
                    f"({rows}x{row}) | {threads} | {med['multi']:.3f} "
                    f"({gbps(med['multi']):.1f}) | {med['rows']:.3f} "
                    f"({gbps(med['rows']):.1f}) | {onednn} | "
                    f"{paired('multi', 'rows'):.3f} | {vs_onednn} |")
            print(line, flush=True)
            table.append(line)
    print()
    print(f"{args.rounds} rounds x {args.reps} calls; medians over the rounds "
          "(GB/s); paired ratios: the median of the rounds' own ratios")
    print("| case (as rows) | threads | multi-dim ms (GB/s) | rows ms (GB/s) "
          "| oneDNN rows ms (GB/s) | multi-dim / rows time | "
          "x oneDNN (multi-dim) |")
    print("|---|---|---|---|---|---|---|")
    for line in table:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
