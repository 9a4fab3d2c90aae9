#!/usr/bin/env python3
"""The warehouse route, runnable and checked (docs/scale.md, decision 0037): consent records
decoded into a table of events, counted by the SQL in bench/warehouse_counts.sql (a GROUP BY, run
verbatim, here by Python's built-in sqlite3), the result written as the CSV `balans consent
import-csv` sums, and checked against `balans consent tcf` over the same records.

  python3 bench/warehouse_recipe.py                         # 100 000 generated records
  python3 bench/warehouse_recipe.py --records 1000000 --balans .build/release/balans
  python3 bench/warehouse_recipe.py --input records.csv --scenario my-shop.json

1. Records: `--input FILE` (a CSV `segment,tc_string` of TC strings), or N from
   bench/generate_tc_records.py, cached in bench/out/.
2. Decoded here, by this script's own reader of the TC core segment (the fields at their fixed
   offsets: TcfPolicyVersion, SpecialFeatureOptIns, PurposesConsent, PurposesLITransparency;
   independent of Balans's decoder), into `consent_events`: 13 rows per record (purposes 1-11,
   special features 1-2), as an ETL job would load a warehouse. `category_map` holds the scenario's
   categories that `consent tcf` sets (not special, with a tcf mapping), from `balans scenarios NAME`
   or the scenario file.
3. The query in bench/warehouse_counts.sql, as it is; its rows are written as counts.csv.
4. Checked (exit 1 with the difference otherwise): the SQL's rows equal `balans consent tcf FILE
   --counts-out` row for row; `import-csv` of the two files gives byte-identical scenarios; and that
   equals `tcf -o` apart from each rate's consentSource file and method.

A record this reader cannot decode stops the script: broken strings are the ETL's business (they
never reach a table of decoded events); `balans consent tcf` lists them by line instead.
Standard library only.
"""
import argparse
import csv
import json
import os
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SQL = os.path.join(HERE, "warehouse_counts.sql")
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
INDEX = {c: i for i, c in enumerate(ALPHABET)}
HEADER = ["segment", "category", "purpose", "special_feature", "opt_ins", "choices"]


def decode_core(tc):
    """(policy_version, special features opted in, purposes consented, purposes LI) of a TC string's
    core segment: 34 base64url characters hold the first 204 bits, all that counting needs."""
    core = tc.split(".", 1)[0]
    if len(core) < 34:
        raise ValueError("core segment too short")
    v = 0
    for ch in core[:34]:
        v = (v << 6) | INDEX[ch]

    def field(offset, n):
        return (v >> (204 - offset - n)) & ((1 << n) - 1)

    if field(0, 6) != 2:
        raise ValueError(f"version {field(0, 6)}, not 2")
    flags = lambda offset, n: [bool(field(offset + i, 1)) for i in range(n)]
    return field(132, 6), flags(140, 2), flags(152, 11), flags(176, 11)


def events(records_path):
    """consent_events rows, 13 per record; record_id is the record's line in the file."""
    cache = {}
    with open(records_path, newline="") as f:
        reader = csv.reader(f)
        head = [h.strip().lower() for h in next(reader)]
        seg_col, tc_col = head.index("segment"), head.index("tc_string")
        for line, row in enumerate(reader, start=2):
            seg, tc = row[seg_col], row[tc_col]
            d = cache.get(tc)
            if d is None:
                try:
                    d = cache[tc] = decode_core(tc)
                except (ValueError, KeyError) as e:
                    sys.exit(f"{records_path}:{line}: cannot decode the TC string ({e}): decode problems stop here, see the docstring")
            policy, sf, consent, li = d
            for p in range(11):
                yield (line, seg, policy, p + 1, None, consent[p], li[p])
            for s in range(2):
                yield (line, seg, policy, None, s + 1, sf[s], False)


def category_map(scenario):
    rows = []
    for c in scenario["categories"]:
        tcf = c.get("tcf") or {}
        purposes, features = tcf.get("purposes") or [], tcf.get("specialFeatures") or []
        if c.get("special") or not (purposes or features):
            continue  # `consent tcf` keeps these: Art. 9, or nothing a TC string says
        rows += [(c["id"], p, None) for p in purposes] + [(c["id"], None, f) for f in features]
    return rows


def table(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER, rows[0]
    out = {}
    for r in rows[1:]:
        key = tuple(r[:4])
        assert key not in out, key
        out[key] = (int(r[4]), int(r[5]))
    return out


def normalised(path):
    scenario = json.load(open(path))
    for seg in scenario.get("segments", []):
        for src in seg.get("consentSource", {}).values():
            src.pop("file", None)
            src.pop("method", None)
    return scenario


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stdout}{r.stderr}")
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=100_000, help="generated records (default 100 000)")
    ap.add_argument("--pool", type=int, help="distinct generated strings (generate_tc_records.py --pool; small and quick for tests)")
    ap.add_argument("--input", help="a CSV of segment,tc_string records instead of generated ones")
    ap.add_argument("--scenario", help="a scenario file or builtin:NAME (default: balans's, builtin:nordic-retail)")
    ap.add_argument("--balans", default=os.path.join(ROOT, ".build/release/balans"))
    ap.add_argument("--date", default=time.strftime("%Y-%m-%d", time.gmtime()))
    ap.add_argument("--db", default=":memory:", help="the SQLite database (default: in memory)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/out"), help="folder for records and results (default bench/out)")
    args = ap.parse_args()

    balans = os.path.abspath(args.balans)
    if not os.access(balans, os.X_OK):
        sys.exit(f"no balans binary at {balans}")
    os.makedirs(args.out, exist_ok=True)
    if args.input:
        records = args.input
    else:
        suffix = f"-pool{args.pool}" if args.pool else ""
        records = os.path.join(args.out, f"records-{args.records}{suffix}.csv")
        if not (os.path.exists(records) and os.path.getsize(records) > 0):
            with open(records + ".tmp", "w") as f:
                subprocess.run([sys.executable, os.path.join(HERE, "generate_tc_records.py"), str(args.records)]
                               + (["--pool", str(args.pool)] if args.pool else []), stdout=f, check=True)
            os.replace(records + ".tmp", records)
    wh, direct = os.path.join(args.out, "warehouse"), os.path.join(args.out, "warehouse-direct")
    for d in (wh, direct):
        os.makedirs(d, exist_ok=True)
    scen = ["--scenario", args.scenario] if args.scenario else []
    if args.scenario and not args.scenario.startswith("builtin:"):
        scenario = json.load(open(args.scenario))
    else:
        name = args.scenario[len("builtin:"):] if args.scenario else "nordic-retail"
        scenario = json.loads(run([balans, "scenarios", name]).stdout)

    # ---- the warehouse: load, then the SQL as it is in the file
    t0 = time.perf_counter()
    db = sqlite3.connect(args.db)
    db.executescript("""
        DROP TABLE IF EXISTS consent_events; DROP TABLE IF EXISTS category_map;
        CREATE TABLE consent_events (record_id INTEGER, segment TEXT, policy_version INTEGER,
            purpose INTEGER, special_feature INTEGER, consent BOOLEAN, legitimate_interest BOOLEAN);
        CREATE TABLE category_map (category TEXT, purpose INTEGER, special_feature INTEGER);
    """)
    db.executemany("INSERT INTO consent_events VALUES (?, ?, ?, ?, ?, ?, ?)", events(records))
    db.executemany("INSERT INTO category_map VALUES (?, ?, ?)", category_map(scenario))
    db.commit()
    loaded = time.perf_counter() - t0
    n_events = db.execute("SELECT COUNT(*) FROM consent_events").fetchone()[0]
    t1 = time.perf_counter()
    rows = db.execute(open(SQL).read()).fetchall()
    queried = time.perf_counter() - t1
    sql_counts = os.path.join(wh, "counts.csv")
    with open(sql_counts, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for r in rows:
            w.writerow(["" if x is None else x for x in r])

    # ---- the direct route, and the checks
    common = ["--date", args.date] + scen
    direct_counts = os.path.join(direct, "counts.csv")
    t2 = time.perf_counter()
    run([balans, "consent", "tcf", records, "--counts-out", direct_counts] + common)
    tcf_s = time.perf_counter() - t2
    run([balans, "consent", "tcf", records, "-o", os.path.join(direct, "scenario.json")] + common)
    run([balans, "consent", "import-csv", sql_counts, "-o", os.path.join(wh, "scenario.json")] + common)
    run([balans, "consent", "import-csv", direct_counts, "-o", os.path.join(direct, "from-counts.json")] + common)

    ok = True
    a, b = table(sql_counts), table(direct_counts)
    if a == b:
        print(f"counts: EQUAL, {len(a)} rows (SQL GROUP BY / balans consent tcf --counts-out)")
    else:
        ok = False
        print("counts: DIFFERENT (sql / balans):")
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                print(f"  {k}: {a.get(k)} / {b.get(k)}")
    if open(os.path.join(wh, "scenario.json"), "rb").read() == open(os.path.join(direct, "from-counts.json"), "rb").read():
        print("import-csv: the SQL's counts and balans's counts give byte-identical scenarios")
    else:
        ok = False
        print("import-csv: the scenarios DIFFER")
    if normalised(os.path.join(wh, "scenario.json")) == normalised(os.path.join(direct, "scenario.json")):
        print("scenario: import-csv of the SQL's counts EQUALS tcf -o, but for consentSource file and method")
    else:
        ok = False
        print("scenario: import-csv of the SQL's counts DIFFERS from tcf -o")
    print(f"records: {records} ({sum(1 for _ in open(records)) - 1} records, {n_events} events)")
    print(f"decode and load into SQLite {sqlite3.sqlite_version}: {loaded:.2f} s; the query: {queried:.2f} s; "
          f"balans consent tcf --counts-out over the file: {tcf_s:.2f} s")
    print("result: " + ("EQUAL" if ok else "NOT EQUAL"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
