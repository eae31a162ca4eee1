#!/usr/bin/env python3
"""The cost of the run-time size checks (norm-insert-runtime-checks) on the
dynamic-shape modules of bench.py: every case runs with
`runtime-checks=true` (the default) and `runtime-checks=false`, interleaved
(A, B, A, B, ...) so that both see the same machine state; each run is
norm-run's median of --reps timed calls. Reports the median over the rounds
of each and their ratio, per case, on this machine.

  bench/runtime_checks.py [--rounds 5] [--reps 20] [--threads 1] [--only REGEX]

Not a timed test: the numbers go into docs/performance.md by hand, with the
machine they came from.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (cases, modules, inputs, the norm-run runner)

CASES = [
    bench.Case("layer_norm", "f32", (8192, 768)),
    bench.Case("layer_norm", "bf16", (4096, 1024)),
    bench.Case("rms_norm", "f32", (8192, 1024)),
    bench.Case("layer_norm", "f32", (64, 768)),  # small: the fixed cost shows
    bench.Case("batch_norm", "f32", (32, 64, 28, 28), "nchw"),
    bench.Case("batch_norm_train", "f32", (32, 64, 28, 28), "nchw"),
    bench.Case("batch_norm_train", "f32", (32, 64, 28, 28), "nhwc"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--only", default="")
    parser.add_argument("--norm-run",
                        default=os.path.join(bench.ROOT, "build/bin/norm-run"))
    args = parser.parse_args()
    args.pipeline_options = ""
    workdir = tempfile.mkdtemp(prefix="norm-checks-")
    rng = np.random.default_rng(0)
    print("| case | checks on (ms) | checks off (ms) | on / off |")
    print("|---|---|---|---|")
    for case in CASES:
        if args.only and not re.search(args.only, f"{case.group} {case.label}"):
            continue
        module = os.path.join(workdir, case.module_key + ".mlir")
        with open(module, "w") as f:
            f.write(bench.module_text(case))
        _, storage = bench.make_inputs(case, rng)
        inputs = []
        for i, array in enumerate(storage):
            path = os.path.join(workdir, f"{case.module_key}_in{i}.npy")
            np.save(path, array)
            inputs.append(path)
        outputs = [os.path.join(workdir, f"out{i}.npy")
                   for i in range(5 if case.op == "batch_norm_train" else 1)]
        times = {"true": [], "false": []}
        for _ in range(args.rounds):
            for checks in ("true", "false"):
                args.pipeline_options = f"runtime-checks={checks}"
                result = bench.run_ours(args, case, module, inputs, outputs,
                                        args.threads, args.reps)
                if result["status"] != "ok":
                    sys.exit(f"{case.group} {case.label}: {result['note']}")
                times[checks].append(result["median_ms"])
        on = statistics.median(times["true"])
        off = statistics.median(times["false"])
        print(f"| {case.group} {case.label} | {on:.4f} | {off:.4f} | "
              f"{on / off:.3f} |", flush=True)


if __name__ == "__main__":
    main()
