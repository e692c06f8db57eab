package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.snapshot.KeptRequest;
import dev.sonde.core.snapshot.RequestSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTableTest {

    /** What a server hands the program, as this test's reader reads it: "METHOD path status". */
    private static final class Exchange {
        final String[] parts;

        Exchange(String text) {
            this.parts = text.split(" ");
        }
    }

    private static final RequestTable.Reader READER = new RequestTable.Reader() {
        @Override
        public String name(Object value) {
            Exchange exchange = (Exchange) value;
            return Routes.name(exchange.parts[0], exchange.parts[1]);
        }

        @Override
        public int status(Object value) {
            return Integer.parseInt(((Exchange) value).parts[2]);
        }
    };

    /**
     * Only the scope that started a request ends it: another scope that ran in it (an asynchronous
     * request's dispatch back into the server, its reader's {@code continuing}) ends without it.
     */
    @Test
    void onlyTheScopeThatStartedARequestEndsIt() {
        RequestTable requests = new RequestTable(READER, 5, 5);
        Exchange start = new Exchange("GET /slow 200");
        Object request = requests.entered(start, null);
        Exchange dispatch = new Exchange("GET /slow 200");

        requests.exited(dispatch, null, request, 2_000, 2_000);
        assertEquals(List.of(), requests.snapshot(), "a later scope in the request does not end it");
        requests.exited(start, null, request, 9_000, 9_000);

        assertEquals(1, requests.snapshot().size());
        assertEquals(1, requests.snapshot().get(0).count());
        assertEquals(9_000, requests.snapshot().get(0).totalNanos());
    }

    /** Work and allocations of the request's thread between its start and its end are its own. */
    static volatile Object kept;

    @Test
    void aRequestsThreadCpuTimeAndAllocationsAreMeasuredOnIt() {
        RequestTable requests = new RequestTable(READER, 5, 5, null, ThreadClock.of());
        Exchange exchange = new Exchange("GET /work 200");
        Object request = requests.entered(exchange, null);
        long spin = System.nanoTime() + 20_000_000L;
        long sum = 0;
        while (System.nanoTime() < spin) {
            sum += sum * 31 + 7;
        }
        for (int i = 0; i < 64; i++) {
            kept = new byte[64 * 1024];
        }
        requests.exited(exchange, sum == 42 ? new Error() : null, request, 20_000_000, 20_000_000);

        RequestSnapshot row = requests.snapshot().get(0);
        assertEquals(1, row.cpu().count());
        assertTrue(
                row.cpu().totalNanos() >= 10_000_000L && row.cpu().totalNanos() <= 1_000_000_000L,
                "cpu: " + row.cpu().totalNanos());
        assertEquals(1, row.allocated().count());
        assertTrue(
                row.allocated().totalNanos() >= 64 * 64 * 1024L,
                "allocated: " + row.allocated().totalNanos());
        KeptRequest slowest = row.slowest().get(0);
        assertEquals(row.cpu().totalNanos(), slowest.cpuNanos());
        assertEquals(row.allocated().totalNanos(), slowest.allocatedBytes());

        // without a clock: not measured, never zero
        RequestTable unmeasured = new RequestTable(READER, 5, 5);
        Object other = unmeasured.entered(exchange, null);
        unmeasured.exited(exchange, null, other, 1_000, 1_000);
        assertEquals(0, unmeasured.snapshot().get(0).cpu().count());
        assertEquals(-1, unmeasured.snapshot().get(0).slowest().get(0).cpuNanos());
    }

    @Test
    void aRequestAddsUpTheSqlRunInsideItAndFailsOnAThrowableOrAServerError() {
        RequestTable requests = new RequestTable(READER, 5, 5);
        PreparedSql prepared = new PreparedSql();
        StatementTable sql = new StatementTable(RequestState.SQL, new SqlTexts(prepared));
        for (int i = 0; i < 4; i++) {
            Exchange value = new Exchange("GET /items/" + i + " " + (i == 3 ? 503 : 200));
            Object context = requests.entered(value, null);
            sql.exited("SELECT 1", null, context, 1_000, 1_000);
            sql.exited("SELECT 2", null, context, 3_000, 3_000);
            requests.exited(value, null, context, 10_000 * (i + 1), 6_000);
        }
        Exchange thrown = new Exchange("POST /orders 0");
        Object context = requests.entered(thrown, null);
        requests.exited(thrown, new IllegalStateException(), context, 500, 500);
        Exchange abandoned = new Exchange("POST /orders 0");
        requests.exited(abandoned, Recorder.ABANDONED, requests.entered(abandoned, null), 700, 700);

        List<RequestSnapshot> rows = requests.snapshot();
        assertEquals(2, rows.size());
        RequestSnapshot items = rows.get(0);
        assertEquals("GET /items/{id}", items.name());
        assertEquals(4, items.count());
        assertEquals(1, items.errors(), "the 503");
        assertEquals(100_000, items.totalNanos());
        assertEquals(8, items.sql().count());
        assertEquals(16_000, items.sql().totalNanos());
        assertEquals(20_000, items.p50Nanos());
        assertEquals(40_000, items.maxNanos());
        assertEquals(List.of("GET /items/{id}"), sql.snapshot().get(0).requests());
        assertEquals(4, items.slowest().size());
        assertEquals(40_000, items.slowest().get(0).durationNanos(), "slowest first");
        assertEquals(10_000, items.slowest().get(3).durationNanos());
        assertEquals(503, items.slowest().get(0).status());
        assertEquals(1, items.failed().size());
        assertEquals(503, items.failed().get(0).status());
        assertEquals(null, items.failed().get(0).error());
        assertEquals(
                1, items.slowest().get(0).calls().size(), "SELECT 1 and SELECT 2 are one text, one after the other");
        assertEquals("SELECT ?", items.slowest().get(0).calls().get(0).name());
        assertEquals(2, items.slowest().get(0).calls().get(0).count());
        assertEquals(4_000, items.slowest().get(0).calls().get(0).totalNanos());
        RequestSnapshot orders = rows.get(1);
        assertEquals("POST /orders", orders.name());
        assertEquals(2, orders.count());
        assertEquals(2, orders.errors());
        assertEquals(0, orders.sql().count());
    }

    @Test
    void identicalCallsOneAfterTheOtherFoldIntoOneNodeAndOnlyTheSlowestAndLastFailedAreKept() {
        RequestTable requests = new RequestTable(READER, 2, 1);
        StatementTable sql = new StatementTable(RequestState.SQL, new SqlTexts(new PreparedSql()));
        for (int i = 0; i < 5; i++) {
            Exchange value = new Exchange("GET /cart 200");
            Object context = requests.entered(value, null);
            sql.exited("SELECT * FROM cart WHERE id = 1", null, context, 100, 100);
            for (int j = 0; j < 40; j++) {
                sql.exited("SELECT name FROM item WHERE id = " + j, null, context, 10, 10);
            }
            sql.exited("SELECT * FROM cart WHERE id = 1", null, context, 100, 100);
            requests.exited(
                    value,
                    i == 1 || i == 3 ? new IllegalStateException("no stock " + i) : null,
                    context,
                    1_000 * (i + 1),
                    0);
        }
        RequestSnapshot cart = requests.snapshot().get(0);
        assertEquals(2, cart.slowest().size());
        assertEquals(5_000, cart.slowest().get(0).durationNanos());
        assertEquals(4_000, cart.slowest().get(1).durationNanos());
        assertEquals(
                "java.lang.IllegalStateException: no stock 3",
                cart.slowest().get(1).error());
        assertEquals(1, cart.failed().size());
        assertEquals(4_000, cart.failed().get(0).durationNanos(), "the last that failed");
        List<String> tree = new java.util.ArrayList<>();
        for (dev.sonde.core.snapshot.CallSnapshot call : cart.slowest().get(0).calls()) {
            tree.add(call.name() + " ×" + call.count() + " " + call.totalNanos());
        }
        assertEquals(
                List.of(
                        "SELECT * FROM cart WHERE id = ? ×1 100",
                        "SELECT name FROM item WHERE id = ? ×40 400",
                        "SELECT * FROM cart WHERE id = ? ×1 100"),
                tree);
    }

    /** A tree as lines: each call's kind, name, count and time, indented beneath the method it ran in. */
    private static void lines(List<dev.sonde.core.snapshot.CallSnapshot> calls, String indent, List<String> out) {
        for (dev.sonde.core.snapshot.CallSnapshot call : calls) {
            out.add(indent + call.kind() + " " + call.name() + " ×" + call.count() + " " + call.totalNanos());
            lines(call.children(), indent + "  ", out);
        }
    }

    @Test
    void timedMethodsAreNodesWithTheCallsMadeInsideThemAsTheirChildrenAndIdenticalOnesFold() {
        RequestState request =
                new RequestState("GET /", method -> method == 1 ? "shop.Service#list" : "shop.Repo#find");
        request.methodExited(7, 5, false); // started before the request: not in it
        request.methodEntered(1);
        request.call(RequestState.SQL, "SELECT a", 10);
        for (int i = 0; i < 3; i++) {
            request.methodEntered(2);
            request.call(RequestState.SQL, "SELECT b", 5);
            request.methodExited(2, 20, false);
        }
        request.methodExited(1, 100, false);
        request.call(RequestState.SQL, "COMMIT", 1);

        List<String> tree = new ArrayList<>();
        lines(request.calls(), "", tree);
        assertEquals(
                List.of(
                        "method shop.Service#list ×1 100",
                        "  sql SELECT a ×1 10",
                        "  method shop.Repo#find ×3 60",
                        "    sql SELECT b ×3 15",
                        "sql COMMIT ×1 1"),
                tree,
                "an N+1 inside a loop of calls to one method shows as one line under it");
        assertEquals(1, request.methodCount(), "the outermost method only");
        assertEquals(100, request.methodNanos());
        assertEquals(5, request.count(RequestState.SQL));
        assertEquals(5, RequestState.size(request.calls()));
    }

    @Test
    void aTreeStopsGrowingAtItsCapAndFoldsTheRestIntoItsLastNode() {
        RequestState request = new RequestState("GET /");
        for (int i = 0; i < RequestState.MAX_NODES + 500; i++) {
            request.call(RequestState.SQL, "SELECT " + (i % 2), 1);
        }
        List<dev.sonde.core.snapshot.CallSnapshot> calls = request.calls();
        assertEquals(RequestState.MAX_NODES, calls.size());
        assertEquals(
                "(further calls, past 999 nodes)", calls.get(calls.size() - 1).name());
        assertEquals(501, calls.get(calls.size() - 1).count());
        assertEquals(RequestState.MAX_NODES + 500, request.count(RequestState.SQL));
    }

    @Test
    void theKeptTreesTogetherHoldAtMostTheirCapOfCalls() {
        RequestTable requests = new RequestTable(READER, 5, 5);
        StatementTable sql = new StatementTable(RequestState.SQL, new SqlTexts(new PreparedSql()));
        for (int i = 0; i < 300; i++) {
            Exchange value = new Exchange("GET /page" + i + " 500");
            Object context = requests.entered(value, null);
            for (int j = 0; j < 2 * RequestState.MAX_NODES; j++) {
                sql.exited("SELECT " + (j % 2 == 0 ? "a" : "b") + " FROM t", null, context, 1, 1);
            }
            requests.exited(value, null, context, 1_000, 1_000);
        }
        long kept = 0;
        for (RequestSnapshot row : requests.snapshot()) {
            for (dev.sonde.core.snapshot.KeptRequest request : row.slowest()) {
                kept += request.calls().size();
            }
            for (dev.sonde.core.snapshot.KeptRequest request : row.failed()) {
                kept += request.calls().size();
            }
        }
        assertTrue(kept <= RequestTable.MAX_KEPT_CALLS, kept + " calls kept");
        assertTrue(kept >= RequestTable.MAX_KEPT_CALLS - RequestState.MAX_NODES, kept + " calls kept: the cap is used");
    }

    @Test
    void namesPastTheCapShareOneRow() {
        RequestTable requests = new RequestTable(READER, 5, 5);
        for (int i = 0; i < RequestTable.MAX_NAMES + 25; i++) {
            Exchange value = new Exchange("GET /page" + i + " 200");
            requests.exited(value, null, requests.entered(value, null), 1_000, 1_000);
        }
        List<RequestSnapshot> rows = requests.snapshot();
        assertEquals(RequestTable.MAX_NAMES + 1, rows.size());
        RequestSnapshot other = rows.get(rows.size() - 1);
        assertTrue(other.other());
        assertEquals(25, other.count());
    }

    @Test
    void anEntryPointsScopeBringsItsNameAndHasNoStatus() {
        RequestTable requests = new RequestTable(READER, 5, 5);
        String entry = "com.shop.Nightly#run";
        Object context = requests.entered(entry, null);
        requests.exited(entry, null, context, 5_000, 5_000);
        requests.exited(entry, new IllegalStateException(), requests.entered(entry, null), 1_000, 1_000);
        List<RequestSnapshot> rows = requests.snapshot();
        assertEquals(1, rows.size());
        assertEquals("com.shop.Nightly#run", rows.get(0).name());
        assertEquals(2, rows.get(0).count());
        assertEquals(1, rows.get(0).errors());
    }

    @Test
    void aScopeWithoutItsRequestStateIsNotCounted() {
        RequestTable requests = new RequestTable(READER, 5, 5);
        requests.exited(new Exchange("GET / 200"), null, null, 1_000, 1_000);
        assertEquals(0, requests.snapshot().size());
    }
}
