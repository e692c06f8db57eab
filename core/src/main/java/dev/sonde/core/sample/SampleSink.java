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

    /** Whether the JVM placed samples in compiled code at the instruction they struck (see {@link JfrSampler}). */
    default void exactInCompiledCode(boolean exact) {}
}
