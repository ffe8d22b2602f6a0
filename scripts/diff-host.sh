#!/usr/bin/env bash
# Full differential run of jvmx's interpreter against the host CPU (issue 4 acceptance):
# COUNT random instructions (default 10,000,000), one a case, split evenly over 64- and 32-bit
# mode, from every starter template whose CPUID feature jvmx's CPU model advertises. The native
# harness (testsuites/src/main/c/hostrun) is built with gcc on the fly; memory stays flat however
# large COUNT is (cases stream in chunks of 5,000). Prints the seed, progress, the failing forms
# per mode and last "N passed, N failed". Exit status 0 = no mismatch, 1 = mismatches, 2 = error.
# How it works and how to read a mismatch: docs/DIFFERENTIAL.md.
#
# usage: scripts/diff-host.sh [COUNT [SEED [MODE...]]] [--model M] [--forms M,...] [--jit N] [--status FILE] [--details DIR]
#   e.g. scripts/diff-host.sh                      10M instructions, random seed, both modes
#        scripts/diff-host.sh 300000 7 64          300k in 64-bit mode, seed 7
#        scripts/diff-host.sh 1000000 7 --status docs/DIFFERENTIAL-STATUS.md --details /tmp/diff
#        scripts/diff-host.sh 1000000 7 --forms FSIN,FCOS     only the templates of these mnemonics
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/scripts/find-jdk.sh"
if ! jvmx_find_jdk; then
    echo "$JVMX_NO_JDK_MESSAGE" >&2
    exit 2
fi
export JAVA_HOME="$JVMX_JAVA_HOME"
command -v gcc >/dev/null || { echo "diff-host: gcc is required to build the native harness" >&2; exit 2; }
cd "$ROOT"
CP_FILE="$ROOT/testsuites/target/diff-host.classpath"
build() {  # build [-o] MODULES...: compile what the run needs, and write its runtime class path
    local offline=()
    if [ "$1" = -o ]; then offline=(-o); shift; fi
    ./mvnw -q -B "${offline[@]}" "$@" install -Dmaven.test.skip=true \
        && ./mvnw -q -B "${offline[@]}" -pl testsuites dependency:build-classpath \
            -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime
}
echo "diff-host: building frontend-x86, vmx-model, runtime, testsuites (tests skipped)" >&2
BUILD_LOG="$ROOT/testsuites/target/diff-host-build.log"
mkdir -p "$(dirname "$BUILD_LOG")"
# The run needs only these four modules; cli and translator (testsuites' other dependencies) are
# taken from the local repository when they are there, else built too (-am), else fetched online.
if ! { build -o -pl frontend-x86,vmx-model,runtime,testsuites || build -o -pl testsuites -am || build -pl testsuites -am; } \
        >"$BUILD_LOG" 2>&1; then
    echo "diff-host: the build failed; last lines of $BUILD_LOG:" >&2
    tail -30 "$BUILD_LOG" >&2
    exit 2
fi
# Run from a private copy: other builds in this tree (or a concurrent mvn install) may rewrite
# target/classes and ~/.m2 while a long run is still loading classes and the harness sources.
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/jvmx-diff-host.XXXXXX")"
trap 'rm -rf "$RUN_DIR"' EXIT
"$JAVA_HOME/bin/jar" cf "$RUN_DIR/testsuites.jar" -C "$ROOT/testsuites/target/classes" .
CP="$RUN_DIR/testsuites.jar"
IFS=: read -r -a JARS < "$CP_FILE" || true   # no trailing newline: read returns 1
for j in "${JARS[@]}"; do
    cp "$j" "$RUN_DIR/"
    CP="$CP:$RUN_DIR/$(basename "$j")"
done
# -Xmx bounds the run; the interpreter's "no semantics for X" warnings are summarised per form anyway
"$JAVA_HOME/bin/java" -Xmx512m -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp "$CP" dev.jvmx.testsuites.diff.JvmxDiffMain "$@"
