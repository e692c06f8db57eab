package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sonde run}: the command runs as without the probe, every JVM in it is probed, bad options stop it first. */
class RunCommandIT {

    private static final String JAVA = Jdks.all().get(0).java();
    private static final String CLASSES = Run.CLASSES.toString();

    @TempDir
    Path temp;

    @Test
    void runsTheCommandWithItsStandardStreamsAndReturnsItsExitStatus() {
        Path reports = temp.resolve("reports");
        Run run = Run.sonde(
                        reports,
                        "run",
                        "--time",
                        "acc.Echo#shout",
                        "--report-dir",
                        reports.toString(),
                        "--",
                        JAVA,
                        "-cp",
                        CLASSES,
                        "acc.Echo",
                        "3")
                .input("one\ntwo\n")
                .run()
                .assertProbeQuiet();

        assertEquals(3, run.exitCode);
        assertEquals("ONE\nTWO\n", run.stdout);
        assertTrue(run.stderr.contains("echo done\n"), run.stderr);
        assertEquals(List.of("acc.Echo#shout(Ljava/lang/String;)Ljava/lang/String;=2"), Run.counts(run.report()));
    }

    @Test
    void probesEveryJvmTheCommandStartsAndEveryJvmThoseStart() {
        Path reports = temp.resolve("reports");
        Run run = Run.sonde(
                        reports,
                        "run",
                        "--time=acc.Family#generation",
                        "--report-dir",
                        "reports",
                        "--",
                        JAVA,
                        "-cp",
                        CLASSES,
                        "acc.Family")
                .directory(temp)
                .run()
                .assertProbeQuiet();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals("generation 0\ngeneration 1\ngeneration 2\n", run.stdout);
        List<JsonNode> all = run.reports();
        assertEquals(3, all.size(), "one report per JVM, all in the one directory although the children ran elsewhere");
        Set<Long> pids = new HashSet<>();
        for (JsonNode report : all) {
            pids.add(report.get("pid").asLong());
            assertEquals(List.of("acc.Family#generation(I)I=1"), Run.counts(report));
        }
        assertEquals(3, pids.size());
    }

    @Test
    void worksFromAJarWhosePathHasASpace() throws IOException {
        Path spaced = Files.createDirectories(temp.resolve("my tools"));
        Path jar = Files.copy(Run.SONDE_JAR, spaced.resolve("sonde.jar"));
        Path reports = temp.resolve("reports");
        Run run = Run.command(
                        reports,
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "run",
                        "--time",
                        "acc.Hello#main",
                        "--report-dir",
                        reports.toString(),
                        "--",
                        JAVA,
                        "-cp",
                        CLASSES,
                        "acc.Hello")
                .run()
                .assertProbeQuiet();

        assertEquals("hello\n", run.stdout, run.stderr);
        assertEquals(List.of("acc.Hello#main([Ljava/lang/String;)V=1"), Run.counts(run.report()));
    }

    @Test
    void keepsWhatJavaToolOptionsAlreadyHeld() {
        Path reports = temp.resolve("reports");
        Run run = Run.sonde(
                        reports,
                        "run",
                        "--time",
                        "acc.Hello#main",
                        "--report-dir",
                        reports.toString(),
                        "--",
                        JAVA,
                        "-cp",
                        CLASSES,
                        "acc.Hello")
                .env("JAVA_TOOL_OPTIONS", "-Dacc.greeting=bonjour")
                .run();

        assertEquals("bonjour\n", run.stdout);
        assertEquals(List.of("acc.Hello#main([Ljava/lang/String;)V=1"), Run.counts(run.report()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "run --time acc..Echo#shout    | sonde run: --time acc..Echo#shout: malformed selector 'acc..Echo#shout': the class"
                        + " pattern 'acc..Echo' has an empty segment (at character 5)",
                "run --exclude acc.Echo#       | sonde run: --exclude acc.Echo#: malformed selector 'acc.Echo#': expected a method"
                        + " name after '#' (at character 10)",
                "run --tme acc.Echo#shout      | sonde run: unknown option '--tme'",
                "run --set colour=blue         | sonde run: unknown setting 'colour' in '--set colour=blue'",
                "run --set max.methods=many    | sonde run: --set max.methods=many: 'many' is not a whole number",
                "run --set=report.rows=0       | sonde run: --set report.rows=0: '0' is not between 1 and 2147483647",
                "run --config /no/such/file    | sonde run: --config /no/such/file: cannot read this file: there is no such file",
                "run --time=                   | sonde run: --time '': the value is empty",
                "run --report-dir=             | sonde run: --report-dir '': the value is empty",
                "trace --bytecode acc.Echo#shout --follow -1 | sonde trace: --follow -1: '-1' is not between 0 and 64",
                "trace --bytecode acc.Echo#shout --max-events= | sonde trace: --max-events '': the value is empty",
                "run --report-dir              | sonde run: option '--report-dir' needs a value",
                "run --instrument jdbc,redis   | sonde run: --instrument jdbc,redis: unknown name 'redis'; known: jdbc,"
                        + " jedis, lettuce, jdk-httpserver, servlet, netty-http, jdk-httpclient, httpurlconnection,"
                        + " apache-httpclient, okhttp, executors, all, none",
                "run --no-instrument=sevlet    | sonde run: --no-instrument sevlet: unknown name 'sevlet'; known: jdbc,"
                        + " jedis, lettuce, jdk-httpserver, servlet, netty-http, jdk-httpclient, httpurlconnection,"
                        + " apache-httpclient, okhttp, executors, all, none",
                "run --entry acc.Echo#         | sonde run: --entry acc.Echo#: malformed selector 'acc.Echo#': expected a"
                        + " method name after '#' (at character 10)",
            })
    void refusesABadOptionBeforeStartingTheCommandNamingItAsTyped(String options, String message) {
        Path reports = temp.resolve("reports");
        List<String> args = new java.util.ArrayList<>(List.of(options.split(" ")));
        if (!options.endsWith("--report-dir")) {
            args.addAll(List.of("--", JAVA, "-cp", CLASSES, "acc.Echo"));
        }
        Run run = Run.sonde(reports, args.toArray(new String[0]))
                .input("never read\n")
                .directory(temp)
                .run();

        assertEquals(2, run.exitCode, run.stderr);
        assertEquals(message + "\n", run.stderr, "the message alone; the command must not start");
        assertEquals("", run.stdout);
        assertFalse(Files.exists(reports));
        assertFalse(Files.exists(temp.resolve("sonde-reports")));
    }

    @Test
    void aBadSettingInheritedFromTheEnvironmentIsNamedByItsVariable() {
        Run run = Run.sonde(temp.resolve("reports"), "run", "--", JAVA, "-cp", CLASSES, "acc.Hello")
                .env("SONDE_REPORT_ROWS", "many")
                .run();

        assertEquals(2, run.exitCode, run.stderr);
        assertEquals(
                "sonde run: SONDE_REPORT_ROWS=many in the environment: 'many' is not a whole number\n", run.stderr);
        assertEquals("", run.stdout);
    }

    @Test
    void aSondeProbeAlreadyInJavaToolOptionsIsRemovedAndSaidWithItsArguments() throws IOException {
        Path renamed = Files.copy(Run.SONDE_JAR, temp.resolve("probe.jar"));
        String old = "-javaagent:" + renamed + "=time=acc.Echo#shout";
        Path reports = temp.resolve("reports");
        Run run = Run.sonde(
                        reports,
                        "run",
                        "--time",
                        "acc.Hello#main",
                        "--report-dir",
                        reports.toString(),
                        "--",
                        JAVA,
                        "-cp",
                        CLASSES,
                        "acc.Hello")
                .env("JAVA_TOOL_OPTIONS", "-Dacc.greeting=bonjour " + old)
                .directory(temp)
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals("bonjour\n", run.stdout, "the rest of JAVA_TOOL_OPTIONS is kept");
        assertTrue(
                run.stderr.contains("\nsonde run: removed '" + old + "' from JAVA_TOOL_OPTIONS: that probe's agent"
                        + " arguments 'time=acc.Echo#shout' would take precedence over the options of sonde run\n"),
                run.stderr);
        assertEquals(
                List.of("acc.Hello#main([Ljava/lang/String;)V=1"),
                Run.counts(run.report()),
                "the options of sonde run decide what is timed");
        assertFalse(run.stderr.contains("already active"), run.stderr);
        assertFalse(Files.exists(temp.resolve("sonde-reports")), "the launcher's own JVM wrote no report");
    }

    @Test
    void theLaunchersOwnJvmIsNeverProbed() {
        Path reports = temp.resolve("reports");
        Run run = Run.sonde(
                        reports,
                        "run",
                        "--time",
                        "acc.Hello#main",
                        "--report-dir",
                        reports.toString(),
                        "--",
                        JAVA,
                        "-cp",
                        CLASSES,
                        "acc.Hello")
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + Run.SONDE_JAR)
                .directory(temp)
                .run()
                .assertProbeQuiet();

        assertEquals("hello\n", run.stdout, run.stderr);
        assertEquals(List.of("acc.Hello#main([Ljava/lang/String;)V=1"), Run.counts(run.report()));
        assertFalse(Files.exists(temp.resolve("sonde-reports")), "the launcher's own JVM wrote no report");
    }

    @ParameterizedTest(name = "sonde {0} {1}")
    @CsvSource({"run, --help", "run, -h", "trace, --help", "trace, -h"})
    void runAndTraceAnswerHelpWithTheirUsage(String command, String help) {
        Run run = Run.sonde(temp.resolve("reports"), command, "--time", "a.B", help)
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.startsWith("usage: sonde " + command + " "), run.stdout);
        assertTrue(run.stdout.contains("--report-dir DIR"), run.stdout);
        assertEquals("", run.stderr);
    }

    @Test
    void refusesARunWithoutACommand() {
        Run run = Run.sonde(temp.resolve("reports"), "run", "--time", "acc.Echo#shout")
                .run();

        assertEquals(2, run.exitCode);
        assertTrue(
                run.stderr.contains("sonde run: no command given; usage: sonde run [options] -- COMMAND [ARGS...]"),
                run.stderr);
    }

    @Test
    void saysWhenTheCommandCannotStart() {
        Run run = Run.sonde(temp.resolve("reports"), "run", "--", "/no/such/program")
                .run();

        assertEquals(127, run.exitCode);
        assertTrue(run.stderr.contains("sonde run: cannot start '/no/such/program'"), run.stderr);
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, 143", "INT, 130"})
    void passesTheSignalOnAndReturnsTheCommandsStatus(String signal, int expectedStatus) throws Exception {
        Path reports = temp.resolve("reports");
        Process launcher = Run.sonde(
                        reports,
                        "run",
                        "--time",
                        "acc.Sleeper#nap",
                        "--report-dir",
                        reports.toString(),
                        "--",
                        JAVA,
                        "-cp",
                        CLASSES,
                        "acc.Sleeper")
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());

        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(launcher.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher ends when the command does");

        assertEquals(expectedStatus, launcher.exitValue());
        assertEquals("sleeper stopped", out.readLine(), "the command's own shutdown hook ran");
        JsonNode report = Run.command(reports, "true").run().report();
        assertEquals(List.of("acc.Sleeper#nap()V=1"), Run.counts(report));
    }

    static String read(Process process) throws IOException {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
