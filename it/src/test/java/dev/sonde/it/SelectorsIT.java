package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Selectors in a real JVM: a very long one, one over the JDK's own classes, one over classes the probe never weaves. */
class SelectorsIT {

    private static final Jdks.Jdk JDK = Jdks.all().get(0);

    @TempDir
    Path temp;

    static List<Jdks.Jdk> jdks() {
        return Jdks.all();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void selectingAllOfJavaUtilLeavesAProgramThatLoadsRegularExpressionsUnharmed(Jdks.Jdk jdk) {
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Patterns")
                .run();
        Run probed = Run.probed(jdk, temp.resolve("reports"), "time=java.util.**,report.table=false", "acc.Patterns")
                .run();

        assertEquals("words=3 parts=3\n", bare.stdout, bare.stderr);
        assertEquals(bare.stdout, probed.stdout, probed.stderr);
        assertEquals(0, probed.exitCode, probed.stderr);
        assertTrue(Run.method(probed.report(), "java.util.regex.Matcher#find()Z")
                        .get("count")
                        .asLong()
                >= 3);
    }

    @Test
    void aSelectorOfTwelveThousandSegmentWildcardsSelectsWhatItSays() {
        Run run = Run.probed(
                        JDK,
                        temp.resolve("reports"),
                        "time=acc." + "**.".repeat(12_000) + "Counting#work",
                        "acc.Counting")
                .run()
                .assertProbeQuiet();

        assertEquals(List.of("acc.Counting#work(I)I=320000"), Run.counts(run.report()));
    }

    @Test
    void aSelectorOfClassesTheProbeNeverWeavesIsWarnedOfOnceAndSondeRunStillRuns() {
        Path reports = temp.resolve("reports");
        Run run = Run.sonde(
                        reports,
                        "run",
                        "--time",
                        "java.lang.String#*",
                        "--time",
                        "acc.Hello#main",
                        "--report-dir",
                        reports.toString(),
                        "--",
                        JDK.java(),
                        "-cp",
                        Run.CLASSES.toString(),
                        "acc.Hello")
                .run();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals("hello\n", run.stdout);
        List<String> warnings = run.stderr
                .lines()
                .filter(line -> line.startsWith("[sonde] the selector"))
                .toList();
        assertEquals(
                List.of(
                        "[sonde] the selector 'java.lang.String#*' of setting 'time' from the environment selects"
                                + " nothing: the probe never weaves java.lang.String, which it relies on itself while recording"),
                warnings);
        assertEquals(List.of("acc.Hello#main([Ljava/lang/String;)V=1"), Run.counts(run.report()));
    }
}
