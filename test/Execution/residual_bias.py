#!/usr/bin/env python3
"""Execution test of norm-fuse-residual on `x + residual + bias`.

Runs Inputs/residual-bias.mlir through norm-run as it is and with
raise=true (norm-fuse-residual moves the residual into the norm op and
keeps the bias add as its input's producer), checks with norm-opt that the
ops are fused, and compares every result (the normalized rows and the
returned sum) with a float64 NumPy reference.

Usage: residual_bias.py --norm-opt PATH --norm-run PATH --workdir DIR
"""

import argparse
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "Inputs", "residual-bias.mlir")


def layer_norm(h, g, b, eps=float(np.float32(1e-5))):
    mean = h.mean(axis=1, keepdims=True)
    var = ((h - mean) ** 2).mean(axis=1, keepdims=True)
    return (h - mean) / np.sqrt(var + eps) * g + b


def rms_norm(h, g, eps=float(np.float32(1e-6))):
    return h / np.sqrt((h * h).mean(axis=1, keepdims=True) + eps) * g


def run(command):
    return subprocess.run(command, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--norm-opt", default="norm-opt")
    parser.add_argument("--norm-run", default="norm-run")
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    failed = 0

    fused = run([args.norm_opt, MODEL, "--norm-fuse-residual"])
    if fused.returncode != 0 or fused.stdout.count(" residual(") != 2:
        print("FAIL: not fused\n" + fused.stdout)
        failed += 1

    rng = np.random.default_rng(13)
    rows = 5
    x = (rng.standard_normal((rows, 24)) * 2.0 + 3.0).astype(np.float32)
    bias = rng.standard_normal(24).astype(np.float32)
    r = (rng.standard_normal((rows, 24)) + 10.0).astype(np.float32)
    g = (rng.standard_normal(24) * 0.5 + 1.0).astype(np.float32)
    b = rng.standard_normal(24).astype(np.float32)
    arrays = {"x": x, "bias": bias, "r": r, "g": g, "b": b}
    paths = {}
    for name, values in arrays.items():
        paths[name] = os.path.join(args.workdir, name + ".npy")
        np.save(paths[name], values)
    d = {k: v.astype(np.float64) for k, v in arrays.items()}
    h = d["x"] + d["bias"] + d["r"]
    cases = [
        ("post_ln", ["x", "bias", "r", "g", "b"],
         [layer_norm(h, d["g"], d["b"])]),
        ("pre_ln", ["x", "bias", "r", "g"], [rms_norm(h, d["g"]), h]),
    ]
    for function, inputs, expected in cases:
        for options in ("raise=false", "raise=true"):
            outputs = [os.path.join(args.workdir, "%s.%s.%d.npy" %
                                    (function, options, i))
                       for i in range(len(expected))]
            command = [args.norm_run, MODEL, "--function=" + function,
                       "--pipeline-options=" + options]
            command += ["--input=@" + paths[name] for name in inputs]
            command += ["--output=@" + p for p in outputs]
            process = run(command)
            if process.returncode != 0:
                print("FAIL %s (%s): norm-run exited %d: %s" % (
                    function, options, process.returncode,
                    process.stdout[-2000:]))
                failed += 1
                continue
            worst = 0.0
            for path, ref in zip(outputs, expected):
                got = np.load(path).astype(np.float64)
                worst = max(worst, float(np.max(
                    np.abs(got - ref) / (1.0 + np.abs(ref)))))
            ok = worst <= 1e-5
            print("%s %s (%s): worst error %.3g" % (
                "PASS" if ok else "FAIL", function, options, worst))
            failed += not ok
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
