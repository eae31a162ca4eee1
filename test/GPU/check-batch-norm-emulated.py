#!/usr/bin/env python3
"""Runs the batch_norm_train / batch_norm kernels of convert-norm-to-gpu in
simt-emulator.py (no GPU needed) and checks them against float64 NumPy.

For every case: writes a function, lowers it with
`norm-opt --convert-norm-to-gpu=<options> --mlir-print-op-generic`, emulates
the launches (which also checks bounds, races between blocks, barriers and
shuffles), and compares the output and the batch / running statistics with a
float64 reference, plus the exact cases of docs/numerics.md: a constant
channel gives its value as mean, variance 0 and exactly `bias` (epsilon = 0
too), an empty channel NaN statistics, m = 1 a NaN unbiased running variance.
Prints one line per case; exits with 1 when one fails.
"""

import argparse
import importlib.util
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import norm_reference as norm_ref  # noqa: E402
_spec = importlib.util.spec_from_file_location(
    "simt_emulator", os.path.join(HERE, "simt-emulator.py"))
emu = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(emu)
# The vector arithmetic of the channels-last inference kernel (vector
# constants, arith and math on vectors) needs check-row-norm-emulated.py's
# VectorMachine.
_spec = importlib.util.spec_from_file_location(
    "row_norm", os.path.join(HERE, "check-row-norm-emulated.py"))
rn = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rn)

F32_MOMENTUM = float(np.float32(0.9))


def tensor_type(shape, element, dynamic):
    dims = "x".join("?" if dynamic else str(d) for d in shape)
    return f"tensor<{dims}x{element}>" if shape else f"tensor<{element}>"


def train_function(shape, axis, element, acc, eps, running, dynamic):
    channels = shape[axis]
    xt = tensor_type(shape, element, dynamic)
    pt = tensor_type([channels], element, dynamic)
    st = tensor_type([channels], acc, dynamic)
    attrs = [f"epsilon = {eps:e} : f32", f"feature_axis = {axis} : i64"]
    if acc == "f64" and element != "f64":
        attrs.append("acc_type = f64")
    args = f"%x: {xt}, %g: {pt}, %b: {pt}"
    results = f"{xt}, {st}, {st}"
    names = "%y, %bm, %bv"
    run = ""
    new = ""
    if running:
        attrs += ["momentum = 0.9 : f32", "unbiased_running_var = true"]
        args += f", %m: {st}, %v: {st}"
        results += f", {st}, {st}"
        names += ", %rm, %rv"
        run = f" running_mean(%m : {st}) running_var(%v : {st})"
        new = ", new_running_mean, new_running_var"
    return f"""func.func @f({args}) -> ({results}) {{
  {names} = norm.batch_norm_train %x scale(%g : {pt}) bias(%b : {pt}){run}
      {{{", ".join(attrs)}}} : {xt} -> batch_mean, batch_var{new}
  return {names} : {results}
}}
"""


def inference_function(shape, axis, element, eps, dynamic):
    channels = shape[axis]
    xt = tensor_type(shape, element, dynamic)
    pt = tensor_type([channels], element, dynamic)
    return f"""func.func @f(%x: {xt}, %g: {pt}, %b: {pt}, %m: {pt}, %v: {pt}) -> {xt} {{
  %y = norm.batch_norm %x scale(%g : {pt}) bias(%b : {pt}) mean(%m : {pt}) var(%v : {pt})
      {{epsilon = {eps:e} : f32, feature_axis = {axis} : i64}} : {xt}
  return %y : {xt}
}}
"""


def as_element(array, element):
    if element == "bf16":
        return emu.round_bf16(np.asarray(array, dtype=np.float32))
    return np.asarray(array, dtype=emu.scalar_dtype(element))


def lower(norm_opt, source, options):
    flag = "--convert-norm-to-gpu" + (f"={options}" if options else "")
    return subprocess.run([norm_opt, "-", flag, "--mlir-print-op-generic"],
                          input=source, check=True, capture_output=True,
                          text=True).stdout


def reference_train(x, g, b, m, v, axis, eps, running):
    out = list(norm_ref.batch_norm_train(x, g, b, axis,
                                         float(np.float32(eps))))
    if running:
        count = x.size // x.shape[axis] if x.shape[axis] else 0
        out += norm_ref.running_statistics(m, v, out[1], out[2], count,
                                           F32_MOMENTUM, unbiased=True)
    return out


def close(got, want, tol):
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        return False, f"shape {got.shape} != {want.shape}"
    nan_ok = np.array_equal(np.isnan(got), np.isnan(want))
    if not nan_ok:
        return False, "NaN pattern differs"
    finite = ~np.isnan(want)
    err = np.abs(got - want)[finite]
    bound = (tol * (1 + np.abs(want)))[finite]
    worst = float(err.max()) if err.size else 0.0
    return bool((err <= bound).all()), f"max |error| {worst:.2e}"


class Runner:
    def __init__(self, norm_opt):
        self.norm_opt = norm_opt
        self.failures = 0
        self.rng = np.random.default_rng(1234)

    def report(self, name, ok, detail, checks):
        self.failures += not ok
        print(f"{name}: {'ok' if ok else 'FAILED'} ({detail}; "
              f"{checks['launches']} launches, {checks['barriers']} block "
              f"barriers, {checks['shuffles']} warp shuffles)", flush=True)

    def train(self, name, shape, axis=1, element="f32", acc="f32", eps=1e-5,
              running=True, dynamic=False, options="", x=None, exact=None):
        channels = shape[axis]
        if x is None:
            x = self.rng.standard_normal(shape) * 3 + 5
        x = as_element(x, element)
        g = as_element(self.rng.random(channels) + 0.5, element)
        b = as_element(self.rng.standard_normal(channels), element)
        m = as_element(self.rng.standard_normal(channels), acc)
        v = as_element(self.rng.random(channels) + 0.5, acc)
        source = train_function(shape, axis, element, acc, eps, running,
                                dynamic)
        try:
            text = lower(self.norm_opt, source, options)
            inputs = [x, g, b] + ([m, v] if running else [])
            got, checks = emu.run_function(text, "f", inputs)
        except (emu.EmulationError, subprocess.CalledProcessError) as e:
            self.report(name, False, f"error: {e}",
                        {"launches": 0, "barriers": 0, "shuffles": 0})
            return
        if "gpu.launch" not in text or text.count('"gpu.launch"') != 2:
            self.report(name, False, "not two gpu.launch", checks)
            return
        want = reference_train(x, g, b, m, v, axis, eps, running)
        tol_y = 2e-2 if element in ("bf16", "f16") else 1e-5
        tol_s = 1e-12 if acc == "f64" else 1e-5
        details = []
        ok = True
        for label, gv, wv, tol in zip(
                ["y", "mean", "var", "running_mean", "running_var"], got, want,
                [tol_y, tol_s, tol_s, tol_s, tol_s]):
            good, detail = close(gv, wv, tol)
            ok &= good
            if not good:
                details.append(f"{label}: {detail}")
        if exact:
            good, detail = exact(x, g, b, got)
            ok &= good
            details.append(detail)
        if ok and not details:
            details.append(close(got[0], want[0], tol_y)[1])
        self.report(name, ok, "; ".join(details), checks)

    def single(self, name, shape, axis=1, element="f32", eps=1e-5,
               running=True, options="", blocks=(1, 3, 64), x=None,
               exact=None):
        """The single-pass kernel (batch-norm-train-single-pass) with
        persistent-blocks = each of `blocks`: one launch with atomics, every
        result within the float64 reference's tolerance and bit-identical to
        the two launches of `options` (so independent of the grid)."""
        channels = shape[axis]
        if x is None:
            x = self.rng.standard_normal(shape) * 3 + 5
        x = as_element(x, element)
        g = as_element(self.rng.random(channels) + 0.5, element)
        b = as_element(self.rng.standard_normal(channels), element)
        m = as_element(self.rng.standard_normal(channels), "f32")
        v = as_element(self.rng.random(channels) + 0.5, "f32")
        source = train_function(shape, axis, element, "f32", eps, running,
                                False)
        inputs = [x, g, b] + ([m, v] if running else [])
        want = reference_train(x, g, b, m, v, axis, eps, running)
        tol_y = 2e-2 if element in ("bf16", "f16") else 1e-5
        total = {"launches": 0, "barriers": 0, "shuffles": 0}
        ok, details = True, []
        try:
            base, _ = emu.run_function(lower(self.norm_opt, source, options),
                                       "f", inputs)
            for count in blocks:
                text = lower(self.norm_opt, source,
                             f"{options} batch-norm-train-single-pass "
                             f"persistent-blocks={count}")
                if text.count('"gpu.launch"') != 1 or \
                        "memref.atomic_rmw" not in text:
                    ok = False
                    details.append(f"persistent-blocks={count}: not one "
                                   f"launch with atomics")
                    continue
                got, checks = emu.run_function(text, "f", inputs)
                for key in total:
                    total[key] += checks[key]
                for label, gv, wv, tol in zip(
                        ["y", "mean", "var", "running_mean", "running_var"],
                        got, want, [tol_y] + [1e-5] * 4):
                    good, detail = close(gv, wv, tol)
                    ok &= good
                    if not good:
                        details.append(f"{count} blocks, {label}: {detail}")
                same = all(np.array_equal(gv, bv, equal_nan=True)
                           for gv, bv in zip(got, base))
                ok &= same
                if not same:
                    details.append(f"{count} blocks: bits differ from the "
                                   f"two launches")
                if exact:
                    good, detail = exact(x, g, b, got)
                    ok &= good
                    details.append(detail)
        except (emu.EmulationError, subprocess.CalledProcessError) as e:
            self.report(name, False, f"error: {e}", total)
            return
        if ok:
            details.append(close(got[0], want[0], tol_y)[1] + "; the two "
                           "launches' bits for persistent-blocks " +
                           ", ".join(map(str, blocks)))
        self.report(name, ok, "; ".join(dict.fromkeys(details)), total)

    def fallback(self, name, shape, axis=1, options="", dynamic=False):
        """Shapes the single-pass kernel does not take: two launches."""
        self.train(name, shape, axis=axis, dynamic=dynamic,
                   options=f"{options} batch-norm-train-single-pass")

    def inference(self, name, shape, axis=1, element="f32", eps=1e-5,
                  dynamic=False, options="", exact=False):
        channels = shape[axis]
        x = as_element(self.rng.standard_normal(shape) * 2 + 1, element)
        g = as_element(self.rng.random(channels) + 0.5, element)
        b = as_element(self.rng.standard_normal(channels), element)
        m = as_element(self.rng.standard_normal(channels), element)
        v = as_element(self.rng.random(channels) + 0.1, element)
        if exact:  # x == mean everywhere in channel 0, var 0, epsilon 0
            index = [slice(None)] * len(shape)
            index[axis] = 0
            x[tuple(index)] = m[0]
            v[0] = 0
        source = inference_function(shape, axis, element, eps, dynamic)
        try:
            text = lower(self.norm_opt, source, options)
            (y,), checks = rn.run_function(text, "f", [x, g, b, m, v])
        except (emu.EmulationError, rn.emu.EmulationError,
                subprocess.CalledProcessError) as e:
            self.report(name, False, f"error: {e}",
                        {"launches": 0, "barriers": 0, "shuffles": 0})
            return
        a = axis % len(shape)
        want = norm_ref.batch_norm(x, g, b, m, v, axis,
                                   float(np.float32(eps)))
        ok, detail = close(y, want, 2e-2 if element == "bf16" else 1e-5)
        if exact:
            index = [slice(None)] * len(shape)
            index[a] = 0
            same = bool(np.all(y[tuple(index)] == b[0]))
            ok &= same
            detail += f"; constant channel gives bias exactly: {same}"
        self.report(name, ok, detail, checks)


def constant_channels(x, g, b, got):
    """Channel 0 is 40000.1, channel 1 is 0.1 (f32): exact mean, var 0, y = b."""
    y, mean, var = got[0], got[1], got[2]
    value0, value1 = np.float32(40000.1), np.float32(0.1)
    ok = (mean[0] == value0 and mean[1] == value1 and var[0] == 0 and
          var[1] == 0 and np.all(y[:, 0] == b[0]) and np.all(y[:, 1] == b[1]))
    return bool(ok), f"constant channels exact: {bool(ok)}"


def empty_channels(x, g, b, got):
    ok = all(np.all(np.isnan(s)) for s in got[1:])
    return ok, f"NaN statistics: {ok}"


def single_sample(x, g, b, got):
    y, mean, var, rm, rv = got
    ok = (np.array_equal(mean, x.reshape(-1)) and np.all(var == 0) and
          np.array_equal(y.reshape(-1), b) and np.all(np.isnan(rv)) and
          not np.any(np.isnan(rm)))
    return bool(ok), f"m = 1: y = bias, NaN running var: {bool(ok)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--norm-opt", required=True)
    args = parser.parse_args()
    r = Runner(args.norm_opt)

    # Two warps (one shared stage), 3 chunks per channel, B = 99 > threads
    # (the inner index wraps).
    r.train("nchw_f32", [4, 6, 9, 11], options="threads=64 blocks-per-channel=3")
    # Channels last (B = 1), the default schedule (auto P).
    r.train("nhwc_f32", [2, 5, 7, 12], axis=-1)
    # Dynamic sizes, one warp per block.
    r.train("dynamic_f32", [3, 4, 50], dynamic=True,
            options="threads=32 blocks-per-channel=2")
    # Dynamic sizes, the automatic P.
    r.train("dynamic_auto_f32", [16, 3, 40, 33], dynamic=True)
    # bf16 in and out, f32 statistics.
    r.train("nchw_bf16", [2, 3, 8, 8], element="bf16",
            options="threads=64 blocks-per-channel=2")
    # f64 statistics of f32 data, and f64 data.
    r.train("acc_f64", [3, 4, 5], acc="f64", options="threads=64")
    r.train("nchw_f64", [2, 3, 4, 5], element="f64", acc="f64",
            options="threads=128 blocks-per-channel=2")
    # B divides the block: the inner index is not tracked.
    r.train("inner_divides_threads", [5, 3, 16], options="threads=64")
    # More chunks than elements: empty partials in the merge.
    r.train("empty_chunks", [2, 3, 4], options="threads=32 blocks-per-channel=50",
            running=False)
    # AMD-like wave64 (two waves per block).
    r.train("wave64", [4, 3, 10, 10], options="threads=128 warp-size=64")
    # Constant channels, epsilon 0 and 1e-5.
    x = np.random.default_rng(7).standard_normal((4, 3, 6, 6))
    x[:, 0] = 40000.1
    x[:, 1] = 0.1
    r.train("constant_eps0", [4, 3, 6, 6], eps=0.0, x=x,
            options="threads=64 blocks-per-channel=4", exact=constant_channels)
    r.train("constant_eps", [4, 3, 6, 6], x=x, options="threads=64",
            exact=constant_channels)
    # Empty channels (N = 0): NaN statistics, NaN running statistics. A
    # static empty batch is a verifier error (docs/numerics.md); with dynamic
    # sizes the kernels still must not touch memory and give NaN.
    r.train("empty_batch", [0, 3, 4], options="threads=64", dynamic=True,
            exact=empty_channels)
    # m = 1: the unbiased running variance is 0 * 1 / 0 = NaN (a verifier
    # error for a static shape, so dynamic here).
    r.train("single_sample", [1, 3], options="threads=32", dynamic=True,
            exact=single_sample)
    # No channels at all.
    r.train("no_channels", [2, 0, 3], options="threads=32")

    # The grouped sweep: 16-byte vectors (4 f32) where B is a multiple of 4,
    # groups of 4 vectors, and the last, partial group of each thread.
    # B = 400 (B' = 100 vectors > threads: the inner index wraps), chunks of
    # 134 vectors: 4 or 5 per thread, a full group and a partial one.
    r.train("vector_tail", [4, 3, 20, 20],
            options="threads=32 blocks-per-channel=3")
    # B' = 32 = threads (no inner index), 4 vectors per thread: full groups
    # only, no partial group.
    r.train("vector_full_groups", [4, 2, 8, 16], options="threads=32")
    # B = 6: 2-element vectors.
    r.train("vector_width2", [5, 3, 2, 3], options="threads=32")
    # B = 49 (7x7): scalar groups of 8, 12 or 13 per thread.
    r.train("spatial7_scalar", [8, 4, 7, 7], options="threads=32")
    # vector-width=1 forces scalar groups where vectors would fit.
    r.train("forced_scalar", [4, 3, 20, 20],
            options="threads=32 blocks-per-channel=3 vector-width=1")
    # One channel, chunks of 96 vectors: 3 per thread (a partial group only).
    r.train("one_channel", [6, 1, 16, 16],
            options="threads=32 blocks-per-channel=4")
    # Channels last with full groups of 8 and a partial group of 7.
    r.train("nhwc_groups", [8, 6, 10, 5], axis=-1, options="threads=32")
    # 40000 + deltas: the groups' deviations from their first value are
    # exact, no difference of squares of raw values is formed.
    big = 40000 + np.random.default_rng(11).standard_normal((4, 3, 12, 12))
    r.train("large_mean_vector", [4, 3, 12, 12], x=big, options="threads=32")
    r.train("large_mean_scalar", [4, 3, 12, 12], x=big,
            options="threads=32 vector-width=1")
    # Constant channels through full and partial vector groups, epsilon 0.
    x = np.random.default_rng(8).standard_normal((6, 3, 8, 12))
    x[:, 0] = 40000.1
    x[:, 1] = 0.1
    r.train("constant_vector_eps0", [6, 3, 8, 12], eps=0.0, x=x,
            options="threads=32 blocks-per-channel=2",
            exact=constant_channels)

    # The single-pass kernel: one persistent launch, a grid barrier, the
    # same bits as the two launches for any grid. NCHW with scalar groups
    # (B = 99) and two warps (a shared stage, and a barrier between the
    # merges of a block's items), 18 items over 4 or 64 blocks (5 or
    # 1 items per block).
    r.single("single_nchw_f32", [4, 6, 9, 11], blocks=(4, 64),
             options="threads=64 blocks-per-channel=3 max-cached-vectors=64")
    # Vectors of 4 with a full and a partial group per thread (chunks of 134
    # vectors), one warp, 9 items.
    r.single("single_vector_tail", [4, 3, 20, 20], blocks=(2, 9),
             options="threads=32 blocks-per-channel=3 max-cached-vectors=64")
    # Channels last (B = 1), the automatic P.
    r.single("single_nhwc_f32", [2, 5, 7, 12], axis=-1, blocks=(5, 12),
             options="threads=32 max-cached-vectors=64")
    # bf16 and f16 (vectors of 8), no running statistics.
    r.single("single_nchw_bf16", [2, 3, 8, 8], element="bf16",
             running=False, blocks=(1, 6),
             options="threads=32 blocks-per-channel=2 max-cached-vectors=32")
    r.single("single_nchw_f16", [2, 3, 8, 8], element="f16", blocks=(3,),
             options="threads=64 blocks-per-channel=2")
    # Wave64.
    r.single("single_wave64", [4, 3, 10, 10], blocks=(3,),
             options="threads=128 warp-size=64")
    # Constant channels (40000.1 and 0.1), epsilon 0: exactly beta.
    x = np.random.default_rng(9).standard_normal((4, 3, 6, 6))
    x[:, 0] = 40000.1
    x[:, 1] = 0.1
    r.single("single_constant_eps0", [4, 3, 6, 6], eps=0.0, x=x,
             blocks=(2, 12), exact=constant_channels,
             options="threads=32 blocks-per-channel=4 max-cached-vectors=32")
    # What it does not take: dynamic sizes, no channels, a share larger than
    # the register cache.
    r.fallback("single_fallback_dynamic", [3, 4, 50], dynamic=True,
               options="threads=32")
    r.fallback("single_fallback_no_channels", [2, 0, 3], options="threads=32")
    r.fallback("single_fallback_uncached", [4, 3, 20, 20],
               options="threads=32 max-cached-vectors=2")

    r.inference("inference_nchw_f32", [4, 6, 9, 11],
                options="threads=64 blocks-per-channel=3")
    r.inference("inference_nhwc_bf16", [2, 5, 6, 8], axis=-1, element="bf16")
    r.inference("inference_dynamic_eps0", [3, 4, 20], eps=0.0, dynamic=True,
                options="threads=32", exact=True)
    # Vectors of 4 (B = 120), 3 or 4 per thread: full and partial groups.
    r.inference("inference_vector_tail", [8, 3, 10, 12],
                options="threads=32 blocks-per-channel=2")
    # bf16 vectors of 8 (B = 64), epsilon 0: channel 0 gives bias exactly.
    r.inference("inference_vector_bf16_eps0", [3, 2, 8, 8], element="bf16",
                eps=0.0, options="threads=32", exact=True)
    # 7x7: scalar groups of 8, 24 or 25 per thread.
    r.inference("inference_spatial7", [16, 3, 7, 7], options="threads=32")
    # B = 14: vectors of 2.
    r.inference("inference_width2", [6, 2, 2, 7], options="threads=32")
    # Channels last (feature axis the last dim): the coalesced elementwise
    # kernel, vectors of 4 (C = 12), 2 (C = 6) and 1 (C = 5, and dynamic),
    # partial last blocks, epsilon 0 with x == mean in channel 0.
    r.inference("inference_last_width4", [3, 7, 5, 12], axis=-1,
                options="threads=32")
    r.inference("inference_last_width2_eps0", [2, 9, 6], axis=2, eps=0.0,
                options="threads=32", exact=True)
    r.inference("inference_last_width1", [4, 3, 5], axis=-1,
                options="threads=32")
    r.inference("inference_last_dynamic_bf16", [3, 4, 16], axis=-1,
                element="bf16", dynamic=True, options="threads=32")
    return 1 if r.failures else 0


if __name__ == "__main__":
    sys.exit(main())
