package dev.sonde.core.record;

import dev.sonde.core.snapshot.MethodSnapshot;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Aggregated timings of one method. Only the recorder touches it, under its lock.
 *
 * <p>The first {@value #EXACT_VALUES} durations are kept as they are, in an array that grows with them
 * (most methods of a broad selection are called only a few times, and a histogram would cost a KiB
 * each), and their percentiles are exact. Then a histogram takes over: flat while the first half of the
 * budget of {@value #MAX_FLAT} flat histograms lasts, else packed. A packed histogram takes a few KiB,
 * but some 15 ns to record a value once compiled, and far more for its first values, which keep
 * resizing its packed storage (half of the probe's folding time on a whole compiler timed, before the
 * exact values went from 16 to 256). A method that turns hot ({@value #HOT_CALLS} calls) is promoted
 * from packed to flat while the budget lasts. A flat histogram records in a few nanoseconds and takes 10
 * to 36 KiB (it grows with the method's slowest call); with at most {@value #MAX_FLAT} of them, hot paths
 * are cheap and memory stays bounded whatever the selector.
 *
 * <p>{@link #record} updates the histogram first and the exact figures after it, with no call in
 * between: should an error (a stack overflow in the program's thread that folds its calls) strike
 * inside the histogram, the call is recorded again later and the exact figures count it once.
 */
final class MethodStats {

    /** Latencies above one hour are clamped in the histogram; count, total and max stay exact. */
    static final long HIGHEST_TRACKED_NANOS = 3_600_000_000_000L;

    static final int HOT_CALLS = 4096;
    static final int MAX_FLAT = 1000;
    static final int EXACT_VALUES = 256;
    /** The exact values' array as it starts; it doubles up to {@value #EXACT_VALUES}. */
    static final int FIRST_VALUES = 16;

    final MethodKey key;
    long count;
    long errors;
    /** Time of the calls that were not inside another call of the same method: recursion counts once. */
    long totalNanos;
    /** Time not spent in other timed methods. */
    long selfNanos;
    /** The same two as measured, before the probe's own cost was taken out of them. */
    long rawTotalNanos;

    long rawSelfNanos;

    long minNanos = Long.MAX_VALUE;
    long maxNanos;
    /** The first durations, until there are more than fit; then null and the histogram holds them. */
    private long[] values = new long[FIRST_VALUES];

    private AbstractHistogram histogram;
    private boolean flat;
    private final FlatBudget budget;

    MethodStats(MethodKey key, FlatBudget budget) {
        this.key = key;
        this.budget = budget;
    }

    /** How many histograms may still be promoted; shared by all methods of one registry. */
    static final class FlatBudget {
        private int left;

        FlatBudget() {
            this(MAX_FLAT);
        }

        FlatBudget(int left) {
            this.left = left;
        }

        /** Takes one, if any is left. */
        boolean take() {
            if (left == 0) {
                return false;
            }
            left--;
            return true;
        }

        /** Takes one from the first half only: the second half is kept for methods that turn hot. */
        boolean takeEarly() {
            return left > MAX_FLAT / 2 && take();
        }
    }

    /** One finished call, as measured: nothing taken out for the probe's own cost. */
    void record(long nanos, long self, boolean error, boolean nested) {
        record(nanos, self, error, nested, 0, 0, 0);
    }

    /**
     * One finished call: {@code measured} from start to end, {@code measuredSelf} of it outside other
     * timed methods; {@code nested} when another call of the same method was running beneath it on its
     * thread; {@code calls} the timed calls beneath it and those it made itself (packed by the thread's
     * recorder). The probe's own cost is taken out: {@code insideNanos} of its own timing falls between
     * its two clock reads, and each timed call beneath adds {@code perCallNanos} to the time around it.
     */
    void record(
            long measured,
            long measuredSelf,
            boolean error,
            boolean nested,
            long calls,
            long insideNanos,
            long perCallNanos) {
        long beneath = calls >>> ThreadRecorder.OWN_CALL_BITS;
        long own = calls & ((1L << ThreadRecorder.OWN_CALL_BITS) - 1);
        long nanos = Math.max(0, measured - insideNanos - beneath * perCallNanos);
        // each is an estimate, floored at 0; a call's self time never exceeds its total
        long self = Math.min(
                nanos, Math.max(0, measuredSelf - insideNanos - own * Math.max(0, perCallNanos - insideNanos)));
        if (count < EXACT_VALUES) {
            long[] kept = values;
            if (count == kept.length) {
                kept = java.util.Arrays.copyOf(kept, kept.length * 2);
                values = kept;
            }
            kept[(int) count] = nanos;
        } else {
            AbstractHistogram target = histogram;
            if (target == null) {
                if (budget.takeEarly()) {
                    target = new Histogram(2);
                    flat = true;
                } else {
                    target = new PackedHistogram(1, HIGHEST_TRACKED_NANOS, 2);
                }
                for (long value : values) {
                    target.recordValue(clamped(value));
                }
            } else if (!flat && count >= HOT_CALLS && budget.take()) {
                Histogram promoted = new Histogram(2);
                promoted.add(target);
                target = promoted;
                flat = true;
            }
            target.recordValue(clamped(nanos));
            histogram = target;
            values = null;
        }
        count++;
        if (error) {
            errors++;
        }
        if (!nested) {
            totalNanos += nanos;
            rawTotalNanos += measured;
        }
        selfNanos += self;
        rawSelfNanos += measuredSelf;
        if (nanos < minNanos) {
            minNanos = nanos;
        }
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
    }

    /** Whether the durations go to a flat histogram (false while they are kept exactly, or packed). */
    boolean isFlat() {
        return flat;
    }

    /** The median duration of the finished calls (0 with none). */
    long median() {
        return count == 0 ? 0 : percentile(50);
    }

    /** A snapshot of the finished calls, with the calls still running given by the caller. */
    MethodSnapshot snapshot(long running, long runningNanos, long runningSelfNanos) {
        if (count == 0) {
            return new MethodSnapshot(
                    key, 0, 0, runningNanos, runningSelfNanos, 0, 0, 0, 0, 0, 0, running, runningNanos);
        }
        return new MethodSnapshot(
                        key,
                        count,
                        errors,
                        totalNanos + runningNanos,
                        selfNanos + runningSelfNanos,
                        minNanos,
                        maxNanos,
                        percentile(50),
                        percentile(90),
                        percentile(99),
                        percentile(99.9),
                        running,
                        runningNanos)
                .measured(rawTotalNanos + runningNanos, rawSelfNanos + runningSelfNanos);
    }

    private static long clamped(long nanos) {
        return Math.min(Math.max(nanos, 0), HIGHEST_TRACKED_NANOS);
    }

    /**
     * Exact (nearest rank) while the first durations are kept. HdrHistogram answers with the top of a
     * bucket (within 1%); the exact extremes bound it. A percentile among clamped latencies (over an
     * hour) is reported as the exact maximum.
     */
    private long percentile(double percentile) {
        if (histogram == null) {
            long[] sorted = java.util.Arrays.copyOf(values, (int) count);
            java.util.Arrays.sort(sorted);
            int rank = (int) Math.ceil(percentile / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
        }
        long value = histogram.getValueAtPercentile(percentile);
        if (value >= HIGHEST_TRACKED_NANOS) {
            return maxNanos;
        }
        return Math.max(minNanos, Math.min(maxNanos, value));
    }

    /**
     * Loads every class that recording a call can reach, by recording into a throwaway instance: a
     * class first loaded while a program thread folds its calls at the bottom of a deep stack would make
     * the JVM call the class file transformers there, where a stack overflow is reported by the JVM's
     * instrumentation as an assertion failure on the program's stderr.
     */
    static void preload() {
        // flat from the start; then packed, promoted to flat once hot
        for (FlatBudget budget : new FlatBudget[] {new FlatBudget(), new FlatBudget(MAX_FLAT / 2)}) {
            MethodStats stats = new MethodStats(new MethodKey("", "", ""), budget);
            for (int i = 0; i <= EXACT_VALUES; i++) {
                stats.record(1 + i * 997L, 1, (i & 1) == 0, (i & 2) == 0);
            }
            stats.count = HOT_CALLS; // promote at the next call, without recording four thousand calls first
            stats.record(5, 1, false, false);
            stats.snapshot(0, 0, 0);
        }
    }
}
