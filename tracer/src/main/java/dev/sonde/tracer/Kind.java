package dev.sonde.tracer;

/** What a value on the operand stack or in a local variable is, as far as recording it goes. */
public enum Kind {
    INT, LONG, FLOAT, DOUBLE, REFERENCE,
    /** An object after {@code new} and before its constructor ran, or {@code this} before {@code super(…)}: never read. */
    UNINITIALIZED
}
