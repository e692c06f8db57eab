#!/bin/sh
# Prints the home of a JDK, 17 or newer, of another major version than the one running the build
# (the newest such), for the unit tests that weave classes to run on it as well; prints nothing when
# there is none. Looks at JDK_HOMES (homes separated by ':') and under /usr/lib/jvm.
#
#   build/second-jdk.sh MAJOR_RUNNING_THE_BUILD
running="${1:-0}"
best=""
best_major=0
for home in $(printf '%s' "${JDK_HOMES:-}" | tr ':' ' ') /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] && [ -f "$home/release" ] || continue
    version=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$home/release")
    [ -n "$version" ] || continue
    if [ "$version" -ge 17 ] && [ "$version" -ne "$running" ] && [ "$version" -gt "$best_major" ]; then
        best="$home"
        best_major="$version"
    fi
done
printf '%s' "$best"
