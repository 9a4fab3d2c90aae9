#!/usr/bin/env python3
"""Compares `balans score --format json` with bench/reference_score.py on the same inputs.

Usage: bench/crosscheck.py BALANS_JSON REFERENCE_JSON
Every field but the violation messages must agree, numbers to a relative 1e-9 (sums are taken in a
different order). Prints the first differences and exits 1 when there are any.
"""
import json
import math
import sys


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            out.append(f"{path}: keys {sorted(a)} != {sorted(b)}")
            return
        for k in a:
            if k == "message":
                continue
            diff(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: length {len(a)} != {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
            out.append(f"{path}: {a} != {b}")
    elif a != b:
        out.append(f"{path}: {a!r} != {b!r}")


def main():
    with open(sys.argv[1]) as f:
        a = json.load(f)
    with open(sys.argv[2]) as f:
        b = json.load(f)
    out = []
    diff(a, b, "$", out)
    for line in out[:20]:
        print(line)
    if out:
        print(f"{len(out)} differences")
        sys.exit(1)
    print("same")


if __name__ == "__main__":
    main()
