#!/usr/bin/env python3
"""Prints the objects of the gpu.binary ops of an MLIR module read from stdin.

Text objects (PTX, AMDGCN assembly) are printed decoded; binary objects (cubin,
HSACO, fatbin) as one line `BINARY <target> <bytes> bytes magic <hex>`. Exits
with 1 when there is no gpu.binary or an object is empty.
"""
import re
import sys

text = sys.stdin.read()
objects = re.findall(r'#gpu\.object<(#\w+\.target<[^>]*>)[^"]*?"((?:[^"\\]|\\.)*)"',
                     text)
if not objects:
    sys.exit("no gpu.binary object found")


def decode(escaped):
    out = bytearray()
    i = 0
    while i < len(escaped):
        c = escaped[i]
        if c == "\\":
            nxt = escaped[i + 1]
            if nxt in '\\"':
                out.append(ord(nxt))
                i += 2
                continue
            if nxt == "n":
                out.append(10)
                i += 2
                continue
            if nxt == "t":
                out.append(9)
                i += 2
                continue
            out.append(int(escaped[i + 1:i + 3], 16))
            i += 3
            continue
        out.extend(c.encode())
        i += 1
    return bytes(out)


for target, escaped in objects:
    data = decode(escaped)
    if not data:
        sys.exit(f"empty object for {target}")
    printable = all(b in (9, 10, 13) or 32 <= b < 127 for b in data[:4096])
    if printable:
        print(f"TEXT {target}")
        print(data.decode())
    else:
        print(f"BINARY {target} {len(data)} bytes magic {data[:4].hex()}")
