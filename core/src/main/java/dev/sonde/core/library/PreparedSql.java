package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * The SQL of each prepared statement, kept from the call that prepared it ({@code Connection#prepareStatement},
 * {@code #prepareCall}) until the statement is garbage: its executions ({@code execute()},
 * {@code executeQuery()}, {@code executeBatch()}) carry no SQL of their own. The text is normalized once,
 * as the statement is prepared.
 *
 * <p>Statements are told apart by identity and held weakly: the probe never calls a program object's
 * {@code equals} or {@code hashCode}, and never keeps one alive. The JDK has no weak identity map, and the
 * libraries that do start threads or run lambdas, which the probe's recording path must not; so this is
 * a small one of its own: a hash table of weak references, cleared entries dropped as they are met. At
 * most {@value #MAX_LIVE} statements are followed at once; statements prepared past that are reported
 * without their text.
 */
final class PreparedSql implements ScopeListener {

    static final int MAX_LIVE = 65_536;

    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private Entry[] table = new Entry[64];
    private int size;

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

    @Override
    public Object entered(Object value, Object context) {
        return context;
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
                put(outcome, SqlText.normalize((String) value));
            }
        } else if (value instanceof Object[]) {
            Object[] added = (Object[]) value;
            if (added.length == 2 && added[0] != null && added[1] instanceof String) {
                batch(added[0], SqlText.normalize((String) added[1]));
            }
        } else if (value != null) {
            batchDone(value);
        }
    }

    /** What a batch of different statements is reported as. */
    static final String MIXED_BATCH = "(a batch of different statements)";

    /** {@code text} was added to {@code statement}'s batch. */
    synchronized void batch(Object statement, String text) {
        Entry entry = entry(statement);
        if (entry == null) {
            put(statement, text, true);
        } else if (entry.batch && !entry.text.equals(text)) {
            entry.text = MIXED_BATCH;
        }
    }

    /**
     * The batch of a plain statement ran or was cleared: its texts are forgotten, so that its next batch
     * starts afresh. A prepared statement's text stays.
     */
    synchronized void batchDone(Object statement) {
        Entry entry = entry(statement);
        if (entry != null && entry.batch) {
            entry.enqueue(); // cleared, and dropped from the table with the collected ones
        }
    }

    /**
     * The normalized SQL {@code statement} was prepared with, or that its batch holds; null when neither
     * is known. A plain statement's batch is forgotten as it is read: it ran.
     */
    synchronized String textOf(Object statement) {
        Entry entry = entry(statement);
        if (entry == null) {
            return null;
        }
        String text = entry.text;
        if (entry.batch) {
            entry.enqueue();
        }
        return text;
    }

    private Entry entry(Object statement) {
        if (statement == null) {
            return null;
        }
        int hash = System.identityHashCode(statement);
        for (Entry entry = table[hash & (table.length - 1)]; entry != null; entry = entry.next) {
            if (entry.hash == hash && entry.get() == statement) {
                return entry;
            }
        }
        return null;
    }

    synchronized void put(Object statement, String text) {
        put(statement, text, false);
    }

    private void put(Object statement, String text, boolean batch) {
        dropCollected();
        int hash = System.identityHashCode(statement);
        int index = hash & (table.length - 1);
        for (Entry entry = table[index]; entry != null; entry = entry.next) {
            if (entry.hash == hash && entry.get() == statement) {
                entry.text = text;
                entry.batch = batch;
                return;
            }
        }
        if (size >= MAX_LIVE) {
            return;
        }
        table[index] = new Entry(statement, hash, text, table[index], collected);
        table[index].batch = batch;
        size++;
        if (size > table.length * 3 / 4) {
            resize();
        }
    }

    /** How many statements are followed now (collected ones dropped first). */
    synchronized int size() {
        dropCollected();
        return size;
    }

    private void dropCollected() {
        Object gone;
        while ((gone = collected.poll()) != null) {
            Entry dead = (Entry) gone;
            int index = dead.hash & (table.length - 1);
            Entry previous = null;
            for (Entry entry = table[index]; entry != null; previous = entry, entry = entry.next) {
                if (entry == dead) {
                    if (previous == null) {
                        table[index] = entry.next;
                    } else {
                        previous.next = entry.next;
                    }
                    size--;
                    break;
                }
            }
        }
    }

    private void resize() {
        Entry[] old = table;
        Entry[] grown = new Entry[old.length * 2];
        for (Entry head : old) {
            Entry entry = head;
            while (entry != null) {
                Entry next = entry.next;
                int index = entry.hash & (grown.length - 1);
                entry.next = grown[index];
                grown[index] = entry;
                entry = next;
            }
        }
        table = grown;
    }

    private static final class Entry extends WeakReference<Object> {
        final int hash;
        String text;
        /** Whether the text is a plain statement's batch, forgotten once it runs, rather than a prepared statement's. */
        boolean batch;

        Entry next;

        Entry(Object statement, int hash, String text, Entry next, ReferenceQueue<Object> queue) {
            super(statement, queue);
            this.hash = hash;
            this.text = text;
            this.next = next;
        }
    }
}
