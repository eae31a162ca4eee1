#!/usr/bin/env python3
"""Creates the .npy inputs of the norm-run tests and checks their outputs.

  npy_tool.py gen DIR
      Writes well-formed inputs of every dtype (fixed seed) and a set of
      malformed files into DIR.
  npy_tool.py compare --dir DIR --out FILE --dtype DT --expr EXPR [--rtol R]
      Loads every DIR/*.npy as a float64 variable named after its stem (bf16
      raw bits '<u2' are decoded when the stem ends in _bf16), evaluates the
      numpy expression EXPR in float64, and checks that FILE has dtype DT
      (float16/float32/float64/int32/int64, or bf16 for raw '<u2' bits), the
      reference's shape, and values within rtol (exact for integers).
  npy_tool.py bits FILE
      Prints the raw 16-bit patterns of a '<u2' or '<f2' file in hex.
"""

import argparse
import os
import sys

import numpy as np


def f32_to_bf16_bits(values):
    """Rounds float32 values to bf16 bits with round-to-nearest-even."""
    bits = np.asarray(values, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    nan = np.isnan(np.asarray(values, dtype=np.float32))
    rounded = np.where(nan, (bits >> 16) | 0x40, rounded)
    return rounded.astype(np.uint16)


def bf16_bits_to_f64(bits):
    return (np.asarray(bits, dtype=np.uint16).astype(np.uint32) << 16).view(
        np.float32).astype(np.float64)


def write_raw(path, header_dict, data, version=(1, 0), truncate_header=None):
    """Writes a .npy file by hand, so that malformed variants can be made."""
    header = header_dict.encode("latin1")
    length_size = 2 if version[0] == 1 else 4
    total = 6 + 2 + length_size + len(header) + 1
    header += b" " * ((64 - total % 64) % 64) + b"\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY" + bytes(version))
        f.write(len(header).to_bytes(length_size, "little"))
        f.write(header if truncate_header is None else header[:truncate_header])
        if truncate_header is None:
            f.write(data)


def gen(directory):
    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(20240611)

    def save(name, array):
        np.save(os.path.join(directory, name + ".npy"), array)

    save("x_f32", rng.standard_normal((3, 4)).astype(np.float32))
    save("y_f32", rng.standard_normal((3, 4)).astype(np.float32))
    save("x_f64", rng.standard_normal((2, 5)))
    save("y_f64", rng.standard_normal((2, 5)))
    save("a_i32", np.array([7, -3, 2147483647, -2147483648], dtype=np.int32))
    save("b_i32", np.array([2, 5, 1, 0], dtype=np.int32))
    save("c_i64", np.array([1 << 40, -9, 3], dtype=np.int64))
    save("d_i64", np.array([3, 7, -1 << 20], dtype=np.int64))
    save("x_f16", rng.standard_normal((3, 8)).astype(np.float16))
    save("g_f16", rng.uniform(0.5, 1.5, 8).astype(np.float16))
    x32 = rng.standard_normal((4, 6)).astype(np.float32)
    g32 = rng.uniform(0.5, 1.5, 6).astype(np.float32)
    save("xf4_bf16in", x32)   # f32 values, rounded by norm-run
    save("gf4_bf16in", g32)
    save("x_bf16", f32_to_bf16_bits(x32))  # raw bits
    save("g_bf16", f32_to_bf16_bits(g32))
    save("empty_f32", np.zeros((0, 4), dtype=np.float32))
    save("scalar_f32", np.array(1.25, dtype=np.float32))
    save("vec_f32", np.array([1.5, -2.0, 0.25], dtype=np.float32))
    save("static_f32", np.arange(6, dtype=np.float32).reshape(2, 3))
    # The same vector in format versions 2.0 and 3.0.
    for version in [(2, 0), (3, 0)]:
        with open(os.path.join(directory, "v%d_f32.npy" % version[0]), "wb") as f:
            np.lib.format.write_array(f, np.array([1.5, -2.0, 0.25], np.float32),
                                      version=version)
    # bf16 rounding ties: exact ties go to even, above-tie rounds up, NaN
    # stays NaN.
    ties = np.array([0x3F808000, 0x3F818000, 0x3F808001, 0x3F807FFF,
                     0xBF818000, 0x7FC00001, 0x7F7FFFFF],
                    dtype=np.uint32).view(np.float32)
    save("ties_f32", ties.reshape(1, -1))
    save("ones_bf16", f32_to_bf16_bits(np.ones(ties.size, np.float32)))

    # Malformed or unsupported files.
    def path(name):
        return os.path.join(directory, name + ".npy")

    good = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"
    data = np.array([1, 2, 3], np.float32).tobytes()
    with open(path("bad_magic"), "wb") as f:
        f.write(b"\x93NUMPX\x01\x00" + b"\x00" * 64)
    with open(path("tiny"), "wb") as f:
        f.write(b"\x93NUM")
    write_raw(path("trunc_header"), good, data, truncate_header=20)
    write_raw(path("trunc_data"), good, data[:-2])
    write_raw(path("extra_data"), good, data + b"\x00\x00\x00\x00")
    write_raw(path("bad_version"), good, data, version=(4, 0))
    write_raw(path("bad_dict"), "{'descr': '<f4', 'fortran_order': Maybe, }", data)
    write_raw(path("no_shape"), "{'descr': '<f4', 'fortran_order': False, }", data)
    write_raw(path("neg_shape"),
              "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), }", data)
    np.save(path("fortran"), np.asfortranarray(np.ones((3, 4), np.float32)))
    np.save(path("big_endian"), np.ones(3, dtype=">f4"))
    np.save(path("uint8"), np.ones(3, dtype=np.uint8))
    np.save(path("bool"), np.ones(3, dtype=np.bool_))
    np.save(path("structured"), np.zeros(3, dtype=[("a", "<f4"), ("b", "<i4")]))
    np.save(path("u2_for_f32"), np.ones(3, dtype=np.uint16))


def load_as_f64(path):
    array = np.load(path)
    stem = os.path.splitext(os.path.basename(path))[0]
    if stem.endswith("_bf16"):
        return bf16_bits_to_f64(array)
    return array.astype(np.float64)


def compare(args):
    env = {"np": np, "bf16": bf16_bits_to_f64}
    for name in os.listdir(args.dir):
        if name.endswith(".npy") and name.count(".") == 1:
            try:
                env[name[:-4]] = load_as_f64(os.path.join(args.dir, name))
            except Exception:
                pass  # the malformed files
    reference = np.asarray(eval(args.expr, env), dtype=np.float64)
    out = np.load(args.out)
    expected_dtype = ("<u2" if args.dtype == "bf16" else
                      np.dtype(args.dtype).str)
    if out.dtype.str != expected_dtype:
        sys.exit("dtype %s, expected %s" % (out.dtype.str, expected_dtype))
    if out.shape != reference.shape:
        sys.exit("shape %s, expected %s" % (out.shape, reference.shape))
    got = bf16_bits_to_f64(out) if args.dtype == "bf16" else out.astype(np.float64)
    if args.dtype.startswith("int"):
        ok = np.array_equal(out.astype(np.int64), reference.astype(np.int64))
    else:
        ok = np.allclose(got, reference, rtol=args.rtol, atol=args.atol,
                         equal_nan=True)
    if not ok:
        sys.exit("mismatch:\n got %r\n ref %r" % (got, reference))
    print("match: %s %s %s" % (os.path.basename(args.out), out.dtype.str,
                               "x".join(map(str, out.shape)) or "scalar"))


def bits(args):
    array = np.load(args.file)
    print(" ".join("%04x" % b for b in array.view(np.uint16).ravel()))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("gen")
    p.add_argument("dir")
    p = sub.add_parser("compare")
    p.add_argument("--dir", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--dtype", required=True)
    p.add_argument("--expr", required=True)
    p.add_argument("--rtol", type=float, default=1e-6)
    p.add_argument("--atol", type=float, default=0.0)
    p = sub.add_parser("bits")
    p.add_argument("file")
    args = parser.parse_args()
    {"gen": lambda: gen(args.dir), "compare": lambda: compare(args),
     "bits": lambda: bits(args)}[args.command]()


if __name__ == "__main__":
    main()
