package dev.sonde.core.library;

import java.util.HashMap;
import java.util.Map;

/**
 * The text of a SQL statement from its scope's value: the SQL itself, normalized ({@link SqlText}) through
 * a bounded cache, or the statement object, whose SQL {@link PreparedSql} kept when it was prepared.
 */
final class SqlTexts implements StatementTable.Texts {

    /** Raw texts whose normalized form is remembered, so that a statement run again is not read again. */
    static final int MAX_CACHED = 4_096;

    private final PreparedSql prepared;
    private final Map<String, String> normalized = new HashMap<>();

    SqlTexts(PreparedSql prepared) {
        this.prepared = prepared;
    }

    @Override
    public String text(Object value) {
        String text = value instanceof String ? normalized((String) value) : prepared.textOf(value);
        return text != null ? text : PreparedSql.unknown(value);
    }

    private synchronized String normalized(String sql) {
        String text = normalized.get(sql);
        if (text == null) {
            text = SqlText.normalize(sql);
            if (normalized.size() >= MAX_CACHED) {
                normalized.clear(); // a program that sends ever new texts: start over rather than grow
            }
            normalized.put(sql, text);
        }
        return text;
    }
}
