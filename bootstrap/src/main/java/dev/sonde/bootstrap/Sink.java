package dev.sonde.bootstrap;

/**
 * What the bridge forwards to: the probe's recorder, which lives in its own isolated class loader,
 * or {@link #NONE}.
 */
public abstract class Sink {

    /** Records nothing: what woven code reaches before the probe is ready or after it stops. */
    public static final Sink NONE = new Sink() {
        @Override
        public Frames frames() {
            return Frames.NONE;
        }
    };

    /** The calling thread's stack of timed calls. */
    public abstract Frames frames();
}
