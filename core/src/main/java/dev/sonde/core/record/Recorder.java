package dev.sonde.core.record;

import dev.sonde.bootstrap.Sink;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives every timing from the bridge and keeps exact counts under any number of threads. The hot
 * path is a thread-local lookup and an append to that thread's {@link ThreadBuffer}; the shared
 * stats are updated in batches under one lock.
 *
 * <p>Memory: one buffer of {@value #BUFFER_ENTRIES} entries (2 KiB) per recording thread, at most
 * {@code maxThreads} of them; buffers of finished threads are folded and dropped when the cap is
 * reached. A thread that finds the cap reached records through a one-entry buffer, that is under the
 * lock on every call: slower, still exact.
 */
public final class Recorder extends Sink {

    static final int BUFFER_ENTRIES = 256;

    private final MethodRegistry registry;
    private final int maxThreads;
    private final ThreadLocal<ThreadBuffer> buffers;
    /** Guarded by itself. Plain arrays rather than collections: this runs inside a thread's first timed call. */
    private final Object registration = new Object();
    private ThreadBuffer[] registered = new ThreadBuffer[16];
    private int registeredCount;

    public Recorder(MethodRegistry registry, int maxThreads) {
        this.registry = registry;
        this.maxThreads = maxThreads;
        // a subclass, not withInitial(lambda): no lambda machinery in the program's JVM
        this.buffers = new ThreadLocal<ThreadBuffer>() {
            @Override
            protected ThreadBuffer initialValue() {
                return newBuffer();
            }
        };
        // Load the buffer class now: loading it later, inside a thread's first timed call, would run
        // ClassLoader code that may itself be timed (java.util.ArrayList#add, say) and re-enter here
        // while the thread-local is still being initialised, without end.
        new ThreadBuffer(this, Thread.currentThread(), 1);
    }

    @Override
    public void record(int method, long nanos) {
        buffers.get().add(method, nanos, false);
    }

    @Override
    public void recordError(int method, long nanos) {
        buffers.get().add(method, nanos, true);
    }

    /** Runs {@code action} with this thread's own timings switched off, for the probe's own work. */
    public void quietly(Runnable action) {
        ThreadBuffer buffer = buffers.get();
        boolean was = buffer.busy;
        buffer.busy = true;
        try {
            action.run();
        } finally {
            buffer.busy = was;
        }
    }

    /** Folds every thread's published timings and returns a snapshot of every method called at least once. */
    public List<MethodSnapshot> snapshot() {
        ThreadBuffer[] all;
        int count;
        synchronized (registration) {
            all = registered.clone();
            count = registeredCount;
        }
        for (int i = 0; i < count; i++) {
            all[i].drain();
        }
        List<MethodSnapshot> snapshots = new ArrayList<>();
        synchronized (this) {
            MethodStats[] table = registry.table();
            int size = registry.size();
            for (int id = 0; id < size; id++) {
                if (table[id].count > 0) {
                    snapshots.add(table[id].snapshot());
                }
            }
        }
        return snapshots;
    }

    /** How many threads currently own a registered buffer. */
    public int bufferedThreads() {
        synchronized (registration) {
            return registeredCount;
        }
    }

    void fold(long[] entries, int from, int to) {
        synchronized (this) {
            MethodStats[] table = registry.table();
            for (int i = from; i < to; i++) {
                long entry = entries[i];
                int method = ThreadBuffer.method(entry);
                if (method < table.length && table[method] != null) {
                    table[method].record(ThreadBuffer.nanos(entry), ThreadBuffer.error(entry));
                }
            }
        }
    }

    void recordNow(ThreadBuffer buffer, int method, long nanos, boolean error) {
        boolean was = buffer.busy;
        buffer.busy = true;
        try {
            synchronized (this) {
                MethodStats[] table = registry.table();
                if (method < table.length && table[method] != null) {
                    table[method].record(nanos, error);
                }
            }
        } finally {
            buffer.busy = was;
        }
    }

    private ThreadBuffer newBuffer() {
        Thread thread = Thread.currentThread();
        synchronized (registration) {
            if (registeredCount >= maxThreads) {
                sweepFinishedThreads();
            }
            if (registeredCount >= maxThreads) {
                return new ThreadBuffer(this, thread, 1);
            }
            ThreadBuffer buffer = new ThreadBuffer(this, thread, BUFFER_ENTRIES);
            if (registeredCount == registered.length) {
                ThreadBuffer[] grown = new ThreadBuffer[registered.length * 2];
                System.arraycopy(registered, 0, grown, 0, registeredCount);
                registered = grown;
            }
            registered[registeredCount++] = buffer;
            return buffer;
        }
    }

    private void sweepFinishedThreads() {
        int kept = 0;
        for (int i = 0; i < registeredCount; i++) {
            ThreadBuffer buffer = registered[i];
            if (buffer.owner.isAlive()) {
                registered[kept++] = buffer;
            } else {
                buffer.drain();
            }
        }
        for (int i = kept; i < registeredCount; i++) {
            registered[i] = null;
        }
        registeredCount = kept;
    }
}
