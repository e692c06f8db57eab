package dev.sonde.tracer;

import dev.sonde.core.config.Setting;
import dev.sonde.core.config.Settings;
import dev.sonde.core.feature.Feature;
import dev.sonde.core.feature.FeatureContext;
import dev.sonde.core.feature.Option;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.snapshot.Snapshot;
import java.util.List;

/**
 * The bytecode tracer, when {@code trace.bytecode} selects methods. It writes its own files,
 * {@code sonde-trace-<pid>.txt} and {@code .jsonl}, and finishes them as the session ends. The settings
 * and options are declared here; what runs is a {@link Tracer}.
 */
public final class TracingFeature implements Feature {

    public static final Setting<List<MethodSelector>> TRACE_BYTECODE = Setting.selectors(
            "trace.bytecode",
            "Selectors of the methods whose every instruction is traced, separated by ':' or ';'.",
            true);
    public static final Setting<Integer> TRACE_FOLLOW = Setting.number(
            "trace.follow",
            0,
            0,
            64,
            "How many calls deep to follow traced methods into the methods they call (0: not at all).");
    public static final Setting<Long> TRACE_MAX_EVENTS = Setting.count(
            "trace.max.events", 2_000_000, "Instruction events after which tracing stops, with a note in the trace.");
    public static final Setting<Long> TRACE_MAX_BYTES = Setting.count(
            "trace.max.bytes",
            1L << 30,
            "About how many bytes of trace files (text and JSON) after which tracing stops, with a note in the trace.");

    /** The running tracer; in a class of its own, so that this one loads without the bridge's classes. */
    private Tracer tracer;

    @Override
    public String name() {
        return "tracing";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TRACE_BYTECODE, TRACE_FOLLOW, TRACE_MAX_EVENTS, TRACE_MAX_BYTES);
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.requiredBy(
                        "trace",
                        "--bytecode",
                        "SELECTOR",
                        TRACE_BYTECODE,
                        "trace every instruction of the methods SELECTOR matches (repeatable)",
                        "give the methods to trace with --bytecode SELECTOR"),
                Option.ofCommand(
                        "trace",
                        "--follow",
                        "N",
                        TRACE_FOLLOW,
                        "trace the methods they call too, down to N calls deep (default 0)"),
                Option.ofCommand(
                        "trace",
                        "--max-events",
                        "N",
                        TRACE_MAX_EVENTS,
                        "stop tracing after N instruction events (default 2000000)"));
    }

    @Override
    public boolean wanted(Settings settings) {
        return !settings.get(TRACE_BYTECODE).isEmpty();
    }

    @Override
    public void start(FeatureContext context) throws Exception {
        tracer = Tracer.start(context);
    }

    @Override
    public boolean reports() {
        return false;
    }

    @Override
    public boolean writesOwnFiles() {
        return true;
    }

    @Override
    public void contribute(Snapshot.Builder snapshot) {
        // the trace is in its own files
    }

    @Override
    public void finish() {
        if (tracer != null) {
            tracer.finish();
            tracer = null;
        }
    }

    @Override
    public void stop() {
        finish();
    }
}
