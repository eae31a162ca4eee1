#!/usr/bin/env python3
"""Execution tests of the vector kernels of layer_norm_grad and
rms_norm_grad (lib/Conversion/NormToVector/RowNormGrad.cpp).

The cases are gradients.py's row cases (compared with float64 PyTorch
autograd) on shapes that exercise the kernel: rows longer than the unrolled
main loop with tails that are not a multiple of the vector, several tiles of
rows for dscale/dbias, f32/f16/bf16, with and without scale and parameter
gradients, dynamic and zero-size dims, constant rows, rows like
[40000, 40001, 40002, 40003], and normalized dims merged into one row.

With --determinism, each case with dscale or dbias is also run twice more:
with the same options, and with the other thread count (1 <-> 2); every
result must be bit-identical to the first run's (the partial rows of the
parameter gradients depend on the tiling, not on the threads).

  row_grad_vector.py --norm-run PATH --workdir DIR [--pipeline-options=...]
"""

import argparse
import filecmp
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gradients import row_case, run  # noqa


def cases():
    rng = np.random.default_rng(1515)
    out = []
    # Main loop (4 x 16 f32 lanes = 64), single vectors and a masked tail.
    for et in ("f32", "f16", "bf16"):
        out.append(row_case("ln %s 37x145" % et, "ln", (37, 145), et,
                            rng=rng))
        out.append(row_case("rms %s 37x145" % et, "rms", (37, 145), et,
                            rng=rng))
        out.append(row_case("ln %s dx only 9x200" % et, "ln", (9, 200), et,
                            mask=(False, False), rng=rng))
        out.append(row_case("rms %s dx only 9x71" % et, "rms", (9, 71), et,
                            mask=(False,), rng=rng))
    # Scale and masks.
    out.append(row_case("ln no scale, dscale and dbias", "ln", (13, 67),
                        "f32", scale=False, rng=rng))
    out.append(row_case("ln no scale, dx only", "ln", (13, 67), "f32",
                        scale=False, mask=(False, False), rng=rng))
    out.append(row_case("ln dscale only", "ln", (21, 48), "f16",
                        mask=(True, False), rng=rng))
    out.append(row_case("ln dbias only", "ln", (21, 48), "bf16",
                        mask=(False, True), rng=rng))
    out.append(row_case("rms no scale, dscale", "rms", (11, 40), "f32",
                        scale=False, rng=rng))
    # Dynamic and zero-size dims (the kernel's loops run 0 times).
    out.append(row_case("ln dynamic", "ln", (19, 130), "f32",
                        dynamic=(0, 1), rng=rng))
    out.append(row_case("rms dynamic bf16", "rms", (19, 130), "bf16",
                        dynamic=(0, 1), rng=rng))
    out.append(row_case("ln 0 rows dynamic", "ln", (0, 40), "f32",
                        dynamic=(0,), rng=rng))
    out.append(row_case("ln 0-length rows dynamic", "ln", (3, 0), "f32",
                        dynamic=(1,), rng=rng))
    out.append(row_case("rms 0 rows dynamic", "rms", (0, 24), "f16",
                        dynamic=(0, 1), rng=rng))
    # One row, a vector or less per row.
    out.append(row_case("ln one row", "ln", (1, 300), "f32", rng=rng))
    out.append(row_case("rms rank 1", "rms", (77,), "f32", axis=0, rng=rng))
    out.append(row_case("ln rows of 3", "ln", (50, 3), "f32", rng=rng))
    # Constant rows, rows far from 0.
    out.append(row_case("ln constant rows", "ln", (6, 100), "f32",
                        x=np.full((6, 100), -2.5), rng=rng))
    far = np.tile(np.array([40000, 40001, 40002, 40003], dtype=np.float64),
                  (5, 1))
    out.append(row_case("ln [40000..40003]", "ln", (5, 4), "f32", x=far,
                        rng=rng))
    out.append(row_case("rms [40000..40003]", "rms", (5, 4), "f32", x=far,
                        rng=rng))
    far = np.tile(np.arange(40000, 40000 + 83, dtype=np.float64), (7, 1))
    out.append(row_case("ln 40000 + [0..82]", "ln", (7, 83), "f32", x=far,
                        rng=rng))
    # Several normalized dims (norm-flatten-batch-norm), leading dims.
    out.append(row_case("ln axis=1 rank 3", "ln", (6, 5, 9), "f32", axis=1,
                        rng=rng))
    out.append(row_case("rms axis=1 rank 3 dynamic", "rms", (4, 3, 22),
                        "bf16", axis=1, dynamic=(0, 2), rng=rng))
    out.append(row_case("ln rank 3 last axis", "ln", (3, 7, 50), "f16",
                        dynamic=(1,), rng=rng))
    # Forward and backward in one module.
    out.append(row_case("ln forward+backward", "ln", (12, 96), "f32",
                        pair=True, rng=rng))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--norm-run", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--pipeline-options", default="",
                        help="norm-cpu-pipeline options for every run")
    parser.add_argument("--determinism", action="store_true")
    parser.add_argument("--match", default="")
    options = parser.parse_args()
    base = options.pipeline_options
    failed = 0
    all_cases = [c for c in cases() if re.search(options.match, c.name)]
    for i, case in enumerate(all_cases):
        directory = os.path.join(options.workdir, "%03d" % i)
        ok, message = run(case, options.norm_run, directory,
                          ["--pipeline-options=" + base])
        if ok and options.determinism and len(case.results) > 1:
            threads = re.search(r"num-threads=(\d+)", base)
            other = "2" if threads and threads.group(1) == "1" else "1"
            other_options = re.sub(r"num-threads=\d+", "", base) + \
                " num-threads=" + other
            for label, extra in (("again", base), ("threads=" + other,
                                                   other_options)):
                again = directory + "-" + label.replace("=", "")
                run(case, options.norm_run, again,
                    ["--pipeline-options=" + extra])
                for k in range(len(case.results)):
                    name = "out%d.npy" % k
                    if not filecmp.cmp(os.path.join(directory, name),
                                       os.path.join(again, name),
                                       shallow=False):
                        ok = False
                        message += "; result %d differs (%s)" % (k, label)
            if ok:
                message += "; bit-identical again and with %s threads" % other
        print("%s: %s: %s" % ("PASS" if ok else "FAIL", case.name, message))
        failed += not ok
    print("%d of %d cases failed" % (failed, len(all_cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
