package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.core.snapshot.CallTotals;
import dev.sonde.core.snapshot.Finding;
import dev.sonde.core.snapshot.RequestSnapshot;
import dev.sonde.core.snapshot.StatementSnapshot;
import dev.sonde.core.snapshot.StatementUse;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsTest {

    private static final long MS = 1_000_000;

    /** The defaults: 10 a request, 50 %, 1 ms, 5 %, 10 times the median and 10 ms above it. */
    private final Findings rules = new Findings(10, 50, MS, 5, 10, 10 * MS);

    private static RequestSnapshot request(String name, long count, long errors, long totalNanos, String error) {
        return new RequestSnapshot(
                name,
                false,
                count,
                errors,
                totalNanos,
                totalNanos / count,
                totalNanos / count,
                totalNanos / count,
                totalNanos / count,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                List.of(),
                List.of(),
                error,
                errors);
    }

    private static StatementSnapshot statement(
            String kind, String text, long count, long p50, long p99, StatementUse... uses) {
        long total = 0;
        for (StatementUse use : uses) {
            total += use.totalNanos();
        }
        return new StatementSnapshot(
                kind, text, false, count, 0, Math.max(total, count * p50), p50, p99, p99, p99, List.of(uses));
    }

    @Test
    void aStatementRunTenTimesARequestIsAnNPlusOne() {
        // 100 requests of 10 ms; the item query ran 40 times in each, 4 ms a request
        RequestSnapshot owner = request("GET /owners/{id}", 100, 0, 1000 * MS, null);
        StatementSnapshot pets = statement(
                "sql",
                "SELECT * FROM pet WHERE owner_id = ?",
                4000,
                100_000,
                200_000,
                new StatementUse("GET /owners/{id}", 100, 4000, 400 * MS, 52));
        List<Finding> found = rules.of(List.of(owner), List.of(pets));
        assertEquals(1, found.size(), found.toString());
        Finding finding = found.get(0);
        assertEquals("repeated-statement", finding.kind());
        assertEquals("GET /owners/{id}", finding.request());
        assertEquals("SELECT * FROM pet WHERE owner_id = ?", finding.target());
        assertEquals("sql", finding.targetKind());
        assertEquals(400 * MS, finding.impactNanos());
        assertEquals(0.4, finding.share(), 1e-9);
        assertEquals(
                "This SQL statement ran 40 times a request on average in GET /owners/{id} (at most 52 in one),"
                        + " 4.00 ms a request, 40 % of its time: fetch the rows in one statement (a join, an IN list)"
                        + " or cache them.",
                finding.detail());
    }

    @Test
    void nineTimesARequestIsNoNPlusOne() {
        RequestSnapshot owner = request("GET /owners/{id}", 100, 0, 1000 * MS, null);
        StatementSnapshot pets = statement(
                "redis", "GET pet:{n}", 900, 10_000, 20_000, new StatementUse("GET /owners/{id}", 100, 900, 9 * MS, 9));
        assertEquals(List.of(), rules.of(List.of(owner), List.of(pets)));
    }

    @Test
    void aCallTakingMostOfItsRequestsTimeDominatesIt() {
        RequestSnapshot checkout = request("POST /checkout", 20, 0, 20 * 80 * MS, null);
        StatementSnapshot payment = statement(
                "http",
                "POST pay.local:8443/charge",
                20,
                60 * MS,
                70 * MS,
                new StatementUse("POST /checkout", 20, 20, 20 * 60 * MS, 1));
        List<Finding> found = rules.of(List.of(checkout), List.of(payment));
        assertEquals(1, found.size(), found.toString());
        assertEquals("dominant-call", found.get(0).kind());
        assertEquals(0.75, found.get(0).share(), 1e-9);
        assertTrue(
                found.get(0)
                        .detail()
                        .startsWith("This outgoing HTTP call took 75 % of POST /checkout's time, 60.0 ms"
                                + " a request on average (p99 70.0 ms): "),
                found.get(0).detail());
    }

    @Test
    void aQuickCallIsNoFindingHoweverLargeItsShare() {
        // a hello endpoint whose one query is 80 % of 0.25 ms
        RequestSnapshot hello = request("GET /hello", 1000, 0, 250 * MS, null);
        StatementSnapshot one = statement(
                "sql", "SELECT 1", 1000, 200_000, 300_000, new StatementUse("GET /hello", 1000, 1000, 200 * MS, 1));
        assertEquals(List.of(), rules.of(List.of(hello), List.of(one)));
    }

    @Test
    void anNPlusOneIsNotAlsoADominantCall() {
        RequestSnapshot owner = request("GET /owners/{id}", 10, 0, 100 * MS, null);
        StatementSnapshot pets = statement(
                "sql",
                "SELECT * FROM pet WHERE id = ?",
                500,
                150_000,
                200_000,
                new StatementUse("GET /owners/{id}", 10, 500, 90 * MS, 50));
        List<Finding> found = rules.of(List.of(owner), List.of(pets));
        assertEquals(
                List.of("repeated-statement"), found.stream().map(Finding::kind).toList());
    }

    @Test
    void aRequestNameFailingOftenIsAFinding() {
        RequestSnapshot failing = request("GET /fail", 40, 10, 40 * MS, "java.lang.IllegalStateException");
        List<Finding> found = rules.of(List.of(failing), List.of());
        assertEquals(1, found.size());
        Finding finding = found.get(0);
        assertEquals("errors", finding.kind());
        assertEquals("java.lang.IllegalStateException", finding.target());
        assertEquals(0.25, finding.share(), 1e-9);
        assertEquals(10 * MS, finding.impactNanos());
        assertEquals(
                "GET /fail failed 25 % of the time (10 of 40), 10 of them with java.lang.IllegalStateException: read"
                        + " its last failed requests below, their calls and error.",
                finding.detail());
        // two failures, or a rate under 5 %, are no finding
        assertEquals(List.of(), rules.of(List.of(request("GET /a", 10, 2, 10 * MS, "status 500")), List.of()));
        assertEquals(List.of(), rules.of(List.of(request("GET /b", 1000, 40, 10 * MS, "status 500")), List.of()));
    }

    @Test
    void aLongTailNeedsManyRuns() {
        StatementSnapshot tailed = statement("redis", "GET stock:{n}", 1000, 200_000, 30 * MS);
        List<Finding> found = rules.of(List.of(), List.of(tailed));
        assertEquals(
                List.of("slow-statement"), found.stream().map(Finding::kind).toList());
        assertEquals(null, found.get(0).request());
        assertTrue(
                found.get(0)
                        .detail()
                        .startsWith("This Redis command's p99 (30.0 ms) is 150 times its median (200 µs)"
                                + " over 1000 runs"),
                found.get(0).detail());
        // 999 runs: its p99 may be the first, cold runs
        assertEquals(
                List.of(), rules.of(List.of(), List.of(statement("redis", "GET stock:{n}", 999, 200_000, 30 * MS))));
        // a tail 9 times the median, or less than 10 ms above it (a busy machine's few milliseconds)
        assertEquals(List.of(), rules.of(List.of(), List.of(statement("sql", "SELECT 1", 5000, 5 * MS, 45 * MS))));
        assertEquals(
                List.of(), rules.of(List.of(), List.of(statement("redis", "GET stock:{n}", 5000, 95_000, 9 * MS))));
    }

    @Test
    void theRowsPastTheCapsAreNeverFindings() {
        RequestSnapshot other = new RequestSnapshot(
                "(other requests)",
                true,
                40,
                40,
                40 * MS,
                MS,
                MS,
                MS,
                MS,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                CallTotals.NONE,
                List.of(),
                List.of(),
                "status 500",
                40);
        StatementSnapshot others = new StatementSnapshot(
                "sql", "(other statements)", true, 5000, 0, 5000 * MS, 10_000, 40 * MS, 40 * MS, 40 * MS, List.of());
        assertEquals(List.of(), rules.of(List.of(other), List.of(others)));
    }
}
