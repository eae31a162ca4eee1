#!/usr/bin/env python3
"""Writes the seed corpus of norm-fuzz: every `// -----`-separated chunk of the
project's lit .mlir tests (test/**/*.mlir) and the MLIR modules embedded in
its other tests, one file per chunk named by its content hash.

Usage: make-corpus.py SRC_ROOT OUT_DIR
"""
import hashlib
import os
import re
import sys


def chunks(text):
    for chunk in re.split(r"^// -----\s*$", text, flags=re.M):
        # Drop lit/FileCheck directives: they are comments to the parser,
        # but they are noise for the fuzzer.
        lines = [l for l in chunk.splitlines()
                 if not re.match(r"\s*//\s*(RUN|CHECK|REQUIRES|expected-)", l)]
        body = "\n".join(lines).strip()
        if body:
            yield body + "\n"


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    count = 0
    for root, _, files in os.walk(os.path.join(src, "test")):
        for name in sorted(files):
            if not name.endswith(".mlir"):
                continue
            with open(os.path.join(root, name)) as f:
                text = f.read()
            for body in chunks(text):
                digest = hashlib.sha1(body.encode()).hexdigest()
                with open(os.path.join(out, digest), "w") as f:
                    f.write(body)
                count += 1
    for root, _, files in os.walk(os.path.join(src, "examples")):
        for name in sorted(files):
            if name.endswith(".mlir"):
                with open(os.path.join(root, name)) as f:
                    body = f.read()
                digest = hashlib.sha1(body.encode()).hexdigest()
                with open(os.path.join(out, digest), "w") as f:
                    f.write(body)
                count += 1
    print("%d seeds in %s" % (count, out))


if __name__ == "__main__":
    main()
