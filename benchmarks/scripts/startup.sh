#!/usr/bin/env bash
# Start-up cost of the probe: wall time, CPU time and peak RSS of a hello-world JVM, bare and with
# sonde.jar loaded by -javaagent with a selector that matches nothing, and with an agent whose premain
# does nothing (what any Java agent costs the JVM). The contenders alternate run by
# run; the table gives the median and the range over the runs, and the median's difference to bare.
# Wall time from a monotonic clock; CPU time and peak RSS from the child's own rusage (wait4).
#
#   benchmarks/scripts/startup.sh [runs]        (default 21; JAVA_HOME picks the JDK)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-21}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
jar="$root/agent/target/sonde.jar"
[ -f "$jar" ] || { echo "no $jar: run 'mvn -B -DskipTests package' first" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/classes" "$work/reports"
cat > "$work/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
JAVA
cat > "$work/Empty.java" <<'JAVA'
public class Empty {
    public static void premain(String args, java.lang.instrument.Instrumentation instrumentation) {
    }
}
JAVA
"$javac" -d "$work/classes" "$work/Hello.java" "$work/Empty.java"
printf 'Premain-Class: Empty\n' > "$work/manifest"
"${JAVA_HOME:+$JAVA_HOME/bin/}jar" cfm "$work/empty-agent.jar" "$work/manifest" -C "$work/classes" Empty.class

python3 "$root/benchmarks/scripts/measure.py" "$runs" \
    "bare=$java -cp $work/classes Hello" \
    "empty-agent=$java -javaagent:$work/empty-agent.jar -cp $work/classes Hello" \
    "sonde=$java -javaagent:$jar=time=nothing.Matches#this,report.dir=$work/reports -cp $work/classes Hello"
