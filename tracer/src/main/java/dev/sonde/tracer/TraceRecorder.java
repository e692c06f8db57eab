package dev.sonde.tracer;

import dev.sonde.bootstrap.TraceBuffer;
import dev.sonde.bootstrap.TraceSink;
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
    static final long SKIPPED = 5L << 60;
    static final long TAG = 0xFL << 60;
    static final int MAX_METHODS = 100_000;

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

    /** Indexed by id; replaced, never changed, when it grows, so enter() reads it without a lock. */
    private volatile TracedMethod[] methods = new TracedMethod[64];
    private int methodCount;
    private final int maxFollow;
    private volatile Follower follower;
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
    /** Every thread's recording, for the final flush; plain arrays: this runs in a thread's first traced call. */
    private final Object registration = new Object();
    private ThreadTrace[] all = new ThreadTrace[16];
    private int allCount;
    private final java.util.concurrent.atomic.AtomicInteger threadIds = new java.util.concurrent.atomic.AtomicInteger();

    /** Resolves the callee of an invoke instruction and makes sure it is woven; says why not, if not. */
    public interface Follower {
        /**
         * The id of the woven callee, when it will be traced; otherwise a String, what the trace should
         * say about it; null when there is nothing to say (a lambda behind a hidden class, say).
         */
        Object follow(TracedMethod caller, Instruction.Call call, Object receiver);
    }

    /** @param maxFollow how many calls deep from a selected method callees are traced (0: none) */
    public TraceRecorder(long maxEvents, int maxFollow) {
        this.maxEvents = maxEvents;
        this.maxFollow = maxFollow;
        this.eventsLeft = new AtomicLong(maxEvents);
        // Load the per-thread classes now: loading them inside a thread's first traced call would run
        // ClassLoader code that may itself be traced (java.util.ArrayList#add, say) and re-enter here
        // while the thread-local is still being initialised, without end.
        threads.get();
    }

    void follower(Follower follower) {
        this.follower = follower;
    }

    /**
     * Registers a woven method; its id is what the woven code passes to {@code Trace.enter}. Every
     * weaving of a class registers its methods anew (following a call retransforms the callee's class),
     * so there is a cap, {@value #MAX_METHODS}; past it, answers -1 and nothing more is woven.
     */
    public synchronized int register(TracedMethod method) {
        if (methodCount >= MAX_METHODS) {
            return -1;
        }
        TracedMethod[] table = methods;
        if (methodCount == table.length) {
            table = java.util.Arrays.copyOf(table, table.length * 2);
        }
        table[methodCount] = method;
        methods = table;
        return methodCount++;
    }

    TracedMethod method(int id) {
        return methods[id];
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
        ThreadTrace[] copy;
        int count;
        synchronized (registration) {
            copy = all;
            count = allCount;
        }
        for (int i = 0; i < count; i++) {
            copy[i].flush();
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
        int follow;
        TracedMethod entered = methods[method];
        if (entered.root()) {
            follow = 0;
        } else if (trace.top >= 0 && trace.followDepth[trace.top] < maxFollow
                && (trace.expected[trace.top] == method || entered.name().startsWith("lambda$"))) {
            // the callee a traced invoke instruction resolved to; a lambda body is reached through a hidden
            // class, which cannot be woven, so it counts as called by the traced method running beneath it
            trace.expected[trace.top] = -1;
            follow = trace.followDepth[trace.top] + 1;
        } else {
            return null;
        }
        trace.push(method, follow);
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
        /** Traced frames on this thread: method id and how many calls deep from a selected method. */
        int top = -1;
        int[] frameMethods = new int[16];
        int[] followDepth = new int[16];
        /** Per frame: the id of the callee its current invoke instruction resolved to, or -1. */
        int[] expected = new int[16];
        private int lastStep;

        void push(int method, int follow) {
            if (++top == frameMethods.length) {
                frameMethods = java.util.Arrays.copyOf(frameMethods, top * 2);
                followDepth = java.util.Arrays.copyOf(followDepth, top * 2);
                expected = java.util.Arrays.copyOf(expected, top * 2);
            }
            frameMethods[top] = method;
            followDepth[top] = follow;
            expected[top] = -1;
        }

        ThreadTrace(String thread) {
            this.thread = thread;
            this.chunk = new Chunk(id, thread);
            synchronized (registration) {
                if (allCount == all.length) {
                    ThreadTrace[] grown = new ThreadTrace[all.length * 2];
                    System.arraycopy(all, 0, grown, 0, allCount);
                    all = grown;
                }
                all[allCount++] = this;
            }
        }

        @Override
        public void step(int instruction) {
            if (reserved == 0 && !reserve()) {
                return;
            }
            reserved--;
            lastStep = instruction;
            if (top >= 0) {
                expected[top] = -1;   // the previous call, if any, is over
            }
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
        public void call(Object receiver) {
            Follower current = follower;
            if (current == null || top < 0 || followDepth[top] >= maxFollow) {
                return;
            }
            busy = true;
            Object answer;
            try {
                TracedMethod caller = methods[frameMethods[top]];
                answer = current.follow(caller, caller.instructions().get(lastStep).call(), receiver);
            } catch (RuntimeException | LinkageError e) {
                answer = "could not be followed: " + e;
            } finally {
                busy = false;
            }
            if (answer instanceof Integer) {
                expected[top] = (Integer) answer;
            } else if (answer != null) {
                put(SKIPPED, answer);
            }
        }

        @Override
        public void returned() {
            top = Math.max(-1, top - 1);
            put(RETURNED, null);
        }

        @Override
        public void unwound(Throwable thrown) {
            top = Math.max(-1, top - 1);
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
