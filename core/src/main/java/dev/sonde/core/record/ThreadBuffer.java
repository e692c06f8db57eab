package dev.sonde.core.record;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread's pending timings. Its owner appends without locks or atomic read-modify-writes: one
 * array store and one ordered store of the fill level per call. When the array is full the owner
 * folds it into the shared stats under the buffer's lock; a reader that wants everything (the
 * report) takes the same lock and folds what has been published so far.
 *
 * <p>An entry packs the method id (19 bits), an error flag and the duration (up to 2^43 ns, about
 * 2.4 hours); a longer duration goes straight to the shared stats.
 */
final class ThreadBuffer {

    static final int DURATION_BITS = 43;
    static final long DURATION_MASK = (1L << DURATION_BITS) - 1;
    static final long ERROR_BIT = 1L << DURATION_BITS;
    static final int ID_SHIFT = DURATION_BITS + 1;

    final Thread owner;
    private final Recorder recorder;
    private final long[] entries;
    /** How many entries the owner has written; read by others only through {@link #published}. */
    private int written;
    /** The fill level made visible to other threads, with release semantics. */
    private final AtomicInteger published = new AtomicInteger();
    /** Entries before this index are already folded in; guarded by this buffer's lock. */
    private int folded;
    /** Set while the owner works inside the probe: calls made by the probe itself are not timed. */
    boolean busy;

    ThreadBuffer(Recorder recorder, Thread owner, int capacity) {
        this.recorder = recorder;
        this.owner = owner;
        this.entries = new long[capacity];
    }

    void add(int method, long nanos, boolean error) {
        if (busy) {
            return;
        }
        if ((nanos & ~DURATION_MASK) != 0) {
            recorder.recordNow(this, method, Math.max(0, nanos), error);
            return;
        }
        int at = written;
        entries[at] = ((long) method << ID_SHIFT) | (error ? ERROR_BIT : 0) | nanos;
        if (++at == entries.length) {
            fold(at);
        } else {
            written = at;
            published.lazySet(at);
        }
    }

    /** Folds every entry written so far by the owner; called by the owner when full. */
    private void fold(int upTo) {
        busy = true;
        try {
            synchronized (this) {
                recorder.fold(entries, folded, upTo);
                folded = 0;
                written = 0;
                published.set(0);
            }
        } finally {
            busy = false;
        }
    }

    /** Folds what the owner has published; any thread may call it. */
    synchronized void drain() {
        int upTo = published.get();
        if (upTo > folded) {
            recorder.fold(entries, folded, upTo);
            folded = upTo;
        }
    }

    static int method(long entry) {
        return (int) (entry >>> ID_SHIFT);
    }

    static long nanos(long entry) {
        return entry & DURATION_MASK;
    }

    static boolean error(long entry) {
        return (entry & ERROR_BIT) != 0;
    }
}
