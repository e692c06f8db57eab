#!/usr/bin/env python3
"""Runs commands alternately, N rounds, and prints a Markdown table of wall time, CPU time and peak
RSS: median (min-max) and the median's difference to the first command.

    measure.py RUNS NAME=COMMAND [NAME=COMMAND ...]

Wall time from a monotonic clock; CPU time (user + system) and peak RSS from the child's own rusage,
as os.wait4 returns it. Output of the commands is discarded; a command that fails stops the run.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(argv)}\n{err}")
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024


def main():
    runs = int(sys.argv[1])
    contenders = []
    for spec in sys.argv[2:]:
        name, command = spec.split("=", 1)
        contenders.append((name, shlex.split(command)))
    results = {name: {"wall": [], "cpu": [], "rss": []} for name, _ in contenders}
    for _ in range(runs):
        for name, argv in contenders:
            wall, cpu, rss = run_once(argv)
            results[name]["wall"].append(wall)
            results[name]["cpu"].append(cpu)
            results[name]["rss"].append(rss)
    base = {k: statistics.median(v) for k, v in results[contenders[0][0]].items()}
    print(f"{runs} runs each, alternating")
    print()
    print("| JVM | wall ms: median (min–max) | vs bare | CPU ms: median (min–max) | vs bare"
          " | peak RSS MiB: median (min–max) | vs bare |")
    print("|---|---|---|---|---|---|---|")
    for index, (name, _) in enumerate(contenders):
        cells = []
        for key in ("wall", "cpu", "rss"):
            values = results[name][key]
            median = statistics.median(values)
            cells.append(f"{median:.0f} ({min(values):.0f}–{max(values):.0f})")
            cells.append("" if index == 0 else f"{median - base[key]:+.0f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
