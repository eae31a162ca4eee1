#!/usr/bin/env python3
"""The f32 -> bf16 rounding of norm-cpu-pipeline on both of its paths, run on
the host: the hardware conversion (AVX-512 BF16, the default on such a host)
and the integer rounding (target-features=-avx512bf16).

1. An elementwise arith.truncf over chosen f32 bit patterns (ties, the
   largest finite values, infinities, NaNs whose payload is only in the low
   16 bits, signed zeros, subnormals) and random bit patterns of every
   exponent, against the NumPy reference: round to nearest even, a NaN
   quieted with its sign and upper payload. Both paths match it bit for bit
   except f32 subnormals, which the hardware conversion flushes to a zero of
   the same sign (VCVTNEPS2BF16 treats them as zero); the integer path
   rounds them.
2. LayerNorm and RMSNorm on bf16 rows of several lengths (the paired main
   loop, full single vectors, masked tails): both paths give the same bits,
   within bf16 tolerance of a float64 NumPy reference.

Usage: bf16_rounding.py --norm-run PATH --workdir DIR
"""

import argparse
import os
import subprocess
import sys

import numpy as np

PATHS = {"native": "", "integer": "target-features=-avx512bf16"}

ROUND_MODULE = """#map = affine_map<(d0) -> (d0)>
func.func @round(%x: tensor<?xf32>) -> tensor<?xbf16> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.empty(%n) : tensor<?xbf16>
  %y = linalg.generic {indexing_maps = [#map, #map],
                       iterator_types = ["parallel"]}
      ins(%x : tensor<?xf32>) outs(%e : tensor<?xbf16>) {
  ^bb0(%a: f32, %o: bf16):
    %t = arith.truncf %a : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<?xbf16>
  return %y : tensor<?xbf16>
}
"""

NORM_MODULE = """func.func @layer_norm(%x: tensor<?x?xbf16>, %g: tensor<?xbf16>,
                      %b: tensor<?xbf16>) -> tensor<?x?xbf16> {
  %y = norm.layer_norm %x scale(%g : tensor<?xbf16>) bias(%b : tensor<?xbf16>)
      {epsilon = 1.0e-05 : f32} : tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}
func.func @rms_norm(%x: tensor<?x?xbf16>, %g: tensor<?xbf16>)
    -> tensor<?x?xbf16> {
  %y = norm.rms_norm %x scale(%g : tensor<?xbf16>) {epsilon = 1.0e-05 : f32}
      : tensor<?x?xbf16>
  return %y : tensor<?x?xbf16>
}
"""


def round_bits(bits):
    """f32 bits (uint32) -> bf16 bits (uint16): nearest even, NaN quieted."""
    bits = bits.astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    nan = ((bits & 0x7F800000) == 0x7F800000) & ((bits & 0x007FFFFF) != 0)
    quieted = (bits | 0x00400000) >> 16
    return np.where(nan, quieted, rounded).astype(np.uint16)


def to_f32(bf16_bits):
    return (bf16_bits.astype(np.uint32) << 16).view(np.float32)


def run(norm_run, module, function, inputs, output, path):
    command = [norm_run, module, "--function=" + function,
               "--pipeline-options=" + PATHS[path]]
    command += ["--input=@" + p for p in inputs] + ["--output=@" + output]
    process = subprocess.run(command, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    if process.returncode != 0:
        sys.exit("norm-run failed: %s\n%s" % (" ".join(command),
                                              process.stdout[-2000:]))
    return np.load(output)


def check_rounding(args, failures):
    special = [
        0x3F808000, 0x3F818000, 0x3F808001, 0x3F817FFF,  # ties and neighbours
        0x7F7FFFFF, 0x7F7F8000, 0x7F7F7FFF, 0xFF7FFFFF,  # largest finite
        0x7F800000, 0xFF800000, 0x00000000, 0x80000000,  # inf, zero
        0x7F800001, 0xFF800001, 0x7F80FFFF, 0x7FC00000,  # NaNs
        0x7FFFFFFF, 0xFFBF0001,
        0x00800000, 0x0080FFFF, 0x00008001, 0x007FFFFF,  # smallest normal,
        0x80008001, 0x00000001,                          # subnormals
    ]
    rng = np.random.default_rng(7)
    random = rng.integers(0, 2**32, size=4093, dtype=np.uint64)
    bits = np.concatenate([np.array(special, dtype=np.uint64),
                           random]).astype(np.uint32)
    module = os.path.join(args.workdir, "round.mlir")
    with open(module, "w") as f:
        f.write(ROUND_MODULE)
    source = os.path.join(args.workdir, "bits.npy")
    np.save(source, bits.view(np.float32))
    expected = round_bits(bits)
    subnormal = ((bits & 0x7F800000) == 0) & ((bits & 0x007FFFFF) != 0)
    for path in PATHS:
        got = run(args.norm_run, module, "round", [source],
                  os.path.join(args.workdir, "round-%s.npy" % path), path)
        want = expected.copy()
        if path == "native":
            want[subnormal] = (bits[subnormal] >> 16).astype(np.uint16) & 0x8000
        wrong = np.nonzero(got.view(np.uint16) != want)[0]
        print("%s rounding: %d values, %d subnormals, %d wrong" %
              (path, bits.size, int(subnormal.sum()), wrong.size))
        for i in wrong[:5]:
            failures.append("%s: f32 0x%08x -> 0x%04x, expected 0x%04x" %
                            (path, bits[i], got.view(np.uint16)[i], want[i]))


def check_norms(args, failures):
    module = os.path.join(args.workdir, "norms.mlir")
    with open(module, "w") as f:
        f.write(NORM_MODULE)
    rng = np.random.default_rng(11)
    for rows, length in [(5, 768), (4, 33), (3, 7)]:
        x = to_f32(round_bits((rng.standard_normal((rows, length)) * 3 + 1)
                              .astype(np.float32).view(np.uint32)))
        g = to_f32(round_bits((1 + 0.5 * rng.standard_normal(length))
                              .astype(np.float32).view(np.uint32)))
        b = to_f32(round_bits((0.5 * rng.standard_normal(length))
                              .astype(np.float32).view(np.uint32)))
        files = []
        for name, value in (("x", x), ("g", g), ("b", b)):
            files.append(os.path.join(args.workdir, "%s-%d.npy" % (name,
                                                                    length)))
            np.save(files[-1], round_bits(value.view(np.uint32)))
        x64, g64, b64 = (v.astype(np.float64) for v in (x, g, b))
        mean = x64.mean(axis=1, keepdims=True)
        var = ((x64 - mean) ** 2).mean(axis=1, keepdims=True)
        refs = {
            "layer_norm": (x64 - mean) / np.sqrt(var + 1e-5) * g64 + b64,
            "rms_norm": x64 / np.sqrt((x64 ** 2).mean(axis=1, keepdims=True)
                                      + 1e-5) * g64,
        }
        for function, ref in refs.items():
            if function == "rms_norm" and length != 768:
                continue
            inputs = files if function == "layer_norm" else files[:2]
            outputs = {}
            for path in PATHS:
                outputs[path] = run(args.norm_run, module, function, inputs,
                                    os.path.join(args.workdir, "%s-%d-%s.npy" %
                                                 (function, length, path)),
                                    path).view(np.uint16)
            name = "%s %dx%d" % (function, rows, length)
            differ = int(np.sum(outputs["native"] != outputs["integer"]))
            scale = np.abs(ref - (b64 if function == "layer_norm" else 0)) + \
                (np.abs(b64) if function == "layer_norm" else 0)
            error = np.max(np.abs(to_f32(outputs["native"]) - ref) /
                           np.maximum(scale, 1e-3))
            print("%s: %d elements differ between the paths, max rel error "
                  "%.2g" % (name, differ, error))
            if differ:
                failures.append("%s: the native and integer paths differ in "
                                "%d elements" % (name, differ))
            if error > 1.6e-2:
                failures.append("%s: error %.3g vs float64" % (name, error))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--norm-run", default="norm-run")
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    failures = []
    check_rounding(args, failures)
    check_norms(args, failures)
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
