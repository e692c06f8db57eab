package dev.sonde.core.record;

import java.util.Comparator;

/** The timings of one method at one moment, as the reports show them. All durations in nanoseconds. */
public record MethodSnapshot(MethodKey key, long count, long errors, long totalNanos, long minNanos, long maxNanos,
        long p50Nanos, long p90Nanos, long p99Nanos, long p999Nanos) {

    /** Largest total time first, then by name; the order of both reports. */
    public static final Comparator<MethodSnapshot> BY_TOTAL_TIME = new Comparator<MethodSnapshot>() {
        @Override
        public int compare(MethodSnapshot a, MethodSnapshot b) {
            int byTotal = Long.compare(b.totalNanos, a.totalNanos);
            return byTotal != 0 ? byTotal : a.key.toString().compareTo(b.key.toString());
        }
    };

    public long meanNanos() {
        return count == 0 ? 0 : totalNanos / count;
    }
}
