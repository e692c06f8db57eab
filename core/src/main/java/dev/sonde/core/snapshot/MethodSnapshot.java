package dev.sonde.core.snapshot;

import dev.sonde.core.record.MethodKey;
import java.util.Comparator;

/**
 * The timings of one method at one moment, as the reports show them. All durations in nanoseconds.
 * Calls still running at that moment are counted apart ({@link #running}) and add the time they have
 * run so far to the total and self time; the percentiles, minimum and maximum are of finished calls.
 */
public final class MethodSnapshot {

    /**
     * Largest self time first, then largest total, then by name: the order of both reports. The times
     * compared are those shown: sampled estimates for counted methods.
     */
    public static final Comparator<MethodSnapshot> BY_SELF_TIME = new Comparator<MethodSnapshot>() {
        @Override
        public int compare(MethodSnapshot a, MethodSnapshot b) {
            int bySelf = Long.compare(b.shownSelfNanos(), a.shownSelfNanos());
            if (bySelf != 0) {
                return bySelf;
            }
            int byTotal = Long.compare(b.shownTotalNanos(), a.shownTotalNanos());
            return byTotal != 0 ? byTotal : a.key.toString().compareTo(b.key.toString());
        }
    };

    private final MethodKey key;
    private final long count;
    private final long errors;
    private final long totalNanos;
    private final long selfNanos;
    private final long minNanos;
    private final long maxNanos;
    private final long p50Nanos;
    private final long p90Nanos;
    private final long p99Nanos;
    private final long p999Nanos;
    private final long running;
    private final long runningNanos;
    /** Calls counted only, while the method was in the counted tier; 0 for a method never counted. */
    private final long countedCalls;

    private final boolean counted;
    /** Total and self time as measured, before the probe's own cost was taken out. */
    private final long rawTotalNanos;

    private final long rawSelfNanos;

    /** Stack samples in which the method was on the stack, and those in which it was the innermost selected one. */
    private final long samples;

    private final long selfSamples;
    /** What one sample stands for; 0 when no sampler ran. */
    private final long samplePeriodNanos;

    public MethodSnapshot(
            MethodKey key,
            long count,
            long errors,
            long totalNanos,
            long selfNanos,
            long minNanos,
            long maxNanos,
            long p50Nanos,
            long p90Nanos,
            long p99Nanos,
            long p999Nanos,
            long running,
            long runningNanos) {
        this.key = key;
        this.count = count;
        this.errors = errors;
        this.totalNanos = totalNanos;
        this.selfNanos = selfNanos;
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.p50Nanos = p50Nanos;
        this.p90Nanos = p90Nanos;
        this.p99Nanos = p99Nanos;
        this.p999Nanos = p999Nanos;
        this.running = running;
        this.runningNanos = runningNanos;
        this.countedCalls = 0;
        this.counted = false;
        this.rawTotalNanos = totalNanos;
        this.rawSelfNanos = selfNanos;
        this.samples = 0;
        this.selfSamples = 0;
        this.samplePeriodNanos = 0;
    }

    /** A copy of {@code base} with {@code addedCounted} more calls counted only, and the given tier and measured times. */
    private MethodSnapshot(
            MethodSnapshot base,
            long addedCounted,
            boolean counted,
            long rawTotalNanos,
            long rawSelfNanos,
            long samples,
            long selfSamples,
            long samplePeriodNanos) {
        this.key = base.key;
        this.count = base.count + addedCounted;
        this.errors = base.errors;
        this.totalNanos = base.totalNanos;
        this.selfNanos = base.selfNanos;
        this.minNanos = base.minNanos;
        this.maxNanos = base.maxNanos;
        this.p50Nanos = base.p50Nanos;
        this.p90Nanos = base.p90Nanos;
        this.p99Nanos = base.p99Nanos;
        this.p999Nanos = base.p999Nanos;
        this.running = base.running;
        this.runningNanos = base.runningNanos;
        this.countedCalls = base.countedCalls + addedCounted;
        this.counted = counted;
        this.rawTotalNanos = rawTotalNanos;
        this.rawSelfNanos = rawSelfNanos;
        this.samples = samples;
        this.selfSamples = selfSamples;
        this.samplePeriodNanos = samplePeriodNanos;
    }

    /**
     * This snapshot's times, with the probe's own cost taken out, beside those measured: {@code
     * rawTotalNanos} and {@code rawSelfNanos}.
     */
    public MethodSnapshot measured(long rawTotalNanos, long rawSelfNanos) {
        return new MethodSnapshot(
                this, 0, counted, rawTotalNanos, rawSelfNanos, samples, selfSamples, samplePeriodNanos);
    }

    /** Total time as measured, before the probe's own cost was taken out ({@link #totalNanos} is after). */
    public long rawTotalNanos() {
        return rawTotalNanos;
    }

    /** Self time as measured, before the probe's own cost was taken out ({@link #selfNanos} is after). */
    public long rawSelfNanos() {
        return rawSelfNanos;
    }

    /**
     * This method, moved to the counted tier after these timings: {@code countedCalls} more calls, counted
     * and not timed. Its count becomes all its calls; its times stay those of the calls that were timed.
     */
    public MethodSnapshot counted(long countedCalls) {
        return new MethodSnapshot(
                this, countedCalls, true, rawTotalNanos, rawSelfNanos, samples, selfSamples, samplePeriodNanos);
    }

    /**
     * This method with what stack samples saw of it: {@code samples} in which it was on a sampled thread's
     * stack (once per sample, however deep its recursion), {@code selfSamples} in which it was the innermost
     * selected method, each standing for {@code periodNanos} of that thread's running time.
     */
    public MethodSnapshot sampled(long samples, long selfSamples, long periodNanos) {
        return new MethodSnapshot(this, 0, counted, rawTotalNanos, rawSelfNanos, samples, selfSamples, periodNanos);
    }

    /** Stack samples with this method on the stack; 0 when no sampler ran or none saw it. */
    public long samples() {
        return samples;
    }

    /** Stack samples in which this was the innermost selected method. */
    public long selfSamples() {
        return selfSamples;
    }

    /** True when a stack sampler ran while this method was selected: its sampled times mean something. */
    public boolean sampledAtAll() {
        return samplePeriodNanos > 0;
    }

    /** Total time estimated from the stack samples: samples times the sampling period. */
    public long sampledTotalNanos() {
        return samples * samplePeriodNanos;
    }

    /** Self time estimated from the stack samples. */
    public long sampledSelfNanos() {
        return selfSamples * samplePeriodNanos;
    }

    /**
     * True when the times to show for this method are the sampled estimates, once a sampler has run: a
     * method of the counted tier, whose calls since it moved were not timed, or a method timed again
     * that has no timed call finished yet.
     */
    public boolean estimated() {
        return samplePeriodNanos > 0 && (counted || (countedCalls > 0 && count == countedCalls));
    }

    /** Whether any call of this method was timed and finished: its percentiles mean something. */
    public boolean anyTimed() {
        return count > countedCalls;
    }

    /** Self time to show and sort by: the sampled estimate for a counted method, the measured one otherwise. */
    public long shownSelfNanos() {
        return estimated() ? sampledSelfNanos() : selfNanos;
    }

    /** Total time to show: the sampled estimate for a counted method, the measured one otherwise. */
    public long shownTotalNanos() {
        return estimated() ? sampledTotalNanos() : totalNanos;
    }

    /**
     * This method, timed again after {@code countedCalls} calls counted only: it was counted first, then
     * taken back to the timed tier (its calls proved long, or its class could not be woven again).
     */
    public MethodSnapshot timedAfterCounting(long countedCalls) {
        return new MethodSnapshot(
                this, countedCalls, false, rawTotalNanos, rawSelfNanos, samples, selfSamples, samplePeriodNanos);
    }

    /**
     * "timed" (its calls timed exactly, those of {@link #countedCalls} aside) or "counted" (its calls
     * only counted, after it proved hot and short or from the start with {@code time.counted}).
     */
    public String tier() {
        return counted ? "counted" : "timed";
    }

    /** Calls counted and not timed; {@link #count} less this is the calls timed. */
    public long countedCalls() {
        return countedCalls;
    }

    public MethodKey key() {
        return key;
    }

    /** Finished calls, all of them, timed or counted. */
    public long count() {
        return count;
    }

    /** Finished calls ended by a throwable. */
    public long errors() {
        return errors;
    }

    /** Time in the method, counting a recursive method once per outermost call, running calls included. */
    public long totalNanos() {
        return totalNanos;
    }

    /** Time in the method itself, not in other timed methods it called, running calls included. */
    public long selfNanos() {
        return selfNanos;
    }

    public long minNanos() {
        return minNanos;
    }

    public long maxNanos() {
        return maxNanos;
    }

    public long p50Nanos() {
        return p50Nanos;
    }

    public long p90Nanos() {
        return p90Nanos;
    }

    public long p99Nanos() {
        return p99Nanos;
    }

    public long p999Nanos() {
        return p999Nanos;
    }

    /** Calls that had started and not ended at the moment of the snapshot. */
    public long running() {
        return running;
    }

    /** How long the outermost of those calls had run so far. */
    public long runningNanos() {
        return runningNanos;
    }
}
