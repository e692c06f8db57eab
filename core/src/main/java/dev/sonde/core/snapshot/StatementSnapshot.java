package dev.sonde.core.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * One statement a library ran, as the reports show it: a SQL text with its literals replaced by {@code ?},
 * with how often it ran, how often it failed, and how long it took (exactly measured, nothing taken out).
 */
public final class StatementSnapshot {

    /** Most total time first; then by kind and text, so that the order never depends on a map's. */
    public static final Comparator<StatementSnapshot> BY_TOTAL_TIME = new Comparator<StatementSnapshot>() {
        @Override
        public int compare(StatementSnapshot a, StatementSnapshot b) {
            int byTime = Long.compare(b.totalNanos, a.totalNanos);
            if (byTime != 0) {
                return byTime;
            }
            int byKind = a.kind.compareTo(b.kind);
            return byKind != 0 ? byKind : a.text.compareTo(b.text);
        }
    };

    private final String kind;
    private final String text;
    private final boolean other;
    private final long count;
    private final long errors;
    private final long totalNanos;
    private final long p50Nanos;
    private final long p90Nanos;
    private final long p99Nanos;
    private final long maxNanos;
    private final List<String> requests;
    private final List<StatementUse> uses;

    public StatementSnapshot(
            String kind,
            String text,
            boolean other,
            long count,
            long errors,
            long totalNanos,
            long p50Nanos,
            long p90Nanos,
            long p99Nanos,
            long maxNanos,
            List<StatementUse> uses) {
        this.kind = kind;
        this.text = text;
        this.other = other;
        this.count = count;
        this.errors = errors;
        this.totalNanos = totalNanos;
        this.p50Nanos = p50Nanos;
        this.p90Nanos = p90Nanos;
        this.p99Nanos = p99Nanos;
        this.maxNanos = maxNanos;
        this.uses = List.copyOf(uses);
        List<String> names = new ArrayList<>();
        for (StatementUse use : uses) {
            names.add(use.request());
        }
        Collections.sort(names);
        this.requests = List.copyOf(names);
    }

    /** The names of the requests it ran under, sorted; at most 16. */
    public List<String> requests() {
        return requests;
    }

    /**
     * How it ran under each request name (those of {@link #requests}), in the order the names were first
     * met: how many requests, how many times, how long, the most times in one request.
     */
    public List<StatementUse> uses() {
        return uses;
    }

    /** {@code sql} for now; {@code redis} and {@code http} as those libraries are instrumented. */
    public String kind() {
        return kind;
    }

    /** The normalized text, or for the row that gathers the statements past the cap, what it holds. */
    public String text() {
        return text;
    }

    /** Whether this row gathers every statement of its kind past the cap, rather than being one statement. */
    public boolean other() {
        return other;
    }

    public long count() {
        return count;
    }

    /** Runs that ended with an exception. */
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
}
