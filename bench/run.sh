#!/usr/bin/env bash
# Measures the SPEC §5 figures that the model and the headless commands own, and prints them in
# the form docs/performance.md records. Nothing here passes or fails: it reports.
#
#   bench/run.sh            # 10 000 and 100 000 segments, 3 runs each
#   RUNS=5 bench/run.sh
#   PYTHON=/usr/bin/python3 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
python=${PYTHON:-python3}
out=bench/out
mkdir -p "$out"

swift build -c release --product balans --product balans-bench >/dev/null
balans=.build/release/balans
bench=.build/release/balans-bench

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "swift: $(swift --version 2>/dev/null | head -1)"
echo "python: $($python --version 2>&1) ($(command -v "$python"))"
echo

# One command's median wall time and largest max RSS over $runs runs.
measure() {
  local label=$1; shift
  local times=() rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/stdout.txt"
    read -r t m <"$out/time.txt"
    times+=("$t")
    (( m > rss )) && rss=$m
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%-44s %8s s  %6d MiB\n' "$label" "$median" $(( rss / 1024 ))
}

for n in 10000 100000; do
  s=$out/s$n.json
  p=$out/p$n.json
  [ -f "$s" ] || $python bench/generate_scenario.py "$n" --seed 1 --out "$s" --preset "$p"
  echo "== $n segments: $(du -h "$s" | cut -f1) scenario, preset with random levels"
  measure "balans score --format json" "$balans" score "$p" --scenario "$s" --format json
  measure "balans score --format text" "$balans" score "$p" --scenario "$s" --format text
  measure "balans score --format csv" "$balans" score "$p" --scenario "$s" --format csv
  measure "python reference_score.py (same model)" "$python" bench/reference_score.py "$s" "$p"
  "$bench" phases "$s" "$p" | sed 's/^/  /'
  echo
done

echo "== key press (one level change, re-score, re-aggregate), in-process"
"$bench" keypress 100 10000

echo
echo "== key press including rendering the screen into a canvas (80x24), in-process"
"$bench" keypress-render 100 10000

echo
echo "== efficient frontier and balance (SPEC §5: frontier of 10 000 x 6 under 100 ms), in-process"
"$bench" frontier 100 10000

echo
echo "== consent tcf: streaming IAB TCF v2.2 strings (issue #6: 1 000 000 records in a few seconds, constant memory)"
for n in 100000 1000000; do
  r=$out/records-$n.csv
  [ -f "$r" ] || $python bench/generate_tc_records.py "$n" >"$r"
  measure "consent tcf, $n records ($(du -h "$r" | cut -f1)), CSV" "$balans" consent tcf "$r" -o "$out/consent-$n.json" --date 2026-11-29
done
cut -d, -f2 "$out/records-1000000.csv" | tail -n +2 >"$out/strings-1000000.txt"
measure "consent tcf, 1000000 bare strings, one per line" "$balans" consent tcf "$out/strings-1000000.txt" -o "$out/consent-plain.json" --date 2026-11-29
