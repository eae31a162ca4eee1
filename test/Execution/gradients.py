#!/usr/bin/env python3
"""Execution tests of the gradient ops against float64 PyTorch autograd.

Every case writes a one-function module, runs it with norm-run (the CPU
pipeline, JIT) and compares dx, dscale and dbias with torch.autograd.grad of
the forward op in float64 (F.layer_norm, the RMSNorm module code,
F.batch_norm, F.group_norm) on the same (rounded) inputs. The statistics the
gradient op reads are those of the forward op: computed here in float64 and
rounded to the accumulation type, or (the `pair` cases) returned by the
forward norm op in the same module. The `fd` cases also check dx of an f64
module against central finite differences of the float64 forward.

Comparison, per result: max |got - ref| <= tol * max(max |ref|, max |dy|),
with tol per element type (TOLERANCES).

  gradients.py --norm-run PATH --workdir DIR
"""

import argparse
import os
import re
import subprocess
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (from_storage, norm_ref, quantize, tensor_type,  # noqa
                     to_storage)

torch.set_default_dtype(torch.float64)
# The statistics of zero-size instances are NaN (0 / 0), as the ops' are.
warnings.filterwarnings("ignore", category=RuntimeWarning)
TOLERANCES = {"f64": 1e-10, "f32": 3e-5, "f16": 4e-3, "bf16": 3e-2}
EPS = 1e-5


def acc_of(element_type):
    return "f64" if element_type == "f64" else "f32"


def t(values):
    return torch.tensor(np.asarray(values, dtype=np.float64),
                        requires_grad=True)


class Case:
    def __init__(self, name, body, args, results):
        self.name, self.body, self.args, self.results = name, body, args, results

    def module(self):
        params = ", ".join("%%a%d: %s" % (i, ty)
                           for i, (_, _, ty) in enumerate(self.args))
        types = ", ".join(ty for (_, _, ty) in self.results)
        return ("func.func @main(%s) -> (%s) {\n%s  return %s : %s\n}\n" % (
            params, types, self.body, ", ".join(
                "%%r%d" % i for i in range(len(self.results))), types))


def names(prefix, n):
    return ", ".join("%%%s%d" % (prefix, i) for i in range(n))


#===-----------------------------------------------------------------------===#
# The forward ops in float64 (torch) and their statistics
#===-----------------------------------------------------------------------===#


def row_stats(x, axis):
    _, mean, inv_std_dev = norm_ref.layer_norm(x, None, None, axis, EPS)
    return mean, inv_std_dev


def rms_forward(x, w, axis):
    dims = tuple(range(axis, x.dim()))
    # The RMSNorm module code (LLaMA), over the dims [axis, rank).
    y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + EPS)
    return y * w if w is not None else y


def grads(y, inputs, dy):
    wanted = [i for i in inputs if i is not None]
    got = torch.autograd.grad(y, wanted, grad_outputs=torch.tensor(dy),
                              allow_unused=True)
    return [g.detach().numpy() if g is not None else np.zeros(i.shape)
            for g, i in zip(got, wanted)]


#===-----------------------------------------------------------------------===#
# Cases
#===-----------------------------------------------------------------------===#


def row_case(name, kind, shape, et, axis=-1, scale=True, mask=(True, True),
             dynamic=(), x=None, pair=False, rng=None):
    """layer_norm_grad (`kind` 'ln') or rms_norm_grad ('rms')."""
    rank = len(shape)
    axis = axis % rank
    x = quantize(rng.normal(0.5, 2.0, shape) if x is None else x, et)
    dy = quantize(rng.normal(0, 1, shape), et)
    w = quantize(rng.uniform(0.5, 1.5, shape[axis:]), et) if scale else None
    acc = acc_of(et)
    ty = tensor_type(shape, et, dynamic)
    sty = tensor_type(shape[:axis] + (1,) * (rank - axis), acc,
                      [d for d in dynamic if d < axis])
    pty = tensor_type(shape[axis:], et,
                      [d - axis for d in dynamic if d >= axis])
    attrs = " {axis = %d : i64}" % axis
    args = [(dy, et, ty), (x, et, ty)]
    xt, wt = t(x), (t(w) if scale else None)
    if kind == "ln":
        bt = t(np.zeros(shape[axis:])) if mask[1] else None
        y = F.layer_norm(xt, shape[axis:], wt, bt, EPS)
        mean, rstd = row_stats(x, axis)
        stats = [("mean", mean), ("inv_std_dev", rstd)]
        ref = grads(y, [xt, wt, bt], dy)
        dx, rest = ref[0], ref[1:]
        if not scale:
            rest = [np.zeros(shape[axis:])] + rest  # unused placeholder
        dscale, dbias = rest[0], rest[-1]
        outs = ["dscale"] * mask[0] + ["dbias"] * mask[1]
        want = [dscale] * mask[0] + [dbias] * mask[1]
        if kind == "ln" and not scale and mask[0]:
            # dscale without a scale: sum(dy * xhat), from autograd with w.
            w1 = t(np.ones(shape[axis:]))
            dscale = grads(F.layer_norm(t(x), shape[axis:], w1, None, EPS),
                           [w1], dy)[0]
            want[0] = dscale
    else:
        y = rms_forward(xt, wt, axis)
        _, inv_rms = norm_ref.rms_norm(x, None, axis, EPS)
        stats = [("inv_rms", inv_rms)]
        w1 = wt if scale else t(np.ones(shape[axis:]))
        y = rms_forward(xt, w1, axis)
        dx, dscale = grads(y, [xt, w1], dy)
        outs = ["dscale"] * mask[0]
        want = [dscale] * mask[0]
    op = "layer_norm_grad" if kind == "ln" else "rms_norm_grad"
    body = ""
    operands = " x(%%a1 : %s)" % ty
    if pair:
        fwd = "layer_norm" if kind == "ln" else "rms_norm"
        items = ", ".join(s for s, _ in stats)
        body += "  %%y, %s = norm.%s %%a1%s%s : %s -> %s\n" % (
            names("s", len(stats)), fwd,
            " scale(%%a2 : %s)" % pty if scale else "", attrs, ty, items)
        for i, (s, _) in enumerate(stats):
            operands += " %s(%%s%d : %s)" % (s, i, sty)
    else:
        for i, (s, value) in enumerate(stats):
            args.append((value, acc, sty))
            operands += " %s(%%a%d : %s)" % (s, len(args) - 1, sty)
    if scale:
        if not pair:
            args.append((w, et, pty))
            operands += " scale(%%a%d : %s)" % (len(args) - 1, pty)
        else:
            args.insert(2, (w, et, pty))
            operands += " scale(%%a2 : %s)" % pty
    results = [(dx, et, ty)] + [(v, et, pty) for v in want]
    body += "  %s = norm.%s %%a0%s%s : %s%s\n" % (
        names("r", len(results)), op, operands, attrs, ty,
        " -> " + ", ".join(outs) if outs else "")
    return Case(name, body, args, results)


def channel_case(name, kind, shape, et, groups=None, feature_axis=1,
                 training=True, mask=(True, True), dynamic=(), rng=None):
    """batch_norm_grad ('bn') or group_norm_grad ('gn')."""
    rank = len(shape)
    feature_axis = feature_axis % rank
    channels = shape[feature_axis]
    x = quantize(rng.normal(-1.0, 3.0, shape), et)
    dy = quantize(rng.normal(0, 1, shape), et)
    w = quantize(rng.uniform(0.5, 1.5, channels), et)
    acc = acc_of(et)
    ty = tensor_type(shape, et, dynamic)
    pty = tensor_type((channels,), et, (0,) if feature_axis in dynamic else ())
    xt, wt, bt = t(x), t(w), t(np.zeros(channels))
    if kind == "bn":
        _, mean, var = norm_ref.batch_norm_train(x, None, None, feature_axis,
                                                 EPS)
        if not training:  # Running statistics, constants of the forward op.
            mean = mean + rng.uniform(-0.5, 0.5, channels)
            var = var * rng.uniform(0.5, 2.0, channels)
        mean, var = quantize(mean, acc), quantize(var, acc)
        xm = xt.movedim(feature_axis, 1)
        y = F.batch_norm(xm, None if training else torch.tensor(mean),
                         None if training else torch.tensor(var), wt, bt,
                         training=training, eps=EPS).movedim(1, feature_axis)
        stats = [("mean", mean), ("var", var)]
        sty = tensor_type((channels,), acc)
        attrs = " {feature_axis = %d : i64%s}" % (
            feature_axis, "" if training else ", training = false")
    else:
        n = shape[0]
        _, mean, rstd = norm_ref.group_norm(x, None, None, groups, EPS)
        y = F.group_norm(xt, groups, wt, bt, EPS)
        stats = [("mean", mean), ("inv_std_dev", rstd)]
        sty = tensor_type((n, groups), acc)
        attrs = " {num_groups = %d : i64}" % groups
    dx, dscale, dbias = grads(y, [xt, wt, bt], dy)
    args = [(dy, et, ty), (x, et, ty)]
    operands = " x(%%a1 : %s)" % ty
    for s, value in stats:
        args.append((value, acc, sty))
        operands += " %s(%%a%d : %s)" % (s, len(args) - 1, sty)
    args.append((w, et, pty))
    operands += " scale(%%a%d : %s)" % (len(args) - 1, pty)
    outs = ["dscale"] * mask[0] + ["dbias"] * mask[1]
    want = [dscale] * mask[0] + [dbias] * mask[1]
    results = [(dx, et, ty)] + [(v, et, pty) for v in want]
    op = "batch_norm_grad" if kind == "bn" else "group_norm_grad"
    body = "  %s = norm.%s %%a0%s%s : %s%s\n" % (
        names("r", len(results)), op, operands, attrs, ty,
        " -> " + ", ".join(outs) if outs else "")
    return Case(name, body, args, results)


def finite_difference_dx(case, forward, x, dy, h=1e-6):
    """Replaces the reference dx of `case` by central finite differences of
    L(x) = sum(forward(x) * dy) in float64."""
    fd = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        fd[i] = ((forward(xp) * dy).sum() - (forward(xm) * dy).sum()) / (2 * h)
    case.results[0] = (fd, case.results[0][1], case.results[0][2])
    case.fd = True
    return case


def cases():
    rng = np.random.default_rng(15)
    out = []
    for et in ("f32", "f16", "bf16", "f64"):
        out.append(row_case("ln %s" % et, "ln", (5, 24), et, rng=rng))
        out.append(row_case("rms %s" % et, "rms", (5, 24), et, rng=rng))
        out.append(channel_case("bn %s" % et, "bn", (4, 3, 5), et, rng=rng))
        out.append(channel_case("gn %s" % et, "gn", (2, 6, 5), et, groups=3,
                                rng=rng))
    # Axes, masks, no scale, dynamic shapes.
    out.append(row_case("ln axis=1 rank 3 dynamic", "ln", (3, 4, 5), "f32",
                        axis=1, dynamic=(0, 1, 2), rng=rng))
    out.append(row_case("ln axis=0 no scale, dscale only", "ln", (3, 4),
                        "f32", axis=0, scale=False, mask=(True, False),
                        rng=rng))
    out.append(row_case("ln dbias only, dynamic rows", "ln", (7, 33), "f16",
                        mask=(False, True), dynamic=(0,), rng=rng))
    out.append(row_case("rms axis=1 no scale, dynamic", "rms", (2, 3, 8),
                        "f32", axis=1, scale=False, dynamic=(0, 2), rng=rng))
    out.append(row_case("rms dx only", "rms", (3, 16), "bf16", mask=(False,),
                        rng=rng))
    out.append(channel_case("bn channels-last dynamic", "bn", (3, 2, 4),
                            "f32", feature_axis=-1, dynamic=(0, 1, 2),
                            rng=rng))
    out.append(channel_case("bn inference", "bn", (4, 3, 2, 2), "f32",
                            training=False, rng=rng))
    out.append(channel_case("bn NCHW dx only", "bn", (2, 8, 3, 3), "f16",
                            mask=(False, False), rng=rng))
    out.append(channel_case("gn instance (G = C) dynamic", "gn", (2, 4, 3, 3),
                            "f32", groups=4, dynamic=(0, 1, 2, 3), rng=rng))
    out.append(channel_case("gn G = 1", "gn", (3, 4, 6), "bf16", groups=1,
                            rng=rng))
    # Zero-size dims, a constant row, rows far from 0.
    out.append(row_case("ln 0 rows", "ln", (0, 8), "f32", dynamic=(0,),
                        rng=rng))
    out.append(row_case("ln empty rows", "ln", (3, 0), "f32", rng=rng))
    out.append(channel_case("bn 0 batch", "bn", (0, 3, 2), "f32", rng=rng))
    const = np.full((4, 8), 3.25)
    out.append(row_case("ln constant rows", "ln", (4, 8), "f32", x=const,
                        rng=rng))
    far = np.array([[40000, 40001, 40002, 40003]] * 3, dtype=np.float64)
    out.append(row_case("ln [40000..40003]", "ln", (3, 4), "f32", x=far,
                        rng=rng))
    out.append(row_case("rms [40000..40003]", "rms", (3, 4), "f32", x=far,
                        rng=rng))
    # Forward and backward in one module.
    out.append(row_case("ln forward+backward", "ln", (6, 40), "f32",
                        pair=True, dynamic=(0,), rng=rng))
    out.append(row_case("rms forward+backward", "rms", (6, 40), "bf16",
                        pair=True, rng=rng))
    # Finite differences in float64.
    c = row_case("ln f64 vs finite differences", "ln", (3, 5), "f64",
                 rng=rng)
    x, dy, w = c.args[1][0], c.args[0][0], c.args[4][0]
    out.append(finite_difference_dx(
        c, lambda v: F.layer_norm(torch.tensor(v), (5,), torch.tensor(w),
                                  None, EPS).numpy(), x, dy))
    c = row_case("rms f64 vs finite differences", "rms", (3, 5), "f64",
                 rng=rng)
    x, dy, w = c.args[1][0], c.args[0][0], c.args[3][0]
    out.append(finite_difference_dx(
        c, lambda v: rms_forward(torch.tensor(v), torch.tensor(w),
                                 1).numpy(), x, dy))
    c = channel_case("bn f64 vs finite differences", "bn", (3, 2, 2), "f64",
                     rng=rng)
    x, dy, w = c.args[1][0], c.args[0][0], c.args[4][0]
    out.append(finite_difference_dx(
        c, lambda v: F.batch_norm(torch.tensor(v), None, None,
                                  torch.tensor(w), None, training=True,
                                  eps=EPS).numpy(), x, dy))
    c = channel_case("gn f64 vs finite differences", "gn", (2, 4, 2), "f64",
                     groups=2, rng=rng)
    x, dy, w = c.args[1][0], c.args[0][0], c.args[4][0]
    out.append(finite_difference_dx(
        c, lambda v: F.group_norm(torch.tensor(v), 2, torch.tensor(w), None,
                                  EPS).numpy(), x, dy))
    return out


def run(case, norm_run, directory, extra=()):
    os.makedirs(directory, exist_ok=True)
    model = os.path.join(directory, "model.mlir")
    with open(model, "w") as f:
        f.write("// %s\n%s" % (case.name, case.module()))
    command = [norm_run, model, "--function=main"] + list(extra)
    for i, (values, et, _) in enumerate(case.args):
        path = os.path.join(directory, "in%d.npy" % i)
        np.save(path, to_storage(values, et))
        command.append("--input=@" + path)
    outputs = []
    for i in range(len(case.results)):
        outputs.append(os.path.join(directory, "out%d.npy" % i))
        command.append("--output=@" + outputs[-1])
    process = subprocess.run(command, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    if process.returncode != 0:
        return False, "norm-run failed: %s\n    rerun: %s" % (
            process.stdout.strip()[-2000:], " ".join(command))
    worst, ok = 0.0, True
    for (ref, et, _), path in zip(case.results, outputs):
        got = from_storage(np.load(path), et)
        if got.shape != ref.shape:
            return False, "shape %s, expected %s" % (got.shape, ref.shape)
        if ref.size == 0:
            continue
        tol = 1e-6 if getattr(case, "fd", False) else TOLERANCES[et]
        # dy's magnitude as a floor: a gradient that cancels to ~0 (dscale
        # of constant rows) is judged in the units of dy.
        scale = max(np.abs(ref).max(), np.abs(case.args[0][0]).max(initial=0),
                    1e-30)
        error = np.abs(got - ref).max() / scale
        worst = max(worst, error)
        ok &= bool(np.isfinite(got).all() and error <= tol)
    message = "max normwise error %.3g" % worst
    if not ok:
        message += "\n    rerun: " + " ".join(command)
    return ok, message


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--norm-run", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--pipeline-options", default=None,
                        help="norm-cpu-pipeline options for every run")
    parser.add_argument("--match", default="",
                        help="run only the cases whose name matches this")
    options = parser.parse_args()
    extra = []
    if options.pipeline_options is not None:
        extra.append("--pipeline-options=" + options.pipeline_options)
    failed = 0
    all_cases = [c for c in cases() if re.search(options.match, c.name)]
    for i, case in enumerate(all_cases):
        ok, message = run(case, options.norm_run,
                          os.path.join(options.workdir, "%03d" % i), extra)
        print("%s: %s: %s" % ("PASS" if ok else "FAIL", case.name, message))
        failed += not ok
    print("%d of %d cases failed" % (failed, len(all_cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
