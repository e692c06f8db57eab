package dev.sonde.core.weave;

import dev.sonde.core.selector.MethodSelection;

/** Where a library's call is a scope: the methods, the kind of scope, and the code that gives its value. */
public final class ScopePoint {

    private final MethodSelection methods;
    private final int kind;
    private final ValueCode value;
    private final boolean passResult;
    private final boolean publicOnly;

    public ScopePoint(MethodSelection methods, int kind, ValueCode value) {
        this(methods, kind, value, false);
    }

    /**
     * With {@code passResult}, a method that returns an object ends its scope with what it returns as the
     * outcome (the statement a connection prepared, say) rather than with null.
     */
    public ScopePoint(MethodSelection methods, int kind, ValueCode value, boolean passResult) {
        this(methods, kind, value, passResult, false);
    }

    private ScopePoint(MethodSelection methods, int kind, ValueCode value, boolean passResult, boolean publicOnly) {
        this(methods, kind, value, passResult, publicOnly, -1);
    }

    private ScopePoint(
            MethodSelection methods, int kind, ValueCode value, boolean passResult, boolean publicOnly, int handsOn) {
        this.methods = methods;
        this.kind = kind;
        this.value = value;
        this.passResult = passResult;
        this.publicOnly = publicOnly;
        this.handsOn = handsOn;
    }

    private final int handsOn;

    /**
     * A scope whose value is the method's argument {@code index} (an object), and whose listener, a {@code
     * ScopeListener.HandsOn}, may give the method something else to go on with in its place, as the scope
     * starts (a thread pool's task, wrapped with the request that handed it on).
     */
    public static ScopePoint handingOn(MethodSelection methods, int kind, int index) {
        return new ScopePoint(methods, kind, ValueCode.argument(index), false, false, index);
    }

    /** The argument the listener may replace, or -1. */
    public int handsOn() {
        return handsOn;
    }

    /**
     * The public ones only of the methods {@code methods} selects: a client's API, whose own helpers are not
     * calls of their own ({@code redis.clients.jedis.Jedis#*(..)}).
     */
    public static ScopePoint publicMethods(MethodSelection methods, int kind, ValueCode value) {
        return new ScopePoint(methods, kind, value, false, true);
    }

    /** Whether only the public methods of those selected get the scope. */
    public boolean publicOnly() {
        return publicOnly;
    }

    /** Whether a normal end passes the returned object as the outcome. */
    public boolean passResult() {
        return passResult;
    }

    public MethodSelection methods() {
        return methods;
    }

    /** The id the recorder handed out for the kind ({@code Recorder.kind}). */
    public int kind() {
        return kind;
    }

    public ValueCode value() {
        return value;
    }
}
