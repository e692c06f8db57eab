package dev.sonde.core.snapshot;

import java.util.Comparator;
import java.util.List;

/**
 * One kind of request the program served, by name ({@code GET /items/{id}}): how many, how many failed,
 * how long they took, and what they spent in the libraries' calls (SQL, Redis, outgoing HTTP), added up over them all
 * so that per-request averages read straight off it.
 */
public final class RequestSnapshot {

    /** Most total time first; then by name, so that the order never depends on a map's. */
    public static final Comparator<RequestSnapshot> BY_TOTAL_TIME = new Comparator<RequestSnapshot>() {
        @Override
        public int compare(RequestSnapshot a, RequestSnapshot b) {
            int byTime = Long.compare(b.totalNanos, a.totalNanos);
            return byTime != 0 ? byTime : a.name.compareTo(b.name);
        }
    };

    private final String name;
    private final boolean other;
    private final long count;
    private final long errors;
    private final long totalNanos;
    private final long p50Nanos;
    private final long p90Nanos;
    private final long p99Nanos;
    private final long maxNanos;
    private final CallTotals sql;
    private final CallTotals redis;
    private final CallTotals http;
    private final CallTotals methods;
    private final CallTotals cpu;
    private final CallTotals allocated;
    private final List<KeptRequest> slowest;
    private final List<KeptRequest> failed;
    private final String commonError;
    private final long commonErrorCount;

    public RequestSnapshot(
            String name,
            boolean other,
            long count,
            long errors,
            long totalNanos,
            long p50Nanos,
            long p90Nanos,
            long p99Nanos,
            long maxNanos,
            CallTotals sql,
            CallTotals redis,
            CallTotals http,
            CallTotals methods,
            CallTotals cpu,
            CallTotals allocated,
            List<KeptRequest> slowest,
            List<KeptRequest> failed,
            String commonError,
            long commonErrorCount) {
        this.name = name;
        this.other = other;
        this.count = count;
        this.errors = errors;
        this.totalNanos = totalNanos;
        this.p50Nanos = p50Nanos;
        this.p90Nanos = p90Nanos;
        this.p99Nanos = p99Nanos;
        this.maxNanos = maxNanos;
        this.sql = sql;
        this.redis = redis;
        this.http = http;
        this.methods = methods;
        this.cpu = cpu;
        this.allocated = allocated;
        this.slowest = List.copyOf(slowest);
        this.failed = List.copyOf(failed);
        this.commonError = commonError;
        this.commonErrorCount = commonErrorCount;
    }

    /** The slowest of them kept whole, slowest first ({@code requests.slowest} of them at most). */
    public List<KeptRequest> slowest() {
        return slowest;
    }

    /** The last of them that failed, kept whole, oldest first ({@code requests.failed} of them at most). */
    public List<KeptRequest> failed() {
        return failed;
    }

    /**
     * The CPU time the requests' opening threads spent on them, from the request's start until that thread
     * let it go: {@code count} is how many requests it was measured on, {@code totalNanos} their CPU time.
     */
    public CallTotals cpu() {
        return cpu;
    }

    /** The bytes the requests' opening threads allocated for them, likewise: {@code totalNanos} holds bytes. */
    public CallTotals allocated() {
        return allocated;
    }

    /**
     * What most of its failed requests failed with: an exception's class name, {@code status 503}, or null
     * when none failed.
     */
    public String commonError() {
        return commonError;
    }

    /** How many of its requests failed with {@link #commonError}. */
    public long commonErrorCount() {
        return commonErrorCount;
    }

    /** {@code METHOD route}, or for the row that gathers the names past the cap, what it holds. */
    public String name() {
        return name;
    }

    /** Whether this row gathers every request name past the cap. */
    public boolean other() {
        return other;
    }

    public long count() {
        return count;
    }

    /** Requests that ended with a throwable escaping the server's handler, or with a status of 500 or more. */
    public long errors() {
        return errors;
    }

    public long totalNanos() {
        return totalNanos;
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

    public long maxNanos() {
        return maxNanos;
    }

    /** The SQL statements these requests ran, in all. */
    public CallTotals sql() {
        return sql;
    }

    /** The Redis commands these requests sent, in all. */
    public CallTotals redis() {
        return redis;
    }

    /** The outgoing HTTP calls these requests made, in all. */
    public CallTotals http() {
        return http;
    }

    /** The timed methods these requests ran, the outermost of each request only, and their time in all. */
    public CallTotals methods() {
        return methods;
    }
}
