package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.snapshot.StatementSnapshot;
import dev.sonde.core.snapshot.StatementUse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statements of one kind ({@code sql}, {@code redis}, {@code http}) that the program ran, by normalized
 * text: how often, how often they failed, and how long they took. Bounded: past {@value #MAX_STATEMENTS}
 * distinct texts, further ones are gathered in one {@code other} row, so memory stays flat however many
 * distinct statements run.
 *
 * <p>As a listener it takes the scopes woven around the library's calls, on the program's threads (their
 * own timings off), whose value its {@link Texts} turn into the statement's text; a unit whose calls end
 * elsewhere (a command's reply on another thread) records them itself. Each statement is added to its row,
 * under that row's own lock (threads running different statements do not wait on each other), and to the
 * request it ran in, if any (the thread's context), whose final name the row is told as the request ends.
 */
final class StatementTable implements ScopeListener {

    /** Distinct texts kept apart; the rest share the {@code other} row. */
    static final int MAX_STATEMENTS = 2_000;
    /** Names of the requests a statement ran under, kept per statement; further ones are not named. */
    static final int MAX_REQUEST_NAMES = 16;
    /** Durations kept as they are, per statement, before a histogram takes over. */
    static final int EXACT_VALUES = 256;

    /** How a unit turns a scope's value into the statement's normalized text. */
    interface Texts {
        /** The text of the statement {@code value} stands for; never null. */
        String text(Object value);
    }

    private final int kind;
    private final Texts texts;
    /** The rows by text, read without a lock; each row is recorded into under its own. */
    private final Map<String, Stats> statements = new ConcurrentHashMap<>();

    private final Stats other = new Stats();

    /** Statements of {@code kind} fed by their unit through {@link #record}, not as a scopes' listener. */
    StatementTable(int kind) {
        this(kind, new Texts() {
            @Override
            public String text(Object value) {
                return String.valueOf(value);
            }
        });
    }

    /** Statements of {@code kind} ({@link RequestState#SQL}, …), whose scopes' values {@code texts} reads. */
    StatementTable(int kind, Texts texts) {
        this.kind = kind;
        this.texts = texts;
    }

    @Override
    public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
        boolean failed = outcome instanceof Throwable || outcome == Recorder.ABANDONED;
        record(texts.text(value), nanos, failed, context);
    }

    /** A statement {@code text} ran for {@code nanos} until now, inside {@code context} (a request's, or none). */
    void record(String text, long nanos, boolean failed, Object context) {
        record(text, System.nanoTime() - nanos, nanos, failed, context);
    }

    /** A statement {@code text} started at {@code start} ({@code System.nanoTime()}) and ran for {@code nanos}. */
    void record(String text, long start, long nanos, boolean failed, Object context) {
        Stats stats = statements.get(text);
        if (stats == null) {
            stats = statsOf(text);
        }
        synchronized (stats) {
            stats.record(nanos, failed);
        }
        if (context instanceof RequestState) {
            RequestState request = (RequestState) context;
            request.call(kind, text, start, nanos);
            if (!request.ranStatementOf(stats, nanos)) {
                stats.ranUnder(request.name, 0, 0); // a call that ended after its request
            }
        }
    }

    /** The row of a text met for the first time (or the {@code other} row, past the cap); made once. */
    private synchronized Stats statsOf(String text) {
        Stats stats = statements.get(text);
        if (stats == null) {
            if (statements.size() >= MAX_STATEMENTS) {
                return other;
            }
            stats = new Stats();
            statements.put(text, stats);
        }
        return stats;
    }

    /** What was recorded so far, most total time first; the {@code other} row last, if anything went there. */
    List<StatementSnapshot> snapshot() {
        List<StatementSnapshot> rows = new ArrayList<>();
        for (Map.Entry<String, Stats> entry : statements.entrySet()) {
            Stats stats = entry.getValue();
            synchronized (stats) {
                rows.add(stats.snapshot(RequestState.KINDS[kind], entry.getKey(), false));
            }
        }
        rows.sort(StatementSnapshot.BY_TOTAL_TIME);
        synchronized (other) {
            if (other.count > 0) {
                rows.add(other.snapshot(
                        RequestState.KINDS[kind],
                        "(other statements, past " + MAX_STATEMENTS + " distinct texts)",
                        true));
            }
        }
        return rows;
    }

    /** One statement's figures. */
    private static final class Stats extends Latencies implements RequestState.Row {
        /** By request name, in the order first met; at most {@value #MAX_REQUEST_NAMES} names. Guarded by this. */
        final Map<String, Use> uses = new LinkedHashMap<>();
        /** The name last told, and its figures: most requests that run a statement have the name the one before had. */
        private String lastName;

        private Use lastUse;

        @Override
        public synchronized void ranUnder(String requestName, long count, long nanos) {
            Use use;
            if (requestName.equals(lastName)) {
                use = lastUse;
            } else {
                use = uses.get(requestName);
                if (use == null) {
                    if (uses.size() >= MAX_REQUEST_NAMES) {
                        return;
                    }
                    use = new Use();
                    uses.put(requestName, use);
                }
                lastName = requestName;
                lastUse = use;
            }
            if (count > 0) {
                use.requests++;
                use.count += count;
                use.nanos += nanos;
                use.maxCount = Math.max(use.maxCount, count);
            }
        }

        StatementSnapshot snapshot(String kind, String text, boolean other) {
            List<StatementUse> ranUnder = new ArrayList<>();
            for (Map.Entry<String, Use> entry : uses.entrySet()) {
                Use use = entry.getValue();
                ranUnder.add(new StatementUse(entry.getKey(), use.requests, use.count, use.nanos, use.maxCount));
            }
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
                    ranUnder);
        }
    }

    /** A statement's runs under one request name. */
    private static final class Use {
        long requests;
        long count;
        long nanos;
        long maxCount;
    }
}
