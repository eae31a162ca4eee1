#!/usr/bin/env python3
"""Execution tests of the norm ops on the CPU.

For every case of a suite the harness writes a one-function MLIR module, random
inputs as .npy files, runs `norm-run` on them (norm-cpu-pipeline + JIT) and
compares every result with an independent float64 NumPy reference written from
the op definitions in NormOps.td. The references below are the spec.

Usage (from the lit tests in this directory):
  harness.py --suite layer_norm --norm-run PATH/norm-run --workdir DIR

Prints one PASS/FAIL line per case with the worst error, then
'N passed, M failed', and exits non-zero when a case failed.

Comparison. A result `got` matches its reference `ref` when, elementwise,
    |got - ref| <= atol + rtol * scale,
where (rtol, atol) belong to the result's element type (TOLERANCES) and
`scale` is the magnitude of the terms the result is computed from: for a
normalized output y = xhat * scale + bias it is |xhat * scale| + |bias| (an
O(1) quantity, so a y that cancels to ~0 is judged in the units of the
output), for a mean it is mean(|x|), otherwise |ref|. NaN/Inf must appear
exactly where the reference has them. Results marked `exact` must match the
expected value bit for bit.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import norm_reference as norm_ref  # noqa: E402

#===-----------------------------------------------------------------------===#
# Element types
#===-----------------------------------------------------------------------===#

ELEMENT_TYPES = ("f16", "bf16", "f32", "f64")

# (rtol, atol) per element type of a result.
#  f64: a few hundred ulps.   f32: ~100 ulps, enough for sums of 4097 terms.
#  f16 / bf16: PyTorch's defaults for those types (half an ulp of the output
#  is 4.9e-4 for f16 and 3.9e-3 for bf16).
TOLERANCES = {
    "f64": (1e-12, 1e-12),
    "f32": (1e-5, 1e-6),
    "f16": (1e-3, 1e-3),
    "bf16": (1.6e-2, 1e-5),
}

# An f32 result computed entirely in f64 (acc_type = f64) and rounded once:
# at most half an ulp, so 2 ulps is already loose.
F32_FROM_F64 = (2.4e-7, 1e-12)


def f32_to_bf16_bits(values):
    """Rounds float32 values to bf16 (round to nearest, ties to even) and
    returns the raw bf16 bits as uint16."""
    bits = np.atleast_1d(np.asarray(values, dtype=np.float32)).view(np.uint32)
    half, shift, one = np.uint32(0x7FFF), np.uint32(16), np.uint32(1)
    rounded = (bits + half + ((bits >> shift) & one)) >> shift
    return rounded.astype(np.uint16).reshape(np.shape(values))


def bf16_bits_to_f32(bits):
    """Widens raw bf16 bits (uint16) to float32 exactly."""
    wide = np.atleast_1d(np.asarray(bits, dtype=np.uint16)).astype(np.uint32)
    return (wide << np.uint32(16)).view(np.float32).reshape(np.shape(bits))


def to_storage(values, element_type):
    """The array norm-run reads for `element_type` ('<u2' bits for bf16)."""
    if element_type == "bf16":
        return f32_to_bf16_bits(np.asarray(values, dtype=np.float32))
    return np.asarray(values, dtype={"f16": np.float16, "f32": np.float32,
                                     "f64": np.float64}[element_type])


def from_storage(array, element_type):
    """Values of a stored array as float64."""
    if element_type == "bf16":
        return bf16_bits_to_f32(array).astype(np.float64)
    return np.asarray(array).astype(np.float64)


def quantize(values, element_type):
    """`values` rounded to `element_type`, as float64."""
    return from_storage(to_storage(values, element_type), element_type)


def bits_of(array, element_type):
    """The raw bits of a stored array, for bitwise comparison."""
    array = to_storage(from_storage(array, element_type), element_type)
    return array.view({2: np.uint16, 4: np.uint32, 8: np.uint64}[
        array.dtype.itemsize])


#===-----------------------------------------------------------------------===#
# Float64 references (the spec)
#===-----------------------------------------------------------------------===#


class Ref:
    """A reference result: `value` (float64), the magnitude `scale` its error
    is judged against (defaults to |value|), and whether it must be `exact`:
    True for bit for bit, "value" for equal values (+0 == -0)."""

    def __init__(self, value, scale=None, exact=False):
        self.value = np.asarray(value, dtype=np.float64)
        self.scale = np.abs(self.value) if scale is None else np.asarray(scale)
        self.exact = exact


def _mean(x, dims):
    return norm_ref.mean(x, dims)


def _affine(xhat, scale, bias):
    """y = xhat * scale + bias, and its error scale |xhat * scale| + |bias|."""
    scaled = xhat if scale is None else xhat * scale
    y = norm_ref.affine(xhat, scale, bias)
    magnitude = np.abs(scaled) + (0 if bias is None else np.abs(bias))
    return y, magnitude


_channel_view = norm_ref.channel_view


def ref_layer_norm(x, scale, bias, axis, epsilon):
    """LayerNorm over the dims [axis, rank) (norm_reference.layer_norm).
    scale/bias are shaped x.shape[axis:]; mean and inv_std_dev keep the
    reduced dims as 1 (ONNX layout). Returns (y, mean, inv_std_dev)."""
    xhat, mean, inv_std_dev = norm_ref.layer_norm(x, None, None, axis,
                                                  epsilon, guard=False)
    y, magnitude = _affine(xhat, scale, bias)
    return (Ref(y, magnitude),
            Ref(mean, _mean(np.abs(x), norm_ref.row_dims(x, axis))),
            Ref(inv_std_dev))


def ref_rms_norm(x, scale, axis, epsilon):
    """RMSNorm over the dims [axis, rank) (norm_reference.rms_norm).
    Returns (y, inv_rms), inv_rms with the reduced dims kept as 1."""
    xhat, inv_rms = norm_ref.rms_norm(x, None, axis, epsilon,
                                      guard=False)
    y, magnitude = _affine(xhat, scale, None)
    return Ref(y, magnitude), Ref(inv_rms)


def ref_batch_norm(x, scale, bias, mean, var, feature_axis, epsilon):
    """BatchNorm with given statistics (norm_reference.batch_norm)."""
    axis = feature_axis % x.ndim
    view = lambda v: _channel_view(v, x.ndim, axis)
    xhat = norm_ref.batch_norm(x, None, None, mean, var, axis, epsilon,
                               guard=False)
    y, magnitude = _affine(xhat, view(scale), view(bias))
    return (Ref(y, magnitude),)


def ref_batch_norm_train(x, scale, bias, running_mean, running_var,
                         feature_axis, epsilon, momentum, unbiased):
    """BatchNorm with batch statistics over every dim but feature_axis
    (norm_reference.batch_norm_train) and, when running statistics are
    given, their momentum update (norm_reference.running_statistics; with
    `unbiased` the PyTorch update). Returns (y, batch_mean, batch_var[,
    new_mean, new_var])."""
    axis = feature_axis % x.ndim
    dims = norm_ref.channel_dims(x, axis)
    m = x.size // max(x.shape[axis], 1) if x.shape[axis] else 0
    xhat, mean, var = norm_ref.batch_norm_train(x, None, None, axis, epsilon,
                                                guard=False)
    view = lambda v: _channel_view(v, x.ndim, axis)
    y, magnitude = _affine(xhat, view(scale), view(bias))
    results = [Ref(y, magnitude),
               Ref(mean, _mean(np.abs(x), dims).reshape(-1)), Ref(var)]
    if running_mean is not None:
        keep, take = momentum, 1.0 - momentum
        new_mean, new_var = norm_ref.running_statistics(
            running_mean, running_var, mean, var, m, momentum, unbiased)
        results.append(Ref(new_mean, np.abs(running_mean * keep) +
                           np.abs(mean * take)))
        results.append(Ref(new_var))
    return tuple(results)


def ref_group_norm(x, scale, bias, num_groups, epsilon):
    """GroupNorm of an (N, C, ...) input (norm_reference.group_norm).
    Returns (y, mean, inv_std_dev), the statistics shaped (N, G)."""
    xhat, mean, inv_std_dev = norm_ref.group_norm(x, None, None, num_groups,
                                                  epsilon, guard=False)
    view = lambda v: _channel_view(v, x.ndim, 1)
    y, magnitude = _affine(xhat, view(scale), view(bias))
    mean_scale = _mean(np.abs(norm_ref.grouped(x, num_groups)), (2,))
    return (Ref(y, magnitude), Ref(mean, mean_scale[..., 0]),
            Ref(inv_std_dev))


def ref_instance_norm(x, scale, bias, epsilon):
    """InstanceNorm of an (N, C, ...) input (norm_reference.instance_norm)."""
    view = lambda v: _channel_view(v, x.ndim, 1)
    y, magnitude = _affine(norm_ref.instance_norm(x, None, None, epsilon,
                                                  guard=False),
                           view(scale), view(bias))
    return (Ref(y, magnitude),)


#===-----------------------------------------------------------------------===#
# Cases: one MLIR function, its inputs and its reference results
#===-----------------------------------------------------------------------===#


def tensor_type(shape, element_type, dynamic=()):
    """`tensor<2x?x4xf32>`; dims whose index is in `dynamic` are '?'."""
    dims = ["?" if i in dynamic else str(d) for i, d in enumerate(shape)]
    return "tensor<" + "".join(d + "x" for d in dims) + element_type + ">"


def f32_attr(value):
    """`value` as the f32 attribute the ops take, and its exact f32 value."""
    value32 = float(np.float32(value))
    return "%.9e : f32" % value32, value32


def f64_attr(value):
    """`value` as an f64 attribute (stated exactly), and its value."""
    value64 = float(value)
    return "%.17e : f64" % value64, value64


def all_dims(rank, dynamic):
    return tuple(range(rank)) if dynamic else ()


# The error of batch_norm_train without an element per channel: the run-time
# check's message, or the verifier's for static shapes.
ZERO_PER_CHANNEL = r"norm.batch_norm_train.*(0 elements per channel|per channel)"


class Case:
    """One function @main(args) -> results run by norm-run.

    `args`: list of (float64 values, element type, MLIR type).
    `results`: list of (Ref, element type, MLIR type)."""

    def __init__(self, name, op_text, args, results, tolerance=None):
        self.name = name
        self.args = args
        self.results = results
        self.op_text = op_text
        # Overrides TOLERANCES for every result when given.
        self.tolerance = tolerance
        # A regex the output must match when the program must be rejected
        # (norm-run exits with 1: a verifier or run-time check error).
        self.expect_error = None
        self.outputs = None  # float64 results once run

    def module(self):
        params = ", ".join("%%arg%d: %s" % (i, t)
                           for i, (_, _, t) in enumerate(self.args))
        result_types = ", ".join(t for _, _, t in self.results)
        names = ", ".join("%%r%d" % i for i in range(len(self.results)))
        return ("func.func @main(%s) -> (%s) {\n  %s = %s\n"
                "  return %s : %s\n}\n" % (params, result_types, names,
                                          self.op_text, names, result_types))


def _attrs(**attrs):
    items = ["%s = %s" % (k, v) for k, v in attrs.items() if v is not None]
    return "{" + ", ".join(items) + "}" if items else ""


def _acc_attr(acc):
    return None if acc is None else acc


def _stats_type(element_type, acc):
    return acc or ("f64" if element_type == "f64" else "f32")


class Random:
    """Seeded inputs, rounded to the element type they are passed in."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def normal(self, shape, element_type, loc=0.0, std=1.0):
        return quantize(self.rng.normal(loc, std, size=shape), element_type)

    def uniform(self, shape, element_type, low, high):
        return quantize(self.rng.uniform(low, high, size=shape), element_type)

    def gamma(self, shape, element_type):
        """Scales of either sign, |scale| in [0.5, 1.5]."""
        magnitude = self.rng.uniform(0.5, 1.5, size=shape)
        sign = np.where(self.rng.random(size=shape) < 0.2, -1.0, 1.0)
        return quantize(magnitude * sign, element_type)


def _result_items(items):
    """The `-> a, b(T)` list of the statistics results, or '' for none."""
    return " -> " + ", ".join(items) if items else ""


def _residual_sum(x, residual, element_type):
    """The tensor a row norm with `residual` normalizes: x + residual rounded
    once to the element type (the `sum` result, bit for bit)."""
    return quantize(x + residual, element_type)


def _add_residual(text, args, residual, element_type, x_type):
    """Appends the `residual` operand group (right after the input)."""
    if residual is None:
        return text
    args.append((residual, element_type, x_type))
    return text + " residual(%%arg%d : %s)" % (len(args) - 1, x_type)


def layer_norm_case(name, x, element_type, axis=-1, scale=None, bias=None,
                    mean=False, inv_std_dev=False, epsilon=1e-5, acc=None,
                    dynamic=False, exact_bias=False, residual=None,
                    sum_result=False):
    rank = x.ndim
    norm_axis = axis % rank
    dyn = all_dims(rank, dynamic)
    x_type = tensor_type(x.shape, element_type, dyn)
    param_shape = x.shape[norm_axis:]
    param_type = tensor_type(param_shape, element_type,
                             all_dims(len(param_shape), dynamic))
    stats_shape = x.shape[:norm_axis] + (1,) * (rank - norm_axis)
    stats_type = tensor_type(stats_shape, _stats_type(element_type, acc),
                             tuple(range(norm_axis)) if dynamic else ())
    eps_text, eps = f32_attr(epsilon)
    args = [(x, element_type, x_type)]
    text = _add_residual("norm.layer_norm %arg0", args, residual,
                         element_type, x_type)
    if residual is not None:
        x = _residual_sum(x, residual, element_type)
    if scale is not None:
        text += " scale(%%arg%d : %s)" % (len(args), param_type)
        args.append((scale, element_type, param_type))
    if bias is not None:
        text += " bias(%%arg%d : %s)" % (len(args), param_type)
        args.append((bias, element_type, param_type))
    text += " " + _attrs(axis="%d : i64" % axis, epsilon=eps_text,
                         acc_type=_acc_attr(acc))
    text += " : " + x_type
    y, ref_mean, ref_rstd = ref_layer_norm(x, scale, bias, axis, eps)
    if exact_bias:
        y = Ref(np.broadcast_to(bias, x.shape), exact=True)
    results = [(y, element_type, x_type)]
    # The statistics types are the ones the parser infers: no `(type)`.
    items = []
    if sum_result:
        items.append("sum")
        results.append((Ref(x, exact=True), element_type, x_type))
    if mean:
        items.append("mean")
        results.append((ref_mean, _stats_type(element_type, acc), stats_type))
    if inv_std_dev:
        items.append("inv_std_dev")
        results.append((ref_rstd, _stats_type(element_type, acc), stats_type))
    text += _result_items(items)
    return Case(name, text, args, results)


def rms_norm_case(name, x, element_type, axis=-1, scale=None, inv_rms=False,
                  epsilon=1e-5, acc=None, dynamic=False, exact_zero=False,
                  residual=None, sum_result=False):
    rank = x.ndim
    norm_axis = axis % rank
    x_type = tensor_type(x.shape, element_type, all_dims(rank, dynamic))
    param_shape = x.shape[norm_axis:]
    param_type = tensor_type(param_shape, element_type,
                             all_dims(len(param_shape), dynamic))
    stats_shape = x.shape[:norm_axis] + (1,) * (rank - norm_axis)
    stats_type = tensor_type(stats_shape, _stats_type(element_type, acc),
                             tuple(range(norm_axis)) if dynamic else ())
    eps_text, eps = f32_attr(epsilon)
    args = [(x, element_type, x_type)]
    text = _add_residual("norm.rms_norm %arg0", args, residual, element_type,
                         x_type)
    if residual is not None:
        x = _residual_sum(x, residual, element_type)
    if scale is not None:
        text += " scale(%%arg%d : %s)" % (len(args), param_type)
        args.append((scale, element_type, param_type))
    text += " " + _attrs(axis="%d : i64" % axis, epsilon=eps_text,
                         acc_type=_acc_attr(acc)) + " : " + x_type
    y, ref_inv_rms = ref_rms_norm(x, scale, axis, eps)
    if exact_zero:
        y = Ref(np.zeros(x.shape), exact="value")
    results = [(y, element_type, x_type)]
    items = []
    if sum_result:
        items.append("sum")
        results.append((Ref(x, exact=True), element_type, x_type))
    if inv_rms:
        items.append("inv_rms")
        results.append((ref_inv_rms, _stats_type(element_type, acc),
                        stats_type))
    text += _result_items(items)
    return Case(name, text, args, results)


def batch_norm_case(name, x, element_type, scale, bias, mean, var,
                    feature_axis=1, epsilon=1e-5, acc=None, dynamic=False,
                    exact_bias=False):
    rank = x.ndim
    x_type = tensor_type(x.shape, element_type, all_dims(rank, dynamic))
    c_type = tensor_type(scale.shape, element_type, all_dims(1, dynamic))
    eps_text, eps = f32_attr(epsilon)
    args = [(x, element_type, x_type)] + [
        (v, element_type, c_type) for v in (scale, bias, mean, var)]
    text = ("norm.batch_norm %%arg0 scale(%%arg1 : %s) bias(%%arg2 : %s) "
            "mean(%%arg3 : %s) var(%%arg4 : %s) " % ((c_type,) * 4) +
            _attrs(epsilon=eps_text, feature_axis="%d : i64" % feature_axis,
                   acc_type=_acc_attr(acc)) + " : " + x_type)
    (y,) = ref_batch_norm(x, scale, bias, mean, var, feature_axis, eps)
    if exact_bias:
        y = Ref(np.broadcast_to(_channel_view(bias, rank, feature_axis % rank),
                                x.shape), exact=True)
    return Case(name, text, args, [(y, element_type, x_type)])


def batch_norm_train_case(name, x, element_type, scale, bias,
                          running_mean=None, running_var=None, feature_axis=1,
                          epsilon=1e-5, momentum=0.9, unbiased=False, acc=None,
                          dynamic=False, exact_bias=False, f64_attrs=False):
    """`f64_attrs`: epsilon and momentum as exact f64 attributes (else their
    f32 roundings)."""
    rank = x.ndim
    stats_element = _stats_type(element_type, acc)
    x_type = tensor_type(x.shape, element_type, all_dims(rank, dynamic))
    c_type = tensor_type(scale.shape, element_type, all_dims(1, dynamic))
    s_type = tensor_type(scale.shape, stats_element, all_dims(1, dynamic))
    attr = f64_attr if f64_attrs else f32_attr
    eps_text, eps = attr(epsilon)
    momentum_text, momentum = attr(momentum)
    args = [(x, element_type, x_type), (scale, element_type, c_type),
            (bias, element_type, c_type)]
    text = ("norm.batch_norm_train %%arg0 scale(%%arg1 : %s) bias(%%arg2 : %s)"
            % (c_type, c_type))
    if running_mean is not None:
        text += (" running_mean(%%arg3 : %s) running_var(%%arg4 : %s)"
                 % (s_type, s_type))
        args += [(running_mean, stats_element, s_type),
                 (running_var, stats_element, s_type)]
    text += " " + _attrs(epsilon=eps_text, momentum=momentum_text,
                         feature_axis="%d : i64" % feature_axis,
                         unbiased_running_var="true" if unbiased else None,
                         acc_type=_acc_attr(acc))
    # The statistics types are the ones the parser infers: no `(type)`.
    text += " : %s -> batch_mean, batch_var" % x_type
    refs = ref_batch_norm_train(x, scale, bias, running_mean, running_var,
                                feature_axis, eps, momentum, unbiased)
    if exact_bias:
        exact = _channel_view(bias, rank, feature_axis % rank)
        refs = (Ref(np.broadcast_to(exact, x.shape), exact=True),) + refs[1:]
    results = [(refs[0], element_type, x_type)]
    results += [(r, stats_element, s_type) for r in refs[1:3]]
    if running_mean is not None:
        text += ", new_running_mean, new_running_var"
        results += [(r, stats_element, s_type) for r in refs[3:]]
    return Case(name, text, args, results)


def group_norm_case(name, x, element_type, scale, bias, num_groups,
                    mean=False, inv_std_dev=False, epsilon=1e-5, acc=None,
                    dynamic=False, exact_bias=False):
    rank = x.ndim
    stats_element = _stats_type(element_type, acc)
    x_type = tensor_type(x.shape, element_type, all_dims(rank, dynamic))
    c_type = tensor_type(scale.shape, element_type, all_dims(1, dynamic))
    stats_type = tensor_type((x.shape[0], num_groups), stats_element,
                             all_dims(2, dynamic))
    eps_text, eps = f32_attr(epsilon)
    args = [(x, element_type, x_type), (scale, element_type, c_type),
            (bias, element_type, c_type)]
    text = ("norm.group_norm %%arg0 scale(%%arg1 : %s) bias(%%arg2 : %s) "
            % (c_type, c_type) +
            _attrs(num_groups="%d : i64" % num_groups, epsilon=eps_text,
                   acc_type=_acc_attr(acc)) + " : " + x_type)
    y, ref_mean, ref_rstd = ref_group_norm(x, scale, bias, num_groups, eps)
    if exact_bias:
        y = Ref(np.broadcast_to(_channel_view(bias, rank, 1), x.shape),
                exact=True)
    results = [(y, element_type, x_type)]
    # Dynamic: (?, ?) rather than the inferred (?, G), so written out.
    typed = (lambda n: "%s(%s)" % (n, stats_type)) if dynamic else str
    items = []
    if mean:
        items.append(typed("mean"))
        results.append((ref_mean, stats_element, stats_type))
    if inv_std_dev:
        items.append(typed("inv_std_dev"))
        results.append((ref_rstd, stats_element, stats_type))
    text += _result_items(items)
    return Case(name, text, args, results)


def instance_norm_case(name, x, element_type, scale, bias, epsilon=1e-5,
                       acc=None, dynamic=False, exact_bias=False):
    rank = x.ndim
    x_type = tensor_type(x.shape, element_type, all_dims(rank, dynamic))
    c_type = tensor_type(scale.shape, element_type, all_dims(1, dynamic))
    eps_text, eps = f32_attr(epsilon)
    args = [(x, element_type, x_type), (scale, element_type, c_type),
            (bias, element_type, c_type)]
    text = ("norm.instance_norm %%arg0 scale(%%arg1 : %s) bias(%%arg2 : %s) "
            % (c_type, c_type) +
            _attrs(epsilon=eps_text, acc_type=_acc_attr(acc)) + " : " + x_type)
    (y,) = ref_instance_norm(x, scale, bias, eps)
    if exact_bias:
        y = Ref(np.broadcast_to(_channel_view(bias, rank, 1), x.shape),
                exact=True)
    return Case(name, text, args, [(y, element_type, x_type)])


class Agreement:
    """Two compiled results that must agree with each other: result
    `index_a` of case `a` and `index_b` of case `b`, compared after
    flattening, with the tolerance of `a`'s result and `a`'s error scale."""

    def __init__(self, name, a, index_a, b, index_b):
        self.name = name
        self.a, self.index_a, self.b, self.index_b = a, index_a, b, index_b


#===-----------------------------------------------------------------------===#
# Running and comparing
#===-----------------------------------------------------------------------===#


def compare(got, ref, element_type, tolerance):
    """Returns (ok, max_abs_error, max_rel_error, note)."""
    if got.shape != ref.value.shape:
        return False, np.nan, np.nan, "shape %s, expected %s" % (
            got.shape, ref.value.shape)
    if got.size == 0:
        return True, 0.0, 0.0, "empty"
    if ref.exact:
        if ref.exact == "value":
            same = got == ref.value
        else:
            same = bits_of(got, element_type) == bits_of(ref.value,
                                                         element_type)
        diff = np.abs(got - ref.value)
        bad = int(np.count_nonzero(~same))
        return bad == 0, float(np.nanmax(diff)), 0.0, (
            "exact" if bad == 0 else "%d elements not exact" % bad)
    rtol, atol = tolerance
    ref_special = ~np.isfinite(ref.value)
    got_special = ~np.isfinite(got)
    specials_ok = bool(np.all(ref_special == got_special) and np.all(
        np.isnan(ref.value[ref_special]) == np.isnan(got[got_special])))
    finite = ~ref_special & ~got_special
    diff = np.abs(got[finite] - ref.value[finite])
    scale = np.maximum(np.abs(ref.value), ref.scale)[finite]
    abs_err = float(diff.max()) if diff.size else 0.0
    rel_err = float((diff / np.maximum(scale, 1e-300)).max()) if diff.size else 0.0
    ok = specials_ok and bool(np.all(diff <= atol + rtol * scale))
    note = "" if specials_ok else "NaN/Inf where the reference has none"
    if not specials_ok and np.any(ref_special):
        note = "NaN/Inf positions differ from the reference"
    return ok, abs_err, rel_err, note


def run_case(case, norm_run, workdir, index):
    """Runs `case` with norm-run; returns (ok, message)."""
    directory = os.path.join(workdir, "%04d" % index)
    os.makedirs(directory, exist_ok=True)
    model = os.path.join(directory, "model.mlir")
    with open(model, "w") as f:
        f.write("// %s\n" % case.name + case.module())
    command = [norm_run, model, "--function=main"]
    if getattr(case, "pipeline_options", None):
        command.append("--pipeline-options=" + case.pipeline_options)
    for i, (values, element_type, _) in enumerate(case.args):
        path = os.path.join(directory, "in%d.npy" % i)
        np.save(path, to_storage(values, element_type))
        command.append("--input=@" + path)
    outputs = []
    for i in range(len(case.results)):
        outputs.append(os.path.join(directory, "out%d.npy" % i))
        command.append("--output=@" + outputs[-1])
    process = subprocess.run(command, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    if case.expect_error:
        if process.returncode == 1 and re.search(case.expect_error,
                                                 process.stdout):
            return True, "rejected as expected"
        return False, ("expected exit 1 and /%s/, got exit %d: %s\n"
                       "    rerun: %s" % (case.expect_error,
                                          process.returncode,
                                          process.stdout.strip()[-2000:],
                                          " ".join(command)))
    if process.returncode != 0:
        return False, "norm-run failed (exit %d): %s\n    rerun: %s" % (
            process.returncode, process.stdout.strip()[-2000:],
            " ".join(command))
    case.outputs = []
    worst_abs, worst_rel, ok, notes = 0.0, 0.0, True, []
    for i, ((ref, element_type, _), path) in enumerate(
            zip(case.results, outputs)):
        got = from_storage(np.load(path), element_type)
        case.outputs.append(got)
        tolerance = case.tolerance or TOLERANCES[element_type]
        if case.tolerance and element_type == "f64":
            tolerance = TOLERANCES["f64"]
        result_ok, abs_err, rel_err, note = compare(got, ref, element_type,
                                                    tolerance)
        worst_abs, worst_rel = max(worst_abs, abs_err), max(worst_rel, rel_err)
        if note:
            notes.append("result %d: %s" % (i, note))
        if not result_ok:
            ok = False
            notes.append("result %d out of tolerance (rtol %g, atol %g)" % (
                i, tolerance[0], tolerance[1]))
    message = "max abs %.3g, max rel %.3g" % (worst_abs, worst_rel)
    if notes:
        message += " [" + "; ".join(notes) + "]"
    if not ok:
        message += "\n    rerun: " + " ".join(command)
    return ok, message


def check_agreement(agreement):
    a, b = agreement.a, agreement.b
    if a.outputs is None or b.outputs is None:
        return False, "a case it compares did not run"
    ref, element_type, _ = a.results[agreement.index_a]
    got_a = a.outputs[agreement.index_a].reshape(-1)
    got_b = b.outputs[agreement.index_b].reshape(-1)
    tolerance = a.tolerance or TOLERANCES[element_type]
    other = Ref(got_a, scale=np.maximum(np.abs(ref.value), ref.scale).reshape(-1))
    ok, abs_err, rel_err, note = compare(got_b, other, element_type, tolerance)
    bitwise = bool(np.array_equal(bits_of(got_a, element_type),
                                  bits_of(got_b, element_type)))
    return ok, "max abs %.3g, max rel %.3g%s%s" % (
        abs_err, rel_err, " (bitwise equal)" if bitwise else "",
        " [" + note + "]" if note else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", required=True, choices=sorted(SUITES))
    parser.add_argument("--norm-run", default="norm-run")
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--filter", default="",
                        help="only run cases whose name contains this")
    args = parser.parse_args()
    # The references divide by zero on purpose (epsilon = 0, empty batches).
    np.seterr(all="ignore")

    cases, agreements = SUITES[args.suite]()
    cases = [c for c in cases if args.filter in c.name]
    names = [c.name for c in cases]
    assert len(set(names)) == len(names), "duplicate case names"
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)

    start = time.time()
    passed = failed = 0
    for index, case in enumerate(cases):
        ok, message = run_case(case, args.norm_run, args.workdir, index)
        print("%s %s: %s" % ("PASS" if ok else "FAIL", case.name, message))
        passed, failed = passed + ok, failed + (not ok)
    for agreement in agreements:
        if agreement.a not in cases or agreement.b not in cases:
            continue
        ok, message = check_agreement(agreement)
        print("%s %s: %s" % ("PASS" if ok else "FAIL", agreement.name, message))
        passed, failed = passed + ok, failed + (not ok)
    print("suite %s took %.1f s" % (args.suite, time.time() - start))
    print("%d passed, %d failed" % (passed, failed))
    sys.stdout.flush()
    return 1 if failed else 0


#===-----------------------------------------------------------------------===#
# Suites
#===-----------------------------------------------------------------------===#

# Input shapes of rank 2, 3 and 4 used for the axis sweeps.
SWEEP_SHAPES = [(5, 7), (3, 4, 6), (2, 3, 4, 5)]
EXTENTS = [1, 3, 7, 33, 320, 4097]


def suite_layer_norm():
    rnd = Random(1)
    cases = []
    # Every axis of rank 2, 3, 4 inputs, positive and negative, static and
    # dynamic, with both statistics.
    for shape in SWEEP_SHAPES:
        rank = len(shape)
        for axis in list(range(rank)) + list(range(-rank, 0)):
            x = rnd.normal(shape, "f32", loc=0.5, std=2.0)
            gamma = rnd.gamma(shape[axis % rank:], "f32")
            beta = rnd.normal(shape[axis % rank:], "f32")
            for dynamic in (False, True):
                cases.append(layer_norm_case(
                    "ln/rank%d/axis=%d/f32/%s" % (rank, axis,
                                                  "dynamic" if dynamic else "static"),
                    x, "f32", axis, gamma, beta, True, True, dynamic=dynamic))
    # Every combination of the optional operands and results.
    x = rnd.normal((4, 3, 10), "f32", loc=-1.0, std=3.0)
    gamma, beta = rnd.gamma((3, 10), "f32"), rnd.normal((3, 10), "f32")
    for has_scale in (False, True):
        for has_bias in (False, True):
            for mean in (False, True):
                for rstd in (False, True):
                    cases.append(layer_norm_case(
                        "ln/optional/scale=%d,bias=%d,mean=%d,inv_std_dev=%d"
                        % (has_scale, has_bias, mean, rstd), x, "f32", -2,
                        gamma if has_scale else None,
                        beta if has_bias else None, mean, rstd))
    # Element types, static and dynamic.
    for element_type in ELEMENT_TYPES:
        for dynamic in (False, True):
            x = rnd.normal((6, 96), element_type, loc=1.0, std=2.0)
            cases.append(layer_norm_case(
                "ln/type/%s/%s" % (element_type,
                                   "dynamic" if dynamic else "static"),
                x, element_type, -1, rnd.gamma((96,), element_type),
                rnd.normal((96,), element_type), True, True,
                dynamic=dynamic))
    # Reduction extents.
    for n in EXTENTS:
        for element_type in ("f32", "f16", "bf16"):
            x = rnd.normal((3, n), element_type, loc=0.25, std=1.5)
            cases.append(layer_norm_case(
                "ln/extent=%d/%s" % (n, element_type), x, element_type, -1,
                rnd.gamma((n,), element_type), rnd.normal((n,), element_type),
                True, True, dynamic=(n % 2 == 1)))
    # Several normalized dims viewed as one row by norm-flatten-batch-norm:
    # rows long enough for the vector kernel's main loop, full vectors and
    # masked last vector (f32), and its bf16 pair mode.
    for shape, axis, element_type in (((3, 5, 7, 9), 1, "f32"),
                                      ((2, 5, 41), -2, "bf16")):
        x = rnd.normal(shape, element_type, loc=0.5, std=2.0)
        params = shape[axis % len(shape):]
        for dynamic in (False, True):
            cases.append(layer_norm_case(
                "ln/rows/%s/axis=%d/%s/%s" % (
                    "x".join(map(str, shape)), axis, element_type,
                    "dynamic" if dynamic else "static"),
                x, element_type, axis, rnd.gamma(params, element_type),
                rnd.normal(params, element_type), True, True,
                dynamic=dynamic))
    # acc_type = f64 on f32: stats exact to f64, y within 2 ulps of f32.
    x = quantize(40000.0 + rnd.rng.uniform(-0.5, 0.5, size=(4, 64)), "f32")
    case = layer_norm_case("ln/acc_type=f64/f32", x, "f32", -1,
                           rnd.gamma((64,), "f32"), rnd.normal((64,), "f32"),
                           True, True, acc="f64")
    case.tolerance = F32_FROM_F64
    cases.append(case)
    return cases, []


def suite_rms_norm():
    rnd = Random(2)
    cases = []
    for shape in SWEEP_SHAPES:
        rank = len(shape)
        for axis in list(range(rank)) + list(range(-rank, 0)):
            x = rnd.normal(shape, "f32", loc=0.3, std=2.0)
            gamma = rnd.gamma(shape[axis % rank:], "f32")
            for dynamic in (False, True):
                cases.append(rms_norm_case(
                    "rms/rank%d/axis=%d/f32/%s" % (rank, axis,
                                                   "dynamic" if dynamic else "static"),
                    x, "f32", axis, gamma, True, dynamic=dynamic))
    x = rnd.normal((4, 3, 10), "f32", std=3.0)
    for has_scale in (False, True):
        for inv_rms in (False, True):
            cases.append(rms_norm_case(
                "rms/optional/scale=%d,inv_rms=%d" % (has_scale, inv_rms), x,
                "f32", 1, rnd.gamma((3, 10), "f32") if has_scale else None,
                inv_rms))
    for element_type in ELEMENT_TYPES:
        for dynamic in (False, True):
            x = rnd.normal((6, 96), element_type, std=2.0)
            cases.append(rms_norm_case(
                "rms/type/%s/%s" % (element_type,
                                    "dynamic" if dynamic else "static"),
                x, element_type, -1, rnd.gamma((96,), element_type), True,
                epsilon=1e-6, dynamic=dynamic))
    for n in EXTENTS:
        for element_type in ("f32", "bf16"):
            x = rnd.normal((3, n), element_type, std=1.5)
            cases.append(rms_norm_case(
                "rms/extent=%d/%s" % (n, element_type), x, element_type, -1,
                rnd.gamma((n,), element_type), True, dynamic=(n % 2 == 0)))
    # Several normalized dims viewed as one row (see suite_layer_norm).
    for shape, axis, element_type in (((3, 5, 7, 9), -3, "f32"),
                                      ((2, 5, 41), 1, "bf16")):
        x = rnd.normal(shape, element_type, std=1.5)
        params = shape[axis % len(shape):]
        for dynamic in (False, True):
            cases.append(rms_norm_case(
                "rms/rows/%s/axis=%d/%s/%s" % (
                    "x".join(map(str, shape)), axis, element_type,
                    "dynamic" if dynamic else "static"),
                x, element_type, axis, rnd.gamma(params, element_type), True,
                dynamic=dynamic))
    x = rnd.normal((4, 64), "f32", std=1e3)
    case = rms_norm_case("rms/acc_type=f64/f32", x, "f32", -1,
                         rnd.gamma((64,), "f32"), True, acc="f64")
    case.tolerance = F32_FROM_F64
    cases.append(case)
    return cases, []


def _bn_params(rnd, channels, element_type):
    return (rnd.gamma((channels,), element_type),
            rnd.normal((channels,), element_type),
            rnd.normal((channels,), element_type, std=0.5),
            rnd.uniform((channels,), element_type, 0.25, 4.0))


def suite_batch_norm():
    rnd = Random(3)
    cases = []
    for shape in SWEEP_SHAPES:
        rank = len(shape)
        for axis in list(range(rank)) + list(range(-rank, 0)):
            channels = shape[axis % rank]
            x = rnd.normal(shape, "f32", std=2.0)
            params = _bn_params(rnd, channels, "f32")
            for dynamic in (False, True):
                cases.append(batch_norm_case(
                    "bn/rank%d/feature_axis=%d/f32/%s" % (
                        rank, axis, "dynamic" if dynamic else "static"),
                    x, "f32", *params, feature_axis=axis, dynamic=dynamic))
    for element_type in ELEMENT_TYPES:
        for dynamic in (False, True):
            x = rnd.normal((4, 16, 3, 5), element_type, std=2.0)
            cases.append(batch_norm_case(
                "bn/type/%s/%s" % (element_type,
                                   "dynamic" if dynamic else "static"),
                x, element_type, *_bn_params(rnd, 16, element_type),
                dynamic=dynamic))
    x = rnd.normal((2, 5, 4, 3), "f32", std=2.0)
    case = batch_norm_case("bn/acc_type=f64/f32", x, "f32",
                           *_bn_params(rnd, 5, "f32"), acc="f64")
    case.tolerance = F32_FROM_F64
    cases.append(case)
    cases += _batch_norm_run_cases(Random(31), train=False)
    cases += _batch_norm_channels_last_cases(Random(37))
    return cases, []


# Shapes for the vector kernels of the batch norms (convert-norm-to-vector):
# runs of B elements after the channel below, at and above one vector and
# the 4-vector main loop (B = 1, 7 x 7, 9 x 11, 8 x 8, 40 x 41), one image
# (A = 1), several leading dims, and channels last (the run is C).
_BN_RUN_SHAPES = [((3, 4, 1, 1), 1), ((1, 5, 7, 7), 1), ((2, 3, 9, 11), 1),
                  ((5, 2, 8, 8), 1), ((1, 2, 40, 41), 1), ((2, 3, 2, 33), 2),
                  ((2, 3, 4, 37), -1), ((6, 67), 1)]


def _batch_norm_run_cases(rnd, train):
    cases = []
    for shape, axis in _BN_RUN_SHAPES:
        channels = shape[axis % len(shape)]
        for element_type in ("f32", "bf16"):
            dynamic = element_type == "bf16"
            name = "%s/runs/%s/feature_axis=%d/%s/%s" % (
                "bnt" if train else "bn", "x".join(map(str, shape)), axis,
                element_type, "dynamic" if dynamic else "static")
            x = rnd.normal(shape, element_type, loc=0.75, std=2.0)
            if train:
                gamma, beta, _, _ = _bn_params(rnd, channels, element_type)
                rm = rnd.normal((channels,), "f32")
                rv = rnd.uniform((channels,), "f32", 0.5, 2.0)
                cases.append(batch_norm_train_case(
                    name, x, element_type, gamma, beta, rm, rv,
                    feature_axis=axis, unbiased=True, dynamic=dynamic))
            else:
                cases.append(batch_norm_case(
                    name, x, element_type,
                    *_bn_params(rnd, channels, element_type),
                    feature_axis=axis, dynamic=dynamic))
    return cases


def _batch_norm_channels_last_cases(rnd):
    """The channels-last inference kernel: rows of C channels in parallel
    blocks, fma(x - mean, rstd * scale, bias). With the host's 16 f32 lanes
    a static C of at most 4 vectors keeps the per-channel vectors in
    registers (C = 5: under a vector, 37: one masked, 64: whole cache lines,
    streamed); a larger or dynamic C sweeps each row (100: main loop, full
    vector, masked vector; 2048: the ResNet-50 7x7 stage). Rows: 0, 1 and
    many; 2 threads over blocks of 64 elements or more; f16/bf16 computed
    in f32; x == mean gives exactly the bias (with epsilon = 0 too, where a
    zero variance makes rstd infinite)."""
    cases = []
    shapes = [(2, 3, 4, 5), (3, 2, 5, 37), (2, 3, 3, 64), (4, 3, 100),
              (1, 1, 1, 37), (1, 100), (2, 1, 2, 2048)]
    for shape in shapes:
        channels = shape[-1]
        for element_type, dynamic in (("f32", False), ("f32", True),
                                  ("f16", False), ("bf16", True)):
            x = rnd.normal(shape, element_type, loc=0.5, std=2.0)
            cases.append(batch_norm_case(
                "bn/nhwc/%s/%s/%s" % ("x".join(map(str, shape)),
                                      element_type,
                                      "dynamic" if dynamic else "static"),
                x, element_type,
                *_bn_params(rnd, channels, element_type), feature_axis=-1,
                dynamic=dynamic))
    # No rows (dynamic: the kernel runs no block).
    cases.append(batch_norm_case(
        "bn/nhwc/0x3x3x37/dynamic", np.zeros((0, 3, 3, 37)), "f32",
        *_bn_params(rnd, 37, "f32"), feature_axis=-1, dynamic=True))
    # Blocks of 64 elements or more on 2 threads, also with 4 lanes.
    for options in ("num-threads=2 block-elements=64",
                    "num-threads=2 block-elements=64 vector-width=4"):
        for shape in ((5, 7, 37), (3, 5, 7, 100)):
            for dynamic in (False, True):
                x = rnd.normal(shape, "f32", loc=-0.5, std=3.0)
                case = batch_norm_case(
                    "bn/nhwc/%s/%s/%s" % (
                        "x".join(map(str, shape)), options.replace(" ", ","),
                        "dynamic" if dynamic else "static"),
                    x, "f32", *_bn_params(rnd, shape[-1], "f32"),
                    feature_axis=-1, dynamic=dynamic)
                case.pipeline_options = options
                cases.append(case)
    # Constant channels: x == mean exactly gives the bias.
    for element_type, epsilon, channels, dynamic in (
            ("f32", 1e-5, 37, False), ("f32", 0.0, 37, True),
            ("f32", 0.0, 100, False), ("f32", 1e-5, 100, True),
            ("f16", 0.0, 37, False), ("bf16", 1e-5, 100, True)):
            mean = rnd.normal((channels,), element_type, std=4.0)
            x = np.broadcast_to(mean, (3, 4, channels)).copy()
            var = rnd.uniform((channels,), element_type, 0.25, 4.0)
            if epsilon == 0.0:
                var[::3] = 0.0
            case = batch_norm_case(
                "bn/nhwc/constant/C=%d/%s/eps=%g/%s" % (
                    channels, element_type, epsilon,
                    "dynamic" if dynamic else "static"),
                x, element_type, rnd.gamma((channels,), element_type),
                rnd.normal((channels,), element_type), mean, var,
                feature_axis=-1, epsilon=epsilon, dynamic=dynamic,
                exact_bias=True)
            case.pipeline_options = "num-threads=2 block-elements=64"
            cases.append(case)
    return cases


def suite_batch_norm_train():
    rnd = Random(4)
    cases = []
    for shape in SWEEP_SHAPES:
        rank = len(shape)
        for axis in list(range(rank)) + list(range(-rank, 0)):
            channels = shape[axis % rank]
            x = rnd.normal(shape, "f32", loc=1.0, std=2.0)
            gamma, beta, rm, rv = _bn_params(rnd, channels, "f32")
            for dynamic in (False, True):
                cases.append(batch_norm_train_case(
                    "bnt/rank%d/feature_axis=%d/f32/%s" % (
                        rank, axis, "dynamic" if dynamic else "static"),
                    x, "f32", gamma, beta, rm, rv, feature_axis=axis,
                    unbiased=(axis % 2 == 0), dynamic=dynamic))
    # Without and with running statistics, both conventions, a few momenta.
    x = rnd.normal((6, 4, 5), "f32", loc=-2.0, std=3.0)
    gamma, beta, rm, rv = _bn_params(rnd, 4, "f32")
    cases.append(batch_norm_train_case("bnt/no-running", x, "f32", gamma,
                                       beta))
    cases.append(batch_norm_train_case("bnt/no-running/dynamic", x, "f32",
                                       gamma, beta, dynamic=True))
    for momentum in (0.9, 0.0, 1.0, 0.3):
        for unbiased in (False, True):
            for dynamic in (False, True):
                cases.append(batch_norm_train_case(
                    "bnt/running/momentum=%g/%s/%s" % (
                        momentum, "pytorch-unbiased" if unbiased else "onnx",
                        "dynamic" if dynamic else "static"),
                    x, "f32", gamma, beta, rm, rv, momentum=momentum,
                    unbiased=unbiased, dynamic=dynamic))
    for element_type in ELEMENT_TYPES:
        for dynamic in (False, True):
            x = rnd.normal((8, 6, 3, 3), element_type, loc=0.5, std=2.0)
            gamma, beta, _, _ = _bn_params(rnd, 6, element_type)
            stats = "f64" if element_type == "f64" else "f32"
            rm = rnd.normal((6,), stats)
            rv = rnd.uniform((6,), stats, 0.5, 2.0)
            cases.append(batch_norm_train_case(
                "bnt/type/%s/%s" % (element_type,
                                    "dynamic" if dynamic else "static"),
                x, element_type, gamma, beta, rm, rv, unbiased=True,
                dynamic=dynamic))
    # Reduction extents m (the batch size of an (m, C) input).
    for m in EXTENTS:
        x = rnd.normal((m, 5), "f32", loc=3.0, std=2.0)
        gamma, beta, rm, rv = _bn_params(rnd, 5, "f32")
        cases.append(batch_norm_train_case(
            "bnt/extent=%d" % m, x, "f32", gamma, beta, rm, rv,
            unbiased=m > 1, dynamic=(m % 2 == 1)))
    # epsilon and momentum stated exactly as f64 attributes on f64 data: the
    # running statistics blend with 0.9 and 0.1 (the f64 values), which the
    # f64 tolerance tells from the f32 rounding 0.899999976 (an error of
    # 2.4e-8 |running - batch|). Running statistics far from the batch's
    # make the difference large.
    rnd64 = Random(47)
    x = rnd64.normal((16, 5, 3), "f64", loc=2.0, std=3.0)
    gamma, beta, _, _ = _bn_params(rnd64, 5, "f64")
    rm = rnd64.normal((5,), "f64", loc=-50.0, std=10.0)
    rv = rnd64.uniform((5,), "f64", 20.0, 80.0)
    for dynamic in (False, True):
        cases.append(batch_norm_train_case(
            "bnt/f64-attributes/momentum=0.9/%s" % (
                "dynamic" if dynamic else "static"),
            x, "f64", gamma, beta, rm, rv, epsilon=1e-5, momentum=0.9,
            unbiased=True, dynamic=dynamic, f64_attrs=True))
    x = quantize(40000.0 + rnd.rng.uniform(-0.5, 0.5, size=(32, 3, 4)), "f32")
    gamma, beta, rm, rv = _bn_params(rnd, 3, "f64")
    case = batch_norm_train_case("bnt/acc_type=f64/f32", x, "f32",
                                 quantize(gamma, "f32"), quantize(beta, "f32"),
                                 rm, rv, unbiased=True, acc="f64")
    case.tolerance = F32_FROM_F64
    cases.append(case)
    cases += _batch_norm_run_cases(Random(41), train=True)
    cases += _batch_norm_train_small_run_cases(Random(43))
    return cases, []


# NCHW training with a small H x W (below the pipeline's small-run-elements,
# 512): statistics summed position-wise over a channel tile (automatic tiles
# of 256 elements: C not a multiple of the channels per tile leaves a tail
# tile). H x W not a multiple of the vector, shorter than one, one channel,
# N = 1, 14 x 14 (one channel per tile), static and dynamic.
_BNT_SMALL_RUN_SHAPES = [(3, 5, 7, 7), (1, 6, 2, 3), (4, 1, 5, 5),
                         (5, 11, 4, 4), (2, 7, 14, 14), (3, 37, 3, 3),
                         (2, 300, 1, 1), (1, 1, 1, 3), (2, 3, 17, 29)]


def _batch_norm_train_small_run_cases(rnd):
    cases = []
    for shape in _BNT_SMALL_RUN_SHAPES:
        channels = shape[1]
        for element_type, dynamic in (("f32", False), ("f32", True),
                                      ("bf16", True)):
            x = rnd.normal(shape, element_type, loc=1.5, std=2.0)
            gamma, beta, _, _ = _bn_params(rnd, channels, element_type)
            rm = rnd.normal((channels,), "f32")
            rv = rnd.uniform((channels,), "f32", 0.5, 2.0)
            cases.append(batch_norm_train_case(
                "bnt/small-runs/%s/%s/%s" % (
                    "x".join(map(str, shape)), element_type,
                    "dynamic" if dynamic else "static"),
                x, element_type, gamma, beta, rm, rv, unbiased=True,
                dynamic=dynamic))
    # Constant channels stay exact (epsilon 0 too) across tiles of channels.
    values = quantize(rnd.normal((37,), "f32", std=20.0), "f32")
    values[::5] = 0.0
    x = np.broadcast_to(values[None, :, None, None], (3, 37, 3, 3)).copy()
    for epsilon in (1e-5, 0.0):
        for dynamic in (False, True):
            cases.append(batch_norm_train_case(
                "bnt/small-runs/constant-channel/eps=%g/%s" % (
                    epsilon, "dynamic" if dynamic else "static"),
                x, "f32", rnd.gamma((37,), "f32"), rnd.normal((37,), "f32"),
                epsilon=epsilon, exact_bias=True, dynamic=dynamic))
    return cases


def suite_group_norm_instance_norm():
    rnd = Random(5)
    cases, agreements = [], []
    # Ranks 2, 3, 4; several group counts; static and dynamic; statistics.
    for shape, groups in [((3, 6), [1, 2, 3, 6]), ((2, 8, 5), [1, 2, 4, 8]),
                          ((2, 6, 3, 4), [1, 2, 3, 6])]:
        for g in groups:
            x = rnd.normal(shape, "f32", loc=0.5, std=2.0)
            gamma, beta = rnd.gamma(shape[1:2], "f32"), rnd.normal(shape[1:2], "f32")
            for dynamic in (False, True):
                cases.append(group_norm_case(
                    "gn/rank%d/groups=%d/%s" % (len(shape), g,
                                                "dynamic" if dynamic else "static"),
                    x, "f32", gamma, beta, g, True, True, dynamic=dynamic))
    # Optional statistics results.
    x = rnd.normal((2, 8, 3, 3), "f32", std=3.0)
    gamma, beta = rnd.gamma((8,), "f32"), rnd.normal((8,), "f32")
    for mean in (False, True):
        for rstd in (False, True):
            cases.append(group_norm_case(
                "gn/optional/mean=%d,inv_std_dev=%d" % (mean, rstd), x, "f32",
                gamma, beta, 4, mean, rstd))
    for element_type in ELEMENT_TYPES:
        for dynamic in (False, True):
            x = rnd.normal((2, 8, 4, 4), element_type, loc=1.0, std=2.0)
            gamma, beta = rnd.gamma((8,), element_type), rnd.normal((8,), element_type)
            cases.append(group_norm_case(
                "gn/type/%s/%s" % (element_type,
                                   "dynamic" if dynamic else "static"),
                x, element_type, gamma, beta, 2, True, True,
                dynamic=dynamic))
            cases.append(instance_norm_case(
                "in/type/%s/%s" % (element_type,
                                   "dynamic" if dynamic else "static"),
                x, element_type, gamma, beta, dynamic=dynamic))
    for shape in SWEEP_SHAPES:
        x = rnd.normal(shape, "f32", loc=-0.5, std=2.0)
        gamma, beta = rnd.gamma(shape[1:2], "f32"), rnd.normal(shape[1:2], "f32")
        for dynamic in (False, True):
            cases.append(instance_norm_case(
                "in/rank%d/%s" % (len(shape), "dynamic" if dynamic else "static"),
                x, "f32", gamma, beta, dynamic=dynamic))
    # Group/spatial extents 1, 3, 7, 33, 320, 4097 (C/G = 1, spatial = n).
    for n in EXTENTS:
        x = rnd.normal((2, 4, n), "f32", loc=2.0, std=1.0)
        gamma, beta = rnd.gamma((4,), "f32"), rnd.normal((4,), "f32")
        cases.append(instance_norm_case("in/extent=%d" % n, x, "f32", gamma,
                                        beta, dynamic=(n % 2 == 1)))
        cases.append(group_norm_case("gn/extent=%d" % n, x, "f32", gamma,
                                     beta, 2, True, True))

    # G = C is instance_norm; G = 1 is layer_norm over (C, H, W) with the
    # per-channel affine broadcast; both compiled results must agree.
    for element_type in ("f32", "f16", "bf16"):
        for dynamic in (False, True):
            suffix = "%s/%s" % (element_type, "dynamic" if dynamic else "static")
            x = rnd.normal((3, 6, 4, 5), element_type, loc=1.0, std=2.0)
            gamma, beta = rnd.gamma((6,), element_type), rnd.normal((6,), element_type)
            per_c = gamma, beta
            g_c_stats = group_norm_case("gn/groups=C/with-stats/" + suffix, x,
                                        element_type, *per_c, 6, True, True,
                                        dynamic=dynamic)
            g_c = group_norm_case("gn/groups=C/" + suffix, x, element_type,
                                  *per_c, 6, dynamic=dynamic)
            inorm = instance_norm_case("in/vs-gn/" + suffix, x, element_type,
                                       *per_c, dynamic=dynamic)
            g_1 = group_norm_case("gn/groups=1/" + suffix, x, element_type,
                                  *per_c, 1, True, True, dynamic=dynamic)
            chw = (6, 4, 5)
            lnorm = layer_norm_case(
                "ln/vs-gn/" + suffix, x, element_type, 1,
                np.broadcast_to(gamma.reshape(6, 1, 1), chw).copy(),
                np.broadcast_to(beta.reshape(6, 1, 1), chw).copy(), True, True,
                dynamic=dynamic)
            cases += [g_c_stats, g_c, inorm, g_1, lnorm]
            agreements += [
                Agreement("agree/gn(G=C)==in/" + suffix, g_c, 0, inorm, 0),
                Agreement("agree/gn(G=C,stats)==in/" + suffix, g_c_stats, 0,
                          inorm, 0),
                Agreement("agree/gn(G=1)==ln(C,H,W)/y/" + suffix, g_1, 0,
                          lnorm, 0),
                Agreement("agree/gn(G=1)==ln(C,H,W)/mean/" + suffix, g_1, 1,
                          lnorm, 1),
                Agreement("agree/gn(G=1)==ln(C,H,W)/inv_std_dev/" + suffix,
                          g_1, 2, lnorm, 2),
            ]
    for op, make in (("gn", lambda x, g, b, **kw: group_norm_case(
            "gn/acc_type=f64/f32", x, "f32", g, b, 2, True, True, **kw)),
                     ("in", lambda x, g, b, **kw: instance_norm_case(
                         "in/acc_type=f64/f32", x, "f32", g, b, **kw))):
        x = quantize(40000.0 + rnd.rng.uniform(-0.5, 0.5, size=(2, 4, 50)),
                     "f32")
        case = make(x, rnd.gamma((4,), "f32"), rnd.normal((4,), "f32"),
                    acc="f64")
        case.tolerance = F32_FROM_F64
        cases.append(case)
    return cases, agreements



def suite_group_norm_vector():
    """The CPU vector kernels of group_norm and instance_norm
    (convert-norm-to-vector): groups of several channels whose runs are not
    whole vectors, long groups (main loop, bf16 pairs, streaming stores),
    groups of large mean, constant groups, empty dims."""
    rnd = Random(16)
    cases = []
    # C/G = 2 channels of 5 x 7 = 35: a group of 70 elements (main loop,
    # full and masked tail vectors), each channel's run masked at its end.
    for element_type in ("f32", "f16", "bf16"):
        for dynamic in (False, True):
            x = rnd.normal((2, 6, 5, 7), element_type, loc=0.7, std=2.0)
            cases.append(group_norm_case(
                "gnv/runs-35/%s/%s" % (element_type,
                                       "dynamic" if dynamic else "static"),
                x, element_type, rnd.gamma((6,), element_type),
                rnd.normal((6,), element_type), 3, True, True,
                dynamic=dynamic))
    # Long groups: 4 channels of 16 x 16 (1024 elements per group, runs of
    # whole cache lines); instance_norm of the same.
    for element_type in ("f32", "bf16"):
        x = rnd.normal((2, 8, 16, 16), element_type, loc=-1.0, std=3.0)
        g, b = rnd.gamma((8,), element_type), rnd.normal((8,), element_type)
        cases.append(group_norm_case("gnv/long/" + element_type, x,
                                     element_type, g, b, 2, True, True))
        cases.append(instance_norm_case("inv/long/" + element_type, x,
                                        element_type, g, b,
                                        dynamic=element_type == "bf16"))
    # Rows like [40000, 40001, ...]: a large mean and a spread of hundreds
    # over each group, in f32 (E[x^2] - E[x]^2 would lose every digit).
    x = quantize(40000.0 + np.arange(2 * 4 * 300).reshape(2, 4, 300) % 600,
                 "f32")
    cases.append(group_norm_case("gnv/arange-40000/f32", x, "f32",
                                 rnd.gamma((4,), "f32"),
                                 rnd.normal((4,), "f32"), 2, True, True))
    cases.append(instance_norm_case("inv/arange-40000/f32", x, "f32",
                                    rnd.gamma((4,), "f32"),
                                    rnd.normal((4,), "f32"), dynamic=True))
    # Constant groups of 2 x 130 elements give exactly the bias, with both
    # epsilons.
    for element_type in ("f32", "f16", "bf16"):
        for epsilon in (1e-5, 0.0):
            x = quantize(np.full((2, 4, 10, 13), 0.1), element_type)
            x[0, 2:] = quantize(-37.3, element_type)
            x[1, :2] = quantize(1000.5, element_type)
            x[1, 2:] = 0.0
            cases.append(group_norm_case(
                "gnv/constant/%s/eps=%g" % (element_type, epsilon), x,
                element_type, rnd.gamma((4,), element_type),
                rnd.normal((4,), element_type), 2, epsilon=epsilon,
                exact_bias=True, dynamic=epsilon == 0.0))
    # One instance on 2 threads: the (n, g) pairs are the parallel
    # iterations, so the groups (and instance_norm's channels) of n = 0 are
    # split between the threads.
    for element_type in ("f32", "bf16"):
        x = rnd.normal((1, 8, 9, 10), element_type, loc=0.3, std=1.5)
        g, b = rnd.gamma((8,), element_type), rnd.normal((8,), element_type)
        for case in (group_norm_case("gnv/n=1/threads=2/" + element_type, x,
                                     element_type, g, b, 4, True, True),
                     instance_norm_case("inv/n=1/threads=2/" + element_type,
                                        x, element_type, g, b,
                                        dynamic=True)):
            case.pipeline_options = "num-threads=2"
            cases.append(case)
    # Empty channel and spatial dims (dynamic): empty outputs, NaN
    # statistics for the empty groups.
    for shape, channels in (((2, 0, 5), 0), ((2, 4, 0), 4)):
        label = "x".join(map(str, shape))
        x = np.zeros(shape)
        g, b = rnd.gamma((channels,), "f32"), rnd.normal((channels,), "f32")
        cases.append(group_norm_case("gnv/empty/" + label, x, "f32", g, b, 2,
                                     True, True, dynamic=True))
        cases.append(instance_norm_case("inv/empty/" + label, x, "f32", g, b,
                                        dynamic=True))
    return cases, []

# The worked example: a batch of 3 items of 6 features each.
WORKED_EXAMPLE = [[80.40, 2310.625, 17.5, 1022.0, 840.361, 6.001],
                  [12.25, 1875.5, 3.75, 998.0, 1203.875, 0.5],
                  [55.0, 2650.125, 41.25, 1100.5, 760.0, 9.875]]


def suite_edge_cases():
    rnd = Random(6)
    cases = []

    # Worked example: LayerNorm of every item, BatchNorm-train of every
    # feature over the 3 items (with PyTorch-style running statistics).
    for element_type in ("f32", "f64", "f16", "bf16"):
        x = quantize(np.array(WORKED_EXAMPLE), element_type)
        ones, zeros = np.ones(6), np.zeros(6)
        cases.append(layer_norm_case(
            "worked-example/layer_norm/" + element_type, x, element_type, -1,
            quantize(ones, element_type), quantize(zeros, element_type),
            True, True))
        stats = "f64" if element_type == "f64" else "f32"
        cases.append(batch_norm_train_case(
            "worked-example/batch_norm_train/" + element_type, x,
            element_type, quantize(ones, element_type),
            quantize(zeros, element_type), quantize(zeros, stats),
            quantize(ones, stats), unbiased=True))

    # NaN and infinity in bf16 rows (70 elements: the vector kernels' main
    # loop and a masked tail): a row with a NaN or an infinity is NaN where
    # the float64 reference is (and only there), also after the bf16
    # rounding of the results.
    x = rnd.normal((4, 70), "bf16", loc=0.5, std=2.0)
    x[0, 5] = np.nan
    x[1, 66] = np.inf
    x[2, 20] = -np.inf
    cases.append(layer_norm_case(
        "nan-inf/ln/bf16", x, "bf16", -1, rnd.gamma((70,), "bf16"),
        rnd.normal((70,), "bf16")))
    cases.append(rms_norm_case(
        "nan-inf/rms/bf16", x, "bf16", -1, rnd.gamma((70,), "bf16")))

    # A constant row/channel/group gives exactly `bias`, also with
    # epsilon = 0 (0 * inf must not make a NaN). Row lengths 1..320.
    for element_type in ("f32", "f16", "bf16", "f64"):
        for epsilon in (1e-5, 0.0):
            tag = "%s/eps=%g" % (element_type, epsilon)
            for n in (1, 3, 7, 33, 320):
                x = quantize(np.full((4, n), 0.1), element_type)
                x[1] = quantize(-37.3, element_type)
                x[2] = quantize(1e-3, element_type)
                x[3] = 0.0
                cases.append(layer_norm_case(
                    "constant-row/ln/n=%d/%s" % (n, tag), x, element_type,
                    -1, rnd.gamma((n,), element_type),
                    rnd.normal((n,), element_type), epsilon=epsilon,
                    exact_bias=True, dynamic=(n == 7)))
            x = quantize(np.full((7, 3), 0.1), element_type)
            x[:, 1] = quantize(-37.3, element_type)
            x[:, 2] = 0.0
            cases.append(batch_norm_train_case(
                "constant-channel/bnt/" + tag, x, element_type,
                rnd.gamma((3,), element_type), rnd.normal((3,), element_type),
                epsilon=epsilon, exact_bias=True))
            x = quantize(np.full((2, 4, 3, 3), 0.1), element_type)
            x[1, 2:] = quantize(-3.7, element_type)
            cases.append(group_norm_case(
                "constant-group/gn/" + tag, x, element_type,
                rnd.gamma((4,), element_type), rnd.normal((4,), element_type),
                2, epsilon=epsilon, exact_bias=True))
            cases.append(instance_norm_case(
                "constant-plane/in/" + tag, x, element_type,
                rnd.gamma((4,), element_type), rnd.normal((4,), element_type),
                epsilon=epsilon, exact_bias=True))
            mean = quantize([0.1, -37.3, 0.0], element_type)
            x = np.broadcast_to(mean, (5, 3)).copy()
            cases.append(batch_norm_case(
                "x-equals-mean/bn/" + tag, x, element_type,
                rnd.gamma((3,), element_type), rnd.normal((3,), element_type),
                mean, np.zeros(3), epsilon=epsilon, exact_bias=True))
        cases.append(rms_norm_case(
            "zero-row/rms/%s/eps=0" % element_type, np.zeros((3, 16)),
            element_type, -1, rnd.gamma((16,), element_type), True,
            epsilon=0.0, exact_zero=True))

    # Zero-size batches: empty outputs; batch_norm_train has no element per
    # channel for its statistics, an error (static shapes: the verifier;
    # dynamic: the run-time check).
    empty = np.zeros((0, 8))
    g8, b8 = rnd.gamma((8,), "f32"), rnd.normal((8,), "f32")
    for dynamic in (False, True):
        kind = "dynamic" if dynamic else "static"
        cases.append(layer_norm_case("zero-batch/ln/0x8/" + kind, empty,
                                     "f32", -1, g8, b8, True, True,
                                     dynamic=dynamic))
        cases.append(rms_norm_case("zero-batch/rms/0x8/" + kind, empty, "f32",
                                   -1, g8, True, dynamic=dynamic))
        cases.append(batch_norm_case("zero-batch/bn/0x8/" + kind, empty,
                                     "f32", *_bn_params(rnd, 8, "f32"),
                                     dynamic=dynamic))
        cases.append(batch_norm_train_case(
            "zero-batch/bnt/0x8/" + kind, empty, "f32", g8, b8,
            rnd.normal((8,), "f32"), rnd.uniform((8,), "f32", 0.5, 2),
            dynamic=dynamic))
        cases[-1].expect_error = ZERO_PER_CHANNEL
        cases.append(group_norm_case("zero-batch/gn/0x8x3/" + kind,
                                     np.zeros((0, 8, 3)), "f32", g8, b8, 4,
                                     True, True, dynamic=dynamic))
        cases.append(instance_norm_case("zero-batch/in/0x8x3/" + kind,
                                        np.zeros((0, 8, 3)), "f32", g8, b8,
                                        dynamic=dynamic))

    # Large mean, small spread, in f32: must match float64 to f32 tolerance.
    deltas = rnd.rng.uniform(-0.5, 0.5, size=(4, 256))
    x = quantize(40000.0 + deltas, "f32")
    g, b = rnd.gamma((256,), "f32"), rnd.normal((256,), "f32")
    cases.append(layer_norm_case("large-mean/ln/f32", x, "f32", -1, g, b,
                                 True, True))
    cases.append(batch_norm_train_case(
        "large-mean/bnt/f32", x.T.copy(), "f32", rnd.gamma((4,), "f32"),
        rnd.normal((4,), "f32"), np.full(4, 40000.0), np.ones(4),
        feature_axis=-1, unbiased=True))
    cases.append(group_norm_case(
        "large-mean/gn/f32", x.reshape(2, 8, 64), "f32",
        rnd.gamma((8,), "f32"), rnd.normal((8,), "f32"), 4, True, True))
    cases.append(instance_norm_case(
        "large-mean/in/f32", x.reshape(2, 8, 64), "f32",
        rnd.gamma((8,), "f32"), rnd.normal((8,), "f32")))

    # The same for NCHW (runs of 5 x 7 after each channel), and channels last
    # with several leading dims, constant channels giving exactly `bias` with
    # both epsilons; a batch of images of large mean; an empty dynamic batch.
    rnd_nchw = Random(61)
    for element_type in ("f32", "f16", "bf16", "f64"):
        for epsilon in (1e-5, 0.0):
            tag = "%s/eps=%g" % (element_type, epsilon)
            values = quantize([0.1, -37.3, 0.0], element_type)
            for layout, shape, axis in (("nchw", (3, 3, 5, 7), 1),
                                        ("nhwc", (3, 2, 5, 3), -1)):
                x = np.broadcast_to(
                    _channel_view(values, 4, axis % 4), shape).copy()
                cases.append(batch_norm_train_case(
                    "constant-channel/bnt/%s/%s" % (layout, tag), x,
                    element_type, rnd_nchw.gamma((3,), element_type),
                    rnd_nchw.normal((3,), element_type), feature_axis=axis,
                    epsilon=epsilon, exact_bias=True,
                    dynamic=element_type == "f16"))
    for layout, axis in (("nchw", 1), ("nhwc", -1)):
        shape = (6, 4, 9, 9) if layout == "nchw" else (6, 9, 9, 4)
        x = quantize(40000.0 + rnd_nchw.rng.uniform(-0.5, 0.5, size=shape),
                     "f32")
        cases.append(batch_norm_train_case(
            "large-mean/bnt/%s/f32" % layout, x, "f32",
            rnd_nchw.gamma((4,), "f32"), rnd_nchw.normal((4,), "f32"),
            np.full(4, 40000.0), np.ones(4), feature_axis=axis,
            unbiased=True))
    g4, b4 = rnd_nchw.gamma((4,), "f32"), rnd_nchw.normal((4,), "f32")
    cases.append(batch_norm_train_case(
        "zero-batch/bnt/0x4x3x5/dynamic", np.zeros((0, 4, 3, 5)), "f32", g4,
        b4, rnd_nchw.normal((4,), "f32"), rnd_nchw.uniform((4,), "f32", 0.5, 2),
        dynamic=True))
    cases[-1].expect_error = ZERO_PER_CHANNEL
    cases.append(batch_norm_case(
        "zero-batch/bn/0x4x3x5/dynamic", np.zeros((0, 4, 3, 5)), "f32",
        *_bn_params(rnd_nchw, 4, "f32"), dynamic=True))

    # f16 inputs whose squares overflow f16 (accumulation is f32).
    for lo, hi in ((300.0, 60000.0), (-60000.0, -300.0)):
        x = rnd.uniform((4, 200), "f16", lo, hi)
        g, b = rnd.gamma((200,), "f16"), rnd.normal((200,), "f16")
        tag = "[%g,%g]" % (lo, hi)
        cases.append(layer_norm_case("f16-big/ln/" + tag, x, "f16", -1, g, b,
                                     True, True))
        cases.append(rms_norm_case("f16-big/rms/" + tag, x, "f16", -1, g,
                                   True))
        cases.append(batch_norm_train_case(
            "f16-big/bnt/" + tag, x.T.copy(), "f16", rnd.gamma((4,), "f16"),
            rnd.normal((4,), "f16"), np.zeros(4), np.ones(4),
            feature_axis=1, unbiased=True))
        cases.append(group_norm_case(
            "f16-big/gn/" + tag, x.reshape(2, 8, 50), "f16",
            rnd.gamma((8,), "f16"), rnd.normal((8,), "f16"), 2, True, True))
    return cases, []


def suite_residual():
    """layer_norm and rms_norm with a `residual` (x + r normalized, the sum
    rounded to the element type) and the `sum` result: f32 and bf16, static
    and dynamic, rows shorter than a vector, with a masked tail and longer
    than the unrolled main loop, and an empty batch."""
    rnd = Random(13)
    cases = []
    for element_type in ("f32", "bf16"):
        for dynamic in (False, True):
            for n, with_sum in ((7, True), (1000, False)):
                tag = "%s/%s/n=%d/sum=%d" % (
                    element_type, "dynamic" if dynamic else "static", n,
                    with_sum)
                x = rnd.normal((5, n), element_type, loc=0.5, std=2.0)
                r = rnd.normal((5, n), element_type, loc=-0.25, std=1.0)
                cases.append(layer_norm_case(
                    "residual/ln/" + tag, x, element_type, -1,
                    rnd.gamma((n,), element_type),
                    rnd.normal((n,), element_type), mean=with_sum,
                    inv_std_dev=with_sum, dynamic=dynamic, residual=r,
                    sum_result=with_sum))
                cases.append(rms_norm_case(
                    "residual/rms/" + tag, x, element_type, -1,
                    rnd.gamma((n,), element_type), inv_rms=with_sum,
                    epsilon=1e-6, dynamic=dynamic, residual=r,
                    sum_result=with_sum))
    # Several normalized dims (the linalg path) and a rank-3 input.
    x = rnd.normal((2, 3, 10), "f32", std=3.0)
    r = rnd.normal((2, 3, 10), "f32")
    cases.append(layer_norm_case("residual/ln/axis=1/f32", x, "f32", 1,
                                 residual=r, sum_result=True))
    cases.append(rms_norm_case("residual/rms/rank3/f32", x, "f32", -1,
                               residual=r, sum_result=True))
    # An empty batch.
    for element_type in ("f32", "bf16"):
        for dynamic in (False, True):
            x = rnd.normal((0, 16), element_type)
            r = rnd.normal((0, 16), element_type)
            tag = "%s/%s" % (element_type, "dynamic" if dynamic else "static")
            cases.append(layer_norm_case(
                "residual/ln/empty/" + tag, x, element_type, -1,
                dynamic=dynamic, residual=r, sum_result=True))
            cases.append(rms_norm_case(
                "residual/rms/empty/" + tag, x, element_type, -1,
                dynamic=dynamic, residual=r, sum_result=True))
    return cases, []


def suite_short_rows():
    """layer_norm and rms_norm rows short enough for the row-group kernel
    (short-row-elements): row counts that are not a multiple of the group
    (the last group overlaps the one before it) and fewer rows than a group
    (the last row repeated), rank 3 (groups along the innermost row dim),
    rows shorter than a vector, with a masked tail and of whole vectors,
    f32/f16/bf16 with the statistics, static and dynamic, constant rows
    (exactly the bias, epsilon 1e-5 and 0), a residual with its sum, groups
    of 1, 2 and 16 rows, narrower vectors (several result vectors of the
    shuffle tree), 2 threads, the short-row-max-bytes check picking either
    kernel at run time, and empty dims."""
    rnd = Random(17)
    cases = []
    for element_type, dynamic, shapes in (
            ("f32", False, ((13, 40), (21, 96), (9, 256), (3, 7))),
            ("f32", True, ((13, 40), (5, 128), (3, 7))),
            ("f16", True, ((13, 40), (21, 96))),
            ("bf16", False, ((21, 96), (9, 256))),
            ("bf16", True, ((13, 40), (3, 7)))):
        for rows, n in shapes:
            tag = "%s/%s/%dx%d" % (element_type,
                                   "dynamic" if dynamic else "static",
                                   rows, n)
            x = rnd.normal((rows, n), element_type, loc=0.5, std=2.0)
            cases.append(layer_norm_case(
                "short/ln/" + tag, x, element_type, -1,
                rnd.gamma((n,), element_type),
                rnd.normal((n,), element_type), True, True,
                dynamic=dynamic))
            cases.append(rms_norm_case(
                "short/rms/" + tag, x, element_type, -1,
                rnd.gamma((n,), element_type), inv_rms=True,
                dynamic=dynamic))
    # Rank 3: groups along the last of the row dims (5 rows: fewer than a
    # group).
    x = rnd.normal((3, 5, 33), "f32", loc=-1.0, std=3.0)
    cases.append(layer_norm_case("short/ln/rank3/f32", x, "f32", -1,
                                 rnd.gamma((33,), "f32"),
                                 rnd.normal((33,), "f32"), True, True,
                                 dynamic=True))
    cases.append(rms_norm_case("short/rms/rank3/f32", x, "f32", -1,
                               rnd.gamma((33,), "f32"), inv_rms=True))
    # Constant rows among others give exactly the bias.
    for element_type in ("f32", "bf16"):
        for epsilon in (1e-5, 0.0):
            x = quantize(np.full((11, 48), 0.1), element_type)
            x[3] = quantize(-37.3, element_type)
            x[7] = quantize(40000.1, element_type)
            x[10] = 0.0
            cases.append(layer_norm_case(
                "short/ln/constant/%s/eps=%g" % (element_type, epsilon), x,
                element_type, -1, rnd.gamma((48,), element_type),
                rnd.normal((48,), element_type), epsilon=epsilon,
                exact_bias=True, dynamic=epsilon == 0.0))
    # A residual, the sum written by the group's write pass.
    for element_type in ("f32", "bf16"):
        x = rnd.normal((10, 70), element_type, loc=0.5, std=2.0)
        r = rnd.normal((10, 70), element_type, loc=-0.25, std=1.0)
        cases.append(layer_norm_case(
            "short/ln/residual/" + element_type, x, element_type, -1,
            rnd.gamma((70,), element_type), rnd.normal((70,), element_type),
            True, True, dynamic=True, residual=r, sum_result=True))
        cases.append(rms_norm_case(
            "short/rms/residual/" + element_type, x, element_type, -1,
            rnd.gamma((70,), element_type), inv_rms=True, residual=r,
            sum_result=True))
    # Other groups, vector widths and thread counts; the byte limit picking
    # the per-row kernel (40 x 40 f32: 6400 bytes) or the groups (5 x 40);
    # tiles of 13 rows (as row-tile-bytes makes them: groups that overlap
    # inside a tile).
    x = rnd.normal((37, 40), "f32", loc=0.3, std=1.5)
    g, b = rnd.gamma((40,), "f32"), rnd.normal((40,), "f32")
    for options in ("short-row-group=1", "short-row-group=2",
                    "short-row-group=16", "vector-width=8",
                    "vector-width=4 short-row-group=8", "num-threads=2",
                    "short-row-max-bytes=1000", "row-tile-size=13"):
        case = layer_norm_case("short/ln/37x40/" + options, x, "f32", -1, g,
                               b, True, True, dynamic=True)
        case.pipeline_options = options
        cases.append(case)
        case = rms_norm_case("short/rms/37x40/" + options, x, "f32", -1, g,
                             inv_rms=True, dynamic=True)
        case.pipeline_options = options
        cases.append(case)
    case = layer_norm_case("short/ln/5x40/short-row-max-bytes=1000", x[:5],
                           "f32", -1, g, b, True, True, dynamic=True)
    case.pipeline_options = "short-row-max-bytes=1000"
    cases.append(case)
    # Empty dims.
    for shape in ((0, 40), (6, 0)):
        x = rnd.normal(shape, "f32")
        n = shape[1]
        cases.append(layer_norm_case(
            "short/ln/empty/%dx%d" % shape, x, "f32", -1,
            rnd.gamma((n,), "f32"), rnd.normal((n,), "f32"), True, True,
            dynamic=True))
    # The per-row kernel with nontemporal-min-bytes=0 (small inputs may
    # stream) and nontemporal-min-bytes-per-pass=0 (so may the bf16 / f16
    # layer_norms that the default writes through the cache) and
    # row-tile-bytes' tiles of many short rows: rows whose tail
    # is short enough stream their unrolled part (768: bf16 as packed i32
    # words, natively rounded where the host has AVX-512 BF16; 100 bf16:
    # rows aligned only every other row), others write plainly (96, 40);
    # static and dynamic, a row of one value, 1 and 2 threads, constant rows
    # (exactly the bias), a residual with its sum, no rows.
    stream = ("short-row-elements=0 nontemporal-min-bytes=0 "
              "nontemporal-min-bytes-per-pass=0")
    for element_type, dynamic, rows, n, threads in (
            ("f32", True, 13, 96, 2), ("f32", True, 5, 40, 1),
            ("f32", True, 0, 96, 1), ("f32", False, 11, 96, 1),
            ("f16", True, 9, 96, 1), ("bf16", True, 6, 768, 2),
            ("bf16", True, 5, 100, 1), ("bf16", False, 5, 768, 1)):
        x = rnd.normal((rows, n), element_type, loc=0.5, std=2.0)
        if rows > 2:
            x[2] = quantize(-3.7, element_type)
        g, b = rnd.gamma((n,), element_type), rnd.normal((n,), element_type)
        tag = "%s/%s/%dx%d/%dT" % (element_type, "dynamic" if dynamic
                                   else "static", rows, n, threads)
        options = stream + " num-threads=%d" % threads
        case = layer_norm_case("stream/ln/" + tag, x, element_type, -1, g, b,
                               True, True, dynamic=dynamic)
        case.pipeline_options = options
        cases.append(case)
        if n in (96, 768) and dynamic:
            case = rms_norm_case("stream/rms/" + tag, x, element_type, -1, g,
                                 inv_rms=True, dynamic=dynamic)
            case.pipeline_options = options
            cases.append(case)
    for element_type, n in (("f32", 96), ("bf16", 768)):
        x = quantize(np.full((7, n), 0.1), element_type)
        x[3] = quantize(-37.3, element_type)
        x[5] = 0.0
        case = layer_norm_case(
            "stream/ln/constant/%s" % element_type, x, element_type, -1,
            rnd.gamma((n,), element_type), rnd.normal((n,), element_type),
            exact_bias=True, dynamic=True)
        case.pipeline_options = stream
        cases.append(case)
    x = rnd.normal((9, 96), "f32", loc=0.5, std=2.0)
    r = rnd.normal((9, 96), "f32", loc=-0.25, std=1.0)
    case = layer_norm_case("stream/ln/residual/f32", x, "f32", -1,
                           rnd.gamma((96,), "f32"), rnd.normal((96,), "f32"),
                           True, True, dynamic=True, residual=r,
                           sum_result=True)
    case.pipeline_options = stream
    cases.append(case)
    # The per-row kernel with other unrolls (the pipeline's `unroll`): odd
    # ones (bf16 then reads single vectors, not pairs), one vector per
    # iteration, and a whole 96-wide row per iteration; tails of full and
    # partial vectors, static and dynamic.
    for unroll, element_type, rows, n, dynamic in (
            (3, "f32", 13, 96, True), (3, "f32", 7, 100, False),
            (3, "bf16", 6, 768, True), (1, "f32", 5, 40, True),
            (6, "f32", 9, 96, False), (2, "bf16", 5, 100, True)):
        x = rnd.normal((rows, n), element_type, loc=0.5, std=2.0)
        x[2] = quantize(-3.7, element_type)
        g, b = rnd.gamma((n,), element_type), rnd.normal((n,), element_type)
        tag = "%s/%s/%dx%d/unroll=%d" % (element_type, "dynamic" if dynamic
                                         else "static", rows, n, unroll)
        case = layer_norm_case("unroll/ln/" + tag, x, element_type, -1, g, b,
                               True, True, dynamic=dynamic)
        case.pipeline_options = "short-row-elements=0 unroll=%d" % unroll
        cases.append(case)
        case = rms_norm_case("unroll/rms/" + tag, x, element_type, -1, g,
                             inv_rms=True, dynamic=dynamic)
        case.pipeline_options = "short-row-elements=0 unroll=%d" % unroll
        cases.append(case)
    return cases, []


SUITES = {
    "layer_norm": suite_layer_norm,
    "residual": suite_residual,
    "rms_norm": suite_rms_norm,
    "batch_norm": suite_batch_norm,
    "batch_norm_train": suite_batch_norm_train,
    "group_norm_instance_norm": suite_group_norm_instance_norm,
    "group_norm_vector": suite_group_norm_vector,
    "edge_cases": suite_edge_cases,
    "short_rows": suite_short_rows,
}

if __name__ == "__main__":
    sys.exit(main())
