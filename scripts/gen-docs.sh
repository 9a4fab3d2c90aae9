#!/usr/bin/env bash
# gen-docs.sh BALANS_BINARY OUTDIR: the man page and the bash, zsh and fish completions of that
# binary, laid out as they are installed under a prefix:
#   OUTDIR/share/man/man1/balans.1
#   OUTDIR/share/bash-completion/completions/balans
#   OUTDIR/share/zsh/site-functions/_balans
#   OUTDIR/share/fish/vendor_completions.d/balans.fish
# The completions come from swift-argument-parser (--generate-completion-script); the man page from
# its --experimental-dump-help JSON through scripts/man-from-help.py (see docs/install.md for why
# not the GenerateManual plugin). Needs python3 for the man page; nothing else beyond the binary.
set -euo pipefail
bin=${1:?usage: gen-docs.sh BALANS_BINARY OUTDIR}
out=${2:?usage: gen-docs.sh BALANS_BINARY OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out/share/man/man1" "$out/share/bash-completion/completions" \
         "$out/share/zsh/site-functions" "$out/share/fish/vendor_completions.d"
"$bin" --generate-completion-script bash > "$out/share/bash-completion/completions/balans"
"$bin" --generate-completion-script zsh > "$out/share/zsh/site-functions/_balans"
"$bin" --generate-completion-script fish > "$out/share/fish/vendor_completions.d/balans.fish"
"$bin" --experimental-dump-help | python3 "$here/man-from-help.py" > "$out/share/man/man1/balans.1"
