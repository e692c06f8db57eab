package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PreparedSqlTest {

    private final PreparedSql prepared = new PreparedSql();

    @Test
    void aStatementPreparedIsKnownByItsNormalizedTextUntilItIsClosed() {
        Object statement = new Object();
        prepared.exited("SELECT name FROM item WHERE id = 42", statement, null, 1_000, 1_000);

        assertEquals("SELECT name FROM item WHERE id = ?", prepared.textOf(statement));
        assertEquals("SELECT name FROM item WHERE id = ?", prepared.textOf(statement), "as often as it runs");

        prepared.closing().entered(statement, null);

        assertNull(prepared.textOf(statement));
        assertEquals(0, prepared.size(), "forgotten at once, not when collected");
    }

    @Test
    void aTextPreparedAgainIsNormalizedOnce() {
        String first = prepared.normalized("SELECT * FROM item WHERE id IN (1, 2, 3)");
        String again = prepared.normalized("SELECT * FROM item WHERE id IN (1, 2, 3)");

        assertEquals("SELECT * FROM item WHERE id IN (?)", first);
        assertSame(first, again, "the cached text");
    }

    @Test
    void aFailedPreparationKeepsNothing() {
        Object statement = new Object();
        prepared.exited("SELECT 1", new IllegalStateException("no"), null, 1_000, 1_000);
        assertNull(prepared.textOf(statement));
        assertEquals(0, prepared.size());
    }
}
