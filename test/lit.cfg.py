# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "NORM"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.norm_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

llvm_config.with_system_environment(["HOME", "TMPDIR"])
# `not`, `split-file` and FileCheck anywhere on a RUN line, not only after a pipe.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.use_default_substitutions()

tool_dirs = [config.norm_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["norm-opt", "norm-run"], tool_dirs)
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%norm_src_root", config.norm_src_root))
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
