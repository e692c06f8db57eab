package dev.sonde.core.record;

import dev.sonde.bootstrap.Frames;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread's timed calls: the stack of calls in progress, and a ring of finished calls waiting to be
 * folded into the shared statistics. Only the owner thread changes the stack and appends to the ring,
 * without locks or atomic read-modify-writes; the ring is folded under this object's lock, by the owner
 * when it fills up or by a reader (the report) that wants everything.
 *
 * <p>The stack gives each finished call its self time (its duration less that of the timed calls it
 * made) and tells a recursive call from an outermost one. It also makes the counts exact when an
 * error strikes the probe's own code, a {@link StackOverflowError} above all: every state change
 * happens in a method that makes no further call, after every call that could throw, so a call is
 * either recorded whole or not touched; a frame whose end the woven code could not report (its exit
 * call overflowed the stack) is closed as an error by the next end reported beneath it; a fold that
 * fails is retried at the next end, the ring growing meanwhile.
 */
final class ThreadRecorder extends Frames {

    /** Flags beside the method id in the ring. */
    static final int ERROR = 1 << 30;

    static final int NESTED = 1 << 29;
    /** On the stack: a library scope rather than a timed method; its id is the scope's kind. */
    static final int SCOPE = 1 << 28;

    static final int ID_MASK = SCOPE - 1;
    /** Deepest stack of timed calls kept per thread (a recursion deeper than this goes unrecorded, and is counted). */
    static final int MAX_DEPTH = 1 << 20;
    /** Most finished calls waiting per thread: reached only while folding keeps failing (a deep stack overflow). */
    static final int MAX_RING = 1 << 20;

    final Thread owner;
    private final Recorder recorder;
    /** Holds the flags that say which methods woven with both paths are timed now. */
    private final MethodRegistry registry;
    /** Folds after every call: a thread past {@code max.threads}, whose buffer nobody else drains. */
    private final boolean direct;

    // the stack of calls in progress; index 0 is the outermost. Per frame: the method id, with NESTED
    // when the same method runs beneath it; and two times, its start and the time of its finished callees.
    private int[] stackMethods;
    private long[] stackTimes;
    /** Per frame: the timed calls beneath it (all of them) and the timed calls it made itself. */
    private long[] stackCalls;

    private int top = -1;
    /** Calls on the stack per method id modulo its length: a cheap first test for recursion. */
    private final int[] active;
    /** Per scope frame, its value and the context it was entered in; made at the thread's first scope. */
    private Object[] stackValues;

    private Object[] stackContexts;
    /** Open scopes per kind, for the outermost-only rule; made at the thread's first scope. */
    private int[] kindDepth;
    /** What this thread works for now (the request it serves), or null. */
    private Object context;

    // the ring of finished calls: a position keeps growing, the slot is position & mask
    private int[] doneMethods;
    private long[] doneNanos;
    private long[] doneSelf;
    /** Per finished call, the timed calls beneath it and those it made itself, packed by {@link #packCalls}. */
    private long[] doneCalls;

    private int mask;
    private long written;
    private final AtomicLong published = new AtomicLong();
    /** Guarded by this object's lock. */
    private long folded;
    /** The owner's last view of {@link #folded}. */
    private long foldedSeen;
    /** Calls that could not be recorded (no memory left for the ring or the stack); the owner writes it. */
    private long lost;
    /** Set while the owner works inside the probe: calls made by the probe itself are not timed. */
    boolean busy;
    /**
     * Calls counted only (methods in the counted tier), per counter; grown as counters come. The owner
     * writes; readers add them up. Empty for ever in a thread past max.threads, which counts through
     * the recorder's lock instead, since no one would add up its array.
     */
    private long[] counts = NO_COUNTS;

    private static final long[] NO_COUNTS = new long[0];

    ThreadRecorder(Recorder recorder, Thread owner, int ring, int depth, int buckets, boolean direct) {
        this.recorder = recorder;
        this.registry = recorder.registry();
        this.owner = owner;
        this.direct = direct;
        this.stackMethods = new int[depth];
        this.stackTimes = new long[2 * depth];
        this.stackCalls = new long[2 * depth];
        this.active = new int[buckets];
        this.doneMethods = new int[ring];
        this.doneNanos = new long[ring];
        this.doneSelf = new long[ring];
        this.doneCalls = new long[ring];
        this.mask = ring - 1;
    }

    @Override
    public int enter(int method) {
        if (busy) {
            return -1;
        }
        long now = System.nanoTime();
        int frame = top + 1;
        if (frame == stackMethods.length && !growStack()) {
            lost++;
            return -1;
        }
        // from here on, no call: the frame is pushed whole or not at all
        int bucket = method & (active.length - 1);
        int word = method;
        if (active[bucket] != 0) {
            for (int j = top; j >= 0; j--) {
                if ((stackMethods[j] & (ID_MASK | SCOPE)) == method) {
                    word = method | NESTED;
                    break;
                }
            }
        }
        stackMethods[frame] = word;
        stackTimes[2 * frame] = now;
        stackTimes[2 * frame + 1] = 0;
        stackCalls[2 * frame] = 0;
        stackCalls[2 * frame + 1] = 0;
        active[bucket]++;
        top = frame;
        Object observing = context;
        if (observing instanceof MethodObserver) {
            observeEntry((MethodObserver) observing, method);
        }
        return frame;
    }

    /** Tells the thread's context of a timed call that starts, with the thread's timings off. */
    private void observeEntry(MethodObserver observer, int method) {
        boolean wasBusy = busy;
        busy = true;
        try {
            observer.methodEntered(method);
        } catch (Throwable e) {
            // an observer's failure never reaches the program
        } finally {
            busy = wasBusy;
        }
    }

    /** Tells the thread's context of a timed call that ends, with the thread's timings off. */
    private void observeExit(MethodObserver observer, int method, long nanos, boolean failed) {
        boolean wasBusy = busy;
        busy = true;
        try {
            observer.methodExited(method, nanos, failed);
        } catch (Throwable e) {
            // an observer's failure never reaches the program
        } finally {
            busy = wasBusy;
        }
    }

    /** Counts a call under {@code counter}: no clock is read and nothing is pushed. */
    private void count(int counter) {
        long[] known = counts;
        if (busy) {
            return; // the probe's own work
        }
        if (counter >= 0 && counter < known.length) {
            known[counter]++;
        } else {
            countSlowly(counter);
        }
    }

    @Override
    public int enterOrCount(int method, int counter) {
        boolean[] timed = registry.timedCounters;
        if (counter >= 0 && counter < timed.length && timed[counter]) {
            return enterTimed(method);
        }
        count(counter);
        return -1;
    }

    private void countSlowly(int counter) {
        if (counter < 0) {
            return;
        }
        if (direct) {
            recorder.countShared(counter, 1);
            return;
        }
        long[] grown;
        try {
            grown = new long[Math.max(counter + 1, Math.max(64, counts.length * 2))];
        } catch (OutOfMemoryError e) {
            lost++;
            return;
        }
        System.arraycopy(counts, 0, grown, 0, counts.length);
        grown[counter]++;
        counts = grown;
    }

    /** The calls counted only, per counter, as far as this thread has counted; read by any thread. */
    long[] counts() {
        return counts;
    }

    @Override
    public void exit(int frame) {
        if (frame < 0 || frame > top) {
            return; // not recorded, or closed already
        }
        long now = System.nanoTime();
        if (frame < top) {
            closeAbandoned(frame, now);
        }
        complete(frame, now, 0);
    }

    @Override
    public void exitWithError(int frame) {
        if (frame < 0 || frame > top) {
            return;
        }
        long now = System.nanoTime();
        if (frame < top) {
            closeAbandoned(frame, now);
        }
        complete(frame, now, ERROR);
    }

    /** Closes, as errors ending now, the frames above {@code frame} whose own end was never reported. */
    private void closeAbandoned(int frame, long now) {
        for (int j = top; j > frame; j--) {
            if ((stackMethods[j] & SCOPE) != 0) {
                completeScope(j, now, Recorder.ABANDONED);
            } else {
                complete(j, now, ERROR);
            }
        }
    }

    @Override
    public int enterScope(int kind, Object value) {
        if (busy) {
            return -1;
        }
        int[] depths = kindDepth;
        if (depths == null) {
            depths = makeScopeState();
        }
        if (kind < 0 || kind >= depths.length || depths[kind] != 0) {
            return -1; // an outer scope of the same kind is open: only the outermost counts
        }
        ScopeListener listener = recorder.listener(kind);
        if (listener instanceof ScopeListener.OnEntry) {
            entered(listener, value, context);
            return -1;
        }
        long now = listener instanceof ScopeListener.Untimed ? UNTIMED : System.nanoTime();
        int frame = top + 1;
        if ((frame == stackMethods.length && !growStack()) || frame >= stackValues.length && !growScopeState()) {
            lost++;
            return -1;
        }
        Object outer = context;
        Object inner = listener == null ? outer : entered(listener, value, outer);
        // from here on, no call: the scope is pushed whole or not at all
        stackMethods[frame] = kind | SCOPE;
        stackTimes[2 * frame] = now;
        stackTimes[2 * frame + 1] = 0;
        stackCalls[2 * frame] = 0;
        stackCalls[2 * frame + 1] = 0;
        stackValues[frame] = value;
        stackContexts[frame] = outer;
        depths[kind]++;
        context = inner;
        top = frame;
        return frame;
    }

    @Override
    public void exitScope(int frame, Object outcome) {
        if (frame < 0 || frame > top) {
            return;
        }
        long now = frame == top && stackTimes[2 * frame] == UNTIMED ? UNTIMED : System.nanoTime();
        if (frame < top) {
            closeAbandoned(frame, now);
        }
        completeScope(frame, now, outcome);
    }

    @Override
    public Object context() {
        return context;
    }

    @Override
    public Object handOn(int frame, Object value) {
        if (frame < 0 || frame > top || (stackMethods[frame] & SCOPE) == 0) {
            return value;
        }
        ScopeListener listener = recorder.listener(stackMethods[frame] & ID_MASK);
        if (!(listener instanceof ScopeListener.HandsOn)) {
            return value;
        }
        boolean wasBusy = busy;
        busy = true;
        try {
            return ((ScopeListener.HandsOn) listener).handOn(value, stackContexts[frame]);
        } catch (Throwable e) {
            return value;
        } finally {
            busy = wasBusy;
        }
    }

    @Override
    public Object attach(Object attached) {
        Object previous = context;
        context = attached;
        return previous;
    }

    @Override
    public void detach(Object previous) {
        context = previous;
    }

    /**
     * The start time of a scope whose listener is {@link ScopeListener.Untimed}: no clock is read for it,
     * and it is told of 0 nanoseconds.
     */
    static final long UNTIMED = Long.MIN_VALUE;

    /** Pops the scope on top, {@code frame}, and tells its listener; the listener is told after every change. */
    private void completeScope(int frame, long now, Object outcome) {
        int kind = stackMethods[frame] & ID_MASK;
        long[] times = stackTimes;
        boolean untimed = times[2 * frame] == UNTIMED;
        long nanos = untimed ? 0 : now - times[2 * frame];
        long self = untimed ? 0 : nanos - times[2 * frame + 1];
        // what the frame beneath counts as spent in calls: an untimed scope passes on its calls' time
        long spent = untimed ? times[2 * frame + 1] : nanos;
        Object value = stackValues[frame];
        Object inner = context;
        Object outer = stackContexts[frame];
        stackValues[frame] = null;
        stackContexts[frame] = null;
        if (frame > 0) {
            times[2 * frame - 1] += spent;
            stackCalls[2 * frame - 2] += stackCalls[2 * frame];
        }
        kindDepth[kind]--;
        context = outer;
        top = frame - 1;
        ScopeListener listener = recorder.listener(kind);
        if (listener != null) {
            exited(listener, value, outcome, inner, nanos, self);
        }
    }

    private Object entered(ScopeListener listener, Object value, Object outer) {
        boolean wasBusy = busy;
        busy = true; // the listener runs probe code, which may reach timed JDK methods
        try {
            return listener.entered(value, outer);
        } catch (Throwable e) {
            return outer;
        } finally {
            busy = wasBusy;
        }
    }

    private void exited(ScopeListener listener, Object value, Object outcome, Object inner, long nanos, long self) {
        boolean wasBusy = busy;
        busy = true;
        try {
            listener.exited(value, outcome, inner, nanos, self);
        } catch (Throwable e) {
            // a listener's failure never reaches the program
        } finally {
            busy = wasBusy;
        }
    }

    private int[] makeScopeState() {
        int[] depths = new int[Recorder.MAX_KINDS];
        stackValues = new Object[stackMethods.length];
        stackContexts = new Object[stackMethods.length];
        kindDepth = depths;
        return depths;
    }

    private boolean growScopeState() {
        int length = stackMethods.length;
        Object[] values = new Object[length];
        Object[] contexts = new Object[length];
        for (int i = 0; i < stackValues.length; i++) {
            values[i] = stackValues[i];
            contexts[i] = stackContexts[i];
        }
        stackValues = values;
        stackContexts = contexts;
        return true;
    }

    /** Pops the top frame, {@code frame}, and appends it to the ring. No call after the first change. */
    private void complete(int frame, long now, int flags) {
        boolean room = written - foldedSeen < doneMethods.length || makeRoom();
        int word = stackMethods[frame];
        long[] times = stackTimes;
        long[] calls = stackCalls;
        long nanos = now - times[2 * frame];
        long beneath = calls[2 * frame];
        long packed = packCalls(beneath, calls[2 * frame + 1]); // the last call before the state changes
        if (room) {
            int at = (int) written & mask;
            doneMethods[at] = word | flags;
            doneNanos[at] = nanos;
            doneSelf[at] = nanos - times[2 * frame + 1];
            doneCalls[at] = packed;
            written++;
        } else {
            lost++;
        }
        if (frame > 0) {
            times[2 * frame - 1] += nanos;
            calls[2 * frame - 2] += beneath + 1;
            calls[2 * frame - 1]++;
        }
        active[word & (active.length - 1)]--;
        top = frame - 1;
        published.lazySet(written);
        if (direct) {
            makeRoom();
        }
        Object observing = context;
        if (observing instanceof MethodObserver) {
            observeExit((MethodObserver) observing, word & ID_MASK, nanos, flags != 0);
        }
    }

    /**
     * Folds the ring, or failing that grows it; false when neither makes room. The growing makes no
     * call, so that it works where folding overflowed the stack: at the bottom of a deep recursion.
     */
    private boolean makeRoom() {
        boolean wasBusy = busy;
        busy = true; // the fold runs library and JDK code, which may be timed too: not on this stack
        try {
            return foldOrGrow();
        } finally {
            busy = wasBusy;
        }
    }

    private boolean foldOrGrow() {
        // before the fold's classes are loaded (by the warm-up), the ring grows instead while it may:
        // loading them here, perhaps at the bottom of a deep recursion, could fail for good. Not so for
        // a thread past max.threads, whose ring no one else drains: it folds as it always does
        if (direct || Recorder.preloaded || doneMethods.length >= MAX_RING) {
            try {
                fold();
                recorder.foldRetired();
            } catch (Throwable e) {
                // a stack overflow or out of memory while folding: the entries stay; the next end retries
            }
        }
        synchronized (this) {
            foldedSeen = folded;
            int length = doneMethods.length;
            if (written - foldedSeen < length) {
                return true;
            }
            if (length >= MAX_RING) {
                return false;
            }
            int grown = length * 2;
            int[] methods;
            long[] nanos;
            long[] self;
            long[] callCounts;
            try {
                methods = new int[grown];
                nanos = new long[grown];
                self = new long[grown];
                callCounts = new long[grown];
            } catch (OutOfMemoryError e) {
                return false;
            }
            int grownMask = grown - 1;
            for (long position = folded; position < written; position++) {
                int from = (int) position & mask;
                int to = (int) position & grownMask;
                methods[to] = doneMethods[from];
                nanos[to] = doneNanos[from];
                self[to] = doneSelf[from];
                callCounts[to] = doneCalls[from];
            }
            doneMethods = methods;
            doneNanos = nanos;
            doneSelf = self;
            doneCalls = callCounts;
            mask = grownMask;
            return true;
        }
    }

    /** Bits of a packed {@code doneCalls} entry for the calls a call made itself; the rest, for all beneath it. */
    static final int OWN_CALL_BITS = 24;

    private static final long OWN_CALLS_MAX = (1L << OWN_CALL_BITS) - 1;
    private static final long BENEATH_MAX = (1L << (63 - OWN_CALL_BITS)) - 1;

    /** Timed calls beneath a call and those it made itself, in one long; each saturates at its width. */
    static long packCalls(long beneath, long own) {
        return (Math.min(beneath, BENEATH_MAX) << OWN_CALL_BITS) | Math.min(own, OWN_CALLS_MAX);
    }

    /** Folds what the owner has published into the shared statistics; any thread may call it. */
    void fold() {
        synchronized (this) {
            long upTo = published.get();
            if (upTo > folded) {
                recorder.fold(this, upTo);
            }
        }
    }

    /** Folds the finished calls at positions [{@link #folded}, upTo); called by the recorder under both locks. */
    void foldInto(MethodRegistry registry, long upTo, long insideNanos, long perCallNanos) {
        for (long position = folded; position < upTo; position++) {
            int at = (int) position & mask;
            int word = doneMethods[at];
            int method = word & ID_MASK;
            MethodStats[] table = registry.table();
            MethodStats stats = method < table.length ? table[method] : null;
            if (stats == null) {
                stats = registry.firstCall(method);
            }
            if (stats == MethodRegistry.untimedStats()) {
                registry.untimedCall();
            } else {
                stats.record(
                        doneNanos[at],
                        doneSelf[at],
                        (word & ERROR) != 0,
                        (word & NESTED) != 0,
                        doneCalls[at],
                        insideNanos,
                        perCallNanos);
            }
            folded = position + 1; // progress kept per call: a fold cut short resumes here
        }
    }

    private boolean growStack() {
        int length = stackMethods.length;
        if (length >= MAX_DEPTH) {
            return false;
        }
        int grown = length * 2;
        int[] methods = new int[grown];
        long[] times = new long[2 * grown];
        long[] calls = new long[2 * grown];
        for (int i = 0; i < length; i++) {
            methods[i] = stackMethods[i];
            times[2 * i] = stackTimes[2 * i];
            times[2 * i + 1] = stackTimes[2 * i + 1];
            calls[2 * i] = stackCalls[2 * i];
            calls[2 * i + 1] = stackCalls[2 * i + 1];
        }
        // the reader of calls in progress sees either the old arrays or the new, both consistent up to top
        stackCalls = calls;
        stackTimes = times;
        stackMethods = methods;
        return true;
    }

    /** Calls that could not be recorded on this thread. */
    long lost() {
        return lost;
    }

    /**
     * Adds the calls in progress to {@code running}: per method id, {count, outermost time so far, self
     * time so far}. Read from another thread while the owner runs on, so a best effort at one moment.
     */
    void running(long now, java.util.Map<Integer, long[]> running) {
        int[] methods = stackMethods;
        long[] times = stackTimes;
        int last = Math.min(top, Math.min(methods.length, times.length / 2) - 1);
        for (int j = 0; j <= last; j++) {
            long elapsed = Math.max(0, now - times[2 * j]);
            long above = j < last ? Math.max(0, now - times[2 * j + 2]) : 0;
            if ((methods[j] & SCOPE) != 0) {
                continue; // a library scope: its own listener tells of it
            }
            int method = methods[j] & ID_MASK;
            long[] figures = running.get(method);
            if (figures == null) {
                figures = new long[3];
                running.put(method, figures);
            }
            figures[0]++;
            if ((methods[j] & NESTED) == 0) {
                figures[1] += elapsed;
            }
            figures[2] += Math.max(0, elapsed - times[2 * j + 1] - above);
        }
    }
}
