package dev.sonde.tracer;

import dev.sonde.bootstrap.TraceBuffer;
import dev.sonde.bootstrap.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which invocations are traced and records their events. Each thread appends to its own chunk
 * of raw values (a long each; references kept beside them, never read on the program's threads) and
 * hands a full chunk to the writer through a bounded queue, so the program waits rather than lose
 * events when the writer falls behind. Recording stops for good after {@code maxEvents} instruction
 * events, or when the writer says the byte cap is reached.
 */
public final class TraceRecorder extends TraceSink {

    static final int CHUNK = 1 << 14;
    static final long ENTER = 1L << 60;
    static final long STEP = 2L << 60;
    static final long RETURNED = 3L << 60;
    static final long UNWOUND = 4L << 60;
    static final long TAG = 0xFL << 60;

    /** Events of one thread, in order: markers and the raw values that follow them. */
    static final class Chunk {
        final int owner;
        final String thread;
        final long[] data = new long[CHUNK];
        final Object[] refs = new Object[CHUNK];
        int length;

        Chunk(int owner, String thread) {
            this.owner = owner;
            this.thread = thread;
        }
    }

    private final List<TracedMethod> methods = new ArrayList<>();
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(64);
    private final AtomicLong eventsLeft;
    private final long maxEvents;
    private volatile boolean stopped;
    private volatile Thread writer;
    private final ThreadLocal<ThreadTrace> threads = new ThreadLocal<ThreadTrace>() {
        @Override
        protected ThreadTrace initialValue() {
            return new ThreadTrace(Thread.currentThread().getName());
        }
    };
    private final List<ThreadTrace> all = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger threadIds = new java.util.concurrent.atomic.AtomicInteger();

    public TraceRecorder(long maxEvents) {
        this.maxEvents = maxEvents;
        this.eventsLeft = new AtomicLong(maxEvents);
    }

    /** Registers a woven method; its id is what the woven code passes to {@code Trace.enter}. */
    public synchronized int register(TracedMethod method) {
        methods.add(method);
        return methods.size() - 1;
    }

    synchronized TracedMethod method(int id) {
        return methods.get(id);
    }

    void writer(Thread thread) {
        this.writer = thread;
    }

    long maxEvents() {
        return maxEvents;
    }

    boolean eventCapReached() {
        return eventsLeft.get() <= 0;
    }

    /** Stops recording new events (the byte cap was reached, or the JVM is exiting). */
    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    /** The next full chunk, or null after {@code millis} without one. */
    Chunk take(long millis) throws InterruptedException {
        return full.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Hands every thread's partly filled chunk to the writer; called at exit. */
    void flushAll() {
        List<ThreadTrace> copy;
        synchronized (all) {
            copy = new ArrayList<>(all);
        }
        for (ThreadTrace trace : copy) {
            trace.flush();
        }
    }

    @Override
    public TraceBuffer enter(int method) {
        if (stopped || Thread.currentThread() == writer) {
            return null;
        }
        ThreadTrace trace = threads.get();
        if (trace.busy) {
            return null;   // the recorder's own work (handing over a chunk) is never traced
        }
        if (trace.reserved == 0 && eventsLeft.get() <= 0) {
            return null;   // the event budget is spent: no more invocations are traced on this thread
        }
        trace.depth++;
        trace.put(ENTER | method, null);
        return trace;
    }

    /** One thread's recording; only that thread calls it, except {@link #flush} at exit. */
    final class ThreadTrace extends TraceBuffer {
        private final int id = threadIds.incrementAndGet();
        private final String thread;
        private Chunk chunk;
        private long reserved;
        boolean busy;
        int depth;

        ThreadTrace(String thread) {
            this.thread = thread;
            this.chunk = new Chunk(id, thread);
            synchronized (all) {
                all.add(this);
            }
        }

        @Override
        public void step(int instruction) {
            if (reserved == 0 && !reserve()) {
                return;
            }
            reserved--;
            put(STEP | instruction, null);
        }

        /** Takes a block of events from the shared budget; false, and tracing stops, when it is spent. */
        private boolean reserve() {
            while (true) {
                long left = eventsLeft.get();
                if (left <= 0) {
                    return false;   // other threads may still spend what they reserved
                }
                long block = Math.min(1024, left);
                if (eventsLeft.compareAndSet(left, left - block)) {
                    reserved = block;
                    return true;
                }
            }
        }

        @Override
        public void i(int value) {
            put(value, null);
        }

        @Override
        public void j(long value) {
            put(value, null);
        }

        @Override
        public void f(float value) {
            put(Float.floatToRawIntBits(value), null);
        }

        @Override
        public void d(double value) {
            put(Double.doubleToRawLongBits(value), null);
        }

        @Override
        public void a(Object value) {
            put(0, value);
        }

        @Override
        public void u() {
            put(0, null);
        }

        @Override
        public void returned() {
            depth--;
            put(RETURNED, null);
        }

        @Override
        public void unwound(Throwable thrown) {
            depth--;
            put(UNWOUND, thrown);
        }

        private void put(long value, Object ref) {
            Chunk current = chunk;
            int at = current.length;
            current.data[at] = value;
            current.refs[at] = ref;
            current.length = at + 1;
            if (at + 1 == CHUNK) {
                handOver();
            }
        }

        private void handOver() {
            busy = true;
            try {
                Chunk done;
                synchronized (this) {
                    done = chunk;
                    chunk = new Chunk(id, thread);
                }
                boolean interrupted = false;
                while (true) {
                    try {
                        full.put(done);
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;   // the program's interrupt: keep the events, then hand it back
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            } finally {
                busy = false;
            }
        }

        synchronized void flush() {
            if (chunk.length > 0) {
                Chunk done = chunk;
                chunk = new Chunk(id, thread);
                full.offer(done);
            }
        }
    }
}
