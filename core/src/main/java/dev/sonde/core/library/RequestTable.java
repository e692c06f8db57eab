package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.snapshot.RequestSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests a program served, by name: a scope of kind {@code request} around the server's handling
 * of each, whose listener gives what runs inside it a {@link RequestState} as its context, and adds the
 * finished request to its name's figures. Bounded: past {@value #MAX_NAMES} names, further ones share
 * one {@code other} row. How a request's name and status are read from the server's own objects is the
 * unit's ({@link Reader}).
 */
final class RequestTable implements ScopeListener {

    static final int MAX_NAMES = 500;

    /** What a unit knows of its server's objects: the request's name as it starts, its status as it ends. */
    interface Reader {
        /** {@code METHOD route} of the request the scope's value stands for. */
        String name(Object value);

        /** The response's status code, or 0 when none was sent or it cannot be told. */
        int status(Object value);
    }

    private final Reader reader;
    private final Map<String, Stats> requests = new HashMap<>();
    private final Stats other = new Stats();

    RequestTable(Reader reader) {
        this.reader = reader;
    }

    /**
     * A request starts: an entry point's scope brings its name as its value ({@code pkg.Class#method}), a
     * server's scope the server's own object, which the unit's reader names.
     */
    @Override
    public Object entered(Object value, Object context) {
        return new RequestState(value instanceof String ? (String) value : reader.name(value));
    }

    @Override
    public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
        if (!(context instanceof RequestState)) {
            return;
        }
        RequestState request = (RequestState) context;
        boolean failed = outcome instanceof Throwable
                || outcome == Recorder.ABANDONED
                || (!(value instanceof String) && reader.status(value) >= 500);
        long sqlCount = request.sqlCount();
        long sqlNanos = request.sqlNanos();
        synchronized (this) {
            Stats stats = requests.get(request.name);
            if (stats == null) {
                if (requests.size() < MAX_NAMES) {
                    stats = new Stats();
                    requests.put(request.name, stats);
                } else {
                    stats = other;
                }
            }
            stats.record(nanos, failed);
            stats.sqlCount += sqlCount;
            stats.sqlNanos += sqlNanos;
        }
    }

    /** What was recorded so far, most total time first; the {@code other} row last, if anything went there. */
    synchronized List<RequestSnapshot> snapshot() {
        List<RequestSnapshot> rows = new ArrayList<>();
        for (Map.Entry<String, Stats> entry : requests.entrySet()) {
            rows.add(entry.getValue().snapshot(entry.getKey(), false));
        }
        rows.sort(RequestSnapshot.BY_TOTAL_TIME);
        if (other.count > 0) {
            rows.add(other.snapshot("(other requests, past " + MAX_NAMES + " names)", true));
        }
        return rows;
    }

    private static final class Stats extends Latencies {
        long sqlCount;
        long sqlNanos;

        RequestSnapshot snapshot(String name, boolean other) {
            return new RequestSnapshot(
                    name,
                    other,
                    count,
                    errors,
                    totalNanos,
                    percentile(50),
                    percentile(90),
                    percentile(99),
                    maxNanos,
                    sqlCount,
                    sqlNanos);
        }
    }
}
