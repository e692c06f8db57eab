package dev.sonde.core.record;

import dev.sonde.bootstrap.Frames;
import dev.sonde.bootstrap.Sink;
import dev.sonde.core.snapshot.MethodSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives every timed call from the bridge and keeps exact counts under any number of threads. The
 * hot path is a thread-local lookup and the calling thread's own {@link ThreadRecorder}; the shared
 * statistics are updated in batches under one lock.
 *
 * <p>Memory: per recording thread a ring of {@value #RING} finished calls and a stack of calls in
 * progress (about 5 KiB in all, more only for a thread that recurses deeply), for at most
 * {@code maxThreads} threads; when that cap is reached, recorders of finished threads are set aside
 * (at most {@code maxThreads} of them) to be folded and dropped by the next thread that folds. A
 * thread that finds the cap reached gets a small recorder that folds after every call: slower, still
 * exact.
 */
public final class Recorder extends Sink {

    /** The outcome of a scope whose end was never reported, closed by the end of a frame beneath it. */
    public static final Object ABANDONED = new Object() {
        @Override
        public String toString() {
            return "abandoned";
        }
    };

    /** Scope kinds one recorder can tell apart. */
    public static final int MAX_KINDS = 64;

    static final int RING = 128;
    static final int DEPTH = 16;
    static final int BUCKETS = 256;

    private final MethodRegistry registry;
    /** Indexed by kind; replaced, never changed in place, when a kind is added. */
    private volatile ScopeListener[] listeners = new ScopeListener[0];

    private final Object kinds = new Object();
    private final int maxThreads;
    private final ThreadLocal<ThreadRecorder> threads;
    /** Guarded by itself. Plain arrays rather than collections: this runs inside a thread's first timed call. */
    private final Object registration = new Object();

    private ThreadRecorder[] registered = new ThreadRecorder[16];
    private int registeredCount;
    /** Calls lost by recorders already dropped. Guarded by {@link #registration}. */
    private long lostByDropped;
    /**
     * Recorders of finished threads, taken off the registered list to make room and not folded yet:
     * folding runs library code, which must not run inside a thread's first timed call. Guarded by
     * {@link #registration}.
     */
    private ThreadRecorder[] retired = new ThreadRecorder[16];

    private int retiredCount;

    /** The method behind an id, as {@code pkg.Class#method}; {@code ?} for an id not handed out. */
    public String methodName(int id) {
        MethodKey key = id >= 0 && id < registry.size() ? registry.key(id) : null;
        return key == null ? "?" : key.className() + "#" + key.methodName();
    }

    /** The registry whose methods this records. */
    MethodRegistry registry() {
        return registry;
    }

    public Recorder(MethodRegistry registry, int maxThreads) {
        this.registry = registry;
        this.maxThreads = maxThreads;
        // a subclass, not withInitial(lambda): no lambda machinery in the program's JVM
        this.threads = new ThreadLocal<ThreadRecorder>() {
            @Override
            protected ThreadRecorder initialValue() {
                return newRecorder();
            }
        };
        // Load now what a thread's first timed call would load: loading it later, inside a timed call,
        // could recurse into timed code. (What its first fold loads, preload() does.)
        threads.get();
    }

    /**
     * The recorders of the threads seen lately, by thread id: a thread finds its own here with two loads
     * and a comparison, where the {@code ThreadLocal} behind it costs a hash lookup and a weak
     * reference's read at every timed or counted call. A slot holds whichever thread came last;
     * thread ids never repeat, so a slot left by a finished thread is never taken for another's.
     */
    private final ThreadRecorder[] quick = new ThreadRecorder[QUICK_SLOTS];

    static final int QUICK_SLOTS = 256;

    /** The names of JFR's own Java threads begin with this ("JFR Periodic Tasks", …). */
    static final String JFR_THREADS = "JFR ";

    @Override
    public Frames frames() {
        Thread thread = Thread.currentThread();
        ThreadRecorder known = quick[(int) thread.getId() & (QUICK_SLOTS - 1)];
        if (known != null && known.owner == thread) {
            return known;
        }
        return framesSlowly(thread);
    }

    private ThreadRecorder framesSlowly(Thread thread) {
        ThreadRecorder recorder = threads.get();
        quick[(int) thread.getId() & (QUICK_SLOTS - 1)] = recorder;
        return recorder;
    }

    private static volatile Recorder active;

    /** Makes this the recorder that {@link #quietHere} speaks to: the one behind the bridge. */
    public void activate() {
        active = this;
    }

    /** Stops being the recorder {@link #quietHere} speaks to. */
    public void deactivate() {
        if (active == this) {
            active = null;
        }
    }

    /**
     * Switches the calling thread's timings off (true) or back (false) in the active recorder, if any;
     * returns what it was. The probe's transformers call it, so that the JDK code they run is not timed.
     */
    public static boolean quietHere(boolean on) {
        Recorder recorder = active;
        return recorder != null && recorder.quiet(on);
    }

    /**
     * Registers a kind of scope and who listens to it; returns the kind's id, which woven code passes to
     * {@code Frames.enterScope}. Throws when {@value #MAX_KINDS} kinds are registered already.
     */
    public int kind(ScopeListener listener) {
        synchronized (kinds) {
            ScopeListener[] known = listeners;
            if (known.length == MAX_KINDS) {
                throw new IllegalStateException("more than " + MAX_KINDS + " kinds of scope");
            }
            ScopeListener[] grown = java.util.Arrays.copyOf(known, known.length + 1);
            grown[known.length] = listener;
            listeners = grown;
            return known.length;
        }
    }

    /** The listener of a kind, or null for an id no kind has. */
    ScopeListener listener(int kind) {
        ScopeListener[] known = listeners;
        return kind >= 0 && kind < known.length ? known[kind] : null;
    }

    /**
     * Loads every class that folding calls into the statistics can reach: a class first loaded while a
     * program thread folds at the bottom of a deep stack would make the JVM call the class file
     * transformers there, and report a stack overflow in them as an instrumentation failure.
     */
    public static void preload() {
        MethodStats.preload();
        MethodRegistry.untimedStats();
        preloaded = true;
    }

    /**
     * Set once {@link #preload} has run (on the warm-up thread, usually). Until then a thread's buffer
     * grows rather than being folded by the thread itself, which could be deep in a recursion.
     */
    static volatile boolean preloaded;

    /** Runs {@code action} with this thread's own timings switched off, for the probe's own work. */
    public void quietly(Runnable action) {
        ThreadRecorder recorder = threads.get();
        boolean was = recorder.busy;
        recorder.busy = true;
        try {
            action.run();
        } finally {
            recorder.busy = was;
        }
    }

    /** Switches the calling thread's timings off (true) or back (false); returns what it was. */
    public boolean quiet(boolean on) {
        ThreadRecorder recorder = threads.get();
        boolean was = recorder.busy;
        recorder.busy = on;
        return was;
    }

    /**
     * Folds every thread's finished calls and returns a snapshot of every method called at least once
     * or running now, the calls in progress counted apart.
     */
    public List<MethodSnapshot> snapshot() {
        ThreadRecorder[] all;
        int count;
        synchronized (registration) {
            all = registered.clone();
            count = registeredCount;
        }
        long now = System.nanoTime();
        Map<Integer, long[]> running = new HashMap<>();
        foldRetired();
        for (int i = 0; i < count; i++) {
            all[i].fold();
            all[i].running(now, running);
        }
        long[] counted = countedCalls();
        List<MethodSnapshot> snapshots = new ArrayList<>();
        synchronized (this) {
            MethodStats[] table = registry.table();
            int size = registry.size();
            for (int id = 0; id < size && id < table.length; id++) {
                MethodStats stats = table[id];
                long[] inProgress = running.remove(id);
                if (stats == MethodRegistry.untimedStats()) {
                    continue;
                }
                int counter = registry.counterEverGiven(id);
                long countedCalls = counter >= 0 && counter < counted.length ? counted[counter] : 0;
                boolean countedNow = registry.isCounted(id);
                if (stats == null && countedCalls > 0 && inProgress == null) {
                    // counted from its first call (counted from the start, or moved in another loader)
                    MethodSnapshot none = new MethodSnapshot(registry.key(id), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                    snapshots.add(countedNow ? none.counted(countedCalls) : none.timedAfterCounting(countedCalls));
                    continue;
                }
                if (stats == null && inProgress != null) {
                    stats = registry.firstCall(id);
                    if (stats == MethodRegistry.untimedStats()) {
                        continue;
                    }
                }
                if (stats != null && (stats.count > 0 || inProgress != null)) {
                    MethodSnapshot made = inProgress == null
                            ? stats.snapshot(0, 0, 0)
                            : stats.snapshot(inProgress[0], inProgress[1], inProgress[2]);
                    if (counter >= 0) {
                        made = countedNow ? made.counted(countedCalls) : made.timedAfterCounting(countedCalls);
                    }
                    snapshots.add(made);
                }
            }
        }
        return snapshots;
    }

    /**
     * The ids of timed methods, not pinned and not counted yet, that proved hot and short: at least
     * {@code minCalls} finished calls, with a median of at most {@code maxMedianNanos}. Reads the
     * statistics as folded so far.
     */
    public int[] hotAndShort(long minCalls, long maxMedianNanos) {
        int[] found = new int[16];
        int n = 0;
        synchronized (this) {
            MethodStats[] table = registry.table();
            int size = Math.min(registry.size(), table.length);
            for (int id = 0; id < size; id++) {
                MethodStats stats = table[id];
                if (stats == null
                        || stats == MethodRegistry.untimedStats()
                        || stats.count < minCalls
                        || registry.isCounted(id)
                        || registry.isPinned(id)
                        || stats.median() > maxMedianNanos) {
                    continue;
                }
                if (n == found.length) {
                    found = java.util.Arrays.copyOf(found, n * 2);
                }
                found[n++] = id;
            }
        }
        return java.util.Arrays.copyOf(found, n);
    }

    /**
     * Folds the recorders of finished threads that were taken off the list; called by a thread with its
     * own timings off (the report, or a thread folding its ring).
     */
    void foldRetired() {
        ThreadRecorder[] toFold;
        int count;
        synchronized (registration) {
            if (retiredCount == 0) {
                return;
            }
            toFold = java.util.Arrays.copyOf(retired, retiredCount);
            count = retiredCount;
            java.util.Arrays.fill(retired, 0, retiredCount, null);
            retiredCount = 0;
        }
        for (int i = 0; i < count; i++) {
            toFold[i].fold();
            synchronized (registration) {
                lostByDropped += toFold[i].lost();
            }
            long[] counted = toFold[i].counts();
            for (int counter = 0; counter < counted.length; counter++) {
                if (counted[counter] != 0) {
                    countShared(counter, counted[counter]);
                }
            }
        }
    }

    /** Calls counted only, of threads whose own arrays are gone (finished, or past max.threads). */
    private long[] sharedCounts = new long[0];

    /** Adds {@code calls} counted-only calls to a counter of the shared counts. */
    synchronized void countShared(int counter, long calls) {
        if (counter >= sharedCounts.length) {
            sharedCounts = java.util.Arrays.copyOf(sharedCounts, Math.max(counter + 1, sharedCounts.length * 2));
        }
        sharedCounts[counter] += calls;
    }

    /**
     * Every counted-only call so far, per counter (see {@link MethodRegistry#counter}): the shared
     * counts and every thread's own. A best
     * effort at one moment while threads run on; exact once they have stopped.
     */
    public long[] countedCalls() {
        ThreadRecorder[] all;
        int count;
        synchronized (registration) {
            all = java.util.Arrays.copyOf(registered, registeredCount + retiredCount);
            System.arraycopy(retired, 0, all, registeredCount, retiredCount);
            count = registeredCount + retiredCount;
        }
        long[] totals;
        synchronized (this) {
            totals = sharedCounts.clone();
        }
        for (int i = 0; i < count; i++) {
            long[] counted = all[i].counts();
            if (counted.length > totals.length) {
                totals = java.util.Arrays.copyOf(totals, counted.length);
            }
            for (int counter = 0; counter < counted.length; counter++) {
                totals[counter] += counted[counter];
            }
        }
        return totals;
    }

    /** Calls that could not be recorded for want of memory or stack, on every thread so far. */
    public long lostCalls() {
        synchronized (registration) {
            long lost = lostByDropped;
            for (int i = 0; i < retiredCount; i++) {
                lost += retired[i].lost();
            }
            for (int i = 0; i < registeredCount; i++) {
                lost += registered[i].lost();
            }
            return lost;
        }
    }

    /** How many threads currently own a registered recorder. */
    public int recordingThreads() {
        synchronized (registration) {
            return registeredCount;
        }
    }

    /** Folds a thread's finished calls up to {@code upTo}; called with that recorder's lock held. */
    void fold(ThreadRecorder recorder, long upTo) {
        synchronized (this) {
            recorder.foldInto(registry, upTo, insideNanos, perCallNanos);
        }
    }

    /** Of the probe's own cost of timing a call, what falls between its two clock reads; 0 until calibrated. */
    private volatile long insideNanos;
    /** The probe's whole cost of timing a call, as the caller's time sees it; 0 until calibrated. */
    private volatile long perCallNanos;

    /** The probe's own cost of a timed call, as {@link #calibrate} measured it: {inside, per call}, in ns. */
    public long[] overhead() {
        return new long[] {insideNanos, perCallNanos};
    }

    /**
     * Measures, on the calling thread, what timing a call costs on this JVM: a scratch recorder times
     * calls of an empty method ten at a time inside an outer one, long enough for the JIT to compile
     * the probe's code. The median empty call is what falls between a timed call's two clock reads; the
     * outer call's median, less that, over ten, is what each timed call adds to its caller. From then
     * on, calls folded have that cost taken out of their times (the measured times are kept beside).
     */
    public void calibrate() {
        MethodRegistry scratch = new MethodRegistry(2);
        int outerId = scratch.register(new MethodKey("calibration", "outer", "()V"));
        int innerId = scratch.register(new MethodKey("calibration", "inner", "()V"));
        Recorder probe = new Recorder(scratch, 2);
        Sink sink = probe;
        for (int round = 0; round < CALIBRATION_ROUNDS; round++) {
            // as woven code does it: the thread's frames looked up for each call
            Frames frames = sink.frames();
            int outer = frames.enter(outerId);
            for (int i = 0; i < 10; i++) {
                Frames calls = sink.frames();
                calls.exit(calls.enter(innerId));
            }
            frames.exit(outer);
        }
        long inner = 0;
        long outer = 0;
        for (MethodSnapshot method : probe.snapshot()) {
            if (method.key().methodName().equals("inner")) {
                inner = method.p50Nanos();
            } else {
                outer = method.p50Nanos();
            }
        }
        if (inner > 0 && outer > inner) {
            insideNanos = inner;
            perCallNanos = (outer - inner) / 10;
        }
    }

    /** Outer calls made by {@link #calibrate}: some 0.2 s on a slow machine, enough for the JIT. */
    static final int CALIBRATION_ROUNDS = 20_000;

    private ThreadRecorder newRecorder() {
        Thread thread = Thread.currentThread();
        if (thread.getName().startsWith(JFR_THREADS) || schedulesVirtualThreads(thread)) {
            // JFR's own threads (the sampler the probe starts runs there) are the JDK's work, not the
            // program's: never timed nor counted, like the probe's own threads. So are the threads that
            // schedule virtual threads, which must moreover never wait here (see schedulesVirtualThreads)
            ThreadRecorder quiet = new ThreadRecorder(this, thread, 1, DEPTH, 16, true);
            quiet.busy = true;
            return quiet;
        }
        synchronized (registration) {
            if (registeredCount >= maxThreads) {
                sweepFinishedThreads();
            }
            if (registeredCount >= maxThreads) {
                return new ThreadRecorder(this, thread, 1, DEPTH, 16, true);
            }
            ThreadRecorder recorder = new ThreadRecorder(this, thread, RING, DEPTH, BUCKETS, false);
            if (registeredCount == registered.length) {
                ThreadRecorder[] grown = new ThreadRecorder[registered.length * 2];
                System.arraycopy(registered, 0, grown, 0, registeredCount);
                registered = grown;
            }
            registered[registeredCount++] = recorder;
            return recorder;
        }
    }

    /**
     * Whether {@code thread} is one of the JDK's own that run and schedule virtual threads: a carrier
     * thread of the virtual-thread scheduler (which runs nothing else: the program's code on it runs as
     * the virtual thread), or the JDK's system threads named {@code VirtualThread-…} (the unblocker, the
     * unparkers) or {@code …-Poller}. The executors unit weaves {@code ForkJoinPool#execute} and {@code
     * ForkJoinTask#doExec}, which these threads call for every virtual thread they schedule and run; and
     * on JDK 24 and later a virtual thread that blocks on a monitor is scheduled again by them. So they
     * must never wait for a lock the probe takes, as a virtual thread waiting for the same lock could
     * need them to run first (a deadlock, seen with twenty thousand virtual threads on JDK 25): they get
     * a quiet recorder, made without the registration lock, and the probe's listeners never run on them.
     */
    static boolean schedulesVirtualThreads(Thread thread) {
        String type = thread.getClass().getName();
        if (type.equals("jdk.internal.misc.CarrierThread")) {
            return true;
        }
        if (!type.equals("jdk.internal.misc.InnocuousThread")) {
            return false;
        }
        String name = thread.getName();
        return name.startsWith("VirtualThread-") || name.endsWith("-Poller");
    }

    /** Moves the recorders of finished threads to {@link #retired}; no call into library code. */
    private void sweepFinishedThreads() {
        int kept = 0;
        for (int i = 0; i < registeredCount; i++) {
            ThreadRecorder recorder = registered[i];
            if (recorder.owner.isAlive() || retiredCount >= maxThreads) {
                registered[kept++] = recorder; // at most max.threads wait to be folded
            } else {
                if (retiredCount == retired.length) {
                    ThreadRecorder[] grown = new ThreadRecorder[retired.length * 2];
                    System.arraycopy(retired, 0, grown, 0, retiredCount);
                    retired = grown;
                }
                retired[retiredCount++] = recorder;
            }
        }
        for (int i = kept; i < registeredCount; i++) {
            registered[i] = null;
        }
        registeredCount = kept;
    }
}
