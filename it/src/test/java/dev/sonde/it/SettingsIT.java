package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings through their four sources, and what a misconfigured probe does: say so and let the program run. */
class SettingsIT {

    private static final Jdks.Jdk JDK = Jdks.all().get(0);

    @TempDir
    Path temp;

    @Test
    void unknownKeysAndBadValuesAreNamedAndTheProgramRunsOnWithTheValidSettings() {
        Run run = Run.probed(
                        JDK,
                        temp.resolve("reports"),
                        "time=acc.Counting#work,colour=blue,max.methods=lots,report.table=perhaps",
                        "acc.Counting")
                .run();

        assertEquals(0, run.exitCode);
        assertTrue(run.stdout.startsWith("sum="), run.stdout);
        assertTrue(
                run.stderr.contains(
                        "[sonde] unknown setting 'colour' in the agent arguments; known: report.dir, report.permissions"),
                run.stderr);
        assertTrue(
                run.stderr.contains("[sonde] ignoring setting 'max.methods' from the agent arguments: 'lots' is not"
                        + " a whole number; using the default '50000'"),
                run.stderr);
        assertTrue(
                run.stderr.contains("[sonde] ignoring setting 'report.table' from the agent arguments: 'perhaps' is"
                        + " neither true nor false"),
                run.stderr);
        assertEquals(List.of("acc.Counting#work(I)I=320000"), Run.counts(run.report()));
    }

    @Test
    void aMalformedSelectorIsNamedAndTheOthersStillApply() {
        Run run = Run.probed(
                        JDK, temp.resolve("reports"), "time=acc.Counting#work;acc..Counting#mayFail", "acc.Counting")
                .run();

        assertEquals(0, run.exitCode);
        assertTrue(
                run.stderr.contains(
                        "[sonde] ignoring a selector of setting 'time' from the agent arguments:"
                                + " malformed selector 'acc..Counting#mayFail': the class pattern 'acc..Counting' has an empty segment"),
                run.stderr);
        assertEquals(List.of("acc.Counting#work(I)I=320000"), Run.counts(run.report()));
    }

    @Test
    void agentArgumentsBeatSystemPropertiesWhichBeatTheEnvironmentWhichBeatsTheFile() throws IOException {
        Path file = temp.resolve("sonde.properties");
        Files.writeString(file, "time=acc.Shapes$Circle#area\nexclude=acc.Shapes$Square#area\nreport.rows=1\n");
        Path reports = temp.resolve("reports");
        String classes = Run.CLASSES.toString();

        Run fileOnly = Run.command(
                        reports.resolve("a"), JDK.java(), "-javaagent:" + Run.SONDE_JAR, "-cp", classes, "acc.Shapes")
                .env("SONDE_CONFIG", file.toString())
                .env("SONDE_REPORT_DIR", reports.resolve("a").toString())
                .run()
                .assertProbeQuiet();
        Run environment = Run.command(
                        reports.resolve("b"), JDK.java(), "-javaagent:" + Run.SONDE_JAR, "-cp", classes, "acc.Shapes")
                .env("SONDE_CONFIG", file.toString())
                .env("SONDE_REPORT_DIR", reports.resolve("b").toString())
                .env("SONDE_TIME", "acc.Shapes$*#area")
                .run()
                .assertProbeQuiet();
        Run property = Run.command(
                        reports.resolve("c"),
                        JDK.java(),
                        "-javaagent:" + Run.SONDE_JAR,
                        "-Dsonde.time=acc.Shapes$Sized#describe",
                        "-cp",
                        classes,
                        "acc.Shapes")
                .env("SONDE_CONFIG", file.toString())
                .env("SONDE_REPORT_DIR", reports.resolve("c").toString())
                .env("SONDE_TIME", "acc.Shapes$*#area")
                .run()
                .assertProbeQuiet();
        Run argument = Run.command(
                        reports.resolve("d"),
                        JDK.java(),
                        "-javaagent:" + Run.SONDE_JAR + "=time=acc.Shapes#lambda$main$1,config=" + file,
                        "-Dsonde.time=acc.Shapes$Sized#describe",
                        "-cp",
                        classes,
                        "acc.Shapes")
                .env("SONDE_REPORT_DIR", reports.resolve("d").toString())
                .env("SONDE_TIME", "acc.Shapes$*#area")
                .run()
                .assertProbeQuiet();

        assertEquals(List.of("acc.Shapes$Circle#area()D=2"), Run.counts(fileOnly.report()));
        assertEquals(
                List.of("acc.Shapes$Circle#area()D=2"),
                Run.counts(environment.report()),
                "the file's exclusion still applies: no other source set 'exclude'");
        assertEquals(List.of("acc.Shapes$Sized#describe()Ljava/lang/String;=3"), Run.counts(property.report()));
        assertEquals(List.of("acc.Shapes#lambda$main$1()Lacc/Shapes$Sized;=1"), Run.counts(argument.report()));
        assertTrue(argument.stderr.contains("acc.Shapes#lambda$main$1()"), "report.rows=1 from the file");
        assertFalse(environment.stderr.contains("more method"), environment.stderr);
    }

    @Test
    void anUnknownEnvironmentVariableIsNamed() {
        Run run = Run.probed(JDK, temp.resolve("reports"), "time=acc.Hello#main", "acc.Hello")
                .env("SONDE_TIMES", "acc.**")
                .run();

        assertEquals("hello\n", run.stdout);
        assertTrue(
                run.stderr.contains(
                        "[sonde] unknown setting 'SONDE_TIMES' in the environment; known: SONDE_REPORT_DIR,"),
                run.stderr);
    }

    @Test
    void anUnreadableConfigFileIsNamed() {
        Path missing = temp.resolve("nowhere.properties");
        Run run = Run.probed(JDK, temp.resolve("reports"), "time=acc.Hello#main,config=" + missing, "acc.Hello")
                .run();

        assertEquals("hello\n", run.stdout);
        assertTrue(
                run.stderr.contains(
                        "[sonde] cannot read the properties file '" + missing + "' named by setting 'config'"),
                run.stderr);
        assertEquals(List.of("acc.Hello#main([Ljava/lang/String;)V=1"), Run.counts(run.report()));
    }

    @Test
    void anUnwritableReportDirectoryIsSaidOnceAndTheProgramRunsOn() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        Path reports = file.resolve("reports");
        Run run = Run.probed(JDK, reports, "time=acc.Counting#work", "acc.Counting")
                .run();

        assertEquals(0, run.exitCode);
        assertTrue(run.stdout.startsWith("sum="), run.stdout);
        long warnings = run.stderr
                .lines()
                .filter(line -> line.contains("cannot write reports to " + reports))
                .count();
        assertEquals(1, warnings, run.stderr);
        assertTrue(run.stderr.contains("(setting report.dir)"), run.stderr);
        assertTrue(run.stderr.contains("acc.Counting#work(int)"), "the table still prints:\n" + run.stderr);
    }

    @Test
    void aProbeGivenTwiceStartsOnce() {
        Path reports = temp.resolve("reports");
        Run run = Run.probed(JDK, reports, "time=acc.Hello#main", "acc.Hello")
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + Run.SONDE_JAR)
                .run();

        assertEquals("hello\n", run.stdout);
        assertTrue(
                run.stderr.contains("[sonde] the probe is already active in this JVM; ignoring the second -javaagent"),
                run.stderr);
        assertEquals(1, run.reports().size());
    }

    @Test
    void maxMethodsCapsTheMethodsCalledNotThoseWovenAndTheReportSaysWhichWentUntimed() {
        Run roomy = Run.probed(
                        JDK,
                        temp.resolve("roomy"),
                        "time=acc.ManyMethods,max.methods=3,time.small=true",
                        "acc.ManyMethods")
                .run()
                .assertProbeQuiet();
        Run tight = Run.probed(
                        JDK,
                        temp.resolve("tight"),
                        "time=acc.ManyMethods,max.methods=2,time.small=true",
                        "acc.ManyMethods")
                .run();

        assertEquals(
                List.of(
                        "acc.ManyMethods#called1(I)I=3",
                        "acc.ManyMethods#called2(I)I=3",
                        "acc.ManyMethods#main([Ljava/lang/String;)V=1"),
                Run.counts(roomy.report()),
                "twenty woven methods never called take nothing from the cap");
        assertEquals(false, roomy.report().get("maxMethodsReached").asBoolean());
        assertEquals(
                List.of("acc.ManyMethods#called1(I)I=3", "acc.ManyMethods#called2(I)I=3"),
                Run.counts(tight.report()),
                "main ends last, when the cap is taken");
        JsonNode untimed = tight.report().get("untimed");
        assertEquals(true, tight.report().get("maxMethodsReached").asBoolean());
        assertEquals(1, untimed.get("methods").asInt());
        assertEquals(1, untimed.get("calls").asInt());
        assertEquals(1, untimed.get("packages").get("acc").asInt());
        assertTrue(
                tight.stderr.contains("[sonde] 1 selected method was not timed, max.methods=2 others being called"
                        + " first (1 call); in acc (1); raise max.methods to time them"),
                tight.stderr);
    }

    @Test
    void aDeviceOrANamedPipeNamedAsTheConfigFileIsRefusedUnreadAndTheProgramRunsOn() throws Exception {
        Path fifo = temp.resolve("sonde.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());

        for (String file : List.of("/dev/zero", fifo.toString())) {
            Path reports = temp.resolve("reports-" + file.hashCode());
            Run run = Run.probed(JDK, reports, "time=acc.Hello#main,config=" + file, "acc.Hello")
                    .run();

            assertEquals("hello\n", run.stdout, run.stderr);
            assertTrue(
                    run.stderr.contains(
                            "[sonde] cannot read the properties file '" + file + "' named by setting 'config':"
                                    + " it is not a regular file but a device, a pipe or a socket\n"),
                    run.stderr);
            assertEquals(List.of("acc.Hello#main([Ljava/lang/String;)V=1"), Run.counts(run.report()));
        }
    }

    @Test
    void anUnclosedParenthesisIsNamedAndTheArgumentsAfterItStillApply() {
        Run run = Run.probed(
                        JDK,
                        temp.resolve("reports"),
                        "time=acc.Counting#mayFail(int,time=acc.Counting#work," + "report.table=false",
                        "acc.Counting")
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(
                List.of(
                        "[sonde] agent argument 'time=acc.Counting#mayFail(int' does not close its '(' (at character 26 of the"
                                + " agent arguments); the 2 arguments after it are read on their own",
                        "[sonde] ignoring a selector of setting 'time' from the agent arguments: malformed selector"
                                + " 'acc.Counting#mayFail(int': the '(' that opens the argument list is never closed (at character 21)"),
                run.stderr
                        .lines()
                        .filter(line -> line.startsWith("[sonde]") && !line.startsWith("[sonde] report: "))
                        .toList());
        assertEquals(List.of("acc.Counting#work(I)I=320000"), Run.counts(run.report()));
    }

    @Test
    void selectorsSeparatedByColonsSurviveAScriptThatEvalsTheJavaOptions() {
        Path reports = temp.resolve("reports");
        // as catalina.sh runs Java: eval with the options unquoted, where a ';' would end the command
        Run run = Run.command(
                        reports, "/bin/sh", "-c", "eval \"\\\"$JAVA\\\"\" $JAVA_OPTS -cp \"\\\"$CP\\\"\" acc.Counting")
                .env("JAVA", JDK.java())
                .env("CP", Run.CLASSES.toString())
                .env("SONDE_REPORT_DIR", reports.toString())
                .env("JAVA_OPTS", "-javaagent:" + Run.SONDE_JAR + "=time=acc.Counting#work:acc.Counting#mayFail")
                .run()
                .assertProbeQuiet();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(
                List.of("acc.Counting#mayFail(I)V=320000 errors=106672", "acc.Counting#work(I)I=320000"),
                Run.counts(run.report()));
    }
}
