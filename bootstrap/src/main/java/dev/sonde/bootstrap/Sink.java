package dev.sonde.bootstrap;

/**
 * Receives one timing per call of a woven method; implemented by the probe's recorder, which lives
 * in its own isolated class loader.
 */
public abstract class Sink {

    /** Drops every timing: what woven code reaches before the probe is ready or after it stops. */
    public static final Sink NONE = new Sink() {
        @Override
        public void record(int method, long nanos) {
        }

        @Override
        public void recordError(int method, long nanos) {
        }
    };

    /** A call of {@code method} (an id handed out at weaving time) returned after {@code nanos}. */
    public abstract void record(int method, long nanos);

    /** A call of {@code method} ended by a throwable after {@code nanos}. */
    public abstract void recordError(int method, long nanos);
}
