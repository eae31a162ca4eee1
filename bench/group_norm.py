#!/usr/bin/env python3
"""group_norm and instance_norm on the CPU: ours against PyTorch and memcpy.

For the NCHW shapes of issue 16 (Stable Diffusion UNet 2x320x64x64 with
G = 32, 8x512x32x32 with G = 32, instance_norm of 2x320x64x64; and
batch 1, 1x320x64x64 with G = 32; and the same layers at batch sizes whose
tensors are twice the L3, 64-80 MiB each way) times, with
the method of bench.py (one warm-up call, N timed calls, min and median):

  ours     build/bin/norm-run on a dynamically shaped module
           (--pipeline-options="num-threads=1", or OMP_NUM_THREADS=T with
           num-threads=0)
  pytorch  F.group_norm / F.instance_norm in this process,
           torch.set_num_threads(T)
  memcpy   bench/build/peers --impl=memcpy (a copy of the same bytes: the
           bandwidth roofline; run.sh builds the peer driver)

GB/s = (input bytes + output bytes of the data tensor) / median. Our output
is checked against PyTorch's f32 result (bf16: on the bf16-rounded input).

With --rounds R, ours and memcpy alternate R times per row and thread count
(PyTorch runs once): the medians over the rounds, for a machine whose memory
bandwidth drifts between runs.

  /usr/bin/python3 bench/group_norm.py [--only REGEX] [--reps N] [--rounds R]
                                       [--threads 1,2]
"""

import argparse
import os
import re
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

# (op, dtype, shape, groups); instance_norm has G = C.
CASES = [
    ("group_norm", "f32", (2, 320, 64, 64), 32),
    ("group_norm", "f32", (8, 512, 32, 32), 32),
    # One instance (batch 1 inference): the (n, g) pairs are the threads'.
    ("group_norm", "f32", (1, 320, 64, 64), 32),
    ("instance_norm", "f32", (2, 320, 64, 64), 320),
    ("group_norm", "bf16", (2, 320, 64, 64), 32),
    ("group_norm", "bf16", (8, 512, 32, 32), 32),
    # DRAM-sized: 64-80 MiB in and as much out, twice the 32 MB L3 of the
    # benchmark machine, so that memcpy measures the memory, not the cache.
    ("group_norm", "f32", (16, 320, 64, 64), 32),
    ("group_norm", "f32", (32, 512, 32, 32), 32),
    ("instance_norm", "f32", (16, 320, 64, 64), 320),
    ("group_norm", "bf16", (32, 320, 64, 64), 32),
    ("group_norm", "bf16", (64, 512, 32, 32), 32),
]
EPS = 1e-5
TOLERANCE = {"f32": 1e-4, "bf16": 2e-2}


def module_text(op, t, groups):
    x = f"tensor<?x?x?x?x{t}>"
    v = f"tensor<?x{t}>"
    attrs = "epsilon = 1.0e-05 : f32"
    if op == "group_norm":
        attrs = f"num_groups = {groups} : i64, " + attrs
    return (f"func.func @bench(%x: {x}, %g: {v}, %b: {v}) -> {x} {{\n"
            f"  %y = norm.{op} %x scale(%g : {v}) bias(%b : {v})"
            f" {{{attrs}}} : {x}\n"
            f"  return %y : {x}\n}}\n")


def run_memcpy(peers, dtype, shape, threads, reps):
    if not os.path.exists(peers):
        return None
    # The same bytes as (N * C) x (H * W) rows (the peer driver takes bf16
    # only for the row ops).
    rows = shape[0] * shape[1]
    cmd = [peers, "--op=layer_norm", "--impl=memcpy", f"--dtype={dtype}",
           f"--shape={rows}x{int(np.prod(shape[2:]))}", f"--reps={reps}"]
    return common.parse_times(common.run_tool(cmd, threads))


def median_times(runs):
    """(min_ms, median_ms): the medians over `runs` of their min and median;
    None without runs."""
    if not runs:
        return None
    return (float(np.median([t[0] for t in runs])),
            float(np.median([t[1] for t in runs])))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="")
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--norm-run", default=common.DEFAULT_NORM_RUN)
    parser.add_argument("--peers", default=common.DEFAULT_PEERS)
    args = parser.parse_args()
    import torch
    import torch.nn.functional as F

    work = tempfile.mkdtemp(prefix="norm-group-norm-bench-")
    rng = np.random.default_rng(0)
    rows_out = []
    for op, dtype, shape, groups in CASES:
        label = f"{op} {dtype} {'x'.join(map(str, shape))}" + (
            f" G={groups}" if op == "group_norm" else "")
        if args.only and not re.search(args.only, label):
            continue
        module = os.path.join(work, f"{op}_{dtype}_{groups}.mlir")
        with open(module, "w") as f:
            f.write(module_text(op, dtype, groups))
        c = shape[1]
        x = rng.standard_normal(shape, dtype=np.float32) * np.float32(1.5)
        x += np.float32(0.3)
        g = (1.0 + 0.25 * rng.standard_normal(c)).astype(np.float32)
        b = (0.25 * rng.standard_normal(c)).astype(np.float32)
        arrays = [x, g, b]
        if dtype == "bf16":
            storage = [common.f32_to_bf16_bits(a).reshape(a.shape)
                       for a in arrays]
            arrays = [common.bf16_bits_to_f32(s).reshape(a.shape)
                      for s, a in zip(storage, arrays)]
        else:
            storage = arrays
        inputs = []
        for i, a in enumerate(storage):
            inputs.append(os.path.join(work, f"in{i}.npy"))
            np.save(inputs[-1], a)
        output = os.path.join(work, "y.npy")
        nbytes = 2 * x.size * (2 if dtype == "bf16" else 4)

        tx, tg, tb = (torch.from_numpy(np.ascontiguousarray(a))
                      for a in arrays)
        if op == "group_norm":
            ref_fn = lambda: F.group_norm(tx, groups, tg, tb, EPS)  # noqa
        else:
            ref_fn = lambda: F.instance_norm(  # noqa: E731
                tx, weight=tg, bias=tb, eps=EPS)
        torch.set_num_threads(os.cpu_count() or 1)
        ref = ref_fn().numpy()
        # PyTorch in the benchmark's dtype (f32 math on bf16 where the CPU
        # kernel has no bf16 version).
        torch_fn = ref_fn
        if dtype == "bf16":
            bx, bg, bb = (t.to(torch.bfloat16) for t in (tx, tg, tb))
            if op == "group_norm":
                torch_fn = lambda: F.group_norm(bx, groups, bg, bb, EPS)  # noqa
            else:
                torch_fn = lambda: F.instance_norm(  # noqa: E731
                    bx, weight=bg, bias=bb, eps=EPS)
            try:
                torch_fn()
            except RuntimeError:
                torch_fn = None

        for threads in [int(t) for t in args.threads.split(",")]:
            # Ours and memcpy alternate in --rounds rounds (this machine's
            # bandwidth drifts between runs seconds apart); each reports the
            # median over the rounds of its per-run (min, median).
            ours_runs, mc_runs = [], []
            for _ in range(args.rounds):
                ours_runs.append(common.run_norm_run(
                    args.norm_run, module, inputs, [output], threads,
                    args.reps))
                mc_runs.append(run_memcpy(args.peers, dtype, shape, threads,
                                          args.reps))
            ours = median_times(ours_runs)
            mc = median_times([t for t in mc_runs if t])
            got = np.load(output)
            if dtype == "bf16":
                got = common.bf16_bits_to_f32(got).reshape(shape)
            err = float(np.max(np.abs(got - ref))) / float(np.max(np.abs(ref)))
            if err > TOLERANCE[dtype]:
                print(f"WRONG {label}: relative error {err:.3g}")
                return 2
            pt = common.time_torch(torch, torch_fn, threads, args.reps) \
                if torch_fn else None
            gbps = lambda t: nbytes / (t[1] * 1e-3) / 1e9  # noqa: E731
            cell = lambda t: f"{t[1]:.2f} ({gbps(t):.1f})" if t else "n/a"  # noqa
            ratio = lambda t: f"{gbps(ours) / gbps(t):.2f}" if t else "n/a"  # noqa
            row = (f"| {label} | {threads} | {cell(ours)} | {cell(pt)} | "
                   f"{cell(mc)} | {ratio(pt)} | {ratio(mc)} |")
            print(row, flush=True)
            rows_out.append(row)
    print()
    print("| case | threads | ours ms (GB/s) | PyTorch ms (GB/s) | "
          "memcpy ms (GB/s) | ours/PyTorch | ours/memcpy |")
    print("|---|---|---|---|---|---|---|")
    for row in rows_out:
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
