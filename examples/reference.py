#!/usr/bin/env python3
"""Float64 NumPy references of the example models, and the comparison the
tests make with norm-run's results.

    reference.py bert   --inputs DIR --result OUT.npy [--tolerance T]
    reference.py resnet --inputs DIR --result OUT.npy [--tolerance T]

Computes the model in float64 from the .npy inputs in DIR (as written by
make_inputs.py) and compares with OUT.npy: prints
"match: <model> <shape> max_abs_err=..." and exits 0 when every element is
within T * (1 + |reference|), else prints the worst element and exits 1.
The models are written from their definitions (PyTorch's
TransformerEncoderLayer and torchvision's BasicBlock), not from the IR.
"""
import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_inputs import ARGS  # noqa: E402


def layer_norm(x, weight, bias, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def bert(a, heads=2, eps=1e-12):
    """Post-LN encoder layer: LN(x + attn(x)), then LN(h + ffn(h))."""
    x = a["x"]
    seq, hidden = x.shape
    d = hidden // heads

    def split(t):  # [seq, hidden] -> [heads, seq, d]
        return t.reshape(seq, heads, d).transpose(1, 0, 2)

    q = split(x @ a["wq"].T + a["bq"])
    k = split(x @ a["wk"].T + a["bk"])
    v = split(x @ a["wv"].T + a["bv"])
    probs = softmax(q @ k.transpose(0, 2, 1) / math.sqrt(d))
    ctx = (probs @ v).transpose(1, 0, 2).reshape(seq, hidden)
    h = layer_norm(x + ctx @ a["wo"].T + a["bo"], a["ln1_weight"],
                   a["ln1_bias"], eps)
    f = gelu(h @ a["w1"].T + a["b1"]) @ a["w2"].T + a["b2"]
    return layer_norm(h + f, a["ln2_weight"], a["ln2_bias"], eps)


def conv3x3(x, w, b):
    """NCHW x, OIHW w, stride 1, padding 1."""
    _, _, hgt, wid = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros((x.shape[0], w.shape[0], hgt, wid))
    for i in range(3):
        for j in range(3):
            patch = padded[:, :, i:i + hgt, j:j + wid]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, i, j])
    return out + b.reshape(1, -1, 1, 1)


def batch_norm(x, mean, var, gamma, beta, eps):
    def c(v):
        return v.reshape(1, -1, 1, 1)
    return (x - c(mean)) / np.sqrt(c(var) + eps) * c(gamma) + c(beta)


def resnet(a, eps=1e-5):
    """torchvision BasicBlock (identity shortcut), inference batch norms;
    the weights and statistics are make_resnet.py's constants."""
    from make_resnet import resnet_constants
    p = {k: v.astype(np.float64) for k, v in resnet_constants().items()}

    def bn(x, i):
        return batch_norm(x, p["bn%d_mean" % i], p["bn%d_var" % i],
                          p["bn%d_gamma" % i], p["bn%d_beta" % i], eps)

    h = np.maximum(bn(conv3x3(a["x"], p["w1"], p["b1"]), 1), 0)
    h = bn(conv3x3(h, p["w2"], p["b2"]), 2)
    return np.maximum(h + a["x"], 0)


MODELS = {"bert": bert, "resnet": resnet}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=sorted(MODELS))
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--result", required=True)
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    arrays = {name: np.load(os.path.join(args.inputs, name + ".npy"))
              .astype(np.float64) for name in ARGS[args.model]}
    ref = MODELS[args.model](arrays)
    got = np.load(args.result).astype(np.float64)
    if got.shape != ref.shape:
        sys.exit("shape mismatch: got %s, reference %s" % (got.shape,
                                                            ref.shape))
    err = np.abs(got - ref)
    bound = args.tolerance * (1.0 + np.abs(ref))
    shape = "x".join(map(str, ref.shape))
    if not np.all(np.isfinite(got)) or np.any(err > bound):
        worst = np.unravel_index(np.argmax(err - bound), err.shape)
        print("MISMATCH: %s %s at %s: got %r, reference %r" % (
            args.model, shape, worst, got[worst], ref[worst]))
        sys.exit(1)
    print("match: %s %s max_abs_err=%.2e" % (args.model, shape, err.max()))


if __name__ == "__main__":
    main()
