#!/usr/bin/env python3
"""Sonde against what users would pick instead, side by side on this machine, in one run.

    benchmarks/compare.sh [--quick]
    benchmarks/compare.sh --requests [--quick]   (only 5., printed)
    benchmarks/compare.sh --jetty [--quick]      (only 6., printed)
    benchmarks/compare.sh --thread-time [--quick] (only 7., printed)

Measures, alternating the contenders run by run:
  1. JMH: the per-call cost of timing one hot method under each contender, with the untimed twin,
     two clock reads, and a method the probe could time but was not selected;
  2. start-up wall time, CPU time and peak RSS of a hello-world JVM;
  3. a real program from Maven Central (the Eclipse compiler, ecj, compiling part of its own source)
     with a broad selector: every method of one package of the program;
  4. agreement of Sonde's count and mean with JFR method timing's (JDK 25), same methods, same run;
and writes the tables into BENCHMARKS.md between the 'compare' markers. With --requests, only:
  5. the added cost per request of a hello endpoint on the JDK's HTTP server under wrk, each agent with
     its defaults (Sonde with every library unit on), printed.
With --thread-time, only:
  7. the server's CPU time a request of the hello endpoint of 5., pinned, with Sonde's thread times and
     stack samples on (its defaults) and off, beside the bare JVM and Glowroot, printed.
With --jetty, only:
  6. the throughput of a Jetty 12 servlet running 3 SQL statements (H2, in memory) and 1 Redis command
     (Jedis, against a redis-server the script starts on loopback) a request, under wrk, each agent with
     its defaults, printed.

The contenders' agents and ecj are fetched from Maven Central with Maven into a cache outside the
repository (SONDE_BENCH_CACHE, default ~/.cache/sonde-bench); nothing of theirs is committed.
"""
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure  # noqa: E402  (same folder)

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("SONDE_BENCH_CACHE", Path.home() / ".cache" / "sonde-bench"))
SONDE = ROOT / "agent" / "target" / "sonde.jar"
BENCH = ROOT / "benchmarks" / "target" / "benchmarks.jar"
JAVA17 = os.environ.get("JAVA17", shutil.which("java") or "java")
JAVA25 = os.environ.get("JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")

OTEL = ("io.opentelemetry.javaagent:opentelemetry-javaagent:2.33.1", "opentelemetry-javaagent-2.33.1.jar")
ELASTIC = ("co.elastic.apm:elastic-apm-agent:1.55.1", "elastic-apm-agent-1.55.1.jar")
GLOWROOT = ("org.glowroot:glowroot-agent:0.14.0-beta.2", "glowroot-agent-0.14.0-beta.2.jar")
ECJ = ("org.eclipse.jdt:ecj:3.46.100", "ecj-3.46.100.jar")
ECJ_SOURCES = ("org.eclipse.jdt:ecj:3.46.100:jar:sources", "ecj-3.46.100-sources.jar")
PACKAGE = "org.eclipse.jdt.internal.compiler.parser"
AGREEMENT_METHODS = [("org.eclipse.jdt.internal.compiler.parser.Parser", "getMethodBodies"),
                     ("org.eclipse.jdt.internal.compiler.parser.Parser", "parse"),
                     ("org.eclipse.jdt.internal.compiler.parser.Scanner", "getNextToken")]

OTEL_QUIET = ["-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"]
ELASTIC_QUIET = ["-Delastic.apm.disable_send=true", "-Delastic.apm.service_name=bench",
                 "-Delastic.apm.central_config=false", "-Delastic.apm.log_level=ERROR"]


def log(message):
    print(f"[compare] {message}", file=sys.stderr, flush=True)


def fetch(coordinates, file_name):
    target = CACHE / file_name
    if not target.exists():
        log(f"fetching {coordinates} from Maven Central")
        subprocess.run(["mvn", "-B", "-q", "dependency:copy", f"-Dartifact={coordinates}",
                        f"-DoutputDirectory={CACHE}"], check=True, stdout=subprocess.DEVNULL)
    return target


def version(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()
    return out[0] if out else java


def glowroot(name, instrumentation):
    """A Glowroot agent folder of its own. Maven Central has the agent jar but not the embedded
    collector (only in the GitHub distribution), so the agent runs in its collector mode, pointed at
    a loopback port where nothing listens: it instruments and records as usual, and cannot send."""
    folder = CACHE / f"glowroot-{name}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(fetch(*GLOWROOT), folder / "glowroot.jar")
    (folder / "glowroot.properties").write_text("collector.address=http://127.0.0.1:9\nagent.id=bench\n")
    (folder / "config.json").write_text(json.dumps({"instrumentation": instrumentation}, indent=2))
    return f"-javaagent:{folder / 'glowroot.jar'}"


def median_range(values, unit_format="{:.1f}"):
    return (unit_format.format(statistics.median(values)) + " (" + unit_format.format(min(values)) + "–"
            + unit_format.format(max(values)) + ")")


def probed(work, harness, name, settings):
    """A contender of the whole-program scripts: the harness's command line with sonde.jar as its agent
    and these settings, writing its reports into a folder of its own under work."""
    reports = work / name.replace(" ", "_")
    reports.mkdir()
    agent = f"-javaagent:{SONDE}={settings},report.dir={reports},report.table=false"
    return name, [harness[0], agent] + harness[1:], reports


def alternate(contenders, rounds, run, describe):
    """Runs each contender (name, argv, reports) once a round, in turn, run(argv) giving two figures;
    returns {name: ([first figures], [second figures])}, saying each run's figures on stderr."""
    results = {name: ([], []) for name, _, _ in contenders}
    for r in range(rounds):
        for name, argv, _ in contenders:
            first, second = run(argv)
            results[name][0].append(first)
            results[name][1].append(second)
            log(f"round {r + 1} {name}: {describe(first, second)}")
    return results


def ratio_cell(values, bare):
    """A table's two cells for a figure: its median with the range, and the median over bare's median."""
    return f"{median_range(values, '{:.0f}')} | {statistics.median(values) / bare:.2f}"


def ratio_rows(contenders, results, tail):
    """The rows of a whole-program table, from what alternate() gave: each contender's two figures with
    their ratios to bare's, then the cells tail(reports) gives (from the contender's report folder)."""
    bare_first = statistics.median(results["bare"][0])
    bare_second = statistics.median(results["bare"][1])
    for name, _, reports in contenders:
        first, second = results[name]
        cells = " | ".join(str(cell) for cell in tail(reports))
        yield f"| {name} | {ratio_cell(first, bare_first)} | {ratio_cell(second, bare_second)} | {cells} |"


def print_whole_program_table(contenders, results):
    """The table of a whole-program script (wholeprogram.py, compilers.py): per contender, the total and
    the last iteration with their ratios to bare, and what its report counted."""
    print("| JVM | total ms: median (min–max) | × bare | last iteration ms: median (min–max) | × bare |"
          " methods timed | of them counted | left out as small |")
    print("|---|---|---|---|---|---|---|---|")
    for row in ratio_rows(contenders, results, report_counts):
        print(row, flush=True)


def report_counts(reports):
    """What one run's report in folder reports says: methods named, of them counted, left out as small
    (empty strings for a contender without the probe, whose reports is None)."""
    if reports is None:
        return "", "", ""
    report = json.loads(next(reports.glob("sonde-*.json")).read_text())
    methods = report["methods"]
    return (f"{len(methods):,}", f"{sum(1 for m in methods if m['tier'] == 'counted'):,}",
            f"{report['leftOut']['methods']:,}")


# ---------------------------------------------------------------------------------------------- 1
def per_call(rounds, work):
    reports = work / "per-call-reports"
    sonde = f"-javaagent:{SONDE}=time=bench.Target#timed,report.table=false,report.dir={reports}"
    otel = " ".join([f"-javaagent:{fetch(*OTEL)}", "-Dotel.instrumentation.methods.include=bench.Target[timed]"]
                    + OTEL_QUIET)
    elastic = " ".join([f"-javaagent:{fetch(*ELASTIC)}", "-Delastic.apm.trace_methods=bench.Target#timed"]
                       + ELASTIC_QUIET)
    glow = glowroot("per-call", [{
        "className": "bench.Target", "methodName": "timed", "methodParameterTypes": [".."],
        "captureKind": "transaction", "transactionType": "Background", "transactionNameTemplate": "timed",
        "timerName": "timed"}])
    jfr = f"-XX:StartFlightRecording:method-timing=bench.Target::timed,filename={work / 'per-call.jfr'}"
    contenders = [
        ("bare, JDK 17", JAVA17, "", "untimed", "bare17"),
        ("Sonde, JDK 17", JAVA17, sonde, "timed", "bare17"),
        ("Sonde loaded, method not selected, JDK 17", JAVA17, sonde, "untimed", "bare17"),
        ("OpenTelemetry 2.33.1 (methods.include), JDK 17", JAVA17, otel, "timed", "bare17"),
        ("Elastic APM 1.55.1 (trace_methods), JDK 17", JAVA17, elastic, "timed", "bare17"),
        ("Glowroot 0.14.0-beta.2 (instrumentation, transaction), JDK 17", JAVA17, glow, "timed", "bare17"),
        ("two System.nanoTime() reads, JDK 17", JAVA17, "", "clockPair", None),
        ("bare, JDK 25", JAVA25, "", "untimed", "bare25"),
        ("Sonde, JDK 25", JAVA25, sonde, "timed", "bare25"),
        ("JFR method timing, JDK 25", JAVA25, jfr, "timed", "bare25"),
        ("two System.nanoTime() reads, JDK 25", JAVA25, "", "clockPair", None),
    ]
    scores = {name: [] for name, *_ in contenders}
    for round_index in range(rounds):
        for name, java, args, benchmark, _ in contenders:
            log(f"per-call round {round_index + 1}/{rounds}: {name}")
            out = work / "jmh.json"
            command = [JAVA17, "-cp", str(BENCH), "org.openjdk.jmh.Main", f"CallCost.{benchmark}$", "-f", "1", "-wi", "3", "-w", "1",
                       "-i", "5", "-r", "1", "-jvm", java, "-rf", "json", "-rff", str(out)]
            if args:
                command += ["-jvmArgsAppend", args]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            scores[name].append(json.loads(out.read_text())[0]["primaryMetric"]["score"])
    bases = {"bare17": statistics.median(scores["bare, JDK 17"]), "bare25": statistics.median(scores["bare, JDK 25"])}
    sonde_added = {"bare17": statistics.median(scores["Sonde, JDK 17"]) - bases["bare17"],
                   "bare25": statistics.median(scores["Sonde, JDK 25"]) - bases["bare25"]}
    lines = ["| what runs the hot method | ns per call: median (min–max) | added to bare, ns | × bare |"
             " × Sonde's added cost |", "|---|---|---|---|---|"]
    for name, _, _, _, base in contenders:
        values = scores[name]
        median = statistics.median(values)
        if base is None or name.startswith("bare"):
            lines.append(f"| {name} | {median_range(values)} |  |  |  |")
            continue
        added = median - bases[base]
        relative = "" if name.startswith("Sonde loaded") else f"{added / sonde_added[base]:.1f}"
        lines.append(f"| {name} | {median_range(values)} | {added:.1f} | {median / bases[base]:.1f} | {relative} |")
    return lines, scores


# ---------------------------------------------------------------------------------------------- 2
def startup(runs, work):
    classes = work / "hello"
    classes.mkdir()
    (classes / "Hello.java").write_text(
        'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n')
    subprocess.run([str(Path(JAVA17).with_name("javac")), "-d", str(classes), str(classes / "Hello.java")], check=True)
    hello = ["-cp", str(classes), "Hello"]
    glow = glowroot("startup", [])
    contenders = [
        ("bare, JDK 17", [JAVA17] + hello),
        ("Sonde, JDK 17", [JAVA17, f"-javaagent:{SONDE}=time=nothing.Matches#this,report.dir={work / 'r'}"] + hello),
        ("OpenTelemetry 2.33.1, JDK 17", [JAVA17, f"-javaagent:{fetch(*OTEL)}"] + OTEL_QUIET + hello),
        ("Elastic APM 1.55.1, JDK 17", [JAVA17, f"-javaagent:{fetch(*ELASTIC)}"] + ELASTIC_QUIET + hello),
        ("Glowroot 0.14.0-beta.2, JDK 17", [JAVA17, glow] + hello),
        ("bare, JDK 25", [JAVA25] + hello),
        ("Sonde, JDK 25", [JAVA25, f"-javaagent:{SONDE}=time=nothing.Matches#this,report.dir={work / 'r'}"] + hello),
        ("JFR method timing, JDK 25",
         [JAVA25, f"-XX:StartFlightRecording:method-timing=nothing.Matches::this,filename={work / 's.jfr'}"] + hello),
    ]
    return measured_table(contenders, runs, {"JDK 17": "bare, JDK 17", "JDK 25": "bare, JDK 25"}, "startup")


def measured_table(contenders, runs, bases, what):
    results = {name: {"wall": [], "cpu": [], "rss": []} for name, _ in contenders}
    for run in range(runs):
        for name, argv in contenders:
            log(f"{what} run {run + 1}/{runs}: {name}")
            wall, cpu, rss = measure.run_once(argv)
            results[name]["wall"].append(wall)
            results[name]["cpu"].append(cpu)
            results[name]["rss"].append(rss)
    lines = ["| JVM | wall ms: median (min–max) | × bare | CPU ms: median (min–max) | × bare |"
             " peak RSS MiB: median (min–max) | + bare |", "|---|---|---|---|---|---|---|"]
    for name, _ in contenders:
        base = results[bases["JDK 25" if "JDK 25" in name else "JDK 17"]]
        r = results[name]
        bare = name.startswith("bare")
        cells = [median_range(r["wall"], "{:.0f}"),
                 "" if bare else f"{statistics.median(r['wall']) / statistics.median(base['wall']):.2f}",
                 median_range(r["cpu"], "{:.0f}"),
                 "" if bare else f"{statistics.median(r['cpu']) / statistics.median(base['cpu']):.2f}",
                 median_range(r["rss"], "{:.0f}"),
                 "" if bare else f"{statistics.median(r['rss']) - statistics.median(base['rss']):+.0f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


# ---------------------------------------------------------------------------------------------- 3
def workload(runs, work):
    ecj = fetch(*ECJ)
    sources = CACHE / "ecj-src"
    if not sources.exists():
        subprocess.run(["unzip", "-q", str(fetch(*ECJ_SOURCES)), "-d", str(sources)], check=True)
    tree = sources / "org" / "eclipse" / "jdt" / "internal" / "compiler" / "ast"
    compile_args = ["-jar", str(ecj), "-17", "-nowarn", "-d", "none", "-cp", str(ecj), str(tree)]
    listing = [JAVA17, "-cp", str(BENCH), "dev.sonde.benchmarks.PackageMethods", str(ecj), PACKAGE]
    otel_methods = subprocess.run(listing + ["otel"], check=True, capture_output=True, text=True).stdout.strip()
    jfr_classes = subprocess.run(listing + ["jfr"], check=True, capture_output=True, text=True).stdout.strip()
    class_names = jfr_classes.split(";")
    glow = glowroot("workload", [
        {"className": "org.eclipse.jdt.internal.compiler.batch.Main", "methodName": "compile",
         "methodParameterTypes": [".."], "captureKind": "transaction", "transactionType": "Background",
         "transactionNameTemplate": "compile", "timerName": "compile"}] + [
        {"className": name, "methodName": "*", "methodParameterTypes": [".."], "captureKind": "timer",
         "timerName": name.rsplit(".", 1)[1]} for name in class_names])
    reports = work / "workload-reports"
    sonde = f"-javaagent:{SONDE}=time={PACKAGE}.**,report.table=false,report.dir={reports}"
    contenders = [
        ("bare, JDK 17", [JAVA17] + compile_args),
        ("Sonde, JDK 17", [JAVA17, sonde] + compile_args),
        ("OpenTelemetry 2.33.1, JDK 17", [JAVA17, f"-javaagent:{fetch(*OTEL)}",
                                           f"-Dotel.instrumentation.methods.include={otel_methods}"]
         + OTEL_QUIET + compile_args),
        ("Elastic APM 1.55.1, JDK 17", [JAVA17, f"-javaagent:{fetch(*ELASTIC)}",
                                        f"-Delastic.apm.trace_methods={PACKAGE}.*#*"] + ELASTIC_QUIET + compile_args),
        ("Glowroot 0.14.0-beta.2, JDK 17", [JAVA17, glow] + compile_args),
        ("bare, JDK 25", [JAVA25] + compile_args),
        ("Sonde, JDK 25", [JAVA25, sonde] + compile_args),
        ("JFR method timing, JDK 25",
         [JAVA25, f"-XX:StartFlightRecording:method-timing={jfr_classes},filename={work / 'w.jfr'}"] + compile_args),
    ]
    table = measured_table(contenders, runs, {"JDK 17": "bare, JDK 17", "JDK 25": "bare, JDK 25"}, "workload")
    return table, len(class_names), tree.relative_to(sources)


# ---------------------------------------------------------------------------------------------- 4
def iso_seconds(text):
    """Seconds of an ISO-8601 duration as jfr prints it; None for JFR's sentinel of a method never called."""
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", text)
    if match is None:
        return None
    hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def run_ecj_probed(work, name, sonde, jfr):
    """Runs ecj on JDK 25 with Sonde and/or JFR method timing on the agreement methods; returns
    {(class, method, descriptor): (count, mean ns)} for each probe that ran."""
    ecj = fetch(*ECJ)
    tree = CACHE / "ecj-src" / "org" / "eclipse" / "jdt" / "internal" / "compiler" / "ast"
    reports = work / f"agreement-{name}"
    recording = work / f"agreement-{name}.jfr"
    command = [JAVA25]
    if sonde:
        selectors = ";".join(f"{c}#{m}" for c, m in AGREEMENT_METHODS)
        command.append(f"-javaagent:{SONDE}=time={selectors},report.table=false,report.dir={reports}")
    if jfr:
        command.append("-XX:StartFlightRecording:method-timing=" + ";".join(f"{c}::{m}" for c, m in AGREEMENT_METHODS)
                       + f",filename={recording}")
    log(f"agreement run: {name}")
    subprocess.run(command + ["-jar", str(ecj), "-17", "-nowarn", "-d", "none", "-cp", str(ecj), str(tree)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    by_sonde, by_jfr = {}, {}
    if sonde:
        for m in json.loads(next(reports.glob("sonde-*.json")).read_text())["methods"]:
            # the measured time, as JFR's is: Sonde's reported time has its own calibrated cost taken out
            total = m.get("rawTotalNanos", m["totalNanos"])
            by_sonde[(m["class"], m["method"], m["descriptor"])] = (m["count"], total / m["count"])
    if jfr:
        printed = subprocess.run([str(Path(JAVA25).with_name("jfr")), "print", "--json", "--events",
                                  "jdk.MethodTiming", str(recording)], check=True, capture_output=True, text=True).stdout
        for event in json.loads(printed)["recording"]["events"]:
            values = event["values"]
            method = values["method"]
            average = iso_seconds(values["average"])
            if values["invocations"] == 0 or average is None:
                continue
            key = (method["type"]["name"].replace("/", "."), method["name"], method["descriptor"])
            if key not in by_jfr or values["invocations"] >= by_jfr[key][0]:
                by_jfr[key] = (values["invocations"], average * 1e9)
    return by_sonde, by_jfr


def agreement(work):
    sonde, jfr = run_ecj_probed(work, "together", True, True)
    sonde_alone, _ = run_ecj_probed(work, "sonde-alone", True, False)
    _, jfr_alone = run_ecj_probed(work, "jfr-alone", False, True)
    lines = ["| method | Sonde: count | JFR: count | Sonde: mean | JFR: mean | difference | Sonde alone: mean"
             " | JFR alone: mean |", "|---|---|---|---|---|---|---|---|"]
    worst = 0.0
    counts_equal = True
    for key in sorted(sonde):
        if key not in jfr:
            continue
        count, mean = sonde[key]
        jfr_count, jfr_mean = jfr[key]
        difference = (mean - jfr_mean) / jfr_mean * 100
        if jfr_mean >= 10_000 and count >= 1_000:
            worst = max(worst, abs(difference))
        counts_equal &= count == jfr_count
        name = f"`{key[0].rsplit('.', 1)[1]}#{key[1]}({simple_arguments(key[2])})`"
        alone = [fmt_ns(sonde_alone[key][1]) if key in sonde_alone else "", fmt_ns(jfr_alone[key][1]) if key in jfr_alone else ""]
        lines.append(f"| {name} | {count} | {jfr_count} | {fmt_ns(mean)} | {fmt_ns(jfr_mean)} | {difference:+.1f}% |"
                     f" {alone[0]} | {alone[1]} |")
    return lines, counts_equal, worst


def simple_arguments(descriptor):
    """'(Lpkg/A;I[J)V' -> 'A, int, long[]'."""
    primitives = {"Z": "boolean", "B": "byte", "C": "char", "S": "short", "I": "int", "J": "long", "F": "float",
                  "D": "double"}
    names = []
    for dims, reference, primitive in re.findall(r"(\[*)(?:L([^;]+);|([ZBCSIJFD]))", descriptor[1:descriptor.index(")")]):
        base = reference.rsplit("/", 1)[-1] if reference else primitives[primitive]
        names.append(base + "[]" * len(dims))
    return ", ".join(names)


def fmt_ns(nanos):
    if nanos < 1e3:
        return f"{nanos:.0f} ns"
    if nanos < 1e6:
        return f"{nanos / 1e3:.2f} µs"
    return f"{nanos / 1e6:.2f} ms"


# ----------------------------------------------------------------------------------------------
HELLO_SERVER = """
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

public class HelloServer {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 128);
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        server.createContext("/hello", exchange -> {
            exchange.sendResponseHeaders(200, hello.length);
            exchange.getResponseBody().write(hello);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("ready");
        System.out.flush();
    }
}
"""


def free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wrk_run(port, seconds, path, pinned=()):
    """wrk's requests per second and number of requests; pinned: a command line prefix (taskset) or none."""
    out = subprocess.run(list(pinned) + ["wrk", "-t1", "-c4", f"-d{seconds}s", f"http://127.0.0.1:{port}{path}"],
                         check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw failed requests:\n{out}")
    return (float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1)),
            int(re.search(r"([0-9]+) requests in", out).group(1)))


def wrk_rate(port, seconds):
    return wrk_run(port, seconds, "/hello")[0]


def cpu_seconds(pid):
    """User plus system CPU time of a process so far, from /proc (clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def requests(rounds, work):
    """A hello endpoint on the JDK's HTTP server under wrk (1 thread, 4 connections, 8 s warm-up, 10 s
    measured), each contender in a JVM of its own, alternating; the added cost per request is the
    difference of the time per request (1 / throughput) to the bare JVM's, in the same round."""
    (work / "HelloServer.java").write_text(HELLO_SERVER)
    classes = work / "hello"
    subprocess.run(["javac", "-d", str(classes), str(work / "HelloServer.java")], check=True)
    glow = glowroot("requests", [])
    contenders = [
        ("bare", []),
        ("Sonde (instrument=all)", [f"-javaagent:{SONDE}=instrument=all,report.dir={work / 'reports'}"]),
        ("OpenTelemetry 2.33.1", [f"-javaagent:{fetch(*OTEL)}"] + OTEL_QUIET),
        ("Elastic APM 1.55.1", [f"-javaagent:{fetch(*ELASTIC)}"] + ELASTIC_QUIET),
        ("Glowroot 0.14.0-beta.2", [glow]),
    ]
    rates = {name: [] for name, _ in contenders}
    for round_number in range(rounds):
        for name, agent in contenders:
            port = free_port()
            # without TCP_NODELAY the JDK's server waits for delayed ACKs: some 90 requests a second
            server = subprocess.Popen([JAVA17] + agent + ["-Dsun.net.httpserver.nodelay=true", "-cp", str(classes),
                                                          "HelloServer", str(port)],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            try:
                for line in server.stdout:  # an agent may print before the server does
                    if line.strip() == "ready":
                        break
                else:
                    raise RuntimeError(f"{name}: the server did not start")
                wrk_rate(port, 8)
                rate = wrk_rate(port, 10)
            finally:
                server.terminate()
                server.wait(timeout=60)
            rates[name].append(rate)
            log(f"requests round {round_number + 1}: {name} {rate:.0f}/s")
    lines = ["| contender | requests/s: median (min–max) | µs a request | added µs a request (median of rounds) |",
             "|---|---|---|---|"]
    for name, _ in contenders:
        added = [1e6 / mine - 1e6 / bare for mine, bare in zip(rates[name], rates["bare"])]
        lines.append(f"| {name} | {median_range(rates[name], '{:.0f}')} | {1e6 / statistics.median(rates[name]):.1f}"
                     f" | {'' if name == 'bare' else f'{statistics.median(added):+.1f}'} |")
    return lines


def thread_time(rounds, work):
    """What thread times and sampling cost a request: the hello endpoint of --requests, the server pinned to
    core 1 and wrk to core 0 (as --jetty), 20 s warm-up, 10 s measured; the server's own CPU time a request
    (from /proc) for the bare JVM, Sonde with its defaults (thread times and samples on), Sonde with both off,
    and Glowroot (which samples transactions' stacks and reads their threads' CPU time too); alternating."""
    (work / "HelloServer.java").write_text(HELLO_SERVER)
    classes = work / "hello"
    subprocess.run(["javac", "-d", str(classes), str(work / "HelloServer.java")], check=True)
    pin = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2
    server_pin = ["taskset", "-c", "1"] if pin else []
    client_pin = ["taskset", "-c", "0"] if pin else []
    glow = glowroot("thread-time", [])
    contenders = [
        ("bare", []),
        ("Sonde (defaults: thread times, samples every 20 ms)", [f"-javaagent:{SONDE}=report.dir={work / 'reports'}"]),
        ("Sonde (thread times only: requests.sample.period=0)",
         [f"-javaagent:{SONDE}=report.dir={work / 'reports'},requests.sample.period=0"]),
        ("Sonde (samples only: requests.thread.times=false)",
         [f"-javaagent:{SONDE}=report.dir={work / 'reports'},requests.thread.times=false"]),
        ("Sonde (requests.thread.times=false, requests.sample.period=0)",
         [f"-javaagent:{SONDE}=report.dir={work / 'reports'},requests.thread.times=false,requests.sample.period=0"]),
        ("Glowroot 0.14.0-beta.2", [glow]),
    ]
    rates = {name: [] for name, _ in contenders}
    cpu = {name: [] for name, _ in contenders}
    for round_number in range(rounds):
        for name, agent in contenders:
            port = free_port()
            server = subprocess.Popen(server_pin + [JAVA17] + agent
                                      + ["-Dsun.net.httpserver.nodelay=true", "-cp", str(classes), "HelloServer", str(port)],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            try:
                for line in server.stdout:
                    if line.strip() == "ready":
                        break
                else:
                    raise RuntimeError(f"{name}: the server did not start")
                wrk_run(port, 20, "/hello", client_pin)
                before = cpu_seconds(server.pid)
                rate, count = wrk_run(port, 10, "/hello", client_pin)
                used = cpu_seconds(server.pid) - before
            finally:
                server.terminate()
                server.wait(timeout=60)
            rates[name].append(rate)
            cpu[name].append(1e6 * used / count)
            log(f"thread-time round {round_number + 1}: {name} {rate:.0f}/s, {1e6 * used / count:.2f} µs CPU a request")
    lines = ["| contender | requests/s: median (min–max) | server CPU µs a request: median (min–max) |"
             " added CPU a request (median of rounds) |",
             "|---|---|---|---|"]
    for name, _ in contenders:
        added = [mine - bare for mine, bare in zip(cpu[name], cpu["bare"])]
        lines.append(f"| {name} | {median_range(rates[name], '{:.0f}')} | {median_range(cpu[name], '{:.2f}')} |"
                     f" {'' if name == 'bare' else f'{statistics.median(added):+.2f} µs'} |")
    return lines


JETTY_JARS = [
    ("org.eclipse.jetty.ee10:jetty-ee10-servlet:12.1.14", "jetty-ee10-servlet-12.1.14.jar"),
    ("jakarta.servlet:jakarta.servlet-api:6.0.0", "jakarta.servlet-api-6.0.0.jar"),
    ("org.eclipse.jetty:jetty-security:12.1.14", "jetty-security-12.1.14.jar"),
    ("org.eclipse.jetty:jetty-server:12.1.14", "jetty-server-12.1.14.jar"),
    ("org.eclipse.jetty:jetty-http:12.1.14", "jetty-http-12.1.14.jar"),
    ("org.eclipse.jetty:jetty-util:12.1.14", "jetty-util-12.1.14.jar"),
    ("org.eclipse.jetty:jetty-io:12.1.14", "jetty-io-12.1.14.jar"),
    ("org.eclipse.jetty:jetty-session:12.1.14", "jetty-session-12.1.14.jar"),
    ("org.slf4j:slf4j-api:2.0.17", "slf4j-api-2.0.17.jar"),
    ("com.h2database:h2:2.5.252", "h2-2.5.252.jar"),
    ("redis.clients:jedis:8.0.2", "jedis-8.0.2.jar"),
    ("org.apache.commons:commons-pool2:2.13.1", "commons-pool2-2.13.1.jar"),
]

JETTY_SERVER = """
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * GET /item/N: 3 SQL queries (H2 in memory, a connection per Jetty thread; queries only, so that the
 * requests do not wait on each other's row locks) and 1 Redis GET.
 */
public class JettyShop {
    static final String URL = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";
    static final ThreadLocal<Connection> CONNECTION = ThreadLocal.withInitial(() -> {
        try {
            return DriverManager.getConnection(URL);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    });
    static JedisPool redis;

    public static class Item extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getPathInfo();
            int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)) % 100;
            StringBuilder body = new StringBuilder();
            try {
                Connection db = CONNECTION.get();
                try (PreparedStatement item = db.prepareStatement("SELECT name, price FROM item WHERE id = ?")) {
                    item.setInt(1, id);
                    try (ResultSet rows = item.executeQuery()) {
                        rows.next();
                        body.append(rows.getString(1)).append(' ').append(rows.getInt(2));
                    }
                }
                try (PreparedStatement stock = db.prepareStatement("SELECT quantity FROM stock WHERE item = ?")) {
                    stock.setInt(1, id);
                    try (ResultSet rows = stock.executeQuery()) {
                        rows.next();
                        body.append(' ').append(rows.getInt(1));
                    }
                }
                try (PreparedStatement cheaper = db.prepareStatement("SELECT count(*) FROM item WHERE price < ?")) {
                    cheaper.setInt(1, id);
                    try (ResultSet rows = cheaper.executeQuery()) {
                        rows.next();
                        body.append(' ').append(rows.getInt(1));
                    }
                }
            } catch (SQLException e) {
                throw new IOException(e);
            }
            try (Jedis jedis = redis.getResource()) {
                body.append(' ').append(jedis.get("item:" + id + ":label"));
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    public static void main(String[] args) throws Exception {
        try (Connection db = DriverManager.getConnection(URL); Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(40), price INT, views INT)");
            statement.execute("CREATE TABLE stock (item INT PRIMARY KEY, quantity INT)");
            for (int i = 0; i < 100; i++) {
                statement.execute("INSERT INTO item VALUES (" + i + ", 'item " + i + "', " + i + ", 0)");
                statement.execute("INSERT INTO stock VALUES (" + i + ", " + (i * 3) + ")");
            }
        }
        redis = new JedisPool("127.0.0.1", Integer.parseInt(args[1]));
        try (Jedis jedis = redis.getResource()) {
            for (int i = 0; i < 100; i++) {
                jedis.set("item:" + i + ":label", "label " + i);
            }
        }
        QueuedThreadPool threads = new QueuedThreadPool(8, 8);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(Item.class, "/item/*");
        server.setHandler(context);
        server.start();
        System.out.println("ready");
        System.out.flush();
    }
}
"""


def jetty(rounds, work):
    """The Jetty shop under wrk (1 thread, 4 connections, 40 s warm-up, 10 s measured), each contender in a
    JVM of its own, alternating. On two cores shared by wrk, Redis and the server, the rate swings by a
    fifth from run to run, bare against bare; the server's own CPU time a request (from /proc, over the
    measured 10 s) much less, the more so with the server on a core of its own and wrk and Redis on the
    other (taskset, when there are two cores or more): the cost is each contender's CPU a request against
    the bare JVM's in the same round, and the throughput a CPU-bound server would lose is 1 - bare /
    contender. A redis-server of the script's own on a free loopback port, started once."""
    jars = [fetch(*artifact) for artifact in JETTY_JARS]
    class_path = os.pathsep.join(str(jar) for jar in jars)
    (work / "JettyShop.java").write_text(JETTY_SERVER)
    classes = work / "jetty"
    subprocess.run(["javac", "-cp", class_path, "-d", str(classes), str(work / "JettyShop.java")], check=True)
    redis_port = free_port()
    redis_dir = work / "redis"
    redis_dir.mkdir()
    # the server on a core of its own, wrk and Redis on the other: its CPU time a request is then steadier
    pin = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2
    server_pin = ["taskset", "-c", "1"] if pin else []
    client_pin = ["taskset", "-c", "0"] if pin else []
    redis_server = subprocess.Popen(client_pin + ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                     "--appendonly", "no", "--dir", str(redis_dir)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    glow = glowroot("jetty", [])
    contenders = [
        ("bare", []),
        ("Sonde (defaults: every unit)", [f"-javaagent:{SONDE}=report.dir={work / 'reports'}"]),
        ("OpenTelemetry 2.33.1", [f"-javaagent:{fetch(*OTEL)}"] + OTEL_QUIET),
        ("Elastic APM 1.55.1", [f"-javaagent:{fetch(*ELASTIC)}"] + ELASTIC_QUIET),
        ("Glowroot 0.14.0-beta.2", [glow]),
    ]
    rates = {name: [] for name, _ in contenders}
    cpu = {name: [] for name, _ in contenders}
    try:
        for round_number in range(rounds):
            for name, agent in contenders:
                port = free_port()
                server = subprocess.Popen(server_pin + [JAVA17] + agent
                                          + ["-cp", str(classes) + os.pathsep + class_path,
                                             "JettyShop", str(port), str(redis_port)],
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                try:
                    for line in server.stdout:
                        if line.strip() == "ready":
                            break
                    else:
                        raise RuntimeError(f"{name}: the server did not start")
                    # the JIT compiles until some 25 s into the load, bare or not (-XX:+PrintCompilation): its
                    # threads share the server's core, and their CPU would count as the server's
                    wrk_run(port, 40, "/item/7", client_pin)
                    before = cpu_seconds(server.pid)
                    rate, count = wrk_run(port, 10, "/item/7", client_pin)
                    used = cpu_seconds(server.pid) - before
                finally:
                    server.terminate()
                    server.wait(timeout=60)
                rates[name].append(rate)
                cpu[name].append(1e6 * used / count)
                log(f"jetty round {round_number + 1}: {name} {rate:.0f}/s, {1e6 * used / count:.1f} µs CPU a request")
    finally:
        redis_server.terminate()
        redis_server.wait(timeout=60)
    lines = [("The server on core 1, wrk and Redis on core 0." if pin else "The server, wrk and Redis on the same cores."),
             "",
             "| contender | requests/s: median (min–max) | server CPU µs a request: median (min–max) |"
             " added CPU a request (median of rounds) | throughput lost, as CPU (median of rounds) |",
             "|---|---|---|---|---|"]
    for name, _ in contenders:
        added = [mine - bare for mine, bare in zip(cpu[name], cpu["bare"])]
        lost = [100 * (1 - bare / mine) for mine, bare in zip(cpu[name], cpu["bare"])]
        lines.append(f"| {name} | {median_range(rates[name], '{:.0f}')} | {median_range(cpu[name])} |"
                     f" {'' if name == 'bare' else f'{statistics.median(added):+.1f} µs'} |"
                     f" {'' if name == 'bare' else f'{statistics.median(lost):+.1f} %'} |")
    return lines


def main():
    if "--thread-time" in sys.argv:
        with tempfile.TemporaryDirectory() as temp:
            lines = thread_time(1 if "--quick" in sys.argv else 3, Path(temp))
        print("\n".join(lines))
        return
    if "--requests" in sys.argv:
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="sonde-requests") as temp:
            lines = requests(1 if "--quick" in sys.argv else 3, Path(temp))
        print(f"{version(JAVA17)}; wrk -t1 -c4, 8 s warm-up, 10 s measured")
        print("\n".join(lines))
        return
    if "--jetty" in sys.argv:
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="sonde-jetty") as temp:
            lines = jetty(1 if "--quick" in sys.argv else 3, Path(temp))
        print(f"{version(JAVA17)}; wrk -t1 -c4, 40 s warm-up, 10 s measured; GET /item/7: 3 SQL queries, 1 Redis GET")
        print("\n".join(lines))
        return
    if "--agreement" in sys.argv:
        # only the agreement with JFR method timing, printed rather than written into BENCHMARKS.md
        fetch(*ECJ)
        sources = CACHE / "ecj-src"
        if not sources.exists():
            subprocess.run(["unzip", "-q", str(fetch(*ECJ_SOURCES)), "-d", str(sources)], check=True)
        with tempfile.TemporaryDirectory(prefix="sonde-agreement") as temp:
            lines, counts_equal, worst = agreement(Path(temp))
        print("\n".join(lines))
        print(f"\ncounts {'are equal' if counts_equal else 'DIFFER'}; largest difference of the means of methods"
              f" called 1,000 times or more with a mean of 10 µs or more: {worst:.1f}%")
        return
    quick = "--quick" in sys.argv
    rounds, startup_runs, workload_runs = (1, 3, 1) if quick else (3, 11, 3)
    for required in (SONDE, BENCH):
        if not required.exists():
            sys.exit(f"missing {required}: run 'mvn -B -DskipTests package' first")
    if not Path(JAVA25).exists():
        sys.exit(f"no JDK 25 at {JAVA25}; set JAVA25 to its java")
    CACHE.mkdir(parents=True, exist_ok=True)
    for artifact in (OTEL, ELASTIC, GLOWROOT, ECJ, ECJ_SOURCES):
        fetch(*artifact)
    with tempfile.TemporaryDirectory(prefix="sonde-compare") as temp:
        work = Path(temp)
        per_call_lines, _ = per_call(rounds, work)
        startup_lines = startup(startup_runs, work)
        workload_lines, classes, tree = workload(workload_runs, work)
        agreement_lines, counts_equal, worst = agreement(work)
    command = "benchmarks/compare.sh" + (" --quick" if quick else "")
    section = "\n".join([
        "<!-- compare:begin (written by benchmarks/compare.sh; edit the script, not this section) -->",
        f"Written by `{command}` on {datetime.date.today().isoformat()}: {platform.node() or 'this machine'},"
        f" {os.cpu_count()} CPUs, {platform.system()} {platform.release()};",
        f"{version(JAVA17)}; {version(JAVA25)}. Contenders alternate run by run; medians, with min–max over"
        f" the runs.",
        "",
        f"### Per call: timing one hot method ({rounds} rounds of JMH, 3 × 1 s warm-up, 5 × 1 s measured)",
        "",
        "`bench.Target#timed` is selected in each contender's own way: Sonde `time=bench.Target#timed`,",
        "OpenTelemetry `otel.instrumentation.methods.include=bench.Target[timed]` (exporters off), Elastic",
        "`trace_methods=bench.Target#timed` (sending off), Glowroot an instrumentation entry capturing a",
        "transaction, JFR `-XX:StartFlightRecording:method-timing=bench.Target::timed`. \"Bare\" runs the",
        "untimed twin with no agent.",
        "",
    ] + per_call_lines + [
        "",
        f"### Start-up of a hello-world JVM ({startup_runs} runs each)",
        "",
        "Sonde and JFR with a selector that matches nothing; the APM agents with their defaults (OpenTelemetry",
        "exporters off, Elastic sending off, Glowroot pointed at a collector port where nothing listens).",
        "",
    ] + startup_lines + [
        "",
        f"### A real program: ecj compiling `{tree}` of its own source ({workload_runs} runs each)",
        "",
        f"Every method of the {classes} concrete classes of `{PACKAGE}` is timed: Sonde `{PACKAGE}.**`,",
        f"Elastic `{PACKAGE}.*#*`, OpenTelemetry and JFR an explicit list of the same classes (neither selects a",
        "package), Glowroot a timer on each class under a transaction around the compilation. Peak RSS here",
        "mostly follows G1's heap sizing for this allocation-heavy program (the default maximum heap is a",
        "quarter of the machine's memory), not the probes' own data.",
        "",
    ] + workload_lines + [
        "",
        "### Agreement with JFR method timing (JDK 25, the same run)",
        "",
        "ecj as above, with Sonde and JFR method timing selecting the same methods in one JVM.",
        "",
    ] + agreement_lines + [
        "",
        f"Counts {'are equal' if counts_equal else 'DIFFER'}. For methods called at least 1,000 times with a mean of"
        f" 10 µs or more, the means differ by at most {worst:.1f}% (tolerance: 2%). A method called a few times can"
        " differ more: a one-off cost (a probe's lazy initialisation inside its own window) weighs on a short"
        " series. For a method of a few hundred nanoseconds, the probe whose window is outermost also times the"
        " other's instrumentation; the last two columns give each probe's figure in a run of its own.",
        "<!-- compare:end -->",
    ])
    target = ROOT / "BENCHMARKS.md"
    text = target.read_text()
    begin = text.index("<!-- compare:begin")
    end = text.index("<!-- compare:end -->") + len("<!-- compare:end -->")
    target.write_text(text[:begin] + section + text[end:])
    log(f"wrote the comparison into {target}")


if __name__ == "__main__":
    main()
