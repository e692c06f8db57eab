package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent entry at the root of {@code sonde.jar}: it stays out of the {@code sonde} command's own JVM,
 * and a second probe in one JVM says what it ignores.
 */
class AgentEntryIT {

    @TempDir
    Path temp;

    static List<Jdks.Jdk> jdks() {
        return Jdks.all();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theCommandsOwnJvmStaysOutOfTheProbeEvenFromACopyOfTheJar(Jdks.Jdk jdk) throws IOException {
        Path copy = Files.copy(Run.SONDE_JAR, temp.resolve("renamed.jar"));
        Run run = Run.command(temp.resolve("reports"), jdk.java(), "-jar", Run.SONDE_JAR.toString(), "agent-jar")
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + copy + "=time=dev.sonde.**")
                .directory(temp)
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(Run.SONDE_JAR + "\n", run.stdout);
        assertEquals(
                "Picked up JAVA_TOOL_OPTIONS: -javaagent:" + copy + "=time=dev.sonde.**\n",
                run.stderr,
                "nothing from the probe");
        assertFalse(Files.exists(temp.resolve("sonde-reports")));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aSecondProbeInOneJvmQuotesTheArgumentsItIgnores(Jdks.Jdk jdk) {
        Path reports = temp.resolve("reports");
        Run run = Run.probed(jdk, reports, "time=acc.Echo#shout,report.rows=5", "acc.Hello")
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + Run.SONDE_JAR + "=time=acc.Hello#main")
                .run();

        assertEquals("hello\n", run.stdout);
        assertTrue(
                run.stderr.contains("[sonde] the probe is already active in this JVM; ignoring the second -javaagent ("
                        + Run.SONDE_JAR + ") and its arguments 'time=acc.Echo#shout,report.rows=5'\n"),
                run.stderr);
        assertEquals(
                List.of("acc.Hello#main([Ljava/lang/String;)V=1"),
                Run.counts(run.report()),
                "the first probe, from JAVA_TOOL_OPTIONS, is the one that runs");
    }
}
