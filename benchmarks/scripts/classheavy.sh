#!/usr/bin/env bash
# Start-up of a class-heavy program under the probe: scalac (from Maven Central) compiling a one-line
# file loads some 4,200 classes. Bare; with a selector that matches nothing by name; and with Type+
# selectors, which make every class loaded a candidate whose supertypes must be known: one naming a
# JDK interface (as the JDBC instrumentation does) and one naming a type of the program. Contenders
# alternate run by run (benchmarks/scripts/measure.py). BASELINE=path/to/another/sonde.jar adds that
# jar with the JDK-interface selector, for a side-by-side comparison.
#
#   benchmarks/scripts/classheavy.sh [runs]        (default 9; JAVA_HOME picks the JDK)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-9}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="${SONDE_JAR:-$root/agent/target/sonde.jar}"
[ -f "$jar" ] || { echo "no $jar: run 'mvn -B -DskipTests package' first" >&2; exit 1; }
cache="${HOME}/.cache/sonde-bench/scala"
if [ ! -f "$cache/scala-compiler-2.13.18.jar" ]; then
    mkdir -p "$cache"
    for artifact in org.scala-lang:scala-compiler:2.13.18 org.scala-lang:scala-library:2.13.18 \
        org.scala-lang:scala-reflect:2.13.18; do
        mvn -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$cache" >&2
    done
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'object Hi { def main(a: Array[String]): Unit = println("hi") }\n' > "$work/Hi.scala"
cp="$cache/scala-compiler-2.13.18.jar:$cache/scala-library-2.13.18.jar:$cache/scala-reflect-2.13.18.jar"
scalac="-cp $cp scala.tools.nsc.Main -usejavacp -d $work $work/Hi.scala"
probe="report.table=false,report.dir=$work/reports"
contenders=(
    "bare=$java $scalac"
    "sonde, by name=$java -javaagent:$jar=time=nothing.Matches#this,$probe $scalac"
    "sonde, java.sql.Statement+=$java -javaagent:$jar=time=java.sql.Statement+#execute*,$probe $scalac"
    "sonde, scala.reflect.api.Trees+=$java -javaagent:$jar=time=scala.reflect.api.Trees+#nothing,$probe $scalac"
)
if [ -n "${BASELINE:-}" ]; then
    contenders+=("baseline, java.sql.Statement+=$java -javaagent:$BASELINE=time=java.sql.Statement+#execute*,$probe $scalac")
fi
python3 "$root/benchmarks/scripts/measure.py" "$runs" "${contenders[@]}"
