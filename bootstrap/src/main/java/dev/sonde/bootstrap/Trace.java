package dev.sonde.bootstrap;

/** What traced methods call first; forwards to the tracer once it is installed. */
public final class Trace {

    private static volatile TraceSink sink = TraceSink.NONE;

    private Trace() {}

    public static TraceBuffer enter(int method) {
        return sink.enter(method);
    }

    public static void install(TraceSink newSink) {
        sink = newSink == null ? TraceSink.NONE : newSink;
    }
}
