package dev.sonde.core.record;

import org.HdrHistogram.PackedHistogram;

/**
 * Aggregated timings of one method. Only the recorder touches it, under its lock; the histogram is
 * packed, so its memory follows the latencies actually seen (a few KiB for most methods).
 */
final class MethodStats {

    /** Latencies above one hour are clamped in the histogram; count, total and max stay exact. */
    static final long HIGHEST_TRACKED_NANOS = 3_600_000_000_000L;

    final MethodKey key;
    long count;
    long errors;
    long totalNanos;
    long minNanos = Long.MAX_VALUE;
    long maxNanos;
    private PackedHistogram histogram;

    MethodStats(MethodKey key) {
        this.key = key;
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
