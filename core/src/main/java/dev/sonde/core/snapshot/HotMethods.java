package dev.sonde.core.snapshot;

import java.util.List;
import java.util.Map;

/**
 * The program's stack samples, taken with no selector: on the threads that serve requests, on the other
 * threads, and per request name; each with its methods of most samples.
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

    public HotMethods(
            long periodNanos, Part requestThreads, Part otherThreads, long unplaced, Map<String, Part> byRequest) {
        this.periodNanos = periodNanos;
        this.requestThreads = requestThreads;
        this.otherThreads = otherThreads;
        this.unplaced = unplaced;
        this.byRequest = Map.copyOf(byRequest);
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

    /** The samples taken inside each request name's requests. */
    public Map<String, Part> byRequest() {
        return byRequest;
    }
}
