"""Writes a model whose entry takes many arguments and holds many constant
weights (a chain of batch norms with their own statistics, each followed by a
layer norm with a constant scale), runs it with norm-run and compares the
result with a float64 NumPy evaluation.

norm-run rebuilds the entry's packed wrapper after LLVM's optimizer and puts
each call of the `optnone` entry in a block of its own; this checks that the
arguments still reach the right kernels and the result comes back."""

import argparse
import os
import subprocess
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--norm-run", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--blocks", type=int, default=40)
    args = parser.parse_args()
    rng = np.random.RandomState(7)
    n, c, hw = 3, 8, 5
    t = f"tensor<?x{c}x{hw}xf32>"
    p = f"tensor<{c}xf32>"
    params = []
    lines = []
    prev = "%x"
    for i in range(args.blocks):
        names = [f"%g{i}", f"%b{i}", f"%m{i}", f"%v{i}"]
        params += names
        lines.append(
            f"  %y{i} = norm.batch_norm {prev} scale({names[0]} : {p}) "
            f"bias({names[1]} : {p}) mean({names[2]} : {p}) "
            f"var({names[3]} : {p}) : {t}")
        gamma = rng.uniform(0.5, 1.5, hw).astype(np.float32)
        dense = ", ".join(repr(float(v)) for v in gamma)
        lines.append(f"  %k{i} = arith.constant dense<[{dense}]> "
                     f": tensor<{hw}xf32>")
        lines.append(f"  %z{i} = norm.layer_norm %y{i} "
                     f"scale(%k{i} : tensor<{hw}xf32>) : {t}")
        prev = f"%z{i}"
    signature = ", ".join([f"%x: {t}"] + [f"{q}: {p}" for q in params])
    text = (f"func.func @main({signature}) -> {t} {{\n" + "\n".join(lines) +
            f"\n  return {prev} : {t}\n}}\n")
    os.makedirs(args.dir, exist_ok=True)
    model = os.path.join(args.dir, "model.mlir")
    with open(model, "w") as f:
        f.write(text)

    x = rng.standard_normal((n, c, hw)).astype(np.float32) * 3 + 1
    inputs = [x]
    for _ in range(args.blocks):
        inputs += [rng.uniform(0.5, 1.5, c).astype(np.float32),
                   rng.uniform(-1, 1, c).astype(np.float32),
                   rng.uniform(-0.5, 0.5, c).astype(np.float32),
                   rng.uniform(0.5, 2.0, c).astype(np.float32)]
    command = [args.norm_run, model, "--function=main"]
    for k, value in enumerate(inputs):
        path = os.path.join(args.dir, f"in{k}.npy")
        np.save(path, value)
        command.append(f"--input=@{path}")
    out = os.path.join(args.dir, "out.npy")
    command.append(f"--output=@{out}")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    # float64 reference, with the constant scales read back from the model.
    y = x.astype(np.float64)
    consts = [line for line in lines if "arith.constant" in line]
    for i in range(args.blocks):
        g, b, m, v = (a.astype(np.float64) for a in inputs[1 + 4 * i:5 + 4 * i])
        y = (y - m[:, None]) / np.sqrt(v[:, None] + 1e-5) * g[:, None] + b[:, None]
        gamma = np.array([float(s) for s in consts[i].split("[")[1].split("]")[0]
                          .split(",")])
        mu = y.mean(axis=-1, keepdims=True)
        var = ((y - mu) ** 2).mean(axis=-1, keepdims=True)
        y = (y - mu) / np.sqrt(var + 1e-5) * gamma
    got = np.load(out)
    err = np.abs(got.astype(np.float64) - y).max()
    print(f"arguments: {len(inputs)}, max abs error: {err:.2e}")
    if got.shape != y.shape or not err < 1e-4:
        print("MISMATCH")
        return 1
    print("match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
