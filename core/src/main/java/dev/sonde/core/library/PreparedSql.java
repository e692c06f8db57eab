package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL of each prepared statement, kept from the call that prepared it ({@code Connection#prepareStatement},
 * {@code #prepareCall}) until the statement is garbage: its executions ({@code execute()},
 * {@code executeQuery()}, {@code executeBatch()}) carry no SQL of their own. The text is normalized once,
 * as the statement is prepared. A plain statement's batch is kept the same way, from its
 * {@code addBatch(String)} calls until it runs or is cleared. Statements are told apart by identity and
 * held weakly ({@link WeakIdentityMap}); at most {@value #MAX_LIVE} are followed at once, and statements
 * prepared past that are reported without their text.
 */
final class PreparedSql implements ScopeListener.Untimed {

    static final int MAX_LIVE = 65_536;

    /** What a batch of different statements is reported as. */
    static final String MIXED_BATCH = "(a batch of different statements)";

    /** A statement's text, and whether it is a plain statement's batch, forgotten once it runs. */
    private static final class Sql {
        String text;
        final boolean batch;

        Sql(String text, boolean batch) {
            this.text = text;
            this.batch = batch;
        }
    }

    private final WeakIdentityMap<Sql> statements = new WeakIdentityMap<>(MAX_LIVE);

    /**
     * Raw texts whose normalized form is remembered, so that a statement run or prepared again is not read
     * again: most programs prepare their few texts anew for each request.
     */
    static final int MAX_CACHED = 4_096;

    private final ConcurrentHashMap<String, String> normalized = new ConcurrentHashMap<>();

    /** {@code sql} normalized ({@link SqlText}), through the cache. */
    String normalized(String sql) {
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

    /** What a statement's execution is reported as when its text is not known. */
    static String unknown(Object statement) {
        try {
            if (statement instanceof java.sql.PreparedStatement) {
                return "(a statement prepared before the probe started)";
            }
        } catch (LinkageError e) {
            // no java.sql in this runtime: it cannot be one
        }
        return "(a batch of statements)";
    }

    /**
     * A statement prepared ({@code value} the SQL given, {@code outcome} the statement returned, or what was
     * thrown), an SQL added to a plain statement's batch ({@code value} the statement and the SQL), or a
     * batch cleared ({@code value} the statement).
     */
    @Override
    public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
        if (outcome instanceof Throwable || outcome == Recorder.ABANDONED) {
            return;
        }
        if (value instanceof String) {
            if (outcome != null) {
                put(outcome, normalized((String) value));
            }
        } else if (value instanceof Object[]) {
            Object[] added = (Object[]) value;
            if (added.length == 2 && added[0] != null && added[1] instanceof String) {
                batch(added[0], normalized((String) added[1]));
            }
        } else if (value != null) {
            batchDone(value);
        }
    }

    /** What tells of a statement closed, on entry to its {@code close()} (no frame): it is forgotten. */
    ScopeListener.OnEntry closing() {
        return new ScopeListener.OnEntry() {
            @Override
            public Object entered(Object value, Object context) {
                if (value != null) {
                    statements.remove(value);
                }
                return context;
            }
        };
    }

    /** {@code statement} was prepared with {@code text}. */
    void put(Object statement, String text) {
        statements.put(statement, new Sql(text, false));
    }

    /** {@code text} was added to {@code statement}'s batch. */
    synchronized void batch(Object statement, String text) {
        Sql known = statements.get(statement);
        if (known == null) {
            statements.put(statement, new Sql(text, true));
        } else if (known.batch && !known.text.equals(text)) {
            known.text = MIXED_BATCH;
        }
    }

    /** A plain statement's batch was cleared: its next batch starts afresh. A prepared statement's text stays. */
    synchronized void batchDone(Object statement) {
        Sql known = statements.get(statement);
        if (known != null && known.batch) {
            statements.remove(statement);
        }
    }

    /**
     * The normalized SQL {@code statement} was prepared with, or that its batch holds; null when neither
     * is known. A plain statement's batch is forgotten as it is read: it ran. A prepared statement's text,
     * set as it was prepared and never changed, is read without this object's lock, which only batches,
     * whose text changes as they grow, need: every execution of a prepared statement comes here.
     */
    String textOf(Object statement) {
        Sql known = statements.get(statement);
        if (known == null) {
            return null;
        }
        if (!known.batch) {
            return known.text;
        }
        synchronized (this) {
            statements.remove(statement);
            return known.text;
        }
    }

    /** How many statements are followed now. */
    int size() {
        return statements.size();
    }
}
