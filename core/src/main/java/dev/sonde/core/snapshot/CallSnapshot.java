package dev.sonde.core.snapshot;

import java.util.List;

/**
 * One node of a kept request's tree: a library call (a SQL statement) the request made, or a run of
 * identical ones one after the other folded into one node with their count — so that forty runs of the
 * same statement, an N+1, read as one line ×40.
 */
public final class CallSnapshot {

    private final String kind;
    private final String name;
    private final long count;
    private final long offsetNanos;
    private final long totalNanos;
    private final List<CallSnapshot> children;

    public CallSnapshot(
            String kind, String name, long count, long offsetNanos, long totalNanos, List<CallSnapshot> children) {
        this.kind = kind;
        this.name = name;
        this.count = count;
        this.offsetNanos = offsetNanos;
        this.totalNanos = totalNanos;
        this.children = List.copyOf(children);
    }

    /** {@code sql} for now; {@code redis}, {@code http} and {@code method} as those are recorded in trees. */
    public String kind() {
        return kind;
    }

    /** The statement's normalized text. */
    public String name() {
        return name;
    }

    /** How many identical calls, one after the other, this node stands for. */
    public long count() {
        return count;
    }

    /** When the first of them started, from the request's start. */
    public long offsetNanos() {
        return offsetNanos;
    }

    /** Their time, in all. */
    public long totalNanos() {
        return totalNanos;
    }

    /** The calls made inside this one: none for a statement. */
    public List<CallSnapshot> children() {
        return children;
    }
}
