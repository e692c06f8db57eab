#!/usr/bin/env python3
"""Whole-program timing cost on three more programs from Maven Central, each with its whole compiler or
interpreter selected, three iterations in one JVM (DaCapo-style harnesses in benchmarks.jar):

  scalac  the Scala 2.13 compiler (scala.tools.nsc.** and scala.reflect.internal.**, the compiler's
          symbols and types) compiling the sources of scala-parser-combinators 2.4.0;
  kotlinc the Kotlin compiler, embeddable (org.jetbrains.kotlin.**, with the IntelliJ platform it
          bundles) compiling the sources of KotlinPoet 2.2.0 (common and JVM parts);
  jython  Jython 2.7.4 (org.python.**) running benchmarks/src/main/resources/jython/workload.py, its
          checksum checked against CPython's for the same file.

Bare and under the probe with its tiers (the default) and with every method counted first
(time.counted=true). Contenders alternate round by round; per program a table of the median total and
last iteration (the JIT warm), each with its range and its ratio to bare, and what the probe timed.
JFR method timing is not a contender: it selects classes, methods or annotations, not packages.

    benchmarks/scripts/compilers.py [ROUNDS] [PROGRAM…]     (default 2 rounds, all three; JAVA picks the JVM)

Needs agent/target/sonde.jar and benchmarks/target/benchmarks.jar (mvn -B -DskipTests package), and
python3 for Jython's checksum.
"""
import os
import runpy
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402  (same folder: fetch and the cache)
from wholeprogram import run  # noqa: E402  (the harnesses print alike)

JAVA = os.environ.get("JAVA", shutil.which("java") or "java")
ITERATIONS = 3
SCALA = [("org.scala-lang:scala-compiler:2.13.18", "scala-compiler-2.13.18.jar"),
         ("org.scala-lang:scala-library:2.13.18", "scala-library-2.13.18.jar"),
         ("org.scala-lang:scala-reflect:2.13.18", "scala-reflect-2.13.18.jar")]
PARSER_COMBINATORS = ("org.scala-lang.modules:scala-parser-combinators_2.13:2.4.0:jar:sources",
                      "scala-parser-combinators_2.13-2.4.0-sources.jar")
# the embeddable compiler and what it depends on, at the versions its pom names
KOTLIN = [("org.jetbrains.kotlin:kotlin-compiler-embeddable:2.4.21", "kotlin-compiler-embeddable-2.4.21.jar"),
          ("org.jetbrains.kotlin:kotlin-stdlib:2.4.21", "kotlin-stdlib-2.4.21.jar"),
          ("org.jetbrains.kotlin:kotlin-script-runtime:2.4.21", "kotlin-script-runtime-2.4.21.jar"),
          ("org.jetbrains.kotlin:kotlin-daemon-embeddable:2.4.21", "kotlin-daemon-embeddable-2.4.21.jar"),
          ("org.jetbrains.kotlin:kotlin-build-tools-api:2.4.21", "kotlin-build-tools-api-2.4.21.jar"),
          ("org.jetbrains.kotlin:kotlin-reflect:1.6.10", "kotlin-reflect-1.6.10.jar"),
          ("org.jetbrains.kotlinx:kotlinx-coroutines-core-jvm:1.8.0", "kotlinx-coroutines-core-jvm-1.8.0.jar"),
          ("org.jetbrains:annotations:13.0", "annotations-13.0.jar")]
KOTLINPOET = ("com.squareup:kotlinpoet-jvm:2.2.0:jar:sources", "kotlinpoet-jvm-2.2.0-sources.jar")
JYTHON = ("org.python:jython-standalone:2.7.4", "jython-standalone-2.7.4.jar")
WORKLOAD = compare.ROOT / "benchmarks" / "src" / "main" / "resources" / "jython" / "workload.py"


def unpacked(coordinates, suffix):
    """The source files (ending in suffix) of a sources jar, unpacked once into the cache; sorted."""
    jar = compare.fetch(*coordinates)
    tree = compare.CACHE / (jar.stem + "-src")
    if not tree.exists():
        with zipfile.ZipFile(jar) as archive:
            for name in archive.namelist():
                if name.endswith(suffix):
                    archive.extract(name, tree)
    return sorted(str(path) for path in tree.rglob("*" + suffix)), tree


def classpath(artifacts):
    return os.pathsep.join([str(compare.BENCH)] + [str(compare.fetch(*artifact)) for artifact in artifacts])


def scalac(out):
    files, _ = unpacked(PARSER_COMBINATORS, ".scala")
    library = str(compare.fetch(*SCALA[1]))
    return ([JAVA, "-cp", classpath(SCALA), "dev.sonde.benchmarks.ScalacHarness", str(ITERATIONS),
             "-classpath", library, "-nowarn", "-d", str(out)] + files,
            "scala.tools.nsc.**:scala.reflect.internal.**")


def kotlinc(out):
    files, tree = unpacked(KOTLINPOET, ".kt")
    common = [f for f in files if "/commonMain/" in f]
    jvm = [f for f in files if "/jvmMain/" in f]
    library = os.pathsep.join(str(compare.fetch(*KOTLIN[i])) for i in (1, 5))
    fragments = ",".join([f"common:{f}" for f in common] + [f"jvm:{f}" for f in jvm])
    return ([JAVA, "-cp", classpath(KOTLIN), "dev.sonde.benchmarks.KotlincHarness", str(ITERATIONS),
             "-no-stdlib", "-no-reflect", "-classpath", library, "-jvm-target", "17", "-nowarn",
             "-jvm-default=no-compatibility", "-Xmulti-platform", "-Xfragments=common,jvm",
             "-Xfragment-refines=jvm:common", f"-Xfragment-sources={fragments}", "-d", str(out)] + common + jvm,
            "org.jetbrains.kotlin.**")


def jython(out):
    checksum = runpy.run_path(str(WORKLOAD))["checksum"]
    return ([JAVA, "-cp", classpath([JYTHON]), "dev.sonde.benchmarks.JythonHarness", str(ITERATIONS), checksum],
            "org.python.**")


PROGRAMS = {"scalac": scalac, "kotlinc": kotlinc, "jython": jython}


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    chosen = sys.argv[2:] or list(PROGRAMS)
    work = Path(tempfile.mkdtemp(prefix="sonde-compilers-"))
    try:
        print(f"{rounds} rounds, {ITERATIONS} iterations each, {compare.version(JAVA)}")
        for program in chosen:
            out = work / (program + "-out")
            out.mkdir()
            harness, selector = PROGRAMS[program](out)
            folder = work / program
            folder.mkdir()
            contenders = [("bare", harness, None),
                          compare.probed(folder, harness, f"sonde {selector}", f"time={selector}"),
                          compare.probed(folder, harness, f"sonde {selector} time.counted=true",
                                         f"time={selector},time.counted=true")]
            results = compare.alternate(contenders, rounds, run,
                                        lambda total, last: f"{program}: total {total:.0f} ms, last {last:.0f} ms")
            print(f"\n{program}\n")
            compare.print_whole_program_table(contenders, results)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
