package dev.sonde.core.record;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Aggregated timings of one method. Only the recorder touches it, under its lock.
 *
 * <p>The histogram starts packed: a few KiB, but some 15 ns to record a value. A method that turns hot
 * ({@value #HOT_CALLS} calls) is promoted to a flat histogram, which records in a few nanoseconds and
 * takes 10 to 36 KiB (it grows with the method's slowest call); at most {@value #MAX_FLAT} methods are
 * promoted, so hot paths are cheap and memory stays bounded whatever the selector.
 */
final class MethodStats {

    /** Latencies above one hour are clamped in the histogram; count, total and max stay exact. */
    static final long HIGHEST_TRACKED_NANOS = 3_600_000_000_000L;
    static final int HOT_CALLS = 4096;
    static final int MAX_FLAT = 1000;

    final MethodKey key;
    long count;
    long errors;
    long totalNanos;
    long minNanos = Long.MAX_VALUE;
    long maxNanos;
    private AbstractHistogram histogram;
    private boolean flat;
    private final FlatBudget budget;

    MethodStats(MethodKey key, FlatBudget budget) {
        this.key = key;
        this.budget = budget;
    }

    /** How many histograms may still be promoted; shared by all methods of one registry. */
    static final class FlatBudget {
        private int left = MAX_FLAT;

        boolean take() {
            if (left == 0) {
                return false;
            }
            left--;
            return true;
        }
    }

    void record(long nanos, boolean error) {
        count++;
        if (error) {
            errors++;
        }
        totalNanos += nanos;
        if (nanos < minNanos) {
            minNanos = nanos;
        }
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
        if (histogram == null) {
            histogram = new PackedHistogram(1, HIGHEST_TRACKED_NANOS, 2);
        } else if (!flat && count >= HOT_CALLS && budget.take()) {
            Histogram promoted = new Histogram(2);
            promoted.add(histogram);
            histogram = promoted;
            flat = true;
        }
        histogram.recordValue(Math.min(nanos, HIGHEST_TRACKED_NANOS));
    }

    MethodSnapshot snapshot() {
        if (count == 0) {
            return new MethodSnapshot(key, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new MethodSnapshot(key, count, errors, totalNanos, minNanos, maxNanos,
                percentile(50), percentile(90), percentile(99), percentile(99.9));
    }

    /**
     * HdrHistogram answers with the top of a bucket (within 1%); the exact extremes bound it. A
     * percentile among clamped latencies (over an hour) is reported as the exact maximum.
     */
    private long percentile(double percentile) {
        long value = histogram.getValueAtPercentile(percentile);
        if (value >= HIGHEST_TRACKED_NANOS) {
            return maxNanos;
        }
        return Math.max(minNanos, Math.min(maxNanos, value));
    }
}
