#!/usr/bin/env python3
"""Writes N consent records for `balans consent tcf` benchmarks: a CSV with a segment column and a
TC-string column, the segments of a built-in scenario, and IAB TCF v2.2 strings of realistic size
(core segment with vendor-consent and vendor-LI sections over ~900 vendors, each in the shorter of
the bit-field and range encodings as a CMP writes them, a publisher restriction, and a
disclosed-vendors segment on some records).

  bench/generate_tc_records.py 1000000 > bench/out/records-1m.csv
  bench/generate_tc_records.py 2000 --pool 40 > small.csv   # a quick small file (tests)

The strings are written by this encoder, independent of Balans's decoder (the Swift tests have their
own encoder); a fixed seed makes the file the same on every run.
"""
import random
import sys

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
SEGMENTS = ["teens", "young-urban", "bargain-hunters", "families", "loyal-members", "lapsed", "stretched", "seniors"]


class Bits:
    def __init__(self):
        self.bits = []

    def int(self, value, n):
        for i in range(n - 1, -1, -1):
            self.bits.append((value >> i) & 1)

    def flags(self, members, n):
        for i in range(1, n + 1):
            self.bits.append(1 if i in members else 0)

    def text(self):
        b = self.bits + [0] * (-len(self.bits) % 6)
        return "".join(ALPHABET[int("".join(map(str, b[i:i + 6])), 2)] for i in range(0, len(b), 6))


def ranges(vendors):
    """The vendor ids as runs [first, last], ascending."""
    out = []
    for v in sorted(vendors):
        if out and out[-1][1] == v - 1:
            out[-1][1] = v
        else:
            out.append([v, v])
    return out


def vendor_section(w, vendors, max_id):
    """The shorter of the two encodings, as a CMP writes it."""
    runs = ranges(vendors)
    w.int(max_id, 16)
    if 12 + sum(17 if a == b else 33 for a, b in runs) >= max_id:
        w.int(0, 1)
        w.flags(vendors, max_id)
        return
    w.int(1, 1)
    w.int(len(runs), 12)
    for a, b in runs:
        if a == b:
            w.int(0, 1); w.int(a, 16)
        else:
            w.int(1, 1); w.int(a, 16); w.int(b, 16)


def tc_string(rng):
    w = Bits()
    w.int(2, 6)                                   # Version
    t = 17_640_000_000 + rng.randrange(10_000_000)
    w.int(t, 36); w.int(t, 36)                    # Created, LastUpdated (deciseconds)
    w.int(300, 12); w.int(4, 12); w.int(1, 6)     # CmpId, CmpVersion, ConsentScreen
    w.int(ord("S") - 65, 6); w.int(ord("V") - 65, 6)  # ConsentLanguage SV
    w.int(180, 12)                                # VendorListVersion
    w.int(4 if rng.random() > 0.02 else 2, 6)     # TcfPolicyVersion (2 % outdated)
    w.int(0, 1); w.int(0, 1)                      # IsServiceSpecific, UseNonStandardTexts
    accept_all = rng.random() < 0.55
    sf = {1, 2} if accept_all else {f for f in (1, 2) if rng.random() < 0.2}
    consent = set(range(1, 12)) if accept_all else {p for p in range(1, 12) if rng.random() < 0.35}
    li = {p for p in (2, 7, 8, 9, 10, 11) if rng.random() < 0.8}
    w.flags(sf, 12); w.flags(consent, 24); w.flags(li, 24)
    w.int(0, 1)                                   # PurposeOneTreatment
    w.int(ord("S") - 65, 6); w.int(ord("E") - 65, 6)  # PublisherCC SE
    max_id = 900 + rng.randrange(100)
    vendors = set(range(1, max_id + 1)) if accept_all else set(rng.sample(range(1, max_id + 1), rng.randrange(40)))
    vendors.add(max_id)
    vendor_section(w, vendors, max_id)
    vendor_section(w, {v for v in vendors if v % 3 == 0} | {max_id}, max_id)
    w.int(1, 12)                                  # one publisher restriction
    w.int(3, 6); w.int(1, 2)                      # purpose 3, require consent
    w.int(1, 12); w.int(1, 1); w.int(10, 16); w.int(20, 16)
    core = w.text()
    if rng.random() < 0.3:
        d = Bits()
        d.int(1, 3)                               # disclosed vendors
        vendor_section(d, set(range(1, 200)), 199)
        return core + "." + d.text()
    return core


def main():
    args = sys.argv[1:]
    pool_size = 5000
    if "--pool" in args:  # fewer distinct strings: a small file in a fraction of a second
        i = args.index("--pool")
        pool_size = int(args[i + 1])
        del args[i:i + 2]
    n = int(args[0]) if args else 1_000_000
    rng = random.Random(20261129)
    out = sys.stdout
    out.write("segment,tc_string\n")
    pool = [tc_string(rng) for _ in range(pool_size)]  # distinct strings, reused: generation stays fast
    for i in range(n):
        out.write(SEGMENTS[rng.randrange(len(SEGMENTS))] + "," + pool[rng.randrange(len(pool))] + "\n")


if __name__ == "__main__":
    main()
