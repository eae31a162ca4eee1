"""Runs the lost-row reproducer many times, two processes at once, and checks
the third result (a bf16 channels-last batch_norm over 8 rows of one channel)
of every run against a float64 reference. Exit 1 with a count of the wrong
runs if any row was lost."""
import concurrent.futures
import os
import subprocess
import sys
import tempfile

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
norm_run, runs = sys.argv[1], int(sys.argv[2])
inputs = [os.path.join(here, "in%d.npy" % k) for k in range(11)]


def bf16_to_f64(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32).astype(np.float64)


# batch_norm(x, scale, bias, mean, var), epsilon = 1e-5 (as f32), NHWC with C=1.
x, scale, bias, mean, var = (bf16_to_f64(np.load(inputs[k])) for k in range(6, 11))
eps = float(np.float32(1e-5))
reference = ((x - mean) / np.sqrt(var + eps) * scale + bias).ravel()


def one_run(index):
    with tempfile.TemporaryDirectory() as tmp:
        outs = [os.path.join(tmp, "r%d.npy" % r) for r in range(3)]
        command = [norm_run, os.path.join(here, "model.mlir"), "--function=main"]
        command += ["--input=@" + path for path in inputs]
        command += ["--output=@" + path for path in outs]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        got = bf16_to_f64(np.load(outs[2])).ravel()
    # bf16 results: within 2 ulps of bf16 (2^-7 relative), or equal specials.
    close = np.isclose(got, reference, rtol=2 ** -7, atol=0, equal_nan=True)
    return [int(i) for i in np.flatnonzero(~close)]


with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    results = list(pool.map(one_run, range(runs)))
wrong = [r for r in results if r]
print("%d wrong of %d runs" % (len(wrong), runs))
if wrong:
    print("wrong elements, first bad run:", wrong[0])
    sys.exit(1)
