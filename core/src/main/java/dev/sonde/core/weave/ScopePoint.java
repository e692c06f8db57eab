package dev.sonde.core.weave;

import dev.sonde.core.selector.MethodSelection;

/** Where a library's call is a scope: the methods, the kind of scope, and the code that gives its value. */
public final class ScopePoint {

    private final MethodSelection methods;
    private final int kind;
    private final ValueCode value;

    public ScopePoint(MethodSelection methods, int kind, ValueCode value) {
        this.methods = methods;
        this.kind = kind;
        this.value = value;
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
