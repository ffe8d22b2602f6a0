#!/usr/bin/env bash
# Runs the whole test suite (README's test command). Finds a JDK 25 like ./jvmx does.
# Extra arguments go to Maven, e.g.  scripts/test.sh -pl frontend-x86  or  -Djvmx.test.heavy=true
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/scripts/find-jdk.sh"
if ! jvmx_find_jdk; then
    echo "$JVMX_NO_JDK_MESSAGE" >&2
    exit 127
fi
export JAVA_HOME="$JVMX_JAVA_HOME"
cd "$ROOT"
exec ./mvnw -B --no-transfer-progress install "$@"
