package dev.sonde.core.library;

import dev.sonde.core.snapshot.CallSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * One request in progress: the context its thread carries (the recorder hands it to every scope that
 * runs inside the request), where the calls it makes (SQL statements, Redis commands, outgoing HTTP calls)
 * are added up by kind, and listed as its tree: each call
 * with its offset from the request's start, a call identical to the one before it folded into it. At
 * most {@value #MAX_NODES} nodes; calls past that are folded into one last node.
 */
final class RequestState {

    static final int MAX_NODES = 1_000;

    /** The kinds of call a request's figures add up, by index. */
    static final int SQL = 0;

    static final int REDIS = 1;
    static final int HTTP = 2;

    /** Their names, as the reports give them. */
    static final String[] KINDS = {"sql", "redis", "http"};

    final String name;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    private final long[] counts = new long[KINDS.length];
    private final long[] nanos = new long[KINDS.length];
    private final List<Node> calls = new ArrayList<>();
    /** Asynchronous calls started in this request and not yet ended, at most {@value #MAX_PENDING}. */
    private final List<Pending> pending = new ArrayList<>();

    static final int MAX_PENDING = 1_000;

    /** An asynchronous call of the request, which may end after the request's own thread returns. */
    interface Pending {
        /** Records the call now if it has ended; a call recorded once is never recorded again. */
        void settle();
    }

    RequestState(String name) {
        this.name = name;
    }

    /** A call of this request, of {@code kind} ({@link #SQL}, …) and {@code text}, ended just now after {@code nanos}. */
    synchronized void call(int kind, String text, long nanos) {
        counts[kind]++;
        this.nanos[kind] += nanos;
        long offset = Math.max(0, System.nanoTime() - nanos - startNanos);
        String kindName = KINDS[kind];
        Node last = calls.isEmpty() ? null : calls.get(calls.size() - 1);
        if (last != null && calls.size() < MAX_NODES && last.kind.equals(kindName) && last.name.equals(text)) {
            last.count++;
            last.totalNanos += nanos;
        } else if (calls.size() < MAX_NODES - 1) {
            calls.add(new Node(kindName, text, offset, nanos));
        } else if (calls.size() == MAX_NODES - 1) {
            calls.add(new Node(kindName, "(further calls, past " + (MAX_NODES - 1) + " nodes)", offset, nanos));
        } else {
            last.count++; // the node of the further calls
            last.totalNanos += nanos;
        }
    }

    /** An asynchronous call started in this request: {@link #settle} records it if it ended by then. */
    synchronized void pending(Pending call) {
        if (pending.size() < MAX_PENDING) {
            pending.add(call);
        }
    }

    /**
     * As the request ends: its asynchronous calls that have ended, whose completion the program may have
     * seen before the probe did (a future's later stages run first), are recorded in it now.
     */
    void settle() {
        List<Pending> started;
        synchronized (this) {
            started = new ArrayList<>(pending);
            pending.clear();
        }
        for (Pending call : started) {
            call.settle();
        }
    }

    /** How many calls of {@code kind} this request made so far. */
    synchronized long count(int kind) {
        return counts[kind];
    }

    /** Their time, in all. */
    synchronized long nanos(int kind) {
        return nanos[kind];
    }

    synchronized List<CallSnapshot> calls() {
        List<CallSnapshot> tree = new ArrayList<>(calls.size());
        for (Node node : calls) {
            tree.add(new CallSnapshot(node.kind, node.name, node.count, node.offsetNanos, node.totalNanos, List.of()));
        }
        return tree;
    }

    private static final class Node {
        final String kind;
        final String name;
        final long offsetNanos;
        long count = 1;
        long totalNanos;

        Node(String kind, String name, long offsetNanos, long totalNanos) {
            this.kind = kind;
            this.name = name;
            this.offsetNanos = offsetNanos;
            this.totalNanos = totalNanos;
        }
    }
}
