package dev.sonde.core.library;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which request each thread served when: for each thread that opened a request, its last {@value
 * #PER_THREAD} requests, each as the time it started, the time its thread let it go ({@code
 * System.nanoTime()}) and its name, so that a stack sample read a second later can be given to the
 * request its thread was serving. Bounded: at most {@value #MAX_THREADS} threads are followed; a sample of
 * an older request than a thread's ring holds, or of another thread, belongs to no request.
 */
final class RequestTimeline {

    static final int PER_THREAD = 1024;
    static final int MAX_THREADS = 4096;

    private final ConcurrentHashMap<Long, Ring> threads = new ConcurrentHashMap<>();

    /**
     * The calling thread opens a request named {@code name} at {@code startNanos}: until it closes it, it
     * serves it. Returns the thread's ring, to {@link #close} the request in, or null past the threads' cap.
     */
    Ring open(long startNanos, String name) {
        Ring ring = ring(Thread.currentThread().getId());
        if (ring != null) {
            ring.open(startNanos, name);
        }
        return ring;
    }

    /** The thread of {@code ring} lets its open request go at {@code endNanos}, named {@code name} by then. */
    static void close(Ring ring, long endNanos, String name) {
        if (ring != null) {
            ring.close(endNanos, name);
        }
    }

    /** Whether thread {@code threadId} ever opened a request. */
    boolean serves(long threadId) {
        return threads.containsKey(threadId);
    }

    /** The name of the request thread {@code threadId} served at {@code nanos}, or null. */
    String at(long threadId, long nanos) {
        Ring ring = threads.get(threadId);
        return ring == null ? null : ring.at(nanos);
    }

    private Ring ring(long threadId) {
        Ring ring = threads.get(threadId);
        if (ring == null && threads.size() < MAX_THREADS) {
            ring = threads.computeIfAbsent(threadId, new java.util.function.Function<Long, Ring>() {
                @Override
                public Ring apply(Long id) {
                    return new Ring();
                }
            });
        }
        return ring;
    }

    /** One thread's requests, oldest overwritten first; the newest may still be open (its end Long.MAX_VALUE). */
    static final class Ring {
        private final long[] starts = new long[PER_THREAD];
        private final long[] ends = new long[PER_THREAD];
        private final String[] names = new String[PER_THREAD];
        /** Requests recorded so far; the newest at (count - 1) % PER_THREAD. */
        private long count;

        synchronized void open(long start, String name) {
            int at = (int) (count % PER_THREAD);
            starts[at] = start;
            ends[at] = Long.MAX_VALUE;
            names[at] = name;
            count++;
        }

        synchronized void close(long end, String name) {
            if (count == 0) {
                return;
            }
            int at = (int) ((count - 1) % PER_THREAD);
            if (ends[at] == Long.MAX_VALUE) {
                ends[at] = end;
                names[at] = name;
            }
        }

        /** The request open at {@code nanos}: the newest one that started before it, if it had not ended. */
        synchronized String at(long nanos) {
            long oldest = Math.max(0, count - PER_THREAD);
            long low = oldest;
            long high = count - 1;
            long found = -1;
            while (low <= high) { // the last request started at or before nanos: starts grow with count
                long middle = (low + high) >>> 1;
                if (starts[(int) (middle % PER_THREAD)] <= nanos) {
                    found = middle;
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            if (found < 0) {
                return null;
            }
            int at = (int) (found % PER_THREAD);
            return nanos <= ends[at] ? names[at] : null;
        }
    }
}
