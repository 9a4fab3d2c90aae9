#!/usr/bin/env bash
# release.sh [OUTDIR]: builds balans statically (swift build -c release --static-swift-stdlib) and
# packs it, with its man page, bash/zsh/fish completions, README, LICENSE and install.sh, into
#   OUTDIR/balans-VERSION-linux-x86_64.tar.gz   (VERSION from `balans --version`)
#   OUTDIR/balans-VERSION-linux-x86_64.tar.gz.sha256   (sha256sum's format: `sha256sum -c` checks it)
# OUTDIR defaults to dist/. The binary needs only libc and libncursesw6/libtinfo6 at run time
# (docs/install.md); the script prints what `ldd` says so that a new dependency is seen at once.
# Not run in CI: a static release build takes several minutes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$root"

swift build -c release --static-swift-stdlib --product balans
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/balans"
version=$("$bin" --version)
arch=$(uname -m)
name="balans-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/$name"

mkdir -p "$pkg/bin"
install -m 0755 "$bin" "$pkg/bin/balans"
strip "$pkg/bin/balans" 2>/dev/null || true
"$root/scripts/gen-docs.sh" "$pkg/bin/balans" "$pkg"
install -m 0644 README.md LICENSE "$pkg/"
install -m 0755 scripts/install.sh "$pkg/install.sh"

# A reproducible archive: fixed owner, order and times (the commit's time when there is one).
stamp=$(git log -1 --format=%ct 2>/dev/null || date +%s)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" \
    -C "$stage" -cf - "$name" | gzip -n -9 > "$out/$name.tar.gz"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")

echo "Wrote $out/$name.tar.gz"
echo "Wrote $out/$name.tar.gz.sha256"
cat "$out/$name.tar.gz.sha256"
echo "Shared libraries the binary needs (ldd):"
ldd "$pkg/bin/balans" | sed 's/^/  /'
