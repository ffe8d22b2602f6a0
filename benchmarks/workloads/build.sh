#!/usr/bin/env bash
# Builds the benchmark workloads (workloads.tsv) into static, stripped x86-64 Linux executables
# next to their sources, and records in BUILT.sha256 what each binary was built from.
#
#   build.sh            rebuild every workload (needs gcc with glibc's static libraries)
#   build.sh --check    exit 0 when every binary exists and matches its recorded sources and
#                       flags; otherwise name the stale ones on stderr and exit 1 (no gcc needed)
#
# BUILT.sha256 lines: INPUTS BINARY NAME, where INPUTS is the sha256 of the source, bench.h and
# the compiler flags, and BINARY the sha256 of the built file. The compiler version is a comment:
# another gcc gives other bytes, so only the inputs decide whether a rebuild is due.
set -euo pipefail
cd "$(dirname "$0")"

CFLAGS=(-static -O2 -s -Wall -Wextra -Wl,--build-id=none)
LIBS=(-lm)
MANIFEST=BUILT.sha256

names() { awk '!/^#/ && NF { print $1 }' workloads.tsv; }

inputs_hash() {  # the sha256 of what binary $1 is built from
    { cat "$1.c" bench.h; printf '%s\n' "${CFLAGS[*]} ${LIBS[*]}"; } | sha256sum | cut -d' ' -f1
}

check() {
    local stale=0 name want_in want_bin
    for name in $(names); do
        want_in=$(awk -v n="$name" '$3 == n { print $1 }' "$MANIFEST" 2>/dev/null || true)
        want_bin=$(awk -v n="$name" '$3 == n { print $2 }' "$MANIFEST" 2>/dev/null || true)
        if [ ! -f "$name" ]; then
            echo "build.sh: $name: not built" >&2; stale=1
        elif [ "$want_in" != "$(inputs_hash "$name")" ]; then
            echo "build.sh: $name: $name.c, bench.h or the flags changed since it was built" >&2; stale=1
        elif [ "$want_bin" != "$(sha256sum "$name" | cut -d' ' -f1)" ]; then
            echo "build.sh: $name: the binary is not the one recorded in $MANIFEST" >&2; stale=1
        fi
    done
    return $stale
}

if [ "${1:-}" = --check ]; then
    check
    exit
elif [ $# -gt 0 ]; then
    echo "usage: build.sh [--check]" >&2
    exit 2
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
    echo "# written by build.sh: sha256(source, bench.h, flags)  sha256(binary)  name"
    echo "# $(gcc --version | head -n1); flags: ${CFLAGS[*]} ${LIBS[*]}"
} >"$tmp"
for name in $(names); do
    gcc "${CFLAGS[@]}" -o "$name" "$name.c" "${LIBS[@]}"
    echo "$(inputs_hash "$name") $(sha256sum "$name" | cut -d' ' -f1) $name" >>"$tmp"
done
mv "$tmp" "$MANIFEST"
trap - EXIT
ls -l $(names)
