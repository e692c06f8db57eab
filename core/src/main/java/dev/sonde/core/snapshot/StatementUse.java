package dev.sonde.core.snapshot;

/**
 * How one statement ran under one request name: in how many of those requests, how many times in all, how
 * long in all, and the most times in one request. What tells an N+1 (a statement run many times a request)
 * from a statement run once by many requests.
 */
public final class StatementUse {

    private final String request;
    private final long requests;
    private final long count;
    private final long totalNanos;
    private final long maxCount;

    public StatementUse(String request, long requests, long count, long totalNanos, long maxCount) {
        this.request = request;
        this.requests = requests;
        this.count = count;
        this.totalNanos = totalNanos;
        this.maxCount = maxCount;
    }

    /** The request name. */
    public String request() {
        return request;
    }

    /** How many requests of that name ran the statement (0: it ran only after its requests had ended). */
    public long requests() {
        return requests;
    }

    /** How many times it ran in them, in all. */
    public long count() {
        return count;
    }

    /** How long those runs took, in all. */
    public long totalNanos() {
        return totalNanos;
    }

    /** The most times it ran in one request. */
    public long maxCount() {
        return maxCount;
    }
}
