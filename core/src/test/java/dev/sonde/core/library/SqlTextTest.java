package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlTextTest {

    private static void normalizes(String expected, String sql) {
        assertEquals(expected, SqlText.normalize(sql), sql);
    }

    @Test
    void literalsBecomeMarks() {
        normalizes("SELECT * FROM item WHERE id = ?", "SELECT * FROM item WHERE id = 42");
        normalizes(
                "SELECT * FROM item WHERE name = ? AND price > ?",
                "SELECT * FROM item WHERE name = 'O''Brien' AND price > 9.99");
        normalizes("UPDATE t SET x = ? WHERE y = ?", "UPDATE t SET x = -1.5e3 WHERE y = 0x1F");
        normalizes("SELECT ? FROM dual", "SELECT E'tab\\there' FROM dual");
        normalizes("SELECT ?", "SELECT $body$ it's all 'quoted' $body$");
        normalizes("SELECT ?", "SELECT $$ text $$");
        normalizes("SELECT a - ? FROM t", "SELECT a - 1 FROM t");
        normalizes("INSERT INTO t VALUES (?)", "INSERT INTO t VALUES (1, 'two', 3.0)");
    }

    @Test
    void listsOfLiteralsFoldIntoOne() {
        normalizes("SELECT * FROM t WHERE id IN (?)", "SELECT * FROM t WHERE id IN (1, 2, 3, 4)");
        normalizes("SELECT * FROM t WHERE id IN (?)", "SELECT * FROM t WHERE id IN (7)");
        normalizes("SELECT * FROM t WHERE id IN (?)", "SELECT * FROM t WHERE id IN ('a','b')");
        normalizes("SELECT * FROM t WHERE id IN (?, :b)", "SELECT * FROM t WHERE id IN (1, :b)");
    }

    @Test
    void namesBindMarkersAndKeywordsStay() {
        normalizes(
                "SELECT t1.col_2 FROM t1 WHERE a = ? AND b = :name AND c = $1",
                "SELECT t1.col_2 FROM t1 WHERE a = ? AND b = :name AND c = $1");
        normalizes("SELECT \"Order 1\".x, `y2` FROM \"Order 1\"", "SELECT \"Order 1\".x, `y2` FROM \"Order 1\"");
        normalizes("SELECT NULL, TRUE, FALSE FROM t", "SELECT NULL, TRUE, FALSE FROM t");
    }

    @Test
    void commentsGoAndWhitespaceFolds() {
        normalizes("SELECT a FROM t WHERE b = ?", "  SELECT a -- the a\n  FROM   t /* the table */\n\tWHERE b = 'x'  ");
        normalizes("SELECT ?", "SELECT 1 -- unterminated");
        normalizes("SELECT", "SELECT /* never closed");
    }

    @Test
    void anUnterminatedStringHidesWhatFollows() {
        normalizes("SELECT ?", "SELECT 'secret and more");
    }

    @Test
    void longTextsAreCut() {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < 1_000; i++) {
            sql.append("column_").append(i).append(", ");
        }
        String text = SqlText.normalize(sql.append("x FROM t").toString());
        assertEquals(SqlText.MAX_LENGTH + 1, text.length());
        assertTrue(text.endsWith("…"));
    }
}
