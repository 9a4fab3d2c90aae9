#!/usr/bin/env bash
# install.sh PREFIX [TARBALL]: installs balans under PREFIX:
#   PREFIX/bin/balans
#   PREFIX/share/man/man1/balans.1
#   PREFIX/share/bash-completion/completions/balans
#   PREFIX/share/zsh/site-functions/_balans
#   PREFIX/share/fish/vendor_completions.d/balans.fish
#   PREFIX/share/doc/balans/README.md, LICENSE
# From a release tarball: give its path as TARBALL, or run the install.sh inside the unpacked
# tarball (no Swift needed). From a source checkout without TARBALL: builds first
# (swift build -c release --static-swift-stdlib; needs Swift 6 and libncursesw5-dev).
set -euo pipefail
prefix=${1:?usage: install.sh PREFIX [TARBALL]}
tarball=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "$tarball" ]; then
    if [ -f "$tarball.sha256" ]; then
        (cd "$(dirname "$tarball")" && sha256sum -c "$(basename "$tarball").sha256" >&2)
    fi
    tar -xzf "$tarball" -C "$work"
    src=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
elif [ -x "$here/bin/balans" ]; then
    src=$here                      # the unpacked tarball
elif [ -f "$here/../Package.swift" ]; then
    root=$(cd "$here/.." && pwd)  # a source checkout: build
    (cd "$root" && swift build -c release --static-swift-stdlib --product balans)
    bin="$(cd "$root" && swift build -c release --static-swift-stdlib --show-bin-path)/balans"
    src=$work/pkg
    mkdir -p "$src/bin"
    install -m 0755 "$bin" "$src/bin/balans"
    strip "$src/bin/balans" 2>/dev/null || true   # as in the tarball: 33 MB -> 17 MB
    "$root/scripts/gen-docs.sh" "$src/bin/balans" "$src"
    cp "$root/README.md" "$root/LICENSE" "$src/"
else
    echo "install.sh: no tarball given and neither a built package nor a source checkout here" >&2
    exit 64
fi

install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
           "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d" "$prefix/share/doc/balans"
install -m 0755 "$src/bin/balans" "$prefix/bin/balans"
install -m 0644 "$src/share/man/man1/balans.1" "$prefix/share/man/man1/balans.1"
install -m 0644 "$src/share/bash-completion/completions/balans" "$prefix/share/bash-completion/completions/balans"
install -m 0644 "$src/share/zsh/site-functions/_balans" "$prefix/share/zsh/site-functions/_balans"
install -m 0644 "$src/share/fish/vendor_completions.d/balans.fish" "$prefix/share/fish/vendor_completions.d/balans.fish"
install -m 0644 "$src/README.md" "$src/LICENSE" "$prefix/share/doc/balans/"
echo "Installed balans $("$prefix/bin/balans" --version) in $prefix/bin"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "Add it to PATH:  export PATH=\"$prefix/bin:\$PATH\"" ;; esac
