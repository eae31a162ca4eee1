#!/usr/bin/env python3
"""Interleaved A/B timing of our norms under pipeline-option (or binary)
variants against oneDNN, for a machine shared with other jobs.

Each round runs every variant and oneDNN once per thread count (1 and 2),
`--reps` timed calls each (the median of a call's timings, as in bench.py);
rounds alternate so that load changes hit every column alike. Prints, per
thread count, the median over the rounds and the ratio to oneDNN of the same
rounds, the minimum (the least disturbed call), and the median over the
rounds of each round's own ratio ("paired": a drift of the machine's speed
between rounds cancels in it).

  /usr/bin/python3 bench/ab.py layer_norm bf16 32768x768 \\
      native= integer=target-features=-avx512bf16
  /usr/bin/python3 bench/ab.py layer_norm f32 3136x128 --reps 100 \\
      default= always-stream=nontemporal-min-bytes=0

  /usr/bin/python3 bench/ab.py batch_norm f32 128x2048x7x7 --layout nhwc \\
      before=/tmp/base/norm-run:: after=
  /usr/bin/python3 bench/ab.py group_norm bf16 32x320x64x64 --groups 32 \\
      prefetch= no-prefetch=prefetch-max-bytes=0

A variant is NAME=PIPELINE-OPTIONS (empty: the defaults), or
NAME=NORM-RUN::PIPELINE-OPTIONS (also written NAME=@NORM-RUN [OPTIONS]) to
time another norm-run binary (e.g. one built from the commit before a change)
in the same rounds. Row norms take ROWSxH, the batch norms NxCxHxW and
--layout, group_norm (--groups) and instance_norm NCHW NxCxHxW; these two
are compared with a memcpy of the same bytes instead of oneDNN (2.6 has no
group norm). Needs the peer driver (bench/run.sh builds it as
bench/build/peers).
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
import group_norm  # noqa: E402


def run(command, threads):
    process = common.run_tool(command, threads)
    times = common.parse_times(process)
    if times is None:
        sys.exit("failed: %s\n%s%s" % (" ".join(command), process.stdout[-500:],
                                       process.stderr[-500:]))
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("op", choices=["layer_norm", "rms_norm", "batch_norm",
                                       "batch_norm_train", "group_norm",
                                       "instance_norm"])
    parser.add_argument("dtype", choices=["f32", "bf16"])
    parser.add_argument("shape",
                        help="ROWSxH (e.g. 32768x768) or NxCxHxW (batch norms)")
    parser.add_argument("--layout", choices=["nchw", "nhwc"], default="nchw")
    parser.add_argument("--groups", type=int, default=32,
                        help="group_norm's G")
    parser.add_argument("variants", nargs="+", help="NAME=PIPELINE-OPTIONS")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--norm-run",
                        default=os.path.join(bench.ROOT, "build/bin/norm-run"))
    parser.add_argument("--peers", default=os.path.join(BENCH, "build/peers"))
    parser.add_argument("--workdir", default="/tmp/norm-bench-ab")
    parser.add_argument("--static", action="store_true",
                        help="row norms: the module's shapes static (as a "
                        "front end with known sizes emits them) instead of "
                        "dynamic")
    parser.add_argument("--memcpy", action="store_true",
                        help="also time a memcpy of the same bytes in every "
                        "round (a row of the table; its ratio to the peer "
                        "bounds what any bandwidth-bound kernel can reach)")
    args = parser.parse_args()

    shape = tuple(map(int, args.shape.split("x")))
    grouped = args.op in ("group_norm", "instance_norm")
    variants = [v.split("=", 1) for v in args.variants]
    threads = [int(t) for t in args.threads.split(",")]
    os.makedirs(args.workdir, exist_ok=True)
    rng = np.random.default_rng(0)
    if grouped:
        groups = args.groups if args.op == "group_norm" else shape[1]
        module = os.path.join(args.workdir, "%s_%s.mlir" % (args.op,
                                                            args.dtype))
        with open(module, "w") as f:
            f.write(group_norm.module_text(args.op, args.dtype, groups))
        values = [rng.standard_normal(shape).astype(np.float32),
                  (1 + 0.1 * rng.standard_normal(shape[1])).astype(np.float32),
                  (0.1 * rng.standard_normal(shape[1])).astype(np.float32)]
        if args.dtype == "bf16":
            values = [bench.f32_to_bf16_bits(v).reshape(v.shape)
                      for v in values]
        nbytes = 2 * values[0].size * (2 if args.dtype == "bf16" else 4)
        peer = "memcpy"
    else:
        case = bench.Case(args.op, args.dtype, shape, args.layout)
        if not case.row_op and args.dtype != "f32":
            sys.exit("the batch norms are timed in f32")
        module = os.path.join(args.workdir, "%s.mlir" % case.module_key)
        text = bench.module_text(case)
        if args.static:
            if not case.row_op:
                sys.exit("--static takes the row norms")
            text = text.replace("?x?x", "%dx%dx" % shape).replace(
                "tensor<?x", "tensor<%dx" % shape[1])
            module = module.replace(".mlir", "_static.mlir")
        with open(module, "w") as f:
            f.write(text)
        nbytes = case.bytes
        peer = "oneDNN"
        if case.row_op:
            rows, hidden = shape
            values = [rng.standard_normal((rows, hidden)).astype(np.float32),
                      (1 + 0.1 * rng.standard_normal(hidden)).astype(
                          np.float32),
                      (0.1 * rng.standard_normal(hidden)).astype(np.float32)]
            if args.op == "rms_norm":
                values = values[:2]
            if args.dtype == "bf16":
                values = [bench.f32_to_bf16_bits(v) for v in values]
        else:
            values = bench.make_inputs(case, rng)[1]
    # The memcpy of the same bytes: rows of the last dim (row norms), of the
    # dims after the channel (NCHW batch, group and instance norms).
    copy_shape = args.shape if len(shape) == 2 else "%dx%d" % (
        shape[0] * shape[1], int(np.prod(shape[2:])))
    copy_command = [args.peers, "--op=layer_norm", "--impl=memcpy",
                    "--dtype=" + args.dtype, "--shape=" + copy_shape,
                    "--reps=%d" % args.reps]
    inputs = []
    for i, value in enumerate(values):
        inputs.append(os.path.join(args.workdir, "in%d.npy" % i))
        np.save(inputs[-1], value)
    outputs = [os.path.join(args.workdir, "out.npy")]
    if args.op == "batch_norm_train":
        outputs += [os.path.join(args.workdir, "stat%d.npy" % i)
                    for i in range(4)]

    times = {}
    for _ in range(args.rounds):
        for t in threads:
            for name, options in variants:
                base = "num-threads=1" if t == 1 else "num-threads=0"
                binary = args.norm_run
                if "::" in options:
                    binary, options = options.split("::", 1)
                elif options.startswith("@"):
                    binary, _, options = options[1:].partition(" ")
                command = [binary, module, "--function=bench",
                           "--benchmark-repetitions=%d" % args.reps,
                           "--pipeline-options=%s %s" % (base, options)]
                command += ["--input=@" + p for p in inputs]
                command += ["--output=@" + p for p in outputs]
                times.setdefault((name, t), []).append(run(command, t))
            if grouped:
                command = copy_command
            else:
                command = [args.peers, "--op=" + args.op, "--impl=onednn",
                           "--dtype=" + args.dtype, "--shape=" + args.shape,
                           "--reps=%d" % args.reps]
                if not case.row_op:
                    command.append("--layout=" + args.layout)
            times.setdefault((peer, t), []).append(run(command, t))
            if args.memcpy and not grouped:
                times.setdefault(("memcpy", t), []).append(
                    run(copy_command, t))

    layout = "" if grouped or case.row_op else " " + args.layout
    if args.op == "group_norm":
        layout = " G=%d" % args.groups
    print("%s %s %s%s: %d rounds x %d calls, load average at end %s" %
          (args.op, args.dtype, args.shape, layout, args.rounds, args.reps,
           " ".join("%.2f" % x for x in os.getloadavg())))
    print("| impl | thr | median ms | GB/s | x %s | min ms | x %s (min) "
          "| x %s (paired) |" % (peer, peer, peer))
    print("|---|---|---|---|---|---|---|---|")
    for t in threads:
        ref = statistics.median(m for _, m in times[(peer, t)])
        ref_min = min(m for m, _ in times[(peer, t)])
        extra = ["memcpy"] if args.memcpy and not grouped else []
        for name in [n for n, _ in variants] + [peer] + extra:
            median = statistics.median(m for _, m in times[(name, t)])
            fastest = min(m for m, _ in times[(name, t)])
            if median <= 0:
                print("| %s | %d | (has no such op) | | | | | |" % (name, t))
                continue
            # The median over the rounds of each round's ratio: the peer ran
            # right after the variant in the same round, so drifts of the
            # machine's speed between rounds cancel.
            # A peer without the op (oneDNN 2.6 has no RMSNorm) reports 0.
            ratios = [p[1] / v[1] for v, p in zip(times[(name, t)],
                                                  times[(peer, t)])
                      if p[1] > 0 and v[1] > 0]
            paired = statistics.median(ratios) if ratios else float("nan")
            print("| %s | %d | %.3f | %.2f | %.2f | %.3f | %.2f | %.2f |" %
                  (name, t, median, nbytes / median / 1e6, ref / median,
                   fastest, ref_min / fastest if fastest else float("nan"),
                   paired))


if __name__ == "__main__":
    main()
