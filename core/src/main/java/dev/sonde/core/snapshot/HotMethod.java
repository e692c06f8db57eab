package dev.sonde.core.snapshot;

import java.util.Comparator;

/** A method in stack samples: {@code pkg.Class#method}, in how many it ran itself and in how many it was on the stack. */
public final class HotMethod {

    /** Most samples of its own first, then most on the stack, then by name. */
    public static final Comparator<HotMethod> BY_SELF_THEN_TOTAL = new Comparator<HotMethod>() {
        @Override
        public int compare(HotMethod a, HotMethod b) {
            int bySelf = Long.compare(b.selfSamples, a.selfSamples);
            if (bySelf != 0) {
                return bySelf;
            }
            int byTotal = Long.compare(b.totalSamples, a.totalSamples);
            return byTotal != 0 ? byTotal : a.method.compareTo(b.method);
        }
    };

    /** Most samples on the stack first, then by name. */
    public static final Comparator<HotMethod> BY_TOTAL = new Comparator<HotMethod>() {
        @Override
        public int compare(HotMethod a, HotMethod b) {
            int byTotal = Long.compare(b.totalSamples, a.totalSamples);
            return byTotal != 0 ? byTotal : a.method.compareTo(b.method);
        }
    };

    private final String method;
    private final long selfSamples;
    private final long totalSamples;

    public HotMethod(String method, long selfSamples, long totalSamples) {
        this.method = method;
        this.selfSamples = selfSamples;
        this.totalSamples = totalSamples;
    }

    /** {@code pkg.Class#method} (overloads together; a nested class with its {@code $}). */
    public String method() {
        return method;
    }

    /** Samples with it the innermost frame: it was running its own code. */
    public long selfSamples() {
        return selfSamples;
    }

    /** Samples with it anywhere on the stack (once per sample, however deep it recursed). */
    public long totalSamples() {
        return totalSamples;
    }
}
