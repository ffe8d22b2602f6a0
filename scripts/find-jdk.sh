# shellcheck shell=bash
# Sourced by ./jvmx and .ci/run: sets JVMX_JAVA_HOME to a JDK 25 or newer, or returns 1.
# Search order: $JAVA_HOME, then the usual install locations, then java on the PATH.

jvmx_java_major() {  # prints the feature version of the JDK at $1, or nothing
    local rel="$1/release" v
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    if [ -r "$rel" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$rel")
    else
        v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p')
    fi
    echo "$v"
}

jvmx_find_jdk() {
    local want=25 cand v
    local -a cands=()
    [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
    for cand in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* \
                "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
                /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -d "$cand" ] && cands+=("$cand")
    done
    if command -v javac >/dev/null 2>&1; then
        cands+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
    fi
    for cand in "${cands[@]}"; do
        v=$(jvmx_java_major "$cand")
        if [ -n "$v" ] && [ "$v" -ge "$want" ]; then
            JVMX_JAVA_HOME="$cand"
            return 0
        fi
    done
    return 1
}

JVMX_NO_JDK_MESSAGE="jvmx needs a JDK 25 or newer (a JDK, not just a JRE: the first run builds jvmx).
Install one, e.g. Eclipse Temurin 25 (package temurin-25-jdk from the Adoptium repository) or
openjdk-25-jdk where your distribution has it, or point JAVA_HOME at an existing JDK 25."
