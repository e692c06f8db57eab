package dev.sonde.core.library;

import java.util.Arrays;
import org.HdrHistogram.PackedHistogram;

/**
 * The durations of one statement or one request name: their count, how many failed, their sum and
 * maximum, and their percentiles — exact (nearest rank) for the first {@value #EXACT_VALUES}, then from a
 * packed HdrHistogram with two significant digits, never above the exact maximum. Its owner guards it.
 */
class Latencies {

    /** Durations kept as they are before a histogram takes over. */
    static final int EXACT_VALUES = 256;
    /** Longer durations are clamped in the histogram; the maximum stays exact. */
    static final long HIGHEST_TRACKED_NANOS = 3_600_000_000_000L;

    long count;
    long errors;
    long totalNanos;
    long maxNanos;
    private long[] values = new long[16];
    private PackedHistogram histogram;

    void record(long nanos, boolean failed) {
        if (histogram != null) {
            histogram.recordValue(clamped(nanos));
        } else if (count < EXACT_VALUES) {
            if (count == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[(int) count] = nanos;
        } else {
            histogram = new PackedHistogram(1, HIGHEST_TRACKED_NANOS, 2);
            for (long value : values) {
                histogram.recordValue(clamped(value));
            }
            values = null;
            histogram.recordValue(clamped(nanos));
        }
        count++;
        totalNanos += nanos;
        maxNanos = Math.max(maxNanos, nanos);
        if (failed) {
            errors++;
        }
    }

    private static long clamped(long nanos) {
        return Math.max(1, Math.min(nanos, HIGHEST_TRACKED_NANOS));
    }

    long percentile(double percent) {
        if (count == 0) {
            return 0;
        }
        if (histogram != null) {
            return Math.min(maxNanos, histogram.getValueAtPercentile(percent));
        }
        long[] sorted = Arrays.copyOf(values, (int) count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
