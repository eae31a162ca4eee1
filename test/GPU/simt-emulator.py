#!/usr/bin/env python3
"""A small SIMT emulator of `gpu.launch` kernels, to check their numbers
without a GPU.

Runs one function of a module printed in MLIR's generic form
(`norm-opt --convert-norm-to-gpu --mlir-print-op-generic`): the host ops
(arith, tensor.dim, bufferization.to_buffer/to_tensor, memref.alloc,
collapse_shape, gpu.alloc/dealloc/memset) run once; each `gpu.launch` runs its
blocks one after the other, and the threads of a block in lockstep, each SSA
value an array over the threads, with a mask for divergent `scf.for` /
`scf.if` / `scf.while`.
`gpu.shuffle xor` reads the partner lane, `gpu.barrier` must be reached by all
threads of the block. 1-D vector.load/store/extract/from_elements give a
value per thread with a trailing axis of lanes. Float arithmetic is IEEE in the value's type (NumPy
float32/float64; bf16 values are kept as float32 and rounded to nearest even
on `arith.truncf`).

It also checks what would make a kernel wrong or nondeterministic on a GPU:
out-of-bounds loads and stores, reads of never-written memory, an element
written by two blocks of one launch or read by one block after another
wrote it (a race between blocks), workgroup memory read after another thread
wrote it without a barrier in between, barriers and shuffles in divergent
code.

Grid-wide synchronisation: a launch whose body has a `memref.atomic_rmw`
(only `addi`, on global memory) runs its blocks as interleaved coroutines
(one Python thread each, exactly one running at a time, in a fixed
round-robin order), so that a block can wait for the others: each iteration
of an `scf.while` whose condition region reads an atomic (a spin-wait) after
the first hands over to the next block. A round in which every unfinished
block spun and no atomic changed memory is a deadlock (a grid barrier that
not every block reaches): EmulationError, not a hang. Atomics are
acquire-release (what memref.atomic_rmw lowers to) and `llvm.fence` is
counted: the race detector orders the accesses of blocks by vector clocks
that the atomics carry (a block's clock joins the atomic location's, and
the location's joins the block's), so a write before a grid barrier and a
read by another block after it are ordered, and without the barrier they are
still a race. Launches without atomics run one block after the other as
before.

Used as a module by the lit tests (see check-batch-norm-emulated.py):
    run_function(mlir_text, name, [numpy arrays]) -> [numpy arrays]
"""

import re
import threading

import numpy as np


class EmulationError(Exception):
    pass


#===------------------------------------------------------------------------===#
# Parsing the generic form
#===------------------------------------------------------------------------===#

class Op:
    def __init__(self, name, results, operands, text):
        self.name = name
        self.results = results
        self.operands = operands
        self.text = text  # properties, attributes and types
        self.regions = []

    def result_types(self):
        if not hasattr(self, "_types"):
            self._types = split_types(signature(self.text)[1])
        return self._types

    def prop(self, key):
        m = re.search(r"\b" + key + r" = ([^,}>]+(?:<[^>]*>)?)", self.text)
        return m.group(1).strip() if m else None


class Region:
    def __init__(self):
        self.args = []
        self.arg_types = []
        self.ops = []


_OP = re.compile(r'^\s*(?:(%[\w#:, %]+?) = )?"([\w.]+)"\(([^)]*)\)(.*)$')


def _results(text):
    if not text:
        return []
    names = []
    for part in text.split(","):
        part = part.strip()
        if ":" in part:
            base, count = part.split(":")
            names += [f"{base}#{i}" for i in range(int(count))]
        else:
            names.append(part)
    return names


def parse(text):
    """Returns the top-level op (builtin.module)."""
    lines = text.splitlines()
    pos = 0
    root = Region()
    stack = [(None, root)]  # (op owning the region, region)
    while pos < len(lines):
        line = lines[pos].rstrip()
        pos += 1
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        if stripped.startswith("^bb"):
            region = stack[-1][1]
            header = stripped[stripped.index("(") + 1:stripped.rindex(")")]
            pairs = [p.split(":", 1) for p in split_types(header)]
            region.args = [p[0].strip() for p in pairs]
            region.arg_types = [p[1].strip() for p in pairs]
            continue
        if stripped.startswith("}, {"):
            op, _ = stack.pop()
            region = Region()
            op.regions.append(region)
            stack.append((op, region))
            continue
        if stripped.startswith("})"):
            op, _ = stack.pop()
            op.text += " " + stripped[2:]
            continue
        m = _OP.match(line)
        if not m:
            raise EmulationError(f"cannot parse: {line}")
        operands = [o.strip() for o in m.group(3).split(",") if o.strip()]
        rest = m.group(4)
        op = Op(m.group(2), _results(m.group(1)), operands, "")
        stack[-1][1].ops.append(op)
        if rest.endswith("({"):
            op.text = rest[:-2]
            region = Region()
            op.regions.append(region)
            stack.append((op, region))
        else:
            op.text = rest
    return root.ops[0]


def _strip_braced(text, opener, closer):
    out, depth, i = [], 0, 0
    while i < len(text):
        if text.startswith(opener, i):
            depth += 1
            i += len(opener)
            continue
        if depth and text.startswith(closer, i):
            depth -= 1
            i += len(closer)
            continue
        if not depth:
            out.append(text[i])
        i += 1
    return "".join(out)


def signature(text):
    """(operand types, result types) of the trailing ` : (...) -> ...`."""
    text = _strip_braced(text, "<{", "}>")
    text = _strip_braced(text, "{", "}")
    idx = text.rfind(" : ")
    sig = text[idx + 3:].strip()
    depth = 0
    for i, c in enumerate(sig):
        if c in "(<[":
            depth += 1
        elif c in ")>]":
            depth -= 1
        elif depth == 0 and sig.startswith("->", i):
            return sig[:i].strip(), sig[i + 2:].strip()
    return sig, ""


def split_types(text):
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    parts, depth, cur = [], 0, ""
    for c in text:
        if c in "(<[":
            depth += 1
        elif c in ")>]":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += c
    if cur.strip():
        parts.append(cur.strip())
    return parts


#===------------------------------------------------------------------------===#
# Types and values
#===------------------------------------------------------------------------===#

def scalar_dtype(name):
    return {"f32": np.float32, "f64": np.float64, "f16": np.float16,
            "bf16": np.float32, "index": np.int64, "i64": np.int64,
            "i32": np.int32, "i1": np.bool_}[name]


def shaped(type_text):
    """(shape with None for ?, element type name) of a memref/tensor type."""
    inner = type_text[type_text.index("<") + 1:]
    inner = inner.split(",")[0].rstrip(">")
    dims = inner.split("x")
    shape = [None if d == "?" else int(d) for d in dims[:-1]]
    return shape, dims[-1]


def round_bf16(values):
    """Rounds float32 values to the nearest bf16 (ties to even), as float32."""
    values = np.asarray(values, dtype=np.float32)
    bits = values.view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    out = rounded.astype(np.uint32).view(np.float32)
    return np.where(np.isnan(values), values, out)


class Buffer:
    """A memref: flat data, its shape, which elements were ever written, and
    per launch which block wrote / first read each element."""

    def __init__(self, data, shape, element, initialized, space="global"):
        self.data = data
        self.shape = list(shape)
        self.element = element
        self.init = initialized
        self.space = space
        self.writer = None
        self.reader = None
        self.wtime = None
        self.rtime = None
        self.epoch = None
        self.thread = None

    def view(self, shape):
        other = Buffer(self.data, shape, self.element, self.init, self.space)
        other.root = getattr(self, "root", self)
        return other

    def base(self):
        return getattr(self, "root", self)


class Machine:
    def __init__(self):
        self.launches = 0
        self.checks = {"launches": 0, "barriers": 0, "shuffles": 0,
                       "atomics": 0, "fences": 0, "spins": 0}
        # The blocks' vector clocks of the running launch: clock[b][a] is the
        # time of block a that block b has synchronized with (its own time
        # at clock[b][b], from 1). Without atomics nothing is ever ordered.
        self.clock = np.ones((1, 1), dtype=np.int64)
        # The clocks of the atomic locations, (id(base), element) -> clock.
        self.atomic_clocks = {}
        # Bumped by every atomic that changes memory (deadlock detection).
        self.version = 0
        self.coroutines = None

    # Values in a kernel are arrays over the threads (or uniform scalars).

    def run_region(self, region, env, ctx):
        for op in region.ops:
            if op.name in ("scf.yield", "scf.condition", "func.return",
                           "gpu.terminator"):
                return [env[o] for o in op.operands]
            self.run_op(op, env, ctx)
        return []

    def run_op(self, op, env, ctx):
        name = op.name
        args = [env[o] for o in op.operands]
        handler = getattr(self, "op_" + name.replace(".", "_"), None)
        if handler is None:
            raise EmulationError(f"unsupported op {name}")
        with np.errstate(all="ignore"):
            results = handler(op, args, env, ctx)
        if results is None:
            results = []
        if not isinstance(results, (list, tuple)):
            results = [results]
        if len(results) != len(op.results):
            raise EmulationError(f"{name}: {len(results)} results for "
                                 f"{op.results}")
        for r, v in zip(op.results, results):
            env[r] = v

    # --- arith ---------------------------------------------------------------

    def op_arith_constant(self, op, args, env, ctx):
        m = re.search(r"value = (true|false)\b", op.text)
        if m:
            return m.group(1) == "true"
        m = re.search(r"value = ([^ ]+) : (\w+)", op.text)
        literal, type_name = m.group(1), m.group(2)
        if type_name == "i1":
            return literal == "true"
        dtype = scalar_dtype(type_name)
        if literal.startswith("0x"):
            bits = int(literal, 16)
            if type_name == "f64":
                return np.array([bits], np.uint64).view(np.float64)[0]
            if type_name == "f32":
                return np.array([bits], np.uint32).view(np.float32)[0]
            if type_name == "bf16":
                return np.array([bits << 16], np.uint32).view(np.float32)[0]
            if type_name == "f16":
                return np.array([bits], np.uint16).view(np.float16)[0]
        if type_name in ("f32", "f64", "f16", "bf16"):
            return dtype(float(literal))
        return dtype(int(literal))

    def _unsigned(self, a):
        return np.asarray(a).astype(np.int64).view(np.uint64) if np.ndim(a) \
            else np.uint64(np.int64(a))

    def _int(self, a):
        return np.asarray(a).astype(np.uint64).view(np.int64) if np.ndim(a) \
            else np.int64(np.uint64(a))

    def op_arith_addi(self, op, a, env, ctx): return a[0] + a[1]
    def op_arith_subi(self, op, a, env, ctx): return a[0] - a[1]
    def op_arith_muli(self, op, a, env, ctx): return a[0] * a[1]
    def op_arith_andi(self, op, a, env, ctx): return a[0] & a[1]
    def op_arith_ori(self, op, a, env, ctx): return a[0] | a[1]
    def op_arith_xori(self, op, a, env, ctx): return a[0] ^ a[1]

    def _checked_divisor(self, divisor, ctx):
        d = np.asarray(divisor)
        mask = ctx["mask"] if ctx else True
        if np.any((d == 0) & mask):
            raise EmulationError("integer division by zero")
        return np.where(d == 0, 1, d) if np.ndim(d) else (d if d else 1)

    def op_arith_divui(self, op, a, env, ctx):
        d = self._checked_divisor(a[1], ctx)
        return self._int(self._unsigned(a[0]) // self._unsigned(d))

    def op_arith_remui(self, op, a, env, ctx):
        d = self._checked_divisor(a[1], ctx)
        return self._int(self._unsigned(a[0]) % self._unsigned(d))

    def op_arith_ceildivui(self, op, a, env, ctx):
        d = self._unsigned(self._checked_divisor(a[1], ctx))
        n = self._unsigned(a[0])
        return self._int((n + d - np.uint64(1)) // d)

    def op_arith_minui(self, op, a, env, ctx):
        return self._int(np.minimum(self._unsigned(a[0]),
                                    self._unsigned(a[1])))

    def op_arith_maxui(self, op, a, env, ctx):
        return self._int(np.maximum(self._unsigned(a[0]),
                                    self._unsigned(a[1])))

    def op_arith_cmpi(self, op, a, env, ctx):
        p = int(op.prop("predicate").split(":")[0])
        x, y = a
        if p >= 6:
            x, y = self._unsigned(x), self._unsigned(y)
        return [x == y, x != y, x < y, x <= y, x > y, x >= y,
                x < y, x <= y, x > y, x >= y][p]

    def op_arith_select(self, op, a, env, ctx):
        return np.where(a[0], a[1], a[2]) if np.ndim(a[0]) or np.ndim(a[1]) \
            or np.ndim(a[2]) else (a[1] if a[0] else a[2])

    def _float(self, op, value):
        type_name = op.result_types()[0]
        value = scalar_dtype(type_name)(value) if not np.ndim(value) else \
            np.asarray(value, dtype=scalar_dtype(type_name))
        if type_name == "bf16":
            value = round_bf16(value) if np.ndim(value) else \
                round_bf16([value])[0]
        return value

    def op_arith_addf(self, op, a, env, ctx): return self._float(op, a[0] + a[1])
    def op_arith_subf(self, op, a, env, ctx): return self._float(op, a[0] - a[1])
    def op_arith_mulf(self, op, a, env, ctx): return self._float(op, a[0] * a[1])
    def op_arith_divf(self, op, a, env, ctx): return self._float(op, a[0] / a[1])
    def op_arith_negf(self, op, a, env, ctx): return self._float(op, -a[0])

    def op_arith_maximumf(self, op, a, env, ctx):
        return self._float(op, np.maximum(a[0], a[1]))  # propagates NaN

    def op_arith_cmpf(self, op, a, env, ctx):
        p = int(op.prop("predicate").split(":")[0])
        x, y = a
        unordered = np.isnan(x) | np.isnan(y)
        ordered = ~unordered
        table = {0: False, 1: ordered & (x == y), 2: ordered & (x > y),
                 3: ordered & (x >= y), 4: ordered & (x < y),
                 5: ordered & (x <= y), 6: ordered & (x != y), 7: ordered,
                 8: unordered | (x == y), 9: unordered | (x > y),
                 10: unordered | (x >= y), 11: unordered | (x < y),
                 12: unordered | (x <= y), 13: unordered | (x != y),
                 14: unordered, 15: True}
        return table[p]

    def op_arith_extf(self, op, a, env, ctx): return self._float(op, a[0])
    def op_arith_truncf(self, op, a, env, ctx): return self._float(op, a[0])

    def op_arith_uitofp(self, op, a, env, ctx):
        return self._float(op, self._unsigned(a[0]))

    def op_arith_index_castui(self, op, a, env, ctx):
        return a[0] if np.ndim(a[0]) else np.int64(a[0])

    op_arith_index_cast = op_arith_index_castui

    # --- math ----------------------------------------------------------------

    def op_math_sqrt(self, op, a, env, ctx): return self._float(op, np.sqrt(a[0]))

    def op_math_rsqrt(self, op, a, env, ctx):
        return self._float(op, 1 / np.sqrt(a[0]))

    # --- host-side buffers ---------------------------------------------------

    def op_tensor_dim(self, op, a, env, ctx):
        return np.int64(a[0].shape[int(a[1])])

    def op_bufferization_to_buffer(self, op, a, env, ctx):
        array = a[0]
        if isinstance(array, Buffer):
            return array
        _, element = shaped(op.result_types()[0])
        data = np.array(array, dtype=scalar_dtype(element)).reshape(-1)
        return Buffer(data, array.shape, element,
                      np.ones(data.size, dtype=bool))

    def op_bufferization_to_tensor(self, op, a, env, ctx):
        buf = a[0]
        return buf.data.reshape(buf.shape).copy()

    def _alloc(self, op, sizes):
        shape, element = shaped(op.result_types()[0])
        it = iter(sizes)
        shape = [int(next(it)) if d is None else d for d in shape]
        count = int(np.prod(shape)) if shape else 1
        data = np.full(count, np.nan, dtype=scalar_dtype(element))
        return Buffer(data, shape, element, np.zeros(count, dtype=bool))

    def op_memref_alloc(self, op, a, env, ctx): return self._alloc(op, a)

    def op_gpu_alloc(self, op, a, env, ctx):
        if "async" in op.text:
            raise EmulationError("async gpu.alloc")
        return self._alloc(op, a)

    def op_gpu_dealloc(self, op, a, env, ctx):
        a[0].freed = True

    def op_memref_dealloc(self, op, a, env, ctx):
        a[0].freed = True

    def op_memref_collapse_shape(self, op, a, env, ctx):
        groups = eval(re.search(r"reassociation = (\[\[.*?\]\])",
                                op.text).group(1))
        shape = [int(np.prod([a[0].shape[d] for d in group]))
                 for group in groups]
        return a[0].view(shape)

    def op_bufferization_materialize_in_destination(self, op, a, env, ctx):
        raise EmulationError("materialize_in_destination left in the IR")

    # --- memory accesses -----------------------------------------------------

    def _linear(self, buf, indices, mask):
        """Row-major element indices (1-D over the lanes) and the mask."""
        linear = np.zeros(np.shape(mask) or (1,), dtype=np.int64)
        mask = np.broadcast_to(mask, linear.shape)
        for dim, idx in zip(buf.shape, indices):
            idx = np.broadcast_to(np.asarray(idx, dtype=np.int64), linear.shape)
            bad = ((idx < 0) | (idx >= dim)) & mask
            if np.any(bad):
                raise EmulationError(f"out-of-bounds access {idx[bad][:4]} of "
                                     f"a dim of size {dim}")
            linear = linear * dim + idx
        return np.where(mask, linear, 0), mask

    def op_memref_load(self, op, a, env, ctx):
        buf, indices = a[0], a[1:]
        if getattr(buf.base(), "freed", False):
            raise EmulationError("load from a freed buffer")
        mask = ctx["mask"] if ctx else np.ones((), bool)
        linear, lanes = self._linear(buf, indices, mask)
        if np.any(~buf.init[linear] & lanes):
            raise EmulationError(f"read of never-written memory ({buf.space})")
        if ctx:
            self._check_read(buf, linear[lanes], np.nonzero(lanes)[0], ctx)
        values = buf.data[linear]
        return values if np.ndim(mask) else values[0]

    def op_memref_store(self, op, a, env, ctx):
        value, buf, indices = a[0], a[1], a[2:]
        if getattr(buf.base(), "freed", False):
            raise EmulationError("store to a freed buffer")
        mask = ctx["mask"] if ctx else np.ones((), bool)
        linear, lanes = self._linear(buf, indices, mask)
        value = np.broadcast_to(np.asarray(value, dtype=buf.data.dtype),
                                linear.shape)
        index, value, lane_ids = linear[lanes], value[lanes], np.nonzero(lanes)[0]
        order = np.argsort(index, kind="stable")
        si, sv = index[order], value[order]
        dup = si[1:] == si[:-1]
        same = (sv[1:] == sv[:-1]) | (np.isnan(sv[1:]) & np.isnan(sv[:-1]))
        if np.any(dup & ~same):
            raise EmulationError("two threads store different values to one "
                                 "element in one instruction")
        if ctx:
            self._check_write(buf, index, lane_ids, ctx)
        buf.data[index] = value
        buf.init[index] = True

    def _tracking(self, base):
        if base.writer is None or base.launch != self.launches:
            base.launch = self.launches
            base.writer = np.full(base.data.size, -1, dtype=np.int64)
            base.reader = np.full(base.data.size, -1, dtype=np.int64)
            base.wtime = np.zeros(base.data.size, dtype=np.int64)
            base.rtime = np.zeros(base.data.size, dtype=np.int64)

    def _unordered(self, block, others, times):
        """Which accesses (by blocks `others` at their times `times`, -1: none)
        are neither this block's nor ordered before it by the clocks."""
        seen = self.clock[block][np.maximum(others, 0)]
        return (others != -1) & (others != block) & (seen < times)

    def _check_write(self, buf, index, lanes, ctx):
        base = buf.base()
        if base.space == "workgroup":
            base.epoch[index] = ctx["epoch"]
            base.thread[index] = lanes
            return
        self._tracking(base)
        block = ctx["block"]
        if np.any(self._unordered(block, base.writer[index],
                                  base.wtime[index])):
            raise EmulationError("an element written by two blocks of one "
                                 "launch")
        if np.any(self._unordered(block, base.reader[index],
                                  base.rtime[index])):
            raise EmulationError("an element written by one block after "
                                 "another read it in one launch")
        base.writer[index] = block
        base.wtime[index] = self.clock[block][block]

    def _check_read(self, buf, index, lanes, ctx):
        base = buf.base()
        if base.space == "workgroup":
            racy = (base.epoch[index] == ctx["epoch"]) & \
                (base.thread[index] != lanes)
            if np.any(racy):
                raise EmulationError("workgroup memory read after another "
                                     "thread wrote it, with no barrier in "
                                     "between")
            return
        self._tracking(base)
        block = ctx["block"]
        if np.any(self._unordered(block, base.writer[index],
                                  base.wtime[index])):
            raise EmulationError("an element read by one block after another "
                                 "wrote it in one launch")
        # The element's reader becomes this block unless another block read
        # it concurrently (then that one stays, for the write check).
        keep = self._unordered(block, base.reader[index], base.rtime[index])
        replace = index[~keep]
        base.reader[replace] = block
        base.rtime[replace] = self.clock[block][block]

    # --- atomics and grid synchronisation ------------------------------------

    def op_memref_atomic_rmw(self, op, a, env, ctx):
        kind = int(op.prop("kind").split(":")[0])
        if kind != 1:
            raise EmulationError(f"atomic_rmw kind {kind} (only addi)")
        value, buf, indices = a[0], a[1], a[2:]
        base = buf.base()
        if base.space != "global" or not ctx:
            raise EmulationError("atomic_rmw outside a kernel or on "
                                 "workgroup memory")
        if getattr(base, "freed", False):
            raise EmulationError("atomic on a freed buffer")
        mask = ctx["mask"]
        linear, lanes = self._linear(buf, indices, mask)
        if np.any(~buf.init[linear] & lanes):
            raise EmulationError("atomic on never-written memory")
        value = np.broadcast_to(np.asarray(value, dtype=buf.data.dtype),
                                linear.shape)
        old = np.zeros(linear.shape, dtype=buf.data.dtype)
        block = ctx["block"]
        for lane in np.nonzero(lanes)[0]:  # one lane after the other
            element = int(linear[lane])
            old[lane] = buf.data[element]
            buf.data[element] = old[lane] + value[lane]
            if value[lane] != 0:
                self.version += 1
            # Acquire-release: the block and the location join their clocks.
            key = (id(base), element)
            location = self.atomic_clocks.get(key)
            clock = self.clock[block]
            if location is not None:
                np.maximum(clock, location, out=clock)
            self.atomic_clocks[key] = clock.copy()
            clock[block] += 1
        self.checks["atomics"] += 1
        return old if np.ndim(mask) else old[0]

    def op_llvm_fence(self, op, a, env, ctx):
        self.checks["fences"] += 1

    def op_gpu_memset(self, op, a, env, ctx):
        buf, value = a[0], a[1]
        base = buf.base()
        base.data[:] = value
        base.init[:] = True

    def op_scf_while(self, op, a, env, ctx):
        before, after = op.regions
        mask = ctx["mask"] if ctx else np.ones((), bool)
        shape = np.shape(mask)
        values = [np.broadcast_to(np.asarray(v), shape).copy() for v in a]
        results = [v.copy() for v in values]
        spins = self.coroutines is not None and _has_atomic(before)
        active = np.asarray(mask).copy()
        first = True
        while np.any(active):
            if not first and spins:
                self.checks["spins"] += 1
                self.coroutines.pause(ctx["block"])
            first = False
            body = dict(env)
            for name, v in zip(before.args, values):
                body[name] = v
            out = self.run_region(before, body, dict(ctx or {}, mask=active))
            cond, forwarded = np.asarray(out[0]), out[1:]
            leaving = active & ~cond
            results = [np.where(leaving, np.asarray(f, dtype=r.dtype), r)
                       for f, r in zip(forwarded, results)]
            active = active & cond
            if not np.any(active):
                break
            body = dict(env)
            for name, v in zip(after.args, forwarded):
                body[name] = np.broadcast_to(np.asarray(v), shape).copy()
            yields = self.run_region(after, body, dict(ctx or {}, mask=active))
            values = [np.where(active, np.asarray(y, dtype=v.dtype), v)
                      for y, v in zip(yields, values)]
        if not shape:
            return [r[()] for r in results]
        return results

    # --- vectors of one thread ---------------------------------------------
    # A vector value is an array over the threads with a trailing axis of
    # lanes. vector.load/store access each lane like memref.load/store (bounds,
    # initialization, races between blocks) and check the alignment they
    # claim, in bytes, assuming the buffer itself is aligned to it.

    def _aligned(self, op, buf, index, ctx):
        m = re.search(r"alignment = (\d+)", op.text)
        if not m:
            return
        element_bytes = {"f64": 8, "f32": 4, "i64": 8, "i32": 4, "index": 8,
                         "f16": 2, "bf16": 2}[buf.element]
        mask = ctx["mask"] if ctx else True
        misaligned = (np.asarray(index) * element_bytes) % int(m.group(1)) != 0
        if np.any(misaligned & mask):
            raise EmulationError("misaligned vector access")

    def op_vector_load(self, op, a, env, ctx):
        m = re.match(r"vector<(\d+)x\w+>", op.result_types()[0])
        if not m or len(a) != 2:
            raise EmulationError("only 1-D vector.load from a 1-D memref")
        buf, index = a[0], a[1]
        self._aligned(op, buf, index, ctx)
        lanes = [self.op_memref_load(op, [buf, index + k], env, ctx)
                 for k in range(int(m.group(1)))]
        return np.stack([np.asarray(v) for v in lanes], axis=-1)

    def op_vector_store(self, op, a, env, ctx):
        value, buf, index = np.asarray(a[0]), a[1], a[2]
        if len(a) != 3:
            raise EmulationError("only 1-D vector.store to a 1-D memref")
        self._aligned(op, buf, index, ctx)
        for k in range(value.shape[-1]):
            self.op_memref_store(op, [value[..., k], buf, index + k], env, ctx)

    def op_vector_extract(self, op, a, env, ctx):
        m = re.search(r"static_position = array<i64: (\d+)>", op.text)
        if not m or len(a) != 1:
            raise EmulationError("only vector.extract of a static lane")
        return np.asarray(a[0])[..., int(m.group(1))]

    def op_vector_from_elements(self, op, a, env, ctx):
        m = re.match(r"vector<(\d+)x(\w+)>", op.result_types()[0])
        lanes = np.broadcast_arrays(*[np.asarray(v) for v in a])
        return np.stack(lanes, axis=-1).astype(scalar_dtype(m.group(2)))

    # --- structured control flow ---------------------------------------------

    def op_scf_for(self, op, a, env, ctx):
        lb, ub, step, inits = a[0], a[1], a[2], list(a[3:])
        region = op.regions[0]
        mask = ctx["mask"] if ctx else np.ones((), bool)
        shape = np.shape(mask)
        iv = np.broadcast_to(np.asarray(lb, dtype=np.int64), shape).copy()
        iters = [np.broadcast_to(np.asarray(v), shape).copy() for v in inits]
        active = mask & (iv < ub)
        while np.any(active):
            body = dict(env)
            body[region.args[0]] = iv
            for name, v in zip(region.args[1:], iters):
                body[name] = v
            yields = self.run_region(region, body, dict(ctx or {}, mask=active))
            iters = [np.where(active, np.asarray(y, dtype=v.dtype), v)
                     for y, v in zip(yields, iters)]
            iv = np.where(active, iv + step, iv)
            active = active & (iv < ub)
        if not shape:
            return [v[()] for v in iters]
        return iters

    def op_scf_if(self, op, a, env, ctx):
        cond = a[0]
        mask = ctx["mask"] if ctx else np.ones((), bool)
        then_mask = mask & cond
        else_mask = mask & ~np.asarray(cond)
        results = []
        outs = []
        for region, m in zip(op.regions, (then_mask, else_mask)):
            if not region.ops:
                outs.append([])
                continue
            outs.append(self.run_region(region, dict(env),
                                        dict(ctx or {}, mask=m)) if np.any(m)
                        else None)
        types = op.result_types()
        for k, t in enumerate(types):
            then_v = outs[0][k] if outs[0] is not None else None
            else_v = outs[1][k] if len(outs) > 1 and outs[1] is not None \
                else None
            if then_v is None:
                results.append(else_v)
            elif else_v is None:
                results.append(then_v)
            else:
                results.append(np.where(cond, then_v, else_v))
        return results

    # --- gpu -----------------------------------------------------------------

    def op_gpu_launch(self, op, a, env, ctx):
        if "async" in op.text:
            raise EmulationError("async gpu.launch")
        grid = [int(v) for v in a[0:3]]
        block = [int(v) for v in a[3:6]]
        if block[1] != 1 or block[2] != 1:
            raise EmulationError("only 1-D blocks")
        threads = block[0]
        region = op.regions[0]
        self.launches += 1
        self.checks["launches"] += 1
        blocks = grid[0] * grid[1] * grid[2]
        self.clock = np.eye(max(blocks, 1), dtype=np.int64)
        self.atomic_clocks = {}
        workgroup = list(zip(region.args[12:], region.arg_types[12:]))

        def run_block(index):
            bx = index % grid[0]
            by = index // grid[0] % grid[1]
            bz = index // (grid[0] * grid[1])
            body = dict(env)
            ids = [bx, by, bz, np.arange(threads, dtype=np.int64), 0, 0]
            for name, v in zip(region.args[:12], ids + grid + block):
                body[name] = v if np.ndim(v) else np.int64(v)
            for name, type_text in workgroup:
                shape, element = shaped(type_text)
                size = int(np.prod(shape))
                buf = Buffer(np.full(size, np.nan,
                                     dtype=scalar_dtype(element)),
                             shape, element, np.zeros(size, bool),
                             space="workgroup")
                buf.epoch = np.full(size, -1)
                buf.thread = np.full(size, -1)
                body[name] = buf
            kctx = {"mask": np.ones(threads, dtype=bool), "block": index,
                    "epoch": 0, "threads": threads}
            self.run_region(region, body, kctx)

        if not _has_atomic(region):
            for index in range(blocks):
                run_block(index)
            return
        self.coroutines = _Coroutines(self, blocks, run_block)
        try:
            self.coroutines.run()
        finally:
            self.coroutines = None

    def op_gpu_barrier(self, op, a, env, ctx):
        if not np.all(ctx["mask"]):
            raise EmulationError("gpu.barrier in divergent code")
        ctx["epoch"] += 1
        self.checks["barriers"] += 1

    def op_gpu_shuffle(self, op, a, env, ctx):
        value, offset, width = a
        mode = op.prop("mode")
        if "xor" not in mode:
            raise EmulationError(f"shuffle mode {mode}")
        threads = ctx["threads"]
        lanes = np.arange(threads)
        width = int(width)
        partner = lanes ^ np.asarray(offset)
        if np.any((partner // width) != (lanes // width)) or \
                np.any(partner >= threads):
            raise EmulationError("shuffle partner outside the subgroup")
        if not np.all(ctx["mask"]):
            raise EmulationError("gpu.shuffle in divergent code")
        value = np.broadcast_to(value, (threads,))
        self.checks["shuffles"] += 1
        return [value[partner], np.ones(threads, dtype=bool)]

    def op_gpu_terminator(self, op, a, env, ctx):
        return None


def _has_atomic(region):
    """Whether `region` (nested regions too) has a memref.atomic_rmw."""
    for op in region.ops:
        if op.name == "memref.atomic_rmw" or \
                any(_has_atomic(r) for r in op.regions):
            return True
    return False


class _Aborted(Exception):
    pass


class _Coroutines:
    """The blocks of a launch as coroutines: one thread each, exactly one of
    them (or the scheduler) running at a time. The scheduler resumes the
    unfinished blocks in order, round after round; a block runs until it
    finishes or pauses in a spin-wait."""

    def __init__(self, machine, blocks, run_block):
        self.machine = machine
        self.cond = threading.Condition()
        self.running = None  # the block allowed to run; None: the scheduler
        self.abort = False
        self.status = {}
        self.threads = [threading.Thread(target=self._main,
                                         args=(b, run_block), daemon=True)
                        for b in range(blocks)]
        for t in self.threads:
            t.start()

    def _main(self, block, run_block):
        with self.cond:
            while self.running != block:
                self.cond.wait()
        try:
            if self.abort:
                raise _Aborted()
            run_block(block)
            result = ("done", None)
        except _Aborted:
            result = ("aborted", None)
        except BaseException as e:  # handed to the scheduler's thread
            result = ("error", e)
        with self.cond:
            self.status[block] = result
            self.running = None
            self.cond.notify_all()

    def _resume(self, block):
        with self.cond:
            self.running = block
            self.cond.notify_all()
            while self.running is not None:
                self.cond.wait()
        return self.status[block]

    def pause(self, block):
        """Called by the running block: hands over to the scheduler until it
        resumes this block again."""
        with self.cond:
            self.status[block] = ("paused", None)
            self.running = None
            self.cond.notify_all()
            while self.running != block:
                self.cond.wait()
        if self.abort:
            raise _Aborted()

    def _stop(self, live):
        self.abort = True
        for block in live:
            self._resume(block)
        for t in self.threads:
            t.join()

    def run(self):
        live = list(range(len(self.threads)))
        while live:
            version = self.machine.version
            finished = False
            for block in list(live):
                state, error = self._resume(block)
                if state == "error":
                    live.remove(block)
                    self._stop(live)
                    raise error
                if state == "done":
                    live.remove(block)
                    finished = True
            if live and not finished and version == self.machine.version:
                self._stop(live)
                raise EmulationError(
                    f"deadlock: blocks {live[:8]} wait in a grid barrier "
                    f"that not every block reaches")
        for t in self.threads:
            t.join()


def run_function(text, name, inputs):
    module = parse(text)
    func = None
    for op in module.regions[0].ops:
        if op.name == "func.func" and f'sym_name = "{name}"' in op.text:
            func = op
    if func is None:
        raise EmulationError(f"no function {name}")
    machine = Machine()
    region = func.regions[0]
    env = dict(zip(region.args, inputs))
    results = machine.run_region(region, env, None)
    return results, machine.checks
