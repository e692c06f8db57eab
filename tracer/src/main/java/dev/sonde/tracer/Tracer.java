package dev.sonde.tracer;

import dev.sonde.bootstrap.Trace;
import dev.sonde.core.config.Settings;
import dev.sonde.core.feature.FeatureContext;
import dev.sonde.core.internal.Log;
import dev.sonde.core.internal.Pid;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The tracer at work in one session: the recorder behind the trace bridge, the writer thread, the transformer. */
final class Tracer {

    private final TraceRecorder recorder;
    private final TraceWriter writer;
    private final Thread thread;

    private Tracer(TraceRecorder recorder, TraceWriter writer, Thread thread) {
        this.recorder = recorder;
        this.writer = writer;
        this.thread = thread;
    }

    static Tracer start(FeatureContext context) throws Exception {
        Settings settings = context.settings();
        int follow = settings.get(TracingFeature.TRACE_FOLLOW);
        Path directory = context.reportDirectory();
        Files.createDirectories(directory);
        TraceRecorder recorder = new TraceRecorder(settings.get(TracingFeature.TRACE_MAX_EVENTS), follow);
        TraceWriter writer = new TraceWriter(
                recorder,
                directory,
                "sonde-trace-" + Pid.current(),
                context.reportPermissions(),
                settings.get(TracingFeature.TRACE_MAX_BYTES));
        Thread thread = new Thread(writer, "sonde-trace-writer");
        thread.setDaemon(true);
        recorder.writer(thread);
        thread.start();
        Trace.install(recorder);
        TracingTransformer transformer = new TracingTransformer(
                MethodSelection.of(settings.get(TracingFeature.TRACE_BYTECODE), List.<MethodSelector>of()),
                recorder,
                context.bridgeReader(),
                follow > 0);
        recorder.follower(new CallFollower(context, transformer));
        context.weave(transformer, "tracing");
        return new Tracer(recorder, writer, thread);
    }

    /** Stops recording, writes what is left and closes the files; the writer thread ends. */
    void finish() {
        Trace.install(null);
        writer.finish(recorder.close());
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Log.warn("trace: " + writer.steps() + " instruction events in " + writer.invocations() + " invocation(s) of "
                + writer.methods() + " method(s)" + (writer.capped() ? ", stopped at a cap" : "") + ": "
                + writer.textFile() + ", " + writer.jsonFile());
    }
}
