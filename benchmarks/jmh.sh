#!/usr/bin/env bash
# Runs the JMH benchmarks: benchmarks/jmh.sh [JMH options], e.g.
#   benchmarks/jmh.sh DecodeBench -f 1 -wi 3 -i 5
#   benchmarks/jmh.sh -l            (list them)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/scripts/find-jdk.sh"
jvmx_find_jdk || { echo "$JVMX_NO_JDK_MESSAGE" >&2; exit 127; }
export JAVA_HOME="$JVMX_JAVA_HOME"
(cd "$ROOT" && ./mvnw -q -B package -Dmaven.test.skip=true -pl benchmarks -am) >&2
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*" org.openjdk.jmh.Main "$@"
