"""Runs models with a constant inference batch norm after a convolution or
matmul through norm-run twice, as written and after norm-fold-batch-norm, and
compares both with a float64 NumPy reference of the unfolded model.

  fold_batch_norm.py --norm-opt PATH --norm-run PATH --workdir DIR
"""

import argparse
import os
import subprocess
import sys

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

RNG = np.random.default_rng(13)
EPS = 1e-3


def dense(values, element_type):
    """A dense<"0x..."> attribute body of `values` stored as `element_type`."""
    dtype = {"f32": "<f4", "f16": "<f2"}[element_type]
    return '"0x%s"' % np.asarray(values, dtype).tobytes().hex().upper()


def tensor(shape, element_type):
    return "tensor<%s>" % "x".join([str(d) for d in shape] + [element_type])


def stored(values, element_type):
    """`values` rounded to `element_type`, back in float64."""
    return np.asarray(values, {"f32": np.float32, "f16": np.float16}[
        element_type]).astype(np.float64)


def batch_norm_params(channels, element_type):
    scale = stored(RNG.uniform(0.5, 2.0, channels), element_type)
    bias = stored(RNG.uniform(-1, 1, channels), element_type)
    mean = stored(RNG.uniform(-1, 1, channels), element_type)
    var = stored(RNG.uniform(0.1, 3.0, channels), element_type)
    return scale, bias, mean, var


def ref_batch_norm(x, params, axis):
    scale, bias, mean, var = params
    shape = [1] * x.ndim
    shape[axis] = -1
    r = lambda v: v.reshape(shape)
    return (x - r(mean)) / np.sqrt(r(var) + EPS) * r(scale) + r(bias)


def batch_norm_text(value, shape, params, axis, element_type):
    vector = tensor([len(params[0])], element_type)
    lines = []
    for name, values in zip(("scale", "bias", "mean", "var"), params):
        lines.append("  %%%s = arith.constant dense<%s> : %s" %
                     (name, dense(values, element_type), vector))
    lines.append(
        "  %%y = norm.batch_norm %s scale(%%scale : %s) bias(%%bias : %s) "
        "mean(%%mean : %s) var(%%var : %s) {epsilon = %r : f32, "
        "feature_axis = %d : i64} : %s" %
        (value, vector, vector, vector, vector, EPS, axis,
         tensor(shape, element_type)))
    return "\n".join(lines)


def conv_nchw_case():
    n, c, h, w, f, k = 2, 3, 6, 6, 4, 3
    x = stored(RNG.standard_normal((n, c, h, w)), "f32")
    wt = stored(RNG.standard_normal((f, c, k, k)), "f32")
    params = batch_norm_params(f, "f32")
    out = [n, f, h - k + 1, w - k + 1]
    windows = sliding_window_view(x, (k, k), axis=(2, 3))
    conv = np.einsum("nchwij,fcij->nfhw", windows, wt)
    text = """func.func @main(%%x: %(xt)s) -> %(ot)s {
  %%w = arith.constant dense<%(w)s> : %(wt)s
  %%zero = arith.constant 0.0 : f32
  %%e = tensor.empty() : %(ot)s
  %%init = linalg.fill ins(%%zero : f32) outs(%%e : %(ot)s) -> %(ot)s
  %%c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%%x, %%w : %(xt)s, %(wt)s) outs(%%init : %(ot)s) -> %(ot)s
%(bn)s
  return %%y : %(ot)s
}
""" % dict(xt=tensor(x.shape, "f32"), wt=tensor(wt.shape, "f32"),
           ot=tensor(out, "f32"), w=dense(wt, "f32"),
           bn=batch_norm_text("%c", out, params, 1, "f32"))
    return "conv_2d_nchw_fchw", text, [(x, "f32")], ref_batch_norm(
        conv, params, 1), "f32"


def conv_nhwc_bias_case():
    n, h, w, c, f, k = 1, 5, 5, 2, 3, 2
    x = stored(RNG.standard_normal((n, h, w, c)), "f32")
    wt = stored(RNG.standard_normal((k, k, c, f)), "f32")
    cb = stored(RNG.standard_normal(f), "f32")
    params = batch_norm_params(f, "f32")
    out = [n, h - k + 1, w - k + 1, f]
    windows = sliding_window_view(x, (k, k), axis=(1, 2))
    conv = np.einsum("nhwcij,ijcf->nhwf", windows, wt) + cb
    text = """func.func @main(%%x: %(xt)s) -> %(ot)s {
  %%w = arith.constant dense<%(w)s> : %(wt)s
  %%cb = arith.constant dense<%(cb)s> : tensor<%(f)dxf32>
  %%e = tensor.empty() : %(ot)s
  %%init = linalg.broadcast ins(%%cb : tensor<%(f)dxf32>) outs(%%e : %(ot)s) dimensions = [0, 1, 2]
  %%c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%%x, %%w : %(xt)s, %(wt)s) outs(%%init : %(ot)s) -> %(ot)s
%(bn)s
  return %%y : %(ot)s
}
""" % dict(xt=tensor(x.shape, "f32"), wt=tensor(wt.shape, "f32"),
           ot=tensor(out, "f32"), w=dense(wt, "f32"), cb=dense(cb, "f32"),
           f=f, bn=batch_norm_text("%c", out, params, -1, "f32"))
    return "conv_2d_nhwc_hwcf + bias init", text, [(x, "f32")], \
        ref_batch_norm(conv, params, 3), "f32"


def depthwise_case():
    n, h, w, c, k = 1, 5, 4, 3, 3
    x = stored(RNG.standard_normal((n, h, w, c)), "f32")
    wt = stored(RNG.standard_normal((k, k, c)), "f32")
    params = batch_norm_params(c, "f32")
    out = [n, h - k + 1, w - k + 1, c]
    windows = sliding_window_view(x, (k, k), axis=(1, 2))
    conv = np.einsum("nhwcij,ijc->nhwc", windows, wt)
    text = """func.func @main(%%x: %(xt)s) -> %(ot)s {
  %%w = arith.constant dense<%(w)s> : %(wt)s
  %%zero = arith.constant 0.0 : f32
  %%e = tensor.empty() : %(ot)s
  %%init = linalg.fill ins(%%zero : f32) outs(%%e : %(ot)s) -> %(ot)s
  %%c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%%x, %%w : %(xt)s, %(wt)s) outs(%%init : %(ot)s) -> %(ot)s
%(bn)s
  return %%y : %(ot)s
}
""" % dict(xt=tensor(x.shape, "f32"), wt=tensor(wt.shape, "f32"),
           ot=tensor(out, "f32"), w=dense(wt, "f32"),
           bn=batch_norm_text("%c", out, params, 3, "f32"))
    return "depthwise_conv_2d_nhwc_hwc", text, [(x, "f32")], ref_batch_norm(
        conv, params, 3), "f32"


def matmul_bias_add_case():
    m, k, n = 5, 7, 4
    a = stored(RNG.standard_normal((m, k)), "f32")
    wt = stored(RNG.standard_normal((k, n)), "f32")
    lb = stored(RNG.standard_normal(n), "f32")
    params = batch_norm_params(n, "f32")
    text = """#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @main(%%a: %(at)s) -> %(ot)s {
  %%w = arith.constant dense<%(w)s> : %(wt)s
  %%lb = arith.constant dense<%(lb)s> : tensor<%(n)dxf32>
  %%zero = arith.constant 0.0 : f32
  %%e = tensor.empty() : %(ot)s
  %%init = linalg.fill ins(%%zero : f32) outs(%%e : %(ot)s) -> %(ot)s
  %%m = linalg.matmul ins(%%a, %%w : %(at)s, %(wt)s) outs(%%init : %(ot)s) -> %(ot)s
  %%c = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]} ins(%%m, %%lb : %(ot)s, tensor<%(n)dxf32>) outs(%%e : %(ot)s) {
  ^bb0(%%p: f32, %%q: f32, %%o: f32):
    %%s = arith.addf %%p, %%q : f32
    linalg.yield %%s : f32
  } -> %(ot)s
%(bn)s
  return %%y : %(ot)s
}
""" % dict(at=tensor(a.shape, "f32"), wt=tensor(wt.shape, "f32"),
           ot=tensor([m, n], "f32"), w=dense(wt, "f32"), lb=dense(lb, "f32"),
           n=n, bn=batch_norm_text("%c", [m, n], params, 1, "f32"))
    return "matmul + bias add", text, [(a, "f32")], ref_batch_norm(
        a @ wt + lb, params, 1), "f32"


LOWER_TOSA = ("--pass-pipeline=builtin.module(func.func(tosa-to-linalg-named,"
              " tosa-to-linalg, tosa-to-arith, tosa-to-tensor))")


def tosa_conv_case():
    """tosa.conv2d with a bias and an inference batch norm decomposed as
    torch-mlir's TorchToTosa emits it: raised, lowered to linalg, folded."""
    n, h, w, c, f, k = 1, 5, 5, 2, 3, 3
    x = stored(RNG.standard_normal((n, h, w, c)), "f32")
    wt = stored(RNG.standard_normal((f, k, k, c)), "f32")
    cb = stored(RNG.standard_normal(f), "f32")
    scale, bias, mean, var = batch_norm_params(f, "f32")
    out = [n, h - k + 1, w - k + 1, f]
    windows = sliding_window_view(x, (k, k), axis=(1, 2))
    conv = np.einsum("nhwcij,fijc->nhwf", windows, wt) + cb
    vec = tensor([f], "f32")
    bcast = tensor([1, 1, 1, f], "f32")
    text = """func.func @main(%%x: %(xt)s) -> %(ot)s {
  %%w = "tosa.const"() <{values = dense<%(w)s> : %(wt)s}> : () -> %(wt)s
  %%cb = "tosa.const"() <{values = dense<%(cb)s> : %(vec)s}> : () -> %(vec)s
  %%zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %%c = tosa.conv2d %%x, %%w, %%cb, %%zp, %%zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (%(xt)s, %(wt)s, %(vec)s, tensor<1xf32>, tensor<1xf32>) -> %(ot)s
  %%scale = "tosa.const"() <{values = dense<%(scale)s> : %(vec)s}> : () -> %(vec)s
  %%bias = "tosa.const"() <{values = dense<%(bias)s> : %(vec)s}> : () -> %(vec)s
  %%mean = "tosa.const"() <{values = dense<%(mean)s> : %(vec)s}> : () -> %(vec)s
  %%var = "tosa.const"() <{values = dense<%(var)s> : %(vec)s}> : () -> %(vec)s
  %%s = tosa.const_shape {values = dense<[1, 1, 1, %(f)d]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %%m4 = tosa.reshape %%mean, %%s : (%(vec)s, !tosa.shape<4>) -> %(bc)s
  %%v4 = tosa.reshape %%var, %%s : (%(vec)s, !tosa.shape<4>) -> %(bc)s
  %%g4 = tosa.reshape %%scale, %%s : (%(vec)s, !tosa.shape<4>) -> %(bc)s
  %%b4 = tosa.reshape %%bias, %%s : (%(vec)s, !tosa.shape<4>) -> %(bc)s
  %%eps = "tosa.const"() <{values = dense<%(eps)r> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %%shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %%d = tosa.sub %%c, %%m4 : (%(ot)s, %(bc)s) -> %(ot)s
  %%ve = tosa.add %%v4, %%eps : (%(bc)s, tensor<1x1x1x1xf32>) -> %(bc)s
  %%r = tosa.rsqrt %%ve : (%(bc)s) -> %(bc)s
  %%n = tosa.mul %%d, %%r, %%shift : (%(ot)s, %(bc)s, tensor<1xi8>) -> %(ot)s
  %%sc = tosa.mul %%n, %%g4, %%shift : (%(ot)s, %(bc)s, tensor<1xi8>) -> %(ot)s
  %%y = tosa.add %%sc, %%b4 : (%(ot)s, %(bc)s) -> %(ot)s
  return %%y : %(ot)s
}
""" % dict(xt=tensor(x.shape, "f32"), wt=tensor(wt.shape, "f32"),
           ot=tensor(out, "f32"), vec=vec, bc=bcast, f=f, eps=EPS,
           w=dense(wt, "f32"), cb=dense(cb, "f32"), scale=dense(scale, "f32"),
           bias=dense(bias, "f32"), mean=dense(mean, "f32"),
           var=dense(var, "f32"))
    return "tosa.conv2d + TOSA batch norm", text, [(x, "f32")], \
        ref_batch_norm(conv, (scale, bias, mean, var), 3), "f32", \
        [["--norm-raise"], [LOWER_TOSA]]


def multiply_add_case(element_type):
    x = stored(RNG.standard_normal((2, 3, 4, 5)), element_type)
    params = batch_norm_params(3, element_type)
    text = """func.func @main(%%x: %(xt)s) -> %(xt)s {
%(bn)s
  return %%y : %(xt)s
}
""" % dict(xt=tensor(x.shape, element_type),
           bn=batch_norm_text("%x", x.shape, params, 1, element_type))
    return "multiply-add " + element_type, text, [(x, element_type)], \
        ref_batch_norm(x, params, 1), element_type


def run(args, name, text, inputs, index, fold, prepare=()):
    directory = os.path.join(args.workdir, "%02d%s" % (index, "f" if fold
                                                       else ""))
    os.makedirs(directory, exist_ok=True)
    model = os.path.join(directory, "model.mlir")
    with open(model, "w") as f:
        f.write(text)
    for step, options in enumerate(prepare):
        prepared = os.path.join(directory, "prepared%d.mlir" % step)
        subprocess.run([args.norm_opt, model] + options + ["-o", prepared],
                       check=True)
        model = prepared
    if prepare and "norm.batch_norm" not in open(model).read():
        raise RuntimeError("%s: the batch norm was not raised" % name)
    if fold:
        folded = os.path.join(directory, "folded.mlir")
        subprocess.run([args.norm_opt, model, "--norm-fold-batch-norm", "-o",
                        folded], check=True)
        with open(folded) as f:
            if "norm.batch_norm" in f.read():
                raise RuntimeError("%s: the batch norm was not folded" % name)
        model = folded
    command = [args.norm_run, model, "--function=main"]
    for i, (values, element_type) in enumerate(inputs):
        path = os.path.join(directory, "in%d.npy" % i)
        np.save(path, values.astype({"f32": np.float32,
                                     "f16": np.float16}[element_type]))
        command.append("--input=@" + path)
    out = os.path.join(directory, "out.npy")
    command.append("--output=@" + out)
    subprocess.run(command, check=True)
    return np.load(out).astype(np.float64)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--norm-opt", default="norm-opt")
    parser.add_argument("--norm-run", default="norm-run")
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    cases = [conv_nchw_case(), conv_nhwc_bias_case(), depthwise_case(),
             matmul_bias_add_case(), multiply_add_case("f32"),
             multiply_add_case("f16"), tosa_conv_case()]
    failed = 0
    for index, case in enumerate(cases):
        name, text, inputs, ref, element_type = case[:5]
        prepare = case[5] if len(case) > 5 else ()
        # f32: a few ulps of the largest term; f16: the output rounding.
        tol = 1e-6 if element_type == "f32" else 1e-3
        scale = max(1.0, float(np.max(np.abs(ref))))
        for fold in (False, True):
            got = run(args, name, text, inputs, index, fold, prepare)
            err = float(np.max(np.abs(got - ref))) / scale
            ok = got.shape == ref.shape and err <= tol
            failed += not ok
            print("%s %s%s: max error %.3g (scaled), tolerance %.0e" %
                  ("PASS" if ok else "FAIL", name,
                   " folded" if fold else "", err, tol))
    print("%d of %d runs failed" % (failed, 2 * len(cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
