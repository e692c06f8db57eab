package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.core.snapshot.StatementSnapshot;
import dev.sonde.core.snapshot.StatementUse;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementTableTest {

    @Test
    void statementsDifferingInTheirValuesAreOne() {
        PreparedSql prepared = new PreparedSql();
        StatementTable table = new StatementTable(RequestState.SQL, new SqlTexts(prepared));
        for (int i = 1; i <= 300; i++) {
            table.exited("SELECT * FROM item WHERE id = " + i, null, null, i * 1_000L, 0);
        }
        table.exited("SELECT * FROM item WHERE id = 0", new IllegalStateException(), null, 5_000L, 0);
        List<StatementSnapshot> rows = table.snapshot();
        assertEquals(1, rows.size());
        StatementSnapshot row = rows.get(0);
        assertEquals("sql", row.kind());
        assertEquals("SELECT * FROM item WHERE id = ?", row.text());
        assertFalse(row.other());
        assertEquals(301, row.count());
        assertEquals(1, row.errors());
        assertEquals(300 * 301 / 2 * 1_000L + 5_000L, row.totalNanos());
        assertEquals(300_000, row.maxNanos());
        // past the exact values: from the histogram, two significant digits
        assertEquals(150_000, row.p50Nanos(), 1_500);
        assertEquals(297_000, row.p99Nanos(), 3_000);
    }

    @Test
    void aStatementIsToldTheNameItsRequestEndedWithAndACallAfterItsRequestTheNameItHad() {
        StatementTable table = new StatementTable(RequestState.REDIS);
        RequestState request = new RequestState("GET /shop/api/owners/7");
        table.record("GET user:{n}", 1_000, false, request);
        table.record("GET user:{n}", 1_000, false, request);
        request.name = "GET /shop/api/owners/{ownerId}"; // the framework's route, known as the request ends
        request.end();
        table.record("GET user:{n}", 1_000, false, request); // an asynchronous call that ended after it

        request.name = "GET /later";
        table.record("GET user:{n}", 1_000, false, request);

        List<StatementSnapshot> rows = table.snapshot();
        assertEquals(
                List.of("GET /later", "GET /shop/api/owners/{ownerId}"),
                rows.get(0).requests());
        assertEquals(4, rows.get(0).count());
        // per request name: the request that ran it twice; the later calls only name theirs
        List<StatementUse> uses = rows.get(0).uses();
        assertEquals(2, uses.size());
        assertEquals("GET /shop/api/owners/{ownerId}", uses.get(0).request());
        assertEquals(1, uses.get(0).requests());
        assertEquals(2, uses.get(0).count());
        assertEquals(2_000, uses.get(0).totalNanos());
        assertEquals(2, uses.get(0).maxCount());
        assertEquals("GET /later", uses.get(1).request());
        assertEquals(0, uses.get(1).requests());
    }

    @Test
    void aStatementCountsHowOftenEachRequestRanIt() {
        StatementTable table = new StatementTable(RequestState.SQL);
        for (int times : new int[] {3, 5, 1}) {
            RequestState request = new RequestState("GET /owners/{id}");
            for (int i = 0; i < times; i++) {
                table.record("SELECT * FROM pet WHERE owner_id = ?", 1_000, false, request);
            }
            request.end();
        }
        StatementUse use = table.snapshot().get(0).uses().get(0);
        assertEquals(3, use.requests());
        assertEquals(9, use.count());
        assertEquals(9_000, use.totalNanos());
        assertEquals(5, use.maxCount());
    }

    @Test
    void aPreparedStatementIsReportedWithTheSqlItWasPreparedWith() {
        PreparedSql prepared = new PreparedSql();
        StatementTable table = new StatementTable(RequestState.SQL, new SqlTexts(prepared));
        Object statement = new Object();
        prepared.exited("SELECT name FROM item WHERE id = 7", statement, null, 10, 10);
        table.exited(statement, null, null, 2_000, 2_000);
        table.exited(statement, null, null, 4_000, 4_000);
        table.exited(new Object(), null, null, 1_000, 1_000);
        List<StatementSnapshot> rows = table.snapshot();
        assertEquals(2, rows.size());
        assertEquals("SELECT name FROM item WHERE id = ?", rows.get(0).text());
        assertEquals(2, rows.get(0).count());
        assertEquals(2_000, rows.get(0).p50Nanos()); // nearest rank of two: the lower
        assertEquals("(a batch of statements)", rows.get(1).text());
    }

    @Test
    void aPlainStatementsBatchIsReportedWithItsTextWhileItsStatementsAreOneAndForgottenOnceItRan() {
        PreparedSql prepared = new PreparedSql();
        StatementTable table = new StatementTable(RequestState.SQL, new SqlTexts(prepared));
        Object statement = new Object();
        prepared.exited(new Object[] {statement, "UPDATE item SET price = 1 WHERE id = 1"}, null, null, 1, 1);
        prepared.exited(new Object[] {statement, "UPDATE item SET price = 2 WHERE id = 2"}, null, null, 1, 1);
        table.exited(statement, null, null, 1_000, 1_000); // executeBatch()
        prepared.exited(new Object[] {statement, "DELETE FROM item WHERE id = 1"}, null, null, 1, 1);
        prepared.exited(new Object[] {statement, "INSERT INTO item VALUES (3)"}, null, null, 1, 1);
        table.exited(statement, null, null, 1_000, 1_000);
        prepared.exited(new Object[] {statement, "DELETE FROM item WHERE id = 1"}, null, null, 1, 1);
        prepared.exited(statement, null, null, 1, 1); // clearBatch()
        table.exited(statement, null, null, 1_000, 1_000); // an empty batch
        List<String> texts = new java.util.ArrayList<>();
        for (StatementSnapshot row : table.snapshot()) {
            texts.add(row.text() + " " + row.count());
        }
        texts.sort(null);
        assertEquals(
                List.of(
                        "(a batch of different statements) 1",
                        "(a batch of statements) 1",
                        "UPDATE item SET price = ? WHERE id = ? 1"),
                texts);
        assertEquals(0, prepared.size(), "batches forgotten once they ran");
    }

    @Test
    void aFailedPreparationKeepsNoText() {
        PreparedSql prepared = new PreparedSql();
        prepared.exited("SELECT 1", new java.sql.SQLException("syntax"), null, 10, 10);
        assertEquals(0, prepared.size());
    }

    @Test
    void memoryStaysFlatUnderAMillionDistinctStatements() {
        PreparedSql prepared = new PreparedSql();
        StatementTable table = new StatementTable(RequestState.SQL, new SqlTexts(prepared));
        for (int i = 0; i < 1_000_000; i++) {
            table.exited("SELECT * FROM table_" + i + " WHERE id = " + i, null, null, 1_000, 1_000);
        }
        List<StatementSnapshot> rows = table.snapshot();
        assertEquals(StatementTable.MAX_STATEMENTS + 1, rows.size());
        StatementSnapshot other = rows.get(rows.size() - 1);
        assertTrue(other.other());
        assertEquals(1_000_000 - StatementTable.MAX_STATEMENTS, other.count());
        long total = 0;
        for (StatementSnapshot row : rows) {
            total += row.count();
        }
        assertEquals(1_000_000, total);
    }

    @Test
    void statementsAreFollowedOnlyWhileTheyLive() throws InterruptedException {
        PreparedSql prepared = new PreparedSql();
        Object kept = new Object();
        prepared.put(kept, "SELECT ?");
        for (int i = 0; i < 1_000; i++) {
            prepared.put(new Object(), "SELECT " + i);
        }
        for (int attempt = 0; attempt < 50 && prepared.size() > 1; attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(1, prepared.size());
        assertEquals("SELECT ?", prepared.textOf(kept));
        assertNull(prepared.textOf(new Object()));
    }
}
