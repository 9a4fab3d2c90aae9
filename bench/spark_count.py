#!/usr/bin/env python3
"""`balans consent tcf` on Apache Spark: each partition of a records file is piped through
`balans consent tcf - --counts-out -`, Spark sums the counts, and the result is checked against one
`balans` process over the whole file (docs/scale.md, decision 0037).

  bench/spark.sh                                  # venv, pyspark, release build, then this script
  .venv/bin/python bench/spark_count.py --records 1000000 --partitions 8 --balans .build/release/balans

What it does, in order:

1. Records: `--input FILE`, or N records from bench/generate_tc_records.py (cached in bench/out/),
   with every `--bad-every`-th record replaced by a broken one (bad base64url, a truncated string,
   an unknown segment, no string, a GPP string without an EU section) so that problem lines are
   exercised too (0: none).
2. Spark, `--master` (default local[*]): `textFile(FILE, --partitions)`; the file's header line is
   dropped from partition 0 and written first to every partition's `balans` (each partition is its
   own input, and `consent tcf` reads a first line without a `segment` / `tc_string` column as a TC
   string). Each partition yields its counts rows and one summary (the json summary `balans` writes
   to standard error); `reduceByKey` sums opt-ins and choices per (segment, key).
3. The merged counts are written as bench/out/spark/counts.csv (the `--counts-out` shape); the
   partitions' summaries are merged: records, used, problems (line numbers shifted by the lines of
   the partitions before, so they are the file's own), outdated lines, GPP sections.
4. One process, `balans consent tcf FILE --counts-out bench/out/single/counts.csv`, and
   `balans consent tcf FILE -o bench/out/single/scenario.json`. Checked, exit 1 with the difference
   otherwise:
   - the counts are equal row for row (as a table: the row order of a CSV is not part of its meaning);
   - the merged summary equals the single one (records, used, every listed problem with its line and
     reason, outdated lines, GPP sections);
   - `import-csv` of the two counts files gives byte-identical scenarios;
   - that scenario equals what `tcf -o` writes, apart from each rate's `consentSource.file` and
     `.method` (counts.csv / csv against the records file / tcf): the rates, the records behind them
     and everything else are the same.

Timings are printed: Spark start-up, the Spark job (count and sum), each partition (the `balans`
process, and the Python that feeds it), the single process, and import-csv.
Standard library and pyspark only; Java 17 or later for Spark 4.
"""
import argparse
import csv
import io
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HEADER_COLUMNS = ("segment,category,purpose,special_feature,opt_ins,choices")
PROBLEM_LIMIT = 1000  # what `balans` lists in json (ConsentImport.problemLimit): the first 1 000

# A few broken records, one of each kind a file of CMP records has: cycled through by --bad-every.
BAD_RECORDS = [
    "teens,!!not-base64url!!",
    "families,CQ",                        # truncated
    "teen,{tc}",                           # unknown segment (near "teens"): did you mean
    "lapsed,",                             # no string
    "seniors,DBABLA~CVVVkkkkkpFY.YA",      # a GPP string without an EU TCF v2 section
]


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def generate(n, bad_every, out_dir):
    """The records file: generated once per (N, bad-every), then reused."""
    clean = os.path.join(out_dir, f"records-{n}.csv")
    if not (os.path.exists(clean) and os.path.getsize(clean) > 0):
        log(f"generating {n} records -> {clean}")
        with open(clean + ".tmp", "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "generate_tc_records.py"), str(n)], stdout=f, check=True)
        os.replace(clean + ".tmp", clean)
    if not bad_every:
        return clean
    path = os.path.join(out_dir, f"records-{n}-bad{bad_every}.csv")
    if os.path.exists(path) and os.path.getsize(path) > 0:
        return path
    with open(clean) as src, open(path + ".tmp", "w") as dst:
        dst.write(src.readline())
        k = 0
        for i, line in enumerate(src, start=1):
            if i % bad_every == 0:
                tc = line.rstrip("\n").split(",", 1)[1]
                line = BAD_RECORDS[k % len(BAD_RECORDS)].format(tc=tc) + "\n"
                k += 1
            dst.write(line)
    os.replace(path + ".tmp", path)
    return path


def first_line(path):
    with open(path, "rb") as f:
        return f.readline().rstrip(b"\n").rstrip(b"\r").decode("utf-8", "replace")


def counts_table(text):
    """A counts CSV as {(segment, category, purpose, special_feature): (opt_ins, choices)}, rows in order."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or ",".join(rows[0]) != HEADER_COLUMNS:
        raise ValueError(f"not a counts CSV: header {rows[:1]}")
    table = {}
    for r in rows[1:]:
        key = tuple(r[:4])
        if key in table:
            raise ValueError(f"key twice in one counts file: {key}")
        table[key] = (int(r[4]), int(r[5]))
    return table


def counts_csv(rows):
    """Writes rows as `balans` does (ConsentImport.countsCSV): the same quoting, LF line ends."""
    def field(s):
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n\r') else s
    out = [HEADER_COLUMNS + "\n"]
    for (seg, cat, p, f), (o, c) in rows:
        out.append(f"{field(seg)},{field(cat)},{p},{f},{o},{c}\n")
    return "".join(out)


# ---------------------------------------------------------------- one partition, on an executor

def partition_counter(command, header, binary_name, scenario_name):
    """The function each partition runs: feeds its lines to `balans consent tcf - --counts-out -`
    (header first) and yields ("c", key, (opt_ins, choices)) per counts row and one ("m", meta).
    The binary, and a scenario file (`@SCENARIO` in `command`), are Spark files on the executor."""

    def run(index, lines):
        from pyspark import SparkFiles  # on the executor
        started = time.perf_counter()
        binary = SparkFiles.get(binary_name)
        if scenario_name:
            command_here = [SparkFiles.get(scenario_name) if a == "@SCENARIO" else a for a in command]
        else:
            command_here = command
        head = (header + "\n").encode("utf-8") if header is not None else b""
        out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        proc = None
        n = 0
        batch = []
        skip_header = index == 0 and header is not None
        for line in lines:
            if skip_header:
                skip_header = False
                if line.lstrip("\ufeff") == header.lstrip("\ufeff"):
                    continue
            if proc is None:
                # Started at the first record: an empty partition runs no process.
                proc_started = time.perf_counter()
                proc = subprocess.Popen([binary] + command_here, stdin=subprocess.PIPE, stdout=out, stderr=err, bufsize=1 << 20)
                proc.stdin.write(head)
            batch.append(line)
            n += 1
            if len(batch) == 8192:
                proc.stdin.write(("\n".join(batch) + "\n").encode("utf-8"))
                batch = []
        meta = {"partition": index, "lines": n, "rc": None, "balans_s": 0.0, "summary": None, "order": []}
        if proc is not None:
            if batch:
                proc.stdin.write(("\n".join(batch) + "\n").encode("utf-8"))
            fed = time.perf_counter()
            proc.stdin.close()
            meta["rc"] = proc.wait()
            meta["balans_s"] = time.perf_counter() - proc_started
            meta["after_input_s"] = time.perf_counter() - fed
            out.seek(0); err.seek(0)
            stdout, stderr = out.read().decode("utf-8"), err.read().decode("utf-8", "replace")
            # The json summary, then (exit 65: nothing usable) balans's one-line error after it.
            try:
                meta["summary"], end = json.JSONDecoder().raw_decode(stderr.lstrip())
                meta["message"] = stderr.lstrip()[end:].strip()
            except ValueError:
                meta["stderr"] = stderr[-4000:]
            rc, summary = meta["rc"], meta["summary"]
            # 0: counts written; 65 with a summary and nothing used: no usable record in this
            # partition (no counts, its problems still count). Anything else stops the job.
            if not (rc == 0 or (rc == 65 and summary is not None and summary.get("used") == 0)):
                meta["error"] = f"balans exited {rc}: " + (meta.get("stderr") or meta.get("message") or json.dumps(summary)[:4000])
            elif rc == 0:
                for key, value in counts_table(stdout).items():
                    meta["order"].append(key)
                    yield ("c", key, value)
        meta["partition_s"] = time.perf_counter() - started
        yield ("m", meta)

    return run


# ---------------------------------------------------------------- merging the partitions' summaries

def merge_summaries(metas):
    """One summary from the partitions', in file order: what one `balans` run over the file says."""
    merged = {"records": 0, "used": 0, "problems": {"count": 0, "lines": []},
              "outdated": {"count": 0, "included": False, "lines": []}, "gpp": {"strings": 0, "skippedSections": []}}
    skipped = {}
    shift = 0  # lines of the partitions before: partition k's line L is the file's line L + shift
    for m in sorted(metas, key=lambda m: m["partition"]):
        s = m["summary"]
        if s is not None:
            merged["records"] += s["records"]
            merged["used"] += s["used"]
            merged["problems"]["count"] += s["problems"]["count"]
            for p in s["problems"]["lines"]:
                if len(merged["problems"]["lines"]) < PROBLEM_LIMIT:
                    merged["problems"]["lines"].append({"line": p["line"] + shift, "reason": p["reason"]})
            merged["outdated"]["count"] += s["outdated"]["count"]
            merged["outdated"]["included"] = s["outdated"]["included"]  # the same flag in every partition
            for line in s["outdated"]["lines"]:
                if len(merged["outdated"]["lines"]) < PROBLEM_LIMIT:
                    merged["outdated"]["lines"].append(line + shift)
            merged["gpp"]["strings"] += s["gpp"]["strings"]
            for sec in s["gpp"]["skippedSections"]:
                k = (sec["id"], sec["name"])
                skipped[k] = skipped.get(k, 0) + sec["records"]
        shift += m["lines"]
    merged["gpp"]["skippedSections"] = [{"id": i, "name": n, "records": r} for (i, n), r in sorted(skipped.items())]
    return merged


def comparable(summary):
    keys = ("records", "used", "problems", "outdated", "gpp")
    return {k: summary[k] for k in keys}


def diff_dicts(a, b, label_a, label_b, limit=20):
    lines = []
    for k in sorted(set(a) | set(b), key=str):
        if a.get(k) != b.get(k):
            lines.append(f"  {k}: {label_a} {a.get(k)}  {label_b} {b.get(k)}")
    return lines[:limit] + ([f"  … {len(lines) - limit} more"] if len(lines) > limit else [])


def normalise_sources(scenario):
    """The scenario with each rate's consentSource file and method blanked, and what was blanked."""
    seen = set()
    for seg in scenario.get("segments", []):
        for src in seg.get("consentSource", {}).values():
            for field in ("file", "method"):
                if field in src:
                    seen.add((field, src[field]))
                    src[field] = "*"
    return scenario, seen


def timed(cmd, **kw):
    t = time.perf_counter()
    r = subprocess.run(cmd, **kw)
    return r, time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000, help="generated records (default 1 000 000)")
    ap.add_argument("--input", help="count this records file instead of generated records")
    ap.add_argument("--bad-every", type=int, default=10_000, help="replace every Nth generated record by a broken one (default 10 000; 0: none)")
    ap.add_argument("--partitions", type=int, default=8, help="Spark partitions of the file (default 8)")
    ap.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    ap.add_argument("--balans", default=os.path.join(ROOT, ".build/release/balans"), help="the balans binary")
    ap.add_argument("--scenario", help="the scenario to count against (a file or builtin:NAME; default: balans's)")
    ap.add_argument("--date", default=time.strftime("%Y-%m-%d", time.gmtime()), help="the import date recorded (default today, UTC)")
    ap.add_argument("--no-header", action="store_true", help="the file is bare TC strings without a header line")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/out"), help="folder for records and results (default bench/out)")
    args = ap.parse_args()

    balans = os.path.abspath(args.balans)
    if not os.access(balans, os.X_OK):
        sys.exit(f"no balans binary at {balans}: swift build -c release --product balans")
    os.makedirs(args.out, exist_ok=True)
    path = os.path.abspath(args.input) if args.input else generate(args.records, args.bad_every, args.out)
    spark_dir, single_dir = os.path.join(args.out, "spark"), os.path.join(args.out, "single")
    for d in (spark_dir, single_dir):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    header = None if args.no_header else first_line(path)

    common = ["--date", args.date]
    scenario_name = None
    if args.scenario and not args.scenario.startswith("builtin:"):
        scenario_name = os.path.basename(args.scenario)
    command = ["consent", "tcf", "-", "--counts-out", "-", "--format", "json"] + common
    if args.scenario:
        command += ["--scenario", "@SCENARIO" if scenario_name else args.scenario]

    # ---- Spark
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors run this interpreter (it has pyspark)
    t0 = time.perf_counter()
    from pyspark.sql import SparkSession
    import pyspark
    spark = (SparkSession.builder.master(args.master).appName("balans-consent-count")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             # Local files have 32 MiB "blocks"; a larger block lets --partitions decide the splits.
             .config("spark.hadoop.fs.local.block.size", str(1 << 40))
             .getOrCreate())
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    # The binary (and a scenario file) go to every executor as Spark files: on a cluster they are
    # copied to each node; here they are copied to a local folder.
    sc.addFile(balans)
    binary_name = os.path.basename(balans)
    if scenario_name:
        sc.addFile(os.path.abspath(args.scenario))
    started = time.perf_counter() - t0

    per_partition = partition_counter(command, header, binary_name, scenario_name)

    t1 = time.perf_counter()
    lines = sc.textFile("file://" + path, minPartitions=args.partitions)
    out = lines.mapPartitionsWithIndex(per_partition).persist()
    summed = out.filter(lambda r: r[0] == "c").map(lambda r: (r[1], r[2])) \
                .reduceByKey(lambda a, b: (a[0] + b[0], a[1] + b[1])).collectAsMap()
    metas = out.filter(lambda r: r[0] == "m").map(lambda r: r[1]).collect()
    job = time.perf_counter() - t1
    partitions = lines.getNumPartitions()
    spark_version, java_version = pyspark.__version__, sc._jvm.java.lang.System.getProperty("java.version")
    spark.stop()

    failed = [m for m in metas if "error" in m]
    if failed:
        for m in failed:
            log(f"partition {m['partition']}: {m['error']}")
        sys.exit(f"{len(failed)} of {partitions} partitions failed")

    # The merged counts, in the order the partitions wrote their keys (segments in scenario order).
    order, seen = [], set()
    for m in sorted(metas, key=lambda m: m["partition"]):
        for key in m["order"]:
            key = tuple(key)
            if key not in seen:
                seen.add(key)
                order.append(key)
    merged_rows = [(k, summed[k]) for k in order]
    over = [(k, v) for k, v in merged_rows if v[1] > 2 ** 53]
    if over:
        log(f"{len(over)} merged counts exceed 2^53: import-csv will refuse them (exact only up to 2^53)")
    spark_counts = os.path.join(spark_dir, "counts.csv")
    with open(spark_counts, "w") as f:
        f.write(counts_csv(merged_rows))
    spark_summary = merge_summaries(metas)
    with open(os.path.join(spark_dir, "summary.json"), "w") as f:
        json.dump(spark_summary, f, indent=1)

    # ---- one process
    scen = ["--scenario", args.scenario] if args.scenario else []
    single_counts = os.path.join(single_dir, "counts.csv")
    r, single_s = timed([balans, "consent", "tcf", path, "--counts-out", single_counts, "--format", "json"] + common + scen,
                        capture_output=True, text=True)
    if r.returncode not in (0, 65):
        sys.exit(f"single run failed ({r.returncode}):\n{r.stderr}")
    single_summary = json.loads(r.stdout)
    r1, single1_s = timed([balans, "consent", "tcf", path, "--counts-out", os.path.join(single_dir, "counts-jobs1.csv"),
                           "--jobs", "1"] + common + scen, capture_output=True, text=True)
    single_scenario = os.path.join(single_dir, "scenario.json")
    r2, _ = timed([balans, "consent", "tcf", path, "-o", single_scenario] + common + scen, capture_output=True, text=True)
    if r2.returncode != 0:
        sys.exit(f"tcf -o failed ({r2.returncode}):\n{r2.stderr}")

    # ---- checks
    ok = True
    a, b = counts_table(open(spark_counts).read()), counts_table(open(single_counts).read())
    if a == b:
        same_bytes = open(spark_counts).read() == open(single_counts).read()
        log(f"counts: EQUAL, {len(a)} rows ({'byte-identical files' if same_bytes else 'same rows, another order'})")
    else:
        ok = False
        log("counts: DIFFERENT (spark / single):")
        for line in diff_dicts(a, b, "spark", "single"):
            log(line)
    sa, sb = comparable(spark_summary), comparable(single_summary)
    if sa == sb:
        log(f"summary: EQUAL: {sa['records']} records, {sa['used']} used, {sa['problems']['count']} problems "
            f"(lines listed: {len(sa['problems']['lines'])}), {sa['outdated']['count']} outdated, {sa['gpp']['strings']} GPP strings")
    else:
        ok = False
        log("summary: DIFFERENT (spark / single):")
        for k in sa:
            if sa[k] != sb[k]:
                if k == "problems":
                    pa, pb = sa[k]["lines"], sb[k]["lines"]
                    log(f"  problems: count {sa[k]['count']} / {sb[k]['count']}")
                    for x, y in zip(pa, pb):
                        if x != y:
                            log(f"    first difference: spark {x}  single {y}")
                            break
                else:
                    log(f"  {k}: {json.dumps(sa[k])[:300]}  /  {json.dumps(sb[k])[:300]}")

    scenarios = {}
    import_s = 0.0
    for name, counts in (("spark", spark_counts), ("single", single_counts)):
        target = os.path.join(os.path.dirname(counts), "from-counts.json")
        r, t = timed([balans, "consent", "import-csv", counts, "-o", target] + common + scen, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"import-csv {counts} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
        import_s = t if name == "spark" else import_s
        scenarios[name] = open(target, "rb").read()
    if scenarios["spark"] == scenarios["single"]:
        log("import-csv: the merged counts and the single run's counts give byte-identical scenarios")
    else:
        ok = False
        log("import-csv: the scenarios of the merged and the single counts DIFFER")
    via_counts, blanked_a = normalise_sources(json.loads(scenarios["spark"]))
    direct, blanked_b = normalise_sources(json.load(open(single_scenario)))
    if via_counts == direct:
        log("scenario: import-csv of the merged counts EQUALS tcf -o over the file, but for consentSource "
            + ", ".join(f"{f} {sorted(v for g, v in blanked_a | blanked_b if g == f)}" for f in ("file", "method")))
    else:
        ok = False
        log("scenario: import-csv of the merged counts DIFFERS from tcf -o (beyond consentSource file/method)")
        for seg_a, seg_b in zip(via_counts.get("segments", []), direct.get("segments", [])):
            if seg_a != seg_b:
                for line in diff_dicts(seg_a, seg_b, "via counts", "direct"):
                    log(f"  {seg_a.get('id')}:{line}")

    # ---- timings
    ms = sorted(metas, key=lambda m: m["partition"])
    bal = [m["balans_s"] for m in ms if m["rc"] is not None]
    part = [m["partition_s"] for m in ms]
    size = os.path.getsize(path)
    n = single_summary["records"]
    print(f"input: {path} ({size / 1e6:.0f} MB, {n} records, {single_summary['problems']['count']} problem lines)")
    print(f"spark {spark_version}, java {java_version}, master {args.master}, {partitions} partitions "
          f"(lines per partition {min(m['lines'] for m in ms)}-{max(m['lines'] for m in ms)})")
    print(f"spark start-up (session, binary shipped): {started:.2f} s")
    print(f"spark job (read, pipe every partition through balans, reduceByKey, collect): {job:.2f} s = {n / job:,.0f} records/s")
    print(f"per partition: whole task {min(part):.2f}-{max(part):.2f} s (median {statistics.median(part):.2f}), "
          f"balans process {min(bal):.2f}-{max(bal):.2f} s (median {statistics.median(bal):.2f})")
    for m in ms:
        print(f"  partition {m['partition']}: {m['lines']} lines, task {m['partition_s']:.2f} s, balans {m['balans_s']:.2f} s "
              f"(of it after the last input line {m.get('after_input_s', 0):.3f} s), exit {m['rc']}")
    print(f"single process (tcf FILE --counts-out, default --jobs): {single_s:.2f} s = {n / single_s:,.0f} records/s; --jobs 1: {single1_s:.2f} s")
    print(f"import-csv of the merged counts: {import_s:.2f} s")
    print("result: " + ("EQUAL (counts, summary, scenario)" if ok else "NOT EQUAL"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
