package dev.sonde.core.snapshot;

import java.time.Instant;
import java.util.List;

/** One request kept whole, among the slowest of its name or the last that failed: when, how long, how it ended, and its calls. */
public final class KeptRequest {

    private final Instant startTime;
    private final long durationNanos;
    private final int status;
    private final String error;
    private final long cpuNanos;
    private final long allocatedBytes;
    private final List<CallSnapshot> calls;

    public KeptRequest(
            Instant startTime,
            long durationNanos,
            int status,
            String error,
            long cpuNanos,
            long allocatedBytes,
            List<CallSnapshot> calls) {
        this.startTime = startTime;
        this.durationNanos = durationNanos;
        this.status = status;
        this.error = error;
        this.cpuNanos = cpuNanos;
        this.allocatedBytes = allocatedBytes;
        this.calls = List.copyOf(calls);
    }

    public Instant startTime() {
        return startTime;
    }

    public long durationNanos() {
        return durationNanos;
    }

    /** The response's status code; 0 when none was sent or there is none (an entry point). */
    public int status() {
        return status;
    }

    /** The throwable that ended it, as its class and message; null when none did. */
    public String error() {
        return error;
    }

    /** Its library calls in the order they started, identical neighbours folded. */
    /** The CPU time its opening thread spent on it until it let it go, or -1 when not measured. */
    public long cpuNanos() {
        return cpuNanos;
    }

    /** The bytes its opening thread allocated for it until it let it go, or -1 when not measured. */
    public long allocatedBytes() {
        return allocatedBytes;
    }

    public List<CallSnapshot> calls() {
        return calls;
    }
}
