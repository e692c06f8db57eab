package dev.sonde.core.weave;

import dev.sonde.core.selector.MethodSelection;

/** Where a library's call is a scope: the methods, the kind of scope, and the code that gives its value. */
public final class ScopePoint {

    private final MethodSelection methods;
    private final int kind;
    private final ValueCode value;
    private final boolean passResult;

    public ScopePoint(MethodSelection methods, int kind, ValueCode value) {
        this(methods, kind, value, false);
    }

    /**
     * With {@code passResult}, a method that returns an object ends its scope with what it returns as the
     * outcome (the statement a connection prepared, say) rather than with null.
     */
    public ScopePoint(MethodSelection methods, int kind, ValueCode value, boolean passResult) {
        this.methods = methods;
        this.kind = kind;
        this.value = value;
        this.passResult = passResult;
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
