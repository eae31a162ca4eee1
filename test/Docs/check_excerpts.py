#!/usr/bin/env python3
"""Checks that the IR quoted in the docs is real.

Usage: check_excerpts.py SRC_ROOT [DOC ...]

Every fenced code block in DOC that is preceded by a marker line

    <!-- excerpt: docs/guide/layer_norm.1-linalg.mlir -->

(blank lines may separate the marker from the opening fence) must be an
excerpt of the named file, relative to SRC_ROOT: every line of the block,
stripped of surrounding whitespace, must equal a line of the file (also
stripped), and the lines must occur in the file in the order of the block.
Lines that are exactly `...` (after stripping) mark elisions and blank lines
are ignored. DOC defaults to docs/guide.md, plus docs/ops.md if it has
markers. Exits non-zero with one message per mismatch.
"""

import os
import re
import sys

MARKER = re.compile(r"^\s*<!--\s*excerpt:\s*(\S+)\s*-->\s*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
ELISION = "..."


def find_excerpts(doc_path):
    """Yields (marker_line, file, [(line_number, text)]) for every marked block."""
    with open(doc_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    i = 0
    pending = None  # (line number of the marker, named file)
    while i < len(lines):
        line = lines[i]
        marker = MARKER.match(line)
        if marker:
            if pending:
                raise SyntaxError(
                    f"{doc_path}:{pending[0]}: excerpt marker is not followed "
                    f"by a code block")
            pending = (i + 1, marker.group(1))
            i += 1
            continue
        fence = FENCE.match(line)
        if fence:
            token = fence.group(1)
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(token):
                body.append((i + 1, lines[i]))
                i += 1
            if i == len(lines):
                raise SyntaxError(
                    f"{doc_path}:{body[0][0] - 1 if body else i}: unclosed "
                    f"code block")
            i += 1  # the closing fence
            if pending:
                yield pending[0], pending[1], body
                pending = None
            continue
        if pending and line.strip():
            raise SyntaxError(
                f"{doc_path}:{pending[0]}: excerpt marker is not followed by a "
                f"code block (found text on line {i + 1})")
        i += 1
    if pending:
        raise SyntaxError(
            f"{doc_path}:{pending[0]}: excerpt marker at the end of the file")


def check_excerpt(src_root, doc_path, marker_line, name, body):
    """Returns a list of error messages (empty when the excerpt is true)."""
    path = os.path.join(src_root, name)
    if not os.path.isfile(path):
        return [f"{doc_path}:{marker_line}: excerpt names '{name}', which does "
                f"not exist"]
    with open(path, encoding="utf-8") as f:
        source = [line.strip() for line in f.read().splitlines()]
    position = 0  # the next line of `source` a match may use
    previous = None
    for number, text in body:
        wanted = text.strip()
        if not wanted or wanted == ELISION:
            continue
        try:
            found = source.index(wanted, position)
        except ValueError:
            if wanted in source[:position]:
                why = (f"it occurs in {name} only before line {position}, "
                       f"where the previous quoted line was matched "
                       f"(out of order)")
            else:
                why = f"no line of {name} is exactly this"
            context = (f"\n  previous quoted line matched {name}:{position}: "
                       f"{previous}" if previous else "")
            return [f"{doc_path}:{number}: quoted line not found in order: "
                    f"{wanted!r}\n  {why}{context}"]
        position = found + 1
        previous = wanted
    return []


def has_markers(doc_path):
    with open(doc_path, encoding="utf-8") as f:
        return any(MARKER.match(line) for line in f)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    src_root = argv[1]
    docs = argv[2:]
    if not docs:
        docs = ["docs/guide.md"]
        ops = os.path.join(src_root, "docs", "ops.md")
        if os.path.isfile(ops) and has_markers(ops):
            docs.append("docs/ops.md")
    errors = []
    checked = 0
    for doc in docs:
        doc_path = os.path.join(src_root, doc)
        try:
            for marker_line, name, body in find_excerpts(doc_path):
                checked += 1
                errors += check_excerpt(src_root, doc, marker_line, name, body)
        except (OSError, SyntaxError) as error:
            errors.append(str(error))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} of {checked} excerpts are not true to their "
              f"files", file=sys.stderr)
        return 1
    if checked == 0:
        print(f"error: no excerpt markers in {', '.join(docs)}",
              file=sys.stderr)
        return 1
    print(f"{checked} excerpts checked in {', '.join(docs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
