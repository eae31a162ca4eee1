# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "NORM"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".c"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.norm_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

llvm_config.with_system_environment(["HOME", "TMPDIR"])
# `not`, `split-file` and FileCheck anywhere on a RUN line, not only after a pipe.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.use_default_substitutions()

tool_dirs = [config.norm_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["norm-opt", "norm-run", "norm-runner-test", "norm-capi-test"], tool_dirs)
# The stock mlir-opt of mlir-22-tools (Plugins/), never a tool of ours.
llvm_config.add_tool_substitutions(["mlir-opt"], [config.llvm_tools_dir])
config.substitutions.append(("%norm_lib_dir", config.norm_lib_dir))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%norm_src_root", config.norm_src_root))
config.substitutions.append(("%norm_obj_root", config.norm_obj_root))
config.substitutions.append(
    ("%test_lib", os.path.join(config.norm_src_root, "test", "lib")))

# Execution tests need NumPy for their float64 references.
try:
    import subprocess
    subprocess.check_call([config.python_executable, "-c", "import numpy"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    config.available_features.add("numpy")
except Exception:
    pass

# CPU target tests. `x86_64-host`: norm-cpu-pipeline's target-cpu names x86
# CPUs; `avx512bf16-host`: the host converts f32 to bf16 in hardware (the
# native bf16 path runs).
import platform
if platform.machine() in ("x86_64", "AMD64"):
    config.available_features.add("x86_64-host")
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            flags = cpuinfo.read().split()
        if "avx512_bf16" in flags and "avx512vl" in flags:
            config.available_features.add("avx512bf16-host")
    except OSError:
        pass

# The gradient tests compare with PyTorch autograd in float64.
try:
    subprocess.check_call([config.python_executable, "-c", "import torch"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    config.available_features.add("torch")
except Exception:
    pass

# GPU tests. `cuda-toolkit`: nvcc and the CUDA headers are present (the AOT
# bench dry run compiles and links against them); `cuda-gpu`: a device is
# visible (execution tests). The PTX/cubin checks themselves need neither.
_cuda_root = os.environ.get("CUDA_HOME", "/usr/local/cuda")
if (os.path.exists(os.path.join(_cuda_root, "include", "cuda.h")) and
        os.path.exists(os.path.join(_cuda_root, "bin", "nvcc"))):
    config.available_features.add("cuda-toolkit")
    # gpu-module-to-binary finds ptxas and fatbinary on PATH.
    llvm_config.with_environment("PATH", os.path.join(_cuda_root, "bin"),
                                 append_path=True)
    # ... and libdevice under $CUDA_HOME.
    llvm_config.with_environment("CUDA_HOME", _cuda_root)
    if os.path.exists(os.path.join(_cuda_root, "bin", "ptxas")):
        config.available_features.add("ptxas")
config.substitutions.append(
    ("%norm_opt_path", os.path.join(config.norm_tools_dir, "norm-opt")))
try:
    subprocess.run(["nvidia-smi", "-L"], check=True, timeout=30,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    config.available_features.add("cuda-gpu")
except Exception:
    pass

# A ROCm-layout directory around Debian's ld.lld, for HSACO (format=bin).
if config.rocm_lld_toolkit and os.path.exists(
        os.path.join(config.rocm_lld_toolkit, "llvm", "bin", "ld.lld")):
    config.available_features.add("amdgpu-lld")
    config.substitutions.append(("%rocm_lld_toolkit", config.rocm_lld_toolkit))

# `norm-run --sanitize=address|thread` instruments the JIT-compiled kernels
# and needs that sanitizer's runtime in norm-run itself, so these tests run
# only in the build made with it (scripts/test-sanitized.sh, test-tsan.sh).
if config.norm_sanitizer == "address":
    config.available_features.add("asan-jit")
elif config.norm_sanitizer == "thread":
    config.available_features.add("tsan-jit")
    # LLVM's Archer OMPT tool tells TSan about the OpenMP runtime's fork,
    # join and barriers (libomp itself is not instrumented). Taken from the
    # environment (scripts/test-tsan.sh sets it), else from LLVM's libdir.
    _archer = os.environ.get("OMP_TOOL_LIBRARIES") or os.path.join(
        os.path.dirname(config.llvm_tools_dir), "lib", "libarcher.so")
    config.environment["OMP_TOOL_LIBRARIES"] = _archer

# The tests of what other compilers use: the C API (CAPI/), the mlir-opt
# plugins (Plugins/) and a project built against the installed tree
# (Downstream/). Not in the sanitized builds: the stock mlir-opt cannot load
# an instrumented plugin, and scripts/test-sanitized.sh builds only the tools
# (a consumer of the sanitized package would also need the sanitizer runtime).
if not config.norm_sanitizer and config.norm_fuzzer.upper() not in (
        "ON", "1", "TRUE", "YES"):
    config.available_features.add("norm-package")
config.substitutions.append(("%cmake_command", config.cmake_command))
config.substitutions.append(("%cmake_generator", config.cmake_generator))
config.substitutions.append(("%cmake_make_program", config.cmake_make_program))
config.substitutions.append(("%cmake_cxx_compiler", config.cmake_cxx_compiler))
config.substitutions.append(
    ("%cmake_cxx_launcher", config.cmake_cxx_compiler_launcher))
config.substitutions.append(("%mlir_dir", config.mlir_dir))
