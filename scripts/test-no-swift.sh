#!/usr/bin/env bash
# test-no-swift.sh [TARBALL]: proves that the release tarball runs where no Swift is installed.
# In a private mount namespace (unshare -m; as a user, unshare -m -r) the Swift toolchain's folder
# is hidden under an empty tmpfs, then the tarball is checked and installed with its own install.sh
# and its binary runs `score`, `balance -o`, `check` and the dashboard in tmux; the man page is
# rendered with `man -l`. Prints a log (recorded in docs/install.md) and exits non-zero on the
# first failure. Needs unshare (util-linux), tmux and man; not run in CI (.ci/run stays fast).
# TARBALL defaults to the newest dist/balans-*-linux-*.tar.gz (make it with scripts/release.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if [ -z "${BALANS_NO_SWIFT_INNER:-}" ]; then
    tarball=${1:-$(ls -t "$root"/dist/balans-*-linux-*.tar.gz 2>/dev/null | head -n 1)}
    [ -f "$tarball" ] || { echo "test-no-swift.sh: no tarball; run scripts/release.sh first" >&2; exit 66; }
    tarball=$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")
    # The toolchain's root: .../usr/bin/swift -> ...
    swift_root=""
    if command -v swift >/dev/null; then
        swift_root=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")")
    fi
    as_user=()
    [ "$(id -u)" -eq 0 ] || as_user=(-r)
    exec env BALANS_NO_SWIFT_INNER=1 SWIFT_ROOT="$swift_root" TARBALL="$tarball" \
        unshare -m "${as_user[@]}" --propagation private bash "$0"
fi

step() { printf '\n$ %s\n' "$*"; }
fail() { echo "FAIL: $*"; exit 1; }

echo "== balans without Swift: $(date -u +%Y-%m-%dT%H:%MZ), $(uname -sm), $(. /etc/os-release && echo "$PRETTY_NAME")"
if [ -n "$SWIFT_ROOT" ] && [ -d "$SWIFT_ROOT" ]; then
    mount -t tmpfs -o size=1m none "$SWIFT_ROOT"
    echo "hid the Swift toolchain: $SWIFT_ROOT is an empty tmpfs in this mount namespace"
fi
# perf's cache of shared objects keeps copies of the runtime; hide it too if it is there.
[ -d "$HOME/.debug" ] && mount -t tmpfs -o size=1m none "$HOME/.debug"
PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '^$' | grep -vi swift | paste -sd: -)
export PATH LC_ALL=C.UTF-8 TERM=xterm-256color
unset BALANS_NO_SWIFT_INNER

step "command -v swift swiftc"
if command -v swift swiftc; then fail "a Swift toolchain is still reachable"; fi
echo "(none)"
step "ls -A $SWIFT_ROOT"
ls -A "$SWIFT_ROOT"; echo "(empty)"
found=$(find / -xdev \( -path /proc -o -path /sys \) -prune -o -name 'libswiftCore.so*' -print 2>/dev/null | head -n 3 || true)
[ -z "$found" ] || fail "a Swift runtime is still reachable: $found"
echo "no libswiftCore.so anywhere on /"

work=$(mktemp -d)
trap 'tmux -L balans-noswift kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
cp "$TARBALL" "$TARBALL.sha256" .
tb=$(basename "$TARBALL")
step "sha256sum -c $tb.sha256"
sha256sum -c "$tb.sha256"
step "tar -tzf $tb"
tar -tzf "$tb"
tar -xzf "$tb"
step "./${tb%.tar.gz}/install.sh $work/prefix"
"./${tb%.tar.gz}/install.sh" "$work/prefix"
export PATH="$work/prefix/bin:$PATH"

step "ldd \$(command -v balans)"
ldd "$(command -v balans)"
if ldd "$(command -v balans)" | grep -i swift >/dev/null; then fail "the binary links a Swift library"; fi

step "balans --version"
balans --version

step "balans score --scenario builtin:savings-bank"
balans score --scenario builtin:savings-bank

step "balans balance --budget 35 -o balanced.json"
balans balance --budget 35 -o balanced.json

step "balans score balanced.json --format csv"
balans score balanced.json --format csv

step "balans check balanced.json; echo \"exit \$?\""
set +e
balans check balanced.json
status=$?
set -e
echo "exit $status"
[ "$status" -le 1 ] || fail "check exited $status"

step "tmux: balans balanced.json at 100x30, then q"
tmux -L balans-noswift -f /dev/null new-session -d -x 100 -y 30 "balans balanced.json; echo \"dashboard exit \$?\"; sleep 30"
# (The screen is read into a variable first: a grep -q that stops reading early would make
# tmux die of SIGPIPE, which pipefail reports as a failure.)
screen() { tmux -L balans-noswift capture-pane -p; }
shown=""
for _ in $(seq 1 50); do
    shown=$(screen)
    case "$shown" in *Intrusiveness*) break ;; esac
    sleep 0.2
done
printf '%s\n' "$shown" | sed -n '1,12p'
case "$shown" in *Intrusiveness*) ;; *) fail "the dashboard did not draw" ;; esac
tmux -L balans-noswift send-keys q
for _ in $(seq 1 50); do
    shown=$(screen)
    case "$shown" in *"dashboard exit"*) break ;; esac
    sleep 0.2
done
printf '%s\n' "$shown" | grep "dashboard exit" || fail "the dashboard did not quit"
case "$shown" in *"dashboard exit 0"*) ;; *) fail "the dashboard did not exit 0" ;; esac

step "man -l $work/prefix/share/man/man1/balans.1 | head -n 12"
if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$work/prefix/share/man/man1/balans.1" > man.txt 2>&1 || fail "man -l failed: $(cat man.txt)"
    col -b < man.txt > man-plain.txt
    head -n 12 man-plain.txt
else
    echo "(man is not installed here: skipped)"
fi

echo
echo "== OK: the tarball installs and runs with no Swift toolchain reachable"
