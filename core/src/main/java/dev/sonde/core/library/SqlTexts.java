package dev.sonde.core.library;

/**
 * The text of a SQL statement from its scope's value: the SQL itself, normalized ({@link SqlText}) through
 * a bounded cache, or the statement object, whose SQL {@link PreparedSql} kept when it was prepared.
 */
final class SqlTexts implements StatementTable.Texts {

    private final PreparedSql prepared;

    SqlTexts(PreparedSql prepared) {
        this.prepared = prepared;
    }

    @Override
    public String text(Object value) {
        String text = value instanceof String ? prepared.normalized((String) value) : prepared.textOf(value);
        return text != null ? text : PreparedSql.unknown(value);
    }
}
