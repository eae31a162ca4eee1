"""Runs every function of test/Dialect/Norm/raise-tosa.mlir (TOSA
decompositions as the front ends emit them) after norm-raise and
tosa-to-linalg with norm-run, and compares its results with a float64
evaluation of the original TOSA ops by a small NumPy interpreter.

  raise_tosa.py --norm-opt PATH --norm-run PATH --input FILE --workdir DIR
                [--lower-first] [--only REGEX]

--lower-first lowers the TOSA ops with tosa-to-linalg before norm-raise, so
that the linalg raise reads TosaToLinalg's generics; --only runs the
functions whose name matches REGEX.
"""

import argparse
import os
import re
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import from_storage, quantize, to_storage  # noqa: E402

LOWER_TOSA = ("builtin.module(func.func(tosa-to-linalg-named, tosa-to-linalg,"
              " tosa-to-arith, tosa-to-tensor))")
TYPE = re.compile(r"tensor<((?:\d+x)*)(f16|bf16|f32|i8|index)>")


def parse_type(text):
    match = TYPE.fullmatch(text.strip())
    dims = [int(d) for d in match.group(1).split("x") if d]
    return dims, match.group(2)


def parse_dense(text, shape):
    """The value of a dense<...> literal (nested lists or a splat)."""
    values = np.array(eval(text.replace("true", "1").replace("false", "0")),
                      dtype=np.float64)
    return np.broadcast_to(values, shape).copy()


def split_results(text):
    """The top-level comma-separated items of `text`."""
    items, depth, current = [], 0, ""
    for ch in text:
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
        if ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        items.append(current.strip())
    return items


def evaluate(generic, inputs):
    """Evaluates the TOSA function `generic` (generic form) in float64."""
    env = {}
    header = re.search(r"\^bb0\((.*?)\):", generic)
    args = [a.split(":")[0].strip() for a in split_results(header.group(1))]
    for name, value in zip(args, inputs):
        env[name] = value
    for line in generic.splitlines():
        line = line.strip()
        ret = re.match(r'"func.return"\((.*?)\)', line)
        if ret:
            return [env[v.strip()] for v in ret.group(1).split(",")]
        op = re.match(r'(%\S+) = "([\w.]+)"\((.*?)\)(.*): \((.*)\) -> (.*)$',
                      line)
        if not op:
            continue
        result, name, operands, attrs, _, result_type = op.groups()
        operands = [env[o.strip()] for o in operands.split(",") if o.strip()]
        if name == "tosa.const_shape":
            env[result] = None
            continue
        shape, _ = parse_type(result_type) if "tensor" in result_type else (
            None, None)
        if name == "tosa.const":
            dense = re.search(r"values = dense<(.*)> : tensor", attrs)
            env[result] = parse_dense(dense.group(1), shape)
        elif name == "tosa.reshape":
            env[result] = operands[0].reshape(shape)
        elif name == "tosa.reduce_sum":
            axis = int(re.search(r"axis = (\d+)", attrs).group(1))
            env[result] = operands[0].sum(axis=axis, keepdims=True)
        elif name == "tosa.mul":
            env[result] = operands[0] * operands[1]
        elif name == "tosa.add":
            env[result] = operands[0] + operands[1]
        elif name == "tosa.sub":
            env[result] = operands[0] - operands[1]
        elif name == "tosa.negate":
            # Float negate: its zero points are 0.
            env[result] = -operands[0]
        elif name == "tosa.rsqrt":
            env[result] = 1 / np.sqrt(operands[0])
        elif name == "tosa.reciprocal":
            env[result] = 1 / operands[0]
        elif name == "tosa.pow":
            env[result] = np.power(operands[0], operands[1])
        elif name == "tosa.cast":
            env[result] = operands[0]
        else:
            raise RuntimeError("no float64 rule for " + name)
    raise RuntimeError("no func.return")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--norm-opt", default="norm-opt")
    parser.add_argument("--norm-run", default="norm-run")
    parser.add_argument("--input", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--lower-first", action="store_true")
    parser.add_argument("--only")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    with open(args.input) as f:
        chunks = f.read().split("// -----")
    rng = np.random.default_rng(7)
    failed = 0
    if args.only:
        chunks = [c for c in chunks if re.search(
            r"func\.func @(%s)\(" % args.only, c)]
    for index, chunk in enumerate(chunks):
        directory = os.path.join(args.workdir, "%02d" % index)
        os.makedirs(directory, exist_ok=True)
        source = os.path.join(directory, "source.mlir")
        with open(source, "w") as f:
            f.write("\n".join(line for line in chunk.splitlines()
                              if "expected-remark" not in line))
        name = re.search(r"func\.func @(\w+)\((.*?)\) ->", chunk)
        function, signature = name.group(1), name.group(2)
        generic = subprocess.run(
            [args.norm_opt, source, "--mlir-print-op-generic"], check=True,
            stdout=subprocess.PIPE, text=True).stdout
        raise_input = None
        if args.lower_first:
            raise_input = subprocess.run(
                [args.norm_opt, source, "--pass-pipeline=" + LOWER_TOSA],
                check=True, stdout=subprocess.PIPE, text=True).stdout
        raised = subprocess.run(
            [args.norm_opt] + ([] if args.lower_first else [source]) +
            ["--norm-raise"], check=True, input=raise_input,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True).stdout
        if "norm." not in raised or any(
                op in raised for op in ("tosa.rsqrt", "tosa.pow",
                                        "math.rsqrt", "math.powf",
                                        "math.sqrt")):
            print("FAIL %s: not raised" % function)
            failed += 1
            continue
        lowered = os.path.join(directory, "raised.mlir")
        subprocess.run([args.norm_opt, "--pass-pipeline=" + LOWER_TOSA, "-o",
                        lowered], input=raised, check=True, text=True)
        command = [args.norm_run, lowered, "--function=" + function]
        inputs = []
        for i, arg in enumerate(split_results(signature)):
            shape, element_type = parse_type(arg.split(":")[1])
            values = quantize(rng.uniform(0.5, 2.0, shape), element_type)
            inputs.append(values)
            path = os.path.join(directory, "in%d.npy" % i)
            np.save(path, to_storage(values, element_type))
            command.append("--input=@" + path)
        refs = evaluate(generic, inputs)
        result_types = re.search(r"-> \(?(.*?)\)? \{", chunk).group(1)
        types = [parse_type(t)[1] for t in split_results(result_types)]
        outputs = [os.path.join(directory, "out%d.npy" % i)
                   for i in range(len(refs))]
        command += ["--output=@" + o for o in outputs]
        subprocess.run(command, check=True)
        worst, ok = 0.0, True
        for ref, out, element_type in zip(refs, outputs, types):
            got = from_storage(np.load(out), element_type)
            tol = {"f32": 1e-5, "f16": 2e-3, "bf16": 1.6e-2}[element_type]
            err = float(np.max(np.abs(got - ref))) / max(
                1.0, float(np.max(np.abs(ref))))
            worst = max(worst, err)
            ok = ok and got.shape == ref.shape and err <= tol
        failed += not ok
        print("%s %s: %d results, max scaled error %.3g" %
              ("PASS" if ok else "FAIL", function, len(refs), worst))
    print("%d of %d functions failed" % (failed, len(chunks)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
