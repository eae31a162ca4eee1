#!/usr/bin/env python3
"""layer_norm_grad and rms_norm_grad on the CPU: ours against oneDNN, PyTorch
autograd and a 2-reads-1-write memory roofline.

For DRAM-sized row shapes (8192x4096, 32768x768, 4096x1024; f32 and bf16)
times, with the method of bench.py (one warm-up call, N timed calls, the
median), in interleaved rounds (every implementation once per round; the
median of the rounds' medians is reported, so a burst of load from other
jobs on a shared machine hits all of them alike):

  ours         build/bin/norm-run on a dynamically shaped module returning
               dx, dscale and dbias (rms: dx, dscale), statistics given
               (--pipeline-options="num-threads=1", or OMP_NUM_THREADS=T with
               num-threads=0)
  onednn       bench/build/peers --op=layer_norm_grad --impl=onednn:
               layer_normalization_backward (prop_kind::backward: diff_src,
               diff_scale, diff_shift); RMS needs oneDNN >= 3.5 (rms_norm
               flag), else n/a
  pytorch      torch.autograd.grad of F.layer_norm (native_layer_norm_backward)
               or of the RMSNorm module code, graph retained, in this process
               (torch.set_num_threads(T))
  roofline     bench/build/peers --impl=roofline and --impl=roofline-nt:
               z = x + y over the same bytes (two reads, one write) with
               plain and with streaming stores; the faster of the two

GB/s = 3 x the bytes of dy (dy and x read, dx written) / median. Our dx,
dscale and dbias are checked against PyTorch's (f32 autograd on the same,
rounded, inputs).

  /usr/bin/python3 bench/gradients.py [--only REGEX] [--reps N] [--rounds R]
                                      [--threads 1,2] [--output FILE.md]
"""

import argparse
import os
import re
import statistics
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

# (op, dtype, shape)
CASES = [
    ("layer_norm_grad", "f32", (8192, 4096)),
    ("layer_norm_grad", "f32", (32768, 768)),
    ("layer_norm_grad", "f32", (4096, 1024)),
    ("rms_norm_grad", "f32", (8192, 4096)),
    ("rms_norm_grad", "f32", (32768, 768)),
    ("rms_norm_grad", "f32", (4096, 1024)),
    ("layer_norm_grad", "bf16", (8192, 4096)),
    ("rms_norm_grad", "bf16", (8192, 4096)),
]
EPS = 1e-5
TOLERANCE = {"f32": 1e-3, "bf16": 3e-2}


def module_text(op, t):
    x = f"tensor<?x?x{t}>"
    s = "tensor<?x1xf32>"
    v = f"tensor<?x{t}>"
    if op == "layer_norm_grad":
        return (f"func.func @bench(%dy: {x}, %x: {x}, %m: {s}, %r: {s}, "
                f"%g: {v}) -> ({x}, {v}, {v}) {{\n"
                f"  %dx, %dg, %db = norm.layer_norm_grad %dy x(%x : {x})"
                f" mean(%m : {s}) inv_std_dev(%r : {s}) scale(%g : {v})"
                f" : {x} -> dscale, dbias\n"
                f"  return %dx, %dg, %db : {x}, {v}, {v}\n}}\n")
    return (f"func.func @bench(%dy: {x}, %x: {x}, %r: {s}, %g: {v}) -> "
            f"({x}, {v}) {{\n"
            f"  %dx, %dg = norm.rms_norm_grad %dy x(%x : {x})"
            f" inv_rms(%r : {s}) scale(%g : {v}) : {x} -> dscale\n"
            f"  return %dx, %dg : {x}, {v}\n}}\n")


def run_peer(peers, op, impl, dtype, shape, threads, reps):
    if not os.path.exists(peers):
        return None
    cmd = [peers, f"--op={op}", f"--impl={impl}", f"--dtype={dtype}",
           f"--shape={shape[0]}x{shape[1]}", f"--reps={reps}"]
    times = common.parse_times(common.run_tool(cmd, threads), require_ok=True)
    return times[1] if times else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="")
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--pipeline-options", default="",
                        help="extra norm-cpu-pipeline options for ours")
    parser.add_argument("--output", default="",
                        help="also write the table (markdown) here")
    parser.add_argument("--norm-run", default=common.DEFAULT_NORM_RUN)
    parser.add_argument("--peers", default=common.DEFAULT_PEERS)
    args = parser.parse_args()
    import torch
    import torch.nn.functional as F

    work = tempfile.mkdtemp(prefix="norm-gradients-bench-")
    rng = np.random.default_rng(0)
    rows_out = []
    for op, dtype, shape in CASES:
        label = f"{op} {dtype} {shape[0]}x{shape[1]}"
        if args.only and not re.search(args.only, label):
            continue
        print(f"bench: {label}", file=sys.stderr, flush=True)
        module = os.path.join(work, f"{op}_{dtype}.mlir")
        with open(module, "w") as f:
            f.write(module_text(op, dtype))
        rms = op == "rms_norm_grad"
        n = shape[1]
        x = rng.standard_normal(shape, dtype=np.float32) * np.float32(1.5)
        x += np.float32(0.3)
        dy = rng.standard_normal(shape, dtype=np.float32)
        g = (1.0 + 0.25 * rng.standard_normal(n)).astype(np.float32)
        if dtype == "bf16":
            storage = [common.f32_to_bf16_bits(a).reshape(a.shape)
                       for a in (dy, x, g)]
            dy, x, g = (common.bf16_bits_to_f32(s).reshape(s.shape)
                        for s in storage)
        else:
            storage = [dy, x, g]
        x64 = x.astype(np.float64)
        if rms:
            mean = np.zeros((shape[0], 1))
            var = (x64 ** 2).mean(axis=1, keepdims=True)
        else:
            mean = x64.mean(axis=1, keepdims=True)
            var = ((x64 - mean) ** 2).mean(axis=1, keepdims=True)
        rstd = (1.0 / np.sqrt(var + EPS)).astype(np.float32)
        mean = mean.astype(np.float32)
        arrays = [storage[0], storage[1]] + ([] if rms else [mean]) + \
            [rstd, storage[2]]
        inputs = []
        for i, a in enumerate(arrays):
            inputs.append(os.path.join(work, f"in{i}.npy"))
            np.save(inputs[-1], a)
        outputs = [os.path.join(work, f"out{i}.npy")
                   for i in range(2 if rms else 3)]
        nbytes = 3 * dy.size * (2 if dtype == "bf16" else 4)

        # PyTorch autograd in the benchmark's dtype; the reference in f32.
        def graph(tdtype):
            tx = torch.from_numpy(x).to(tdtype).requires_grad_()
            tg = torch.from_numpy(g).to(tdtype).requires_grad_()
            tdy = torch.from_numpy(dy).to(tdtype)
            if rms:
                y = tx * torch.rsqrt(tx.pow(2).mean(-1, keepdim=True) + EPS)
                y = y * tg
                wanted = (tx, tg)
            else:
                tb = torch.zeros(n, dtype=tdtype).requires_grad_()
                y = F.layer_norm(tx, (n,), tg, tb, EPS)
                wanted = (tx, tg, tb)
            return lambda: torch.autograd.grad(y, wanted, tdy,
                                               retain_graph=True)
        torch.set_num_threads(os.cpu_count() or 1)
        ref = [r.numpy() for r in graph(torch.float32)()]
        torch_fn = graph(torch.bfloat16 if dtype == "bf16" else torch.float32)

        for threads in [int(t) for t in args.threads.split(",")]:
            times = {k: [] for k in ("ours", "onednn", "pytorch", "roofline",
                                     "roofline-nt")}
            for _ in range(args.rounds):
                times["ours"].append(common.run_norm_run(
                    args.norm_run, module, inputs, outputs, threads,
                    args.reps, args.pipeline_options)[1])
                for impl in ("onednn", "roofline", "roofline-nt"):
                    t = run_peer(args.peers, op, impl, dtype, shape, threads,
                                 args.reps)
                    if t is not None:
                        times[impl].append(t)
                # A slow PyTorch (> 0.5 s per call) is timed in one round.
                if not times["pytorch"] or times["pytorch"][0] < 500:
                    # Fewer calls (at least 1) when they take long (Debian's
                    # PyTorch 1.13 runs the RMSNorm module code's backward at
                    # ~0.2 s per million elements).
                    times["pytorch"].append(common.time_torch(
                        torch, torch_fn, threads, args.reps,
                        budget_ms=2000)[1])
            for got_path, want in zip(outputs, ref):
                got = np.load(got_path)
                if dtype == "bf16":
                    got = common.bf16_bits_to_f32(got).reshape(want.shape)
                err = float(np.max(np.abs(got - want))) / max(
                    float(np.max(np.abs(want))), 1e-30)
                if err > TOLERANCE[dtype]:
                    print(f"WRONG {label}: relative error {err:.3g}")
                    return 2
            med = {k: statistics.median(v) if v else None
                   for k, v in times.items()}
            roof = min((v for v in (med["roofline"], med["roofline-nt"])
                        if v is not None), default=None)
            gbps = lambda t: nbytes / (t * 1e-3) / 1e9  # noqa: E731
            cell = lambda t: f"{t:.2f} ({gbps(t):.1f})" if t else "n/a"  # noqa
            ratio = lambda t: f"{t / med['ours']:.2f}" if t else "n/a"  # noqa
            row = (f"| {label} | {threads} | {cell(med['ours'])} | "
                   f"{cell(med['onednn'])} | {cell(med['pytorch'])} | "
                   f"{cell(med['roofline'])} | {cell(med['roofline-nt'])} | "
                   f"{ratio(med['onednn'])} | {ratio(med['pytorch'])} | "
                   f"{ratio(roof)} |")
            print(row, flush=True)
            rows_out.append(row)
    header = [
        "| case | threads | ours ms (GB/s) | oneDNN ms (GB/s) | "
        "PyTorch ms (GB/s) | roofline ms (GB/s) | roofline NT ms (GB/s) | "
        "ours/oneDNN | ours/PyTorch | ours/roofline |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    table = "\n".join(header + rows_out)
    print()
    print(table)
    if args.output:
        with open(args.output, "w") as f:
            f.write(f"# layer_norm_grad / rms_norm_grad on the CPU\n\n"
                    f"`/usr/bin/python3 bench/gradients.py --reps {args.reps} "
                    f"--rounds {args.rounds} --threads {args.threads}`"
                    f" on {common.machine()}; medians of {args.rounds} interleaved "
                    f"rounds of {args.reps} timed calls. Speed-ups are "
                    f"time ratios (> 1: ours is faster); ours/roofline is "
                    f"the roofline's time (the faster of plain and streaming "
                    f"stores) over ours.\n\n{table}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
