"""What the CPU benchmark drivers share (bench.py, gradients.py,
batch_norm_grad.py, group_norm.py, residual.py, ab.py): the paths, running
norm-run and the peer driver with OMP_NUM_THREADS and reading their
`min_ms=... median_ms=...` line, timing PyTorch in-process, bf16 storage,
and the machine's name.

Every timing is the method of bench.py: one warm-up call, then N timed calls,
and the median (norm-run's --benchmark-repetitions and the peer driver's
--reps do the same).
"""

import os
import platform
import re
import statistics
import subprocess
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The default tools: build/bin/norm-run ($BUILD_DIR for build) and the peer
# driver bench/build/peers.
DEFAULT_NORM_RUN = os.path.join(ROOT, os.environ.get("BUILD_DIR", "build"),
                                "bin", "norm-run")
DEFAULT_PEERS = os.path.join(ROOT, "bench", "build", "peers")

# The line norm-run --benchmark-repetitions and bench/peers print.
BENCH_LINE = re.compile(r"min_ms=([0-9.]+) median_ms=([0-9.]+)")


def thread_env(threads):
    """The environment with OMP_NUM_THREADS=`threads`."""
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(threads)
    return env


def run_tool(cmd, threads):
    """Runs a tool with OMP_NUM_THREADS; retries once when it cannot be
    started (the shared build may be relinking it)."""
    for attempt in range(3):
        try:
            return subprocess.run(cmd, env=thread_env(threads),
                                  capture_output=True, text=True)
        except OSError as error:
            if attempt == 2:
                return subprocess.CompletedProcess(cmd, 127, "", str(error))
            time.sleep(20)


def parse_times(proc, require_ok=False):
    """(min_ms, median_ms) of a finished tool, or None when it failed, printed
    no timing line or (with `require_ok`, the peer driver) no `status=ok`."""
    match = BENCH_LINE.search(proc.stdout)
    if proc.returncode != 0 or not match or (
            require_ok and "status=ok" not in proc.stdout):
        return None
    return float(match.group(1)), float(match.group(2))


def failure_note(proc, length=500):
    """The tail of what a failed tool printed."""
    return (proc.stderr or proc.stdout)[-length:]


def norm_run_command(norm_run, module, inputs, outputs, threads, reps,
                     extra=""):
    """norm-run timing `@bench` of `module`: --benchmark-repetitions=`reps`,
    num-threads=1 for one thread (else num-threads=0 and OMP_NUM_THREADS)
    plus the pipeline options `extra`, inputs and outputs as .npy files."""
    options = "num-threads=1" if threads == 1 else "num-threads=0"
    cmd = [norm_run, module, "--function=bench",
           f"--benchmark-repetitions={reps}",
           f"--pipeline-options={options} {extra}".strip()]
    cmd += [f"--input=@{p}" for p in inputs]
    cmd += [f"--output=@{p}" for p in outputs]
    return cmd


def run_norm_run(norm_run, module, inputs, outputs, threads, reps,
                 extra=""):
    """(min_ms, median_ms) of norm_run_command; raises RuntimeError with the
    tool's output when it fails."""
    proc = run_tool(norm_run_command(norm_run, module, inputs, outputs,
                                     threads, reps, extra), threads)
    times = parse_times(proc)
    if times is None:
        raise RuntimeError(failure_note(proc))
    return times


def time_torch(torch, fn, threads, reps, budget_ms=None):
    """(min_ms, median_ms) of `reps` timed calls of `fn` after a warm-up,
    with torch.set_num_threads(`threads`). With `budget_ms`, fewer calls (at
    least 1) when the warm-up shows they would take longer than that."""
    torch.set_num_threads(threads)
    start = time.perf_counter()
    fn()
    warm_ms = (time.perf_counter() - start) * 1e3
    if budget_ms is not None:
        reps = max(1, min(reps, int(budget_ms / max(warm_ms, 1e-3))))
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return min(times), statistics.median(times)


def f32_to_bf16_bits(values):
    """Rounds float32 to bf16 (nearest even); returns the raw bits ('<u2')."""
    bits = np.ascontiguousarray(values, dtype=np.float32).view(np.uint32)
    rounded = bits + np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))
    return (rounded >> np.uint32(16)).astype("<u2")


def bf16_bits_to_f32(bits):
    """bf16 raw bits as float32."""
    return (np.asarray(bits, dtype=np.uint32) << np.uint32(16)).view(np.float32)


def machine():
    """`<CPU model>, <N> cores`."""
    name = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    name = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{name}, {os.cpu_count()} cores"
