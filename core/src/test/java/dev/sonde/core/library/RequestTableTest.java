package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.snapshot.RequestSnapshot;
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

    @Test
    void aRequestAddsUpTheSqlRunInsideItAndFailsOnAThrowableOrAServerError() {
        RequestTable requests = new RequestTable(READER);
        PreparedSql prepared = new PreparedSql();
        StatementTable sql = new StatementTable("sql", prepared);
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
        assertEquals(8, items.sqlCount());
        assertEquals(16_000, items.sqlNanos());
        assertEquals(20_000, items.p50Nanos());
        assertEquals(40_000, items.maxNanos());
        assertEquals(List.of("GET /items/{id}"), sql.snapshot().get(0).requests());
        RequestSnapshot orders = rows.get(1);
        assertEquals("POST /orders", orders.name());
        assertEquals(2, orders.count());
        assertEquals(2, orders.errors());
        assertEquals(0, orders.sqlCount());
    }

    @Test
    void namesPastTheCapShareOneRow() {
        RequestTable requests = new RequestTable(READER);
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
        RequestTable requests = new RequestTable(READER);
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
        RequestTable requests = new RequestTable(READER);
        requests.exited(new Exchange("GET / 200"), null, null, 1_000, 1_000);
        assertEquals(0, requests.snapshot().size());
    }
}
