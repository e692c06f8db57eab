package dev.sonde.tracer;

import org.objectweb.asm.Type;

/** What a value on the operand stack or in a local variable is, as far as recording it goes. */
public enum Kind {
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    REFERENCE,
    /** An object after {@code new} and before its constructor ran, or {@code this} before {@code super(…)}: never read. */
    UNINITIALIZED;

    /** The kind of a value of a declared type (boolean, byte, char and short are ints on the JVM's stack). */
    static Kind of(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
                return LONG;
            case Type.FLOAT:
                return FLOAT;
            case Type.DOUBLE:
                return DOUBLE;
            case Type.OBJECT:
            case Type.ARRAY:
                return REFERENCE;
            default:
                return INT;
        }
    }
}
