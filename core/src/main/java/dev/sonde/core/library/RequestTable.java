package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.snapshot.CallSnapshot;
import dev.sonde.core.snapshot.CallTotals;
import dev.sonde.core.snapshot.KeptRequest;
import dev.sonde.core.snapshot.RequestSnapshot;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests a program served, by name: a scope of kind {@code request} around the server's handling
 * of each, whose listener gives what runs inside it a {@link RequestState} as its context, and adds the
 * finished request to its name's figures, keeping the slowest of each name and the last that failed
 * whole, with their calls. Bounded: past {@value #MAX_NAMES} names, further ones share
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

        /**
         * When the value stands for a request the server goes on with (an asynchronous servlet's dispatch
         * back into the container), the context to run it in: the request that started it if known, else
         * {@code context}; null when it is a request of its own.
         */
        default Object continuing(Object value, Object context) {
            return null;
        }

        /**
         * Whether the request goes on after its scope (an asynchronous servlet's): if so, the reader has
         * {@code ending} told when it ends, and the request is recorded then.
         */
        default boolean endsLater(Object value, Ending ending) {
            return false;
        }

        /**
         * {@code METHOD route} with the route a framework chose for the request as it handled it (a Spring
         * MVC handler's mapping, read from the request; or {@code chosen}, which a framework's unit found,
         * relative to the server's own prefix), asked as the request's scope ends; null when none is known,
         * and the request keeps the name it started with.
         */
        default String route(Object value, String chosen) {
            return null;
        }
    }

    /** How a request that goes on after its scope is told to end. */
    interface Ending {
        /** The request ended now, with {@code status} (0 when none) and {@code error} (null when none). */
        void ended(int status, Throwable error);

        /** The request's context, for what the server runs of it later (a dispatch back into it). */
        Object request();
    }

    /** A request that goes on after its scope: recorded when the reader says it ended, once. */
    private final class Later implements Ending {
        private final RequestState request;
        private boolean ended;

        Later(RequestState request) {
            this.request = request;
        }

        @Override
        public void ended(int status, Throwable error) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            finish(request, System.nanoTime() - request.startNanos, status, error);
        }

        @Override
        public Object request() {
            return request;
        }
    }

    /**
     * Calls kept in the trees of all kept requests together (each a few dozen bytes; their texts are the
     * statements' own); a request kept past it keeps the calls that fit, none at worst.
     */
    static final int MAX_KEPT_CALLS = 100_000;

    /** The longest message of a throwable kept with a failed request; a longer one is cut. */
    static final int MAX_ERROR = 200;
    /** Kinds of failure counted apart per request name; further kinds are not counted by kind. */
    static final int MAX_ERROR_KINDS = 16;

    private final Reader reader;
    private final RequestState.MethodNames names;
    private final int slowestKept;
    private final int failedKept;
    /** Reads the CPU time and allocations of a request's opening thread. */
    private final ThreadClock clock;
    /** Told which request each thread opens and lets go, when samples are taken; null when not. */
    private volatile RequestTimeline timeline;

    private final Map<String, Stats> requests = new HashMap<>();
    private final Stats other = new Stats();
    /** Calls in the kept requests' trees, counted once per list a request is kept in. */
    private long keptCalls;

    /** Keeps whole, per name, the {@code slowestKept} slowest requests and the last {@code failedKept} that failed. */
    RequestTable(Reader reader, int slowestKept, int failedKept) {
        this(reader, slowestKept, failedKept, null, ThreadClock.NONE);
    }

    /** The same, with the timed methods of the requests' trees named by {@code names}. */
    RequestTable(Reader reader, int slowestKept, int failedKept, RequestState.MethodNames names, ThreadClock clock) {
        this.names = names;
        this.clock = clock;
        this.reader = reader;
        this.slowestKept = slowestKept;
        this.failedKept = failedKept;
    }

    /**
     * A request starts: an entry point's scope brings its name as its value ({@code pkg.Class#method}), a
     * server's scope the server's own object, which the unit's reader names.
     */
    @Override
    public Object entered(Object value, Object context) {
        Object continued = value instanceof String ? null : reader.continuing(value, context);
        if (continued != null) {
            return continued; // the work of a request that started before
        }
        RequestState request =
                new RequestState(value instanceof String ? (String) value : reader.name(value), names, value);
        request.startThreadTimes(clock);
        RequestTimeline following = timeline;
        if (following != null) {
            request.timeline = following.open(request.startNanos, request.name);
        }
        return request;
    }

    /** From now on, tells {@code following} which request each thread opens, and when it lets it go. */
    void follow(RequestTimeline following) {
        timeline = following;
    }

    @Override
    public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
        if (!(context instanceof RequestState) || ((RequestState) context).opener != value) {
            // no request, or the later work of one (it ran in the request its reader found), which ends on its own
            return;
        }
        RequestState request = (RequestState) context;
        request.stopThreadTimes(clock);
        String route = value instanceof String ? null : reader.route(value, request.chosenRoute());
        if (route != null) {
            request.name = route;
        }
        if (request.timeline != null) {
            RequestTimeline.close(request.timeline, System.nanoTime(), request.name);
        }
        if (!(value instanceof String)
                && !(outcome instanceof Throwable)
                && reader.endsLater(value, new Later(request))) {
            return; // recorded as it ends
        }
        finish(request, nanos, value instanceof String ? 0 : reader.status(value), outcome);
    }

    /** A request named {@code name} starts now, for a unit whose requests are not a method's scope. */
    RequestState start(String name) {
        return new RequestState(name, names);
    }

    /**
     * {@code request} ended after {@code nanos}, with {@code status} (0 when none) and {@code outcome}
     * (null, a throwable, or {@link Recorder#ABANDONED}): added to its name's figures, and kept whole if it
     * is among the slowest or failed.
     */
    void finish(RequestState request, long nanos, int status, Object outcome) {
        request.settle(request.startNanos + nanos);
        // the statements it ran are told its final name (a framework's route may have named it at its end)
        request.end();
        boolean failed = outcome instanceof Throwable || outcome == Recorder.ABANDONED || status >= 500;
        long methodCount = request.methodCount();
        long methodNanos = request.methodNanos();
        long[] counts = new long[RequestState.KINDS.length];
        long[] times = new long[RequestState.KINDS.length];
        for (int kind = 0; kind < counts.length; kind++) {
            counts[kind] = request.count(kind);
            times[kind] = request.nanos(kind);
        }
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
            if (failed) {
                stats.failedWith(errorKind(outcome, status));
            }
            for (int kind = 0; kind < counts.length; kind++) {
                stats.counts[kind] += counts[kind];
                stats.nanos[kind] += times[kind];
            }
            stats.methodCount += methodCount;
            stats.methodNanos += methodNanos;
            long cpu = request.cpuNanos;
            long allocated = request.allocatedBytes;
            if (cpu >= 0) {
                stats.cpuCount++;
                stats.cpuNanos += cpu;
            }
            if (allocated >= 0) {
                stats.allocatedCount++;
                stats.allocatedBytes += allocated;
            }
            boolean slow = slowestKept > 0
                    && (stats.slowest.size() < slowestKept
                            || nanos
                                    > stats.slowest
                                            .get(stats.slowest.size() - 1)
                                            .durationNanos());
            if (slow || (failed && failedKept > 0)) {
                List<CallSnapshot> calls = request.calls();
                int lists = (slow ? 1 : 0) + (failed && failedKept > 0 ? 1 : 0);
                long room = Math.max(0, (MAX_KEPT_CALLS - keptCalls) / lists);
                int size = RequestState.size(calls);
                if (size > room) {
                    // the first calls that fit, each with all beneath it
                    int fit = 0;
                    long used = 0;
                    while (fit < calls.size()
                            && used + 1 + RequestState.size(calls.get(fit).children()) <= room) {
                        used += 1 + RequestState.size(calls.get(fit).children());
                        fit++;
                    }
                    calls = calls.subList(0, fit);
                    size = (int) used;
                }
                KeptRequest kept = new KeptRequest(
                        Instant.ofEpochMilli(request.startMillis),
                        nanos,
                        status,
                        error(outcome),
                        request.cpuNanos,
                        request.allocatedBytes,
                        calls);
                if (slow) {
                    int at = 0;
                    while (at < stats.slowest.size() && stats.slowest.get(at).durationNanos() >= nanos) {
                        at++;
                    }
                    stats.slowest.add(at, kept);
                    keptCalls += size;
                    if (stats.slowest.size() > slowestKept) {
                        keptCalls -= RequestState.size(
                                stats.slowest.remove(stats.slowest.size() - 1).calls());
                    }
                }
                if (failed && failedKept > 0) {
                    stats.failed.addLast(kept);
                    keptCalls += size;
                    if (stats.failed.size() > failedKept) {
                        keptCalls -=
                                RequestState.size(stats.failed.removeFirst().calls());
                    }
                }
            }
        }
    }

    /** What ended a request, as a person reads it: the throwable's class and message; null for a normal end. */
    /** What a failed request failed with, to count alike failures together: the exception's class, or the status. */
    static String errorKind(Object outcome, int status) {
        if (outcome instanceof Throwable) {
            return outcome.getClass().getName();
        }
        if (outcome == Recorder.ABANDONED) {
            return error(outcome);
        }
        return "status " + status;
    }

    static String error(Object outcome) {
        if (outcome == Recorder.ABANDONED) {
            return "(its end was never reported: closed by a call beneath it)";
        }
        if (!(outcome instanceof Throwable)) {
            return null;
        }
        String message = ((Throwable) outcome).getMessage();
        if (message != null && message.length() > MAX_ERROR) {
            message = message.substring(0, MAX_ERROR) + "…";
        }
        return outcome.getClass().getName() + (message == null ? "" : ": " + message);
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
        final long[] counts = new long[RequestState.KINDS.length];
        final long[] nanos = new long[RequestState.KINDS.length];
        long methodCount;
        long methodNanos;
        /** The requests whose opening thread's CPU time was measured, and that time in all. */
        long cpuCount;

        long cpuNanos;
        /** The requests whose opening thread's allocations were measured, and those bytes in all. */
        long allocatedCount;

        long allocatedBytes;
        /** Slowest first. */
        final List<KeptRequest> slowest = new ArrayList<>();
        /** Oldest first. */
        final ArrayDeque<KeptRequest> failed = new ArrayDeque<>();
        /** How many failed with each exception class or status; at most {@value #MAX_ERROR_KINDS} kinds. */
        final Map<String, long[]> errorKinds = new HashMap<>();

        void failedWith(String kind) {
            long[] count = errorKinds.get(kind);
            if (count == null) {
                if (errorKinds.size() >= MAX_ERROR_KINDS) {
                    return;
                }
                count = new long[1];
                errorKinds.put(kind, count);
            }
            count[0]++;
        }

        /** The kind most requests failed with (the first in name order among equals), or null. */
        String commonError() {
            String common = null;
            long most = 0;
            for (Map.Entry<String, long[]> entry : errorKinds.entrySet()) {
                long count = entry.getValue()[0];
                if (count > most
                        || count == most && common != null && entry.getKey().compareTo(common) < 0) {
                    common = entry.getKey();
                    most = count;
                }
            }
            return common;
        }

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
                    totals(RequestState.SQL),
                    totals(RequestState.REDIS),
                    totals(RequestState.HTTP),
                    methodCount == 0 ? CallTotals.NONE : new CallTotals(methodCount, methodNanos),
                    new CallTotals(cpuCount, cpuNanos),
                    new CallTotals(allocatedCount, allocatedBytes),
                    slowest,
                    new ArrayList<>(failed),
                    commonError(),
                    commonError() == null ? 0 : errorKinds.get(commonError())[0]);
        }

        CallTotals totals(int kind) {
            return counts[kind] == 0 ? CallTotals.NONE : new CallTotals(counts[kind], nanos[kind]);
        }
    }
}
