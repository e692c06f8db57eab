package dev.sonde.core.timing;

import dev.sonde.core.feature.FeatureContext;
import dev.sonde.core.internal.Log;
import dev.sonde.core.record.MethodRegistry;

/**
 * Moves the timed methods that prove hot and short to the counted tier: after {@value #PERIOD_MILLIS}
 * ms, then after twice that, four times and so on up to a minute, the methods
 * with at least {@value #HOT_CALLS} calls and a median of at most {@value #SHORT_NANOS} ns (where the
 * probe's cost of timing, about a hundred nanoseconds a call in a busy program, would be a percent or
 * more of each call) are marked counted in the registry, to count each call from the next without
 * reading the clock: they are woven with both paths, and a flag per method says which runs, so no
 * class is woven again. Calls timed until then stay in their statistics; no call is lost on the way (a
 * call that began timed ends timed).
 * Methods a selector names exactly stay timed.
 */
final class Tiering implements Runnable {

    static final long HOT_CALLS = 250;
    static final long SHORT_NANOS = 10_000;
    static final long PERIOD_MILLIS = 100;
    /** Samples a counted method needs before its estimated time a call can take it back to the timed tier. */
    static final long MIN_SAMPLES = 5;
    /**
     * The looks grow apart (0.1 s, 0.2 s, 0.4 s, …) up to this: each move makes the JIT compile again the
     * code that inlined the method's other path.
     */
    static final long MAX_PERIOD_MILLIS = 60_000;

    private final FeatureContext context;
    private final Runnable firstMoved;
    private final LongCalls longCalls;
    private final boolean moveHot;
    private final Runnable atStart;

    /** Finds the counted methods whose calls proved long, from the stack samples. */
    interface LongCalls {
        int[] find();
    }

    private boolean movedAny;
    private final Thread thread;
    private volatile boolean stopped;

    private Tiering(
            FeatureContext context, boolean moveHot, Runnable atStart, Runnable firstMoved, LongCalls longCalls) {
        this.context = context;
        this.moveHot = moveHot;
        this.atStart = atStart;
        this.firstMoved = firstMoved;
        this.longCalls = longCalls;
        this.thread = new Thread(this, "sonde-tiers");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the thread: it runs {@code atStart} (if not null) first, then looks at the methods, moving
     * the hot and short ones to the counted tier if {@code moveHot} (and running {@code firstMoved} after
     * the first move), and timing the counted ones {@code longCalls} finds.
     */
    static Tiering start(
            FeatureContext context, boolean moveHot, Runnable atStart, Runnable firstMoved, LongCalls longCalls) {
        Tiering tiering = new Tiering(context, moveHot, atStart, firstMoved, longCalls);
        tiering.thread.start();
        return tiering;
    }

    /** Ends the thread; returns once it has (or after a second). */
    void stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        context.recorder().quietly(new Runnable() {
            @Override
            public void run() {
                if (atStart != null) {
                    atStart.run();
                }
                long period = PERIOD_MILLIS;
                while (!stopped) {
                    try {
                        Thread.sleep(period);
                        period = Math.min(period * 2, MAX_PERIOD_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    try {
                        if (moveHot) {
                            moveHotAndShort();
                        }
                        promote(longCalls.find());
                    } catch (RuntimeException | LinkageError e) {
                        Log.warnOnce("tiering", "could not move methods between the tiers: " + e);
                    }
                }
            }
        });
    }

    /** One look at the statistics; returns how many methods moved. */
    int moveHotAndShort() {
        int[] ids = context.recorder().hotAndShort(HOT_CALLS, SHORT_NANOS);
        if (ids.length == 0) {
            return 0;
        }
        MethodRegistry registry = context.methods();
        int moved = 0;
        for (int id : ids) {
            if (registry.moveToCounted(id)) {
                moved++;
            }
        }
        Log.debug("moved " + moved + " hot and short method(s) to the counted tier");
        if (moved > 0 && !movedAny) {
            movedAny = true;
            firstMoved.run();
        }
        return moved;
    }

    /**
     * Takes the counted methods whose calls proved long back to the timed tier, for good, from their next
     * call: {@code ids} from the stack samples (a method counted from the start, with enough samples for
     * its estimated mean call to be {@value #SHORT_NANOS} ns or more). Returns how many were taken.
     */
    int promote(int[] ids) {
        MethodRegistry registry = context.methods();
        int promoted = 0;
        for (int id : ids) {
            if (!registry.isCounted(id) || registry.isPinned(id)) {
                continue;
            }
            registry.promoteToTimed(id);
            promoted++;
        }
        if (promoted > 0) {
            Log.debug("timing " + promoted + " counted method(s) whose calls proved long");
        }
        return promoted;
    }
}
