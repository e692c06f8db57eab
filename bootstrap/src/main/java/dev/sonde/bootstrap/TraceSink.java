package dev.sonde.bootstrap;

/** Decides whether an invocation of a woven method is traced, and where its events go. */
public abstract class TraceSink {

    /** Traces nothing: what woven code reaches before the tracer is ready or after it stops. */
    public static final TraceSink NONE = new TraceSink() {
        @Override
        public TraceBuffer enter(int method) {
            return null;
        }
    };

    /** The buffer for this invocation of {@code method}, or null to run the method untraced. */
    public abstract TraceBuffer enter(int method);
}
