#!/usr/bin/env python3
"""Interleaved A/B timing of our row norms under pipeline-option variants
against oneDNN, for a machine shared with other jobs.

Each round runs every variant and oneDNN once per thread count (1 and 2),
`--reps` timed calls each (the median of a call's timings, as in bench.py);
rounds alternate so that load changes hit every column alike. Prints, per
thread count, the median over the rounds and the ratio to oneDNN of the same
rounds, plus the minimum (the least disturbed call).

  /usr/bin/python3 bench/ab.py layer_norm bf16 32768x768 \\
      native= integer=target-features=-avx512bf16
  /usr/bin/python3 bench/ab.py layer_norm f32 3136x128 --reps 100 \\
      default= always-stream=nontemporal-min-bytes=0

A variant is NAME=PIPELINE-OPTIONS (empty: the defaults). Needs the peer
driver (bench/run.sh builds it as bench/build/peers).
"""

import argparse
import os
import statistics
import sys

import numpy as np

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)
import bench  # noqa: E402
import common  # noqa: E402


def run(command, threads):
    process = common.run_tool(command, threads)
    times = common.parse_times(process)
    if times is None:
        sys.exit("failed: %s\n%s%s" % (" ".join(command), process.stdout[-500:],
                                       process.stderr[-500:]))
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("op", choices=["layer_norm", "rms_norm"])
    parser.add_argument("dtype", choices=["f32", "bf16"])
    parser.add_argument("shape", help="ROWSxH, e.g. 32768x768")
    parser.add_argument("variants", nargs="+", help="NAME=PIPELINE-OPTIONS")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--norm-run",
                        default=os.path.join(bench.ROOT, "build/bin/norm-run"))
    parser.add_argument("--peers", default=os.path.join(BENCH, "build/peers"))
    parser.add_argument("--workdir", default="/tmp/norm-bench-ab")
    args = parser.parse_args()

    rows, hidden = map(int, args.shape.split("x"))
    case = bench.Case(args.op, args.dtype, (rows, hidden))
    variants = [v.split("=", 1) for v in args.variants]
    threads = [int(t) for t in args.threads.split(",")]
    os.makedirs(args.workdir, exist_ok=True)
    module = os.path.join(args.workdir, "%s_%s.mlir" % (args.op, args.dtype))
    with open(module, "w") as f:
        f.write(bench.module_text(case))
    rng = np.random.default_rng(0)
    values = [rng.standard_normal((rows, hidden)).astype(np.float32),
              (1 + 0.1 * rng.standard_normal(hidden)).astype(np.float32),
              (0.1 * rng.standard_normal(hidden)).astype(np.float32)]
    if args.op == "rms_norm":
        values = values[:2]
    inputs = []
    for i, value in enumerate(values):
        inputs.append(os.path.join(args.workdir, "in%d.npy" % i))
        np.save(inputs[-1], bench.f32_to_bf16_bits(value)
                if args.dtype == "bf16" else value)
    output = os.path.join(args.workdir, "out.npy")

    times = {}
    for _ in range(args.rounds):
        for t in threads:
            for name, options in variants:
                base = "num-threads=1" if t == 1 else "num-threads=0"
                command = [args.norm_run, module, "--function=bench",
                           "--benchmark-repetitions=%d" % args.reps,
                           "--pipeline-options=%s %s" % (base, options)]
                command += ["--input=@" + p for p in inputs]
                command += ["--output=@" + output]
                times.setdefault((name, t), []).append(run(command, t))
            command = [args.peers, "--op=" + args.op, "--impl=onednn",
                       "--dtype=" + args.dtype, "--shape=" + args.shape,
                       "--reps=%d" % args.reps]
            times.setdefault(("oneDNN", t), []).append(run(command, t))

    print("%s %s %s: %d rounds x %d calls, load average at end %s" %
          (args.op, args.dtype, args.shape, args.rounds, args.reps,
           " ".join("%.2f" % x for x in os.getloadavg())))
    print("| impl | thr | median ms | GB/s | x oneDNN | min ms | x oneDNN (min) |")
    print("|---|---|---|---|---|---|---|")
    for t in threads:
        ref = statistics.median(m for _, m in times[("oneDNN", t)])
        ref_min = min(m for m, _ in times[("oneDNN", t)])
        for name in [n for n, _ in variants] + ["oneDNN"]:
            median = statistics.median(m for _, m in times[(name, t)])
            fastest = min(m for m, _ in times[(name, t)])
            print("| %s | %d | %.3f | %.2f | %.2f | %.3f | %.2f |" %
                  (name, t, median, case.bytes / median / 1e6, ref / median,
                   fastest, ref_min / fastest))


if __name__ == "__main__":
    main()
