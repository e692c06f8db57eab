package dev.sonde.core.library;

import dev.sonde.core.report.Durations;
import dev.sonde.core.snapshot.Finding;
import dev.sonde.core.snapshot.HeldUp;
import dev.sonde.core.snapshot.HotMethod;
import dev.sonde.core.snapshot.HotMethods;
import dev.sonde.core.snapshot.RequestSnapshot;
import dev.sonde.core.snapshot.StatementSnapshot;
import dev.sonde.core.snapshot.StatementUse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the requests and statements of a run say is wrong, by rules a person can check against the tables
 * beneath them:
 * <ul>
 *   <li>{@code repeated-statement}: a statement run at least {@code repeated} times a request, on average
 *       over the requests of a name that ran it (an N+1);
 *   <li>{@code dominant-call}: a statement or outgoing call taking at least {@code share} % of its request
 *       name's time, and at least {@code minNanos} a request on average;
 *   <li>{@code errors}: a request name of which at least {@code errorRate} % failed, and at least
 *       {@value #MIN_ERRORS};
 *   <li>{@code hot-method} ({@link #hot}): a method running its own code in a large share of a request
 *       name's stack samples;
 *   <li>{@code lock-contention} ({@link #heldUp}): a request name blocked on locks for a large share of
 *       its time;
 *   <li>{@code slow-statement}: a statement run at least {@value #MIN_TAIL_COUNT} times whose p99 is at
 *       least {@code tail} times its median and at least {@code tailNanos} above it (a busy machine's
 *       scheduling puts a few milliseconds into the tail of any quick call).
 * </ul>
 * The rows past the caps ({@code other}) are never findings: they mix unrelated statements or requests.
 */
final class Findings {

    /** Fewer failed requests than this are no finding, whatever their rate. */
    static final int MIN_ERRORS = 3;
    /**
     * Fewer runs of a statement than this tell nothing of its tail: its p99 would be its few slowest runs,
     * the first ones among them, before the JIT and the caches warmed up.
     */
    static final int MIN_TAIL_COUNT = 1000;

    /** Fewer samples of a request name than this say nothing of its hottest method. */
    static final int MIN_SAMPLES = 20;

    private final int repeated;
    private final int share;
    private final long minNanos;
    private final int errorRate;
    private final int tail;
    private final long tailNanos;

    Findings(int repeated, int share, long minNanos, int errorRate, int tail, long tailNanos) {
        this.repeated = repeated;
        this.share = share;
        this.minNanos = minNanos;
        this.errorRate = errorRate;
        this.tail = tail;
        this.tailNanos = tailNanos;
    }

    List<Finding> of(List<RequestSnapshot> requests, List<StatementSnapshot> statements) {
        Map<String, RequestSnapshot> byName = new HashMap<>();
        List<Finding> found = new ArrayList<>();
        for (RequestSnapshot request : requests) {
            if (request.other()) {
                continue;
            }
            byName.put(request.name(), request);
            errors(request, found);
        }
        for (StatementSnapshot statement : statements) {
            if (statement.other()) {
                continue;
            }
            for (StatementUse use : statement.uses()) {
                RequestSnapshot request = byName.get(use.request());
                if (request != null && use.requests() > 0 && request.totalNanos() > 0) {
                    if (!repeated(statement, use, request, found)) {
                        dominant(statement, use, request, found);
                    }
                }
            }
            slow(statement, found);
        }
        return found;
    }

    private boolean repeated(
            StatementSnapshot statement, StatementUse use, RequestSnapshot request, List<Finding> found) {
        double perRequest = (double) use.count() / use.requests();
        if (perRequest < repeated) {
            return false;
        }
        double part = part(use.totalNanos(), request.totalNanos());
        found.add(new Finding(
                "repeated-statement",
                request.name(),
                statement.text(),
                statement.kind(),
                use.totalNanos(),
                part,
                what(statement.kind()) + " ran " + times(perRequest) + " times a request on average in "
                        + request.name() + " (at most " + use.maxCount() + " in one), "
                        + Durations.format(use.totalNanos() / use.requests()) + " a request, "
                        + percent(part) + " of its time: " + repeatedAdvice(statement.kind())));
        return true;
    }

    private void dominant(StatementSnapshot statement, StatementUse use, RequestSnapshot request, List<Finding> found) {
        double part = part(use.totalNanos(), request.totalNanos());
        long perRequest = use.totalNanos() / request.count();
        if (part * 100 < share || perRequest < minNanos) {
            return;
        }
        found.add(new Finding(
                "dominant-call",
                request.name(),
                statement.text(),
                statement.kind(),
                use.totalNanos(),
                part,
                what(statement.kind()) + " took " + percent(part) + " of " + request.name() + "'s time, "
                        + Durations.format(perRequest) + " a request on average (p99 "
                        + Durations.format(statement.p99Nanos()) + "): " + dominantAdvice(statement.kind())));
    }

    private void errors(RequestSnapshot request, List<Finding> found) {
        if (request.errors() < MIN_ERRORS || request.errors() * 100 < (long) errorRate * request.count()) {
            return;
        }
        double rate = (double) request.errors() / request.count();
        String common = request.commonError() == null ? "an error" : request.commonError();
        found.add(new Finding(
                "errors",
                request.name(),
                common,
                "error",
                request.totalNanos() / request.count() * request.errors(),
                rate,
                request.name() + " failed " + percent(rate) + " of the time (" + request.errors() + " of "
                        + request.count() + "), " + request.commonErrorCount() + " of them with " + common
                        + ": read its last failed requests below, their calls and error."));
    }

    private void slow(StatementSnapshot statement, List<Finding> found) {
        long median = statement.p50Nanos();
        long p99 = statement.p99Nanos();
        if (statement.count() < MIN_TAIL_COUNT || p99 < (long) tail * median || p99 - median < tailNanos) {
            return;
        }
        long aboveMedian = Math.max(0, statement.totalNanos() - statement.count() * median);
        found.add(new Finding(
                "slow-statement",
                null,
                statement.text(),
                statement.kind(),
                aboveMedian,
                -1,
                what(statement.kind()) + "'s p99 (" + Durations.format(p99) + ") is "
                        + times(median == 0 ? p99 : (double) p99 / median) + " times its median ("
                        + Durations.format(median) + ") over " + statement.count() + " runs: some runs wait"
                        + " on something the others do not (" + waitsOn(statement.kind())
                        + "); the slowest requests below show when."));
    }

    /**
     * {@code hot-method}: a method running its own code in at least {@code hotPercent} % of a request name's
     * samples, or of all the request threads' samples (program-wide, when no request name already has it),
     * of {@value #MIN_SAMPLES} samples at least.
     */
    List<Finding> hot(HotMethods sampled, int hotPercent) {
        List<Finding> found = new ArrayList<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (Map.Entry<String, HotMethods.Part> entry : new java.util.TreeMap<>(sampled.byRequest()).entrySet()) {
            HotMethod method = hottest(entry.getValue(), hotPercent);
            if (method != null) {
                named.add(method.method());
                found.add(hotMethod(entry.getKey(), method, entry.getValue().samples(), sampled.periodNanos()));
            }
        }
        HotMethod method = hottest(sampled.requestThreads(), hotPercent);
        if (method != null && !named.contains(method.method())) {
            found.add(hotMethod(null, method, sampled.requestThreads().samples(), sampled.periodNanos()));
        }
        return found;
    }

    /**
     * {@code lock-contention}: a request name whose requests were blocked on locks for at least {@code
     * lockPercent} % of their time and at least the minimum a request; the lock blocked on longest named.
     */
    List<Finding> heldUp(HotMethods sampled, List<RequestSnapshot> requests, int lockPercent) {
        List<Finding> found = new ArrayList<>();
        for (RequestSnapshot request : requests) {
            HeldUp held = sampled.heldUp().get(request.name());
            if (request.other() || held == null || held.locks().isEmpty() || request.totalNanos() <= 0) {
                continue;
            }
            double part = part(held.blockedNanos(), request.totalNanos());
            long perRequest = held.blockedNanos() / request.count();
            if (part * 100 < lockPercent || perRequest < minNanos) {
                continue;
            }
            HeldUp.Lock lock = held.locks().get(0);
            found.add(new Finding(
                    "lock-contention",
                    request.name(),
                    lock.className(),
                    "lock",
                    held.blockedNanos(),
                    part,
                    request.name() + " spent " + percent(part) + " of its time blocked on locks, "
                            + Durations.format(perRequest) + " a request on average, "
                            + Durations.format(lock.totalNanos()) + " of it in " + lock.events() + " waits on "
                            + lock.className() + ": hold it for less (no I/O while holding it), or split it."));
        }
        return found;
    }

    private static HotMethod hottest(HotMethods.Part part, int hotPercent) {
        if (part.samples() < MIN_SAMPLES || part.methods().isEmpty()) {
            return null;
        }
        HotMethod first = part.methods().get(0);
        return first.selfSamples() * 100 >= (long) hotPercent * part.samples() ? first : null;
    }

    private static Finding hotMethod(String request, HotMethod method, long samples, long periodNanos) {
        double part = (double) method.selfSamples() / samples;
        String where = request == null ? "the request threads'" : request + "'s";
        String selector = method.method();
        return new Finding(
                "hot-method",
                request,
                method.method(),
                "method",
                method.selfSamples() * periodNanos,
                part,
                method.method() + " ran its own code in " + percent(part) + " of " + where + " samples ("
                        + method.selfSamples() + " of " + samples + ", about "
                        + Durations.format(method.selfSamples() * periodNanos) + "): time it with --time '"
                        + selector + "', or follow each instruction with sonde trace --bytecode '" + selector
                        + "'.");
    }

    private static double part(long nanos, long of) {
        return of <= 0 ? 0 : Math.min(1.0, (double) nanos / of);
    }

    static String percent(double part) {
        return Math.round(part * 100) + " %";
    }

    private static String times(double value) {
        long tenths = Math.round(value * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : tenths / 10 + "." + tenths % 10;
    }

    private static String what(String kind) {
        switch (kind) {
            case "sql":
                return "This SQL statement";
            case "redis":
                return "This Redis command";
            case "http":
                return "This outgoing HTTP call";
            default:
                return "This call";
        }
    }

    private static String repeatedAdvice(String kind) {
        switch (kind) {
            case "sql":
                return "fetch the rows in one statement (a join, an IN list) or cache them.";
            case "redis":
                return "send the commands together (MGET, a pipeline) or cache the values.";
            default:
                return "make one call for all of them, or cache the answers.";
        }
    }

    private static String dominantAdvice(String kind) {
        switch (kind) {
            case "sql":
                return "look at its plan (EXPLAIN) and indexes, and at the locks it waits on.";
            case "redis":
                return "look for a large value or a slow command (Redis's SLOWLOG).";
            default:
                return "look at the service it calls, or call it less often (cache, batch, or in parallel).";
        }
    }

    private static String waitsOn(String kind) {
        switch (kind) {
            case "sql":
                return "a lock, a cold cache, a plan gone wrong";
            case "redis":
                return "a slow command blocking the server, the network";
            default:
                return "the downstream service, the network, a full connection pool";
        }
    }
}
