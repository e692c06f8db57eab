package dev.sonde.tracer;

import dev.sonde.bootstrap.Trace;
import dev.sonde.core.config.Settings;
import dev.sonde.core.internal.Log;
import dev.sonde.core.weave.LoadedClasses;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Starts the bytecode tracer in this JVM when {@code trace.bytecode} selects methods: the recorder behind
 * the bridge, the writer thread, the transformer (classes already loaded are retransformed). Called by
 * the agent; what it returns runs at exit and finishes the trace files.
 */
public final class TraceFeature {

    private TraceFeature() {}

    public static Runnable start(Instrumentation instrumentation, Settings settings, Consumer<Module> bridgeReader)
            throws Exception {
        long pid = ProcessHandle.current().pid();
        Path directory = settings.reportDir();
        java.nio.file.Files.createDirectories(directory);
        TraceRecorder recorder = new TraceRecorder(settings.traceMaxEvents(), settings.traceFollow());
        TraceWriter writer = new TraceWriter(
                recorder, directory, "sonde-trace-" + pid, settings.reportPermissions(), settings.traceMaxBytes());
        Thread thread = new Thread(writer, "sonde-trace-writer");
        thread.setDaemon(true);
        recorder.writer(thread);
        thread.start();
        Trace.install(recorder);
        TracingTransformer transformer =
                new TracingTransformer(settings.traceSelection(), recorder, bridgeReader, settings.traceFollow() > 0);
        recorder.follower(new CallFollower(instrumentation, transformer));
        instrumentation.addTransformer(transformer, true);
        LoadedClasses.retransform(
                instrumentation,
                new java.util.function.Predicate<String>() {
                    @Override
                    public boolean test(String name) {
                        return transformer.mayWeave(name);
                    }
                },
                "tracing");
        return new Runnable() {
            @Override
            public void run() {
                Trace.install(null);
                writer.finish(recorder.close());
                try {
                    thread.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Log.warn("trace: " + writer.steps() + " instruction events in " + writer.invocations()
                        + " invocation(s) of " + writer.methods() + " method(s)"
                        + (writer.capped() ? ", stopped at a cap" : "") + ": " + writer.textFile() + ", "
                        + writer.jsonFile());
            }
        };
    }
}
