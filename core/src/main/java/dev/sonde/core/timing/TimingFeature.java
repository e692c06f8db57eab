package dev.sonde.core.timing;

import dev.sonde.core.config.Setting;
import dev.sonde.core.config.Settings;
import dev.sonde.core.feature.Feature;
import dev.sonde.core.feature.FeatureContext;
import dev.sonde.core.feature.Option;
import dev.sonde.core.internal.Log;
import dev.sonde.core.record.MethodKey;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.sample.JfrSampler;
import dev.sonde.core.sample.StackSamples;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.snapshot.MethodSnapshot;
import dev.sonde.core.snapshot.SamplingSummary;
import dev.sonde.core.snapshot.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Timing: every call of the methods the user selects, counted and timed exactly, with its self time;
 * the "spent 3.0s" of the probe, and the methods table of every report.
 */
public final class TimingFeature implements Feature {

    public static final Setting<List<MethodSelector>> TIME = Setting.selectors(
            "time",
            "Selectors of the methods to time, separated by ':' or ';'. A selector that starts with '!' excludes.",
            true);
    public static final Setting<List<MethodSelector>> EXCLUDE =
            Setting.selectors("exclude", "Selectors of methods never to time, separated by ':' or ';'.", false);
    public static final Setting<Integer> MAX_METHODS = Setting.number(
            "max.methods",
            50_000,
            1,
            MethodRegistry.MAX_WOVEN,
            "Cap on the number of distinct methods timed, counted as they are first called; selected methods called"
                    + " past it stay untimed, and the report says how many and where.");

    public static final Setting<Boolean> TIME_SMALL = Setting.flag(
            "time.small",
            false,
            "Time the selected methods too small to be worth it (no call, no loop, no lock, no exception handler,"
                    + " at most " + SmallMethods.MAX_INSTRUCTIONS + " instructions: accessors, constant returns),"
                    + " which are otherwise left out and counted in the report. A method a selector names exactly"
                    + " (a.B#size) is always timed.");

    public static final Setting<Boolean> TIME_HOT = Setting.flag(
            "time.hot",
            false,
            "Keep timing every call of the methods that prove hot and short (" + Tiering.HOT_CALLS
                    + " calls or more, median at most " + Tiering.SHORT_NANOS + " ns), which otherwise move to the"
                    + " counted tier: from then on their calls are counted, not timed. A method a selector names"
                    + " exactly is always timed.");

    public static final Setting<Boolean> TIME_COUNTED = Setting.flag(
            "time.counted",
            false,
            "Start every selected method in the counted tier: every call counted, none timed, the time"
                    + " estimated from stack samples; a method whose calls prove long (at least "
                    + Tiering.MIN_SAMPLES + " samples and an estimated " + Tiering.SHORT_NANOS
                    + " ns or more a call) is then timed. A whole program at a cost you can leave on."
                    + " A method a selector names exactly is always timed.");

    public static final Setting<Integer> SAMPLE_PERIOD = Setting.number(
            "sample.period",
            20,
            0,
            1_000,
            "Milliseconds between stack samples, taken by the JDK's own sampler (JFR) once a method is in the"
                    + " counted tier, to estimate the time of the methods whose calls are counted, not"
                    + " timed; 0 takes no samples.");

    private FeatureContext context;
    private Tiering tiering;
    private StackSamples samples;
    private Object sampler; // a JfrSampler, typed loosely so that JFR's classes load only when sampling starts
    private long samplePeriodNanos;
    private volatile boolean countedFromStart;
    /** False once the feature finishes or stops: no sampler starts after that. */
    private boolean sampling;
    /** True while a thread starts the sampler, outside this feature's lock. */
    private boolean samplerStarting;

    /** The methods the settings select for timing. */
    public static MethodSelection selection(Settings settings) {
        return MethodSelection.of(settings.get(TIME), settings.get(EXCLUDE));
    }

    @Override
    public String name() {
        return "timing";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TIME, EXCLUDE, MAX_METHODS, TIME_SMALL, TIME_HOT, TIME_COUNTED, SAMPLE_PERIOD);
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.of(
                        "--time",
                        "SELECTOR",
                        TIME,
                        "time the methods SELECTOR matches (repeatable); '!SELECTOR' excludes"),
                Option.of("--exclude", "SELECTOR", EXCLUDE, "never time the methods SELECTOR matches (repeatable)"));
    }

    @Override
    public boolean wanted(Settings settings) {
        return !selection(settings).isEmpty();
    }

    @Override
    public void start(FeatureContext started) {
        this.context = started;
        MethodSelection selection = selection(started.settings());
        started.methods().maxMethods(started.settings().get(MAX_METHODS));
        TimingTransformer transformer = new TimingTransformer(
                selection,
                started.methods(),
                started.bridgeReader(),
                started.settings().get(TIME_SMALL));
        if (selection.namesJdk()) {
            transformer.preload();
        }
        countedFromStart = started.settings().get(TIME_COUNTED);
        // with tiers, methods are woven with both paths: moving between them changes a flag, not the class
        started.methods().bothPaths(!started.settings().get(TIME_HOT) || countedFromStart);
        started.methods().countFromStart(countedFromStart);
        if (!started.settings().get(TIME_HOT) || countedFromStart) {
            // the tiering thread once there is woven code: a program the selectors leave alone has none
            final boolean moveHot = !started.settings().get(TIME_HOT);
            transformer.onFirstWeave(new Runnable() {
                @Override
                public void run() {
                    startTiering(moveHot);
                }
            });
        }
        started.weave(transformer, "timing");
    }

    @Override
    public boolean reports() {
        return true;
    }

    @Override
    public void contribute(Snapshot.Builder snapshot) {
        long[] overhead = context.recorder().overhead(); // read once: both from the same calibration
        List<MethodSnapshot> methods = context.recorder().snapshot();
        StackSamples sampled;
        long period;
        synchronized (this) {
            sampled = samples;
            period = samplePeriodNanos;
        }
        if (sampled != null) {
            List<MethodSnapshot> withSamples = new ArrayList<>(methods.size());
            MethodRegistry registry = context.methods();
            for (MethodSnapshot m : methods) {
                int id = registry.idOf(m.key());
                withSamples.add(m.sampled(sampled.onStack(id), sampled.innermost(id), period));
            }
            methods = withSamples;
            snapshot.sampling(new SamplingSummary(
                    period, sampled.samples(), sampled.truncated(), JfrSampler.EVENT, sampled.exactInCompiledCode()));
        }
        snapshot.methods(methods)
                .countedFromStart(countedFromStart)
                .untimed(context.methods().untimed())
                .leftOut(context.methods().leftOut())
                .overhead(overhead[0], overhead[1]);
    }

    private synchronized void startTiering(boolean moveHot) {
        if (tiering == null && context != null) {
            sampling = true;
            Runnable sample = new Runnable() {
                @Override
                public void run() {
                    startSampling();
                }
            };
            // counted from the first call, their time is the samples': the sampler starts with the thread
            // (not here, inside the weaving of a class)
            tiering =
                    Tiering.start(context, moveHot, countedFromStart ? sample : null, sample, new Tiering.LongCalls() {
                        @Override
                        public int[] find() {
                            return countedFromStart ? longCalls() : new int[0];
                        }
                    });
        }
    }

    /**
     * The methods counted from the start whose calls proved long: at least {@value Tiering#MIN_SAMPLES}
     * stack samples saw them, and those samples' time over their calls is {@value Tiering#SHORT_NANOS} ns
     * or more a call.
     */
    private int[] longCalls() {
        StackSamples sampled;
        long period;
        FeatureContext started;
        synchronized (this) {
            sampled = samples;
            period = samplePeriodNanos;
            started = context;
        }
        if (sampled == null || started == null) {
            return new int[0];
        }
        MethodRegistry registry = started.methods();
        long[] counted = started.recorder().countedCalls();
        int[] found = new int[16];
        int n = 0;
        int size = registry.size();
        for (int id = 0; id < size; id++) {
            long seen = sampled.onStack(id);
            if (seen < Tiering.MIN_SAMPLES || !registry.isCounted(id) || registry.isPinned(id)) {
                continue;
            }
            int counter = registry.counterEverGiven(id);
            long calls = counter >= 0 && counter < counted.length ? counted[counter] : 0;
            if (calls == 0 || seen * period / calls < Tiering.SHORT_NANOS) {
                continue;
            }
            if (n == found.length) {
                found = java.util.Arrays.copyOf(found, n * 2);
            }
            found[n++] = id;
        }
        return java.util.Arrays.copyOf(found, n);
    }

    /**
     * Starts the stack sampler, once the first methods have moved to the counted tier: their time from
     * then on is estimated from samples. Where the JVM cannot sample (JFR left out of the runtime or
     * switched off), says so once and goes on without.
     *
     * <p>JFR starts outside this feature's lock: starting it can take seconds on a loaded machine, and
     * may not return at all if the JVM begins to shut down meanwhile (JFR's own shutdown can block a
     * recording being made), while the report at exit needs the lock. A sampler that started after the
     * feature finished is closed at once.
     */
    private void startSampling() {
        FeatureContext started;
        int periodMillis;
        synchronized (this) {
            started = context;
            if (sampler != null || samplerStarting || started == null || !sampling) {
                return;
            }
            periodMillis = started.settings().get(SAMPLE_PERIOD);
            if (periodMillis == 0) {
                return;
            }
            samplerStarting = true;
        }
        final MethodRegistry registry = started.methods();
        StackSamples fresh = new StackSamples(new StackSamples.Methods() {
            @Override
            public int idOf(String className, String methodName, String descriptor) {
                return registry.idOf(new MethodKey(className, methodName, descriptor));
            }
        });
        JfrSampler made = null;
        try {
            made = JfrSampler.start(fresh, Duration.ofMillis(periodMillis));
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("Shutdown in progress")) {
                // the program is exiting: samples would come too late for the report anyway
                Log.debug("no stack samples: the JVM is shutting down");
            } else {
                cannotSample(e);
            }
        } catch (RuntimeException | LinkageError e) {
            cannotSample(e);
        }
        boolean kept = false;
        synchronized (this) {
            samplerStarting = false;
            if (made != null && sampling) {
                sampler = made;
                samples = fresh;
                samplePeriodNanos = periodMillis * 1_000_000L;
                kept = true;
            }
        }
        if (kept) {
            Log.debug("stack samples every " + periodMillis + " ms from " + JfrSampler.EVENT);
        } else if (made != null) {
            made.close(Duration.ZERO); // the feature finished while JFR started: too late to sample
        }
    }

    private static void cannotSample(Throwable e) {
        Log.warnOnce(
                "sampling",
                "cannot take stack samples in this JVM (" + e
                        + "); counted methods show only the times measured before they moved");
    }

    private synchronized void stopSampling() {
        if (sampler != null) {
            try {
                ((JfrSampler) sampler).close(Duration.ofSeconds(1));
            } catch (RuntimeException | LinkageError e) {
                Log.debug("closing the stack sampler: " + e);
            }
            sampler = null;
        }
    }

    @Override
    public void finish() {
        stopTiering();
        stopSampling();
    }

    @Override
    public void stop() {
        stopTiering();
        stopSampling();
        synchronized (this) {
            samples = null;
        }
        context = null;
    }

    /** Ends the tiering thread, without holding this feature's lock: the thread may be starting the sampler. */
    private void stopTiering() {
        Tiering running;
        synchronized (this) {
            running = tiering;
            tiering = null;
            sampling = false;
        }
        if (running != null) {
            running.stop();
        }
    }
}
