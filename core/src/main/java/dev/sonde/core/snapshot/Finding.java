package dev.sonde.core.snapshot;

import java.util.Comparator;

/**
 * Something the probe found wrong, and where to look next: of a {@link #kind} ({@code repeated-statement},
 * {@code dominant-call}, {@code errors}, {@code slow-statement}), about a request name or the whole
 * program, aimed at a {@link #target} (a statement's text, a request name), with what it costs and one
 * sentence for a person to act on.
 */
public final class Finding {

    /** Most costly first; then by kind, request and target, so that the order never depends on the run. */
    public static final Comparator<Finding> BY_IMPACT = new Comparator<Finding>() {
        @Override
        public int compare(Finding a, Finding b) {
            int byImpact = Long.compare(b.impactNanos, a.impactNanos);
            if (byImpact != 0) {
                return byImpact;
            }
            int byKind = a.kind.compareTo(b.kind);
            if (byKind != 0) {
                return byKind;
            }
            int byRequest = String.valueOf(a.request).compareTo(String.valueOf(b.request));
            return byRequest != 0 ? byRequest : a.target.compareTo(b.target);
        }
    };

    private final String kind;
    private final String request;
    private final String target;
    private final String targetKind;
    private final long impactNanos;
    private final double share;
    private final String detail;

    /**
     * @param share the impact's share of the request's time (0 to 1), or negative when it has none
     */
    public Finding(
            String kind,
            String request,
            String target,
            String targetKind,
            long impactNanos,
            double share,
            String detail) {
        this.kind = kind;
        this.request = request;
        this.target = target;
        this.targetKind = targetKind;
        this.impactNanos = impactNanos;
        this.share = share;
        this.detail = detail;
    }

    /** {@code repeated-statement}, {@code dominant-call}, {@code errors} or {@code slow-statement}. */
    public String kind() {
        return kind;
    }

    /** The request name it is about, or null for the whole program. */
    public String request() {
        return request;
    }

    /** What it points at: a statement's text, or for {@code errors} the exception class or status most seen. */
    public String target() {
        return target;
    }

    /** What kind of thing {@link #target} is: {@code sql}, {@code redis}, {@code http}, {@code error}. */
    public String targetKind() {
        return targetKind;
    }

    /** The time it cost over the run, in nanoseconds. */
    public long impactNanos() {
        return impactNanos;
    }

    /** Its share of the request's time (for {@code errors}, the share of requests that failed), or negative. */
    public double share() {
        return share;
    }

    /** One sentence: what was seen and what to do next. */
    public String detail() {
        return detail;
    }
}
