#!/usr/bin/env python3
"""Execution test of norm-raise on linalg decompositions.

For each model of Inputs/raise-*.mlir (a normalization as torch-mlir lowers
it to linalg), or function of a test input of test/Dialect/Norm
("file.mlir:@function", run as @main), runs the model as it is and after
`norm-opt --norm-raise` (and the passes the model names) through norm-run,
checks that the raised module holds the expected norm op and no linalg op
(unless the model keeps one), and compares both runs with a float64 NumPy
reference.

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


def rows(x, eps, axes=(-1,)):
    """The standardization of x over `axes` (ε rounded to f32)."""
    eps = float(np.float32(eps))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps)


def mixed_layer_norm(x, w, b):
    return [rows(x, 9.9999997473787516e-6) * w + b]


def autocast_layer_norm(x, w, b):
    eps = float(np.float32(9.9999997473787516e-6))
    mean = x.mean(axis=1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + eps)
    return [(x - mean) * rstd * w + b, mean, rstd]


def stablehlo_batch_norm_inference(x, s, o, m, v):
    c = (1, -1, 1, 1)
    eps = float(np.float32(1.001e-5))
    return [(x - m.reshape(c)) * s.reshape(c) / np.sqrt(v.reshape(c) + eps)
            + o.reshape(c)]


def stablehlo_batch_norm_training(x, s, o):
    c = (1, -1, 1, 1)
    eps = float(np.float32(1.001e-5))
    mean = x.mean(axis=(0, 2, 3))
    var = ((x - mean.reshape(c)) ** 2).mean(axis=(0, 2, 3))
    y = (x - mean.reshape(c)) / np.sqrt(var.reshape(c) + eps)
    return [y * s.reshape(c) + o.reshape(c), mean, var]


def fused_residual_layer_norm(x, bias, r, g, b):
    return [rows(x + bias + r, 9.99999996e-13) * g + b]


def fused_residual_rms_norm(x, r, w):
    h = x + r
    eps = float(np.float32(9.99999997e-7))
    return [h / np.sqrt((h * h).mean(axis=-1, keepdims=True) + eps) * w, h]


# (input file, op it raises to, argument shapes, reference[, options]);
# options: "passes" run after --norm-raise (norm-fuse-residual: the op must
# then take a residual operand), "linalg" a linalg op that may stay (the
# bias add feeding the op).
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
    # IREE's elementwise fusion: x + bias + r inline in every generic.
    ("raise-linalg-residual.mlir:@iree_fused_bias_residual_layer_norm",
     "norm.layer_norm", [(4, 16), (16,), (4, 16), (16,), (16,)],
     fused_residual_layer_norm,
     {"passes": ["--norm-fuse-residual"], "linalg": True}),
    ("raise-linalg-residual.mlir:@fused_residual_rms_norm_reuses_add",
     "norm.rms_norm", [(4, 16), (4, 16), (16,)], fused_residual_rms_norm,
     {"passes": ["--norm-fuse-residual"]}),
    # f32 parameters with f16 activations: upcast, op in f32, (downcast).
    ("raise-linalg-variants.mlir:@torch_autocast_layer_norm_f16",
     "norm.layer_norm", [(2, 8), (8,), (8,)], autocast_layer_norm,
     {"linalg": True, "dtypes": [np.float16]}),
    ("raise-linalg-variants.mlir:@torch_mixed_dtype_layer_norm_f16",
     "norm.layer_norm", [(2, 8), (8,), (8,)], mixed_layer_norm,
     {"linalg": True, "dtypes": [np.float16], "tol": 1e-3}),
    # StableHLO's unfused batch norms through stablehlo-legalize-to-linalg.
    ("raise-linalg-variants.mlir:@stablehlo_batch_norm_inference",
     "norm.batch_norm", [(2, 3, 2, 2)] + [(3,)] * 4,
     stablehlo_batch_norm_inference, {"positive": [4]}),
    # The decomposition's one-pass variance cancels (mean 20, sd 3).
    ("raise-linalg-variants.mlir:@stablehlo_batch_norm_training",
     "norm.batch_norm_train", [(2, 3, 2, 2), (3,), (3,)],
     stablehlo_batch_norm_training, {"tol": 1e-4}),
]


def model_path(name, workdir):
    """The model's file: an input of Inputs/, or one function of a
    test/Dialect/Norm input written out as @main."""
    if ":@" not in name:
        return os.path.join(HERE, "Inputs", name)
    source, function = name.split(":@")
    text = open(os.path.join(HERE, "..", "Dialect", "Norm", source)).read()
    for chunk in text.split("// -----"):
        if "func.func @%s(" % function in chunk:
            path = os.path.join(workdir, function + ".mlir")
            with open(path, "w") as f:
                f.write(chunk.replace("@%s(" % function, "@main("))
            return path
    raise SystemExit("no function @%s in %s" % (function, source))


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
    for name, op, shapes, reference, *rest in MODELS:
        options = rest[0] if rest else {}
        model = model_path(name, args.workdir)
        name = os.path.basename(model)
        raised = os.path.join(args.workdir, "raised-" + name)
        process = run([args.norm_opt, model, "--norm-raise"] +
                      options.get("passes", []) + ["-o", raised])
        text = open(raised).read() if process.returncode == 0 else ""
        raised_ok = op in text
        if options.get("passes"):
            raised_ok &= "residual(" in text
        if not options.get("linalg"):
            raised_ok &= "linalg." not in text
        if not raised_ok:
            print("FAIL %s: not raised to %s\n%s%s" % (
                name, op, process.stdout, text))
            failed += 1
            continue
        inputs = []
        for i, shape in enumerate(shapes):
            values = rng.standard_normal(shape)
            if (name.startswith("raise-batch") and i == 4) or (
                    i in options.get("positive", [])):
                values = np.abs(values) + 0.1  # a variance
            # A mean far from 0 in x, as in real activations.
            if i == 0:
                values = values * 3.0 + 20.0
            dtypes = options.get("dtypes", [])
            inputs.append(values.astype(
                dtypes[i] if i < len(dtypes) else np.float32))
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
            # f32 statistics of 8 to 96 elements: a few ulps of O(1) values
            # (an f16 result: its own rounding).
            ok = worst <= options.get("tol", 1e-5)
            print("%s %s (%s): worst error %.3g" % (
                "PASS" if ok else "FAIL", name, label, worst))
            passed += ok
            failed += not ok
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
