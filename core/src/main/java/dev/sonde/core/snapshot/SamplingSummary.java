package dev.sonde.core.snapshot;

/**
 * What the stack sampler saw in a run, when one ran: how often it sampled, how many stacks it read,
 * and how many of those the JDK cut at its depth limit (in those, methods deeper than the limit are not
 * seen). Per-method figures are in each {@link MethodSnapshot}.
 */
public final class SamplingSummary {

    private static final SamplingSummary NONE = new SamplingSummary(0, 0, 0, "", null);

    private final long periodNanos;
    private final long samples;
    private final long truncated;
    private final String source;
    private final Boolean exactInCompiledCode;

    /**
     * {@code exactInCompiledCode}: whether the JVM placed samples in compiled code exactly (HotSpot's
     * {@code DebugNonSafepoints}), or null when not known.
     */
    public SamplingSummary(long periodNanos, long samples, long truncated, String source, Boolean exactInCompiledCode) {
        this.periodNanos = periodNanos;
        this.samples = samples;
        this.truncated = truncated;
        this.source = source;
        this.exactInCompiledCode = exactInCompiledCode;
    }

    /** No sampler ran. */
    public static SamplingSummary none() {
        return NONE;
    }

    /** True when a sampler ran. */
    public boolean ran() {
        return periodNanos > 0;
    }

    /** How long each thread's running time one sample stands for. */
    public long periodNanos() {
        return periodNanos;
    }

    /** Stacks sampled, on every thread. */
    public long samples() {
        return samples;
    }

    /** Stacks the JDK cut at its depth limit. */
    public long truncated() {
        return truncated;
    }

    /**
     * Whether the JVM placed each sample in compiled code at the instruction it stopped at (true, with
     * {@code -XX:+DebugNonSafepoints}), or at the nearest call or safepoint poll the JIT kept debug
     * information for (false: a short method inlined into a loop is then often charged to its caller);
     * null when not known.
     */
    public Boolean exactInCompiledCode() {
        return exactInCompiledCode;
    }

    /** Where the samples came from: the JDK event's name. */
    public String source() {
        return source;
    }
}
