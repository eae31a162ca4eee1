#!/usr/bin/env python3
"""Ahead-of-time GPU build and benchmark of norm-mlir kernels.

Builds a module of norm functions (LayerNorm, RMSNorm in f32 and bf16, an
inference BatchNorm (NCHW and NHWC) and a training BatchNorm with running
statistics, GroupNorm
in f32 and bf16, InstanceNorm in f32, and the gradients: layer_norm_grad and
rms_norm_grad in f32 and bf16 with dscale (and dbias), batch_norm_grad and
group_norm_grad in f32)
with
`norm-opt --norm-gpu-pipeline`, translates the host
code with the embedded GPU binary to an object (mlir-translate + llc), links it
with runtime/cuda into a shared library, and then (without --dry-run, on a
machine with an NVIDIA GPU and PyTorch):

  * checks every function against torch.nn.functional (layer_norm, rms_norm,
    batch_norm, batch_norm with training=True including the batch and running
    statistics, group_norm, instance_norm) computed in float64 from the same
    inputs, and every gradient against torch.autograd.grad of the float64
    forward (dx, dscale, dbias);
  * times our kernels, PyTorch's and a device-to-device copy of the same bytes
    with CUDA events: batches of calls over rotating input sets (together
    several times the L2 cache, so every call reads from DRAM), median over
    many batches, reported as microseconds per call and effective GB/s
    (the forward ops counted as 2 x the input's bytes, the gradients as 3 x:
    dy and x read, dx written; the copy always as 2 x its bytes). PyTorch's
    gradients are the backward of its autograd graph alone
    (torch.autograd.grad with retain_graph over a forward run once).

--dry-run stops after the link (no GPU, no PyTorch needed) and checks that every
runtime entry point the object needs is defined by the runtime library.

The compiled host functions take destination buffers (DPS): f(x, g, b, y)
(batch_norm_train_f32: f(x, g, b, running_mean, running_var, y, batch_mean,
batch_var, new_running_mean, new_running_var); layer_norm_grad: f(dy, x,
mean, inv_std_dev, g, dx, dscale, dbias); rms_norm_grad: f(dy, x, inv_rms, g,
dx, dscale); batch_norm_grad: f(dy, x, batch_mean, batch_var, g, dx, dscale,
dbias); group_norm_grad: f(dy, x, mean, inv_std_dev, g, dx, dscale, dbias)),
each memref passed as LLVM's expanded descriptor (allocated pointer, aligned
pointer, offset, sizes, strides). All pointers are device pointers.
"""

import argparse
import ctypes
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# The shapes (rows x hidden) of the issue's row-norm benchmark: --shapes issue.
ISSUE_SHAPES = "4096x1024,4096x4096,4096x8192,32768x4096,16384x16384"

# Functions of the generated module: name -> (op, dtype).
FUNCTIONS = {
    "layer_norm_f32": ("layer_norm", "f32"),
    "layer_norm_bf16": ("layer_norm", "bf16"),
    "rms_norm_f32": ("rms_norm", "f32"),
    "rms_norm_bf16": ("rms_norm", "bf16"),
    "batch_norm_f32": ("batch_norm", "f32"),
    "batch_norm_nhwc_f32": ("batch_norm_nhwc", "f32"),
    "batch_norm_train_f32": ("batch_norm_train", "f32"),
    "group_norm_f32": ("group_norm", "f32"),
    "group_norm_bf16": ("group_norm", "bf16"),
    "instance_norm_f32": ("instance_norm", "f32"),
    "layer_norm_grad_f32": ("layer_norm_grad", "f32"),
    "layer_norm_grad_bf16": ("layer_norm_grad", "bf16"),
    "rms_norm_grad_f32": ("rms_norm_grad", "f32"),
    "rms_norm_grad_bf16": ("rms_norm_grad", "bf16"),
    "batch_norm_grad_f32": ("batch_norm_grad", "f32"),
    "group_norm_grad_f32": ("group_norm_grad", "f32"),
}

# The ops run at every row shape of --shapes (the others at the first only).
ROW_OPS = ("layer_norm", "rms_norm", "layer_norm_grad", "rms_norm_grad")
# The gradient ops: dy is their first argument, dx their first result; their
# traffic is counted as 3 x dy's bytes (dy and x read, dx written).
GRAD_OPS = ("layer_norm_grad", "rms_norm_grad", "batch_norm_grad",
            "group_norm_grad")

# The group norms' shape (?xCxSxS, G groups) defaults to a Stable Diffusion
# UNet GroupNorm: 2x320x64x64, G = 32.

# batch_norm_train_f32 follows PyTorch's training update: momentum 0.9 here
# (the weight of the old value, ONNX) is PyTorch's momentum=0.1, and the
# running variance takes the unbiased batch variance.
TRAIN_MOMENTUM = 0.9


def generate_module(hidden, channels, spatial, eps, groups=32, gn_channels=320,
                    gn_spatial=64, train_batch=None):
    """The MLIR module: DPS host functions over device memrefs.
    `train_batch`: a static batch size for batch_norm_train (the
    single-pass kernel takes static sizes only); None: dynamic."""
    funcs = []
    for name, (op, dtype) in FUNCTIONS.items():
        if op in GRAD_OPS:
            funcs.append(grad_function(name, op, dtype, hidden, channels,
                                       spatial, eps, groups, gn_channels,
                                       gn_spatial))
            continue
        if op in ("group_norm", "instance_norm"):
            x = f"memref<?x{gn_channels}x{gn_spatial}x{gn_spatial}x{dtype}>"
            xt = x.replace("memref", "tensor")
            p = f"memref<{gn_channels}x{dtype}>"
            pt = p.replace("memref", "tensor")
            attrs = f"epsilon = {eps:e} : f32"
            if op == "group_norm":
                attrs = f"num_groups = {groups} : i64, " + attrs
            funcs.append(f"""
func.func @{name}(%x: {x}, %g: {p}, %b: {p}, %y: {x}) {{
  %xt = bufferization.to_tensor %x restrict : {x} to {xt}
  %gt = bufferization.to_tensor %g restrict : {p} to {pt}
  %bt = bufferization.to_tensor %b restrict : {p} to {pt}
  %r = norm.{op} %xt scale(%gt : {pt}) bias(%bt : {pt}) {{{attrs}}} : {xt}
  bufferization.materialize_in_destination %r in restrict writable %y
      : ({xt}, {x}) -> ()
  return
}}""")
            continue
        if op == "batch_norm_train":
            batch = "?" if train_batch is None else train_batch
            x = f"memref<{batch}x{channels}x{spatial}x{spatial}x{dtype}>"
            xt = x.replace("memref", "tensor")
            p = f"memref<{channels}x{dtype}>"
            pt = p.replace("memref", "tensor")
            stats = ["%bm", "%bv", "%nrm", "%nrv"]
            materialize = "".join(
                f"  bufferization.materialize_in_destination %r#{i + 1} in "
                f"restrict writable {s} : ({pt}, {p}) -> ()\n"
                for i, s in enumerate(stats))
            funcs.append(f"""
func.func @{name}(%x: {x}, %g: {p}, %b: {p}, %m: {p}, %v: {p}, %y: {x},
    %bm: {p}, %bv: {p}, %nrm: {p}, %nrv: {p}) {{
  %xt = bufferization.to_tensor %x restrict : {x} to {xt}
  %gt = bufferization.to_tensor %g restrict : {p} to {pt}
  %bt = bufferization.to_tensor %b restrict : {p} to {pt}
  %mt = bufferization.to_tensor %m restrict : {p} to {pt}
  %vt = bufferization.to_tensor %v restrict : {p} to {pt}
  %r:5 = norm.batch_norm_train %xt scale(%gt : {pt}) bias(%bt : {pt})
      running_mean(%mt : {pt}) running_var(%vt : {pt})
      {{epsilon = {eps:e} : f32, momentum = {TRAIN_MOMENTUM} : f32,
        unbiased_running_var = true}}
      : {xt} -> batch_mean, batch_var, new_running_mean, new_running_var
  bufferization.materialize_in_destination %r#0 in restrict writable %y
      : ({xt}, {x}) -> ()
{materialize}  return
}}""")
            continue
        if op in ("batch_norm", "batch_norm_nhwc"):
            nhwc = op == "batch_norm_nhwc"
            dims = ([spatial, spatial, channels] if nhwc
                    else [channels, spatial, spatial])
            x = f"memref<?x{'x'.join(map(str, dims))}x{dtype}>"
            xt = x.replace("memref", "tensor")
            p = f"memref<{channels}x{dtype}>"
            pt = p.replace("memref", "tensor")
            funcs.append(f"""
func.func @{name}(%x: {x}, %g: {p}, %b: {p}, %m: {p}, %v: {p}, %y: {x}) {{
  %xt = bufferization.to_tensor %x restrict : {x} to {xt}
  %gt = bufferization.to_tensor %g restrict : {p} to {pt}
  %bt = bufferization.to_tensor %b restrict : {p} to {pt}
  %mt = bufferization.to_tensor %m restrict : {p} to {pt}
  %vt = bufferization.to_tensor %v restrict : {p} to {pt}
  %r = norm.batch_norm %xt scale(%gt : {pt}) bias(%bt : {pt})
      mean(%mt : {pt}) var(%vt : {pt})
      {{epsilon = {eps:e} : f32, feature_axis = {-1 if nhwc else 1} : i64}}
      : {xt}
  bufferization.materialize_in_destination %r in restrict writable %y
      : ({xt}, {x}) -> ()
  return
}}""")
            continue
        x = f"memref<?x{hidden}x{dtype}>"
        xt = x.replace("memref", "tensor")
        p = f"memref<{hidden}x{dtype}>"
        pt = p.replace("memref", "tensor")
        if op == "layer_norm":
            args = f"%x: {x}, %g: {p}, %b: {p}, %y: {x}"
            params = (f"  %gt = bufferization.to_tensor %g restrict : {p} to {pt}\n"
                      f"  %bt = bufferization.to_tensor %b restrict : {p} to {pt}\n")
            call = (f"norm.layer_norm %xt scale(%gt : {pt}) bias(%bt : {pt}) "
                    f"{{epsilon = {eps:e} : f32}} : {xt}")
        else:
            args = f"%x: {x}, %g: {p}, %y: {x}"
            params = f"  %gt = bufferization.to_tensor %g restrict : {p} to {pt}\n"
            call = (f"norm.rms_norm %xt scale(%gt : {pt}) "
                    f"{{epsilon = {eps:e} : f32}} : {xt}")
        funcs.append(f"""
func.func @{name}({args}) {{
  %xt = bufferization.to_tensor %x restrict : {x} to {xt}
{params}  %r = {call}
  bufferization.materialize_in_destination %r in restrict writable %y
      : ({xt}, {x}) -> ()
  return
}}""")
    return "\n".join(funcs) + "\n"


def grad_function(name, op, dtype, hidden, channels, spatial, eps, groups=32,
                  gn_channels=320, gn_spatial=64):
    """The DPS host function of a gradient op: f(dy, x, statistics..., g, dx,
    dscale[, dbias]); the statistics are f32."""
    if op == "group_norm_grad":
        x = f"memref<?x{gn_channels}x{gn_spatial}x{gn_spatial}x{dtype}>"
        p = f"memref<{gn_channels}x{dtype}>"
        s = f"memref<?x{groups}xf32>"
        stats = [("%m", "mean"), ("%r", "inv_std_dev")]
        outs = ["dscale", "dbias"]
        attrs = f" {{num_groups = {groups} : i64}}"
    elif op == "batch_norm_grad":
        x = f"memref<?x{channels}x{spatial}x{spatial}x{dtype}>"
        p = f"memref<{channels}x{dtype}>"
        s = f"memref<{channels}xf32>"
        stats = [("%m", "mean"), ("%v", "var")]
        outs = ["dscale", "dbias"]
        attrs = f" {{epsilon = {eps:e} : f32}}"
    else:
        x = f"memref<?x{hidden}x{dtype}>"
        p = f"memref<{hidden}x{dtype}>"
        s = "memref<?x1xf32>"
        if op == "layer_norm_grad":
            stats = [("%m", "mean"), ("%r", "inv_std_dev")]
            outs = ["dscale", "dbias"]
        else:
            stats = [("%r", "inv_rms")]
            outs = ["dscale"]
        attrs = ""
    t = lambda m: m.replace("memref", "tensor")
    xt, pt, st = t(x), t(p), t(s)
    args = [f"%dy: {x}", f"%x: {x}"] + [f"{v}: {s}" for v, _ in stats]
    args += [f"%g: {p}", f"%dx: {x}"] + [f"%d{k}: {p}" for k in range(len(outs))]
    body = [f"  %dyt = bufferization.to_tensor %dy restrict : {x} to {xt}",
            f"  %xt = bufferization.to_tensor %x restrict : {x} to {xt}",
            f"  %gt = bufferization.to_tensor %g restrict : {p} to {pt}"]
    operands = f"%dyt x(%xt : {xt})"
    for v, keyword in stats:
        body.append(f"  {v}t = bufferization.to_tensor {v} restrict : {s} to {st}")
        operands += f" {keyword}({v}t : {st})"
    operands += f" scale(%gt : {pt})"
    body.append(f"  %res:{1 + len(outs)} = norm.{op} {operands}{attrs} : {xt} "
                f"-> {', '.join(outs)}")
    body.append(f"  bufferization.materialize_in_destination %res#0 in restrict "
                f"writable %dx : ({xt}, {x}) -> ()")
    for k in range(len(outs)):
        body.append(f"  bufferization.materialize_in_destination %res#{k + 1} in "
                    f"restrict writable %d{k} : ({pt}, {p}) -> ()")
    return (f"\nfunc.func @{name}({', '.join(args)}) {{\n" + "\n".join(body) +
            "\n  return\n}")


def grad_inputs(torch, op, dtype, rows, hidden, batch, channels, spatial,
                device, groups=32):
    """dy and the other arguments (x, f32 statistics of x in float64 rounded
    to f32, as the forward ops return them, g) of a gradient function; a
    constant row / channel / group of x. For group_norm_grad `batch`,
    `channels` and `spatial` are the group norms' N, C and H = W."""
    if op == "group_norm_grad":
        shape = (batch, channels, spatial, spatial)
        x = torch.randn(*shape, device=device, dtype=dtype) * 3 + 1
        if batch > 0:
            x[0, :channels // groups] = 40.75
        dy = torch.randn(*shape, device=device, dtype=dtype)
        g = torch.rand(channels, device=device, dtype=dtype) + 0.5
        x64 = x.double().reshape(batch, groups,
                                 channels // groups * spatial * spatial)
        stats = [x64.mean(-1),
                 torch.rsqrt(x64.var(-1, unbiased=False) + EPS_FOR_GRADS[0])]
        return dy, [x] + [v.float() for v in stats] + [g]
    if op == "batch_norm_grad":
        shape = (batch, channels, spatial, spatial)
    else:
        shape = (rows, hidden)
    x = torch.randn(*shape, device=device, dtype=dtype) * 2 + 5
    dy = torch.randn(*shape, device=device, dtype=dtype)
    g = torch.rand(shape[1] if op == "batch_norm_grad" else hidden,
                   device=device, dtype=dtype) + 0.5
    x64 = x.double()
    if op == "batch_norm_grad":
        if batch > 0:
            x[:, 0] = 40.75
            x64 = x.double()
        dims = (0, 2, 3)
        stats = [x64.mean(dims), x64.var(dims, unbiased=False)]
    else:
        if rows > 0:
            x[0] = 40.75
            x64 = x.double()
        if op == "layer_norm_grad":
            stats = [x64.mean(-1, keepdim=True),
                     torch.rsqrt(x64.var(-1, unbiased=False, keepdim=True)
                                 + EPS_FOR_GRADS[0])]
        else:
            stats = [torch.rsqrt(x64.pow(2).mean(-1, keepdim=True)
                                 + EPS_FOR_GRADS[0])]
    return dy, [x] + [v.float() for v in stats] + [g]


# The epsilon of the gradient inputs' statistics (set from --eps).
EPS_FOR_GRADS = [1e-5]


def grad_outputs(torch, op, dy, params):
    """The destinations: dx, dscale and (not rms_norm_grad) dbias."""
    g = params[-1]
    count = 1 if op == "rms_norm_grad" else 2
    return [torch.empty_like(dy)] + [torch.empty_like(g) for _ in range(count)]


def grad_reference(torch, F, op, dy, params, eps):
    """float64 dx, dscale[, dbias]: torch.autograd.grad of the forward op."""
    x64 = params[0].double().requires_grad_()
    g64 = params[-1].double().requires_grad_()
    b64 = torch.zeros_like(g64, requires_grad=True)
    if op == "layer_norm_grad":
        y = F.layer_norm(x64, (x64.shape[-1],), g64, b64, eps)
        inputs = (x64, g64, b64)
    elif op == "rms_norm_grad":
        y = x64 * torch.rsqrt(x64.pow(2).mean(-1, keepdim=True) + eps) * g64
        inputs = (x64, g64)
    elif op == "group_norm_grad":
        y = F.group_norm(x64, params[1].shape[1], g64, b64, eps)
        inputs = (x64, g64, b64)
    else:
        y = F.batch_norm(x64, None, None, g64, b64, training=True, eps=eps)
        inputs = (x64, g64, b64)
    return list(torch.autograd.grad(y, inputs, dy.double()))


def torch_grad_op(torch, F, op, dy, params, eps):
    """PyTorch's backward alone: its autograd graph of the forward op, run
    once, and a call that backpropagates dy through it (retain_graph)."""
    x = params[0].detach().requires_grad_()
    g = params[-1].detach().requires_grad_()
    b = torch.zeros_like(g, requires_grad=True)
    if op == "layer_norm_grad":
        y = F.layer_norm(x, (x.shape[-1],), g, b, eps)
        inputs = (x, g, b)
    elif op == "rms_norm_grad":
        if hasattr(F, "rms_norm"):
            y = F.rms_norm(x, (x.shape[-1],), g, eps)
        else:
            y = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * g
        inputs = (x, g)
    elif op == "group_norm_grad":
        y = F.group_norm(x, params[1].shape[1], g, b, eps)
        inputs = (x, g, b)
    else:
        y = F.batch_norm(x, None, None, g, b, training=True, eps=eps)
        inputs = (x, g, b)
    return lambda: torch.autograd.grad(y, inputs, dy, retain_graph=True)


def run(cmd, **kwargs):
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def find_tool(explicit, *candidates):
    if explicit:
        return explicit
    for candidate in candidates:
        path = shutil.which(candidate) if not os.path.isabs(candidate) else (
            candidate if os.path.exists(candidate) else None)
        if path:
            return path
    sys.exit(f"error: none of {candidates} found")


def build(args):
    os.makedirs(args.build_dir, exist_ok=True)
    out = lambda name: os.path.join(args.build_dir, name)
    llvm_bin = args.llvm_bin
    norm_opt = find_tool(args.norm_opt, os.path.join(ROOT, "build/bin/norm-opt"),
                         "norm-opt")
    translate = find_tool(None, os.path.join(llvm_bin, "mlir-translate"),
                          "mlir-translate-22")
    llc = find_tool(None, os.path.join(llvm_bin, "llc"), "llc-22")
    cxx = find_tool(args.cxx, os.path.join(llvm_bin, "clang++"), "clang++-22",
                    "c++")

    with open(out("kernels.mlir"), "w") as f:
        f.write(generate_module(args.hidden, args.channels, args.spatial,
                                args.eps, args.groups, args.gn_channels,
                                args.gn_spatial,
                                args.batch if args.static_batch else None))
    options = (f"chip={args.chip} format={args.format} threads={args.threads} "
               f"rows-per-block={args.rows_per_block} "
               f"vector-width={args.vector_width} "
               f"max-row-per-warp={args.max_row_per_warp} "
               f"max-cached-vectors={args.max_cached_vectors} "
               f"max-row-per-block={args.max_row_per_block} "
               f"blocks-per-row={args.blocks_per_row} "
               f"blocks-per-channel={args.blocks_per_channel} "
               f"persistent-blocks={args.persistent_blocks}")
    if args.batch_norm_train_single_pass:
        options += " batch-norm-train-single-pass"
    env = dict(os.environ)
    env.setdefault("CUDA_ROOT", args.cuda)  # where gpu-module-to-binary looks
    env["PATH"] = os.path.join(args.cuda, "bin") + os.pathsep + env["PATH"]
    run([norm_opt, out("kernels.mlir"), f"--norm-gpu-pipeline={options}",
         "-o", out("kernels.llvm.mlir")], env=env)
    with open(out("kernels.llvm.mlir")) as f:
        if "gpu.binary" not in f.read():
            sys.exit("error: no gpu.binary in the lowered module")
    run([translate, "--mlir-to-llvmir", out("kernels.llvm.mlir"), "-o",
         out("kernels.ll")])
    run([llc, "-O2", "-filetype=obj", "-relocation-model=pic", out("kernels.ll"),
         "-o", out("kernels.o")])

    runtime = args.runtime_lib
    if not runtime:
        runtime = out("libnorm_cuda_runtime.so")
        run([cxx, "-std=c++17", "-O2", "-fPIC", "-shared",
             f"-I{os.path.join(args.cuda, 'include')}",
             os.path.join(ROOT, "runtime/cuda/CudaRuntime.cpp"),
             f"-L{os.path.join(args.cuda, 'lib64/stubs')}", "-lcuda",
             "-Wl,-soname,libnorm_cuda_runtime.so", "-o", runtime])
    library = out("libnorm_gpu_kernels.so")
    # $ORIGIN first: a prebuilt build directory can be moved (--prebuilt).
    run([cxx, "-shared", out("kernels.o"), runtime,
         "-Wl,-rpath,$ORIGIN",
         f"-Wl,-rpath,{os.path.dirname(os.path.abspath(runtime))}",
         "-o", library])

    # Every runtime call of the host code must be defined by the runtime.
    nm = find_tool(None, os.path.join(llvm_bin, "llvm-nm"), "llvm-nm-22", "nm")
    undefined = subprocess.run([nm, "-D", "--undefined-only", library],
                               check=True, capture_output=True,
                               text=True).stdout.split()
    needed = sorted({s for s in undefined if s.startswith("mgpu")})
    defined = set(subprocess.run([nm, "-D", "--defined-only", runtime],
                                 check=True, capture_output=True,
                                 text=True).stdout.split())
    missing = [s for s in needed if s not in defined]
    if missing:
        sys.exit(f"error: runtime lacks {missing}")
    exported = set(subprocess.run([nm, "-D", "--defined-only", library],
                                  check=True, capture_output=True,
                                  text=True).stdout.split())
    for name in FUNCTIONS:
        if name not in exported:
            sys.exit(f"error: {name} is not exported by {library}")
    print("runtime calls: " + " ".join(needed))
    print("functions: " + " ".join(FUNCTIONS))
    return runtime, library


#===------------------------------------------------------------------------===#
# Execution (GPU machine, PyTorch)
#===------------------------------------------------------------------------===#

def memref_args(tensor):
    """LLVM's expanded memref descriptor of a contiguous CUDA tensor."""
    pointer = ctypes.c_void_p(tensor.data_ptr())
    return ([pointer, pointer, ctypes.c_int64(0)] +
            [ctypes.c_int64(s) for s in tensor.shape] +
            [ctypes.c_int64(s) for s in tensor.stride()])


def execute(args, runtime_path, library_path, row_norms_only=False):
    import torch
    import torch.nn.functional as F

    ctypes.CDLL(runtime_path, mode=ctypes.RTLD_GLOBAL)
    runtime = ctypes.CDLL(runtime_path)
    kernels = ctypes.CDLL(library_path)
    device = torch.device("cuda")
    stream = torch.cuda.current_stream()
    runtime.normCudaSetStream(ctypes.c_void_p(stream.cuda_stream))
    dtypes = {"f32": torch.float32, "bf16": torch.bfloat16}
    eps = args.eps
    EPS_FOR_GRADS[0] = eps
    torch.manual_seed(args.seed)

    def groups(op):
        return args.groups if op == "group_norm" else args.gn_channels

    def group_channels(op):
        return args.gn_channels // groups(op)

    def make_inputs(op, dtype):
        if op == "group_norm_grad":
            return grad_inputs(torch, op, dtype, args.rows, args.hidden,
                               args.gn_batch, args.gn_channels,
                               args.gn_spatial, device, args.groups)
        if op in GRAD_OPS:
            return grad_inputs(torch, op, dtype, args.rows, args.hidden,
                               args.batch, args.channels, args.spatial, device)
        if op in ("group_norm", "instance_norm"):
            c = args.gn_channels
            x = torch.randn(args.gn_batch, c, args.gn_spatial, args.gn_spatial,
                            device=device, dtype=dtype) * 3 + 1
            if args.gn_batch > 0:
                # A constant group: y must be exactly the bias.
                x[0, :group_channels(op)] = 40.75
            params = [torch.rand(c, device=device, dtype=dtype) + 0.5,
                      torch.randn(c, device=device, dtype=dtype)]
            return x, params
        if op == "batch_norm_train":
            c = args.channels
            x = torch.randn(args.batch, c, args.spatial, args.spatial,
                            device=device, dtype=dtype) * 3 + 1
            x[:, 0] = 40.75  # a constant channel: y must be exactly the bias
            params = [torch.rand(c, device=device, dtype=dtype) + 0.5,
                      torch.randn(c, device=device, dtype=dtype),
                      torch.randn(c, device=device, dtype=dtype),
                      torch.rand(c, device=device, dtype=dtype) + 0.1]
            return x, params
        if op in ("batch_norm", "batch_norm_nhwc"):
            c = args.channels
            shape = (args.batch, c, args.spatial, args.spatial)
            if op == "batch_norm_nhwc":
                shape = (args.batch, args.spatial, args.spatial, c)
            x = torch.randn(*shape, device=device, dtype=dtype) * 3 + 1
            params = [torch.rand(c, device=device, dtype=dtype) + 0.5,
                      torch.randn(c, device=device, dtype=dtype),
                      torch.randn(c, device=device, dtype=dtype),
                      torch.rand(c, device=device, dtype=dtype) + 0.1]
            return x, params
        h = args.hidden
        x = torch.randn(args.rows, h, device=device, dtype=dtype) * 2 + 5
        if op == "layer_norm" and args.rows > 0:
            x[0] = 40.75  # a constant row: y must be exactly the bias
        params = [torch.rand(h, device=device, dtype=dtype) + 0.5]
        if op == "layer_norm":
            params.append(torch.randn(h, device=device, dtype=dtype))
        return x, params

    def make_outputs(op, x, params=None):
        """The destinations: y, and for batch_norm_train the batch and the
        new running statistics."""
        if op in GRAD_OPS:
            return grad_outputs(torch, op, x, params)
        outputs = [torch.empty_like(x)]
        if op == "batch_norm_train":
            outputs += [torch.empty(x.shape[1], device=device, dtype=x.dtype)
                        for _ in range(4)]
        return outputs

    def ours(name, x, params, outputs):
        argv = memref_args(x)
        for p in params:
            argv += memref_args(p)
        for y in outputs:
            argv += memref_args(y)
        getattr(kernels, name)(*argv)

    def reference(op, x, params):
        """float64 results in the order of the function's destinations."""
        if op in GRAD_OPS:
            return grad_reference(torch, F, op, x, params, eps)
        x64 = x.double()
        p64 = [p.double() for p in params]
        if op == "batch_norm_train":
            g, b, m, v = p64
            m, v = m.clone(), v.clone()  # updated in place by PyTorch
            y = F.batch_norm(x64, m, v, g, b, training=True,
                             momentum=1 - TRAIN_MOMENTUM, eps=eps)
            dims = (0, 2, 3)
            return [y, x64.mean(dims), x64.var(dims, unbiased=False), m, v]
        if op == "layer_norm":
            return [F.layer_norm(x64, (x.shape[-1],), p64[0], p64[1], eps)]
        if op == "group_norm":
            return [F.group_norm(x64, groups(op), p64[0], p64[1], eps)]
        if op == "instance_norm":
            return [F.instance_norm(x64, weight=p64[0], bias=p64[1], eps=eps)]
        if op == "rms_norm":
            if hasattr(F, "rms_norm"):
                return [F.rms_norm(x64, (x.shape[-1],), p64[0], eps)]
            return [x64 * torch.rsqrt(x64.pow(2).mean(-1, keepdim=True) + eps)
                    * p64[0]]
        g, b, m, v = p64
        if op == "batch_norm_nhwc":
            y = F.batch_norm(x64.permute(0, 3, 1, 2), m, v, g, b,
                             training=False, eps=eps)
            return [y.permute(0, 2, 3, 1)]
        return [F.batch_norm(x64, m, v, g, b, training=False, eps=eps)]

    def torch_op(op, x, params):
        if op in GRAD_OPS:
            return torch_grad_op(torch, F, op, x, params, eps)
        if op == "group_norm":
            return lambda: F.group_norm(x, groups(op), params[0], params[1], eps)
        if op == "instance_norm":
            return lambda: F.instance_norm(x, weight=params[0], bias=params[1],
                                           eps=eps)
        if op == "layer_norm":
            return lambda: F.layer_norm(x, (x.shape[-1],), params[0], params[1], eps)
        if op == "rms_norm":
            return lambda: F.rms_norm(x, (x.shape[-1],), params[0], eps)
        if op == "batch_norm_train":
            g, b, m, v = [p.clone() for p in params]
            return lambda: F.batch_norm(x, m, v, g, b, training=True,
                                        momentum=1 - TRAIN_MOMENTUM, eps=eps)
        g, b, m, v = params
        if op == "batch_norm_nhwc":  # PyTorch's channels_last tensor
            xc = x.permute(0, 3, 1, 2)
            return lambda: F.batch_norm(xc, m, v, g, b, training=False,
                                        eps=eps)
        return lambda: F.batch_norm(x, m, v, g, b, training=False, eps=eps)

    def time_per_call(calls):
        """Median over batches of the mean time of one call, in us."""
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        for call in calls[:4]:
            call()
        torch.cuda.synchronize()
        samples = []
        for _ in range(args.repetitions):
            start.record()
            for i in range(args.batch_calls):
                calls[i % len(calls)]()
            end.record()
            end.synchronize()
            samples.append(start.elapsed_time(end) * 1000 / args.batch_calls)
        return statistics.median(samples)

    l2 = getattr(torch.cuda.get_device_properties(0), "L2_cache_size", 50 << 20)
    print(f"device: {torch.cuda.get_device_name(0)}, L2 {l2 >> 20} MiB")
    failures = 0
    rows = []
    for name, (op, dt) in FUNCTIONS.items():
        if row_norms_only and op not in ROW_OPS:
            continue
        dtype = dtypes[dt]
        x, params = make_inputs(op, dtype)
        results = make_outputs(op, x, params)
        for r in results:  # poisoned: an element the kernel skips fails
            r.fill_(float("nan"))
        ours(name, x, params, results)
        torch.cuda.synchronize()
        error = runtime.normCudaGetLastError()
        ok = error == 0
        worst = 0.0
        for got, ref in zip(results, reference(op, x, params)):
            err = (got.double() - ref).abs()
            tol = (1e-4 + 1e-4 * ref.abs()) if dt == "f32" else \
                (1e-2 + 1e-2 * ref.abs())
            ok = ok and bool((err <= tol).all())  # NaN never passes
            if got.numel():
                worst = max(worst, err.max().item())
        exact = ""
        if op == "layer_norm" and args.rows > 0:
            same = bool((results[0][0] == params[1]).all())
            exact = f"; constant row -> bias {'exactly' if same else 'NOT exactly'}"
            ok = ok and same
        if op in ("group_norm", "instance_norm") and x.numel():
            k = group_channels(op)
            same = bool((results[0][0, :k] ==
                         params[1][:k].view(k, 1, 1)).all())
            exact = (f"; constant group -> bias "
                     f"{'exactly' if same else 'NOT exactly'}")
            ok = ok and same
        if op == "batch_norm_train" and x.numel():
            same = bool((results[0][:, 0] == params[1][0]).all())
            exact = (f"; constant channel -> bias "
                     f"{'exactly' if same else 'NOT exactly'}")
            ok = ok and same
        failures += not ok
        print(f"{name}: max |error| {worst:.3e} "
              f"({'ok' if ok else 'FAILED'}; driver error {error}{exact})",
              flush=True)
        if args.no_time:
            continue

        copy_bytes = 2 * x.numel() * x.element_size()
        bytes_per_call = copy_bytes * 3 // 2 if op in GRAD_OPS else copy_bytes
        sets = max(2, min(64, -(-4 * l2 // bytes_per_call)))
        # The gradients rotate x (and its statistics) with dy.
        if op in GRAD_OPS:
            sets_in = [(x, params)] + [make_inputs(op, dtype)
                                       for _ in range(sets - 1)]
        else:
            sets_in = [(x, params)] + [(make_inputs(op, dtype)[0], params)
                                       for _ in range(sets - 1)]
        outputs = [make_outputs(op, xi, pi) for xi, pi in sets_in]
        t_ours = time_per_call([
            (lambda xi=xi, pi=pi, yi=yi: ours(name, xi, pi, yi))
            for (xi, pi), yi in zip(sets_in, outputs)])
        t_torch = time_per_call([torch_op(op, xi, pi) for xi, pi in sets_in])
        t_copy = time_per_call([(lambda xi=xi, yi=yi: yi[0].copy_(xi))
                                for (xi, _), yi in zip(sets_in, outputs)])
        gbs = lambda t, n=bytes_per_call: n / (t * 1e3)
        rows.append((name, t_ours, gbs(t_ours), t_torch, gbs(t_torch), t_copy,
                     gbs(t_copy, copy_bytes)))
    if not rows:
        return failures
    print()
    print(f"device: {torch.cuda.get_device_name(0)}; rows x hidden: "
          f"{args.rows} x {args.hidden}; batch norm: {args.batch}x"
          f"{args.channels}x{args.spatial}x{args.spatial}; group norms: "
          f"{args.gn_batch}x{args.gn_channels}x{args.gn_spatial}x"
          f"{args.gn_spatial}, G = {args.groups} (instance_norm: G = C); "
          f"GB/s: 2 x the input's bytes, 3 x for the gradients (dy, x, dx), "
          f"copy: 2 x its bytes")
    print(f"{'function':20} {'ours us':>9} {'GB/s':>7} {'torch us':>9} "
          f"{'GB/s':>7} {'copy us':>9} {'GB/s':>7}")
    for row in rows:
        print(f"{row[0]:20} {row[1]:9.2f} {row[2]:7.0f} {row[3]:9.2f} "
              f"{row[4]:7.0f} {row[5]:9.2f} {row[6]:7.0f}")
    return failures


def parse_shapes(text):
    """[(rows, hidden)] of 'ROWSxHIDDEN,...' (or 'issue')."""
    if text == "issue":
        text = ISSUE_SHAPES
    shapes = []
    for item in text.split(","):
        try:
            rows, hidden = (int(v) for v in item.strip().lower().split("x"))
        except ValueError:
            sys.exit(f"error: bad shape {item!r} (want ROWSxHIDDEN)")
        shapes.append((rows, hidden))
    return shapes


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(HERE, "build"))
    parser.add_argument("--dry-run", action="store_true",
                        help="compile and link only; never touch a GPU")
    parser.add_argument("--chip", default="sm_90")
    parser.add_argument("--format", default="fatbin",
                        help="bin (cubin) or fatbin; isa embeds PTX for the "
                             "driver's JIT")
    parser.add_argument("--threads", type=int, default=256)
    parser.add_argument("--rows-per-block", type=int, default=0,
                        help="0: a warp per row up to --max-row-per-warp "
                             "elements, else a block per row")
    parser.add_argument("--vector-width", type=int, default=0,
                        help="0: 16-byte accesses (4 f32, 8 bf16)")
    parser.add_argument("--max-row-per-warp", type=int, default=1024)
    parser.add_argument("--max-cached-vectors", type=int, default=16)
    parser.add_argument("--max-row-per-block", type=int, default=32768)
    parser.add_argument("--blocks-per-row", type=int, default=0)
    parser.add_argument("--blocks-per-channel", type=int, default=0,
                        help="chunks per channel of the batch norm kernels "
                             "(0: enough to fill the GPU)")
    parser.add_argument("--batch-norm-train-single-pass", action="store_true",
                        help="batch_norm_train as one persistent launch with "
                             "a grid barrier where it fits the register "
                             "cache (static sizes: use --static-batch)")
    parser.add_argument("--persistent-blocks", type=int, default=132,
                        help="blocks of the single-pass grid (all resident)")
    parser.add_argument("--static-batch", action="store_true",
                        help="batch_norm_train with a static batch size "
                             "(--batch) instead of a dynamic one")
    parser.add_argument("--hidden", type=int, default=4096)
    parser.add_argument("--rows", type=int, default=8192)
    parser.add_argument("--shapes",
                        help="row-norm shapes ROWSxHIDDEN[,...] to check and "
                             "time (one build per hidden size; the other ops "
                             "run with the first); 'issue' is "
                             + ISSUE_SHAPES + "; default: --rows x --hidden")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--channels", type=int, default=64)
    parser.add_argument("--spatial", type=int, default=56)
    parser.add_argument("--gn-batch", type=int, default=2,
                        help="N of the group_norm / instance_norm input")
    parser.add_argument("--gn-channels", type=int, default=320)
    parser.add_argument("--gn-spatial", type=int, default=64,
                        help="H = W of the group norms")
    parser.add_argument("--groups", type=int, default=32,
                        help="num_groups of group_norm (divides "
                             "--gn-channels)")
    parser.add_argument("--eps", type=float, default=1e-5)
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the random inputs")
    parser.add_argument("--no-time", action="store_true",
                        help="check only; do not time")
    parser.add_argument("--prebuilt", action="store_true",
                        help="use the libraries already in --build-dir (built "
                             "by an earlier --dry-run with the same options, "
                             "maybe on another machine); needs no LLVM or "
                             "norm-opt")
    parser.add_argument("--repetitions", type=int, default=50)
    parser.add_argument("--batch-calls", type=int, default=20)
    parser.add_argument("--llvm-bin", default="/usr/lib/llvm-22/bin")
    parser.add_argument("--cuda", default=os.environ.get("CUDA_HOME",
                                                         "/usr/local/cuda"))
    parser.add_argument("--norm-opt")
    parser.add_argument("--cxx")
    parser.add_argument("--runtime-lib",
                        help="a built libnorm_cuda_runtime.so (default: "
                             "compile runtime/cuda into the build dir)")
    args = parser.parse_args()
    if args.groups <= 0 or args.gn_channels % args.groups:
        sys.exit("error: --groups must be positive and divide --gn-channels")
    shapes = parse_shapes(args.shapes) if args.shapes else [(args.rows,
                                                             args.hidden)]
    builds = {}  # hidden -> (args, runtime, library)
    for rows, hidden in shapes:
        if hidden in builds:
            continue
        shape_args = argparse.Namespace(**vars(args))
        shape_args.hidden = hidden
        if args.shapes:
            shape_args.build_dir = os.path.join(args.build_dir, f"h{hidden}")
            if builds:  # one runtime library for all the builds
                shape_args.runtime_lib = next(iter(builds.values()))[1]
        if args.prebuilt:
            first = next(iter(builds.values()))[0] if builds else shape_args
            builds[hidden] = (shape_args,
                              os.path.join(first.build_dir,
                                           "libnorm_cuda_runtime.so"),
                              os.path.join(shape_args.build_dir,
                                           "libnorm_gpu_kernels.so"))
            continue
        builds[hidden] = (shape_args,) + build(shape_args)
    if args.dry_run:
        print("DRY RUN OK: compiled and linked, not executed")
        return 0
    failures = 0
    for i, (rows, hidden) in enumerate(shapes):
        shape_args, runtime, library = builds[hidden]
        shape_args = argparse.Namespace(**vars(shape_args))
        shape_args.rows = rows
        failures += execute(shape_args, runtime, library,
                            row_norms_only=i > 0)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
