package dev.sonde.core.snapshot;

/** The calls of one kind (SQL statements, Redis commands, outgoing HTTP calls) that requests made: how many, how long. */
public final class CallTotals {

    public static final CallTotals NONE = new CallTotals(0, 0);

    private final long count;
    private final long totalNanos;

    public CallTotals(long count, long totalNanos) {
        this.count = count;
        this.totalNanos = totalNanos;
    }

    public long count() {
        return count;
    }

    public long totalNanos() {
        return totalNanos;
    }
}
