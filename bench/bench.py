#!/usr/bin/python3
"""CPU benchmark of norm-mlir's kernels against oneDNN, PyTorch, a plain C++
loop and memcpy.

Run through bench/run.sh, which installs the dependencies and builds the peer
driver first. For every op/dtype/layout/shape and thread count (1 and 2) it
times:

  ours     build/bin/norm-run on a generated .mlir (--benchmark-repetitions,
           --pipeline-options="num-threads=1", or OMP_NUM_THREADS=T with
           num-threads=0)
  onednn   bench/build/peers --impl=onednn   (oneDNN, OMP_NUM_THREADS=T)
  loop     bench/build/peers --impl=loop     (plain C++ + OpenMP)
  memcpy   bench/build/peers --impl=memcpy   (copy of the same bytes)
  pytorch  torch.nn.functional in this process, torch.set_num_threads(T)

all with the same method: one warm-up call, N timed calls, min and median.
GB/s = (input bytes + output bytes of the data tensor) / median, for every
implementation; parameters and statistics (O(hidden) or O(C)) are not counted.
Once per shape, our output (1 and 2 threads) is compared with PyTorch's f32
result; a mismatch marks the row WRONG.

Writes bench/results/cpu.md, cpu.png and cpu.json.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (BENCH_LINE, ROOT, bf16_bits_to_f32,  # noqa: E402
                    f32_to_bf16_bits, norm_run_command, parse_times, run_tool)
EPS = 1e-5

# The shapes.
ROW_SHAPES = [(32768, 768), (16384, 1024), (8192, 4096), (4096, 8192),
              (2048, 16384), (3136, 128), (512, 768)]
CACHE_RESIDENT = {(3136, 128), (512, 768)}
# Short rows (issue 16: ViT/Swin stages, e.g. Swin-T's first stage at batch
# 16, 50176 tokens of 96 channels): per-row overhead and the streaming
# decision dominate rows this short.
SHORT_ROW_SHAPES = [(50176, 96)]
BN_SHAPES = [(128, 64, 56, 56), (128, 256, 28, 28), (128, 512, 14, 14),
             (128, 2048, 7, 7)]
QUICK_ROW_SHAPES = [(512, 768), (2048, 1024)]
QUICK_BN_SHAPES = [(8, 64, 28, 28)]

IMPLS = ["ours", "onednn", "pytorch", "loop", "memcpy"]

# Our output against PyTorch's f32 result: max |ours - ref| / max |ref|.
TOLERANCE = {"f32": 1e-4, "bf16": 2e-2}


#===----------------------------------------------------------------------===#
# Cases
#===----------------------------------------------------------------------===#

class Case:
    """One op/dtype/layout/shape."""

    def __init__(self, op, dtype, shape, layout="-"):
        self.op, self.dtype, self.shape, self.layout = op, dtype, shape, layout

    @property
    def row_op(self):
        return self.op in ("layer_norm", "rms_norm")

    @property
    def elements(self):
        return int(np.prod(self.shape))

    @property
    def bytes(self):
        """Input + output bytes of the data tensor (the same for everyone)."""
        return 2 * self.elements * (2 if self.dtype == "bf16" else 4)

    @property
    def module_key(self):
        return f"{self.op}_{self.dtype}" + (
            "" if self.row_op else f"_{self.layout}")

    @property
    def label(self):
        return "x".join(map(str, self.shape))

    @property
    def group(self):
        """The table (and plot panel) the case belongs to."""
        if self.row_op:
            return f"{self.op} {self.dtype}"
        return f"{self.op} {self.layout}"

    @property
    def cache_resident(self):
        return self.row_op and tuple(self.shape) in CACHE_RESIDENT


def make_cases(quick, only):
    cases = []
    rows = QUICK_ROW_SHAPES if quick else ROW_SHAPES + SHORT_ROW_SHAPES
    bns = QUICK_BN_SHAPES if quick else BN_SHAPES
    for op in ("layer_norm", "rms_norm"):
        for dtype in ("f32", "bf16"):
            for shape in rows:
                cases.append(Case(op, dtype, shape))
    for op in ("batch_norm", "batch_norm_train"):
        for layout in ("nchw", "nhwc"):
            for shape in bns:
                cases.append(Case(op, "f32", shape, layout))
    if only:
        cases = [c for c in cases if re.search(only, f"{c.group} {c.label}")]
    return cases


#===----------------------------------------------------------------------===#
# Our modules and inputs
#===----------------------------------------------------------------------===#

def module_text(case):
    """A module with one dynamically shaped function `@bench`."""
    t = case.dtype
    if case.op == "layer_norm":
        return f"""func.func @bench(%x: tensor<?x?x{t}>, %g: tensor<?x{t}>,
                  %b: tensor<?x{t}>) -> tensor<?x?x{t}> {{
  %y = norm.layer_norm %x scale(%g : tensor<?x{t}>) bias(%b : tensor<?x{t}>)
      {{epsilon = 1.0e-05 : f32}} : tensor<?x?x{t}>
  return %y : tensor<?x?x{t}>
}}
"""
    if case.op == "rms_norm":
        return f"""func.func @bench(%x: tensor<?x?x{t}>, %g: tensor<?x{t}>)
    -> tensor<?x?x{t}> {{
  %y = norm.rms_norm %x scale(%g : tensor<?x{t}>) {{epsilon = 1.0e-05 : f32}}
      : tensor<?x?x{t}>
  return %y : tensor<?x?x{t}>
}}
"""
    axis = 1 if case.layout == "nchw" else 3
    x = f"tensor<?x?x?x?x{t}>"
    v = f"tensor<?x{t}>"
    if case.op == "batch_norm":
        return f"""func.func @bench(%x: {x}, %g: {v}, %b: {v}, %m: {v}, %v: {v})
    -> {x} {{
  %y = norm.batch_norm %x scale(%g : {v}) bias(%b : {v}) mean(%m : {v})
      var(%v : {v}) {{epsilon = 1.0e-05 : f32, feature_axis = {axis} : i64}}
      : {x}
  return %y : {x}
}}
"""
    # PyTorch's training step: batch statistics, unbiased running variance,
    # momentum 0.1 (0.9 in the ONNX convention of norm.batch_norm_train).
    return f"""func.func @bench(%x: {x}, %g: {v}, %b: {v}, %rm: {v}, %rv: {v})
    -> ({x}, {v}, {v}, {v}, {v}) {{
  %y, %bm, %bv, %nrm, %nrv = norm.batch_norm_train %x scale(%g : {v})
      bias(%b : {v}) running_mean(%rm : {v}) running_var(%rv : {v})
      {{epsilon = 1.0e-05 : f32, momentum = 0.9 : f32,
       unbiased_running_var = true, feature_axis = {axis} : i64}}
      : {x} -> batch_mean, batch_var, new_running_mean, new_running_var
  return %y, %bm, %bv, %nrm, %nrv : {x}, {v}, {v}, {v}, {v}
}}
"""


def make_inputs(case, rng):
    """The function's arguments as float32 arrays (bf16 already rounded) in
    norm-run's argument order, plus the storage arrays norm-run reads."""
    if case.row_op:
        rows, hidden = case.shape
        x = rng.standard_normal((rows, hidden), dtype=np.float32)
        x += np.float32(0.5)
        g = (1.0 + 0.25 * rng.standard_normal(hidden)).astype(np.float32)
        args = [x, g]
        if case.op == "layer_norm":
            args.append((0.25 * rng.standard_normal(hidden)).astype(np.float32))
    else:
        n, c, h, w = case.shape
        shape = (n, c, h, w) if case.layout == "nchw" else (n, h, w, c)
        x = rng.standard_normal(shape, dtype=np.float32)
        x *= np.float32(1.5)
        x += np.float32(0.3)
        g = (1.0 + 0.25 * rng.standard_normal(c)).astype(np.float32)
        b = (0.25 * rng.standard_normal(c)).astype(np.float32)
        m = (0.3 + 0.1 * rng.standard_normal(c)).astype(np.float32)
        v = (2.25 * (1.0 + 0.2 * rng.random(c))).astype(np.float32)
        args = [x, g, b, m, v]
    if case.dtype == "bf16":
        storage = [f32_to_bf16_bits(a) for a in args]
        args = [bf16_bits_to_f32(s).reshape(a.shape) for s, a in zip(storage, args)]
        return args, storage
    return args, args


#===----------------------------------------------------------------------===#
# Runners
#===----------------------------------------------------------------------===#

def run_ours(args, case, module, inputs, outputs, threads, reps):
    proc = run_tool(norm_run_command(args.norm_run, module, inputs, outputs,
                                     threads, reps, args.pipeline_options),
                    threads)
    times = parse_times(proc)
    if times is None:
        return {"status": "error",
                "note": (proc.stderr or proc.stdout).strip()[-300:]}
    return {"status": "ok", "min_ms": times[0], "median_ms": times[1]}


def run_peer(args, case, impl, threads, reps):
    cmd = [args.peers, f"--op={case.op}", f"--impl={impl}",
           f"--dtype={case.dtype}", f"--shape={case.label}", f"--reps={reps}"]
    if not case.row_op:
        cmd.append(f"--layout={case.layout}")
    proc = run_tool(cmd, threads)
    line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    status = re.search(r"status=(\S+)", line)
    if proc.returncode != 0 or not status:
        return {"status": "error",
                "note": (proc.stderr or proc.stdout).strip()[-300:]}
    note = re.search(r"note=(\S+)", line)
    result = {"status": status.group(1)}
    if note:
        result["note"] = note.group(1).replace("_", " ")
    if result["status"] == "ok":
        match = BENCH_LINE.search(line)
        result["min_ms"] = float(match.group(1))
        result["median_ms"] = float(match.group(2))
    return result


class Torch:
    """PyTorch CPU calls for the cases, on tensors sharing numpy's memory."""

    def __init__(self):
        import torch
        import torch.nn.functional as F
        self.torch, self.F = torch, F
        self.has_rms_norm = hasattr(F, "rms_norm")

    def tensors(self, case, storage):
        torch = self.torch
        if case.dtype == "bf16":
            ts = [torch.from_numpy(s.view(np.int16)).view(torch.bfloat16)
                  for s in storage]
        else:
            ts = [torch.from_numpy(s) for s in storage]
        if not case.row_op and case.layout == "nhwc":
            # (N, H, W, C) memory seen as a channels_last (N, C, H, W) tensor.
            ts[0] = ts[0].permute(0, 3, 1, 2)
        return ts

    def function(self, case, ts):
        """A zero-argument callable computing the op the way PyTorch users
        write it; returns the normalized tensor (N, C, H, W view for BN)."""
        torch, F = self.torch, self.F
        if case.op == "layer_norm":
            x, g, b = ts
            return lambda: F.layer_norm(x, (x.shape[-1],), g, b, EPS)
        if case.op == "rms_norm":
            x, g = ts
            if self.has_rms_norm:
                return lambda: F.rms_norm(x, (x.shape[-1],), g, EPS)

            def rms():
                # The usual module code (e.g. Llama's RMSNorm): statistics
                # in f32, the scale multiplied in the input dtype.
                xf = x.float()
                y = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + EPS)
                return y.to(x.dtype) * g
            return rms
        x, g, b, m, v = ts
        if case.op == "batch_norm":
            return lambda: F.batch_norm(x, m, v, g, b, False, 0.1, EPS)
        # Fresh running statistics per call are not needed for timing: the
        # update is O(C).
        rm, rv = m.clone(), v.clone()
        return lambda: F.batch_norm(x, rm, rv, g, b, True, 0.1, EPS)

    def time(self, fn, threads, reps):
        self.torch.set_num_threads(threads)
        fn()
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1e3)
        times.sort()
        return {"status": "ok", "min_ms": times[0],
                "median_ms": statistics.median(times)}

    def reference(self, case, args):
        """The op in f32 on the (bf16-rounded) inputs, as a numpy array in
        the storage layout of our output."""
        torch = self.torch
        ts = self.tensors(case.__class__(case.op, "f32", case.shape, case.layout),
                          [np.ascontiguousarray(a, dtype=np.float32) for a in args])
        torch.set_num_threads(os.cpu_count() or 1)
        if case.op == "rms_norm":
            x, g = ts
            xd = x.double()
            y = (xd * torch.rsqrt(xd.pow(2).mean(-1, keepdim=True) + EPS)
                 * g.double())
            return y.float().numpy()
        y = self.function(case.__class__(case.op, "f32", case.shape,
                                         case.layout), ts)()
        if not case.row_op and case.layout == "nhwc":
            y = y.permute(0, 2, 3, 1)
        return np.ascontiguousarray(y.numpy())


def relative_error(ours, ref):
    ours = ours.astype(np.float64, copy=False)
    ref = ref.astype(np.float64, copy=False)
    scale = float(np.max(np.abs(ref))) or 1.0
    return float(np.max(np.abs(ours - ref))) / scale


#===----------------------------------------------------------------------===#
# Compile time
#===----------------------------------------------------------------------===#

def median_time(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True)
        except OSError as error:  # e.g. the tool is being relinked
            return None, str(error)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            return None, proc.stderr.strip()[-300:]
    return statistics.median(times), ""


def measure_compile(args, workdir, runs):
    """norm-opt --norm-cpu-pipeline (norm IR -> LLVM dialect) and the whole
    norm-run process on a tiny input (parse + pipeline + LLVM -O3 JIT + run),
    median of `runs` process wall times."""
    ln = os.path.join(workdir, "compile_layer_norm.mlir")
    with open(ln, "w") as f:
        f.write(module_text(Case("layer_norm", "f32", (1, 1))))
    model = os.path.join(ROOT, "examples", "model.mlir")
    results = []
    for name, path in (("one layer_norm (f32, dynamic)", ln),
                       ("examples/model.mlir", model)):
        t, err = median_time([args.norm_opt, path, "--norm-cpu-pipeline",
                              "-o", os.devnull], runs)
        results.append({"what": name, "stage": "norm-opt --norm-cpu-pipeline",
                        "seconds": t, "error": err})
    tiny = ["--input=2x4xf32=1 2 3 4 5 6 7 8", "--input=4xf32=1 1 1 1",
            "--input=4xf32=0 0 0 0"]
    t, err = median_time([args.norm_run, ln, "--function=bench"] + tiny, runs)
    results.append({"what": "one layer_norm (f32, dynamic)",
                    "stage": "norm-run end to end (pipeline + LLVM JIT + tiny run)",
                    "seconds": t, "error": err})
    mi = os.path.join(ROOT, "examples", "inputs")
    if os.path.isdir(mi):
        names = ["x", "residual", "ln_scale", "ln_bias", "weight", "bn_scale",
                 "bn_bias", "bn_mean", "bn_var"]
        files = [os.path.join(mi, n + ".npy") for n in names]
        if all(os.path.exists(p) for p in files):
            t, err = median_time([args.norm_run, model, "--function=main"]
                                 + [f"--input=@{p}" for p in files], runs)
            results.append({"what": "examples/model.mlir",
                            "stage": "norm-run end to end (pipeline + LLVM JIT + tiny run)",
                            "seconds": t, "error": err})
    return results


#===----------------------------------------------------------------------===#
# Report
#===----------------------------------------------------------------------===#

def gbps(case, result):
    if result.get("status") != "ok" or not result.get("median_ms"):
        return None
    return case.bytes / (result["median_ms"] * 1e6)


def fmt(value, spec=".2f", none="n/a"):
    return none if value is None else format(value, spec)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def machine_info():
    info = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M %Z").strip()}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for key in ("Model name", "CPU(s)", "Thread(s) per core",
                    "L2 cache", "L3 cache", "Hypervisor vendor"):
            m = re.search(rf"^{re.escape(key)}:\s*(.+)$", lscpu, re.M)
            if m:
                info[key] = m.group(1).strip()
    except OSError:
        pass
    with open("/proc/meminfo") as f:
        info["memory"] = f"{int(f.readline().split()[1]) / 2**20:.1f} GiB"
    info["kernel"] = platform.release()
    try:
        rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain",
                                "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        info["norm-mlir"] = rev + (" + uncommitted changes" if dirty else "")
    except OSError:
        pass
    return info


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def target_rows(records, compile_results):
    """The issue's targets: (target, threads, measured, goal, where)."""
    def worst(pred, fn, threads):
        best = None
        for r in records:
            if not pred(r) or r["threads"] != threads:
                continue
            v = fn(r)
            if v is not None and (best is None or v < best[0]):
                best = (v, r["shape"])
        return best

    dram = lambda op, dtype=None: (lambda r: r["op"] == op and not r["cache_resident"]
                                   and (dtype is None or r["dtype"] == dtype))
    bn = lambda op: (lambda r: r["op"] == op)
    vs = lambda impl: (lambda r: ratio(r["gbps"].get("ours"), r["gbps"].get(impl)))
    rows = []
    for op in ("layer_norm", "rms_norm"):
        rows.append((f"{op} f32 vs oneDNN", 1, worst(dram(op, "f32"), vs("onednn"), 1), 1.10))
        rows.append((f"{op} f32 vs oneDNN", 2, worst(dram(op, "f32"), vs("onednn"), 2), 1.0))
        rows.append((f"{op} f32 vs memcpy", 2, worst(dram(op, "f32"), vs("memcpy"), 2), 0.90))
    for op in ("layer_norm", "rms_norm"):
        for t in (1, 2):
            rows.append((f"{op} bf16 vs memcpy", t, worst(dram(op, "bf16"), vs("memcpy"), t), 0.85))
    for t in (1, 2):
        rows.append(("batch_norm (inference) vs memcpy", t,
                     worst(bn("batch_norm"), vs("memcpy"), t), 0.85))
    for t in (1, 2):
        rows.append(("batch_norm_train vs memcpy", t,
                     worst(bn("batch_norm_train"), vs("memcpy"), t), 0.6))
        rows.append(("batch_norm_train vs oneDNN", t,
                     worst(bn("batch_norm_train"), vs("onednn"), t), 2.0))
    out = []
    for name, threads, measured, goal in rows:
        if measured is None:
            out.append((name, str(threads), f"≥ {goal:.2f}×", "n/a", "n/a", "-"))
            continue
        value, where = measured
        ok = value >= goal
        gap = "met" if ok else f"missed by {(goal - value) / goal * 100:.0f}% ({value:.2f}× of {goal:.2f}×)"
        out.append((name, str(threads), f"≥ {goal:.2f}×", f"{value:.2f}×", where,
                    gap))
    for c in compile_results:
        if c["seconds"] is None:
            continue
        ok = c["seconds"] < 0.5
        gap = "met" if ok else f"missed by {(c['seconds'] - 0.5) / 0.5 * 100:.0f}% ({c['seconds']:.2f} s)"
        out.append((f"compile: {c['what']} ({c['stage'].split(' (')[0]})", "-",
                    "< 0.5 s", f"{c['seconds']:.3f} s", "-", gap))
    return out


def write_markdown(path, info, records, compile_results, meta):
    lines = []
    lines.append("# CPU benchmark: norm-mlir vs oneDNN, PyTorch, plain C++, memcpy")
    lines.append("")
    lines.append(f"Generated by `bench/run.sh{' --quick' if meta['quick'] else ''}` "
                 f"on {info.get('date')}.")
    lines.append("")
    lines.append("| machine | |")
    lines.append("|---|---|")
    for key in ("Model name", "CPU(s)", "Thread(s) per core", "L2 cache",
                "L3 cache", "memory", "Hypervisor vendor", "kernel",
                "norm-mlir"):
        if key in info:
            lines.append(f"| {key} | {info[key]} |")
    for key, value in meta["versions"].items():
        lines.append(f"| {key} | {value} |")
    lines.append(f"| load average at start / end | {meta['load_start']} / {meta['load_end']} |")
    lines.append("")
    lines.append("Timings are medians of N runs after a warm-up, the same "
                 "method for every column (compare the load averages above: "
                 "a busy machine makes them noisy). "
                 "GB/s = (input + output bytes of the data tensor) / median "
                 "time, the same formula for every implementation; memcpy "
                 "copies the input's bytes (same read + write traffic). "
                 "`ours/X` are GB/s ratios (> 1: ours faster). "
                 "`err` is max|ours − PyTorch f32| / max|PyTorch| "
                 "(bf16: vs the f32 result on the bf16-rounded inputs); "
                 "`WRONG` marks a mismatch.")
    lines.append("")
    groups = []
    for r in records:
        if r["group"] not in groups:
            groups.append(r["group"])
    for group in groups:
        lines.append(f"## {group}")
        lines.append("")
        lines.append("| shape | thr | reps | ours ms | ours GB/s | oneDNN GB/s | PyTorch GB/s "
                     "| loop GB/s | memcpy GB/s | ours/oneDNN | ours/PyTorch "
                     "| ours/memcpy | err |")
        lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in records:
            if r["group"] != group:
                continue
            g = r["gbps"]
            shape = r["shape"] + (" (cache)" if r["cache_resident"] else "")
            err = fmt(r.get("error"), ".1e", "-")
            if r.get("wrong"):
                err += " WRONG"
            lines.append(
                f"| {shape} | {r['threads']} | {r['reps']} "
                f"| {fmt(r['results']['ours'].get('median_ms'), '.3f')} "
                f"| {fmt(g.get('ours'))} | {fmt(g.get('onednn'))} "
                f"| {fmt(g.get('pytorch'))} | {fmt(g.get('loop'))} "
                f"| {fmt(g.get('memcpy'))} "
                f"| {fmt(ratio(g.get('ours'), g.get('onednn')))} "
                f"| {fmt(ratio(g.get('ours'), g.get('pytorch')))} "
                f"| {fmt(ratio(g.get('ours'), g.get('memcpy')))} | {err} |")
        notes = sorted({f"{impl}: {res['note']}" for r in records if r["group"] == group
                        for impl, res in r["results"].items()
                        if res.get("status") != "ok" and res.get("note")})
        if notes:
            lines.append("")
            lines.extend(f"- n/a {n}" for n in notes)
        lines.append("")
    lines.append("## Compile time")
    lines.append("")
    lines.append(f"Median process wall time of {meta['compile_runs']} runs.")
    lines.append("")
    lines.append("| what | stage | seconds |")
    lines.append("|---|---|---|")
    for c in compile_results:
        lines.append(f"| {c['what']} | {c['stage']} | "
                     f"{fmt(c['seconds'], '.3f', 'error: ' + c['error'])} |")
    lines.append("")
    lines.append("## The issue's targets")
    lines.append("")
    lines.append("Worst case over the DRAM-sized shapes (LayerNorm/RMSNorm: "
                 "the cache-resident 3136x128 and 512x768 are excluded; "
                 "BatchNorm: both layouts, all shapes).")
    lines.append("")
    lines.append("| target | threads | goal | measured (worst) | at shape | status |")
    lines.append("|---|---|---|---|---|---|")
    for row in target_rows(records, compile_results):
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return "\n".join(lines)


def write_plot(path, records):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    groups = []
    for r in records:
        if r["group"] not in groups:
            groups.append(r["group"])
    threads = sorted({r["threads"] for r in records})
    fig, axes = plt.subplots(len(groups), len(threads), squeeze=False,
                             figsize=(7 * len(threads), 3.2 * len(groups)))
    colors = {"ours": "tab:red", "onednn": "tab:blue", "pytorch": "tab:orange",
              "loop": "tab:green", "memcpy": "tab:gray"}
    for gi, group in enumerate(groups):
        for ti, t in enumerate(threads):
            ax = axes[gi][ti]
            rows = [r for r in records if r["group"] == group and r["threads"] == t]
            labels = [r["shape"] for r in rows]
            width = 0.8 / len(IMPLS)
            for ii, impl in enumerate(IMPLS):
                values = [r["gbps"].get(impl) or 0.0 for r in rows]
                xs = [i + (ii - (len(IMPLS) - 1) / 2) * width for i in range(len(rows))]
                ax.bar(xs, values, width, label=impl, color=colors[impl])
            ax.set_xticks(range(len(rows)))
            ax.set_xticklabels(labels, rotation=20, fontsize=7)
            ax.set_ylabel("GB/s")
            ax.set_title(f"{group}, {t} thread{'s' if t > 1 else ''}", fontsize=9)
            ax.grid(axis="y", alpha=0.3)
            if gi == 0 and ti == 0:
                ax.legend(fontsize=7, ncol=5)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def replace_docs_section(doc_path, markdown):
    """Replaces the text between the BEGIN/END markers of docs/performance.md
    with the results (headings demoted one level)."""
    begin, end = "<!-- BEGIN bench/results/cpu.md -->", "<!-- END bench/results/cpu.md -->"
    with open(doc_path) as f:
        text = f.read()
    if begin not in text or end not in text:
        print(f"bench: no markers in {doc_path}; not updated", file=sys.stderr)
        return
    body = "\n".join(("#" + line) if line.startswith("#") else line
                     for line in markdown.splitlines()[1:])
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(doc_path, "w") as f:
        f.write(head + begin + "\n" + body.strip() + "\n" + end + tail)


#===----------------------------------------------------------------------===#
# Main
#===----------------------------------------------------------------------===#

def default_reps(case, quick):
    if quick:
        return 5
    # About 1.5 GB of traffic per implementation, between 10 and 200 calls.
    return int(min(200, max(10, 1.5e9 / case.bytes)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="a small subset (smoke test, well under a minute)")
    parser.add_argument("--only", default="",
                        help="regex on '<op> <dtype|layout> <shape>', e.g. "
                             "'layer_norm f32 8192x4096'")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--reps", type=int, default=0,
                        help="timed calls per measurement (default: by size)")
    parser.add_argument("--impls", default=",".join(IMPLS))
    parser.add_argument("--pipeline-options", default="",
                        help="extra norm-cpu-pipeline options for ours")
    parser.add_argument("--norm-run", default=os.path.join(ROOT, "build/bin/norm-run"))
    parser.add_argument("--norm-opt", default=os.path.join(ROOT, "build/bin/norm-opt"))
    parser.add_argument("--peers", default=os.path.join(ROOT, "bench/build/peers"))
    parser.add_argument("--results", default=os.path.join(ROOT, "bench/results"))
    parser.add_argument("--compile-runs", type=int, default=5)
    parser.add_argument("--update-docs", action="store_true",
                        help="also copy the tables into docs/performance.md")
    args = parser.parse_args()

    threads_list = [int(t) for t in args.threads.split(",")]
    impls = [i for i in args.impls.split(",") if i]
    cases = make_cases(args.quick, args.only)
    torch_runner = Torch()
    os.makedirs(args.results, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="norm-bench-")
    info = machine_info()
    peers_version = subprocess.run([args.peers, "--version"], capture_output=True,
                                   text=True).stdout.strip()
    meta = {"quick": args.quick, "load_start": loadavg(),
            "compile_runs": 3 if args.quick else args.compile_runs,
            "versions": {"oneDNN": peers_version,
                         "PyTorch": torch_runner.torch.__version__ +
                         (" (rms_norm: F.rms_norm)" if torch_runner.has_rms_norm
                          else " (no F.rms_norm: x·rsqrt(mean(x²)+eps)·w)"),
                         "numpy": np.__version__}}
    print(f"bench: {info.get('Model name')}, {info.get('CPU(s)')} CPUs, "
          f"load {meta['load_start']}; {len(cases)} cases x threads {threads_list}; "
          f"work dir {workdir}", flush=True)

    records = []
    modules = {}
    rng = np.random.default_rng(0)
    header = (f"{'case':<34} {'thr':>3} {'ours':>7} {'oneDNN':>7} {'torch':>7} "
              f"{'loop':>7} {'memcpy':>7}  {'o/dnn':>5} {'o/pt':>5} {'o/mc':>5}  err")
    print(header + "   (GB/s)", flush=True)
    try:
        for case in cases:
            if case.module_key not in modules:
                path = os.path.join(workdir, case.module_key + ".mlir")
                with open(path, "w") as f:
                    f.write(module_text(case))
                modules[case.module_key] = path
            module = modules[case.module_key]
            # One shape's data alive at a time.
            args_f32, storage = make_inputs(case, rng)
            inputs = []
            for i, s in enumerate(storage):
                p = os.path.join(workdir, f"in{i}.npy")
                np.save(p, s)
                inputs.append(p)
            n_out = 5 if case.op == "batch_norm_train" else 1
            reps = args.reps or default_reps(case, args.quick)
            ref = None
            if "ours" in impls:
                ref = torch_runner.reference(case, args_f32)
            torch_ts = torch_runner.tensors(case, storage)
            torch_fn = torch_runner.function(case, torch_ts)
            for threads in threads_list:
                outputs = [os.path.join(workdir, f"out{i}.npy") for i in range(n_out)]
                results = {}
                for impl in impls:
                    if impl == "ours":
                        results[impl] = run_ours(args, case, module, inputs,
                                                 outputs, threads, reps)
                    elif impl == "pytorch":
                        results[impl] = torch_runner.time(torch_fn, threads, reps)
                    else:
                        results[impl] = run_peer(args, case, impl, threads, reps)
                error = None
                if ref is not None and results["ours"]["status"] == "ok":
                    ours = np.load(outputs[0])
                    if case.dtype == "bf16":
                        ours = bf16_bits_to_f32(ours).reshape(ours.shape)
                    error = relative_error(ours, ref)
                    del ours
                for p in outputs:
                    if os.path.exists(p):
                        os.remove(p)
                g = {impl: gbps(case, res) for impl, res in results.items()}
                record = {"op": case.op, "dtype": case.dtype, "layout": case.layout,
                          "shape": case.label, "group": case.group,
                          "cache_resident": case.cache_resident,
                          "threads": threads, "reps": reps, "bytes": case.bytes,
                          "results": results, "gbps": g, "error": error,
                          "wrong": error is not None and error > TOLERANCE[case.dtype]}
                records.append(record)
                with open(os.path.join(args.results, "cpu.json.tmp"), "w") as f:
                    json.dump(records, f)
                print(f"{case.group + ' ' + case.label:<34} {threads:>3} "
                      + " ".join(f"{fmt(g.get(i), '.2f', '-'):>7}" for i in IMPLS)
                      + "  " + " ".join(f"{fmt(ratio(g.get('ours'), g.get(i)), '.2f', '-'):>5}"
                                        for i in ("onednn", "pytorch", "memcpy"))
                      + f"  {fmt(error, '.1e', '-')}"
                      + (" WRONG" if record["wrong"] else "")
                      + ("" if results.get("ours", {}).get("status", "ok") == "ok"
                         else f"  ours: {results['ours'].get('note', '')[:120]}"),
                      flush=True)
            del args_f32, storage, ref, torch_ts, torch_fn
            for p in inputs:
                os.remove(p)

        print("bench: compile time ...", flush=True)
        compile_results = measure_compile(args, workdir, meta["compile_runs"])
        for c in compile_results:
            print(f"  {c['what']:<32} {c['stage']:<56} "
                  f"{fmt(c['seconds'], '.3f', 'error ' + c['error'])} s", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    meta["load_end"] = loadavg()
    suffix = "-quick" if args.quick else ""
    md_path = os.path.join(args.results, f"cpu{suffix}.md")
    markdown = write_markdown(md_path, info, records, compile_results, meta)
    write_plot(os.path.join(args.results, f"cpu{suffix}.png"), records)
    with open(os.path.join(args.results, f"cpu{suffix}.json"), "w") as f:
        json.dump({"machine": info, "meta": meta, "records": records,
                   "compile": compile_results}, f, indent=1)
    print("\n".join(l for l in markdown.splitlines()
                    if l.startswith("| ") and ("target" in l or "≥" in l or "< 0.5" in l)))
    print(f"bench: wrote {md_path} and .png/.json (load average at end "
          f"{meta['load_end']})")
    if args.update_docs and not args.quick:
        replace_docs_section(os.path.join(ROOT, "docs", "performance.md"), markdown)
    if any(r["wrong"] for r in records):
        print("bench: WRONG results above (ours differs from PyTorch)", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
