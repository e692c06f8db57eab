package dev.sonde.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sonde.core.record.MethodKey;
import dev.sonde.core.snapshot.CallSnapshot;
import dev.sonde.core.snapshot.CallTotals;
import dev.sonde.core.snapshot.Finding;
import dev.sonde.core.snapshot.HeldUp;
import dev.sonde.core.snapshot.HotMethod;
import dev.sonde.core.snapshot.HotMethods;
import dev.sonde.core.snapshot.KeptRequest;
import dev.sonde.core.snapshot.LeftOutMethods;
import dev.sonde.core.snapshot.MethodSnapshot;
import dev.sonde.core.snapshot.RequestSnapshot;
import dev.sonde.core.snapshot.RunInfo;
import dev.sonde.core.snapshot.SamplingSummary;
import dev.sonde.core.snapshot.Snapshot;
import dev.sonde.core.snapshot.StatementSnapshot;
import dev.sonde.core.snapshot.StatementUse;
import dev.sonde.core.snapshot.UntimedMethods;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportTest {

    private static final RunInfo RUN = new RunInfo(
            4242, "com.shop.Main --port 8080", "17.0.15", Instant.parse("2026-11-21T21:00:00Z"), 2_310_000_000L);
    private static final List<MethodSnapshot> METHODS = List.of(
            new MethodSnapshot(
                    new MethodKey("com.shop.Cart", "add", "(Ljava/lang/String;I)V"),
                    1000,
                    0,
                    2_000_000,
                    2_000_000,
                    900,
                    40_000,
                    1_800,
                    2_500,
                    9_000,
                    30_000,
                    0,
                    0),
            new MethodSnapshot(
                    new MethodKey("com.shop.Cart", "checkout", "()J"),
                    10,
                    2,
                    3_000_000_000L,
                    1_000_000,
                    100_000_000,
                    900_000_000,
                    250_000_000,
                    800_000_000,
                    900_000_000,
                    900_000_000,
                    0,
                    0));

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0 | 0 ns",
                "999 | 999 ns",
                "1000 | 1.00 µs",
                "12345 | 12.3 µs",
                "999999 | 1000 µs",
                "1500000 | 1.50 ms",
                "250000000 | 250 ms",
                "3000000000 | 3.00 s",
                "125000000000 | 125 s"
            })
    void durationsReadAsPeopleWriteThem(long nanos, String text) {
        assertEquals(text, Durations.format(nanos));
    }

    @Test
    void theTableIsSortedBySelfTimeAndAligned() {
        assertEquals(
                String.join(
                        "\n",
                        "[sonde] pid 4242, com.shop.Main --port 8080, ran 2.31 s, 2 methods timed",
                        "method                          count  errors     self    total      p50      p99      max",
                        "com.shop.Cart#add(String, int)   1000       0  2.00 ms  2.00 ms  1.80 µs  9.00 µs  40.0 µs",
                        "com.shop.Cart#checkout()           10       2  1.00 ms   3.00 s   250 ms   900 ms   900 ms",
                        ""),
                TextReport.render(snapshot(METHODS), 30));
    }

    @Test
    void theTableStopsAtItsRowLimitAndSaysHowManyMore() {
        String table = TextReport.render(snapshot(METHODS), 1);

        assertEquals(4, table.lines().count(), table);
        assertEquals(
                "… and 1 more method in the JSON report (report.rows=1)",
                table.lines().reduce((a, b) -> b).get());
    }

    @Test
    void callsStillRunningGetAColumnAndANote() {
        MethodSnapshot main = new MethodSnapshot(
                new MethodKey("com.shop.Main", "main", "([Ljava/lang/String;)V"),
                0,
                0,
                2_000_000_000L,
                5_000_000,
                0,
                0,
                0,
                0,
                0,
                0,
                1,
                2_000_000_000L);

        assertEquals(
                String.join(
                        "\n",
                        "[sonde] pid 4242, com.shop.Main --port 8080, ran 2.31 s, 1 method timed",
                        "method                        count  errors     self   total  p50  p99  max  running",
                        "com.shop.Main#main(String[])      0       0  5.00 ms  2.00 s    -    -    -        1",
                        "[sonde] running: calls still in progress when the report was written; their time so far is in self and"
                                + " total",
                        ""),
                TextReport.render(snapshot(List.of(main)), 30));
    }

    @Test
    void callsRunningInMethodsBelowTheRowsShownAreStillMentioned() {
        MethodSnapshot main = new MethodSnapshot(
                new MethodKey("com.shop.Main", "main", "([Ljava/lang/String;)V"),
                0,
                0,
                2_000,
                5,
                0,
                0,
                0,
                0,
                0,
                0,
                1,
                2_000);
        List<MethodSnapshot> methods = new java.util.ArrayList<>(METHODS);
        methods.add(main);

        String table = TextReport.render(snapshot(methods), 2);

        assertTrue(!table.contains("running  "), "no column: none of the rows shown runs");
        assertTrue(
                table.endsWith("[sonde] running: 1 call was still in progress when the report was written, in"
                        + " methods below the rows shown; the JSON report has them\n"),
                table);
    }

    @Test
    void methodsLeftUntimedByTheCapAreNamedByPackage() {
        Map<String, Integer> packages = new TreeMap<>(Map.of("com.shop.late", 3, "org.lib", 1));
        Snapshot run = Snapshot.builder(new RunInfo(4242, "x", "17", Instant.EPOCH, 1))
                .methods(METHODS)
                .untimed(new UntimedMethods(10, 4, 17, packages, 0))
                .build();

        String table = TextReport.render(run, 30);

        assertTrue(
                table.endsWith("[sonde] 4 selected methods were not timed, max.methods=10 others being called first"
                        + " (17 calls); in com.shop.late (3), org.lib (1); raise max.methods to time them\n"),
                table);
    }

    @Test
    void longNamesAreShortenedToFitTheirColumnAndKeptWholeInTheJson() throws IOException {
        MethodKey longest = new MethodKey(
                "org.eclipse.jdt.internal.compiler.parser.diagnose.DiagnoseParser",
                "recoverFromErrors",
                "(Ljava/lang/String;[Ljava/lang/Object;IJ)V");
        MethodSnapshot m = new MethodSnapshot(longest, 1, 0, 10, 10, 10, 10, 10, 10, 10, 10, 0, 0);

        String row = TextReport.render(snapshot(List.of(m)), 30)
                .lines()
                .skip(2)
                .findFirst()
                .orElseThrow();
        StringWriter json = new StringWriter();
        JsonReport.write(snapshot(List.of(m)), json);

        assertEquals(
                "o.e.j.i.c.p.d.DiagnoseParser#recoverFromErrors(…)",
                MethodNames.fitted(longest, TextReport.NAME_WIDTH));
        assertTrue(row.startsWith("o.e.j.i.c.p.d.DiagnoseParser#recoverFromErrors(…)  "), row);
        assertEquals(
                "o.e.jdt.internal.Parser#parse(String)",
                MethodNames.fitted(
                        new MethodKey("org.eclipse.jdt.internal.Parser", "parse", "(Ljava/lang/String;)V"), 37),
                "only as many package segments shortened as needed");
        assertTrue(row.length() < 130, row);
        assertEquals(
                "org.eclipse.jdt.internal.compiler.parser.diagnose.DiagnoseParser",
                new ObjectMapper()
                        .readTree(json.toString())
                        .get("methods")
                        .get(0)
                        .get("class")
                        .asText());
        assertEquals(
                "…ethodName()",
                MethodNames.fitted(new MethodKey("a.VeryLongClassName", "veryLongMethodName", "()V"), 12));
    }

    @Test
    void theJsonReportFollowsTheDocumentedSchema() throws IOException {
        StringWriter out = new StringWriter();
        JsonReport.write(
                Snapshot.builder(RUN)
                        .methods(METHODS)
                        .untimed(UntimedMethods.none(50_000))
                        .leftOut(new LeftOutMethods(
                                7, new TreeMap<>(Map.of("com.shop", 5, "com.shop.api", 2)), 0, "small"))
                        .statements(List.of(STATEMENT))
                        .requests(List.of(REQUEST))
                        .findings(List.of(
                                new Finding(
                                        "slow-statement",
                                        null,
                                        "SELECT name FROM item WHERE id = ?",
                                        "sql",
                                        2_000_000,
                                        -1,
                                        "Its tail."),
                                new Finding(
                                        "repeated-statement",
                                        "GET /items/{id}",
                                        "SELECT name FROM item WHERE id = ?",
                                        "sql",
                                        8_000_000,
                                        2 / 3.0,
                                        "It ran 40 times.")))
                        .hotMethods(new HotMethods(
                                20_000_000,
                                new HotMethods.Part(100, List.of(new HotMethod("com.shop.Pricing#quote", 60, 80))),
                                new HotMethods.Part(5, List.of()),
                                3,
                                Map.of(
                                        "GET /items/{id}",
                                        new HotMethods.Part(
                                                40, List.of(new HotMethod("com.shop.Pricing#quote", 30, 35)))),
                                Map.of(
                                        "GET /items/{id}",
                                        new HeldUp(
                                                3,
                                                4_500_000,
                                                1,
                                                2_000_000,
                                                List.of(new HeldUp.Lock("com.shop.Ledger", 3, 4_500_000))))))
                        .build(),
                out);

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(new ObjectMapper().readTree("""
                {"schema": "sonde-report/6", "pid": 4242, "command": "com.shop.Main --port 8080", "java": "17.0.15",
                 "startTime": "2026-11-21T21:00:00Z", "durationNanos": 2310000000, "maxMethodsReached": false,
                 "untimed": {"maxMethods": 50000, "methods": 0, "calls": 0, "packages": {}, "inOtherPackages": 0},
                 "leftOut": {"methods": 7, "rule": "small", "packages": {"com.shop": 5, "com.shop.api": 2},
                             "inOtherPackages": 0},
                 "lostCalls": 0, "overhead": {"insideNanos": 0, "perCallNanos": 0}, "sampling": null,
                 "findings": [
                   {"kind": "repeated-statement", "request": "GET /items/{id}",
                    "target": "SELECT name FROM item WHERE id = ?", "targetKind": "sql",
                    "impact": {"nanos": 8000000, "share": 0.6667}, "detail": "It ran 40 times."},
                   {"kind": "slow-statement", "request": null, "target": "SELECT name FROM item WHERE id = ?",
                    "targetKind": "sql", "impact": {"nanos": 2000000, "share": null}, "detail": "Its tail."}],
                 "hotMethods": {"periodNanos": 20000000,
                   "requestThreads": {"samples": 100, "methods": [
                     {"method": "com.shop.Pricing#quote", "selfSamples": 60, "totalSamples": 80}]},
                   "otherThreads": {"samples": 5, "methods": []}, "unplaced": 3},
                 "methods": [
                   {"class": "com.shop.Cart", "method": "add", "descriptor": "(Ljava/lang/String;I)V", "tier": "timed",
                    "count": 1000, "countedCalls": 0,
                    "errors": 0, "selfNanos": 2000000, "totalNanos": 2000000,
                    "rawSelfNanos": 2000000, "rawTotalNanos": 2000000, "minNanos": 900, "maxNanos": 40000,
                    "p50Nanos": 1800, "p90Nanos": 2500, "p99Nanos": 9000, "p999Nanos": 30000, "running": 0,
                    "runningNanos": 0},
                   {"class": "com.shop.Cart", "method": "checkout", "descriptor": "()J", "tier": "timed", "count": 10,
                    "countedCalls": 0, "errors": 2,
                    "selfNanos": 1000000, "totalNanos": 3000000000,
                    "rawSelfNanos": 1000000, "rawTotalNanos": 3000000000, "minNanos": 100000000, "maxNanos": 900000000,
                    "p50Nanos": 250000000, "p90Nanos": 800000000, "p99Nanos": 900000000, "p999Nanos": 900000000,
                    "running": 0, "runningNanos": 0}],
                 "requests": [
                   {"name": "GET /items/{id}", "other": false, "count": 10, "errors": 1, "totalNanos": 12000000,
                    "p50Nanos": 900000, "p90Nanos": 2000000, "p99Nanos": 3000000, "maxNanos": 3000000,
                    "sql": {"count": 40, "totalNanos": 8000000}, "redis": {"count": 10, "totalNanos": 2000000},
                    "http": {"count": 0, "totalNanos": 0},
                    "methods": {"count": 0, "totalNanos": 0},
                    "cpu": {"requests": 10, "totalNanos": 15000000},
                    "allocated": {"requests": 10, "totalBytes": 40960},
                    "blocked": {"events": 3, "totalNanos": 4500000,
                                "locks": [{"class": "com.shop.Ledger", "events": 3, "totalNanos": 4500000}]},
                    "waited": {"events": 1, "totalNanos": 2000000},
                    "hotMethods": {"samples": 40, "methods": [
                      {"method": "com.shop.Pricing#quote", "selfSamples": 30, "totalSamples": 35}]},
                    "slowest": [
                      {"startTime": "2026-11-21T21:00:01.500Z", "durationNanos": 3000000, "status": 200, "error": null,
                       "cpuNanos": 1500000, "allocatedBytes": 2048,
                       "calls": [
                         {"kind": "sql", "name": "SELECT * FROM cart WHERE id = ?", "count": 1, "offsetNanos": 10000,
                          "totalNanos": 300000, "children": []},
                         {"kind": "sql", "name": "SELECT name FROM item WHERE id = ?", "count": 40,
                          "offsetNanos": 400000, "totalNanos": 2000000, "children": []}]}],
                    "failed": [
                      {"startTime": "2026-11-21T21:00:02Z", "durationNanos": 1000000, "status": 500,
                       "error": "java.lang.IllegalStateException: no stock", "cpuNanos": null,
                       "allocatedBytes": null, "calls": []}]}],
                 "statements": [
                   {"kind": "sql", "text": "SELECT name FROM item WHERE id = ?", "other": false, "count": 40,
                    "errors": 1, "totalNanos": 8000000, "p50Nanos": 150000, "p90Nanos": 400000, "p99Nanos": 900000,
                    "maxNanos": 1000000, "requests": ["GET /items/{id}"],
                    "byRequest": [{"request": "GET /items/{id}", "requests": 1, "count": 40, "totalNanos": 8000000,
                                   "maxCount": 40}]}]}
                """), json);
    }

    private static final KeptRequest SLOWEST = new KeptRequest(
            Instant.parse("2026-11-21T21:00:01.500Z"),
            3_000_000,
            200,
            null,
            1_500_000,
            2_048,
            List.of(
                    new CallSnapshot("sql", "SELECT * FROM cart WHERE id = ?", 1, 10_000, 300_000, List.of()),
                    new CallSnapshot("sql", "SELECT name FROM item WHERE id = ?", 40, 400_000, 2_000_000, List.of())));
    private static final KeptRequest FAILED = new KeptRequest(
            Instant.parse("2026-11-21T21:00:02Z"),
            1_000_000,
            500,
            "java.lang.IllegalStateException: no stock",
            -1,
            -1,
            List.of());

    private static final RequestSnapshot REQUEST = new RequestSnapshot(
            "GET /items/{id}",
            false,
            10,
            1,
            12_000_000,
            900_000,
            2_000_000,
            3_000_000,
            3_000_000,
            new CallTotals(40, 8_000_000),
            new CallTotals(10, 2_000_000),
            CallTotals.NONE,
            CallTotals.NONE,
            new CallTotals(10, 15_000_000),
            new CallTotals(10, 40_960),
            List.of(SLOWEST),
            List.of(FAILED),
            "java.lang.IllegalStateException",
            1);

    private static final StatementSnapshot STATEMENT = new StatementSnapshot(
            "sql",
            "SELECT name FROM item WHERE id = ?",
            false,
            40,
            1,
            8_000_000,
            150_000,
            400_000,
            900_000,
            1_000_000,
            List.of(new StatementUse("GET /items/{id}", 1, 40, 8_000_000, 40)));

    @Test
    void theTableStartsWithTheRequestsAndWhatEachSpentInTheirCallsOnAverage() {
        String table = TextReport.render(
                Snapshot.builder(RUN)
                        .untimed(UntimedMethods.none(50_000))
                        .requests(List.of(REQUEST))
                        .statements(List.of(STATEMENT))
                        .build(),
                20);
        String[] lines = table.split("\n");
        // no request made an HTTP call: no columns for them
        assertEquals(
                "request          count  errors    total     p50      p99      max  sql/req  sql time/req  redis/req"
                        + "  redis time/req  cpu/req  alloc/req",
                lines[1]);
        assertEquals(
                "GET /items/{id}     10       1  12.0 ms  900 µs  3.00 ms  3.00 ms        4        800 µs          1"
                        + "          200 µs  1.50 ms   4.00 KiB",
                lines[2]);
        assertEquals("", lines[3]);
        assertEquals("slowest GET /items/{id}: 3.00 ms, status 200", lines[4]);
        assertEquals("    +10.0 µs    300 µs     ×1  sql: SELECT * FROM cart WHERE id = ?", lines[5]);
        assertEquals("     +400 µs   2.00 ms    ×40  sql: SELECT name FROM item WHERE id = ?", lines[6]);
        assertEquals("", lines[7]);
        assertTrue(lines[8].startsWith("statement"), table);
        assertEquals(10, lines.length, table);
    }

    @Test
    void findingsComeFirstMostCostlyFirstEachWithWhatToDo() {
        List<Finding> findings = new ArrayList<>();
        findings.add(new Finding(
                "errors",
                "GET /fail",
                "java.lang.IllegalStateException",
                "error",
                1_000_000,
                0.25,
                "GET /fail failed 25 % of the time."));
        findings.add(new Finding(
                "repeated-statement",
                "GET /items/{id}",
                "SELECT name FROM item WHERE id = ?",
                "sql",
                8_000_000,
                2 / 3.0,
                "It ran 40 times a request."));
        findings.add(new Finding("slow-statement", null, "GET stock:{n}", "redis", 3_000_000, -1, "Its tail."));
        String text = TextReport.render(
                Snapshot.builder(RUN)
                        .requests(List.of(REQUEST))
                        .findings(findings)
                        .build(),
                2);
        String[] lines = text.split("\n");
        assertEquals("Findings, most costly first:", lines[1]);
        assertEquals(
                "1. repeated-statement in GET /items/{id}: SELECT name FROM item WHERE id = ? (8.00 ms in all, 67 %)",
                lines[2]);
        assertEquals("   It ran 40 times a request.", lines[3]);
        assertEquals("2. slow-statement: GET stock:{n} (3.00 ms in all)", lines[4]);
        assertEquals("   Its tail.", lines[5]);
        assertEquals("… and 1 more finding in the JSON report (report.rows=2)", lines[6]);
        assertEquals("", lines[7]);
        assertTrue(lines[8].startsWith("request "), text);
    }

    @Test
    void theHotMethodsOfTheRequestThreadsFollowTheRequestsWithASelectorForTheFirstOfTheProgramsOwn() {
        String text = TextReport.render(
                Snapshot.builder(RUN)
                        .hotMethods(new HotMethods(
                                20_000_000,
                                new HotMethods.Part(
                                        200,
                                        List.of(
                                                new HotMethod("java.lang.String#hashCode", 90, 90),
                                                new HotMethod("com.shop.Pricing$Rules#quote", 60, 150),
                                                new HotMethod("com.shop.Api#get", 2, 198))),
                                new HotMethods.Part(0, List.of()),
                                0,
                                Map.of()))
                        .build(),
                20);
        String[] lines = text.split("\n");
        assertEquals("hot methods of the request threads: 200 samples, one every 20.0 ms of running code", lines[1]);
        assertEquals("method                        self samples  self  total", lines[2]);
        assertEquals("java.lang.String#hashCode               90  45 %   45 %", lines[3]);
        assertEquals("com.shop.Pricing$Rules#quote            60  30 %   75 %", lines[4]);
        assertEquals("com.shop.Api#get                         2   1 %   99 %", lines[5]);
        assertEquals("look closer: --time 'com.shop.Pricing$Rules#quote'", lines[6]);
    }

    @Test
    void bytesAreShownInTheUnitThatSuitsThem() {
        assertEquals("512 B", TextReport.bytes(512));
        assertEquals("1.50 KiB", TextReport.bytes(1536));
        assertEquals("2.00 MiB", TextReport.bytes(2L << 20));
        assertEquals("123 GiB", TextReport.bytes(123L << 30));
    }

    @Test
    void theTableListsTheStatementsTheLibrariesRanBeforeTheMethods() {
        String table = TextReport.render(
                Snapshot.builder(RUN)
                        .methods(METHODS)
                        .untimed(UntimedMethods.none(50_000))
                        .statements(List.of(STATEMENT))
                        .build(),
                20);
        String[] lines = table.split("\n");
        assertEquals(
                "statement                                count  errors    total     p50     p99      max", lines[1]);
        assertEquals(
                "sql: SELECT name FROM item WHERE id = ?     40       1  8.00 ms  150 µs  900 µs  1.00 ms", lines[2]);
        assertEquals("", lines[3]);
        assertTrue(lines[4].startsWith("method"), table);
    }

    @Test
    void countedMethodsShowTheirSampledTimesMarkedAsEstimatesAndSortedByThem() throws IOException {
        MethodSnapshot counted = METHODS.get(0).counted(50_000).sampled(120, 90, 10_000_000);
        MethodSnapshot timed = METHODS.get(1).sampled(300, 2, 10_000_000);
        Snapshot snapshot = Snapshot.builder(RUN)
                .methods(List.of(timed, counted))
                .untimed(UntimedMethods.none(50_000))
                .sampling(new SamplingSummary(10_000_000, 400, 3, "jdk.ExecutionSample", false))
                .build();

        String table = TextReport.render(snapshot, 20);
        // the counted method's sampled self time (900 ms) is shown, marked, and sorts it first
        String[] lines = table.split("\n");
        assertTrue(lines[2].startsWith("com.shop.Cart#add(String, int)"), table);
        assertTrue(lines[2].contains("≈900 ms") && lines[2].contains("≈1.20 s"), table);
        assertTrue(lines[3].startsWith("com.shop.Cart#checkout()") && !lines[3].contains("≈"), table);
        assertTrue(table.contains("estimated from 400 stack samples, one every 10.0 ms"), table);
        assertTrue(table.contains("3 stacks were cut at the JDK's depth limit"), table);
        assertTrue(table.contains("the JVM places a sample at the nearest call or safepoint poll"), table);
        String exact = TextReport.render(
                Snapshot.builder(RUN)
                        .methods(snapshot.methods())
                        .untimed(UntimedMethods.none(50_000))
                        .sampling(new SamplingSummary(10_000_000, 400, 0, "jdk.ExecutionSample", true))
                        .build(),
                20);
        assertTrue(exact.contains("estimated from 400 stack samples") && !exact.contains("safepoint"), exact);

        StringWriter out = new StringWriter();
        JsonReport.write(snapshot, out);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(
                new ObjectMapper()
                        .readTree(
                                "{\"source\": \"jdk.ExecutionSample\", \"periodNanos\": 10000000, \"samples\": 400, \"truncated\": 3,"
                                        + " \"exactInCompiledCode\": false}"),
                json.get("sampling"));
        JsonNode add = json.get("methods").get(0);
        assertEquals("counted", add.get("tier").asText());
        assertEquals(120, add.get("samples").asLong());
        assertEquals(90, add.get("selfSamples").asLong());
        assertEquals(1_200_000_000L, add.get("sampledTotalNanos").asLong());
        assertEquals(900_000_000L, add.get("sampledSelfNanos").asLong());
        assertEquals(2_000_000, add.get("selfNanos").asLong(), "the measured times stay as they were");
        assertEquals(
                20_000_000L, json.get("methods").get(1).get("sampledSelfNanos").asLong());
    }

    @Test
    void withoutSamplesCountedMethodsSayTheirTimesAreFromBeforeTheMove() {
        Snapshot snapshot = Snapshot.builder(RUN)
                .methods(List.of(METHODS.get(0).counted(50_000)))
                .untimed(UntimedMethods.none(50_000))
                .build();
        String table = TextReport.render(snapshot, 20);
        assertTrue(!table.contains("≈"), table);
        assertTrue(table.contains("no stack samples were taken (sample.period)"), table);
    }

    private static Snapshot snapshot(List<MethodSnapshot> methods) {
        return Snapshot.builder(RUN)
                .methods(methods)
                .untimed(UntimedMethods.none(50_000))
                .build();
    }
}
