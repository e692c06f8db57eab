package dev.sonde.core.library;

/**
 * One request in progress: the context its thread carries (the recorder hands it to every scope that
 * runs inside the request), where the statements it runs are added up.
 */
final class RequestState {

    final String name;
    private long sqlCount;
    private long sqlNanos;

    RequestState(String name) {
        this.name = name;
    }

    /** A SQL statement of this request ended after {@code nanos}. */
    synchronized void sql(long nanos) {
        sqlCount++;
        sqlNanos += nanos;
    }

    synchronized long sqlCount() {
        return sqlCount;
    }

    synchronized long sqlNanos() {
        return sqlNanos;
    }
}
