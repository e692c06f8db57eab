#!/usr/bin/env python3
"""Whole-program timing cost: the Eclipse compiler (ecj) compiling the sources of commons-lang3, both
from Maven Central, three iterations in one JVM (dev.sonde.benchmarks.EcjHarness), bare and under the
probe with broad selectors: with its tiers (the default), with every method counted first and timed
once its calls prove long (time.counted=true), and without the counted tier (time.hot=true).
Contenders alternate round by round; the table gives the median total and
the median last iteration (JIT warm), each with its range and its ratio to bare, and what the probe
timed and left out (from one run's JSON report).

    benchmarks/scripts/wholeprogram.py [ROUNDS]        (default 3; JAVA picks the JVM)

Needs agent/target/sonde.jar and benchmarks/target/benchmarks.jar (mvn -B -DskipTests package).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402  (same folder: fetch and the cache)

JAVA = os.environ.get("JAVA", shutil.which("java") or "java")
ECJ = compare.ECJ
LANG3_SOURCES = ("org.apache.commons:commons-lang3:3.18.0:jar:sources", "commons-lang3-3.18.0-sources.jar")
ITERATIONS = 3


def sources():
    jar = compare.fetch(*LANG3_SOURCES)
    tree = compare.CACHE / "commons-lang3-3.18.0-src"
    if not tree.exists():
        with zipfile.ZipFile(jar) as archive:
            for name in archive.namelist():
                if name.endswith(".java") and name.startswith("org/"):
                    archive.extract(name, tree)
    return tree


def run(argv):
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(argv)}\n{done.stdout}\n{done.stderr[-4000:]}")
    iterations = []
    total = None
    for line in done.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == "iteration":
            iterations.append(float(parts[2]))
        elif parts and parts[0] == "total":
            total = float(parts[1])
    return total, iterations[-1]


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    ecj = compare.fetch(*ECJ)
    tree = sources()
    harness = [JAVA, "-cp", f"{compare.BENCH}{os.pathsep}{ecj}", "dev.sonde.benchmarks.EcjHarness", str(ITERATIONS),
               "-17", "-nowarn", "-proc:none", "-d", "none", "-encoding", "UTF-8", str(tree)]
    work = Path(tempfile.mkdtemp(prefix="sonde-wholeprogram-"))
    try:
        def probed(name, settings):
            return compare.probed(work, harness, name, settings)

        contenders = [("bare", harness, None),
                      probed("sonde org.eclipse.jdt.**", "time=org.eclipse.jdt.**"),
                      probed("sonde **", "time=**"),
                      probed("sonde org.eclipse.jdt.** time.counted=true", "time=org.eclipse.jdt.**,time.counted=true"),
                      probed("sonde ** time.counted=true", "time=**,time.counted=true"),
                      probed("sonde org.eclipse.jdt.** time.counted=true sample.period=100",
                             "time=org.eclipse.jdt.**,time.counted=true,sample.period=100"),
                      probed("sonde org.eclipse.jdt.** time.counted=true sample.period=0",
                             "time=org.eclipse.jdt.**,time.counted=true,sample.period=0"),
                      probed("sonde org.eclipse.jdt.** time.hot=true", "time=org.eclipse.jdt.**,time.hot=true")]
        results = compare.alternate(contenders, rounds, run,
                                    lambda total, last: f"total {total:.0f} ms, last {last:.0f} ms")
        print(f"{rounds} rounds, {ITERATIONS} iterations each, {compare.version(JAVA)}\n")
        compare.print_whole_program_table(contenders, results)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
