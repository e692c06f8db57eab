#!/usr/bin/env bash
# Sonde against OpenTelemetry, Elastic APM, Glowroot and JFR method timing, side by side, and the
# tables written into BENCHMARKS.md. Takes about 25 minutes on 2 cores (--quick: a few minutes, one
# round each, for checking the script; --agreement: only the agreement with JFR, printed; --requests: only
# a hello endpoint under wrk, printed, about 6 minutes; --jetty: only a Jetty endpoint with 3 SQL statements and 1
# Redis command under wrk, printed, about 16 minutes; --thread-time: the hello endpoint pinned, its CPU a request
# with Sonde's thread times and samples on, off and each alone, printed, about 10 minutes). Needs Maven (to fetch the contenders and to build), wrk, a JDK 17
# as 'java' (or JAVA17) and a JDK 25 (JAVA25, default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f agent/target/sonde.jar ] || [ ! -f benchmarks/target/benchmarks.jar ]; then
    mvn -B -q -DskipTests package
fi
exec python3 benchmarks/scripts/compare.py "$@"
