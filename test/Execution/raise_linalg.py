#!/usr/bin/env python3
"""Execution test of norm-raise on linalg decompositions.

For each model of Inputs/raise-*.mlir (a normalization as torch-mlir lowers
it to linalg), runs the model as it is and after `norm-opt --norm-raise`
through norm-run, checks that the raised module holds the expected norm op
and no linalg op, and compares both runs with a float64 NumPy reference.

Usage: raise_linalg.py --norm-opt PATH --norm-run PATH --workdir DIR
Prints one PASS/FAIL line per model and run, then 'N passed, M failed'.
"""

import argparse
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
EPS = 1e-5


def layer_norm(x, w, b):
    eps = float(np.float32(9.9999997473787516e-06))
    mean = x.mean(axis=1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + eps)
    return [(x - mean) * rstd * w + b, mean, rstd]


def batch_norm(x, w, b, m, v):
    c = (1, -1, 1, 1)
    eps = float(np.float32(EPS))
    return [(x - m.reshape(c)) / np.sqrt(v.reshape(c) + eps) * w.reshape(c)
            + b.reshape(c)]


def group_norm(x, w, b):
    n, c, h, wd = x.shape
    g = x.reshape(n, 2, -1)
    mean = g.mean(axis=2, keepdims=True)
    var = ((g - mean) ** 2).mean(axis=2, keepdims=True)
    y = ((g - mean) / np.sqrt(var + float(np.float32(EPS)))).reshape(x.shape)
    return [y * w.reshape(1, c, 1, 1) + b.reshape(1, c, 1, 1)]


# (input file, op it raises to, argument shapes, reference)
MODELS = [
    ("raise-layer-norm.mlir", "norm.layer_norm", [(2, 8), (8,), (8,)],
     layer_norm),
    # Dynamic sizes: the mean divides by the run-time count (tensor.dim).
    ("raise-layer-norm-dynamic.mlir", "norm.layer_norm", [(3, 10), (10,), (10,)],
     layer_norm),
    ("raise-batch-norm.mlir", "norm.batch_norm",
     [(2, 3, 4, 4), (3,), (3,), (3,), (3,)], batch_norm),
    ("raise-group-norm.mlir", "norm.group_norm", [(2, 4, 2, 2), (4,), (4,)],
     group_norm),
]


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
    rng = np.random.default_rng(13)
    passed = failed = 0
    for name, op, shapes, reference in MODELS:
        model = os.path.join(HERE, "Inputs", name)
        raised = os.path.join(args.workdir, "raised-" + name)
        process = run([args.norm_opt, model, "--norm-raise", "-o", raised])
        text = open(raised).read() if process.returncode == 0 else ""
        if op not in text or "linalg." in text:
            print("FAIL %s: not raised to %s\n%s%s" % (
                name, op, process.stdout, text))
            failed += 1
            continue
        inputs = []
        for i, shape in enumerate(shapes):
            values = rng.standard_normal(shape)
            if name.startswith("raise-batch") and i == 4:
                values = np.abs(values) + 0.1  # a variance
            # A mean far from 0 in x, as in real activations.
            if i == 0:
                values = values * 3.0 + 20.0
            inputs.append(values.astype(np.float32))
        paths = []
        for i, values in enumerate(inputs):
            paths.append(os.path.join(args.workdir, "%s.in%d.npy" % (name, i)))
            np.save(paths[-1], values)
        expected = reference(*[v.astype(np.float64) for v in inputs])
        for label, module in (("decomposed", model), ("raised", raised)):
            outputs = [os.path.join(args.workdir, "%s.%s.out%d.npy" %
                                    (name, label, i))
                       for i in range(len(expected))]
            command = [args.norm_run, module, "--function=main"]
            command += ["--input=@" + p for p in paths]
            command += ["--output=@" + p for p in outputs]
            process = run(command)
            if process.returncode != 0:
                print("FAIL %s (%s): norm-run exited %d: %s" % (
                    name, label, process.returncode, process.stdout[-2000:]))
                failed += 1
                continue
            worst = 0.0
            for path, ref in zip(outputs, expected):
                got = np.load(path).astype(np.float64)
                worst = max(worst, float(np.max(
                    np.abs(got - ref) / (1.0 + np.abs(ref)))))
            # f32 statistics of 8 to 96 elements: a few ulps of O(1) values.
            ok = worst <= 1e-5
            print("%s %s (%s): worst error %.3g" % (
                "PASS" if ok else "FAIL", name, label, worst))
            passed += ok
            failed += not ok
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
