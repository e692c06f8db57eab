#!/usr/bin/env python3
"""A database under load with every one of its methods selected: H2 (from Maven Central, in memory, in
the harness's JVM) serving transactions from two client threads (dev.sonde.benchmarks.H2Harness), bare
and under the probe with org.h2.** selected: with its tiers (the default), with every method counted
first (time.counted=true), and counted without samples (sample.period=0). Contenders alternate run by
run; the table gives the median throughput of the first round (the JIT cold) and of the last (warm),
each with its range and its ratio to bare, and what the probe timed and counted (one run's report).

    benchmarks/scripts/h2.py [RUNS]        (default 3; JAVA picks the JVM)

Needs agent/target/sonde.jar and benchmarks/target/benchmarks.jar (mvn -B -DskipTests package).
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402  (same folder: fetch and the cache)

JAVA = os.environ.get("JAVA", shutil.which("java") or "java")
H2 = ("com.h2database:h2:2.5.252", "h2-2.5.252.jar")
ROUNDS, SECONDS, THREADS = 4, 4, 2


def run(argv):
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(argv)}\n{done.stdout}\n{done.stderr[-4000:]}")
    rounds = [float(line.split()[2]) for line in done.stdout.splitlines() if line.startswith("round ")]
    return rounds[0], rounds[-1]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    h2 = compare.fetch(*H2)
    harness = [JAVA, "-cp", f"{compare.BENCH}{os.pathsep}{h2}", "dev.sonde.benchmarks.H2Harness",
               str(ROUNDS), str(SECONDS), str(THREADS)]
    work = Path(tempfile.mkdtemp(prefix="sonde-h2-"))
    try:
        def probed(name, settings):
            return compare.probed(work, harness, name, settings)

        contenders = [("bare", harness, None),
                      probed("sonde org.h2.**", "time=org.h2.**"),
                      probed("sonde org.h2.** time.counted=true", "time=org.h2.**,time.counted=true"),
                      probed("sonde org.h2.** time.counted=true sample.period=0",
                             "time=org.h2.**,time.counted=true,sample.period=0")]
        results = compare.alternate(contenders, runs, run,
                                    lambda first, last: f"first round {first:.0f}/s, last {last:.0f}/s")
        print(f"{runs} runs, {ROUNDS} rounds of {SECONDS} s with {THREADS} client threads each, "
              f"{compare.version(JAVA)}\n")
        print("| JVM | first round, transactions/s: median (min–max) | × bare | last round: median (min–max) |"
              " × bare | methods | of them counted |")
        print("|---|---|---|---|---|---|---|")
        for row in compare.ratio_rows(contenders, results, lambda reports: compare.report_counts(reports)[:2]):
            print(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
