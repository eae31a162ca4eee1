#!/usr/bin/env python3
"""Execution tests of the CPU vector kernels of batch_norm_grad and
group_norm_grad against float64 PyTorch autograd.

The cases are shaped for the vector kernels (convert-norm-to-vector): NCHW
(runs of H x W not a multiple of the vector), channels last (channel counts
not a multiple of the vector), training and inference, f32/f16/bf16,
dynamic shapes, zero-size dims, constant channels and groups, instance norm
(G = C) and G = 1. The cases run through the CPU pipeline (norm-run) on 2
threads, CHUNK to a module (one JIT compilation for several), and are
compared as gradients.py compares; the DETERMINISM cases also run on 1
thread and must give the same bits.

  batch_norm_grad_vector.py --norm-run PATH --workdir DIR [--pipeline-options O]
"""

import argparse
import os
import re
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gradients import (EPS, Case, TOLERANCES, acc_of, grads, names,  # noqa
                       t)
from harness import (from_storage, norm_ref, quantize, tensor_type,  # noqa
                     to_storage)

torch.set_default_dtype(torch.float64)


def bn_case(name, shape, et, feature_axis=1, training=True,
            mask=(True, True), dynamic=(), x=None, rng=None):
    """batch_norm_grad of `shape`; `x` overrides the random input."""
    rank = len(shape)
    feature_axis = feature_axis % rank
    channels = shape[feature_axis]
    x = quantize(rng.normal(-1.0, 3.0, shape) if x is None else x, et)
    dy = quantize(rng.normal(0, 1, shape), et)
    w = quantize(rng.uniform(0.5, 1.5, channels), et)
    acc = acc_of(et)
    ty = tensor_type(shape, et, dynamic)
    pty = tensor_type((channels,), et, (0,) if feature_axis in dynamic else ())
    if x.size:
        _, mean, var = norm_ref.batch_norm_train(x, None, None, feature_axis,
                                                 EPS)
    else:
        mean, var = np.zeros(channels), np.ones(channels)
    if not training:
        mean = mean + rng.uniform(-0.5, 0.5, channels)
        var = var * rng.uniform(0.5, 2.0, channels) + 0.1
    mean, var = quantize(mean, acc), quantize(var, acc)
    xt, wt, bt = t(x), t(w), t(np.zeros(channels))
    # dx, dscale, dbias from autograd of the normalization with the given
    # statistics (training: the batch statistics, a function of x).
    xm = xt.movedim(feature_axis, -1)
    if training:
        mu = xm.reshape(-1, channels).mean(0) if x.size else torch.tensor(mean)
        sigma2 = (((xm.reshape(-1, channels) - mu) ** 2).mean(0) if x.size
                  else torch.tensor(var))
    else:
        mu, sigma2 = torch.tensor(mean), torch.tensor(var)
    y = ((xm - mu) / torch.sqrt(sigma2 + EPS) * wt + bt).movedim(
        -1, feature_axis)
    if x.size:
        dx, dscale, dbias = grads(y, [xt, wt, bt], dy)
    else:
        dx, dscale, dbias = np.zeros(shape), np.zeros(channels), \
            np.zeros(channels)
    args = [(dy, et, ty), (x, et, ty), (mean, acc, tensor_type((channels,),
                                                               acc)),
            (var, acc, tensor_type((channels,), acc)), (w, et, pty)]
    operands = " x(%%a1 : %s) mean(%%a2 : %s) var(%%a3 : %s) scale(%%a4 : %s)" \
        % (ty, args[2][2], args[3][2], pty)
    attrs = " {feature_axis = %d : i64%s}" % (
        feature_axis, "" if training else ", training = false")
    outs = ["dscale"] * mask[0] + ["dbias"] * mask[1]
    want = [dscale] * mask[0] + [dbias] * mask[1]
    results = [(dx, et, ty)] + [(v, et, pty) for v in want]
    body = "  %s = norm.batch_norm_grad %%a0%s%s : %s%s\n" % (
        names("r", len(results)), operands, attrs, ty,
        " -> " + ", ".join(outs) if outs else "")
    return Case(name, body, args, results)


def gn_case(name, shape, et, groups, mask=(True, True), dynamic=(), x=None,
            rng=None):
    """group_norm_grad of `shape` with `groups` groups."""
    n, channels = shape[0], shape[1]
    x = quantize(rng.normal(-1.0, 3.0, shape) if x is None else x, et)
    dy = quantize(rng.normal(0, 1, shape), et)
    w = quantize(rng.uniform(0.5, 1.5, channels), et)
    acc = acc_of(et)
    ty = tensor_type(shape, et, dynamic)
    pty = tensor_type((channels,), et, (0,) if 1 in dynamic else ())
    sty = tensor_type((n, groups), acc, (0,) if 0 in dynamic else ())
    if x.size:
        _, mean, rstd = norm_ref.group_norm(x, None, None, groups, EPS)
    else:
        mean, rstd = np.zeros((n, groups)), np.ones((n, groups))
    xt, wt, bt = t(x), t(w), t(np.zeros(channels))
    if x.size:
        dx, dscale, dbias = grads(F.group_norm(xt, groups, wt, bt, EPS),
                                  [xt, wt, bt], dy)
    else:
        dx, dscale, dbias = np.zeros(shape), np.zeros(channels), \
            np.zeros(channels)
    args = [(dy, et, ty), (x, et, ty), (quantize(mean, acc), acc, sty),
            (quantize(rstd, acc), acc, sty), (w, et, pty)]
    operands = (" x(%%a1 : %s) mean(%%a2 : %s) inv_std_dev(%%a3 : %s)"
                " scale(%%a4 : %s)" % (ty, sty, sty, pty))
    outs = ["dscale"] * mask[0] + ["dbias"] * mask[1]
    want = [dscale] * mask[0] + [dbias] * mask[1]
    results = [(dx, et, ty)] + [(v, et, pty) for v in want]
    body = "  %s = norm.group_norm_grad %%a0%s {num_groups = %d : i64} : %s%s\n" \
        % (names("r", len(results)), operands, groups, ty,
           " -> " + ", ".join(outs) if outs else "")
    return Case(name, body, args, results)


def cases():
    rng = np.random.default_rng(1515)
    out = []
    for et in ("f32", "f16", "bf16"):
        # Runs of 35 (2 vectors and a masked tail), channels of 37.
        out.append(bn_case("bn NCHW %s" % et, (3, 6, 5, 7), et, rng=rng))
        out.append(bn_case("bn NHWC %s" % et, (3, 4, 5, 37), et,
                           feature_axis=-1, rng=rng))
        out.append(bn_case("bn NCHW inference %s" % et, (2, 5, 3, 11), et,
                           training=False, rng=rng))
        out.append(bn_case("bn NHWC inference %s" % et, (4, 3, 19), et,
                           feature_axis=-1, training=False, rng=rng))
        out.append(gn_case("gn %s" % et, (2, 8, 5, 7), et, 4, rng=rng))
    # Long runs (the unrolled main loop), masks, dynamic shapes.
    out.append(bn_case("bn NCHW long runs dscale only", (2, 3, 17, 19),
                       "f32", mask=(True, False), rng=rng))
    out.append(bn_case("bn NCHW dynamic", (3, 4, 6, 7), "f32",
                       dynamic=(0, 1, 2, 3), rng=rng))
    out.append(bn_case("bn NCHW dx only", (2, 4, 9, 9), "bf16",
                       mask=(False, False), rng=rng))
    out.append(bn_case("bn [C, B] feature_axis=0", (5, 70), "f32",
                       feature_axis=0, rng=rng))
    out.append(bn_case("bn NHWC dynamic", (5, 3, 2, 21), "f16",
                       feature_axis=-1, dynamic=(0, 1, 2, 3), rng=rng))
    out.append(bn_case("bn NHWC long channels dbias only", (9, 130), "f32",
                       feature_axis=-1, mask=(False, True), rng=rng))
    out.append(bn_case("bn NHWC inference dx only", (4, 2, 40), "f32",
                       feature_axis=-1, training=False, mask=(False, False),
                       rng=rng))
    out.append(bn_case("bn NCHW inference dx only", (2, 3, 40), "f16",
                       training=False, mask=(False, False), rng=rng))
    out.append(bn_case("bn NCHW inference dynamic", (2, 3, 4, 5), "f32",
                       training=False, dynamic=(0, 2), rng=rng))
    # Zero-size dims, known at run time only.
    out.append(bn_case("bn NCHW 0 batch", (0, 3, 4, 4), "f32",
                       dynamic=(0,), rng=rng))
    out.append(bn_case("bn NCHW 0 spatial", (2, 3, 0, 4), "f32",
                       dynamic=(2,), rng=rng))
    out.append(bn_case("bn NHWC 0 rows", (0, 5, 6), "f32", feature_axis=-1,
                       dynamic=(0, 1), rng=rng))
    out.append(gn_case("gn 0 batch", (0, 4, 6), "f32", 2, dynamic=(0,),
                       rng=rng))
    # Constant channels and groups (xhat = 0, var = 0 + epsilon).
    const = np.broadcast_to(np.arange(4.0)[None, :, None, None] * 1.5 + 2.0,
                            (3, 4, 5, 6)).copy()
    out.append(bn_case("bn NCHW constant channels", (3, 4, 5, 6), "f32",
                       x=const, rng=rng))
    out.append(bn_case("bn NHWC constant channels", (3, 5, 6, 4), "f32",
                       feature_axis=-1, x=np.moveaxis(const, 1, -1).copy(),
                       rng=rng))
    out.append(gn_case("gn constant groups", (3, 4, 5, 6), "f32", 2,
                       x=const, rng=rng))
    # Far from 0: channels like [40000, 40001, 40002, 40003, ...] (an f32
    # mean, 40001.5, that is exact: the statistics operands are rounded).
    far = np.tile(40000.0 + np.arange(4.0), (2, 3, 5))
    out.append(bn_case("bn NCHW [40000..40003]", (2, 3, 20), "f32", x=far,
                       rng=rng))
    # Group norm: instance norm (G = C), G = 1, dynamic, masks.
    out.append(gn_case("gn instance (G = C)", (2, 6, 4, 5), "f32", 6,
                       rng=rng))
    out.append(gn_case("gn G = 1 bf16", (3, 4, 33), "bf16", 1, rng=rng))
    out.append(gn_case("gn dynamic", (2, 6, 3, 7), "f16", 3,
                       dynamic=(0, 1, 2, 3), rng=rng))
    out.append(gn_case("gn dscale only", (2, 8, 40), "f32", 2,
                       mask=(True, False), rng=rng))
    out.append(gn_case("gn dx only", (2, 8, 19), "f32", 4,
                       mask=(False, False), rng=rng))
    return out


# The cases also checked bit for bit with 1 and with 2 threads.
DETERMINISM = r"^(bn NCHW f32|bn NHWC f32|bn NHWC inference f32|gn f32)$"
# Cases per module: one norm-run (one JIT compilation) runs several.
CHUNK = 8


def combine(cases):
    """One Case computing all of `cases` (their arguments and results
    concatenated in order): norm-run's start-up and JIT once for all."""
    body, args, results = "", [], []
    for case in cases:
        a, r = len(args), len(results)
        text = re.sub(r"%a(\d+)", lambda m: "%%a%d" % (a + int(m.group(1))),
                      case.body)
        body += re.sub(r"%r(\d+)", lambda m: "%%r%d" % (r + int(m.group(1))),
                       text)
        args += case.args
        results += case.results
    return Case(", ".join(c.name for c in cases), body, args, results)


def run(case, norm_run, directory, extra):
    """Runs `case`; returns (outputs as stored arrays, or None, message)."""
    os.makedirs(directory, exist_ok=True)
    model = os.path.join(directory, "model.mlir")
    with open(model, "w") as f:
        f.write("// %s\n%s" % (case.name, case.module()))
    command = [norm_run, model, "--function=main"] + list(extra)
    for i, (values, et, _) in enumerate(case.args):
        path = os.path.join(directory, "in%d.npy" % i)
        np.save(path, to_storage(values, et))
        command.append("--input=@" + path)
    paths = []
    for i in range(len(case.results)):
        paths.append(os.path.join(directory, "out%d.npy" % i))
        command.append("--output=@" + paths[-1])
    process = subprocess.run(command, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    if process.returncode != 0:
        return None, "norm-run failed: %s\n    rerun: %s" % (
            process.stdout.strip()[-2000:], " ".join(command))
    return [np.load(p) for p in paths], " ".join(command)


def compare(case, outputs):
    worst, ok = 0.0, True
    for (ref, et, _), stored in zip(case.results, outputs):
        got = from_storage(stored, et)
        if got.shape != ref.shape:
            return False, "shape %s, expected %s" % (got.shape, ref.shape)
        if ref.size == 0:
            continue
        scale = max(np.abs(ref).max(), np.abs(case.args[0][0]).max(initial=0),
                    1e-30)
        error = np.abs(got - ref).max() / scale
        worst = max(worst, error)
        ok &= bool(np.isfinite(got).all() and error <= TOLERANCES[et])
    return ok, "max normwise error %.3g" % worst


def same_bits(first, second):
    return first is not None and second is not None and all(
        np.array_equal(a.view(np.uint8), b.view(np.uint8))
        for a, b in zip(first, second))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--norm-run", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--pipeline-options", default="",
                        help="norm-cpu-pipeline options for every run")
    parser.add_argument("--match", default="")
    options = parser.parse_args()
    failed = 0
    all_cases = [c for c in cases() if re.search(options.match, c.name)]
    chunks = [all_cases[i:i + CHUNK] for i in range(0, len(all_cases), CHUNK)]
    serial = [c for c in all_cases if re.search(DETERMINISM, c.name)]
    with_threads = lambda n: ["--pipeline-options=%s num-threads=%d" % (  # noqa
        options.pipeline_options, n)]
    # The determinism cases once more, on 1 thread: their results per case.
    serial_outputs = {}
    if serial:
        outputs, rerun = run(combine(serial), options.norm_run,
                             os.path.join(options.workdir, "serial"),
                             with_threads(1))
        at = 0
        for case in serial:
            n = len(case.results)
            serial_outputs[case.name] = (outputs[at:at + n] if outputs
                                         else None, rerun)
            at += n
    for i, chunk in enumerate(chunks):
        outputs, message = run(combine(chunk), options.norm_run,
                               os.path.join(options.workdir, "%03d" % i),
                               with_threads(2))
        at = 0
        for case in chunk:
            n = len(case.results)
            ok = outputs is not None
            if ok:
                ok, text = compare(case, outputs[at:at + n])
            else:
                text = message
            if ok and case.name in serial_outputs:
                serial_result, rerun = serial_outputs[case.name]
                same = same_bits(outputs[at:at + n], serial_result)
                text += ", 1 and 2 threads %s" % (
                    "bitwise equal" if same else "DIFFER\n    rerun: " + rerun)
                ok &= same
            at += n
            print("%s: %s: %s" % ("PASS" if ok else "FAIL", case.name, text))
            failed += not ok
    print("%d of %d cases failed" % (failed, len(all_cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
