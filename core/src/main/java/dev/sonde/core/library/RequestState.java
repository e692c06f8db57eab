package dev.sonde.core.library;

import dev.sonde.core.record.MethodObserver;
import dev.sonde.core.snapshot.CallSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request in progress: the context its thread carries (the recorder hands it to every scope that
 * runs inside the request), where the calls it makes (SQL statements, Redis commands, outgoing HTTP calls)
 * are added up by kind, and listed as its tree: each call with its offset from the request's start, a
 * call identical to the one before it folded into it, the timed methods the request ran (the thread's
 * context tells it of them) as nodes whose children are the calls made inside them. At most {@value
 * #MAX_NODES} nodes; calls past that are folded into one last node, methods past it are left out.
 */
final class RequestState implements MethodObserver {

    /** What a request names its timed methods by. */
    interface MethodNames {
        /** {@code pkg.Class#method} of a method id. */
        String name(int method);
    }

    static final int MAX_NODES = 1_000;

    /** The kinds of call a request's figures add up, by index. */
    static final int SQL = 0;

    static final int REDIS = 1;
    static final int HTTP = 2;

    /** Their names, as the reports give them. */
    static final String[] KINDS = {"sql", "redis", "http"};

    /** {@code METHOD route}: as the request started, or the framework's route once the request knows it. */
    volatile String name;

    /**
     * The route a framework chose for the request as it handled it, relative to the servlet that runs the
     * framework ({@code /owners/{ownerId}}, a JAX-RS resource method's); null until one does.
     */
    private volatile String chosenRoute;

    private final MethodNames names;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    /** The response's status, for a unit that learns it before the request ends (0: not known). */
    volatile int status;

    /** Its opening thread's CPU time and allocated bytes as it started, -1 when not read. Read and written on that thread. */
    private long cpuAtStart = -1;

    private long allocatedAtStart = -1;
    /** What its opening thread spent on it, from its start until that thread let it go; -1 when not measured. */
    volatile long cpuNanos = -1;

    volatile long allocatedBytes = -1;
    /** Its opening thread's ring of requests, when samples are taken, to close it in; null otherwise. */
    RequestTimeline.Ring timeline;

    private final long[] counts = new long[KINDS.length];
    private final long[] nanos = new long[KINDS.length];
    private final List<Node> calls = new ArrayList<>();
    /** Asynchronous calls started in this request and not yet ended, at most {@value #MAX_PENDING}. */
    private final List<Pending> pending = new ArrayList<>();

    static final int MAX_PENDING = 1_000;

    /** An asynchronous call of the request, which may end after the request's own thread returns. */
    interface Pending {
        /**
         * Records the call if it has ended, as ending by {@code end} at the latest (the request's end); a
         * call recorded once is never recorded again.
         */
        void settle(long end);
    }

    /** Timed methods that ran inside the request, outermost only, and their time: the request's time in them. */
    private long methodCount;

    private long methodNanos;
    /** Nodes made so far, children included. */
    private int nodes;
    /** The timed methods open on each thread of the request, innermost last. */
    private final Map<Thread, ArrayDeque<Node>> open = new HashMap<>();

    RequestState(String name) {
        this(name, null);
    }

    RequestState(String name, MethodNames names) {
        this(name, names, null);
    }

    /** Notes the calling thread's CPU time and allocations: the request starts on it. */
    void startThreadTimes(ThreadClock clock) {
        cpuAtStart = clock.cpuNanos();
        allocatedAtStart = clock.allocatedBytes();
    }

    /**
     * The thread that started the request lets it go (it returned from the server's call: the request ended,
     * or goes on elsewhere): what it spent since {@link #startThreadTimes}, on the same thread.
     */
    void stopThreadTimes(ThreadClock clock) {
        if (cpuAtStart >= 0) {
            long now = clock.cpuNanos();
            cpuNanos = now >= cpuAtStart ? now - cpuAtStart : -1;
        }
        if (allocatedAtStart >= 0) {
            long now = clock.allocatedBytes();
            allocatedBytes = now >= allocatedAtStart ? now - allocatedAtStart : -1;
        }
    }

    /** A request that a scope with the value {@code opener} started (see {@link #opener}). */
    RequestState(String name, MethodNames names, Object opener) {
        this.name = name;
        this.names = names;
        this.opener = opener;
    }

    /**
     * The value of the scope that started this request, or null: the scope that ends with the same value
     * ends the request; another scope that ran in it (an asynchronous request's dispatch back into the
     * server) does not.
     */
    final Object opener;

    /** A framework chose {@code route} for the request: the first one chosen is kept (the outermost handler's). */
    void chooseRoute(String route) {
        if (chosenRoute == null) {
            chosenRoute = route;
        }
    }

    /** The route a framework chose, or null. */
    String chosenRoute() {
        return chosenRoute;
    }

    /**
     * Where a statement is counted program-wide: told, for each request it ran in, the request's name once
     * that is final, how many times it ran there and how long that took in all.
     */
    interface Row {
        /**
         * It ran {@code count} times in a request named {@code requestName}, for {@code nanos} in all; a count
         * of 0 only names a request it ran in after that request ended (work handed on that outlived it).
         */
        void ranUnder(String requestName, long count, long nanos);
    }

    /** The rows of the statements this request ran, each once, until it ends; with counts and times. Guarded by this. */
    private Row[] rows = new Row[4];

    private long[] rowCounts = new long[4];
    private long[] rowNanos = new long[4];
    private int rowCount;
    private boolean ended;

    /**
     * Counts a statement of {@code row} that ran in this request for {@code nanos}, to tell the row as the
     * request ends (a framework's route may name it only then); false when it has ended already: the row
     * is then told the name itself.
     */
    synchronized boolean ranStatementOf(Row row, long nanos) {
        if (ended) {
            return false;
        }
        for (int i = 0; i < rowCount; i++) {
            if (rows[i] == row) {
                rowCounts[i]++;
                rowNanos[i] += nanos;
                return true;
            }
        }
        if (rowCount == rows.length) {
            rows = java.util.Arrays.copyOf(rows, rowCount * 2);
            rowCounts = java.util.Arrays.copyOf(rowCounts, rowCount * 2);
            rowNanos = java.util.Arrays.copyOf(rowNanos, rowCount * 2);
        }
        rows[rowCount] = row;
        rowCounts[rowCount] = 1;
        rowNanos[rowCount] = nanos;
        rowCount++;
        return true;
    }

    /** The request ends: the rows of the statements it ran are told its final name, their counts and times. */
    void end() {
        Row[] ran;
        long[] counts;
        long[] nanos;
        synchronized (this) {
            ended = true;
            ran = java.util.Arrays.copyOf(rows, rowCount);
            counts = java.util.Arrays.copyOf(rowCounts, rowCount);
            nanos = java.util.Arrays.copyOf(rowNanos, rowCount);
            rows = new Row[0];
            rowCounts = new long[0];
            rowNanos = new long[0];
            rowCount = 0;
        }
        // outside this request's lock: each row takes its own
        for (int i = 0; i < ran.length; i++) {
            ran[i].ranUnder(name, counts[i], nanos[i]);
        }
    }

    /** A call of this request, of {@code kind} ({@link #SQL}, …) and {@code text}, ended just now after {@code nanos}. */
    void call(int kind, String text, long nanos) {
        call(kind, text, System.nanoTime() - nanos, nanos);
    }

    /** A call of this request that started at {@code start} ({@code System.nanoTime()}) and took {@code nanos}. */
    synchronized void call(int kind, String text, long start, long nanos) {
        counts[kind]++;
        this.nanos[kind] += nanos;
        long offset = Math.max(0, start - startNanos);
        String kindName = KINDS[kind];
        List<Node> siblings = siblings(Thread.currentThread());
        Node last = siblings.isEmpty() ? null : siblings.get(siblings.size() - 1);
        if (last != null && nodes < MAX_NODES && last.kind.equals(kindName) && last.name.equals(text)) {
            last.count++;
            last.totalNanos += nanos;
        } else if (nodes < MAX_NODES - 1) {
            siblings.add(new Node(kindName, text, offset, nanos));
            nodes++;
        } else if (nodes == MAX_NODES - 1) {
            calls.add(new Node(kindName, "(further calls, past " + (MAX_NODES - 1) + " nodes)", offset, nanos));
            nodes++;
        } else {
            Node further = calls.get(calls.size() - 1); // the node of the further calls
            further.count++;
            further.totalNanos += nanos;
        }
    }

    /** Where a call made now on {@code thread} goes: into its innermost open method, else the request's own list. */
    private List<Node> siblings(Thread thread) {
        ArrayDeque<Node> stack = open.isEmpty() ? null : open.get(thread);
        Node method = stack == null ? null : stack.peekLast();
        return method != null ? method.children() : calls;
    }

    @Override
    public synchronized void methodEntered(int method) {
        Thread thread = Thread.currentThread();
        ArrayDeque<Node> stack = open.get(thread);
        if (stack == null) {
            stack = new ArrayDeque<>();
            open.put(thread, stack);
        }
        long offset = Math.max(0, System.nanoTime() - startNanos);
        Node node = new Node("method", null, offset, 0);
        node.method = method;
        stack.addLast(node);
    }

    @Override
    public synchronized void methodExited(int method, long nanos, boolean failed) {
        Thread thread = Thread.currentThread();
        ArrayDeque<Node> stack = open.get(thread);
        Node node = stack == null ? null : stack.peekLast();
        if (node == null || node.method != method) {
            return; // it started before the request, or its start was not seen
        }
        stack.removeLast();
        node.totalNanos = nanos;
        if (stack.isEmpty()) {
            open.remove(thread);
            methodCount++;
            methodNanos += nanos;
        }
        List<Node> siblings = siblings(thread);
        Node last = siblings.isEmpty() ? null : siblings.get(siblings.size() - 1);
        if (last != null && last.method == method) {
            last.count++;
            last.totalNanos += nanos;
            for (Node child : node.children()) {
                last.adopt(child);
            }
        } else if (nodes < MAX_NODES - 1) {
            siblings.add(node); // its calls were counted as they were made
            nodes++;
        }
    }

    /** Timed methods run inside the request, counting the outermost only. */
    synchronized long methodCount() {
        return methodCount;
    }

    /** Their time, in all. */
    synchronized long methodNanos() {
        return methodNanos;
    }

    /** An asynchronous call started in this request: {@link #settle} records it if it ended by then. */
    synchronized void pending(Pending call) {
        if (pending.size() < MAX_PENDING) {
            pending.add(call);
        }
    }

    /**
     * As the request ends, at {@code end}: its asynchronous calls that have ended, whose completion the
     * program may have seen before the probe did (a future's later stages run first), are recorded in it
     * now, as ending by then.
     */
    void settle(long end) {
        List<Pending> started;
        synchronized (this) {
            started = new ArrayList<>(pending);
            pending.clear();
        }
        for (Pending call : started) {
            call.settle(end);
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
        return snapshots(calls);
    }

    private List<CallSnapshot> snapshots(List<Node> level) {
        List<CallSnapshot> tree = new ArrayList<>(level.size());
        for (Node node : level) {
            String shown =
                    node.method < 0 ? node.name : names == null ? "method " + node.method : names.name(node.method);
            tree.add(new CallSnapshot(
                    node.kind,
                    shown,
                    node.count,
                    node.offsetNanos,
                    node.totalNanos,
                    node.children == null ? List.of() : snapshots(node.children)));
        }
        return tree;
    }

    /** How many nodes a tree's calls hold, children included. */
    static int size(List<CallSnapshot> calls) {
        int size = calls.size();
        for (CallSnapshot call : calls) {
            size += size(call.children());
        }
        return size;
    }

    private static final class Node {
        final String kind;
        final String name;
        final long offsetNanos;
        long count = 1;
        long totalNanos;
        /** The timed method's id, -1 for a library's call. */
        int method = -1;

        List<Node> children;

        Node(String kind, String name, long offsetNanos, long totalNanos) {
            this.kind = kind;
            this.name = name;
            this.offsetNanos = offsetNanos;
            this.totalNanos = totalNanos;
        }

        List<Node> children() {
            if (children == null) {
                children = new ArrayList<>();
            }
            return children;
        }

        /** A child of an identical sibling folded into this one: folded into its last child when the same. */
        void adopt(Node child) {
            List<Node> mine = children();
            Node last = mine.isEmpty() ? null : mine.get(mine.size() - 1);
            if (last != null
                    && last.kind.equals(child.kind)
                    && last.method == child.method
                    && (child.method >= 0 || last.name.equals(child.name))) {
                last.count += child.count;
                last.totalNanos += child.totalNanos;
                if (child.children != null) {
                    for (Node grandchild : child.children) {
                        last.adopt(grandchild);
                    }
                }
            } else {
                mine.add(child);
            }
        }
    }
}
