#!/usr/bin/env bash
# Smoke test of the launcher on a fresh clone: README's first command, plus the other examples,
# each compared with the same static binary run natively on the (x86-64) host.
set -uo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
fail=0
if [ "$(uname -m)" != x86_64 ]; then echo "smoke: skipped: the native oracle needs an x86-64 host"; exit 0; fi
./jvmx --version >/dev/null || { echo "smoke: FAIL: ./jvmx does not start"; exit 1; }
INPUT=/dev/null
JIT=""
check() {  # check NAME ARGS... : jvmx output and status must equal the native run's (stdin: $INPUT, jvmx run options: $JIT)
    local want got wst gst
    want=$("examples/$1" "${@:2}" <"$INPUT" 2>&1); wst=$?
    # shellcheck disable=SC2086
    got=$(./jvmx run $JIT "examples/$1" "${@:2}" <"$INPUT" 2>&1); gst=$?
    if [ "$want" == "$got" ] && [ "$wst" == "$gst" ]; then
        echo "smoke: ok   jvmx run ${JIT:+$JIT }examples/$1 ${*:2}"
    else
        echo "smoke: FAIL jvmx run ${JIT:+$JIT }examples/$1 ${*:2} (status $gst, native $wst)"
        diff <(echo "$want") <(echo "$got") | head -20
        fail=1
    fi
}
examples_in_tier() {  # every example, with the jvmx run options in $JIT
    check primes 1000
    check primes-pie 200
    check hello
    check hello-glibc a b
    check hello-musl
    INPUT=examples/primes.c check cat
    INPUT=/dev/null
    check cat examples/hello.S
    check cat /nonexistent/file
}
# the default tiers, then each tier alone with thresholds forced to 0 (every block translated before it runs)
runs=0
for JIT in "" "--jit=off" "--jit=block --jit-threshold=0" "--jit=region --jit-threshold=0"; do
    examples_in_tier
    runs=$((runs + 8))
done
if [ $fail = 0 ]; then echo "smoke: $runs passed, 0 failed"; else echo "smoke: failures above"; exit 1; fi
