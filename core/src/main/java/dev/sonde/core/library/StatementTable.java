package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.snapshot.StatementSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements of one kind ({@code sql}) that the program ran, by normalized text: how often, how often
 * they failed, and how long they took. Bounded: past {@value #MAX_STATEMENTS} distinct texts, further ones
 * are gathered in one {@code other} row, so memory stays flat however many distinct statements run.
 *
 * <p>It listens to the scopes woven around the library's calls, on the program's threads (its own timings
 * off), under one lock, and adds each statement to the request it ran in, if any (the thread's context). A statement's text is the scope's value: the SQL itself (normalized here, through
 * a bounded cache) or the statement object, whose SQL {@link PreparedSql} kept when it was prepared.
 */
final class StatementTable implements ScopeListener {

    /** Distinct texts kept apart; the rest share the {@code other} row. */
    static final int MAX_STATEMENTS = 2_000;
    /** Names of the requests a statement ran under, kept per statement; further ones are not named. */
    static final int MAX_REQUEST_NAMES = 16;
    /** Raw texts whose normalized form is remembered, so that a statement run again is not read again. */
    static final int MAX_CACHED = 4_096;
    /** Durations kept as they are, per statement, before a histogram takes over. */
    static final int EXACT_VALUES = 256;

    private static final long HIGHEST_TRACKED_NANOS = 3_600_000_000_000L;

    private final String kind;
    private final PreparedSql prepared;
    private final Map<String, Stats> statements = new HashMap<>();
    private final Stats other = new Stats();
    private final Map<String, String> normalized = new HashMap<>();

    StatementTable(String kind, PreparedSql prepared) {
        this.kind = kind;
        this.prepared = prepared;
    }

    @Override
    public Object entered(Object value, Object context) {
        return context;
    }

    @Override
    public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
        boolean failed = outcome instanceof Throwable || outcome == Recorder.ABANDONED;
        String known = value instanceof String ? null : prepared.textOf(value);
        String text;
        synchronized (this) {
            text = value instanceof String ? normalizedLocked((String) value) : known;
        }
        if (text == null) {
            text = PreparedSql.unknown(value);
        }
        String request = null;
        if (context instanceof RequestState) {
            ((RequestState) context).sql(text, nanos);
            request = ((RequestState) context).name;
        }
        synchronized (this) {
            Stats stats = statements.get(text);
            if (stats == null) {
                if (statements.size() < MAX_STATEMENTS) {
                    stats = new Stats();
                    statements.put(text, stats);
                } else {
                    stats = other;
                }
            }
            stats.record(nanos, failed);
            if (request != null && stats.requests.size() < MAX_REQUEST_NAMES) {
                stats.requests.add(request);
            }
        }
    }

    private String normalizedLocked(String sql) {
        String text = normalized.get(sql);
        if (text == null) {
            text = SqlText.normalize(sql);
            if (normalized.size() >= MAX_CACHED) {
                normalized.clear(); // a program that sends ever new texts: start over rather than grow
            }
            normalized.put(sql, text);
        }
        return text;
    }

    /** What was recorded so far, most total time first; the {@code other} row last, if anything went there. */
    synchronized List<StatementSnapshot> snapshot() {
        List<StatementSnapshot> rows = new ArrayList<>();
        for (Map.Entry<String, Stats> entry : statements.entrySet()) {
            rows.add(entry.getValue().snapshot(kind, entry.getKey(), false));
        }
        rows.sort(StatementSnapshot.BY_TOTAL_TIME);
        if (other.count > 0) {
            rows.add(other.snapshot(kind, "(other statements, past " + MAX_STATEMENTS + " distinct texts)", true));
        }
        return rows;
    }

    /** One statement's figures. */
    private static final class Stats extends Latencies {
        final Set<String> requests = new LinkedHashSet<>();

        StatementSnapshot snapshot(String kind, String text, boolean other) {
            List<String> names = new ArrayList<>(requests);
            Collections.sort(names);
            return new StatementSnapshot(
                    kind,
                    text,
                    other,
                    count,
                    errors,
                    totalNanos,
                    percentile(50),
                    percentile(90),
                    percentile(99),
                    maxNanos,
                    names);
        }
    }
}
