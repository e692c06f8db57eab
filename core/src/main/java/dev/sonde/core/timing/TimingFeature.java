package dev.sonde.core.timing;

import dev.sonde.core.config.Setting;
import dev.sonde.core.config.Settings;
import dev.sonde.core.feature.Feature;
import dev.sonde.core.feature.FeatureContext;
import dev.sonde.core.feature.Option;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.snapshot.Snapshot;
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

    private FeatureContext context;
    private Tiering tiering;

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
        return List.of(TIME, EXCLUDE, MAX_METHODS, TIME_SMALL, TIME_HOT);
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
        if (!started.settings().get(TIME_HOT)) {
            // the tiering thread once there is timed code: a program the selectors leave alone has none
            transformer.onFirstWeave(new Runnable() {
                @Override
                public void run() {
                    startTiering();
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
        snapshot.methods(context.recorder().snapshot())
                .untimed(context.methods().untimed())
                .leftOut(context.methods().leftOut())
                .overhead(overhead[0], overhead[1]);
    }

    private synchronized void startTiering() {
        if (tiering == null && context != null) {
            tiering = Tiering.start(context);
        }
    }

    @Override
    public void finish() {
        stopTiering();
    }

    @Override
    public void stop() {
        stopTiering();
        context = null;
    }

    private synchronized void stopTiering() {
        if (tiering != null) {
            tiering.stop();
            tiering = null;
        }
    }
}
