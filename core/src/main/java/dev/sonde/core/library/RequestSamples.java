package dev.sonde.core.library;

import dev.sonde.core.sample.SampleSink;
import dev.sonde.core.snapshot.HeldUp;
import dev.sonde.core.snapshot.HotMethod;
import dev.sonde.core.snapshot.HotMethods;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stack samples of the whole program, told apart by where they were taken: on the threads that serve
 * requests (those that ever opened one) or on the others; and of the first, each given to the request
 * its thread served at that moment ({@link RequestTimeline}). Per method ({@code pkg.Class#method},
 * overloads together): in how many samples it was the innermost frame (self) and in how many it was on
 * the stack at all (total). Bounded: {@value #MAX_METHODS} methods per table, {@value #MAX_NAMES}
 * request names; further ones are counted in the samples but not by method.
 */
final class RequestSamples implements SampleSink {

    static final int MAX_METHODS = 5_000;
    static final int MAX_NAMES = 500;
    /** Methods per table in the report. */
    static final int REPORTED = 50;
    /** Methods per request name in the report. */
    static final int REPORTED_PER_REQUEST = 10;
    /** Lock classes kept per request name, and reported. */
    static final int MAX_LOCKS = 100;

    static final int REPORTED_LOCKS = 5;

    private final RequestTimeline timeline;
    /** {@code System.nanoTime()} less the epoch time in nanoseconds, as this table was made. */
    private final long nanoTimeOffset;

    private final long periodNanos;
    private final Table requestThreads = new Table();
    private final Table otherThreads = new Table();
    private final Map<String, Table> byRequest = new HashMap<>();
    private final Map<String, Held> heldUp = new HashMap<>();
    private long unplaced;
    private int sample;

    RequestSamples(RequestTimeline timeline, long periodNanos) {
        this.timeline = timeline;
        this.periodNanos = periodNanos;
        java.time.Instant now = java.time.Instant.now();
        long nano = System.nanoTime();
        this.nanoTimeOffset = nano - (now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    @Override
    public synchronized void add(
            long threadId,
            long epochNanos,
            String[] classNames,
            String[] methodNames,
            String[] descriptors,
            int depth,
            boolean cut) {
        if (depth == 0) {
            return;
        }
        sample++;
        if (!timeline.serves(threadId)) {
            if (!probes(classNames, depth)) {
                otherThreads.add(classNames, methodNames, depth, sample);
            }
            return;
        }
        requestThreads.add(classNames, methodNames, depth, sample);
        String request = timeline.at(threadId, epochNanos + nanoTimeOffset);
        if (request == null) {
            unplaced++;
            return;
        }
        Table table = byRequest.get(request);
        if (table == null) {
            if (byRequest.size() >= MAX_NAMES) {
                unplaced++;
                return;
            }
            table = new Table();
            byRequest.put(request, table);
        }
        table.add(classNames, methodNames, depth, sample);
    }

    @Override
    public synchronized void heldUp(long threadId, long epochNanos, long nanos, boolean blocked, String on) {
        String request = timeline.at(threadId, epochNanos + nanoTimeOffset);
        if (request == null) {
            return; // another thread's, or between requests (a pool's idle wait)
        }
        Held held = heldUp.get(request);
        if (held == null) {
            if (heldUp.size() >= MAX_NAMES) {
                return;
            }
            held = new Held();
            heldUp.put(request, held);
        }
        if (blocked) {
            held.blockedEvents++;
            held.blockedNanos += nanos;
            String lock = on == null ? "(unknown)" : on;
            long[] counts = held.locks.get(lock);
            if (counts == null && held.locks.size() < MAX_LOCKS) {
                counts = new long[2];
                held.locks.put(lock, counts);
            }
            if (counts != null) {
                counts[0]++;
                counts[1] += nanos;
            }
        } else {
            held.waitedEvents++;
            held.waitedNanos += nanos;
        }
    }

    /** Whether a stack is one of the probe's own threads' (its sampler reading JFR's events, say). */
    private static boolean probes(String[] classNames, int depth) {
        for (int i = depth - 1; i >= 0; i--) {
            if (classNames[i].startsWith("dev.sonde.")) {
                return true;
            }
        }
        return false;
    }

    /** What was sampled so far. */
    synchronized HotMethods snapshot() {
        Map<String, HotMethods.Part> requests = new HashMap<>();
        for (Map.Entry<String, Table> entry : byRequest.entrySet()) {
            requests.put(entry.getKey(), entry.getValue().part(REPORTED_PER_REQUEST));
        }
        Map<String, HeldUp> held = new HashMap<>();
        for (Map.Entry<String, Held> entry : heldUp.entrySet()) {
            held.put(entry.getKey(), entry.getValue().snapshot());
        }
        return new HotMethods(
                periodNanos, requestThreads.part(REPORTED), otherThreads.part(REPORTED), unplaced, requests, held);
    }

    /** One request name's spells held up. */
    private static final class Held {
        long blockedEvents;
        long blockedNanos;
        long waitedEvents;
        long waitedNanos;
        final Map<String, long[]> locks = new HashMap<>();

        HeldUp snapshot() {
            List<HeldUp.Lock> kept = new ArrayList<>();
            for (Map.Entry<String, long[]> entry : locks.entrySet()) {
                kept.add(new HeldUp.Lock(entry.getKey(), entry.getValue()[0], entry.getValue()[1]));
            }
            kept.sort(new java.util.Comparator<HeldUp.Lock>() {
                @Override
                public int compare(HeldUp.Lock a, HeldUp.Lock b) {
                    int byTime = Long.compare(b.totalNanos(), a.totalNanos());
                    return byTime != 0 ? byTime : a.className().compareTo(b.className());
                }
            });
            return new HeldUp(
                    blockedEvents,
                    blockedNanos,
                    waitedEvents,
                    waitedNanos,
                    kept.subList(0, Math.min(REPORTED_LOCKS, kept.size())));
        }
    }

    /** Samples by method. */
    private static final class Table {
        private final Map<String, long[]> methods = new HashMap<>();
        private long samples;

        void add(String[] classNames, String[] methodNames, int depth, int sample) {
            samples++;
            for (int i = 0; i < depth; i++) {
                String method = classNames[i] + "#" + methodNames[i];
                long[] counts = methods.get(method);
                if (counts == null) {
                    if (methods.size() >= MAX_METHODS) {
                        continue;
                    }
                    counts = new long[3]; // self, total, the last sample counted in total
                    methods.put(method, counts);
                }
                if (i == 0) {
                    counts[0]++;
                }
                if (counts[2] != sample) { // a recursive method once per sample
                    counts[2] = sample;
                    counts[1]++;
                }
            }
        }

        HotMethods.Part part(int reported) {
            List<HotMethod> hot = new ArrayList<>();
            for (Map.Entry<String, long[]> entry : methods.entrySet()) {
                hot.add(new HotMethod(entry.getKey(), entry.getValue()[0], entry.getValue()[1]));
            }
            // the methods of most samples of their own, and those most often on the stack
            List<HotMethod> bySelf = new ArrayList<>(hot);
            bySelf.sort(HotMethod.BY_SELF_THEN_TOTAL);
            hot.sort(HotMethod.BY_TOTAL);
            java.util.Set<HotMethod> chosen =
                    new java.util.LinkedHashSet<>(bySelf.subList(0, Math.min(reported, bySelf.size())));
            chosen.addAll(hot.subList(0, Math.min(reported, hot.size())));
            List<HotMethod> shown = new ArrayList<>(chosen);
            shown.sort(HotMethod.BY_SELF_THEN_TOTAL);
            return new HotMethods.Part(samples, shown);
        }
    }
}
