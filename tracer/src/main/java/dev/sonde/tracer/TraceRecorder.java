package dev.sonde.tracer;

import dev.sonde.bootstrap.TraceBuffer;
import dev.sonde.bootstrap.TraceSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which invocations are traced and records their events. Each thread appends to its own chunk
 * of raw values (a long each; references kept beside them, never read on the program's threads) and
 * hands a full chunk to the writer through a bounded queue, so the program waits rather than lose
 * events when the writer falls behind.
 *
 * <p>Recording stops for good after exactly {@code maxEvents} instruction events: every step takes one
 * from a shared count, so no thread can hold on to events it never records. A thread whose step is
 * refused records nothing more but the ends of the frames it had open, marked as cut. At exit,
 * {@link #close} takes what every thread has published so far; what threads still running record after
 * that is not written.
 */
public final class TraceRecorder extends TraceSink {

    static final int CHUNK = 1 << 14;
    static final long ENTER = 1L << 60;
    static final long STEP = 2L << 60;
    static final long RETURNED = 3L << 60;
    static final long UNWOUND = 4L << 60;
    static final long SKIPPED = 5L << 60;
    /** A return or unwind after this thread stopped recording: the frame's last instructions were not recorded. */
    static final long RETURNED_CUT = 6L << 60;

    static final long UNWOUND_CUT = 7L << 60;
    /** A frame ended by an exception its woven code could not see: the next event came from a frame beneath it. */
    static final long UNSEEN = 8L << 60;

    static final long TAG = 0xFL << 60;
    static final int MAX_METHODS = 100_000;
    /** How many "not traced" notes are kept for the writer; more are said on stderr only. */
    static final int MAX_NOTES = 10_000;

    /** Events of one thread, in order: markers and the raw values that follow them. */
    static final class Chunk {
        final int owner;
        final String thread;
        final long[] data = new long[CHUNK];
        final Object[] refs = new Object[CHUNK];
        /** How many values the owner has written; only the owner reads it. */
        int length;
        /** How many values others may read: set after the values, with release semantics. */
        final AtomicInteger published = new AtomicInteger();

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
    /** A step was refused for want of events: tracing stopped at the cap (not merely used it all). */
    private volatile boolean eventCapHit;
    /** No new invocation is traced: the event cap or the byte cap was reached, or the JVM is exiting. */
    private volatile boolean stopped;
    /** The trace is being finished: chunks are no longer handed to the writer. */
    private volatile boolean closed;

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
    private final AtomicInteger threadIds = new AtomicInteger();
    /** What the trace should say about methods not traced as asked, for the writer to put in the trace. */
    private final ConcurrentLinkedQueue<MethodNote> notes = new ConcurrentLinkedQueue<MethodNote>();

    private final Set<String> noted = new HashSet<String>();

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

    /** Replaces the method registered under {@code id}, woven again with another detail before any code ran it. */
    synchronized void replace(int id, TracedMethod method) {
        methods[id] = method;
    }

    TracedMethod method(int id) {
        return methods[id];
    }

    /** Notes, once, that {@code method} ({@code class#name(descriptor)}, or a class) is not traced, and why. */
    void notTraced(String method, String reason) {
        note(MethodNote.notTraced(method, reason));
    }

    /**
     * Notes, once, what the trace should say about a method (each weaving of a class decides its methods
     * again, and says the same); true if it was not noted before, and not past {@value #MAX_NOTES} notes.
     */
    boolean note(MethodNote note) {
        synchronized (noted) {
            if (noted.size() >= MAX_NOTES || !noted.add(note.sentence())) {
                return false;
            }
        }
        notes.add(note);
        return true;
    }

    /** The next note for the trace, or null. */
    MethodNote nextNote() {
        return notes.poll();
    }

    void writer(Thread thread) {
        this.writer = thread;
    }

    long maxEvents() {
        return maxEvents;
    }

    boolean eventCapReached() {
        return eventCapHit;
    }

    /** Stops tracing new invocations (the byte cap was reached); frames already traced end as cut. */
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

    /**
     * Ends recording, at exit: from now on no chunk reaches the writer's queue, and each thread's chunk
     * in progress is taken as far as its owner has published it. Returns those chunks, which follow
     * every chunk already in the queue.
     */
    List<Chunk> close() {
        stopped = true;
        closed = true;
        ThreadTrace[] copy;
        int count;
        synchronized (registration) {
            copy = all;
            count = allCount;
        }
        List<Chunk> last = new ArrayList<Chunk>();
        for (int i = 0; i < count; i++) {
            Chunk chunk = copy[i].takeChunk();
            if (chunk != null) {
                last.add(chunk);
            }
        }
        return last;
    }

    @Override
    public TraceBuffer enter(int method) {
        if (stopped || Thread.currentThread() == writer) {
            return null;
        }
        ThreadTrace trace = threads.get();
        if (trace.busy || !trace.recording) {
            return null; // the recorder's own work (handing over a chunk) is never traced
        }
        int follow;
        TracedMethod entered = methods[method];
        if (entered.root()) {
            follow = 0;
        } else if (trace.top >= 0
                && trace.followDepth[trace.top] < maxFollow
                && (trace.expected[trace.top] == method || entered.name().startsWith("lambda$"))) {
            // the callee a traced invoke instruction resolved to; a lambda body is reached through a hidden
            // class, which cannot be woven, so it counts as called by the traced method running beneath it
            trace.expected[trace.top] = -1;
            follow = trace.followDepth[trace.top] + 1;
        } else {
            return null;
        }
        FrameBuffer buffer = trace.push(method, follow);
        trace.put(ENTER | method, null);
        return buffer;
    }

    /**
     * What one traced frame's woven code records through: it knows its depth, so that a frame left
     * without a marker is noticed by the next event of a frame beneath it (see {@link #UNSEEN}).
     */
    static final class FrameBuffer extends TraceBuffer {
        private final ThreadTrace trace;
        private final int depth;

        FrameBuffer(ThreadTrace trace, int depth) {
            this.trace = trace;
            this.depth = depth;
        }

        @Override
        public void step(int instruction) {
            trace.step(depth, instruction);
        }

        @Override
        public void i(int value) {
            trace.value(value, null);
        }

        @Override
        public void j(long value) {
            trace.value(value, null);
        }

        @Override
        public void f(float value) {
            trace.value(Float.floatToRawIntBits(value), null);
        }

        @Override
        public void d(double value) {
            trace.value(Double.doubleToRawLongBits(value), null);
        }

        @Override
        public void a(Object value) {
            trace.value(0, value);
        }

        @Override
        public void u() {
            trace.value(0, null);
        }

        @Override
        public void call(Object receiver) {
            trace.call(depth, receiver);
        }

        @Override
        public void returned() {
            trace.end(depth, null, false);
        }

        @Override
        public void unwound(Throwable thrown) {
            trace.end(depth, thrown, true);
        }
    }

    /** One thread's recording; only that thread calls it, except {@link #takeChunk} at exit. */
    final class ThreadTrace {
        private final int id = threadIds.incrementAndGet();
        private final String thread;
        private Chunk chunk;
        boolean busy;
        /** False once a step of this thread was refused: then only the ends of its open frames are recorded. */
        boolean recording = true;
        /** Traced frames on this thread: method id and how many calls deep from a selected method. */
        int top = -1;

        int[] frameMethods = new int[16];
        int[] followDepth = new int[16];
        /** Per frame: the id of the callee its current invoke instruction resolved to, or -1. */
        int[] expected = new int[16];
        /** Per depth, the buffer its frames record through. */
        FrameBuffer[] buffers = new FrameBuffer[16];

        private int lastStep;

        /** Pushes a frame; returns the buffer its woven code records through. */
        FrameBuffer push(int method, int follow) {
            if (++top == frameMethods.length) {
                frameMethods = java.util.Arrays.copyOf(frameMethods, top * 2);
                followDepth = java.util.Arrays.copyOf(followDepth, top * 2);
                expected = java.util.Arrays.copyOf(expected, top * 2);
                buffers = java.util.Arrays.copyOf(buffers, top * 2);
            }
            frameMethods[top] = method;
            followDepth[top] = follow;
            expected[top] = -1;
            if (buffers[top] == null) {
                buffers[top] = new FrameBuffer(this, top);
            }
            return buffers[top];
        }

        ThreadTrace(String thread) {
            this.thread = thread;
            this.chunk = new Chunk(id, thread);
            buffers[0] = new FrameBuffer(this, 0); // loads the class now, not inside a traced call
            synchronized (registration) {
                if (allCount == all.length) {
                    ThreadTrace[] grown = new ThreadTrace[all.length * 2];
                    System.arraycopy(all, 0, grown, 0, allCount);
                    all = grown;
                }
                all[allCount++] = this;
            }
        }

        /**
         * Ends the frames above {@code depth}: an event of a frame beneath them means they are gone, ended
         * by an exception their woven code could not catch (one thrown in a constructor before its
         * {@code super(…)} call completed: no handler may cover that code).
         */
        private void unseen(int depth) {
            while (top > depth) {
                top--;
                put(UNSEEN, null);
            }
        }

        void step(int depth, int instruction) {
            unseen(depth);
            if (!recording) {
                return;
            }
            if (stopped) {
                recording = false;
                return;
            }
            // one event from the shared count, exactly: the cap is what the trace holds
            if (eventsLeft.getAndDecrement() <= 0) {
                eventCapHit = true;
                stopped = true;
                recording = false;
                return;
            }
            lastStep = instruction;
            if (top >= 0) {
                expected[top] = -1; // the previous call, if any, is over
            }
            put(STEP | instruction, null);
        }

        /** A value of the event just started; nothing once this thread stopped recording. */
        void value(long value, Object ref) {
            if (recording) {
                put(value, ref);
            }
        }

        void call(int depth, Object receiver) {
            unseen(depth);
            Follower current = follower;
            if (!recording || current == null || top < 0 || followDepth[top] >= maxFollow) {
                return;
            }
            busy = true;
            Object answer;
            try {
                TracedMethod caller = methods[frameMethods[top]];
                answer = current.follow(
                        caller, caller.instructions().get(lastStep).call(), receiver);
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

        /** The frame at {@code depth} returns, or unwinds {@code thrown}. */
        void end(int depth, Throwable thrown, boolean unwound) {
            unseen(depth);
            top = Math.min(top, depth - 1);
            if (unwound) {
                put(recording ? UNWOUND : UNWOUND_CUT, thrown);
            } else {
                put(recording ? RETURNED : RETURNED_CUT, null);
            }
        }

        void put(long value, Object ref) {
            Chunk current = chunk;
            int at = current.length;
            current.data[at] = value;
            current.refs[at] = ref;
            current.length = at + 1;
            current.published.lazySet(at + 1);
            if (at + 1 == CHUNK) {
                handOver(current);
            }
        }

        private void handOver(Chunk done) {
            busy = true;
            try {
                boolean interrupted = false;
                synchronized (this) {
                    if (chunk != done) {
                        return; // taken at exit, as far as it was published; the rest is not written
                    }
                    chunk = new Chunk(id, thread);
                    // in the queue before close() can take the next chunk, so the writer keeps their order
                    while (!closed) {
                        try {
                            if (full.offer(done, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                                break;
                            }
                            Thread taker = writer;
                            if (taker != null && !taker.isAlive()) {
                                break; // no one will ever take it: drop it rather than hang the program
                            }
                        } catch (InterruptedException e) {
                            interrupted = true; // the program's interrupt: keep the events, then hand it back
                        }
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            } finally {
                busy = false;
            }
        }

        /** The chunk in progress, for the writer, and a fresh one for the owner; null if it is empty. */
        synchronized Chunk takeChunk() {
            Chunk taken = chunk;
            if (taken.published.get() == 0) {
                return null;
            }
            chunk = new Chunk(id, thread);
            return taken;
        }
    }
}
