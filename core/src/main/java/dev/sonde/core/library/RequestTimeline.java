package dev.sonde.core.library;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which request each thread served when: for each thread that opened a request, its last {@value
 * #PER_THREAD} requests, each as the time it started, the time its thread let it go ({@code
 * System.nanoTime()}) and its name, so that a stack sample read a second later can be given to the
 * request its thread was serving. A thread's ring starts small and grows as it serves (a virtual thread
 * serves one request); the rings of threads that ended are dropped some seconds later, once the map is
 * full. Bounded: at most {@value #MAX_THREADS} threads are followed at once; a sample of an older request
 * than a thread's ring holds, or of another thread, belongs to no request.
 */
final class RequestTimeline {

    static final int PER_THREAD = 1024;
    static final int MAX_THREADS = 4096;
    /** A ring's first size. */
    static final int FIRST_SIZE = 8;
    /** How long the ring of a thread that ended is kept for samples still to come, at least. */
    static final long KEPT_AFTER_END_NANOS = 5_000_000_000L;

    private final ConcurrentHashMap<Long, Ring> threads = new ConcurrentHashMap<>();
    /** When the map was last swept of ended threads' rings; guarded by this. */
    private long sweptAt = System.nanoTime() - KEPT_AFTER_END_NANOS;

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
        if (ring != null) {
            return ring;
        }
        if (threads.size() >= MAX_THREADS && !sweep()) {
            return null;
        }
        final Thread current = Thread.currentThread();
        return threads.computeIfAbsent(threadId, new java.util.function.Function<Long, Ring>() {
            @Override
            public Ring apply(Long id) {
                return new Ring(current);
            }
        });
    }

    /** Drops the rings of threads that ended a while ago, at most once a second; whether there is room now. */
    private synchronized boolean sweep() {
        long now = System.nanoTime();
        if (now - sweptAt >= 1_000_000_000L) {
            sweptAt = now;
            for (java.util.Iterator<Ring> rings = threads.values().iterator(); rings.hasNext(); ) {
                Ring ring = rings.next();
                if (ring.endedBefore(now - KEPT_AFTER_END_NANOS)) {
                    rings.remove();
                }
            }
        }
        return threads.size() < MAX_THREADS;
    }

    /** One thread's requests, oldest overwritten first; the newest may still be open (its end Long.MAX_VALUE). */
    static final class Ring {
        private final java.lang.ref.WeakReference<Thread> thread;
        private long[] starts = new long[FIRST_SIZE];
        private long[] ends = new long[FIRST_SIZE];
        private String[] names = new String[FIRST_SIZE];
        /** Requests recorded so far; the newest at (count - 1) % size, all of them while count <= size. */
        private long count;
        /** When its last request was let go. */
        private long lastEnd = System.nanoTime();

        Ring(Thread thread) {
            this.thread = new java.lang.ref.WeakReference<>(thread);
        }

        synchronized boolean endedBefore(long nanos) {
            Thread owner = thread.get();
            return (owner == null || !owner.isAlive()) && lastEnd < nanos;
        }

        synchronized void open(long start, String name) {
            int size = starts.length;
            if (count == size && size < PER_THREAD) {
                // full before it ever wrapped: its entries are in order from 0
                starts = java.util.Arrays.copyOf(starts, size * 2);
                ends = java.util.Arrays.copyOf(ends, size * 2);
                names = java.util.Arrays.copyOf(names, size * 2);
            }
            int at = (int) (count % starts.length);
            starts[at] = start;
            ends[at] = Long.MAX_VALUE;
            names[at] = name;
            count++;
        }

        synchronized void close(long end, String name) {
            if (count == 0) {
                return;
            }
            int at = (int) ((count - 1) % starts.length);
            if (ends[at] == Long.MAX_VALUE) {
                ends[at] = end;
                names[at] = name;
            }
            lastEnd = end;
        }

        /** The request open at {@code nanos}: the newest one that started before it, if it had not ended. */
        synchronized String at(long nanos) {
            int size = starts.length;
            long oldest = Math.max(0, count - size);
            long low = oldest;
            long high = count - 1;
            long found = -1;
            while (low <= high) { // the last request started at or before nanos: starts grow with count
                long middle = (low + high) >>> 1;
                if (starts[(int) (middle % size)] <= nanos) {
                    found = middle;
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            if (found < 0) {
                return null;
            }
            int at = (int) (found % size);
            return nanos <= ends[at] ? names[at] : null;
        }
    }
}
