package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Findings with no selector, on the shop of {@code findings-shop/FindingsShop.java}: real Jetty 12, H2, a
 * real Redis server started once for the class, a downstream service on the JDK's HTTP server. With its
 * problems planted, each is found, in the request where it was planted, and nothing else; the same shop
 * without them has no finding at all. On every JDK found.
 */
class FindingsIT {

    @TempDir
    static Path serverDir;

    private static RedisServer redis;

    @TempDir
    Path temp;

    private static final List<String> JARS = List.of(
            "jetty-ee10-servlet-12.1.14",
            "jakarta.servlet-api-6.0.0",
            "jetty-security-12.1.14",
            "jetty-server-12.1.14",
            "jetty-http-12.1.14",
            "jetty-util-12.1.14",
            "jetty-io-12.1.14",
            "jetty-session-12.1.14",
            "slf4j-api-2.0.17",
            "h2-2.5.252",
            "jedis-8.0.2",
            "commons-pool2-2.13.1");

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(serverDir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.stop();
        }
    }

    static List<Jdks.Jdk> jdks() {
        return Jdks.all();
    }

    private Run shop(Jdks.Jdk jdk, String mix, String settings) throws Exception {
        String classPath =
                Run.compiled(temp.resolve("classes"), "findings-shop/FindingsShop.java", Run.libraries(JARS));
        return Run.probedOn(
                        jdk,
                        temp.resolve("reports"),
                        settings,
                        classPath,
                        "acc.FindingsShop",
                        mix,
                        Integer.toString(redis.port))
                .run();
    }

    /** Each finding as {@code kind | request | target}, the downstream's port as {@code {port}}. */
    private static List<String> findings(JsonNode report) {
        List<String> found = new ArrayList<>();
        for (JsonNode finding : report.get("findings")) {
            found.add(finding.get("kind").asText() + " | "
                    + finding.get("request").asText() + " | "
                    + finding.get("target").asText().replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:{port}"));
        }
        found.sort(null);
        return found;
    }

    private static JsonNode finding(JsonNode report, String kind, String request) {
        for (JsonNode finding : report.get("findings")) {
            if (finding.get("kind").asText().equals(kind)
                    && finding.get("request").asText().equals(request)) {
                return finding;
            }
        }
        throw new AssertionError("no " + kind + " finding in " + request + ": " + report.get("findings"));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void eachPlantedProblemIsFoundWhereItWasPlantedAndNothingElse(Jdks.Jdk jdk) throws Exception {
        // samples every 10 ms: enough of them, even on a loaded machine, to check a known CPU split
        Run run = shop(jdk, "planted", "requests.sample.period=10");

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(
                run.stdout.contains("statuses: owners {200=20} stock {200=10} quote {200=10} fail {200=6, 500=4}"
                        + " price {200=1000}"),
                run.stdout);
        JsonNode report = run.report();
        assertEquals(
                List.of(
                        "dominant-call | GET /quote | GET 127.0.0.1:{port}/backend/quote",
                        "dominant-call | GET /stock/{id} | BLPOP queue:{n}",
                        "errors | GET /fail | java.lang.IllegalStateException",
                        "hot-method | GET /report | acc.FindingsShop$Report#crunch",
                        "lock-contention | POST /transfer | acc.FindingsShop$Ledger",
                        "repeated-statement | GET /owners/{id} | SELECT name FROM pet WHERE id = ?",
                        "slow-statement | null | GET 127.0.0.1:{port}/backend/rate"),
                findings(report),
                report.get("findings").toString());

        JsonNode repeated = finding(report, "repeated-statement", "GET /owners/{id}");
        assertEquals("sql", repeated.get("targetKind").asText());
        assertTrue(
                repeated.get("detail")
                        .asText()
                        .startsWith("This SQL statement ran 12 times a request on average in"
                                + " GET /owners/{id} (at most 12 in one), "),
                repeated.toString());
        double share = repeated.get("impact").get("share").asDouble();
        assertTrue(share > 0 && share < 1, repeated.toString());

        JsonNode stock = finding(report, "dominant-call", "GET /stock/{id}");
        assertTrue(stock.get("impact").get("nanos").asLong() >= 10 * 30_000_000L, stock.toString());
        assertTrue(stock.get("impact").get("share").asDouble() >= 0.5, stock.toString());
        JsonNode quote = finding(report, "dominant-call", "GET /quote");
        assertTrue(quote.get("impact").get("nanos").asLong() >= 10 * 40_000_000L, quote.toString());

        // the method that takes 80 % of the request's CPU gets 70 to 90 % of its samples
        JsonNode hot = finding(report, "hot-method", "GET /report");
        double hotShare = hot.get("impact").get("share").asDouble();
        assertTrue(hotShare >= 0.7 && hotShare <= 0.9, hot.toString());
        JsonNode reportRequest = null;
        for (JsonNode request : report.get("requests")) {
            if (request.get("name").asText().equals("GET /report")) {
                reportRequest = request;
            }
        }
        JsonNode sampled = reportRequest.get("hotMethods");
        assertTrue(sampled.get("samples").asLong() >= 100, sampled.toString());
        assertEquals(
                "acc.FindingsShop$Report#crunch",
                sampled.get("methods").get(0).get("method").asText());
        assertEquals(
                "acc.FindingsShop$Report#format",
                sampled.get("methods").get(1).get("method").asText());
        assertTrue(report.get("hotMethods").get("requestThreads").get("samples").asLong()
                >= sampled.get("samples").asLong());

        // blocked on the ledger's monitor: some 15 ms a request (the auditor holds it 30 of every 35 ms);
        // waiting 10 ms a request, asleep
        JsonNode lock = finding(report, "lock-contention", "POST /transfer");
        assertTrue(lock.get("impact").get("nanos").asLong() >= 20 * 5_000_000L, lock.toString());
        for (JsonNode request : report.get("requests")) {
            if (request.get("name").asText().equals("POST /transfer")) {
                JsonNode blocked = request.get("blocked");
                assertEquals(
                        "acc.FindingsShop$Ledger",
                        blocked.get("locks").get(0).get("class").asText(),
                        blocked.toString());
                assertEquals(
                        blocked.get("totalNanos").asLong(),
                        lock.get("impact").get("nanos").asLong());
            }
        }

        JsonNode fail = finding(report, "errors", "GET /fail");
        assertEquals(0.4, fail.get("impact").get("share").asDouble(), 1e-9);
        assertTrue(
                fail.get("detail")
                        .asText()
                        .startsWith("GET /fail failed 40 % of the time (4 of 10), 4 of them with"
                                + " java.lang.IllegalStateException"),
                fail.toString());

        for (JsonNode finding : report.get("findings")) {
            if (finding.get("kind").asText().equals("slow-statement")) {
                assertTrue(finding.get("request").isNull(), finding.toString());
                assertTrue(finding.get("impact").get("share").isNull(), finding.toString());
                assertTrue(finding.get("detail").asText().contains(" over 1000 runs"), finding.toString());
            }
        }
        // most costly first, in the JSON report and at the top of the text report
        long previous = Long.MAX_VALUE;
        for (JsonNode finding : report.get("findings")) {
            long impact = finding.get("impact").get("nanos").asLong();
            assertTrue(impact <= previous, report.get("findings").toString());
            previous = impact;
        }
        JsonNode first = report.get("findings").get(0);
        String text = run.stderr.substring(run.stderr.indexOf("Findings, most costly first:"));
        assertTrue(
                text.startsWith(
                        "Findings, most costly first:\n1. " + first.get("kind").asText()
                                + (first.get("request").isNull()
                                        ? ""
                                        : " in " + first.get("request").asText()) + ": "
                                + first.get("target").asText() + " ("),
                text);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aCleanServiceHasNoFinding(Jdks.Jdk jdk) throws Exception {
        Run run = shop(jdk, "clean", "");

        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.contains("statuses: items {200=1200} orders {201=100} hello {200=200}"), run.stdout);
        JsonNode report = run.report();
        assertEquals(List.of(), findings(report), report.get("findings").toString());
        assertEquals(
                List.of(
                        "GET /hello count=200 errors=0 sql=0",
                        "GET /items/{id} count=1200 errors=0 sql=1200 redis=1200",
                        "POST /orders count=100 errors=0 sql=200"),
                Run.requests(report));
        assertFalse(run.stderr.contains("Findings, most costly first"), run.stderr);
        // each request's own thread measured: some CPU time, some bytes allocated
        for (JsonNode request : report.get("requests")) {
            long count = request.get("count").asLong();
            assertEquals(count, request.get("cpu").get("requests").asLong(), request.toString());
            assertTrue(request.get("cpu").get("totalNanos").asLong() > 0, request.toString());
            assertEquals(count, request.get("allocated").get("requests").asLong(), request.toString());
            assertTrue(request.get("allocated").get("totalBytes").asLong() > count * 100, request.toString());
            JsonNode slowest = request.get("slowest").get(0);
            assertTrue(slowest.get("cpuNanos").asLong() > 0, slowest.toString());
            assertTrue(
                    slowest.get("cpuNanos").asLong()
                            <= slowest.get("durationNanos").asLong() + 10_000_000L,
                    slowest.toString());
        }
        assertTrue(run.stderr.contains("  cpu/req  alloc/req"), run.stderr);
    }
}
