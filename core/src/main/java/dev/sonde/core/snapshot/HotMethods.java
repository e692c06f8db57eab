package dev.sonde.core.snapshot;

import java.util.List;
import java.util.Map;

/**
 * What JFR saw of the program, with no selector: its stack samples, on the threads that serve requests, on
 * the other threads, and per request name, each with its methods of most samples; and how long each
 * request name's requests were held up, blocked on locks or waiting.
 */
public final class HotMethods {

    /** One part of the samples: how many, and its hottest methods. */
    public static final class Part {
        private final long samples;
        private final List<HotMethod> methods;

        public Part(long samples, List<HotMethod> methods) {
            this.samples = samples;
            this.methods = List.copyOf(methods);
        }

        public long samples() {
            return samples;
        }

        /** The hottest, most samples of their own first. */
        public List<HotMethod> methods() {
            return methods;
        }
    }

    private final long periodNanos;
    private final Part requestThreads;
    private final Part otherThreads;
    private final long unplaced;
    private final Map<String, Part> byRequest;
    private final Map<String, HeldUp> heldUp;

    public HotMethods(
            long periodNanos, Part requestThreads, Part otherThreads, long unplaced, Map<String, Part> byRequest) {
        this(periodNanos, requestThreads, otherThreads, unplaced, byRequest, Map.of());
    }

    public HotMethods(
            long periodNanos,
            Part requestThreads,
            Part otherThreads,
            long unplaced,
            Map<String, Part> byRequest,
            Map<String, HeldUp> heldUp) {
        this.periodNanos = periodNanos;
        this.requestThreads = requestThreads;
        this.otherThreads = otherThreads;
        this.unplaced = unplaced;
        this.byRequest = Map.copyOf(byRequest);
        this.heldUp = Map.copyOf(heldUp);
    }

    /** What one sample stands for: the sampling period. */
    public long periodNanos() {
        return periodNanos;
    }

    /** Samples of the threads that served requests, whether or not inside one then. */
    public Part requestThreads() {
        return requestThreads;
    }

    /** Samples of every other thread (the program's own workers, its timers, the JDK's). */
    public Part otherThreads() {
        return otherThreads;
    }

    /** Samples of request threads that fell in no request (between requests, or older than the threads' rings). */
    public long unplaced() {
        return unplaced;
    }

    /** How long each request name's requests were held up, blocked or waiting, as JFR saw it. */
    public Map<String, HeldUp> heldUp() {
        return heldUp;
    }

    /** The samples taken inside each request name's requests. */
    public Map<String, Part> byRequest() {
        return byRequest;
    }
}
