#!/usr/bin/env python3
"""batch_norm_grad and group_norm_grad on the CPU: ours against oneDNN's
backward primitives, PyTorch and the memory roofline, in the same run.

Shapes: batch_norm_grad f32 on ResNet-50 activations, NCHW and NHWC
(32x256x56x56, 128x2048x7x7, 64x64x112x112), with dscale and dbias;
group_norm_grad f32 2x320x64x64, G = 32 (Stable Diffusion's UNet). For each
shape and thread count (method of bench.py: one warm-up call, N timed
calls; medians):

  ours     build/bin/norm-run on a statically shaped module
           (--pipeline-options="num-threads=1", or OMP_NUM_THREADS=T with
           num-threads=0)
  oneDNN   bench/build/peers --op=batch_norm_grad|group_norm_grad
           --impl=onednn (batch_normalization_backward, prop_kind::backward:
           diff_src, diff_scale, diff_shift; group_normalization_backward
           where the library has it)
  PyTorch  aten::native_batch_norm_backward / native_group_norm_backward
           (what autograd calls) in this process, channels_last tensors for
           NHWC, torch.set_num_threads(T)
  memcpy   bench/build/peers --impl=memcpy, a copy of one tensor (reads +
           writes = 2 tensors): the bandwidth B

GB/s counts 3 tensors (dy and x read, dx written once: the least any
backward moves). The roofline column is 3 tensors / B: what the kernel takes
if both dy and x are read from memory once. A kernel whose channel's dy and
x (N x H x W x 8 bytes) do not fit in cache reads them twice (5 tensors):
the 5-tensor bound is 5/3 of the roofline column. Our dx, dscale and dbias
are checked against PyTorch's.

  /usr/bin/python3 bench/batch_norm_grad.py [--only REGEX] [--reps N]
      [--threads 1,2] [--output bench/results/batch_norm_grad.md]
      [--pipeline-options "..."]
"""

import argparse
import os
import re
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

# (op, layout, shape, groups)
CASES = [
    ("batch_norm_grad", "nchw", (32, 256, 56, 56), None),
    ("batch_norm_grad", "nchw", (128, 2048, 7, 7), None),
    ("batch_norm_grad", "nchw", (64, 64, 112, 112), None),
    ("batch_norm_grad", "nhwc", (32, 256, 56, 56), None),
    ("batch_norm_grad", "nhwc", (128, 2048, 7, 7), None),
    ("batch_norm_grad", "nhwc", (64, 64, 112, 112), None),
    ("group_norm_grad", "nchw", (2, 320, 64, 64), 32),
]
EPS = 1e-5


def module_text(op, layout, shape, groups):
    if layout == "nhwc":
        shape = (shape[0], shape[2], shape[3], shape[1])
    ty = "tensor<%sxf32>" % "x".join(map(str, shape))
    c = shape[-1] if layout == "nhwc" else shape[1]
    pty = "tensor<%dxf32>" % c
    if op == "batch_norm_grad":
        axis = -1 if layout == "nhwc" else 1
        body = ("  %%dx, %%dg, %%db = norm.batch_norm_grad %%dy x(%%x : %s)"
                " mean(%%m : %s) var(%%v : %s) scale(%%g : %s)"
                " {feature_axis = %d : i64} : %s -> dscale, dbias\n"
                % (ty, pty, pty, pty, axis, ty))
        sty = pty
    else:
        sty = "tensor<%dx%dxf32>" % (shape[0], groups)
        body = ("  %%dx, %%dg, %%db = norm.group_norm_grad %%dy x(%%x : %s)"
                " mean(%%m : %s) inv_std_dev(%%v : %s) scale(%%g : %s)"
                " {num_groups = %d : i64} : %s -> dscale, dbias\n"
                % (ty, sty, sty, pty, groups, ty))
    return ("func.func @bench(%%dy: %s, %%x: %s, %%m: %s, %%v: %s, %%g: %s)"
            " -> (%s, %s, %s) {\n%s  return %%dx, %%dg, %%db : %s, %s, %s\n}\n"
            % (ty, ty, sty, sty, pty, ty, pty, pty, body, ty, pty, pty))


def run_peer(peers, args, threads):
    if not os.path.exists(peers):
        return None, "no peers binary"
    proc = common.run_tool([peers] + args, threads)
    times = common.parse_times(proc, require_ok=True)
    if times is None:
        note = re.search(r"note=(\S+)", proc.stdout)
        return None, note.group(1) if note else proc.stderr.strip()[-200:]
    return times[1], ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="")
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--output", default="")
    parser.add_argument("--pipeline-options", default="",
                        help="more norm-cpu-pipeline options for ours")
    parser.add_argument("--norm-run", default=common.DEFAULT_NORM_RUN)
    parser.add_argument("--peers", default=common.DEFAULT_PEERS)
    args = parser.parse_args()
    import torch

    work = tempfile.mkdtemp(prefix="norm-bn-grad-bench-")
    rng = np.random.default_rng(0)
    rows = []
    for op, layout, shape, groups in CASES:
        label = "%s f32 %s %s" % (op, layout.upper(), "x".join(map(str, shape)))
        if groups:
            label += " G=%d" % groups
        if args.only and not re.search(args.only, label):
            continue
        n, c, h, w = shape
        module = os.path.join(work, "bench.mlir")
        with open(module, "w") as f:
            f.write(module_text(op, layout, shape, groups))
        x = rng.standard_normal(shape, dtype=np.float32) * np.float32(1.5)
        x += np.float32(0.3)
        dy = rng.standard_normal(shape, dtype=np.float32)
        g = (1.0 + 0.25 * rng.standard_normal(c)).astype(np.float32)
        tx, tdy, tg = (torch.from_numpy(a) for a in (x, dy, g))
        if op == "batch_norm_grad":
            mean = x.mean(axis=(0, 2, 3), dtype=np.float64)
            var = x.var(axis=(0, 2, 3), dtype=np.float64)
            mean, var = mean.astype(np.float32), var.astype(np.float32)
            invstd = (1.0 / np.sqrt(var.astype(np.float64) + EPS)).astype(
                np.float32)
            stats = [mean, var]
            if layout == "nhwc":
                tx = tx.contiguous(memory_format=torch.channels_last)
                tdy = tdy.contiguous(memory_format=torch.channels_last)
            tm, ti = torch.from_numpy(mean), torch.from_numpy(invstd)
            torch_fn = lambda: torch.ops.aten.native_batch_norm_backward(  # noqa
                tdy, tx, tg, None, None, tm, ti, True, EPS,
                [True, True, True])
        else:
            xg = x.reshape(n, groups, -1).astype(np.float64)
            mean = xg.mean(axis=2).astype(np.float32)
            rstd = (1.0 / np.sqrt(xg.var(axis=2) + EPS)).astype(np.float32)
            stats = [mean, rstd]
            tm, tr = torch.from_numpy(mean), torch.from_numpy(rstd)
            torch_fn = lambda: torch.ops.aten.native_group_norm_backward(  # noqa
                tdy, tx, tm, tr, tg, n, c, h * w, groups, [True, True, True])
        torch.set_num_threads(2)
        ref = [t.contiguous().numpy() if t is not None else None
               for t in torch_fn()]
        ours_layout = (lambda a: np.ascontiguousarray(a.transpose(0, 2, 3, 1))) \
            if layout == "nhwc" else (lambda a: a)
        inputs = []
        for i, a in enumerate([ours_layout(dy), ours_layout(x)] + stats + [g]):
            inputs.append(os.path.join(work, "in%d.npy" % i))
            np.save(inputs[-1], a)
        outputs = [os.path.join(work, "out%d.npy" % i) for i in range(3)]
        tensor_bytes = x.size * 4
        moved = 3 * tensor_bytes
        peer_args = ["--op=" + op, "--impl=onednn", "--layout=" + layout,
                     "--shape=" + "x".join(map(str, shape)),
                     "--reps=%d" % args.reps]
        if groups:
            peer_args.append("--groups=%d" % groups)
        for threads in [int(t) for t in args.threads.split(",")]:
            ours = common.run_norm_run(args.norm_run, module, inputs,
                                       outputs, threads, args.reps,
                                       args.pipeline_options)[1]
            got = [np.load(p) for p in outputs]
            if layout == "nhwc":
                got[0] = got[0].transpose(0, 3, 1, 2)
            for name, a, b in zip(("dx", "dscale", "dbias"), got, ref):
                err = float(np.max(np.abs(a - b))) / max(
                    float(np.max(np.abs(b))), 1e-30)
                if err > 1e-3:
                    print("WRONG %s %s: relative error %.3g" % (label, name,
                                                                err))
                    return 2
            dnnl, note = run_peer(args.peers, peer_args, threads)
            pt = common.time_torch(torch, torch_fn, threads, args.reps)[1]
            copy, _ = run_peer(args.peers, [
                "--op=layer_norm", "--impl=memcpy", "--dtype=f32",
                "--shape=%dx%d" % (n * c, h * w), "--reps=%d" % args.reps],
                threads)
            roof = 1.5 * copy if copy else None  # 3 tensors at 2 / copy
            gbps = lambda t: moved / (t * 1e-3) / 1e9  # noqa: E731
            cell = lambda t: "%.2f (%.1f)" % (t, gbps(t)) if t else \
                "n/a"  # noqa: E731
            ratio = lambda t: "%.2f" % (t / ours) if t else "n/a"  # noqa
            row = "| %s | %d | %s | %s | %s | %s | %s | %s | %s |" % (
                label, threads, cell(ours),
                cell(dnnl) if dnnl else "n/a (%s)" % note, cell(pt),
                cell(roof), ratio(dnnl), ratio(pt),
                "%.2f" % (roof / ours) if roof else "n/a")
            print(row, flush=True)
            rows.append(row)
    header = ["| case | threads | ours ms (GB/s) | oneDNN ms (GB/s) | "
              "PyTorch ms (GB/s) | roofline ms (GB/s) | ours/oneDNN | "
              "ours/PyTorch | ours/roofline |",
              "|---|---|---|---|---|---|---|---|---|"]
    print()
    print("\n".join(header + rows))
    if args.output:
        with open(args.output, "w") as f:
            f.write("\n".join(header + rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
