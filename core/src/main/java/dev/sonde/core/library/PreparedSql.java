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

    /** {@code value} is the SQL given to the call; {@code outcome} the statement it returned, or what it threw. */
    @Override
    public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
        if (value instanceof String
                && outcome != null
                && !(outcome instanceof Throwable)
                && outcome != Recorder.ABANDONED) {
            put(outcome, SqlText.normalize((String) value));
        }
    }

    /** The normalized SQL {@code statement} was prepared with, or null. */
    synchronized String textOf(Object statement) {
        if (statement == null) {
            return null;
        }
        int hash = System.identityHashCode(statement);
        for (Entry entry = table[hash & (table.length - 1)]; entry != null; entry = entry.next) {
            if (entry.hash == hash && entry.get() == statement) {
                return entry.text;
            }
        }
        return null;
    }

    synchronized void put(Object statement, String text) {
        dropCollected();
        int hash = System.identityHashCode(statement);
        int index = hash & (table.length - 1);
        for (Entry entry = table[index]; entry != null; entry = entry.next) {
            if (entry.hash == hash && entry.get() == statement) {
                entry.text = text;
                return;
            }
        }
        if (size >= MAX_LIVE) {
            return;
        }
        table[index] = new Entry(statement, hash, text, table[index], collected);
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
        Entry next;

        Entry(Object statement, int hash, String text, Entry next, ReferenceQueue<Object> queue) {
            super(statement, queue);
            this.hash = hash;
            this.text = text;
            this.next = next;
        }
    }
}
