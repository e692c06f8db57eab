package dev.sonde.core.record;

/** The timings of one method at one moment, as the reports show them. All durations in nanoseconds. */
public record MethodSnapshot(MethodKey key, long count, long errors, long totalNanos, long minNanos, long maxNanos,
        long p50Nanos, long p90Nanos, long p99Nanos, long p999Nanos) {

    public long meanNanos() {
        return count == 0 ? 0 : totalNanos / count;
    }
}
