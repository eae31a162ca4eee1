#!/usr/bin/env python3
"""Writes the bundled .npy inputs of examples/model.mlir (deterministic).

The batch of 3 items mixes magnitudes like real activations; item 1 is the
[80.40, 2310.625, ..., 840.361, 6.001] row of the docs.
"""
import os

import numpy as np

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inputs")
os.makedirs(here, exist_ok=True)
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
for name, array in arrays.items():
    np.save(os.path.join(here, name + ".npy"), array)
