package dev.sonde.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CallCost} in rounds, alternating a JVM with the probe (timing {@code bench.Target#timed},
 * or counting {@code bench.Target#counted} once it moved to the counted tier, or from the start with
 * {@code time.counted}) and a bare JVM, and prints a Markdown table of medians and ranges over the rounds.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar [rounds] [path/to/sonde.jar]</pre>
 */
public final class CallCostRunner {

    private CallCostRunner() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path jar = Path.of(args.length > 1 ? args[1] : "agent/target/sonde.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no sonde.jar at " + jar + "; build it with mvn -DskipTests package");
        }
        Path reports = Files.createTempDirectory("sonde-bench");
        String agent = "-javaagent:" + jar + "=time=bench.Target#timed,report.table=false,report.dir=" + reports;
        // by a pattern, and time.small since its body is an accessor's: woven with both paths, timed first,
        // counted once hot (its flag cleared by the look after 0.1 s)
        String counting = "-javaagent:" + jar
                + "=time=bench.Target#count*,time.small=true,report.table=false,report.dir=" + reports;
        // counted from the start, woven to be counted or timed (no samples: it stays counted)
        String countedFirst = "-javaagent:" + jar + "=time=bench.Target#count*,time.small=true,time.counted=true,"
                + "sample.period=0,report.table=false,report.dir=" + reports;
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            record("probe: timed method", run(".*CallCost.timed", agent), scores);
            record("probe: counted method (counted tier)", run(".*CallCost.counted", counting), scores);
            record("probe: counted from the start (time.counted)", run(".*CallCost.counted", countedFirst), scores);
            record("bare: same method", run(".*CallCost.untimed", null), scores);
            record("probe: untimed twin (not selected)", run(".*CallCost.untimed", agent), scores);
            record("bare: two System.nanoTime() reads", run(".*CallCost.clockPair", null), scores);
        }
        System.out.println();
        System.out.println("| benchmark (ns per call) | median | min | max |");
        System.out.println("|---|---|---|---|");
        scores.forEach((name, values) -> {
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.1f |%n",
                    name,
                    median(sorted),
                    sorted.get(0),
                    sorted.get(sorted.size() - 1));
        });
        double timed = median(sorted(scores.get("probe: timed method")));
        double bare = median(sorted(scores.get("bare: same method")));
        double clocks = median(sorted(scores.get("bare: two System.nanoTime() reads")));
        double counted = median(sorted(scores.get("probe: counted method (counted tier)")));
        double countedFromStart = median(sorted(scores.get("probe: counted from the start (time.counted)")));
        System.out.printf(
                Locale.ROOT,
                "%ntimed - bare = %.1f ns; budget 1.3 x clocks + 5 = %.1f ns%ncounted - bare = %.1f ns,"
                        + " counted from the start - bare = %.1f ns; budget 3 ns%n",
                timed - bare,
                1.3 * clocks + 5,
                counted - bare,
                countedFromStart - bare);
    }

    private static Collection<RunResult> run(String include, String agent) throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(include)
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1));
        if (agent != null) {
            options.jvmArgsAppend(agent);
        }
        Options built = options.build();
        return new Runner(built).run();
    }

    private static void record(String name, Collection<RunResult> results, Map<String, List<Double>> scores) {
        for (RunResult result : results) {
            scores.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(result.getPrimaryResult().getScore());
        }
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
