#!/usr/bin/env bash
# Prints `balans report`'s HTML to PDF at A4 in headless Chromium and checks what an auditor
# files: the page count, the verdict on page 1, page numbers, the sign-off block, and provenance
# hashes equal to `sha256sum` of the input files. Not run in CI (it needs Chromium); its last
# result is recorded in docs/report.md.
#
#     scripts/report-pdf.sh [BALANS] [PRESET]
#
# BALANS defaults to .build/debug/balans, PRESET to Fixtures/presets/nordic-balanced.json.
# Needs chromium, pdfinfo and pdftotext (Debian: apt-get install -y chromium poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."

balans=${1:-.build/debug/balans}
preset=${2:-Fixtures/presets/nordic-balanced.json}
max_pages=${MAX_PAGES:-10}

for tool in chromium pdfinfo pdftotext sha256sum; do
    command -v "$tool" >/dev/null || { echo "report-pdf: $tool is missing (apt-get install -y chromium poppler-utils)" >&2; exit 2; }
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

for lang in en sv; do
    html="$out/report-$lang.html"
    pdf="$out/report-$lang.pdf"
    "$balans" report "$preset" -o "$html" --lang "$lang"
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --print-to-pdf="$pdf" "file://$html" >/dev/null 2>&1
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    size=$(pdfinfo "$pdf" | awk -F': *' '/^Page size:/ { print $2 }')
    echo "== $lang: $pages pages, $size"
    pdftotext -layout "$pdf" "$out/all-$lang.txt"
    pdftotext -layout -f 1 -l 1 "$pdf" "$out/p1-$lang.txt"
    pdftotext -layout -f "$pages" -l "$pages" "$pdf" "$out/last-$lang.txt"
    check "$lang: A4" '[[ $size == *"(A4)"* ]]'
    check "$lang: at most $max_pages pages" '(( pages <= max_pages ))'
    if [[ $lang == en ]]; then verdict='Verdict: the setting (passes|fails)'; signoff='Sign-off'; else verdict='Utlåtande: inställningen klarar'; signoff='Godkännande'; fi
    check "$lang: the verdict is on page 1" 'grep -Eq "$verdict" "$out/p1-$lang.txt"'
    check "$lang: page 1 is numbered 1 / $pages" 'grep -Eq "(^|[[:space:]])1 ?/ ?$pages([[:space:]]|$)" "$out/p1-$lang.txt"'
    check "$lang: the last page is numbered $pages / $pages" 'grep -Eq "(^|[[:space:]])$pages ?/ ?$pages([[:space:]]|$)" "$out/last-$lang.txt"'
    check "$lang: the sign-off block is printed" 'grep -q "$signoff" "$out/all-$lang.txt"'
    # Each page holds some text: no near-empty pages (under 12 lines of text).
    for ((p = 1; p <= pages; p++)); do
        lines=$(pdftotext -layout -f $p -l $p "$pdf" - | grep -c '[^[:space:]]' || true)
        check "$lang: page $p has $lines lines of text" '(( lines >= 12 || p == pages ))'
    done
    # The provenance: every file's SHA-256 as sha256sum has it, in the printed text.
    scenario=$(python3 -c 'import json,sys,os; p=sys.argv[1]; s=json.load(open(p))["scenario"]; print(s if s.startswith("builtin:") else os.path.join(os.path.dirname(p), s))' "$preset")
    for file in "$preset" "$scenario"; do
        [[ $file == builtin:* ]] && continue
        sum=$(sha256sum "$file" | cut -d' ' -f1)
        # The hash is printed on one line (the report keeps it from wrapping), so it can be copied.
        check "$lang: SHA-256 of $file ($sum) is printed" 'grep -q "$sum" "$out/all-$lang.txt"'
    done
done
exit $fail
