package dev.sonde.core.sample;

/** Where a {@link JfrSampler} hands each stack it read. Called on the sampler's own thread only. */
public interface SampleSink {

    /**
     * A sample of the thread {@code threadId} ({@link Thread#getId()}) taken at {@code epochNanos}
     * (nanoseconds since 1970, UTC, as JFR dates its events): its frames innermost first, the first
     * {@code depth} entries of the arrays; {@code cut} when the JDK cut the stack at its depth limit.
     */
    void add(
            long threadId,
            long epochNanos,
            String[] classNames,
            String[] methodNames,
            String[] descriptors,
            int depth,
            boolean cut);

    /**
     * Thread {@code threadId} was held up from {@code epochNanos} for {@code nanos}: {@code blocked} entering a
     * monitor or parked on a lock of {@code java.util.concurrent.locks}, or else waiting (parked on
     * anything else, in {@code Object#wait}, in {@code Thread#sleep}); {@code on} is the class of the monitor or
     * of what it parked on, or null.
     */
    default void heldUp(long threadId, long epochNanos, long nanos, boolean blocked, String on) {}

    /** Whether the JVM placed samples in compiled code at the instruction they struck (see {@link JfrSampler}). */
    default void exactInCompiledCode(boolean exact) {}
}
