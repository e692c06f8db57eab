package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Timing through {@code -javaagent}, on every JDK found: exact counts, errors, every kind of method. */
class TimingIT {

    @TempDir
    Path temp;

    static List<Jdks.Jdk> jdks() {
        return Jdks.all();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void countsEveryCallFromSixteenThreadsAndCountsThrowsAsErrors(Jdks.Jdk jdk) {
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Counting")
                .run();
        Run probed = Run.probed(
                        jdk, temp.resolve("reports"), "time=acc.Counting#work;acc.Counting#mayFail", "acc.Counting")
                .run()
                .assertProbeQuiet();

        assertEquals(0, probed.exitCode, probed.stderr);
        assertEquals(bare.stdout, probed.stdout, "the program's output, exceptions included, is unchanged");
        assertTrue(probed.stdout.contains("first=planned failure 0 at acc.Counting.mayFail:"), probed.stdout);
        JsonNode report = probed.report();
        assertEquals(
                List.of("acc.Counting#mayFail(I)V=320000 errors=106672", "acc.Counting#work(I)I=320000"),
                Run.counts(report));
        JsonNode work = Run.method(report, "acc.Counting#work(I)I");
        assertTrue(work.get("minNanos").asLong() <= work.get("p50Nanos").asLong());
        assertTrue(work.get("p50Nanos").asLong() <= work.get("p90Nanos").asLong());
        assertTrue(work.get("p90Nanos").asLong() <= work.get("p99Nanos").asLong());
        assertTrue(work.get("p99Nanos").asLong() <= work.get("p999Nanos").asLong());
        assertTrue(work.get("p999Nanos").asLong() <= work.get("maxNanos").asLong());
        assertTrue(
                work.get("totalNanos").asLong() >= 320000 * work.get("minNanos").asLong());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void timesNestedTypesDefaultMethodsRecordsConstructorsLambdasAndStaticInitialisers(Jdks.Jdk jdk) {
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Shapes")
                .run();
        Run probed = Run.probed(
                        jdk,
                        temp.resolve("reports"),
                        // time.small: every shape of method is woven, the smallest too
                        "time=acc.Shapes$*;acc.Shapes$Square#<init>;acc.Shapes$Registry#<clinit>;acc.Shapes#lambda$*"
                                + ",time.small=true",
                        "acc.Shapes")
                .run()
                .assertProbeQuiet();

        assertEquals(bare.stdout, probed.stdout);
        assertEquals(
                List.of(
                        "acc.Shapes#lambda$main$0(Lacc/Shapes$Sized;)V=3",
                        "acc.Shapes#lambda$main$1()Lacc/Shapes$Sized;=1",
                        "acc.Shapes$Circle#area()D=2",
                        "acc.Shapes$Registry#<clinit>()V=1",
                        "acc.Shapes$Sized#describe()Ljava/lang/String;=3",
                        "acc.Shapes$Square#<init>(D)V=3 errors=1",
                        "acc.Shapes$Square#area()D=1",
                        "acc.Shapes$Square#toString()Ljava/lang/String;=1"),
                Run.counts(probed.report()),
                "the record's generated toString is a method too: println(maker.get()) calls it");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void addsUpTwoCopiesOfAClassFromTwoClassLoaders(Jdks.Jdk jdk) {
        Run probed = Run.probed(jdk, temp.resolve("reports"), "time=acc.Loaded#ping", "acc.Loaders")
                .run()
                .assertProbeQuiet();

        assertEquals("total=30\n", probed.stdout);
        assertEquals(List.of("acc.Loaded#ping(I)I=10"), Run.counts(probed.report()));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void leavesOutMethodsTooSmallToTimeAndCountsThem(Jdks.Jdk jdk) {
        Run probed = Run.probed(jdk, temp.resolve("auto"), "time=acc.Accessors#*", "acc.Accessors")
                .run()
                .assertProbeQuiet();
        assertEquals("4950000", probed.stdout.strip());
        JsonNode report = probed.report();
        assertEquals(
                List.of("acc.Accessors#main([Ljava/lang/String;)V=1", "acc.Accessors#sum(I)I=1000"),
                Run.counts(report));
        JsonNode leftOut = report.get("leftOut");
        assertEquals(2, leftOut.get("methods").asInt(), leftOut.toString());
        assertEquals(2, leftOut.get("packages").get("acc").asInt(), leftOut.toString());
        assertTrue(leftOut.get("rule").asText().contains("no call, no loop"), leftOut.toString());
        assertTrue(
                probed.stderr.contains("[sonde] 2 selected methods were left out as too small to time ("),
                probed.stderr);

        Run named = Run.probed(
                        jdk, temp.resolve("named"), "time=acc.Accessors#*,time=acc.Accessors#value", "acc.Accessors")
                .run()
                .assertProbeQuiet();
        assertEquals(
                List.of(
                        "acc.Accessors#main([Ljava/lang/String;)V=1",
                        "acc.Accessors#sum(I)I=1000",
                        "acc.Accessors#value()I=100000"),
                Run.counts(named.report()),
                "a method named exactly is timed");
        assertEquals(1, named.report().get("leftOut").get("methods").asInt());

        Run all = Run.probed(jdk, temp.resolve("all"), "time=acc.Accessors#*,time.small=true", "acc.Accessors")
                .run()
                .assertProbeQuiet();
        assertEquals(
                List.of(
                        "acc.Accessors#main([Ljava/lang/String;)V=1",
                        "acc.Accessors#set(I)V=100000",
                        "acc.Accessors#sum(I)I=1000",
                        "acc.Accessors#value()I=100000"),
                Run.counts(all.report()));
        assertEquals(0, all.report().get("leftOut").get("methods").asInt());
        assertTrue(!all.stderr.contains("left out"), all.stderr);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aHotShortMethodMovesToTheCountedTierAndEveryCallIsStillCounted(Jdks.Jdk jdk) {
        Run probed = Run.probed(jdk, temp.resolve("auto"), "time=acc.HotShort#*", "acc.HotShort")
                .run()
                .assertProbeQuiet();
        long calls = Long.parseLong(probed.stdout.strip());
        JsonNode step = Run.method(probed.report(), "acc.HotShort#step(I)I");
        assertEquals("counted", step.get("tier").asText(), step.toString());
        assertEquals(calls, step.get("count").asLong(), "every call counted, timed or not");
        long counted = step.get("countedCalls").asLong();
        assertTrue(counted > 0 && counted < calls, step.toString());
        assertTrue(step.get("rawTotalNanos").asLong() > 0, "the calls timed before keep their times");
        assertEquals(
                "timed",
                Run.method(probed.report(), "acc.HotShort#run(J)J").get("tier").asText());
        assertTrue(probed.stderr.contains("moved to the counted tier"), probed.stderr);

        Run named = Run.probed(jdk, temp.resolve("named"), "time=acc.HotShort#*,time=acc.HotShort#step", "acc.HotShort")
                .run()
                .assertProbeQuiet();
        JsonNode stillTimed = Run.method(named.report(), "acc.HotShort#step(I)I");
        assertEquals("timed", stillTimed.get("tier").asText(), "a method named exactly stays timed");
        assertEquals(
                Long.parseLong(named.stdout.strip()), stillTimed.get("count").asLong());

        Run hot = Run.probed(jdk, temp.resolve("hot"), "time=acc.HotShort#*,time.hot=true", "acc.HotShort")
                .run()
                .assertProbeQuiet();
        JsonNode timed = Run.method(hot.report(), "acc.HotShort#step(I)I");
        assertEquals("timed", timed.get("tier").asText(), "time.hot keeps it timed");
        assertEquals(0, timed.get("countedCalls").asLong());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void countedMethodsGetTheirTimeFromStackSamples(Jdks.Jdk jdk) {
        // a sample every 10 ms (20 by default): more samples in a three-second run; samples placed exactly
        // in compiled code, as the README tells users who want a short inlined method's time told apart
        Run probed = Run.probed(jdk, temp.resolve("sampled"), "time=acc.Sampled#*,sample.period=10", "acc.Sampled")
                .jvm("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints")
                .run()
                .assertProbeQuiet();
        long calls = Long.parseLong(probed.stdout.strip());
        JsonNode report = probed.report();
        JsonNode sampling = report.get("sampling");
        assertEquals("jdk.ExecutionSample", sampling.get("source").asText(), sampling.toString());
        assertEquals(10_000_000L, sampling.get("periodNanos").asLong());
        assertTrue(sampling.get("exactInCompiledCode").asBoolean(), sampling.toString());
        JsonNode cheap = Run.method(report, "acc.Sampled#cheap(I)I");
        JsonNode dear = Run.method(report, "acc.Sampled#dear(I)I");
        for (JsonNode counted : List.of(cheap, dear)) {
            assertEquals("counted", counted.get("tier").asText(), counted.toString());
            assertEquals(calls, counted.get("count").asLong(), "every call counted");
            assertEquals(
                    counted.get("samples").asLong() * 10_000_000L,
                    counted.get("sampledTotalNanos").asLong(),
                    "each sample stands for one period");
        }
        // twenty times the work: many more samples see it (inlined or not, JFR names it in the stack)
        assertTrue(
                dear.get("samples").asLong() > 2 * cheap.get("samples").asLong()
                        && dear.get("samples").asLong() > 10,
                "dear " + dear + "\ncheap " + cheap);
        // the timed loop around them: on the stack of nearly every sample (the program's one busy thread),
        // and never estimated above what it measured (the samples begin with the first move)
        JsonNode run = Run.method(report, "acc.Sampled#run(J)J");
        long measured = run.get("totalNanos").asLong();
        long sampled = run.get("sampledTotalNanos").asLong();
        assertTrue(run.get("samples").asLong() >= sampling.get("samples").asLong() * 3 / 4, run + "\n" + sampling);
        assertTrue(sampled > 0 && sampled < measured * 6 / 5, "sampled " + sampled + ", measured " + measured);
        assertTrue(probed.stderr.contains("estimated from"), probed.stderr);
        assertFalse(probed.stderr.contains("nearest call or safepoint poll"), probed.stderr);

        // without DebugNonSafepoints, the report says that samples are placed at calls and polls
        Run approximate = Run.probed(
                        jdk, temp.resolve("approximate"), "time=acc.Sampled#*,sample.period=10", "acc.Sampled")
                .jvm("-XX:+UnlockDiagnosticVMOptions")
                .run()
                .assertProbeQuiet();
        assertFalse(
                approximate.report().get("sampling").get("exactInCompiledCode").asBoolean(true));
        assertTrue(approximate.stderr.contains("nearest call or safepoint poll"), approximate.stderr);

        Run unsampled = Run.probed(jdk, temp.resolve("unsampled"), "time=acc.Sampled#*,sample.period=0", "acc.Sampled")
                .run()
                .assertProbeQuiet();
        assertTrue(unsampled.report().get("sampling").isNull());
        JsonNode notSampled = Run.method(unsampled.report(), "acc.Sampled#dear(I)I");
        assertEquals("counted", notSampled.get("tier").asText());
        assertTrue(!notSampled.has("samples"), notSampled.toString());
        assertTrue(unsampled.stderr.contains("no stack samples were taken (sample.period)"), unsampled.stderr);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withTimeCountedEveryMethodStartsCountedAndThoseWithLongCallsAreTimed(Jdks.Jdk jdk) {
        Run probed = Run.probed(
                        jdk, temp.resolve("counted"), "time=acc.CountedFirst#*,time.counted=true", "acc.CountedFirst")
                .run()
                .assertProbeQuiet();
        String[] calls = probed.stdout.strip().split(" ");
        JsonNode report = probed.report();
        JsonNode quick = Run.method(report, "acc.CountedFirst#quick(I)I");
        assertEquals("counted", quick.get("tier").asText(), quick.toString());
        assertEquals(Long.parseLong(calls[0]), quick.get("count").asLong(), "every call counted");
        assertEquals(quick.get("count").asLong(), quick.get("countedCalls").asLong(), "none timed");
        assertTrue(quick.has("samples"), "its time is the samples': " + quick);
        assertTrue(
                report.get("sampling").get("samples").asLong() > 0,
                report.get("sampling").toString());

        JsonNode slow = Run.method(report, "acc.CountedFirst#slow(I)I");
        assertEquals("timed", slow.get("tier").asText(), "its calls proved long: " + slow);
        assertEquals(Long.parseLong(calls[1]), slow.get("count").asLong(), "every call counted, then timed");
        long timedCalls = slow.get("count").asLong() - slow.get("countedCalls").asLong();
        assertTrue(slow.get("countedCalls").asLong() > 0 && timedCalls > 0, slow.toString());
        assertTrue(slow.get("p50Nanos").asLong() >= 10_000, "timed from then on: " + slow);
        assertTrue(probed.stderr.contains("time.counted: "), probed.stderr);

        Run named = Run.probed(
                        jdk,
                        temp.resolve("named"),
                        "time=acc.CountedFirst#*,time=acc.CountedFirst#quick,time.counted=true",
                        "acc.CountedFirst")
                .run()
                .assertProbeQuiet();
        JsonNode timed = Run.method(named.report(), "acc.CountedFirst#quick(I)I");
        assertEquals("timed", timed.get("tier").asText(), "a method named exactly stays timed");
        assertEquals(0, timed.get("countedCalls").asLong());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void selectsImplementationsOfAnInterfaceAndAnnotatedMethods(Jdks.Jdk jdk) {
        Run probed = Run.probed(
                        jdk,
                        temp.resolve("reports"),
                        "time=acc.Subtypes$Repo+#save(String);acc.**#@acc.Subtypes$Timed *",
                        "acc.Subtypes")
                .run()
                .assertProbeQuiet();

        assertEquals(
                List.of(
                        "acc.Subtypes$Cache#warm()V=1",
                        "acc.Subtypes$FileRepo#save(Ljava/lang/String;)V=2",
                        "acc.Subtypes$SqlRepo#save(Ljava/lang/String;)V=2"),
                Run.counts(probed.report()));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void retransformsClassesLoadedBeforeTheProbeStarted(Jdks.Jdk jdk) throws IOException {
        Path preloader = temp.resolve("preloader.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "acc.Preloader");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(preloader), manifest)) {
            jar.putNextEntry(new JarEntry("acc/Preloader.class"));
            jar.write(Files.readAllBytes(Run.CLASSES.resolve("acc/Preloader.class")));
            jar.closeEntry();
        }
        Path reports = temp.resolve("reports");
        Run probed = Run.command(
                        reports,
                        jdk.java(),
                        "-javaagent:" + preloader,
                        "-javaagent:" + Run.SONDE_JAR + "=time=acc.Preloaded#work",
                        "-cp",
                        Run.CLASSES.toString(),
                        "acc.Preloaded")
                .env("SONDE_REPORT_DIR", reports.toString())
                .run()
                .assertProbeQuiet();

        assertEquals("calls=5\n", probed.stdout, "the preloader's call came first");
        assertEquals(List.of("acc.Preloaded#work()V=4"), Run.counts(probed.report()));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void timesAJdkMethodOnlyWhenASelectorNamesItsPackage(Jdks.Jdk jdk) {
        Run named = Run.probed(
                        jdk,
                        temp.resolve("named"),
                        "time=java.util.zip.Adler32#update(byte[], int, int)",
                        "acc.Checksums")
                .run()
                .assertProbeQuiet();
        Run unnamed = Run.probed(jdk, temp.resolve("unnamed"), "time=**#update", "acc.Checksums")
                .run()
                .assertProbeQuiet();

        assertEquals(named.stdout, unnamed.stdout);
        assertEquals(List.of("java.util.zip.Adler32#update([BII)V=7"), Run.counts(named.report()));
        assertEquals(List.of(), Run.counts(unnamed.report()), "'**' never reaches into the JDK");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void timesAJdkMethodTheProbeAlsoUsesWithoutRecursing(Jdks.Jdk jdk) {
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Shapes")
                .run();
        Run probed = Run.probed(jdk, temp.resolve("reports"), "time=java.util.ArrayList#add(Object)", "acc.Shapes")
                .run()
                .assertProbeQuiet();

        assertEquals(bare.stdout, probed.stdout);
        assertTrue(Run.method(probed.report(), "java.util.ArrayList#add(Ljava/lang/Object;)Z")
                        .get("count")
                        .asLong()
                > 0);
    }

    static List<Jdks.Jdk> jdksWithVirtualThreads() {
        return Jdks.all().stream().filter(jdk -> jdk.major() >= 21).toList();
    }

    @ParameterizedTest
    @MethodSource("jdksWithVirtualThreads")
    void countsExactlyOverTwentyThousandVirtualThreadsPastTheBufferCap(Jdks.Jdk jdk) {
        Run probed = Run.probed(
                        jdk,
                        temp.resolve("reports"),
                        "time=acc.VirtualThreads#work,max.threads=64",
                        "acc.VirtualThreads")
                .run()
                .assertProbeQuiet();

        assertEquals("calls=100000\n", probed.stdout, probed.stderr);
        assertEquals(List.of("acc.VirtualThreads#work()V=100000"), Run.counts(probed.report()));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void writesTheDocumentedJsonReportAndTheTable(Jdks.Jdk jdk) {
        Run probed = Run.probed(jdk, temp.resolve("reports"), "time=acc.Counting#work", "acc.Counting")
                .run()
                .assertProbeQuiet();

        JsonNode report = probed.report();
        assertEquals("sonde-report/6", report.get("schema").asText());
        assertTrue(report.has("sampling"), "null when no samples were taken");
        assertTrue(report.get("pid").asLong() > 0);
        assertEquals("acc.Counting", report.get("command").asText());
        assertTrue(report.get("java").asText().startsWith(Integer.toString(jdk.major())), report.toString());
        assertTrue(report.get("startTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), report.toString());
        assertTrue(report.get("durationNanos").asLong() > 0);
        assertEquals(false, report.get("maxMethodsReached").asBoolean());
        JsonNode work = Run.method(report, "acc.Counting#work(I)I");
        for (String field : List.of(
                "class",
                "method",
                "descriptor",
                "count",
                "errors",
                "selfNanos",
                "totalNanos",
                "minNanos",
                "maxNanos",
                "p50Nanos",
                "p90Nanos",
                "p99Nanos",
                "p999Nanos",
                "running",
                "runningNanos",
                "tier",
                "countedCalls",
                "rawSelfNanos",
                "rawTotalNanos")) {
            assertTrue(work.has(field), field);
        }
        assertEquals(19, work.size(), work.toString());
        assertTrue(work.get("rawTotalNanos").asLong() >= work.get("totalNanos").asLong(), work.toString());
        // calibrated on the warm-up thread: 0 if the program ended first, never less
        assertTrue(report.get("overhead").get("perCallNanos").asLong() >= 0, report.toString());
        assertEquals("timed", work.get("tier").asText());
        assertEquals(0, report.get("leftOut").get("methods").asLong());
        assertEquals(0, report.get("lostCalls").asLong());
        assertEquals(0, report.get("untimed").get("methods").asLong());
        Path file = probed.reportDir.resolve("sonde-" + report.get("pid").asLong() + ".json");
        assertTrue(Files.isRegularFile(file));
        assertTrue(
                probed.stderr.contains("[sonde] pid " + report.get("pid").asLong() + ", acc.Counting, ran "),
                probed.stderr);
        assertTrue(
                probed.stderr.matches("(?s).*\nmethod\\s+count\\s+errors\\s+self\\s+total\\s+p50\\s+p99\\s+max\n"
                        + "acc\\.Counting#work\\(int\\)\\s+320000\\s+0\\s.*"),
                probed.stderr);
        assertTrue(probed.stderr.contains("[sonde] report: " + file), probed.stderr);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aStackOverflowInTimedCodeLeavesEveryCountExactAndTheJvmQuiet(Jdks.Jdk jdk) {
        Run probed = Run.probed(
                        jdk,
                        temp.resolve("reports"),
                        "time=acc.Overflow#deep,time=acc.Overflow#unrelated,time=acc.Overflow$Node#<init>",
                        "acc.Overflow")
                .run()
                .assertProbeQuiet();

        assertEquals(0, probed.exitCode, probed.stderr);
        String[] own = probed.stdout.strip().split(" ");
        long deep = Long.parseLong(own[0].substring("deep=".length()));
        long nodes = Long.parseLong(own[1].substring("node=".length()));
        assertEquals("unrelated=10", own[2]);
        assertEquals(
                List.of(
                        "acc.Overflow#deep(I)I=" + deep + " errors=" + deep,
                        "acc.Overflow#unrelated(I)I=10",
                        "acc.Overflow$Node#<init>(I)V=" + nodes + " errors=" + nodes),
                Run.counts(probed.report()),
                "the program's own counts, exactly");
        JsonNode recursive = Run.method(probed.report(), "acc.Overflow#deep(I)I");
        assertTrue(
                recursive.get("totalNanos").asLong()
                        <= probed.report().get("durationNanos").asLong(),
                "a recursion counts once, not once per level: " + recursive);
        assertTrue(!probed.stderr.contains("ASSERTION FAILED"), probed.stderr);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aMainEndedBySystemExitIsReportedRunningAndTheProgramsShutdownHooksAreTimed(Jdks.Jdk jdk) {
        Run probed = Run.probed(jdk, temp.resolve("reports"), "time=acc.ExitEarly", "acc.ExitEarly")
                .run()
                .assertProbeQuiet();

        assertEquals(3, probed.exitCode, probed.stderr);
        assertEquals("exiting\nshut down true\n", probed.stdout);
        JsonNode report = probed.report();
        JsonNode main = Run.method(report, "acc.ExitEarly#main([Ljava/lang/String;)V");
        assertEquals(0, main.get("count").asLong(), "main never returned");
        assertEquals(1, main.get("running").asLong());
        assertTrue(main.get("runningNanos").asLong() >= 2_000_000, main.toString());
        assertEquals(main.get("runningNanos").asLong(), main.get("totalNanos").asLong());
        assertEquals(
                6,
                Run.method(report, "acc.ExitEarly#work(I)I").get("count").asLong(),
                "one call in main and five in the program's own shutdown hook, which ran before the report");
        assertEquals(
                1, Run.method(report, "acc.ExitEarly#shutDown()V").get("count").asLong());
        assertTrue(
                probed.stderr.contains("[sonde] running: calls still in progress when the report was written"),
                probed.stderr);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void timingAllOfJavaUtilTimesItAndLeavesTheProbeWhole(Jdks.Jdk jdk) {
        Run bare = Run.command(temp.resolve("bare"), jdk.java(), "-cp", Run.CLASSES.toString(), "acc.Collections")
                .run();
        Run probed = Run.probed(jdk, temp.resolve("reports"), "time=java.util.**,time.small=true", "acc.Collections")
                .run()
                .assertProbeQuiet();

        assertEquals(0, probed.exitCode, probed.stderr);
        assertEquals(bare.stdout, probed.stdout);
        JsonNode report = probed.report();
        assertTrue(Run.method(report, "java.util.ArrayList#add(Ljava/lang/Object;)Z")
                        .get("count")
                        .asLong()
                >= 1000);
        assertTrue(report.get("methods").size() > 50, report.toPrettyString());
        for (JsonNode method : report.get("methods")) {
            assertTrue(
                    method.get("totalNanos").asLong() >= method.get("selfNanos").asLong(),
                    "the probe's own use of java.util is never timed as the program's: " + method);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void verboseNamesOnlyTheProgramsClassesAsWoven(Jdks.Jdk jdk) {
        Run probed = Run.probed(
                        jdk, temp.resolve("reports"), "time=java.util.zip.Adler32#update,verbose=true", "acc.Checksums")
                .run();

        assertEquals(0, probed.exitCode, probed.stderr);
        assertTrue(probed.stderr.contains("[sonde] wove "), probed.stderr);
        for (String line : probed.stderr.split("\n")) {
            assertTrue(
                    !(line.startsWith("[sonde] wove ") && line.contains("dev.sonde.")),
                    "the probe's own dry run to load the weaver is not woven for the program: " + line);
        }
    }
}
