#!/bin/sh
# consent tcf --jobs 1 against --jobs 2 on 1 000 000 generated records (decision 0034): the outputs
# (scenario, summary, counts) must be byte-identical; then interleaved timed runs, median by eye.
#   bench/jobs.sh [RECORDS] [PAIRS]
set -eu
n=${1:-1000000}
pairs=${2:-5}
cd "$(dirname "$0")/.."
mkdir -p bench/out
bin=.build/release/balans
[ -x "$bin" ] || swift build -c release --product balans
f=bench/out/records-$n.csv
[ -s "$f" ] || python3 bench/generate_tc_records.py "$n" > "$f"
for j in 1 2; do
    "$bin" consent tcf "$f" --date 2026-12-02 --jobs $j -o bench/out/jobs$j.json --format json > bench/out/jobs$j.summary || true
    "$bin" consent tcf "$f" --date 2026-12-02 --jobs $j --counts-out bench/out/jobs$j.counts.csv > /dev/null || true
done
cmp bench/out/jobs1.json bench/out/jobs2.json
cmp bench/out/jobs1.counts.csv bench/out/jobs2.counts.csv
sed "s/jobs1/jobsN/g" bench/out/jobs1.summary > bench/out/s1; sed "s/jobs2/jobsN/g" bench/out/jobs2.summary > bench/out/s2
cmp bench/out/s1 bench/out/s2
echo "identical: scenario, counts, summary ($n records)"
i=0
while [ $i -lt "$pairs" ]; do
    for j in 1 2; do
        /usr/bin/time -f "jobs $j: %e s elapsed, %U s user, %M KB" "$bin" consent tcf "$f" --date 2026-12-02 --jobs $j -o bench/out/t.json > /dev/null
    done
    i=$((i + 1))
done
