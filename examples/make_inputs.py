#!/usr/bin/env python3
"""Writes the bundled .npy inputs of the examples (deterministic: fixed seeds,
the same bytes on every run).

- inputs/*.npy: examples/model.mlir. The batch of 3 items mixes magnitudes
  like real activations; item 1 is the [80.40, 2310.625, ..., 840.361, 6.001]
  row of the docs.
- inputs/bert/*.npy: examples/bert_layer.mlir, in its argument order
  (ARGS["bert"]); PyTorch-like initialization (uniform +-1/sqrt(fan_in)).
- inputs/resnet/*.npy: examples/resnet_block.mlir (ARGS["resnet"]).

examples/reference.py computes the float64 results from the same files.
"""
import os

import sys

import numpy as np

# The inputs directory, or the one given (the tests check that a second run
# writes the same bytes).
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inputs")
if __name__ == "__main__" and len(sys.argv) > 1:
    here = sys.argv[1]
rng = np.random.default_rng(7)
arrays = {
    "x": np.array([[80.40, 2310.625, 17.5, 1022.0, 840.361, 6.001],
                   [3.25, 7.5, 1.125, 0.5, 12.0, 9.75],
                   [-4.0, 250.0, 31.0, -17.25, 0.0, 66.5]], np.float32),
    "residual": rng.normal(0.0, 1.0, (3, 6)).astype(np.float32),
    "ln_scale": rng.uniform(0.5, 1.5, 6).astype(np.float32),
    "ln_bias": rng.normal(0.0, 0.1, 6).astype(np.float32),
    "weight": rng.normal(0.0, 0.5, (6, 4)).astype(np.float32),
    "bn_scale": rng.uniform(0.5, 1.5, 4).astype(np.float32),
    "bn_bias": rng.normal(0.0, 0.1, 4).astype(np.float32),
    "bn_mean": rng.normal(0.0, 0.2, 4).astype(np.float32),
    "bn_var": rng.uniform(0.5, 2.0, 4).astype(np.float32),
}
if __name__ == "__main__":
    os.makedirs(here, exist_ok=True)
    for name, array in arrays.items():
        np.save(os.path.join(here, name + ".npy"), array)

# Argument order of each example's function (what reference.py and the
# tests pass to norm-run).
ARGS = {
    "bert": ["x", "wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo",
             "ln1_weight", "ln1_bias", "w1", "b1", "w2", "b2",
             "ln2_weight", "ln2_bias"],
    "resnet": ["x"],
}


def linear(rng, n_out, n_in):
    bound = 1.0 / np.sqrt(n_in)
    return (rng.uniform(-bound, bound, (n_out, n_in)).astype(np.float32),
            rng.uniform(-bound, bound, n_out).astype(np.float32))


def bert_inputs():
    """seq 16, hidden 64, FFN 256; x like embeddings (about unit variance)."""
    rng = np.random.default_rng(13)
    seq, hidden, ffn = 16, 64, 256
    out = {"x": rng.normal(0.0, 1.0, (seq, hidden)).astype(np.float32)}
    for name in ("q", "k", "v", "o"):
        out["w" + name], out["b" + name] = linear(rng, hidden, hidden)
    out["w1"], out["b1"] = linear(rng, ffn, hidden)
    out["w2"], out["b2"] = linear(rng, hidden, ffn)
    for ln in ("ln1", "ln2"):
        out[ln + "_weight"] = rng.uniform(0.8, 1.2, hidden).astype(np.float32)
        out[ln + "_bias"] = rng.normal(0.0, 0.1, hidden).astype(np.float32)
    return out


def resnet_inputs():
    """One NCHW image, 8 channels of 8x8 pixels; the weights and batch norm
    statistics are constants inside the model (make_resnet.py)."""
    rng = np.random.default_rng(29)
    return {"x": rng.normal(0.0, 1.0, (1, 8, 8, 8)).astype(np.float32)}


if __name__ == "__main__":
    for model, make in (("bert", bert_inputs), ("resnet", resnet_inputs)):
        directory = os.path.join(here, model)
        os.makedirs(directory, exist_ok=True)
        arrays = make()
        assert sorted(arrays) == sorted(ARGS[model])
        for name, array in arrays.items():
            np.save(os.path.join(directory, name + ".npy"), array)
