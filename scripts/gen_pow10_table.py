#!/usr/bin/env python3
"""Generates the Schubfach power-of-ten table pasted into Sources/NumFmt/NumberFormat.swift.

For every e in [-292, 324] (e = -k, k the decimal exponent Schubfach picks for a double),
g(e) = floor(10^e * 2^(125 - floor(e * log2(10)))) + 1, so 2^125 < g(e) < 2^126.
g(e) is emitted as two UInt64 halves: hi = g >> 63, lo = g & (2^63 - 1).
Exact Python integer arithmetic only (no floating point). Also checks the integer
approximations of floor(q*log10(2)), floor(q*log10(2) + log10(3/4)), floor(e*log2(10)).
"""

E_MIN, E_MAX = -292, 324

from fractions import Fraction

def floor_log(base, x):
    """floor(log_base(x)) for a positive Fraction x, exactly."""
    k = 0
    while Fraction(base) ** k > x:
        k -= 1
    while Fraction(base) ** (k + 1) <= x:
        k += 1
    return k

def flog2pow10_exact(e):
    return floor_log(2, Fraction(10) ** e)            # floor(e * log2(10))

def flog10pow2_exact(q):
    return floor_log(10, Fraction(2) ** q)            # floor(q * log10(2))

def flog10threequarterspow2_exact(q):
    return floor_log(10, Fraction(3, 4) * Fraction(2) ** q)   # floor(q*log10(2) + log10(3/4))

def check_approximations():
    for q in range(-1500, 1500):
        assert (q * 661971961083) >> 41 == flog10pow2_exact(q), q
        assert (q * 661971961083 - 274743187321) >> 41 == flog10threequarterspow2_exact(q), q
    for e in range(-400, 400):
        assert (e * 913124641741) >> 38 == flog2pow10_exact(e), e

def g(e):
    r = flog2pow10_exact(e) - 125
    if e >= 0:
        v = 10 ** e
        val = v >> r if r >= 0 else v << (-r)
    else:
        val = (1 << (-r)) // (10 ** (-e))
    val += 1
    assert (1 << 125) < val < (1 << 126), e
    return val

def main():
    check_approximations()
    lines = []
    for e in range(E_MIN, E_MAX + 1):
        v = g(e)
        hi, lo = v >> 63, v & ((1 << 63) - 1)
        lines.append(f"        0x{hi:016X}, 0x{lo:016X}, // e = {e}")
    print("\n".join(lines))

if __name__ == "__main__":
    main()
